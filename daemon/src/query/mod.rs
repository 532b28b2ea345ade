//! Answering questions from an index: the shared query [`Context`] (read-only store, the
//! repository, the worktree's view, identities resolved at query time, and the scope: the commit
//! answers are about — the worktree's HEAD, or `--as-of REV` — with its ancestors) and one
//! module per question.
//!
//! API Boundary: the CLI and the daemon call `Context::open` and the functions of the
//! submodules; they return plain serde data in the product's own terms.

pub mod developers;
pub mod explain;
pub mod owners;
pub mod scope;
pub mod stats;

use std::path::{Path, PathBuf};

use crate::identity::{RawIdentity, Resolver};
use crate::index::views::View;
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
    /// The worktree's view (line ownership at its indexed HEAD).
    pub view: View,
    /// The commit (store id) answers are about: the view's, or `--as-of`'s.
    pub at: u32,
    /// The same commit's git id.
    pub as_of: String,
}

/// Errors opening a query context.
#[derive(Debug, thiserror::Error)]
pub enum ContextError {
    #[error("this worktree ({0}) has not been indexed yet: run `aexy index`")]
    NoView(String),
    #[error(
        "{0} is not in the index yet: run `aexy index` (queries with --as-of index it for you)"
    )]
    NotIndexed(String),
}

impl Context {
    /// Opens the index `db` of the repository at `root` for the worktree's view, resolving
    /// identities with the repository's current `.mailmap`, scoped to history up to `as_of`
    /// (inclusive) if given, else up to the view's commit.
    pub fn open(root: &Path, db: &Path, as_of: Option<&str>) -> anyhow::Result<Context> {
        let store = Store::open_ro(db)?;
        let repo = crate::repo::open(root)?;
        let key = crate::index::view_key(&repo);
        let view = crate::index::views::find(store.conn(), &key)?
            .ok_or_else(|| ContextError::NoView(root.display().to_string()))?;
        let (at, as_of) = match as_of {
            None => {
                let oid: String = store.conn().query_row(
                    "SELECT oid FROM commits WHERE id = ?1",
                    [view.commit],
                    |r| r.get(0),
                )?;
                (view.commit, oid)
            }
            Some(rev) => {
                let oid = crate::repo::resolve_commit(&repo, rev)?;
                let id = crate::index::plan::stored_id(store.conn(), oid)?
                    .ok_or_else(|| ContextError::NotIndexed(oid.to_string()))?;
                (id, oid.to_string())
            }
        };
        let scope = Scope::ancestors_of_id(store.conn(), at)?;
        let resolver = load_resolver(store.conn(), &repo, &scope)?;
        Ok(Context {
            root: root.to_owned(),
            store,
            repo,
            resolver,
            scope,
            view,
            at,
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

/// The path ids of the files at the context's commit: the view's files, or the as-of tree's
/// (paths the index has never seen left out).
pub fn files_at(ctx: &Context) -> anyhow::Result<Vec<u32>> {
    let conn = ctx.store.conn();
    if ctx.at == ctx.view.commit {
        let mut stmt = conn.prepare("SELECT path_id FROM view_files WHERE view_id = ?1")?;
        let ids = stmt.query_map([ctx.view.id], |r| r.get(0))?;
        return Ok(ids.collect::<Result<_, _>>()?);
    }
    let oid = git2::Oid::from_str(&ctx.as_of)?;
    let odb = ctx.repo.odb()?;
    let tree = ctx.repo.find_commit(oid)?.tree_id();
    let listing = crate::git::tree_diff::list_tree(&crate::git::tree_diff::OdbTrees(&odb), tree)?;
    let mut stmt = conn.prepare_cached("SELECT id FROM paths WHERE path = ?1")?;
    let mut out = Vec::with_capacity(listing.len());
    for c in listing {
        if let Some(id) =
            rusqlite::OptionalExtension::optional(stmt.query_row([&c.path], |r| r.get(0)))?
        {
            out.push(id);
        }
    }
    Ok(out)
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

/// Builds the identity resolver from the stored raw identities (with their commits in `scope`)
/// and the repository's mailmap.
pub fn load_resolver(
    conn: &rusqlite::Connection,
    repo: &git2::Repository,
    scope: &Scope,
) -> anyhow::Result<Resolver> {
    // Only identities the scope's commits name take part: one seen only in an amended or
    // rebased-away commit must not rename or merge anyone.
    let mut commits: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
    let mut stmt = conn.prepare("SELECT id, author_id, committer_id FROM commits")?;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (id, author, committer) = r?;
        if scope.contains(id) {
            *commits.entry(author).or_default() += 1;
            commits.entry(committer).or_default();
        }
    }
    let mut stmt = conn.prepare("SELECT commit_id, identity_id FROM coauthors")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, co) = r?;
        if scope.contains(id) {
            commits.entry(co).or_default();
        }
    }
    let mut stmt = conn.prepare("SELECT id, name, email FROM identities")?;
    let raw = stmt
        .query_map([], |r| {
            Ok(RawIdentity {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                commits: 0,
            })
        })?
        .filter_map(|r| match r {
            Ok(mut i) => commits.get(&i.id).map(|n| {
                i.commits = *n;
                Ok(i)
            }),
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mailmap = repo.mailmap().ok();
    Ok(Resolver::new(&raw, mailmap.as_ref()))
}
