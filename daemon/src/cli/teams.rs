//! `aexy teams [PATH] [--ask PATH]`: each team (from `.aexy/teams.toml` and CODEOWNERS) with
//! its members, files, truck factor, silos and orphaned code; knowledge shared across teams;
//! and, with `--ask`, which team to ask about a file or directory.

use super::output::TextFormat;
use std::path::PathBuf;

use crate::teams::load::{Loaded, Overrides};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A path in the repository (default: the current directory).
    pub path: Option<PathBuf>,
    /// Which team to ask about this file or directory (repository-relative).
    #[arg(long, value_name = "PATH")]
    pub ask: Option<String>,
    /// An author inactive this many days no longer counts.
    #[arg(long, default_value_t = crate::insights::silos::DEFAULT_INACTIVE_DAYS)]
    pub inactive_days: u32,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

pub fn run(a: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(a.path.as_deref(), global)?;
    let l = Loaded::read(&ctx, &Overrides::default())?;
    use crate::teams::render::teams as render;
    if let Some(p) = &a.ask {
        let answer = l.ask(p, a.inactive_days);
        if global.json {
            return super::output::json(&answer);
        }
        print!("{}", render::ask_text(&answer));
        return Ok(());
    }
    let r = l.teams_report(a.inactive_days);
    if global.json {
        return super::output::json(&r);
    }
    match a.format {
        TextFormat::Text => print!("{}", render::text(&r)),
        TextFormat::Md => print!("{}", render::markdown_report(&r)),
    }
    Ok(())
}
