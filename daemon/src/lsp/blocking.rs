//! Runs git and SQLite work on tokio's blocking pool, never on the async threads, with a
//! cancellation flag that is raised when the request future is dropped (`$/cancelRequest`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag blocking work polls between steps; raised when the waiting request goes away.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err` when cancelled, for `?` between steps.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.is_cancelled() {
            anyhow::bail!(Cancelled);
        }
        Ok(())
    }
}

/// The error blocking work returns when it noticed a cancellation.
#[derive(Debug, thiserror::Error)]
#[error("request cancelled")]
pub struct Cancelled;

/// Raises the flag when dropped: tower-lsp-server drops a request's future on `$/cancelRequest`.
struct RaiseOnDrop(Cancel);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0 .0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on the blocking pool. If the caller's future is dropped, `work` sees
/// [`Cancel::is_cancelled`] turn true and can stop early.
pub async fn run<T, F>(work: F) -> anyhow::Result<T>
where
    T: Send + 'static,
    F: FnOnce(&Cancel) -> anyhow::Result<T> + Send + 'static,
{
    let cancel = Cancel::default();
    let guard = RaiseOnDrop(cancel.clone());
    let result = tokio::task::spawn_blocking(move || work(&cancel)).await;
    std::mem::forget(guard); // finished normally: nothing to raise
    match result {
        Ok(r) => r,
        Err(join) => Err(anyhow::anyhow!("blocking task failed: {join}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn dropping_the_future_raises_the_flag() {
        let (tx, rx) = std::sync::mpsc::channel();
        let fut = run(move |cancel| {
            let start = std::time::Instant::now();
            while !cancel.is_cancelled() && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(5));
            }
            tx.send(cancel.is_cancelled()).unwrap();
            Ok(())
        });
        let _ = tokio::time::timeout(Duration::from_millis(50), fut).await;
        assert!(rx.recv_timeout(Duration::from_secs(5)).unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn results_come_back() {
        assert_eq!(run(|_| Ok(41 + 1)).await.unwrap(), 42);
        assert!(run(|c: &Cancel| c.check().map(|_| 1)).await.is_ok());
    }
}
