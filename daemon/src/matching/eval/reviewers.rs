//! `aexy eval reviewers`: replays the synced pull requests in creation order. For each one with
//! real reviewers, every method ranks candidates from what happened before it was opened (review
//! events earlier than its creation; commits up to then, in topological order) and we look for
//! its actual reviewers: Hit@k and MRR of the best-placed one, against baselines, and again for
//! the non-obvious reviewers alone (those who are not the top author of its files).

use std::collections::HashMap;

use serde::Serialize;

use super::metrics::{self, MethodResult, Placement, Tally};
use crate::matching::knowledge;
use crate::matching::load::Loaded;
use crate::matching::model::Model;
use crate::matching::review_model::{self, Event, ReviewModel};
use crate::reviews::ReviewHistory;

/// The methods, in report order.
pub const METHODS: [&str; 5] = [
    "aexy",
    "revFinder",
    "cHRev",
    "authorship",
    "mostActiveReviewer",
];

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewerEval {
    pub pulls: usize,
    /// Pull requests with at least one reviewer other than their author (and not a bot).
    pub reviewed: usize,
    /// Of those, opened before any review had happened (nothing to learn from): left out.
    pub cold_start: usize,
    pub evaluated: usize,
    /// Mean actual reviewers per evaluated pull request.
    pub reviewers_per_pull: f64,
    pub results: Vec<MethodResult>,
    /// Pull requests with a reviewer who is not the top author of their files.
    pub non_obvious_evaluated: usize,
    /// Finding those reviewers alone.
    pub non_obvious: Vec<MethodResult>,
    /// The share of `mostActiveReviewer`'s Hit@3 misses that `aexy` removes.
    pub active_misses_removed: f64,
}

/// The best placement of any target in a ranked list (a miss: after everyone listed).
fn best_place(list: &[(usize, f64)], targets: &[usize]) -> Placement {
    targets
        .iter()
        .filter_map(|&t| metrics::place(list, t))
        .max_by(|a, b| metrics::reciprocal_rank(*a).total_cmp(&metrics::reciprocal_rank(*b)))
        .unwrap_or(Placement {
            better: list.len().max(10),
            tied: 1,
        })
}

/// Authorship of `files` at the model's time: the sum of each developer's expertise.
fn authorship(
    model: &Model,
    path_ids: &HashMap<&str, u32>,
    files: &[String],
    exclude: &[usize],
) -> Vec<(usize, f64)> {
    let mut scores: HashMap<usize, f64> = HashMap::new();
    for f in files {
        let Some(key) = path_ids.get(f.as_str()).and_then(|&id| model.docs.key(id)) else {
            continue;
        };
        for (d, st) in model.docs.files[key as usize]
            .knowledge
            .standings(model.now)
        {
            if !exclude.contains(&d) {
                *scores.entry(d).or_insert(0.0) += knowledge::expertise(&st);
            }
        }
    }
    crate::matching::revfinder::sorted(scores)
}

/// Runs the replay. `loaded` gives the commits for authorship (developer indices are the
/// history's first `history.developers` people).
pub fn run(history: &ReviewHistory, loaded: &Loaded) -> ReviewerEval {
    let path_ids: HashMap<&str, u32> = loaded
        .paths
        .iter()
        .map(|(&id, p)| (p.as_str(), id))
        .collect();
    let events: Vec<Event<'_>> = review_model::events(history);
    let bots: Vec<usize> = (0..history.people.len())
        .filter(|&w| history.is_bot(w))
        .collect();
    let mut order: Vec<usize> = (0..history.pulls.len()).collect();
    order.sort_by_key(|&i| (history.pulls[i].created, i));

    let mut model = ReviewModel::default();
    let mut authors = Model::new(loaded.devs.len());
    let (mut next_event, mut next_commit) = (0usize, 0usize);
    let mut tallies = vec![Tally::default(); METHODS.len()];
    let mut hidden = vec![Tally::default(); METHODS.len()];
    let (mut reviewed, mut cold_start, mut reviewers_total) = (0usize, 0usize, 0usize);

    for &i in &order {
        let pull = &history.pulls[i];
        while next_event < events.len() && events[next_event].at < pull.created {
            model.learn(history, &events[next_event]);
            next_event += 1;
        }
        while next_commit < loaded.commits.len() && loaded.commits[next_commit].time <= pull.created
        {
            authors.add(loaded, &loaded.commits[next_commit]);
            next_commit += 1;
        }
        let targets: Vec<usize> = pull
            .reviewers()
            .into_iter()
            .filter(|w| !bots.contains(w))
            .collect();
        if targets.is_empty() {
            continue;
        }
        reviewed += 1;
        if model.events == 0 {
            cold_start += 1;
            continue;
        }
        reviewers_total += targets.len();
        let mut exclude = bots.clone();
        exclude.extend(pull.author);
        let by_path = model.revfinder(&pull.files, &exclude);
        let by_file = model.chrev(&pull.files, &exclude);
        let by_author = authorship(&authors, &path_ids, &pull.files, &exclude);
        let fused = review_model::fuse(&[&by_path, &by_file, &by_author]);
        let active = model.most_active(&exclude);
        let lists = [&fused, &by_path, &by_file, &by_author, &active];
        for (t, list) in tallies.iter_mut().zip(lists) {
            t.add(best_place(list, &targets));
        }
        let obvious = by_author.first().map(|x| x.0);
        let non_obvious: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|&t| Some(t) != obvious)
            .collect();
        if !non_obvious.is_empty() {
            for (t, list) in hidden.iter_mut().zip(lists) {
                t.add(best_place(list, &non_obvious));
            }
        }
    }
    let results: Vec<MethodResult> = METHODS
        .iter()
        .zip(&tallies)
        .map(|(m, t)| t.result(m))
        .collect();
    let evaluated = tallies[0].n;
    ReviewerEval {
        pulls: history.pulls.len(),
        reviewed,
        cold_start,
        evaluated,
        reviewers_per_pull: if evaluated > 0 {
            ((reviewers_total as f64 / evaluated as f64) * 100.0).round() / 100.0
        } else {
            0.0
        },
        active_misses_removed: metrics::misses_removed(results[4].hit3, results[0].hit3),
        non_obvious_evaluated: hidden[0].n,
        non_obvious: METHODS
            .iter()
            .zip(&hidden)
            .map(|(m, t)| t.result(m))
            .collect(),
        results,
    }
}
