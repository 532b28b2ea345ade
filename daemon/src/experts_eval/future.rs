//! `aexy eval experts [PATH] --window-days N`: a check of the experts on any repository's own
//! history. At a revision T (N days before HEAD), every developer who had changed a file is
//! asked about as in the survey; the answer is what they did next: a *maintainer* changed the
//! file again in the N days after T, a *non-maintainer* did not. Only files someone changed in
//! that window count (a file nobody touched says nothing about who maintains it), and only
//! Linguist's detectable files, as for the truck factor. Up to `files` of them are asked about,
//! evenly spread over the eligible ones (each needs its blame at T, replayed from history).
//!
//! It measures one side of maintaining a file, doing its next changes; the survey asks people.

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::score::Rates;
use crate::insights::{context, expertise, history};

/// How many files the check asks about by default.
pub const DEFAULT_FILES: usize = 400;
use crate::query::Context;

/// The check's answer.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FutureReport {
    /// The revision the experts are asked at, and its time.
    pub at: String,
    pub at_time: i64,
    pub window_days: u32,
    /// Detectable files at T that someone changed in the window, and how many were asked about.
    pub eligible_files: usize,
    pub files: usize,
    /// `aexy owners`' experts at T.
    pub aexy: Rates,
    /// Avelino's DOA authors at T (the truck factor's).
    pub doa_authors: Rates,
    /// Every developer asked about, with `rows` (empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<FutureRow>,
}

/// One developer of one file at T, and whether they changed it in the window.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FutureRow {
    pub path: String,
    pub changes: u32,
    pub lines: u32,
    pub standing: expertise::Standing,
    pub changed_later: bool,
}

/// Runs the check with `at` opened as of T; the window ends `window_days` after T's time.
/// At most `max_files` files are asked about; `rows` keeps every developer in the report.
pub fn run(at: &Context, window_days: u32, max_files: usize, rows: bool) -> Result<FutureReport> {
    let t = context::revision_time(at)?;
    let until = t + i64::from(window_days) * crate::insights::calendar::DAY;
    // what came after T on the way to the indexed HEAD (other branches are not "next")
    let head = crate::query::Scope::ancestors_of_id(at.store.conn(), at.view.commit)?;
    let after = |id: i64| u32::try_from(id).is_ok_and(|i| head.contains(i) && !at.included(i));
    let (commits, paths) = context::with_scope_of(at, false, &after, history::load_commits)?;
    let later: HashMap<i64, &[usize]> = commits
        .iter()
        .filter(|c| c.time > t && c.time <= until)
        .map(|c| (c.id, c.devs.as_slice()))
        .collect();
    let snapshot = context::snapshot_paths(at)?.unwrap_or_default();
    let mut report = FutureReport {
        at: at.as_of.clone(),
        at_time: t,
        window_days,
        eligible_files: 0,
        files: 0,
        aexy: Rates::default(),
        doa_authors: Rates::default(),
        rows: Vec::new(),
    };
    let mut st = at
        .store
        .conn()
        .prepare("SELECT commit_id FROM file_changes WHERE path_id = ?1")?;
    let mut eligible: Vec<(i64, &str, HashSet<usize>)> = Vec::new();
    for id in snapshot {
        let Some(info) = paths.get(&id).filter(|p| p.detectable) else {
            continue;
        };
        let changers: HashSet<usize> = st
            .query_map([id], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|c| later.get(&c))
            .flat_map(|devs| devs.iter().copied())
            .collect();
        if !changers.is_empty() {
            eligible.push((id, info.path.as_str(), changers));
        }
    }
    eligible.sort_by(|a, b| a.1.cmp(b.1));
    report.eligible_files = eligible.len();
    let step = eligible.len().div_ceil(max_files.max(1)).max(1);
    for (id, display, changers) in eligible.into_iter().step_by(step) {
        let path =
            at.store
                .conn()
                .query_row("SELECT path FROM paths WHERE id = ?1", [id], |r| {
                    r.get::<_, Vec<u8>>(0)
                })?;
        let f = context::file_standings(at, &path)?;
        if f.devs.is_empty() {
            continue;
        }
        report.files += 1;
        for s in &f.devs {
            let maintainer = changers.contains(&s.dev);
            report
                .aexy
                .add(maintainer, s.verdict.maintainer == maintainer);
            report
                .doa_authors
                .add(maintainer, s.authorship.author == maintainer);
            if rows {
                report.rows.push(FutureRow {
                    path: display.to_string(),
                    changes: f.changes,
                    lines: f.lines,
                    standing: s.clone(),
                    changed_later: maintainer,
                });
            }
        }
    }
    Ok(report)
}
