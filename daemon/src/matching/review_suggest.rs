//! `aexy reviewers` with review history: the authorship ranking (changed-line owners and file
//! expertise, from `reviewers`) fused with RevFinder and cHRev over every synced review, with
//! the reasons in words and each candidate's open review requests (a load to spread, shown,
//! never hidden). People known only by their code-host account can be suggested too.

use std::collections::HashMap;

use super::review_model::{self, ReviewModel, FUSION_K};
use crate::reviews::ReviewHistory;

/// One fused candidate (a person of the history).
#[derive(Debug, Clone, PartialEq)]
pub struct Fused {
    pub who: usize,
    /// 0..1: the fused reciprocal-rank score over the best possible (first in all three).
    pub score: f64,
    pub reasons: Vec<String>,
    pub open_requests: u32,
}

/// Fuses `authorship` (developer index, score; best first) with the review history's rankings
/// for a change of `files`, leaving out `exclude` and bots.
pub fn combine(
    history: &ReviewHistory,
    files: &[String],
    exclude: &[usize],
    authorship: &[(usize, f64)],
    now: i64,
) -> Vec<Fused> {
    let mut exclude = exclude.to_vec();
    exclude.extend((0..history.people.len()).filter(|&w| history.is_bot(w)));
    let mut model = ReviewModel::until(history, i64::MAX);
    let by_path = model.revfinder(files, &exclude);
    let by_file = model.chrev(files, &exclude);
    let authorship: Vec<(usize, f64)> = authorship
        .iter()
        .copied()
        .filter(|(d, _)| !exclude.contains(d))
        .collect();
    let fused = review_model::fuse(&[&by_path, &by_file, &authorship]);
    let best = 3.0 / (FUSION_K + 1.0);
    let load = history.open_requests();
    let on_files = reviews_on(history, files);
    let near = by_path.iter().map(|x| x.0).collect::<Vec<_>>();
    fused
        .into_iter()
        .map(|(who, score)| {
            let mut reasons = Vec::new();
            if let Some(&(n, last)) = on_files.get(&who) {
                reasons.push(format!(
                    "reviewed {n} change(s) to these files, last {}",
                    super::reasons::ago(now, last)
                ));
            } else if near.contains(&who) {
                reasons.push(format!(
                    "reviewed {} change(s) at nearby paths",
                    model.reviews_by(who)
                ));
            }
            let open_requests = load.get(&who).copied().unwrap_or(0);
            if open_requests > 0 {
                reasons.push(format!("{open_requests} open review request(s) now"));
            }
            Fused {
                who,
                score: (score / best * 1000.0).round() / 1000.0,
                reasons,
                open_requests,
            }
        })
        .collect()
}

/// Per person: pull requests reviewed that touch any of `files`, and the latest review time.
fn reviews_on(history: &ReviewHistory, files: &[String]) -> HashMap<usize, (u32, i64)> {
    let mut out: HashMap<usize, (u32, i64)> = HashMap::new();
    for p in &history.pulls {
        if !p.files.iter().any(|f| files.contains(f)) {
            continue;
        }
        let mut seen = Vec::new();
        for (who, at) in p
            .reviews
            .iter()
            .map(|r| (r.who, r.at))
            .chain(p.comments.iter().map(|c| (c.who, c.at)))
        {
            if Some(who) == p.author {
                continue;
            }
            let e = out.entry(who).or_insert((0, at));
            if !seen.contains(&who) {
                e.0 += 1;
                seen.push(who);
            }
            e.1 = e.1.max(at);
        }
    }
    out
}
