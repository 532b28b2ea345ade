//! The SQLite schema of an aexy index and its migrations. Each migration is applied once, in
//! order, inside a transaction; `PRAGMA user_version` records how far a database has come.
//!
//! Tables (all ids are SQLite rowids; `commits.id` is the commit's position in a parents-first
//! topological order of everything indexed, so `a.id < b.id` whenever `a` is an ancestor of `b`;
//! new commits always get ids above every stored one):
//! - `meta(key, value)`: `root` (the repository's common git dir), `engine`
//!   (`index::plan::ENGINE` of the build that wrote it), `pruned` (when unreachable commits were
//!   last pruned).
//! - `identities(id, name, email)`: raw author/committer/co-author identities as written in
//!   commits, never merged here — resolution happens at query time (`identity::Resolver`).
//! - `commits`: one row per commit reachable from the tracked refs (HEADs of every worktree,
//!   local branches, the remote default branch, `aexy.refs`), or asked about with `--as-of`;
//!   merges included. `author_time` is seconds since the epoch (UTC); `author_tz` the author's
//!   own offset in minutes east of UTC. `boundary` marks a shallow clone's grafted commit:
//!   pre-history, it credits nobody. Commits no tracked ref reaches any more are pruned later;
//!   until then no answer counts them (answers see only the ancestors of the commit asked about).
//! - `parents(commit_id, idx, parent_oid, parent_id)`: parents in order (idx 0 = first parent);
//!   `parent_id` is NULL where the parent is not indexed (cut off by a shallow clone).
//! - `trailers(commit_id, key, value)`: `Key: value` lines from the message's last paragraph.
//! - `coauthors(commit_id, identity_id)`: from `Co-authored-by:` trailers.
//! - `paths(id, path, …)`: every path ever seen, with its classification (Linguist's rules,
//!   `.gitattributes` of the last view that was fully classified).
//! - `file_changes`: per non-merge commit, per changed file, against its first parent, like
//!   `git log --numstat -M` (kind A/M/D/R, lines added/deleted; NULL counts when binary).
//! - `deltas(commit_id, path_id, from_path_id, data)`: the ownership log (`index::delta`): how each
//!   commit changed each path's line owners relative to its first parent, reversibly.
//! - `views(id, key, commit_id, used)`: one materialised line ownership per worktree (`key` is its
//!   git dir), at `commit_id`; moved between commits by walking the ownership log.
//! - `ownership(view_id, path_id, runs)`: a view's line ownership of one text file, like `git
//!   blame`: runs of consecutive lines last changed by the same commit (`index::delta::pack`).
//! - `view_files(view_id, path_id, lines)`: the files of a view's commit (`lines` NULL when binary
//!   or too large).
//! - `refs(name, commit_id)`: the tracked refs as of the last index run.

use rusqlite::Connection;

/// Schema version written by this build: one per migration (append a migration to change it).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const MIGRATIONS: &[&str] = &[
    // 1: the initial schema. Secondary indexes are created after bulk loads (see `INDEXES`).
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE identities (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        UNIQUE (name, email)
    );
    CREATE TABLE commits (
        id INTEGER PRIMARY KEY,
        oid TEXT NOT NULL UNIQUE,
        author_id INTEGER NOT NULL REFERENCES identities(id),
        committer_id INTEGER NOT NULL REFERENCES identities(id),
        author_time INTEGER NOT NULL,
        author_tz INTEGER NOT NULL,
        committer_time INTEGER NOT NULL,
        committer_tz INTEGER NOT NULL,
        parent_count INTEGER NOT NULL,
        boundary INTEGER NOT NULL DEFAULT 0,
        subject TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE parents (
        commit_id INTEGER NOT NULL REFERENCES commits(id),
        idx INTEGER NOT NULL,
        parent_oid TEXT NOT NULL,
        PRIMARY KEY (commit_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE trailers (
        commit_id INTEGER NOT NULL REFERENCES commits(id),
        key TEXT NOT NULL,
        value TEXT NOT NULL
    );
    CREATE TABLE coauthors (
        commit_id INTEGER NOT NULL REFERENCES commits(id),
        identity_id INTEGER NOT NULL REFERENCES identities(id),
        PRIMARY KEY (commit_id, identity_id)
    ) WITHOUT ROWID;
    CREATE TABLE paths (
        id INTEGER PRIMARY KEY,
        path BLOB NOT NULL UNIQUE,
        display TEXT NOT NULL,
        language TEXT,
        vendored INTEGER NOT NULL DEFAULT 0,
        generated INTEGER NOT NULL DEFAULT 0,
        documentation INTEGER NOT NULL DEFAULT 0,
        data INTEGER NOT NULL DEFAULT 0,
        at_head INTEGER NOT NULL DEFAULT 0,
        binary_at_head INTEGER NOT NULL DEFAULT 0,
        lines_at_head INTEGER
    );
    CREATE TABLE file_changes (
        commit_id INTEGER NOT NULL REFERENCES commits(id),
        path_id INTEGER NOT NULL REFERENCES paths(id),
        old_path_id INTEGER REFERENCES paths(id),
        kind TEXT NOT NULL CHECK (kind IN ('A','M','D','R')),
        added INTEGER,
        deleted INTEGER
    );
    CREATE TABLE ownership (
        path_id INTEGER NOT NULL REFERENCES paths(id),
        start_line INTEGER NOT NULL,
        line_count INTEGER NOT NULL,
        commit_id INTEGER NOT NULL REFERENCES commits(id),
        PRIMARY KEY (path_id, start_line)
    ) WITHOUT ROWID;
    "#,
    // 2: every tracked ref's history, per-worktree views, the ownership log. Stored results
    // change with it (`index::plan::ENGINE` 3), so an older index is rebuilt once.
    r#"
    ALTER TABLE parents ADD COLUMN parent_id INTEGER;
    DROP INDEX IF EXISTS ownership_commit;
    DROP TABLE ownership;
    ALTER TABLE paths DROP COLUMN at_head;
    ALTER TABLE paths DROP COLUMN binary_at_head;
    ALTER TABLE paths DROP COLUMN lines_at_head;
    CREATE TABLE views (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        commit_id INTEGER NOT NULL,
        used INTEGER NOT NULL
    );
    CREATE TABLE ownership (
        view_id INTEGER NOT NULL,
        path_id INTEGER NOT NULL,
        runs BLOB NOT NULL,
        PRIMARY KEY (view_id, path_id)
    ) WITHOUT ROWID;
    CREATE TABLE view_files (
        view_id INTEGER NOT NULL,
        path_id INTEGER NOT NULL,
        lines INTEGER,
        PRIMARY KEY (view_id, path_id)
    ) WITHOUT ROWID;
    CREATE TABLE deltas (
        commit_id INTEGER NOT NULL,
        path_id INTEGER NOT NULL,
        from_path_id INTEGER,
        data BLOB NOT NULL,
        PRIMARY KEY (commit_id, path_id)
    ) WITHOUT ROWID;
    CREATE TABLE refs (name TEXT PRIMARY KEY, commit_id INTEGER NOT NULL) WITHOUT ROWID;
    "#,
    // Linguist's detectable files (issue 20): whether a path counts in Linguist's language
    // breakdown (programming or markup, not vendored/generated/documentation, or
    // `linguist-detectable`), what the truck factor, silos and hotspots consider
    // (`index::plan::ENGINE` 4).
    r#"
    ALTER TABLE paths ADD COLUMN detectable INTEGER NOT NULL DEFAULT 0;
    "#,
];

/// Secondary indexes, created (if missing) after a bulk load so inserts stay append-only.
pub const INDEXES: &str = r#"
    CREATE INDEX IF NOT EXISTS file_changes_commit ON file_changes(commit_id);
    CREATE INDEX IF NOT EXISTS file_changes_path ON file_changes(path_id, commit_id);
    CREATE INDEX IF NOT EXISTS commits_author ON commits(author_id, committer_id);
    CREATE INDEX IF NOT EXISTS commits_boundary ON commits(boundary) WHERE boundary = 1;
    CREATE INDEX IF NOT EXISTS commits_time ON commits(author_time);
    CREATE INDEX IF NOT EXISTS trailers_commit ON trailers(commit_id);
    CREATE INDEX IF NOT EXISTS parents_parent ON parents(parent_id);
"#;

/// Brings `conn` to [`SCHEMA_VERSION`], applying each missing migration in its own transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= current {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_reach_the_current_version_and_are_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        conn.execute_batch(INDEXES).unwrap();
    }
}
