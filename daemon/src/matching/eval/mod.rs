//! `aexy eval match`: replays the last N non-merge commits, ranking developers for each from
//! its masked subject using only the commits with smaller topological ids (one model grown in
//! id order — no re-index), and scores where the real author lands against baselines.

pub mod baselines;
pub mod exclude;
pub mod mask;
pub mod metrics;
pub mod replay;
pub mod reviewers;

use serde::Serialize;

pub use replay::{run, run_expanded, Expand};

/// Default number of held-out commits.
pub const DEFAULT_HOLDOUT: usize = 500;

/// The evaluation's answer (`--json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalReport {
    pub repository: String,
    pub head: String,
    /// Held-out non-merge commits considered (before exclusions).
    pub held_out: usize,
    /// Newest non-merge commits left out before the window (`--skip`).
    pub skipped: usize,
    pub evaluated: usize,
    pub excluded: exclude::Excluded,
    /// Mean number of candidates (developers with an earlier commit) per evaluated commit.
    pub candidates: f64,
    pub results: Vec<metrics::MethodResult>,
    /// The share of `mostActiveRecent`'s Hit@5 misses that `aexy` removes (target ≥ 0.5).
    pub recent_misses_removed: f64,
    /// The held-out commits `aexy` missed at 5, with `--misses` (empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub misses: Vec<Miss>,
    pub seconds: f64,
}

/// A held-out commit whose author `aexy` did not place in its first five.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Miss {
    pub commit: String,
    /// The masked query the methods saw.
    pub query: String,
    pub author: String,
    /// The author's commits before this one.
    pub earlier_commits: u32,
    pub days_since_last: Option<i64>,
    /// 1-based ranks (first of any tie) under `aexy`, `mostActiveRecent` and `pathOracle`.
    pub rank: usize,
    pub recent_rank: usize,
    pub oracle_rank: usize,
}
