//! The commits that shaped a range of lines, like `git log -L`: walks the file's history
//! (`past_owners::history`, the steps the ownership replay applies) from the revision back,
//! carrying the range into each parent's coordinates. A commit whose hunks touch the range
//! shaped it; its parent inherits the untouched lines (shifted) and the touched hunks' old
//! lines, so earlier versions of rewritten lines are followed too (git's
//! `range_set_map_across_diff` in line-log.c). A merge is shown only when no parent has the
//! range unchanged; one that does takes the whole range (line-log's
//! `process_ranges_merge_commit`).

use std::collections::HashMap;

use crate::git::line_diff::Hunk;
use crate::index::replay::FileOp;
use crate::query::past_owners::{FileHistory, Step};

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

/// Walks `history` back from its revision with `range` (0-based, half-open, in the file at
/// the revision): the commits that shaped it, newest first.
pub fn shaping_commits(history: &FileHistory, range: (u32, u32)) -> Vec<Shaped> {
    let mut interest: HashMap<(u32, u32), Ranges> = HashMap::new();
    interest.insert((history.last, history.path), Ranges::new([range]));
    let mut out = Vec::new();
    for step in history.steps.iter().rev() {
        // each name of the file this commit has an interest in (usually one)
        let keys: Vec<(u32, u32)> = interest
            .keys()
            .filter(|k| k.0 == step.commit)
            .copied()
            .collect();
        for key in keys {
            let Some(ranges) = interest.remove(&key) else {
                continue;
            };
            let mut add = |parent: Option<u32>, path: u32, r: Ranges| {
                if let Some(p) = parent.filter(|_| !r.is_empty()) {
                    let slot = interest.entry((p, path)).or_default();
                    *slot = slot.union(&r);
                }
            };
            if let Some(shaped) = visit(step, key.1, &ranges, &mut add) {
                out.push(shaped);
            }
        }
    }
    out
}

/// One step for the name `path` with `ranges`: passes the ranges to parents through `add` and
/// returns the commit if it shaped them.
fn visit(
    step: &Step,
    path: u32,
    ranges: &Ranges,
    add: &mut impl FnMut(Option<u32>, u32, Ranges),
) -> Option<Shaped> {
    let parent = |k: usize| step.parents.get(k).copied().flatten();
    let op = step.ops.iter().find(|op| op.path() == path);
    match op {
        // this commit changed another of the file's names: this one is the first parent's
        None => {
            add(parent(0), path, ranges.clone());
            None
        }
        Some(FileOp::Remove { .. }) => None,
        Some(FileOp::Same { from, .. }) => {
            add(parent(0), *from, ranges.clone());
            None
        }
        Some(FileOp::Edit { from, hunks, .. }) => {
            let (old, touched) = map_back(ranges, hunks);
            add(parent(0), *from, old);
            (!touched.is_empty()).then(|| Shaped {
                commit: step.commit,
                path,
                from: *from,
                parent: 0,
                hunks: touched,
                ranges: ranges.clone(),
                merge: false,
            })
        }
        Some(FileOp::Merge { sources, .. }) => {
            if let [(k, from, None)] = sources.as_slice() {
                add(parent(*k), *from, ranges.clone());
                return None;
            }
            let mapped: Vec<(usize, u32, Ranges, Vec<Hunk>)> = sources
                .iter()
                .filter_map(|(k, from, hunks)| {
                    let hunks = hunks.as_deref()?;
                    let (old, touched) = map_back(ranges, hunks);
                    Some((*k, *from, old, touched))
                })
                .collect();
            // a parent with the range unchanged takes all of it
            if let Some((k, from, old, _)) = mapped.iter().find(|m| m.3.is_empty()) {
                add(parent(*k), *from, old.clone());
                return None;
            }
            let first = mapped.first().map(|m| (m.0, m.1, m.3.clone()));
            for (k, from, old, _) in mapped {
                add(parent(k), from, old);
            }
            // lines no parent has (all of them, when no parent has the file) are the merge's
            let (k, from, hunks) = first.unwrap_or((0, path, Vec::new()));
            Some(Shaped {
                commit: step.commit,
                path,
                from,
                parent: k,
                hunks,
                ranges: ranges.clone(),
                merge: true,
            })
        }
    }
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
        // range on new lines 10..12 (old 8..10): untouched, shifted by 4
        let (old, touched) = map_back(&Ranges::new([(10, 12)]), &hunks);
        assert_eq!(old.as_slice(), &[(8, 10)]);
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
