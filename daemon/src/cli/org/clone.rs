//! `aexy org clone --github ORG | --gitlab GROUP DIR`: lists the organisation's repositories
//! through its API (archived ones and forks left out unless asked), then clones the missing
//! ones into `DIR/owner/name` and fetches the others, `--jobs` at a time, so that
//! `aexy org index|sync DIR` covers the whole organisation.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Result};
use serde::Serialize;

use crate::cli::output::terminal;
use crate::org::clone::{clone_all, Cloned, Wanted};
use crate::sources::{org_repos, System};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A GitHub organisation (or user); `GITHUB_API_URL` for Enterprise, `GITHUB_TOKEN` to list private repositories.
    #[arg(long, value_name = "ORG", required_unless_present = "gitlab")]
    pub github: Option<String>,
    /// A GitLab group, subgroups included (`group/sub`); `CI_API_V4_URL`, `GITLAB_TOKEN`.
    #[arg(long, value_name = "GROUP", conflicts_with = "github")]
    pub gitlab: Option<String>,
    /// Where the clones go: `DIR/owner/name`.
    pub dir: PathBuf,
    /// Repositories cloned or fetched at once.
    #[arg(long, default_value_t = 4)]
    pub jobs: usize,
    /// Clone archived repositories too.
    #[arg(long)]
    pub include_archived: bool,
    /// Clone forks too.
    #[arg(long)]
    pub include_forks: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    source: String,
    repositories: Vec<Cloned>,
    archived_skipped: usize,
    forks_skipped: usize,
    failed: usize,
    seconds: f64,
}

pub fn run(args: Args, global: &crate::cli::Global) -> Result<()> {
    let started = Instant::now();
    let (system, owner) = match (&args.github, &args.gitlab) {
        (Some(org), _) => (System::Github, org.trim_matches('/')),
        (None, Some(group)) => (System::Gitlab, group.trim_matches('/')),
        (None, None) => bail!("say which organisation: --github ORG or --gitlab GROUP"),
    };
    let valid = |c: char| {
        c.is_ascii_alphanumeric() || "-_.".contains(c) || (c == '/' && system == System::Gitlab)
    };
    if owner.is_empty() || !owner.chars().all(valid) {
        bail!("{:?} is not a {} name", terminal(owner), system.title());
    }
    let config = crate::config::Config::load(None)?;
    let listing = crate::cli::sources_common::runtime()?.block_on(org_repos::list(
        &config,
        system,
        owner,
        args.include_archived,
        args.include_forks,
    ))?;
    let wanted: Vec<Wanted> = listing
        .repos
        .iter()
        .map(|r| Wanted {
            name: r.name.clone(),
            url: r.clone_url.clone(),
        })
        .collect();
    let quiet = global.json;
    let total = wanted.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |c: &Cloned| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if quiet {
            return;
        }
        let what = match &c.error {
            Some(e) => format!("failed: {e}"),
            None => c.status.clone(),
        };
        if std::io::stderr().is_terminal() || c.error.is_some() || total <= 50 {
            eprintln!(
                "org clone: [{n}/{total}] {}: {}",
                terminal(&c.repository),
                terminal(&what)
            );
        }
    };
    let results = clone_all(&args.dir, &wanted, args.jobs, &progress);
    let report = Report {
        source: listing.describe,
        failed: results.iter().filter(|r| r.status == "failed").count(),
        repositories: results,
        archived_skipped: listing.archived_skipped,
        forks_skipped: listing.forks_skipped,
        seconds: started.elapsed().as_secs_f64(),
    };
    if global.json {
        crate::cli::output::json(&report)?;
    } else {
        let n = |s: &str| report.repositories.iter().filter(|r| r.status == s).count();
        println!(
            "{}: {} repositories in {:.1} s: {} cloned, {} fetched, {} failed; skipped {} archived, {} forks",
            terminal(&report.source),
            report.repositories.len(),
            report.seconds,
            n("cloned"),
            n("fetched"),
            report.failed,
            report.archived_skipped,
            report.forks_skipped
        );
    }
    super::failures(report.failed, report.repositories.len())
}
