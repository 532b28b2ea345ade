//! Where a merge's file came from in a parent that lacks its path, as `git blame` finds it
//! (blame.c `find_rename`: a diff of that parent against the merge with rename detection,
//! following just this one file). The file may have been renamed on the other side of the
//! merge, or arrive by a subtree merge (`git read-tree --prefix`). Used by the index's merges;
//! answers at older revisions come from the ownership log the same replay wrote.

use std::rc::Rc;

use git2::Oid;

use super::rename::{self, Candidate, Fingerprint};
use super::tree_diff::{diff_trees, TreeSource};

/// A parent's files that the merge no longer has under the same path: the possible origins.
pub struct Gone {
    files: Vec<(Vec<u8>, Oid)>,
    /// Content profiles, made the first time an exact match fails (None: binary, unreadable).
    fingerprints: Option<Vec<Option<Rc<Fingerprint>>>>,
}

impl Gone {
    /// The files tree `parent` has and tree `merge` lacks at the same path.
    pub fn list(src: &impl TreeSource, parent: Oid, merge: Oid) -> Result<Gone, git2::Error> {
        let mut raw = Vec::new();
        diff_trees(src, Some(parent), Some(merge), &mut raw)?;
        let files = raw
            .into_iter()
            .filter(|c| c.new.is_none())
            .filter_map(|c| c.old.map(|o| (c.path, o.id)))
            .collect();
        Ok(Gone {
            files,
            fingerprints: None,
        })
    }

    /// The path and blob that the merge's `path` (blob `id`) had in the parent: an identical
    /// blob (one with the same base name first), else the most similar at git's 50 %
    /// (`rename::pair` with this one destination). `profile` gives a blob's content profile
    /// (None when binary or unreadable).
    pub fn origin(
        &mut self,
        path: &[u8],
        id: Oid,
        profile: &mut dyn FnMut(Oid) -> anyhow::Result<Option<Rc<Fingerprint>>>,
    ) -> anyhow::Result<Option<(Vec<u8>, Oid)>> {
        if self.files.is_empty() {
            return Ok(None);
        }
        let exact: Vec<Candidate<'_>> = self
            .files
            .iter()
            .map(|(p, i)| Candidate {
                path: p,
                id: *i,
                fingerprint: None,
            })
            .collect();
        let dest = |fingerprint| Candidate {
            path,
            id,
            fingerprint,
        };
        if let Some(&(s, _, _)) = rename::pair(&exact, &[dest(None)]).first() {
            return Ok(Some(self.files[s].clone()));
        }
        let Some(own) = profile(id)? else {
            return Ok(None);
        };
        if self.fingerprints.is_none() {
            let mut fps = Vec::with_capacity(self.files.len());
            for (_, i) in &self.files {
                fps.push(profile(*i)?);
            }
            self.fingerprints = Some(fps);
        }
        let fps = self.fingerprints.as_deref().unwrap_or_default();
        let similar: Vec<Candidate<'_>> = exact
            .into_iter()
            .zip(fps)
            .map(|(c, f)| Candidate {
                fingerprint: f.as_deref(),
                ..c
            })
            .collect();
        Ok(rename::pair(&similar, &[dest(Some(&*own))])
            .first()
            .map(|&(s, _, _)| self.files[s].clone()))
    }
}
