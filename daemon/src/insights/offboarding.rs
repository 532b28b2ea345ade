//! Off-boarding what-if: remove chosen developers (they leave), then recompute the truck factor
//! (Avelino et al., see `truck_factor`) on what remains and list the files left without an author.

use super::truck_factor::{self, TruckFactor};

/// The effect of the chosen developers leaving.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub removed: Vec<usize>,
    /// Share of considered files with an author before and after they leave.
    pub coverage_before: f64,
    pub coverage_after: f64,
    /// Files that had authors and have none once they leave.
    pub files_without_author: Vec<usize>,
    /// The truck factor of the remaining team.
    pub truck_factor: TruckFactor,
}

/// Removes `removed` from every file's authors and recomputes.
pub fn what_if(file_authors: &[Vec<usize>], changes: &[u64], removed: &[usize]) -> WhatIf {
    let after: Vec<Vec<usize>> = file_authors
        .iter()
        .map(|a| a.iter().copied().filter(|d| !removed.contains(d)).collect())
        .collect();
    let files_without_author = file_authors
        .iter()
        .zip(&after)
        .enumerate()
        .filter(|(_, (b, a))| !b.is_empty() && a.is_empty())
        .map(|(f, _)| f)
        .collect();
    let share = |v: &[Vec<usize>]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().filter(|a| !a.is_empty()).count() as f64 / v.len() as f64
        }
    };
    WhatIf {
        removed: removed.to_vec(),
        coverage_before: share(file_authors),
        coverage_after: share(&after),
        files_without_author,
        truck_factor: truck_factor::greedy(&after, changes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losing_the_main_author_orphans_their_files() {
        let authors = vec![vec![0], vec![0], vec![0, 1], vec![1], vec![2], vec![2]];
        let w = what_if(&authors, &[], &[0]);
        assert_eq!(w.files_without_author, vec![0, 1]);
        assert_eq!((w.coverage_before, w.coverage_after), (1.0, 4.0 / 6.0));
        // remaining: dev 1 (2 files), dev 2 (2 files): remove dev 1 (lower index) → 2/6 < 0.5
        assert_eq!(w.truck_factor.value, 1);
        assert_eq!(w.truck_factor.developers, vec![1]);
        let none = what_if(&authors, &[], &[]);
        assert!(none.files_without_author.is_empty());
        assert_eq!(none.truck_factor, truck_factor::greedy(&authors, &[]));
    }
}
