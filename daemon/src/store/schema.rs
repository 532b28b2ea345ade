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
//! - Synced from code hosts and trackers (`sources::store`, only when the user runs a sync):
//!   `remote_accounts`, `pull_requests` with `pull_files`, `pull_commits`, `pull_reviews`,
//!   `pull_comments`, `pull_requested`; `tracker_issues`; `sync_state` (incremental marks,
//!   resume cursors, ETags); `account_links` (identities linked by hand). Times are seconds
//!   since the epoch (UTC).

use rusqlite::{Connection, TransactionBehavior};

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
    // Sources (issue 17): pull requests, reviews and tracker issues synced from GitHub,
    // GitLab, Jira and Linear (`sources::store`). Kept across index rebuilds: nothing here
    // refers to commit, path or identity row ids (commits by oid, paths as text).
    r#"
    CREATE TABLE remote_accounts (
        id INTEGER PRIMARY KEY,
        system TEXT NOT NULL,
        instance TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        login TEXT,
        name TEXT,
        email TEXT,
        bot INTEGER NOT NULL DEFAULT 0,
        UNIQUE (system, instance, remote_id)
    );
    CREATE TABLE pull_requests (
        id INTEGER PRIMARY KEY,
        system TEXT NOT NULL,
        instance TEXT NOT NULL,
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL CHECK (state IN ('open','closed','merged')),
        draft INTEGER NOT NULL DEFAULT 0,
        author_id INTEGER REFERENCES remote_accounts(id),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,
        merged_at INTEGER,
        base_ref TEXT,
        head_ref TEXT,
        merge_oid TEXT,
        additions INTEGER,
        deletions INTEGER,
        url TEXT NOT NULL DEFAULT '',
        complete INTEGER NOT NULL DEFAULT 0,
        UNIQUE (system, instance, repo, number)
    );
    CREATE TABLE pull_files (
        pull_id INTEGER NOT NULL REFERENCES pull_requests(id),
        path TEXT NOT NULL,
        previous_path TEXT,
        additions INTEGER,
        deletions INTEGER,
        PRIMARY KEY (pull_id, path)
    ) WITHOUT ROWID;
    CREATE TABLE pull_commits (
        pull_id INTEGER NOT NULL REFERENCES pull_requests(id),
        oid TEXT NOT NULL,
        account_id INTEGER REFERENCES remote_accounts(id),
        author_name TEXT,
        author_email TEXT,
        PRIMARY KEY (pull_id, oid)
    ) WITHOUT ROWID;
    CREATE TABLE pull_reviews (
        pull_id INTEGER NOT NULL REFERENCES pull_requests(id),
        remote_id TEXT NOT NULL,
        account_id INTEGER REFERENCES remote_accounts(id),
        state TEXT NOT NULL,
        submitted_at INTEGER,
        PRIMARY KEY (pull_id, remote_id)
    ) WITHOUT ROWID;
    CREATE TABLE pull_comments (
        pull_id INTEGER NOT NULL REFERENCES pull_requests(id),
        remote_id TEXT NOT NULL,
        account_id INTEGER REFERENCES remote_accounts(id),
        path TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (pull_id, remote_id)
    ) WITHOUT ROWID;
    CREATE TABLE pull_requested (
        pull_id INTEGER NOT NULL REFERENCES pull_requests(id),
        account_id INTEGER NOT NULL REFERENCES remote_accounts(id),
        PRIMARY KEY (pull_id, account_id)
    ) WITHOUT ROWID;
    CREATE TABLE tracker_issues (
        id INTEGER PRIMARY KEY,
        system TEXT NOT NULL,
        instance TEXT NOT NULL,
        key TEXT NOT NULL,
        project TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL CHECK (state IN ('open','closed')),
        status TEXT,
        labels TEXT NOT NULL DEFAULT '[]',
        components TEXT NOT NULL DEFAULT '[]',
        assignee_id INTEGER REFERENCES remote_accounts(id),
        author_id INTEGER REFERENCES remote_accounts(id),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,
        url TEXT NOT NULL DEFAULT '',
        UNIQUE (system, instance, key)
    );
    CREATE TABLE sync_state (
        system TEXT NOT NULL,
        instance TEXT NOT NULL,
        scope TEXT NOT NULL,
        resource TEXT NOT NULL,
        complete_mark INTEGER,
        pass_mark INTEGER,
        cursor TEXT,
        etag TEXT,
        synced_at INTEGER,
        PRIMARY KEY (system, instance, scope, resource)
    ) WITHOUT ROWID;
    CREATE TABLE account_links (
        system TEXT NOT NULL,
        instance TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (system, instance, remote_id)
    ) WITHOUT ROWID;
    CREATE INDEX pull_requests_updated ON pull_requests(system, instance, repo, updated_at);
    CREATE INDEX tracker_issues_updated ON tracker_issues(system, instance, project, updated_at);
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

/// Tables every version of the schema has: an index of ours without one of them is damaged.
pub const TABLES: &[&str] = &[
    "meta",
    "identities",
    "commits",
    "parents",
    "paths",
    "file_changes",
];

/// Brings `conn` to [`SCHEMA_VERSION`], applying each missing migration in its own transaction.
///
/// Race-free: each transaction takes the write lock first (`BEGIN IMMEDIATE`) and reads the
/// version inside it, so when several processes open a new index at once, one creates the
/// schema and the others find it done (instead of failing with "table meta already exists").
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version_of =
        |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= version_of(conn)? {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if version <= version_of(&tx)? {
            continue; // another process applied it while we waited for the lock
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.pragma_update(None, "application_id", super::health::APPLICATION_ID)?;
        tx.commit()?;
    }
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id != super::health::APPLICATION_ID {
        // An index from before the id was written: claim it once.
        conn.pragma_update(None, "application_id", super::health::APPLICATION_ID)?;
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

    #[test]
    fn concurrent_first_opens_create_the_schema_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i.sqlite");
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || crate::store::Store::open_rw(&path).map(|_| ()))
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let conn = Connection::open(&path).unwrap();
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, crate::store::health::APPLICATION_ID);
    }
}
