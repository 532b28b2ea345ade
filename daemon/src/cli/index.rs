//! `aexy index [PATH]`: builds or updates the index, with a progress bar on a terminal and
//! plain progress lines otherwise, ending with a one-line summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::index::guard::{Notice, WhenBusy};
use crate::index::{index_repository, IndexOptions, Progress};
use crate::repo::RepoInfo;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A path inside the repository (default: the current directory).
    pub path: Option<PathBuf>,
    /// Worker threads for diffing (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Delete commits no tracked ref reaches any more now (done daily anyway).
    #[arg(long)]
    pub prune: bool,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (info, db) = super::target(args.path.as_deref(), global)?;
    let opts = Build {
        threads: args.threads,
        prune_now: args.prune,
        ..Build::new(global.json, WhenBusy::Wait)
    };
    let summary = build_with(&info, &db, opts)?;
    if global.json {
        return super::output::json(&summary);
    }
    println!(
        "indexed {}: {} commits ({} new), {} developers, {} files at HEAD in {:.2}s [{}]",
        info.root.display(),
        summary.commits,
        summary.new_commits,
        summary.developers,
        summary.files,
        summary.seconds,
        super::output::short(&summary.head)
    );
    if summary.indexed_commits > summary.commits {
        println!(
            "  {} more commits indexed on other branches and worktrees",
            summary.indexed_commits - summary.commits
        );
    }
    if summary.pruned_commits > 0 {
        println!(
            "  pruned {} commits no branch reaches any more",
            summary.pruned_commits
        );
    }
    if summary.mode == "rebuild" && summary.reason != crate::index::plan::FIRST_INDEX {
        println!("rebuilt from scratch: {}", summary.reason);
    }
    if summary.missing_blobs > 0 {
        println!(
            "note: {} blobs were missing (partial clone) and got no line counts",
            summary.missing_blobs
        );
    }
    Ok(())
}

/// How one index run goes.
pub struct Build {
    /// No progress on stderr.
    pub quiet: bool,
    /// Whether to wait for another process writing the same index.
    pub when_busy: WhenBusy,
    /// Commits to index beyond the tracked refs (a `--as-of` revision no ref reaches).
    pub extra: Vec<git2::Oid>,
    /// Worker threads for diffing (default: all cores).
    pub threads: Option<usize>,
    /// Prune unreachable commits now.
    pub prune_now: bool,
}

impl Build {
    pub fn new(quiet: bool, when_busy: WhenBusy) -> Self {
        Build {
            quiet,
            when_busy,
            extra: Vec::new(),
            threads: None,
            prune_now: false,
        }
    }
}

/// Indexes `info` into `db` as `how` says.
pub fn build(info: &RepoInfo, db: &Path, how: Build) -> anyhow::Result<crate::index::IndexSummary> {
    build_with(info, db, how)
}

fn build_with(
    info: &RepoInfo,
    db: &Path,
    how: Build,
) -> anyhow::Result<crate::index::IndexSummary> {
    let Build {
        quiet,
        when_busy,
        extra,
        threads,
        prune_now,
    } = how;
    let mut opts = IndexOptions {
        when_busy,
        extra_tips: extra,
        prune_now,
        // Waiting for another writer and healing a damaged index are said even when quiet.
        notice: Some(Arc::new(|n: &Notice<'_>| eprintln!("aexy: {n}"))),
        ..IndexOptions::default()
    };
    if let Some(t) = threads {
        opts.threads = t.max(1);
    }
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} indexing {pos}/{len} commits {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    if let Some(bar) = bar.clone() {
        opts.progress = Some(Arc::new(move |p: Progress| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }));
    } else if !quiet {
        let last = std::sync::atomic::AtomicU64::new(0);
        opts.progress = Some(Arc::new(move |p: Progress| {
            let pct = p.done * 10 / p.total.max(1);
            if pct > last.swap(pct, std::sync::atomic::Ordering::Relaxed) || p.done == p.total {
                eprintln!("indexing: {}/{} commits", p.done, p.total);
            }
        }));
    }
    let summary = index_repository(&info.root, db, &opts);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    summary
}
