//! `aexy codeowners suggest`: a CODEOWNERS file written from measured expertise. Directory by
//! directory (down to `depth` levels, the root as `*`), each active developer's share of the
//! directory's knowledge is the files they author (Degree of Authorship; a file with several
//! authors split evenly). Owners: the best, then more while fewer than `min_owners` (where more
//! active authors exist) or while within `share` of the best, up to `max_owners`. A team
//! replaces its members where it declares the directory among its paths, or where at least two
//! chosen owners (or all of them) are its members. A directory gets a rule only when its owners
//! differ from those of the nearest directory above with a rule — the last matching rule wins
//! on every host, so parents come first.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::Teams;
use super::people::People;
use crate::insights::knowledge::Knowledge;

/// Thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub depth: usize,
    pub min_owners: usize,
    pub max_owners: usize,
    /// An author counts when active within this many days.
    pub inactive_days: u32,
    /// Further owners need at least this share of the best owner's files.
    pub share: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            depth: 2,
            min_owners: 2,
            max_owners: 3,
            inactive_days: crate::insights::silos::DEFAULT_INACTIVE_DAYS,
            share: 0.25,
        }
    }
}

/// One owner of a proposed rule with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub name: String,
    /// Files authored below the directory (shared files split).
    pub files: f64,
    /// The team that stands for them in the rule, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// One proposed rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposedRule {
    /// `*` or `/dir/`.
    pub pattern: String,
    pub owners: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// Files with an author below the directory.
    pub files: usize,
}

/// The proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    pub rules: Vec<ProposedRule>,
    /// Directories whose authors are all inactive (no rule is proposed; they keep the owners above).
    pub without_active_expert: Vec<String>,
    pub inactive_days: u32,
}

/// Builds the proposal.
pub fn suggest(k: &Knowledge, teams: &Teams, people: &People<'_>, o: &Options) -> Proposal {
    // directory → developer → authored share
    let mut dirs: BTreeMap<String, (BTreeMap<usize, f64>, usize, bool)> = BTreeMap::new();
    for f in k
        .files
        .iter()
        .filter(|f| f.ownable && !f.authors.is_empty())
    {
        let share = 1.0 / f.authors.len() as f64;
        let mut prefixes = vec![String::new()];
        let parts: Vec<&str> = f.path.split('/').collect();
        for depth in 1..parts.len().min(o.depth + 1) {
            prefixes.push(parts[..depth].join("/"));
        }
        for p in prefixes {
            let e = dirs.entry(p).or_default();
            e.1 += 1;
            for &d in &f.authors {
                *e.0.entry(d).or_default() += share;
                e.2 |= k.active(d, o.inactive_days);
            }
        }
    }
    let mut rules: Vec<ProposedRule> = Vec::new();
    let mut without = Vec::new();
    let mut emitted: Vec<(String, Vec<String>)> = Vec::new();
    for (dir, (weights, files, any_active)) in &dirs {
        if !any_active {
            without.push(if dir.is_empty() {
                "*".to_string()
            } else {
                format!("/{dir}/")
            });
            continue;
        }
        let mut ranked: Vec<(usize, f64)> = weights
            .iter()
            .filter(|(&d, _)| k.active(d, o.inactive_days))
            .map(|(&d, &w)| (d, w))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top = ranked.first().map_or(0.0, |r| r.1);
        let picked: Vec<(usize, f64)> = ranked
            .iter()
            .enumerate()
            .take_while(|(i, (_, w))| {
                *i < o.max_owners && (*i < o.min_owners || *w >= o.share * top)
            })
            .map(|(_, r)| *r)
            .collect();
        let (owners, evidence) = tokens(dir, &picked, k, teams, people);
        let parent = emitted
            .iter()
            .rev()
            .find(|(d, _)| d.is_empty() || dir.starts_with(&format!("{d}/")))
            .map(|(_, t)| t.clone());
        if parent.as_ref() == Some(&owners) {
            continue;
        }
        emitted.push((dir.clone(), owners.clone()));
        rules.push(ProposedRule {
            pattern: if dir.is_empty() {
                "*".into()
            } else {
                format!("/{dir}/")
            },
            owners,
            evidence,
            files: *files,
        });
    }
    // a directory rule whose every file a deeper rule owns would be dead: leave it out
    let dirs_of: Vec<String> = rules
        .iter()
        .map(|r| r.pattern.trim_matches('/').to_string())
        .collect();
    let owns_any = |i: usize| {
        let d = if dirs_of[i] == "*" {
            ""
        } else {
            dirs_of[i].as_str()
        };
        k.files.iter().filter(|f| f.ownable).any(|f| {
            let inside = |dir: &str| {
                dir.is_empty()
                    || (f.path.starts_with(dir) && f.path.as_bytes().get(dir.len()) == Some(&b'/'))
            };
            inside(d)
                && !dirs_of.iter().enumerate().any(|(j, other)| {
                    j != i && other != "*" && other.len() > d.len() && inside(other)
                })
        })
    };
    let keep: Vec<bool> = (0..rules.len()).map(owns_any).collect();
    let rules = rules
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(r, _)| r)
        .collect();
    Proposal {
        rules,
        without_active_expert: without,
        inactive_days: o.inactive_days,
    }
}

/// Owner tokens for the chosen developers, with teams standing in for their members.
fn tokens(
    dir: &str,
    picked: &[(usize, f64)],
    k: &Knowledge,
    teams: &Teams,
    people: &People<'_>,
) -> (Vec<String>, Vec<Evidence>) {
    let probe = if dir.is_empty() {
        "x".to_string()
    } else {
        format!("{dir}/x")
    };
    let team = (0..teams.teams.len())
        .filter(|&t| !teams.teams[t].members.is_empty())
        .map(|t| {
            let members: Vec<usize> = teams.teams[t].members.iter().map(|m| m.0).collect();
            let covered = picked.iter().filter(|(d, _)| members.contains(d)).count();
            (t, covered, teams.declares_path(t, &probe))
        })
        .filter(|&(_, covered, declares)| {
            (declares && covered > 0) || covered >= 2 || (covered > 0 && covered == picked.len())
        })
        .max_by(|a, b| (a.2, a.1).cmp(&(b.2, b.1)).then(b.0.cmp(&a.0)))
        .map(|(t, ..)| t);
    let mut owners = Vec::new();
    let mut evidence = Vec::new();
    if let Some(t) = team {
        let tm = &teams.teams[t];
        owners.push(
            tm.handles
                .first()
                .cloned()
                .unwrap_or_else(|| format!("@{}", tm.name)),
        );
    }
    for &(d, w) in picked {
        let in_team = team.filter(|&t| teams.teams[t].members.iter().any(|m| m.0 == d));
        if in_team.is_none() {
            owners.push(people.owner_token(d));
        }
        evidence.push(Evidence {
            name: k.dev(d).name,
            files: (w * 10.0).round() / 10.0,
            team: in_team.map(|t| teams.teams[t].name.clone()),
        });
    }
    (owners, evidence)
}

/// The proposal as a CODEOWNERS file, each rule with its evidence as a comment.
pub fn render_file(p: &Proposal, path: &str) -> String {
    let mut s = format!(
        "# {path}, proposed by `aexy codeowners suggest` from measured expertise: per directory,\n\
         # the developers who author its files (Degree of Authorship) and committed in the last\n\
         # {} days. The last matching rule wins, so deeper directories come later.\n\
         # It says who knows the code; review it before committing.\n",
        p.inactive_days
    );
    for r in &p.rules {
        let who: Vec<String> = r
            .evidence
            .iter()
            .map(|e| {
                let team = e
                    .team
                    .as_ref()
                    .map(|t| format!(" [{t}]"))
                    .unwrap_or_default();
                let n = if e.files == 1.0 {
                    "1 file".to_string()
                } else {
                    format!("{} files", e.files)
                };
                format!("{} {n}{team}", one_line(&e.name))
            })
            .collect();
        let place = if r.pattern == "*" {
            "whole repository".to_string()
        } else {
            r.pattern.clone()
        };
        s.push_str(&format!(
            "\n# {place}: {}\n{} {}\n",
            who.join(", "),
            r.pattern,
            r.owners.join(" ")
        ));
    }
    if !p.without_active_expert.is_empty() {
        s.push_str(&format!(
            "\n# No active expert (every author inactive): {}\n",
            p.without_active_expert.join(", ")
        ));
    }
    s
}

/// A name fit for a comment line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Developer;
    use crate::insights::knowledge::tests::{devs, history};
    use crate::insights::ChangeKind::*;
    use crate::teams::config::TeamsFile;

    #[test]
    fn directories_get_two_owners_where_knowledge_exists_and_teams_stand_in() {
        let day = crate::insights::calendar::DAY;
        let h = history(
            &[
                "src/core/a.rs",
                "src/core/b.rs",
                "src/core/c.rs",
                "src/ui/v.rs",
                "src/ui/w.rs",
                "legacy/x.rs",
            ],
            &[
                (0, vec![3], vec![(5, Added)]),
                (700 * day, vec![0], vec![(0, Added), (1, Added)]),
                (701 * day, vec![1], vec![(2, Added)]),
                (702 * day, vec![2], vec![(3, Added), (4, Added)]),
            ],
        );
        let names = ["Alice", "Bob", "Carol", "Dave"];
        let k = Knowledge::new(h, devs(&names));
        let developers: Vec<Developer> = names
            .iter()
            .map(|n| crate::teams::people::test_developer(n, &[]))
            .collect();
        let file = TeamsFile::parse(
            "[teams.ui]\nhandle = \"@acme/ui\"\nmembers = [\"carol@x\"]\npaths = [\"/src/ui/\"]\n",
        )
        .unwrap();
        let people = People::new(&developers, &file.people);
        let teams = Teams::build(&file, None, &people);
        let p = suggest(&k, &teams, &people, &Options::default());
        let rules: Vec<(String, Vec<String>)> = p
            .rules
            .iter()
            .map(|r| (r.pattern.clone(), r.owners.clone()))
            .collect();
        assert_eq!(
            rules,
            [
                (
                    "*".to_string(),
                    vec![
                        "alice@x".to_string(),
                        "carol@x".to_string(),
                        "bob@x".to_string()
                    ]
                ),
                (
                    "/src/core/".to_string(),
                    vec!["alice@x".to_string(), "bob@x".to_string()]
                ),
                ("/src/ui/".to_string(), vec!["@acme/ui".to_string()]),
            ]
        );
        // src/ has the root's owners, so no rule; legacy/ has nobody active
        assert_eq!(p.without_active_expert, ["/legacy/"]);
        let text = render_file(&p, "CODEOWNERS");
        assert!(
            text.contains("# /src/core/: Alice 2 files, Bob 1 file\n/src/core/ alice@x bob@x\n"),
            "{text}"
        );
        assert!(text.contains("Carol 2 files [ui]"), "{text}");
    }
}
