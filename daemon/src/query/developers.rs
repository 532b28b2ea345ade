//! `aexy developers`: resolved identities (mailmap, then e-mail, then name) with their
//! aliases, commit counts and first/last activity, within the query's scope.

use std::collections::HashMap;

use super::Context;
use crate::time::rfc3339;

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeveloperRow {
    pub name: String,
    pub email: String,
    pub bot: bool,
    pub commits: u64,
    pub co_authored: u64,
    pub first_active: Option<String>,
    pub last_active: Option<String>,
    pub aliases: Vec<super::Person>,
}

#[derive(Default)]
struct Acc {
    commits: u64,
    co: u64,
    first: Option<(i64, i32)>,
    last: Option<(i64, i32)>,
}

impl Acc {
    fn seen(&mut self, t: i64, tz: i32) {
        if self.first.is_none_or(|(f, _)| t < f) {
            self.first = Some((t, tz));
        }
        if self.last.is_none_or(|(l, _)| t > l) {
            self.last = Some((t, tz));
        }
    }
}

/// Every developer with activity in scope, most commits first.
pub fn developers(ctx: &Context) -> anyhow::Result<Vec<DeveloperRow>> {
    let conn = ctx.store.conn();
    let mut acc: HashMap<usize, Acc> = HashMap::new();
    let mut times: HashMap<u32, (i64, i32)> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT id, author_id, author_time, author_tz, parent_count FROM commits")?;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i32>(3)?,
            r.get::<_, u32>(4)?,
        ))
    })? {
        let (id, author, t, tz, _parents) = r?;
        if !ctx.included(id) {
            continue;
        }
        times.insert(id, (t, tz));
        if let Some(d) = ctx.resolver.developer_of(author) {
            let a = acc.entry(d).or_default();
            a.commits += 1;
            a.seen(t, tz);
        }
    }
    let mut stmt = conn.prepare("SELECT commit_id, identity_id FROM coauthors")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, who) = r?;
        let (Some(&(t, tz)), Some(d)) = (times.get(&id), ctx.resolver.developer_of(who)) else {
            continue;
        };
        let a = acc.entry(d).or_default();
        a.co += 1;
        a.seen(t, tz);
    }
    let devs = ctx.resolver.developers();
    let mut rows: Vec<DeveloperRow> = acc
        .into_iter()
        .map(|(d, a)| {
            let dev = &devs[d];
            DeveloperRow {
                name: dev.name.clone(),
                email: dev.email.clone(),
                bot: dev.bot,
                commits: a.commits,
                co_authored: a.co,
                first_active: a.first.map(|(t, tz)| rfc3339(t, tz)),
                last_active: a.last.map(|(t, tz)| rfc3339(t, tz)),
                aliases: dev
                    .aliases
                    .iter()
                    .map(|(n, e)| super::Person {
                        name: n.clone(),
                        email: e.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.commits.cmp(&a.commits).then_with(|| a.name.cmp(&b.name)));
    Ok(rows)
}
