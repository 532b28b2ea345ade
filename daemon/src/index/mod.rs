//! Building and updating the index: plan what is new, compute commits on worker threads,
//! write rows and replay line ownership in sequence, classify paths, all in one transaction.
//!
//! API Boundary: [`index_repository`] is what the CLI and the daemon call.

mod classify_paths;
mod compute;
pub mod guard;
pub mod ignore_revs;
mod merge;
mod objects;
mod pipeline;
pub mod plan;
pub mod replay;
mod work;
mod writer;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use git2::Oid;
use rusqlite::{OptionalExtension, TransactionBehavior};

use crate::store::{schema, Store};
use plan::Mode;
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
    /// Why this mode ("first index", "history was rewritten", …).
    pub reason: String,
    pub commits: u64,
    pub new_commits: u64,
    pub developers: u64,
    pub files: u64,
    pub missing_blobs: u64,
    pub seconds: f64,
}

/// Builds or updates the index of the repository at `root` in the database `db`, as its only
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
    let root_text = root.to_string_lossy().into_owned();
    if let Some(indexed) = store.meta("root")? {
        anyhow::ensure!(
            indexed == root_text,
            "the index {} belongs to {indexed}, not {root_text}",
            db.display()
        );
    }
    let plan = plan::plan(&repo, &store, head, boundary)?;
    tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "planned");
    tracing::info!(mode = ?plan.mode, commits = plan.steps.len(), reason = plan.reason, "index plan");
    let mut missing_blobs = 0u64;
    let mut new_commits = 0u64;
    if plan.mode != Mode::UpToDate {
        let tx = store
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if plan.mode == Mode::Rebuild {
            clear(&tx)?;
        }
        let mut writer = Writer::new(&tx)?;
        let ids: HashMap<Oid, u32> = plan.steps.iter().map(|s| (s.oid, s.id)).collect();
        let ignored = ignored_ids(&tx, &ids, ignore_revs::load(&repo))?;
        let mut children: HashMap<u32, u32> = HashMap::new();
        for s in &plan.steps {
            for p in &s.parents {
                *children.entry(*p).or_default() += 1;
            }
        }
        let head_id = *ids.get(&head).context("HEAD is not in the plan")?;
        *children.entry(head_id).or_default() += 1; // keep HEAD's state to the end
        let mut replay = Replay::new(ignored);
        // Append runs replay after the pipeline, once they know which files the new commits
        // touch: only those files' ownership is loaded from the store.
        let mut buffered: Vec<(usize, Vec<FileOp>)> = Vec::new();
        let mut dirty: HashSet<u32> = HashSet::new();
        let oids: Vec<Oid> = plan.steps.iter().map(|s| s.oid).collect();
        let total = oids.len() as u64;
        let mut warned_missing = false;
        pipeline::run(
            root,
            &oids,
            &plan.boundary,
            opts.threads,
            opts.size_cap,
            |i, work| {
                let step = &plan.steps[i];
                if step.write {
                    writer.commit(step.id, &work)?;
                    new_commits += 1;
                }
                if work.missing_blobs > 0 {
                    missing_blobs += u64::from(work.missing_blobs);
                    if !warned_missing {
                        warned_missing = true;
                        tracing::warn!("some blobs are not in this (partial) clone; they get no line counts or ownership");
                    }
                }
                let ops = file_ops(&mut writer, &work)?;
                if plan.mode == Mode::Append {
                    dirty.extend(ops.iter().map(FileOp::path));
                    buffered.push((i, ops));
                } else {
                    let children = children.get(&step.id).copied().unwrap_or(0);
                    replay.apply(step.id, &step.parents, ops, children);
                }
                if let Some(p) = &opts.progress {
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
        if let Some(seed) = plan.seed {
            let needed: HashSet<u32> = buffered
                .iter()
                .flat_map(|(_, ops)| ops.iter().flat_map(op_reads))
                .collect();
            let state = writer::load_ownership(&tx, &needed)?;
            replay.seed(seed, state, children.get(&seed).copied().unwrap_or(0));
            for (i, ops) in buffered {
                let step = &plan.steps[i];
                let children = children.get(&step.id).copied().unwrap_or(0);
                replay.apply(step.id, &step.parents, ops, children);
            }
        }
        tracing::info!(peak_states = replay.peak_states, "ownership replay done");
        let state = replay.finish(head_id);
        let touched: Option<Vec<u32>> =
            (plan.mode == Mode::Append).then(|| dirty.iter().copied().collect());
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "replayed"
        );
        writer.ownership(&state, touched.as_deref())?;
        classify_paths::update(
            &tx,
            &repo,
            head,
            &state,
            touched.as_deref(),
            writer.new_paths(),
        )?;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "classified"
        );
        set_meta(&tx, "head", &head.to_string())?;
        set_meta(&tx, "engine", plan::ENGINE)?;
        set_meta(&tx, "root", &root_text)?;
        if plan.mode == Mode::Rebuild {
            tx.execute_batch(schema::INDEXES)?;
        }
        drop(writer);
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
    }
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "committed"
    );
    let conn = store.conn();
    let count = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
    };
    Ok(IndexSummary {
        head: head.to_string(),
        mode: format!("{:?}", plan.mode).to_lowercase(),
        reason: plan.reason.to_string(),
        commits: count("SELECT COUNT(*) FROM commits")?,
        new_commits,
        developers: {
            let resolver = crate::query::load_resolver(&store, &repo)?;
            resolver
                .developers()
                .iter()
                .filter(|d| !d.bot && d.commits > 0)
                .count() as u64
        },
        files: count("SELECT COUNT(*) FROM paths WHERE at_head = 1")?,
        missing_blobs,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The paths whose parent ownership `op` reads.
fn op_reads(op: &FileOp) -> Vec<u32> {
    match op {
        FileOp::Remove { .. } => Vec::new(),
        FileOp::Same { from, .. } | FileOp::Edit { from, .. } => vec![*from],
        FileOp::Merge { sources, .. } => sources.iter().map(|s| s.1).collect(),
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
        "DELETE FROM ownership; DELETE FROM file_changes; DELETE FROM coauthors; DELETE FROM trailers;
         DELETE FROM parents; DELETE FROM commits; DELETE FROM paths; DELETE FROM identities;
         DELETE FROM meta;
         DROP INDEX IF EXISTS file_changes_commit; DROP INDEX IF EXISTS file_changes_path;
         DROP INDEX IF EXISTS commits_author; DROP INDEX IF EXISTS commits_time;
         DROP INDEX IF EXISTS trailers_commit; DROP INDEX IF EXISTS ownership_commit;",
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
