//! The text of the hunks that shaped a range, trimmed for reading and for prompts: at most a
//! few hunks per commit and a few lines per side of each, long lines cut, and what was left out
//! counted (never silently dropped).

use super::walk::Ranges;
use crate::git::line_diff::Hunk;

/// Hunks kept per commit.
pub const MAX_HUNKS: usize = 3;
/// Lines kept per side (old, new) of a hunk.
pub const MAX_SIDE_LINES: usize = 8;
/// Characters kept per line.
const MAX_LINE_CHARS: usize = 160;

/// One hunk as text, like a unified diff hunk without context.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HunkText {
    /// 1-based first line and line count on each side (git's `@@ -a,b +c,d @@`).
    pub old_start: u32,
    pub old_lines: u32,
    pub new_start: u32,
    pub new_lines: u32,
    /// `-old` then `+new` lines, each ending in `\n`.
    pub text: String,
    /// Lines of this hunk left out of `text`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted_lines: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl HunkText {
    /// The hunk's header, `@@ -a,b +c,d @@`.
    pub fn header(&self) -> String {
        format!(
            "@@ -{},{} +{},{} @@",
            self.old_start, self.old_lines, self.new_start, self.new_lines
        )
    }
}

/// The texts of `hunks` between `old` and `new` file contents (either may be empty), with
/// the number of hunks left out. New lines outside `range` (new side, 0-based) are left out
/// too: a hunk that created a whole file shows the range's part.
pub fn texts(old: &[u8], new: &[u8], hunks: &[Hunk], range: &Ranges) -> (Vec<HunkText>, u32) {
    let old_lines = split(old);
    let new_lines = split(new);
    let out = hunks
        .iter()
        .take(MAX_HUNKS)
        .map(|h| one(&old_lines, &new_lines, h, range))
        .collect();
    (out, hunks.len().saturating_sub(MAX_HUNKS) as u32)
}

fn one(old: &[&[u8]], new: &[&[u8]], h: &Hunk, range: &Ranges) -> HunkText {
    let mut text = String::new();
    let mut omitted = 0u32;
    for (sign, lines, (a, b)) in [('-', old, h.before), ('+', new, h.after)] {
        let mut shown = 0;
        for n in a..b.min(lines.len() as u32) {
            let clipped = sign == '+' && !range.contains(n);
            if clipped || shown >= MAX_SIDE_LINES {
                omitted += 1;
                continue;
            }
            shown += 1;
            let line = lines[n as usize];
            text.push(sign);
            text.push_str(&cut(line));
            text.push('\n');
        }
    }
    // git numbers an empty side by the line before it
    let start = |(a, b): (u32, u32)| if a == b { a } else { a + 1 };
    HunkText {
        old_start: start(h.before),
        old_lines: h.before.1 - h.before.0,
        new_start: start(h.after),
        new_lines: h.after.1 - h.after.0,
        text,
        omitted_lines: omitted,
    }
}

/// Lines without their terminators.
pub fn split(text: &[u8]) -> Vec<&[u8]> {
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    body.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect()
}

/// A line as text, lossy for non-UTF-8, tabs kept, other control characters dropped, cut to
/// `MAX_LINE_CHARS` with an ellipsis.
pub fn cut(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let mut out: String = text
        .chars()
        .filter(|c| *c == '\t' || !c.is_control())
        .take(MAX_LINE_CHARS)
        .collect();
    if text.chars().count() > MAX_LINE_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hunk_as_git_numbers_it_with_long_sides_trimmed() {
        let old = b"a\nb\nc\n";
        let new: String = (0..12).map(|i| format!("n{i}\n")).collect();
        let (t, left) = texts(
            old,
            new.as_bytes(),
            &[Hunk {
                before: (1, 2),
                after: (1, 11),
            }],
            &Ranges::new([(0, 12)]),
        );
        assert_eq!(left, 0);
        assert_eq!(t[0].header(), "@@ -2,1 +2,10 @@");
        assert!(t[0].text.starts_with("-b\n+n1\n"));
        assert_eq!(t[0].omitted_lines, 2);
        let whole = Ranges::new([(0, 30)]);
        let pure_add = texts(
            b"",
            b"x\n",
            &[Hunk {
                before: (0, 0),
                after: (0, 1),
            }],
            &whole,
        );
        assert_eq!(pure_add.0[0].header(), "@@ -0,0 +1,1 @@");
        let created: String = (0..20).map(|i| format!("l{i}\n")).collect();
        let hunk = [Hunk {
            before: (0, 0),
            after: (0, 20),
        }];
        let clipped = texts(b"", created.as_bytes(), &hunk, &Ranges::new([(10, 12)]));
        assert_eq!(clipped.0[0].text, "+l10\n+l11\n");
        assert_eq!(clipped.0[0].omitted_lines, 18);
    }

    #[test]
    fn control_characters_never_reach_the_text() {
        assert_eq!(cut(b"ok\x1b[31mred\x07"), "ok[31mred");
    }
}
