//! Answering questions from an index: the shared query [`Context`] (read-only store, the
//! repository, identities resolved at query time, and the `--as-of` scope) and one module per
//! question.
//!
//! API Boundary: the CLI and the daemon call `Context::open` and the functions of the
//! submodules; they return plain serde data in the product's own terms.

pub mod developers;
pub mod explain;
pub mod owners;
pub mod past_owners;
pub mod scope;
pub mod stats;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::identity::{RawIdentity, Resolver};
use crate::store::Store;
pub use scope::Scope;

/// A resolved person as shown to users.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// Everything a query needs, opened once.
pub struct Context {
    pub root: PathBuf,
    pub store: Store,
    pub repo: git2::Repository,
    pub resolver: Resolver,
    pub scope: Scope,
    /// The revision answers are as of (the indexed HEAD unless `--as-of`).
    pub as_of: String,
}

impl Context {
    /// Opens the index `db` of the repository at `root`, resolving identities with the
    /// repository's current `.mailmap`, scoped to history up to `as_of` (inclusive) if given.
    pub fn open(root: &Path, db: &Path, as_of: Option<&str>) -> anyhow::Result<Context> {
        let store = Store::open_ro(db)?;
        let repo = crate::repo::open(root)?;
        let head = store
            .meta("head")?
            .context("the index is empty: run `aexy index`")?;
        let resolver = load_resolver(&store, &repo)?;
        let (scope, as_of) = match as_of {
            None => (Scope::All, head),
            Some(rev) => {
                let oid = crate::repo::resolve_commit(&repo, rev)?;
                (Scope::ancestors_of(&store, oid)?, oid.to_string())
            }
        };
        Ok(Context {
            root: root.to_owned(),
            store,
            repo,
            resolver,
            scope,
            as_of,
        })
    }

    /// The resolved person behind raw identity `id`.
    pub fn person(&self, identity_id: i64) -> Person {
        match self.resolver.developer_of(identity_id) {
            Some(d) => {
                let d = &self.resolver.developers()[d];
                Person {
                    name: d.name.clone(),
                    email: d.email.clone(),
                }
            }
            None => Person {
                name: "unknown".into(),
                email: String::new(),
            },
        }
    }

    pub fn included(&self, commit_id: u32) -> bool {
        self.scope.contains(commit_id)
    }

    /// The developer the repository's configured git user (`user.email`, else `user.name`)
    /// resolves to, if they have history here: "you" for profiles, reviewers and signals.
    pub fn configured_user(&self) -> Option<usize> {
        let config = self.repo.config().ok()?;
        let get = |k: &str| config.get_string(k).ok();
        get("user.email")
            .and_then(|e| self.resolver.find(&e))
            .or_else(|| get("user.name").and_then(|n| self.resolver.find(&n)))
    }
}

/// Raw identities that `is_agent(name, email)` recognises as AI agents (tools, not developers:
/// they get no credit anywhere).
pub fn agent_identities(
    conn: &rusqlite::Connection,
    is_agent: impl Fn(&str, &str) -> bool,
) -> rusqlite::Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare("SELECT id, name, email FROM identities")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = std::collections::HashSet::new();
    for row in rows {
        let (id, name, email) = row?;
        if is_agent(&name, &email) {
            out.insert(id);
        }
    }
    Ok(out)
}

/// Builds the identity resolver from the stored raw identities and the repository's mailmap.
pub fn load_resolver(store: &Store, repo: &git2::Repository) -> anyhow::Result<Resolver> {
    let mut stmt = store.conn().prepare(
        "SELECT i.id, i.name, i.email, (SELECT COUNT(*) FROM commits c WHERE c.author_id = i.id) \
         FROM identities i",
    )?;
    let raw = stmt
        .query_map([], |r| {
            Ok(RawIdentity {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                commits: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mailmap = repo.mailmap().ok();
    Ok(Resolver::new(&raw, mailmap.as_ref()))
}
