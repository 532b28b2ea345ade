//! Pruning: commits that no tracked ref and no view reaches any more (amended, rebased away, a
//! deleted branch) already count in no answer — answers only see the ancestors of the commit
//! they are about — and are deleted from the store at most once a day (or on request), with
//! the views of worktrees that no longer exist.

use std::collections::HashMap;

use rusqlite::{params, Transaction};

/// How long unreachable commits may stay before a run prunes them (seconds).
pub const INTERVAL: i64 = 24 * 3600;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Whether the last prune is older than [`INTERVAL`] (or never happened).
pub fn due(tx: &Transaction<'_>) -> anyhow::Result<bool> {
    let last: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'pruned'", [], |r| {
            r.get(0)
        })
        .ok();
    Ok(last
        .and_then(|t| t.parse::<i64>().ok())
        .is_none_or(|t| now() - t >= INTERVAL))
}

/// Deletes the views of vanished worktrees, then every commit that neither `tips` (the tracked
/// refs and whatever the run was asked about) nor a view reaches; returns how many commits went.
pub fn prune(tx: &Transaction<'_>, tips: &[u32]) -> anyhow::Result<u64> {
    let mut gone_views = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, key FROM views")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, key) = r?;
            if !std::path::Path::new(&key).exists() {
                gone_views.push(id);
            }
        }
    }
    for id in gone_views {
        super::views::delete(tx, id)?;
    }
    let mut roots: Vec<u32> = tips.to_vec();
    {
        let mut stmt = tx.prepare("SELECT commit_id FROM views")?;
        for r in stmt.query_map([], |r| r.get::<_, u32>(0))? {
            roots.push(r?);
        }
    }
    let mut parents: HashMap<u32, Vec<u32>> = HashMap::new();
    {
        let mut stmt =
            tx.prepare("SELECT commit_id, parent_id FROM parents WHERE parent_id IS NOT NULL")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, u32>(1)?)))? {
            let (c, p) = r?;
            parents.entry(c).or_default().push(p);
        }
    }
    let mut reached = std::collections::HashSet::new();
    while let Some(c) = roots.pop() {
        if reached.insert(c) {
            roots.extend(parents.get(&c).into_iter().flatten().copied());
        }
    }
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS gone (id INTEGER PRIMARY KEY); DELETE FROM gone;",
    )?;
    let mut removed = 0u64;
    {
        let mut all = tx.prepare("SELECT id FROM commits")?;
        let mut ins = tx.prepare("INSERT INTO gone (id) VALUES (?1)")?;
        for r in all.query_map([], |r| r.get::<_, u32>(0))? {
            let id = r?;
            if !reached.contains(&id) {
                ins.execute(params![id])?;
                removed += 1;
            }
        }
    }
    if removed > 0 {
        tx.execute_batch(
            "DELETE FROM deltas WHERE commit_id IN (SELECT id FROM gone);
             DELETE FROM file_changes WHERE commit_id IN (SELECT id FROM gone);
             DELETE FROM coauthors WHERE commit_id IN (SELECT id FROM gone);
             DELETE FROM trailers WHERE commit_id IN (SELECT id FROM gone);
             DELETE FROM parents WHERE commit_id IN (SELECT id FROM gone);
             DELETE FROM commits WHERE id IN (SELECT id FROM gone);",
        )?;
        tracing::info!(removed, "pruned commits no ref reaches");
    }
    tx.execute_batch("DROP TABLE gone;")?;
    mark_done(tx)?;
    Ok(removed)
}

/// Records that nothing is left to prune now (a fresh index, or a finished prune).
pub fn mark_done(tx: &Transaction<'_>) -> anyhow::Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned', ?1)",
        [now().to_string()],
    )?;
    Ok(())
}
