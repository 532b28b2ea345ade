//! Moving a damaged index out of the way so it can be rebuilt: the index is derived data, so
//! the file is renamed (never deleted) to `<db>.<label>-<unix time>` beside it, with its WAL, and
//! only the latest such copy of each database is kept so repeated damage cannot fill the disk.
//! Callers hold the writer lock ([`super::lock`]).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::health::Damage;

/// An index file that was moved aside.
#[derive(Debug, Clone)]
pub struct MovedAside {
    pub from: PathBuf,
    pub to: PathBuf,
    pub damage: Damage,
}

impl std::fmt::Display for MovedAside {
    /// The one line users see.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the index {} was {}; moved it to {} and rebuilding",
            self.from.display(),
            self.damage,
            self.to.display()
        )
    }
}

/// Which file a path is (device, inode), to tell whether a damaged index was already replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId(u64, u64);

/// The identity of the file at `path` now, if there is one.
pub fn file_id(path: &Path) -> Option<FileId> {
    let m = std::fs::metadata(path).ok()?;
    Some(FileId(m.dev(), m.ino()))
}

/// Renames the index `db` (and its `-wal`; the `-shm` is rebuilt from it) aside, removing older
/// moved-aside copies of it. `Ok(None)` when there is nothing to move, or when `seen` is given
/// and the file is no longer that one (another process already healed it).
pub fn move_aside(
    db: &Path,
    damage: &Damage,
    seen: Option<FileId>,
) -> std::io::Result<Option<MovedAside>> {
    let Some(now) = file_id(db) else {
        return Ok(None);
    };
    if seen.is_some_and(|s| s != now) {
        return Ok(None);
    }
    let older = moved_copies(db);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let to = sibling(db, &format!(".{}-{stamp}", damage.label()));
    let _ = std::fs::remove_file(sibling(&to, "-wal")); // a copy moved aside in the same second
    std::fs::rename(db, &to)?;
    let wal = sibling(db, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, sibling(&to, "-wal"))?;
    }
    let _ = std::fs::remove_file(sibling(db, "-shm"));
    for old in older.into_iter().filter(|o| *o != to) {
        let _ = std::fs::remove_file(sibling(&old, "-wal"));
        let _ = std::fs::remove_file(&old);
    }
    tracing::info!(from = %db.display(), to = %to.display(), "{damage}: index moved aside");
    Ok(Some(MovedAside {
        from: db.to_owned(),
        to,
        damage: damage.clone(),
    }))
}

/// Earlier moved-aside copies of `db`: `<name>.<label>-<digits>` in its directory.
pub fn moved_copies(db: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return Vec::new();
    };
    let prefix = format!("{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_prefix(&prefix)
                .and_then(|rest| rest.split_once('-'))
                .is_some_and(|(label, digits)| {
                    ["damaged", "foreign", "newer"].contains(&label)
                        && !digits.is_empty()
                        && digits.bytes().all(|b| b.is_ascii_digit())
                })
        })
        .map(|e| dir.join(e.file_name()))
        .collect()
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_aside_once_keeping_only_the_latest_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.sqlite");
        std::fs::write(&db, b"bad").unwrap();
        std::fs::write(sibling(&db, "-wal"), b"wal").unwrap();
        let stale = sibling(&db, ".damaged-100");
        std::fs::write(&stale, b"older").unwrap();
        let other = dir.path().join("r.sqlite.notes");
        std::fs::write(&other, b"not ours").unwrap();
        let seen = file_id(&db);
        let moved = move_aside(&db, &Damage::NotADatabase, seen)
            .unwrap()
            .unwrap();
        assert!(!db.exists() && moved.to.exists() && sibling(&moved.to, "-wal").exists());
        assert!(!stale.exists() && other.exists());
        assert_eq!(moved_copies(&db), vec![moved.to.clone()]);
        assert!(moved.to_string().contains("not an SQLite database"));
        // A new index in its place is not moved on the strength of the old one's damage.
        std::fs::write(&db, b"new").unwrap();
        assert!(move_aside(&db, &Damage::NotADatabase, seen)
            .unwrap()
            .is_none());
        assert!(db.exists());
    }
}
