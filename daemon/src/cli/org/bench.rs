//! `aexy org bench`: query latency on an org store (p50/p99 of `org experts` over queries made
//! of the store's own words, plus `org risk` and `org people`), and `--generate N --into DIR`,
//! which writes N repositories from `aexy bench`'s synthesiser (each with its own authors drawn
//! from one organisation of people, and its own topic words) for `aexy org sync DIR`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use crate::org::OrgStore;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `org experts` queries to time.
    #[arg(long, default_value_t = 300)]
    pub queries: usize,
    /// Instead of measuring, write this many synthetic repositories into `--into`.
    #[arg(long, value_name = "N", requires = "into")]
    pub generate: Option<usize>,
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Commits per synthetic repository.
    #[arg(long, default_value_t = 400)]
    pub commits: usize,
    /// Files per synthetic repository.
    #[arg(long, default_value_t = 150)]
    pub files: usize,
    /// People in the synthetic organisation.
    #[arg(long, default_value_t = 3000)]
    pub people: usize,
    /// Number of the first synthetic repository (to add more to a directory later).
    #[arg(long, default_value_t = 0)]
    pub first: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Latency {
    runs: usize,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    engine: String,
    repositories: i64,
    people: i64,
    term_rows: i64,
    experts: Latency,
    risk: Latency,
    people_query: Latency,
}

fn latency(mut ms: Vec<f64>) -> Latency {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        ms.get(((ms.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(0.0)
    };
    Latency {
        runs: ms.len(),
        p50_ms: at(0.5),
        p90_ms: at(0.9),
        p99_ms: at(0.99),
        max_ms: ms.last().copied().unwrap_or(0.0),
    }
}

/// xorshift64* (deterministic query choice).
fn next(x: &mut u64) -> u64 {
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    x.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

pub fn run(args: Args, location: &str, global: &crate::cli::Global) -> Result<()> {
    if let (Some(n), Some(dir)) = (args.generate, &args.into) {
        for i in args.first..args.first + n {
            let d = dir.join(format!("synth-{i:04}"));
            if d.exists() {
                continue;
            }
            let shape = crate::bench::synth::Shape::org_repository(i as u64, args.people);
            crate::bench::synth::generate_shaped(&d, args.commits, args.files, &shape)?;
            if !global.json {
                eprintln!("generated {}", d.display());
            }
        }
        return Ok(());
    }
    let mut s = OrgStore::open(location)?;
    let count = |s: &mut OrgStore, sql: &str| -> Result<i64> { Ok(s.query(sql, &[])?[0][0].int()) };
    let repositories = count(&mut s, "SELECT COUNT(*) FROM repositories")?;
    let people = count(&mut s, "SELECT COUNT(*) FROM people")?;
    let term_rows = count(&mut s, "SELECT COUNT(*) FROM doc_terms")?;
    // words of a few repositories, as people would type them
    let mut words: Vec<String> = Vec::new();
    let ids = s.query("SELECT id FROM repositories ORDER BY id LIMIT 40", &[])?;
    for r in ids {
        words.extend(
            s.query(
                "SELECT term FROM subject_df WHERE repo_id = ? ORDER BY term LIMIT 50",
                &[r[0].clone()],
            )?
            .into_iter()
            .map(|t| t[0].text()),
        );
    }
    words.sort();
    words.dedup();
    anyhow::ensure!(
        !words.is_empty(),
        "the org store is empty: run `aexy org sync` first"
    );
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut times = Vec::with_capacity(args.queries);
    for _ in 0..args.queries {
        let k = 1 + (next(&mut seed) % 4) as usize;
        let text: Vec<&str> = (0..k)
            .map(|_| words[(next(&mut seed) % words.len() as u64) as usize].as_str())
            .collect();
        let t = Instant::now();
        crate::org::experts::experts(&mut s, &text.join(" "), 10)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut risk = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        crate::org::risk::risk(&mut s, 20)?;
        risk.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let names: Vec<String> = s
        .query(
            "SELECT email FROM people ORDER BY commits DESC, id LIMIT 30",
            &[],
        )?
        .into_iter()
        .map(|r| r[0].text())
        .collect();
    let mut ppl = Vec::new();
    for n in &names {
        let t = Instant::now();
        crate::org::people::footprint(&mut s, n)?;
        ppl.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let r = Report {
        engine: s.engine.kind().to_string(),
        repositories,
        people,
        term_rows,
        experts: latency(times),
        risk: latency(risk),
        people_query: latency(ppl),
    };
    if global.json {
        return crate::cli::output::json(&r);
    }
    println!(
        "org store ({}) with {} repositories, {} people, {} term rows",
        r.engine, r.repositories, r.people, r.term_rows
    );
    for (name, l) in [
        ("org experts", &r.experts),
        ("org risk", &r.risk),
        ("org people", &r.people_query),
    ] {
        println!(
            "{name:<12} {:>4} runs  p50 {:>7.2} ms  p90 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms{}",
            l.runs,
            l.p50_ms,
            l.p90_ms,
            l.p99_ms,
            l.max_ms,
            if name == "org experts" { "  (target p99 < 100 ms)" } else { "" }
        );
    }
    Ok(())
}
