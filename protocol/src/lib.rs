//! The aexy wire contract: custom LSP method names, their params and results as serde types.
//! No I/O lives here; the daemon and the editor clients (VS Code, Neovim, Emacs) mirror these
//! definitions. Every field is camelCase on the wire; every method has a JSON example.

pub mod careers;
pub mod commands;
pub mod common;
pub mod explain;
pub mod insights;
pub mod matching;
pub mod org;
pub mod ownership;
pub mod sources;
pub mod status;
pub mod teams;

pub use common::{Person, Position, TextDocumentRef};

/// Version of the wire contract, reported in `initialize`'s `serverInfo` and in `aexy/status`.
///
/// Bumped (semver) whenever a method, field or meaning changes; clients compare the major part.
pub const PROTOCOL_VERSION: &str = "0.2.0";

/// The `name` the daemon reports in `initialize`'s `serverInfo`.
pub const SERVER_NAME: &str = "aexy";
