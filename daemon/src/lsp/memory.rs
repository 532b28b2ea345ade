//! Keeping an idle daemon small: fewer glibc malloc arenas for the request threads, and freed
//! heap handed back to the OS once requests stop (after indexing, after a burst of hovers).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Set by every incoming message; cleared by the idle trimmer's next look.
static BUSY: AtomicBool = AtomicBool::new(false);

/// How long without requests counts as idle.
pub const IDLE: Duration = Duration::from_secs(1);

/// Limits glibc to two malloc arenas (default: 8 per core), so blocking threads share memory.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; called before the runtime's threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns free heap pages to the OS.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Notes that a message arrived.
pub fn touch() {
    BUSY.store(true, Ordering::Relaxed);
    TRIMMED.store(false, Ordering::Relaxed);
}

/// Trims once after each busy period, checking every [`IDLE`].
pub fn spawn_idle_trimmer() {
    tokio::spawn(async {
        let mut interval = tokio::time::interval(IDLE);
        loop {
            interval.tick().await;
            if BUSY.swap(false, Ordering::Relaxed) {
                continue; // still busy: look again next tick
            }
            if TRIMMED.swap(true, Ordering::Relaxed) {
                continue;
            }
            let _ = tokio::task::spawn_blocking(trim).await;
        }
    });
}

/// Whether the current idle period has been trimmed already; [`touch`] re-arms it.
static TRIMMED: AtomicBool = AtomicBool::new(false);
