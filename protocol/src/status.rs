//! `aexy/status`: the daemon's version and, per repository, the state of its index.
//! Clients poll it for a status bar; it never blocks on indexing.

use serde::{Deserialize, Serialize};

/// Method name of [`StatusResult`]'s request. Params: none (`null` or `{}`).
pub const METHOD: &str = "aexy/status";

/// Result of `aexy/status`.
///
/// ```json
/// {
///   "version": "0.2.0",
///   "repositories": [
///     { "root": "/home/alice/app", "head": "4f1c…e2", "state": "indexing",
///       "commitsIndexed": 1200, "commitsTotal": 5000, "message": "indexing 24%" }
///   ]
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusResult {
    /// [`crate::PROTOCOL_VERSION`].
    pub version: String,
    pub repositories: Vec<RepositoryStatus>,
}

/// One repository the daemon serves (one per workspace folder's repository).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryStatus {
    /// Canonical work-tree root.
    pub root: String,
    /// The HEAD commit the index answers for (`null` until a first index exists).
    pub head: Option<String>,
    pub state: IndexState,
    pub commits_indexed: u64,
    pub commits_total: u64,
    /// Human-readable detail: progress, or the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Where a repository's index stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IndexState {
    /// Being built or updated; answers come from the previous index (if any) and say so.
    Indexing,
    /// Up to date with HEAD.
    Ready,
    /// The last indexing failed; `message` says why.
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_round_trips() {
        let json = r#"{"version":"0.2.0","repositories":[{"root":"/home/alice/app","head":"4f1c","state":"indexing","commitsIndexed":1200,"commitsTotal":5000,"message":"indexing 24%"}]}"#;
        let parsed: StatusResult = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.repositories[0].state, IndexState::Indexing);
        assert_eq!(parsed.repositories[0].commits_total, 5000);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
    }
}
