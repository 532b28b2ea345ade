//! Which team to ask about a path: the teams declared for it (`.aexy/teams.toml` paths and the
//! CODEOWNERS rules that own its files) and the teams whose active members author its code,
//! with the path's experts; the answer says which to ask, and whom to tell when they differ.

use serde::Serialize;

use super::codeowners::CodeOwners;
use super::insights::experts;
use super::model::{OwnerRef, Teams};
use super::people::People;
use crate::insights::knowledge::Knowledge;
use crate::insights::team::DevRef;

/// Which team to ask about a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AskAnswer {
    pub path: String,
    pub files: usize,
    /// Teams declared for the path, with where: "CODEOWNERS line 3", ".aexy/teams.toml".
    pub declared: Vec<(String, String)>,
    /// Teams by the share of the path's authored files their members author.
    pub measured: Vec<(String, f64)>,
    /// The path's experts (active first).
    pub experts: Vec<(DevRef, f64, bool)>,
    pub answer: String,
}

/// Which team to ask about `path` (a file or a directory, repository-relative).
pub fn ask(
    k: &Knowledge,
    teams: &Teams,
    co: Option<&CodeOwners>,
    people: &People<'_>,
    path: &str,
    inactive_days: u32,
) -> AskAnswer {
    let p = path.trim_matches('/');
    let under = |f: &str| {
        p.is_empty() || f == p || (f.starts_with(p) && f.as_bytes().get(p.len()) == Some(&b'/'))
    };
    let list: Vec<usize> = (0..k.files.len())
        .filter(|&f| k.files[f].ownable && under(&k.files[f].path))
        .collect();
    let mut declared: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, why: String| {
        if !declared.iter().any(|(n, w)| n == name && *w == why) {
            declared.push((name.to_string(), why));
        }
    };
    for &f in &list {
        let fp = &k.files[f].path;
        for (t, team) in teams.teams.iter().enumerate() {
            if teams.declares_path(t, fp) {
                add(&team.name, super::config::PATH.to_string());
            }
        }
        if let Some(co) = co {
            for r in co.owning_rules(fp) {
                for o in &co.rules[r].owners {
                    if let OwnerRef::Team(t) = teams.resolve(o, people) {
                        add(
                            &teams.teams[t].name,
                            format!("{} line {}", co.path, co.rules[r].line),
                        );
                    }
                }
            }
        }
    }
    declared.truncate(8);
    let authored: Vec<usize> = list
        .iter()
        .copied()
        .filter(|&f| !k.files[f].authors.is_empty())
        .collect();
    let mut measured: Vec<(String, f64)> = teams
        .teams
        .iter()
        .filter(|t| !t.members.is_empty())
        .map(|t| {
            let n = authored
                .iter()
                .filter(|&&f| {
                    k.files[f].authors.iter().any(|d| {
                        t.members
                            .iter()
                            .any(|m| m.0 == *d && k.active(*d, inactive_days))
                    })
                })
                .count();
            (
                t.name.clone(),
                if authored.is_empty() {
                    0.0
                } else {
                    n as f64 / authored.len() as f64
                },
            )
        })
        .filter(|(_, s)| *s > 0.0)
        .collect();
    let is_declared = |n: &str| declared.iter().any(|(d, _)| d == n);
    measured.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(is_declared(&b.0).cmp(&is_declared(&a.0)))
            .then(a.0.cmp(&b.0))
    });
    let expert_list = experts(k, &authored, &[], inactive_days, 5);
    let pct = |x: f64| crate::insights::render::pct(x);
    let answer = match (declared.first(), measured.first()) {
        (Some((d, why)), Some((m, share))) if d == m => format!("Ask {d}: declared in {why}, and its active members author {} of the files.", pct(*share)),
        (Some((d, why)), Some((m, share))) => format!("{d} is declared ({why}), but the active members of {m} author {} of the files: ask {m}, and tell {d}.", pct(*share)),
        (Some((d, why)), None) => match teams.teams.iter().find(|t| &t.name == d).filter(|t| t.members.is_empty()) {
            Some(_) => format!("Ask {d} (declared in {why}); its members are unknown, so whether they know the code cannot be measured."),
            None => format!("Ask {d} (declared in {why}), although none of its active members authors these files."),
        },
        (None, Some((m, share))) => format!("No team is declared; the active members of {m} author {} of the files: ask {m}.", pct(*share)),
        (None, None) => match expert_list.first() {
            Some((who, _, _)) => format!("No team is declared or measured; the top expert is {}.", who.name),
            None => "Nobody authors these files.".to_string(),
        },
    };
    AskAnswer {
        path: p.to_string(),
        files: list.len(),
        declared,
        measured,
        experts: expert_list,
        answer,
    }
}
