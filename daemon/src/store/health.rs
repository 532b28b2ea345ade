//! Telling a usable index from one that must be rebuilt: a cheap inspection on open (header,
//! owner, schema version, tables: catches garbage, truncation, a foreign or a newer database) and
//! the recognition of damage in the error of a query that failed later.

use std::io::Read;
use std::path::Path;

use rusqlite::{ErrorCode, OpenFlags};

use super::schema;

/// `PRAGMA application_id` of an aexy index: "aexy" in ASCII.
pub const APPLICATION_ID: i64 = 0x6165_7879;

/// What is wrong with an index file that cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    #[error("not an SQLite database")]
    NotADatabase,
    #[error("damaged: {0}")]
    Corrupt(String),
    #[error("not an aexy index ({0})")]
    Foreign(String),
    #[error("written by a newer aexy (schema {found}, this build knows {known})")]
    FutureVersion { found: i64, known: i64 },
}

impl Damage {
    /// A one-word label for the moved-aside file's name.
    pub fn label(&self) -> &'static str {
        match self {
            Damage::NotADatabase | Damage::Corrupt(_) => "damaged",
            Damage::Foreign(_) => "foreign",
            Damage::FutureVersion { .. } => "newer",
        }
    }
}

/// The state of an index file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// No file.
    Missing,
    /// A file without our schema yet (being created, or an interrupted first open).
    Empty,
    /// Our schema at this version or an older one (migrations bring it up).
    Ready {
        version: i64,
    },
    Damaged(Damage),
    /// It could not be read at all (permissions, I/O); not a verdict on its contents.
    Unreadable(String),
}

/// Inspects the index file at `path` without changing it.
pub fn inspect(path: &Path) -> Health {
    let mut header = [0u8; 100];
    let len = match std::fs::File::open(path).and_then(|mut f| {
        let len = f.metadata()?.len();
        f.read_exact(&mut header[..len.min(100) as usize])?;
        Ok(len)
    }) {
        Ok(len) => len,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Health::Missing,
        Err(e) => return Health::Unreadable(e.to_string()),
    };
    if len == 0 {
        return Health::Empty;
    }
    if len < 100 || &header[..16] != b"SQLite format 3\0" {
        return Health::Damaged(Damage::NotADatabase);
    }
    match read_identity(path) {
        Ok(id) => judge(&id),
        Err(e) => match damage_of_sql(&e) {
            Some(d) => Health::Damaged(d),
            None => Health::Unreadable(e.to_string()),
        },
    }
}

/// What the file says about itself.
struct Identity {
    application_id: i64,
    version: i64,
    tables: Vec<String>,
}

fn read_identity(path: &Path) -> rusqlite::Result<Identity> {
    let conn = super::open_read_only(path)?;
    let application_id = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let tables = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Identity {
        application_id,
        version,
        tables,
    })
}

fn judge(id: &Identity) -> Health {
    let has = |t: &str| id.tables.iter().any(|x| x == t);
    // Indexes written before the application id was set carry 0 but have our tables.
    let ours = id.application_id == APPLICATION_ID
        || (id.application_id == 0 && id.version >= 1 && has("meta") && has("commits"));
    if !ours {
        if id.application_id == 0 && id.version == 0 && id.tables.is_empty() {
            return Health::Empty;
        }
        let what = if id.application_id != 0 {
            format!("application id {:#x}", id.application_id)
        } else {
            format!("tables {}", id.tables.join(", "))
        };
        return Health::Damaged(Damage::Foreign(what));
    }
    if id.version > schema::SCHEMA_VERSION {
        return Health::Damaged(Damage::FutureVersion {
            found: id.version,
            known: schema::SCHEMA_VERSION,
        });
    }
    if let Some(missing) = schema::TABLES.iter().find(|t| !has(t)) {
        if id.version >= 1 {
            return Health::Damaged(Damage::Corrupt(format!("table {missing} is missing")));
        }
    }
    Health::Ready {
        version: id.version,
    }
}

/// The damage an SQLite error reveals (a malformed page, a file that is not a database, a
/// short read of a truncated file), if it is that kind of error.
pub fn damage_of_sql(e: &rusqlite::Error) -> Option<Damage> {
    let rusqlite::Error::SqliteFailure(f, msg) = e else {
        return None;
    };
    let text = || msg.clone().unwrap_or_else(|| f.to_string());
    match f.code {
        ErrorCode::NotADatabase => Some(Damage::NotADatabase),
        ErrorCode::DatabaseCorrupt => Some(Damage::Corrupt(text())),
        ErrorCode::SystemIoFailure if f.extended_code == SQLITE_IOERR_SHORT_READ => {
            Some(Damage::Corrupt(format!("truncated ({})", text())))
        }
        _ => None,
    }
}

/// `SQLITE_IOERR_SHORT_READ`: a read past the end of a truncated file.
const SQLITE_IOERR_SHORT_READ: i32 = 522;

/// The damage behind an error anywhere in `err`'s chain (a query failed because the index is
/// damaged), so the caller can move the index aside and rebuild.
pub fn damage_in(err: &anyhow::Error) -> Option<Damage> {
    err.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<rusqlite::Error>() {
            return damage_of_sql(e);
        }
        match cause.downcast_ref::<super::StoreError>()? {
            super::StoreError::Open { source, .. } => damage_of_sql(source),
            super::StoreError::Sql(e) => damage_of_sql(e),
            super::StoreError::Damaged { damage, .. } => Some(damage.clone()),
            _ => None,
        }
    })
}

/// Whether `err` says the disk (or the user's quota) is full.
pub fn is_disk_full(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        if let Some(rusqlite::Error::SqliteFailure(f, _)) = cause.downcast_ref::<rusqlite::Error>()
        {
            return f.code == ErrorCode::DiskFull;
        }
        if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            return matches!(e.raw_os_error(), Some(libc::ENOSPC | libc::EDQUOT));
        }
        false
    })
}

/// `PRAGMA quick_check` on the index at `path`: `Ok(())` or the problems SQLite found.
pub fn quick_check(path: &Path) -> rusqlite::Result<Result<(), Vec<String>>> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if rows.len() == 1 && rows[0] == "ok" {
        return Ok(Ok(()));
    }
    // One problem a line (SQLite may pack several into one row, under a "***" heading).
    Ok(Err(rows
        .iter()
        .flat_map(|r| r.lines())
        .filter(|l| !l.starts_with("***") && !l.trim().is_empty())
        .map(str::to_owned)
        .collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("i.sqlite");
        let store = super::super::Store::open_rw(&path).unwrap();
        store
            .conn()
            .execute("INSERT INTO meta VALUES ('head', 'x')", [])
            .unwrap();
        drop(store);
        path
    }

    #[test]
    fn a_fresh_index_is_ready_and_an_absent_one_missing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(inspect(&dir.path().join("none")), Health::Missing);
        let path = fresh(dir.path());
        assert_eq!(
            inspect(&path),
            Health::Ready {
                version: schema::SCHEMA_VERSION
            }
        );
        assert_eq!(quick_check(&path).unwrap(), Ok(()));
    }

    #[test]
    fn garbage_truncation_foreign_and_newer_files_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("g.sqlite");
        std::fs::write(&garbage, b"this is not a database at all, just some text").unwrap();
        assert_eq!(inspect(&garbage), Health::Damaged(Damage::NotADatabase));

        let path = fresh(dir.path());
        let full = std::fs::read(&path).unwrap();
        std::fs::write(&path, &full[..full.len() / 3]).unwrap();
        assert!(
            matches!(inspect(&path), Health::Damaged(Damage::Corrupt(_))),
            "{:?}",
            inspect(&path)
        );

        let foreign = dir.path().join("f.sqlite");
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE notes (t TEXT); PRAGMA user_version = 3;")
            .unwrap();
        drop(c);
        assert!(matches!(
            inspect(&foreign),
            Health::Damaged(Damage::Foreign(_))
        ));

        let newer = fresh(&dir.path().join("n"));
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", schema::SCHEMA_VERSION + 5)
            .unwrap();
        drop(c);
        assert_eq!(
            inspect(&newer),
            Health::Damaged(Damage::FutureVersion {
                found: schema::SCHEMA_VERSION + 5,
                known: schema::SCHEMA_VERSION
            })
        );
    }

    #[test]
    fn errors_of_failed_queries_reveal_damage() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some("database disk image is malformed".into()),
        );
        let wrapped = anyhow::Error::from(e).context("reading commits");
        assert!(matches!(damage_in(&wrapped), Some(Damage::Corrupt(_))));
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let full = anyhow::Error::from(full);
        assert!(is_disk_full(&full) && damage_in(&full).is_none());
    }
}
