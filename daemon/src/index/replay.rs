//! Line ownership replayed forward through history, like `git blame` run for every file at
//! once: each commit's hunks move its parent's per-line owners and give changed lines to the
//! commit (or, for an ignored revision, keep the previous owners in place). States are kept
//! only while a commit still has unprocessed children, and moved (not cloned) to a last child.
//! Each commit also yields its records for the ownership log (`delta`): how its owners differ
//! from its first parent's, reversibly.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::delta::{self, Delta, Source};
use crate::git::line_diff::Hunk;

/// Per-line owners of one file — the commit id (`commits.id`) that last changed each line — as
/// a state holds them: packed runs (`delta::pack`, about a byte a line rather than four), shared
/// between states, and unpacked only to be edited. States waiting for a far-away child (a topic
/// branch forked long ago) pin old versions of every file, so their size is the replay's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owners(Arc<[u8]>);

impl Owners {
    pub fn new(owners: &[u32]) -> Owners {
        Owners(delta::pack(owners).into())
    }

    /// The owners, line by line.
    pub fn to_vec(&self) -> Vec<u32> {
        // Written by `new` in this process: decoding cannot fail.
        delta::unpack(&self.0).unwrap_or_default()
    }

    /// The packed form (what a view stores).
    pub fn packed(&self) -> &[u8] {
        &self.0
    }
}

/// Ownership of every text file in one commit's tree, keyed by path id.
pub type State = HashMap<u32, Owners>;

/// What one file of a commit becomes, in path ids (see `work::Edit`, `work::MergeFile`).
pub enum FileOp {
    Remove {
        path: u32,
    },
    /// Non-merge edit: hunks against `from` in the first parent.
    Edit {
        path: u32,
        from: u32,
        hunks: Vec<Hunk>,
        new_len: u32,
    },
    /// Merge: sources in blame's order; lines claimed by none belong to the merge.
    Merge {
        path: u32,
        new_len: u32,
        sources: Vec<(usize, u32, Option<Vec<Hunk>>)>,
    },
    Same {
        path: u32,
        from: u32,
    },
}

impl FileOp {
    /// The path this operation writes (or removes).
    pub fn path(&self) -> u32 {
        match self {
            FileOp::Remove { path }
            | FileOp::Same { path, .. }
            | FileOp::Edit { path, .. }
            | FileOp::Merge { path, .. } => *path,
        }
    }

    /// The paths whose owners in the parents this operation reads (its own included: the log
    /// records what it replaces).
    pub fn reads(&self) -> Vec<u32> {
        match self {
            FileOp::Remove { path } => vec![*path],
            FileOp::Same { path, from } | FileOp::Edit { path, from, .. } => vec![*path, *from],
            FileOp::Merge { path, sources, .. } => std::iter::once(*path)
                .chain(sources.iter().map(|s| s.1))
                .collect(),
        }
    }
}

/// Drops removals of paths the same commit writes (a rename's old path re-used by a new file).
pub fn drop_removals_of_written(ops: &mut Vec<FileOp>) {
    let written: HashSet<u32> = ops
        .iter()
        .filter(|o| !matches!(o, FileOp::Remove { .. }))
        .map(FileOp::path)
        .collect();
    ops.retain(|o| !matches!(o, FileOp::Remove { path } if written.contains(path)));
}

/// The replay over a parents-first sequence of commits.
pub struct Replay {
    states: HashMap<u32, (State, u32)>,
    ignored: HashSet<u32>,
    /// Most states alive at once (a measure of the replay's memory).
    pub peak_states: usize,
}

impl Replay {
    /// `ignored`: commit ids from `.git-blame-ignore-revs` / `blame.ignoreRevsFile`.
    pub fn new(ignored: HashSet<u32>) -> Self {
        Replay {
            states: HashMap::new(),
            ignored,
            peak_states: 0,
        }
    }

    /// Seeds the state of an already indexed commit (incremental runs start from HEAD's).
    pub fn seed(&mut self, commit: u32, state: State, children: u32) {
        self.states.insert(commit, (state, children));
    }

    fn parent_state(&self, parent: u32) -> Option<&State> {
        self.states.get(&parent).map(|(s, _)| s)
    }

    /// Applies `ops` for commit `id` with `parents` (ids); `children` is how many later commits
    /// in the sequence name it as a parent (the final HEAD is kept with `u32::MAX`). Returns the
    /// commit's records for the ownership log.
    pub fn apply(
        &mut self,
        id: u32,
        parents: &[u32],
        ops: Vec<FileOp>,
        children: u32,
    ) -> Vec<Delta> {
        let ignored = self.ignored.contains(&id);
        // Phase 1: compute every new owner vector from the parents' states (unmodified).
        let empty = State::new();
        let mut writes: Vec<(u32, Option<Owners>)> = Vec::with_capacity(ops.len());
        let mut deltas = Vec::with_capacity(ops.len());
        {
            let parent = |k: usize| {
                parents
                    .get(k)
                    .and_then(|p| self.parent_state(*p))
                    .unwrap_or(&empty)
            };
            let first = parent(0);
            let unpacked = |state: &State, path: u32| state.get(&path).map(Owners::to_vec);
            // The log record of `path` becoming `new`, derived from the first parent's owners
            // `old` of `from` through `hunks` where known.
            let mut record = |path: u32,
                              new: Option<&[u32]>,
                              from: u32,
                              old: Option<&[u32]>,
                              hunks: Option<&[Hunk]>| {
                let source = old.map(|owners| Source {
                    path: from,
                    owners,
                    hunks,
                });
                let own;
                let prev = if from == path {
                    old
                } else {
                    own = unpacked(first, path);
                    own.as_deref()
                };
                deltas.extend(delta::encode(id, path, source, new, prev));
            };
            for op in ops {
                match op {
                    FileOp::Remove { path } => {
                        let old = unpacked(first, path);
                        record(path, None, path, old.as_deref(), None);
                        writes.push((path, None));
                    }
                    FileOp::Same { path, from } => {
                        let new = first.get(&from).cloned();
                        if from != path {
                            let v = new.as_ref().map(Owners::to_vec);
                            record(path, v.as_deref(), from, v.as_deref(), Some(&[]));
                        }
                        writes.push((path, new));
                    }
                    FileOp::Edit {
                        path,
                        from,
                        hunks,
                        new_len,
                    } => {
                        let old = unpacked(first, from);
                        let new = edit(old.as_deref(), &hunks, new_len, id, ignored);
                        record(path, Some(&new), from, old.as_deref(), Some(&hunks));
                        writes.push((path, Some(Owners::new(&new))));
                    }
                    FileOp::Merge {
                        path,
                        new_len,
                        sources,
                    } => {
                        let (new, packed) = if let [(k, from, None)] = sources.as_slice() {
                            let packed = parent(*k).get(from).cloned();
                            (packed.as_ref().map(Owners::to_vec), packed)
                        } else {
                            let mut owners: Vec<Option<u32>> = vec![None; new_len as usize];
                            for (k, from, hunks) in &sources {
                                let (Some(old), Some(hunks)) = (unpacked(parent(*k), *from), hunks)
                                else {
                                    continue;
                                };
                                claim_unchanged(&old, hunks, &mut owners);
                            }
                            let v: Vec<u32> = owners.into_iter().map(|o| o.unwrap_or(id)).collect();
                            let packed = Owners::new(&v);
                            (Some(v), Some(packed))
                        };
                        // Derived from the first parent's owners, through its hunks when it has
                        // the file (else from the same path, by a diff of the owners).
                        let (from, hunks) = match sources.iter().find(|s| s.0 == 0) {
                            Some((_, from, hunks)) => (*from, hunks.as_deref()),
                            None => (path, None),
                        };
                        let old = unpacked(first, from);
                        record(path, new.as_deref(), from, old.as_deref(), hunks);
                        writes.push((path, packed));
                    }
                }
            }
        }
        // Phase 2: the new state is the first parent's, moved when this is its last child.
        let mut state = match parents.first() {
            Some(p) => self.take_or_clone(*p),
            None => State::new(),
        };
        for p in parents.iter().skip(1) {
            self.release(*p);
        }
        for (path, owners) in writes {
            match owners {
                Some(o) => {
                    state.insert(path, o);
                }
                None => {
                    state.remove(&path);
                }
            }
        }
        if children > 0 {
            self.states.insert(id, (state, children));
            self.peak_states = self.peak_states.max(self.states.len());
        }
        deltas
    }

    fn take_or_clone(&mut self, parent: u32) -> State {
        match self.states.get_mut(&parent) {
            Some((_, remaining)) if *remaining > 1 => {
                *remaining -= 1;
                self.states[&parent].0.clone()
            }
            Some(_) => self
                .states
                .remove(&parent)
                .map(|(s, _)| s)
                .unwrap_or_default(),
            None => State::new(),
        }
    }

    fn release(&mut self, parent: u32) {
        if let Some((_, remaining)) = self.states.get_mut(&parent) {
            *remaining -= 1;
            if *remaining == 0 {
                self.states.remove(&parent);
            }
        }
    }

    /// The final state of `head`, which must have been applied with children > 0.
    pub fn finish(mut self, head: u32) -> State {
        self.states
            .remove(&head)
            .map(|(s, _)| s)
            .unwrap_or_default()
    }
}

/// Applies hunks to `old` owners: unchanged lines keep their owner, changed lines go to
/// `commit`; for an ignored commit, changed lines keep the owner of the old line in the same
/// position of the hunk (git: "blamed on the previous commit that changed that line or nearby
/// lines"); lines with no counterpart stay with the ignored commit (git's "unblamable").
pub fn edit(
    old: Option<&[u32]>,
    hunks: &[Hunk],
    new_len: u32,
    commit: u32,
    ignored: bool,
) -> Vec<u32> {
    let Some(old) = old else {
        return vec![commit; new_len as usize];
    };
    let mut out = Vec::with_capacity(new_len as usize);
    let mut pos = 0usize;
    for h in hunks {
        let (b0, b1) = (h.before.0 as usize, h.before.1 as usize);
        out.extend_from_slice(&old[pos.min(old.len())..b0.min(old.len())]);
        let added = (h.after.1 - h.after.0) as usize;
        let removed = b1.saturating_sub(b0);
        for i in 0..added {
            let owner = if ignored && removed > 0 {
                let j = b0 + (i * removed) / added.max(1);
                old.get(j.min(b1 - 1)).copied().unwrap_or(commit)
            } else {
                commit
            };
            out.push(owner);
        }
        pos = b1;
    }
    out.extend_from_slice(&old[pos.min(old.len())..]);
    out
}

/// Marks the new lines a parent has unchanged (outside its hunks) with that parent's owners,
/// where no earlier parent claimed them.
fn claim_unchanged(old: &[u32], hunks: &[Hunk], owners: &mut [Option<u32>]) {
    let (mut o, mut n) = (0usize, 0usize);
    let mut copy = |o_end: usize, o: &mut usize, n: &mut usize| {
        while *o < o_end && *o < old.len() {
            if let Some(slot) = owners.get_mut(*n) {
                if slot.is_none() {
                    *slot = Some(old[*o]);
                }
            }
            *o += 1;
            *n += 1;
        }
    };
    for h in hunks {
        copy(h.before.0 as usize, &mut o, &mut n);
        o = h.before.1 as usize;
        n = h.after.1 as usize;
    }
    copy(old.len(), &mut o, &mut n);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(b: (u32, u32), a: (u32, u32)) -> Hunk {
        Hunk {
            before: b,
            after: a,
        }
    }

    #[test]
    fn edits_move_unchanged_owners_and_credit_changed_lines() {
        let old = [1, 1, 2, 2];
        // line 1 replaced by two lines, a line appended
        let new = edit(
            Some(&old),
            &[h((1, 2), (1, 3)), h((4, 4), (5, 6))],
            6,
            9,
            false,
        );
        assert_eq!(new, vec![1, 9, 9, 2, 2, 9]);
    }

    #[test]
    fn an_ignored_commit_keeps_previous_owners_in_place() {
        let old = [1, 2, 3];
        let new = edit(Some(&old), &[h((0, 3), (0, 3))], 3, 9, true);
        assert_eq!(new, vec![1, 2, 3]);
        let grown = edit(Some(&old), &[h((3, 3), (3, 4))], 4, 9, true);
        assert_eq!(
            grown,
            vec![1, 2, 3, 9],
            "a pure addition has no earlier owner"
        );
    }

    #[test]
    fn merges_take_lines_from_each_parent_then_credit_the_rest() {
        let mut r = Replay::new(HashSet::new());
        let mut s1 = State::new();
        s1.insert(7, Owners::new(&[1, 1, 1]));
        let mut s2 = State::new();
        s2.insert(7, Owners::new(&[2, 2, 2]));
        r.seed(1, s1, 1);
        r.seed(2, s2, 1);
        // merge result: [p1 line0, p2 line1 changed vs p1, new line]
        let ops = vec![FileOp::Merge {
            path: 7,
            new_len: 3,
            sources: vec![
                (0, 7, Some(vec![h((1, 3), (1, 3))])),
                (1, 7, Some(vec![h((0, 1), (0, 1)), h((2, 3), (2, 3))])),
            ],
        }];
        r.apply(3, &[1, 2], ops, 1);
        assert_eq!(r.finish(3)[&7].to_vec(), [1, 2, 3]);
    }
}
