//! What a change to review is: the working tree's uncommitted diff against HEAD, a revision
//! range `A..B`, or a list of files — as changed files with the base-side lines each change
//! touches (deleted or replaced lines, and the line an insertion follows).

use std::path::Path;

use anyhow::{Context as _, Result};

/// One changed file.
#[derive(Debug, Clone)]
pub struct ChangedFile {
    /// Path in the base (the old name of a rename), repository-relative.
    pub base_path: String,
    /// Path after the change.
    pub path: String,
    /// 1-based base-side lines the change touches (empty for a new file or a whole-file list).
    pub lines: Vec<u32>,
}

/// A change: its base revision (whose line ownership applies), files and the revisions it is
/// made of (empty for the working tree and file lists).
#[derive(Debug, Clone)]
pub struct Change {
    pub source: String,
    pub base: Option<git2::Oid>,
    pub files: Vec<ChangedFile>,
    pub commits: Vec<git2::Oid>,
}

/// The working tree (and index) against HEAD.
pub fn working_tree(repo: &git2::Repository) -> Result<Change> {
    let head = repo.head()?.peel_to_commit()?;
    let mut opts = diff_options();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    let diff = repo.diff_tree_to_workdir_with_index(Some(&head.tree()?), Some(&mut opts))?;
    Ok(Change {
        source: "working tree".into(),
        base: Some(head.id()),
        files: files_of(diff)?,
        commits: Vec::new(),
    })
}

/// The range `A..B` (B defaults to HEAD): the diff from the merge base to B and B's commits
/// not in A.
pub fn range(repo: &git2::Repository, spec: &str) -> Result<Change> {
    let (a, b) = spec
        .split_once("..")
        .with_context(|| format!("{spec:?} is not a range A..B"))?;
    let b = if b.is_empty() { "HEAD" } else { b };
    let a = crate::repo::resolve_commit(repo, a)?;
    let b = crate::repo::resolve_commit(repo, b)?;
    let base = repo.merge_base(a, b).unwrap_or(a);
    let mut walk = repo.revwalk()?;
    walk.push(b)?;
    walk.hide(a)?;
    let commits = walk.collect::<Result<Vec<_>, _>>()?;
    let base_tree = repo.find_commit(base)?.tree()?;
    let tip_tree = repo.find_commit(b)?.tree()?;
    let mut opts = diff_options();
    let diff = repo.diff_tree_to_tree(Some(&base_tree), Some(&tip_tree), Some(&mut opts))?;
    Ok(Change {
        source: spec.to_string(),
        base: Some(base),
        files: files_of(diff)?,
        commits,
    })
}

/// Whole files (paths relative to the repository root), no lines.
pub fn files(repo: &git2::Repository, paths: &[String]) -> Result<Change> {
    let base = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .map(|c| c.id());
    Ok(Change {
        source: "files".into(),
        base,
        files: paths
            .iter()
            .map(|p| ChangedFile {
                base_path: p.clone(),
                path: p.clone(),
                lines: Vec::new(),
            })
            .collect(),
        commits: Vec::new(),
    })
}

fn diff_options() -> git2::DiffOptions {
    let mut o = git2::DiffOptions::new();
    o.context_lines(0);
    o
}

fn files_of(mut diff: git2::Diff<'_>) -> Result<Vec<ChangedFile>> {
    diff.find_similar(None)?;
    let mut out = Vec::new();
    for idx in 0..diff.deltas().len() {
        let Some(delta) = diff.get_delta(idx) else {
            continue;
        };
        let path_of = |f: git2::DiffFile<'_>| {
            f.path()
                .map(|p: &Path| p.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let base_path = path_of(delta.old_file());
        let path = path_of(delta.new_file());
        let mut lines = Vec::new();
        if delta.status() != git2::Delta::Added && delta.status() != git2::Delta::Untracked {
            if let Ok(Some(patch)) = git2::Patch::from_diff(&diff, idx) {
                for h in 0..patch.num_hunks() {
                    let (hunk, _) = patch.hunk(h)?;
                    if hunk.old_lines() == 0 {
                        // a pure insertion: the line it follows
                        if hunk.old_start() > 0 {
                            lines.push(hunk.old_start());
                        }
                    } else {
                        lines.extend(hunk.old_start()..hunk.old_start() + hunk.old_lines());
                    }
                }
            }
        }
        out.push(ChangedFile {
            base_path: if base_path.is_empty() {
                path.clone()
            } else {
                base_path
            },
            path,
            lines,
        });
    }
    Ok(out)
}
