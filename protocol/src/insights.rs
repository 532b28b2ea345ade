//! `aexy/profile` and `aexy/teamInsights`: a developer's profile and a repository's team
//! health, as computed by the daemon's insights layer. The envelope is fixed here; `details`
//! carries the insights layer's own camelCase structure, which may grow.

use serde::{Deserialize, Serialize};

use crate::TextDocumentRef;

/// Method name of the profile request.
pub const PROFILE: &str = "aexy/profile";
/// Method name of the team-insights request.
pub const TEAM_INSIGHTS: &str = "aexy/teamInsights";

/// Params of `aexy/profile`. `textDocument` picks the repository (default: the first one);
/// `developer` is a name or e-mail (default: the repository's `user.email`).
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/main.rs" }, "developer": "alice@example.com" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
}

/// Result of `aexy/profile`. `available` is false (with a `message`) when this build or the
/// index cannot answer yet; `details` is then `null`.
///
/// ```json
/// { "root": "/home/alice/app", "developer": "alice@example.com", "available": true,
///   "message": null, "details": { "languages": [ { "name": "Rust", "share": 0.8 } ] } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileResult {
    pub root: String,
    pub developer: Option<String>,
    pub available: bool,
    pub message: Option<String>,
    /// The insights layer's profile (languages, areas, proficiency, heatmap, trajectory, …).
    pub details: serde_json::Value,
}

/// Params of `aexy/teamInsights`. `path` narrows the analysis to a directory.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/README.md" }, "path": "src/" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamInsightsParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_document: Option<TextDocumentRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Result of `aexy/teamInsights`; same envelope as [`ProfileResult`].
///
/// ```json
/// { "root": "/home/alice/app", "path": "src/", "available": true, "message": null,
///   "details": { "truckFactor": { "value": 2 } } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamInsightsResult {
    pub root: String,
    pub path: Option<String>,
    pub available: bool,
    pub message: Option<String>,
    /// The insights layer's team report (truck factor, silos, hotspots, velocity, signals, …).
    pub details: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_params_parse_and_the_example_round_trips() {
        let p: ProfileParams = serde_json::from_str("{}").unwrap();
        assert_eq!(p, ProfileParams::default());
        let json =
            r#"{"root":"/r","path":"src/","available":false,"message":"not yet","details":null}"#;
        let r: TeamInsightsResult = serde_json::from_str(json).unwrap();
        assert!(!r.available);
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }
}
