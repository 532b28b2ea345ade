//! The index's checks and repairs: the file (present, ours, this schema or older), SQLite's
//! `quick_check`, the engine that computed it, the indexed HEAD (still in the repository, and
//! how far behind HEAD), a writer at work, copies moved aside earlier. Repairs go through the
//! same path as every index run (`index::guard`: writer lock, move aside, rebuild).

use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{Report, Status};
use crate::index::guard::Notice;
use crate::index::IndexOptions;
use crate::repo::RepoInfo;
use crate::store::health::{self, Damage, Health};
use crate::store::lock::WriterLock;
use crate::store::{heal, Store};

pub fn check(info: &RepoInfo, db: &Path, repair: bool, report: &mut Report) {
    if let Some(pid) = WriterLock::holder(db) {
        report.push(
            "index",
            "writer",
            Status::Ok,
            format!("aexy (pid {pid}) is updating it now; doctor waits for it before repairing"),
        );
    }
    let mut rebuild: Option<Damage> = None;
    let mut update = false;
    match health::inspect(db) {
        Health::Missing | Health::Empty => {
            report.push("index", "file", Status::Warn, "no index yet".into());
            update = true;
        }
        Health::Unreadable(e) => report.push("index", "file", Status::Fail, e),
        Health::Damaged(d) => {
            report.push("index", "file", Status::Fail, d.to_string());
            rebuild = Some(d);
        }
        Health::Ready { version } => {
            let size = std::fs::metadata(db).map_or(0, |m| m.len());
            report.push(
                "index",
                "file",
                Status::Ok,
                format!(
                    "aexy index, schema {version} (this build: {}), {:.1} MB",
                    crate::store::schema::SCHEMA_VERSION,
                    size as f64 / 1e6
                ),
            );
            match health::quick_check(db) {
                Ok(Ok(())) => {
                    report.push("index", "integrity", Status::Ok, "quick_check: ok".into())
                }
                Ok(Err(problems)) => {
                    let first = problems.first().cloned().unwrap_or_default();
                    report.push(
                        "index",
                        "integrity",
                        Status::Fail,
                        format!("quick_check: {} problem(s), first: {first}", problems.len()),
                    );
                    rebuild = Some(Damage::Corrupt(first));
                }
                Err(e) => match health::damage_of_sql(&e) {
                    Some(d) => {
                        report.push("index", "integrity", Status::Fail, d.to_string());
                        rebuild = Some(d);
                    }
                    None => report.push("index", "integrity", Status::Fail, e.to_string()),
                },
            }
            if rebuild.is_none() {
                update = contents(info, db, report);
            }
        }
    }
    if repair && (rebuild.is_some() || update) {
        repair_index(info, db, rebuild, report);
    }
    let copies = heal::moved_copies(db);
    if !copies.is_empty() {
        let names: Vec<String> = copies.iter().map(|p| p.display().to_string()).collect();
        report.push(
            "index",
            "moved aside",
            Status::Ok,
            format!("kept for inspection, safe to delete: {}", names.join(", ")),
        );
    }
}

/// Moves a damaged index aside (under the writer lock), then builds or updates it.
fn repair_index(info: &RepoInfo, db: &Path, rebuild: Option<Damage>, report: &mut Report) {
    if let Some(damage) = rebuild {
        let moved = WriterLock::acquire(db, None, |_| {})
            .map_err(anyhow::Error::from)
            .and_then(|_lock| Ok(heal::move_aside(db, &damage, None)?));
        match moved {
            Ok(Some(m)) => report
                .actions
                .push(format!("moved the index aside to {}", m.to.display())),
            Ok(None) => {}
            Err(e) => {
                report.push("index", "repair", Status::Fail, format!("{e:#}"));
                return;
            }
        }
    }
    reindex(info, db, report);
}

/// The stored engine and HEAD against this build and the repository; true when an update is due.
fn contents(info: &RepoInfo, db: &Path, report: &mut Report) -> bool {
    let store = match Store::open_ro(db) {
        Ok(s) => s,
        Err(e) => {
            report.push("index", "contents", Status::Fail, e.to_string());
            return false;
        }
    };
    let engine = store.meta("engine").ok().flatten();
    let mut due = false;
    if engine.as_deref() != Some(crate::index::plan::ENGINE) {
        report.push(
            "index",
            "engine",
            Status::Warn,
            format!(
                "computed by engine {}, this build is {}: rebuilt on the next update",
                engine.as_deref().unwrap_or("?"),
                crate::index::plan::ENGINE
            ),
        );
        due = true;
    }
    let repo = crate::repo::open(&info.root).ok();
    // this worktree's view, else the HEAD of the last run (another worktree's)
    let view_head = repo.as_ref().and_then(|r| {
        let key = crate::index::view_key(r);
        crate::index::views::head_of(store.conn(), &key)
            .ok()
            .flatten()
    });
    let Some(indexed) = view_head.or_else(|| store.meta("head").ok().flatten()) else {
        report.push(
            "index",
            "indexed HEAD",
            Status::Warn,
            "the index is empty".into(),
        );
        return true;
    };
    let Some(repo) = repo else {
        return due;
    };
    let short = &indexed[..indexed.len().min(10)];
    let present = git2::Oid::from_str(&indexed)
        .ok()
        .filter(|id| repo.find_commit(*id).is_ok());
    let head = crate::repo::head_commit(&repo).ok();
    match (present, head) {
        (None, _) => {
            report.push(
                "index",
                "indexed HEAD",
                Status::Warn,
                format!("{short} is no longer in the repository (history rewritten, or objects lost): rebuilt on the next update"),
            );
            due = true;
        }
        (Some(i), Some(h)) if i == h => report.push(
            "index",
            "indexed HEAD",
            Status::Ok,
            format!("{short}, the repository's HEAD"),
        ),
        (Some(i), Some(h)) => {
            let behind = repo.graph_ahead_behind(h, i).map_or(0, |(ahead, _)| ahead);
            report.push(
                "index",
                "indexed HEAD",
                Status::Warn,
                format!("{short}; HEAD is {behind} commit(s) further: brought up to date on the next query"),
            );
            due = true;
        }
        (Some(_), None) => {}
    }
    due
}

/// Runs the index update, recording what it did.
fn reindex(info: &RepoInfo, db: &Path, report: &mut Report) {
    let moved = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = moved.clone();
    let opts = IndexOptions {
        notice: Some(Arc::new(move |n: &Notice<'_>| {
            if let (Notice::MovedAside(m), Ok(mut v)) = (n, sink.lock()) {
                v.push(format!("moved the index aside to {}", m.to.display()));
            }
        })),
        ..IndexOptions::default()
    };
    let result = crate::index::index_repository(&info.root, db, &opts);
    report
        .actions
        .extend(moved.lock().map(|v| v.clone()).unwrap_or_default());
    match result {
        Ok(s) => {
            let what = if s.mode == "rebuild" {
                format!("rebuilt the index: {} commits", s.commits)
            } else {
                format!(
                    "updated the index: {} new commits, at {}",
                    s.new_commits,
                    &s.head[..10]
                )
            };
            report.actions.push(what);
            for c in report.checks.iter_mut() {
                if c.subject == "index" && matches!(c.status, Status::Fail | Status::Warn) {
                    c.status = Status::Fixed;
                }
            }
        }
        Err(e) => report.push("index", "repair", Status::Fail, format!("{e:#}")),
    }
}
