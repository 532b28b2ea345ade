//! `aexy bench`: measures the index against git itself on the same repository in one run —
//! `git log --numstat -M` time vs a fresh `aexy index` (ratio), numstat totals agreement, line
//! ownership agreement with `git blame`, peak memory, and the cost of one incremental commit.

mod measure;
pub mod synth;

pub use measure::{run, BenchOptions, BenchReport};
