//! Reviewer suggestion from review history, on plain data (`reviews::ReviewHistory`): RevFinder
//! path similarity and cHRev file review history grown event by event in time order, the
//! most-active-reviewer baseline, and reciprocal rank fusion with authorship (Cormack, Clarke,
//! Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and individual Rank Learning
//! Methods", SIGIR 2009, k = 60).

use std::collections::HashMap;

use super::chrev::Chrev;
use super::revfinder::{self, RevFinder};
use crate::reviews::ReviewHistory;

/// RRF's constant, as the paper sets it.
pub const FUSION_K: f64 = 60.0;

/// One review event: `who` reviewed pull `pull` at `at`, on `path` for an inline comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub at: i64,
    pub pull: usize,
    pub who: usize,
    pub path: Option<&'a str>,
}

/// Every review event of `history` (author's own and bots' left out), in time order.
pub fn events(history: &ReviewHistory) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    for (i, p) in history.pulls.iter().enumerate() {
        let keep = |who: usize| Some(who) != p.author && !history.is_bot(who);
        for r in p.reviews.iter().filter(|r| keep(r.who)) {
            out.push(Event {
                at: r.at,
                pull: i,
                who: r.who,
                path: None,
            });
        }
        for c in p.comments.iter().filter(|c| keep(c.who)) {
            out.push(Event {
                at: c.at,
                pull: i,
                who: c.who,
                path: Some(c.path.as_str()),
            });
        }
    }
    out.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then(a.pull.cmp(&b.pull))
            .then(a.who.cmp(&b.who))
    });
    out
}

/// What the review history says, grown one event at a time.
#[derive(Debug, Default)]
pub struct ReviewModel {
    revfinder: RevFinder,
    chrev: Chrev,
    /// Review events per person (the most-active baseline).
    activity: HashMap<usize, u32>,
    pub events: usize,
}

impl ReviewModel {
    /// Learns one event of `history`.
    pub fn learn(&mut self, history: &ReviewHistory, e: &Event<'_>) {
        let pull = &history.pulls[e.pull];
        self.revfinder.add_reviewer(e.pull, &pull.files, e.who);
        match e.path {
            Some(path) => self.chrev.add(e.who, path, e.at),
            None => {
                for f in &pull.files {
                    self.chrev.add(e.who, f, e.at);
                }
            }
        }
        *self.activity.entry(e.who).or_insert(0) += 1;
        self.events += 1;
    }

    /// A model of every event before `until` (exclusive).
    pub fn until(history: &ReviewHistory, until: i64) -> ReviewModel {
        let mut m = ReviewModel::default();
        for e in events(history).iter().filter(|e| e.at < until) {
            m.learn(history, e);
        }
        m
    }

    pub fn revfinder(&mut self, files: &[String], exclude: &[usize]) -> Vec<(usize, f64)> {
        self.revfinder.rank(files, exclude)
    }

    pub fn chrev(&self, files: &[String], exclude: &[usize]) -> Vec<(usize, f64)> {
        self.chrev.rank(files, exclude)
    }

    /// Everyone who reviewed before, by number of review events.
    pub fn most_active(&self, exclude: &[usize]) -> Vec<(usize, f64)> {
        revfinder::sorted(
            self.activity
                .iter()
                .filter(|(w, _)| !exclude.contains(w))
                .map(|(&w, &n)| (w, f64::from(n)))
                .collect(),
        )
    }

    /// Review events of `who` so far.
    pub fn reviews_by(&self, who: usize) -> u32 {
        self.activity.get(&who).copied().unwrap_or(0)
    }
}

/// Reciprocal rank fusion of ranked lists (best first): `Σ 1 / (k + rank)` with competition
/// ranks from 1, over the lists a candidate appears in; best first, ties by index.
pub fn fuse(lists: &[&[(usize, f64)]]) -> Vec<(usize, f64)> {
    let mut total: HashMap<usize, f64> = HashMap::new();
    for list in lists {
        let values: Vec<f64> = list.iter().map(|x| x.1).collect();
        for ((who, _), rank) in list.iter().zip(super::rank::competition_ranks(&values)) {
            *total.entry(*who).or_insert(0.0) += 1.0 / (FUSION_K + rank as f64);
        }
    }
    revfinder::sorted(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reviews::{FileComment, Pull, PullState, Review, Someone, Verdict};

    fn person(name: &str) -> Someone {
        Someone {
            name: name.into(),
            dev: None,
            accounts: vec![],
            bot: false,
        }
    }

    fn pull(author: usize, created: i64, files: &[&str], reviews: &[(usize, i64)]) -> Pull {
        Pull {
            key: format!("github:o/r#{created}"),
            title: String::new(),
            author: Some(author),
            created,
            closed: None,
            merged: None,
            state: PullState::Merged,
            draft: false,
            files: files.iter().map(|f| f.to_string()).collect(),
            additions: 1,
            deletions: 1,
            reviews: reviews
                .iter()
                .map(|&(who, at)| Review {
                    who,
                    at,
                    verdict: Verdict::Approved,
                })
                .collect(),
            comments: vec![],
            requested: vec![],
        }
    }

    #[test]
    fn the_model_learns_only_the_past() {
        let mut h = ReviewHistory {
            people: vec![person("a"), person("b"), person("c")],
            developers: 0,
            pulls: vec![
                pull(0, 10, &["net/a.rs"], &[(1, 20), (0, 21)]),
                pull(0, 30, &["net/b.rs"], &[(2, 100)]),
            ],
        };
        h.pulls[1].comments.push(FileComment {
            who: 2,
            at: 101,
            path: "net/b.rs".into(),
        });
        assert_eq!(events(&h).len(), 3, "the author's own review is no event");
        let mut m = ReviewModel::until(&h, 50);
        assert_eq!(m.events, 1);
        let files = vec!["net/a.rs".to_string()];
        assert_eq!(m.revfinder(&files, &[]).first().map(|x| x.0), Some(1));
        assert_eq!(m.chrev(&files, &[]).first().map(|x| x.0), Some(1));
        assert_eq!(m.most_active(&[]), vec![(1, 1.0)]);
        let m = ReviewModel::until(&h, i64::MAX);
        assert_eq!(m.reviews_by(2), 2);
    }

    #[test]
    fn fusion_rewards_agreement() {
        let a = [(1, 9.0), (2, 5.0), (3, 1.0)];
        let b = [(2, 3.0), (1, 2.0)];
        let fused = fuse(&[&a, &b]);
        // 1: 1/61 + 1/62; 2: 1/62 + 1/61 — a tie broken by index; 3: 1/63 alone.
        assert_eq!(fused.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert!((fused[0].1 - (1.0 / 61.0 + 1.0 / 62.0)).abs() < 1e-12);
    }

    #[test]
    fn open_requests_count_open_ready_pulls() {
        let mut p = pull(0, 1, &["x"], &[]);
        p.state = PullState::Open;
        p.requested = vec![1, 2];
        let mut q = p.clone();
        q.draft = true;
        let h = ReviewHistory {
            people: vec![],
            developers: 0,
            pulls: vec![p.clone(), p, q],
        };
        let load = h.open_requests();
        assert_eq!(load.get(&1), Some(&2));
    }
}
