//! `aexy/ownership`: who last changed a line and who knows a file, for a document the editor
//! has open (edits not yet committed are taken into account).

use serde::{Deserialize, Serialize};

use crate::{Person, Position, TextDocumentRef};

/// Method name of the ownership request.
pub const METHOD: &str = "aexy/ownership";

/// Params of `aexy/ownership`. Without `position`, only the file's experts are returned.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "position": { "line": 41, "character": 0 } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipParams {
    pub text_document: TextDocumentRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// Result of `aexy/ownership`. Outside any repository every part is empty (`file` is `""`).
///
/// ```json
/// {
///   "file": "src/main.rs",
///   "line": { "commit": "4f1c0a…", "author": { "name": "Alice", "email": "alice@example.com" },
///             "date": "2024-03-01T09:30:00+01:00", "summary": "Parse flags",
///             "coAuthors": [], "uncommitted": false },
///   "experts": [ { "name": "Alice", "email": "alice@example.com", "share": 0.62,
///                  "lastActive": "2024-03-01T09:30:00+01:00" } ],
///   "risk": "single expert",
///   "indexing": false,
///   "declared": { "file": ".github/CODEOWNERS", "lines": [3], "owners": ["@dave"],
///                 "differs": true, "note": "@dave is inactive for 420 days; Alice (62%) is not declared" }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipResult {
    /// Path relative to the repository root, `/`-separated.
    pub file: String,
    /// Present when a position was given and the line exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<LineOwnership>,
    /// The file's experts, largest share first.
    pub experts: Vec<ExpertShare>,
    /// A knowledge-risk *signal* ("single expert", "experts inactive"), never a verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// True while the repository is being indexed: the answer comes from the previous index.
    #[serde(default)]
    pub indexing: bool,
    /// The file's CODEOWNERS owners, when the repository has a CODEOWNERS file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<crate::teams::DeclaredOwners>,
}

/// The last change of one line. When `uncommitted` is true the line was edited in the buffer
/// (or the file is new) and `commit`, `author`, `date` and `summary` are `null`.
///
/// ```json
/// { "commit": null, "author": null, "date": null, "summary": null,
///   "coAuthors": [], "uncommitted": true }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineOwnership {
    /// Full commit id.
    pub commit: Option<String>,
    pub author: Option<Person>,
    /// RFC 3339, in the author's own UTC offset.
    pub date: Option<String>,
    /// The commit's subject line.
    pub summary: Option<String>,
    #[serde(default)]
    pub co_authors: Vec<Person>,
    pub uncommitted: bool,
}

/// One expert of a file: their share of the file's knowledge (0..1) and last activity on it.
///
/// ```json
/// { "name": "Bob", "email": "bob@example.com", "share": 0.21,
///   "lastActive": "2023-11-02T17:04:00-05:00" }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpertShare {
    pub name: String,
    pub email: String,
    pub share: f64,
    /// RFC 3339 date of their last change to the file, when known.
    pub last_active: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_accept_a_missing_position() {
        let p: OwnershipParams =
            serde_json::from_str(r#"{"textDocument":{"uri":"file:///a/b.rs"}}"#).unwrap();
        assert_eq!(p.position, None);
        assert_eq!(p.text_document.uri, "file:///a/b.rs");
    }

    #[test]
    fn an_uncommitted_line_serialises_nulls_and_camel_case() {
        let r = OwnershipResult {
            file: "b.rs".into(),
            line: Some(LineOwnership {
                commit: None,
                author: None,
                date: None,
                summary: None,
                co_authors: vec![],
                uncommitted: true,
            }),
            experts: vec![ExpertShare {
                name: "Bob".into(),
                email: "bob@example.com".into(),
                share: 0.5,
                last_active: None,
            }],
            risk: None,
            indexing: false,
            declared: None,
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["line"]["commit"], serde_json::Value::Null);
        assert_eq!(v["line"]["coAuthors"], serde_json::json!([]));
        assert_eq!(v["experts"][0]["lastActive"], serde_json::Value::Null);
        assert!(v.get("risk").is_none());
        let back: OwnershipResult = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }
}
