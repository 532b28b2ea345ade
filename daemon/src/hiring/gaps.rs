//! `aexy hiring gaps`: what the team lacks, from evidence, ranked by risk.
//!
//! Kinds, each with who holds the knowledge now:
//! - `no-active-expert`: an area (two-level directory) whose every author is inactive
//!   (`inactive_days`, default 365): the knowledge has left;
//! - `leaving`: a developer idle for [`LEAVING_DAYS`] or more but not yet inactive, who is the
//!   only author of files: knowledge about to leave;
//! - `single-expert`: an area whose truck factor (Avelino's greedy estimate over its files) is 1;
//! - `few-holders`: a language (at intermediate proficiency or above, profile formula) or a
//!   framework (declared by a manifest; its holders are the active experts of the code under
//!   that manifest) used in at least [`MIN_FILES`] files, with at most one active holder;
//! - `hotspot-single-owner`: a file changed at least [`HOTSPOT_CHANGES`] times in the last
//!   `RECENT_DAYS` with a single author.
//!
//! **Risk** = fragility × exposure. Exposure: the files that need the knowledge plus the changes
//! they received in the last 180 days (code being worked on needs the knowledge now). Fragility:
//! no active expert 1.0, no active holder of a skill 0.9, leaving 0.8, one holder of a skill 0.6,
//! single expert 0.6, hotspot with one owner 0.5. Ties: by kind in that order, then by name.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use super::gap::skill_language;
use super::gap::{gap, Ctx};
use crate::careers::areas::Areas;
use crate::careers::metrics::DevFigures;
use crate::insights::knowledge::Knowledge;
use crate::insights::profile::proficiency::Level;
use crate::insights::render::count;
use crate::insights::truck_factor;

/// Idle days from which a developer's knowledge is leaving.
pub const LEAVING_DAYS: u32 = 180;
/// Files a language or framework must be used in to matter.
pub const MIN_FILES: usize = 3;
/// Recent changes that make a single-author file a hotspot gap.
pub const HOTSPOT_CHANGES: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapKind {
    NoActiveExpert,
    FewHolders,
    Leaving,
    SingleExpert,
    HotspotSingleOwner,
}

impl GapKind {
    pub fn word(self) -> &'static str {
        match self {
            GapKind::NoActiveExpert => "no-active-expert",
            GapKind::FewHolders => "few-holders",
            GapKind::Leaving => "leaving",
            GapKind::SingleExpert => "single-expert",
            GapKind::HotspotSingleOwner => "hotspot-single-owner",
        }
    }
}

/// Who holds the knowledge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    pub name: String,
    pub detail: String,
}

/// One gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    pub kind: GapKind,
    /// The area, person, language, framework or file.
    pub subject: String,
    pub risk: f64,
    pub fragility: f64,
    pub files: usize,
    pub recent_changes: u32,
    pub holders: Vec<Holder>,
    pub evidence: Vec<String>,
    /// Languages and frameworks the gap's code uses, most files first.
    pub languages: Vec<String>,
    pub frameworks: Vec<String>,
    /// Areas concerned.
    pub areas: Vec<String>,
    /// A few of the files.
    pub examples: Vec<String>,
}

/// A framework declared by a manifest: (manifest directory, framework display names).
pub type Frameworks = Vec<(String, Vec<String>)>;

/// Thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub inactive_days: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            inactive_days: crate::insights::silos::DEFAULT_INACTIVE_DAYS,
        }
    }
}

/// Everything the gaps are computed from.
pub struct Inputs<'a> {
    pub k: &'a Knowledge,
    pub areas: &'a Areas,
    /// Figures of the active developers (languages).
    pub figures: &'a [DevFigures],
    pub frameworks: &'a Frameworks,
}

/// The gaps, riskiest first.
pub fn gaps(inp: &Inputs<'_>, o: &Options) -> Vec<Gap> {
    let (k, areas) = (inp.k, inp.areas);
    let c = Ctx {
        k,
        areas,
        frameworks: inp.frameworks,
    };
    let active = |d: usize| k.active(d, o.inactive_days);
    let mut out = Vec::new();
    for a in 0..areas.names.len() {
        out.extend(area_gap(&c, a, o, &active));
    }
    // people leaving
    for d in 0..k.developers.len() {
        let idle = k.idle_days(d).unwrap_or(0);
        if idle < i64::from(LEAVING_DAYS) || !active(d) {
            continue;
        }
        let sole: Vec<usize> = (0..k.files.len())
            .filter(|&f| k.files[f].considered && k.files[f].authors == [d])
            .collect();
        if sole.is_empty() {
            continue;
        }
        let holder = Holder {
            name: k.dev(d).name,
            detail: format!("idle for {idle} days"),
        };
        let why = format!(
            "the only author of {}; last commit {idle} days ago",
            count(sole.len(), "file")
        );
        out.push(gap(
            &c,
            GapKind::Leaving,
            &k.dev(d).name,
            0.8,
            &sole,
            vec![holder],
            vec![why],
        ));
    }
    // languages
    let mut by_language: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (f, file) in k.files.iter().enumerate().filter(|(_, x)| x.considered) {
        if let Some(l) = file.language.as_deref().filter(|l| skill_language(l)) {
            by_language.entry(l).or_default().push(f);
        }
    }
    for (lang, files_of) in by_language.iter().filter(|(_, v)| v.len() >= MIN_FILES) {
        let level_of = |x: &DevFigures| {
            x.languages
                .iter()
                .find(|s| s.name == *lang)
                .map(|s| s.proficiency.level)
        };
        let holders: Vec<Holder> = inp
            .figures
            .iter()
            .filter(|x| active(x.dev) && level_of(x).is_some_and(|l| l >= Level::Intermediate))
            .map(|x| Holder {
                name: k.dev(x.dev).name,
                detail: format!(
                    "{lang} {}",
                    level_of(x)
                        .map(crate::careers::ladder::level_name)
                        .unwrap_or("")
                ),
            })
            .collect();
        if holders.len() > 1 {
            continue;
        }
        let why = format!(
            "{} in {lang}; {} at intermediate or above",
            count(files_of.len(), "file"),
            count(holders.len(), "active developer")
        );
        let fragility = if holders.is_empty() { 0.9 } else { 0.6 };
        out.push(gap(
            &c,
            GapKind::FewHolders,
            lang,
            fragility,
            files_of,
            holders,
            vec![why],
        ));
    }
    // frameworks: held by the active experts of the code under the manifest declaring them
    for (dir, names) in inp.frameworks {
        let under = crate::careers::mentors::files_under(k, dir);
        if under.len() < MIN_FILES {
            continue;
        }
        let experts: Vec<crate::careers::mentors::Mentor> =
            crate::careers::mentors::for_files(k, areas, &under, None)
                .into_iter()
                .filter(|m| active(m.dev))
                .collect();
        if experts.len() > 1 {
            continue;
        }
        let place = if dir.is_empty() {
            "the repository".to_string()
        } else {
            format!("{dir}/")
        };
        for fw in names {
            let holders = experts
                .iter()
                .map(|m| Holder {
                    name: m.name.clone(),
                    detail: format!("active expert of {place}"),
                })
                .collect();
            let why = format!(
                "declared by the manifest of {place} ({}); {} there",
                count(under.len(), "file"),
                count(experts.len(), "active expert")
            );
            let mut g = gap(
                &c,
                GapKind::FewHolders,
                fw,
                if experts.is_empty() { 0.9 } else { 0.6 },
                &under,
                holders,
                vec![why],
            );
            g.frameworks = vec![fw.clone()];
            out.push(g);
        }
    }
    // hotspots with one owner (not already inside an area gap held by the same person)
    let covered: BTreeSet<(String, String)> = out
        .iter()
        .filter(|g| {
            matches!(
                g.kind,
                GapKind::SingleExpert | GapKind::NoActiveExpert | GapKind::Leaving
            )
        })
        .flat_map(|g| {
            g.areas
                .iter()
                .flat_map(move |a| g.holders.iter().map(move |h| (a.clone(), h.name.clone())))
        })
        .collect();
    for (f, file) in k.files.iter().enumerate() {
        if !file.considered || file.authors.len() != 1 || file.recent < HOTSPOT_CHANGES {
            continue;
        }
        let d = file.authors[0];
        let area = areas.of_file[f]
            .map(|a| areas.names[a].clone())
            .unwrap_or_default();
        if covered.contains(&(area, k.dev(d).name)) {
            continue;
        }
        let holder = Holder {
            name: k.dev(d).name,
            detail: "only author".into(),
        };
        let why = format!(
            "changed {} times in the last 180 days; one author",
            file.recent
        );
        out.push(gap(
            &c,
            GapKind::HotspotSingleOwner,
            &file.path,
            0.5,
            &[f],
            vec![holder],
            vec![why],
        ));
    }
    for g in &mut out {
        g.risk =
            (g.fragility * (g.files as f64 + f64::from(g.recent_changes)) * 100.0).round() / 100.0;
    }
    out.sort_by(|a, b| {
        b.risk
            .total_cmp(&a.risk)
            .then(a.kind.cmp(&b.kind))
            .then(a.subject.cmp(&b.subject))
    });
    out
}

/// The gap of area `a`, if it has one: no active expert, or a truck factor of 1.
fn area_gap(c: &Ctx<'_>, a: usize, o: &Options, active: &dyn Fn(usize) -> bool) -> Option<Gap> {
    let (k, areas) = (c.k, c.areas);
    let files = &areas.files[a];
    let authors: BTreeSet<usize> = files
        .iter()
        .flat_map(|&f| k.files[f].authors.iter().copied())
        .collect();
    if authors.is_empty() {
        return None;
    }
    if !authors.iter().any(|&d| active(d)) {
        let holders = authors
            .iter()
            .map(|&d| Holder {
                name: k.dev(d).name,
                detail: format!("inactive for {} days", k.idle_days(d).unwrap_or(0)),
            })
            .collect();
        let why = format!(
            "{} of {} have an author, and no author committed in the last {} days",
            areas.with_author[a],
            count(files.len(), "file"),
            o.inactive_days
        );
        return Some(gap(
            c,
            GapKind::NoActiveExpert,
            &areas.names[a],
            1.0,
            files,
            holders,
            vec![why],
        ));
    }
    let file_authors: Vec<Vec<usize>> = files.iter().map(|&f| k.files[f].authors.clone()).collect();
    let tf = truck_factor::greedy(&file_authors, k.changes());
    if tf.value != 1 {
        return None;
    }
    let d = tf.developers[0];
    let holders = vec![Holder {
        name: k.dev(d).name,
        detail: format!(
            "authors {} of {}",
            tf.authored[0],
            count(files.len(), "file")
        ),
    }];
    let after = tf.coverage.get(1).copied().unwrap_or(0.0);
    let why = format!(
        "truck factor 1: without {} only {} of its files keep an author",
        k.dev(d).name,
        crate::insights::render::pct(after)
    );
    Some(gap(
        c,
        GapKind::SingleExpert,
        &areas.names[a],
        0.6,
        files,
        holders,
        vec![why],
    ))
}

#[cfg(test)]
#[path = "gaps_tests.rs"]
mod tests;
