//! `aexy/codeowners` and `aexy/teams`: the repository's CODEOWNERS file checked against
//! measured expertise or rewritten from it, and its teams with per-team figures and who to ask
//! about a path. The envelope is fixed here; `details` carries the engine's own camelCase
//! structures (as `aexy codeowners check --json`, `aexy teams --json` print them).

use serde::{Deserialize, Serialize};

use crate::TextDocumentRef;

/// Method name of the CODEOWNERS request.
pub const CODEOWNERS: &str = "aexy/codeowners";
/// Method name of the teams request.
pub const TEAMS: &str = "aexy/teams";

/// What `aexy/codeowners` does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeownersMode {
    /// Findings: stale, undeclared, uncovered, dead, syntax.
    #[default]
    Check,
    /// A proposal from measured expertise, with a unified diff against the current file.
    Suggest,
}

/// Params of `aexy/codeowners`. `textDocument` picks the repository (default: the first one).
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" }, "mode": "check" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeownersParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default)]
    pub mode: CodeownersMode,
}

/// Params of `aexy/teams`. With `ask`, the answer says which team to ask about that path
/// (repository-relative file or directory) instead of listing every team.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" }, "ask": "src/net" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask: Option<String>,
}

/// The result of every `aexy/codeowners`, `aexy/teams`, `aexy/career`, `aexy/mentors` and
/// `aexy/hiring` request: `available` is false (with a `message`) when the repository or the
/// index cannot answer; `details` is then `null`.
///
/// ```json
/// { "root": "/home/alice/app", "available": true, "message": null,
///   "details": { "file": ".github/CODEOWNERS", "findings": [
///     { "kind": "stale", "severity": "warning", "line": 3, "pattern": "/legacy/",
///       "people": [ { "name": "Dave", "email": "dave@example.com", "owner": "@dave",
///                     "detail": "inactive for 420 days (last commit 2023-01-09)" } ],
///       "files": 4, "examples": ["legacy/old.rs"],
///       "message": "1 of the declared owners no longer knows this code" } ] } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InsightResult {
    pub root: String,
    pub available: bool,
    pub message: Option<String>,
    pub details: serde_json::Value,
}

/// The CODEOWNERS owners of a file, shown next to its measured experts (`aexy/ownership`).
///
/// ```json
/// { "file": ".github/CODEOWNERS", "lines": [12], "owners": ["@acme/ui", "@dave"],
///   "differs": true, "note": "@dave is inactive for 420 days; Bob (62%) is not declared" }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclaredOwners {
    /// The CODEOWNERS file, repository-relative.
    pub file: String,
    /// 1-based lines of the rules that own the file (one per GitLab section).
    pub lines: Vec<u32>,
    /// Owners as written (`@user`, `@org/team`, e-mail); empty when no rule owns the file.
    pub owners: Vec<String>,
    /// Whether the declared owners and the measured experts differ.
    pub differs: bool,
    /// How they differ, in words.
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_default_and_examples_round_trip() {
        let p: CodeownersParams = serde_json::from_str("{}").unwrap();
        assert_eq!(p.mode, CodeownersMode::Check);
        let p: CodeownersParams = serde_json::from_str(r#"{"mode":"suggest"}"#).unwrap();
        assert_eq!(p.mode, CodeownersMode::Suggest);
        let t: TeamsParams = serde_json::from_str(r#"{"ask":"src/net"}"#).unwrap();
        assert_eq!(t.ask.as_deref(), Some("src/net"));
        let d = r#"{"file":".github/CODEOWNERS","lines":[12],"owners":["@acme/ui"],"differs":true,"note":"x"}"#;
        let v: DeclaredOwners = serde_json::from_str(d).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), d);
    }
}
