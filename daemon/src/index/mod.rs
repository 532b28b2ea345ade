//! Building and updating the index: plan what is new (every commit the tracked refs reach that
//! the index lacks), compute commits on worker threads, write rows and replay line ownership in
//! sequence (recording the ownership log), move the worktree's view to its HEAD, classify paths,
//! all in one transaction.
//!
//! API Boundary: [`index_repository`] is what the CLI and the daemon call.

mod classify_paths;
mod compute;
pub mod delta;
pub mod guard;
pub mod ignore_revs;
mod merge;
mod objects;
mod pipeline;
pub mod plan;
pub mod prune;
pub mod refs;
pub mod replay;
pub mod travel;
pub mod views;
mod work;
mod writer;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use git2::Oid;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};

use crate::store::{schema, Store};
use plan::{Mode, Plan};
use replay::{FileOp, Replay};
use work::{CommitWork, Edit};
use writer::Writer;

/// Index progress: commits processed out of the run's total.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Knobs for an index run.
#[derive(Clone)]
pub struct IndexOptions {
    pub progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
    /// Worker threads computing diffs (default: available cores).
    pub threads: usize,
    /// Blobs larger than this are binary.
    pub size_cap: usize,
    /// Commits to index beyond the tracked refs (a `--as-of` revision no ref reaches).
    pub extra_tips: Vec<Oid>,
    /// Prune commits no tracked ref reaches now, whenever it was done last.
    pub prune_now: bool,
    /// Whether to wait when another process is writing this index (see `guard`).
    pub when_busy: guard::WhenBusy,
    /// Receives one-line messages for the user (waiting for a writer, an index healed).
    pub notice: Option<guard::OnNotice>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        IndexOptions {
            progress: None,
            threads,
            size_cap: crate::git::blob::DEFAULT_SIZE_CAP,
            extra_tips: Vec::new(),
            prune_now: false,
            when_busy: guard::WhenBusy::Wait,
            notice: None,
        }
    }
}

/// What an index run did.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexSummary {
    pub head: String,
    pub mode: String,
    /// Why this mode ("first index", "new commits", …).
    pub reason: String,
    /// Commits in HEAD's history.
    pub commits: u64,
    /// Commits stored for every tracked ref (HEAD's history included).
    pub indexed_commits: u64,
    pub new_commits: u64,
    /// Paths whose line ownership changed when the worktree's view moved to HEAD.
    pub view_paths_moved: u64,
    /// Commits pruned because no tracked ref reaches them any more.
    pub pruned_commits: u64,
    pub developers: u64,
    pub files: u64,
    pub missing_blobs: u64,
    pub seconds: f64,
}

/// The key of the view a worktree answers from: its canonical git dir.
pub fn view_key(repo: &git2::Repository) -> String {
    canonical_text(repo.path())
}

/// The repository an index belongs to: its canonical common git dir (shared by worktrees).
pub fn repository_key(repo: &git2::Repository) -> String {
    canonical_text(repo.commondir())
}

fn canonical_text(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_owned())
        .to_string_lossy()
        .trim_end_matches('/')
        .to_owned()
}

/// Builds or updates the index of the repository at `root` in the database `db`: every commit
/// the tracked refs reach, and the view of `root`'s worktree at its HEAD; as the index's only
/// writer (`guard`: the writer lock, a damaged index moved aside and rebuilt).
pub fn index_repository(
    root: &Path,
    db: &Path,
    opts: &IndexOptions,
) -> anyhow::Result<IndexSummary> {
    guard::run(db, opts.when_busy, opts.notice.as_ref(), || {
        index_locked(root, db, opts)
    })
}

fn index_locked(root: &Path, db: &Path, opts: &IndexOptions) -> anyhow::Result<IndexSummary> {
    let started = Instant::now();
    let repo = crate::repo::open(root)?;
    let head = crate::repo::head_commit(&repo)?;
    let boundary = crate::repo::shallow_boundary(&repo);
    let mut store = Store::open_rw(db)?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "opened");
    let owner = repository_key(&repo);
    if store.meta("engine")?.as_deref() == Some(plan::ENGINE) {
        if let Some(indexed) = store.meta("root")? {
            anyhow::ensure!(
                indexed == owner,
                "the index {} belongs to {indexed}, not {owner}",
                db.display()
            );
        }
    }
    let tracked = refs::tracked(&repo);
    let mut tips: Vec<Oid> = vec![head];
    for t in tracked.values().chain(&opts.extra_tips) {
        if !tips.contains(t) {
            tips.push(*t);
        }
    }
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "refs read"
    );
    let plan = plan::plan(&repo, &store, &tips, boundary)?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "planned");
    tracing::info!(mode = ?plan.mode, commits = plan.steps.len(), reason = plan.reason, "index plan");
    let key = view_key(&repo);
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    if plan.mode == Mode::Rebuild {
        clear(&tx)?;
    }
    let mut run = Run {
        tx: &tx,
        repo: &repo,
        root,
        opts,
        plan: &plan,
        new_commits: 0,
        missing_blobs: 0,
        new_paths: HashSet::new(),
        touched: HashSet::new(),
    };
    let rebuilt = match plan.mode {
        Mode::Rebuild => Some(run.rebuild(head, &key)?),
        Mode::Update => {
            run.update()?;
            None
        }
        Mode::UpToDate => None,
    };
    let Run {
        new_commits,
        missing_blobs,
        new_paths,
        touched,
        ..
    } = run;
    let head_id = plan::stored_id(&tx, head)?.context("HEAD is not in the index")?;
    let mut view = match rebuilt {
        Some(v) => v,
        None => worktree_view(&tx, &key)?,
    };
    let moved = views::advance(&tx, &repo, &mut view, head_id)?;
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        paths = moved,
        "view moved"
    );
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "view written"
    );
    let attributes_changed = touched.iter().any(|p| p.ends_with(b".gitattributes"));
    if plan.mode == Mode::Rebuild || attributes_changed {
        classify_paths::classify_all(&tx, &repo, head, view.id)?;
    } else if !new_paths.is_empty() {
        let ids: Vec<u32> = new_paths.into_iter().collect();
        classify_paths::classify_some(&tx, &repo, head, view.id, &ids)?;
    }
    record_refs(&tx, &tracked)?;
    let pruned = if plan.mode == Mode::Rebuild {
        prune::mark_done(&tx)?;
        0
    } else if opts.prune_now || prune::due(&tx)? {
        // every tip of this run is kept: the tracked refs, HEAD and the revisions asked about
        let mut keep = Vec::with_capacity(tips.len());
        for t in &tips {
            keep.extend(plan::stored_id(&tx, *t)?);
        }
        prune::prune(&tx, &keep)?
    } else {
        0
    };
    set_meta(&tx, "engine", plan::ENGINE)?;
    set_meta(&tx, "root", &owner)?;
    // the HEAD of the last run: a complete index (see `Store::indexed_head`)
    set_meta(&tx, "head", &head.to_string())?;
    if plan.mode == Mode::Rebuild {
        tx.execute_batch(schema::INDEXES)?;
    }
    tx.commit().context("committing the index")?;
    if plan.mode == Mode::Rebuild {
        // Housekeeping after the commit: the index is complete even if this fails (a full
        // disk can refuse the checkpoint's copy; the WAL then keeps the pages).
        if let Err(e) = store
            .conn()
            .execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")
        {
            tracing::warn!("checkpoint after a rebuild: {e}");
        }
    }
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "committed"
    );
    let conn = store.conn();
    let scope = crate::query::Scope::ancestors_of_id(conn, head_id)?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "scope");
    let resolver = crate::query::load_resolver(conn, &repo, &scope)?;
    let files: i64 = conn.query_row(
        "SELECT COUNT(*) FROM view_files WHERE view_id = ?1",
        [view.id],
        |r| r.get(0),
    )?;
    let indexed: i64 = conn.query_row("SELECT COUNT(*) FROM commits", [], |r| r.get(0))?;
    Ok(IndexSummary {
        head: head.to_string(),
        mode: format!("{:?}", plan.mode).to_lowercase(),
        reason: plan.reason.to_string(),
        commits: scope.count() as u64,
        indexed_commits: indexed as u64,
        new_commits,
        view_paths_moved: moved as u64,
        pruned_commits: pruned,
        developers: resolver
            .developers()
            .iter()
            .filter(|d| !d.bot && d.commits > 0)
            .count() as u64,
        files: files as u64,
        missing_blobs,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Whether the index `db` already answers for `repo`'s worktree as it is: made by this engine,
/// the worktree's view at its HEAD, every tracked ref where the last run saw it, and `extra`
/// commits indexed. Cheap (no history walk): the CLI asks before every query.
pub fn is_current(repo: &git2::Repository, db: &Path, extra: &[Oid]) -> bool {
    let check = || -> anyhow::Result<bool> {
        let store = Store::open_ro(db)?;
        let conn = store.conn();
        if store.meta("engine")?.as_deref() != Some(plan::ENGINE) {
            return Ok(false);
        }
        let head = crate::repo::head_commit(repo)?;
        let Some(view) = views::find(conn, &view_key(repo))? else {
            return Ok(false);
        };
        if plan::stored_id(conn, head)? != Some(view.commit) {
            return Ok(false);
        }
        for oid in extra {
            if plan::stored_id(conn, *oid)?.is_none() {
                return Ok(false);
            }
        }
        let mut stored: std::collections::BTreeMap<String, String> = Default::default();
        let mut stmt =
            conn.prepare("SELECT r.name, c.oid FROM refs r JOIN commits c ON c.id = r.commit_id")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (name, oid) = r?;
            stored.insert(name, oid);
        }
        let now: std::collections::BTreeMap<String, String> = refs::tracked(repo)
            .into_iter()
            .map(|(n, o)| (n, o.to_string()))
            .collect();
        Ok(stored == now)
    };
    check().unwrap_or(false)
}

/// The view of the worktree `key`: its own, else a copy of the most recently used one (the
/// caller moves it to this worktree's HEAD), else one built from the empty state before every
/// root (only an index that lost its views needs that).
fn worktree_view(tx: &Transaction<'_>, key: &str) -> anyhow::Result<views::View> {
    if let Some(v) = views::find(tx, key)? {
        return Ok(v);
    }
    match views::all(tx)?.first() {
        Some(source) => views::copy(tx, source, key),
        None => views::create_empty(tx, key),
    }
}

/// Records the tracked refs of this run.
fn record_refs(tx: &Transaction<'_>, tracked: &refs::Tips) -> anyhow::Result<()> {
    tx.execute("DELETE FROM refs", [])?;
    for (name, oid) in tracked {
        if let Some(id) = plan::stored_id(tx, *oid)? {
            tx.execute(
                "INSERT INTO refs (name, commit_id) VALUES (?1, ?2)",
                rusqlite::params![name, id],
            )?;
        }
    }
    Ok(())
}

/// One index run's work inside its transaction.
struct Run<'a, 't> {
    tx: &'a Transaction<'t>,
    repo: &'a git2::Repository,
    root: &'a Path,
    opts: &'a IndexOptions,
    plan: &'a Plan,
    new_commits: u64,
    missing_blobs: u64,
    /// Paths first seen in this run (they need classifying).
    new_paths: HashSet<u32>,
    /// Paths the new commits changed (bytes), to notice `.gitattributes` edits.
    touched: HashSet<Vec<u8>>,
}

impl Run<'_, '_> {
    /// How many commits of the plan name each commit as a parent.
    fn children(&self) -> HashMap<u32, u32> {
        let mut children: HashMap<u32, u32> = HashMap::new();
        for s in &self.plan.steps {
            for p in &s.parents {
                *children.entry(*p).or_default() += 1;
            }
        }
        children
    }

    /// Computes every planned commit on the workers, writes its rows, and hands its replay
    /// operations to `consume`, in order.
    fn compute(
        &mut self,
        writer: &mut Writer<'_>,
        mut consume: impl FnMut(usize, Vec<FileOp>, &mut Writer<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let plan = self.plan;
        let oids: Vec<Oid> = plan.steps.iter().map(|s| s.oid).collect();
        let total = oids.len() as u64;
        let mut warned_missing = false;
        let (mut new_commits, mut missing_blobs) = (0u64, 0u64);
        let touched = &mut self.touched;
        let progress = self.opts.progress.clone();
        pipeline::run(
            self.root,
            &oids,
            &plan.boundary,
            self.opts.threads,
            self.opts.size_cap,
            |i, work| {
                let step = &plan.steps[i];
                writer.commit(step.id, &step.parents, &work)?;
                new_commits += 1;
                if work.missing_blobs > 0 {
                    missing_blobs += u64::from(work.missing_blobs);
                    if !warned_missing {
                        warned_missing = true;
                        tracing::warn!("some blobs are not in this (partial) clone; they get no line counts or ownership");
                    }
                }
                touched.extend(work.changes.iter().map(|c| c.path.clone()));
                touched.extend(work.merge_files.iter().map(|m| m.path.clone()));
                let ops = file_ops(writer, &work)?;
                consume(i, ops, writer)?;
                if let Some(p) = &progress {
                    if i % 64 == 0 || i as u64 + 1 == total {
                        p(Progress {
                            done: i as u64 + 1,
                            total,
                        });
                    }
                }
                Ok(())
            },
        )?;
        self.new_commits = new_commits;
        self.missing_blobs = missing_blobs;
        self.new_paths.extend(writer.new_paths());
        Ok(())
    }

    /// A full run: every commit replayed as it is computed; returns the worktree's new view.
    fn rebuild(&mut self, head: Oid, key: &str) -> anyhow::Result<views::View> {
        let (plan, tx) = (self.plan, self.tx);
        let mut writer = Writer::new(tx)?;
        let ids: HashMap<Oid, u32> = plan.steps.iter().map(|s| (s.oid, s.id)).collect();
        let ignored = ignored_ids(tx, &ids, ignore_revs::load(self.repo))?;
        let mut children = self.children();
        let head_id = *ids.get(&head).context("HEAD is not in the plan")?;
        *children.entry(head_id).or_default() += 1; // keep HEAD's state to the end
        let mut replay = Replay::new(ignored);
        self.compute(&mut writer, |i, ops, writer| {
            let step = &plan.steps[i];
            let n = children.get(&step.id).copied().unwrap_or(0);
            let deltas = replay.apply(step.id, &step.parents, ops, n);
            writer.deltas(step.id, &deltas)
        })?;
        tracing::info!(peak_states = replay.peak_states, "ownership replay done");
        let state = replay.finish(head_id);
        drop(writer);
        let tree = self.repo.find_commit(head)?.tree_id();
        views::create_full(tx, self.repo, key, head_id, tree, &state)
    }

    /// An update: new commits computed first, then replayed from the owners of the stored
    /// commits they grow from, for just the paths they read (travelled to from a view).
    fn update(&mut self) -> anyhow::Result<()> {
        let (plan, tx) = (self.plan, self.tx);
        let mut writer = Writer::new(tx)?;
        let ids: HashMap<Oid, u32> = plan.steps.iter().map(|s| (s.oid, s.id)).collect();
        let ignored = ignored_ids(tx, &ids, ignore_revs::load(self.repo))?;
        let children = self.children();
        let mut buffered: Vec<(usize, Vec<FileOp>)> = Vec::new();
        self.compute(&mut writer, |i, ops, _| {
            buffered.push((i, ops));
            Ok(())
        })?;
        let needed: HashSet<u32> = buffered
            .iter()
            .flat_map(|(_, ops)| ops.iter().flat_map(FileOp::reads))
            .collect();
        let mut replay = Replay::new(ignored);
        let source = views::all(tx)?.into_iter().next();
        for &seed in &plan.seeds {
            let (from, view) = source
                .as_ref()
                .map_or((0, None), |v| (v.commit, Some(v.id)));
            let partial = travel::travel(tx, from, seed, Some(&needed), |paths| match view {
                Some(id) => views::load(tx, id, paths),
                None => Ok(Default::default()),
            })?;
            let state = partial
                .into_iter()
                .filter_map(|(p, o)| o.map(|o| (p, replay::Owners::new(&o))))
                .collect();
            replay.seed(seed, state, children.get(&seed).copied().unwrap_or(0));
        }
        for (i, ops) in buffered {
            let step = &plan.steps[i];
            let n = children.get(&step.id).copied().unwrap_or(0);
            let deltas = replay.apply(step.id, &step.parents, ops, n);
            writer.deltas(step.id, &deltas)?;
        }
        Ok(())
    }
}

/// Translates a commit's changes into replay operations on path ids.
fn file_ops(writer: &mut Writer<'_>, work: &CommitWork) -> anyhow::Result<Vec<FileOp>> {
    let mut ops = Vec::with_capacity(work.changes.len() + work.merge_files.len());
    for c in &work.changes {
        let path = writer.path(&c.path)?;
        let from = match &c.old_path {
            Some(old) => {
                let old = writer.path(old)?;
                ops.push(FileOp::Remove { path: old });
                old
            }
            None => path,
        };
        ops.push(match &c.edit {
            Edit::Removed | Edit::Opaque => FileOp::Remove { path },
            Edit::Same => FileOp::Same { path, from },
            Edit::Lines { hunks, new_len } => FileOp::Edit {
                path,
                from,
                hunks: hunks.clone(),
                new_len: *new_len,
            },
        });
    }
    for m in &work.merge_files {
        let path = writer.path(&m.path)?;
        let mut sources = Vec::with_capacity(m.sources.len());
        for s in &m.sources {
            sources.push((s.parent, writer.path(&s.path)?, s.hunks.clone()));
        }
        ops.push(match m.new_len {
            Some(new_len) => FileOp::Merge {
                path,
                new_len,
                sources,
            },
            None => FileOp::Remove { path },
        });
    }
    // Removals of renamed-away paths must not erase a path the same commit writes.
    replay::drop_removals_of_written(&mut ops);
    Ok(ops)
}

/// Commit ids of the ignored revisions (those in this run, or already stored).
fn ignored_ids(
    tx: &rusqlite::Transaction<'_>,
    ids: &HashMap<Oid, u32>,
    ignored: HashSet<Oid>,
) -> anyhow::Result<HashSet<u32>> {
    let mut out = HashSet::new();
    let mut stmt = tx.prepare("SELECT id FROM commits WHERE oid = ?1")?;
    for oid in ignored {
        match ids.get(&oid) {
            Some(id) => {
                out.insert(*id);
            }
            None => {
                if let Some(id) = stmt.query_row([oid.to_string()], |r| r.get(0)).optional()? {
                    out.insert(id);
                }
            }
        }
    }
    Ok(out)
}

fn clear(tx: &rusqlite::Transaction<'_>) -> anyhow::Result<()> {
    tx.execute_batch(
        "DELETE FROM ownership; DELETE FROM view_files; DELETE FROM views; DELETE FROM deltas;
         DELETE FROM refs; DELETE FROM file_changes; DELETE FROM coauthors; DELETE FROM trailers;
         DELETE FROM parents; DELETE FROM commits; DELETE FROM paths; DELETE FROM identities;
         DELETE FROM meta;
         DROP INDEX IF EXISTS file_changes_commit; DROP INDEX IF EXISTS file_changes_path;
         DROP INDEX IF EXISTS commits_author; DROP INDEX IF EXISTS commits_time;
         DROP INDEX IF EXISTS commits_boundary;
         DROP INDEX IF EXISTS trailers_commit; DROP INDEX IF EXISTS parents_parent;",
    )?;
    Ok(())
}

fn set_meta(tx: &rusqlite::Transaction<'_>, key: &str, value: &str) -> anyhow::Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [key, value],
    )?;
    Ok(())
}
