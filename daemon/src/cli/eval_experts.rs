//! `aexy eval experts --survey CSV [--clones DIR] [--rows]`: the survey checker's table — per
//! repository and overall, maintainer and non-maintainer hit rates and their harmonic mean for
//! aexy's experts, aexy's DOA authors and the published techniques on the same answers.
//! `aexy eval experts [PATH] [--window-days N]`: the same measures on a repository's own
//! history (who changed each file in the N days after the experts were named).

use std::path::Path;

use anyhow::Context as _;

use crate::experts_eval::survey::{self, Summary};
use crate::experts_eval::{csv, Rates};

pub fn survey(csv: &Path, clones: &Path, rows: bool, global: &super::Global) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(csv)
        .with_context(|| format!("reading the survey {}", csv.display()))?;
    let answers = csv::parse(&text).with_context(|| format!("in {}", csv.display()))?;
    let open = |repo: &str, snapshot: &str| {
        let name = repo.rsplit('/').next().unwrap_or(repo);
        let dir = clones.join(name);
        let g = super::Global {
            db: None,
            json: global.json,
            as_of: Some(snapshot.to_string()),
        };
        super::context(Some(&dir), &g)
            .with_context(|| format!("{repo} is expected as a clone at {}", dir.display()))
    };
    let report = survey::run(&answers, &open)?;
    if global.json {
        return super::output::json(&report);
    }
    for s in report.repositories.iter().chain([&report.overall]) {
        print_summary(s);
    }
    if rows {
        println!("\nanswers (hit/miss, answer, developer, file: DOA normalised, FA, commits/changes, share of the lines, days since their last change, changes by others since, reason)");
        for r in &report.rows {
            let a = &r.answer;
            let verdict = if r.hit { "hit " } else { "MISS" };
            match &r.standing {
                None => println!(
                    "  {verdict} {} {:<24} {}: never changed it",
                    a.answer, r.developer, a.file
                ),
                Some(s) => println!(
                    "  {verdict} {} {:<24} {}: {:.2}{} {}/{} {:.0}% {}d +{} {}",
                    a.answer,
                    r.developer,
                    a.file,
                    s.authorship.normalized,
                    if s.authorship.first_author { " FA" } else { "" },
                    s.commits,
                    r.file_changes,
                    100.0 * f64::from(s.lines) / f64::from(r.file_lines.max(1)),
                    (r.now - s.last_change.0) / 86_400,
                    s.changes_after,
                    s.verdict.reason.describe()
                ),
            }
        }
    }
    Ok(())
}

pub fn future(
    path: Option<&Path>,
    window_days: u32,
    files: usize,
    rows: bool,
    global: &super::Global,
) -> anyhow::Result<()> {
    // T is --as-of when given, else the revision `window_days` before HEAD
    let ctx = match &global.as_of {
        Some(_) => super::context(path, global)?,
        None => {
            let head = super::context(path, global)?;
            let g = super::Global {
                db: global.db.clone(),
                json: global.json,
                as_of: Some(revision_before(&head, window_days)?),
            };
            super::context(path, &g)?
        }
    };
    let r = crate::experts_eval::future::run(&ctx, window_days, files, rows && global.json)?;
    if global.json {
        return super::output::json(&r);
    }
    println!(
        "experts at {} ({}) against who changed each file in the next {} days: {} files of {} changed",
        super::output::short(&r.at),
        &crate::time::rfc3339(r.at_time, 0)[..10],
        r.window_days,
        r.files,
        r.eligible_files
    );
    print_header();
    print_rates("aexy owners (experts)", &r.aexy);
    print_rates("aexy DOA authors (truck factor's)", &r.doa_authors);
    Ok(())
}

/// The newest first-parent ancestor of HEAD committed at least `days` before HEAD.
fn revision_before(head: &crate::query::Context, days: u32) -> anyhow::Result<String> {
    let oid = git2::Oid::from_str(&head.as_of)?;
    let mut c = head.repo.find_commit(oid)?;
    let limit = c.time().seconds() - i64::from(days) * 86_400;
    while c.time().seconds() > limit {
        c = c
            .parent(0)
            .with_context(|| format!("the history is shorter than {days} days"))?;
    }
    Ok(c.id().to_string())
}

fn print_summary(s: &Summary) {
    let n = &s.aexy;
    println!(
        "\n{} ({} answers: {} maintainers, {} not)",
        s.repository,
        n.maintainers + n.non_maintainers,
        n.maintainers,
        n.non_maintainers
    );
    print_header();
    print_rates("aexy owners (experts)", &s.aexy);
    print_rates("aexy DOA authors (truck factor's)", &s.doa_authors);
    print_rates("published DOA (normalised >= 0.8)", &s.published_doa);
    print_rates("published commits (share >= 0.6)", &s.published_commit);
    print_rates("published blame (share >= 0.1)", &s.published_blame);
}

fn print_header() {
    println!(
        "  {:<36} {:>14} {:>16} {:>9}",
        "technique", "maintainers", "non-maintainers", "harmonic"
    );
}

fn print_rates(name: &str, r: &Rates) {
    if r.is_empty() {
        return;
    }
    println!(
        "  {:<36} {:>6} {:>7.3} {:>8} {:>7.3} {:>9.3}",
        name,
        format!("{}/{}", r.maintainer_hits, r.maintainers),
        r.maintainer_rate(),
        format!("{}/{}", r.non_maintainer_hits, r.non_maintainers),
        r.non_maintainer_rate(),
        r.harmonic_mean()
    );
}
