//! `aexy eval match [PATH] [--holdout N]`: replays history to measure task matching against
//! baselines (Hit@1/3/5/10, MRR), printing a table or `--json`.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Task matching: each held-out commit's masked subject against its real author.
    Match {
        /// The repository (default: the current directory).
        path: Option<PathBuf>,
        /// How many of the last non-merge commits to hold out.
        #[arg(long, default_value_t = crate::matching::eval::DEFAULT_HOLDOUT)]
        holdout: usize,
        /// Leave out the newest N non-merge commits first (evaluate an earlier window, e.g. to
        /// try settings without looking at the window you report).
        #[arg(long, default_value_t = 0)]
        skip: usize,
        /// Also list the commits whose author `aexy` did not place in its first five.
        #[arg(long)]
        misses: bool,
        /// Also rank each masked subject with the words the configured LLM adds
        /// (`aexyExpanded`; one LLM call per commit: use a small --holdout).
        #[arg(long)]
        llm: bool,
        #[command(flatten)]
        llm_flags: super::llm::LlmFlags,
    },
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let What::Match {
        path,
        holdout,
        skip,
        misses,
        llm,
        llm_flags,
    } = args.what;
    let ctx = super::context(path.as_deref(), global)?;
    let terms = match llm {
        true => super::llm::task_terms(&ctx.repo, &llm_flags)?,
        false => None,
    };
    let r = match terms {
        Some(mut terms) => {
            let (mut asked, mut failed) = (0usize, 0usize);
            let mut expand = |query: &str| {
                asked += 1;
                match terms(query) {
                    Ok(words) => words.join(" "),
                    Err(e) => {
                        failed += 1;
                        tracing::warn!("LLM terms for {query:?}: {e:#}");
                        String::new()
                    }
                }
            };
            let r = crate::matching::eval::run_expanded(
                &ctx,
                holdout,
                skip,
                misses,
                Some(&mut expand),
            )?;
            eprintln!("aexy: asked the LLM for {asked} queries; {failed} failed (ranked without extra words)");
            r
        }
        None => crate::matching::eval::run(&ctx, holdout, skip, misses)?,
    };
    if global.json {
        return super::output::json(&r);
    }
    println!("{} at {}", r.repository, super::output::short(&r.head));
    let e = &r.excluded;
    println!(
        "held out {} non-merge commits, evaluated {}; excluded: {} reverts, {} releases, {} bots, \
         {} cherry-picks, {} new authors ({:.1}% — caps recall); {} merges in the window",
        r.held_out,
        r.evaluated,
        e.reverts,
        e.releases,
        e.bots,
        e.cherry_picks,
        e.new_authors,
        e.new_author_share * 100.0,
        e.merges
    );
    println!("candidates per commit: {:.1}", r.candidates);
    println!(
        "{:<18} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "method", "Hit@1", "Hit@3", "Hit@5", "Hit@10", "MRR"
    );
    for m in &r.results {
        println!(
            "{:<18} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
            m.method, m.hit1, m.hit3, m.hit5, m.hit10, m.mrr
        );
    }
    println!(
        "mostActiveRecent Hit@5 misses removed by aexy: {:.1}% ({:.1}s)",
        r.recent_misses_removed * 100.0,
        r.seconds
    );
    if !r.misses.is_empty() {
        println!("\nmissed at 5 (rank: aexy / mostActiveRecent / pathOracle):");
        for m in &r.misses {
            let idle = m
                .days_since_last
                .map_or("-".to_string(), |d| format!("{d}d"));
            println!(
                "  {} {:>4} {:>4} {:>4}  {} ({} earlier, last {}): {}",
                super::output::short(&m.commit),
                m.rank,
                m.recent_rank,
                m.oracle_rank,
                m.author,
                m.earlier_commits,
                idle,
                m.query
            );
        }
    }
    Ok(())
}
