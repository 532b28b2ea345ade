//! aexy: a local-first developer-insights engine. Indexes git history into SQLite and answers
//! who-knows-what questions for the CLI and the LSP daemon.

pub mod bench;
pub mod careers;
pub mod classify;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod escape;
pub mod experts_eval;
pub mod git;
pub mod hiring;
pub mod identity;
pub mod index;
pub mod insights;
pub mod llm;
pub mod lsp;
pub mod matching;
pub mod net;
pub mod org;
pub mod query;
pub mod repo;
pub mod reviews;
pub mod sources;
pub mod store;
pub mod teams;
pub mod time;
