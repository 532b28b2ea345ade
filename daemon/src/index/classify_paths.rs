//! Refreshes the per-path facts stored beside the history: classification (language,
//! vendored/generated/documentation/data, with `.gitattributes` at HEAD) and whether the path
//! exists at HEAD, is binary there, and how many lines it has.

use std::collections::HashMap;

use git2::{Oid, Repository};
use rusqlite::{params, Transaction};

use super::replay::State;
use crate::classify::{classify, Attributes};

/// Updates every path (`only` = None) or just `only` (an incremental run whose changes did not
/// touch any `.gitattributes`).
pub fn update(
    tx: &Transaction<'_>,
    repo: &Repository,
    head: Oid,
    state: &State,
    paths: &HashMap<Vec<u8>, u32>,
    only: Option<&[u32]>,
) -> anyhow::Result<()> {
    let tree = repo.find_commit(head)?.tree()?;
    let mut listing = Vec::new();
    crate::git::tree_diff::diff_trees(repo, None, Some(&tree), &mut listing)?;
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
    let attributes_changed = only.is_some_and(|ids| {
        paths
            .iter()
            .any(|(p, id)| ids.contains(id) && p.ends_with(b".gitattributes"))
    });
    let only = if attributes_changed { None } else { only };
    let mut stmt = tx.prepare_cached(
        "UPDATE paths SET language = ?2, vendored = ?3, generated = ?4, documentation = ?5, data = ?6, \
         at_head = ?7, binary_at_head = ?8, lines_at_head = ?9 WHERE id = ?1",
    )?;
    let mut one = |path: &[u8], id: u32| -> rusqlite::Result<usize> {
        let c = classify(path, &attrs);
        let present = at_head.contains_key(path);
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
            if present { lines } else { None }
        ])
    };
    match only {
        None => {
            for (p, id) in paths {
                one(p, *id)?;
            }
        }
        Some(ids) => {
            let by_id: HashMap<u32, &Vec<u8>> = paths.iter().map(|(p, id)| (*id, p)).collect();
            for id in ids {
                if let Some(p) = by_id.get(id) {
                    one(p, *id)?;
                }
            }
        }
    }
    Ok(())
}
