//! Commits the bench makes inside its private clone — objects and refs only, the work tree is
//! never touched: a one-line change to a realistic file on top of any commit (the first text
//! file that commit itself changed, as people edit hot files; else the largest text file).

use std::os::unix::ffi::OsStrExt;

use anyhow::Context as _;
use git2::{Oid, Repository};

/// Commits, on top of `parent`, one more line in a realistic file; moves `update_ref` (e.g.
/// `"HEAD"` or `"refs/heads/topic"`) to it when given. Returns the new commit.
pub fn one_line(
    r: &Repository,
    parent: Oid,
    update_ref: Option<&str>,
    message: &str,
) -> anyhow::Result<Oid> {
    let odb = r.odb()?;
    let trees = crate::git::tree_diff::OdbTrees(&odb);
    let head = r.find_commit(parent)?;
    let tree = head.tree()?;
    let is_text = |id: Oid| -> anyhow::Result<bool> {
        let (size, _) = odb.read_header(id)?;
        Ok(size < 1 << 20 && !crate::git::blob::is_binary(odb.read(id)?.data()))
    };
    let mut recent = Vec::new();
    let parent_tree = head.parent(0).ok().map(|p| p.tree_id());
    crate::git::tree_diff::diff_trees(&trees, parent_tree, Some(tree.id()), &mut recent)?;
    let mut pick = None;
    for c in recent {
        if let Some(new) = c.new.filter(|n| n.mode == 0o100644) {
            if is_text(new.id)? {
                pick = Some((c.path, new.id));
                break;
            }
        }
    }
    if pick.is_none() {
        let mut best: Option<(usize, Vec<u8>, Oid)> = None;
        for c in crate::git::tree_diff::list_tree(&trees, tree.id())? {
            let Some(new) = c.new.filter(|n| n.mode == 0o100644) else {
                continue;
            };
            let size = odb.read_header(new.id)?.0;
            if best.as_ref().is_none_or(|(s, _, _)| size > *s) && is_text(new.id)? {
                best = Some((size, c.path, new.id));
            }
        }
        pick = best.map(|(_, p, id)| (p, id));
    }
    let (path, id) = pick.context("no text file to change")?;
    let mut content = r.find_blob(id)?.content().to_vec();
    content.extend_from_slice(format!("// {message}\n").as_bytes());
    let blob = r.blob(&content)?;
    let mut update = git2::build::TreeUpdateBuilder::new();
    update.upsert(
        std::ffi::OsStr::from_bytes(&path),
        blob,
        git2::FileMode::Blob,
    );
    let new_tree = r.find_tree(update.create_updated(r, &tree)?)?;
    let sig = git2::Signature::now("aexy bench", "bench@example.invalid")?;
    Ok(r.commit(update_ref, &sig, &sig, message, &new_tree, &[&head])?)
}
