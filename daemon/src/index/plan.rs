//! Deciding what an index run must do: nothing (HEAD unchanged), append new commits on top of
//! the indexed HEAD (the cheap, common case), replay ownership over all commits while writing
//! only the new ones (new commits fork from older history), or rebuild (first run, rewritten
//! history, a shallow clone deepened, an index an earlier engine computed differently).

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use git2::{Oid, Repository, Sort};

use crate::store::Store;

/// What an index run computes, versioned: bump it whenever a change makes stored results differ
/// (numstat rows, line ownership), so an index an earlier build made is rebuilt once rather than
/// answering with old numbers. 2: merges follow a file renamed on the other side. 3: paths
/// record whether Linguist counts them (`paths.detectable`).
pub const ENGINE: &str = "3";

/// The reason of a rebuild that is simply the first index of a repository.
pub const FIRST_INDEX: &str = "first index";

/// One commit of the sequence the pipeline processes, parents first.
#[derive(Debug, Clone)]
pub struct Step {
    pub oid: Oid,
    /// Its `commits.id` (existing, or newly assigned).
    pub id: u32,
    /// Whether its rows must be written (false: already in the store, replayed only).
    pub write: bool,
    /// Parent ids (empty for roots and shallow boundaries).
    pub parents: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    UpToDate,
    /// Clear the store and index everything.
    Rebuild,
    /// New commits descend only from the indexed HEAD: replay them from its stored ownership.
    Append,
    /// New commits fork from older commits: replay all, write the new.
    Refold,
}

#[derive(Debug)]
pub struct Plan {
    pub head: Oid,
    pub mode: Mode,
    pub steps: Vec<Step>,
    /// Append mode: the indexed HEAD's id, whose ownership seeds the replay.
    pub seed: Option<u32>,
    pub boundary: HashSet<Oid>,
    pub reason: &'static str,
}

fn parents_of(repo: &Repository, oid: Oid, boundary: &HashSet<Oid>) -> anyhow::Result<Vec<Oid>> {
    if boundary.contains(&oid) {
        return Ok(Vec::new());
    }
    let c = repo
        .find_commit(oid)
        .with_context(|| format!("reading commit {oid}"))?;
    Ok(c.parent_ids().collect())
}

/// Commits reachable from `head` and not from `hide`, parents first.
fn walk(repo: &Repository, head: Oid, hide: Option<Oid>) -> anyhow::Result<Vec<Oid>> {
    let mut rw = repo.revwalk()?;
    rw.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    rw.push(head)?;
    if let Some(h) = hide {
        rw.hide(h)?;
    }
    rw.collect::<Result<Vec<_>, _>>()
        .context("walking the history")
}

fn stored_boundary(store: &Store) -> anyhow::Result<HashSet<Oid>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT oid FROM commits WHERE boundary = 1")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = HashSet::new();
    for r in rows {
        out.insert(Oid::from_str(&r?)?);
    }
    Ok(out)
}

/// Works out the plan for indexing `repo` at `head` into `store`.
pub fn plan(
    repo: &Repository,
    store: &Store,
    head: Oid,
    boundary: HashSet<Oid>,
) -> anyhow::Result<Plan> {
    let stored_head = store.meta("head")?.and_then(|h| Oid::from_str(&h).ok());
    let rebuild = |reason| -> anyhow::Result<Plan> {
        let oids = walk(repo, head, None)?;
        let ids: HashMap<Oid, u32> = oids
            .iter()
            .enumerate()
            .map(|(i, o)| (*o, i as u32 + 1))
            .collect();
        let mut steps = Vec::with_capacity(oids.len());
        for oid in oids {
            let parents = parents_of(repo, oid, &boundary)?
                .iter()
                .filter_map(|p| ids.get(p).copied())
                .collect();
            steps.push(Step {
                oid,
                id: ids[&oid],
                write: true,
                parents,
            });
        }
        Ok(Plan {
            head,
            mode: Mode::Rebuild,
            steps,
            seed: None,
            boundary: boundary.clone(),
            reason,
        })
    };
    let Some(old) = stored_head else {
        return rebuild(FIRST_INDEX);
    };
    if store.meta("engine")?.as_deref() != Some(ENGINE) {
        return rebuild("the index was made by an earlier engine");
    }
    if stored_boundary(store)? != boundary {
        return rebuild("the shallow boundary changed");
    }
    if old == head {
        return Ok(Plan {
            head,
            mode: Mode::UpToDate,
            steps: Vec::new(),
            seed: None,
            boundary,
            reason: "up to date",
        });
    }
    let descends =
        repo.find_commit(old).is_ok() && repo.graph_descendant_of(head, old).unwrap_or(false);
    if !descends {
        return rebuild("history was rewritten");
    }
    let new = walk(repo, head, Some(old))?;
    let (max_id, old_id): (u32, Option<u32>) = store.conn().query_row(
        "SELECT COALESCE(MAX(id), 0), (SELECT id FROM commits WHERE oid = ?1) FROM commits",
        [old.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(old_id) = old_id else {
        return rebuild("the index is missing its HEAD commit");
    };
    let mut ids: HashMap<Oid, u32> = HashMap::new();
    ids.insert(old, old_id);
    let mut steps = Vec::with_capacity(new.len());
    let mut forks = false;
    let mut unknown: Vec<(usize, Oid)> = Vec::new();
    for (i, oid) in new.iter().enumerate() {
        let id = max_id + 1 + i as u32;
        ids.insert(*oid, id);
        let mut parents = Vec::new();
        for p in parents_of(repo, *oid, &boundary)? {
            match ids.get(&p) {
                Some(pid) => parents.push(*pid),
                None => {
                    forks = true;
                    unknown.push((i, p));
                    parents.push(0);
                }
            }
        }
        steps.push(Step {
            oid: *oid,
            id,
            write: true,
            parents,
        });
    }
    if !forks {
        return Ok(Plan {
            head,
            mode: Mode::Append,
            steps,
            seed: Some(old_id),
            boundary,
            reason: "new commits on top of the index",
        });
    }
    // Some new commits fork from older history: replay everything stored, then the new ones.
    let mut all = stored_steps(store)?;
    let stored_ids: HashMap<Oid, u32> = all.iter().map(|s| (s.oid, s.id)).collect();
    for (i, p) in unknown {
        let Some(pid) = stored_ids.get(&p) else {
            return rebuild("a parent is missing from the index");
        };
        if let Some(slot) = steps[i].parents.iter_mut().find(|x| **x == 0) {
            *slot = *pid;
        }
    }
    all.extend(steps);
    Ok(Plan {
        head,
        mode: Mode::Refold,
        steps: all,
        seed: None,
        boundary,
        reason: "new commits fork from older history",
    })
}

/// The stored commits as replay-only steps, in id (parents-first) order.
fn stored_steps(store: &Store) -> anyhow::Result<Vec<Step>> {
    let conn = store.conn();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut steps = Vec::new();
    let mut stmt = conn.prepare("SELECT id, oid FROM commits ORDER BY id")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
        let (id, oid) = row?;
        steps.push(Step {
            oid: Oid::from_str(&oid)?,
            id,
            write: false,
            parents: Vec::new(),
        });
        ids.insert(oid, id);
    }
    let index: HashMap<u32, usize> = steps.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut stmt =
        conn.prepare("SELECT commit_id, parent_oid FROM parents ORDER BY commit_id, idx")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
        let (cid, poid) = row?;
        if let (Some(&i), Some(&pid)) = (index.get(&cid), ids.get(&poid)) {
            steps[i].parents.push(pid);
        }
    }
    Ok(steps)
}
