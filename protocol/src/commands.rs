//! Command identifiers for `workspace/executeCommand`. Each command also writes a Markdown
//! report under the data dir and opens it with `window/showDocument`, for clients that discard
//! command results.

use serde::{Deserialize, Serialize};

/// Opens the ownership details of a file. Arguments: `[{ "uri": "file:///…" }]`.
/// Result: the same object as `aexy/ownership` (without a line), plus the report's path.
pub const SHOW_OWNERS: &str = "aexy.showOwners";
/// Re-indexes every repository (or the one holding the given document). Arguments: none or
/// `[{ "uri": "file:///…" }]`. Result: `{ "started": true }`; progress arrives as `$/progress`.
pub const REINDEX: &str = "aexy.reindex";
/// Writes the daemon's status. Arguments: none. Result: the `aexy/status` result.
pub const STATUS: &str = "aexy.status";

/// Ranks developers for a task. Arguments: `[{ "text": "…", "limit"?: 5, "uri"?: "file:///…" }]`.
/// Result: the `aexy/matchTask` result.
pub const MATCH_TASK: &str = "aexy.matchTask";
/// Suggests reviewers. Arguments: none (the working tree of the first repository) or
/// `[{ "uri"?: "file:///…", "uris"?: ["file:///…"], "range"?: "A..B" }]`.
/// Result: the `aexy/suggestReviewers` result.
pub const SUGGEST_REVIEWERS: &str = "aexy.suggestReviewers";

/// Ranks developers for a tracker issue. Arguments: `[{ "issue": "AX-12", "limit"?: 5,
/// "uri"?: "file:///…" }]`. Result: the `aexy/matchIssue` result.
pub const MATCH_ISSUE: &str = "aexy.matchIssue";
/// Syncs pull requests, reviews and issues. Arguments: none or `[{ "uri": "file:///…" }]`.
/// Result: the `aexy/sync` result; progress arrives as `$/progress`.
pub const SYNC: &str = "aexy.sync";
/// Explains the history of lines (the code action's command). Arguments:
/// `[{ "uri": "file:///…", "range"?: { "start": 9, "end": 24 } }]` (zero-based buffer lines).
/// Result: the `aexy/explain` result (not streamed; editors with a plugin send `aexy/explain`
/// themselves to stream it).
pub const EXPLAIN: &str = "aexy.explain";

/// Every command the daemon registers in `executeCommandProvider`.
pub const ALL: &[&str] = &[
    SHOW_OWNERS,
    REINDEX,
    STATUS,
    MATCH_TASK,
    SUGGEST_REVIEWERS,
    MATCH_ISSUE,
    SYNC,
    EXPLAIN,
];

/// What a command returns besides its own payload: where the Markdown report was written.
///
/// ```json
/// { "report": "/home/alice/.local/share/aexy/reports/owners-main.rs.md", "result": { } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandResult {
    /// Absolute path of the Markdown report (also sent with `window/showDocument`).
    pub report: Option<String>,
    /// The command's own result (see each command).
    pub result: serde_json::Value,
}
