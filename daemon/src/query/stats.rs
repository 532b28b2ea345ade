//! `aexy stats`: whole-history totals, counted like `git log --numstat` (lines over non-merge
//! commits, all files), within the query's scope.

use std::collections::HashSet;

use super::Context;

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub head: String,
    pub commits: u64,
    pub merge_commits: u64,
    /// Resolved people (bots excluded) who authored or co-authored a commit.
    pub developers: u64,
    pub bots: u64,
    /// Distinct paths changed by non-merge commits.
    pub files: u64,
    pub files_at_head: u64,
    pub lines_added: u64,
    pub lines_deleted: u64,
}

pub fn stats(ctx: &Context) -> anyhow::Result<Stats> {
    let conn = ctx.store.conn();
    let (mut commits, mut merges) = (0, 0);
    let mut people: HashSet<usize> = HashSet::new();
    let mut stmt = conn.prepare("SELECT id, parent_count, author_id FROM commits")?;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (id, parents, author) = r?;
        if !ctx.included(id) {
            continue;
        }
        commits += 1;
        if parents > 1 {
            merges += 1;
        } else if let Some(d) = ctx.resolver.developer_of(author) {
            people.insert(d);
        }
    }
    let mut stmt = conn.prepare("SELECT commit_id, identity_id FROM coauthors")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, who) = r?;
        if ctx.included(id) {
            if let Some(d) = ctx.resolver.developer_of(who) {
                people.insert(d);
            }
        }
    }
    let devs = ctx.resolver.developers();
    let bots = people.iter().filter(|d| devs[**d].bot).count() as u64;
    let (mut added, mut deleted) = (0u64, 0u64);
    let mut files: HashSet<u32> = HashSet::new();
    let mut stmt = conn.prepare("SELECT commit_id, path_id, added, deleted FROM file_changes")?;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, Option<u64>>(2)?,
            r.get::<_, Option<u64>>(3)?,
        ))
    })? {
        let (id, path, a, d) = r?;
        if ctx.included(id) {
            files.insert(path);
            added += a.unwrap_or(0);
            deleted += d.unwrap_or(0);
        }
    }
    let files_at_head = super::files_at(ctx)?.len() as u64;
    Ok(Stats {
        head: ctx.as_of.clone(),
        commits,
        merge_commits: merges,
        developers: people.len() as u64 - bots,
        bots,
        files: files.len() as u64,
        files_at_head,
        lines_added: added,
        lines_deleted: deleted,
    })
}
