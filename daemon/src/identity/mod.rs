//! Identities: bot and AI-agent detection, commit trailers, name normalisation, and the
//! query-time resolver that groups raw identities into developers.

pub mod accounts;
mod ai;
mod bots;
#[cfg(test)]
mod git_crosscheck;
mod mailmap;
mod names;
mod resolve;
mod trailers;
pub(crate) mod union_find;

pub use ai::ai_agent;
pub use bots::is_bot;
pub use names::{is_generic_email, normalize_name};
pub use resolve::{Developer, RawIdentity, Resolver};
pub use trailers::{co_authors, parse_trailers};
