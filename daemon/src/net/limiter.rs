//! Client-side rate limiting: token buckets for requests per minute and units (LLM tokens,
//! GraphQL points) per minute, plus a shared pause when a server says "not before then".
//! `acquire(units).await` waits until both buckets allow the call.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Limits per minute; `None` is unlimited.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rates {
    pub requests_per_minute: Option<u32>,
    pub units_per_minute: Option<u32>,
}

struct Bucket {
    capacity: f64,
    tokens: f64,
    per_second: f64,
}

impl Bucket {
    fn new(per_minute: u32) -> Bucket {
        let capacity = f64::from(per_minute.max(1));
        Bucket {
            capacity,
            tokens: capacity,
            per_second: capacity / 60.0,
        }
    }

    fn refill(&mut self, elapsed: Duration) {
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.per_second).min(self.capacity);
    }

    /// Time until `want` tokens are there (a request larger than the bucket waits for a full one).
    fn wait_for(&self, want: f64) -> Duration {
        let want = want.min(self.capacity);
        if self.tokens >= want {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((want - self.tokens) / self.per_second)
        }
    }

    fn take(&mut self, want: f64) {
        self.tokens -= want.min(self.capacity);
    }
}

struct State {
    requests: Option<Bucket>,
    units: Option<Bucket>,
    last: Instant,
    paused_until: Option<Instant>,
}

/// Token buckets shared by every request of one service.
pub struct Limiter {
    state: Mutex<State>,
}

impl Limiter {
    pub fn new(rates: Rates) -> Limiter {
        Limiter {
            state: Mutex::new(State {
                requests: rates.requests_per_minute.map(Bucket::new),
                units: rates.units_per_minute.map(Bucket::new),
                last: Instant::now(),
                paused_until: None,
            }),
        }
    }

    /// Waits until one request and `units` units may be spent, then spends them.
    pub async fn acquire(&self, units: u32) {
        loop {
            let wait = {
                let mut state = self.state.lock().await;
                let now = Instant::now();
                let elapsed = now.saturating_duration_since(state.last);
                state.last = now;
                if let Some(b) = state.requests.as_mut() {
                    b.refill(elapsed);
                }
                if let Some(b) = state.units.as_mut() {
                    b.refill(elapsed);
                }
                let paused = state
                    .paused_until
                    .map(|t| t.saturating_duration_since(now))
                    .unwrap_or(Duration::ZERO);
                let wait = [
                    paused,
                    state
                        .requests
                        .as_ref()
                        .map_or(Duration::ZERO, |b| b.wait_for(1.0)),
                    state
                        .units
                        .as_ref()
                        .map_or(Duration::ZERO, |b| b.wait_for(f64::from(units))),
                ]
                .into_iter()
                .max()
                .unwrap_or(Duration::ZERO);
                if wait.is_zero() {
                    if let Some(b) = state.requests.as_mut() {
                        b.take(1.0);
                    }
                    if let Some(b) = state.units.as_mut() {
                        b.take(f64::from(units));
                    }
                    return;
                }
                wait
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// No request starts before `after` from now (a server's Retry-After or reset time).
    pub async fn pause_for(&self, after: Duration) {
        let until = Instant::now() + after;
        let mut state = self.state.lock().await;
        state.paused_until = Some(state.paused_until.map_or(until, |t| t.max(until)));
    }

    /// Gives back `units` spent by an estimate that turned out too high (never above capacity).
    pub async fn refund(&self, units: u32) {
        let mut state = self.state.lock().await;
        if let Some(b) = state.units.as_mut() {
            b.tokens = (b.tokens + f64::from(units)).min(b.capacity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_per_minute_spread_calls() {
        let limiter = Limiter::new(Rates {
            requests_per_minute: Some(60),
            units_per_minute: None,
        });
        let start = Instant::now();
        for _ in 0..60 {
            limiter.acquire(0).await;
        }
        assert!(
            start.elapsed() < Duration::from_millis(10),
            "the burst is free"
        );
        limiter.acquire(0).await;
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_millis(990) && waited <= Duration::from_millis(1100),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn units_and_pause() {
        let limiter = Limiter::new(Rates {
            requests_per_minute: None,
            units_per_minute: Some(600),
        });
        let start = Instant::now();
        limiter.acquire(600).await;
        limiter.acquire(100).await; // 100 units at 10/s
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_secs(10) && waited < Duration::from_millis(10_100),
            "{waited:?}"
        );
        limiter.pause_for(Duration::from_secs(30)).await;
        let before = Instant::now();
        limiter.acquire(0).await;
        assert!(before.elapsed() >= Duration::from_secs(30));
    }
}
