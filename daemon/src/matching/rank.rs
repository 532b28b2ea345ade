//! Ranking developers for a task: files retrieved by BM25 over their documents, each file's
//! relevance times each contributor's expertise on it (normalised DOA and recency-weighted
//! changes), plus BM25 of the developer's own past subjects, recent activity and how lately
//! they last committed (people in the middle of a series of changes, however few they have made
//! so far); developers inactive for long drop by half every half-life. Bots never appear.
//!
//! That sum is the developer's *fit*. The final order fuses the fit ranking with the ranking by
//! recent activity alone, by reciprocal rank fusion (Cormack, Clarke & Büttcher, "Reciprocal
//! rank fusion outperforms Condorcet and individual rank learning methods", SIGIR 2009):
//! `1/(k + fit rank) + w/(k + activity rank)`. A sum of scores lets text relevance bury the
//! person who does most of the work; the fused ranks keep them near the top without letting
//! activity outweigh a clear specialist.

use std::collections::{HashMap, HashSet};

use super::knowledge::{self, Standing};
use super::model::Model;

/// Files taken from retrieval.
pub const TOP_FILES: usize = 25;
/// Weight of the developer's own past subjects (file expertise weighs 1).
///
/// The three settings below were chosen on an earlier window of history (`aexy eval match
/// --skip 500`: the 500 non-merge commits before the last 500) of cargo, ripgrep and axum,
/// never on the window the evaluation reports; first guesses were 0.5, 0.25 and 180 days.
pub const W_SUBJECTS: f64 = 2.0;
/// Weight of recent activity (commits in the last [`RECENT_DAYS`]).
pub const W_RECENT: f64 = 0.25;
/// Weight of the latest commit's recency, `2^(−days since the last commit / LATEST_HALF_LIFE_DAYS)`.
/// A count of recent commits cannot tell a newcomer who committed yesterday from one who
/// committed months ago; this part can, whatever their number of commits.
///
/// This weight and its half-life were chosen on the same earlier window (`--skip 500`) from
/// a grid of weights {0.25, 0.5, 1, 1.5, 2, 3} × half-lives {1, 3, 7, 14} days.
pub const W_LATEST: f64 = 1.0;
/// Half-life of the latest commit's recency.
pub const LATEST_HALF_LIFE_DAYS: f64 = 3.0;
/// The constant `k` of reciprocal rank fusion; small, so the first places weigh most.
///
/// This constant and [`W_ACTIVITY_RANK`] were chosen on two earlier windows of 22 repositories
/// (`--skip 500` and `--skip 1000`) from the grid k ∈ {1, 2, 5, 10, 20, 60} × w ∈ {0.25, 0.35,
/// 0.5, 1}: the most Hit@5 misses of the recent-activity baseline removed in total, among the
/// settings whose MRR summed over the repositories did not fall on either window; then checked
/// once on a third (`--skip 1500`). Re-checked on the same two windows once the replay scored
/// only the listed people ([`is_listed`]), over k ∈ {0.5, 1, 2, 4} × w ∈ {0.25, 0.35, 0.5, 0.7}:
/// still the best setting that keeps the summed MRR.
pub const FUSION_K: f64 = 1.0;
/// Weight of the recent-activity ranking in the fusion (the fit ranking weighs 1).
pub const W_ACTIVITY_RANK: f64 = 0.35;
/// The window of "recent" activity.
pub const RECENT_DAYS: i64 = 90;
/// Half-life of the inactivity discount.
pub const INACTIVE_HALF_LIFE_DAYS: f64 = 45.0;

/// The files behind a developer's score: (file key, contribution, standing).
pub type Evidence = Vec<(u32, f64, Standing)>;

/// A retrieved file and its relevance (BM25 relative to the best file, 0..1).
#[derive(Debug, Clone, Copy)]
pub struct FileHit {
    pub key: u32,
    pub relevance: f64,
}

/// How one developer scored, with the parts it came from.
#[derive(Debug, Clone)]
pub struct Scored {
    pub dev: usize,
    /// `1/(FUSION_K + fit rank) + W_ACTIVITY_RANK/(FUSION_K + recent-activity rank)` (ranks from
    /// 1, ties sharing the best), divided by its largest value so it lies in 0..1: 1 is first
    /// by fit and by recent activity.
    pub score: f64,
    /// `(files + W_SUBJECTS·subjects + W_RECENT·recent + W_LATEST·latest) · inactivity`, divided
    /// by the largest possible value so it lies in 0..1.
    pub fit: f64,
    /// Each part relative to the best candidate's (0..1).
    pub files: f64,
    pub subjects: f64,
    pub recent: f64,
    /// Recency of the developer's last commit (see [`W_LATEST`]), 0..1, not normalised.
    pub latest: f64,
    pub inactivity: f64,
    /// The files behind `files`: (key, contribution, standing), largest first.
    pub evidence: Evidence,
}

/// The files a query is about: `pinned` ones (distinct keys of files the user named, as
/// `task::resolve_paths` gives them) at full relevance, then the best [`TOP_FILES`] other live
/// files for query terms `q` (BM25 relative to the best, 0..1).
pub fn retrieve_files(model: &Model, q: &[u32], pinned: &[u32]) -> Vec<FileHit> {
    let is_pinned: HashSet<u32> = pinned.iter().copied().collect();
    let mut hits: Vec<(u32, f64)> = model
        .docs
        .index
        .score(q)
        .into_iter()
        .filter(|(k, _)| model.docs.files[*k as usize].live && !is_pinned.contains(k))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.truncate(TOP_FILES);
    let best = hits.first().map_or(1.0, |h| h.1);
    let mut out: Vec<FileHit> = Vec::with_capacity(pinned.len() + hits.len());
    out.extend(pinned.iter().map(|&key| FileHit {
        key,
        relevance: 1.0,
    }));
    out.extend(hits.into_iter().map(|(key, s)| FileHit {
        key,
        relevance: if best > 0.0 { s / best } else { 0.0 },
    }));
    out
}

/// Scores every candidate (`candidate(dev)`) for query terms `q` and `pinned` files (see
/// [`retrieve_files`]) at time `now`, best first (ties by developer index).
pub fn score(
    model: &Model,
    q: &[u32],
    pinned: &[u32],
    now: i64,
    candidate: &dyn Fn(usize) -> bool,
) -> (Vec<Scored>, Vec<FileHit>) {
    let files = retrieve_files(model, q, pinned);
    let mut by_files: HashMap<usize, (f64, Evidence)> = HashMap::new();
    for hit in &files {
        let know = &model.docs.files[hit.key as usize].knowledge;
        for (dev, st) in know.standings(now) {
            if !candidate(dev) {
                continue;
            }
            let c = hit.relevance * knowledge::expertise(&st);
            let e = by_files.entry(dev).or_default();
            e.0 += c;
            e.1.push((hit.key, c, st));
        }
    }
    let subj = model.subjects.score(q);
    let devs: Vec<usize> = (0..model.activity.len())
        .filter(|&d| model.activity[d].commits > 0 && candidate(d))
        .collect();
    let recent: Vec<u32> = devs
        .iter()
        .map(|&d| model.activity[d].recent(now, RECENT_DAYS))
        .collect();
    let max_of = |it: &mut dyn Iterator<Item = f64>| it.fold(0.0_f64, f64::max);
    let max_files = max_of(&mut by_files.values().map(|v| v.0));
    let max_subj = max_of(
        &mut devs
            .iter()
            .map(|d| subj.get(&(*d as u32)).copied().unwrap_or(0.0)),
    );
    let max_recent = max_of(&mut recent.iter().map(|&r| f64::from(r)));
    let norm = |x: f64, max: f64| if max > 0.0 { x / max } else { 0.0 };
    let ceiling = 1.0 + W_SUBJECTS + W_RECENT + W_LATEST;
    let mut out: Vec<Scored> = devs
        .iter()
        .zip(&recent)
        .map(|(&dev, &r)| {
            let (f, mut evidence) = by_files.remove(&dev).unwrap_or_default();
            evidence.sort_by(|a, b| b.1.total_cmp(&a.1));
            let files = norm(f, max_files);
            let subjects = norm(subj.get(&(dev as u32)).copied().unwrap_or(0.0), max_subj);
            let recent = norm(f64::from(r), max_recent);
            let last = model.activity[dev].last;
            let latest = half_life_decay(last, now, LATEST_HALF_LIFE_DAYS);
            let inactivity = inactivity(last, now);
            Scored {
                dev,
                score: 0.0,
                fit: (files + W_SUBJECTS * subjects + W_RECENT * recent + W_LATEST * latest)
                    * inactivity
                    / ceiling,
                files,
                subjects,
                recent,
                latest,
                inactivity,
                evidence,
            }
        })
        .collect();
    let fit_rank = competition_ranks(&out.iter().map(|s| s.fit).collect::<Vec<_>>());
    let recent_rank = competition_ranks(&recent.iter().map(|&r| f64::from(r)).collect::<Vec<_>>());
    for ((s, a), b) in out.iter_mut().zip(fit_rank).zip(recent_rank) {
        s.score = fuse(a, b);
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.fit.total_cmp(&a.fit))
            .then(a.dev.cmp(&b.dev))
    });
    (out, files)
}

/// Whether `s` is listed: when the task met something in the history, only the people whose
/// files or past subjects it meets; when it met nothing (`by_activity_alone`: no known word, no
/// named file), everyone with any signal, by recent activity. `aexy match` shows exactly this
/// list and `aexy eval match` measures exactly it (anyone else counts as a miss).
pub fn is_listed(s: &Scored, by_activity_alone: bool) -> bool {
    s.fit > 0.0 && (by_activity_alone || s.files > 0.0 || s.subjects > 0.0)
}

/// Each value's rank, highest first, from 1; equal values share the best of their ranks
/// ("1224" ranking), so a tie favours nobody.
pub fn competition_ranks(values: &[f64]) -> Vec<usize> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    values
        .iter()
        .map(|v| sorted.partition_point(|x| x > v) + 1)
        .collect()
}

/// Reciprocal rank fusion of a fit rank and a recent-activity rank, scaled to 0..1.
pub fn fuse(fit_rank: usize, activity_rank: usize) -> f64 {
    let rrf = |w: f64, r: usize| w / (FUSION_K + r as f64);
    (rrf(1.0, fit_rank) + rrf(W_ACTIVITY_RANK, activity_rank))
        / (rrf(1.0, 1) + rrf(W_ACTIVITY_RANK, 1))
}

/// `2^(−days since the last commit / INACTIVE_HALF_LIFE_DAYS)`; 0 for someone who never
/// committed.
pub fn inactivity(last: Option<i64>, now: i64) -> f64 {
    half_life_decay(last, now, INACTIVE_HALF_LIFE_DAYS)
}

/// `2^(−days since last / half_life)` (1 for a time "from the future", clock skew); 0 for `None`.
pub fn half_life_decay(last: Option<i64>, now: i64, half_life_days: f64) -> f64 {
    match last {
        None => 0.0,
        Some(t) => {
            let days = (now - t).max(0) as f64 / 86_400.0;
            (-(days / half_life_days) * std::f64::consts::LN_2).exp()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_best_rank() {
        assert_eq!(competition_ranks(&[0.5, 2.0, 0.5, 0.1]), [2, 1, 2, 4]);
        assert_eq!(competition_ranks(&[]), Vec::<usize>::new());
    }

    /// With k = 1 and w = 0.35 (the maximum 1/2 + 0.35/2 = 0.675): first by both is 1; second
    /// by fit and first by activity, (1/3 + 0.35/2)/0.675 = 0.7531; first by fit and tenth by
    /// activity, (1/2 + 0.35/11)/0.675 = 0.7879 — a clear specialist stays ahead of the busiest
    /// person, who in turn passes a specialist ranked third with no recent work (rank 40).
    #[test]
    fn fusion_by_hand() {
        assert!((fuse(1, 1) - 1.0).abs() < 1e-12);
        assert!((fuse(2, 1) - (1.0 / 3.0 + 0.175) / 0.675).abs() < 1e-12);
        assert!((fuse(1, 10) - (0.5 + 0.35 / 11.0) / 0.675).abs() < 1e-12);
        assert!(fuse(1, 10) > fuse(2, 1));
        assert!(fuse(2, 1) > fuse(3, 40));
    }

    /// A specialist, four people who each wrote the task's word once (yesterday), and the person
    /// doing most of the work lately (30 commits in 40 days, on other things): by fit alone the
    /// busiest person comes last; fused, they pass the two weakest matches (fit ranks 4 and 5
    /// with one commit each: 1/5 + 0.35/4 and 1/6 + 0.35/4 against 1/7 + 0.35/2).
    #[test]
    fn the_busiest_person_is_not_buried_by_weak_matches() {
        let day = 86_400;
        let now = 100 * day;
        let mut m = Model::new(6);
        let (parser, crash, other) = (
            m.vocab.intern("parser"),
            m.vocab.intern("crash"),
            m.vocab.intern("other"),
        );
        let commit = |m: &mut Model, d: usize, t: i64| m.activity[d].record(t);
        m.subjects.add(0, parser, 4);
        m.subjects.add(0, crash, 2);
        for i in 0..3 {
            commit(&mut m, 0, now - (5 + i) * day);
        }
        for d in 1..5 {
            m.subjects.add(d as u32, parser, 1);
            m.subjects.add(d as u32, other, d as u32);
            commit(&mut m, d, now - day - d as i64 * 3600);
        }
        m.subjects.add(5, other, 30);
        for i in 0..30 {
            commit(&mut m, 5, now - (10 + i) * day);
        }
        let (scored, _) = score(&m, &[parser, crash], &[], now, &|_| true);
        let fused: Vec<usize> = scored.iter().map(|s| s.dev).collect();
        let mut by_fit = scored.clone();
        by_fit.sort_by(|a, b| b.fit.total_cmp(&a.fit));
        let by_fit: Vec<usize> = by_fit.iter().map(|s| s.dev).collect();
        assert_eq!(by_fit[0], 0);
        assert_eq!(by_fit[5], 5, "{by_fit:?}");
        assert_eq!(fused[0], 0);
        assert_eq!(fused[3], 5, "{fused:?}");
    }

    #[test]
    fn inactivity_halves_per_half_life() {
        let day = 86_400;
        assert_eq!(inactivity(None, 0), 0.0);
        assert_eq!(inactivity(Some(5), 5), 1.0);
        assert!((inactivity(Some(0), 45 * day) - 0.5).abs() < 1e-12);
        assert!((inactivity(Some(0), 90 * day) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn latest_commit_recency_halves_every_few_days() {
        let day = 86_400;
        assert_eq!(half_life_decay(None, 0, LATEST_HALF_LIFE_DAYS), 0.0);
        assert_eq!(half_life_decay(Some(10 * day), day, 3.0), 1.0);
        assert!((half_life_decay(Some(0), 3 * day, 3.0) - 0.5).abs() < 1e-12);
        assert!((half_life_decay(Some(0), 6 * day, 3.0) - 0.25).abs() < 1e-12);
    }
}
