//! Readable summaries of aexy's figures (`aexy report --narrative`, `aexy profile --summary`):
//! the figures become plain fact lines (e-mail addresses, heatmaps, settings and, for profiles,
//! sustainability signals left out; long lists cut to their first entries), fitted to the
//! model's budget section by section, and the model's text goes through the figures guard
//! (`guard`) before anyone sees it.

use serde_json::Value;

use super::budget::{self, Piece};
use super::gateway::Built;
use super::guard::{self, Figures, Guarded};
use super::wire::Prompt;

/// Entries kept of each list.
const LIST_ENTRIES: usize = 5;
/// Keys never sent (contact details, raw series, settings, private signals).
const SKIP: &[&str] = &[
    "email",
    "aliases",
    "heatmap",
    "cells",
    "options",
    "coverage",
    "signals",
    "signalsVisibility",
    "lastUsed",
    "weightedLines",
    "agents",
    "ownership",
];

const SYSTEM: &str = "You write a short, plain-language summary of figures about a software \
project's history, for the people who work on it. Use only the facts given. Every number you \
write must appear in the facts, written the same way (a fraction may be written as a \
percentage). Describe; do not judge people: these are signals, not verdicts. Two short \
paragraphs at most, no headings, no lists.";

/// Facts and what the model is asked, for a team report or a profile.
pub struct Request {
    /// Sections in order of importance: (title, value).
    pub sections: Vec<(String, Value)>,
    pub question: String,
}

impl Request {
    /// The team report's facts, most telling sections first.
    pub fn team(insights: &Value) -> Request {
        let order = [
            "scope",
            "truckFactor",
            "velocity",
            "silos",
            "hotspots",
            "orphaned",
            "directories",
            "coupling",
            "fragmentation",
            "aiShare",
            "prunedTruckFactor",
            "whatIf",
        ];
        Request {
            sections: sections(insights, &order),
            question: "Summarise the state of this team's knowledge of its code.".into(),
        }
    }

    /// A developer's profile facts (without sustainability signals).
    pub fn profile(profile: &Value) -> Request {
        let order = [
            "developer",
            "commits",
            "lines",
            "firstCommit",
            "lastCommit",
            "authoredFiles",
            "languages",
            "areas",
            "frameworks",
            "libraries",
            "trajectory",
            "collaborators",
            "aiShare",
        ];
        Request {
            sections: sections(profile, &order),
            question: "Summarise this developer's skills and areas of the code.".into(),
        }
    }

    /// The prompt within `budget` tokens: later sections are left out first.
    pub fn prompt(&self, budget: u32) -> Built {
        let n = self.sections.len() as f64;
        let mut pieces: Vec<Piece> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, (title, v))| {
                let mut lines = Vec::new();
                facts(title, v, &mut lines);
                Piece::new(lines.join("\n") + "\n", n - i as f64, "section of figures")
            })
            .collect();
        pieces.push(Piece::new(
            format!("\n{}\n", self.question),
            f64::INFINITY,
            "question",
        ));
        let fitted = budget::fit(&pieces, budget::estimate(SYSTEM) + 16, budget);
        Built {
            prompt: Prompt::user(SYSTEM, format!("Facts:\n{}", fitted.text)),
            note: fitted.note(budget),
        }
    }
}

/// Guards `text` against the facts that were actually sent in `prompt`.
pub fn check(text: &str, prompt: &Prompt) -> Guarded {
    let sent: String = prompt.messages.iter().map(|m| m.content.as_str()).collect();
    guard::guard(text, &Figures::from_text(&sent))
}

fn sections(v: &Value, order: &[&str]) -> Vec<(String, Value)> {
    order
        .iter()
        .filter_map(|k| {
            let x = v.get(*k)?;
            (!x.is_null() && x != &Value::Array(Vec::new())).then(|| (k.to_string(), x.clone()))
        })
        .collect()
}

/// `path: value` lines for every scalar under `v`, lists cut to their first entries.
fn facts(path: &str, v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if !SKIP.contains(&k.as_str()) {
                    facts(&format!("{path}.{k}"), x, out);
                }
            }
        }
        Value::Array(items) => {
            if items.iter().all(|x| !x.is_object() && !x.is_array()) {
                let shown: Vec<String> = items.iter().take(LIST_ENTRIES * 2).map(scalar).collect();
                out.push(format!("{path}: {}", shown.join(", ")));
                return;
            }
            for (i, x) in items.iter().take(LIST_ENTRIES).enumerate() {
                facts(&format!("{path}[{}]", i + 1), x, out);
            }
            if items.len() > LIST_ENTRIES {
                out.push(format!("{path}: {} entries in all", items.len()));
            }
        }
        Value::Null => {}
        x => out.push(format!("{path}: {}", scalar(x))),
    }
}

/// Numbers at a readable precision (the guard accepts the same precision or coarser).
fn scalar(v: &Value) -> String {
    match v {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            let s = format!("{f:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_leave_out_private_and_raw_data_and_cut_lists() {
        let profile = serde_json::json!({
            "developer": {"name": "Ann", "email": "ann@example.com"},
            "commits": 120,
            "languages": (0..8).map(|i| serde_json::json!({"name": format!("L{i}"), "proficiency": {"score": 0.91234, "lastUsed": 1796549137}})).collect::<Vec<_>>(),
            "heatmap": {"cells": [[1, 2]]},
            "signals": {"offHours": {"overall": 0.87}},
        });
        let built = Request::profile(&profile).prompt(10_000);
        let text = &built.prompt.messages[0].content;
        assert!(text.contains("developer.name: Ann"));
        assert!(text.contains("commits: 120"));
        assert!(text.contains("languages[1].proficiency.score: 0.912"));
        assert!(text.contains("languages: 8 entries in all"));
        assert!(!text.contains("L6"), "lists are cut");
        for hidden in ["ann@example.com", "cells", "offHours", "1796549137"] {
            assert!(!text.contains(hidden), "{hidden} leaked: {text}");
        }
        // the guard knows exactly what was sent
        let g = check(
            "Ann made 120 commits, 91% in L0. She wrote 400 files.",
            &built.prompt,
        );
        assert_eq!(g.text, "Ann made 120 commits, 91% in L0.");
        assert_eq!(g.dropped.len(), 1);
    }

    #[test]
    fn a_small_budget_keeps_the_first_sections() {
        let team = serde_json::json!({
            "scope": {"commits": 10, "developers": 2},
            "hotspots": (0..5).map(|i| serde_json::json!({"path": format!("src/f{i}.rs"), "revisions": i})).collect::<Vec<_>>(),
        });
        let built = Request::team(&team).prompt(220);
        let text = &built.prompt.messages[0].content;
        assert!(text.contains("scope.commits: 10"), "{text}");
        assert!(!text.contains("hotspots"), "{text}");
        assert!(built.note.unwrap().contains("section of figures"));
    }
}
