//! `aexy stats [PATH]`: whole-history totals (commits, merges, developers, files, lines).

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A path inside the repository (default: the current directory).
    pub path: Option<PathBuf>,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(args.path.as_deref(), global)?;
    let s = crate::query::stats::stats(&ctx)?;
    if global.json {
        return super::output::json(&s);
    }
    println!("head            {}", super::output::short(&s.head));
    println!("commits         {} ({} merges)", s.commits, s.merge_commits);
    println!("developers      {} (+{} bots)", s.developers, s.bots);
    println!(
        "files           {} changed in history, {} at HEAD",
        s.files, s.files_at_head
    );
    println!("lines           +{} -{}", s.lines_added, s.lines_deleted);
    Ok(())
}
