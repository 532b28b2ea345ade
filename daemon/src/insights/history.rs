//! Loads what the insights algorithms need from an index (SQL against `store::schema`): included
//! non-merge commits with everyone credited (author and co-authors resolved to developers, bots
//! left out), the AI agent that assisted, and each snapshot file's change history with renames
//! followed back through its earlier paths.

use std::collections::{HashMap, HashSet};

use anyhow::{Context as _, Result};
use rusqlite::Connection;

use super::ChangeKind;

/// Detects the AI agent behind a commit: (author name, author e-mail, message, trailers).
pub type AiAgentFn = dyn Fn(&str, &str, &str, &[(String, String)]) -> Option<&'static str>;

/// Changes of one path: (commit index, kind, lines, old path id of a rename).
type PathChanges = HashMap<i64, Vec<(usize, ChangeKind, u64, Option<i64>)>>;

/// How history is read: the store, identity resolution and the as-of scope.
pub struct Scope<'a> {
    pub conn: &'a Connection,
    /// Resolved developer of a raw identity id.
    pub developer_of: &'a dyn Fn(i64) -> Option<usize>,
    /// Whether a resolved developer is a bot.
    pub is_bot: &'a dyn Fn(usize) -> bool,
    /// Whether a commit (by id) is inside the as-of scope.
    pub included: &'a dyn Fn(i64) -> bool,
    /// The AI agent behind a commit: (author name, author e-mail, message, trailers).
    pub ai_agent: &'a AiAgentFn,
    /// Credit bots like humans (off by default).
    pub include_bots: bool,
    /// The worktree view whose files are the snapshot when no other is given (and which tells
    /// binary files apart).
    pub view: Option<i64>,
}

/// One included non-merge commit.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: i64,
    pub oid: String,
    pub time: i64,
    pub tz: i32,
    /// Developers credited: the author and co-authors (bots left out unless asked for).
    pub devs: Vec<usize>,
    /// How many of `devs` are the author (1 when the author is credited, then `devs[0]`).
    pub authors: usize,
    pub agent: Option<&'static str>,
    /// Lines added plus deleted over all files.
    pub lines: u64,
    /// Paths changed (store path ids) with lines added plus deleted in each.
    pub changes: Vec<(i64, u64)>,
}

/// One change to a snapshot file's lineage.
#[derive(Debug, Clone, Copy)]
pub struct FileEvent {
    /// Index into [`History::commits`].
    pub commit: usize,
    pub kind: ChangeKind,
    pub lines: u64,
}

/// A path recorded in the index with its classification.
#[derive(Debug, Clone)]
pub struct PathInfo {
    pub id: i64,
    pub path: String,
    pub language: Option<String>,
    pub vendored: bool,
    pub generated: bool,
    pub documentation: bool,
    pub data: bool,
    pub binary: bool,
    /// Counted in Linguist's language breakdown (`classify::Classification::detectable`).
    pub detectable: bool,
}

impl PathInfo {
    /// Whether the truck factor, silos, orphaned code and hotspots consider the file: Avelino's
    /// filter, the files of Linguist's language breakdown (languages of the programming and
    /// markup types, not vendored, generated or documentation). Data and prose files (JSON,
    /// YAML, Markdown, text) and git's own files (`.mailmap`) are not.
    pub fn considered(&self) -> bool {
        self.detectable
    }
}

/// A file present at the snapshot with its full history.
#[derive(Debug, Clone)]
pub struct File {
    pub info: PathInfo,
    /// History oldest first, renames followed.
    pub events: Vec<FileEvent>,
}

/// Everything loaded.
pub struct History {
    pub commits: Vec<Commit>,
    pub files: Vec<File>,
    /// Every path by id (also old names of renamed files).
    pub paths: HashMap<i64, PathInfo>,
    /// The latest included commit time (the "now" of the analysis).
    pub now: i64,
}

impl History {
    /// File `f`'s credited changes (history order) for `expertise::assemble`.
    pub fn changes(&self, f: usize) -> Vec<super::expertise::Change<'_>> {
        self.files[f]
            .events
            .iter()
            .map(|e| {
                let c = &self.commits[e.commit];
                super::expertise::Change {
                    kind: e.kind,
                    devs: &c.devs,
                    authors: c.authors,
                    time: c.time,
                    tz: c.tz,
                    files: c.changes.len() as u32,
                }
            })
            .filter(|c| !c.devs.is_empty())
            .collect()
    }

    /// File `f`'s history as DOA events (changes credited to no developer, such as bots'
    /// alone, left out).
    pub fn doa_events(&self, f: usize) -> Vec<super::doa::Event<'_>> {
        self.files[f]
            .events
            .iter()
            .map(|e| super::doa::Event {
                kind: e.kind,
                devs: &self.commits[e.commit].devs,
            })
            .filter(|e| !e.devs.is_empty())
            .collect()
    }
}

/// Loads commits and every path, without per-file lineages.
pub fn load_commits(scope: &Scope<'_>) -> Result<(Vec<Commit>, HashMap<i64, PathInfo>)> {
    let conn = scope.conn;
    let mut coauthors: HashMap<i64, Vec<i64>> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT commit_id, identity_id FROM coauthors")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (c, i) = row?;
            coauthors.entry(c).or_default().push(i);
        }
    }
    let mut trailers: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT commit_id, key, value FROM trailers")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (c, k, v) = row?;
            trailers.entry(c).or_default().push((k, v));
        }
    }
    // AI agents named as authors or co-authors are tools, not developers: they get no credit
    let agents: HashSet<i64> = crate::query::agent_identities(conn, |name, email| {
        (scope.ai_agent)(name, email, "", &[]).is_some()
    })?;
    let mut commits = Vec::new();
    {
        let mut st = conn.prepare(
            "SELECT c.id, c.oid, c.author_id, c.author_time, c.author_tz, c.subject, c.body, i.name, i.email, c.boundary
             FROM commits c JOIN identities i ON i.id = c.author_id
             WHERE c.parent_count <= 1 ORDER BY c.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if !(scope.included)(id) {
                continue;
            }
            let author_identity: i64 = r.get(2)?;
            let (subject, body, name, email): (String, String, String, String) =
                (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?);
            let empty = Vec::new();
            let tr = trailers.get(&id).unwrap_or(&empty);
            let message = if body.is_empty() {
                subject
            } else {
                format!("{subject}\n\n{body}")
            };
            let agent = (scope.ai_agent)(&name, &email, &message, tr);
            let mut devs = Vec::new();
            let mut authors = 0;
            // a shallow clone's grafted commit is pre-history: it credits nobody
            let boundary: bool = r.get(9)?;
            for (i, ident) in std::iter::once(author_identity)
                .chain(coauthors.get(&id).into_iter().flatten().copied())
                .enumerate()
            {
                if boundary || agents.contains(&ident) {
                    continue;
                }
                if let Some(d) = (scope.developer_of)(ident) {
                    if (scope.include_bots || !(scope.is_bot)(d)) && !devs.contains(&d) {
                        devs.push(d);
                        authors += usize::from(i == 0);
                    }
                }
            }
            commits.push(Commit {
                id,
                oid: r.get(1)?,
                time: r.get(3)?,
                tz: r.get::<_, i64>(4)? as i32,
                devs,
                authors,
                agent,
                lines: 0,
                changes: Vec::new(),
            });
        }
    }
    let mut paths = HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT id, display, language, vendored, generated, documentation, data, \
             EXISTS (SELECT 1 FROM view_files f WHERE f.view_id = ?1 AND f.path_id = paths.id \
             AND f.lines IS NULL), detectable FROM paths",
        )?;
        let rows = st.query_map([scope.view.unwrap_or(-1)], |r| {
            Ok(PathInfo {
                id: r.get(0)?,
                path: r.get(1)?,
                language: r.get(2)?,
                vendored: r.get(3)?,
                generated: r.get(4)?,
                documentation: r.get(5)?,
                data: r.get(6)?,
                binary: r.get(7)?,
                detectable: r.get(8)?,
            })
        })?;
        for row in rows {
            let p = row?;
            paths.insert(p.id, p);
        }
    }
    Ok((commits, paths))
}

/// Loads commits and the lineage of every file present at the snapshot. `snapshot_paths`
/// lists the snapshot's path ids; `None` means the files of the scope's view.
pub fn load(scope: &Scope<'_>, snapshot_paths: Option<&[i64]>) -> Result<History> {
    let (mut commits, paths) = load_commits(scope).context("reading commits from the index")?;
    let index_of: HashMap<i64, usize> =
        commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    // every change, grouped by path
    let mut by_path: PathChanges = HashMap::new();
    {
        let mut st = scope.conn.prepare(
            "SELECT commit_id, path_id, old_path_id, kind, added, deleted FROM file_changes ORDER BY commit_id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&ci) = index_of.get(&r.get::<_, i64>(0)?) else {
                continue;
            };
            let kind: String = r.get(3)?;
            let Some(kind) = ChangeKind::from_code(&kind) else {
                continue;
            };
            let lines =
                r.get::<_, Option<i64>>(4)?.unwrap_or(0) + r.get::<_, Option<i64>>(5)?.unwrap_or(0);
            let path_id: i64 = r.get(1)?;
            let c = &mut commits[ci];
            c.lines += lines as u64;
            c.changes.push((path_id, lines as u64));
            by_path
                .entry(path_id)
                .or_default()
                .push((ci, kind, lines as u64, r.get(2)?));
        }
    }
    let snapshot: Vec<i64> = match snapshot_paths {
        Some(ids) => ids.to_vec(),
        None => {
            let mut st = scope.conn.prepare(
                "SELECT f.path_id FROM view_files f JOIN paths p ON p.id = f.path_id \
                 WHERE f.view_id = ?1 ORDER BY p.display",
            )?;
            let ids = st
                .query_map([scope.view.unwrap_or(-1)], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            ids
        }
    };
    let mut files = Vec::with_capacity(snapshot.len());
    for id in snapshot {
        let Some(info) = paths.get(&id) else { continue };
        let events = lineage(&by_path, id);
        files.push(File {
            info: info.clone(),
            events,
        });
    }
    files.sort_by(|a, b| a.info.path.cmp(&b.info.path));
    let now = commits.iter().map(|c| c.time).max().unwrap_or(0);
    Ok(History {
        commits,
        files,
        paths,
        now,
    })
}

/// The events of `path_id`, following renames back through earlier paths (only the part of an
/// old path's history that precedes the rename), oldest first.
fn lineage(by_path: &PathChanges, path_id: i64) -> Vec<FileEvent> {
    let mut out = Vec::new();
    let mut seen: HashSet<(i64, usize)> = HashSet::new();
    let mut stack = vec![(path_id, usize::MAX)];
    while let Some((p, before)) = stack.pop() {
        if !seen.insert((p, before)) || seen.len() > 10_000 {
            continue;
        }
        let Some(list) = by_path.get(&p) else {
            continue;
        };
        // the most recent add at or before `before` bounds this path's relevant history when the
        // path was reused after a rename away; keep it simple: everything before `before`
        for &(ci, kind, lines, old) in list.iter().filter(|e| e.0 < before) {
            out.push(FileEvent {
                commit: ci,
                kind,
                lines,
            });
            if kind == ChangeKind::Renamed {
                if let Some(old) = old.filter(|o| *o != p) {
                    stack.push((old, ci));
                }
            }
        }
    }
    out.sort_by_key(|e| e.commit);
    out.dedup_by_key(|e| e.commit);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::Store;

    /// A real index file with the real schema, filled with a small known history:
    /// ann (id 1) adds a.rs; bob (2) renames it to b.rs with carol (3) as co-author; a bot (4)
    /// touches b.rs; a merge commit touches nothing; ann (5, an alias) changes b.rs.
    pub(crate) fn fixture() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_rw(&dir.path().join("i.sqlite")).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO identities VALUES (1,'Ann','ann@x'),(2,'Bob','bob@x'),(3,'Carol','carol@x'),
                   (4,'dependabot[bot]','bot@x'),(5,'ann','ANN@x');
                 INSERT INTO commits (id, oid, author_id, committer_id, author_time, author_tz, committer_time, committer_tz, parent_count, subject, body) VALUES
                   (1,'o1',1,1,1000,60,1000,60,0,'add a',''),
                   (2,'o2',2,2,2000,0,2000,0,1,'rename',''),
                   (3,'o3',4,4,3000,0,3000,0,1,'bump',''),
                   (4,'o4',1,1,4000,0,4000,0,2,'merge',''),
                   (5,'o5',5,5,5000,-300,5000,-300,1,'edit','Co-authored-by: Claude <noreply@anthropic.com>');
                 INSERT INTO coauthors VALUES (2,3);
                 INSERT INTO trailers VALUES (5,'Co-authored-by','Claude <noreply@anthropic.com>');
                 INSERT INTO paths (id, path, display, language) VALUES
                   (10, CAST('a.rs' AS BLOB), 'a.rs', 'Rust'), (11, CAST('b.rs' AS BLOB), 'b.rs', 'Rust');
                 INSERT INTO view_files VALUES (1, 11, 4);
                 INSERT INTO file_changes VALUES (1,10,NULL,'A',10,0),(2,11,10,'R',1,1),(3,11,NULL,'M',2,2),(5,11,NULL,'M',3,0);",
            )
            .unwrap();
        (dir, store)
    }

    #[test]
    fn loads_lineages_with_renames_co_authors_and_without_bots_or_merges() {
        let (_dir, store) = fixture();
        let dev_of = |id: i64| {
            Some(match id {
                5 => 0,
                x => x as usize - 1,
            })
        };
        let is_bot = |d: usize| d == 3;
        let all = |_: i64| true;
        let agent = |_: &str, _: &str, msg: &str, _: &[(String, String)]| {
            msg.contains("Claude").then_some("Claude")
        };
        let scope = Scope {
            conn: store.conn(),
            developer_of: &dev_of,
            is_bot: &is_bot,
            included: &all,
            ai_agent: &agent,
            include_bots: false,
            view: Some(1),
        };
        let h = load(&scope, None).unwrap();
        assert_eq!(h.commits.len(), 4, "the merge is left out");
        assert_eq!(h.commits[1].devs, vec![1, 2], "co-author credited");
        assert!(h.commits[2].devs.is_empty(), "bot credited to nobody");
        assert_eq!(h.commits[3].devs, vec![0], "alias resolved");
        assert_eq!(h.commits[3].agent, Some("Claude"));
        assert_eq!(h.now, 5000);
        assert_eq!(h.files.len(), 1);
        let f = &h.files[0];
        assert_eq!(f.info.path, "b.rs");
        let kinds: Vec<ChangeKind> = f.events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::Added,
                ChangeKind::Renamed,
                ChangeKind::Modified,
                ChangeKind::Modified
            ]
        );
        assert_eq!(
            h.commits[f.events[0].commit].devs,
            vec![0],
            "history before the rename followed"
        );

        // as-of scope: only the first two commits
        let early = |id: i64| id <= 2;
        let scope = Scope {
            included: &early,
            ..scope
        };
        let h = load(&scope, Some(&[11])).unwrap();
        assert_eq!(h.commits.len(), 2);
        assert_eq!(h.files[0].events.len(), 2);
        assert_eq!(h.now, 2000);
    }
}
