//! Hotspots after Adam Tornhill, "Your Code as a Crime Scene" (2015), ch. 4–6: change frequency
//! in a window (default 12 months) combined with complexity at HEAD, ranked by
//! `revisions × total indentation complexity`, reported with churn. Complexity is the book's
//! language-agnostic whitespace measure (its `complexity_calculations.py`): for each non-blank
//! line, leading tabs count one logical indent each, otherwise leading spaces count 1/4 each.

/// Default analysis window in days (12 months).
pub const DEFAULT_WINDOW_DAYS: u32 = 365;

/// Indentation-based complexity of one file's text.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Complexity {
    /// Non-blank lines.
    pub lines: u32,
    /// Sum of logical indentation over non-blank lines.
    pub total: f64,
    pub mean: f64,
    pub max: f64,
}

/// Whitespace complexity: per non-blank line, `leading tabs` or else `leading spaces / 4`.
pub fn indentation_complexity(text: &str) -> Complexity {
    let mut c = Complexity::default();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let tabs = line.bytes().take_while(|&b| b == b'\t').count();
        let indent = if tabs > 0 {
            tabs as f64
        } else {
            line.bytes().take_while(|&b| b == b' ').count() as f64 / 4.0
        };
        c.lines += 1;
        c.total += indent;
        c.max = c.max.max(indent);
    }
    if c.lines > 0 {
        c.mean = c.total / f64::from(c.lines);
    }
    c
}

/// What the ranking needs about one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileActivity {
    pub file: usize,
    /// Commits that changed the file within the window.
    pub revisions: u32,
    /// Lines added plus deleted within the window.
    pub churn: u64,
    pub complexity: Complexity,
}

/// A ranked hotspot.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hotspot {
    pub file: usize,
    pub revisions: u32,
    pub churn: u64,
    pub complexity: Complexity,
    /// `revisions × complexity.total`.
    pub score: f64,
}

/// Ranks files by `revisions × total complexity` (ties: more revisions, then more churn), keeping
/// only files changed in the window; at most `limit` results.
pub fn rank(files: &[FileActivity], limit: usize) -> Vec<Hotspot> {
    let mut out: Vec<Hotspot> = files
        .iter()
        .filter(|f| f.revisions > 0)
        .map(|f| Hotspot {
            file: f.file,
            revisions: f.revisions,
            churn: f.churn,
            complexity: f.complexity,
            score: f64::from(f.revisions) * f.complexity.total,
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.revisions.cmp(&a.revisions))
            .then(b.churn.cmp(&a.churn))
            .then(a.file.cmp(&b.file))
    });
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_complexity_follows_the_book() {
        let text = "fn f() {\n    if x {\n        y();\n\t\tz();\n    }\n\n   \n}\n";
        let c = indentation_complexity(text);
        // indents: 0, 1, 2, 2 (two tabs), 1, 0; blank and whitespace-only lines skipped
        assert_eq!(c.lines, 6);
        assert_eq!(c.total, 6.0);
        assert_eq!(c.max, 2.0);
        assert_eq!(c.mean, 1.0);
        // two spaces are half an indent
        assert_eq!(indentation_complexity("  a\n").total, 0.5);
        assert_eq!(indentation_complexity("").lines, 0);
    }

    #[test]
    fn ranking_multiplies_frequency_by_complexity() {
        let cx = |t: f64| Complexity {
            lines: 10,
            total: t,
            mean: t / 10.0,
            max: t,
        };
        let files = vec![
            FileActivity {
                file: 0,
                revisions: 10,
                churn: 50,
                complexity: cx(2.0),
            },
            FileActivity {
                file: 1,
                revisions: 3,
                churn: 500,
                complexity: cx(30.0),
            },
            FileActivity {
                file: 2,
                revisions: 0,
                churn: 0,
                complexity: cx(999.0),
            },
            FileActivity {
                file: 3,
                revisions: 9,
                churn: 5,
                complexity: cx(10.0),
            },
        ];
        let r = rank(&files, 10);
        assert_eq!(r.iter().map(|h| h.file).collect::<Vec<_>>(), vec![3, 1, 0]);
        assert_eq!(r[0].score, 90.0);
        assert_eq!(rank(&files, 1).len(), 1);
    }
}
