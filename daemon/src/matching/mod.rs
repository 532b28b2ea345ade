//! Task matching and reviewer suggestion that explain themselves, and the replay of history
//! that measures them (`eval`). Deterministic: tokens, BM25 retrieval over file documents,
//! Degree of Authorship and recency — no network, no model weights.

pub mod bm25;
pub mod change;
pub mod chrev;
pub mod documents;
pub mod eval;
pub mod knowledge;
pub mod load;
pub mod model;
pub mod rank;
pub mod reasons;
pub mod revfinder;
pub mod review_model;
pub mod review_suggest;
pub mod reviewers;
pub mod task;
pub mod tokenize;

pub use task::{match_task, MatchReport};
