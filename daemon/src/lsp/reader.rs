//! Read access to one repository from a blocking thread: finding the repository of a path, the
//! HEAD commit, a file's blob at the indexed commit (text, binary, too large or missing), the
//! forge link for commits, and the index's query context. Readers are pooled per repository.

use std::path::Path;

use anyhow::Context as _;
use git2::{Oid, Repository};

use super::workspace::RepoHandle;

/// Files larger than this are not diffed or blamed: hovers on them say so instead.
pub const MAX_FILE_BYTES: usize = 8 << 20;

/// Read handles for one repository, used by one blocking thread at a time: the repository and,
/// once an index exists, a query context with its own read-only SQLite connection (WAL).
pub struct Reader {
    /// The index generation this reader was opened for.
    pub generation: u64,
    pub repo: Repository,
    /// `None` until the first index run has written something.
    pub ctx: Option<crate::query::Context>,
    /// Experts per file for this generation of the index (a file's experts change only when
    /// the index does); bounded, cleared when full.
    pub experts: std::collections::HashMap<String, Vec<aexy_protocol::ownership::ExpertShare>>,
}

/// How many files' experts a reader remembers.
pub const EXPERTS_CACHE: usize = 512;

impl Reader {
    pub fn open(handle: &RepoHandle, generation: u64) -> anyhow::Result<Reader> {
        let repo = Repository::open(&handle.root)
            .with_context(|| format!("cannot open the repository at {}", handle.root.display()))?;
        let ctx = if handle.db.exists() {
            match crate::query::Context::open(&handle.root, &handle.db, None) {
                Ok(ctx) => Some(ctx),
                // A damaged index is not "no index yet": the caller moves it aside.
                Err(e) if crate::store::health::damage_in(&e).is_some() => return Err(e),
                Err(e) => {
                    tracing::debug!("no usable index yet for {}: {e:#}", handle.root.display());
                    None
                }
            }
        } else {
            None
        };
        Ok(Reader {
            generation,
            repo,
            ctx,
            experts: Default::default(),
        })
    }

    /// The commit answers are given for: the indexed head when known, else the current HEAD.
    pub fn base_commit(&self, indexed_head: Option<&str>) -> Option<Oid> {
        indexed_head
            .and_then(|h| Oid::from_str(h).ok())
            .or_else(|| head_oid(&self.repo))
    }

    /// The file `rel` as of commit `commit`.
    pub fn blob(&self, commit: Oid, rel: &str) -> anyhow::Result<Base> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let entry = match tree.get_path(Path::new(rel)) {
            Ok(e) => e,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(Base::Missing),
            Err(e) => return Err(e.into()),
        };
        let Ok(blob) = entry.to_object(&self.repo)?.into_blob() else {
            return Ok(Base::Missing); // a directory or a submodule
        };
        if blob.size() > MAX_FILE_BYTES {
            return Ok(Base::TooLarge);
        }
        if blob.is_binary() {
            return Ok(Base::Binary);
        }
        Ok(Base::Text {
            id: blob.id().to_string(),
            text: String::from_utf8_lossy(blob.content()).into_owned(),
        })
    }
}

/// A file as committed.
pub enum Base {
    /// Not in the commit: new (or not tracked).
    Missing,
    Binary,
    TooLarge,
    Text {
        id: String,
        text: String,
    },
}

/// The current HEAD commit, `None` for an unborn branch.
pub fn head_oid(repo: &Repository) -> Option<Oid> {
    repo.head().ok()?.peel_to_commit().ok().map(|c| c.id())
}

/// Finds the repository containing `path` (a file or folder); bare repositories are refused.
pub fn discover(path: &Path) -> anyhow::Result<crate::repo::RepoInfo> {
    let info = crate::repo::discover(path)?;
    anyhow::ensure!(
        info.root != info.git_dir,
        "{} is a bare repository",
        info.root.display()
    );
    Ok(info)
}

/// The URL prefix of commit pages when `origin` is on GitHub or GitLab.
pub fn commit_url(root: &Path) -> Option<String> {
    let repo = Repository::open(root).ok()?;
    let remote = repo.find_remote("origin").ok()?;
    forge_commit_url(remote.url()?)
}

/// `https://github.com/o/r/commit/` for the usual spellings of a GitHub/GitLab remote.
pub fn forge_commit_url(remote: &str) -> Option<String> {
    let rest = remote
        .strip_prefix("https://")
        .or_else(|| remote.strip_prefix("http://"))
        .or_else(|| remote.strip_prefix("ssh://"))
        .or_else(|| remote.strip_prefix("git://"))
        .unwrap_or(remote);
    let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
    let (host, path) = rest.split_once([':', '/'])?;
    let host = host.to_ascii_lowercase();
    // `ssh://git@host:22/o/r`: drop a port.
    let path = path
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches('/');
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    if path.split('/').filter(|p| !p.is_empty()).count() < 2 {
        return None;
    }
    // It becomes a Markdown link target: only the characters a forge path has.
    if !path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
    {
        return None;
    }
    match host.as_str() {
        "github.com" => Some(format!("https://github.com/{path}/commit/")),
        "gitlab.com" => Some(format!("https://gitlab.com/{path}/-/commit/")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forge_urls_from_common_remote_spellings() {
        let gh = Some("https://github.com/o/r/commit/".to_owned());
        assert_eq!(forge_commit_url("git@github.com:o/r.git"), gh);
        assert_eq!(forge_commit_url("https://github.com/o/r"), gh);
        assert_eq!(forge_commit_url("ssh://git@github.com/o/r.git"), gh);
        assert_eq!(
            forge_commit_url("https://gitlab.com/g/sub/r.git").as_deref(),
            Some("https://gitlab.com/g/sub/r/-/commit/")
        );
        assert_eq!(forge_commit_url("https://example.org/o/r.git"), None);
        assert_eq!(forge_commit_url("/srv/git/r.git"), None);
        assert_eq!(
            forge_commit_url("https://github.com/o/r)[x](command:y"),
            None
        );
    }
}
