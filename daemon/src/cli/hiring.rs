//! `aexy hiring gaps|plan`: what the team lacks, ranked by risk with its evidence, and role
//! profiles for the top gaps with a job description, an interview rubric and the scorecard.

use super::output::TextFormat;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::hiring::{load, render};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Areas without an active expert, knowledge leaving, single experts, skills few hold, hotspots with one owner.
    Gaps(GapsArgs),
    /// Role profiles for the top gaps: job description, interview rubric and scorecard (Markdown).
    Plan(PlanArgs),
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// A path in the repository (default: the current directory).
    pub path: Option<PathBuf>,
    /// A developer inactive this many days no longer holds knowledge.
    #[arg(long, default_value_t = crate::insights::silos::DEFAULT_INACTIVE_DAYS)]
    pub inactive_days: u32,
}

#[derive(Debug, clap::Args)]
pub struct GapsArgs {
    #[command(flatten)]
    pub common: Common,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: Common,
    /// How many gaps get a role profile.
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Write the plan to this file.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    match args.command {
        Command::Gaps(a) => {
            let ctx = super::context(a.common.path.as_deref(), global)?;
            let (mut list, _) = load::gaps(&ctx, a.common.inactive_days)?;
            list.truncate(a.limit);
            if global.json {
                return super::output::json(&list);
            }
            match a.format {
                TextFormat::Text => print!("{}", render::gaps_text(&list)),
                TextFormat::Md => print!("{}", render::gaps_markdown(&list)),
            }
            Ok(())
        }
        Command::Plan(a) => {
            let ctx = super::context(a.common.path.as_deref(), global)?;
            let profiles = load::plan(&ctx, a.common.inactive_days, a.top)?;
            if global.json {
                return super::output::json(&profiles);
            }
            let text = render::plan(&profiles);
            match &a.output {
                Some(p) => {
                    std::fs::write(p, &text)
                        .with_context(|| format!("cannot write {}", p.display()))?;
                    eprintln!("aexy: wrote {}", p.display());
                }
                None => print!("{}", crate::insights::render::escape::terminal_lines(&text)),
            }
            Ok(())
        }
    }
}
