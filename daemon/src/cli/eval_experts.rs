//! `aexy eval experts --survey CSV [--clones DIR] [--rows]`: the survey checker's table — per
//! repository and overall, maintainer and non-maintainer hit rates and their harmonic mean for
//! aexy's experts, aexy's DOA authors and the published techniques on the same answers.

use std::path::Path;

use anyhow::Context as _;

use crate::survey::{self, Rates, Summary};

pub fn run(csv: &Path, clones: &Path, rows: bool, global: &super::Global) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(csv)
        .with_context(|| format!("reading the survey {}", csv.display()))?;
    let answers = survey::csv::parse(&text).with_context(|| format!("in {}", csv.display()))?;
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
        println!("\nanswers (hit/miss, answer, developer, file: DOA normalised, FA, commits/changes, lines owned, days since their last change, commits in the last year, reason)");
        for r in &report.rows {
            let a = &r.answer;
            let verdict = if r.hit { "hit " } else { "MISS" };
            match &r.standing {
                None => println!(
                    "  {verdict} {} {:<24} {}: never changed it",
                    a.answer, r.developer, a.file
                ),
                Some(s) => println!(
                    "  {verdict} {} {:<24} {}: {:.2}{} {}/{} {:.0}% {}d {} {}",
                    a.answer,
                    r.developer,
                    a.file,
                    s.authorship.normalized,
                    if s.authorship.first_author { " FA" } else { "" },
                    s.commits,
                    r.file_changes,
                    100.0 * f64::from(s.lines) / f64::from(r.file_lines.max(1)),
                    (r.now - s.last_change.0) / 86_400,
                    s.recent_commits,
                    s.verdict.reason.describe()
                ),
            }
        }
    }
    Ok(())
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
    println!(
        "  {:<36} {:>14} {:>16} {:>9}",
        "technique", "maintainers", "non-maintainers", "harmonic"
    );
    let line = |name: &str, r: &Rates| {
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
    };
    line("aexy owners (experts)", &s.aexy);
    line("aexy DOA authors (truck factor's)", &s.doa_authors);
    line("published DOA (normalised >= 0.8)", &s.published_doa);
    line("published commits (share >= 0.6)", &s.published_commit);
    line("published blame (share >= 0.1)", &s.published_blame);
}
