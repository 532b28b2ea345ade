//! Two texts as sequences of line tokens for the line diff, made with as little hashing as the
//! diff allows. Interning every line of both texts was two thirds of a diff's time, while most
//! diffs change a few lines of a long file:
//!
//! - The lines both texts share at their start and end are found by comparing bytes, and each
//!   gets one token for both sides.
//! - Of those shared lines, only the ones that could equal a line of the differing middles are
//!   hashed and interned with them (a small bit filter on length and end bytes decides). Every
//!   other shared line gets a token of its own, unequal to all others.
//!
//! What the diff sees is unchanged (checked against interning both texts whole): it counts, for
//! git's clean-up of frequent lines (`xdl_classify_record`), how often each *middle* line occurs
//! in the whole of each text, and a shared line equal to a middle line still carries its token.
//! Myers then trims the shared ends. The slider that moves hunks afterwards only compares a
//! line inside a hunk (a middle line, or one equal to it) with a line outside, so a shared line
//! with a token of its own compares unequal exactly when it differs. The indent heuristic reads
//! lines by token ([`LineTokens::lines`]).

use std::hash::BuildHasher as _;

use gix_imara_diff::sources::byte_lines;
use gix_imara_diff::{Token, TokenSource as _};
use hashbrown::hash_table::{Entry, HashTable};
use hashbrown::DefaultHashBuilder;

/// Both texts' lines as tokens; equal tokens are always equal lines.
pub struct LineTokens<'a> {
    pub before: Vec<Token>,
    pub after: Vec<Token>,
    /// Each token's line, by token.
    pub lines: Vec<&'a [u8]>,
}

impl<'a> LineTokens<'a> {
    pub fn new(old: &'a [u8], new: &'a [u8]) -> Self {
        let head = common_head(old, new);
        let tail = common_tail(old, new, head);
        let (head_text, tail_text) = (&old[..head], &old[old.len() - tail..]);
        let (old_mid, new_mid) = (
            byte_lines(&old[head..old.len() - tail]),
            byte_lines(&new[head..new.len() - tail]),
        );
        // lines of the shared ends, guessed at 32 bytes each
        let shared = (head + tail) / 32;
        let (old_n, new_n) = (
            old_mid.estimate_tokens() as usize,
            new_mid.estimate_tokens() as usize,
        );
        let mut table = Table {
            ids: HashTable::with_capacity(old_n + new_n),
            lines: Vec::with_capacity(shared + old_n + new_n),
            hasher: DefaultHashBuilder::default(),
        };
        let old_mid: Vec<Token> = old_mid.map(|line| table.intern(line)).collect();
        let new_mid: Vec<Token> = new_mid.map(|line| table.intern(line)).collect();
        let filter = Filter::of(&table.lines);
        let mut shared_token = |line: &'a [u8]| {
            if filter.may_hold(line) {
                table.intern(line)
            } else {
                table.unique(line)
            }
        };
        let mut before = Vec::with_capacity(shared + old_mid.len());
        before.extend(lines_of(head_text).map(&mut shared_token));
        let mut after = Vec::with_capacity(shared + new_mid.len());
        after.extend_from_slice(&before);
        before.extend(old_mid);
        after.extend(new_mid);
        for token in lines_of(tail_text).map(&mut shared_token) {
            before.push(token);
            after.push(token);
        }
        LineTokens {
            before,
            after,
            lines: table.lines,
        }
    }
}

/// Lines by content (as imara-diff's interner keeps them: a table of ids into `lines`), and
/// every token's line.
struct Table<'a> {
    ids: HashTable<u32>,
    lines: Vec<&'a [u8]>,
    hasher: DefaultHashBuilder,
}

impl<'a> Table<'a> {
    /// The token of `line`, the same for every equal line interned.
    fn intern(&mut self, line: &'a [u8]) -> Token {
        let Table { ids, lines, hasher } = self;
        let hash = hasher.hash_one(line);
        let same = |id: &u32| lines[*id as usize] == line;
        match ids.entry(hash, same, |id| hasher.hash_one(lines[*id as usize])) {
            Entry::Occupied(e) => Token(*e.get()),
            Entry::Vacant(e) => {
                let id = lines.len() as u32;
                e.insert(id);
                lines.push(line);
                Token(id)
            }
        }
    }

    /// A token for `line` alone.
    fn unique(&mut self, line: &'a [u8]) -> Token {
        self.lines.push(line);
        Token(self.lines.len() as u32 - 1)
    }
}

/// A bit per signature of the lines it was made of: a line whose bit is clear equals none of them.
struct Filter {
    bits: Vec<u64>,
    shift: u32,
}

impl Filter {
    fn of(lines: &[&[u8]]) -> Filter {
        // about one bit in sixteen set: a shared line is hashed needlessly 1 time in 16
        let log2 = (lines.len().max(1) * 16)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(9, 22);
        let mut filter = Filter {
            bits: vec![0; 1 << (log2 - 6)],
            shift: 64 - log2,
        };
        for line in lines {
            let bit = filter.bit(line);
            filter.bits[bit / 64] |= 1 << (bit % 64);
        }
        filter
    }

    fn may_hold(&self, line: &[u8]) -> bool {
        let bit = self.bit(line);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The bit of a line: its length and first and last (up to) eight bytes, mixed.
    fn bit(&self, line: &[u8]) -> usize {
        let n = line.len();
        let (first, last) = match (line.first_chunk::<8>(), line.last_chunk::<8>()) {
            (Some(first), Some(last)) => (word(first), word(last)),
            _ => {
                let w = padded(line);
                (w, w)
            }
        };
        let mixed = (first ^ last.rotate_left(29) ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        (mixed >> self.shift) as usize
    }
}

/// The lines of `text` as `byte_lines` gives them, found in one pass (a shared region is long and
/// its lines many).
fn lines_of(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let ends = memchr::memchr_iter(b'\n', text).map(|i| i + 1);
    let last = (text.last().is_some_and(|&c| c != b'\n')).then_some(text.len());
    let mut start = 0;
    ends.chain(last).map(move |end| {
        let line = &text[start..end];
        start = end;
        line
    })
}

/// Eight bytes as one number, the first byte lowest.
fn word(bytes: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*bytes)
}

/// Up to eight bytes as one number, the first byte lowest.
fn padded(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(w)
}

/// The length of the whole lines `a` and `b` begin with alike.
fn common_head(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a64, b64) = (a[..n].as_chunks::<64>().0, b[..n].as_chunks::<64>().0);
    let mut same = 64 * a64.iter().zip(b64).take_while(|(x, y)| x == y).count();
    let (a8, b8) = (a[same..n].as_chunks::<8>().0, b[same..n].as_chunks::<8>().0);
    for (x, y) in a8.iter().zip(b8) {
        let d = word(x) ^ word(y);
        same += (d.trailing_zeros() / 8) as usize;
        if d != 0 {
            break;
        }
    }
    // the bytes short of a word (none alike when a word differed)
    same += a[same..n]
        .iter()
        .zip(&b[same..n])
        .take_while(|(x, y)| x == y)
        .count();
    if a.len() == b.len() && same == n {
        return n;
    }
    line_start_before(a, same)
}

/// Where the line holding byte `at` of `text` starts (`at` itself if the line before ends there).
fn line_start_before(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

/// The length of the whole lines `a` and `b` end with alike, outside their first `head` bytes.
fn common_tail(a: &[u8], b: &[u8], head: usize) -> usize {
    let n = a.len().min(b.len()) - head;
    let (ra, rb) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut same = 0;
    let (ra64, rb64) = (ra.as_rchunks::<64>().1, rb.as_rchunks::<64>().1);
    let blocks = ra64.iter().rev().zip(rb64.iter().rev());
    same += 64 * blocks.take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&ra[..n - same], &rb[..n - same]);
    let (ra8, rb8) = (ra.as_rchunks::<8>().1, rb.as_rchunks::<8>().1);
    for (x, y) in ra8.iter().rev().zip(rb8.iter().rev()) {
        let d = word(x) ^ word(y);
        same += (d.leading_zeros() / 8) as usize;
        if d != 0 {
            break;
        }
    }
    // the bytes short of a word (none alike when a word differed)
    let (ra, rb) = (&ra[..n - same], &rb[..n - same]);
    same += ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let starts_line = |text: &[u8]| {
        let at = text.len() - same;
        at == head || text[at - 1] == b'\n'
    };
    if starts_line(a) && starts_line(b) {
        return same;
    }
    let suffix = &a[a.len() - same..];
    memchr::memchr(b'\n', suffix).map_or(0, |i| same - i - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_ends_are_whole_lines() {
        assert_eq!(common_head(b"ab\ncd\n", b"ab\ncx\n"), 3);
        assert_eq!(common_head(b"ab\ncd", b"ab\ncd\n"), 3);
        assert_eq!(common_head(b"ab\ncd\n", b"ab\ncd\nef\n"), 6);
        assert_eq!(common_head(b"ab\ncd", b"ab\ncd"), 5);
        assert_eq!(common_tail(b"x\nab\n", b"yab\n", 0), 0);
        assert_eq!(common_tail(b"a\nc\n", b"a\nb\nc\n", 2), 2);
        let (a, b) = (b"0123456789x\n0123456789\n", b"y\n0123456789\n");
        assert_eq!(common_tail(a, b, 0), 11);
    }

    /// Tokens spell both texts, equal tokens are equal lines, and a line equal to one of the
    /// differing middles has that line's token wherever it is.
    #[test]
    fn tokens_are_faithful_where_the_diff_looks() {
        use proptest::prelude::*;
        let line = prop::sample::select(vec!["a\n", "b\n", "\n", "}\n", "a", "\tx\n"]);
        let text = prop::collection::vec(line, 0..30).prop_map(|v| v.concat().into_bytes());
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&(text.clone(), text), |(old, new)| {
                let t = LineTokens::new(&old, &new);
                let spell = |v: &[Token]| {
                    v.iter()
                        .map(|k| t.lines[k.0 as usize])
                        .collect::<Vec<_>>()
                        .concat()
                };
                prop_assert_eq!(spell(&t.before), old.clone());
                prop_assert_eq!(spell(&t.after), new.clone());
                let mut by_line: std::collections::HashMap<&[u8], Token> = Default::default();
                let head = common_head(&old, &new);
                let head_lines = byte_lines(&old[..head]).count();
                let tail_lines =
                    byte_lines(&old[old.len() - common_tail(&old, &new, head)..]).count();
                let middles = [
                    &t.before[head_lines..t.before.len() - tail_lines],
                    &t.after[head_lines..t.after.len() - tail_lines],
                ];
                for k in middles.iter().flat_map(|m| m.iter()) {
                    let line = t.lines[k.0 as usize];
                    prop_assert_eq!(*by_line.entry(line).or_insert(*k), *k);
                }
                for k in t.before.iter().chain(&t.after) {
                    if let Some(m) = by_line.get(t.lines[k.0 as usize]) {
                        prop_assert_eq!(m, k);
                    }
                }
                Ok(())
            })
            .map_err(|e| e.to_string())
            .expect("line tokens");
    }

    /// The shared ends are the most whole lines alike at each end (the end's not overlapping the
    /// start's), as comparing line by line finds them.
    #[test]
    fn shared_ends_as_line_by_line() {
        use proptest::prelude::*;
        let long = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\n";
        let line = prop::sample::select(vec!["a\n", "b\n", "\n", long, "a", "xyzxyzxyz"]);
        let text = prop::collection::vec(line, 0..40).prop_map(|v| v.concat().into_bytes());
        // texts that share long ends: start + one middle + end against start + other + end
        let texts = (text.clone(), text.clone(), text.clone(), text)
            .prop_map(|(s, x, y, e)| ([&s[..], &x, &e].concat(), [&s[..], &y, &e].concat()));
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&texts, |(old, new)| {
                let (a, b): (Vec<&[u8]>, Vec<&[u8]>) =
                    (byte_lines(&old).collect(), byte_lines(&new).collect());
                let k = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
                let head: usize = a[..k].iter().map(|l| l.len()).sum();
                let room = a.len().min(b.len()) - k;
                let j = a
                    .iter()
                    .rev()
                    .zip(b.iter().rev())
                    .take(room)
                    .take_while(|(x, y)| x == y)
                    .count();
                let tail: usize = a[a.len() - j..].iter().map(|l| l.len()).sum();
                prop_assert_eq!(common_head(&old, &new), head);
                prop_assert_eq!(common_tail(&old, &new, head), tail);
                prop_assert_eq!(lines_of(&old).collect::<Vec<_>>(), a);
                Ok(())
            })
            .map_err(|e| e.to_string())
            .expect("shared ends");
    }

    #[test]
    fn the_filter_never_misses_a_line_it_was_made_of() {
        let lines: Vec<Vec<u8>> = (0..5000)
            .map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
        let filter = Filter::of(&refs);
        assert!(refs.iter().all(|l| filter.may_hold(l)));
        let others = (5000..25000).filter(|i| filter.may_hold(format!("line {i}\n").as_bytes()));
        assert!(
            others.count() < 25000 / 8,
            "the filter lets most other lines through"
        );
    }
}
