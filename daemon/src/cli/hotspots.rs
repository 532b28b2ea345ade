//! `aexy hotspots`: files ranked by change frequency in a window (default 12 months) × their
//! indentation complexity at the snapshot (Tornhill), with churn.

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scope: super::team::Scope,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (ctx, opts) = args.scope.open(global)?;
    let t = crate::insights::context::team_insights(&ctx, &opts)?;
    if global.json {
        return super::output::json(&t.hotspots);
    }
    print!("{}", crate::insights::render::text::hotspots(&t));
    Ok(())
}
