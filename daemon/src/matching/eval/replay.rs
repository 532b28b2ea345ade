//! The replay loop: grow one model commit by commit in topological-id order; at each held-out
//! commit, first decide whether it is excluded, else rank the candidates (developers with an
//! earlier commit, no bots) with every method before the commit itself is added.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::Result;

use super::exclude::{self, Excluded, Reason};
use super::metrics::{self, Placement, Tally};
use super::{baselines, mask, EvalReport, Miss};
use crate::matching::load::{self, Commit, Loaded};
use crate::matching::model::Model;
use crate::matching::{rank, task};
use crate::query::Context;

/// The methods, in report order (`aexyExpanded` only when an expansion is given).
pub const METHODS: [&str; 8] = [
    "aexy",
    "aexyUnmasked",
    "random",
    "mostActive",
    "mostActiveRecent",
    "bm25Subjects",
    "pathOracle",
    "aexyExpanded",
];

/// Extra query words for a masked query (e.g. from an LLM, which the engine never calls
/// itself: the caller hands this in).
pub type Expand<'a> = dyn FnMut(&str) -> String + 'a;

/// Replays the last `holdout` non-merge commits of `ctx`'s scope, after leaving out the newest
/// `skip` of them (an earlier window, for choosing settings without touching the reported one).
pub fn run(ctx: &Context, holdout: usize, skip: usize, list_misses: bool) -> Result<EvalReport> {
    run_expanded(ctx, holdout, skip, list_misses, None)
}

/// [`run`], also ranking each masked query with `expand`'s words added (`aexyExpanded`).
pub fn run_expanded(
    ctx: &Context,
    holdout: usize,
    skip: usize,
    list_misses: bool,
    mut expand: Option<&mut Expand<'_>>,
) -> Result<EvalReport> {
    let started = Instant::now();
    let loaded = load::load(ctx)?;
    let held: Vec<usize> = loaded
        .commits
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, c)| c.parents <= 1 && !c.boundary)
        .skip(skip)
        .take(holdout)
        .map(|(i, _)| i)
        .collect();
    let held_set: HashSet<usize> = held.iter().copied().collect();
    let first = held.iter().copied().min().unwrap_or(loaded.commits.len());
    let people = mask::people_words(loaded.devs.iter().filter(|d| !d.bot).flat_map(|d| {
        std::iter::once((d.name.as_str(), d.email.as_str()))
            .chain(d.aliases.iter().map(|(n, e)| (n.as_str(), e.as_str())))
    }));
    let mut by_subject: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut model = Model::new(loaded.devs.len());
    let mut excluded = Excluded::default();
    let mut tallies: Vec<Tally> = vec![Tally::default(); METHODS.len()];
    let mut candidates_total = 0usize;
    let mut misses: Vec<Miss> = Vec::new();
    for (i, c) in loaded.commits.iter().enumerate() {
        if i == first {
            // identifiers of the files as they were just before the first held-out commit
            if let Some(parent) = first_parent(ctx, &c.oid) {
                task::add_tree_content(ctx, &mut model, &parent)?;
            }
        }
        if i >= first && c.parents > 1 {
            excluded.merges += 1;
        }
        if held_set.contains(&i) {
            match exclusion(ctx, &loaded, &model, &by_subject, c) {
                Some(r) => excluded.count(r),
                None => {
                    let author = c.author.unwrap_or(usize::MAX);
                    let cands: Vec<usize> = (0..loaded.devs.len())
                        .filter(|&d| !loaded.devs[d].bot && model.activity[d].commits > 0)
                        .collect();
                    candidates_total += cands.len();
                    let extra = expand
                        .as_mut()
                        .map(|f| f(&masked_query(&loaded, &people, c)));
                    let places = evaluate(
                        &loaded,
                        &model,
                        &people,
                        c,
                        author,
                        &cands,
                        extra.as_deref(),
                    );
                    for (t, p) in tallies.iter_mut().zip(&places) {
                        t.add(*p);
                    }
                    if list_misses && metrics::hit_at(places[0], 5) < 1.0 {
                        misses.push(miss(&loaded, &model, &people, c, author, &places));
                    }
                }
            }
        }
        if c.parents <= 1 {
            by_subject.entry(c.subject.as_str()).or_default().push(i);
        }
        model.add(&loaded, c);
    }
    let evaluated = tallies[0].n;
    let shown = if expand.is_some() {
        METHODS.len()
    } else {
        METHODS.len() - 1
    };
    let results: Vec<metrics::MethodResult> = METHODS
        .iter()
        .zip(&tallies)
        .take(shown)
        .map(|(m, t)| t.result(m))
        .collect();
    excluded.new_author_share = if held.is_empty() {
        0.0
    } else {
        excluded.new_authors as f64 / held.len() as f64
    };
    Ok(EvalReport {
        repository: ctx.root.display().to_string(),
        head: ctx.as_of.clone(),
        held_out: held.len(),
        skipped: skip,
        evaluated,
        excluded,
        candidates: if evaluated == 0 {
            0.0
        } else {
            (candidates_total as f64 / evaluated as f64 * 10.0).round() / 10.0
        },
        recent_misses_removed: metrics::misses_removed(results[4].hit5, results[0].hit5),
        results,
        misses,
        seconds: (started.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    })
}

fn first_parent(ctx: &Context, oid: &str) -> Option<String> {
    let c = ctx.repo.find_commit(git2::Oid::from_str(oid).ok()?).ok()?;
    Some(c.parent_id(0).ok()?.to_string())
}

/// Why `c` is not evaluated, if it is not.
fn exclusion(
    ctx: &Context,
    loaded: &Loaded,
    model: &Model,
    by_subject: &HashMap<&str, Vec<usize>>,
    c: &Commit,
) -> Option<Reason> {
    if exclude::is_revert(&c.subject, &c.body) {
        return Some(Reason::Revert);
    }
    if exclude::is_release(&c.subject) {
        return Some(Reason::Release);
    }
    let Some(author) = c.author.filter(|&a| !loaded.devs[a].bot) else {
        return Some(Reason::Bot);
    };
    if exclude::has_cherry_pick_note(&c.body) {
        return Some(Reason::CherryPick);
    }
    if let Some(earlier) = by_subject.get(c.subject.as_str()) {
        if let Some(own) = exclude::patch_id(&ctx.repo, &c.oid) {
            let same = earlier
                .iter()
                .any(|&j| exclude::patch_id(&ctx.repo, &loaded.commits[j].oid) == Some(own));
            if same {
                return Some(Reason::CherryPick);
            }
        }
    }
    if model.activity.get(author).is_none_or(|a| a.commits == 0) {
        return Some(Reason::NewAuthor);
    }
    None
}

/// A held-out commit whose author `aexy` placed outside the first five, for study.
fn miss(
    loaded: &Loaded,
    model: &Model,
    people: &HashSet<String>,
    c: &Commit,
    author: usize,
    places: &[Placement],
) -> Miss {
    let a = &model.activity[author];
    Miss {
        commit: c.oid.clone(),
        query: masked_query(loaded, people, c),
        author: loaded.devs[author].name.clone(),
        earlier_commits: a.commits,
        days_since_last: a.last.map(|t| (c.time - t) / 86_400),
        rank: places[0].better + 1,
        recent_rank: places[4].better + 1,
        oracle_rank: places[6].better + 1,
    }
}

/// The held-out commit's subject as every method sees it: people, paths and references masked.
fn masked_query(loaded: &Loaded, people: &HashSet<String>, c: &Commit) -> String {
    let paths = mask::path_words(c.changes.iter().flat_map(|ch| {
        std::iter::once(loaded.path(ch.path)).chain(ch.old.map(|o| loaded.path(o)))
    }));
    mask::mask(&c.subject, people, &paths)
}

/// The author's placement under every method, in [`METHODS`] order (`extra`: the expansion's
/// words for `aexyExpanded`).
fn evaluate(
    loaded: &Loaded,
    model: &Model,
    people: &HashSet<String>,
    c: &Commit,
    author: usize,
    cands: &[usize],
    extra: Option<&str>,
) -> Vec<Placement> {
    let masked = masked_query(loaded, people, c);
    let q = model.query_terms(&masked);

    let q_raw = model.query_terms(&c.subject);
    let is_cand = {
        let mut v = vec![false; loaded.devs.len()];
        for &d in cands {
            v[d] = true;
        }
        v
    };
    let cand = |d: usize| is_cand.get(d).copied().unwrap_or(false);
    let now = c.time;
    // exactly the list `aexy match` shows: someone it leaves out is a miss
    let ours = |q: &[u32]| -> Vec<(usize, f64)> {
        rank::score(model, q, &[], now, &cand)
            .0
            .into_iter()
            .filter(|s| rank::is_listed(s, q.is_empty()))
            .map(|s| (s.dev, s.score))
            .collect()
    };
    let all_tied: Vec<(usize, f64)> = cands.iter().map(|&d| (d, 0.0)).collect();
    let lists = [
        ours(&q),
        ours(&q_raw),
        all_tied,
        baselines::most_active(model, cands),
        baselines::most_active_recent(model, cands, now),
        baselines::bm25_subjects(model, cands, &q),
        baselines::path_oracle(model, cands, &c.changes, now),
        // ranked only when there is an expansion (not reported otherwise)
        match extra {
            Some(words) => ours(&model.query_terms(&format!("{masked} {words}"))),
            None => Vec::new(),
        },
    ];
    lists
        .iter()
        .map(|l| {
            metrics::place(l, author).unwrap_or(Placement {
                better: cands.len(),
                tied: 1,
            })
        })
        .collect()
}
