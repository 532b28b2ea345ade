//! Which commits a query may see: the commit it is about and its ancestors, found by walking the
//! stored parent links (no git access needed). Commits of other branches, and commits no ref
//! reaches any more (amended, rebased away) are outside every scope but their own.

use rusqlite::Connection;

/// Which commits a query may see, indexed by commit id.
#[derive(Debug, Clone)]
pub struct Scope {
    included: Vec<bool>,
    count: usize,
}

impl Scope {
    pub fn contains(&self, commit_id: u32) -> bool {
        self.included
            .get(commit_id as usize)
            .copied()
            .unwrap_or(false)
    }

    /// How many commits are in scope.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Commit `id` and all its indexed ancestors.
    pub fn ancestors_of_id(conn: &Connection, id: u32) -> anyhow::Result<Scope> {
        let max: u32 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM commits", [], |r| r.get(0))?;
        let mut parents: Vec<Vec<u32>> = vec![Vec::new(); max as usize + 1];
        let mut stmt = conn.prepare_cached(
            "SELECT commit_id, parent_id FROM parents WHERE parent_id IS NOT NULL",
        )?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, u32>(1)?)))? {
            let (c, p) = r?;
            if let Some(list) = parents.get_mut(c as usize) {
                list.push(p);
            }
        }
        let mut included = vec![false; max as usize + 1];
        let mut count = 0;
        let mut stack = vec![id];
        while let Some(c) = stack.pop() {
            match included.get_mut(c as usize) {
                Some(seen) if !*seen => *seen = true,
                _ => continue,
            }
            count += 1;
            stack.extend(parents[c as usize].iter().copied());
        }
        Ok(Scope { included, count })
    }
}
