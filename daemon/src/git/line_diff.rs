//! Line diffs with imara-diff in gitoxide's git-faithful copy (`gix-imara-diff`): Myers, git's
//! default algorithm, with git's record clean-up (upstream imara-diff 0.2 differs from git on
//! ~2% of large diffs), then the indent heuristic git enables by default. Gives added/deleted
//! counts for numstat and hunks for replaying ownership.

use gix_imara_diff::{Algorithm, Diff, InternedInput};

/// A changed region: lines `before` of the old text became lines `after` of the new (0-based,
/// half-open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub before: (u32, u32),
    pub after: (u32, u32),
}

/// The line-level difference between two texts.
#[derive(Debug, Clone, Default)]
pub struct LineDiff {
    pub added: u32,
    pub deleted: u32,
    pub hunks: Vec<Hunk>,
}

/// Lines of unchanged context kept on each side of the differing middle (see [`diff_lines`]).
const MARGIN: usize = 64;
/// Texts smaller than this are diffed whole.
const WINDOW_FROM: usize = 8 * 1024;

fn algorithm() -> Algorithm {
    static ALGO: std::sync::OnceLock<Algorithm> = std::sync::OnceLock::new();
    *ALGO.get_or_init(|| match std::env::var("AEXY_DIFF_ALGO").as_deref() {
        Ok("minimal") => Algorithm::MyersMinimal,
        Ok("histogram") => Algorithm::Histogram,
        _ => Algorithm::Myers,
    })
}

/// Diffs `old` against `new` line by line (lines keep their terminators, so a missing final
/// newline is a change, as in git).
///
/// A commit usually changes a few lines of a long file, and interning every line is most of a
/// diff's cost; so, like xdiff's `xdl_trim_ends`, the identical leading and trailing lines are
/// set aside first — found by comparing bytes, not hashing lines — keeping [`MARGIN`] lines of
/// them on each side so that git's hunk sliding and indent heuristic see what they would see in
/// the whole text. Should a hunk slide to within half the margin of a cut, the texts are diffed
/// whole instead, so the result is always the whole-text diff.
pub fn diff_lines(old: &[u8], new: &[u8]) -> LineDiff {
    if old.len() + new.len() >= WINDOW_FROM {
        if let Some(window) = Window::of(old, new) {
            if let Some(d) = window.diff(old, new) {
                return d;
            }
        }
    }
    diff_whole(old, new)
}

fn diff_whole(old: &[u8], new: &[u8]) -> LineDiff {
    let input = InternedInput::new(old, new);
    let mut diff = Diff::compute(algorithm(), &input);
    diff.postprocess_lines(&input);
    let hunks = diff
        .hunks()
        .map(|h| Hunk {
            before: (h.before.start, h.before.end),
            after: (h.after.start, h.after.end),
        })
        .collect();
    LineDiff {
        added: diff.count_additions(),
        deleted: diff.count_removals(),
        hunks,
    }
}

/// The part of two texts worth diffing: `start` bytes (`lines` whole lines) at the front and
/// `tail` bytes (whole lines) at the end are identical and left out.
struct Window {
    start: usize,
    lines: u32,
    tail: usize,
    /// Whether lines were left out at the front / at the end.
    cut_front: bool,
    cut_back: bool,
}

impl Window {
    fn of(old: &[u8], new: &[u8]) -> Option<Window> {
        let prefix = common_prefix(old, new);
        // whole lines only: up to the last newline in the common prefix
        let mut start = old[..prefix]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        for _ in 0..MARGIN {
            if start == 0 {
                break;
            }
            start = old[..start - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
        }
        let most = old.len().min(new.len()) - start;
        let suffix = common_suffix(&old[start..], &new[start..]).min(most);
        // whole lines only: from just after the first newline within the common suffix, so the
        // line before the cut ends with that newline in both texts
        let from = old.len() - suffix;
        let mut cut = match old[from..].iter().position(|&b| b == b'\n') {
            Some(i) => from + i + 1,
            None => old.len(),
        };
        for _ in 0..MARGIN {
            if cut == old.len() {
                break;
            }
            cut = match old[cut..].iter().position(|&b| b == b'\n') {
                Some(i) => cut + i + 1,
                None => old.len(),
            };
        }
        let tail = old.len() - cut;
        if start == 0 && tail == 0 {
            return None;
        }
        let lines = old[..start].iter().filter(|&&b| b == b'\n').count() as u32;
        Some(Window {
            start,
            lines,
            tail,
            cut_front: start > 0,
            cut_back: tail > 0,
        })
    }

    /// The whole-text diff, from the window; `None` when a hunk came near a cut.
    fn diff(&self, old: &[u8], new: &[u8]) -> Option<LineDiff> {
        let o = &old[self.start..old.len() - self.tail];
        let n = &new[self.start..new.len() - self.tail];
        let input = InternedInput::new(o, n);
        let mut diff = Diff::compute(algorithm(), &input);
        diff.postprocess_lines(&input);
        let (o_len, n_len) = (input.before.len() as u32, input.after.len() as u32);
        let near = (MARGIN / 2) as u32;
        let mut hunks = Vec::new();
        for h in diff.hunks() {
            if self.cut_front && (h.before.start < near || h.after.start < near) {
                return None;
            }
            if self.cut_back && (h.before.end + near > o_len || h.after.end + near > n_len) {
                return None;
            }
            hunks.push(Hunk {
                before: (h.before.start + self.lines, h.before.end + self.lines),
                after: (h.after.start + self.lines, h.after.end + self.lines),
            });
        }
        Some(LineDiff {
            added: diff.count_additions(),
            deleted: diff.count_removals(),
            hunks,
        })
    }
}

/// Length of the common prefix of `a` and `b` in bytes (compared a block at a time).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Length of the common suffix of `a` and `b` in bytes.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_hunks_match_a_hand_diff() {
        let r = diff_lines(b"a\nb\nc\n", b"a\nB\nc\nd\n");
        assert_eq!((r.added, r.deleted), (2, 1));
        assert_eq!(
            r.hunks,
            vec![
                Hunk {
                    before: (1, 2),
                    after: (1, 2)
                },
                Hunk {
                    before: (3, 3),
                    after: (3, 4)
                },
            ]
        );
    }

    #[test]
    fn a_missing_final_newline_is_a_change() {
        let r = diff_lines(b"a\nb", b"a\nb\n");
        assert_eq!((r.added, r.deleted), (1, 1));
    }

    /// Texts of many short, often repeated lines (braces, blank lines) so that hunks slide.
    fn text(seed: &mut u64, lines: usize) -> Vec<u8> {
        const WORDS: [&str; 8] = [
            "}\n",
            "\n",
            "\treturn 0;\n",
            "{\n",
            "a\n",
            "b\n",
            "  x\n",
            "}\n",
        ];
        let mut out = Vec::new();
        for _ in 0..lines {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            out.extend_from_slice(WORDS[(*seed % 8) as usize].as_bytes());
        }
        out
    }

    #[test]
    fn windowed_diffs_equal_whole_text_diffs() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut windowed = 0;
        for round in 0..400 {
            let old = text(&mut seed, 400 + round);
            let mut new = old.clone();
            // a few edits somewhere: insertions of repeated lines, deletions, replacements
            for _ in 0..(1 + round % 4) {
                let at = (seed as usize) % (new.len() + 1);
                let at = new[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let cut = new[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(new.len(), |i| at + i + 1);
                let cut = if round % 3 == 0 { at } else { cut };
                let insert = text(&mut seed, round % 5);
                new.splice(at..cut, insert);
            }
            if round % 7 == 0 {
                new.pop(); // a missing final newline
            }
            let whole = diff_whole(&old, &new);
            let got = diff_lines(&old, &new);
            assert_eq!(got.hunks, whole.hunks, "round {round}");
            assert_eq!((got.added, got.deleted), (whole.added, whole.deleted));
            windowed +=
                usize::from(Window::of(&old, &new).is_some_and(|w| w.diff(&old, &new).is_some()));
        }
        assert!(
            windowed > 100,
            "the window was used in {windowed} rounds only"
        );
    }
}
