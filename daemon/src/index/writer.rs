//! Writing an index run into the store inside one transaction: identities and paths interned
//! to ids, commit rows with parents, trailers and co-authors, numstat rows, and each commit's
//! records in the ownership log. Either the whole run lands or nothing does (kill -9 safe).

use std::collections::HashMap;

use anyhow::Context as _;
use rusqlite::{params, OptionalExtension, Transaction};

use super::delta::Delta;
use super::work::{CommitWork, Person};
use crate::identity;

/// Interns identities and paths and writes rows; lives for one transaction.
pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    identities: HashMap<(String, String), i64>,
    paths: HashMap<Vec<u8>, u32>,
    /// Paths first seen in this run (they need classifying).
    new_paths: std::collections::HashSet<u32>,
}

impl<'t> Writer<'t> {
    /// A writer whose caches fill from the store on demand (cheap for small runs).
    pub fn new(tx: &'t Transaction<'t>) -> anyhow::Result<Self> {
        Ok(Writer {
            tx,
            identities: HashMap::new(),
            paths: HashMap::new(),
            new_paths: Default::default(),
        })
    }

    fn identity(&mut self, p: &Person) -> anyhow::Result<i64> {
        let key = (p.name.clone(), p.email.clone());
        if let Some(id) = self.identities.get(&key) {
            return Ok(*id);
        }
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM identities WHERE name = ?1 AND email = ?2")?
            .query_row(params![p.name, p.email], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO identities (name, email) VALUES (?1, ?2)")?
                    .execute(params![p.name, p.email])?;
                self.tx.last_insert_rowid()
            }
        };
        self.identities.insert(key, id);
        Ok(id)
    }

    /// The id of `path`, inserting it if new.
    pub fn path(&mut self, path: &[u8]) -> anyhow::Result<u32> {
        if let Some(id) = self.paths.get(path) {
            return Ok(*id);
        }
        let found: Option<u32> = self
            .tx
            .prepare_cached("SELECT id FROM paths WHERE path = ?1")?
            .query_row([path], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                let display = String::from_utf8_lossy(path).into_owned();
                self.tx
                    .prepare_cached("INSERT INTO paths (path, display) VALUES (?1, ?2)")?
                    .execute(params![path, display])?;
                let id = self.tx.last_insert_rowid() as u32;
                self.new_paths.insert(id);
                id
            }
        };
        self.paths.insert(path.to_vec(), id);
        Ok(id)
    }

    /// Paths inserted by this run.
    pub fn new_paths(&self) -> &std::collections::HashSet<u32> {
        &self.new_paths
    }

    /// Writes one commit's rows (its file changes only for non-merge, non-boundary commits);
    /// `parents` are its parents' ids, in order.
    pub fn commit(&mut self, id: u32, parents: &[u32], w: &CommitWork) -> anyhow::Result<()> {
        let m = &w.meta;
        let author = self.identity(&m.author)?;
        let committer = self.identity(&m.committer)?;
        self.tx
            .prepare_cached(
                "INSERT INTO commits (id, oid, author_id, committer_id, author_time, author_tz, \
                 committer_time, committer_tz, parent_count, boundary, subject, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                id,
                m.oid.to_string(),
                author,
                committer,
                m.author_time,
                m.author_tz,
                m.committer_time,
                m.committer_tz,
                m.parents.len(),
                m.boundary,
                m.subject,
                m.body
            ])
            .with_context(|| format!("writing commit {}", m.oid))?;
        for (idx, p) in m.parents.iter().enumerate() {
            self.tx
                .prepare_cached(
                    "INSERT INTO parents (commit_id, idx, parent_oid, parent_id) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, idx, p.to_string(), parents.get(idx)])?;
        }
        let trailers = identity::parse_trailers(&format!("{}\n\n{}", m.subject, m.body));
        for (k, v) in &trailers {
            self.tx
                .prepare_cached("INSERT INTO trailers (commit_id, key, value) VALUES (?1, ?2, ?3)")?
                .execute(params![id, k, v])?;
        }
        for (name, email) in identity::co_authors(&trailers) {
            let co = self.identity(&Person { name, email })?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO coauthors (commit_id, identity_id) VALUES (?1, ?2)",
                )?
                .execute(params![id, co])?;
        }
        if m.boundary {
            return Ok(());
        }
        for c in &w.changes {
            let path = self.path(&c.path)?;
            let old = match &c.old_path {
                Some(p) => Some(self.path(p)?),
                None => None,
            };
            let (added, deleted) = match c.counts {
                Some((a, d)) => (Some(a), Some(d)),
                None => (None, None),
            };
            self.tx
                .prepare_cached(
                    "INSERT INTO file_changes (commit_id, path_id, old_path_id, kind, added, deleted) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![id, path, old, c.kind.code(), added, deleted])?;
        }
        Ok(())
    }

    /// Writes a commit's records in the ownership log.
    pub fn deltas(&mut self, commit: u32, deltas: &[Delta]) -> anyhow::Result<()> {
        let mut ins = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO deltas (commit_id, path_id, from_path_id, data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for d in deltas {
            ins.execute(params![commit, d.path, d.from, d.data])?;
        }
        Ok(())
    }
}
