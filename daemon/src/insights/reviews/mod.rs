//! Review figures for a team, on plain data (`reviews::ReviewHistory`): who carries the review
//! load and who is waiting on whom (open requests), turnaround (first review, approval,
//! merge), a collaboration graph from reviews, pull-request sizes. Framed for teams: people
//! are listed by name with their share, never ranked against each other.

pub mod stats;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::reviews::{Pull, ReviewHistory};
pub use stats::{SizeBucket, Spread, Turnaround};

/// Days of pull requests the team figures cover, back from the latest synced activity.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;

/// One person's part of the reviewing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonLoad {
    pub name: String,
    /// `github:login` and the like.
    pub accounts: Vec<String>,
    /// Pull requests of others this person reviewed in the window.
    pub reviewed: usize,
    /// Their share of all (pull request, reviewer) pairs in the window.
    pub share: f64,
    /// Pull requests they opened in the window, and how many got a review.
    pub authored: usize,
    pub received: usize,
    /// Open pull requests now waiting for their review.
    pub open_requests: u32,
}

/// Reviews from one person on another's pull requests.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub reviewer: String,
    pub author: String,
    pub pulls: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInsights {
    pub window_days: i64,
    /// RFC 3339 (UTC): the window's end, the latest synced activity.
    pub until: String,
    pub pulls: usize,
    pub merged: usize,
    /// Merged without any review by someone else.
    pub merged_unreviewed: usize,
    pub turnaround: Turnaround,
    /// By name.
    pub load: Vec<PersonLoad>,
    /// Most frequent reviewer → author pairs first.
    pub collaboration: Vec<Edge>,
    pub sizes: Vec<SizeBucket>,
}

/// The latest time anything happened in the history.
pub fn latest(history: &ReviewHistory) -> Option<i64> {
    history
        .pulls
        .iter()
        .flat_map(|p| {
            [Some(p.created), p.closed, p.merged]
                .into_iter()
                .flatten()
                .chain(p.reviews.iter().map(|r| r.at))
                .chain(p.comments.iter().map(|c| c.at))
        })
        .max()
}

/// The team figures over pull requests opened in the `window_days` before the latest activity;
/// `None` without synced pull requests.
pub fn compute(history: &ReviewHistory, window_days: i64, limit: usize) -> Option<ReviewInsights> {
    let until = latest(history)?;
    let from = until - window_days * 86_400;
    let in_window: Vec<&Pull> = history.pulls.iter().filter(|p| p.created >= from).collect();
    let humans = |w: &usize| !history.is_bot(*w);
    let mut reviewed: HashMap<usize, usize> = HashMap::new();
    let mut authored: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut edges: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for p in &in_window {
        let reviewers: Vec<usize> = p.reviewers().into_iter().filter(humans).collect();
        for &r in &reviewers {
            *reviewed.entry(r).or_insert(0) += 1;
            if let Some(a) = p.author {
                *edges.entry((r, a)).or_insert(0) += 1;
            }
        }
        if let Some(a) = p.author.filter(humans) {
            let e = authored.entry(a).or_insert((0, 0));
            e.0 += 1;
            if !reviewers.is_empty() {
                e.1 += 1;
            }
        }
    }
    let pairs: usize = reviewed.values().sum();
    let open = history.open_requests();
    let mut people: Vec<usize> = reviewed
        .keys()
        .chain(authored.keys())
        .chain(open.keys())
        .copied()
        .filter(humans)
        .collect();
    people.sort_unstable();
    people.dedup();
    let mut load: Vec<PersonLoad> = people
        .into_iter()
        .map(|w| {
            let n = reviewed.get(&w).copied().unwrap_or(0);
            let (a, r) = authored.get(&w).copied().unwrap_or((0, 0));
            PersonLoad {
                name: history.name(w).to_string(),
                accounts: history.people[w].accounts.clone(),
                reviewed: n,
                share: if pairs > 0 {
                    ((n as f64 / pairs as f64) * 1000.0).round() / 1000.0
                } else {
                    0.0
                },
                authored: a,
                received: r,
                open_requests: open.get(&w).copied().unwrap_or(0),
            }
        })
        .collect();
    load.sort_by_key(|a| a.name.to_lowercase());
    let mut collaboration: Vec<Edge> = edges
        .into_iter()
        .map(|((r, a), n)| Edge {
            reviewer: history.name(r).to_string(),
            author: history.name(a).to_string(),
            pulls: n,
        })
        .collect();
    collaboration.sort_by(|a, b| {
        b.pulls
            .cmp(&a.pulls)
            .then(a.reviewer.cmp(&b.reviewer))
            .then(a.author.cmp(&b.author))
    });
    collaboration.truncate(limit);
    let merged: Vec<&Pull> = in_window
        .iter()
        .copied()
        .filter(|p| p.merged.is_some())
        .collect();
    Some(ReviewInsights {
        window_days,
        until: crate::time::rfc3339(until, 0),
        pulls: in_window.len(),
        merged: merged.len(),
        merged_unreviewed: merged
            .iter()
            .filter(|p| p.reviewers().iter().all(|w| history.is_bot(*w)))
            .count(),
        turnaround: stats::turnaround(in_window.iter().copied()),
        load,
        collaboration,
        sizes: stats::sizes(in_window.iter().copied()),
    })
}

/// One person's reviews, for their profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonReviews {
    pub accounts: Vec<String>,
    /// Pull requests of others they reviewed (all synced history).
    pub given: usize,
    /// Their pull requests, and how many others reviewed.
    pub authored: usize,
    pub received: usize,
    /// Whose pull requests they review most, and who reviews theirs most (up to five each).
    pub reviews_for: Vec<(String, usize)>,
    pub reviewed_by: Vec<(String, usize)>,
    /// Median hours to a first review of their pull requests.
    pub first_review: Spread,
}

/// `who`'s reviews over all synced history.
pub fn person(history: &ReviewHistory, who: usize) -> PersonReviews {
    let mut given = 0;
    let (mut authored, mut received) = (0, 0);
    let mut for_: HashMap<usize, usize> = HashMap::new();
    let mut by: HashMap<usize, usize> = HashMap::new();
    let mut waits = Vec::new();
    for p in &history.pulls {
        let reviewers = p.reviewers();
        if reviewers.contains(&who) {
            given += 1;
            if let Some(a) = p.author {
                *for_.entry(a).or_insert(0) += 1;
            }
        }
        if p.author == Some(who) {
            authored += 1;
            let humans: Vec<usize> = reviewers
                .into_iter()
                .filter(|w| !history.is_bot(*w))
                .collect();
            if !humans.is_empty() {
                received += 1;
            }
            for r in humans {
                *by.entry(r).or_insert(0) += 1;
            }
            if let Some(t) = p.first_review() {
                waits.push(t - p.created);
            }
        }
    }
    let top = |m: HashMap<usize, usize>| {
        let mut v: Vec<(String, usize)> = m
            .into_iter()
            .map(|(w, n)| (history.name(w).to_string(), n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(5);
        v
    };
    PersonReviews {
        accounts: history
            .people
            .get(who)
            .map(|p| p.accounts.clone())
            .unwrap_or_default(),
        given,
        authored,
        received,
        reviews_for: top(for_),
        reviewed_by: top(by),
        first_review: Spread::of(&waits),
    }
}
