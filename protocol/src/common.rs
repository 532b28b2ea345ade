//! Small shapes shared by several aexy methods: a person, a document reference and a position.
//! They mirror the LSP spellings so clients can pass their own objects straight through.

use serde::{Deserialize, Serialize};

/// A developer as written in commits (after mailmap resolution).
///
/// ```json
/// { "name": "Alice Liddell", "email": "alice@example.com" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// A document, by URI, exactly like LSP's `TextDocumentIdentifier`.
///
/// ```json
/// { "uri": "file:///home/alice/app/src/main.rs" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextDocumentRef {
    pub uri: String,
}

/// A zero-based position in a document, exactly like LSP's `Position`.
///
/// ```json
/// { "line": 41, "character": 0 }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    pub line: u32,
    pub character: u32,
}
