//! Who can teach an area: its experts (see `areas`) who committed in the last
//! [`MENTOR_ACTIVE_DAYS`] days, ranked so that someone who is not overloaded comes first. A
//! developer is **overloaded** when they are already the go-to person (the active expert with
//! the most files) of more than [`MAX_GO_TO_AREAS`] areas: everyone asks them already.
//! Inactive experts are listed last, as people who once knew the code.

use serde::Serialize;

use super::areas::Areas;
use crate::insights::calendar;
use crate::insights::knowledge::Knowledge;
use crate::insights::render::count;

/// A mentor must have committed within this many days.
pub const MENTOR_ACTIVE_DAYS: u32 = 90;
/// Go-to areas beyond which a developer is overloaded.
pub const MAX_GO_TO_AREAS: usize = 3;

/// One possible mentor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mentor {
    /// Developer index (not on the wire).
    #[serde(skip)]
    pub dev: usize,
    pub name: String,
    pub email: String,
    /// Files they author in the area, of the area's authored files.
    pub authored: usize,
    pub of: usize,
    pub last_commit: String,
    pub active: bool,
    /// Areas where they are the go-to person.
    pub go_to_areas: Vec<String>,
    pub overloaded: bool,
    pub why: String,
}

/// The experts of the considered files `files` as mentors, best first; `exclude` (the learner)
/// is left out.
pub fn for_files(
    k: &Knowledge,
    areas: &Areas,
    files: &[usize],
    exclude: Option<usize>,
) -> Vec<Mentor> {
    let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut with_author = 0;
    for &f in files {
        if !k.files[f].authors.is_empty() {
            with_author += 1;
        }
        for &d in &k.files[f].authors {
            *counts.entry(d).or_default() += 1;
        }
    }
    let need = ((super::areas::EXPERT_SHARE * with_author as f64).ceil() as usize).max(1);
    let active = |d: usize| k.active(d, MENTOR_ACTIVE_DAYS);
    let mut out: Vec<(usize, usize, Vec<usize>)> = counts
        .into_iter()
        .filter(|&(d, n)| n >= need && Some(d) != exclude)
        .map(|(d, n)| (d, n, areas.go_to_areas(d, &active)))
        .collect();
    let rank = |d: usize, load: usize| match (active(d), load > MAX_GO_TO_AREAS) {
        (true, false) => 0,
        (true, true) => 1,
        (false, _) => 2,
    };
    out.sort_by(|a, b| {
        rank(a.0, a.2.len())
            .cmp(&rank(b.0, b.2.len()))
            .then(b.1.cmp(&a.1))
            .then(k.last_active[b.0].cmp(&k.last_active[a.0]))
            .then(a.0.cmp(&b.0))
    });
    out.into_iter()
        .map(|(d, n, go_to)| {
            let r = k.dev(d);
            let is_active = active(d);
            let overloaded = is_active && go_to.len() > MAX_GO_TO_AREAS;
            let last = k.last_active[d];
            let idle = k.idle_days(d).unwrap_or(0);
            let why = if !is_active {
                format!(
                    "authors {n} of {}, but last committed {idle} days ago",
                    count(with_author, "file")
                )
            } else if overloaded {
                format!(
                    "authors {n} of {}, but is already the go-to person for {} areas",
                    count(with_author, "file"),
                    go_to.len()
                )
            } else {
                format!(
                    "authors {n} of {}, active {idle} days ago, go-to person for {}",
                    count(with_author, "file"),
                    count(go_to.len(), "area")
                )
            };
            Mentor {
                dev: d,
                name: r.name,
                email: r.email,
                authored: n,
                of: with_author,
                last_commit: if last == i64::MIN {
                    String::new()
                } else {
                    calendar::date_key(last)
                },
                active: is_active,
                go_to_areas: go_to.iter().map(|&a| areas.names[a].clone()).collect(),
                overloaded,
                why,
            }
        })
        .collect()
}

/// The considered files below `path` (an area name or any directory), if there are any.
pub fn files_under(k: &Knowledge, path: &str) -> Vec<usize> {
    let p = path.trim_matches('/');
    let p = if p == "." { "" } else { p };
    (0..k.files.len())
        .filter(|&f| {
            let fp = &k.files[f].path;
            k.files[f].considered
                && (p.is_empty()
                    || fp == p
                    || (fp.starts_with(p) && fp.as_bytes().get(p.len()) == Some(&b'/')))
        })
        .collect()
}
