//! `aexy bench [PATH]`: the index measured against git on the same repository, in one run.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repository to measure (default: a large generated one).
    pub path: Option<PathBuf>,
    /// Compare ownership with `git blame` on this many files (0: every text file).
    #[arg(long, default_value_t = 200)]
    pub blame_sample: usize,
    /// Commits in the generated repository.
    #[arg(long, default_value_t = 20_000)]
    pub commits: usize,
    /// Only write the generated repository into this (new) directory, then stop.
    #[arg(long, value_name = "DIR")]
    pub generate: Option<PathBuf>,
    /// Also time everyday git workflows: amend, a branch 40 back and back, a 10-commit rebase,
    /// `owners --as-of` a commit on another branch.
    #[arg(long)]
    pub workflows: bool,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    if let Some(dir) = &args.generate {
        crate::bench::synth::generate(dir, args.commits, 2000)?;
        println!("generated {} commits in {}", args.commits, dir.display());
        return Ok(());
    }
    let opts = crate::bench::BenchOptions {
        repo: args.path,
        blame_sample: args.blame_sample,
        commits: args.commits,
        workflows: args.workflows,
    };
    let r = crate::bench::run(&opts)?;
    if global.json {
        return super::output::json(&r);
    }
    println!(
        "repository        {} @ {}",
        r.repository,
        super::output::short(&r.head)
    );
    println!("commits           {}", r.commits);
    println!(
        "git log --numstat -M   {:>8.2} s",
        r.git_log_numstat_seconds
    );
    println!(
        "aexy index (fresh)     {:>8.2} s   ratio {:.2}x  (target <= 1.0)",
        r.aexy_index_seconds, r.ratio
    );
    println!(
        "aexy peak RSS          {:>8.1} MB  (target < 500)",
        r.aexy_peak_rss_mb
    );
    println!(
        "numstat totals    git +{} -{}  aexy +{} -{}  diff {:.3}%  (target <= 0.1)",
        r.git_lines_added,
        r.git_lines_deleted,
        r.aexy_lines_added,
        r.aexy_lines_deleted,
        r.numstat_difference_percent
    );
    println!(
        "ownership vs git blame  {:.2}% of {} lines in {} files  (target >= 98; git blame took {:.1} s)",
        r.blame_agreement_percent, r.blame_lines, r.blame_files, r.git_blame_seconds
    );
    println!(
        "one new commit         {:>8.1} ms  (target < 100)",
        r.incremental_ms
    );
    println!("index on disk          {:>8.1} MB", r.index_mb);
    if let Some(w) = &r.workflows {
        println!(
            "amend of the tip       {:>8.1} ms   {:.2}% of a fresh index  (targets < 200 ms, < 2%)",
            w.amend_ms, w.amend_share_percent
        );
        println!(
            "checkout -b HEAD~40    {:>8.1} ms  (target < 1000)",
            w.branch_back_40_ms
        );
        println!(
            "checkout back          {:>8.1} ms  (target < 200)",
            w.switch_back_ms
        );
        println!(
            "rebase of 10 commits   {:>8.1} ms  (target < 1000)",
            w.rebase_10_ms
        );
        println!(
            "owners --as-of branch  {:>8.1} ms  (--as-of HEAD~3: {:.1} ms; git blame: {:.1} ms)",
            w.owners_as_of_branch_ms, w.owners_as_of_head_ms, w.git_blame_ms
        );
    }
    Ok(())
}
