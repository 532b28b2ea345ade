//! aexy: a local-first developer-insights engine. Indexes git history into SQLite and answers
//! who-knows-what questions for the CLI and the LSP daemon.

pub mod classify;
pub mod identity;
pub mod insights;
pub mod store;
