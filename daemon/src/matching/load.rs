//! Reads what matching needs from an index in one pass (SQL against `store::schema`): every
//! commit in topological-id order with its resolved author, credited developers (co-authors in,
//! bots and AI agents out), subject, body and changed paths; every path's display name; and
//! the paths that are nobody's expertise (vendored or generated: lock files, bundles).

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use crate::insights::ChangeKind;
use crate::query::Context;

/// One change of a non-merge commit against its first parent.
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub path: u32,
    /// The previous path of a rename.
    pub old: Option<u32>,
    pub kind: ChangeKind,
}

/// One commit of the index.
#[derive(Debug, Clone)]
pub struct Commit {
    /// Topological position (`commits.id`): ancestors have smaller ids.
    pub id: u32,
    pub oid: String,
    /// Resolved developer of the author identity (`None` for an AI agent as author).
    pub author: Option<usize>,
    /// Developers credited: the author and co-authors, neither bots nor AI agents.
    pub devs: Vec<usize>,
    pub time: i64,
    pub parents: u32,
    /// A shallow clone's grafted commit: pre-history, credits nobody.
    pub boundary: bool,
    pub subject: String,
    pub body: String,
    pub changes: Vec<Change>,
}

/// A resolved developer as matching sees one.
#[derive(Debug, Clone)]
pub struct Dev {
    pub name: String,
    pub email: String,
    pub bot: bool,
    /// Every (name, e-mail) the developer committed as.
    pub aliases: Vec<(String, String)>,
}

/// Everything loaded.
pub struct Loaded {
    /// Commits inside the context's scope, by ascending id.
    pub commits: Vec<Commit>,
    /// Display path of each path id.
    pub paths: HashMap<u32, String>,
    /// Vendored or generated paths (`classify`): changing them shows no knowledge of anything.
    pub machine_made: HashSet<u32>,
    pub devs: Vec<Dev>,
}

impl Loaded {
    pub fn path(&self, id: u32) -> &str {
        self.paths.get(&id).map_or("?", String::as_str)
    }
}

/// Loads the commits inside `ctx`'s scope.
pub fn load(ctx: &Context) -> Result<Loaded> {
    let conn = ctx.store.conn();
    let resolver = &ctx.resolver;
    let devs: Vec<Dev> = resolver
        .developers()
        .iter()
        .map(|d| Dev {
            name: d.name.clone(),
            email: d.email.clone(),
            bot: d.bot,
            aliases: d.aliases.clone(),
        })
        .collect();
    let agent_ids = crate::query::agent_identities(conn, |name, email| {
        crate::identity::ai_agent(name, email, "", &[]).is_some()
    })?;
    let credit = |ident: i64| -> Option<usize> {
        if agent_ids.contains(&ident) {
            return None;
        }
        let d = resolver.developer_of(ident)?;
        (!devs[d].bot).then_some(d)
    };
    let mut coauthors: HashMap<u32, Vec<i64>> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT commit_id, identity_id FROM coauthors")?;
        for row in st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)?)))? {
            let (c, i) = row?;
            coauthors.entry(c).or_default().push(i);
        }
    }
    let mut commits: Vec<Commit> = Vec::new();
    let mut pos: HashMap<u32, usize> = HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT id, oid, author_id, author_time, parent_count, boundary, subject, body \
             FROM commits ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        for row in rows {
            let (id, oid, author_ident, time, parents, boundary, subject, body) = row?;
            if !ctx.included(id) {
                continue;
            }
            let author = if agent_ids.contains(&author_ident) {
                None
            } else {
                resolver.developer_of(author_ident)
            };
            let mut credited = Vec::new();
            if !boundary {
                let co = coauthors.get(&id).map(Vec::as_slice).unwrap_or(&[]);
                for &ident in std::iter::once(&author_ident).chain(co) {
                    if let Some(d) = credit(ident) {
                        if !credited.contains(&d) {
                            credited.push(d);
                        }
                    }
                }
            }
            pos.insert(id, commits.len());
            commits.push(Commit {
                id,
                oid,
                author,
                devs: credited,
                time,
                parents,
                boundary,
                subject,
                body,
                changes: Vec::new(),
            });
        }
    }
    {
        let mut st = conn.prepare(
            "SELECT commit_id, path_id, old_path_id, kind FROM file_changes ORDER BY rowid",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (c, path, old, kind) = row?;
            let (Some(&i), Some(kind)) = (pos.get(&c), ChangeKind::from_code(&kind)) else {
                continue;
            };
            commits[i].changes.push(Change { path, old, kind });
        }
    }
    let mut paths = HashMap::new();
    let mut machine_made = HashSet::new();
    {
        let mut st = conn.prepare("SELECT id, display, vendored OR generated FROM paths")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        for row in rows {
            let (id, p, machine) = row?;
            paths.insert(id, p);
            if machine {
                machine_made.insert(id);
            }
        }
    }
    Ok(Loaded {
        commits,
        paths,
        machine_made,
        devs,
    })
}
