//! `aexy match "TEXT" [--limit N]`: who should take a task, with a score and reasons per
//! developer and the signals (terms, files) the ranking used.

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task: a title and description in free text (paths and identifiers welcome).
    pub text: String,
    /// How many developers to list.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(None, global)?;
    let report = crate::matching::match_task(&ctx, &args.text, args.limit)?;
    if global.json {
        return super::output::json(&report);
    }
    if report.matches.is_empty() {
        println!("no match: none of the task's words appear in the history");
    }
    for (i, m) in report.matches.iter().enumerate() {
        println!(
            "{:>2}. {} <{}>  {:.3}",
            i + 1,
            m.developer.name,
            m.developer.email,
            m.score
        );
        for r in &m.reasons {
            println!("      {r}");
        }
    }
    if !report.signals.files.is_empty() {
        let files: Vec<&str> = report
            .signals
            .files
            .iter()
            .take(5)
            .map(|f| f.path.as_str())
            .collect();
        println!("files: {}", files.join(", "));
    }
    Ok(())
}
