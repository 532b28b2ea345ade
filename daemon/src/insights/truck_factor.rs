//! Truck factor by the greedy heuristic of Avelino, Passos, Hora and Valente, "A Novel Approach
//! for Estimating Truck Factors" (ICPC 2016; reference code aserg-ufmg/Truck-Factor,
//! `GreedyTruckFactor`, `PrunedGreedyTruckFactor`): while at least 50% of the considered files
//! still have an author, remove the developer who authors the most files; the truck factor is the
//! number removed. Ties go to the developer with more changes, then the lower index (the
//! reference code's pruned variant breaks ties by changes too). The coverage after each removal
//! is kept so results near the 50% line can be seen to be fragile.

use std::collections::BTreeMap;

/// The coverage below which the project is considered in trouble.
pub const COVERAGE_THRESHOLD: f64 = 0.5;
/// Pruned variant: drop truck-factor developers authoring under this share of the top one's files.
pub const PRUNE_SHARE: f64 = 0.1;

/// A truck factor and how it was reached.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TruckFactor {
    pub value: usize,
    /// The developers removed, in removal order.
    pub developers: Vec<usize>,
    /// Files authored by each removed developer (same order), counted before any removal.
    pub authored: Vec<usize>,
    /// `coverage[i]`: share of considered files with an author after `i` removals.
    pub coverage: Vec<f64>,
    /// How many files were considered.
    pub files: usize,
}

/// Greedy truck factor. `file_authors[f]` lists the authors of considered file `f` (maybe none);
/// `changes[d]` is developer `d`'s change count, used only to break ties.
pub fn greedy(file_authors: &[Vec<usize>], changes: &[u64]) -> TruckFactor {
    let files = file_authors.len();
    // developer → files authored
    let mut authored: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (f, devs) in file_authors.iter().enumerate() {
        for &d in devs {
            let list = authored.entry(d).or_default();
            if list.last() != Some(&f) {
                list.push(f);
            }
        }
    }
    // per file: how many remaining authors it has
    let mut remaining: Vec<u32> = vec![0; files];
    for list in authored.values() {
        for &f in list {
            remaining[f] += 1;
        }
    }
    let mut covered = remaining.iter().filter(|&&n| n > 0).count();
    let ratio = |covered: usize| {
        if files == 0 {
            0.0
        } else {
            covered as f64 / files as f64
        }
    };
    let mut tf = TruckFactor {
        value: 0,
        developers: Vec::new(),
        authored: Vec::new(),
        coverage: Vec::new(),
        files,
    };
    loop {
        let cov = ratio(covered);
        tf.coverage.push(cov);
        if cov < COVERAGE_THRESHOLD || authored.is_empty() {
            break;
        }
        let top = authored
            .iter()
            .max_by(|(da, fa), (db, fb)| {
                fa.len()
                    .cmp(&fb.len())
                    .then(changes.get(**da).cmp(&changes.get(**db)))
                    .then(db.cmp(da))
            })
            .map(|(d, _)| *d);
        let Some(top) = top else { break };
        let gone = authored.remove(&top).unwrap_or_default();
        for &f in &gone {
            remaining[f] -= 1;
            if remaining[f] == 0 {
                covered -= 1;
            }
        }
        tf.developers.push(top);
        tf.authored.push(gone.len());
        tf.value += 1;
    }
    tf
}

/// The pruned variant: removes from the result the developers who author fewer than
/// `min_share` (default [`PRUNE_SHARE`]) of the files of the top truck-factor developer.
pub fn pruned(tf: &TruckFactor, min_share: f64) -> TruckFactor {
    let top = tf.authored.iter().copied().max().unwrap_or(0) as f64;
    let mut out = tf.clone();
    out.developers.clear();
    out.authored.clear();
    for (d, n) in tf.developers.iter().zip(&tf.authored) {
        if top > 0.0 && (*n as f64) / top >= min_share {
            out.developers.push(*d);
            out.authored.push(*n);
        }
    }
    out.value = out.developers.len();
    out
}

/// A directory's own truck factor, from the files below it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryTruckFactor {
    /// `""` is the repository root.
    pub directory: String,
    pub truck_factor: TruckFactor,
}

/// The greedy truck factor of every directory (and the root), computed on the files below it.
/// `paths[f]` is the repository-relative path of considered file `f`.
pub fn by_directory(
    paths: &[String],
    file_authors: &[Vec<usize>],
    changes: &[u64],
) -> Vec<DirectoryTruckFactor> {
    let mut dirs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (f, path) in paths.iter().enumerate() {
        dirs.entry(String::new()).or_default().push(f);
        for (i, b) in path.bytes().enumerate() {
            if b == b'/' {
                dirs.entry(path[..i].to_string()).or_default().push(f);
            }
        }
    }
    dirs.into_iter()
        .map(|(directory, files)| {
            let authors: Vec<Vec<usize>> = files.iter().map(|&f| file_authors[f].clone()).collect();
            DirectoryTruckFactor {
                directory,
                truck_factor: greedy(&authors, changes),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_developer_owning_most_files_gives_one() {
        // dev 0 authors 6 of 10 files, dev 1 authors 3, one file unowned.
        let mut files = vec![vec![0]; 6];
        files.extend(vec![vec![1]; 3]);
        files.push(vec![]);
        let tf = greedy(&files, &[]);
        assert_eq!(tf.value, 1);
        assert_eq!(tf.developers, vec![0]);
        assert_eq!(tf.coverage, vec![0.9, 0.3]);
    }

    #[test]
    fn shared_files_need_several_removals() {
        // 4 files each co-authored by devs 0 and 1; 2 files by dev 2.
        let mut files = vec![vec![0, 1]; 4];
        files.extend(vec![vec![2]; 2]);
        let tf = greedy(&files, &[10, 5, 1]);
        // remove 0 (4 files, more changes than 1): coverage stays 1.0; remove 1: 2/6 < 0.5.
        assert_eq!(tf.developers, vec![0, 1]);
        assert_eq!(tf.value, 2);
        assert_eq!(tf.coverage.len(), 3);
        assert!((tf.coverage[2] - 2.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn exactly_half_still_counts_as_covered() {
        // after removing dev 0, exactly 50% remain covered → remove dev 1 too.
        let files = vec![vec![0], vec![0], vec![1], vec![2]];
        let tf = greedy(&files, &[]);
        assert_eq!(tf.coverage[1], 0.5);
        assert_eq!(tf.value, 2);
    }

    #[test]
    fn nothing_authored_means_zero() {
        let tf = greedy(&[vec![], vec![]], &[]);
        assert_eq!((tf.value, tf.coverage.clone()), (0, vec![0.0]));
        assert_eq!(greedy(&[], &[]).value, 0);
    }

    #[test]
    fn pruning_drops_minor_truck_factor_developers() {
        // dev 0 authors 40 files, dev 1 authors 3 (< 10% of 40), dev 2 authors 4 (= 10%);
        // 3 files unowned: coverage 47/50 → 7/50 after dev 0 → value 1.
        let mut files = vec![vec![0]; 40];
        files.extend(vec![vec![1]; 3]);
        files.extend(vec![vec![2]; 4]);
        files.extend(vec![vec![]; 3]);
        assert_eq!(greedy(&files, &[]).value, 1);
        // dev 0 authors all 60 files; devs 1..=6 each co-author 5 distinct ones (50% in all).
        let mut files: Vec<Vec<usize>> = (0..60).map(|_| vec![0]).collect();
        for (f, devs) in files.iter_mut().enumerate().take(30) {
            devs.push(1 + f / 5);
        }
        let tf = greedy(&files, &[]);
        assert_eq!(tf.coverage, vec![1.0, 0.5, 25.0 / 60.0]);
        assert_eq!(
            (tf.value, tf.developers.clone(), tf.authored.clone()),
            (2, vec![0, 1], vec![60, 5])
        );
        let p = pruned(&tf, PRUNE_SHARE);
        assert_eq!((p.value, p.developers), (1, vec![0]), "5/60 < 10%");
        assert_eq!(pruned(&tf, 0.05).value, 2);
    }

    #[test]
    fn per_directory_isolates_single_head_modules() {
        let paths: Vec<String> = ["a/x.rs", "a/y.rs", "b/z.rs", "b/w.rs", "top.rs"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let authors = vec![vec![0], vec![0], vec![1, 2], vec![1, 2], vec![0]];
        let dirs = by_directory(&paths, &authors, &[]);
        let get = |d: &str| dirs.iter().find(|x| x.directory == d).unwrap();
        assert_eq!(get("a").truck_factor.value, 1);
        assert_eq!(get("b").truck_factor.value, 2);
        assert_eq!(get("").truck_factor.files, 5);
        assert_eq!(get("").truck_factor.value, 1);
    }
}
