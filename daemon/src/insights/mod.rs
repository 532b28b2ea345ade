//! Insights: who knows what, how concentrated that knowledge is, and how the team works —
//! each figure from a published method where one exists, computed on plain data so every
//! algorithm is testable without a repository (loading from the store lives in `history`).

pub mod ai_share;
pub mod calendar;
pub mod context;
pub mod coupling;
pub mod doa;
pub mod expertise;
pub mod fragmentation;
pub mod history;
pub mod hotspots;
pub mod knowledge;
pub mod maintainers;
pub mod offboarding;
pub mod profile;
pub mod render;
pub mod reviews;
pub mod silos;
pub mod sustainability;
pub mod team;
pub mod truck_factor;
pub mod velocity;

/// How a commit touched a file, as `git log --name-status -M` reports it against the first parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    Renamed,
}

impl ChangeKind {
    /// From the store's one-letter code (`A`, `M`, `D`, `R`).
    pub fn from_code(code: &str) -> Option<ChangeKind> {
        match code {
            "A" => Some(ChangeKind::Added),
            "M" => Some(ChangeKind::Modified),
            "D" => Some(ChangeKind::Deleted),
            "R" => Some(ChangeKind::Renamed),
            _ => None,
        }
    }
}
