//! Moving line ownership between indexed commits through the ownership log (`delta`): the route
//! from one commit to another along first parents (undo up to where the two first-parent lines
//! meet, redo down the other), applied to the owners of just the paths that matter. No git
//! objects are read: the cost grows with the commits between the two, never with the history.
//!
//! API Boundary: [`route`] and [`travel`] serve the index (seeding new commits, moving views)
//! and the queries (`--as-of` owners of any indexed commit).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use anyhow::Context as _;
use rusqlite::{Connection, OptionalExtension};

use super::delta::{self, Delta};

/// Owners of some paths at one commit, line by line: `Some` for a text file, `None` for a path
/// known to be absent there (or binary). Paths not in the map are not known.
pub type Partial = HashMap<u32, Option<Arc<Vec<u32>>>>;

/// The commits between two commits: undo `undo` in order (the start first), then redo `redo` in
/// order (ending with the target).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Route {
    pub undo: Vec<u32>,
    pub redo: Vec<u32>,
}

impl Route {
    pub fn len(&self) -> usize {
        self.undo.len() + self.redo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The route from `from` to `to`: both first-parent lines are walked down together (ids fall
/// along a line, so the larger id steps first) until they meet; lines that never meet (separate
/// roots) meet at the empty state before every root.
pub fn route(conn: &Connection, from: u32, to: u32) -> anyhow::Result<Route> {
    let mut stmt =
        conn.prepare_cached("SELECT parent_id FROM parents WHERE commit_id = ?1 AND idx = 0")?;
    let mut first_parent = |c: u32| -> anyhow::Result<Option<u32>> {
        Ok(stmt
            .query_row([c], |r| r.get::<_, Option<u32>>(0))
            .optional()?
            .flatten())
    };
    let mut r = Route::default();
    let (mut a, mut b) = (Some(from), Some(to));
    loop {
        match (a, b) {
            (Some(x), Some(y)) if x == y => break,
            (Some(x), Some(y)) if x > y => {
                r.undo.push(x);
                a = first_parent(x)?;
            }
            (Some(x), None) => {
                r.undo.push(x);
                a = first_parent(x)?;
            }
            (_, Some(y)) => {
                r.redo.push(y);
                b = first_parent(y)?;
            }
            (None, None) => break,
        }
    }
    r.redo.reverse();
    Ok(r)
}

/// A commit's records in the ownership log.
pub fn deltas_of(conn: &Connection, commit: u32) -> anyhow::Result<Vec<Delta>> {
    let mut stmt =
        conn.prepare_cached("SELECT path_id, from_path_id, data FROM deltas WHERE commit_id = ?1")?;
    let rows = stmt.query_map([commit], |r| {
        Ok(Delta {
            path: r.get(0)?,
            from: r.get(1)?,
            data: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One step of a route with its records.
struct Step {
    commit: u32,
    undo: bool,
    deltas: Vec<Delta>,
}

/// Owners at `to` of the paths `wanted` (`None`: every path the route touches), given owners at
/// `from` from `load(paths)` (paths it leaves out are absent there). Returns exactly the wanted
/// paths (or every touched one), absent ones as `None`.
pub fn travel(
    conn: &Connection,
    from: u32,
    to: u32,
    wanted: Option<&HashSet<u32>>,
    load: impl FnOnce(&HashSet<u32>) -> anyhow::Result<Partial>,
) -> anyhow::Result<Partial> {
    let route = route(conn, from, to)?;
    let mut steps = Vec::with_capacity(route.len());
    for (commits, undo) in [(&route.undo, true), (&route.redo, false)] {
        for &commit in commits {
            steps.push(Step {
                commit,
                undo,
                deltas: deltas_of(conn, commit)?,
            });
        }
    }
    // What each step must produce, from the end backwards (None: everything).
    let mut after: Vec<Option<HashSet<u32>>> = vec![None; steps.len()];
    let start: HashSet<u32> = match wanted {
        None => steps
            .iter()
            .flat_map(|s| s.deltas.iter().flat_map(|d| [Some(d.path), d.from]))
            .flatten()
            .collect(),
        Some(wanted) => {
            let mut need = wanted.clone();
            for (i, s) in steps.iter().enumerate().rev() {
                after[i] = Some(need.clone());
                need = needed_before(s, need);
            }
            need
        }
    };
    let mut state = load(&start).context("loading the owners to start from")?;
    for p in &start {
        state.entry(*p).or_insert(None);
    }
    for (s, need) in steps.iter().zip(&after) {
        apply(&mut state, s, need.as_ref())?;
    }
    if let Some(wanted) = wanted {
        state.retain(|p, _| wanted.contains(p));
        for p in wanted {
            state.entry(*p).or_insert(None);
        }
    }
    Ok(state)
}

/// The paths a step needs before it to produce `need` after it.
fn needed_before(s: &Step, mut need: HashSet<u32>) -> HashSet<u32> {
    let mut reads = Vec::new();
    for d in s.deltas.iter().filter(|d| need.contains(&d.path)) {
        if s.undo {
            // the parent's owners come from the commit's own (derived) or from the record
            if !delta::prev_is_derived(d) {
                reads.push((d.path, None));
            }
        } else {
            reads.push((d.path, d.from));
        }
    }
    for (path, _) in &reads {
        need.remove(path);
    }
    need.extend(reads.into_iter().filter_map(|(_, from)| from));
    need
}

/// Applies one step to `state` for the records whose path is in `need` (all when `None`):
/// every read happens before any write, as in a commit.
fn apply(state: &mut Partial, s: &Step, need: Option<&HashSet<u32>>) -> anyhow::Result<()> {
    fn get(state: &Partial, p: u32) -> Option<&[u32]> {
        state.get(&p).and_then(|o| o.as_ref()).map(|o| o.as_slice())
    }
    let mut writes = Vec::with_capacity(s.deltas.len());
    for d in &s.deltas {
        if need.is_some_and(|n| !n.contains(&d.path)) {
            continue;
        }
        let owners = if s.undo {
            delta::undo(d, s.commit, get(state, d.path))
        } else {
            delta::redo(d, s.commit, d.from.and_then(|f| get(state, f)))
        }
        .with_context(|| format!("commit #{} path #{}", s.commit, d.path))?;
        writes.push((d.path, owners.map(Arc::new)));
    }
    state.extend(writes);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::delta::{encode, Source};

    /// An in-memory store with just the tables a route needs.
    fn store(parents: &[(u32, u32)]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE parents (commit_id INTEGER, idx INTEGER, parent_oid TEXT, parent_id INTEGER);
             CREATE TABLE deltas (commit_id INTEGER, path_id INTEGER, from_path_id INTEGER, data BLOB,
                                  PRIMARY KEY (commit_id, path_id));",
        )
        .unwrap();
        for (c, p) in parents {
            conn.execute("INSERT INTO parents VALUES (?1, 0, '', ?2)", [c, p])
                .unwrap();
        }
        conn
    }

    fn put(conn: &Connection, commit: u32, d: Option<Delta>) {
        let d = d.unwrap();
        conn.execute(
            "INSERT INTO deltas VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![commit, d.path, d.from, d.data],
        )
        .unwrap();
    }

    #[test]
    fn routes_meet_where_first_parent_lines_meet() {
        // 1 ← 2 ← 3 ← 4 (main), 2 ← 5 ← 6 (branch)
        let conn = store(&[(2, 1), (3, 2), (4, 3), (5, 2), (6, 5)]);
        let r = route(&conn, 4, 6).unwrap();
        assert_eq!((r.undo, r.redo), (vec![4, 3], vec![5, 6]));
        let r = route(&conn, 6, 6).unwrap();
        assert!(r.is_empty());
        let r = route(&conn, 1, 4).unwrap();
        assert_eq!((r.undo, r.redo), (vec![], vec![2, 3, 4]));
        // separate roots meet before both
        let conn = store(&[(2, 1), (4, 3)]);
        let r = route(&conn, 2, 4).unwrap();
        assert_eq!((r.undo, r.redo), (vec![2, 1], vec![3, 4]));
    }

    #[test]
    fn travelling_follows_edits_and_renames_both_ways() {
        // 1 adds path 10 [1,1]; 2 edits it [1,2]; 3 renames 10 → 11 and appends [1,2,3];
        // 4 (branch off 2) edits 10 → [4,2]
        let conn = store(&[(2, 1), (3, 2), (4, 2)]);
        put(&conn, 1, encode(1, 10, None, Some(&[1, 1]), None));
        let src = |owners: &'static [u32]| Source {
            path: 10,
            owners,
            hunks: None,
        };
        put(
            &conn,
            2,
            encode(2, 10, Some(src(&[1, 1])), Some(&[1, 2]), Some(&[1, 1])),
        );
        put(
            &conn,
            3,
            encode(3, 11, Some(src(&[1, 2])), Some(&[1, 2, 3]), None),
        );
        put(&conn, 3, encode(3, 10, None, None, Some(&[1, 2])));
        put(
            &conn,
            4,
            encode(4, 10, Some(src(&[1, 2])), Some(&[4, 2]), Some(&[1, 2])),
        );
        // the state at 3 as a view would hold it
        let at3: Partial = [(11, Some(Arc::new(vec![1, 2, 3])))].into_iter().collect();
        let load = |paths: &HashSet<u32>| -> anyhow::Result<Partial> {
            Ok(at3
                .iter()
                .filter(|(p, _)| paths.contains(p))
                .map(|(p, o)| (*p, o.clone()))
                .collect())
        };
        let all = travel(&conn, 3, 4, None, load).unwrap();
        assert_eq!(all[&10].as_deref(), Some(&vec![4, 2]));
        assert_eq!(all[&11], None);
        let one: HashSet<u32> = [10].into();
        let some = travel(&conn, 3, 4, Some(&one), load).unwrap();
        assert_eq!(some.len(), 1);
        assert_eq!(some[&10].as_deref(), Some(&vec![4, 2]));
        let back = travel(&conn, 3, 1, Some(&one), load).unwrap();
        assert_eq!(back[&10].as_deref(), Some(&vec![1, 1]));
        let root = travel(&conn, 3, 1, Some(&[11].into()), load).unwrap();
        assert_eq!(root[&11], None);
    }
}
