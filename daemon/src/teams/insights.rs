//! Per-team insights: each team's files (its declared paths in `.aexy/teams.toml` and the files
//! CODEOWNERS rules naming it own), and on them the truck factor (Avelino's greedy estimate),
//! silos and orphaned code exactly as `aexy team` computes them for a directory; how much of
//! the team's code its own members author; knowledge shared across teams (files of one team
//! whose authors include members of another). Which team to ask about a path is `ask`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::codeowners::CodeOwners;
use super::model::{OwnerRef, Teams};
use super::people::People;
use crate::insights::calendar;
use crate::insights::knowledge::Knowledge;
use crate::insights::team::{DevRef, SiloDirectory, TruckFactorReport};
use crate::insights::{silos, truck_factor};

/// A member as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberRef {
    pub name: String,
    pub email: String,
    pub active: bool,
}

/// One team's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamReport {
    pub name: String,
    pub handles: Vec<String>,
    pub sources: Vec<String>,
    pub members: Vec<MemberRef>,
    pub members_declared: bool,
    pub unresolved_members: Vec<String>,
    pub paths: Vec<String>,
    /// CODEOWNERS rules naming the team: (line, pattern).
    pub codeowners_rules: Vec<(usize, String)>,
    /// Considered files of the team, and those with an author.
    pub files: usize,
    pub files_with_author: usize,
    pub truck_factor: TruckFactorReport,
    pub silo_files: usize,
    pub silo_directories: Vec<SiloDirectory>,
    pub orphaned_files: usize,
    pub orphaned_examples: Vec<String>,
    /// Share of the team's authored files that a member authors (`None` without known members).
    pub authored_by_members: Option<f64>,
    /// The people who author most of the team's files: (who, files, member?).
    pub experts: Vec<(DevRef, f64, bool)>,
}

/// Knowledge of one team's files held by members of another.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shared {
    /// The team whose files these are.
    pub team: String,
    /// The team whose members author them.
    pub held_by: String,
    pub files: usize,
    pub people: Vec<String>,
}

/// Every team.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamsReport {
    pub teams: Vec<TeamReport>,
    pub shared: Vec<Shared>,
    /// Considered files no team owns.
    pub files_without_team: usize,
    pub inactive_days: u32,
}

/// The considered files each team owns, by declared paths and CODEOWNERS rules.
pub fn team_files(
    k: &Knowledge,
    teams: &Teams,
    co: Option<&CodeOwners>,
    people: &People<'_>,
) -> Vec<BTreeSet<usize>> {
    let mut out = vec![BTreeSet::new(); teams.teams.len()];
    // which teams each rule names
    let named: Vec<Vec<usize>> = co.map_or_else(Vec::new, |co| {
        co.rules
            .iter()
            .map(|r| {
                r.owners
                    .iter()
                    .filter_map(|o| match teams.resolve(o, people) {
                        OwnerRef::Team(t) => Some(t),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    });
    for (f, file) in k.files.iter().enumerate() {
        if !file.considered {
            continue;
        }
        for (t, set) in out.iter_mut().enumerate() {
            if teams.declares_path(t, &file.path) {
                set.insert(f);
            }
        }
        if let Some(co) = co {
            for r in co.owning_rules(&file.path) {
                for &t in &named[r] {
                    out[t].insert(f);
                }
            }
        }
    }
    out
}

/// Figures for every team.
pub fn report(
    k: &Knowledge,
    teams: &Teams,
    co: Option<&CodeOwners>,
    people: &People<'_>,
    inactive_days: u32,
) -> TeamsReport {
    let files = team_files(k, teams, co, people);
    let mut reports = Vec::new();
    for (t, team) in teams.teams.iter().enumerate() {
        let list: Vec<usize> = files[t].iter().copied().collect();
        let paths: Vec<String> = list.iter().map(|&f| k.files[f].path.clone()).collect();
        let authors: Vec<Vec<usize>> = list.iter().map(|&f| k.files[f].authors.clone()).collect();
        let tf = truck_factor::greedy(&authors, k.changes());
        let members: Vec<usize> = team.members.iter().map(|m| m.0).collect();
        let authored: Vec<&Vec<usize>> = authors.iter().filter(|a| !a.is_empty()).collect();
        let by_members = (!members.is_empty() && !authored.is_empty()).then(|| {
            authored
                .iter()
                .filter(|a| a.iter().any(|d| members.contains(d)))
                .count() as f64
                / authored.len() as f64
        });
        let orphans = silos::orphaned(&authors, &k.last_active, k.now, inactive_days);
        reports.push(TeamReport {
            name: team.name.clone(),
            handles: team.handles.clone(),
            sources: team.sources.clone(),
            members: members
                .iter()
                .map(|&d| {
                    let r = k.dev(d);
                    MemberRef {
                        name: r.name,
                        email: r.email,
                        active: k.active(d, inactive_days),
                    }
                })
                .collect(),
            members_declared: team.members_declared,
            unresolved_members: team.unresolved_members.clone(),
            paths: team.paths.clone(),
            codeowners_rules: co.map_or_else(Vec::new, |co| {
                co.rules
                    .iter()
                    .filter(|r| {
                        r.owners
                            .iter()
                            .any(|o| teams.resolve(o, people) == OwnerRef::Team(t))
                    })
                    .map(|r| (r.line, r.pattern.clone()))
                    .collect()
            }),
            files: list.len(),
            files_with_author: authored.len(),
            truck_factor: name_tf(k, &tf),
            silo_files: silos::file_silos(&authors).len(),
            silo_directories: team_silo_directories(k, &files[t]),
            orphaned_files: orphans.len(),
            orphaned_examples: orphans
                .iter()
                .take(5)
                .map(|o| paths[o.file].clone())
                .collect(),
            authored_by_members: by_members,
            experts: experts(k, &list, &members, inactive_days, 5),
        });
    }
    // shared knowledge: files of team A authored by members of team B
    let mut shared = Vec::new();
    for (a, fa) in files.iter().enumerate() {
        for (b, tb) in teams.teams.iter().enumerate() {
            if a == b || tb.members.is_empty() {
                continue;
            }
            let mut people_b: BTreeSet<usize> = BTreeSet::new();
            let n = fa
                .iter()
                .filter(|&&f| {
                    let hit: Vec<usize> = k.files[f]
                        .authors
                        .iter()
                        .copied()
                        .filter(|d| tb.members.iter().any(|m| m.0 == *d))
                        .collect();
                    people_b.extend(&hit);
                    !hit.is_empty()
                })
                .count();
            if n > 0 {
                shared.push(Shared {
                    team: teams.teams[a].name.clone(),
                    held_by: tb.name.clone(),
                    files: n,
                    people: people_b.iter().map(|&d| k.dev(d).name).collect(),
                });
            }
        }
    }
    shared.sort_by(|x, y| {
        y.files
            .cmp(&x.files)
            .then(x.team.cmp(&y.team))
            .then(x.held_by.cmp(&y.held_by))
    });
    let owned: BTreeSet<usize> = files.iter().flatten().copied().collect();
    TeamsReport {
        teams: reports,
        shared,
        files_without_team: k
            .files
            .iter()
            .enumerate()
            .filter(|(f, x)| x.considered && !owned.contains(f))
            .count(),
        inactive_days,
    }
}

/// Directories of the team's code with a single author: the repository's directory silos that
/// lie wholly in the team's files; where one reaches beyond them, the team's part of it.
fn team_silo_directories(k: &Knowledge, team: &BTreeSet<usize>) -> Vec<SiloDirectory> {
    let considered: Vec<usize> = (0..k.files.len())
        .filter(|&f| k.files[f].considered)
        .collect();
    let paths: Vec<String> = considered
        .iter()
        .map(|&f| k.files[f].path.clone())
        .collect();
    let authors: Vec<Vec<usize>> = considered
        .iter()
        .map(|&f| k.files[f].authors.clone())
        .collect();
    let under =
        |dir: &str, p: &str| p.starts_with(dir) && p.as_bytes().get(dir.len()) == Some(&b'/');
    let mut out = Vec::new();
    for s in silos::directory_silos(&paths, &authors, 2) {
        let inside: Vec<usize> = considered
            .iter()
            .copied()
            .filter(|&f| under(&s.directory, &k.files[f].path))
            .collect();
        let mine: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|f| team.contains(f) && !k.files[*f].authors.is_empty())
            .collect();
        if mine.len() < 2 {
            continue;
        }
        let directory = if inside.iter().all(|f| team.contains(f)) {
            s.directory
        } else {
            // the deepest directory holding all of the team's files in it
            let first = &k.files[mine[0]].path;
            let mut common = first
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string());
            while !mine.iter().all(|&f| under(&common, &k.files[f].path)) {
                common = common
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string());
            }
            common
        };
        out.push(SiloDirectory {
            directory,
            author: k.dev(s.dev),
            files: mine.len(),
        });
    }
    out
}

fn name_tf(k: &Knowledge, tf: &truck_factor::TruckFactor) -> TruckFactorReport {
    TruckFactorReport::named(tf, |d| k.dev(d))
}

/// The top `limit` authors of `files` (shared files split): (who, files, member?), active first.
pub(super) fn experts(
    k: &Knowledge,
    files: &[usize],
    members: &[usize],
    inactive_days: u32,
    limit: usize,
) -> Vec<(DevRef, f64, bool)> {
    let mut w: BTreeMap<usize, f64> = BTreeMap::new();
    for &f in files {
        let a = &k.files[f].authors;
        for &d in a {
            *w.entry(d).or_default() += 1.0 / a.len() as f64;
        }
    }
    let mut ranked: Vec<(usize, f64)> = w.into_iter().collect();
    ranked.sort_by(|a, b| {
        k.active(b.0, inactive_days)
            .cmp(&k.active(a.0, inactive_days))
            .then(b.1.total_cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .take(limit)
        .map(|(d, x)| (k.dev(d), (x * 10.0).round() / 10.0, members.contains(&d)))
        .collect()
}

/// A member's last activity as a date, for text output.
pub fn last_seen(k: &Knowledge, d: usize) -> String {
    k.last_active
        .get(d)
        .filter(|&&t| t != i64::MIN)
        .map(|&t| calendar::date_key(t))
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "insights_tests.rs"]
mod tests;
