//! A learning path toward a target role: areas adjacent to what the developer knows, those that
//! close the most gaps first. **Adjacency** of an area: commits that changed both it and an area
//! the developer has worked in (change coupling between areas; commits of more than code-maat's
//! 30 files left out, as for coupling), plus twice the files there the developer has already
//! changed. Each step lists the files to read first — those changed
//! together with the developer's own files most often, then the most revised — and a mentor
//! (see `mentors`). An area helps a gap when working there moves its metric: any area for
//! depth and breadth, an area written mostly in a language they lack at the level for
//! `languages`, an area with several active experts for `collaborators`. Time-based gaps
//! (months active, tenure) are said to be so. Someone whose work touches no other area yet gets
//! the areas someone active can teach, said to be not yet connected to their work.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::areas::{changers, Areas};
use super::evaluate::RoleResult;
use super::mentors::{self, Mentor};
use super::metrics::{DevFigures, Metric};
use crate::insights::knowledge::Knowledge;
use crate::insights::render::count;

/// Steps in a path.
pub const STEPS: usize = 3;
/// Files to read first per step.
pub const READ_FIRST: usize = 3;

/// A file to read, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadFirst {
    pub path: String,
    pub why: String,
}

/// One step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub area: String,
    /// Why this area is adjacent.
    pub why: String,
    /// Gaps (criterion labels) working here helps close.
    pub helps: Vec<String>,
    pub read_first: Vec<ReadFirst>,
    pub mentor: Option<Mentor>,
    /// Other experts, for when the mentor is away.
    pub also: Vec<Mentor>,
}

/// The path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningPath {
    pub steps: Vec<Step>,
    /// Gaps no area can close (time-based), in words.
    pub notes: Vec<String>,
}

/// Builds the path for `f` toward `target` (its unmet criteria are the gaps).
pub fn learning_path(
    k: &Knowledge,
    areas: &Areas,
    f: &DevFigures,
    target: Option<&RoleResult>,
) -> LearningPath {
    let d = f.dev;
    let gaps: Vec<&super::evaluate::CriterionResult> = target
        .map(|t| t.criteria.iter().filter(|c| c.met == Some(false)).collect())
        .unwrap_or_default();
    let mut notes = Vec::new();
    for g in &gaps {
        if g.alternatives.iter().all(|a| {
            matches!(
                a.metric,
                Metric::Commits | Metric::ActiveMonths | Metric::TenureMonths
            )
        }) {
            notes.push(format!(
                "{}: comes with time and steady work, not with one area",
                g.label
            ));
        }
    }
    // files per commit (considered files, renames followed)
    let mut commit_files: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (fi, file) in k.files.iter().enumerate().filter(|(_, x)| x.considered) {
        let _ = file;
        for e in &k.history.files[fi].events {
            commit_files.entry(e.commit).or_default().push(fi);
        }
    }
    let mine: BTreeSet<usize> = (0..k.files.len())
        .filter(|&x| k.files[x].considered && changers(k, x).any(|y| y == d))
        .collect();
    let known: BTreeSet<usize> = mine.iter().filter_map(|&x| areas.of_file[x]).collect();
    let expert: BTreeSet<usize> = f.expert_areas.iter().map(|x| x.0).collect();
    // adjacency: commits touching the area and a known area; files there already changed
    let mut co: BTreeMap<usize, usize> = BTreeMap::new();
    let mut partner: BTreeMap<usize, (usize, BTreeMap<usize, usize>)> = BTreeMap::new(); // file → (commits with my files, partner → n)
                                                                                         // as code-maat does for coupling, changesets larger than its limit (mass edits, moves) say
                                                                                         // nothing about which code belongs together
    let max_changeset = crate::insights::coupling::CouplingOptions::default().max_changeset_size;
    for files in commit_files.values().filter(|f| f.len() <= max_changeset) {
        let touched: BTreeSet<usize> = files.iter().filter_map(|&x| areas.of_file[x]).collect();
        for &a in &touched {
            if touched.iter().any(|b| b != &a && known.contains(b)) {
                *co.entry(a).or_default() += 1;
            }
        }
        let my_files: Vec<usize> = files.iter().copied().filter(|x| mine.contains(x)).collect();
        if !my_files.is_empty() {
            for &g in files {
                let others: Vec<usize> = my_files.iter().copied().filter(|&x| x != g).collect();
                if others.is_empty() {
                    continue;
                }
                let e = partner.entry(g).or_default();
                e.0 += 1;
                for o in others {
                    *e.1.entry(o).or_default() += 1;
                }
            }
        }
    }
    let lacking_language = |want: Option<crate::insights::profile::proficiency::Level>,
                            lang: &str| {
        !f.languages
            .iter()
            .any(|s| s.name == lang && want.is_none_or(|w| s.proficiency.level >= w))
    };
    let mut candidates: Vec<(usize, Vec<String>, usize, String)> = Vec::new();
    for a in 0..areas.names.len() {
        // not where they are an expert already (their expert areas, or a small area they lead)
        if areas.with_author[a] == 0
            || expert.contains(&a)
            || areas.experts(a).iter().any(|(x, _)| *x == d)
        {
            continue;
        }
        let here = areas.files[a].iter().filter(|x| mine.contains(x)).count();
        let co_changes = co.get(&a).copied().unwrap_or(0);
        let adjacency = co_changes + 2 * here;
        let language = dominant_language(k, &areas.files[a]);
        let active_experts = areas
            .experts(a)
            .iter()
            .filter(|(x, _)| *x != d && k.active(*x, mentors::MENTOR_ACTIVE_DAYS))
            .count();
        let mut helps = Vec::new();
        for g in &gaps {
            let ok = g.alternatives.iter().any(|alt| match alt.metric {
                Metric::ExpertAreas | Metric::Areas | Metric::AuthoredFiles => true,
                Metric::Languages => language
                    .as_deref()
                    .is_some_and(|l| lacking_language(alt.level, l)),
                Metric::Collaborators | Metric::CoauthoredCommits | Metric::Reviews => {
                    active_experts >= 2
                }
                _ => false,
            });
            if ok {
                helps.push(g.label.clone());
            }
        }
        let why = match (co_changes, here) {
            (0, 0) => format!(
                "not yet connected to your work: {}, {}",
                count(areas.files[a].len(), "file"),
                count(active_experts, "active expert")
            ),
            (0, h) => format!("you have changed {h} of its files"),
            (c, 0) => format!("{c} commits changed it together with code you work on"),
            (c, h) => format!("{c} commits changed it together with code you work on; you have changed {h} of its files"),
        };
        candidates.push((a, helps, adjacency, why));
    }
    candidates.sort_by(|x, y| {
        y.1.len()
            .cmp(&x.1.len())
            .then(y.2.cmp(&x.2))
            .then(x.0.cmp(&y.0))
    });
    let steps = candidates
        .into_iter()
        .filter(|c| gaps.is_empty() || !c.1.is_empty())
        .take(STEPS)
        .map(|(a, helps, _, why)| {
            let mut files: Vec<usize> = areas.files[a]
                .iter()
                .copied()
                .filter(|x| !mine.contains(x) || k.files[*x].authors.iter().all(|&y| y != d))
                .collect();
            files.sort_by(|&x, &y| {
                let px = partner.get(&x).map_or(0, |p| p.0);
                let py = partner.get(&y).map_or(0, |p| p.0);
                py.cmp(&px)
                    .then(k.files[y].revisions.cmp(&k.files[x].revisions))
                    .then(k.files[x].path.cmp(&k.files[y].path))
            });
            let read_first = files
                .iter()
                .take(READ_FIRST)
                .map(|&x| {
                    let why = match partner.get(&x).and_then(|p| {
                        p.1.iter()
                            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                            .map(|(&o, &n)| (o, n))
                    }) {
                        Some((o, n)) => format!(
                            "changed together with your {} in {n} commit{}",
                            k.files[o].path,
                            if n == 1 { "" } else { "s" }
                        ),
                        None => format!(
                            "changed in {} commits, among the most revised here",
                            k.files[x].revisions
                        ),
                    };
                    ReadFirst {
                        path: k.files[x].path.clone(),
                        why,
                    }
                })
                .collect();
            let mut ms = mentors::for_files(k, areas, &areas.files[a], Some(d));
            let mentor = if ms.is_empty() || !ms[0].active {
                None
            } else {
                Some(ms.remove(0))
            };
            ms.truncate(2);
            Step {
                area: areas.names[a].clone(),
                why,
                helps,
                read_first,
                mentor,
                also: ms,
            }
        })
        .collect();
    LearningPath { steps, notes }
}

/// The language most of `files` are written in.
fn dominant_language(k: &Knowledge, files: &[usize]) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for &f in files {
        if let Some(l) = k.files[f].language.as_deref() {
            *n.entry(l).or_default() += 1;
        }
    }
    n.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(l, _)| l.to_string())
}
