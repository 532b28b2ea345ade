//! `aexy/explain`: why a range of lines is the way it is. The evidence comes from the index
//! (the commits that shaped the lines, like `git log -L`, with messages, references, hunks and
//! the file's experts) and is an answer on its own; with an LLM configured, an explanation built
//! from it streams as `aexy/explainProgress` notifications carrying the request's `token`.
//! Cancelling the request (`$/cancelRequest`) closes the model's stream.

use serde::{Deserialize, Serialize};

use crate::{Person, TextDocumentRef};

/// Method name of the request.
pub const EXPLAIN: &str = "aexy/explain";
/// Method name of the streamed-text notification (server → client).
pub const EXPLAIN_PROGRESS: &str = "aexy/explainProgress";
/// The code action's title.
pub const CODE_ACTION_TITLE: &str = "Explain the history of this code";

/// Lines `start..=end`, zero-based like LSP (params), or one-based (results, like git).
///
/// ```json
/// { "start": 9, "end": 24 }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineSpan {
    pub start: u32,
    pub end: u32,
}

/// Params of `aexy/explain`. `range` is in the buffer (zero-based, inclusive; the whole file
/// when absent); the daemon maps it to the indexed lines. `token` names this request's
/// `aexy/explainProgress` notifications. `llm: false` asks for the evidence only; `confirmed`
/// sends a prompt larger than the daemon's confirmation threshold (see `confirm` below);
/// `dryRun` returns what would be sent and sends nothing.
///
/// ```json
/// { "textDocument": { "uri": "file:///home/alice/app/src/parse.rs" },
///   "range": { "start": 9, "end": 24 }, "token": "explain-1",
///   "llm": true, "noCache": false, "dryRun": false, "confirmed": false }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainParams {
    pub text_document: TextDocumentRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<LineSpan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default = "yes")]
    pub llm: bool,
    #[serde(default)]
    pub no_cache: bool,
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    pub confirmed: bool,
}

fn yes() -> bool {
    true
}

/// One hunk of a shaping commit, like a unified diff hunk without context (trimmed).
///
/// ```json
/// { "header": "@@ -4,1 +4,2 @@", "text": "-old\n+new\n+more\n", "omittedLines": 0 }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainHunk {
    pub header: String,
    pub text: String,
    #[serde(default)]
    pub omitted_lines: u32,
}

/// A commit that shaped the lines.
///
/// ```json
/// { "commit": "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a", "author": { "name": "Alice Liddell",
///   "email": "alice@example.com" }, "coAuthors": [], "date": "2024-03-01T10:00:00+02:00",
///   "subject": "Parse tabs (#12)", "body": "", "refs": ["#12"], "path": "src/parse.rs",
///   "renamedFrom": null, "merge": false, "linesOwned": 3,
///   "hunks": [{ "header": "@@ -4,1 +4,2 @@", "text": "-a\n+b\n+c\n", "omittedLines": 0 }] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainCommit {
    pub commit: String,
    pub author: Person,
    pub co_authors: Vec<Person>,
    pub date: String,
    pub subject: String,
    pub body: String,
    pub refs: Vec<String>,
    pub path: String,
    pub renamed_from: Option<String>,
    pub merge: bool,
    /// Lines of the range this commit last changed (blame at the revision).
    pub lines_owned: u32,
    pub hunks: Vec<ExplainHunk>,
}

/// Someone to ask: the file's experts today.
///
/// ```json
/// { "name": "Alice Liddell", "email": "alice@example.com", "share": 0.62,
///   "lastActive": "2024-03-01T10:00:00+02:00" }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainExpert {
    pub name: String,
    pub email: String,
    pub share: f64,
    pub last_active: String,
}

/// The LLM's explanation, when one was made.
///
/// ```json
/// { "text": "Tabs were added in [3f2a1b0c9d] …", "endpoint": "anthropic:claude-haiku-4-5",
///   "cached": false, "promptTokens": 812, "inputTokens": 840, "outputTokens": 120,
///   "notes": [], "unknownCitations": [] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub text: String,
    pub endpoint: String,
    pub cached: bool,
    /// The prompt's estimated tokens, and the provider's own counts.
    pub prompt_tokens: u32,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Context left out to fit the budget, fallbacks taken, answers cut.
    pub notes: Vec<String>,
    /// Hash-like words in the text that are not commits of the evidence.
    pub unknown_citations: Vec<String>,
}

/// A prompt larger than the confirmation threshold: nothing was sent; send the request again
/// with `confirmed: true` if the user agrees.
///
/// ```json
/// { "promptTokens": 7400, "threshold": 6000, "endpoint": "openai:gpt-4o-mini" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Confirm {
    pub prompt_tokens: u32,
    pub threshold: u32,
    pub endpoint: String,
}

/// Result of `aexy/explain`. `available: false` (with `message`) outside repositories, for
/// binary files, or when the lines are not committed yet. `markdown` is the evidence as a
/// timeline (always there when available). `llm` says why no explanation was made when there
/// is none (not configured, forbidden by the repository, an error).
///
/// ```json
/// { "available": true, "message": null, "file": "src/parse.rs", "revision": "9c1d…",
///   "range": { "start": 10, "end": 25 }, "commits": [], "omittedCommits": 0, "experts": [],
///   "markdown": "### src/parse.rs lines 10–25 …", "explanation": null,
///   "llm": "no LLM is configured (set AEXY_LLM=PROVIDER:MODEL …)", "confirm": null,
///   "dryRun": null, "indexing": false }
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainResult {
    pub available: bool,
    pub message: Option<String>,
    pub file: String,
    pub revision: String,
    /// One-based lines of the indexed file.
    pub range: Option<LineSpan>,
    pub commits: Vec<ExplainCommit>,
    pub omitted_commits: u32,
    pub experts: Vec<ExplainExpert>,
    pub markdown: String,
    pub explanation: Option<Explanation>,
    pub llm: Option<String>,
    pub confirm: Option<Confirm>,
    /// What would be sent, per endpoint (`dryRun: true`): URL, headers without keys, body.
    pub dry_run: Option<serde_json::Value>,
    pub indexing: bool,
}

/// `aexy/explainProgress`: the next piece of the explanation's text.
///
/// ```json
/// { "token": "explain-1", "text": "Tabs were added " }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainProgress {
    pub token: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_default_to_the_llm_and_no_range() {
        let p: ExplainParams =
            serde_json::from_str(r#"{"textDocument":{"uri":"file:///a"}}"#).unwrap();
        assert!(p.llm && !p.no_cache && !p.dry_run && !p.confirmed);
        assert_eq!(p.range, None);
        let p: ExplainParams = serde_json::from_str(
            r#"{"textDocument":{"uri":"file:///a"},"range":{"start":9,"end":24},"token":"t","llm":false}"#,
        )
        .unwrap();
        assert_eq!(p.range, Some(LineSpan { start: 9, end: 24 }));
        assert!(!p.llm);
    }

    #[test]
    fn the_result_is_camel_case() {
        let r = ExplainResult {
            available: true,
            omitted_commits: 2,
            ..ExplainResult::default()
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["omittedCommits"], 2);
        assert!(v["explanation"].is_null());
        assert!(v.get("dryRun").is_some());
    }
}
