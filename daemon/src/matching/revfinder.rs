//! RevFinder: reviewers of past reviews whose files sit at similar paths (Thongtanunam,
//! Tantithamthavorn, Kula, Yoshida, Iida, Matsumoto, "Who Should Review My Code? A File
//! Location-Based Code-Reviewer Recommendation Approach for Modern Code Review", SANER 2015).
//!
//! Paths are sequences of components split on `/`. Four string comparisons on those sequences
//! — longest common prefix (LCP), suffix (LCSuff), substring (LCSubstr) and subsequence
//! (LCSubseq) — give `filePathSimilarity(fn, fp) = StringComparison(fn, fp) / max(|fn|, |fp|)`;
//! a past review's similarity to the new one is the sum over file pairs divided by
//! `|Files(Rn)| · |Files(Rp)|`, credited to each of its reviewers; the four rankings are
//! combined with the Borda count (a candidate ranked `rank` of `M` by one comparison gets
//! `M − rank + 1` points from it).

use std::collections::HashMap;

/// The four comparisons, in the paper's order.
pub const COMPARISONS: [&str; 4] = ["LCP", "LCSuff", "LCSubstr", "LCSubseq"];

/// Interned paths and memoised pairwise similarities.
#[derive(Debug, Default)]
pub struct PathSimilarity {
    components: HashMap<String, u32>,
    ids: HashMap<String, u32>,
    paths: Vec<Vec<u32>>,
    memo: HashMap<(u32, u32), [f64; 4]>,
}

impl PathSimilarity {
    /// The id of `path` (interned once).
    pub fn id(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let parts: Vec<u32> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let n = self.components.len() as u32;
                *self.components.entry(p.to_string()).or_insert(n)
            })
            .collect();
        let id = self.paths.len() as u32;
        self.paths.push(parts);
        self.ids.insert(path.to_string(), id);
        id
    }

    /// `filePathSimilarity` of two interned paths under the four comparisons.
    pub fn similarity(&mut self, a: u32, b: u32) -> [f64; 4] {
        let key = if a <= b { (a, b) } else { (b, a) };
        if let Some(s) = self.memo.get(&key) {
            return *s;
        }
        let (x, y) = (&self.paths[a as usize], &self.paths[b as usize]);
        let longest = x.len().max(y.len());
        let s = if longest == 0 {
            [0.0; 4]
        } else {
            let l = longest as f64;
            [
                common_prefix(x, y) as f64 / l,
                common_suffix(x, y) as f64 / l,
                common_substring(x, y) as f64 / l,
                common_subsequence(x, y) as f64 / l,
            ]
        };
        self.memo.insert(key, s);
        s
    }
}

pub fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

pub fn common_suffix(a: &[u32], b: &[u32]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Longest run of consecutive equal components (dynamic programming).
pub fn common_substring(a: &[u32], b: &[u32]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut best = 0;
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// Longest common subsequence of components (dynamic programming).
pub fn common_subsequence(a: &[u32], b: &[u32]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Past reviews (their files and reviewers so far), growing as reviews happen.
#[derive(Debug, Default)]
pub struct RevFinder {
    sim: PathSimilarity,
    /// Per past review: interned files and reviewers.
    reviews: Vec<(Vec<u32>, Vec<usize>)>,
    by_key: HashMap<usize, usize>,
}

impl RevFinder {
    /// Records that `who` reviewed review `key` (e.g. a pull request's index) with `files`.
    pub fn add_reviewer(&mut self, key: usize, files: &[String], who: usize) {
        let i = match self.by_key.get(&key) {
            Some(&i) => i,
            None => {
                let ids = files.iter().map(|f| self.sim.id(f)).collect();
                self.reviews.push((ids, Vec::new()));
                self.by_key.insert(key, self.reviews.len() - 1);
                self.reviews.len() - 1
            }
        };
        if !self.reviews[i].1.contains(&who) {
            self.reviews[i].1.push(who);
        }
    }

    /// Each candidate's score under each comparison for a review of `files`.
    pub fn scores(&mut self, files: &[String]) -> [HashMap<usize, f64>; 4] {
        let new: Vec<u32> = files.iter().map(|f| self.sim.id(f)).collect();
        let mut out: [HashMap<usize, f64>; 4] = Default::default();
        if new.is_empty() {
            return out;
        }
        for (past, reviewers) in &self.reviews {
            if past.is_empty() || reviewers.is_empty() {
                continue;
            }
            let mut sum = [0.0f64; 4];
            for &n in &new {
                for &p in past {
                    let s = self.sim.similarity(n, p);
                    for m in 0..4 {
                        sum[m] += s[m];
                    }
                }
            }
            let denominator = (new.len() * past.len()) as f64;
            for m in 0..4 {
                let review_similarity = sum[m] / denominator;
                if review_similarity <= 0.0 {
                    continue;
                }
                for &r in reviewers {
                    *out[m].entry(r).or_insert(0.0) += review_similarity;
                }
            }
        }
        out
    }

    /// Candidates by Borda count over the four comparisons, best first, `exclude` left out
    /// (ties broken by candidate index, so the order is stable).
    pub fn rank(&mut self, files: &[String], exclude: &[usize]) -> Vec<(usize, f64)> {
        let scores = self.scores(files);
        let mut borda: HashMap<usize, f64> = HashMap::new();
        for per in &scores {
            let mut list: Vec<(usize, f64)> = per
                .iter()
                .filter(|(c, _)| !exclude.contains(c))
                .map(|(&c, &s)| (c, s))
                .collect();
            let m = list.len();
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let values: Vec<f64> = list.iter().map(|x| x.1).collect();
            let ranks = super::rank::competition_ranks(&values);
            for ((c, _), rank) in list.iter().zip(ranks) {
                *borda.entry(*c).or_insert(0.0) += (m - rank + 1) as f64;
            }
        }
        sorted(borda)
    }
}

/// A score map as a list, best first, ties by index.
pub fn sorted(scores: HashMap<usize, f64>) -> Vec<(usize, f64)> {
    let mut list: Vec<(usize, f64)> = scores.into_iter().filter(|(_, s)| *s > 0.0).collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[u32]) -> Vec<u32> {
        s.to_vec()
    }

    #[test]
    fn the_four_comparisons() {
        // The paper's example shape: src/core/a/b.java vs src/core/c/b.java
        let a = v(&[1, 2, 3, 4]);
        let b = v(&[1, 2, 5, 4]);
        assert_eq!(common_prefix(&a, &b), 2);
        assert_eq!(common_suffix(&a, &b), 1);
        assert_eq!(common_substring(&a, &b), 2);
        assert_eq!(common_subsequence(&a, &b), 3);
        assert_eq!(common_substring(&v(&[9, 1, 2, 3]), &v(&[1, 2, 3, 8])), 3);
        assert_eq!(common_subsequence(&v(&[]), &v(&[1])), 0);
    }

    #[test]
    fn path_similarity_is_normalised_by_the_longer_path() {
        let mut s = PathSimilarity::default();
        let a = s.id("src/core/a/b.java");
        let b = s.id("src/core/c/b.java");
        let c = s.id("docs/readme.md");
        assert_eq!(s.similarity(a, b), [0.5, 0.25, 0.5, 0.75]);
        assert_eq!(s.similarity(b, a), [0.5, 0.25, 0.5, 0.75]);
        assert_eq!(s.similarity(a, c), [0.0; 4]);
        assert_eq!(s.similarity(a, a), [1.0; 4]);
    }

    #[test]
    fn reviewers_of_nearby_files_rank_first_by_borda_count() {
        let mut rf = RevFinder::default();
        let files = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        rf.add_reviewer(0, &files(&["net/http/client.rs", "net/http/pool.rs"]), 1);
        rf.add_reviewer(1, &files(&["net/dns/resolve.rs"]), 2);
        rf.add_reviewer(2, &files(&["ui/button.ts"]), 3);
        rf.add_reviewer(2, &files(&["ui/button.ts"]), 3);
        let ranked = rf.rank(&files(&["net/http/client.rs"]), &[]);
        let order: Vec<usize> = ranked.iter().map(|r| r.0).collect();
        assert_eq!(order, vec![1, 2], "ui/ shares nothing with net/http");
        // Reviewer 1 leads all four comparisons: 2 points of 2 candidates under LCP, LCSubstr
        // and LCSubseq, 1 point of 1 under LCSuff (nothing else shares "client.rs").
        assert_eq!(ranked[0].1, 7.0);
        assert_eq!(ranked[1].1, 3.0);
        // Excluding the top reviewer (the change's author) leaves the next.
        assert_eq!(rf.rank(&files(&["net/http/client.rs"]), &[1])[0].0, 2);
        assert!(rf.rank(&[], &[]).is_empty());
    }
}
