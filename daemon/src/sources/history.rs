//! From the synced tables to the engine's plain data: accounts linked to the query context's
//! developers (`identity::accounts`), then every pull request with its files, reviews,
//! inline comments and pending review requests as a `reviews::ReviewHistory`.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::identity::accounts::{self, AccountInfo, CommitEvidence, Link, ManualLink};
use crate::identity::Developer;
use crate::reviews::{FileComment, Pull, PullState, Review, ReviewHistory, Someone, Verdict};

use super::store;

/// Every stored account with its link (or none).
#[derive(Debug, Clone)]
pub struct LinkedAccount {
    pub row: i64,
    pub info: AccountInfo,
    pub link: Option<Link>,
    /// A hand-made "never link" is in place.
    pub forbidden: bool,
}

impl LinkedAccount {
    /// `github:octocat`, `jira:Ann Lee` — how people name it on the command line.
    pub fn label(&self) -> String {
        let who = self
            .info
            .login
            .clone()
            .or_else(|| self.info.name.clone())
            .unwrap_or_else(|| self.info.remote_id.clone());
        format!("{}:{who}", self.info.system)
    }
}

/// Links every stored account to `developers`.
pub fn linked_accounts(
    conn: &Connection,
    developers: &[Developer],
) -> rusqlite::Result<Vec<LinkedAccount>> {
    if !store::has_tables(conn)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT id, system, instance, remote_id, login, name, email, bot FROM remote_accounts ORDER BY id",
    )?;
    let rows: Vec<(i64, AccountInfo)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                AccountInfo {
                    system: r.get(1)?,
                    instance: r.get(2)?,
                    remote_id: r.get(3)?,
                    login: r.get(4)?,
                    name: r.get(5)?,
                    email: r.get(6)?,
                    bot: r.get(7)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let index: HashMap<i64, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT account_id, author_email FROM pull_commits WHERE account_id IS NOT NULL AND author_email IS NOT NULL",
    )?;
    let commits: Vec<CommitEvidence> = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(Result::ok)
        .filter_map(|(id, email)| {
            Some(CommitEvidence {
                account: *index.get(&id)?,
                email,
            })
        })
        .collect();
    let by_key: HashMap<(&str, &str, &str), usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, a))| {
            (
                (a.system.as_str(), a.instance.as_str(), a.remote_id.as_str()),
                i,
            )
        })
        .collect();
    let mut stmt = conn.prepare("SELECT system, instance, remote_id, target FROM account_links")?;
    let manual: Vec<ManualLink> = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .filter_map(Result::ok)
        .filter_map(|(s, i, id, target)| {
            let account = *by_key.get(&(s.as_str(), i.as_str(), id.as_str()))?;
            Some(ManualLink {
                account,
                target: (target != "-").then_some(target),
            })
        })
        .collect();
    let infos: Vec<AccountInfo> = rows.iter().map(|(_, a)| a.clone()).collect();
    let links = accounts::link_accounts(developers, &infos, &commits, &manual);
    Ok(rows
        .into_iter()
        .zip(links)
        .enumerate()
        .map(|(i, ((row, info), link))| LinkedAccount {
            row,
            info,
            link,
            forbidden: manual.iter().any(|m| m.account == i && m.target.is_none()),
        })
        .collect())
}

/// The review history of everything synced, people resolved against `developers`.
pub fn load(conn: &Connection, developers: &[Developer]) -> rusqlite::Result<ReviewHistory> {
    let linked = linked_accounts(conn, developers)?;
    let mut people: Vec<Someone> = developers
        .iter()
        .enumerate()
        .map(|(d, dev)| Someone {
            name: dev.name.clone(),
            dev: Some(d),
            accounts: Vec::new(),
            bot: dev.bot,
        })
        .collect();
    let mut person_of: HashMap<i64, usize> = HashMap::new();
    for a in &linked {
        let who = match a.link {
            Some(link) => link.dev,
            None => {
                people.push(Someone {
                    name: a
                        .info
                        .name
                        .clone()
                        .or_else(|| a.info.login.clone())
                        .unwrap_or_else(|| a.label()),
                    dev: None,
                    accounts: Vec::new(),
                    bot: a.info.bot,
                });
                people.len() - 1
            }
        };
        people[who].accounts.push(a.label());
        person_of.insert(a.row, who);
    }
    let mut history = ReviewHistory {
        people,
        developers: developers.len(),
        pulls: Vec::new(),
    };
    if linked.is_empty() && !store::has_tables(conn)? {
        return Ok(history);
    }
    let who = |id: Option<i64>| id.and_then(|id| person_of.get(&id).copied());

    let mut stmt = conn.prepare(
        "SELECT id, system, repo, number, title, state, draft, author_id, created_at, closed_at, merged_at,
                COALESCE(additions, 0), COALESCE(deletions, 0)
         FROM pull_requests ORDER BY created_at, id",
    )?;
    let mut row_of: HashMap<i64, usize> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        let system: String = r.get(1)?;
        let sep = if system == "gitlab" { '!' } else { '#' };
        Ok((
            r.get::<_, i64>(0)?,
            Pull {
                key: format!(
                    "{system}:{}{sep}{}",
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?
                ),
                title: r.get(4)?,
                state: match r.get::<_, String>(5)?.as_str() {
                    "open" => PullState::Open,
                    "merged" => PullState::Merged,
                    _ => PullState::Closed,
                },
                draft: r.get(6)?,
                author: None,
                created: r.get(8)?,
                closed: r.get(9)?,
                merged: r.get(10)?,
                files: Vec::new(),
                additions: r.get::<_, i64>(11)?.clamp(0, u32::MAX as i64) as u32,
                deletions: r.get::<_, i64>(12)?.clamp(0, u32::MAX as i64) as u32,
                reviews: Vec::new(),
                comments: Vec::new(),
                requested: Vec::new(),
            },
            r.get::<_, Option<i64>>(7)?,
        ))
    })?;
    for row in rows {
        let (id, mut pull, author) = row?;
        pull.author = who(author);
        row_of.insert(id, history.pulls.len());
        history.pulls.push(pull);
    }
    let mut stmt = conn.prepare("SELECT pull_id, path FROM pull_files ORDER BY pull_id, path")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, path) = row?;
        if let Some(&i) = row_of.get(&id) {
            history.pulls[i].files.push(path);
        }
    }
    // reviews and inline comments: (pull, account, state or path, time)
    let events = |sql: &str| -> rusqlite::Result<Vec<(usize, usize, String, i64)>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, account, text, at) = row?;
            if let (Some(&i), Some(person)) = (row_of.get(&id), who(account)) {
                out.push((i, person, text, at));
            }
        }
        Ok(out)
    };
    for (i, who, state, at) in events(
        "SELECT pull_id, account_id, state, submitted_at FROM pull_reviews WHERE submitted_at IS NOT NULL ORDER BY submitted_at",
    )? {
        let verdict = match state.as_str() {
            "APPROVED" => Verdict::Approved,
            "CHANGES_REQUESTED" => Verdict::ChangesRequested,
            "DISMISSED" => Verdict::Dismissed,
            _ => Verdict::Commented,
        };
        history.pulls[i].reviews.push(Review { who, at, verdict });
    }
    for (i, who, path, at) in events(
        "SELECT pull_id, account_id, path, created_at FROM pull_comments WHERE path IS NOT NULL ORDER BY created_at",
    )? {
        history.pulls[i].comments.push(FileComment { who, at, path });
    }
    let mut stmt = conn.prepare("SELECT pull_id, account_id FROM pull_requested")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, account) = row?;
        if let (Some(&i), Some(person)) = (row_of.get(&id), who(Some(account))) {
            history.pulls[i].requested.push(person);
        }
    }
    Ok(history)
}
