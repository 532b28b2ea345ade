//! Refreshes the per-path facts stored beside the history: classification (language,
//! vendored/generated/documentation/data/detectable, with `.gitattributes` at HEAD) and whether the path
//! exists at HEAD, is binary there, and how many lines it has.

use std::collections::HashMap;

use git2::{Oid, Repository};
use rusqlite::{params, Transaction};

use super::replay::State;
use crate::classify::{classify, Attributes};

const UPDATE: &str = "UPDATE paths SET language = ?2, vendored = ?3, generated = ?4, \
     documentation = ?5, data = ?6, at_head = ?7, binary_at_head = ?8, lines_at_head = ?9, \
     detectable = ?10 WHERE id = ?1";

/// Stored paths by id: all of them, or just `only`.
fn stored_paths(
    tx: &Transaction<'_>,
    only: Option<&[u32]>,
) -> anyhow::Result<HashMap<Vec<u8>, u32>> {
    let mut out = HashMap::new();
    match only {
        None => {
            let mut stmt = tx.prepare("SELECT path, id FROM paths")?;
            for r in stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, u32>(1)?)))? {
                let (p, id) = r?;
                out.insert(p, id);
            }
        }
        Some(ids) => {
            let mut stmt = tx.prepare_cached("SELECT path FROM paths WHERE id = ?1")?;
            for id in ids {
                out.insert(stmt.query_row([id], |r| r.get::<_, Vec<u8>>(0))?, *id);
            }
        }
    }
    Ok(out)
}

/// Classifies one path and records whether (and how) it exists at HEAD.
fn write_one(
    stmt: &mut rusqlite::CachedStatement<'_>,
    attrs: &Attributes,
    path: &[u8],
    id: u32,
    present: bool,
    state: &State,
) -> rusqlite::Result<usize> {
    let c = classify(path, attrs);
    let lines = state.get(&id).map(|o| o.len() as i64);
    let binary = present && lines.is_none();
    stmt.execute(params![
        id,
        c.language,
        c.vendored,
        c.generated,
        c.documentation,
        c.data,
        present,
        binary,
        if present { lines } else { None },
        c.detectable
    ])
}

/// Updates every path (`only` = None) or just `only` (an incremental run whose changes did not
/// touch any `.gitattributes`).
pub fn update(
    tx: &Transaction<'_>,
    repo: &Repository,
    head: Oid,
    state: &State,
    only: Option<&[u32]>,
    new_paths: &std::collections::HashSet<u32>,
) -> anyhow::Result<()> {
    let tree = repo.find_commit(head)?.tree()?;
    let paths = stored_paths(tx, only)?;
    let paths = &paths;
    let attributes_changed = only.is_some_and(|ids| {
        paths
            .iter()
            .any(|(p, id)| ids.contains(id) && p.ends_with(b".gitattributes"))
    });
    if let (Some(ids), false) = (only, attributes_changed) {
        return update_some(tx, repo, &tree, state, paths, ids, new_paths);
    }
    let odb = repo.odb()?;
    let listing =
        crate::git::tree_diff::list_tree(&crate::git::tree_diff::OdbTrees(&odb), tree.id())?;
    let mut at_head: HashMap<Vec<u8>, Oid> = HashMap::new();
    let mut attr_files: Vec<(Vec<u8>, Oid)> = Vec::new();
    for c in listing {
        let Some(new) = c.new else { continue };
        let name = c.path.rsplit(|&b| b == b'/').next().unwrap_or(&c.path);
        if name == b".gitattributes" {
            let dir = c.path[..c.path.len() - name.len()].to_vec();
            attr_files.push((dir, new.id));
        }
        at_head.insert(c.path, new.id);
    }
    let mut attrs = Attributes::new();
    attr_files.sort_by_key(|(d, _)| d.len());
    for (dir, id) in attr_files {
        if let Ok(blob) = repo.find_blob(id) {
            let dir = dir.strip_suffix(b"/").unwrap_or(&dir);
            attrs.add_file(dir, blob.content());
        }
    }
    let mut stmt = tx.prepare_cached(UPDATE)?;
    for (p, id) in paths {
        write_one(&mut stmt, &attrs, p, *id, at_head.contains_key(p), state)?;
    }
    Ok(())
}

/// An incremental update of the paths `ids` without walking the whole HEAD tree: known paths
/// keep their classification (only their presence at HEAD changes); paths new in this run are
/// classified with the `.gitattributes` files the store already knows at HEAD.
fn update_some(
    tx: &Transaction<'_>,
    repo: &Repository,
    tree: &git2::Tree<'_>,
    state: &State,
    paths: &HashMap<Vec<u8>, u32>,
    ids: &[u32],
    new_paths: &std::collections::HashSet<u32>,
) -> anyhow::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let lookup = |p: &[u8]| {
        tree.get_path(std::path::Path::new(std::ffi::OsStr::from_bytes(p)))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| e.id())
    };
    let by_id: HashMap<u32, &Vec<u8>> = paths.iter().map(|(p, id)| (*id, p)).collect();
    let mut presence = tx.prepare_cached(
        "UPDATE paths SET at_head = ?2, binary_at_head = ?3, lines_at_head = ?4 WHERE id = ?1",
    )?;
    for id in ids.iter().filter(|id| !new_paths.contains(id)) {
        let Some(p) = by_id.get(id) else { continue };
        let present = lookup(p).is_some();
        let lines = state.get(id).map(|o| o.len() as i64);
        presence.execute(params![
            id,
            present,
            present && lines.is_none(),
            if present { lines } else { None }
        ])?;
    }
    let fresh: Vec<u32> = ids
        .iter()
        .copied()
        .filter(|id| new_paths.contains(id))
        .collect();
    if fresh.is_empty() {
        return Ok(());
    }
    let mut attrs = Attributes::new();
    let mut stmt = tx.prepare_cached(
        "SELECT path FROM paths WHERE at_head = 1 AND (path = CAST('.gitattributes' AS BLOB) \
         OR display LIKE '%/.gitattributes') ORDER BY length(path)",
    )?;
    for p in stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))? {
        let p = p?;
        if let Some(blob) = lookup(&p).and_then(|id| repo.find_blob(id).ok()) {
            let dir = &p[..p.len() - b".gitattributes".len()];
            attrs.add_file(dir.strip_suffix(b"/").unwrap_or(dir), blob.content());
        }
    }
    let mut upd = tx.prepare_cached(UPDATE)?;
    for id in &fresh {
        let Some(p) = by_id.get(id) else { continue };
        write_one(&mut upd, &attrs, p, *id, lookup(p).is_some(), state)?;
    }
    Ok(())
}
