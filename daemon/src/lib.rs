//! aexy: a local-first developer-insights engine. Indexes git history into SQLite and answers
//! who-knows-what questions for the CLI and the LSP daemon.

pub mod bench;
pub mod classify;
pub mod cli;
pub mod config;
pub mod experts_eval;
pub mod git;
pub mod identity;
pub mod index;
pub mod insights;
pub mod lsp;
pub mod matching;
pub mod net;
pub mod org;
pub mod query;
pub mod repo;
pub mod store;
pub mod time;
