//! cHRev: reviewers by their review history on the very files of a change, weighing how much,
//! how often and how recently they reviewed each (Zanjani, Kagdi, Bird, "Automatically
//! Recommending Peer Reviewers in Modern Code Review", IEEE TSE 42(6), 2016).
//!
//! For reviewer `r` and file `f`:
//! `xFactor(r, f) = c/C + w/W + 1/(|t − t'| + 1)`, where `c` is the number of `r`'s review
//! contributions on `f` and `C` everyone's, `w` the number of distinct days `r` contributed on
//! `f` and `W` the number of distinct days anyone did, `t` the most recent day anyone did and
//! `t'` the most recent day `r` did (days apart). A change's score for `r` is the sum of
//! `xFactor(r, f)` over its files. The paper counts review comments on a file; here a
//! contribution is an inline comment on the file, or a submitted review of a change touching
//! it (GitHub and GitLab approvals often carry no inline comment).

use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Default, Clone)]
struct ReviewerOnFile {
    contributions: u32,
    days: BTreeSet<i64>,
    last_day: i64,
}

#[derive(Debug, Default, Clone)]
struct FileHistory {
    contributions: u32,
    days: BTreeSet<i64>,
    last_day: i64,
    reviewers: HashMap<usize, ReviewerOnFile>,
}

/// Review contributions per file, growing in time order.
#[derive(Debug, Default, Clone)]
pub struct Chrev {
    files: HashMap<String, FileHistory>,
}

fn day(at: i64) -> i64 {
    at.div_euclid(86_400)
}

impl Chrev {
    /// One contribution of `who` on `path` at time `at` (seconds).
    pub fn add(&mut self, who: usize, path: &str, at: i64) {
        let d = day(at);
        let f = self.files.entry(path.to_string()).or_default();
        f.contributions += 1;
        f.days.insert(d);
        f.last_day = if f.contributions == 1 {
            d
        } else {
            f.last_day.max(d)
        };
        let r = f.reviewers.entry(who).or_default();
        r.contributions += 1;
        r.days.insert(d);
        r.last_day = if r.contributions == 1 {
            d
        } else {
            r.last_day.max(d)
        };
    }

    /// `xFactor(who, path)`; 0 when `who` never reviewed `path`.
    pub fn xfactor(&self, who: usize, path: &str) -> f64 {
        let Some(f) = self.files.get(path) else {
            return 0.0;
        };
        let Some(r) = f.reviewers.get(&who) else {
            return 0.0;
        };
        let c = f64::from(r.contributions) / f64::from(f.contributions);
        let w = r.days.len() as f64 / f.days.len() as f64;
        let t = 1.0 / ((f.last_day - r.last_day).abs() as f64 + 1.0);
        c + w + t
    }

    /// Every candidate's score for a change of `files`, best first, `exclude` left out.
    pub fn rank(&self, files: &[String], exclude: &[usize]) -> Vec<(usize, f64)> {
        let mut scores: HashMap<usize, f64> = HashMap::new();
        for path in files {
            let Some(f) = self.files.get(path) else {
                continue;
            };
            for &who in f.reviewers.keys() {
                if !exclude.contains(&who) {
                    *scores.entry(who).or_insert(0.0) += self.xfactor(who, path);
                }
            }
        }
        super::revfinder::sorted(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn xfactor_follows_the_formula() {
        let mut c = Chrev::default();
        // r0: 3 contributions on 2 days, last on day 10; r1: 1 on day 12 (the latest).
        c.add(0, "a.rs", 5 * DAY);
        c.add(0, "a.rs", 5 * DAY + 100);
        c.add(0, "a.rs", 10 * DAY);
        c.add(1, "a.rs", 12 * DAY);
        // r0: c/C = 3/4, w/W = 2/3, 1/(|12−10|+1) = 1/3
        let x0 = c.xfactor(0, "a.rs");
        assert!((x0 - (0.75 + 2.0 / 3.0 + 1.0 / 3.0)).abs() < 1e-12, "{x0}");
        // r1: 1/4 + 1/3 + 1
        let x1 = c.xfactor(1, "a.rs");
        assert!((x1 - (0.25 + 1.0 / 3.0 + 1.0)).abs() < 1e-12, "{x1}");
        assert_eq!(c.xfactor(2, "a.rs"), 0.0);
        assert_eq!(c.xfactor(0, "b.rs"), 0.0);
    }

    #[test]
    fn a_change_sums_over_its_files_and_excludes_its_author() {
        let mut c = Chrev::default();
        c.add(0, "a.rs", 0);
        c.add(1, "b.rs", 0);
        c.add(1, "a.rs", DAY);
        let files = vec!["a.rs".to_string(), "b.rs".to_string()];
        let ranked = c.rank(&files, &[]);
        assert_eq!(ranked[0].0, 1, "reviewed both files");
        assert_eq!(
            c.rank(&files, &[1]).iter().map(|r| r.0).collect::<Vec<_>>(),
            vec![0]
        );
        assert!(c.rank(&["z.rs".to_string()], &[]).is_empty());
    }
}
