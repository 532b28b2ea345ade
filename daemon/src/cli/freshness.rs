//! Before a query: bring the index up to date when it can; when it cannot (another aexy is
//! writing it, the data dir is read-only, the disk is full, the repository cannot be read) and
//! an index is there, answer from that index and say so on stderr. Only without any index does
//! a query wait for another writer or fail.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;

use super::index::Build;
use crate::index::guard::{self, WhenBusy};
use crate::repo::RepoInfo;
use crate::store::heal::{self, FileId};
use crate::store::health::{self, Health};
use crate::store::lock::WriterLock;
use crate::store::Store;

/// The index this command answers from, and which file it was when opened.
static OPENED: Mutex<Option<(PathBuf, Option<FileId>)>> = Mutex::new(None);

/// Opens a query context on the index `db` of `info`, as fresh as it can be made: with a
/// `--as-of` revision no tracked ref reaches indexed on demand.
pub fn context(
    info: &RepoInfo,
    db: &Path,
    as_of: Option<&str>,
) -> anyhow::Result<crate::query::Context> {
    let repo = crate::repo::open(&info.root)?;
    let extra = match as_of {
        Some(rev) => vec![crate::repo::resolve_commit(&repo, rev)?],
        None => Vec::new(),
    };
    let indexed = match health::inspect(db) {
        Health::Ready { .. } => Store::indexed_head(db),
        _ => None,
    };
    match &indexed {
        None => {
            if !db.exists() {
                eprintln!(
                    "aexy: no index yet for {}; indexing first",
                    info.root.display()
                );
            }
            // Nothing to answer from: wait for a writer that is building it, or build it.
            let how = Build {
                extra,
                ..Build::new(false, WhenBusy::Wait)
            };
            super::index::build(info, db, how)
                .with_context(|| format!("no index of {} could be built", info.root.display()))?;
        }
        Some(head) if !crate::index::is_current(&repo, db, &extra) => {
            let how = Build {
                extra,
                ..Build::new(true, WhenBusy::Skip)
            };
            if let Err(e) = super::index::build(info, db, how) {
                let why = if guard::cannot_write(&e) {
                    format!("{e}")
                } else {
                    format!("could not update the index: {e:#}")
                };
                eprintln!(
                    "aexy: {why}; answering from the index at {}",
                    super::output::short(head)
                );
            }
        }
        Some(_) => {}
    }
    if let Ok(mut opened) = OPENED.lock() {
        *opened = Some((db.to_owned(), heal::file_id(db)));
    }
    crate::query::Context::open(&info.root, db, as_of)
}

/// When `e` says the index this command read is damaged (found by a query after it opened
/// fine): moves it aside under the writer lock, says so, and returns true so the command runs
/// once more (and rebuilds it). False for any other error.
pub fn healed_after(e: &anyhow::Error) -> bool {
    let Some(damage) = health::damage_in(e) else {
        return false;
    };
    let Some((db, seen)) = OPENED.lock().ok().and_then(|mut o| o.take()) else {
        return false;
    };
    let Ok(_lock) = WriterLock::acquire(&db, None, |_| {}) else {
        return false;
    };
    match heal::move_aside(&db, &damage, seen) {
        Ok(Some(moved)) => {
            eprintln!("aexy: {moved}");
            true
        }
        // Already replaced by another process: running again reads the new one.
        Ok(None) => true,
        Err(err) => {
            eprintln!("aexy: cannot move the damaged index aside: {err}");
            false
        }
    }
}
