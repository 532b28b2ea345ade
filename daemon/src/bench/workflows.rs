//! `aexy bench --workflows`: what a developer's everyday git operations cost the index — an
//! amend, a branch forked 40 commits back and the switch back, a rebase of a 10-commit branch
//! onto a newer upstream, `owners --as-of` a commit on another branch — each timed as the
//! `aexy index` (or query) run that follows the operation, beside a fresh index of the same
//! repository in the same run. The operations are made with objects and refs in the bench's
//! private clone.

use std::path::Path;
use std::process::Command;

use anyhow::Context as _;
use git2::{Oid, Repository};

use super::commits::one_line;
use super::measure::{git, timed};

/// Milliseconds of each workflow step (medians where repeated).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowReport {
    /// `git commit --amend` of the tip commit (target < 200 ms and < 2 % of a fresh index).
    pub amend_ms: f64,
    pub amend_share_percent: f64,
    /// `git checkout -b` at HEAD~40 (target < 1 s).
    pub branch_back_40_ms: f64,
    /// `git checkout` of the default branch again (target < 200 ms).
    pub switch_back_ms: f64,
    /// A 10-commit branch rebased onto the newer upstream (target < 1 s).
    pub rebase_10_ms: f64,
    /// `aexy owners FILE --as-of <commit on another branch>`.
    pub owners_as_of_branch_ms: f64,
    /// `aexy owners FILE --as-of HEAD~3` (on HEAD's own history), for comparison.
    pub owners_as_of_head_ms: f64,
    /// `git blame` of the same file at the same other-branch commit.
    pub git_blame_ms: f64,
}

/// Median of the wall times (ms) of `n` runs of `step`.
fn median(n: usize, mut step: impl FnMut() -> anyhow::Result<f64>) -> anyhow::Result<f64> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        times.push(step()? * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// Points `name` at `oid` (creating it), and HEAD at `name` when `checkout`.
fn set_ref(r: &Repository, name: &str, oid: Oid, checkout: bool) -> anyhow::Result<()> {
    r.reference(name, oid, true, "aexy bench")?;
    if checkout {
        r.set_head(name)?;
    }
    Ok(())
}

/// Runs the workflow steps in `clone` (already indexed into `db`, fresh in `fresh_seconds`).
pub fn run(
    clone: &Path,
    exe: &Path,
    db: &Path,
    fresh_seconds: f64,
) -> anyhow::Result<WorkflowReport> {
    let r = Repository::open(clone)?;
    let main = r
        .head()?
        .name()
        .context("HEAD is not on a branch")?
        .to_owned();
    let index = || -> anyhow::Result<f64> {
        Ok(timed(
            Command::new(exe)
                .arg("--db")
                .arg(db)
                .arg("index")
                .arg(clone),
        )?
        .0)
    };
    let tip = |r: &Repository| -> anyhow::Result<Oid> { Ok(r.head()?.peel_to_commit()?.id()) };

    eprintln!("bench: amend the tip commit …");
    let amend_ms = median(3, || {
        let head = r.find_commit(tip(&r)?)?;
        let parent = head.parent_id(0)?;
        let amended = one_line(&r, parent, None, "bench: amended")?;
        set_ref(&r, &main, amended, false)?;
        index()
    })?;

    eprintln!("bench: branch 40 commits back, and back again …");
    let base = r.revparse_single("HEAD~40")?.peel_to_commit()?.id();
    let main_tip = tip(&r)?;
    let (mut back, mut forth) = (Vec::new(), Vec::new());
    for i in 0..3 {
        set_ref(&r, &format!("refs/heads/bench-feature-{i}"), base, true)?;
        back.push(index()?);
        r.set_head(&main)?;
        forth.push(index()?);
    }
    let med = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2] * 1000.0
    };

    eprintln!("bench: rebase a 10-commit branch onto the newer upstream …");
    let mut topic = r.revparse_single("HEAD~50")?.peel_to_commit()?.id();
    for i in 0..10 {
        topic = one_line(&r, topic, None, &format!("bench: topic {i}"))?;
    }
    set_ref(&r, "refs/heads/bench-topic", topic, false)?;
    index()?; // the old branch is indexed, as it would be before the rebase
    let mut rebased = main_tip;
    for i in 0..10 {
        rebased = one_line(&r, rebased, None, &format!("bench: topic {i} (rebased)"))?;
    }
    set_ref(&r, "refs/heads/bench-topic", rebased, true)?;
    let rebase_ms = index()? * 1000.0;
    r.set_head(&main)?;
    index()?;

    eprintln!("bench: owners --as-of a commit on another branch …");
    let other = r.revparse_single("bench-topic~3")?.peel_to_commit()?;
    let file = changed_file(&r, &other)?;
    let owners = |rev: &str| -> anyhow::Result<f64> {
        Ok(timed(
            Command::new(exe)
                .arg("--db")
                .arg(db)
                .arg("owners")
                .arg(&file)
                .arg("--as-of")
                .arg(rev)
                .current_dir(clone),
        )?
        .0)
    };
    let other_rev = other.id().to_string();
    let owners_as_of_branch_ms = median(3, || owners(&other_rev))?;
    let owners_as_of_head_ms = median(3, || owners("HEAD~3"))?;
    let git_blame_ms = median(3, || {
        Ok(timed(git(clone).args(["blame", "--porcelain", &other_rev, "--", &file]))?.0)
    })?;

    Ok(WorkflowReport {
        amend_ms,
        amend_share_percent: amend_ms / 10.0 / fresh_seconds.max(1e-9),
        branch_back_40_ms: med(back),
        switch_back_ms: med(forth),
        rebase_10_ms: rebase_ms,
        owners_as_of_branch_ms,
        owners_as_of_head_ms,
        git_blame_ms,
    })
}

/// A text file `commit` changed (the bench's own one-line edits change one).
fn changed_file(r: &Repository, commit: &git2::Commit<'_>) -> anyhow::Result<String> {
    let parent = commit.parent(0)?.tree()?;
    let diff = r.diff_tree_to_tree(Some(&parent), Some(&commit.tree()?), None)?;
    diff.deltas()
        .find_map(|d| {
            d.new_file()
                .path()
                .map(|p| p.to_string_lossy().into_owned())
        })
        .context("the commit changed no file")
}
