//! The ownership log: for every commit, and every path whose line owners differ from the
//! commit's first parent, one compact and reversible record. Redoing a commit's records turns its
//! parent's owners into its own; undoing them turns them back — so the owners at any indexed
//! commit are a walk away from any stored view, without reading git or diffing anything.
//!
//! A record for path `p` at commit `c` says how `p`'s owners at `c` are made (from nothing, from
//! explicit runs, or from the parent's owners of path `from` — `p` itself, or the path it was
//! renamed from — by segments: keep `k` lines, replace `n` old lines with new runs) and how `p`'s
//! parent owners come back on undo (none, explicit runs, or derived by reversing the segments).
//! Encoding: LEB128 varints; an owner equal to `c` is written as 0, any other as `id + 1`.

use crate::git::line_diff::Hunk;

/// One path's record at one commit, as stored (`deltas` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub path: u32,
    /// The parent path `path`'s owners are derived from (segments), if any.
    pub from: Option<u32>,
    pub data: Vec<u8>,
}

/// A record that does not decode: the index is damaged and must be rebuilt.
#[derive(Debug, thiserror::Error)]
#[error("the ownership log is damaged ({0}); run `aexy index --rebuild`")]
pub struct Damaged(pub &'static str);

const NEW_NONE: u8 = 0;
const NEW_RUNS: u8 = 1;
const NEW_SEGMENTS: u8 = 2;
const PREV_NONE: u8 = 0;
const PREV_RUNS: u8 = 4;
const PREV_DERIVED: u8 = 8;

/// What a path's owners at the parent were derived from: its path there, those owners, and the
/// hunks (old → new lines) that changed them, when known.
pub struct Source<'a> {
    pub path: u32,
    pub owners: &'a [u32],
    pub hunks: Option<&'a [Hunk]>,
}

/// The record for `path` at `commit`: `source` is where its new owners come from in the first
/// parent (`None` when they are all new or the file is gone), `new` its owners at `commit`
/// (`None`: absent, binary or too large), `prev` its own owners in the first parent.
/// `None` when nothing changed.
pub fn encode(
    commit: u32,
    path: u32,
    source: Option<Source<'_>>,
    new: Option<&[u32]>,
    prev: Option<&[u32]>,
) -> Option<Delta> {
    let mut out = Vec::with_capacity(16);
    out.push(0);
    let mut flags = 0u8;
    let mut from = None;
    match (new, &source) {
        (Some(new), Some(src)) => {
            let segments = segments(src.owners, new, src.hunks);
            if src.path == path && segments.is_empty() {
                return None; // the same owners under the same path
            }
            flags |= NEW_SEGMENTS;
            from = Some(src.path);
            write_segments(&mut out, commit, src.owners, new, &segments);
        }
        (Some(new), None) => {
            flags |= NEW_RUNS;
            write_runs(&mut out, commit, new);
        }
        (None, _) => {}
    }
    if flags & NEW_SEGMENTS != 0 && from == Some(path) {
        flags |= PREV_DERIVED;
    } else if let Some(prev) = prev {
        flags |= PREV_RUNS;
        write_runs(&mut out, commit, prev);
    }
    if flags == NEW_NONE | PREV_NONE {
        return None; // absent (or binary) before and after
    }
    out[0] = flags;
    Some(Delta {
        path,
        from,
        data: out,
    })
}

/// Whether undoing `delta` derives the parent's owners from the commit's own (rather than from
/// the record alone).
pub fn prev_is_derived(delta: &Delta) -> bool {
    delta.data.first().is_some_and(|f| f & PREV_DERIVED != 0)
}

/// `path`'s owners at the commit, from the parent's owners of `delta.from` (`parent_from`).
pub fn redo(
    delta: &Delta,
    commit: u32,
    parent_from: Option<&[u32]>,
) -> Result<Option<Vec<u32>>, Damaged> {
    let mut r = Reader::new(&delta.data);
    let flags = r.byte()?;
    match flags & 3 {
        NEW_NONE => Ok(None),
        NEW_RUNS => Ok(Some(r.runs(commit)?)),
        NEW_SEGMENTS => {
            let old =
                parent_from.ok_or(Damaged("a record derives from a path its parent lacks"))?;
            let (old_len, new_len) = (r.num()? as usize, r.num()? as usize);
            if old.len() != old_len {
                return Err(Damaged("a record's parent has another length"));
            }
            let mut out = Vec::with_capacity(new_len);
            let mut pos = 0usize;
            for _ in 0..r.num()? {
                let keep = r.num()? as usize;
                let end = pos
                    .checked_add(keep)
                    .filter(|e| *e <= old.len())
                    .ok_or(Damaged("keep"))?;
                out.extend_from_slice(&old[pos..end]);
                out.extend(r.runs(commit)?);
                let removed = r.runs_len()?;
                pos = end
                    .checked_add(removed)
                    .filter(|e| *e <= old.len())
                    .ok_or(Damaged("removed"))?;
            }
            out.extend_from_slice(&old[pos..]);
            if out.len() != new_len {
                return Err(Damaged("a record gives another length"));
            }
            Ok(Some(out))
        }
        _ => Err(Damaged("unknown record kind")),
    }
}

/// `delta.path`'s owners at the parent, from its owners at the commit (`current`).
pub fn undo(
    delta: &Delta,
    commit: u32,
    current: Option<&[u32]>,
) -> Result<Option<Vec<u32>>, Damaged> {
    let mut r = Reader::new(&delta.data);
    let flags = r.byte()?;
    let mut derived = None;
    match flags & 3 {
        NEW_NONE => {}
        NEW_RUNS => {
            r.runs_len()?;
        }
        NEW_SEGMENTS if flags & PREV_DERIVED == 0 => {
            r.num()?;
            r.num()?;
            for _ in 0..r.num()? {
                r.num()?;
                r.runs_len()?;
                r.runs_len()?;
            }
        }
        NEW_SEGMENTS => {
            let cur = current.ok_or(Damaged("a record's path is missing at its commit"))?;
            let (old_len, new_len) = (r.num()? as usize, r.num()? as usize);
            if cur.len() != new_len {
                return Err(Damaged("a record's commit has another length"));
            }
            let mut out = Vec::with_capacity(old_len);
            let mut pos = 0usize;
            for _ in 0..r.num()? {
                let keep = r.num()? as usize;
                let added = r.runs_len()?;
                let end = pos
                    .checked_add(keep)
                    .filter(|e| *e <= cur.len())
                    .ok_or(Damaged("keep"))?;
                out.extend_from_slice(&cur[pos..end]);
                out.extend(r.runs(commit)?);
                pos = end
                    .checked_add(added)
                    .filter(|e| *e <= cur.len())
                    .ok_or(Damaged("added"))?;
            }
            out.extend_from_slice(&cur[pos..]);
            if out.len() != old_len {
                return Err(Damaged("a record undoes to another length"));
            }
            derived = Some(out);
        }
        _ => return Err(Damaged("unknown record kind")),
    }
    match flags & (PREV_RUNS | PREV_DERIVED) {
        PREV_DERIVED => Ok(derived),
        PREV_RUNS => Ok(Some(r.runs(commit)?)),
        0 => Ok(None),
        _ => Err(Damaged("unknown record kind")),
    }
}

/// A whole owner vector as a view stores it (`ownership.runs`): the same run encoding, every
/// owner written as `id + 1`.
pub fn pack(owners: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8);
    write_runs(&mut out, u32::MAX, owners);
    out
}

/// The owner vector [`pack`] wrote.
pub fn unpack(data: &[u8]) -> Result<Vec<u32>, Damaged> {
    Reader::new(data).runs(u32::MAX)
}

/// One changed region: `keep` lines kept from the old owners, then `old` old lines replaced by
/// `new` new lines (ranges into the old and new vectors).
struct Segment {
    keep: usize,
    old: (usize, usize),
    new: (usize, usize),
}

/// The changed regions between `old` and `new`: the hunks when they account for both lengths,
/// else the regions of a diff of the two owner sequences (a merge that took a file from another
/// parent has no hunks against the first).
fn segments(old: &[u32], new: &[u32], hunks: Option<&[Hunk]>) -> Vec<Segment> {
    if let Some(segments) = hunks.and_then(|h| from_hunks(old, new, h)) {
        return segments;
    }
    if old == new {
        return Vec::new();
    }
    from_hunks(old, new, &owner_diff(old, new)).unwrap_or_else(|| {
        // a diff's hunks always fit; kept exact regardless: everything replaced
        vec![Segment {
            keep: 0,
            old: (0, old.len()),
            new: (0, new.len()),
        }]
    })
}

/// The segments `hunks` describe, if they fit `old` and `new` exactly (unchanged outside them).
fn from_hunks(old: &[u32], new: &[u32], hunks: &[Hunk]) -> Option<Vec<Segment>> {
    let mut out = Vec::with_capacity(hunks.len());
    let (mut o, mut n) = (0usize, 0usize);
    for h in hunks {
        let (b0, b1) = (h.before.0 as usize, h.before.1 as usize);
        let (a0, a1) = (h.after.0 as usize, h.after.1 as usize);
        if b0 < o || a0 < n || b0 - o != a0 - n || b1 < b0 || a1 < a0 {
            return None;
        }
        if old.get(o..b0)? != new.get(n..a0)? {
            return None;
        }
        if old.get(b0..b1)? != new.get(a0..a1)? {
            out.push(Segment {
                keep: b0 - o,
                old: (b0, b1),
                new: (a0, a1),
            });
            (o, n) = (b1, a1);
        }
    }
    (old.get(o..)? == new.get(n..)?).then(|| merge_adjacent(out))
}

/// Hunks between two owner sequences. Owners come in runs (consecutive lines of one commit),
/// so after skipping the common prefix and suffix, the diff runs over the runs — each one token,
/// its owner and length — rather than over the lines, with the histogram algorithm (runs are
/// nearly all unique, which it anchors on; Myers' cost grows with the differences, and 21,000
/// merges of git/git take 82,000 files from another parent). A run that changed
/// length is replaced whole, so the hunks may be wider than the fewest changed lines, but they
/// are exact: everything outside them is equal (`from_hunks` checks it).
fn owner_diff(old: &[u32], new: &[u32]) -> Vec<Hunk> {
    use gix_imara_diff::{Algorithm, Diff, Token};
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_mid, new_mid) = (&old[prefix..], &new[prefix..]);
    let suffix = old_mid
        .iter()
        .rev()
        .zip(new_mid.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old_mid[..old_mid.len() - suffix];
    let new_mid = &new_mid[..new_mid.len() - suffix];
    let base = prefix as u32;
    if old_mid.is_empty() && new_mid.is_empty() {
        return Vec::new();
    }
    let (old_runs, new_runs) = (owner_runs(old_mid), owner_runs(new_mid));
    // Dense tokens: the distinct (owner, length) runs of both sides, sorted.
    let key = |r: &(u32, u32, u32)| (u64::from(r.0) << 32) | u64::from(r.2);
    let mut distinct: Vec<u64> = old_runs.iter().chain(&new_runs).map(key).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let token = |r: &(u32, u32, u32)| Token(distinct.binary_search(&key(r)).unwrap_or(0) as u32);
    let before: Vec<Token> = old_runs.iter().map(token).collect();
    let after: Vec<Token> = new_runs.iter().map(token).collect();
    let mut diff = Diff::default();
    diff.compute_with(Algorithm::Histogram, &before, &after, distinct.len() as u32);
    // A run index to its first line (the end of the sequence past the last run).
    let line = |runs: &[(u32, u32, u32)], total: usize, i: u32| {
        runs.get(i as usize).map_or(total as u32, |r| r.1)
    };
    diff.hunks()
        .map(|h| Hunk {
            before: (
                base + line(&old_runs, old_mid.len(), h.before.start),
                base + line(&old_runs, old_mid.len(), h.before.end),
            ),
            after: (
                base + line(&new_runs, new_mid.len(), h.after.start),
                base + line(&new_runs, new_mid.len(), h.after.end),
            ),
        })
        .collect()
}

/// The runs of equal owners in `owners`: (owner, first line, length).
fn owner_runs(owners: &[u32]) -> Vec<(u32, u32, u32)> {
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    for (i, &o) in owners.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.0 == o => r.2 += 1,
            _ => runs.push((o, i as u32, 1)),
        }
    }
    runs
}

/// Segments with `keep` relative to the previous segment's end (hunks already are).
fn merge_adjacent(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut end = 0usize;
    for s in segments {
        let keep = s.old.0 - end;
        end = s.old.1;
        match out.last_mut() {
            Some(last) if keep == 0 => {
                last.old.1 = s.old.1;
                last.new.1 = s.new.1;
            }
            _ => out.push(Segment { keep, ..s }),
        }
    }
    out
}

fn write_segments(out: &mut Vec<u8>, commit: u32, old: &[u32], new: &[u32], segments: &[Segment]) {
    put(out, old.len() as u64);
    put(out, new.len() as u64);
    put(out, segments.len() as u64);
    for s in segments {
        put(out, s.keep as u64);
        write_runs(out, commit, &new[s.new.0..s.new.1]);
        write_runs(out, commit, &old[s.old.0..s.old.1]);
    }
}

fn write_runs(out: &mut Vec<u8>, commit: u32, owners: &[u32]) {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &o in owners {
        match runs.last_mut() {
            Some((n, owner)) if *owner == o => *n += 1,
            _ => runs.push((1, o)),
        }
    }
    put(out, runs.len() as u64);
    for (n, owner) in runs {
        put(out, u64::from(n));
        put(
            out,
            if owner == commit {
                0
            } else {
                u64::from(owner) + 1
            },
        );
    }
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    fn byte(&mut self) -> Result<u8, Damaged> {
        let b = *self.data.get(self.pos).ok_or(Damaged("truncated"))?;
        self.pos += 1;
        Ok(b)
    }

    fn num(&mut self) -> Result<u64, Damaged> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Damaged("overlong number"))
    }

    fn owner(&mut self, commit: u32) -> Result<u32, Damaged> {
        match self.num()? {
            0 => Ok(commit),
            v => u32::try_from(v - 1).map_err(|_| Damaged("owner out of range")),
        }
    }

    fn runs(&mut self, commit: u32) -> Result<Vec<u32>, Damaged> {
        let n = self.num()?;
        let mut out = Vec::new();
        for _ in 0..n {
            let len = self.num()?;
            let owner = self.owner(commit)?;
            if len > (1 << 26) {
                return Err(Damaged("run too long"));
            }
            out.extend(std::iter::repeat_n(owner, len as usize));
        }
        Ok(out)
    }

    /// Skips a run list, returning how many lines it covers.
    fn runs_len(&mut self) -> Result<usize, Damaged> {
        let n = self.num()?;
        let mut total = 0usize;
        for _ in 0..n {
            total = total.saturating_add(self.num()? as usize);
            self.num()?;
        }
        Ok(total)
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

    fn round_trip(old: &[u32], new: &[u32], hunks: Option<&[Hunk]>) -> Delta {
        let d = encode(
            9,
            1,
            Some(Source {
                path: 1,
                owners: old,
                hunks,
            }),
            Some(new),
            Some(old),
        )
        .expect("a change");
        assert_eq!(redo(&d, 9, Some(old)).unwrap().as_deref(), Some(new));
        assert_eq!(undo(&d, 9, Some(new)).unwrap().as_deref(), Some(old));
        d
    }

    #[test]
    fn edits_redo_and_undo_exactly() {
        // line 1 replaced by two lines by commit 9, a line appended
        let old = [1, 1, 2, 2];
        let new = [1, 9, 9, 2, 2, 9];
        let hunks = [h((1, 2), (1, 3)), h((4, 4), (5, 6))];
        let d = round_trip(&old, &new, Some(&hunks));
        assert!(d.data.len() < 24, "compact: {} bytes", d.data.len());
        // the same without hunks (prefix/suffix)
        round_trip(&old, &new, None);
    }

    #[test]
    fn hunks_that_do_not_fit_fall_back_to_an_exact_region() {
        let old = [1, 2, 3];
        let new = [1, 7, 3, 4];
        round_trip(&old, &new, Some(&[h((0, 1), (0, 1))]));
    }

    #[test]
    fn unchanged_owners_under_the_same_path_need_no_record() {
        let old = [1, 2];
        let src = Source {
            path: 1,
            owners: &old,
            hunks: None,
        };
        assert!(encode(9, 1, Some(src), Some(&old), Some(&old)).is_none());
        assert!(encode(9, 1, None, None, None).is_none());
    }

    #[test]
    fn additions_removals_and_renames() {
        let added = encode(9, 1, None, Some(&[9, 9]), None).unwrap();
        assert_eq!(redo(&added, 9, None).unwrap(), Some(vec![9, 9]));
        assert_eq!(undo(&added, 9, Some(&[9, 9])).unwrap(), None);

        let removed = encode(9, 1, None, None, Some(&[3, 4])).unwrap();
        assert_eq!(redo(&removed, 9, None).unwrap(), None);
        assert_eq!(undo(&removed, 9, None).unwrap(), Some(vec![3, 4]));

        // path 2 renamed from path 1 with one line changed; path 2 did not exist before
        let old = [3, 3, 4];
        let new = [3, 9, 4];
        let src = Source {
            path: 1,
            owners: &old,
            hunks: Some(&[h((1, 2), (1, 2))]),
        };
        let renamed = encode(9, 2, Some(src), Some(&new), None).unwrap();
        assert_eq!(renamed.from, Some(1));
        assert_eq!(redo(&renamed, 9, Some(&old)).unwrap(), Some(new.to_vec()));
        assert_eq!(undo(&renamed, 9, Some(&new)).unwrap(), None);
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let d = encode(9, 1, None, None, Some(&[3, 4])).unwrap();
        for cut in 0..d.data.len() {
            let short = Delta {
                data: d.data[..cut].to_vec(),
                ..d.clone()
            };
            assert!(undo(&short, 9, None).is_err());
        }
        let seg = round_trip(&[1, 2, 3], &[1, 9, 3], None);
        assert!(redo(&seg, 9, Some(&[1, 2])).is_err(), "wrong parent length");
        assert!(undo(&seg, 9, Some(&[1])).is_err(), "wrong commit length");
    }

    #[test]
    fn random_edits_round_trip() {
        // a small deterministic generator: many shapes of old/new vectors and hunks
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n.max(1)
        };
        for _ in 0..2000 {
            let old: Vec<u32> = (0..next(12)).map(|_| next(4) as u32 + 1).collect();
            let mut new = Vec::new();
            let mut hunks = Vec::new();
            let mut pos = 0usize;
            while pos < old.len() {
                let keep = next(3) as usize;
                let keep = keep.min(old.len() - pos);
                new.extend_from_slice(&old[pos..pos + keep]);
                pos += keep;
                let removed = (next(3) as usize).min(old.len() - pos);
                let added = next(3) as usize;
                if removed + added > 0 {
                    hunks.push(h(
                        (pos as u32, (pos + removed) as u32),
                        (new.len() as u32, (new.len() + added) as u32),
                    ));
                }
                new.extend(std::iter::repeat_n(9, added));
                pos += removed;
            }
            if old == new {
                continue;
            }
            round_trip(&old, &new, Some(&hunks));
            round_trip(&old, &new, None);
        }
    }

    /// A deterministic generator for owner sequences made of runs.
    fn owners_from(seed: &mut u64, runs: usize) -> Vec<u32> {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let mut out = Vec::new();
        for _ in 0..runs {
            let owner = (next() % 7) as u32;
            let len = 1 + (next() % 5) as usize;
            out.extend(std::iter::repeat_n(owner, len));
        }
        out
    }

    #[test]
    fn owner_diffs_over_runs_are_exact_for_any_pair_of_sequences() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..500 {
            let old = owners_from(&mut seed, round % 23);
            // the new side: the old one with a few runs changed, or an unrelated one
            let new = if round % 3 == 0 {
                owners_from(&mut seed, round % 17)
            } else {
                let mut new = old.clone();
                let middle = owners_from(&mut seed, 2);
                let at = (seed as usize) % (new.len() + 1);
                let cut = (at + (seed as usize >> 8) % 4).min(new.len());
                new.splice(at..cut, middle);
                new
            };
            let hunks = owner_diff(&old, &new);
            let segments = from_hunks(&old, &new, &hunks);
            assert!(segments.is_some(), "{old:?} -> {new:?}: {hunks:?}");
            if old != new {
                // the record made of them redoes and undoes exactly
                round_trip(&old, &new, None);
            }
        }
    }

    #[test]
    fn an_owner_diff_replaces_only_the_runs_that_changed() {
        let old = [1, 1, 1, 2, 2, 3, 3, 3, 4, 4];
        let new = [1, 1, 1, 2, 2, 9, 3, 3, 3, 4, 4];
        assert_eq!(owner_diff(&old, &new), vec![h((5, 5), (5, 6))]);
        let new = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4];
        let hunks = owner_diff(&old, &new);
        assert!(from_hunks(&old, &new, &hunks).is_some());
        let changed: u32 = hunks.iter().map(|h| h.before.1 - h.before.0).sum();
        assert!(changed <= 5, "{hunks:?}");
    }
}
