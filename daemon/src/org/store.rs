//! The org store: an engine (SQLite file or PostgreSQL) behind [`Engine`], its schema, and the
//! writes `aexy org sync` makes — one repository's figures replaced in one transaction, so a
//! sync killed half-way leaves every repository either as it was or fully new, and re-running
//! it gives what an uninterrupted run would.

use anyhow::{bail, Context as _, Result};

use super::engine::{Engine, Row, Value};
use super::extract::RepoFigures;
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
    match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
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

    fn ensure_schema(&mut self) -> Result<()> {
        self.write(true, |e| {
            e.batch(schema::DDL)?;
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
        })
        .with_context(|| format!("preparing the org store {}", self.describe))
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

fn delete_repository_rows(e: &mut dyn Engine, id: i64) -> Result<()> {
    for t in schema::REPO_TABLES.iter().rev().chain(["person_of"].iter()) {
        e.execute(&format!("DELETE FROM {t} WHERE repo_id = ?"), &[id.into()])?;
    }
    e.execute("DELETE FROM repositories WHERE id = ?", &[id.into()])?;
    Ok(())
}

fn write_repository(e: &mut dyn Engine, id: i64, f: &RepoFigures, synced_at: &str) -> Result<()> {
    let r = |v: Vec<Value>| v;
    e.load(
        "repositories",
        &[
            "id",
            "name",
            "location",
            "head",
            "head_time",
            "commits",
            "developers",
            "files",
            "considered_files",
            "truck_factor",
            "silo_files",
            "orphaned_files",
            "documents",
            "subject_documents",
            "synced_at",
        ],
        &[r(vec![
            id.into(),
            f.name.as_str().into(),
            f.location.as_str().into(),
            f.head.as_str().into(),
            f.head_time.into(),
            (f.commits as i64).into(),
            f.developers.iter().filter(|d| d.commits > 0).count().into(),
            (f.files as i64).into(),
            (f.considered_files as i64).into(),
            f.truck_factor().into(),
            (f.silo_files as i64).into(),
            f.orphaned.len().into(),
            (f.documents as i64).into(),
            (f.subject_documents as i64).into(),
            synced_at.into(),
        ])],
    )?;
    let devs: Vec<Row> = f
        .developers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.commits > 0)
        .map(|(i, d)| {
            vec![
                id.into(),
                i.into(),
                d.name.as_str().into(),
                d.email.as_str().into(),
                d.bot.into(),
                (d.commits as i64).into(),
                (d.lines as i64).into(),
                d.first_time.into(),
                d.last_time.into(),
                (d.authored_files as i64).into(),
            ]
        })
        .collect();
    e.load(
        "developers",
        &[
            "repo_id",
            "dev",
            "name",
            "email",
            "bot",
            "commits",
            "lines",
            "first_time",
            "last_time",
            "authored_files",
        ],
        &devs,
    )?;
    let aliases: Vec<Row> = f
        .developers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.commits > 0)
        .flat_map(|(i, d)| {
            d.aliases
                .iter()
                .map(move |(n, m)| vec![id.into(), i.into(), n.as_str().into(), m.as_str().into()])
        })
        .collect();
    e.load("aliases", &["repo_id", "dev", "name", "email"], &aliases)?;
    let files: Vec<Row> = f
        .file_paths
        .iter()
        .map(|(k, p)| vec![id.into(), (*k).into(), p.as_str().into()])
        .collect();
    e.load("files", &["repo_id", "file_id", "path"], &files)?;
    let experts: Vec<Row> = f
        .experts
        .iter()
        .map(|x| {
            vec![
                id.into(),
                x.file.into(),
                x.dev.into(),
                x.expertise.into(),
                x.doa.into(),
                x.normalized_doa.into(),
                x.recent_share.into(),
                x.author.into(),
                x.changes.into(),
            ]
        })
        .collect();
    e.load(
        "file_experts",
        &[
            "repo_id",
            "file_id",
            "dev",
            "expertise",
            "doa",
            "normalized_doa",
            "recent_share",
            "author",
            "changes",
        ],
        &experts,
    )?;
    let dirs: Vec<Row> = f
        .directories
        .iter()
        .map(|d| {
            vec![
                id.into(),
                d.directory.as_str().into(),
                d.truck_factor.into(),
                d.files.into(),
            ]
        })
        .collect();
    e.load(
        "directories",
        &["repo_id", "directory", "truck_factor", "files"],
        &dirs,
    )?;
    let authors: Vec<Row> = f
        .directories
        .iter()
        .flat_map(|d| {
            d.authors.iter().map(move |(dev, n, rank)| {
                vec![
                    id.into(),
                    d.directory.as_str().into(),
                    (*dev).into(),
                    (*n).into(),
                    (*rank).into(),
                ]
            })
        })
        .collect();
    e.load(
        "directory_authors",
        &["repo_id", "directory", "dev", "files", "tf_rank"],
        &authors,
    )?;
    let orphaned: Vec<Row> = f
        .orphaned
        .iter()
        .map(|(p, t)| vec![id.into(), p.as_str().into(), t.as_str().into()])
        .collect();
    e.load("orphaned", &["repo_id", "path", "last_active"], &orphaned)?;
    let skills: Vec<Row> = f
        .skills
        .iter()
        .map(|s| {
            vec![
                id.into(),
                s.dev.into(),
                s.kind.into(),
                s.name.as_str().into(),
                s.level.as_str().into(),
                s.score.into(),
                (s.lines as i64).into(),
                s.last_used.into(),
            ]
        })
        .collect();
    e.load(
        "skills",
        &[
            "repo_id",
            "dev",
            "kind",
            "name",
            "level",
            "score",
            "lines",
            "last_used",
        ],
        &skills,
    )?;
    let activity: Vec<Row> = f
        .activity
        .iter()
        .map(|(d, m, c, l)| {
            vec![
                id.into(),
                (*d).into(),
                m.as_str().into(),
                (*c as i64).into(),
                (*l as i64).into(),
            ]
        })
        .collect();
    e.load(
        "activity",
        &["repo_id", "dev", "month", "commits", "lines"],
        &activity,
    )?;
    let terms = |v: &[(String, u32, f64)]| -> Vec<Row> {
        v.iter()
            .map(|(t, k, w)| vec![t.as_str().into(), id.into(), (*k).into(), (*w).into()])
            .collect()
    };
    e.load(
        "doc_terms",
        &["term", "repo_id", "file_id", "weight"],
        &terms(&f.doc_terms),
    )?;
    let subjects: Vec<(String, u32, f64)> = f
        .subject_terms
        .iter()
        .map(|(t, d, w)| (t.clone(), *d as u32, *w))
        .collect();
    e.load(
        "subject_terms",
        &["term", "repo_id", "dev", "weight"],
        &terms(&subjects),
    )?;
    let df = |v: &[(String, u64)]| -> Vec<Row> {
        v.iter()
            .map(|(t, n)| vec![t.as_str().into(), id.into(), (*n as i64).into()])
            .collect()
    };
    e.load("doc_df", &["term", "repo_id", "df"], &df(&f.doc_df))?;
    e.load("subject_df", &["term", "repo_id", "df"], &df(&f.subject_df))?;
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
    }
}
