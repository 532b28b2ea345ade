//! `aexy hiring gaps|plan`: what the team lacks, ranked by risk with its evidence, and role
//! profiles for the top gaps with a job description, an interview rubric and the scorecard.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::hiring::{gaps, load, plan, render};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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

/// The ranked gaps of the repository.
fn compute(
    c: &Common,
    global: &super::Global,
) -> anyhow::Result<(crate::query::Context, Vec<gaps::Gap>, String)> {
    let ctx = super::context(c.path.as_deref(), global)?;
    let k = crate::insights::context::knowledge(&ctx)?;
    let areas = crate::careers::areas::Areas::build(&k);
    let changed = crate::careers::metrics::changed_files(&k);
    let figures: Vec<_> = (0..k.developers.len())
        .filter(|&d| k.active(d, c.inactive_days))
        .map(|d| crate::careers::metrics::figures(&k, &areas, &changed, d, None))
        .collect();
    let fw = load::frameworks(&ctx, &k);
    let list = gaps::gaps(
        &gaps::Inputs {
            k: &k,
            areas: &areas,
            figures: &figures,
            frameworks: &fw,
        },
        &gaps::Options {
            inactive_days: c.inactive_days,
        },
    );
    let as_of = crate::insights::calendar::rfc3339(k.now, 0);
    Ok((ctx, list, as_of))
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    match args.command {
        Command::Gaps(a) => {
            let (_, mut list, _) = compute(&a.common, global)?;
            list.truncate(a.limit);
            if global.json {
                return super::output::json(&list);
            }
            match a.format {
                Format::Text => print!("{}", render::gaps_text(&list)),
                Format::Md => print!("{}", render::gaps_markdown(&list)),
            }
            Ok(())
        }
        Command::Plan(a) => {
            let (ctx, list, as_of) = compute(&a.common, global)?;
            let (job, rubric) = load::templates(&ctx)?;
            let repository = ctx
                .root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let profiles = list
                .iter()
                .take(a.top)
                .map(|g| plan::profile(g, &repository, &as_of, &job, &rubric))
                .collect::<anyhow::Result<Vec<_>>>()?;
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
