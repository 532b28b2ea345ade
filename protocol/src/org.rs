//! `aexy/orgExperts`: "who else in the organisation knows this?", answered from the org store
//! the user configured (`[org] store` in the user config, `git config aexy.org.store`, or
//! `AEXY_ORG_STORE`). Optional: without a store the answer says so (`available: false`).

use serde::{Deserialize, Serialize};

use crate::{Person, TextDocumentRef};

/// Method name.
pub const ORG_EXPERTS: &str = "aexy/orgExperts";

/// Params: free text (a library's name, an import path, a task); `textDocument` picks the
/// repository whose `git config aexy.org.store` applies.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "text": "kafka consumer", "limit": 5 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgExpertsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Result: people across the organisation, best first, each with the repositories and files
/// behind the score (`aexy org experts --json`'s ranking).
///
/// ```json
/// { "available": true, "message": null,
///   "experts": [ { "person": { "name": "Alice", "email": "alice@example.com" }, "score": 1.0,
///                  "repositories": [ { "repository": "acme/api",
///                                      "files": ["src/kafka/consumer.rs"], "subjects": true } ] } ] }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgExpertsResult {
    pub available: bool,
    pub message: Option<String>,
    pub experts: Vec<OrgExpert>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgExpert {
    pub person: Person,
    /// 0..1.
    pub score: f64,
    pub repositories: Vec<OrgRepository>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgRepository {
    pub repository: String,
    /// Files they know that the text is about, most relevant first.
    pub files: Vec<String>,
    /// Their own commit subjects there use the text's words.
    pub subjects: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_parse() {
        let p: OrgExpertsParams = serde_json::from_str(
            r#"{ "textDocument": { "uri": "file:///a/b.rs" }, "text": "kafka consumer", "limit": 5 }"#,
        )
        .unwrap();
        assert_eq!(p.limit, Some(5));
        let r: OrgExpertsResult = serde_json::from_str(
            r#"{ "available": true, "message": null, "experts": [ { "person": { "name": "Alice",
                 "email": "alice@example.com" }, "score": 1.0, "repositories": [ { "repository":
                 "acme/api", "files": ["src/kafka/consumer.rs"], "subjects": true } ] } ] }"#,
        )
        .unwrap();
        assert_eq!(r.experts[0].repositories[0].files.len(), 1);
    }
}
