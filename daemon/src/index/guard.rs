//! What surrounds every index run: the writer lock (one writer per index across processes;
//! wait for it or give up at once), healing (a damaged, foreign or newer database found on
//! open, or by a query failing during the run, is moved aside and the run starts again on a
//! fresh file), and errors users can act on (a full disk, a read-only data dir).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use crate::store::heal;
use crate::store::health::{self, Health};
use crate::store::lock::{LockError, WriterLock};

/// What an index run does when another process is writing the same index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WhenBusy {
    /// Wait for it to finish (then usually find the index up to date).
    #[default]
    Wait,
    /// Fail at once with [`LockError::Busy`] (a query that can answer from what is there).
    Skip,
}

/// Something the user should hear about during an index run; `Display` is the one line.
#[derive(Debug)]
pub enum Notice<'a> {
    /// Another process (pid, when known) is writing the index; this run waits for it.
    Waiting(Option<u32>),
    /// The index was damaged, foreign or newer, and was moved aside to be rebuilt.
    MovedAside(&'a heal::MovedAside),
}

impl std::fmt::Display for Notice<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Waiting(Some(pid)) => write!(
                f,
                "waiting for another aexy (pid {pid}) to finish updating this index"
            ),
            Notice::Waiting(None) => {
                write!(f, "waiting for another aexy to finish updating this index")
            }
            Notice::MovedAside(moved) => moved.fmt(f),
        }
    }
}

/// Receives [`Notice`]s.
pub type OnNotice = Arc<dyn Fn(&Notice<'_>) + Send + Sync>;

/// Runs `build` on the index `db` under the writer lock, healing the index before and, once,
/// after a run that failed on a damaged database.
pub fn run<T>(
    db: &Path,
    when_busy: WhenBusy,
    notice: Option<&OnNotice>,
    mut build: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let say = |n: Notice<'_>| {
        tracing::info!("{n}");
        if let Some(f) = notice {
            f(&n);
        }
    };
    let _lock = match when_busy {
        WhenBusy::Skip => WriterLock::try_acquire(db)?,
        WhenBusy::Wait => WriterLock::acquire(db, None, |pid| say(Notice::Waiting(pid)))?,
    };
    if let Health::Damaged(damage) = health::inspect(db) {
        if let Some(moved) =
            heal::move_aside(db, &damage, None).context("moving the index aside")?
        {
            say(Notice::MovedAside(&moved));
        }
    }
    let first = build();
    let result = match first {
        Err(e) => match health::damage_in(&e) {
            Some(damage) => {
                if let Some(moved) =
                    heal::move_aside(db, &damage, None).context("moving the index aside")?
                {
                    say(Notice::MovedAside(&moved));
                }
                build()
            }
            None => Err(e),
        },
        ok => ok,
    };
    result.map_err(|e| explain(e, db))
}

/// Adds what the user can do to errors with a known cause.
fn explain(e: anyhow::Error, db: &Path) -> anyhow::Error {
    if health::is_disk_full(&e) {
        let dir = db.parent().unwrap_or(db);
        let kept = if crate::store::Store::indexed_head(db).is_some() {
            "the previous index is intact"
        } else {
            "no index was written"
        };
        return e.context(format!(
            "the disk holding {} is full: {kept}; free some space and run `aexy index` again",
            dir.display()
        ));
    }
    e
}

/// Whether `e` says the index could not be written because another process holds it, or
/// because the data dir is read-only: a query can still answer from the index that is there.
pub fn cannot_write(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<LockError>(),
            Some(LockError::Busy { .. } | LockError::ReadOnly { .. })
        )
    })
}
