//! `aexy profile [DEV]`: a developer's languages, frameworks, libraries and areas with
//! proficiency levels, heatmap, trajectory, collaborators and — for yourself, or when the
//! repository opts in — sustainability signals. DEV defaults to the configured git user.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Name, e-mail or alias (default: the configured git user).
    pub developer: Option<String>,
    /// A path in the repository (default: the current directory).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(args.repo.as_deref(), global)?;
    // asking for a profile on the command line is the viewer's opt-in; the repository's is still needed
    let p = crate::insights::context::profile(&ctx, args.developer.as_deref(), true)?;
    if global.json {
        return super::output::json(&p);
    }
    print!("{}", crate::insights::render::text::profile(&p));
    Ok(())
}
