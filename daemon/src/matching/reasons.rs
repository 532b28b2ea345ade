//! Reasons a person can check for a ranked developer: the files they know among those the task
//! is about (with DOA), how often their own commit subjects used the task's words (the words
//! uses), and when they were last active — by the clock, or "before the as-of date" when an
//! older revision is what the answer is measured against.

use super::model::Model;
use super::rank::{Scored, RECENT_DAYS};
use crate::insights::calendar::{date_key, DAY};
use crate::insights::render::count;

/// What recency words are measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The time the history ends (the latest commit the answer sees): what the ranking's
    /// "recent" windows count back from.
    pub history: i64,
    /// The system clock, when the answer is about the indexed HEAD; `None` for `--as-of`
    /// answers, whose words are relative to the as-of date instead.
    pub now: Option<i64>,
}

impl Clock {
    /// The clock for an answer about `ctx` whose history ends at `history`.
    pub fn of(ctx: &crate::query::Context, history: i64) -> Clock {
        let now = (ctx.at == ctx.view.commit).then(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(history, |d| d.as_secs() as i64)
        });
        Clock { history, now }
    }

    /// "active today", "active 3 days ago", "active 4 months ago" by the clock; "active 3 days
    /// before the as-of date (2016-07-04)" for an as-of answer.
    pub fn active(&self, last: i64) -> String {
        match self.now {
            Some(now) => format!("active {}", ago(now, last)),
            None => match (self.history - last).max(0) / DAY {
                0 => format!("active on the as-of date ({})", date_key(self.history)),
                d => format!(
                    "active {} before the as-of date ({})",
                    count(d as u32, "day"),
                    date_key(self.history)
                ),
            },
        }
    }

    /// "in the last 90 days" when the history reaches today, else "in the 90 days before …"
    /// naming the date the window ends (the last commit, or the as-of date).
    pub fn window(&self, days: i64) -> String {
        match self.now {
            Some(now) if now - self.history < DAY => format!("in the last {days} days"),
            Some(_) => format!(
                "in the {days} days before the last commit ({})",
                date_key(self.history)
            ),
            None => format!(
                "in the {days} days before the as-of date ({})",
                date_key(self.history)
            ),
        }
    }
}

/// "today", "1 day ago", "12 days ago", "4 months ago", "3 years ago": whole units from `last`
/// to `now` (a clock behind the history is not the future).
pub fn ago(now: i64, last: i64) -> String {
    let days = (now - last).max(0) / DAY;
    match days {
        0 => "today".to_string(),
        1 => "1 day ago".to_string(),
        2..=59 => format!("{days} days ago"),
        60..=729 => format!("{} months ago", days * 12 / 365),
        _ => format!("{} years ago", days / 365),
    }
}

/// Up to five reasons for `s`, most telling first. `path(key)` names a file; `term(id)` a term.
pub fn reasons(
    model: &Model,
    s: &Scored,
    q: &[u32],
    clock: &Clock,
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
            out.push(clock.active(last));
        }
        let r = a.recent(clock.history, RECENT_DAYS);
        if r > 0 {
            out.push(format!(
                "{} {}",
                count(r, "commit"),
                clock.window(RECENT_DAYS)
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
    fn activity_by_the_clock_in_whole_units() {
        let day = 86_400;
        let at = |now: i64, history: i64| Clock {
            history,
            now: Some(now),
        };
        let c = at(1000 * day, 1000 * day);
        assert_eq!(c.active(1000 * day - 5), "active today");
        assert_eq!(c.active(999 * day - 5), "active 1 day ago");
        assert_eq!(c.active(997 * day), "active 3 days ago");
        assert_eq!(
            c.active(1001 * day),
            "active today",
            "a clock behind is not the future"
        );
        assert_eq!(c.window(90), "in the last 90 days");
        // a checkout whose last commit is four months old: its author is not "active today"
        let stale = at(1000 * day, 878 * day);
        assert_eq!(stale.active(878 * day), "active 4 months ago");
        assert_eq!(
            stale.window(90),
            "in the 90 days before the last commit (1972-05-28)"
        );
        assert_eq!(at(1000 * day, 0).active(0), "active 2 years ago");
    }

    #[test]
    fn as_of_answers_say_so() {
        let day = 86_400;
        let c = Clock {
            history: 1000 * day,
            now: None,
        };
        assert_eq!(
            c.active(1000 * day - 5),
            "active on the as-of date (1972-09-27)"
        );
        assert_eq!(
            c.active(997 * day),
            "active 3 days before the as-of date (1972-09-27)"
        );
        assert_eq!(
            c.window(90),
            "in the 90 days before the as-of date (1972-09-27)"
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
        let clock = Clock {
            history: 0,
            now: Some(0),
        };
        let r = reasons(&m, &s, &[fix, lexer], &clock, &|_| String::new(), &names);
        assert_eq!(
            r,
            [
                "2 commit subjects with 'lexer'",
                "9 commit subjects with 'fix'"
            ]
        );
    }
}
