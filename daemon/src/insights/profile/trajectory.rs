//! Trajectory: per calendar quarter (in the developer's local time), how their lines split across
//! languages and areas, and which languages appear for the first time (skills newly acquired).

use std::collections::{BTreeMap, BTreeSet};

use crate::insights::calendar;

/// One unit of work for the trajectory.
#[derive(Debug, Clone)]
pub struct Work<'a> {
    pub time: i64,
    pub tz: i32,
    pub language: Option<&'a str>,
    pub area: &'a str,
    pub lines: u64,
}

/// One quarter of the trajectory.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quarter {
    /// `YYYY-Qn`.
    pub quarter: String,
    pub lines: u64,
    /// Share of the quarter's lines per language.
    pub languages: BTreeMap<String, f64>,
    pub areas: BTreeMap<String, f64>,
    /// Languages first used in this quarter (empty for the first quarter).
    pub new_languages: Vec<String>,
}

/// Quarters oldest first.
pub fn trajectory(work: &[Work<'_>]) -> Vec<Quarter> {
    type Acc = (u64, BTreeMap<String, u64>, BTreeMap<String, u64>);
    let mut by_q: BTreeMap<String, Acc> = BTreeMap::new();
    for w in work {
        let q = by_q.entry(calendar::quarter_key(w.time, w.tz)).or_default();
        q.0 += w.lines;
        if let Some(l) = w.language {
            *q.1.entry(l.to_string()).or_default() += w.lines;
        }
        *q.2.entry(w.area.to_string()).or_default() += w.lines;
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut first = true;
    by_q.into_iter()
        .map(|(quarter, (lines, langs, areas))| {
            let share = |m: BTreeMap<String, u64>| {
                m.into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            if lines == 0 {
                                0.0
                            } else {
                                v as f64 / lines as f64
                            },
                        )
                    })
                    .collect::<BTreeMap<_, _>>()
            };
            let new_languages: Vec<String> = langs
                .keys()
                .filter(|l| !seen.contains(*l))
                .cloned()
                .collect();
            seen.extend(langs.keys().cloned());
            let new_languages = if first { Vec::new() } else { new_languages };
            first = false;
            Quarter {
                quarter,
                lines,
                languages: share(langs),
                areas: share(areas),
                new_languages,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_and_new_skills() {
        let q1 = 1_704_067_200; // 2024-01-01T00:00Z
        let q2 = 1_714_521_600; // 2024-05-01T00:00Z
        let work = vec![
            Work {
                time: q1,
                tz: 0,
                language: Some("Rust"),
                area: "core",
                lines: 30,
            },
            Work {
                time: q1,
                tz: 0,
                language: Some("Python"),
                area: "tools",
                lines: 10,
            },
            Work {
                time: q2,
                tz: 0,
                language: Some("Rust"),
                area: "core",
                lines: 5,
            },
            Work {
                time: q2,
                tz: 0,
                language: Some("TypeScript"),
                area: "web",
                lines: 15,
            },
            // 2023-12-31T20:00 in UTC−5 is still Q4 2023 locally
            Work {
                time: q1 + 3600,
                tz: -300,
                language: Some("Go"),
                area: "svc",
                lines: 1,
            },
        ];
        let t = trajectory(&work);
        assert_eq!(
            t.iter().map(|q| q.quarter.as_str()).collect::<Vec<_>>(),
            ["2023-Q4", "2024-Q1", "2024-Q2"]
        );
        assert!(t[0].new_languages.is_empty());
        assert_eq!(t[1].new_languages, ["Python", "Rust"]);
        assert_eq!(t[2].new_languages, ["TypeScript"]);
        assert_eq!(t[1].languages["Rust"], 0.75);
        assert_eq!(t[2].areas["web"], 0.75);
    }
}
