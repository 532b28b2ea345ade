//! Renderings of the teams features: the CODEOWNERS check (text, Markdown, GitHub workflow
//! commands, SARIF), the suggestion as a diff, and team insights. JSON is `serde_json` of the
//! same structures.

pub mod check;
pub mod teams;
