//! Keeps each repository's index current: `index_repository` (build or incremental update) in the background
//! when a repository is first served, when HEAD moves (watcher) and on `aexy.reindex`, with
//! `$/progress`, then `workspace/codeLens/refresh` and `workspace/inlayHint/refresh`.

use std::path::PathBuf;
use std::sync::Arc;

use aexy_protocol::status::IndexState;
use tower_lsp_server::ls_types::MessageType;

use super::progress::Reporter;
use super::state::Daemon;
use super::watcher;
use super::workspace::RepoHandle;
use crate::index::guard::Notice;

/// Why an update runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The repository was just opened: a first build or a catch-up.
    Opened,
    /// HEAD moved (a commit, checkout, reset…).
    HeadMoved,
    /// The user asked (`aexy.reindex`).
    Requested,
}

/// What one indexing run achieved.
pub struct Outcome {
    pub head: Option<String>,
    pub commits: u64,
}

/// Starts serving `handle`: an existing index answers at once (its head is adopted), a watcher
/// follows the git dir, and a first run builds or catches the index up in the background.
pub fn start(daemon: Arc<Daemon>, handle: Arc<RepoHandle>) {
    let weak = Arc::downgrade(&daemon);
    let runtime = tokio::runtime::Handle::current();
    let watched = handle.clone();
    let w = watcher::watch(
        handle.root.clone(),
        handle.git_dir.clone(),
        handle.common_dir.clone(),
        move |_head| {
            if let Some(daemon) = weak.upgrade() {
                runtime.spawn(update(daemon, watched.clone(), Reason::HeadMoved));
            }
        },
    );
    if let Ok(mut watchers) = daemon.watchers.lock() {
        watchers.push((handle.root.clone(), w));
    }
    super::healing::watch(&daemon, handle.clone());
    tokio::spawn(async move {
        let (db, key) = (handle.db.clone(), handle.git_dir.clone());
        if let Ok(Some(head)) = super::blocking::run(move |_| Ok(indexed_head(&db, &key))).await {
            handle.set_status(|s| s.head = Some(head));
        }
        update(daemon, handle, Reason::Opened).await;
    });
}

/// Brings the index of `handle` up to date, reporting progress; never fails the caller.
pub async fn update(daemon: Arc<Daemon>, handle: Arc<RepoHandle>, reason: Reason) {
    let _one_at_a_time = handle.index_lock.lock().await;
    handle.set_status(|s| {
        s.state = IndexState::Indexing;
        s.message = Some("indexing".into());
    });
    let show_progress = reason != Reason::HeadMoved && daemon.settings().progress;
    let title = format!("aexy: indexing {}", name(&handle.root));
    let mut progress = Reporter::begin(&daemon.client, show_progress, &title, "starting").await;

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u64, u64)>();
    let (root, db) = (handle.root.clone(), handle.db.clone());
    let notice = notice_for(&daemon, &handle);
    let job = tokio::task::spawn_blocking(move || index(root, db, tx, notice));
    while let Some((done, total)) = rx.recv().await {
        handle.set_status(|s| {
            s.commits_indexed = done;
            s.commits_total = total;
            s.message = Some(format!(
                "indexing {}%",
                super::progress::percentage(done, total)
            ));
        });
        progress.report(done, total).await;
    }
    let outcome = job
        .await
        .map_err(|e| anyhow::anyhow!("indexing panicked: {e}"))
        .and_then(|r| r);
    super::memory::trim();
    handle.invalidate_readers();
    let message = match outcome {
        Ok(o) => {
            handle.set_status(|s| {
                s.state = IndexState::Ready;
                s.head = o.head;
                s.commits_indexed = o.commits;
                s.commits_total = o.commits;
                s.message = None;
            });
            format!("{} commits indexed", o.commits)
        }
        Err(e) => {
            tracing::error!(root = %handle.root.display(), "indexing failed: {e:#}");
            let msg = format!("{e:#}");
            handle.set_status(|s| {
                s.state = IndexState::Error;
                s.message = Some(msg.clone());
            });
            let text = format!("aexy: indexing {} failed: {msg}", handle.root.display());
            daemon.client.show_message(MessageType::WARNING, text).await;
            format!("indexing failed: {msg}")
        }
    };
    progress.finish(message).await;
    refresh(&daemon);
}

/// Asks the client to re-request code lenses and inlay hints (when it supports that).
pub fn refresh(daemon: &Arc<Daemon>) {
    let settings = daemon.settings();
    let client = daemon.client.clone();
    tokio::spawn(async move {
        if settings.code_lens_refresh {
            let _ = client.code_lens_refresh().await;
        }
        if settings.inlay_hint_refresh {
            let _ = client.inlay_hint_refresh().await;
        }
    });
}

/// One indexing run on a blocking thread (`index::index_repository`: one write transaction, so
/// readers keep answering from the previous state); `progress` receives (done, total) commits.
fn index(
    root: PathBuf,
    db: PathBuf,
    progress: tokio::sync::mpsc::UnboundedSender<(u64, u64)>,
    notice: crate::index::guard::OnNotice,
) -> anyhow::Result<Outcome> {
    let report = move |p: crate::index::Progress| {
        let _ = progress.send((p.done, p.total));
    };
    let opts = crate::index::IndexOptions {
        progress: Some(Arc::new(report)),
        // Leave a core to the editor and the request threads.
        threads: std::thread::available_parallelism()
            .map_or(1, |n| n.get().saturating_sub(1).max(1)),
        notice: Some(notice),
        ..crate::index::IndexOptions::default()
    };
    match crate::index::index_repository(&root, &db, &opts) {
        Ok(summary) => Ok(Outcome {
            head: Some(summary.head),
            commits: summary.commits,
        }),
        Err(e)
            if matches!(
                e.downcast_ref::<crate::repo::RepoError>(),
                Some(crate::repo::RepoError::Empty(_))
            ) =>
        {
            Ok(Outcome {
                head: None,
                commits: 0,
            })
        }
        Err(e) => Err(e),
    }
}

/// The commit an existing index answers for in the worktree with git dir `git_dir`, if any.
fn indexed_head(db: &std::path::Path, git_dir: &std::path::Path) -> Option<String> {
    let store = crate::store::Store::open_ro(db).ok()?;
    let key = git_dir.to_string_lossy();
    crate::index::views::head_of(store.conn(), key.trim_end_matches('/')).ok()?
}

/// What an index run has to say (waiting for another process writing the index, an index
/// moved aside): in the repository's status, and as a message when it is about the index itself.
fn notice_for(daemon: &Arc<Daemon>, handle: &Arc<RepoHandle>) -> crate::index::guard::OnNotice {
    let (client, handle) = (daemon.client.clone(), handle.clone());
    let runtime = tokio::runtime::Handle::current();
    Arc::new(move |n: &Notice<'_>| {
        handle.set_status(|s| s.message = Some(n.to_string()));
        if matches!(n, Notice::MovedAside(_)) {
            let (client, text) = (client.clone(), format!("aexy: {n}"));
            runtime.spawn(async move { client.show_message(MessageType::WARNING, text).await });
        }
    })
}

fn name(root: &std::path::Path) -> String {
    root.file_name().map_or_else(
        || root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
