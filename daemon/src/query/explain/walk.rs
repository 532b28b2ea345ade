//! The commits that shaped a range of lines, like `git log -L`: walks the file's history
//! (`history`: the commits that changed any of its names) from the revision back, carrying the
//! range into each parent's coordinates through the hunks between their versions. A commit whose hunks touch the range
//! shaped it; its parent inherits the untouched lines (shifted) and the touched hunks' old
//! lines, so earlier versions of rewritten lines are followed too (git's
//! `range_set_map_across_diff` in line-log.c). A merge is shown only when no parent has the
//! range unchanged; one that does takes the whole range (line-log's
//! `process_ranges_merge_commit`).

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use anyhow::Result;

use super::history::History;
use crate::git::line_diff::{diff_lines, Hunk};
use crate::query::Context;

/// Sorted, disjoint, non-empty half-open line ranges (0-based).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ranges(Vec<(u32, u32)>);

impl Ranges {
    pub fn new(ranges: impl IntoIterator<Item = (u32, u32)>) -> Ranges {
        let mut v: Vec<(u32, u32)> = ranges.into_iter().filter(|r| r.0 < r.1).collect();
        v.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for r in v {
            match out.last_mut() {
                Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
                _ => out.push(r),
            }
        }
        Ranges(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[(u32, u32)] {
        &self.0
    }

    pub fn contains(&self, line: u32) -> bool {
        self.0.iter().any(|&(s, e)| s <= line && line < e)
    }

    fn union(&self, other: &Ranges) -> Ranges {
        Ranges::new(self.0.iter().chain(&other.0).copied())
    }

    /// Whether a hunk's new side touches the ranges (an empty new side — a deletion — touches
    /// a range it falls strictly inside, as in line-log's `ranges_overlap`).
    fn touched_by(&self, h: &Hunk) -> bool {
        let (a, b) = h.after;
        self.0.iter().any(|&(s, e)| {
            if a == b {
                s < a && a < e
            } else {
                a < e && s < b
            }
        })
    }
}

/// The ranges in the old file's coordinates: lines outside every hunk shifted back, plus the
/// old side of each hunk that touches them. Also returns the touching hunks.
pub fn map_back(ranges: &Ranges, hunks: &[Hunk]) -> (Ranges, Vec<Hunk>) {
    let touched: Vec<Hunk> = hunks
        .iter()
        .copied()
        .filter(|h| ranges.touched_by(h))
        .collect();
    let mut out: Vec<(u32, u32)> = touched.iter().map(|h| h.before).collect();
    for &(s, e) in ranges.as_slice() {
        // walk the gaps between hunks, each with its own shift (old = new - delta)
        let mut start = 0u32;
        let mut delta: i64 = 0;
        for h in hunks.iter().chain(std::iter::once(&Hunk {
            before: (u32::MAX, u32::MAX),
            after: (u32::MAX, u32::MAX),
        })) {
            let (gs, ge) = (start.max(s), h.after.0.min(e));
            if gs < ge {
                out.push(((gs as i64 - delta) as u32, (ge as i64 - delta) as u32));
            }
            if h.after.0 == u32::MAX {
                break;
            }
            start = h.after.1;
            delta += i64::from(h.after.1 - h.after.0) - i64::from(h.before.1 - h.before.0);
        }
    }
    (Ranges::new(out), touched)
}

/// One commit that shaped the range.
#[derive(Debug)]
pub struct Shaped {
    pub commit: u32,
    /// The file's path id in that commit, and the one its diff is against (a rename's source).
    pub path: u32,
    pub from: u32,
    /// The parent (index among the commit's parents) the hunks are against.
    pub parent: usize,
    /// The hunks that touch the range (0-based, half-open), in the file's diff order.
    pub hunks: Vec<Hunk>,
    /// The range in this commit's version of the file.
    pub ranges: Ranges,
    pub merge: bool,
}

/// The file's text at a commit under a name, read once (`None`: absent or binary).
struct Blobs<'a> {
    ctx: &'a Context,
    history: &'a History,
    seen: HashMap<(u32, u32), Option<Rc<Vec<u8>>>>,
}

impl Blobs<'_> {
    fn get(&mut self, commit: u32, path: u32) -> Result<Option<Rc<Vec<u8>>>> {
        if let Some(b) = self.seen.get(&(commit, path)) {
            return Ok(b.clone());
        }
        let tree = self
            .ctx
            .repo
            .find_commit(self.history.oid(commit))?
            .tree()?;
        let text = super::blob_at(self.ctx, &tree, self.history.name(path));
        let present = !text.is_empty()
            || tree
                .get_path(super::as_path(self.history.name(path)))
                .is_ok();
        let b = present
            .then_some(text)
            .filter(|t| !crate::git::blob::is_binary(t))
            .map(Rc::new);
        self.seen.insert((commit, path), b.clone());
        Ok(b)
    }
}

/// Walks `history` back from its revision with `range` (0-based, half-open, in the file at
/// the revision): the commits that shaped it, newest first.
pub fn shaping_commits(ctx: &Context, history: &History, range: (u32, u32)) -> Result<Vec<Shaped>> {
    let mut blobs = Blobs {
        ctx,
        history,
        seen: HashMap::new(),
    };
    // (commit, path) → the range there; the largest commit id is always handled first, so
    // every child has passed its part on before a commit is looked at
    let mut interest: BTreeMap<(u32, u32), Ranges> = BTreeMap::new();
    interest.insert((history.at, history.path), Ranges::new([range]));
    let mut out = Vec::new();
    while let Some(((c, p), ranges)) = interest.pop_last() {
        let mut add = |commit: u32, path: u32, r: Ranges| {
            if !r.is_empty() {
                let slot = interest.entry((commit, path)).or_default();
                *slot = slot.union(&r);
            }
        };
        let parents = history.parents(c);
        let Some(change) = history.change(c, p) else {
            // unchanged here: the first parent has these very lines
            if let Some(&first) = parents.first() {
                add(first, p, ranges);
            }
            continue;
        };
        let Some(new) = blobs.get(c, p)? else {
            continue;
        };
        // each parent's version: the first parent's under the name the change came from, the
        // others' under this name (or that one)
        let mut sides = Vec::new();
        for (k, &parent) in parents.iter().enumerate() {
            let names = if k == 0 {
                vec![change.from]
            } else {
                vec![Some(p), change.from]
            };
            for name in names.into_iter().flatten() {
                if let Some(old) = blobs.get(parent, name)? {
                    let hunks = diff_lines(&old, &new).hunks;
                    let (mapped, touched) = map_back(&ranges, &hunks);
                    sides.push((k, parent, name, mapped, touched));
                    break;
                }
            }
        }
        let merge = parents.len() > 1;
        if merge {
            // a parent with the range unchanged takes all of it (line-log)
            if let Some((_, parent, name, mapped, _)) = sides.iter().find(|s| s.4.is_empty()) {
                add(*parent, *name, mapped.clone());
                continue;
            }
        }
        let (k, from, hunks) = match sides.first() {
            Some((k, _, name, _, touched)) => (*k, *name, touched.clone()),
            // no parent has the file: all of it is this commit's
            None => {
                let (_, touched) = map_back(&ranges, &whole(&new));
                (0, p, touched)
            }
        };
        if !hunks.is_empty() || merge {
            out.push(Shaped {
                commit: c,
                path: p,
                from,
                parent: k,
                hunks,
                ranges: ranges.clone(),
                merge,
            });
        }
        for (_, parent, name, mapped, _) in sides {
            add(parent, name, mapped);
        }
    }
    Ok(out)
}

/// The one hunk of a file that is new: all of its lines added.
fn whole(text: &[u8]) -> Vec<Hunk> {
    vec![Hunk {
        before: (0, 0),
        after: (0, crate::git::blob::count_lines(text)),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(b: (u32, u32), a: (u32, u32)) -> Hunk {
        Hunk {
            before: b,
            after: a,
        }
    }

    #[test]
    fn untouched_lines_shift_back_and_touched_hunks_bring_their_old_lines() {
        // old: 10 lines; new: 2 lines inserted at 2, line 6 (old 4) replaced by 3 lines
        let hunks = [h((2, 2), (2, 4)), h((4, 5), (6, 9))];
        // range on new lines 10..12: untouched, shifted back by 4 (2 inserted, 3 for 1)
        let (old, touched) = map_back(&Ranges::new([(10, 12)]), &hunks);
        assert_eq!(old.as_slice(), &[(6, 8)]);
        assert!(touched.is_empty());
        // range 5..8 touches the replacement: old line 3 (shifted) plus its old side 4..5
        let (old, touched) = map_back(&Ranges::new([(5, 8)]), &hunks);
        assert_eq!(touched, vec![hunks[1]]);
        assert_eq!(old.as_slice(), &[(3, 5)]);
        // range 2..4 is exactly the insertion: nothing older
        let (old, touched) = map_back(&Ranges::new([(2, 4)]), &hunks);
        assert_eq!(touched, vec![hunks[0]]);
        assert!(old.is_empty());
    }

    #[test]
    fn a_deletion_touches_a_range_only_from_inside() {
        let del = [h((3, 5), (3, 3))];
        assert_eq!(map_back(&Ranges::new([(0, 3)]), &del).1.len(), 0);
        assert_eq!(map_back(&Ranges::new([(3, 6)]), &del).1.len(), 0);
        let (old, touched) = map_back(&Ranges::new([(2, 4)]), &del);
        assert_eq!(touched.len(), 1);
        assert_eq!(old.as_slice(), &[(2, 6)]);
    }

    #[test]
    fn ranges_merge_when_they_meet() {
        assert_eq!(
            Ranges::new([(5, 7), (0, 2), (2, 3), (6, 9), (4, 4)]).as_slice(),
            &[(0, 3), (5, 9)]
        );
    }
}
