//! The measurements behind `aexy bench`, each against git on the same repository and machine
//! in the same run. Child processes are timed by wall clock and their peak RSS read from wait4.

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context as _;

#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Repository to measure (None: a generated one).
    pub repo: Option<PathBuf>,
    /// Files to compare with `git blame` (0: every text file at HEAD).
    pub blame_sample: usize,
    /// Size of the generated repository.
    pub commits: usize,
    /// Also time everyday git workflows (amend, branch switches, rebase, `--as-of` a branch).
    pub workflows: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchReport {
    pub repository: String,
    pub head: String,
    pub commits: u64,
    pub git_log_numstat_seconds: f64,
    pub aexy_index_seconds: f64,
    /// aexy index time / git log --numstat -M time (target ≤ 1.0).
    pub ratio: f64,
    pub aexy_peak_rss_mb: f64,
    pub git_lines_added: u64,
    pub git_lines_deleted: u64,
    pub aexy_lines_added: u64,
    pub aexy_lines_deleted: u64,
    /// Largest relative difference of the two totals, in percent (target ≤ 0.1).
    pub numstat_difference_percent: f64,
    pub blame_files: u64,
    pub blame_lines: u64,
    /// Share of lines whose owner equals `git blame`'s, in percent (target ≥ 98).
    pub blame_agreement_percent: f64,
    pub git_blame_seconds: f64,
    /// Wall time of `aexy index` after one new commit, median of three (target < 100 ms).
    pub incremental_ms: f64,
    /// Size of the index on disk after the fresh run (MB).
    pub index_mb: f64,
    pub workflows: Option<super::workflows::WorkflowReport>,
}

/// Runs a child to completion, returning (wall seconds, peak RSS in KiB, stdout).
pub(super) fn timed(cmd: &mut Command) -> anyhow::Result<(f64, u64, Vec<u8>)> {
    let started = Instant::now();
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting a child process")?;
    let pid = child.id() as libc::pid_t;
    let out = {
        let mut child = child;
        let mut stdout = Vec::new();
        if let Some(mut s) = child.stdout.take() {
            std::io::Read::read_to_end(&mut s, &mut stdout)?;
        }
        let mut stderr = Vec::new();
        if let Some(mut s) = child.stderr.take() {
            std::io::Read::read_to_end(&mut s, &mut stderr)?;
        }
        let mut status = 0;
        // SAFETY: zeroed rusage is a valid out-parameter; pid is our own unwaited child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        anyhow::ensure!(r == pid, "wait4 failed");
        anyhow::ensure!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "{:?} failed: {}",
            cmd.get_program(),
            String::from_utf8_lossy(&stderr)
        );
        std::mem::forget(child); // already reaped by wait4
        if std::env::var_os("AEXY_LOG").is_some() {
            // Diagnosing a run: pass the child's own logging through.
            eprint!("{}", String::from_utf8_lossy(&stderr));
        }
        (usage.ru_maxrss as u64, stdout)
    };
    Ok((started.elapsed().as_secs_f64(), out.0, out.1))
}

pub(super) fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir).env("LC_ALL", "C");
    c
}

/// Runs the whole benchmark; progress lines go to stderr.
pub fn run(opts: &BenchOptions) -> anyhow::Result<BenchReport> {
    let work = tempfile::tempdir().context("creating a scratch dir")?;
    let source = match &opts.repo {
        Some(p) => crate::repo::discover(p)?.root,
        None => {
            let dir = work.path().join("generated");
            eprintln!(
                "bench: generating a repository with {} commits…",
                opts.commits
            );
            super::synth::generate(&dir, opts.commits, 2000)?;
            dir
        }
    };
    // A private clone sharing the objects: the incremental step commits into it, never into yours.
    let clone = work.path().join("clone");
    let st = git(work.path())
        .args(["clone", "-q", "--shared", "--no-checkout"])
        .arg(&source)
        .arg(&clone)
        .status()?;
    anyhow::ensure!(st.success(), "cloning {} failed", source.display());
    let head = String::from_utf8(git(&clone).args(["rev-parse", "HEAD"]).output()?.stdout)?
        .trim()
        .to_string();
    let exe = std::env::current_exe()?;
    let db = work.path().join("bench.sqlite");

    eprintln!("bench: git log --numstat -M …");
    let (git_secs, _, numstat) =
        timed(git(&clone).args(["log", "--numstat", "-M", "--format=%H"]))?;
    let (mut ga, mut gd) = (0u64, 0u64);
    for line in numstat.split(|&b| b == b'\n') {
        let mut f = line.splitn(3, |&b| b == b'\t');
        if let (Some(a), Some(d), Some(_)) = (f.next(), f.next(), f.next()) {
            ga += std::str::from_utf8(a)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            gd += std::str::from_utf8(d)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
        }
    }
    eprintln!("bench: aexy index (fresh) …");
    let (aexy_secs, rss_kb, _) = timed(
        Command::new(&exe)
            .arg("--db")
            .arg(&db)
            .arg("index")
            .arg(&clone),
    )?;
    let index_mb = std::fs::metadata(&db).map_or(0, |m| m.len()) as f64 / 1e6;
    let ctx = crate::query::Context::open(&clone, &db, None)?;
    let stats = crate::query::stats::stats(&ctx)?;
    let diff = |a: u64, b: u64| {
        if b == 0 {
            0.0
        } else {
            (a as f64 - b as f64).abs() * 100.0 / b as f64
        }
    };

    eprintln!("bench: git blame on a sample of files …");
    let (blame_files, blame_lines, agree, blame_secs) =
        blame_agreement(&ctx, &clone, opts.blame_sample)?;
    drop(ctx);

    eprintln!("bench: one incremental commit …");
    add_commit(&clone)?;
    let (inc_secs, _, _) = timed(
        Command::new(&exe)
            .arg("--db")
            .arg(&db)
            .arg("index")
            .arg(&clone),
    )?;
    let workflows = if opts.workflows {
        Some(super::workflows::run(&clone, &exe, &db, aexy_secs)?)
    } else {
        None
    };

    Ok(BenchReport {
        repository: source.display().to_string(),
        head,
        commits: stats.commits,
        git_log_numstat_seconds: git_secs,
        aexy_index_seconds: aexy_secs,
        ratio: aexy_secs / git_secs.max(1e-9),
        aexy_peak_rss_mb: rss_kb as f64 / 1024.0,
        git_lines_added: ga,
        git_lines_deleted: gd,
        aexy_lines_added: stats.lines_added,
        aexy_lines_deleted: stats.lines_deleted,
        numstat_difference_percent: diff(stats.lines_added, ga).max(diff(stats.lines_deleted, gd)),
        blame_files,
        blame_lines,
        blame_agreement_percent: if blame_lines == 0 {
            100.0
        } else {
            agree as f64 * 100.0 / blame_lines as f64
        },
        git_blame_seconds: blame_secs,
        incremental_ms: inc_secs * 1000.0,
        index_mb,
        workflows,
    })
}

/// Compares stored ownership with `git blame --porcelain` on every `n`-th text file.
fn blame_agreement(
    ctx: &crate::query::Context,
    clone: &Path,
    sample: usize,
) -> anyhow::Result<(u64, u64, u64, f64)> {
    let conn = ctx.store.conn();
    let mut stmt = conn.prepare(
        "SELECT p.path, w.runs FROM ownership w JOIN paths p ON p.id = w.path_id \
         WHERE w.view_id = ?1 ORDER BY p.path",
    )?;
    let mut oids = conn.prepare("SELECT oid FROM commits WHERE id = ?1")?;
    let mut ours: Vec<(Vec<u8>, Vec<String>)> = Vec::new();
    let rows = stmt
        .query_map([ctx.view.id], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut names: HashMap<u32, String> = HashMap::new();
    for (p, data) in rows {
        let mut v = Vec::new();
        for id in crate::index::delta::unpack(&data)? {
            let name = match names.entry(id) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(oids.query_row([id], |r| r.get(0))?)
                }
            };
            v.push(name.clone());
        }
        ours.push((p, v));
    }
    let step = if sample == 0 || sample >= ours.len() {
        1
    } else {
        ours.len() / sample
    };
    let ignore = clone.join(".git-blame-ignore-revs");
    let started = Instant::now();
    let (mut files, mut lines, mut agree) = (0u64, 0u64, 0u64);
    for (path, owners) in ours.iter().step_by(step.max(1)) {
        let mut cmd = git(clone);
        cmd.args(["blame", "--porcelain"]);
        if ignore.exists() {
            cmd.arg("--ignore-revs-file").arg(&ignore);
        }
        let out = cmd
            .arg("HEAD")
            .arg("--")
            .arg(std::ffi::OsStr::from_bytes(path))
            .output()?;
        if !out.status.success() {
            continue;
        }
        let mut theirs: HashMap<usize, String> = HashMap::new();
        for line in out.stdout.split(|&b| b == b'\n') {
            let mut f = line.split(|&b| b == b' ');
            if let (Some(sha), Some(_), Some(fin)) = (f.next(), f.next(), f.next()) {
                if sha.len() == 40 && sha.iter().all(u8::is_ascii_hexdigit) {
                    if let Some(n) = std::str::from_utf8(fin)
                        .ok()
                        .and_then(|s| s.parse::<usize>().ok())
                    {
                        theirs.insert(n, String::from_utf8_lossy(sha).into_owned());
                    }
                }
            }
        }
        files += 1;
        let total = owners.len().max(theirs.len());
        lines += total as u64;
        agree += owners
            .iter()
            .enumerate()
            .filter(|(i, o)| theirs.get(&(i + 1)) == Some(o))
            .count() as u64;
    }
    Ok((files, lines, agree, started.elapsed().as_secs_f64()))
}

/// Commits a one-line change on top of HEAD (the incremental step).
fn add_commit(repo: &Path) -> anyhow::Result<()> {
    let r = git2::Repository::open(repo)?;
    let head = r.head()?.peel_to_commit()?.id();
    super::commits::one_line(&r, head, Some("HEAD"), "bench: one more line")?;
    Ok(())
}
