//! The per-commit unit of work, computed on worker threads: commit metadata, the file changes
//! against the first parent (numstat + hunks), and for merges, where each changed file's lines
//! come from (which parent, which path, which hunks) so ownership can be replayed like blame.

use git2::Oid;

use crate::git::line_diff::Hunk;

/// An identity as written in a commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// What the index records about a commit.
#[derive(Debug, Clone)]
pub struct CommitMeta {
    pub oid: Oid,
    pub parents: Vec<Oid>,
    pub author: Person,
    pub committer: Person,
    pub author_time: i64,
    pub author_tz: i32,
    pub committer_time: i64,
    pub committer_tz: i32,
    pub subject: String,
    pub body: String,
    /// A shallow clone's grafted boundary: its tree is pre-history and credits nobody.
    pub boundary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Modified,
    Deleted,
    Renamed,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Added => "A",
            Kind::Modified => "M",
            Kind::Deleted => "D",
            Kind::Renamed => "R",
        }
    }
}

/// How a file's lines changed, for the ownership replay.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Text on both sides (or added/deleted text): hunks against the old lines.
    Lines { hunks: Vec<Hunk>, new_len: u32 },
    /// The new side is binary, too large or missing: the file has no line ownership.
    Opaque,
    /// The file is gone at this path.
    Removed,
    /// Only the mode changed: ownership stays as it was.
    Same,
}

/// One file changed by a non-merge commit against its first parent.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: Vec<u8>,
    pub old_path: Option<Vec<u8>>,
    pub kind: Kind,
    /// `(added, deleted)` lines; None when either side is binary or missing (numstat's `-`).
    pub counts: Option<(u32, u32)>,
    pub edit: Edit,
}

/// Where one of a merge's changed files gets its lines from.
#[derive(Debug, Clone)]
pub struct MergeSource {
    /// Parent position (0 = first parent).
    pub parent: usize,
    pub path: Vec<u8>,
    /// None: the merge's blob is identical to this parent's, which passes its whole ownership.
    pub hunks: Option<Vec<Hunk>>,
}

/// A file a merge changed relative to its first parent.
#[derive(Debug, Clone)]
pub struct MergeFile {
    pub path: Vec<u8>,
    /// Lines at the merge (None: binary/missing, or deleted when `sources` is empty; ignored
    /// when the single source passes its whole ownership).
    pub new_len: Option<u32>,
    pub sources: Vec<MergeSource>,
}

/// Everything the sequential stage needs about one commit.
#[derive(Debug, Clone)]
pub struct CommitWork {
    pub meta: CommitMeta,
    pub changes: Vec<FileChange>,
    pub merge_files: Vec<MergeFile>,
    /// Blobs that were missing from the object database (partial clone).
    pub missing_blobs: u32,
}
