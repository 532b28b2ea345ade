//! `aexy doctor [PATH]`: checks the index and the repository, repairs what it can (unless
//! `--check`), and prints each check and what it did; exits non-zero when something is still
//! wrong.

use std::path::PathBuf;

use crate::doctor::{self, Status};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A path inside the repository (default: the current directory).
    pub path: Option<PathBuf>,
    /// Only check: change nothing.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (info, db) = super::target(args.path.as_deref(), global)?;
    let report = doctor::run(&info, &db, !args.check);
    if global.json {
        super::output::json(&report)?;
    } else {
        println!("repository  {}", report.repository.display());
        println!("index       {}", report.index.display());
        for c in &report.checks {
            let status = match c.status {
                Status::Ok => "ok",
                Status::Warn => "warn",
                Status::Fail => "FAIL",
                Status::Fixed => "fixed",
            };
            println!("{status:<6} {:<10} {:<13} {}", c.subject, c.name, c.detail);
        }
        if report.actions.is_empty() {
            println!("did nothing{}", if args.check { " (--check)" } else { "" });
        }
        for a in &report.actions {
            println!("did: {a}");
        }
    }
    anyhow::ensure!(
        !report.failed(),
        "some checks failed (see above{})",
        if global.json { ": \"checks\"" } else { "" }
    );
    Ok(())
}
