//! `aexy owners FILE`: who last changed each line (from the worktree's view, or for any other
//! indexed commit — `--as-of REV`, another branch — travelled to from the view through the
//! ownership log), plus the file's experts.

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::{Context, Person};
use crate::time::rfc3339;

/// One line's owner, like a `git blame` line.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineOwner {
    pub line: u32,
    pub commit: String,
    pub author: Person,
    /// RFC 3339 in the author's own timezone.
    pub date: String,
    pub summary: String,
    pub co_authors: Vec<Person>,
    /// The line predates a shallow clone's boundary: its real author is unknown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boundary: bool,
}

/// A developer who maintains the file (named by the insights layer's `maintainers` rule).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expert {
    pub name: String,
    pub email: String,
    /// Share of the file's commits.
    pub share: f64,
    pub commits: u32,
    pub last_active: String,
    /// Share of the file's lines at the revision that are theirs (`git blame`).
    pub line_share: f64,
    /// Why they are named ("degree of authorship", "wrote most of the file as it stands", …).
    pub reason: String,
    /// Also an author under Avelino's DOA rule, which the truck factor counts.
    pub doa_author: bool,
}

impl From<crate::insights::expertise::Expert> for Expert {
    fn from(e: crate::insights::expertise::Expert) -> Expert {
        Expert {
            name: e.name,
            email: e.email,
            share: e.share,
            commits: e.commits,
            last_active: e.last_active,
            line_share: e.line_share,
            reason: e.reason,
            doa_author: e.doa_author,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileOwners {
    pub file: String,
    pub lines: Vec<LineOwner>,
    pub experts: Vec<Expert>,
}

#[derive(Debug, thiserror::Error)]
pub enum OwnersError {
    #[error("{0} is not a file in the repository at {1}")]
    NotAFile(String, String),
    #[error("{0} is binary: it has no line ownership")]
    Binary(String),
    #[error("line {line} is out of range: {file} has {lines} lines")]
    LineOutOfRange { file: String, line: u32, lines: u32 },
}

impl OwnersError {
    /// `Err(LineOutOfRange)` unless 1-based `line` is within a file of `lines` lines.
    pub fn check_line(file: &str, line: u32, lines: u32) -> Result<(), OwnersError> {
        if line == 0 || line > lines {
            return Err(OwnersError::LineOutOfRange {
                file: file.to_owned(),
                line,
                lines,
            });
        }
        Ok(())
    }
}

struct CommitInfo {
    oid: String,
    author: i64,
    time: i64,
    tz: i32,
    subject: String,
    boundary: bool,
}

/// Ownership of `rel_path` (repository-relative, '/'-separated), the whole file or line `line` (1-based).
pub fn file_owners(
    ctx: &Context,
    rel_path: impl AsRef<[u8]>,
    line: Option<u32>,
) -> anyhow::Result<FileOwners> {
    let rel = rel_path.as_ref();
    let display = String::from_utf8_lossy(rel).into_owned();
    let runs = file_runs(ctx, rel, &display)?;
    let total: u32 = runs.iter().map(|r| r.1).sum();
    if let Some(n) = line {
        OwnersError::check_line(&display, n, total)?;
    }
    let mut infos: HashMap<u32, CommitInfo> = HashMap::new();
    let mut lines = Vec::new();
    for &(start, count, commit) in &runs {
        let range = match line {
            Some(n) if n < start || n >= start + count => continue,
            Some(n) => n..n + 1,
            None => start..start + count,
        };
        let info = match infos.entry(commit) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(commit_info(ctx, commit)?),
        };
        let co_authors = co_authors(ctx, commit)?;
        let author = ctx.person(info.author);
        for l in range {
            lines.push(LineOwner {
                line: l,
                commit: info.oid.clone(),
                author: author.clone(),
                date: rfc3339(info.time, info.tz),
                summary: info.subject.clone(),
                co_authors: co_authors.clone(),
                boundary: info.boundary,
            });
        }
    }
    let whole: Vec<(u32, i64)> = runs.iter().map(|r| (r.1, i64::from(r.2))).collect();
    let experts = crate::insights::context::file_experts_with_lines(ctx, rel, &whole)?
        .into_iter()
        .map(Expert::from)
        .collect();
    Ok(FileOwners {
        file: display,
        lines,
        experts,
    })
}

/// The commit (store id) that last changed each line of path `path_id` at indexed commit `at`:
/// the view's own owners when `at` is its commit, else travelled to from the view. `None` when
/// the path is no text file there.
pub fn owner_ids(ctx: &Context, at: u32, path_id: u32) -> anyhow::Result<Option<Vec<u32>>> {
    let conn = ctx.store.conn();
    let view = ctx.view.id;
    if at == ctx.view.commit {
        let wanted = std::collections::HashSet::from([path_id]);
        let mut state = crate::index::views::load(conn, view, &wanted)?;
        return Ok(state.remove(&path_id).flatten().map(|o| o.to_vec()));
    }
    let wanted = std::collections::HashSet::from([path_id]);
    let mut state =
        crate::index::travel::travel(conn, ctx.view.commit, at, Some(&wanted), |paths| {
            crate::index::views::load(conn, view, paths)
        })?;
    Ok(state.remove(&path_id).flatten().map(|o| o.to_vec()))
}

/// Who last changed the lines of `rel_path` at the context's revision, as `(lines, commit id)`
/// runs in file order; empty when it is not a text file there (deleted, binary).
pub fn line_commits(ctx: &Context, rel_path: &[u8]) -> anyhow::Result<Vec<(u32, i64)>> {
    let display = String::from_utf8_lossy(rel_path);
    match file_runs(ctx, rel_path, &display) {
        Ok(r) => Ok(r.into_iter().map(|(_, n, c)| (n, i64::from(c))).collect()),
        Err(e) if e.downcast_ref::<OwnersError>().is_some() => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// `(start_line, count, commit_id)` runs of `rel` at the context's commit.
fn file_runs(ctx: &Context, rel: &[u8], display: &str) -> anyhow::Result<Vec<(u32, u32, u32)>> {
    let conn = ctx.store.conn();
    let short = &ctx.as_of[..12.min(ctx.as_of.len())];
    let not_a_file = || OwnersError::NotAFile(display.to_owned(), short.to_owned());
    let id: Option<u32> = conn
        .query_row("SELECT id FROM paths WHERE path = ?1", [rel], |r| r.get(0))
        .optional()?;
    let Some(id) = id else {
        return Err(not_a_file().into());
    };
    if ctx.at == ctx.view.commit {
        let lines: Option<Option<u32>> = conn
            .query_row(
                "SELECT lines FROM view_files WHERE view_id = ?1 AND path_id = ?2",
                rusqlite::params![ctx.view.id, id],
                |r| r.get(0),
            )
            .optional()?;
        return match lines {
            None => Err(OwnersError::NotAFile(display.to_owned(), "HEAD".into()).into()),
            Some(None) => Err(OwnersError::Binary(display.to_owned()).into()),
            Some(Some(_)) => crate::index::views::runs(conn, ctx.view.id, id),
        };
    }
    use std::os::unix::ffi::OsStrExt;
    let oid = git2::Oid::from_str(&ctx.as_of)?;
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(rel));
    let tree = ctx.repo.find_commit(oid)?.tree()?;
    let entry = tree
        .get_path(path)
        .ok()
        .filter(|e| e.kind() == Some(git2::ObjectType::Blob));
    if entry.is_none() {
        return Err(not_a_file().into());
    }
    let Some(owners) = owner_ids(ctx, ctx.at, id)? else {
        return Err(OwnersError::Binary(display.to_owned()).into());
    };
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    for (i, &c) in owners.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.2 == c => r.1 += 1,
            _ => runs.push((i as u32 + 1, 1, c)),
        }
    }
    Ok(runs)
}

fn commit_info(ctx: &Context, id: u32) -> anyhow::Result<CommitInfo> {
    Ok(ctx.store.conn().query_row(
        "SELECT oid, author_id, author_time, author_tz, subject, boundary FROM commits WHERE id = ?1",
        [id],
        |r| {
            Ok(CommitInfo {
                oid: r.get(0)?,
                author: r.get(1)?,
                time: r.get(2)?,
                tz: r.get(3)?,
                subject: r.get(4)?,
                boundary: r.get(5)?,
            })
        },
    )?)
}

pub(crate) fn co_authors(ctx: &Context, id: u32) -> anyhow::Result<Vec<Person>> {
    let mut stmt = ctx
        .store
        .conn()
        .prepare_cached("SELECT identity_id FROM coauthors WHERE commit_id = ?1")?;
    let ids = stmt
        .query_map([id], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids.into_iter().map(|i| ctx.person(i)).collect())
}
