//! `aexy/career`, `aexy/mentors` and `aexy/hiring`: a developer's place on the role ladder with
//! gaps and a learning path, who can teach an area, and what the team should hire for. All
//! answer with [`crate::teams::InsightResult`]; `details` is what `aexy career --json`,
//! `aexy mentors --json` and `aexy hiring gaps|plan --json` print.

use serde::{Deserialize, Serialize};

use crate::TextDocumentRef;

/// Method name of the career request.
pub const CAREER: &str = "aexy/career";
/// Method name of the mentors request.
pub const MENTORS: &str = "aexy/mentors";
/// Method name of the hiring request.
pub const HIRING: &str = "aexy/hiring";

/// Params of `aexy/career`. `developer` defaults to the repository's `user.email`; `target`
/// (a role id or title) to the next role.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" },
///   "developer": "alice@example.com", "target": "staff" }
/// ```
///
/// Result `details` (abridged):
///
/// ```json
/// { "developer": { "name": "Alice", "email": "alice@example.com" }, "placement": "senior",
///   "target": "staff", "gaps": [ { "label": "expert areas ≥ 2", "met": false, "alternatives": [
///     { "requirement": "expert areas ≥ 2", "value": 1, "effectiveMin": 2, "met": false,
///       "evidence": "src/core: 5 of 8 authored files; closest: src/net (1 of 2 needed)" } ] } ],
///   "path": { "steps": [ { "area": "src/net", "why": "12 commits changed it together with code you work on",
///     "helps": ["expert areas ≥ 2"], "readFirst": [ { "path": "src/net/conn.rs",
///     "why": "changed together with your src/core/a.rs in 5 commits" } ],
///     "mentor": { "name": "Erin", "why": "authors 4 of 6 files, active 2 days ago, go-to person for 1 area" } } ],
///     "notes": [] } }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CareerParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// Params of `aexy/mentors`: `area` is a repository-relative directory.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" }, "area": "src/net" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MentorsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    pub area: String,
}

/// Params of `aexy/hiring`: the ranked gaps, or with `plan` the role profiles of the `top`
/// gaps (default 3) with job descriptions, rubrics and scorecards.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" }, "plan": true, "top": 2 }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HiringParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default)]
    pub plan: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_parse_with_defaults() {
        let c: CareerParams = serde_json::from_str("{}").unwrap();
        assert_eq!(c, CareerParams::default());
        let m: MentorsParams = serde_json::from_str(r#"{"area":"src/net"}"#).unwrap();
        assert_eq!(m.area, "src/net");
        assert!(
            serde_json::from_str::<MentorsParams>("{}").is_err(),
            "area is required"
        );
        let h: HiringParams = serde_json::from_str(r#"{"plan":true}"#).unwrap();
        assert!(h.plan && h.top.is_none());
    }
}
