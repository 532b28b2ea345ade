//! `aexy/matchTask` and `aexy/suggestReviewers`: who fits a task, who should review a change.
//! Both answer `available: false` with a message while a repository has no index yet.

use serde::{Deserialize, Serialize};

use crate::{Person, TextDocumentRef};

/// Method name of the task-matching request.
pub const MATCH_TASK: &str = "aexy/matchTask";
/// Method name of the reviewer-suggestion request.
pub const SUGGEST_REVIEWERS: &str = "aexy/suggestReviewers";

/// Params of `aexy/matchTask`: a free-text task (`text`, or `description`) and, optionally,
/// files or directories it is about (`uris`, or repository-relative `paths`; their experts count
/// in full beside the files the text points at). `textDocument` only picks the repository.
/// Paths the history does not know are listed in the result's `signals.unknownPaths`.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "text": "Add retry to the HTTP client", "paths": ["src/http.rs"], "limit": 5 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchTaskParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(alias = "text")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uris: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Params of `aexy/suggestReviewers`: a revision `range` (`A..B`), or changed files (`uris`
/// or repository-relative `paths`), or neither for the working tree's uncommitted diff; and
/// people to leave out besides the change's authors (the configured git user for the working
/// tree and file lists).
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "uris": ["file:///home/alice/app/src/http.rs"], "range": null,
///   "exclude": ["alice@example.com"], "limit": 3 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuggestReviewersParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default)]
    pub uris: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Result of both requests: ranked people with a score in 0..1 and the reasons behind it.
///
/// ```json
/// { "available": true, "message": null,
///   "candidates": [ { "person": { "name": "Bob", "email": "bob@example.com" }, "score": 0.73,
///                     "reasons": ["knows src/http.rs (DOA 0.81)"] } ] }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidatesResult {
    pub available: bool,
    pub message: Option<String>,
    pub candidates: Vec<Candidate>,
    /// What the ranking used (`aexy match --json`'s `signals`, or the reviewed change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<serde_json::Value>,
}

/// One ranked person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub person: Person,
    pub score: f64,
    pub reasons: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_params_default_their_lists() {
        let p: MatchTaskParams = serde_json::from_str(r#"{"description":"x"}"#).unwrap();
        assert!(p.paths.is_empty());
        let p: MatchTaskParams = serde_json::from_str(r#"{"text":"y","limit":2}"#).unwrap();
        assert_eq!((p.description.as_str(), p.limit), ("y", Some(2)));
        let r: SuggestReviewersParams = serde_json::from_str(r#"{"range":"a..b"}"#).unwrap();
        assert!(r.paths.is_empty() && r.uris.is_empty());
        assert_eq!(r.range.as_deref(), Some("a..b"));
        let json = r#"{"available":true,"message":null,"candidates":[{"person":{"name":"Bob","email":"b@x"},"score":0.5,"reasons":["r"]}]}"#;
        let r: CandidatesResult = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }
}
