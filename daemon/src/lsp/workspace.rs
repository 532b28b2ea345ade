//! The repositories one daemon serves (one per workspace folder's repository, plus any found
//! later from an opened file), each with its index location, index state and a pool of
//! read handles used on blocking threads.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use aexy_protocol::status::{IndexState, RepositoryStatus};

use super::reader::Reader;

/// One repository and everything the daemon keeps about it.
pub struct RepoHandle {
    /// Canonical work-tree root.
    pub root: PathBuf,
    /// The worktree's git dir (`.git`, or `.git/worktrees/NAME` for a linked worktree).
    pub git_dir: PathBuf,
    /// The common dir holding refs and packed-refs (same as `git_dir` for a main worktree).
    pub common_dir: PathBuf,
    /// The index database.
    pub db: PathBuf,
    /// A commit-page URL prefix when the `origin` remote is on GitHub or GitLab.
    pub commit_url: Option<String>,
    status: Mutex<Status>,
    readers: Mutex<Vec<Reader>>,
    /// Bumped whenever the index changes, so pooled readers are reopened.
    generation: AtomicU64,
    /// The task-matching model kept between `aexy/matchTask` requests.
    pub match_model: super::match_model::MatchModel,
    /// One indexing run at a time per index: shared by the worktrees of one repository, whose
    /// handles share one database.
    pub index_lock: Arc<tokio::sync::Mutex<()>>,
    /// Damage a request found in the index, for `healing` to act on.
    pub damage: super::healing::Reported,
}

/// Index state of one repository, as `aexy/status` reports it.
#[derive(Debug, Clone)]
pub struct Status {
    pub state: IndexState,
    /// The commit the index answers for.
    pub head: Option<String>,
    pub commits_indexed: u64,
    pub commits_total: u64,
    pub message: Option<String>,
}

impl RepoHandle {
    pub fn new(root: PathBuf, git_dir: PathBuf, common_dir: PathBuf, db: PathBuf) -> RepoHandle {
        let commit_url = super::reader::commit_url(&root);
        RepoHandle {
            root,
            git_dir,
            common_dir,
            db,
            commit_url,
            status: Mutex::new(Status {
                state: IndexState::Indexing,
                head: None,
                commits_indexed: 0,
                commits_total: 0,
                message: Some("opening".into()),
            }),
            readers: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
            match_model: Default::default(),
            index_lock: Arc::new(tokio::sync::Mutex::new(())),
            damage: Default::default(),
        }
    }

    pub fn status(&self) -> Status {
        lock(&self.status).clone()
    }

    pub fn set_status(&self, f: impl FnOnce(&mut Status)) {
        f(&mut lock(&self.status));
    }

    pub fn to_protocol(&self) -> RepositoryStatus {
        let s = self.status();
        RepositoryStatus {
            root: self.root.display().to_string(),
            head: s.head,
            state: s.state,
            commits_indexed: s.commits_indexed,
            commits_total: s.commits_total,
            message: s.message,
        }
    }

    /// The index changed: pooled readers are stale.
    pub fn invalidate_readers(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        lock(&self.readers).clear();
    }

    /// Runs `f` with a pooled (or freshly opened) reader. Blocking: call from blocking threads.
    pub fn with_reader<T>(
        &self,
        f: impl FnOnce(&mut Reader) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        self.damage.check_present(self);
        let generation = self.generation.load(Ordering::SeqCst);
        let pooled = lock(&self.readers).pop();
        let mut reader = match pooled {
            Some(r) if r.generation == generation => r,
            _ => match Reader::open(self, generation) {
                Ok(r) => r,
                Err(e) => {
                    self.damage.report(&e, self);
                    return Err(e);
                }
            },
        };
        let result = f(&mut reader);
        if let Err(e) = &result {
            if self.damage.report(e, self) {
                self.invalidate_readers();
                return result;
            }
        }
        let mut pool = lock(&self.readers);
        if reader.generation == self.generation.load(Ordering::SeqCst) && pool.len() < 4 {
            pool.push(reader);
        }
        result
    }
}

/// All repositories of this daemon.
#[derive(Default)]
pub struct Workspace {
    repos: RwLock<Vec<Arc<RepoHandle>>>,
}

impl Workspace {
    pub fn all(&self) -> Vec<Arc<RepoHandle>> {
        self.repos.read().map(|r| r.clone()).unwrap_or_default()
    }

    /// The repository whose root contains `path`, innermost first, and `path` relative to it
    /// (`/`-separated; empty for the root folder itself, which repository-wide requests such as
    /// team insights are sent with). `path` must already be canonical.
    pub fn find(&self, path: &Path) -> Option<(Arc<RepoHandle>, String)> {
        let repos = self.repos.read().ok()?;
        let repo = repos
            .iter()
            .filter(|r| path.starts_with(&r.root))
            .max_by_key(|r| r.root.as_os_str().len())?;
        let rel = if path == repo.root {
            String::new()
        } else {
            relative(&repo.root, path)?
        };
        Some((repo.clone(), rel))
    }

    /// Adds a repository unless one with the same root exists (a worktree of a repository
    /// already served shares its index lock); returns the one kept and whether it is new.
    pub fn add(&self, mut handle: RepoHandle) -> (Arc<RepoHandle>, bool) {
        let mut repos = self.repos.write().unwrap_or_else(|p| p.into_inner());
        if let Some(existing) = repos.iter().find(|r| r.root == handle.root) {
            return (existing.clone(), false);
        }
        if let Some(sibling) = repos.iter().find(|r| r.db == handle.db) {
            handle.index_lock = sibling.index_lock.clone();
        }
        let handle = Arc::new(handle);
        repos.push(handle.clone());
        (handle, true)
    }

    /// Forgets the repository rooted at `root` (a workspace folder was removed).
    pub fn remove(&self, root: &Path) {
        let mut repos = self.repos.write().unwrap_or_else(|p| p.into_inner());
        repos.retain(|r| r.root != root);
    }
}

/// `path` relative to `root`, `/`-separated; `None` for the root itself or a path outside it.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Canonicalises a document path whose file may no longer exist (canonical parent + name).
pub fn canonical_document_path(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (
        path.parent().and_then(|p| p.canonicalize().ok()),
        path.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_owned(),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(root: &str) -> RepoHandle {
        let root = PathBuf::from(root);
        RepoHandle::new(
            root.clone(),
            root.join(".git"),
            root.join(".git"),
            root.join("db"),
        )
    }

    #[test]
    fn the_innermost_repository_wins_and_paths_are_relative() {
        let ws = Workspace::default();
        ws.add(handle("/nowhere/outer"));
        ws.add(handle("/nowhere/outer/vendor/inner"));
        let (repo, rel) = ws
            .find(Path::new("/nowhere/outer/vendor/inner/src/a.rs"))
            .unwrap();
        assert_eq!(repo.root, Path::new("/nowhere/outer/vendor/inner"));
        assert_eq!(rel, "src/a.rs");
        let (repo, rel) = ws.find(Path::new("/nowhere/outer/b.rs")).unwrap();
        assert_eq!(repo.root, Path::new("/nowhere/outer"));
        assert_eq!(rel, "b.rs");
        assert!(ws.find(Path::new("/nowhere/outside.rs")).is_none());
        assert!(ws.find(Path::new("/nowhere/outerx/a.rs")).is_none());
        let (repo, rel) = ws.find(Path::new("/nowhere/outer")).unwrap();
        assert_eq!(
            (repo.root.as_path(), rel.as_str()),
            (Path::new("/nowhere/outer"), "")
        );
    }

    #[test]
    fn adding_the_same_root_twice_keeps_one() {
        let ws = Workspace::default();
        assert!(ws.add(handle("/nowhere/r")).1);
        assert!(!ws.add(handle("/nowhere/r")).1);
        assert_eq!(ws.all().len(), 1);
        ws.remove(Path::new("/nowhere/r"));
        assert!(ws.all().is_empty());
    }
}
