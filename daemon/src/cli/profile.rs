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
    let who = match args.developer.as_deref() {
        Some(d) => ctx.resolver.find(d),
        None => ctx.configured_user(),
    };
    let reviews = match (super::sources_common::history_if_any(&ctx)?, who) {
        (Some(h), Some(d)) => Some(crate::insights::reviews::person(&h, d)),
        _ => None,
    };
    if global.json {
        #[derive(serde::Serialize)]
        struct WithReviews<'a, T: serde::Serialize> {
            #[serde(flatten)]
            profile: &'a T,
            #[serde(skip_serializing_if = "Option::is_none")]
            reviews: Option<&'a crate::insights::reviews::PersonReviews>,
        }
        return super::output::json(&WithReviews {
            profile: &p,
            reviews: reviews.as_ref(),
        });
    }
    print!("{}", crate::insights::render::text::profile(&p));
    if let Some(r) = &reviews {
        print!(
            "{}",
            super::output::terminal(&crate::insights::render::reviews::person_text(r))
        );
    }
    Ok(())
}
