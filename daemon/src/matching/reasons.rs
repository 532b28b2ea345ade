//! Reasons a person can check for a ranked developer: the files they know among those the task
//! is about (with DOA), how often their own commit subjects used the task's words, and when
//! they were last active.

use super::model::Model;
use super::rank::{Scored, RECENT_DAYS};

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
    let mut words: Vec<(u32, u32)> = Vec::new();
    for &t in q {
        let tf = model.subjects.tf(s.dev as u32, t);
        if tf > 0 && !words.iter().any(|w| w.0 == t) {
            words.push((t, tf));
        }
    }
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (t, n) in words.iter().take(2) {
        out.push(format!(
            "{n} commit subject{} with '{}'",
            plural(*n),
            term(*t)
        ));
    }
    if let Some(a) = model.activity.get(s.dev) {
        if let Some(last) = a.last {
            let days = (now - last).max(0) / 86_400;
            out.push(match days {
                0 => "active today".to_string(),
                1 => "active 1 day ago".to_string(),
                d => format!("active {d} days ago"),
            });
        }
        let r = a.recent(now, RECENT_DAYS);
        if r > 0 {
            out.push(format!(
                "{r} commit{} in the last {RECENT_DAYS} days",
                plural(r)
            ));
        }
    }
    out
}

/// "author of PATH (DOA 4.9)" or "changed PATH 3 times (DOA 2.5)".
pub fn on_file(path: &str, st: &super::knowledge::Standing) -> String {
    if st.author {
        format!("author of {path} (DOA {:.1})", st.doa)
    } else {
        format!(
            "changed {path} {} time{} (DOA {:.1})",
            st.changes,
            plural(st.changes),
            st.doa
        )
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
