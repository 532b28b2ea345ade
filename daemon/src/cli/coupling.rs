//! `aexy coupling`: files that change together (code-maat degree = shared commits / mean
//! commits of the two files), with code-maat's default thresholds unless overridden.

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scope: super::team::Scope,
    /// Minimum commits of each file.
    #[arg(long, default_value_t = 5)]
    pub min_revs: u32,
    /// Minimum shared commits.
    #[arg(long, default_value_t = 5)]
    pub min_shared: u32,
    /// Minimum degree, in percent.
    #[arg(long, default_value_t = 30)]
    pub min_degree: u32,
    /// Commits touching more files than this are ignored.
    #[arg(long, default_value_t = 30)]
    pub max_changeset: usize,
    /// Only commits of the last N days count (before the newest commit; default: all history).
    #[arg(long, value_name = "N")]
    pub since_days: Option<u32>,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (ctx, mut opts) = args.scope.open(global)?;
    opts.coupling = crate::insights::coupling::CouplingOptions {
        min_revs: args.min_revs,
        min_shared: args.min_shared,
        min_degree: args.min_degree,
        max_changeset_size: args.max_changeset,
        since_days: args.since_days,
    };
    let t = crate::insights::context::team_insights(&ctx, &opts)?;
    if global.json {
        return super::output::json(&t.coupling);
    }
    print!("{}", crate::insights::render::text::coupling(&t));
    Ok(())
}
