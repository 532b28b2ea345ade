//! aexy: a local-first developer-insights engine. Indexes git history into SQLite and answers
//! who-knows-what questions for the CLI and the LSP daemon.

pub mod classify;
pub mod cli;
pub mod identity;
pub mod lsp;
pub mod store;
