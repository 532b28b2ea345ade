//! Diffing two trees by walking them side by side in git's tree order, descending only into
//! subtrees whose ids differ (identical subtrees are skipped without being read).

use std::cmp::Ordering;
use std::rc::Rc;

use git2::{Odb, Oid};

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

/// One entry of a tree object; its name lies in the tree's bytes ([`Tree::name`]).
#[derive(Debug, Clone, Copy)]
pub struct Item {
    name: (u32, u32),
    pub id: Oid,
    pub mode: i32,
}

/// A parsed tree object: its bytes, kept, and its entries, which point into them (no
/// allocation per entry: a root tree of git/git has 500 of them, and every commit reads one).
#[derive(Debug, Default)]
pub struct Tree {
    raw: Vec<u8>,
    items: Vec<Item>,
}

impl Tree {
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn name(&self, item: &Item) -> &[u8] {
        &self.raw[item.name.0 as usize..item.name.1 as usize]
    }
}

/// Where tree entries come from (the indexer caches them between a commit and its child).
pub trait TreeSource {
    fn entries(&self, id: Oid) -> Result<Rc<Tree>, git2::Error>;
}

/// Trees read straight from an object database.
pub struct OdbTrees<'a, 'r>(pub &'a Odb<'r>);

impl TreeSource for OdbTrees<'_, '_> {
    fn entries(&self, id: Oid) -> Result<Rc<Tree>, git2::Error> {
        let obj = self.0.read(id)?;
        parse_tree(obj.data().to_vec()).map(Rc::new)
    }
}

/// Parses a raw tree object (`<octal mode> <name>\0<20-byte id>`, repeated), normalising modes
/// the way git does (any non-special mode is a regular or executable blob).
pub fn parse_tree(raw: Vec<u8>) -> Result<Tree, git2::Error> {
    let bad = || git2::Error::from_str("malformed tree object");
    if u32::try_from(raw.len()).is_err() {
        return Err(git2::Error::from_str("tree object over 4 GiB"));
    }
    let mut out = Vec::new();
    let mut data = raw.as_slice();
    while !data.is_empty() {
        let sp = data.iter().position(|&b| b == b' ').ok_or_else(bad)?;
        let mut mode = 0i32;
        for &c in &data[..sp] {
            if !(b'0'..=b'7').contains(&c) {
                return Err(bad());
            }
            mode = mode * 8 + i32::from(c - b'0');
        }
        let rest = &data[sp + 1..];
        let nul = rest.iter().position(|&b| b == 0).ok_or_else(bad)?;
        let at = (raw.len() - rest.len()) as u32;
        let name = (at, at + nul as u32);
        let id_bytes = rest.get(nul + 1..nul + 21).ok_or_else(bad)?;
        let mode = match mode & 0o170000 {
            0o040000 => MODE_TREE,
            0o160000 => MODE_GITLINK,
            0o120000 => 0o120000,
            _ if mode & 0o111 != 0 => 0o100755,
            _ => 0o100644,
        };
        out.push(Item {
            name,
            id: Oid::from_bytes(id_bytes)?,
            mode,
        });
        data = &rest[nul + 21..];
    }
    Ok(Tree { raw, items: out })
}

/// git's `base_name_compare`: trees sort as if their name ended in '/'.
fn tree_order((a, a_mode): (&[u8], i32), (b, b_mode): (&[u8], i32)) -> Ordering {
    let common = a.len().min(b.len());
    match a[..common].cmp(&b[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let end = |name: &[u8], mode: i32| match name.get(common) {
        Some(c) => Some(*c),
        None if mode == MODE_TREE => Some(b'/'),
        None => None,
    };
    end(a, a_mode).cmp(&end(b, b_mode))
}

/// Appends to `out` every blob-level difference between trees `old` and `new` (either may be
/// absent).
pub fn diff_trees(
    src: &impl TreeSource,
    old: Option<Oid>,
    new: Option<Oid>,
    out: &mut Vec<TreeChange>,
) -> Result<(), git2::Error> {
    let mut prefix = Vec::new();
    walk(src, old, new, &mut prefix, out)
}

/// Every blob of tree `id` (with its path), as additions.
pub fn list_tree(src: &impl TreeSource, id: Oid) -> Result<Vec<TreeChange>, git2::Error> {
    let mut out = Vec::new();
    diff_trees(src, None, Some(id), &mut out)?;
    Ok(out)
}

/// The blob at `path` ('/'-separated) in tree `root`, if there is one.
pub fn find_path(
    src: &impl TreeSource,
    root: Oid,
    path: &[u8],
) -> Result<Option<BlobRef>, git2::Error> {
    let mut tree = root;
    let mut parts = path.split(|&b| b == b'/').peekable();
    while let Some(part) = parts.next() {
        let entries = src.entries(tree)?;
        let Some(e) = entries.items().iter().find(|e| entries.name(e) == part) else {
            return Ok(None);
        };
        match (parts.peek().is_some(), e.mode) {
            (true, MODE_TREE) => tree = e.id,
            (false, MODE_TREE | MODE_GITLINK) | (true, _) => return Ok(None),
            (false, mode) => return Ok(Some(BlobRef { id: e.id, mode })),
        }
    }
    Ok(None)
}

fn walk(
    src: &impl TreeSource,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<TreeChange>,
) -> Result<(), git2::Error> {
    let empty: Rc<Tree> = Rc::default();
    let a = match old {
        Some(id) => src.entries(id)?,
        None => empty.clone(),
    };
    let b = match new {
        Some(id) => src.entries(id)?,
        None => empty,
    };
    let (mut i, mut j) = (0, 0);
    let (ai, bi) = (a.items(), b.items());
    while i < ai.len() || j < bi.len() {
        let ord = match (ai.get(i), bi.get(j)) {
            (Some(x), Some(y)) => {
                // Same name but one is a tree and the other is not: they sort apart in git's
                // order, so compare plain names to pair them as a type change.
                let (xn, yn) = (a.name(x), b.name(y));
                if xn == yn {
                    Ordering::Equal
                } else {
                    tree_order((xn, x.mode), (yn, y.mode))
                }
            }
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match ord {
            Ordering::Less => {
                side(src, (a.name(&ai[i]), &ai[i]), prefix, out, true)?;
                i += 1;
            }
            Ordering::Greater => {
                side(src, (b.name(&bi[j]), &bi[j]), prefix, out, false)?;
                j += 1;
            }
            Ordering::Equal => {
                let (x, y) = (&ai[i], &bi[j]);
                if x.id != y.id || x.mode != y.mode {
                    both(src, (a.name(x), x), (b.name(y), y), prefix, out)?;
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
    src: &impl TreeSource,
    (name, item): (&[u8], &Item),
    prefix: &mut Vec<u8>,
    out: &mut Vec<TreeChange>,
    deleted: bool,
) -> Result<(), git2::Error> {
    match item.mode {
        MODE_GITLINK => Ok(()),
        MODE_TREE => {
            let id = Some(item.id);
            with_name(prefix, name, |p| {
                if deleted {
                    walk(src, id, None, p, out)
                } else {
                    walk(src, None, id, p, out)
                }
            })
        }
        _ => {
            let blob = Some(BlobRef {
                id: item.id,
                mode: item.mode,
            });
            let path = with_name(prefix, name, |p| p.clone());
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
    src: &impl TreeSource,
    (xn, x): (&[u8], &Item),
    (yn, y): (&[u8], &Item),
    prefix: &mut Vec<u8>,
    out: &mut Vec<TreeChange>,
) -> Result<(), git2::Error> {
    let tree_x = x.mode == MODE_TREE;
    let tree_y = y.mode == MODE_TREE;
    if tree_x && tree_y {
        return with_name(prefix, xn, |p| walk(src, Some(x.id), Some(y.id), p, out));
    }
    let blob_x = !tree_x && x.mode != MODE_GITLINK;
    let blob_y = !tree_y && y.mode != MODE_GITLINK;
    if blob_x && blob_y {
        let path = with_name(prefix, xn, |p| p.clone());
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
    side(src, (xn, x), prefix, out, true)?;
    side(src, (yn, y), prefix, out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_trees_parse_with_normalised_modes() {
        let mut raw = Vec::new();
        for (mode, name, byte) in [
            ("100664", "a.txt", 1u8),
            ("40000", "dir", 2),
            ("160000", "sub", 3),
        ] {
            raw.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            raw.extend_from_slice(&[byte; 20]);
        }
        let tree = parse_tree(raw).unwrap();
        let items = tree.items();
        let modes: Vec<i32> = items.iter().map(|i| i.mode).collect();
        assert_eq!(modes, vec![0o100644, MODE_TREE, MODE_GITLINK]);
        assert_eq!(tree.name(&items[1]), b"dir");
        assert_eq!(items[2].id, Oid::from_bytes(&[3; 20]).unwrap());
        assert!(parse_tree(b"100644 truncated".to_vec()).is_err());
    }

    #[test]
    fn trees_sort_after_files_sharing_a_prefix() {
        let file = (b"a.rs".as_slice(), 0o100644);
        let dir = (b"a".as_slice(), MODE_TREE);
        // "a/" > "a.rs" because '/' (0x2f) > '.' (0x2e)
        assert_eq!(tree_order(dir, file), Ordering::Greater);
        let file_a = (b"a".as_slice(), 0o100644);
        assert_eq!(tree_order(file_a, file), Ordering::Less);
        // a directory "a" before "a0" ('/' < '0'), a file "a" before both
        assert_eq!(
            tree_order(dir, (b"a0".as_slice(), 0o100644)),
            Ordering::Less
        );
        assert_eq!(tree_order(file_a, dir), Ordering::Less);
    }
}
