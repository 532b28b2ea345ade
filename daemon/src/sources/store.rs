//! Writing and reading the synced tables (`store::schema`, the sources migration): accounts,
//! pull requests with their details, tracker issues, sync marks and hand-made identity links.
//! Each pull request or page is written in the caller's transaction, so an interrupted sync
//! keeps everything up to its last finished page.

use rusqlite::{params, Connection, OptionalExtension};

use super::records::{Account, IssueRecord, PullRecord, System};

/// Whether the synced tables exist (an index made before they did, opened read-only).
pub fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'pull_requests'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// The row id of `account`, inserted or refreshed (a newer login/name/e-mail replaces an older
/// one; a missing one never erases what is known).
pub fn account_id(
    conn: &Connection,
    system: System,
    instance: &str,
    account: &Account,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO remote_accounts (system, instance, remote_id, login, name, email, bot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (system, instance, remote_id) DO UPDATE SET
           login = COALESCE(excluded.login, login),
           name = COALESCE(excluded.name, name),
           email = COALESCE(excluded.email, email),
           bot = MAX(bot, excluded.bot)",
        params![
            system.name(),
            instance,
            account.remote_id,
            account.login,
            account.name.as_deref().filter(|n| !n.trim().is_empty()),
            account.email.as_deref().filter(|e| !e.trim().is_empty()),
            account.bot
        ],
    )?;
    conn.query_row(
        "SELECT id FROM remote_accounts WHERE system = ?1 AND instance = ?2 AND remote_id = ?3",
        params![system.name(), instance, account.remote_id],
        |r| r.get(0),
    )
}

fn opt_account(
    conn: &Connection,
    system: System,
    instance: &str,
    account: Option<&Account>,
) -> rusqlite::Result<Option<i64>> {
    account
        .map(|a| account_id(conn, system, instance, a))
        .transpose()
}

/// The stored `updated_at` of a pull request whose details are complete, if any.
pub fn pull_updated_at(
    conn: &Connection,
    system: System,
    instance: &str,
    repo: &str,
    number: u64,
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT updated_at FROM pull_requests
         WHERE system = ?1 AND instance = ?2 AND repo = ?3 AND number = ?4 AND complete = 1",
        params![system.name(), instance, repo, number as i64],
        |r| r.get(0),
    )
    .optional()
}

/// Writes a pull request; when `pull.complete`, its files, commits, reviews, comments and
/// requested reviewers replace the stored ones.
pub fn save_pull(
    conn: &Connection,
    system: System,
    instance: &str,
    pull: &PullRecord,
) -> rusqlite::Result<i64> {
    let author = opt_account(conn, system, instance, pull.author.as_ref())?;
    conn.execute(
        "INSERT INTO pull_requests (system, instance, repo, number, title, body, state, draft,
            author_id, created_at, updated_at, closed_at, merged_at, base_ref, head_ref, merge_oid,
            additions, deletions, url, complete)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
         ON CONFLICT (system, instance, repo, number) DO UPDATE SET
            title = excluded.title, body = excluded.body, state = excluded.state,
            draft = excluded.draft, author_id = COALESCE(excluded.author_id, author_id),
            created_at = excluded.created_at, updated_at = excluded.updated_at,
            closed_at = excluded.closed_at, merged_at = excluded.merged_at,
            base_ref = excluded.base_ref, head_ref = excluded.head_ref,
            merge_oid = COALESCE(excluded.merge_oid, merge_oid),
            additions = COALESCE(excluded.additions, additions),
            deletions = COALESCE(excluded.deletions, deletions),
            url = excluded.url, complete = excluded.complete",
        params![
            system.name(),
            instance,
            pull.repo,
            pull.number as i64,
            pull.title,
            pull.body,
            pull.state.code(),
            pull.draft,
            author,
            pull.created_at,
            pull.updated_at,
            pull.closed_at,
            pull.merged_at,
            pull.base_ref,
            pull.head_ref,
            pull.merge_oid,
            pull.additions,
            pull.deletions,
            pull.url,
            pull.complete
        ],
    )?;
    let id: i64 = conn.query_row(
        "SELECT id FROM pull_requests WHERE system = ?1 AND instance = ?2 AND repo = ?3 AND number = ?4",
        params![system.name(), instance, pull.repo, pull.number as i64],
        |r| r.get(0),
    )?;
    if !pull.complete {
        return Ok(id);
    }
    for table in [
        "pull_files",
        "pull_commits",
        "pull_reviews",
        "pull_comments",
        "pull_requested",
    ] {
        conn.execute(&format!("DELETE FROM {table} WHERE pull_id = ?1"), [id])?;
    }
    for f in &pull.files {
        conn.execute(
            "INSERT OR REPLACE INTO pull_files (pull_id, path, previous_path, additions, deletions)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, f.path, f.previous_path, f.additions, f.deletions],
        )?;
    }
    for c in &pull.commits {
        let account = opt_account(conn, system, instance, c.account.as_ref())?;
        conn.execute(
            "INSERT OR REPLACE INTO pull_commits (pull_id, oid, account_id, author_name, author_email)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, c.oid, account, c.author_name, c.author_email],
        )?;
    }
    for r in &pull.reviews {
        let account = opt_account(conn, system, instance, r.account.as_ref())?;
        conn.execute(
            "INSERT OR REPLACE INTO pull_reviews (pull_id, remote_id, account_id, state, submitted_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, r.remote_id, account, r.state, r.submitted_at],
        )?;
    }
    for c in &pull.comments {
        let account = opt_account(conn, system, instance, c.account.as_ref())?;
        conn.execute(
            "INSERT OR REPLACE INTO pull_comments (pull_id, remote_id, account_id, path, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, c.remote_id, account, c.path, c.created_at],
        )?;
    }
    for a in &pull.requested {
        let account = account_id(conn, system, instance, a)?;
        conn.execute(
            "INSERT OR IGNORE INTO pull_requested (pull_id, account_id) VALUES (?1, ?2)",
            params![id, account],
        )?;
    }
    Ok(id)
}

/// Writes a tracker issue (replacing the stored one).
pub fn save_issue(
    conn: &Connection,
    system: System,
    instance: &str,
    issue: &IssueRecord,
) -> rusqlite::Result<i64> {
    let assignee = opt_account(conn, system, instance, issue.assignee.as_ref())?;
    let author = opt_account(conn, system, instance, issue.author.as_ref())?;
    let labels = serde_json::to_string(&issue.labels).unwrap_or_else(|_| "[]".into());
    let components = serde_json::to_string(&issue.components).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO tracker_issues (system, instance, key, project, title, body, state, status,
            labels, components, assignee_id, author_id, created_at, updated_at, closed_at, url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (system, instance, key) DO UPDATE SET
            project = excluded.project, title = excluded.title, body = excluded.body,
            state = excluded.state, status = excluded.status, labels = excluded.labels,
            components = excluded.components, assignee_id = excluded.assignee_id,
            author_id = COALESCE(excluded.author_id, author_id), created_at = excluded.created_at,
            updated_at = excluded.updated_at, closed_at = excluded.closed_at, url = excluded.url",
        params![
            system.name(),
            instance,
            issue.key,
            issue.project,
            issue.title,
            issue.body,
            if issue.open { "open" } else { "closed" },
            issue.status,
            labels,
            components,
            assignee,
            author,
            issue.created_at,
            issue.updated_at,
            issue.closed_at,
            issue.url
        ],
    )?;
    conn.query_row(
        "SELECT id FROM tracker_issues WHERE system = ?1 AND instance = ?2 AND key = ?3",
        params![system.name(), instance, issue.key],
        |r| r.get(0),
    )
}

/// A stored issue by its key (`PROJ-123`, `owner/name#12`), any system unless given.
pub fn find_issue(
    conn: &Connection,
    system: Option<System>,
    key: &str,
) -> rusqlite::Result<Option<(System, IssueRecord)>> {
    if !has_tables(conn)? {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT system, key, project, title, body, state, status, labels, components,
                created_at, updated_at, closed_at, url
         FROM tracker_issues WHERE key = ?1 COLLATE NOCASE AND (?2 IS NULL OR system = ?2)
         ORDER BY updated_at DESC LIMIT 1",
    )?;
    stmt.query_row(params![key, system.map(System::name)], |r| {
        let system: String = r.get(0)?;
        let labels: String = r.get(7)?;
        let components: String = r.get(8)?;
        Ok((
            System::parse(&system).unwrap_or(System::Github),
            IssueRecord {
                key: r.get(1)?,
                project: r.get(2)?,
                title: r.get(3)?,
                body: r.get(4)?,
                open: r.get::<_, String>(5)? == "open",
                status: r.get(6)?,
                labels: serde_json::from_str(&labels).unwrap_or_default(),
                components: serde_json::from_str(&components).unwrap_or_default(),
                assignee: None,
                author: None,
                created_at: r.get(9)?,
                updated_at: r.get(10)?,
                closed_at: r.get(11)?,
                url: r.get(12)?,
            },
        ))
    })
    .optional()
}

/// Where a sync of one resource stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// Everything updated up to this time (the newest `updated_at` seen when the last complete
    /// pass began) is stored.
    pub complete_mark: Option<i64>,
    /// The newest `updated_at` seen when the unfinished pass began.
    pub pass_mark: Option<i64>,
    /// Where the unfinished pass stopped (a next-page URL or a GraphQL cursor).
    pub cursor: Option<String>,
    /// The first page's ETag of the last complete pass (REST conditional requests).
    pub etag: Option<String>,
    pub synced_at: Option<i64>,
}

/// Identifies one synced resource: (system, instance, scope such as the repository, resource
/// such as `pulls`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource<'a> {
    pub system: System,
    pub instance: &'a str,
    pub scope: &'a str,
    pub name: &'a str,
}

impl<'a> Resource<'a> {
    pub fn new(system: System, instance: &'a str, scope: &'a str, name: &'a str) -> Resource<'a> {
        Resource {
            system,
            instance,
            scope,
            name,
        }
    }
}

pub fn sync_state(conn: &Connection, res: &Resource<'_>) -> rusqlite::Result<SyncState> {
    conn.query_row(
        "SELECT complete_mark, pass_mark, cursor, etag, synced_at FROM sync_state
         WHERE system = ?1 AND instance = ?2 AND scope = ?3 AND resource = ?4",
        params![res.system.name(), res.instance, res.scope, res.name],
        |r| {
            Ok(SyncState {
                complete_mark: r.get(0)?,
                pass_mark: r.get(1)?,
                cursor: r.get(2)?,
                etag: r.get(3)?,
                synced_at: r.get(4)?,
            })
        },
    )
    .optional()
    .map(Option::unwrap_or_default)
}

pub fn set_sync_state(
    conn: &Connection,
    res: &Resource<'_>,
    state: &SyncState,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO sync_state (system, instance, scope, resource, complete_mark,
            pass_mark, cursor, etag, synced_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            res.system.name(),
            res.instance,
            res.scope,
            res.name,
            state.complete_mark,
            state.pass_mark,
            state.cursor,
            state.etag,
            state.synced_at
        ],
    )?;
    Ok(())
}

/// Counts for `aexy connect status` and the sync summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub pulls: u64,
    pub reviews: u64,
    pub comments: u64,
    pub issues: u64,
    pub accounts: u64,
}

pub fn counts(conn: &Connection, system: System) -> rusqlite::Result<Counts> {
    let n = |sql: &str| {
        conn.query_row(sql, [system.name()], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
    };
    Ok(Counts {
        pulls: n("SELECT COUNT(*) FROM pull_requests WHERE system = ?1")?,
        reviews: n("SELECT COUNT(*) FROM pull_reviews r JOIN pull_requests p ON p.id = r.pull_id WHERE p.system = ?1")?,
        comments: n("SELECT COUNT(*) FROM pull_comments c JOIN pull_requests p ON p.id = c.pull_id WHERE p.system = ?1")?,
        issues: n("SELECT COUNT(*) FROM tracker_issues WHERE system = ?1")?,
        accounts: n("SELECT COUNT(*) FROM remote_accounts WHERE system = ?1")?,
    })
}
