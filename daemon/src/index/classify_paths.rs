//! Refreshes the classification stored beside each path (language, vendored / generated /
//! documentation / data / detectable, by Linguist's rules with the `.gitattributes` files of the commit a
//! view is at): every path after a rebuild or a `.gitattributes` change, else only new paths.

use git2::{Oid, Repository};
use rusqlite::{params, Transaction};

use crate::classify::{classify, Attributes};

const UPDATE: &str = "UPDATE paths SET language = ?2, vendored = ?3, generated = ?4, \
     documentation = ?5, data = ?6, detectable = ?7 WHERE id = ?1";

/// The `.gitattributes` files of the view `view`, read from commit `head`'s tree.
fn attributes(
    tx: &Transaction<'_>,
    repo: &Repository,
    head: Oid,
    view: i64,
) -> anyhow::Result<Attributes> {
    let tree = repo.find_commit(head)?.tree()?;
    let mut stmt = tx.prepare_cached(
        "SELECT p.path FROM view_files f JOIN paths p ON p.id = f.path_id WHERE f.view_id = ?1 \
         AND (p.path = CAST('.gitattributes' AS BLOB) OR p.display LIKE '%/.gitattributes') \
         ORDER BY length(p.path)",
    )?;
    let files = stmt
        .query_map([view], |r| r.get::<_, Vec<u8>>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut attrs = Attributes::new();
    for p in files {
        use std::os::unix::ffi::OsStrExt;
        let entry = tree.get_path(std::path::Path::new(std::ffi::OsStr::from_bytes(&p)));
        let Some(blob) = entry.ok().and_then(|e| repo.find_blob(e.id()).ok()) else {
            continue;
        };
        let dir = &p[..p.len() - b".gitattributes".len()];
        attrs.add_file(dir.strip_suffix(b"/").unwrap_or(dir), blob.content());
    }
    Ok(attrs)
}

/// Classifies every stored path.
pub fn classify_all(
    tx: &Transaction<'_>,
    repo: &Repository,
    head: Oid,
    view: i64,
) -> anyhow::Result<()> {
    let attrs = attributes(tx, repo, head, view)?;
    let paths = {
        let mut stmt = tx.prepare("SELECT id, path FROM paths")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    write(tx, &attrs, &paths)
}

/// Classifies the paths `ids` (new in this run).
pub fn classify_some(
    tx: &Transaction<'_>,
    repo: &Repository,
    head: Oid,
    view: i64,
    ids: &[u32],
) -> anyhow::Result<()> {
    let attrs = attributes(tx, repo, head, view)?;
    let mut stmt = tx.prepare_cached("SELECT path FROM paths WHERE id = ?1")?;
    let mut paths = Vec::with_capacity(ids.len());
    for id in ids {
        paths.push((*id, stmt.query_row([id], |r| r.get::<_, Vec<u8>>(0))?));
    }
    write(tx, &attrs, &paths)
}

fn write(tx: &Transaction<'_>, attrs: &Attributes, paths: &[(u32, Vec<u8>)]) -> anyhow::Result<()> {
    let mut stmt = tx.prepare_cached(UPDATE)?;
    for (id, path) in paths {
        let c = classify(path, attrs);
        stmt.execute(params![
            id,
            c.language,
            c.vendored,
            c.generated,
            c.documentation,
            c.data,
            c.detectable
        ])?;
    }
    Ok(())
}
