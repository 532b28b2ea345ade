//! Who should review a change: for each changed file, the owners of the changed lines (line
//! ownership at the change's base, from the worktree's view or travelled to through the
//! ownership log: `query::owners::owner_ids`) and then DOA
//! expertise; the change's authors and bots excluded, inactive people discounted, and people
//! already top-ranked for many recent changes marked so the load can be spread.

use std::collections::HashMap;

use anyhow::Result;
use serde::Serialize;

use super::change::Change;
use super::knowledge;
use super::load::{self, Loaded};
use super::model::Model;
use super::rank::inactivity;
use crate::query::{Context, Person};
use crate::reviews::ReviewHistory;

/// Weight of changed-line ownership in a file's score (expertise gets the rest).
pub const W_LINES: f64 = 0.6;
/// Recent non-merge changes looked at for load.
pub const LOAD_WINDOW: usize = 50;
/// Marked as loaded when top-ranked for at least this share of the window.
pub const LOAD_SHARE: f64 = 0.2;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewersReport {
    pub change: ChangeInfo,
    pub reviewers: Vec<Reviewer>,
    /// Synced pull requests whose reviews informed the ranking (absent without a sync).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_history: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeInfo {
    pub source: String,
    pub files: Vec<String>,
    /// Base-side lines the change touches.
    pub lines: usize,
    /// Excluded as the change's authors.
    pub authors: Vec<Person>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reviewer {
    pub developer: Person,
    /// 0..1: mean over changed files of line ownership and expertise, times the inactivity
    /// discount.
    pub score: f64,
    pub reasons: Vec<String>,
    /// Of the last [`LOAD_WINDOW`] changes, how many would have had this person as the top
    /// reviewer; set only when at least [`LOAD_SHARE`] of them (a signal, not a verdict).
    pub load: Option<usize>,
    /// Code-host accounts (`github:login`) behind this person, when review history is used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// Open pull requests awaiting this person's review (as last synced).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_requests: Option<u32>,
}

/// Ranks reviewers for `change`, leaving out its authors, `exclude` (developer indices) and bots.
pub fn suggest(
    ctx: &Context,
    change: &Change,
    exclude: &[usize],
    limit: usize,
) -> Result<ReviewersReport> {
    suggest_with(ctx, change, exclude, limit, None)
}

/// [`suggest`], fused with who reviewed such changes before when `history` holds synced pull
/// requests (`review_suggest`).
pub fn suggest_with(
    ctx: &Context,
    change: &Change,
    exclude: &[usize],
    limit: usize,
    history: Option<&ReviewHistory>,
) -> Result<ReviewersReport> {
    let loaded = load::load(ctx)?;
    let by_oid: HashMap<&str, usize> = loaded
        .commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.oid.as_str(), i))
        .collect();
    // the change's own commits: their authors and co-authors are out, and the knowledge they
    // brought does not count (a reviewer is judged on what was there before)
    let mut authors: Vec<usize> = exclude.to_vec();
    let mut own = vec![false; loaded.commits.len()];
    for oid in &change.commits {
        if let Some(&i) = by_oid.get(oid.to_string().as_str()) {
            own[i] = true;
            let c = &loaded.commits[i];
            for a in c.author.iter().chain(&c.devs) {
                if !authors.contains(a) {
                    authors.push(*a);
                }
            }
        }
    }
    let mut model = Model::new(loaded.devs.len());
    for (i, c) in loaded.commits.iter().enumerate() {
        if !own[i] {
            model.add(&loaded, c);
        }
    }
    let now = model.now;
    let clock = super::reasons::Clock::of(ctx, now);
    let path_ids: HashMap<&str, u32> = loaded
        .paths
        .iter()
        .map(|(&id, p)| (p.as_str(), id))
        .collect();
    let mut total_lines = 0;
    let mut score = vec![0.0f64; loaded.devs.len()];
    let mut why: Vec<Vec<(f64, String)>> = vec![Vec::new(); loaded.devs.len()];
    let base_id = match change.base {
        Some(base) => crate::index::plan::stored_id(ctx.store.conn(), base)?,
        None => None,
    };
    for f in &change.files {
        let path_id = path_ids.get(f.base_path.as_str()).copied();
        let owners = match (base_id, path_id, f.lines.is_empty()) {
            (Some(at), Some(path), false) => base_owners(ctx, &loaded, at, path, &f.lines)?,
            _ => Vec::new(),
        };
        total_lines += f.lines.len();
        let mut owned: HashMap<usize, usize> = HashMap::new();
        for d in owners.iter().flatten() {
            *owned.entry(*d).or_insert(0) += 1;
        }
        let with_owner = owners.iter().flatten().count();
        let key = path_id.and_then(|id| model.docs.key(id)).or_else(|| {
            path_ids
                .get(f.path.as_str())
                .and_then(|&id| model.docs.key(id))
        });
        let standings = key.map_or(Vec::new(), |k| {
            model.docs.files[k as usize].knowledge.standings(now)
        });
        let w_lines = if with_owner > 0 { W_LINES } else { 0.0 };
        for d in 0..loaded.devs.len() {
            let lines = owned.get(&d).copied().unwrap_or(0);
            let st = standings.iter().find(|(x, _)| *x == d).map(|s| s.1);
            let line_share = if with_owner > 0 {
                lines as f64 / with_owner as f64
            } else {
                0.0
            };
            let exp = st.map_or(0.0, |s| knowledge::expertise(&s));
            let s = w_lines * line_share + (1.0 - w_lines) * exp;
            if s <= 0.0 {
                continue;
            }
            score[d] += s / change.files.len().max(1) as f64;
            if lines > 0 {
                why[d].push((
                    line_share,
                    format!(
                        "owns {lines} of {with_owner} changed lines in {}",
                        f.base_path
                    ),
                ));
            }
            if let Some(st) = st {
                why[d].push((exp, super::reasons::on_file(&f.base_path, &st)));
            }
        }
    }
    let load = load_counts(&loaded, &model);
    let mut ranked: Vec<(usize, f64)> = (0..loaded.devs.len())
        .filter(|d| !loaded.devs[*d].bot && !authors.contains(d) && score[*d] > 0.0)
        .map(|d| (d, score[d] * inactivity(model.activity[d].last, now)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let person = |d: usize| Person {
        name: loaded.devs[d].name.clone(),
        email: loaded.devs[d].email.clone(),
    };
    let mut why_of = |d: usize| -> Vec<String> {
        let Some(w) = why.get_mut(d) else {
            return Vec::new();
        };
        let mut reasons = std::mem::take(w);
        reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut reasons: Vec<String> = reasons.into_iter().map(|r| r.1).take(4).collect();
        if let Some(last) = model.activity[d].last {
            reasons.push(clock.active(last));
        }
        reasons
    };
    let history = history.filter(|h| !h.is_empty());
    let reviewers = match history {
        None => ranked
            .into_iter()
            .take(limit)
            .map(|(d, s)| {
                let mut reasons = why_of(d);
                let n = load[d];
                let marked = n as f64 >= LOAD_SHARE * LOAD_WINDOW as f64;
                if marked {
                    reasons.push(format!(
                        "already top reviewer for {n} of the last {LOAD_WINDOW} changes"
                    ));
                }
                Reviewer {
                    developer: person(d),
                    score: (s * 1000.0).round() / 1000.0,
                    reasons,
                    load: marked.then_some(n),
                    accounts: Vec::new(),
                    open_requests: None,
                }
            })
            .collect(),
        Some(h) => {
            let files: Vec<String> = change
                .files
                .iter()
                .flat_map(|f| [f.path.clone(), f.base_path.clone()])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let now_secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(now, |d| d.as_secs() as i64);
            super::review_suggest::combine(h, &files, &authors, &ranked, now_secs)
                .into_iter()
                .take(limit)
                .map(|f| {
                    let someone = &h.people[f.who];
                    let mut reasons = match someone.dev {
                        Some(d) if d < loaded.devs.len() => why_of(d),
                        _ => Vec::new(),
                    };
                    reasons.splice(0..0, f.reasons.iter().cloned());
                    Reviewer {
                        developer: match someone.dev {
                            Some(d) if d < loaded.devs.len() => person(d),
                            _ => Person {
                                name: someone.name.clone(),
                                email: String::new(),
                            },
                        },
                        score: f.score,
                        reasons,
                        load: None,
                        accounts: someone.accounts.clone(),
                        open_requests: (f.open_requests > 0).then_some(f.open_requests),
                    }
                })
                .collect()
        }
    };
    Ok(ReviewersReport {
        change: ChangeInfo {
            source: change.source.clone(),
            files: change.files.iter().map(|f| f.path.clone()).collect(),
            lines: total_lines,
            authors: authors
                .iter()
                .filter(|&&d| d < loaded.devs.len())
                .map(|&d| person(d))
                .collect(),
        },
        reviewers,
        review_history: history.map(|h| h.pulls.len()),
    })
}

/// The developer owning each of `lines` of path `path` at indexed commit `at` (the change's base).
fn base_owners(
    ctx: &Context,
    loaded: &Loaded,
    at: u32,
    path: u32,
    lines: &[u32],
) -> Result<Vec<Option<usize>>> {
    let Some(owners) = crate::query::owners::owner_ids(ctx, at, path)? else {
        return Ok(Vec::new());
    };
    Ok(lines
        .iter()
        .map(|&l| {
            let commit = *owners.get((l as usize).checked_sub(1)?)?;
            author_of(loaded, commit)
        })
        .collect())
}

/// The author (developer index) of the commit with store id `commit`.
fn author_of(loaded: &Loaded, commit: u32) -> Option<usize> {
    let i = loaded
        .commits
        .binary_search_by_key(&commit, |c| c.id)
        .ok()?;
    loaded.commits[i].author
}

/// For each developer: of the last [`LOAD_WINDOW`] non-merge commits, how many would have had
/// them as the top reviewer (most expertise on the commit's files, its author left out), using
/// today's knowledge.
fn load_counts(loaded: &Loaded, model: &Model) -> Vec<usize> {
    let mut out = vec![0usize; loaded.devs.len()];
    let recent = loaded
        .commits
        .iter()
        .rev()
        .filter(|c| c.parents <= 1)
        .take(LOAD_WINDOW);
    for c in recent {
        let mut s = vec![0.0f64; loaded.devs.len()];
        for ch in &c.changes {
            let Some(k) = model.docs.key(ch.path) else {
                continue;
            };
            for (d, st) in model.docs.files[k as usize].knowledge.standings(model.now) {
                if Some(d) != c.author && d < s.len() {
                    s[d] += knowledge::expertise(&st);
                }
            }
        }
        let best = s
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0.0)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)));
        if let Some((d, _)) = best {
            out[d] += 1;
        }
    }
    out
}
