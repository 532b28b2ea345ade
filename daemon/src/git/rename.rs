//! Rename detection as git does it (diffcore-rename.c): exact matches by blob id first, then
//! content similarity of at least 50% (git's default `-M`), scored like diffcore-delta.c: both
//! files are cut into spans (a line, or 64 bytes), spans are hashed, and the score is the bytes
//! the source shares with the destination divided by the larger file's size.

use std::collections::HashMap;

use git2::Oid;

/// git's `MAX_SCORE`: similarity is expressed in 1/60000ths.
pub const MAX_SCORE: u32 = 60_000;
/// git's default minimum score for `-M` (50%).
pub const DEFAULT_MIN_SCORE: u32 = 30_000;
/// git's `diff.renameLimit` default: inexact detection is skipped when sources × destinations
/// exceeds its square.
pub const RENAME_LIMIT: usize = 1000;
/// Candidates remembered per destination (`NUM_CANDIDATE_PER_DST`).
const CANDIDATES_PER_DST: usize = 4;
const HASHBASE: u32 = 107_927;

/// The span-hash profile of one file's content.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    size: u64,
    /// (hash, bytes) sorted by hash.
    spans: Vec<(u32, u32)>,
}

impl Fingerprint {
    /// How many spans it holds (what keeping it costs: eight bytes each).
    pub fn spans(&self) -> usize {
        self.spans.len()
    }
}

/// git's `hash_chars`: spans end at '\n' or after 64 bytes; CR before LF is ignored in text.
pub fn fingerprint(data: &[u8], is_text: bool) -> Fingerprint {
    let mut counts: HashMap<u32, u32> = HashMap::new();
    let (mut accum1, mut accum2, mut n) = (0u32, 0u32, 0u32);
    let mut i = 0;
    while i < data.len() {
        let c = u32::from(data[i]);
        i += 1;
        if is_text && c == u32::from(b'\r') && data.get(i) == Some(&b'\n') {
            continue;
        }
        let old1 = accum1;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old1 >> 25);
        accum1 = accum1.wrapping_add(c);
        n += 1;
        if n < 64 && c != u32::from(b'\n') {
            continue;
        }
        let h = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
        *counts.entry(h).or_default() += n;
        (accum1, accum2, n) = (0, 0, 0);
    }
    if n > 0 {
        let h = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
        *counts.entry(h).or_default() += n;
    }
    let mut spans: Vec<(u32, u32)> = counts.into_iter().collect();
    spans.sort_unstable();
    Fingerprint {
        size: data.len() as u64,
        spans,
    }
}

/// git's `estimate_similarity`: 0 when the sizes alone rule the pair out.
pub fn similarity(src: &Fingerprint, dst: &Fingerprint, min_score: u32) -> u32 {
    let max_size = src.size.max(dst.size);
    let base_size = src.size.min(dst.size);
    let delta = max_size - base_size;
    if max_size * u64::from(MAX_SCORE - min_score) < delta * u64::from(MAX_SCORE) {
        return 0;
    }
    if dst.size == 0 {
        return 0;
    }
    let (mut i, mut j, mut copied) = (0, 0, 0u64);
    while i < src.spans.len() && j < dst.spans.len() {
        let (hs, cs) = src.spans[i];
        let (hd, cd) = dst.spans[j];
        match hs.cmp(&hd) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                copied += u64::from(cs.min(cd));
                i += 1;
                j += 1;
            }
        }
    }
    (copied * u64::from(MAX_SCORE) / max_size) as u32
}

/// A side of a candidate pair: its path, blob id, and content profile (None when unreadable or
/// binary, which limits it to exact matches).
pub struct Candidate<'a> {
    pub path: &'a [u8],
    pub id: Oid,
    pub fingerprint: Option<&'a Fingerprint>,
}

fn basename(p: &[u8]) -> &[u8] {
    p.rsplit(|&c| c == b'/').next().unwrap_or(p)
}

/// Pairs deleted files (sources) with added files (destinations). Returns `(src, dst, score)`.
pub fn pair(sources: &[Candidate<'_>], dests: &[Candidate<'_>]) -> Vec<(usize, usize, u32)> {
    let mut src_used = vec![false; sources.len()];
    let mut dst_used = vec![false; dests.len()];
    let mut out = Vec::new();

    // Exact renames: identical blob ids, preferring a source with the same basename.
    let mut by_id: HashMap<Oid, Vec<usize>> = HashMap::new();
    for (i, s) in sources.iter().enumerate() {
        by_id.entry(s.id).or_default().push(i);
    }
    for (d, dst) in dests.iter().enumerate() {
        let Some(cands) = by_id.get(&dst.id) else {
            continue;
        };
        let free = || cands.iter().copied().filter(|&s| !src_used[s]);
        let pick = free()
            .find(|&s| basename(sources[s].path) == basename(dst.path))
            .or_else(|| free().next());
        if let Some(s) = pick {
            src_used[s] = true;
            dst_used[d] = true;
            out.push((s, d, MAX_SCORE));
        }
    }

    let srcs: Vec<usize> = (0..sources.len()).filter(|&i| !src_used[i]).collect();
    let dsts: Vec<usize> = (0..dests.len()).filter(|&i| !dst_used[i]).collect();
    if srcs.is_empty() || dsts.is_empty() || srcs.len() * dsts.len() > RENAME_LIMIT * RENAME_LIMIT {
        return out;
    }
    // (score, name_score, src, dst); keep the best few per destination, then assign greedily.
    let mut matrix: Vec<(u32, bool, usize, usize)> = Vec::new();
    for &d in &dsts {
        let Some(fd) = dests[d].fingerprint else {
            continue;
        };
        let mut best: Vec<(u32, bool, usize, usize)> = Vec::new();
        for &s in &srcs {
            let Some(fs) = sources[s].fingerprint else {
                continue;
            };
            let score = similarity(fs, fd, DEFAULT_MIN_SCORE);
            if score < DEFAULT_MIN_SCORE {
                continue;
            }
            let name = basename(sources[s].path) == basename(dests[d].path);
            best.push((score, name, s, d));
        }
        best.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(&b.2)));
        best.truncate(CANDIDATES_PER_DST);
        matrix.extend(best);
    }
    matrix.sort_by(|a, b| {
        (b.0, b.1)
            .cmp(&(a.0, a.1))
            .then((a.3, a.2).cmp(&(b.3, b.2)))
    });
    for (score, _, s, d) in matrix {
        if src_used[s] || dst_used[d] {
            continue;
        }
        src_used[s] = true;
        dst_used[d] = true;
        out.push((s, d, score));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize, edit: usize) -> Vec<u8> {
        (0..n)
            .map(|i| {
                if i < edit {
                    format!("changed line {i}\n")
                } else {
                    format!("original line number {i}\n")
                }
            })
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn identical_content_scores_max() {
        let a = fingerprint(&text(50, 0), true);
        assert_eq!(similarity(&a, &a, DEFAULT_MIN_SCORE), MAX_SCORE);
    }

    #[test]
    fn a_moderate_edit_stays_above_half_and_a_rewrite_falls_below() {
        let a = fingerprint(&text(100, 0), true);
        let b = fingerprint(&text(100, 20), true);
        let c = fingerprint(&text(100, 80), true);
        assert!(similarity(&a, &b, DEFAULT_MIN_SCORE) > DEFAULT_MIN_SCORE);
        assert!(similarity(&a, &c, DEFAULT_MIN_SCORE) < DEFAULT_MIN_SCORE);
    }

    #[test]
    fn exact_matches_prefer_the_same_basename() {
        let id = Oid::hash_object(git2::ObjectType::Blob, b"x").unwrap();
        let s = [
            Candidate {
                path: b"a/one.rs",
                id,
                fingerprint: None,
            },
            Candidate {
                path: b"b/two.rs",
                id,
                fingerprint: None,
            },
        ];
        let d = [Candidate {
            path: b"c/two.rs",
            id,
            fingerprint: None,
        }];
        assert_eq!(pair(&s, &d), vec![(1, 0, MAX_SCORE)]);
    }
}
