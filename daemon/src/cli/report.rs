//! `aexy report --format md|html|json|csv [--output FILE]`: the team report as Markdown, one
//! self-contained HTML page with inline SVG charts, JSON or CSV (stdout unless `--output`).
//! Markdown and HTML end with the teams and CODEOWNERS sections.

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scope: super::team::Scope,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Open with a summary phrased by the configured LLM from aexy's figures (every number in
    /// it checked against them; sentences with others are removed).
    #[arg(long)]
    pub narrative: bool,
    #[command(flatten)]
    pub llm: super::llm::LlmFlags,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (ctx, opts) = args.scope.open(global)?;
    let t = crate::insights::context::team_insights(&ctx, &opts)?;
    use crate::insights::render;
    let format = if global.json {
        Format::Json
    } else {
        args.format
    };
    let reviews = super::sources_common::history_if_any(&ctx)?.and_then(|h| {
        crate::insights::reviews::compute(
            &h,
            crate::insights::reviews::DEFAULT_WINDOW_DAYS,
            opts.limit,
        )
    });
    let summary = if args.narrative {
        anyhow::ensure!(
            format != Format::Csv,
            "--narrative is not available for CSV"
        );
        let request = crate::llm::narrative::Request::team(&serde_json::to_value(&t)?);
        match super::llm::narrative(&ctx.repo, &request, &args.llm, format == Format::Json)? {
            Some(n) => Some(n),
            None if args.llm.dry_run => return Ok(()),
            None => None,
        }
    } else {
        None
    };
    let mut text = match format {
        Format::Md => super::narrative::markdown(
            render::markdown::report(&t) + &people_markdown(&ctx)?,
            summary.as_ref(),
        ),
        Format::Html => super::narrative::html(
            render::html::report_with(&t, &people_html(&ctx)?),
            summary.as_ref(),
        ),
        Format::Csv => render::csv::report(&t),
        Format::Json => {
            let with = super::team::WithReviews {
                team: &t,
                reviews: reviews.as_ref(),
            };
            let mut v = serde_json::to_value(&with)?;
            if let (Some(n), Some(map)) = (&summary, v.as_object_mut()) {
                map.insert("narrative".into(), serde_json::to_value(n)?);
            }
            serde_json::to_string_pretty(&v)? + "\n"
        }
    };
    if let Some(r) = &reviews {
        match format {
            Format::Md => text.push_str(&render::reviews::markdown(r)),
            Format::Csv => text.push_str(&render::reviews::csv_rows(r)),
            Format::Html => {
                let at = text.rfind("</body>").unwrap_or(text.len());
                text.insert_str(at, &render::reviews::html(r));
            }
            Format::Json => {}
        }
    }
    match args.output {
        Some(path) => {
            std::fs::write(&path, text)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            eprintln!("aexy: wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// The teams and CODEOWNERS sections of the report, as HTML.
fn people_html(ctx: &crate::query::Context) -> anyhow::Result<Vec<String>> {
    use crate::teams::render::teams as render;
    let (teams, check) = people(ctx)?;
    Ok(vec![
        render::html_teams(&teams),
        render::html_codeowners(check.as_ref()),
    ])
}

/// The same sections in Markdown.
fn people_markdown(ctx: &crate::query::Context) -> anyhow::Result<String> {
    let (teams, check) = people(ctx)?;
    let mut s = String::from("\n");
    s.push_str(&crate::teams::render::teams::markdown_report(&teams));
    s.push('\n');
    match &check {
        Some(r) => s.push_str(&crate::teams::render::check::markdown_report(r)),
        None => s.push_str(
            "## CODEOWNERS\n\nNo CODEOWNERS file; `aexy codeowners suggest` proposes one.\n",
        ),
    }
    Ok(s)
}

/// Team figures and the CODEOWNERS check (when the repository has a CODEOWNERS file).
fn people(
    ctx: &crate::query::Context,
) -> anyhow::Result<(
    crate::teams::insights::TeamsReport,
    Option<crate::teams::check::Report>,
)> {
    use crate::teams::load::{Loaded, Overrides};
    let l = Loaded::read(ctx, &Overrides::default())?;
    Ok((
        l.teams_report(crate::insights::silos::DEFAULT_INACTIVE_DAYS),
        l.check(&Default::default()),
    ))
}
