//! Runs [`Computer`] over a sequence of commits on worker threads (each with its own
//! repository handle) and hands the results to the caller strictly in sequence order, with a
//! bounded window so fast workers never run far ahead of the sequential consumer.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use anyhow::Context as _;
use git2::Oid;

use super::compute::Computer;
use super::work::CommitWork;
use crate::git::object_reader::SharedStore;

/// How far ahead of the consumer workers may go.
const WINDOW: usize = 512;
/// Commits a worker takes at a time (WINDOW must exceed CHUNK × workers).
const CHUNK: usize = 128;
/// Commits read through one mapping of the packs. A whole history's index reads nearly every
/// object once; with one mapping for the whole run, every page of the pack it touched stayed
/// resident (git/git: 496 MB of pack). A fresh mapping per stretch keeps only the pages the
/// current stretch of history uses.
const STRETCH: usize = 8192;

/// The object store mapping for the stretch of commits a worker is in.
struct Stores {
    dir: std::path::PathBuf,
    current: Mutex<(usize, SharedStore)>,
}

impl Stores {
    fn open(root: &Path) -> anyhow::Result<Self> {
        let dir = crate::repo::open(root)?.commondir().join("objects");
        let store = map(&dir)?;
        Ok(Stores {
            dir,
            current: Mutex::new((0, store)),
        })
    }

    /// The mapping for stretch `n`, opened by the first worker to reach it.
    fn for_stretch(&self, n: usize) -> anyhow::Result<SharedStore> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.0 < n {
            *current = (n, map(&self.dir)?);
        }
        Ok(current.1.clone())
    }
}

/// A new mapping of the object database in `dir`.
fn map(dir: &Path) -> anyhow::Result<SharedStore> {
    SharedStore::open(dir).with_context(|| format!("opening the object database {}", dir.display()))
}

/// Computes every commit of `oids` and calls `consume(i, work)` in order on this thread.
pub fn run(
    root: &Path,
    oids: &[Oid],
    boundary: &std::collections::HashSet<Oid>,
    threads: usize,
    size_cap: usize,
    mut consume: impl FnMut(usize, CommitWork) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let consumed = Mutex::new(0usize);
    let advanced = Condvar::new();
    let (tx, rx) = crossbeam_channel::unbounded::<(usize, anyhow::Result<CommitWork>)>();
    let stores = Stores::open(root)?;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let (next, stop, consumed, advanced) = (&next, &stop, &consumed, &advanced);
            let stores = &stores;
            scope.spawn(move || {
                let repo = match crate::repo::open(root) {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = tx.send((0, Err(anyhow::Error::from(e))));
                        return;
                    }
                };
                let mut in_stretch = 0;
                let mut computer = match stores.for_stretch(in_stretch) {
                    Ok(store) => Computer::new(&repo, store.reader(), boundary, size_cap),
                    Err(e) => {
                        let _ = tx.send((0, Err(e)));
                        return;
                    }
                };
                // Contiguous runs, newest first: a commit usually precedes its parent, whose
                // trees and blobs it read as its old side and the computer still has at hand;
                // and a pack stores old versions as deltas of newer ones, so reading versions
                // newest first, each one's delta base is the version read just before (in the
                // reader's delta-base cache), where oldest first re-walks the chain every time.
                let mut run = (0..0).rev();
                loop {
                    let i = match run.next() {
                        Some(i) => i,
                        None => {
                            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                            run = (start..(start + CHUNK).min(oids.len())).rev();
                            if start / STRETCH > in_stretch && start < oids.len() {
                                in_stretch = start / STRETCH;
                                match stores.for_stretch(in_stretch) {
                                    Ok(store) => computer.set_reader(store.reader()),
                                    Err(e) => {
                                        let _ = tx.send((start, Err(e)));
                                        return;
                                    }
                                }
                            }
                            match run.next() {
                                Some(i) => i,
                                None => return,
                            }
                        }
                    };
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    {
                        let mut done = consumed.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *done + WINDOW && !stop.load(Ordering::Relaxed) {
                            done = advanced.wait(done).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    let work = computer.compute(oids[i]);
                    if tx.send((i, work)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, CommitWork> = BTreeMap::new();
        let mut want = 0usize;
        let result = (|| -> anyhow::Result<()> {
            while want < oids.len() {
                let (i, work) = rx
                    .recv()
                    .context("the index workers stopped unexpectedly")?;
                pending.insert(i, work?);
                while let Some(work) = pending.remove(&want) {
                    consume(want, work)?;
                    want += 1;
                    *consumed.lock().unwrap_or_else(|e| e.into_inner()) = want;
                    advanced.notify_all();
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            advanced.notify_all();
            drop(rx);
        }
        result
    })
}
