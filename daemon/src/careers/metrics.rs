//! The figures a role criterion can name — a closed list, each measured from the history with
//! the methods aexy uses everywhere (Degree of Authorship for authorship, the profile's
//! proficiency formula for languages and areas), each with the cap the repository puts on it:
//!
//! | metric | what is counted | capped at |
//! |---|---|---|
//! | `commits` | credited non-merge commits (co-authors credited, bots not) | — |
//! | `active_months` | calendar months (UTC) with a commit, of the last 12 | 12 |
//! | `tenure_months` | months from the first to the last commit | the history's length |
//! | `languages` (level) | languages at that proficiency or above (profile formula) | languages in use |
//! | `areas` (level) | areas they author files in, at that proficiency or above | areas with an author |
//! | `authored_files` | files they author (DOA) | files with an author |
//! | `expert_areas` | areas where they author ≥ ⅓ of the authored files (≥ 2 files) | areas with ≥ 2 authored files |
//! | `collaborators` | developers who changed at least 3 of the same files | other such developers |
//! | `coauthored_commits` | commits they share with a co-author | habit: only inside `any` |
//! | `reviews` | reviews given, where synced from a forge | synced data: only inside `any` |

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::areas::{changers, Areas};
use super::ladder::Category;
use crate::insights::calendar;
use crate::insights::knowledge::Knowledge;
use crate::insights::profile::proficiency::Level;
use crate::insights::profile::{self, Skill};

/// Files two developers must both have changed to count as collaborators.
pub const SHARED_FILES: usize = 3;

/// A figure a criterion can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Commits,
    ActiveMonths,
    TenureMonths,
    Languages,
    Areas,
    AuthoredFiles,
    ExpertAreas,
    Collaborators,
    CoauthoredCommits,
    Reviews,
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Metric::Commits,
        Metric::ActiveMonths,
        Metric::TenureMonths,
        Metric::Languages,
        Metric::Areas,
        Metric::AuthoredFiles,
        Metric::ExpertAreas,
        Metric::Collaborators,
        Metric::CoauthoredCommits,
        Metric::Reviews,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::Commits => "commits",
            Metric::ActiveMonths => "active_months",
            Metric::TenureMonths => "tenure_months",
            Metric::Languages => "languages",
            Metric::Areas => "areas",
            Metric::AuthoredFiles => "authored_files",
            Metric::ExpertAreas => "expert_areas",
            Metric::Collaborators => "collaborators",
            Metric::CoauthoredCommits => "coauthored_commits",
            Metric::Reviews => "reviews",
        }
    }

    pub fn parse(s: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == s.trim())
    }

    /// What it counts, for `aexy career --ladder`.
    pub fn definition(self) -> &'static str {
        match self {
            Metric::Commits => "credited non-merge commits (co-authors credited, bots and AI agents not)",
            Metric::ActiveMonths => "calendar months (UTC) with at least one commit, of the last 12",
            Metric::TenureMonths => "months from the first to the last commit",
            Metric::Languages => "languages at the given proficiency or above (profile formula: recency-weighted lines and files)",
            Metric::Areas => "areas (two-level directories) they author files in, at the given proficiency or above",
            Metric::AuthoredFiles => "files they author (Degree of Authorship)",
            Metric::ExpertAreas => "areas where they author at least a third of the authored files (at least 2 files)",
            Metric::Collaborators => "developers who changed at least 3 of the same files",
            Metric::CoauthoredCommits => "commits shared with a co-author (Co-authored-by)",
            Metric::Reviews => "reviews given on pull requests, where synced from a forge",
        }
    }

    pub fn leveled(self) -> bool {
        matches!(self, Metric::Languages | Metric::Areas)
    }

    /// The largest value the metric can take anywhere.
    pub fn max(self) -> Option<f64> {
        (self == Metric::ActiveMonths).then_some(12.0)
    }

    /// Depends on team habits or synced data, so not every repository can show it.
    pub fn habit_dependent(self) -> bool {
        matches!(self, Metric::CoauthoredCommits | Metric::Reviews)
    }

    pub fn category(self) -> Category {
        match self {
            Metric::Commits | Metric::ActiveMonths | Metric::TenureMonths => Category::Consistency,
            Metric::Languages | Metric::Areas => Category::Breadth,
            Metric::AuthoredFiles | Metric::ExpertAreas => Category::Depth,
            Metric::Collaborators | Metric::CoauthoredCommits | Metric::Reviews => {
                Category::Collaboration
            }
        }
    }
}

/// One developer's figures, with what they were computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct DevFigures {
    pub dev: usize,
    pub commits: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// `YYYY-MM` of the active months in the last 12.
    pub active_months: Vec<String>,
    pub languages: Vec<Skill>,
    pub areas: Vec<profile::Area>,
    /// Considered files authored (knowledge file indices).
    pub authored: Vec<usize>,
    /// (area index, authored files there) of expert areas, and of areas short of it.
    pub expert_areas: Vec<(usize, usize)>,
    /// (developer, files changed by both), most first.
    pub collaborators: Vec<(usize, usize)>,
    pub coauthored: u64,
    /// Reviews given, when review data is synced.
    pub reviews: Option<u64>,
}

/// What the repository offers: the caps of the capped metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct Caps {
    /// Distinct skill languages among the considered files.
    pub languages: usize,
    pub areas: usize,
    pub possible_expert_areas: usize,
    pub authored_files: usize,
    /// Developers other than oneself who changed at least [`SHARED_FILES`] files.
    pub collaborators: usize,
    pub history_months: f64,
}

const MONTH: f64 = 30.436_875 * calendar::DAY as f64;

/// Months from `a` to `b`.
pub fn months_between(a: i64, b: i64) -> f64 {
    ((b - a).max(0) as f64 / MONTH * 10.0).floor() / 10.0
}

/// `(year*12 + month - 1)` of a `YYYY-MM` key.
fn month_index(key: &str) -> i64 {
    let (y, m) = key.split_once('-').unwrap_or(("0", "1"));
    y.parse::<i64>().unwrap_or(0) * 12 + m.parse::<i64>().unwrap_or(1) - 1
}

/// Files changed per developer (knowledge file indices, considered files only).
pub fn changed_files(k: &Knowledge) -> Vec<BTreeSet<usize>> {
    let mut out = vec![BTreeSet::new(); k.developers.len()];
    for (f, file) in k.files.iter().enumerate().filter(|(_, f)| f.considered) {
        let _ = file;
        for d in changers(k, f) {
            if let Some(s) = out.get_mut(d) {
                s.insert(f);
            }
        }
    }
    out
}

/// The repository's caps.
pub fn caps(k: &Knowledge, areas: &Areas, changed: &[BTreeSet<usize>]) -> Caps {
    let languages: BTreeSet<&str> = k
        .files
        .iter()
        .filter(|f| f.considered)
        .filter_map(|f| f.language.as_deref())
        .filter(|l| {
            crate::classify::language::by_name(l).is_none_or(|x| {
                matches!(
                    x.kind,
                    crate::classify::language::Kind::Programming
                        | crate::classify::language::Kind::Markup
                )
            })
        })
        .collect();
    let first = k
        .history
        .commits
        .iter()
        .map(|c| c.time)
        .min()
        .unwrap_or(k.now);
    Caps {
        languages: languages.len(),
        areas: (0..areas.names.len())
            .filter(|&a| areas.with_author[a] > 0)
            .count(),
        possible_expert_areas: areas.possible_expert_areas(),
        authored_files: k
            .files
            .iter()
            .filter(|f| f.considered && !f.authors.is_empty())
            .count(),
        collaborators: changed
            .iter()
            .filter(|s| s.len() >= SHARED_FILES)
            .count()
            .saturating_sub(1),
        history_months: months_between(first, k.now),
    }
}

/// Developer `d`'s figures.
pub fn figures(
    k: &Knowledge,
    areas: &Areas,
    changed: &[BTreeSet<usize>],
    d: usize,
    reviews: Option<u64>,
) -> DevFigures {
    let h = &k.history;
    let mine: Vec<usize> = (0..h.commits.len())
        .filter(|&c| h.commits[c].devs.contains(&d))
        .collect();
    // languages and areas through the profile's own pipeline
    let mut local: BTreeMap<i64, usize> = BTreeMap::new();
    let mut paths: Vec<String> = Vec::new();
    let mut local_of = |id: i64, path: &str| {
        *local.entry(id).or_insert_with(|| {
            paths.push(path.to_string());
            paths.len() - 1
        })
    };
    let changes = profile::load::developer_changes(h, &mine, &mut local_of);
    let authored: Vec<usize> = (0..k.files.len())
        .filter(|&f| k.files[f].considered && k.files[f].authors.contains(&d))
        .collect();
    let authored_local: Vec<usize> = authored
        .iter()
        .map(|&f| local_of(h.files[f].info.id, &h.files[f].info.path))
        .collect();
    let assembled = profile::assemble(&profile::Input {
        changes: &changes,
        paths: &paths,
        authored: &authored_local,
        packages: &[],
        now: k.now,
    });
    let now_month = month_index(&calendar::month_key(k.now));
    let months: BTreeSet<String> = mine
        .iter()
        .map(|&c| calendar::month_key(h.commits[c].time))
        .filter(|m| now_month - month_index(m) < 12)
        .collect();
    let mut collaborators: Vec<(usize, usize)> = changed
        .iter()
        .enumerate()
        .filter(|&(x, _)| x != d)
        .map(|(x, s)| (x, s.intersection(&changed[d]).count()))
        .filter(|&(_, n)| n >= SHARED_FILES)
        .collect();
    collaborators.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let expert_areas = areas
        .expert_areas_of(d)
        .into_iter()
        .map(|a| (a, areas.authored[a].get(&d).copied().unwrap_or(0)))
        .collect();
    DevFigures {
        dev: d,
        commits: mine.len() as u64,
        first: mine.first().map(|&c| h.commits[c].time),
        last: mine.iter().map(|&c| h.commits[c].time).max(),
        active_months: months.into_iter().collect(),
        languages: assembled.languages,
        areas: assembled.areas,
        authored,
        expert_areas,
        collaborators,
        coauthored: mine
            .iter()
            .filter(|&&c| h.commits[c].devs.len() > 1)
            .count() as u64,
        reviews,
    }
}

/// The value of `m` (at `level`) for these figures; `None` when not measured here.
pub fn value(f: &DevFigures, m: Metric, level: Option<Level>) -> Option<f64> {
    let at = |l: Level| level.is_none_or(|want| l >= want);
    Some(match m {
        Metric::Commits => f.commits as f64,
        Metric::ActiveMonths => f.active_months.len() as f64,
        Metric::TenureMonths => match (f.first, f.last) {
            (Some(a), Some(b)) => months_between(a, b),
            _ => 0.0,
        },
        Metric::Languages => f
            .languages
            .iter()
            .filter(|s| at(s.proficiency.level))
            .count() as f64,
        Metric::Areas => f.areas.iter().filter(|a| at(a.proficiency.level)).count() as f64,
        Metric::AuthoredFiles => f.authored.len() as f64,
        Metric::ExpertAreas => f.expert_areas.len() as f64,
        Metric::Collaborators => f.collaborators.len() as f64,
        Metric::CoauthoredCommits => f.coauthored as f64,
        Metric::Reviews => return f.reviews.map(|r| r as f64),
    })
}

/// The repository's cap on `m`, with the reason, when it limits the metric.
pub fn cap(c: &Caps, m: Metric) -> Option<(f64, String)> {
    let (v, what) = match m {
        Metric::Languages => (c.languages as f64, "languages in use here"),
        Metric::Areas => (c.areas as f64, "areas with an author here"),
        Metric::ExpertAreas => (
            c.possible_expert_areas as f64,
            "areas here with 2 or more authored files",
        ),
        Metric::AuthoredFiles => (c.authored_files as f64, "files with an author here"),
        Metric::Collaborators => (
            c.collaborators as f64,
            "other developers here who changed 3 or more files",
        ),
        Metric::TenureMonths => (c.history_months, "months of history here"),
        _ => return None,
    };
    Some((v, format!("{v} {what}")))
}
