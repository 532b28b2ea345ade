//! `aexy/matchIssue` and `aexy/sync`: who should take a tracker issue (Jira, Linear, GitHub or
//! GitLab), and syncing pull requests, reviews and issues from the configured services
//! (progress as `$/progress`). Both answer with a message when nothing is configured.

use serde::{Deserialize, Serialize};

use crate::matching::CandidatesResult;
use crate::TextDocumentRef;

/// Method name of the issue-matching request.
pub const MATCH_ISSUE: &str = "aexy/matchIssue";
/// Method name of the sync request.
pub const SYNC: &str = "aexy/sync";

/// Params of `aexy/matchIssue`: the issue as `PROJ-123`, `ENG-42`, `#456`, `owner/name#456` or
/// its URL; `textDocument` picks the repository.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" }, "issue": "AX-12", "limit": 5 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchIssueParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    pub issue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// The issue that was matched.
///
/// ```json
/// { "system": "jira", "key": "AX-12", "title": "Retry storms after resets", "status": "To Do",
///   "url": "https://acme.atlassian.net/browse/AX-12", "labels": ["network"],
///   "components": ["Networking"], "paths": ["src/net/retry.rs"], "linkedFiles": 1 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueInfo {
    pub system: String,
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub components: Vec<String>,
    /// Files it is about: those of pull requests that mention it, then paths its text names.
    #[serde(default)]
    pub paths: Vec<String>,
    /// How many of `paths` came from pull requests that mention it.
    #[serde(default)]
    pub linked_files: usize,
}

/// Result of `aexy/matchIssue`: the ranked candidates (as `aexy/matchTask`) and the issue.
///
/// ```json
/// { "available": true, "message": null, "candidates": [
///     { "person": { "name": "Bob", "email": "bob@example.com" }, "score": 1.0,
///       "reasons": ["author of src/net/retry.rs (DOA 4.6)"] } ],
///   "issue": { "system": "jira", "key": "AX-12", "title": "Retry storms after resets" } }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchIssueResult {
    #[serde(flatten)]
    pub result: CandidatesResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<IssueInfo>,
}

/// Params of `aexy/sync`: the repository of `textDocument` (else every open one).
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" } }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
}

/// Result of `aexy/sync`: whether a sync started (it runs in the background, reporting
/// `$/progress` and ending with `window/showMessage`), or why not.
///
/// ```json
/// { "started": true, "repositories": ["/home/alice/app"], "message": null }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncResult {
    pub started: bool,
    #[serde(default)]
    pub repositories: Vec<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_round_trip() {
        let p: MatchIssueParams = serde_json::from_str(r#"{"issue":"AX-12"}"#).unwrap();
        assert_eq!((p.issue.as_str(), p.limit), ("AX-12", None));
        let json = r#"{"available":true,"message":null,"candidates":[],"issue":{"system":"jira","key":"AX-12","title":"t","status":null,"url":"","labels":[],"components":[],"paths":["a.rs"],"linkedFiles":0}}"#;
        let r: MatchIssueResult = serde_json::from_str(json).unwrap();
        assert_eq!(r.issue.as_ref().unwrap().paths, vec!["a.rs".to_string()]);
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
        let s: SyncResult =
            serde_json::from_str(r#"{"started":false,"message":"nothing configured"}"#).unwrap();
        assert!(!s.started && s.repositories.is_empty());
    }
}
