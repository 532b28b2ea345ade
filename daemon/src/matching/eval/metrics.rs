//! Ranking metrics of the replay: Hit@k (the true author among the first k) and mean
//! reciprocal rank (Voorhees, TREC-8 QA track, 1999), as expectations over a random order of
//! tied candidates, so a method that cannot tell candidates apart scores exactly as random.

use serde::Serialize;

/// The cut-offs reported.
pub const KS: [usize; 4] = [1, 3, 5, 10];

/// Where the author landed: `better` candidates scored strictly higher, `tied` scored the same
/// (the author included, so `tied ≥ 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub better: usize,
    pub tied: usize,
}

/// The author's placement among `scores` (candidate, score); `None` when not a candidate.
pub fn place(scores: &[(usize, f64)], author: usize) -> Option<Placement> {
    let own = scores.iter().find(|(d, _)| *d == author)?.1;
    let better = scores.iter().filter(|(_, s)| *s > own).count();
    let tied = scores.iter().filter(|(_, s)| *s == own).count();
    Some(Placement { better, tied })
}

/// Expected Hit@k under a random order of ties: the share of the tied positions within k.
pub fn hit_at(p: Placement, k: usize) -> f64 {
    let last = p.better + p.tied;
    let within = k.min(last).saturating_sub(p.better);
    within as f64 / p.tied as f64
}

/// Expected reciprocal rank under a random order of ties: the mean of 1/r over the tied ranks.
pub fn reciprocal_rank(p: Placement) -> f64 {
    let sum: f64 = (p.better + 1..=p.better + p.tied)
        .map(|r| 1.0 / r as f64)
        .sum();
    sum / p.tied as f64
}

/// The share of a baseline's misses a method removes: `(ours − base) / (1 − base)`
/// (e.g. Hit@5 0.54 → 0.77 removes half); 0 when the baseline misses nothing.
pub fn misses_removed(base: f64, ours: f64) -> f64 {
    if base >= 1.0 {
        return 0.0;
    }
    (((ours - base) / (1.0 - base)) * 10_000.0).round() / 10_000.0
}

/// Running totals of one method.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub n: usize,
    hits: [f64; 4],
    rr: f64,
}

impl Tally {
    pub fn add(&mut self, p: Placement) {
        self.n += 1;
        for (h, &k) in self.hits.iter_mut().zip(&KS) {
            *h += hit_at(p, k);
        }
        self.rr += reciprocal_rank(p);
    }

    /// Hit@1/3/5/10 and MRR (0 when nothing was evaluated).
    pub fn result(&self, method: &str) -> MethodResult {
        let n = self.n.max(1) as f64;
        let r = |x: f64| (x / n * 10_000.0).round() / 10_000.0;
        MethodResult {
            method: method.to_string(),
            hit1: r(self.hits[0]),
            hit3: r(self.hits[1]),
            hit5: r(self.hits[2]),
            hit10: r(self.hits[3]),
            mrr: r(self.rr),
        }
    }
}

/// One method's scores over the evaluated commits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodResult {
    pub method: String,
    pub hit1: f64,
    pub hit3: f64,
    pub hit5: f64,
    pub hit10: f64,
    pub mrr: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_counts_strictly_better_and_ties() {
        let s = [(0, 3.0), (1, 5.0), (2, 3.0), (3, 1.0)];
        assert_eq!(place(&s, 0), Some(Placement { better: 1, tied: 2 }));
        assert_eq!(place(&s, 1), Some(Placement { better: 0, tied: 1 }));
        assert_eq!(place(&s, 9), None);
    }

    #[test]
    fn hand_computed_hits_and_reciprocal_ranks() {
        // alone at rank 2
        let p = Placement { better: 1, tied: 1 };
        assert_eq!(hit_at(p, 1), 0.0);
        assert_eq!(hit_at(p, 3), 1.0);
        assert_eq!(reciprocal_rank(p), 0.5);
        // tied for ranks 2..=4: Hit@3 = 2/3, RR = (1/2 + 1/3 + 1/4)/3 = 13/36
        let p = Placement { better: 1, tied: 3 };
        assert_eq!(hit_at(p, 1), 0.0);
        assert!((hit_at(p, 3) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(hit_at(p, 5), 1.0);
        assert!((reciprocal_rank(p) - 13.0 / 36.0).abs() < 1e-12);
    }

    #[test]
    fn all_tied_is_exactly_random() {
        // 4 candidates, no information: Hit@1 = 1/4, Hit@3 = 3/4, MRR = (1+1/2+1/3+1/4)/4 = 25/48
        let p = Placement { better: 0, tied: 4 };
        assert_eq!(hit_at(p, 1), 0.25);
        assert_eq!(hit_at(p, 3), 0.75);
        assert_eq!(hit_at(p, 10), 1.0);
        assert!((reciprocal_rank(p) - 25.0 / 48.0).abs() < 1e-12);
    }

    #[test]
    fn misses_removed_is_the_issue_arithmetic() {
        assert_eq!(misses_removed(0.54, 0.77), 0.5);
        assert_eq!(misses_removed(0.5, 0.5), 0.0);
        assert_eq!(misses_removed(0.6, 0.4), -0.5);
        assert_eq!(misses_removed(1.0, 1.0), 0.0);
    }

    #[test]
    fn tally_averages_over_commits() {
        let mut t = Tally::default();
        t.add(Placement { better: 0, tied: 1 }); // rank 1
        t.add(Placement { better: 3, tied: 1 }); // rank 4
        t.add(Placement {
            better: 11,
            tied: 1,
        }); // rank 12
        let r = t.result("x");
        assert_eq!(r.hit1, 0.3333);
        assert_eq!(r.hit3, 0.3333);
        assert_eq!(r.hit5, 0.6667);
        assert_eq!(r.hit10, 0.6667);
        // (1 + 1/4 + 1/12) / 3 = 4/9
        assert_eq!(r.mrr, 0.4444);
    }
}
