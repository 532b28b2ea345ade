//! `aexy/matchTask` and `aexy/suggestReviewers`: who fits a task, who should review a change.
//! Reserved and typed now so editors can mirror them; the daemon answers "not available" until
//! the matching work lands.

use serde::{Deserialize, Serialize};

use crate::{Person, TextDocumentRef};

/// Method name of the task-matching request.
pub const MATCH_TASK: &str = "aexy/matchTask";
/// Method name of the reviewer-suggestion request.
pub const SUGGEST_REVIEWERS: &str = "aexy/suggestReviewers";

/// Params of `aexy/matchTask`: a free-text task and, optionally, the files it touches.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "description": "Add retry to the HTTP client", "paths": ["src/http.rs"], "limit": 5 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchTaskParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    pub description: String,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Params of `aexy/suggestReviewers`: the changed paths and people to leave out (the author).
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "paths": ["src/http.rs", "src/retry.rs"], "exclude": ["alice@example.com"], "limit": 3 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuggestReviewersParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
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
        let json = r#"{"available":true,"message":null,"candidates":[{"person":{"name":"Bob","email":"b@x"},"score":0.5,"reasons":["r"]}]}"#;
        let r: CandidatesResult = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }
}
