//! The baselines computed in the same replay, each a score per candidate: `mostActive` (commits
//! so far), `mostActiveRecent` (commits in the last 90 days), `bm25Subjects` (BM25 of the query
//! over each developer's past subjects) and `pathOracle` (expertise on the files the commit
//! really changed — an upper reference no real query has). `random` needs no scores.

use crate::insights::ChangeKind;

use super::super::knowledge;
use super::super::load::Change;
use super::super::model::Model;
use super::super::rank::RECENT_DAYS;

/// Commits so far.
pub fn most_active(model: &Model, cands: &[usize]) -> Vec<(usize, f64)> {
    cands
        .iter()
        .map(|&d| (d, f64::from(model.activity[d].commits)))
        .collect()
}

/// Commits in the [`RECENT_DAYS`] before `now`.
pub fn most_active_recent(model: &Model, cands: &[usize], now: i64) -> Vec<(usize, f64)> {
    cands
        .iter()
        .map(|&d| (d, f64::from(model.activity[d].recent(now, RECENT_DAYS))))
        .collect()
}

/// BM25 of `q` over each candidate's past subjects.
pub fn bm25_subjects(model: &Model, cands: &[usize], q: &[u32]) -> Vec<(usize, f64)> {
    let s = model.subjects.score(q);
    cands
        .iter()
        .map(|&d| (d, s.get(&(d as u32)).copied().unwrap_or(0.0)))
        .collect()
}

/// Sum of each candidate's expertise on the files `changes` touched that existed before.
pub fn path_oracle(
    model: &Model,
    cands: &[usize],
    changes: &[Change],
    now: i64,
) -> Vec<(usize, f64)> {
    let mut score = vec![0.0; model.activity.len()];
    for ch in changes {
        let path = match (ch.kind, ch.old) {
            (ChangeKind::Renamed, Some(old)) => old,
            _ => ch.path,
        };
        let Some(key) = model.docs.key(path) else {
            continue;
        };
        for (d, st) in model.docs.files[key as usize].knowledge.standings(now) {
            if let Some(s) = score.get_mut(d) {
                *s += knowledge::expertise(&st);
            }
        }
    }
    cands.iter().map(|&d| (d, score[d])).collect()
}
