//! Views: one materialised line ownership per worktree (keyed by its git dir) at the commit that
//! worktree has checked out, with the files of that commit. A new worktree's view starts as a
//! copy of another; a view moves to another commit by travelling the ownership log (`travel`)
//! and rewriting only the paths whose owners changed — never by replaying history.
//!
//! API Boundary: the index moves views; the queries read them (`owners`, `files`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use anyhow::Context as _;
use git2::{Oid, Repository};
use rusqlite::{params, Connection, OptionalExtension};

use super::delta;
use super::replay::State;
use super::travel::{self, Partial};
use crate::git::tree_diff::{diff_trees, OdbTrees};

/// A stored view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub id: i64,
    pub key: String,
    /// The commit (store id) whose ownership it holds.
    pub commit: u32,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The view of the worktree whose git dir is `key`.
pub fn find(conn: &Connection, key: &str) -> anyhow::Result<Option<View>> {
    Ok(conn
        .query_row(
            "SELECT id, key, commit_id FROM views WHERE key = ?1",
            [key],
            |r| {
                Ok(View {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    commit: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// The git id of the commit the view `key` is at.
pub fn head_of(conn: &Connection, key: &str) -> anyhow::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT c.oid FROM views v JOIN commits c ON c.id = v.commit_id WHERE v.key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Every view, most recently used first.
pub fn all(conn: &Connection) -> anyhow::Result<Vec<View>> {
    let mut stmt = conn.prepare("SELECT id, key, commit_id FROM views ORDER BY used DESC, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(View {
            id: r.get(0)?,
            key: r.get(1)?,
            commit: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A view's owners of one text file (`None`: absent or binary there).
pub fn owners(conn: &Connection, view: i64, path: u32) -> anyhow::Result<Option<Vec<u32>>> {
    let data: Option<Vec<u8>> = conn
        .prepare_cached("SELECT runs FROM ownership WHERE view_id = ?1 AND path_id = ?2")?
        .query_row(params![view, path], |r| r.get(0))
        .optional()?;
    Ok(data.map(|d| delta::unpack(&d)).transpose()?)
}

/// A view's runs of `path`: `(start_line, count, commit_id)`, 1-based, in order.
pub fn runs(conn: &Connection, view: i64, path: u32) -> anyhow::Result<Vec<(u32, u32, u32)>> {
    let owners = owners(conn, view, path)?.unwrap_or_default();
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    for (i, &c) in owners.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.2 == c => r.1 += 1,
            _ => runs.push((i as u32 + 1, 1, c)),
        }
    }
    Ok(runs)
}

/// A view's owners of `paths` (absent or binary ones as `None`).
pub fn load(conn: &Connection, view: i64, paths: &HashSet<u32>) -> anyhow::Result<Partial> {
    let mut out = Partial::with_capacity(paths.len());
    for &p in paths {
        out.insert(p, owners(conn, view, p)?.map(Arc::new));
    }
    Ok(out)
}

/// Replaces a view's owners of one path (`None`: the path has none there).
fn write(conn: &Connection, view: i64, path: u32, owners: Option<&[u32]>) -> anyhow::Result<()> {
    match owners {
        Some(owners) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO ownership (view_id, path_id, runs) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![view, path, delta::pack(owners)])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM ownership WHERE view_id = ?1 AND path_id = ?2")?
                .execute(params![view, path])?;
        }
    }
    Ok(())
}

/// Creates the view `key` at `commit` holding `state` (a full index run's final owners) and the
/// files of `tree`.
pub fn create_full(
    conn: &Connection,
    repo: &Repository,
    key: &str,
    commit: u32,
    tree: Oid,
    state: &State,
) -> anyhow::Result<View> {
    conn.execute(
        "INSERT INTO views (key, commit_id, used) VALUES (?1, ?2, ?3)",
        params![key, commit, now()],
    )?;
    let view = View {
        id: conn.last_insert_rowid(),
        key: key.to_owned(),
        commit,
    };
    let mut ids: Vec<&u32> = state.keys().collect();
    ids.sort_unstable();
    let mut ins = conn.prepare_cached(
        "INSERT OR REPLACE INTO ownership (view_id, path_id, runs) VALUES (?1, ?2, ?3)",
    )?;
    let mut lines = HashMap::with_capacity(state.len());
    for id in ids {
        let owners = &state[id];
        ins.execute(params![view.id, id, owners.packed()])?;
        lines.insert(*id, owners.to_vec().len());
    }
    list_files(conn, repo, &view, tree, &lines)?;
    Ok(view)
}

/// Creates the view `key` holding nothing, before every root (commit id 0): moving it to a
/// commit replays that commit's first-parent line from the ownership log.
pub fn create_empty(conn: &Connection, key: &str) -> anyhow::Result<View> {
    conn.execute(
        "INSERT INTO views (key, commit_id, used) VALUES (?1, 0, ?2)",
        params![key, now()],
    )?;
    Ok(View {
        id: conn.last_insert_rowid(),
        key: key.to_owned(),
        commit: 0,
    })
}

/// Creates the view `key` as a copy of `source` (same commit, same owners).
pub fn copy(conn: &Connection, source: &View, key: &str) -> anyhow::Result<View> {
    conn.execute(
        "INSERT INTO views (key, commit_id, used) VALUES (?1, ?2, ?3)",
        params![key, source.commit, now()],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO ownership (view_id, path_id, runs) \
         SELECT ?1, path_id, runs FROM ownership WHERE view_id = ?2",
        params![id, source.id],
    )?;
    conn.execute(
        "INSERT INTO view_files (view_id, path_id, lines) \
         SELECT ?1, path_id, lines FROM view_files WHERE view_id = ?2",
        params![id, source.id],
    )?;
    Ok(View {
        id,
        key: key.to_owned(),
        commit: source.commit,
    })
}

/// Moves `view` to commit `to` (whose git id is `to_oid`): owners through the ownership log,
/// files through a tree diff. Returns how many paths' owners were rewritten.
pub fn advance(
    conn: &Connection,
    repo: &Repository,
    view: &mut View,
    to: u32,
) -> anyhow::Result<usize> {
    let (from, id) = (view.commit, view.id);
    conn.execute(
        "UPDATE views SET used = ?2 WHERE id = ?1",
        params![id, now()],
    )?;
    if from == to {
        return Ok(0);
    }
    let state = travel::travel(conn, from, to, None, |paths| load(conn, id, paths))
        .context("moving the view's line ownership")?;
    for (path, owners) in &state {
        write(conn, id, *path, owners.as_deref().map(|o| o.as_slice()))?;
    }
    let trees = (commit_tree(conn, repo, from), commit_tree(conn, repo, to)?);
    match trees {
        (Ok(old), new) => diff_files(conn, repo, id, old, new, &state)?,
        (Err(_), new) => {
            // the old commit is gone from the repository (amended away and collected): list all
            let lines = load_all(conn, id)?
                .into_iter()
                .map(|(p, o)| (p, o.len()))
                .collect();
            list_files(conn, repo, view, new, &lines)?;
        }
    }
    conn.execute(
        "UPDATE views SET commit_id = ?2 WHERE id = ?1",
        params![id, to],
    )?;
    view.commit = to;
    Ok(state.len())
}

/// Deletes a view (its worktree is gone).
pub fn delete(conn: &Connection, view: i64) -> anyhow::Result<()> {
    conn.execute("DELETE FROM ownership WHERE view_id = ?1", [view])?;
    conn.execute("DELETE FROM view_files WHERE view_id = ?1", [view])?;
    conn.execute("DELETE FROM views WHERE id = ?1", [view])?;
    Ok(())
}

/// Every path's owners in a view.
pub fn load_all(conn: &Connection, view: i64) -> anyhow::Result<HashMap<u32, Vec<u32>>> {
    let mut stmt = conn.prepare("SELECT path_id, runs FROM ownership WHERE view_id = ?1")?;
    let mut state = HashMap::new();
    for r in stmt.query_map([view], |r| {
        Ok((r.get::<_, u32>(0)?, r.get::<_, Vec<u8>>(1)?))
    })? {
        let (p, data) = r?;
        state.insert(p, delta::unpack(&data)?);
    }
    Ok(state)
}

fn commit_tree(conn: &Connection, repo: &Repository, commit: u32) -> anyhow::Result<Oid> {
    let oid: String = conn.query_row("SELECT oid FROM commits WHERE id = ?1", [commit], |r| {
        r.get(0)
    })?;
    let oid = Oid::from_str(&oid)?;
    Ok(repo.find_commit(oid)?.tree_id())
}

/// The id of `path`, recording it if the index has never seen it.
fn path_id(conn: &Connection, path: &[u8]) -> anyhow::Result<u32> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM paths WHERE path = ?1")?
        .query_row([path], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO paths (path, display) VALUES (?1, ?2)")?
        .execute(params![path, String::from_utf8_lossy(path)])?;
    Ok(conn.last_insert_rowid() as u32)
}

fn set_file(conn: &Connection, view: i64, path: u32, lines: Option<usize>) -> anyhow::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO view_files (view_id, path_id, lines) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![view, path, lines.map(|n| n as i64)])?;
    Ok(())
}

/// Lists every file of `tree` as the view's files (lines from `state`).
fn list_files(
    conn: &Connection,
    repo: &Repository,
    view: &View,
    tree: Oid,
    lines: &HashMap<u32, usize>,
) -> anyhow::Result<()> {
    conn.execute("DELETE FROM view_files WHERE view_id = ?1", [view.id])?;
    let odb = repo.odb()?;
    let mut listing = Vec::new();
    diff_trees(&OdbTrees(&odb), None, Some(tree), &mut listing)?;
    for c in listing {
        let id = path_id(conn, &c.path)?;
        set_file(conn, view.id, id, lines.get(&id).copied())?;
    }
    Ok(())
}

/// Brings the view's files from tree `old` to tree `new`, with lines for the paths whose owners
/// changed (`state`).
fn diff_files(
    conn: &Connection,
    repo: &Repository,
    view: i64,
    old: Oid,
    new: Oid,
    state: &Partial,
) -> anyhow::Result<()> {
    let odb = repo.odb()?;
    let mut changes = Vec::new();
    diff_trees(&OdbTrees(&odb), Some(old), Some(new), &mut changes)?;
    let mut done = HashSet::new();
    for c in changes {
        let id = path_id(conn, &c.path)?;
        done.insert(id);
        if c.new.is_some() {
            match state.get(&id) {
                Some(owners) => set_file(conn, view, id, owners.as_ref().map(|o| o.len()))?,
                // no owners changed: binary if new here, else as it was (an ignored revision
                // that changed no owner)
                None => {
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO view_files (view_id, path_id, lines) VALUES (?1, ?2, NULL)",
                    )?
                    .execute(params![view, id])?;
                }
            }
        } else {
            conn.prepare_cached("DELETE FROM view_files WHERE view_id = ?1 AND path_id = ?2")?
                .execute(params![view, id])?;
        }
    }
    // owners that changed without the file's blob changing (none in practice; kept exact)
    for (id, owners) in state.iter().filter(|(id, _)| !done.contains(id)) {
        if let Some(o) = owners {
            set_file(conn, view, *id, Some(o.len()))?;
        }
    }
    Ok(())
}
