//! Diffing two trees by walking them side by side in git's tree order, descending only into
//! subtrees whose ids differ (identical subtrees are skipped without being read).

use std::cmp::Ordering;

use git2::{Oid, Repository, Tree};

const MODE_TREE: i32 = 0o040000;
const MODE_GITLINK: i32 = 0o160000;

/// A blob at a path: its id and mode (regular, executable or symlink).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobRef {
    pub id: Oid,
    pub mode: i32,
}

/// One path whose blob differs between the two trees. Submodule gitlinks never appear.
#[derive(Debug, Clone)]
pub struct TreeChange {
    pub path: Vec<u8>,
    pub old: Option<BlobRef>,
    pub new: Option<BlobRef>,
}

struct Item {
    name: Vec<u8>,
    id: Oid,
    mode: i32,
}

fn items(tree: Option<&Tree<'_>>) -> Vec<Item> {
    let Some(tree) = tree else { return Vec::new() };
    tree.iter()
        .map(|e| Item {
            name: e.name_bytes().to_vec(),
            id: e.id(),
            mode: e.filemode(),
        })
        .collect()
}

/// git's `base_name_compare`: trees sort as if their name ended in '/'.
fn tree_order(a: &Item, b: &Item) -> Ordering {
    let key = |i: &Item, k: usize| -> Option<u8> {
        match i.name.get(k) {
            Some(c) => Some(*c),
            None if i.mode == MODE_TREE && k == i.name.len() => Some(b'/'),
            None => None,
        }
    };
    let n = a.name.len().max(b.name.len()) + 1;
    for k in 0..n {
        match (key(a, k), key(b, k)) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => return x.cmp(&y),
        }
    }
    Ordering::Equal
}

/// Appends to `out` every blob-level difference between `old` and `new` (either may be absent).
pub fn diff_trees(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    out: &mut Vec<TreeChange>,
) -> Result<(), git2::Error> {
    let mut prefix = Vec::new();
    walk(repo, old, new, &mut prefix, out)
}

fn walk(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<TreeChange>,
) -> Result<(), git2::Error> {
    let (a, b) = (items(old), items(new));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let ord = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => {
                // Same name but one is a tree and the other is not: they sort apart in git's
                // order, so compare plain names to pair them as a type change.
                if x.name == y.name {
                    Ordering::Equal
                } else {
                    tree_order(x, y)
                }
            }
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match ord {
            Ordering::Less => {
                side(repo, &a[i], prefix, out, true)?;
                i += 1;
            }
            Ordering::Greater => {
                side(repo, &b[j], prefix, out, false)?;
                j += 1;
            }
            Ordering::Equal => {
                let (x, y) = (&a[i], &b[j]);
                if x.id != y.id || x.mode != y.mode {
                    both(repo, x, y, prefix, out)?;
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

fn with_name<R>(prefix: &mut Vec<u8>, name: &[u8], f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let len = prefix.len();
    if len > 0 {
        prefix.push(b'/');
    }
    prefix.extend_from_slice(name);
    let r = f(prefix);
    prefix.truncate(len);
    r
}

/// An entry present on one side only (`deleted`: on the old side).
fn side(
    repo: &Repository,
    item: &Item,
    prefix: &mut Vec<u8>,
    out: &mut Vec<TreeChange>,
    deleted: bool,
) -> Result<(), git2::Error> {
    match item.mode {
        MODE_GITLINK => Ok(()),
        MODE_TREE => {
            let tree = repo.find_tree(item.id)?;
            with_name(prefix, &item.name, |p| {
                if deleted {
                    walk(repo, Some(&tree), None, p, out)
                } else {
                    walk(repo, None, Some(&tree), p, out)
                }
            })
        }
        _ => {
            let blob = Some(BlobRef {
                id: item.id,
                mode: item.mode,
            });
            let path = with_name(prefix, &item.name, |p| p.clone());
            out.push(if deleted {
                TreeChange {
                    path,
                    old: blob,
                    new: None,
                }
            } else {
                TreeChange {
                    path,
                    old: None,
                    new: blob,
                }
            });
            Ok(())
        }
    }
}

fn both(
    repo: &Repository,
    x: &Item,
    y: &Item,
    prefix: &mut Vec<u8>,
    out: &mut Vec<TreeChange>,
) -> Result<(), git2::Error> {
    let tree_x = x.mode == MODE_TREE;
    let tree_y = y.mode == MODE_TREE;
    if tree_x && tree_y {
        let (tx, ty) = (repo.find_tree(x.id)?, repo.find_tree(y.id)?);
        return with_name(prefix, &x.name, |p| {
            walk(repo, Some(&tx), Some(&ty), p, out)
        });
    }
    let blob_x = !tree_x && x.mode != MODE_GITLINK;
    let blob_y = !tree_y && y.mode != MODE_GITLINK;
    if blob_x && blob_y {
        let path = with_name(prefix, &x.name, |p| p.clone());
        out.push(TreeChange {
            path,
            old: Some(BlobRef {
                id: x.id,
                mode: x.mode,
            }),
            new: Some(BlobRef {
                id: y.id,
                mode: y.mode,
            }),
        });
        return Ok(());
    }
    // A type change (file <-> directory, file <-> submodule): a deletion and an addition.
    side(repo, x, prefix, out, true)?;
    side(repo, y, prefix, out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_sort_after_files_sharing_a_prefix() {
        let file = Item {
            name: b"a.rs".to_vec(),
            id: Oid::zero(),
            mode: 0o100644,
        };
        let dir = Item {
            name: b"a".to_vec(),
            id: Oid::zero(),
            mode: MODE_TREE,
        };
        // "a/" > "a.rs" because '/' (0x2f) > '.' (0x2e)
        assert_eq!(tree_order(&dir, &file), Ordering::Greater);
        let file_a = Item {
            name: b"a".to_vec(),
            id: Oid::zero(),
            mode: 0o100644,
        };
        assert_eq!(tree_order(&file_a, &file), Ordering::Less);
    }
}
