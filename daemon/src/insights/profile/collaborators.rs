//! Frequent collaborators: the developers who changed the most of the same files, with the
//! number of files shared and the Jaccard overlap of the two file sets.

use std::collections::BTreeSet;

/// Another developer who works on the same files.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collaborator {
    pub dev: usize,
    pub shared_files: usize,
    /// `|A ∩ B| / |A ∪ B|`.
    pub overlap: f64,
}

/// The top `limit` collaborators of a developer who touched `mine`, from each other developer's files.
pub fn collaborators(
    mine: &BTreeSet<usize>,
    others: &[(usize, BTreeSet<usize>)],
    limit: usize,
) -> Vec<Collaborator> {
    let mut out: Vec<Collaborator> = others
        .iter()
        .filter_map(|(dev, files)| {
            let shared = mine.intersection(files).count();
            let union = mine.len() + files.len() - shared;
            (shared > 0).then(|| Collaborator {
                dev: *dev,
                shared_files: shared,
                overlap: shared as f64 / union as f64,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.shared_files
            .cmp(&a.shared_files)
            .then(b.overlap.total_cmp(&a.overlap))
            .then(a.dev.cmp(&b.dev))
    });
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_by_shared_files() {
        let mine: BTreeSet<usize> = [1, 2, 3, 4].into();
        let others = vec![
            (7, [1, 2].into()),
            (8, [1, 2, 3, 9].into()),
            (9, [10].into()),
        ];
        let c = collaborators(&mine, &others, 5);
        assert_eq!(
            c.iter()
                .map(|c| (c.dev, c.shared_files))
                .collect::<Vec<_>>(),
            [(8, 3), (7, 2)]
        );
        assert_eq!(c[0].overlap, 3.0 / 5.0);
        assert_eq!(collaborators(&mine, &others, 1).len(), 1);
    }
}
