//! Runs `aexy org index` and `aexy org sync` over many repositories: `jobs` worker threads each
//! take the next repository, bring its index up to date (incremental as always) and, for a
//! sync, extract its figures; the calling thread writes each repository's figures in its own
//! transaction as they arrive, shows one progress display, and records failures per repository
//! without stopping the others. A sync ends by re-resolving people across repositories.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::repos::Target;
use super::store::OrgStore;

/// What to do with each repository.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub jobs: usize,
    /// Only index (no org store).
    pub index_only: bool,
    /// Extract again even when the store holds the same commit.
    pub force: bool,
    /// An org-wide mailmap's text (identity step).
    pub mailmap: Option<String>,
    pub quiet: bool,
}

/// One repository's result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub repository: String,
    /// `indexed`, `synced`, `unchanged` or `failed`.
    pub status: String,
    pub error: Option<String>,
    pub commits: u64,
    pub new_commits: u64,
    pub index_seconds: f64,
    pub extract_seconds: f64,
    pub write_seconds: f64,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    pub repositories: Vec<Outcome>,
    pub failed: usize,
    pub people: Option<usize>,
    pub seconds: f64,
    pub jobs: usize,
}

struct Done {
    outcome: Outcome,
    figures: Option<super::extract::RepoFigures>,
}

/// Indexes one repository if needed; returns (info, db, commits, new commits, seconds).
fn index_one(
    t: &Target,
    threads: usize,
) -> Result<(crate::repo::RepoInfo, std::path::PathBuf, u64, u64, f64)> {
    let started = Instant::now();
    let info = crate::repo::discover(&t.path)?;
    // a listed directory inside some other repository is not that repository
    let at = std::fs::canonicalize(&t.path).unwrap_or_else(|_| t.path.clone());
    if at != info.root && at != info.git_dir {
        anyhow::bail!(
            "{} is not a git repository (it is inside {})",
            t.path.display(),
            info.root.display()
        );
    }
    let db = crate::store::location::default_db_path(&info.common_dir);
    let repo = crate::repo::open(&info.root)?;
    let (commits, new) = if db.exists() && crate::index::is_current(&repo, &db, &[]) {
        (0, 0)
    } else {
        let opts = crate::index::IndexOptions {
            threads: threads.max(1),
            ..crate::index::IndexOptions::default()
        };
        let s = crate::index::index_repository(&info.root, &db, &opts)?;
        (s.commits as u64, s.new_commits as u64)
    };
    Ok((info, db, commits, new, started.elapsed().as_secs_f64()))
}

fn work(t: &Target, threads: usize, opts: &RunOptions, stored_head: Option<&str>) -> Done {
    let mut o = Outcome {
        repository: t.name.clone(),
        status: "failed".into(),
        error: None,
        commits: 0,
        new_commits: 0,
        index_seconds: 0.0,
        extract_seconds: 0.0,
        write_seconds: 0.0,
    };
    let result = (|| -> Result<Option<super::extract::RepoFigures>> {
        let (info, db, commits, new, secs) = index_one(t, threads)?;
        (o.commits, o.new_commits, o.index_seconds) = (commits, new, secs);
        if opts.index_only {
            o.status = "indexed".into();
            return Ok(None);
        }
        let started = Instant::now();
        let ctx = crate::query::Context::open(&info.root, &db, None)?;
        if !opts.force && stored_head == Some(ctx.as_of.as_str()) {
            o.status = "unchanged".into();
            return Ok(None);
        }
        let fig = super::extract::extract(&ctx, &t.name, &t.path.display().to_string())?;
        o.commits = fig.commits;
        o.extract_seconds = started.elapsed().as_secs_f64();
        o.status = "synced".into();
        Ok(Some(fig))
    })();
    match result {
        Ok(figures) => Done {
            outcome: o,
            figures,
        },
        Err(e) => {
            o.status = "failed".into();
            o.error = Some(format!("{e:#}"));
            Done {
                outcome: o,
                figures: None,
            }
        }
    }
}

/// Runs over `targets`; `store` is required unless `opts.index_only`.
pub fn run(
    targets: &[Target],
    opts: &RunOptions,
    mut store: Option<&mut OrgStore>,
) -> Result<RunReport> {
    let started = Instant::now();
    let jobs = opts.jobs.clamp(1, targets.len().max(1));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = (cores / jobs).max(1);
    let heads: Arc<HashMap<String, String>> = Arc::new(match store.as_deref_mut() {
        Some(s) => s
            .query("SELECT name, head FROM repositories", &[])?
            .into_iter()
            .map(|r| (r[0].text(), r[1].text()))
            .collect(),
        None => HashMap::new(),
    });
    let bar = (!opts.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(targets.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} repositories {wide_bar} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let next = Arc::new(AtomicUsize::new(0));
    let targets: Arc<Vec<Target>> = Arc::new(targets.to_vec());
    let (tx, rx) = crossbeam_channel::bounded::<Done>(jobs);
    let mut handles = Vec::new();
    for _ in 0..jobs {
        let (next, targets, tx, heads, opts) = (
            next.clone(),
            targets.clone(),
            tx.clone(),
            heads.clone(),
            opts.clone(),
        );
        handles.push(std::thread::spawn(move || loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(t) = targets.get(i) else { break };
            let done = work(t, threads, &opts, heads.get(&t.name).map(String::as_str));
            if tx.send(done).is_err() {
                break;
            }
        }));
    }
    drop(tx);
    let verb = if opts.index_only {
        "org index"
    } else {
        "org sync"
    };
    let mut outcomes = Vec::new();
    let synced_at = crate::time::rfc3339(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
        0,
    );
    for mut done in rx {
        if let (Some(fig), Some(s)) = (done.figures.take(), store.as_deref_mut()) {
            let w = Instant::now();
            if let Err(e) = s.replace_repository(&fig, &synced_at) {
                done.outcome.status = "failed".into();
                done.outcome.error = Some(format!("writing to the org store: {e:#}"));
            }
            done.outcome.write_seconds = w.elapsed().as_secs_f64();
        }
        let o = &done.outcome;
        let line = match &o.error {
            Some(e) => format!("{}: failed: {e}", o.repository),
            None => format!(
                "{}: {} ({} commits, {:.1} s)",
                o.repository,
                o.status,
                o.commits,
                o.index_seconds + o.extract_seconds + o.write_seconds
            ),
        };
        match &bar {
            Some(b) => {
                if o.error.is_some() {
                    b.println(format!("{verb}: {line}"));
                }
                b.set_message(o.repository.clone());
                b.inc(1);
            }
            None if !opts.quiet => {
                eprintln!("{verb}: [{}/{}] {line}", outcomes.len() + 1, targets.len())
            }
            None => {}
        }
        outcomes.push(done.outcome);
    }
    for h in handles {
        let _ = h.join();
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let people = match store {
        Some(s) => Some(
            s.write(true, |e| {
                super::identities::resolve(e, opts.mailmap.as_deref())
            })
            .context("resolving people across repositories")?,
        ),
        None => None,
    };
    outcomes.sort_by(|a, b| a.repository.cmp(&b.repository));
    let failed = outcomes.iter().filter(|o| o.status == "failed").count();
    Ok(RunReport {
        repositories: outcomes,
        failed,
        people,
        seconds: started.elapsed().as_secs_f64(),
        jobs,
    })
}
