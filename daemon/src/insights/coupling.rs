//! Change coupling as computed by Adam Tornhill's code-maat (`coupling_algos.clj`): commits
//! touching more than `max_changeset_size` files are dropped (they say nothing about design);
//! for each pair of files changed together, `degree = shared commits / mean(commits of each)`
//! (as a percentage, floored like code-maat's report) and a pair is kept when both files have at
//! least `min_revs` commits, they share at least `min_shared`, and the degree is at least `min_degree`.

use std::collections::HashMap;

/// code-maat's default thresholds.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CouplingOptions {
    pub min_revs: u32,
    pub min_shared: u32,
    /// Percent.
    pub min_degree: u32,
    pub max_changeset_size: usize,
    /// Only commits of the last this many days (before the newest commit analysed) count, as
    /// code-maat is usually run on a recent log (`git log --after=…`); `None`: all history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_days: Option<u32>,
}

impl Default for CouplingOptions {
    fn default() -> Self {
        CouplingOptions {
            min_revs: 5,
            min_shared: 5,
            min_degree: 30,
            max_changeset_size: 30,
            since_days: None,
        }
    }
}

/// Two files that change together.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coupling {
    pub a: usize,
    pub b: usize,
    pub shared: u32,
    pub revs_a: u32,
    pub revs_b: u32,
    /// `floor(100 · shared / mean(revs_a, revs_b))`.
    pub degree: u32,
}

/// Couplings among `commits` (each: the files it changed), strongest first.
pub fn couplings(commits: &[Vec<usize>], opts: &CouplingOptions) -> Vec<Coupling> {
    let mut revs: HashMap<usize, u32> = HashMap::new();
    let mut shared: HashMap<(usize, usize), u32> = HashMap::new();
    for files in commits {
        let mut files = files.clone();
        files.sort_unstable();
        files.dedup();
        if files.len() > opts.max_changeset_size {
            continue;
        }
        for (i, &a) in files.iter().enumerate() {
            *revs.entry(a).or_default() += 1;
            for &b in &files[i + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<Coupling> = shared
        .into_iter()
        .filter_map(|((a, b), s)| {
            let (ra, rb) = (revs[&a], revs[&b]);
            let degree = (200.0 * f64::from(s) / f64::from(ra + rb)).floor() as u32;
            (ra >= opts.min_revs
                && rb >= opts.min_revs
                && s >= opts.min_shared
                && degree >= opts.min_degree)
                .then_some(Coupling {
                    a,
                    b,
                    shared: s,
                    revs_a: ra,
                    revs_b: rb,
                    degree,
                })
        })
        .collect();
    out.sort_by(|x, y| {
        y.degree
            .cmp(&x.degree)
            .then(y.shared.cmp(&x.shared))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degree_and_thresholds_follow_code_maat() {
        // files 0 and 1 change together 6 times; 0 alone 2 more times, 1 alone 4 more.
        let mut commits = vec![vec![0, 1]; 6];
        commits.extend(vec![vec![0]; 2]);
        commits.extend(vec![vec![1]; 4]);
        // file 2 with 0 four times only (below min shared)
        commits.extend(vec![vec![0, 2]; 4]);
        commits.extend(vec![vec![2]; 3]);
        let got = couplings(&commits, &CouplingOptions::default());
        assert_eq!(got.len(), 1);
        let c = &got[0];
        assert_eq!((c.a, c.b, c.shared, c.revs_a, c.revs_b), (0, 1, 6, 12, 10));
        // 6 / mean(12, 10) = 54.5% → 54
        assert_eq!(c.degree, 54);
        let loose = CouplingOptions {
            min_shared: 4,
            ..Default::default()
        };
        assert_eq!(couplings(&commits, &loose).len(), 2);
    }

    #[test]
    fn large_changesets_are_ignored_entirely() {
        let big: Vec<usize> = (0..31).collect();
        let mut commits = vec![big; 10];
        commits.extend(vec![vec![0, 1]; 5]);
        let got = couplings(&commits, &CouplingOptions::default());
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].revs_a, got[0].degree), (5, 100));
    }
}
