//! The revisions blame should look through: `blame.ignoreRevsFile` from git config, else a
//! `.git-blame-ignore-revs` file at the work tree's root (GitHub's convention). One revision per
//! line; `#` starts a comment; unknown revisions are skipped with a warning.

use std::collections::HashSet;
use std::path::PathBuf;

use git2::{Oid, Repository};

/// The commits to ignore when assigning line ownership.
pub fn load(repo: &Repository) -> HashSet<Oid> {
    let Some(root) = repo.workdir() else {
        return HashSet::new();
    };
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("blame.ignoreRevsFile").ok())
        .map(|p| if p.is_absolute() { p } else { root.join(p) });
    let path: PathBuf = configured.unwrap_or_else(|| root.join(".git-blame-ignore-revs"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        return HashSet::new();
    };
    parse(repo, &text)
}

fn parse(repo: &Repository, text: &str) -> HashSet<Oid> {
    let mut out = HashSet::new();
    for line in text.lines() {
        let rev = line.split('#').next().unwrap_or("").trim();
        if rev.is_empty() {
            continue;
        }
        match repo.revparse_single(rev).and_then(|o| o.peel_to_commit()) {
            Ok(c) => {
                out.insert(c.id());
            }
            Err(_) => tracing::warn!("ignore-revs: unknown revision {rev}, skipped"),
        }
    }
    out
}
