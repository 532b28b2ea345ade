//! `aexy eval reviewers [PATH]`: replays the synced pull requests in time order and reports
//! Hit@k and MRR of reviewer suggestion against baselines, and separately for the reviewers who
//! are not the files' top author (what review history adds beyond authorship).

use std::path::PathBuf;

pub fn run(path: Option<PathBuf>, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(path.as_deref(), global)?;
    let history = super::sources_common::history(&ctx)?;
    if history.is_empty() {
        anyhow::bail!("no synced pull requests: run `aexy sync` first (see `aexy connect status`)");
    }
    let loaded = crate::matching::load::load(&ctx)?;
    let started = std::time::Instant::now();
    let r = crate::matching::eval::reviewers::run(&history, &loaded);
    let seconds = started.elapsed().as_secs_f64();
    if global.json {
        return super::output::json(&r);
    }
    println!(
        "{} pull requests, {} with reviewers; evaluated {} ({} opened before any review: nothing to learn from); {:.2} reviewers each ({seconds:.2}s)",
        r.pulls, r.reviewed, r.evaluated, r.cold_start, r.reviewers_per_pull
    );
    let table = |rows: &[crate::matching::eval::metrics::MethodResult]| {
        println!(
            "{:<20} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "method", "Hit@1", "Hit@3", "Hit@5", "Hit@10", "MRR"
        );
        for m in rows {
            println!(
                "{:<20} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
                m.method, m.hit1, m.hit3, m.hit5, m.hit10, m.mrr
            );
        }
    };
    table(&r.results);
    println!(
        "mostActiveReviewer Hit@3 misses removed by aexy: {:.1}%",
        r.active_misses_removed * 100.0
    );
    println!(
        "\nnon-obvious reviewers (not the top author of the files): {} pull requests",
        r.non_obvious_evaluated
    );
    table(&r.non_obvious);
    Ok(())
}
