//! Watches a repository's git directory (HEAD, refs, packed-refs, other worktrees' HEADs; never
//! the work tree) with `notify`, debounced, plus a slow poll as a fallback; calls back when
//! HEAD's commit or any tracked ref changes (commits, amends, checkouts, rebases, resets, pulls,
//! fetches, branches created or deleted). `git gc` packing refs changes nothing and is ignored.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, select, unbounded, Receiver, Sender};
use notify::{RecursiveMode, Watcher as _};

/// Quiet time after the last event before HEAD is checked (git writes several files per commit).
pub const DEBOUNCE: Duration = Duration::from_millis(40);
/// The longest a burst of events can postpone the check.
pub const MAX_DELAY: Duration = Duration::from_millis(250);
/// The fallback poll interval.
pub const POLL: Duration = Duration::from_secs(3);

/// A running watcher; dropping it stops the thread.
pub struct Watcher {
    _notify: Option<notify::RecommendedWatcher>,
    _stop: Sender<()>,
}

/// Watches `git_dir` (and `common_dir` for linked worktrees) of the repository at `root`;
/// `on_change(new_head)` runs on the watcher thread whenever HEAD's commit or a tracked ref
/// (`index::refs`) changes.
pub fn watch(
    root: PathBuf,
    git_dir: PathBuf,
    common_dir: PathBuf,
    on_change: impl Fn(String) + Send + 'static,
) -> Watcher {
    let (events_tx, events_rx) = unbounded::<()>();
    let (stop_tx, stop_rx) = bounded::<()>(0);
    let notify = start_notify(&git_dir, &common_dir, events_tx);
    if notify.is_none() {
        tracing::warn!(
            "file watching unavailable for {}; polling every {POLL:?}",
            root.display()
        );
    }
    std::thread::Builder::new()
        .name("aexy-watch".into())
        .spawn(move || run(&root, &events_rx, &stop_rx, on_change))
        .map_err(|e| tracing::error!("cannot start the watcher thread: {e}"))
        .ok();
    Watcher {
        _notify: notify,
        _stop: stop_tx,
    }
}

fn start_notify(
    git_dir: &Path,
    common_dir: &Path,
    tx: Sender<()>,
) -> Option<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if event.paths.iter().any(|p| relevant(p)) {
                let _ = tx.send(());
            }
        }
    })
    .map_err(|e| tracing::warn!("notify: {e}"))
    .ok()?;
    watcher.watch(git_dir, RecursiveMode::NonRecursive).ok()?;
    if common_dir != git_dir {
        let _ = watcher.watch(common_dir, RecursiveMode::NonRecursive);
    }
    for dir in ["refs", "worktrees"] {
        let dir = common_dir.join(dir);
        if dir.is_dir() {
            let _ = watcher.watch(&dir, RecursiveMode::Recursive);
        }
    }
    Some(watcher)
}

/// HEAD, packed-refs and anything under refs/ (lock files excluded: the rename that follows counts).
pub fn relevant(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.ends_with(".lock") {
        return false;
    }
    name == "HEAD" || name == "packed-refs" || path.components().any(|c| c.as_os_str() == "refs")
}

fn run(root: &Path, events: &Receiver<()>, stop: &Receiver<()>, on_change: impl Fn(String)) {
    let mut last = current_refs(root);
    loop {
        select! {
            recv(stop) -> _ => return,
            recv(events) -> msg => {
                if msg.is_err() {
                    // notify is gone: keep polling.
                    std::thread::sleep(POLL);
                } else {
                    settle(events);
                }
            }
            default(POLL) => {}
        }
        let now = current_refs(root);
        if now != last {
            last = now.clone();
            if let Some((h, _)) = now {
                tracing::debug!(head = %h, "HEAD or a tracked ref moved");
                on_change(h);
            }
        }
    }
}

/// Waits until events stop for [`DEBOUNCE`] (at most [`MAX_DELAY`] in total).
fn settle(events: &Receiver<()>) {
    let start = Instant::now();
    while start.elapsed() < MAX_DELAY {
        if events.recv_timeout(DEBOUNCE).is_err() {
            return;
        }
    }
}

/// HEAD's commit and every tracked ref's (`None` while HEAD is unborn).
fn current_refs(root: &Path) -> Option<(String, crate::index::refs::Tips)> {
    let repo = git2::Repository::open(root).ok()?;
    let head = super::reader::head_oid(&repo)?;
    Some((head.to_string(), crate::index::refs::tracked(&repo)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_head_and_refs_matter() {
        assert!(relevant(Path::new("/r/.git/HEAD")));
        assert!(relevant(Path::new("/r/.git/packed-refs")));
        assert!(relevant(Path::new("/r/.git/refs/heads/main")));
        assert!(!relevant(Path::new("/r/.git/refs/heads/main.lock")));
        assert!(!relevant(Path::new("/r/.git/index")));
        assert!(!relevant(Path::new("/r/.git/ORIG_HEAD")));
    }
}
