//! `aexy bench`: measures the index against git itself on the same repository in one run —
//! `git log --numstat -M` time vs a fresh `aexy index` (ratio), numstat totals agreement, line
//! ownership agreement with `git blame`, peak memory, the cost of one incremental commit, and
//! with `--workflows` the cost of amends, branch switches, rebases and `--as-of` on a branch.

mod commits;
mod measure;
pub mod synth;
pub mod workflows;

pub use measure::{run, BenchOptions, BenchReport};
