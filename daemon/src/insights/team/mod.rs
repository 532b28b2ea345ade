//! Team insights for a repository (or one directory of it): truck factor with its coverage trace
//! (overall, pruned, per directory), knowledge silos, orphaned code, an off-boarding what-if,
//! hotspots, change coupling, fragmentation, velocity and AI-assisted share — one serializable
//! structure shared by the CLI, the report and the daemon's `aexy/teamInsights`.

pub mod compute;
pub mod knowledge;

pub use crate::insights::context::team_insights;
pub use compute::compute;

use serde::{Deserialize, Serialize};

use super::coupling::CouplingOptions;
use super::velocity::Velocity;

/// What to analyse and with which thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamOptions {
    /// Restrict to files below this repository-relative directory.
    pub path: Option<String>,
    /// Developers (name, e-mail or alias) to remove for the off-boarding what-if.
    pub without: Vec<String>,
    /// An author inactive this long no longer counts (orphaned code).
    pub inactive_days: u32,
    /// Hotspot window.
    pub window_days: u32,
    pub coupling: CouplingOptions,
    /// Share of the top truck-factor developer's files below which the pruned variant drops one.
    pub prune_share: f64,
    /// Credit bots like humans.
    pub include_bots: bool,
    /// Consider every file, not only Linguist's detectable ones.
    pub all_files: bool,
    /// Length of ranked lists (hotspots, coupling, silos, …).
    pub limit: usize,
    /// Deepest directory level reported with its own truck factor.
    pub directory_depth: usize,
}

impl Default for TeamOptions {
    fn default() -> Self {
        TeamOptions {
            path: None,
            without: Vec::new(),
            inactive_days: super::silos::DEFAULT_INACTIVE_DAYS,
            window_days: super::hotspots::DEFAULT_WINDOW_DAYS,
            coupling: CouplingOptions::default(),
            prune_share: super::truck_factor::PRUNE_SHARE,
            include_bots: false,
            all_files: false,
            limit: 20,
            directory_depth: 2,
        }
    }
}

/// A developer as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevRef {
    pub name: String,
    pub email: String,
}

/// A truck factor with named developers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TruckFactorReport {
    pub value: usize,
    /// Removed developers in order, each with the files they author.
    pub developers: Vec<TfDeveloper>,
    /// Coverage after 0, 1, … removals.
    pub coverage: Vec<f64>,
    pub files: usize,
}

impl TruckFactorReport {
    /// The report of `tf` with its developers named by `dev`.
    pub fn named(
        tf: &super::truck_factor::TruckFactor,
        dev: impl Fn(usize) -> DevRef,
    ) -> TruckFactorReport {
        TruckFactorReport {
            value: tf.value,
            developers: tf
                .developers
                .iter()
                .zip(&tf.authored)
                .map(|(&d, &n)| {
                    let r = dev(d);
                    TfDeveloper {
                        name: r.name,
                        email: r.email,
                        authored_files: n,
                    }
                })
                .collect(),
            coverage: tf.coverage.clone(),
            files: tf.files,
        }
    }
}

/// One truck-factor developer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TfDeveloper {
    pub name: String,
    pub email: String,
    pub authored_files: usize,
}

/// A directory's truck factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryReport {
    pub directory: String,
    pub truck_factor: TruckFactorReport,
    /// Files authored per developer below the directory (co-authored files split evenly).
    pub ownership: Vec<(DevRef, f64)>,
}

/// Silos: files and directories with a single author.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Silos {
    pub files: usize,
    pub file_list: Vec<SiloFile>,
    pub directories: Vec<SiloDirectory>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiloFile {
    pub path: String,
    pub author: DevRef,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiloDirectory {
    pub directory: String,
    pub author: DevRef,
    pub files: usize,
}

/// A file whose authors are all inactive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrphanedFile {
    pub path: String,
    pub authors: Vec<DevRef>,
    /// RFC 3339 (UTC) of the latest activity of any of its authors.
    pub last_active: String,
}

/// The off-boarding what-if.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfReport {
    pub removed: Vec<DevRef>,
    /// Names given that matched no developer.
    pub unknown: Vec<String>,
    pub coverage_before: f64,
    pub coverage_after: f64,
    pub files_without_author: Vec<String>,
    pub truck_factor: TruckFactorReport,
}

/// A ranked hotspot.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HotspotReport {
    pub path: String,
    pub revisions: u32,
    pub churn: u64,
    pub complexity: super::hotspots::Complexity,
    pub score: f64,
}

/// A coupled pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CouplingReport {
    pub path: String,
    pub coupled: String,
    pub degree: u32,
    pub shared_commits: u32,
    pub commits: u32,
    pub coupled_commits: u32,
}

/// A fragmented file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FragmentationReport {
    pub path: String,
    pub fragmentation: f64,
    pub developers: usize,
    pub main_developer: Option<DevRef>,
    pub main_share: f64,
}

/// AI-assisted share with developers named.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AiReport {
    pub overall: super::ai_share::Share,
    pub by_developer: Vec<(DevRef, super::ai_share::Share)>,
    pub by_directory: std::collections::BTreeMap<String, super::ai_share::Share>,
    pub by_month: std::collections::BTreeMap<String, super::ai_share::Share>,
}

/// What the analysis covered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeReport {
    /// The repository's name (its work directory's name).
    pub repository: String,
    pub path: Option<String>,
    /// RFC 3339 (UTC) of the latest included commit.
    pub as_of: String,
    pub commits: usize,
    pub developers: usize,
    /// Files at the snapshot, and those considered (not vendored/generated/docs/data).
    pub files: usize,
    pub considered_files: usize,
    pub files_with_author: usize,
}

/// The whole team report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamInsights {
    pub scope: ScopeReport,
    /// Avelino's truck factor (DOA authors, greedy removal): the published figure.
    pub truck_factor: TruckFactorReport,
    pub pruned_truck_factor: TruckFactorReport,
    /// The same greedy removal over the files' maintainers by aexy's model (`maintainers`: who
    /// looks after each file now, as its developers would say), offered beside Avelino's.
    pub maintainers_truck_factor: TruckFactorReport,
    pub directories: Vec<DirectoryReport>,
    pub silos: Silos,
    pub orphaned: Vec<OrphanedFile>,
    pub what_if: Option<WhatIfReport>,
    pub hotspots: Vec<HotspotReport>,
    pub coupling: Vec<CouplingReport>,
    pub fragmentation: Vec<FragmentationReport>,
    pub velocity: Velocity,
    pub ai_share: AiReport,
    /// Commits per weekday × hour, each in its author's own time zone.
    pub heatmap: super::profile::heatmap::Heatmap,
    pub options: TeamOptions,
}
