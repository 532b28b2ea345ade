//! Reasons a person can check for a ranked developer: the files they know among those the task
//! is about (with DOA), how often their own commit subjects used the task's words (the words
//! that weigh most in their subject score first, so a rare word they use beats one everybody
//! uses), and when they were last active.

use super::model::Model;
use super::rank::{Scored, RECENT_DAYS};
use crate::insights::render::count;

/// Up to five reasons for `s`, most telling first. `path(key)` names a file; `term(id)` a term.
pub fn reasons(
    model: &Model,
    s: &Scored,
    q: &[u32],
    now: i64,
    path: &dyn Fn(u32) -> String,
    term: &dyn Fn(u32) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    for (key, _, st) in s.evidence.iter().take(2) {
        out.push(on_file(&path(*key), st));
    }
    let doc = s.dev as u32;
    let mut words: Vec<(u32, u32, f64)> = Vec::new();
    for &t in q {
        let tf = model.subjects.tf(doc, t);
        if tf > 0 && !words.iter().any(|w| w.0 == t) {
            words.push((t, tf, model.subjects.weight(doc, t)));
        }
    }
    words.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    for (t, n, _) in words.iter().take(2) {
        out.push(format!(
            "{} with '{}'",
            count(*n, "commit subject"),
            term(*t)
        ));
    }
    if let Some(a) = model.activity.get(s.dev) {
        if let Some(last) = a.last {
            out.push(active_ago(now, last));
        }
        let r = a.recent(now, RECENT_DAYS);
        if r > 0 {
            out.push(format!(
                "{} in the last {RECENT_DAYS} days",
                count(r, "commit")
            ));
        }
    }
    out
}

/// "active today", "active 1 day ago", "active 12 days ago" (whole days from `last` to `now`).
pub fn active_ago(now: i64, last: i64) -> String {
    format!("active {}", ago(now, last))
}

/// "today", "1 day ago", "12 days ago" (whole days from `last` to `now`).
pub fn ago(now: i64, last: i64) -> String {
    match (now - last).max(0) / 86_400 {
        0 => "today".to_string(),
        1 => "1 day ago".to_string(),
        d => format!("{d} days ago"),
    }
}

/// "author of PATH (DOA 4.9)" or "changed PATH 3 times (DOA 2.5)".
pub fn on_file(path: &str, st: &super::knowledge::Standing) -> String {
    if st.author {
        format!("author of {path} (DOA {:.1})", st.doa)
    } else {
        format!(
            "changed {path} {} (DOA {:.1})",
            count(st.changes, "time"),
            st.doa
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_in_whole_days() {
        let day = 86_400;
        assert_eq!(active_ago(10 * day, 10 * day - 5), "active today");
        assert_eq!(active_ago(10 * day, 9 * day - 5), "active 1 day ago");
        assert_eq!(active_ago(10 * day, 7 * day), "active 3 days ago");
        assert_eq!(
            active_ago(0, day),
            "active today",
            "a clock ahead is not the future"
        );
    }

    /// Ten developers write "fix" in their subjects; developer 0 wrote it 9 times and "lexer"
    /// twice. For the task "fix the lexer" the rare word is the better reason.
    #[test]
    fn the_word_that_weighs_most_comes_first() {
        let mut m = Model::new(10);
        let (fix, lexer) = (m.vocab.intern("fix"), m.vocab.intern("lexer"));
        m.subjects.add(0, fix, 9);
        m.subjects.add(0, lexer, 2);
        for d in 1..10 {
            m.subjects.add(d, fix, 3);
        }
        let s = Scored {
            dev: 0,
            score: 1.0,
            fit: 1.0,
            files: 0.0,
            subjects: 1.0,
            recent: 0.0,
            latest: 0.0,
            inactivity: 1.0,
            evidence: Vec::new(),
        };
        let names = |t: u32| if t == fix { "fix" } else { "lexer" }.to_string();
        let r = reasons(&m, &s, &[fix, lexer], 0, &|_| String::new(), &names);
        assert_eq!(
            r,
            [
                "2 commit subjects with 'lexer'",
                "9 commit subjects with 'fix'"
            ]
        );
    }
}
