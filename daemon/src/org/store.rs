//! The org store: an engine (SQLite file or PostgreSQL) behind [`Engine`], its schema, and the
//! writes `aexy org sync` makes — one repository's figures replaced in one transaction, so a
//! sync killed half-way leaves every repository either as it was or fully new, and re-running
//! it gives what an uninterrupted run would.

use anyhow::{bail, Context as _, Result};

use super::engine::{Engine, Row, Value};
use super::extract::RepoFigures;
use super::rows::{delete_repository_rows, write_repository};
use super::schema;

/// An open org store.
pub struct OrgStore {
    pub engine: Box<dyn Engine>,
    /// Where it is, for messages (a PostgreSQL URL's password left out).
    pub describe: String,
}

/// The store's key for a repository name: FNV-1a (64-bit) of the name, made non-negative, so
/// every process that syncs the same repository uses the same id without asking the others.
pub fn repo_id(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h & (i64::MAX as u64)) as i64
}

/// A PostgreSQL URL with any password replaced, fit for messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (rest, query) = rest
        .split_once('?')
        .map_or((rest, None), |(r, q)| (r, Some(q)));
    let rest = match rest.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{user}@{host}")
        }
        None => rest.to_string(),
    };
    let query = query.map(|q| {
        let params: Vec<&str> = q
            .split('&')
            .map(|p| {
                if p.starts_with("password=") {
                    "password=[redacted]"
                } else {
                    p
                }
            })
            .collect();
        format!("?{}", params.join("&"))
    });
    format!("{scheme}://{rest}{}", query.unwrap_or_default())
}

impl OrgStore {
    /// Opens the store at `location`: a `postgres://` or `postgresql://` URL, else an SQLite
    /// file path; creates the tables if missing.
    pub fn open(location: &str) -> Result<OrgStore> {
        let (engine, describe): (Box<dyn Engine>, String) =
            if location.starts_with("postgres://") || location.starts_with("postgresql://") {
                (
                    Box::new(super::postgres::Postgres::connect(location)?),
                    redact_url(location),
                )
            } else {
                (
                    Box::new(super::sqlite::Sqlite::open(std::path::Path::new(location))?),
                    location.to_string(),
                )
            };
        let mut store = OrgStore { engine, describe };
        store.ensure_schema()?;
        Ok(store)
    }

    /// Creates the tables when the store has none. The DDL runs only then (and under the
    /// exclusive lock, checked again once held): on PostgreSQL, `CREATE INDEX IF NOT EXISTS`
    /// locks its table even when the index exists, which would deadlock against another
    /// shard's writes.
    fn ensure_schema(&mut self) -> Result<()> {
        let result = if self.engine.has_table("org_meta")? {
            check_version(self.engine.as_mut())
        } else {
            self.write(true, |e| {
                if !e.has_table("org_meta")? {
                    e.batch(schema::DDL)?;
                }
                check_version(e)
            })
        };
        result.with_context(|| format!("preparing the org store {}", self.describe))
    }

    /// Runs `f` in a write transaction, committed when it succeeds, rolled back otherwise.
    pub fn write<R>(
        &mut self,
        exclusive: bool,
        f: impl FnOnce(&mut dyn Engine) -> Result<R>,
    ) -> Result<R> {
        self.engine.begin(exclusive)?;
        match f(self.engine.as_mut()) {
            Ok(r) => {
                self.engine.commit()?;
                Ok(r)
            }
            Err(e) => {
                let _ = self.engine.rollback();
                Err(e)
            }
        }
    }

    /// Reads rows.
    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.engine.query(sql, params)
    }

    /// Replaces everything stored about `fig`'s repository, in one transaction.
    pub fn replace_repository(&mut self, fig: &RepoFigures, synced_at: &str) -> Result<()> {
        let id = repo_id(&fig.name);
        self.write(false, |e| {
            let existing = e.query("SELECT name FROM repositories WHERE id = ?", &[id.into()])?;
            if let Some(other) = existing.first().map(|r| r[0].text()) {
                if other != fig.name {
                    bail!(
                        "repositories {other:?} and {:?} have the same key; rename one",
                        fig.name
                    );
                }
            }
            delete_repository_rows(e, id)?;
            write_repository(e, id, fig, synced_at)
        })
    }

    /// Removes a repository and its figures; whether it was there.
    pub fn remove_repository(&mut self, name: &str) -> Result<bool> {
        let id = repo_id(name);
        self.write(false, |e| {
            let n = e.execute("DELETE FROM repositories WHERE id = ?", &[id.into()])?;
            delete_repository_rows(e, id)?;
            Ok(n > 0)
        })
    }

    /// Repository names in the store.
    pub fn repositories(&mut self) -> Result<Vec<String>> {
        Ok(self
            .query("SELECT name FROM repositories ORDER BY name", &[])?
            .into_iter()
            .map(|r| r[0].text())
            .collect())
    }
}

/// Records the schema version in a new store; refuses a store of another version.
fn check_version(e: &mut dyn Engine) -> Result<()> {
    let v = e.query("SELECT value FROM org_meta WHERE key = 'schema'", &[])?;
    match v.first().map(|r| r[0].text()) {
        None => {
            e.execute(
                "INSERT INTO org_meta (key, value) VALUES ('schema', ?)",
                &[schema::VERSION.into()],
            )?;
        }
        Some(v) if v == schema::VERSION => {}
        Some(v) => bail!(
            "the org store has schema version {v}, this aexy writes {}: use a new store",
            schema::VERSION
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_ids_are_stable_and_non_negative() {
        assert_eq!(repo_id("a"), repo_id("a"));
        assert_ne!(repo_id("a"), repo_id("b"));
        assert!(repo_id("some/long/name") >= 0);
    }

    #[test]
    fn urls_lose_their_password() {
        assert_eq!(redact_url("postgres://u:secret@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact_url("/tmp/org.sqlite"), "/tmp/org.sqlite");
        assert_eq!(
            redact_url("postgres://u@h/db?host=/run/pg&password=s3cret&sslmode=disable"),
            "postgres://u@h/db?host=/run/pg&password=[redacted]&sslmode=disable"
        );
        assert_eq!(redact_url("postgres://u:p@ss@h/db"), "postgres://u@h/db");
    }
}
