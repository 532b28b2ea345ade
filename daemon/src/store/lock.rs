//! One writer per index at a time, across processes: an advisory `flock` on `<db>.lock` beside
//! the database, held for a whole index run and released by the kernel when its holder exits or
//! dies (`kill -9` included), so a crashed writer never leaves the index locked. The holder
//! writes its pid into the file, so a waiter can say whom it waits for.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why the writer lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it (and the caller chose not to wait, or waited long enough).
    #[error("{}", busy_text(*.pid))]
    Busy { pid: Option<u32> },
    /// The lock file cannot be created: the data dir is read-only (or not ours).
    #[error("cannot write the index: {} is not writable", .dir.display())]
    ReadOnly {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot lock the index {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn busy_text(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("another aexy (pid {pid}) is updating this index"),
        None => "another aexy is updating this index".into(),
    }
}

/// The held lock; dropping it releases it.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// The lock file of the database `db`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl WriterLock {
    /// Takes the lock if it is free; [`LockError::Busy`] if another process holds it.
    pub fn try_acquire(db: &Path) -> Result<WriterLock, LockError> {
        let mut file = open(db)?;
        if !flock(&file, libc::LOCK_EX | libc::LOCK_NB).map_err(|e| io_error(db, e))? {
            return Err(LockError::Busy {
                pid: read_pid(&mut file),
            });
        }
        // Ours now: record who holds it (best effort; the lock itself is what counts).
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = write!(file, "{}", std::process::id());
        Ok(WriterLock { _file: file })
    }

    /// Takes the lock, waiting up to `patience` (forever when `None`) for its holder;
    /// `on_wait(holder pid)` runs once, when waiting starts.
    pub fn acquire(
        db: &Path,
        patience: Option<Duration>,
        on_wait: impl FnOnce(Option<u32>),
    ) -> Result<WriterLock, LockError> {
        let mut on_wait = Some(on_wait);
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match WriterLock::try_acquire(db) {
                Err(LockError::Busy { pid }) => {
                    if let Some(f) = on_wait.take() {
                        f(pid);
                    }
                    if patience.is_some_and(|p| start.elapsed() >= p) {
                        return Err(LockError::Busy { pid });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    /// The pid of the process holding the lock of `db`, if one does.
    pub fn holder(db: &Path) -> Option<u32> {
        match WriterLock::try_acquire(db) {
            Err(LockError::Busy { pid }) => Some(pid.unwrap_or(0)),
            _ => None,
        }
    }
}

fn open(db: &Path) -> Result<File, LockError> {
    let path = lock_path(db);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|source| match source.raw_os_error() {
            Some(libc::EROFS | libc::EACCES | libc::EPERM | libc::ENOENT) => LockError::ReadOnly {
                dir: path.parent().map(Path::to_owned).unwrap_or_default(),
                source,
            },
            _ => LockError::Io { path, source },
        })
}

/// `flock(2)`; `Ok(false)` when a non-blocking request finds the lock taken.
fn flock(file: &File, op: libc::c_int) -> std::io::Result<bool> {
    loop {
        // SAFETY: flock on a file descriptor we own for the duration of the call.
        if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) => return Ok(false),
            _ => return Err(err),
        }
    }
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

fn io_error(db: &Path, source: std::io::Error) -> LockError {
    LockError::Io {
        path: lock_path(db),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.sqlite");
        let held = WriterLock::try_acquire(&db).unwrap();
        // flock conflicts between open file descriptions, even within one process.
        match WriterLock::try_acquire(&db) {
            Err(LockError::Busy { pid }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected busy, got {other:?}"),
        }
        assert_eq!(WriterLock::holder(&db), Some(std::process::id()));
        let waited = std::cell::Cell::new(false);
        let r = WriterLock::acquire(&db, Some(Duration::from_millis(30)), |_| waited.set(true));
        assert!(matches!(r, Err(LockError::Busy { .. })) && waited.get());
        drop(held);
        assert_eq!(WriterLock::holder(&db), None);
        WriterLock::acquire(&db, None, |_| panic!("no wait when free")).unwrap();
    }

    #[test]
    fn a_missing_directory_that_cannot_be_made_is_read_only() {
        let r = WriterLock::try_acquire(Path::new("/proc/aexy-no-such/x.sqlite"));
        assert!(matches!(r, Err(LockError::ReadOnly { .. })), "{r:?}");
    }
}
