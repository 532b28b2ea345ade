//! The history of one file as the index stores it: the commit graph (ids are topological, so a
//! commit's parents have smaller ids), the commits that reach the revision asked about, and, per
//! commit, which of the file's names it changed and from which name — `file_changes` for
//! ordinary commits (renames followed), the ownership log's records (`deltas`) for merges. No
//! blame here: `walk` carries a line range back over it, and who owns the lines today comes from
//! `query::owners::owner_ids`.

use std::collections::HashMap;

use anyhow::Result;
use git2::Oid;

use crate::query::Context;

/// One change of one of the file's names by one commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The name in the first parent the new content comes from (itself, or a rename's source;
    /// `None` when the file is new there).
    pub from: Option<u32>,
}

pub struct History {
    oids: Vec<Oid>,
    parents: Vec<Vec<u32>>,
    /// Which commits the revision reaches (itself included).
    ancestry: Vec<bool>,
    /// (commit, path) → how that commit changed the file under that name.
    changes: HashMap<(u32, u32), Change>,
    /// The file's names (path id → path bytes).
    pub names: HashMap<u32, Vec<u8>>,
    /// The revision and the file's path id there.
    pub at: u32,
    pub path: u32,
}

impl History {
    /// The history of `path` (a path id) up to commit `at`.
    pub fn load(ctx: &Context, at: u32, path: u32) -> Result<History> {
        let conn = ctx.store.conn();
        let mut oids = Vec::new();
        let mut st = conn.prepare("SELECT id, oid FROM commits ORDER BY id")?;
        for row in st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
            let (id, oid) = row?;
            if oids.len() <= id as usize {
                oids.resize(id as usize + 1, Oid::zero());
            }
            oids[id as usize] = Oid::from_str(&oid)?;
        }
        let mut parents = vec![Vec::new(); oids.len()];
        let mut st = conn.prepare(
            "SELECT commit_id, parent_id FROM parents WHERE parent_id IS NOT NULL \
             ORDER BY commit_id, idx",
        )?;
        for row in st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, u32>(1)?)))? {
            let (c, p) = row?;
            if let Some(ps) = parents.get_mut(c as usize) {
                ps.push(p);
            }
        }
        let mut ancestry = vec![false; oids.len()];
        let mut stack = vec![at];
        while let Some(c) = stack.pop() {
            if let Some(seen) = ancestry.get_mut(c as usize) {
                if !std::mem::replace(seen, true) {
                    stack.extend(&parents[c as usize]);
                }
            }
        }
        let mut h = History {
            oids,
            parents,
            ancestry,
            changes: HashMap::new(),
            names: HashMap::new(),
            at,
            path,
        };
        h.load_changes(ctx)?;
        Ok(h)
    }

    /// The changes to each of the file's names, learning earlier names from renames.
    fn load_changes(&mut self, ctx: &Context) -> Result<()> {
        let conn = ctx.store.conn();
        let mut rows = conn.prepare_cached(
            "SELECT c.id, f.kind, f.old_path_id FROM file_changes f \
             JOIN commits c ON c.id = f.commit_id WHERE f.path_id = ?1",
        )?;
        let mut merges = conn.prepare_cached(
            "SELECT d.commit_id, d.from_path_id FROM deltas d \
             JOIN commits c ON c.id = d.commit_id WHERE d.path_id = ?1 AND c.parent_count > 1",
        )?;
        let mut name = conn.prepare_cached("SELECT path FROM paths WHERE id = ?1")?;
        let mut todo = vec![self.path];
        while let Some(p) = todo.pop() {
            if self.names.contains_key(&p) {
                continue;
            }
            self.names.insert(p, name.query_row([p], |r| r.get(0))?);
            let found: Vec<(u32, String, Option<u32>)> = rows
                .query_map([p], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (c, kind, old) in found {
                if !self.reaches(c) {
                    continue;
                }
                let from = match kind.as_str() {
                    "A" => None,
                    "R" => old,
                    _ => Some(p),
                };
                if let Some(f) = from.filter(|f| *f != p) {
                    todo.push(f);
                }
                self.changes.insert((c, p), Change { from });
            }
            let found: Vec<(u32, Option<u32>)> = merges
                .query_map([p], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (c, from) in found {
                if !self.reaches(c) {
                    continue;
                }
                if let Some(f) = from.filter(|f| *f != p) {
                    todo.push(f);
                }
                self.changes.insert((c, p), Change { from });
            }
        }
        Ok(())
    }

    /// Whether the revision reaches commit `c`.
    pub fn reaches(&self, c: u32) -> bool {
        self.ancestry.get(c as usize).copied().unwrap_or(false)
    }

    pub fn parents(&self, c: u32) -> &[u32] {
        self.parents.get(c as usize).map_or(&[], Vec::as_slice)
    }

    pub fn oid(&self, c: u32) -> Oid {
        self.oids.get(c as usize).copied().unwrap_or_else(Oid::zero)
    }

    /// How commit `c` changed name `path`, if it did.
    pub fn change(&self, c: u32, path: u32) -> Option<Change> {
        self.changes.get(&(c, path)).copied()
    }

    pub fn name(&self, path: u32) -> &[u8] {
        self.names.get(&path).map_or(&[], Vec::as_slice)
    }
}
