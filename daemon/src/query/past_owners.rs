//! Line ownership of one file at an older revision (`owners --as-of`, reviewers of a range whose
//! base is not the indexed HEAD). The index stores ownership at HEAD only; rather than run a
//! blame, this replays the file forward exactly as the index does, through only the commits
//! that changed it: the stored graph and file changes name them (following renames), merges are
//! looked at only where their parents' histories of the file differ, and the index's own
//! replay engine (`index::replay`) applies the hunks — so answers agree with the index at HEAD
//! and, like it, with `git blame`. Where a merge's parent had the file under another name
//! (renamed on one side, or a subtree merge), that name is learnt from the merge
//! (`git::merge_rename`) and replayed too.

use std::collections::{HashMap, HashSet};

use anyhow::{Context as _, Result};
use git2::{Odb, Oid};
use rusqlite::OptionalExtension;

use super::Context;
use crate::git::blob::{self, Blob, DEFAULT_SIZE_CAP};
use crate::git::line_diff::{diff_lines, Hunk};
use crate::git::merge_rename::Gone;
use crate::git::rename;
use crate::git::tree_diff::{find_path, OdbTrees};
use crate::index::replay::{FileOp, Replay};

/// No state: the file does not exist under any of its names.
const NONE: u32 = u32::MAX;
/// Commits that brought the file in ways the stored changes do not show, at most.
const MAX_FORCED: usize = 64;

/// Each commit's replayed ancestor (whose state of the file it has), and the replayed commits
/// with their parents' replayed ancestors.
type Relevance = (Vec<u32>, Vec<(u32, Vec<u32>)>);

/// One stored change to one of the file's names.
struct Row {
    path: u32,
    old: Option<u32>,
    kind: char,
}

/// The commit (store id) that last changed each line of `rel` at revision `at`; `None` when
/// no indexed history names that path or the file is not text there.
pub fn owner_ids(ctx: &Context, at: Oid, rel: &[u8]) -> Result<Option<Vec<u32>>> {
    Past::load(ctx)?.owner_ids(ctx, at, rel)
}

/// The stored commit graph, loaded once for any number of files.
pub struct Past {
    graph: Graph,
}

impl Past {
    pub fn load(ctx: &Context) -> Result<Past> {
        Ok(Past {
            graph: Graph::load(ctx)?,
        })
    }

    /// See [`owner_ids`].
    pub fn owner_ids(&self, ctx: &Context, at: Oid, rel: &[u8]) -> Result<Option<Vec<u32>>> {
        match file_history(ctx, &self.graph, at, rel)? {
            Some(history) => Ok(history.replay(ctx, &self.graph)),
            None => Ok(None),
        }
    }

    /// See [`history`].
    pub fn history(&self, ctx: &Context, at: Oid, rel: &[u8]) -> Result<Option<FileHistory>> {
        file_history(ctx, &self.graph, at, rel)
    }

    /// The index's replay over `history`: the commit that last changed each line of the file
    /// at its revision (`None` when the file has no lines to own there: binary, too large).
    pub fn replay(&self, ctx: &Context, history: FileHistory) -> Option<Vec<u32>> {
        history.replay(ctx, &self.graph)
    }

    /// The commit id of a stored oid.
    pub fn id_of(&self, oid: Oid) -> Option<u32> {
        self.graph.ids.get(&oid).copied()
    }

    /// The oid of a stored commit id.
    pub fn oid_of(&self, id: u32) -> Option<Oid> {
        self.graph.oids.get(id as usize).copied()
    }
}

/// The commits that changed `rel` up to revision `at` (following its renames), each with the
/// operations the index's replay applies for it — the one history both the forward replay
/// (ownership) and a backward walk over a line range (`query::explain`) read. `None` when no
/// indexed history names that path.
pub fn history(ctx: &Context, at: Oid, rel: &[u8]) -> Result<Option<FileHistory>> {
    Past::load(ctx)?.history(ctx, at, rel)
}

/// One commit that changed the file: its id, its parents' replayed ancestors (whose state of the
/// file each parent has; `None` where a parent has none), and what it does to the file's names.
pub struct Step {
    pub commit: u32,
    pub parents: Vec<Option<u32>>,
    pub ops: Vec<FileOp>,
}

/// A file's history up to a revision, parents first.
pub struct FileHistory {
    pub steps: Vec<Step>,
    /// The replayed commit whose state of the file the revision has.
    pub last: u32,
    /// The file's path id at the revision.
    pub path: u32,
    /// Every name of the file (path id → path bytes).
    pub paths: HashMap<u32, Vec<u8>>,
}

impl FileHistory {
    /// The index's replay over the steps: the commit that last changed each line (`None` when
    /// the file has no lines to own at the revision: binary, too large).
    fn replay(self, ctx: &Context, graph: &Graph) -> Option<Vec<u32>> {
        let mut children: HashMap<u32, u32> = HashMap::new();
        for step in &self.steps {
            for p in step.parents.iter().flatten() {
                *children.entry(*p).or_insert(0) += 1;
            }
        }
        *children.entry(self.last).or_insert(0) += 1;
        let ignored: HashSet<u32> = crate::index::ignore_revs::load(&ctx.repo)
            .into_iter()
            .filter_map(|oid| graph.ids.get(&oid).copied())
            .collect();
        let mut replay = Replay::new(ignored);
        for step in self.steps {
            let ps: Vec<u32> = step.parents.iter().map(|p| p.unwrap_or(NONE)).collect();
            let n = children.get(&step.commit).copied().unwrap_or(0);
            replay.apply(step.commit, &ps, step.ops, n);
        }
        let state = replay.finish(self.last);
        state.get(&self.path).map(|o| o.to_vec())
    }
}

fn file_history(ctx: &Context, graph: &Graph, at: Oid, rel: &[u8]) -> Result<Option<FileHistory>> {
    let conn = ctx.store.conn();
    let Some(target_path) = conn
        .query_row("SELECT id FROM paths WHERE path = ?1", [rel], |r| {
            r.get::<_, u32>(0)
        })
        .optional()?
    else {
        return Ok(None);
    };
    let target = *graph
        .ids
        .get(&at)
        .with_context(|| format!("{at} is not indexed"))?;
    let ancestry = graph.ancestry(target);
    let file = Target {
        rel,
        commit: target,
        path: target_path,
    };
    let mut names = names_of(ctx, target_path, &ancestry)?;
    // names the file had only on the other side of a merge, learnt while replaying (see
    // `merge_ops`): each adds its own earlier names, and the replay starts again
    let mut learnt = 0;
    loop {
        match history_of_names(ctx, graph, &file, &ancestry, &names)? {
            Ok(history) => return Ok(history),
            Err(name) if learnt < MAX_FORCED => {
                learnt += 1;
                for n in names_of(ctx, name, &ancestry)? {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
            Err(name) => anyhow::bail!(
                "cannot follow the history of {}: too many names across merges (path id {name})",
                String::from_utf8_lossy(rel)
            ),
        }
    }
}

/// The file asked about: its path, the commit it is asked at, and its path id.
struct Target<'a> {
    rel: &'a [u8],
    commit: u32,
    path: u32,
}

/// The file's history under `names`; `Err(path id)` names a path it had on the other side of a
/// merge, to be followed as one of its names too.
fn history_of_names(
    ctx: &Context,
    graph: &Graph,
    file: &Target<'_>,
    ancestry: &[bool],
    names: &[u32],
) -> Result<std::result::Result<Option<FileHistory>, u32>> {
    let (rel, target, target_path) = (file.rel, file.commit, file.path);
    let rows = rows_of(ctx, names, ancestry)?;
    let odb = ctx.repo.odb()?;
    let files = Files {
        odb: &odb,
        paths: path_bytes(ctx, names)?,
    };

    // Pass 1: which commits change the file, and whose state each commit's parents see. A
    // commit that edits a file its parent has but no replayed commit brought (a subtree merge,
    // a shallow boundary) makes the commit that did bring it replayed too, and pass 1 again.
    let mut forced: HashSet<u32> = HashSet::new();
    let (rel_of, relevant) = loop {
        let unseen = match pass_one(ctx, graph, &files, ancestry, names, &rows, &forced)? {
            Ok(done) if done.0[target as usize] != NONE => break done,
            // the file is there but nothing replayed brought it (e.g. from before a shallow
            // clone's boundary, never changed since)
            Ok(done) => match files.blob(graph.tree(ctx, target)?, target_path)? {
                Some(_) => introducer(ctx, graph, &files, target, target_path)?,
                None => break done,
            },
            Err(c) => c,
        };
        match unseen {
            c if forced.len() < MAX_FORCED && forced.insert(c) => {}
            c => anyhow::bail!(
                "cannot follow the history of {}: commit {} brought it in a way the index does not show",
                String::from_utf8_lossy(rel),
                graph.oids[c as usize]
            ),
        }
    };
    let last = rel_of[target as usize];
    if last == NONE {
        return Ok(Ok(None));
    }

    // Pass 2: what each of those commits does to the file, as the index computes it.
    let mut steps = Vec::with_capacity(relevant.len());
    for (c, ps) in relevant {
        let ops = if forced.contains(&c) || ps.len() > 1 {
            match merge_ops(ctx, graph, &files, c, names)? {
                Ok(ops) => ops,
                Err(name) => return Ok(Err(name)),
            }
        } else {
            edit_ops(
                ctx,
                graph,
                &files,
                c,
                rows.get(&c).map_or(&[][..], Vec::as_slice),
            )?
        };
        let parents = ps.iter().map(|&p| (p != NONE).then_some(p)).collect();
        steps.push(Step {
            commit: c,
            parents,
            ops,
        });
    }
    Ok(Ok(Some(FileHistory {
        steps,
        last,
        path: target_path,
        paths: files.paths,
    })))
}

/// Pass 1 over the ancestry in id order: `Err(commit)` names a commit that brought the file
/// without a stored change (to be replayed too).
fn pass_one(
    ctx: &Context,
    graph: &Graph,
    files: &Files<'_, '_>,
    ancestry: &[bool],
    names: &[u32],
    rows: &HashMap<u32, Vec<Row>>,
    forced: &HashSet<u32>,
) -> Result<std::result::Result<Relevance, u32>> {
    let mut rel_of = vec![NONE; graph.oids.len()];
    let mut relevant: Vec<(u32, Vec<u32>)> = Vec::new();
    for c in 0..graph.oids.len() as u32 {
        if !ancestry[c as usize] {
            continue;
        }
        let ps = &graph.parents[c as usize];
        let seen: Vec<u32> = ps.iter().map(|&p| rel_of[p as usize]).collect();
        let changed = if forced.contains(&c) {
            true
        } else if ps.len() <= 1 {
            match rows.get(&c) {
                None => false,
                Some(rs) => {
                    if let (Some(&p), Some(&NONE)) = (ps.first(), seen.first()) {
                        // an edit of a file no replayed commit brought: who did?
                        let tree = graph.tree(ctx, p)?;
                        for r in rs.iter().filter(|r| matches!(r.kind, 'M' | 'R')) {
                            let from = r.old.filter(|_| r.kind == 'R').unwrap_or(r.path);
                            if files.blob(tree, from)?.is_some() {
                                return Ok(Err(introducer(ctx, graph, files, p, from)?));
                            }
                        }
                    }
                    true
                }
            }
        } else if seen.iter().all(|&r| r == seen[0]) {
            false
        } else {
            // the parents' histories differ: a real change only if the result is not the
            // first parent's file (blame passes everything to an identical first parent)
            let (tree, first) = (graph.tree(ctx, c)?, graph.tree(ctx, ps[0])?);
            let mut differs = false;
            for &n in names {
                differs |= files.blob(tree, n)? != files.blob(first, n)?;
            }
            differs
        };
        if changed {
            rel_of[c as usize] = c;
            relevant.push((c, seen));
        } else {
            rel_of[c as usize] = seen.first().copied().unwrap_or(NONE);
        }
    }
    Ok(Ok((rel_of, relevant)))
}

/// The commit that brought `path` into `from_commit`'s history without a stored change: the
/// oldest commit on the first-parent line that has it (binary search: the file is taken to
/// exist on a recent stretch of the line), or if one of that commit's other parents has it
/// too, the same search from there.
fn introducer(
    ctx: &Context,
    graph: &Graph,
    files: &Files<'_, '_>,
    from_commit: u32,
    path: u32,
) -> Result<u32> {
    let mut start = from_commit;
    loop {
        let mut line = vec![start];
        while let Some(&p) = graph.parents[*line.last().unwrap_or(&start) as usize].first() {
            line.push(p);
        }
        // line[0] has the file; find the last index that still has it
        let (mut has, mut lacks) = (0usize, line.len());
        while lacks - has > 1 {
            let mid = (has + lacks) / 2;
            if files.blob(graph.tree(ctx, line[mid])?, path)?.is_some() {
                has = mid;
            } else {
                lacks = mid;
            }
        }
        let found = line[has];
        let mut from_other = None;
        for &p in graph.parents[found as usize].iter().skip(1) {
            if files.blob(graph.tree(ctx, p)?, path)?.is_some() {
                from_other = Some(p);
                break;
            }
        }
        match from_other {
            Some(p) => start = p,
            None => return Ok(found),
        }
    }
}

/// The commit graph in store ids (parents first: ids are topological).
struct Graph {
    oids: Vec<Oid>,
    ids: HashMap<Oid, u32>,
    parents: Vec<Vec<u32>>,
}

impl Graph {
    fn load(ctx: &Context) -> Result<Graph> {
        let conn = ctx.store.conn();
        let mut oids = Vec::new();
        let mut ids = HashMap::new();
        let mut st = conn.prepare("SELECT id, oid FROM commits ORDER BY id")?;
        for row in st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
            let (id, oid) = row?;
            let oid = Oid::from_str(&oid)?;
            if oids.len() <= id as usize {
                oids.resize(id as usize + 1, Oid::zero());
            }
            oids[id as usize] = oid;
            ids.insert(oid, id);
        }
        let mut parents = vec![Vec::new(); oids.len()];
        let mut st = conn.prepare(
            "SELECT p.commit_id, p.parent_oid FROM parents p JOIN commits c ON c.id = p.commit_id \
             WHERE c.boundary = 0 ORDER BY p.commit_id, p.idx",
        )?;
        for row in st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
            let (id, parent) = row?;
            if let Some(&p) = ids.get(&Oid::from_str(&parent)?) {
                parents[id as usize].push(p);
            }
        }
        Ok(Graph { oids, ids, parents })
    }

    /// Which commits `target` reaches, itself included.
    fn ancestry(&self, target: u32) -> Vec<bool> {
        let mut seen = vec![false; self.oids.len()];
        let mut stack = vec![target];
        while let Some(c) = stack.pop() {
            if !std::mem::replace(&mut seen[c as usize], true) {
                stack.extend(&self.parents[c as usize]);
            }
        }
        seen
    }

    fn tree(&self, ctx: &Context, id: u32) -> Result<Oid> {
        Ok(ctx.repo.find_commit(self.oids[id as usize])?.tree_id())
    }
}

/// The file's names: its path at the target and every path it was renamed from on the way.
fn names_of(ctx: &Context, path: u32, ancestry: &[bool]) -> Result<Vec<u32>> {
    let conn = ctx.store.conn();
    let mut st =
        conn.prepare("SELECT commit_id, path_id, old_path_id FROM file_changes WHERE kind = 'R'")?;
    let renames: Vec<(u32, u32, u32)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut names = vec![path];
    loop {
        let before = names.len();
        for &(c, new, old) in &renames {
            if ancestry.get(c as usize).copied().unwrap_or(false)
                && names.contains(&new)
                && !names.contains(&old)
            {
                names.push(old);
            }
        }
        if names.len() == before {
            return Ok(names);
        }
    }
}

/// The stored changes touching any of `names`, by commit (within the ancestry).
fn rows_of(ctx: &Context, names: &[u32], ancestry: &[bool]) -> Result<HashMap<u32, Vec<Row>>> {
    let conn = ctx.store.conn();
    let mut st = conn.prepare_cached(
        "SELECT commit_id, path_id, old_path_id, kind FROM file_changes \
         WHERE path_id = ?1 OR (kind = 'R' AND old_path_id = ?1)",
    )?;
    let mut out: HashMap<u32, Vec<Row>> = HashMap::new();
    let mut seen = HashSet::new();
    for &n in names {
        for row in st.query_map([n], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })? {
            let (c, path, old, kind) = row?;
            if ancestry.get(c as usize).copied().unwrap_or(false) && seen.insert((c, path, old)) {
                out.entry(c).or_default().push(Row {
                    path,
                    old,
                    kind: kind.chars().next().unwrap_or('M'),
                });
            }
        }
    }
    Ok(out)
}

fn path_bytes(ctx: &Context, ids: &[u32]) -> Result<HashMap<u32, Vec<u8>>> {
    let conn = ctx.store.conn();
    let mut st = conn.prepare_cached("SELECT path FROM paths WHERE id = ?1")?;
    let mut out = HashMap::new();
    for &id in ids {
        out.insert(id, st.query_row([id], |r| r.get::<_, Vec<u8>>(0))?);
    }
    Ok(out)
}

/// Blob lookups by path id.
struct Files<'a, 'r> {
    odb: &'a Odb<'r>,
    paths: HashMap<u32, Vec<u8>>,
}

impl<'r> Files<'_, 'r> {
    fn blob(&self, tree: Oid, path: u32) -> Result<Option<Oid>> {
        let Some(p) = self.paths.get(&path) else {
            return Ok(None);
        };
        Ok(find_path(&OdbTrees(self.odb), tree, p)?.map(|b| b.id))
    }

    fn load(&self, id: Oid) -> Result<Blob<'_>> {
        Ok(blob::load(self.odb, id, DEFAULT_SIZE_CAP)?)
    }

    /// The path's blob in `tree`, loaded (or `None` when absent).
    fn at(&self, tree: Oid, path: u32) -> Result<Option<(Oid, Blob<'_>)>> {
        match self.blob(tree, path)? {
            Some(id) => Ok(Some((id, self.load(id)?))),
            None => Ok(None),
        }
    }
}

/// Hunks from `old` to `new` and the new length, as the index computes them; `None` when the
/// new side has no lines to own (binary, too large, missing).
fn hunks(old: Option<&Blob<'_>>, new: &Blob<'_>) -> Option<(Vec<Hunk>, u32)> {
    let n = new.text()?;
    let new_len = blob::count_lines(n);
    Some(match old.and_then(Blob::text) {
        Some(o) => (diff_lines(o, n).hunks, new_len),
        None => (
            vec![Hunk {
                before: (0, 0),
                after: (0, new_len),
            }],
            new_len,
        ),
    })
}

/// A non-merge commit's operations on the file's names (as `index::file_ops` builds them).
fn edit_ops(
    ctx: &Context,
    graph: &Graph,
    files: &Files<'_, '_>,
    c: u32,
    rows: &[Row],
) -> Result<Vec<FileOp>> {
    let tree = graph.tree(ctx, c)?;
    let parent = match graph.parents[c as usize].first() {
        Some(&p) => Some(graph.tree(ctx, p)?),
        None => None,
    };
    let mut ops = Vec::new();
    for r in rows {
        if r.kind == 'D' {
            ops.push(FileOp::Remove { path: r.path });
            continue;
        }
        let from = r.old.filter(|_| r.kind == 'R').unwrap_or(r.path);
        if from != r.path {
            ops.push(FileOp::Remove { path: from });
        }
        if !files.paths.contains_key(&r.path) {
            continue; // renamed away from the file's names
        }
        let Some((new_id, new)) = files.at(tree, r.path)? else {
            ops.push(FileOp::Remove { path: r.path });
            continue;
        };
        let old = match (parent, r.kind) {
            (Some(t), 'M' | 'R') => files.at(t, from)?,
            _ => None,
        };
        if old.as_ref().is_some_and(|(id, _)| *id == new_id) {
            ops.push(FileOp::Same { path: r.path, from });
            continue;
        }
        ops.push(match hunks(old.as_ref().map(|o| &o.1), &new) {
            Some((hunks, new_len)) => FileOp::Edit {
                path: r.path,
                from,
                hunks,
                new_len,
            },
            None => FileOp::Remove { path: r.path },
        });
    }
    crate::index::replay::drop_removals_of_written(&mut ops);
    Ok(ops)
}

/// A merge's operations on the file's names (as `index::merge` builds them): a parent with the
/// identical blob passes its whole ownership; otherwise each parent, first parent first, claims
/// the lines it has unchanged and the rest belong to the merge. Also for a commit that brought
/// the file without a stored change (its lines are its own unless a parent has them).
fn merge_ops(
    ctx: &Context,
    graph: &Graph,
    files: &Files<'_, '_>,
    c: u32,
    names: &[u32],
) -> Result<std::result::Result<Vec<FileOp>, u32>> {
    let tree = graph.tree(ctx, c)?;
    let trees = OdbTrees(files.odb);
    let mut gone: Vec<Option<Gone>> = graph.parents[c as usize].iter().map(|_| None).collect();
    let parent_trees: Vec<Oid> = graph.parents[c as usize]
        .iter()
        .map(|&p| graph.tree(ctx, p))
        .collect::<Result<_>>()?;
    let mut ops = Vec::new();
    'names: for &n in names {
        let first = match parent_trees.first() {
            Some(t) => files.blob(*t, n)?,
            None => None,
        };
        let Some(new_id) = files.blob(tree, n)? else {
            if first.is_some() {
                ops.push(FileOp::Remove { path: n });
            }
            continue;
        };
        if first == Some(new_id) {
            continue;
        }
        // where each parent has the file: under its own name, or for a merge's parent lacking
        // it, under the name it was renamed from there (`git::merge_rename`)
        let merge = parent_trees.len() > 1;
        let mut origins: Vec<Option<(u32, Oid)>> = Vec::with_capacity(parent_trees.len());
        for (k, t) in parent_trees.iter().enumerate() {
            origins.push(match files.blob(*t, n)? {
                Some(id) => Some((n, id)),
                None if merge => {
                    let g = match &mut gone[k] {
                        Some(g) => g,
                        slot => slot.insert(Gone::list(&trees, *t, tree)?),
                    };
                    match renamed_from(ctx, files, g, n, new_id, names)? {
                        Ok(origin) => origin,
                        Err(name) => return Ok(Err(name)),
                    }
                }
                None => None,
            });
        }
        for (k, o) in origins.iter().enumerate().skip(1) {
            if let Some((from, _)) = o.filter(|o| o.1 == new_id) {
                ops.push(FileOp::Merge {
                    path: n,
                    new_len: 0,
                    sources: vec![(k, from, None)],
                });
                continue 'names;
            }
        }
        let new = files.load(new_id)?;
        let mut sources = Vec::new();
        let mut new_len = None;
        for (k, o) in origins.iter().enumerate() {
            let Some((from, id)) = *o else {
                continue;
            };
            let old = files.load(id)?;
            if k > 0 && old.text().is_none() {
                continue;
            }
            if let Some((h, len)) = hunks(Some(&old), &new) {
                sources.push((k, from, Some(h)));
                new_len = Some(len);
            }
        }
        let new_len = match new_len {
            Some(len) => len,
            None => match new.text() {
                Some(t) => blob::count_lines(t),
                None => {
                    ops.push(FileOp::Remove { path: n });
                    continue;
                }
            },
        };
        ops.push(FileOp::Merge {
            path: n,
            new_len,
            sources,
        });
    }
    Ok(Ok(ops))
}

/// The name (and blob) that name `n` (blob `id` at the merge) had in a merge's parent lacking
/// it, among that parent's files `gone` from the merge; `Err(path id)` when that name is not yet
/// one of the file's `names`.
fn renamed_from(
    ctx: &Context,
    files: &Files<'_, '_>,
    gone: &mut Gone,
    n: u32,
    id: Oid,
    names: &[u32],
) -> Result<std::result::Result<Option<(u32, Oid)>, u32>> {
    let path = files.paths.get(&n).map_or(&[][..], Vec::as_slice);
    let origin = gone.origin(path, id, &mut |b| {
        Ok(files.load(b)?.text().map(|t| rename::fingerprint(t, true)))
    })?;
    let Some((p, blob)) = origin else {
        return Ok(Ok(None));
    };
    Ok(match path_id(ctx, &p)? {
        Some(m) if names.contains(&m) => Ok(Some((m, blob))),
        Some(m) => Err(m),
        None => Ok(None),
    })
}

/// The id of a path the index knows.
fn path_id(ctx: &Context, path: &[u8]) -> Result<Option<u32>> {
    Ok(ctx
        .store
        .conn()
        .prepare_cached("SELECT id FROM paths WHERE path = ?1")?
        .query_row([path], |r| r.get(0))
        .optional()?)
}
