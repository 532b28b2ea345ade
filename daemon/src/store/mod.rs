//! The SQLite store: where an index lives on disk, opening it (WAL, migrations), and the
//! read/write helpers the indexer and the queries share. The store knows nothing about git.

pub mod heal;
pub mod health;
pub mod location;
pub mod lock;
pub mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// Errors from opening or reading an index database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the index database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the index database {path} was written by a newer aexy (schema {found}, this build knows {known})")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("no index at {0}: run `aexy index` first")]
    Missing(PathBuf),
    #[error("the index {path} is {damage}")]
    Damaged {
        path: PathBuf,
        damage: health::Damage,
    },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// An open index database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for writing, migrated to the current schema.
    pub fn open_rw(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let open = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open)?;
        configure(&conn).map_err(open)?;
        check_version(&conn, path)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// Opens an existing database read-only (queries, the daemon's readers).
    pub fn open_ro(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let open = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = open_read_only(path).map_err(open)?;
        check_version(&conn, path)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == 0 {
            return Err(StoreError::Missing(path.to_owned()));
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The HEAD the index at `path` was built for, if it holds a complete index.
    pub fn indexed_head(path: &Path) -> Option<String> {
        Store::open_ro(path).ok()?.meta("head").ok()?
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    }
}

/// A read-only connection to `path`. In a data dir the user cannot write (a read-only mount,
/// another user's files) SQLite cannot create the WAL's shared-memory file, so the database is
/// then opened as immutable: nobody can be writing to it there.
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
            ) =>
        {
            tracing::debug!("{}: read-only data dir, opening immutable", path.display());
            let conn = Connection::open_with_flags(
                immutable_uri(path),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?;
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
            Ok(conn)
        }
        Err(e) => Err(e),
        Ok(_) => Ok(conn),
    }
}

/// `file:PATH?immutable=1`, the path percent-encoded as SQLite's URI syntax wants.
fn immutable_uri(path: &Path) -> String {
    format!("file:{}?immutable=1", uri_path(path))
}

/// `path` percent-encoded for a `file:` URI (every byte but unreserved ones and `/`).
pub fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(*b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -16_000)?;
    Ok(())
}

fn check_version(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > schema::SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            known: schema::SCHEMA_VERSION,
        });
    }
    Ok(())
}
