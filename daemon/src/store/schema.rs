//! The SQLite schema of an aexy index and its migrations. Each migration is applied once, in
//! order, inside a transaction; `PRAGMA user_version` records how far a database has come.
//!
//! Tables (all ids are SQLite rowids; `commits.id` is the commit's position in a parents-first
//! topological order of the history, so `a.id < b.id` whenever `a` is an ancestor of `b`):
//! - `meta(key, value)`: `head` (the indexed HEAD oid), `root` (the repository's work dir),
//!   `engine` (`index::plan::ENGINE` of the build that wrote it).
//! - `identities(id, name, email)`: raw author/committer/co-author identities as written in
//!   commits, never merged here — resolution happens at query time (`identity::Resolver`).
//! - `commits`: one row per commit reachable from HEAD (merges included). `author_time` is
//!   seconds since the epoch (UTC); `author_tz` the author's own offset in minutes east of UTC.
//!   `boundary` marks a shallow clone's grafted commit: pre-history, it credits nobody.
//! - `parents(commit_id, idx, parent_oid)`: parents in order (idx 0 = first parent).
//! - `trailers(commit_id, key, value)`: `Key: value` lines from the message's last paragraph.
//! - `coauthors(commit_id, identity_id)`: from `Co-authored-by:` trailers.
//! - `paths(id, path, …)`: every path ever seen, with its classification at the indexed HEAD.
//! - `file_changes`: per non-merge commit, per changed file, against its first parent, like
//!   `git log --numstat -M` (kind A/M/D/R, lines added/deleted; NULL counts when binary).
//! - `ownership(path_id, start_line, line_count, commit_id)`: line ownership at HEAD as runs of
//!   consecutive lines last changed by the same commit (1-based lines), like `git blame`.
//! - Synced from code hosts and trackers (`sources::store`, only when the user runs a sync):
//!   `remote_accounts`, `pull_requests` with `pull_files`, `pull_commits`, `pull_reviews`,
//!   `pull_comments`, `pull_requested`; `tracker_issues`; `sync_state` (incremental marks,
//!   resume cursors, ETags); `account_links` (identities linked by hand). Times are seconds
//!   since the epoch (UTC).

use rusqlite::Connection;

/// Schema version written by this build; bump it and add a migration when the schema changes.
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
    CREATE INDEX IF NOT EXISTS commits_author ON commits(author_id);
    CREATE INDEX IF NOT EXISTS commits_time ON commits(author_time);
    CREATE INDEX IF NOT EXISTS trailers_commit ON trailers(commit_id);
    CREATE INDEX IF NOT EXISTS ownership_commit ON ownership(commit_id);
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
