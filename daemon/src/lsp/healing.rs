//! Trouble a request runs into, dealt with off the request path by one task per repository:
//! a damaged index (a query failing with "database disk image is malformed" after the index
//! opened fine) is moved aside under the writer lock, the user told in one line, and rebuilt,
//! while the daemon keeps serving; a repository deleted or moved away is reported (status and
//! one message) and served again when it is back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::MessageType;

use super::state::Daemon;
use super::workspace::RepoHandle;
use crate::store::heal::{self, FileId};
use crate::store::health::{self, Damage};
use crate::store::lock::WriterLock;

/// What a request ran into.
enum Trouble {
    /// The index is damaged (which file it was when found).
    Damaged(Damage, Option<FileId>),
    /// The repository's git dir is gone.
    Gone,
}

/// Trouble reported by requests, waiting for the healing task.
#[derive(Default)]
pub struct Reported {
    found: Mutex<Option<Trouble>>,
    wake: tokio::sync::Notify,
    /// The repository is known to be gone (reported once, until it is back).
    gone: AtomicBool,
}

impl Reported {
    /// Records the trouble behind the failed request `e` on `handle` (a damaged index, a
    /// repository gone), if that is what it was; true when it did.
    pub fn report(&self, e: &anyhow::Error, handle: &RepoHandle) -> bool {
        let trouble = match health::damage_in(e) {
            Some(damage) => {
                tracing::warn!("the index {} is damaged: {damage}", handle.db.display());
                Trouble::Damaged(damage, heal::file_id(&handle.db))
            }
            None if !handle.git_dir.exists() => {
                if self.gone.load(Ordering::SeqCst) {
                    return true;
                }
                Trouble::Gone
            }
            None => return false,
        };
        self.record(trouble);
        true
    }

    /// Notes that the repository of `handle` is gone, when it is; true when it is.
    pub fn check_present(&self, handle: &RepoHandle) -> bool {
        let gone = !handle.git_dir.exists();
        if gone && !self.gone.load(Ordering::SeqCst) {
            self.record(Trouble::Gone);
        }
        !gone
    }

    fn record(&self, trouble: Trouble) {
        if let Ok(mut found) = self.found.lock() {
            if found.is_none() {
                *found = Some(trouble);
                self.wake.notify_one();
            }
        }
    }

    fn take(&self) -> Option<Trouble> {
        self.found.lock().ok()?.take()
    }
}

/// Runs for as long as the daemon serves `handle`: deals with each reported trouble.
pub fn watch(daemon: &Arc<Daemon>, handle: Arc<RepoHandle>) {
    let weak = Arc::downgrade(daemon);
    tokio::spawn(async move {
        loop {
            handle.damage.wake.notified().await;
            let Some(daemon) = weak.upgrade() else {
                return;
            };
            match handle.damage.take() {
                Some(Trouble::Damaged(damage, seen)) => heal(daemon, &handle, damage, seen).await,
                Some(Trouble::Gone) if !handle.damage.gone.swap(true, Ordering::SeqCst) => {
                    gone(&daemon, &handle).await;
                    drop(daemon); // not kept alive while waiting
                    if !back(&weak, &handle).await {
                        return;
                    }
                }
                _ => {}
            }
        }
    });
}

/// Moves the damaged index aside (unless another process already replaced it), says so, and
/// rebuilds it.
async fn heal(daemon: Arc<Daemon>, handle: &Arc<RepoHandle>, damage: Damage, seen: Option<FileId>) {
    let db = handle.db.clone();
    let moved = super::blocking::run(move |_| {
        let _lock = WriterLock::acquire(&db, None, |_| {})?;
        Ok(heal::move_aside(&db, &damage, seen)?)
    })
    .await;
    match moved {
        Ok(Some(moved)) => {
            let text = format!("aexy: {moved}");
            daemon.client.show_message(MessageType::WARNING, text).await;
        }
        Ok(None) => {} // another process got there first
        Err(e) => tracing::error!("cannot move the damaged index aside: {e:#}"),
    }
    handle.invalidate_readers();
    super::indexer::update(daemon, handle.clone(), super::indexer::Reason::Requested).await;
}

/// Waits (polling each second) for a gone repository to be back, then catches its index up;
/// false when the daemon ended first.
async fn back(weak: &std::sync::Weak<Daemon>, handle: &Arc<RepoHandle>) -> bool {
    while !handle.git_dir.exists() {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        if weak.strong_count() == 0 {
            return false;
        }
    }
    handle.damage.gone.store(false, Ordering::SeqCst);
    let Some(daemon) = weak.upgrade() else {
        return false;
    };
    tracing::info!("the repository at {} is back", handle.root.display());
    handle.invalidate_readers();
    super::indexer::update(daemon, handle.clone(), super::indexer::Reason::Requested).await;
    true
}

/// The repository was deleted or moved: say so once, keep its index for when it is back.
async fn gone(daemon: &Daemon, handle: &RepoHandle) {
    let text = format!(
        "the repository at {} is gone (deleted or moved); its index is kept and answers resume when it is back",
        handle.root.display()
    );
    tracing::warn!("{text}");
    handle.set_status(|s| {
        s.state = aexy_protocol::status::IndexState::Error;
        s.message = Some(text.clone());
    });
    handle.invalidate_readers();
    let text = format!("aexy: {text}");
    daemon.client.show_message(MessageType::WARNING, text).await;
}
