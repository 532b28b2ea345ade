//! Knowledge silos and orphaned code, from DOA authorship (see `doa`): a silo is a file — or a
//! directory — whose authored files all have the same single author; orphaned code is a file
//! whose every author has been inactive longer than a configurable period (default 365 days).

use std::collections::{BTreeMap, BTreeSet};

/// Default inactivity period after which an author no longer counts as available.
pub const DEFAULT_INACTIVE_DAYS: u32 = 365;

/// A file with exactly one author.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSilo {
    pub file: usize,
    pub dev: usize,
}

/// A directory whose authored files (at least `min_files`) all have the same single author.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectorySilo {
    pub directory: String,
    pub dev: usize,
    /// Files below the directory with that author.
    pub files: usize,
}

/// A file whose authors have all been inactive for longer than the period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Orphan {
    pub file: usize,
    pub authors: Vec<usize>,
    /// The most recent activity (Unix seconds) of any of its authors.
    pub last_active: i64,
}

/// Files with exactly one author.
pub fn file_silos(file_authors: &[Vec<usize>]) -> Vec<FileSilo> {
    file_authors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.len() == 1)
        .map(|(file, a)| FileSilo { file, dev: a[0] })
        .collect()
}

/// Directories (not the root) whose authored files, at least `min_files` of them, share one
/// author; only the outermost of nested silo directories is reported.
pub fn directory_silos(
    paths: &[String],
    file_authors: &[Vec<usize>],
    min_files: usize,
) -> Vec<DirectorySilo> {
    let mut dirs: BTreeMap<&str, (BTreeSet<usize>, usize)> = BTreeMap::new();
    for (path, authors) in paths.iter().zip(file_authors) {
        if authors.is_empty() {
            continue;
        }
        for (i, b) in path.bytes().enumerate() {
            if b == b'/' {
                let e = dirs.entry(&path[..i]).or_default();
                e.0.extend(authors.iter().copied());
                e.1 += 1;
            }
        }
    }
    let silos: BTreeSet<&str> = dirs
        .iter()
        .filter(|(_, (devs, n))| devs.len() == 1 && *n >= min_files)
        .map(|(d, _)| *d)
        .collect();
    // a silo inside a silo says nothing new: report the outermost directory only
    let inside_another = |d: &str| d.match_indices('/').any(|(i, _)| silos.contains(&d[..i]));
    dirs.into_iter()
        .filter(|(d, (devs, n))| devs.len() == 1 && *n >= min_files && !inside_another(d))
        .filter_map(|(d, (devs, n))| {
            devs.first().map(|&dev| DirectorySilo {
                directory: d.to_string(),
                dev,
                files: n,
            })
        })
        .collect()
}

/// Files that have authors, all of whom were last active more than `inactive_days` before `now`.
/// `last_active[d]` is developer `d`'s latest commit time.
pub fn orphaned(
    file_authors: &[Vec<usize>],
    last_active: &[i64],
    now: i64,
    inactive_days: u32,
) -> Vec<Orphan> {
    let cutoff = now - i64::from(inactive_days) * super::calendar::DAY;
    file_authors
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.is_empty())
        .filter_map(|(file, authors)| {
            let last = authors
                .iter()
                .map(|&d| last_active.get(d).copied().unwrap_or(i64::MIN))
                .max()?;
            (last < cutoff).then(|| Orphan {
                file,
                authors: authors.clone(),
                last_active: last,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_author_files_and_directories() {
        let paths: Vec<String> = [
            "core/a.rs",
            "core/b.rs",
            "ui/c.rs",
            "ui/d.rs",
            "ui/e.rs",
            "solo/x.rs",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let authors = vec![vec![0], vec![0], vec![1], vec![1, 2], vec![], vec![3]];
        let silos = file_silos(&authors);
        assert_eq!(
            silos.iter().map(|s| s.file).collect::<Vec<_>>(),
            vec![0, 1, 2, 5]
        );
        let dirs = directory_silos(&paths, &authors, 2);
        assert_eq!(
            dirs,
            vec![DirectorySilo {
                directory: "core".into(),
                dev: 0,
                files: 2
            }]
        );
        assert_eq!(directory_silos(&paths, &authors, 1).len(), 2);
        let nested: Vec<String> = ["m/a.rs", "m/sub/b.rs", "m/sub/c.rs"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let got = directory_silos(&nested, &[vec![4], vec![4], vec![4]], 2);
        assert_eq!(
            got,
            vec![DirectorySilo {
                directory: "m".into(),
                dev: 4,
                files: 3
            }]
        );
    }

    #[test]
    fn orphaned_needs_every_author_inactive() {
        let day = super::super::calendar::DAY;
        let now = 1000 * day;
        let last = vec![now - 400 * day, now - 10 * day, now - 366 * day];
        let authors = vec![vec![0], vec![0, 1], vec![0, 2], vec![]];
        let got = orphaned(&authors, &last, now, DEFAULT_INACTIVE_DAYS);
        assert_eq!(got.iter().map(|o| o.file).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(got[1].last_active, now - 366 * day);
        assert!(orphaned(&authors, &last, now, 500).is_empty());
    }
}
