//! `aexy explain FILE [-L START,END]`: the evidence of why lines are the way they are, from the
//! index alone — the commits that shaped the range through edits and renames (`walk`, like
//! `git log -L`), their messages, authors and co-authors, linked issue and PR references
//! (`refs`), the hunks that touched the range (`hunks`, trimmed), and the file's experts today.
//! No network: an LLM, when configured, only phrases this (see `llm::explain`).

pub mod history;
pub mod hunks;
pub mod refs;
pub mod render;
pub mod walk;

use std::collections::HashMap;

use anyhow::Result;
use git2::Oid;

use rusqlite::OptionalExtension;

use super::owners::{co_authors, owner_ids, Expert, OwnersError};
use super::{Context, Person};
use history::History;
pub use hunks::HunkText;

/// Commits kept in the evidence (newest first); older ones are counted, not listed.
pub const MAX_COMMITS: usize = 40;
/// Lines of the range's code kept in the evidence.
pub const MAX_CODE_LINES: usize = 80;
/// Characters of a commit message body kept.
const MAX_BODY_CHARS: usize = 1200;

/// Lines `start..=end` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineRange {
    pub start: u32,
    pub end: u32,
}

/// Everything aexy knows about why a range of lines is the way it is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub file: String,
    /// The commit the answer is as of.
    pub revision: String,
    pub range: LineRange,
    /// How many lines the file has at the revision.
    pub file_lines: u32,
    /// The range's code at the revision (at most `MAX_CODE_LINES` lines, cut).
    pub code: Vec<String>,
    /// The commits that shaped the range, newest first.
    pub commits: Vec<ShapingCommit>,
    /// Shaping commits older than those listed.
    pub omitted_commits: u32,
    /// The file's experts today (degree of authorship).
    pub experts: Vec<Expert>,
}

/// One commit that shaped the range.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapingCommit {
    pub commit: String,
    pub author: Person,
    pub co_authors: Vec<Person>,
    /// RFC 3339 in the author's own timezone.
    pub date: String,
    pub subject: String,
    /// The message after the subject (cut at `MAX_BODY_CHARS`).
    pub body: String,
    /// Issue and PR references in the message.
    pub refs: Vec<String>,
    /// The file's path in this commit, and where it was renamed from (if it was).
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub merge: bool,
    /// Lines of the range this commit last changed (as `git blame` says at the revision).
    pub lines_owned: u32,
    pub hunks: Vec<HunkText>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted_hunks: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ShapingCommit {
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(10)]
    }
}

/// The evidence for `rel` (repository-relative bytes) at the context's revision, for lines
/// `range` (1-based, inclusive; the whole file when `None`).
pub fn explain(ctx: &Context, rel: &[u8], range: Option<(u32, u32)>) -> Result<Evidence> {
    let display = String::from_utf8_lossy(rel).into_owned();
    let at = Oid::from_str(&ctx.as_of)?;
    let text = file_text(ctx, at, rel, &display)?;
    let lines = hunks::split(&text);
    let total = lines.len() as u32;
    let (start, end) = range.unwrap_or((1, total.max(1)));
    for n in [start, end] {
        OwnersError::check_line(&display, n, total)?;
    }
    anyhow::ensure!(
        start <= end,
        "the range {start},{end} ends before it starts"
    );

    let not_a_file = || OwnersError::NotAFile(display.clone(), short(&ctx.as_of));
    let path: u32 = ctx
        .store
        .conn()
        .query_row("SELECT id FROM paths WHERE path = ?1", [rel], |r| r.get(0))
        .optional()?
        .ok_or_else(not_a_file)?;
    let history = History::load(ctx, ctx.at, path)?;
    let shaped = walk::shaping_commits(ctx, &history, (start - 1, end))?;
    let owned = owned_lines(owner_ids(ctx, ctx.at, path)?, start, end);

    let mut commits = Vec::new();
    for s in shaped.iter().take(MAX_COMMITS) {
        commits.push(shaping_commit(ctx, &history, s, &owned)?);
    }
    let code = lines
        .get(start as usize - 1..end as usize)
        .unwrap_or(&[])
        .iter()
        .take(MAX_CODE_LINES)
        .map(|l| hunks::cut(l))
        .collect();
    let experts = crate::insights::context::file_experts(ctx, rel)?
        .into_iter()
        .map(Expert::from)
        .collect();
    Ok(Evidence {
        file: display,
        revision: ctx.as_of.clone(),
        range: LineRange { start, end },
        file_lines: total,
        code,
        omitted_commits: shaped.len().saturating_sub(MAX_COMMITS) as u32,
        commits,
        experts,
    })
}

fn short(oid: &str) -> String {
    oid[..oid.len().min(12)].to_owned()
}

/// The file's contents at `at`; errors for a missing or binary file.
fn file_text(ctx: &Context, at: Oid, rel: &[u8], display: &str) -> Result<Vec<u8>> {
    let not_a_file = || OwnersError::NotAFile(display.to_owned(), short(&ctx.as_of));
    let tree = ctx.repo.find_commit(at)?.tree()?;
    let entry = tree.get_path(as_path(rel)).map_err(|_| not_a_file())?;
    let blob = entry
        .to_object(&ctx.repo)
        .ok()
        .and_then(|o| o.into_blob().ok())
        .ok_or_else(not_a_file)?;
    if crate::git::blob::is_binary(blob.content()) {
        return Err(OwnersError::Binary(display.to_owned()).into());
    }
    Ok(blob.content().to_vec())
}

/// How many lines of `start..=end` each commit owns.
fn owned_lines(owners: Option<Vec<u32>>, start: u32, end: u32) -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    for c in owners
        .unwrap_or_default()
        .iter()
        .skip(start as usize - 1)
        .take((end - start + 1) as usize)
    {
        *out.entry(*c).or_insert(0) += 1;
    }
    out
}

fn shaping_commit(
    ctx: &Context,
    history: &History,
    s: &walk::Shaped,
    owned: &HashMap<u32, u32>,
) -> Result<ShapingCommit> {
    let oid = history.oid(s.commit);
    let (author, time, tz, subject, body): (i64, i64, i32, String, String) =
        ctx.store.conn().query_row(
            "SELECT author_id, author_time, author_tz, subject, body FROM commits WHERE id = ?1",
            [s.commit],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    let path = history.name(s.path).to_vec();
    let from = history.name(s.from).to_vec();
    let commit = ctx.repo.find_commit(oid)?;
    let new = blob_at(ctx, &commit.tree()?, &path);
    let old = match commit.parent(s.parent) {
        Ok(p) => blob_at(ctx, &p.tree()?, &from),
        Err(_) => Vec::new(),
    };
    let (hunks, omitted_hunks) = hunks::texts(&old, &new, &s.hunks, &s.ranges);
    let mut message = subject.clone();
    message.push('\n');
    message.push_str(&body);
    Ok(ShapingCommit {
        commit: oid.to_string(),
        author: ctx.person(author),
        co_authors: co_authors(ctx, s.commit)?,
        date: crate::time::rfc3339(time, tz),
        refs: refs::references(&message),
        subject,
        body: cut_body(&body),
        renamed_from: (s.from != s.path && !from.is_empty())
            .then(|| String::from_utf8_lossy(&from).into_owned()),
        path: String::from_utf8_lossy(&path).into_owned(),
        merge: s.merge,
        lines_owned: owned.get(&s.commit).copied().unwrap_or(0),
        hunks,
        omitted_hunks,
    })
}

/// The blob at `path` in `tree`, empty when absent or not a blob.
pub(super) fn blob_at(ctx: &Context, tree: &git2::Tree<'_>, path: &[u8]) -> Vec<u8> {
    tree.get_path(as_path(path))
        .ok()
        .and_then(|e| e.to_object(&ctx.repo).ok())
        .and_then(|o| o.into_blob().ok())
        .map(|b| b.content().to_vec())
        .unwrap_or_default()
}

/// A repository path from its bytes (exact on Unix).
pub(super) fn as_path(bytes: &[u8]) -> &std::path::Path {
    use std::os::unix::ffi::OsStrExt;
    std::path::Path::new(std::ffi::OsStr::from_bytes(bytes))
}

fn cut_body(body: &str) -> String {
    let body = body.trim();
    let mut out: String = body.chars().take(MAX_BODY_CHARS).collect();
    if out.len() < body.len() {
        out.push('…');
    }
    out
}
