//! Computes a [`CommitWork`] from the repository: the tree diff against the first parent,
//! renames, line diffs, and for merges the per-file line sources. Runs on worker threads, each
//! with its own `git2::Repository`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use git2::{Oid, Repository};

use super::objects::Objects;
use super::work::{CommitMeta, CommitWork, Edit, FileChange, Kind, Person};
use crate::git::blob::{self, Blob};
use crate::git::line_diff::{diff_lines, Hunk};
use crate::git::object_reader::ObjectReader;
use crate::git::rename::{self, Candidate, Fingerprint};
use crate::git::tree_diff::{diff_trees, TreeChange};
use std::rc::Rc;

/// Spans of content profiles a worker keeps (8 bytes each): merges that bring in a subtree
/// (git/git's gitk, git-gui and po merges) profile the same parent files merge after merge.
const PROFILED_SPANS: usize = 1 << 18;

/// Per-thread state for computing commits.
pub struct Computer<'r> {
    repo: &'r Repository,
    pub(super) objects: Objects<'r>,
    boundary: &'r HashSet<Oid>,
    profiles: RefCell<Profiles>,
}

/// Content profiles of blobs kept for the next merges.
#[derive(Default)]
struct Profiles {
    by_blob: HashMap<Oid, Option<Rc<Fingerprint>>>,
    /// How many spans they hold in all.
    spans: usize,
}

impl<'r> Computer<'r> {
    pub fn new(
        repo: &'r Repository,
        reader: ObjectReader,
        boundary: &'r HashSet<Oid>,
        size_cap: usize,
    ) -> Self {
        Computer {
            repo,
            objects: Objects::new(repo, reader, size_cap),
            boundary,
            profiles: RefCell::default(),
        }
    }

    /// Reads objects through `reader` from now on (what is cached stays).
    pub fn set_reader(&mut self, reader: ObjectReader) {
        self.objects.set_reader(reader);
    }

    pub(super) fn load(&self, id: Oid, missing: &mut u32) -> anyhow::Result<Rc<Blob>> {
        let b = self
            .objects
            .blob(id)
            .with_context(|| format!("reading blob {id}"))?;
        if matches!(*b, Blob::Missing) {
            *missing += 1;
        }
        Ok(b)
    }

    /// The content profile of blob `id` for rename detection (None: binary or missing).
    pub(super) fn fingerprint(
        &self,
        id: Oid,
        missing: &mut u32,
    ) -> anyhow::Result<Option<Rc<Fingerprint>>> {
        if let Some(f) = self.profiles.borrow().by_blob.get(&id) {
            return Ok(f.clone());
        }
        let blob = self.load(id, missing)?;
        let f = blob.text().map(|t| Rc::new(rename::fingerprint(t, true)));
        if matches!(*blob, Blob::Missing) {
            // not kept: each commit that needs it counts it missing
            return Ok(f);
        }
        let mut profiles = self.profiles.borrow_mut();
        let spans = f.as_ref().map_or(0, |f| f.spans());
        if profiles.spans + spans > PROFILED_SPANS {
            *profiles = Profiles::default();
        }
        profiles.spans += spans;
        profiles.by_blob.insert(id, f.clone());
        Ok(f)
    }

    /// Computes the work for commit `oid`.
    pub fn compute(&self, oid: Oid) -> anyhow::Result<CommitWork> {
        self.objects.rotate();
        let commit = self
            .repo
            .find_commit(oid)
            .with_context(|| format!("reading commit {oid}"))?;
        let boundary = self.boundary.contains(&oid);
        let meta = meta_of(&commit, boundary);
        let tree = commit.tree_id();
        let mut missing = 0;
        let parents: Vec<Oid> = if boundary {
            Vec::new()
        } else {
            commit.parent_ids().collect()
        };
        let parent_trees: Vec<Oid> = parents
            .iter()
            .map(|p| self.objects.commit_tree(*p))
            .collect::<Result<_, _>>()
            .with_context(|| format!("reading the parents of {oid}"))?;
        let mut work = CommitWork {
            meta,
            changes: Vec::new(),
            merge_files: Vec::new(),
            missing_blobs: 0,
        };
        let mut raw = Vec::new();
        diff_trees(
            &self.objects,
            parent_trees.first().copied(),
            Some(tree),
            &mut raw,
        )
        .with_context(|| format!("diffing the trees of {oid}"))?;
        if parents.len() > 1 {
            work.merge_files = self.merge_files(raw, tree, &parent_trees[1..], &mut missing)?;
        } else {
            work.changes = self.file_changes(raw, &mut missing)?;
        }
        work.missing_blobs = missing;
        Ok(work)
    }

    /// Turns raw tree differences into numstat-style changes with renames paired.
    pub(super) fn file_changes(
        &self,
        raw: Vec<TreeChange>,
        missing: &mut u32,
    ) -> anyhow::Result<Vec<FileChange>> {
        let mut out = Vec::with_capacity(raw.len());
        let mut deleted: Vec<(Vec<u8>, Oid, Rc<Blob>)> = Vec::new();
        let mut added: Vec<(Vec<u8>, Oid, Rc<Blob>)> = Vec::new();
        for c in raw {
            match (c.old, c.new) {
                (Some(o), Some(n)) => {
                    if o.id == n.id {
                        // A mode change only: numstat lists it with 0 and 0.
                        out.push(FileChange {
                            path: c.path,
                            old_path: None,
                            kind: Kind::Modified,
                            counts: Some((0, 0)),
                            edit: Edit::Same,
                        });
                        continue;
                    }
                    let (ob, nb) = (self.load(o.id, missing)?, self.load(n.id, missing)?);
                    out.push(modified(c.path, None, Kind::Modified, &ob, &nb));
                }
                (Some(o), None) => deleted.push((c.path, o.id, self.load(o.id, missing)?)),
                (None, Some(n)) => added.push((c.path, n.id, self.load(n.id, missing)?)),
                (None, None) => {}
            }
        }
        let pairs = if deleted.is_empty() || added.is_empty() {
            Vec::new()
        } else {
            pair_renames(&deleted, &added)
        };
        let mut del_used = vec![false; deleted.len()];
        let mut add_used = vec![false; added.len()];
        for (s, d) in pairs {
            del_used[s] = true;
            add_used[d] = true;
            let (op, _, ob) = &deleted[s];
            let (np, _, nb) = &added[d];
            out.push(modified(
                np.clone(),
                Some(op.clone()),
                Kind::Renamed,
                ob,
                nb,
            ));
        }
        for (i, (path, _, b)) in deleted.into_iter().enumerate() {
            if !del_used[i] {
                let counts = b.text().map(|t| (0, blob::count_lines(t)));
                out.push(FileChange {
                    path,
                    old_path: None,
                    kind: Kind::Deleted,
                    counts,
                    edit: Edit::Removed,
                });
            }
        }
        for (i, (path, _, b)) in added.into_iter().enumerate() {
            if !add_used[i] {
                let (counts, edit) = match b.text() {
                    Some(t) => {
                        let n = blob::count_lines(t);
                        (
                            Some((n, 0)),
                            Edit::Lines {
                                hunks: vec![Hunk {
                                    before: (0, 0),
                                    after: (0, n),
                                }],
                                new_len: n,
                            },
                        )
                    }
                    None => (None, Edit::Opaque),
                };
                out.push(FileChange {
                    path,
                    old_path: None,
                    kind: Kind::Added,
                    counts,
                    edit,
                });
            }
        }
        Ok(out)
    }
}

fn modified(
    path: Vec<u8>,
    old_path: Option<Vec<u8>>,
    kind: Kind,
    old: &Blob,
    new: &Blob,
) -> FileChange {
    match (old.text(), new.text()) {
        (Some(o), Some(n)) => {
            let d = diff_lines(o, n);
            let new_len = d.new_lines;
            FileChange {
                path,
                old_path,
                kind,
                counts: Some((d.added, d.deleted)),
                edit: Edit::Lines {
                    hunks: d.hunks,
                    new_len,
                },
            }
        }
        (None, Some(n)) => {
            let new_len = blob::count_lines(n);
            let hunks = vec![Hunk {
                before: (0, 0),
                after: (0, new_len),
            }];
            // Old side binary/missing: every line is new for ownership, numstat shows '-'.
            FileChange {
                path,
                old_path,
                kind,
                counts: None,
                edit: Edit::Lines { hunks, new_len },
            }
        }
        _ => FileChange {
            path,
            old_path,
            kind,
            counts: None,
            edit: Edit::Opaque,
        },
    }
}

fn pair_renames(
    deleted: &[(Vec<u8>, Oid, Rc<Blob>)],
    added: &[(Vec<u8>, Oid, Rc<Blob>)],
) -> Vec<(usize, usize)> {
    let want_fp = deleted.len() * added.len() <= rename::RENAME_LIMIT * rename::RENAME_LIMIT;
    let fp = |b: &Blob| {
        if want_fp {
            b.text().map(|t| rename::fingerprint(t, true))
        } else {
            None
        }
    };
    let dfp: Vec<_> = deleted.iter().map(|(_, _, b)| fp(b)).collect();
    let afp: Vec<_> = added.iter().map(|(_, _, b)| fp(b)).collect();
    let srcs: Vec<Candidate<'_>> = deleted
        .iter()
        .zip(&dfp)
        .map(|((p, id, _), f)| Candidate {
            path: p,
            id: *id,
            fingerprint: f.as_ref(),
        })
        .collect();
    let dsts: Vec<Candidate<'_>> = added
        .iter()
        .zip(&afp)
        .map(|((p, id, _), f)| Candidate {
            path: p,
            id: *id,
            fingerprint: f.as_ref(),
        })
        .collect();
    rename::pair(&srcs, &dsts)
        .into_iter()
        .map(|(s, d, _)| (s, d))
        .collect()
}

fn decode(bytes: &[u8], encoding: Option<&str>) -> String {
    match encoding.map(|e| e.to_ascii_lowercase()) {
        Some(e) if e == "iso-8859-1" || e == "latin1" || e == "latin-1" => {
            bytes.iter().map(|&b| b as char).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn person(sig: &git2::Signature<'_>) -> Person {
    Person {
        name: String::from_utf8_lossy(sig.name_bytes()).trim().to_string(),
        email: String::from_utf8_lossy(sig.email_bytes())
            .trim()
            .to_string(),
    }
}

fn meta_of(commit: &git2::Commit<'_>, boundary: bool) -> CommitMeta {
    let (a, c) = (commit.author(), commit.committer());
    let enc = commit.message_encoding();
    let subject = commit
        .summary_bytes()
        .map(|s| decode(s, enc))
        .unwrap_or_default();
    let body = commit
        .body_bytes()
        .map(|s| decode(s, enc))
        .unwrap_or_default();
    CommitMeta {
        oid: commit.id(),
        parents: if boundary {
            Vec::new()
        } else {
            commit.parent_ids().collect()
        },
        author: person(&a),
        committer: person(&c),
        author_time: a.when().seconds(),
        author_tz: a.when().offset_minutes(),
        committer_time: c.when().seconds(),
        committer_tz: c.when().offset_minutes(),
        subject,
        body,
        boundary,
    }
}
