//! Brings an organisation's repositories into a directory of clones: each missing one is
//! cloned into `DIR/owner/name` (`git clone`), each one already there is fetched and
//! fast-forwarded, `jobs` at a time, a failure reported per repository without stopping the
//! others. Plain data in (names and clone URLs); git's own credential helper authenticates —
//! no token ever reaches a URL, an argument, a log or a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Result};
use serde::Serialize;

/// One repository to bring in.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// `owner/name`: its path under the directory and its name in the org store.
    pub name: String,
    pub url: String,
}

/// What happened to one repository.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cloned {
    pub repository: String,
    /// `cloned`, `fetched` or `failed`.
    pub status: String,
    pub error: Option<String>,
}

/// `owner/name` as a relative path, or why it cannot be one (names come from a server).
fn relative(name: &str) -> Result<PathBuf> {
    let parts: Vec<&str> = name.split('/').collect();
    let bad = |p: &&str| {
        p.is_empty()
            || *p == "."
            || *p == ".."
            || p.starts_with('-')
            || p.chars().any(|c| c.is_control() || c == '\\' || c == ':')
    };
    if parts.len() < 2 || parts.iter().any(bad) {
        bail!("refusing the repository name {name:?} (not a safe owner/name path)");
    }
    Ok(parts.iter().collect())
}

/// Only the transports a plain clone uses (no `ext::` helpers, no options in disguise).
fn check_url(url: &str) -> Result<()> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    let scp_like = scheme.is_none() && !url.contains("::") && url.contains('@');
    match scheme.as_deref() {
        Some("https" | "http" | "ssh" | "git" | "file") => Ok(()),
        None if scp_like && !url.starts_with('-') => Ok(()),
        _ => bail!("refusing the clone URL {url:?} (not https, ssh, git or file)"),
    }
}

/// Runs git; its last lines of error output become the error.
fn git(cwd: Option<&Path>, args: &[&std::ffi::OsStr]) -> Result<()> {
    let mut c = Command::new("git");
    if let Some(dir) = cwd {
        c.arg("-C").arg(dir);
    }
    let out = c
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0") // no password prompt in a parallel run
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| anyhow::anyhow!("running git: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&out.stderr);
    // git's first `fatal:`/`error:` line says why; the hints after it do not
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let why = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| lines.next_back())
        .unwrap_or("failed without a message");
    bail!("git {}: {}", args[0].to_string_lossy(), why)
}

/// Clones `w` into `dir`, or fetches and fast-forwards the clone already there.
fn one(dir: &Path, w: &Wanted) -> Result<&'static str> {
    let path = dir.join(relative(&w.name)?);
    let os = |s: &str| std::ffi::OsString::from(s);
    if path.join(".git").exists() {
        git(
            Some(&path),
            &[&os("fetch"), &os("--quiet"), &os("--prune"), &os("origin")],
        )?;
        let upstream = git(
            Some(&path),
            &[
                &os("rev-parse"),
                &os("--verify"),
                &os("--quiet"),
                &os("@{u}"),
            ],
        );
        if upstream.is_ok() {
            git(
                Some(&path),
                &[&os("merge"), &os("--ff-only"), &os("--quiet"), &os("@{u}")],
            )
            .map_err(|e| {
                anyhow::anyhow!("fetched, but the checked-out branch cannot fast-forward ({e})")
            })?;
        }
        return Ok("fetched");
    }
    check_url(&w.url)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| anyhow::anyhow!("creating {}: {e}", parent.display()))?;
    }
    git(
        None,
        &[
            &os("clone"),
            &os("--quiet"),
            &os("--"),
            &os(&w.url),
            path.as_os_str(),
        ],
    )?;
    Ok("cloned")
}

/// Brings every wanted repository into `dir`, `jobs` at a time; `progress` hears each result
/// as it comes. The results come back sorted by name.
pub fn clone_all(
    dir: &Path,
    wanted: &[Wanted],
    jobs: usize,
    progress: &(dyn Fn(&Cloned) + Sync),
) -> Vec<Cloned> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(wanted.len()));
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, wanted.len().max(1)) {
            s.spawn(|| {
                while let Some(w) = wanted.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let r = match one(dir, w) {
                        Ok(status) => Cloned {
                            repository: w.name.clone(),
                            status: status.into(),
                            error: None,
                        },
                        Err(e) => Cloned {
                            repository: w.name.clone(),
                            status: "failed".into(),
                            error: Some(format!("{e:#}")),
                        },
                    };
                    progress(&r);
                    if let Ok(mut v) = results.lock() {
                        v.push(r);
                    }
                }
            });
        }
    });
    let mut out = results.into_inner().unwrap_or_default();
    out.sort_by(|a, b| a.repository.cmp(&b.repository));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_a_server_stay_under_the_directory() {
        assert_eq!(relative("acme/api").unwrap(), PathBuf::from("acme/api"));
        assert_eq!(
            relative("group/sub/web").unwrap(),
            PathBuf::from("group/sub/web")
        );
        for bad in [
            "api", "../etc", "acme/..", "acme//x", "acme/-x", "a\\b/c", "/abs",
        ] {
            assert!(relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_plain_transports() {
        for ok in [
            "https://github.com/acme/api.git",
            "file:///srv/git/api",
            "git@github.com:acme/api.git",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ext::sh -c touch% /tmp/x",
            "--upload-pack=x",
            "/srv/git/api",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
