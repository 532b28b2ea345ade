//! `$/progress` for long work (indexing): a bounded work-done progress created with
//! `window/workDoneProgress/create` when the client supports it, silent otherwise.

use std::sync::atomic::{AtomicU64, Ordering};

use tower_lsp_server::ls_types::{NumberOrString, ProgressToken};
use tower_lsp_server::{Bounded, Client, NotCancellable, OngoingProgress};

static NEXT_TOKEN: AtomicU64 = AtomicU64::new(1);

/// An ongoing progress report (or nothing, for clients without progress support).
pub struct Reporter {
    ongoing: Option<OngoingProgress<Bounded, NotCancellable>>,
    last: Option<u32>,
}

impl Reporter {
    /// Begins a progress titled `title` at 0%.
    pub async fn begin(client: &Client, supported: bool, title: &str, message: &str) -> Reporter {
        if !supported {
            return Reporter {
                ongoing: None,
                last: None,
            };
        }
        let n = NEXT_TOKEN.fetch_add(1, Ordering::Relaxed);
        let token: ProgressToken = NumberOrString::String(format!("aexy/index/{n}"));
        if let Err(e) = client.create_work_done_progress(token.clone()).await {
            tracing::debug!("client refused a progress token: {e}");
            return Reporter {
                ongoing: None,
                last: None,
            };
        }
        let ongoing = client
            .progress(token, title.to_owned())
            .with_message(message.to_owned())
            .with_percentage(0)
            .begin()
            .await;
        Reporter {
            ongoing: Some(ongoing),
            last: Some(0),
        }
    }

    /// Reports `done` of `total`, only when the whole percentage changes.
    pub async fn report(&mut self, done: u64, total: u64) {
        let Some(ongoing) = &self.ongoing else { return };
        let pct = percentage(done, total);
        if self.last == Some(pct) {
            return;
        }
        self.last = Some(pct);
        ongoing
            .report_with_message(format!("{done}/{total} commits"), pct)
            .await;
    }

    /// A new message at the current percentage (work whose total is unknown, such as a sync).
    pub async fn note(&mut self, message: String) {
        let Some(ongoing) = &self.ongoing else { return };
        ongoing
            .report_with_message(message, self.last.unwrap_or(0))
            .await;
    }

    pub async fn finish(self, message: String) {
        if let Some(ongoing) = self.ongoing {
            ongoing.finish_with_message(message).await;
        }
    }
}

/// `done / total` as a whole percentage in 0..=100 (0 when the total is unknown).
pub fn percentage(done: u64, total: u64) -> u32 {
    if total == 0 {
        return 0;
    }
    ((done.min(total) * 100) / total) as u32
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_are_clamped() {
        assert_eq!(super::percentage(0, 0), 0);
        assert_eq!(super::percentage(1, 3), 33);
        assert_eq!(super::percentage(5, 3), 100);
    }
}
