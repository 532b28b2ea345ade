//! `aexy org …`: many repositories, one org store. `clone` fills a directory from a GitHub
//! organisation or GitLab group; `index` and `sync` run over a directory of clones or a list
//! file with `--jobs N`; `experts`, `risk`, `people` and `report` answer from
//! the store (`--store FILE|postgres://…`, `AEXY_ORG_STORE`, `[org] store` in the user config,
//! else `org.sqlite` in the data dir).

mod answer;
mod bench;
mod clone;

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::org::{repos, run, OrgStore};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The org store: an SQLite file or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "AEXY_ORG_STORE",
        hide_env_values = true,
        value_name = "FILE|URL"
    )]
    pub store: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// Which repositories.
#[derive(Debug, clap::Args)]
pub struct Set {
    /// A directory of clones (`DIR/name` or `DIR/owner/name`).
    pub dir: Option<PathBuf>,
    /// A file listing repository paths, one a line (a shard).
    #[arg(long, value_name = "FILE", conflicts_with = "dir")]
    pub list: Option<PathBuf>,
    /// Repositories processed at once.
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Clone (or fetch) a GitHub organisation's or GitLab group's repositories into DIR/owner/name.
    Clone(clone::Args),
    /// Index every repository (incremental), in parallel.
    Index(Set),
    /// Index, then store each repository's derived figures in the org store.
    Sync {
        #[command(flatten)]
        set: Set,
        /// An org-wide .mailmap joining people the rules leave apart.
        #[arg(long, value_name = "FILE")]
        mailmap: Option<PathBuf>,
        /// Extract again even when the store has the repository at the same commit.
        #[arg(long)]
        force: bool,
    },
    /// Who in the organisation knows this (free text).
    Experts {
        text: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Repositories and directories by truck factor, silos, orphaned code, key people.
    Risk {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// A person's footprint across repositories (name, e-mail or alias).
    People { developer: String },
    /// The organisation's HTML report (one self-contained page).
    Report {
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, default_value_t = 30)]
        limit: usize,
        /// Show people's e-mail addresses.
        #[arg(long)]
        show_emails: bool,
    },
    /// Remove a repository and its figures from the store.
    Remove { name: String },
    /// Print the store canonically (sorted rows; to compare stores).
    Dump,
    /// Measure org queries (p50/p99) on the store, or fill it with synthetic repositories.
    Bench(bench::Args),
}

/// The store location: `--store`/`AEXY_ORG_STORE`, else `[org] store` in the user config, else
/// `org.sqlite` in the data dir.
pub fn store_location(flag: Option<&str>) -> String {
    if let Some(s) = flag.filter(|s| !s.is_empty()) {
        return s.to_string();
    }
    crate::config::Config::load(None)
        .ok()
        .and_then(|c| c.get("org.store"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::org::default_store().display().to_string())
}

fn targets(set: &Set) -> Result<Vec<repos::Target>> {
    match (&set.list, &set.dir) {
        (Some(list), _) => repos::from_list(list),
        (None, Some(dir)) => repos::in_directory(dir),
        (None, None) => repos::in_directory(std::path::Path::new(".")),
    }
}

pub fn run(args: Args, global: &super::Global) -> Result<()> {
    let location = store_location(args.store.as_deref());
    let open = || OrgStore::open(&location);
    match args.command {
        Command::Clone(a) => clone::run(a, global),
        Command::Index(set) => {
            let opts = run::RunOptions {
                jobs: set.jobs,
                index_only: true,
                force: false,
                mailmap: None,
                quiet: global.json,
            };
            finish(run::run(&targets(&set)?, &opts, None)?, global)
        }
        Command::Sync {
            set,
            mailmap,
            force,
        } => {
            let mailmap = mailmap
                .map(|p| {
                    std::fs::read_to_string(&p)
                        .map_err(|e| anyhow::anyhow!("reading the mailmap {}: {e}", p.display()))
                })
                .transpose()?;
            let targets = targets(&set)?;
            let mut store = open()?;
            let opts = run::RunOptions {
                jobs: set.jobs,
                index_only: false,
                force,
                mailmap,
                quiet: global.json,
            };
            let report = run::run(&targets, &opts, Some(&mut store))?;
            if !global.json {
                eprintln!("org store: {}", store.describe);
            }
            finish(report, global)
        }
        Command::Experts { text, limit } => answer::experts(&mut open()?, &text, limit, global),
        Command::Risk { limit } => answer::risk(&mut open()?, limit, global),
        Command::People { developer } => answer::people(&mut open()?, &developer, global),
        Command::Report {
            output,
            limit,
            show_emails,
        } => {
            let html = crate::org::report::html(&mut open()?, limit, show_emails)?;
            match output {
                Some(p) => {
                    std::fs::write(&p, html)?;
                    eprintln!("wrote {}", p.display());
                    Ok(())
                }
                None => {
                    print!("{html}");
                    Ok(())
                }
            }
        }
        Command::Remove { name } => {
            let mut s = open()?;
            if !s.remove_repository(&name)? {
                bail!("{name:?} is not in the org store");
            }
            s.write(true, |e| crate::org::identities::resolve(e, None))?;
            println!("removed {name}");
            Ok(())
        }
        Command::Dump => {
            print!("{}", crate::org::dump::dump(&mut open()?)?);
            Ok(())
        }
        Command::Bench(a) => bench::run(a, &location, global),
    }
}

fn finish(report: run::RunReport, global: &super::Global) -> Result<()> {
    if global.json {
        super::output::json(&report)?;
    } else {
        let n = |s: &str| report.repositories.iter().filter(|o| o.status == s).count();
        println!(
            "{} repositories in {:.1} s with {} jobs: {} indexed, {} synced, {} unchanged, {} failed{}",
            report.repositories.len(),
            report.seconds,
            report.jobs,
            n("indexed"),
            n("synced"),
            n("unchanged"),
            report.failed,
            report
                .people
                .map(|p| format!("; {p} people across repositories"))
                .unwrap_or_default()
        );
        for o in report.repositories.iter().filter(|o| o.error.is_some()) {
            println!(
                "  {}: {}",
                o.repository,
                o.error.as_deref().unwrap_or_default()
            );
        }
    }
    failures(report.failed, report.repositories.len())
}

/// The error a run with failed repositories ends with (its exit status), after its report.
fn failures(failed: usize, total: usize) -> Result<()> {
    if failed > 0 {
        bail!("{failed} of {total} repositories failed");
    }
    Ok(())
}
