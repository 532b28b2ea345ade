//! `aexy eval match [PATH] [--holdout N]`: replays history to measure task matching against
//! baselines (Hit@1/3/5/10, MRR); `aexy eval experts --survey CSV`: checks the experts of
//! `aexy owners` against developers' own answers. A table, or `--json`.

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
    /// Experts: who `aexy owners` names against developers' own answers to "do you maintain
    /// this file?" (answers 4–5 are maintainers, 1–3 not), beside the published techniques.
    /// Without --survey: on the repository at PATH, the experts named N days before HEAD (or
    /// at --as-of) against who changed each file in the N days after.
    Experts {
        /// The repository for the history check (default: the current directory).
        path: Option<PathBuf>,
        /// The survey CSV (columns repo, snapshot_commit, file, dev_id, dev_commits, answer and
        /// optionally pub_doa, pub_commit, pub_blame).
        #[arg(long)]
        survey: Option<PathBuf>,
        /// History check: how many days before HEAD the experts are asked, and how long after
        /// that their changes are looked for.
        #[arg(long, default_value_t = 365)]
        window_days: u32,
        /// History check: at most this many files (evenly spread) are asked about.
        #[arg(long, default_value_t = crate::experts_eval::future::DEFAULT_FILES)]
        files: usize,
        /// Where the clones are: DIR/<name> for each repository owner/name (default: the
        /// current directory). Each is indexed if needed and read as of the snapshot commit.
        #[arg(long, default_value = ".")]
        clones: PathBuf,
        /// Also list every answer with the developer's standing on the file (the history
        /// check lists them with --json only).
        #[arg(long)]
        rows: bool,
    },
    /// Reviewer suggestion: each synced pull request's actual reviewers, predicted from what
    /// happened before it was opened (run `aexy sync` first).
    Reviewers {
        /// The repository (default: the current directory).
        path: Option<PathBuf>,
    },
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (path, holdout, skip, misses, llm, llm_flags) = match args.what {
        What::Match {
            path,
            holdout,
            skip,
            misses,
            llm,
            llm_flags,
        } => (path, holdout, skip, misses, llm, llm_flags),
        What::Experts {
            path,
            survey,
            window_days,
            files,
            clones,
            rows,
        } => {
            return match survey {
                Some(csv) => super::eval_experts::survey(&csv, &clones, rows, global),
                None => {
                    super::eval_experts::future(path.as_deref(), window_days, files, rows, global)
                }
            }
        }
        What::Reviewers { path } => return super::eval_reviewers::run(path, global),
    };
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
