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

/// How far ahead of the consumer workers may go.
const WINDOW: usize = 512;
/// Commits a worker takes at a time (WINDOW must exceed CHUNK × workers).
const CHUNK: usize = 32;

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
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let (next, stop, consumed, advanced) = (&next, &stop, &consumed, &advanced);
            scope.spawn(move || {
                let repo = match crate::repo::open(root) {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = tx.send((0, Err(anyhow::Error::from(e))));
                        return;
                    }
                };
                let odb = match repo.odb() {
                    Ok(o) => o,
                    Err(e) => {
                        let _ = tx.send((0, Err(anyhow::Error::from(e))));
                        return;
                    }
                };
                let computer = Computer::new(&repo, &odb, boundary, size_cap);
                // Contiguous runs: a commit usually follows its parent, whose objects the
                // computer still has at hand.
                let mut run = 0..0;
                loop {
                    let i = match run.next() {
                        Some(i) => i,
                        None => {
                            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                            run = start..(start + CHUNK).min(oids.len());
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
