//! Deciding what an index run must do: rebuild (the first run, a shallow clone deepened, an index
//! an earlier engine computed differently), nothing, or add the commits the tracked refs reach
//! that the index lacks — whichever ref led to them and whatever stored commits they grow from
//! (a new commit on top, an amend, a rebase, a fetched branch). Added commits get ids above every
//! stored one, parents first; the stored commits they grow from seed their replay.

use std::collections::{HashMap, HashSet};

use anyhow::Context as _;
use git2::{Oid, Repository, Sort};
use rusqlite::{Connection, OptionalExtension};

use crate::store::Store;

/// What an index run computes, versioned: bump it whenever a change makes stored results differ
/// (numstat rows, line ownership, the ownership log), so an index an earlier build made is
/// rebuilt once rather than answering with old numbers. 2: merges follow a file renamed on the
/// other side. 3: every tracked ref's history, views, the ownership log. 4: paths record
/// whether Linguist counts them (`paths.detectable`).
pub const ENGINE: &str = "4";

/// The reason of a rebuild that is simply the first index of a repository.
pub const FIRST_INDEX: &str = "first index";

/// One commit of the sequence the pipeline processes, parents first.
#[derive(Debug, Clone)]
pub struct Step {
    pub oid: Oid,
    /// Its `commits.id` (newly assigned).
    pub id: u32,
    /// Parent ids, in order (empty for roots and shallow boundaries).
    pub parents: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every tracked commit is indexed.
    UpToDate,
    /// Clear the store and index everything.
    Rebuild,
    /// Add new commits, seeded from the stored commits they grow from.
    Update,
}

#[derive(Debug)]
pub struct Plan {
    pub mode: Mode,
    /// The commits to compute and write, parents first.
    pub steps: Vec<Step>,
    /// Update mode: stored commits that are parents of new ones (their owners seed the replay).
    pub seeds: Vec<u32>,
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

/// Every commit reachable from `tips`, parents first.
fn walk_all(repo: &Repository, tips: &[Oid]) -> anyhow::Result<Vec<Oid>> {
    let mut rw = repo.revwalk()?;
    rw.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    for t in tips {
        rw.push(*t)?;
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

/// The store id of commit `oid`, if it is indexed.
pub fn stored_id(conn: &Connection, oid: Oid) -> anyhow::Result<Option<u32>> {
    Ok(conn
        .prepare_cached("SELECT id FROM commits WHERE oid = ?1")?
        .query_row([oid.to_string()], |r| r.get(0))
        .optional()?)
}

/// Works out the plan for indexing everything `tips` reach from `repo` into `store`.
pub fn plan(
    repo: &Repository,
    store: &Store,
    tips: &[Oid],
    boundary: HashSet<Oid>,
) -> anyhow::Result<Plan> {
    let rebuild = |reason| -> anyhow::Result<Plan> {
        let oids = walk_all(repo, tips)?;
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
                parents,
            });
        }
        Ok(Plan {
            mode: Mode::Rebuild,
            steps,
            seeds: Vec::new(),
            boundary: boundary.clone(),
            reason,
        })
    };
    let empty = store
        .conn()
        .query_row("SELECT NOT EXISTS (SELECT 1 FROM commits)", [], |r| {
            r.get::<_, bool>(0)
        })?;
    match store.meta("engine")? {
        None if empty => return rebuild(FIRST_INDEX),
        None => return rebuild("the index was made by an earlier engine"),
        Some(e) if e != ENGINE => return rebuild("the index was made by an earlier engine"),
        Some(_) => {}
    }
    if stored_boundary(store)? != boundary {
        return rebuild("the shallow boundary changed");
    }
    let conn = store.conn();
    let new = new_commits(repo, conn, tips, &boundary)?;
    if new.is_empty() {
        return Ok(Plan {
            mode: Mode::UpToDate,
            steps: Vec::new(),
            seeds: Vec::new(),
            boundary,
            reason: "up to date",
        });
    }
    let max_id: u32 =
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM commits", [], |r| r.get(0))?;
    let mut ids: HashMap<Oid, u32> = HashMap::new();
    let mut seeds = Vec::new();
    let mut steps = Vec::with_capacity(new.len());
    for (i, (oid, parent_oids)) in new.into_iter().enumerate() {
        let id = max_id + 1 + i as u32;
        ids.insert(oid, id);
        let mut parents = Vec::with_capacity(parent_oids.len());
        for p in parent_oids {
            let pid = match ids.get(&p) {
                Some(pid) => *pid,
                None => {
                    let pid = stored_id(conn, p)?
                        .with_context(|| format!("{p}, a parent of {oid}, is not indexed"))?;
                    if !seeds.contains(&pid) {
                        seeds.push(pid);
                    }
                    pid
                }
            };
            parents.push(pid);
        }
        steps.push(Step { oid, id, parents });
    }
    Ok(Plan {
        mode: Mode::Update,
        steps,
        seeds,
        boundary,
        reason: "new commits",
    })
}

/// The commits `tips` reach that the store lacks, parents first, each with its parents: a
/// depth-first walk that stops at indexed commits (so its cost grows with what is new).
fn new_commits(
    repo: &Repository,
    conn: &Connection,
    tips: &[Oid],
    boundary: &HashSet<Oid>,
) -> anyhow::Result<Vec<(Oid, Vec<Oid>)>> {
    let mut stored: HashMap<Oid, bool> = HashMap::new();
    let mut is_stored = |oid: Oid| -> anyhow::Result<bool> {
        if let Some(s) = stored.get(&oid) {
            return Ok(*s);
        }
        let s = stored_id(conn, oid)?.is_some();
        stored.insert(oid, s);
        Ok(s)
    };
    let mut seen: HashSet<Oid> = HashSet::new();
    let mut order = Vec::new();
    for &tip in tips {
        if seen.contains(&tip) || is_stored(tip)? {
            continue;
        }
        // (commit, its parents once expanded)
        let mut stack: Vec<(Oid, Option<Vec<Oid>>)> = vec![(tip, None)];
        while let Some((c, expanded)) = stack.pop() {
            if let Some(parents) = expanded {
                order.push((c, parents));
                continue;
            }
            if !seen.insert(c) {
                continue;
            }
            let parents = parents_of(repo, c, boundary)?;
            let pending: Vec<Oid> = parents
                .iter()
                .copied()
                .filter(|p| !seen.contains(p))
                .collect();
            stack.push((c, Some(parents)));
            for p in pending.into_iter().rev() {
                if !is_stored(p)? {
                    stack.push((p, None));
                }
            }
        }
    }
    Ok(order)
}
