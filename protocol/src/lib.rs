//! The aexy wire contract: custom LSP method names, their params and results as serde types.
//! No I/O lives here; the daemon and the editor clients both mirror these definitions.

/// Version of the wire contract, reported in `initialize`'s `serverInfo` and in `aexy/status`.
pub const PROTOCOL_VERSION: &str = "0.1.0";
