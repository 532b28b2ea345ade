//! Merges, replayed like blame: for each file a merge changed against its first parent, which
//! parent each line comes from. A parent holding the identical blob passes its whole ownership;
//! otherwise each parent, first parent first (with renames), claims the lines it has unchanged.
//!
//! A parent that lacks the file's path is searched for the path it had there, as blame's
//! `find_rename` does (a diff of that parent against the merge, following just this file):
//! the file may have been renamed on the other side of the merge, or arrive by a subtree merge
//! (`git read-tree --prefix`), whose history then keeps its lines.

use std::collections::HashMap;
use std::rc::Rc;

use git2::Oid;

use super::compute::Computer;
use super::work::{Edit, Kind, MergeFile, MergeSource};
use crate::git::blob::Blob;
use crate::git::line_diff::diff_lines;
use crate::git::merge_rename::Gone;
use crate::git::tree_diff::{find_path, TreeChange};

/// Where a parent has a merge's file: (path there, blob), or `None`.
type Origin = Option<(Vec<u8>, Oid)>;

impl Computer<'_> {
    pub(super) fn tree_blob(&self, tree: Oid, path: &[u8]) -> anyhow::Result<Option<Oid>> {
        Ok(find_path(&self.objects, tree, path)?.map(|b| b.id))
    }

    /// For a merge: where each file that differs from the first parent takes its lines from,
    /// following blame: a parent with the identical blob passes its whole ownership; otherwise
    /// each parent (first parent first, with renames) claims the lines it has unchanged.
    pub(super) fn merge_files(
        &self,
        raw: Vec<TreeChange>,
        tree: Oid,
        others: &[Oid],
        missing: &mut u32,
    ) -> anyhow::Result<Vec<MergeFile>> {
        let mut out = Vec::new();
        let mut rest = Vec::new();
        // files no other parent holds identically: the merge's blob and where each other parent
        // has the file, for the line pass below
        let mut merged_from: HashMap<Vec<u8>, (Oid, Vec<Origin>)> = HashMap::new();
        let mut gone: Vec<Option<Gone>> = others.iter().map(|_| None).collect();
        'raw: for c in raw {
            if let Some(n) = c.new {
                let mut origins = Vec::with_capacity(others.len());
                for (k, other) in others.iter().enumerate() {
                    let origin = match self.tree_blob(*other, &c.path)? {
                        Some(id) => Some((c.path.clone(), id)),
                        None => {
                            self.renamed_from(&mut gone[k], *other, tree, &c.path, n.id, missing)?
                        }
                    };
                    if let Some((path, _)) = origin.clone().filter(|o| o.1 == n.id) {
                        let source = MergeSource {
                            parent: k + 1,
                            path,
                            hunks: None,
                        };
                        out.push(MergeFile {
                            path: c.path,
                            new_len: Some(0),
                            sources: vec![source],
                        });
                        continue 'raw;
                    }
                    origins.push(origin);
                }
                merged_from.insert(c.path.clone(), (n.id, origins));
            }
            rest.push(c);
        }
        for c in self.file_changes(rest, missing)? {
            if let Some(old) = c.old_path.clone() {
                out.push(MergeFile {
                    path: old,
                    new_len: None,
                    sources: Vec::new(),
                });
            }
            let Edit::Lines { hunks, new_len } = c.edit else {
                out.push(MergeFile {
                    path: c.path,
                    new_len: None,
                    sources: Vec::new(),
                });
                continue;
            };
            let mut sources = Vec::new();
            if c.kind != Kind::Added {
                let path = c.old_path.unwrap_or_else(|| c.path.clone());
                sources.push(MergeSource {
                    parent: 0,
                    path,
                    hunks: Some(hunks),
                });
            }
            if let Some((mid, origins)) = merged_from.remove(&c.path) {
                let mut merged: Option<Rc<Blob>> = None;
                for (k, origin) in origins.into_iter().enumerate() {
                    let Some((ppath, pid)) = origin else {
                        continue;
                    };
                    let pb = self.load(pid, missing)?;
                    let Some(pt) = pb.text() else { continue };
                    if merged.is_none() {
                        merged = Some(self.load(mid, missing)?);
                    }
                    if let Some(mt) = merged.as_deref().and_then(Blob::text) {
                        let hunks = diff_lines(pt, mt).hunks;
                        sources.push(MergeSource {
                            parent: k + 1,
                            path: ppath,
                            hunks: Some(hunks),
                        });
                    }
                }
            }
            out.push(MergeFile {
                path: c.path,
                new_len: Some(new_len),
                sources,
            });
        }
        Ok(out)
    }

    /// The path and blob that `path` (blob `id` at the merge, tree `merge`) had in a parent
    /// lacking it (see `git::merge_rename`); the parent's possible origins are listed once.
    fn renamed_from(
        &self,
        gone: &mut Option<Gone>,
        parent: Oid,
        merge: Oid,
        path: &[u8],
        id: Oid,
        missing: &mut u32,
    ) -> anyhow::Result<Origin> {
        let g = match gone {
            Some(g) => g,
            None => gone.insert(Gone::list(&self.objects, parent, merge)?),
        };
        g.origin(path, id, &mut |b| self.fingerprint(b, missing))
    }
}
