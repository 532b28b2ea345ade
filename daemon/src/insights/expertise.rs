//! Experts of one file for `aexy owners`, hover and `aexy/ownership`: the file's DOA authors
//! (Avelino et al. 2016, see `doa`) with their normalised DOA, share of the file's commits,
//! commits on the file and last activity — read with targeted SQL so a hover stays fast.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rusqlite::{params, OptionalExtension};

use super::history::Scope;
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
    /// RFC 3339, in the developer's own offset, of their latest commit on the file.
    pub last_active: String,
}

/// The authors of `rel_path` (best first); empty when the path is unknown or has no history.
/// `names[d]` gives the display name and e-mail of developer `d`.
pub fn experts(
    scope: &Scope<'_>,
    rel_path: &[u8],
    names: &dyn Fn(usize) -> (String, String),
) -> Result<Vec<Expert>> {
    let conn = scope.conn;
    let Some(path_id) = conn
        .query_row("SELECT id FROM paths WHERE path = ?1", [rel_path], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    else {
        return Ok(Vec::new());
    };
    // lineage: (commit id, kind), following renames back
    let mut rows: Vec<(i64, ChangeKind)> = Vec::new();
    let mut stack = vec![(path_id, i64::MAX)];
    let mut seen = HashSet::new();
    let mut st = conn.prepare_cached(
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
    let mut commit_st = conn.prepare_cached(
        "SELECT author_id, author_time, author_tz, boundary FROM commits WHERE id = ?1",
    )?;
    let mut co_st =
        conn.prepare_cached("SELECT identity_id FROM coauthors WHERE commit_id = ?1")?;
    let mut ident_st = conn.prepare_cached("SELECT name, email FROM identities WHERE id = ?1")?;
    let mut credited: Vec<(ChangeKind, Vec<usize>, i64, i32)> = Vec::with_capacity(rows.len());
    for (c, kind) in rows {
        let (author, time, tz, boundary): (i64, i64, i64, bool) =
            commit_st.query_row([c], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        if boundary {
            continue; // a shallow clone's grafted commit is pre-history: it credits nobody
        }
        let co = co_st
            .query_map([c], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut devs = Vec::new();
        for ident in std::iter::once(author).chain(co) {
            // AI agents are tools, not developers: no credit
            let (name, email): (String, String) =
                ident_st.query_row([ident], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if (scope.ai_agent)(&name, &email, "", &[]).is_some() {
                continue;
            }
            if let Some(d) = (scope.developer_of)(ident) {
                if (scope.include_bots || !(scope.is_bot)(d)) && !devs.contains(&d) {
                    devs.push(d);
                }
            }
        }
        if !devs.is_empty() {
            credited.push((kind, devs, time, tz as i32));
        }
    }
    let events: Vec<doa::Event<'_>> = credited
        .iter()
        .map(|(k, d, ..)| doa::Event { kind: *k, devs: d })
        .collect();
    let mut commits: HashMap<usize, (u32, i64, i32)> = HashMap::new();
    for (_, devs, time, tz) in &credited {
        for &d in devs {
            let e = commits.entry(d).or_insert((0, i64::MIN, 0));
            e.0 += 1;
            if *time > e.1 {
                (e.1, e.2) = (*time, *tz);
            }
        }
    }
    let total = credited.len().max(1) as f64;
    Ok(doa::file_authorship(&events)
        .into_iter()
        .filter(|a| a.author)
        .map(|a| {
            let (name, email) = names(a.dev);
            let (n, t, tz) = commits.get(&a.dev).copied().unwrap_or((0, 0, 0));
            Expert {
                name,
                email,
                doa: a.doa,
                normalized_doa: a.normalized,
                first_author: a.first_author,
                share: f64::from(n) / total,
                commits: n,
                last_active: calendar::rfc3339(t, tz),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experts_follow_renames_and_skip_bots() {
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
        let got = experts(&scope, b"b.rs", &names).unwrap();
        // Ann: FA, DL 1, AC 1 → 4.3325; Bob and Carol: DL 1, AC 1 → 3.2345 (0.747 < 0.75)
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Ann");
        assert!((got[0].doa - 4.3325).abs() < 1e-4);
        assert_eq!(got[0].commits, 2);
        assert_eq!(got[0].share, 2.0 / 3.0);
        assert_eq!(got[0].last_active, "1969-12-31T20:23:20-05:00");
        assert!(experts(&scope, b"missing.rs", &names).unwrap().is_empty());
        // as of commit 2 the creator and the renamers are all authors
        let early = |id: i64| id <= 2;
        let scope = Scope {
            included: &early,
            ..scope
        };
        assert_eq!(experts(&scope, b"b.rs", &names).unwrap().len(), 3);
    }
}
