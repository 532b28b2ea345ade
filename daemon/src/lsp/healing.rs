//! A damaged index found by a request (a query failing with "database disk image is
//! malformed" after the index opened fine): the request that found it reports it, and one task
//! per repository moves the file aside under the writer lock, tells the user in one line and
//! rebuilds, while the daemon keeps serving (answers say `indexing` until then).

use std::path::Path;
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::MessageType;

use super::state::Daemon;
use super::workspace::RepoHandle;
use crate::store::heal::{self, FileId};
use crate::store::health::{self, Damage};
use crate::store::lock::WriterLock;

/// Damage reported by requests, waiting for the healing task.
#[derive(Default)]
pub struct Reported {
    found: Mutex<Option<(Damage, Option<FileId>)>>,
    wake: tokio::sync::Notify,
}

impl Reported {
    /// Records the damage `e` reveals in the index `db`, if any; true when it did.
    pub fn report(&self, e: &anyhow::Error, db: &Path) -> bool {
        let Some(damage) = health::damage_in(e) else {
            return false;
        };
        tracing::warn!("the index {} is damaged: {damage}", db.display());
        if let Ok(mut found) = self.found.lock() {
            if found.is_none() {
                *found = Some((damage, heal::file_id(db)));
                self.wake.notify_one();
            }
        }
        true
    }

    fn take(&self) -> Option<(Damage, Option<FileId>)> {
        self.found.lock().ok()?.take()
    }
}

/// Runs for as long as the daemon serves `handle`: heals each reported damage.
pub fn watch(daemon: &Arc<Daemon>, handle: Arc<RepoHandle>) {
    let weak = Arc::downgrade(daemon);
    tokio::spawn(async move {
        loop {
            handle.damage.wake.notified().await;
            let Some(daemon) = weak.upgrade() else {
                return;
            };
            let Some((damage, seen)) = handle.damage.take() else {
                continue;
            };
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
    });
}
