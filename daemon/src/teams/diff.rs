//! A unified diff (`diff -u` / `git diff` layout, three lines of context) between two texts,
//! from the same git-faithful line diff the index uses (`git::line_diff`).

use std::fmt::Write;

use crate::git::line_diff::diff_lines;

const CONTEXT: u32 = 3;

/// `--- a/PATH` / `+++ b/PATH` and hunks; empty when the texts are equal.
pub fn unified(old: &str, new: &str, path: &str) -> String {
    let d = diff_lines(old.as_bytes(), new.as_bytes());
    if d.hunks.is_empty() {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // merge hunks whose context would touch
    let mut groups: Vec<Vec<crate::git::line_diff::Hunk>> = Vec::new();
    for h in d.hunks {
        match groups.last_mut() {
            Some(g) if h.before.0 <= g.last().map_or(0, |l| l.before.1) + 2 * CONTEXT => g.push(h),
            _ => groups.push(vec![h]),
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
    for g in groups {
        let (first, last) = (g[0], g[g.len() - 1]);
        let a_start = first.before.0.saturating_sub(CONTEXT);
        let a_end = (last.before.1 + CONTEXT).min(a.len() as u32);
        let b_start = first.after.0.saturating_sub(first.before.0 - a_start);
        let b_end = (last.after.1 + (a_end - last.before.1)).min(b.len() as u32);
        let range = |start: u32, len: u32| {
            if len == 0 {
                format!("{start},0")
            } else if len == 1 {
                format!("{}", start + 1)
            } else {
                format!("{},{len}", start + 1)
            }
        };
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(a_start, a_end - a_start),
            range(b_start, b_end - b_start)
        );
        let mut ai = a_start;
        for h in &g {
            while ai < h.before.0 {
                push(&mut out, ' ', a[ai as usize]);
                ai += 1;
            }
            for l in h.before.0..h.before.1 {
                push(&mut out, '-', a[l as usize]);
            }
            for l in h.after.0..h.after.1 {
                push(&mut out, '+', b[l as usize]);
            }
            ai = h.before.1;
        }
        while ai < a_end {
            push(&mut out, ' ', a[ai as usize]);
            ai += 1;
        }
    }
    out
}

fn push(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a unified diff to `old` (hunk headers trusted) — checks the diff is exact.
    fn apply(old: &str, diff: &str) -> String {
        let a: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut ai = 0usize;
        for line in diff.lines().skip(2) {
            if let Some(h) = line.strip_prefix("@@ -") {
                let start: usize = h.split([',', ' ']).next().unwrap().parse().unwrap();
                let start = if h.split(' ').next().unwrap().ends_with(",0") {
                    start
                } else {
                    start - 1
                };
                while ai < start {
                    out.push_str(a[ai]);
                    ai += 1;
                }
            } else if let Some(l) = line.strip_prefix('+') {
                out.push_str(l);
                out.push('\n');
            } else if line.starts_with('-') {
                ai += 1;
            } else if let Some(l) = line.strip_prefix(' ') {
                out.push_str(l);
                out.push('\n');
                ai += 1;
            }
        }
        while ai < a.len() {
            out.push_str(a[ai]);
            ai += 1;
        }
        out
    }

    #[test]
    fn diffs_apply_back() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let mut new = old
            .replace("line 2\n", "line two\n")
            .replace("line 18\n", "");
        new.push_str("tail\n");
        let d = unified(&old, &new, "CODEOWNERS");
        assert!(d.starts_with("--- a/CODEOWNERS\n+++ b/CODEOWNERS\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n"), "{d}");
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert_eq!(apply(&old, &d), new);
        let fresh = unified("", "* @a\n", "CODEOWNERS");
        assert_eq!(
            fresh,
            "--- a/CODEOWNERS\n+++ b/CODEOWNERS\n@@ -0,0 +1 @@\n+* @a\n"
        );
        assert_eq!(unified("x\n", "x\n", "C"), "");
    }
}
