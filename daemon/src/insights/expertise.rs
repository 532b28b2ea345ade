//! Who knows one file, for `aexy owners`, hover, `aexy/ownership` and `aexy eval experts`: every
//! developer who changed it, with their Degree of Authorship (Avelino et al. 2016, see `doa`),
//! commits, last change, the lines of the file still theirs, and the maintainer verdict of
//! `maintainers` — read with targeted SQL so a hover stays fast.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rusqlite::{params, OptionalExtension};

use super::history::Scope;
use super::maintainers::{self, Verdict};
use super::{calendar, doa, ChangeKind};

/// One expert on a file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expert {
    pub name: String,
    pub email: String,
    /// Degree of authorship and its value relative to the file's best.
    pub doa: f64,
    pub normalized_doa: f64,
    pub first_author: bool,
    /// This developer's share of the file's commits (co-authored commits count for each).
    pub share: f64,
    pub commits: u32,
    /// Share of the file's lines (at the revision) whose last change is theirs.
    #[serde(default)]
    pub line_share: f64,
    /// RFC 3339, in the developer's own offset, of their latest commit on the file.
    pub last_active: String,
    /// Why they are named (see `maintainers::Reason`).
    #[serde(default)]
    pub reason: String,
    /// Also an author under Avelino's rule (the truck factor's notion of authorship).
    #[serde(default)]
    pub doa_author: bool,
}

/// One developer's standing on one file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Standing {
    pub dev: usize,
    pub authorship: doa::Authorship,
    pub commits: u32,
    /// Commits on the file in which they were credited only as a co-author.
    pub co_authored: u32,
    /// Unix time and UTC offset (minutes) of their latest change to the file.
    pub last_change: (i64, i32),
    /// Lines of the file at the revision whose last change they made or co-authored.
    pub lines: u32,
    /// Changes to the file by others after their latest one (in history order).
    pub changes_after: u32,
    /// Time of their latest focused change, and whether it is the file's latest focused change.
    pub last_focused: Option<i64>,
    pub latest_focused: bool,
    pub verdict: Verdict,
}

/// Everyone's standing on one file, best DOA first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileStandings {
    /// The revision's time: what recency is measured against.
    pub now: i64,
    /// Credited changes to the file (renames followed).
    pub changes: u32,
    /// Lines of the file at the revision (0 when unknown or binary).
    pub lines: u32,
    pub devs: Vec<Standing>,
}

/// The line owners of a file at the revision: `(lines, commit id)` runs.
pub type LineRuns = [(u32, i64)];

/// Every developer's standing on `rel_path` as of `now` (the revision's time); `runs` gives who
/// last changed each line at the revision. Empty when the path is unknown or has no history.
pub fn standings(
    scope: &Scope<'_>,
    rel_path: &[u8],
    now: i64,
    runs: &LineRuns,
) -> Result<FileStandings> {
    let mut credit = Credit::new(scope)?;
    let total_lines = runs.iter().map(|r| r.0).sum();
    let Some(path_id) = scope
        .conn
        .query_row("SELECT id FROM paths WHERE path = ?1", [rel_path], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    else {
        return Ok(assemble(&[], &HashMap::new(), total_lines, now));
    };
    let mut credited: Vec<(ChangeKind, Vec<usize>, i64, i32, usize, u32)> = Vec::new();
    for (c, kind) in lineage(scope, path_id)? {
        let Some(info) = credit.commit(c)? else {
            continue;
        };
        if !info.devs.is_empty() {
            credited.push((
                kind,
                info.devs.clone(),
                info.time,
                info.tz,
                info.authors,
                info.files,
            ));
        }
    }
    let mut lines: HashMap<usize, u32> = HashMap::new();
    for &(n, c) in runs {
        if let Some(info) = credit.commit(c)? {
            for &d in &info.devs {
                *lines.entry(d).or_default() += n;
            }
        }
    }
    let changes: Vec<Change<'_>> = credited
        .iter()
        .map(|(kind, devs, time, tz, authors, files)| Change {
            kind: *kind,
            devs,
            authors: *authors,
            time: *time,
            tz: *tz,
            files: *files,
        })
        .collect();
    Ok(assemble(&changes, &lines, total_lines, now))
}

/// One credited change to a file, in history order.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub kind: ChangeKind,
    /// The author (when credited) first, then co-authors.
    pub devs: &'a [usize],
    /// How many of `devs` are the author (0 or 1).
    pub authors: usize,
    pub time: i64,
    pub tz: i32,
    /// How many files the commit changed (a sweeping commit changes many at once).
    pub files: u32,
}

/// Every developer's standing from a file's credited changes (history order), the lines each
/// has at the revision (`lines` of `total_lines`), judged as of `now` by `maintainers`.
pub fn assemble(
    changes: &[Change<'_>],
    lines: &HashMap<usize, u32>,
    total_lines: u32,
    now: i64,
) -> FileStandings {
    let events: Vec<doa::Event<'_>> = changes
        .iter()
        .map(|c| doa::Event {
            kind: c.kind,
            devs: c.devs,
        })
        .collect();
    let mut out = FileStandings {
        now,
        changes: changes.len() as u32,
        lines: total_lines,
        devs: Vec::new(),
    };
    let focused = |c: &Change<'_>| c.files < maintainers::SWEEP_FILES;
    let latest_focused = changes.iter().rposition(focused);
    for a in doa::file_authorship(&events) {
        let mut commits = 0u32;
        let mut co_authored = 0u32;
        let mut last = (i64::MIN, 0);
        let mut last_index = 0;
        let mut last_focused = None;
        for (i, c) in changes.iter().enumerate() {
            if let Some(pos) = c.devs.iter().position(|&d| d == a.dev) {
                commits += 1;
                if pos >= c.authors {
                    co_authored += 1;
                }
                (last, last_index) = ((c.time, c.tz), i);
                if focused(c) {
                    last_focused = Some(c.time);
                }
            }
        }
        out.devs.push(Standing {
            dev: a.dev,
            changes_after: (changes.len() - last_index - 1) as u32,
            last_focused,
            latest_focused: latest_focused.is_some_and(|i| changes[i].devs.contains(&a.dev)),
            commits,
            co_authored,
            last_change: last,
            lines: lines.get(&a.dev).copied().unwrap_or(0),
            authorship: a,
            verdict: Verdict::default(),
        });
    }
    maintainers::judge(&mut out);
    out
}

/// The maintainers of `rel_path` (best first) as [`Expert`]s; `names[d]` gives developer `d`'s
/// display name and e-mail.
pub fn experts(
    standings: &FileStandings,
    names: &dyn Fn(usize) -> (String, String),
) -> Vec<Expert> {
    let total = f64::from(standings.changes.max(1));
    let lines = f64::from(standings.lines.max(1));
    standings
        .devs
        .iter()
        .filter(|s| s.verdict.maintainer)
        .map(|s| {
            let (name, email) = names(s.dev);
            Expert {
                name,
                email,
                doa: s.authorship.doa,
                normalized_doa: s.authorship.normalized,
                first_author: s.authorship.first_author,
                share: f64::from(s.commits) / total,
                commits: s.commits,
                line_share: f64::from(s.lines) / lines,
                last_active: calendar::rfc3339(s.last_change.0, s.last_change.1),
                reason: s.verdict.reason.describe(),
                doa_author: s.authorship.author,
            }
        })
        .collect()
}

/// The commits that changed `path_id`, following renames back, oldest first.
fn lineage(scope: &Scope<'_>, path_id: i64) -> Result<Vec<(i64, ChangeKind)>> {
    let mut rows: Vec<(i64, ChangeKind)> = Vec::new();
    let mut stack = vec![(path_id, i64::MAX)];
    let mut seen = HashSet::new();
    let mut st = scope.conn.prepare_cached(
        "SELECT commit_id, kind, old_path_id FROM file_changes WHERE path_id = ?1 AND commit_id < ?2",
    )?;
    while let Some((p, before)) = stack.pop() {
        if !seen.insert((p, before)) || seen.len() > 1000 {
            continue;
        }
        let found = st
            .query_map(params![p, before], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (c, kind, old) in found {
            let Some(kind) = ChangeKind::from_code(&kind) else {
                continue;
            };
            if !(scope.included)(c) {
                continue;
            }
            rows.push((c, kind));
            if let (ChangeKind::Renamed, Some(old)) = (kind, old) {
                if old != p {
                    stack.push((old, c));
                }
            }
        }
    }
    rows.sort_by_key(|r| r.0);
    rows.dedup_by_key(|r| r.0);
    Ok(rows)
}

/// Who a commit credits: its author, then its co-authors (resolved, bots and AI agents left out;
/// a shallow clone's boundary commit credits nobody).
struct CommitCredit {
    devs: Vec<usize>,
    /// How many of `devs` are the author (0 or 1): the rest are co-authors.
    authors: usize,
    time: i64,
    tz: i32,
    /// Files the commit changed.
    files: u32,
}

/// Cached reads of who each commit credits.
struct Credit<'s, 'a> {
    scope: &'s Scope<'a>,
    commits: HashMap<i64, Option<CommitCredit>>,
    identities: HashMap<i64, Option<usize>>,
}

impl<'s, 'a> Credit<'s, 'a> {
    fn new(scope: &'s Scope<'a>) -> Result<Self> {
        Ok(Credit {
            scope,
            commits: HashMap::new(),
            identities: HashMap::new(),
        })
    }

    /// The developer a raw identity credits (`None` for bots, unless asked for, and AI agents).
    fn developer(&mut self, ident: i64) -> Result<Option<usize>> {
        if let Some(d) = self.identities.get(&ident) {
            return Ok(*d);
        }
        let scope = self.scope;
        let (name, email): (String, String) = scope
            .conn
            .prepare_cached("SELECT name, email FROM identities WHERE id = ?1")?
            .query_row([ident], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let d = if (scope.ai_agent)(&name, &email, "", &[]).is_some() {
            None // AI agents are tools, not developers: no credit
        } else {
            (scope.developer_of)(ident).filter(|&d| scope.include_bots || !(scope.is_bot)(d))
        };
        self.identities.insert(ident, d);
        Ok(d)
    }

    fn commit(&mut self, c: i64) -> Result<Option<&CommitCredit>> {
        if !self.commits.contains_key(&c) {
            let info = self.load(c)?;
            self.commits.insert(c, info);
        }
        Ok(self.commits.get(&c).and_then(Option::as_ref))
    }

    fn load(&mut self, c: i64) -> Result<Option<CommitCredit>> {
        let row: Option<(i64, i64, i64, bool)> = self
            .scope
            .conn
            .prepare_cached(
                "SELECT author_id, author_time, author_tz, boundary FROM commits WHERE id = ?1",
            )?
            .query_row([c], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((author, time, tz, boundary)) = row else {
            return Ok(None);
        };
        let files: u32 = self
            .scope
            .conn
            .prepare_cached("SELECT COUNT(*) FROM file_changes WHERE commit_id = ?1")?
            .query_row([c], |r| r.get(0))?;
        let mut info = CommitCredit {
            devs: Vec::new(),
            authors: 0,
            time,
            tz: tz as i32,
            files,
        };
        if boundary {
            return Ok(Some(info)); // pre-history: credits nobody
        }
        if let Some(d) = self.developer(author)? {
            info.devs.push(d);
            info.authors = 1;
        }
        let co: Vec<i64> = self
            .scope
            .conn
            .prepare_cached("SELECT identity_id FROM coauthors WHERE commit_id = ?1")?
            .query_map([c], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<_>>()?;
        for ident in co {
            if let Some(d) = self.developer(ident)? {
                if !info.devs.contains(&d) {
                    info.devs.push(d);
                }
            }
        }
        Ok(Some(info))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standings_follow_renames_credit_co_authors_and_skip_bots() {
        let (_dir, store) = crate::insights::history::tests::fixture();
        let dev_of = |id: i64| {
            Some(match id {
                5 => 0,
                x => x as usize - 1,
            })
        };
        let is_bot = |d: usize| d == 3;
        let all = |_: i64| true;
        let agent = |_: &str, _: &str, _: &str, _: &[(String, String)]| None;
        let scope = Scope {
            conn: store.conn(),
            developer_of: &dev_of,
            is_bot: &is_bot,
            included: &all,
            ai_agent: &agent,
            include_bots: false,
            view: None,
        };
        let names = |d: usize| {
            (
                ["Ann", "Bob", "Carol", "bot"][d].to_string(),
                format!("{d}@x"),
            )
        };
        // a.rs (Ann) renamed to b.rs by Bob with Carol; the bot's change credits nobody; Ann
        // (under an alias) changes it last. Lines: 3 of Ann's, 1 of Bob and Carol's.
        let f = standings(&scope, b"b.rs", 5000, &[(3, 5), (1, 2)]).unwrap();
        assert_eq!((f.changes, f.lines), (3, 4));
        let dev = |d: usize| f.devs.iter().find(|s| s.dev == d).unwrap();
        // Ann: FA, DL 1, AC 1 → 4.3325; Bob and Carol: DL 1, AC 1 → 3.2345 (0.747 < 0.75)
        assert!((dev(0).authorship.doa - 4.3325).abs() < 1e-4);
        assert_eq!(
            (dev(0).commits, dev(0).lines, dev(0).changes_after),
            (2, 3, 0)
        );
        assert_eq!(
            (dev(2).commits, dev(2).co_authored, dev(2).lines),
            (1, 1, 1)
        );
        assert_eq!(dev(1).co_authored, 0);
        let got = experts(&f, &names);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Ann");
        assert_eq!(got[0].share, 2.0 / 3.0);
        assert_eq!(got[0].line_share, 0.75);
        assert_eq!(got[0].last_active, "1969-12-31T20:23:20-05:00");
        let none = standings(&scope, b"missing.rs", 5000, &[]).unwrap();
        assert!(experts(&none, &names).is_empty());
        // as of commit 2 the creator and the renamers are all authors
        let early = |id: i64| id <= 2;
        let scope = Scope {
            included: &early,
            ..scope
        };
        let f = standings(&scope, b"b.rs", 2000, &[]).unwrap();
        assert_eq!(experts(&f, &names).len(), 3);
    }
}
