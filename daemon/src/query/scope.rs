//! The `--as-of REV` scope: the set of indexed commits that are REV or its ancestors, found by
//! walking the stored parent links (no git access needed).

use std::collections::HashMap;

use git2::Oid;

use crate::store::Store;

/// Which commits a query may see.
#[derive(Debug, Clone)]
pub enum Scope {
    All,
    /// Indexed by commit id.
    Only(Vec<bool>),
}

impl Scope {
    pub fn contains(&self, commit_id: u32) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(set) => set.get(commit_id as usize).copied().unwrap_or(false),
        }
    }

    /// REV and all its ancestors. Errors when REV is not in the index.
    pub fn ancestors_of(store: &Store, rev: Oid) -> anyhow::Result<Scope> {
        let conn = store.conn();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut max = 0;
        let mut stmt = conn.prepare("SELECT id, oid FROM commits")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
            let (id, oid) = r?;
            max = max.max(id);
            ids.insert(oid, id);
        }
        let start = *ids.get(&rev.to_string()).ok_or_else(|| {
            anyhow::anyhow!("{rev} is not in the indexed history (run `aexy index`?)")
        })?;
        let mut parents: Vec<Vec<u32>> = vec![Vec::new(); max as usize + 1];
        let mut stmt = conn.prepare("SELECT commit_id, parent_oid FROM parents")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
            let (c, p) = r?;
            if let Some(pid) = ids.get(&p) {
                parents[c as usize].push(*pid);
            }
        }
        let mut seen = vec![false; max as usize + 1];
        let mut stack = vec![start];
        while let Some(c) = stack.pop() {
            if std::mem::replace(&mut seen[c as usize], true) {
                continue;
            }
            stack.extend(
                parents[c as usize]
                    .iter()
                    .copied()
                    .filter(|p| !seen[*p as usize]),
            );
        }
        Ok(Scope::Only(seen))
    }
}
