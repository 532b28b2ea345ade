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
    /// Open with a summary phrased by the configured LLM from the profile's figures (every
    /// number checked against them; sustainability signals are never sent).
    #[arg(long)]
    pub summary: bool,
    #[command(flatten)]
    pub llm: super::llm::LlmFlags,
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
    let summary = if args.summary {
        let request = crate::llm::narrative::Request::profile(&serde_json::to_value(&p)?);
        match super::llm::narrative(&ctx.repo, &request, &args.llm, global.json)? {
            Some(n) => Some(n),
            None if args.llm.dry_run => return Ok(()),
            None => None,
        }
    } else {
        None
    };
    if global.json {
        let mut v = serde_json::to_value(&p)?;
        if let Some(map) = v.as_object_mut() {
            if let Some(n) = &summary {
                map.insert("summary".into(), serde_json::to_value(n)?);
            }
            if let Some(r) = &reviews {
                map.insert("reviews".into(), serde_json::to_value(r)?);
            }
        }
        return super::output::json(&v);
    }
    if let Some(n) = &summary {
        print!("{}", super::narrative::text(n));
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
