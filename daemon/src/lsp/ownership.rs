//! Answers "who owns this line / this file" for a document: maps the buffer line to the
//! indexed commit's line (documents.rs), then asks the owners source for that line and the
//! file's experts, and adds the knowledge-risk signal. Runs on a blocking thread.

use std::path::Path;
use std::sync::Arc;

use aexy_protocol::ownership::{ExpertShare, LineOwnership, OwnershipResult};
use aexy_protocol::status::IndexState;

use super::blocking::Cancel;
use super::documents::{Documents, LineMap, Origin};
use super::owners;
use super::reader::Base;
use super::workspace::RepoHandle;

/// Experts whose last change to a file is older than this are "inactive" (a signal).
pub const INACTIVE_SECS: i64 = 365 * 86_400;

/// One ownership question about a document.
pub struct Question<'a> {
    pub uri: &'a str,
    /// Canonical file path.
    pub path: &'a Path,
    /// Path relative to the repository root.
    pub rel: &'a str,
    /// 0-based buffer line, or `None` for the file only.
    pub line: Option<u32>,
}

/// The answer for a document, never an error for ordinary files (binary, huge, deleted, new).
pub fn ownership(
    handle: &RepoHandle,
    docs: &Documents,
    q: &Question<'_>,
    cancel: &Cancel,
) -> anyhow::Result<OwnershipResult> {
    let status = handle.status();
    let mut result = OwnershipResult {
        file: q.rel.to_owned(),
        line: None,
        experts: Vec::new(),
        risk: None,
        indexing: status.state == IndexState::Indexing,
        declared: None,
    };
    handle.with_reader(|reader| {
        // The indexed commit this reader answers from; else the status's; else HEAD.
        let indexed = reader.ctx.as_ref().map(|c| c.as_of.clone()).or(status.head);
        let Some(base) = reader.base_commit(indexed.as_deref()) else {
            return Ok(result); // unborn branch: nothing committed yet
        };
        cancel.check()?;
        let blob = reader.blob(base, q.rel)?;
        let map = match &blob {
            _ if q.line.is_none() => None, // the file's experts only: no buffer mapping needed
            Base::Missing => {
                buffer_text(docs, q).map(|(t, _)| Arc::new(LineMap::all_uncommitted(&t)))
            }
            Base::Binary | Base::TooLarge => None,
            Base::Text { id, text } => buffer_text(docs, q).map(|(buf, version)| {
                let cached = version.and_then(|v| docs.cached_map(q.uri, id, v));
                cached.unwrap_or_else(|| {
                    let map = Arc::new(LineMap::between(text, &buf));
                    if let Some(v) = version {
                        docs.store_map(q.uri, id, v, map.clone());
                    }
                    map
                })
            }),
        };
        cancel.check()?;
        let origin = match (q.line, &map) {
            (Some(line), Some(map)) => map.origin(line),
            _ => None,
        };
        if origin == Some(Origin::Uncommitted) {
            result.line = Some(uncommitted());
        }
        if matches!(blob, Base::Text { .. }) {
            let head_line = match origin {
                Some(Origin::Base(n)) => Some(n + 1),
                _ => None,
            };
            let answer = owners::owners(reader, q.rel, head_line, cancel)?;
            if head_line.is_some() {
                result.line = answer.line;
            }
            result.experts = answer.experts;
        }
        result.risk = risk(&result.experts, super::time::now());
        if let Some(ctx) = reader.ctx.as_ref() {
            cancel.check()?;
            result.declared = super::declared::for_file(ctx, q.rel, &result.experts);
        }
        Ok(result)
    })
}

/// The buffer if open (with its version), else the file on disk; `None` when deleted.
fn buffer_text(docs: &Documents, q: &Question<'_>) -> Option<(Arc<str>, Option<i32>)> {
    if let Some((text, version)) = docs.get(q.uri) {
        return Some((text, Some(version)));
    }
    let bytes = std::fs::read(q.path).ok()?;
    if bytes.len() > super::reader::MAX_FILE_BYTES {
        return None;
    }
    Some((String::from_utf8_lossy(&bytes).into_owned().into(), None))
}

/// A line edited in the buffer, or in a file not yet committed.
pub fn uncommitted() -> LineOwnership {
    LineOwnership {
        commit: None,
        author: None,
        date: None,
        summary: None,
        co_authors: Vec::new(),
        uncommitted: true,
    }
}

/// The knowledge-risk *signal* for a file's experts (never a verdict): a single expert, or
/// every expert inactive on it for over a year.
pub fn risk(experts: &[ExpertShare], now: i64) -> Option<String> {
    if experts.is_empty() {
        return None;
    }
    let inactive = |e: &ExpertShare| {
        e.last_active
            .as_deref()
            .and_then(super::time::parse_rfc3339)
            .is_some_and(|(t, _)| now - t > INACTIVE_SECS)
    };
    if experts.iter().all(inactive) {
        return Some("experts inactive for over a year".into());
    }
    (experts.len() == 1).then(|| "single expert".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expert(name: &str, last: &str) -> ExpertShare {
        ExpertShare {
            name: name.into(),
            email: format!("{name}@x"),
            share: 0.5,
            last_active: Some(last.into()),
        }
    }

    #[test]
    fn risk_signals() {
        let now = super::super::time::parse_rfc3339("2025-01-01T00:00:00Z")
            .unwrap()
            .0;
        assert_eq!(risk(&[], now), None);
        let recent = expert("a", "2024-12-01T00:00:00Z");
        let old = expert("b", "2022-01-01T00:00:00+02:00");
        assert_eq!(
            risk(std::slice::from_ref(&recent), now).as_deref(),
            Some("single expert")
        );
        assert_eq!(risk(&[recent.clone(), old.clone()], now), None);
        assert_eq!(
            risk(&[old.clone(), old], now).as_deref(),
            Some("experts inactive for over a year")
        );
    }
}
