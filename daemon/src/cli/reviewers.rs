//! `aexy reviewers [--rev A..B | --files F…] [--limit N]`: who should review a change (default:
//! the working tree's uncommitted diff), its authors left out, with reasons and load marks.

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A revision range A..B instead of the working tree.
    #[arg(long, conflicts_with = "files")]
    pub rev: Option<String>,
    /// Files (relative to the current directory) instead of the working tree.
    #[arg(long, num_args = 1..)]
    pub files: Vec<std::path::PathBuf>,
    /// How many reviewers to list.
    #[arg(long, default_value_t = 3)]
    pub limit: usize,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    use crate::matching::change;
    // A range is judged with what its tip knows (its own commits, on any branch, included).
    let tip = args.rev.as_deref().and_then(|spec| {
        let b = spec
            .split_once("..")
            .map_or("HEAD", |(_, b)| b.trim_start_matches('.'));
        (!b.is_empty() && b != "HEAD").then(|| b.to_owned())
    });
    let scoped;
    let global = match (&global.as_of, tip) {
        (None, Some(tip)) => {
            scoped = super::Global {
                db: global.db.clone(),
                json: global.json,
                as_of: Some(tip),
            };
            &scoped
        }
        _ => global,
    };
    let ctx = super::context(None, global)?;
    let change = match (&args.rev, args.files.is_empty()) {
        (Some(spec), _) => change::range(&ctx.repo, spec)?,
        (None, false) => {
            let rel = super::owners::relative_paths(&args.files, &ctx.root)?;
            change::files(&ctx.repo, &rel)?
        }
        (None, true) => change::working_tree(&ctx.repo)?,
    };
    // a working-tree change or file list is the configured user's
    let me = if change.commits.is_empty() {
        ctx.configured_user()
    } else {
        None
    };
    let history = super::sources_common::history_if_any(&ctx)?;
    let report = crate::matching::reviewers::suggest_with(
        &ctx,
        &change,
        me.as_slice(),
        args.limit,
        history.as_ref(),
    )?;
    if global.json {
        return super::output::json(&report);
    }
    if report.change.files.is_empty() {
        println!("nothing to review: {} has no changes", report.change.source);
        return Ok(());
    }
    println!(
        "{}: {} file(s), {} changed line(s)",
        report.change.source,
        report.change.files.len(),
        report.change.lines
    );
    if let Some(n) = report.review_history {
        println!("(ranked with the reviews of {n} synced pull requests: RevFinder, cHRev and authorship fused)");
    }
    let t = super::output::terminal;
    for (i, r) in report.reviewers.iter().enumerate() {
        let load = if r.load.is_some() { "  [busy]" } else { "" };
        let who = if r.developer.email.is_empty() {
            format!("{} [{}]", t(&r.developer.name), t(&r.accounts.join(", ")))
        } else {
            format!("{} <{}>", t(&r.developer.name), t(&r.developer.email))
        };
        println!("{:>2}. {who}  {:.3}{load}", i + 1, r.score);
        for reason in &r.reasons {
            println!("      {}", t(reason));
        }
    }
    Ok(())
}
