//! When to try a request again and how long to wait: exponential backoff with full jitter,
//! the server's own word (`Retry-After`, GitHub's `x-ratelimit-reset`) taking precedence, and
//! the classification of a response into accept / retry / give up (auth, credit, request).

use std::cell::Cell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// How many attempts and how long to wait between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The first backoff's upper bound; doubled each attempt.
    pub base: Duration,
    /// No backoff is longer than this.
    pub cap: Duration,
    /// A server-requested wait (Retry-After, a rate-limit reset) longer than this is not slept
    /// through: the call fails with `NetError::RateLimited { retry_after }` and the caller
    /// decides (a sync stops and resumes later; an editor request reports it).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retries (a probe such as `aexy connect status`).
    pub fn once() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 0): uniformly random in
    /// `[0, min(cap, base · 2^attempt)]` — "full jitter" (Brooker, *Exponential Backoff And
    /// Jitter*, AWS Architecture Blog, 2015).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .base
            .checked_mul(1u32.checked_shl(attempt.min(30)).unwrap_or(u32::MAX))
            .unwrap_or(self.cap)
            .min(self.cap);
        let nanos = ceiling.as_nanos() as u64;
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(next_random() % (nanos + 1))
    }
}

thread_local! {
    static RNG: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    (t ^ (std::process::id() as u64).rotate_left(32)) | 1
}

/// xorshift64* (Vigna 2016): plenty for jitter, no crate needed.
fn next_random() -> u64 {
    RNG.with(|cell| {
        let mut x = cell.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        cell.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// The wait the server asked for: `Retry-After` (delta-seconds or an HTTP-date, RFC 9110
/// §10.2.3), else GitHub's primary limit (`x-ratelimit-remaining: 0` with the
/// `x-ratelimit-reset` epoch seconds). Other services' reset headers are read by their callers.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(value) = header_str(headers, "retry-after") {
        let value = value.trim();
        if let Ok(secs) = value.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Ok(when) = httpdate::parse_http_date(value) {
            return Some(when.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    if header_str(headers, "x-ratelimit-remaining").map(str::trim) == Some("0") {
        let reset = header_str(headers, "x-ratelimit-reset")?
            .trim()
            .parse::<u64>()
            .ok()?;
        let when = UNIX_EPOCH + Duration::from_secs(reset);
        return Some(when.duration_since(now).unwrap_or(Duration::ZERO));
    }
    None
}

/// A header's value as text, if present and visible ASCII.
pub fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// What a response means for the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Hand the response to the caller (2xx, and 3xx such as 304 Not Modified).
    Accept,
    /// Try again, after `after` if the server said so; `rate_limited` when it is a limit
    /// (reported as `NetError::RateLimited` when retries run out).
    Retry {
        after: Option<Duration>,
        rate_limited: bool,
    },
    /// Do not try again.
    Fatal(Fatal),
}

/// Why a call cannot succeed by retrying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fatal {
    /// 401, or 403 that is not a rate limit: the token is missing, expired or under-scoped.
    Auth,
    /// 402, or a body saying the account's credit or quota is exhausted.
    Credit,
    /// 400, 404, 422 … : the request itself is wrong (or the thing is gone).
    Request,
}

/// The parts of a response a classifier sees. `body` is read (bounded) only for responses
/// that are not 2xx/3xx; it is empty otherwise.
pub struct Head<'a> {
    pub status: u16,
    pub headers: &'a HeaderMap,
    pub body: &'a str,
    pub now: SystemTime,
}

/// A classifier: the default is [`classify`]; services wrap it for their own quirks
/// (Linear's `RATELIMITED` 400s, say) and fall back to it.
pub type Classify = dyn Fn(&Head<'_>) -> Verdict + Send + Sync;

/// GitHub documents that a secondary rate limit without `Retry-After` needs "at least one
/// minute" before retrying.
pub const SECONDARY_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// The default classification: 429 and rate-limit 403s retry (after the server's wait);
/// 408, 500, 502, 503, 504, 529 retry; 401/403 are `Auth`, 402 or an exhausted-credit body
/// `Credit`, other 4xx/5xx `Request`.
pub fn classify(head: &Head<'_>) -> Verdict {
    let status = head.status;
    if (200..400).contains(&status) {
        return Verdict::Accept;
    }
    let body = head.body.to_ascii_lowercase();
    if status == 402
        || body.contains("insufficient_quota")
        || body.contains("credit balance")
        || body.contains("insufficient credit")
    {
        return Verdict::Fatal(Fatal::Credit);
    }
    let after = retry_after(head.headers, head.now);
    match status {
        429 => Verdict::Retry {
            after,
            rate_limited: true,
        },
        403 if is_rate_limit_403(head.headers, &body) => Verdict::Retry {
            after: after.or(Some(SECONDARY_LIMIT_WAIT)),
            rate_limited: true,
        },
        401 | 403 => Verdict::Fatal(Fatal::Auth),
        408 | 500 | 502 | 503 | 504 | 529 => Verdict::Retry {
            after,
            rate_limited: false,
        },
        _ => Verdict::Fatal(Fatal::Request),
    }
}

/// GitHub answers both its primary (remaining 0) and secondary limits with 403.
fn is_rate_limit_403(headers: &HeaderMap, lowercase_body: &str) -> bool {
    header_str(headers, "x-ratelimit-remaining").map(str::trim) == Some("0")
        || headers.contains_key("retry-after")
        || lowercase_body.contains("rate limit")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn head<'a>(status: u16, headers: &'a HeaderMap, body: &'a str, now: SystemTime) -> Head<'a> {
        Head {
            status,
            headers,
            body,
            now,
        }
    }

    #[test]
    fn backoff_stays_under_the_exponential_ceiling_and_cap() {
        let p = RetryPolicy {
            max_attempts: 10,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(5),
        };
        let mut seen_nonzero = false;
        for attempt in 0..8 {
            let ceiling = Duration::from_millis(100 * (1 << attempt)).min(Duration::from_secs(1));
            for _ in 0..50 {
                let b = p.backoff(attempt);
                assert!(b <= ceiling, "attempt {attempt}: {b:?} > {ceiling:?}");
                seen_nonzero |= b > Duration::ZERO;
            }
        }
        assert!(seen_nonzero);
        assert!(p.backoff(200) <= Duration::from_secs(1));
    }

    #[test]
    fn retry_after_seconds_date_and_github_reset() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));

        let mut h = HeaderMap::new();
        let date = httpdate::fmt_http_date(now + Duration::from_secs(30));
        h.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));

        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        h.insert("x-ratelimit-reset", HeaderValue::from_static("1700000042"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(42)));

        h.insert("x-ratelimit-remaining", HeaderValue::from_static("12"));
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn classification_of_statuses() {
        let now = SystemTime::now();
        let none = HeaderMap::new();
        assert_eq!(classify(&head(200, &none, "", now)), Verdict::Accept);
        assert_eq!(classify(&head(304, &none, "", now)), Verdict::Accept);
        assert_eq!(
            classify(&head(401, &none, "Bad credentials", now)),
            Verdict::Fatal(Fatal::Auth)
        );
        assert_eq!(
            classify(&head(
                403,
                &none,
                "Resource not accessible by integration",
                now
            )),
            Verdict::Fatal(Fatal::Auth)
        );
        assert_eq!(
            classify(&head(404, &none, "Not Found", now)),
            Verdict::Fatal(Fatal::Request)
        );
        assert_eq!(
            classify(&head(422, &none, "", now)),
            Verdict::Fatal(Fatal::Request)
        );
        assert_eq!(
            classify(&head(402, &none, "", now)),
            Verdict::Fatal(Fatal::Credit)
        );
        assert_eq!(
            classify(&head(
                429,
                &none,
                r#"{"error":{"code":"insufficient_quota"}}"#,
                now
            )),
            Verdict::Fatal(Fatal::Credit)
        );
        for code in [500, 502, 503, 504, 529] {
            assert_eq!(
                classify(&head(code, &none, "", now)),
                Verdict::Retry {
                    after: None,
                    rate_limited: false
                }
            );
        }
        assert_eq!(
            classify(&head(429, &none, "", now)),
            Verdict::Retry {
                after: None,
                rate_limited: true
            }
        );
    }

    #[test]
    fn github_403_rate_limits_are_retried() {
        let now = SystemTime::now();
        let none = HeaderMap::new();
        // Secondary limit without Retry-After: GitHub says wait at least a minute.
        assert_eq!(
            classify(&head(
                403,
                &none,
                "You have exceeded a secondary rate limit",
                now
            )),
            Verdict::Retry {
                after: Some(SECONDARY_LIMIT_WAIT),
                rate_limited: true
            }
        );
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(
            classify(&head(403, &h, "", now)),
            Verdict::Retry {
                after: Some(Duration::from_secs(3)),
                rate_limited: true
            }
        );
    }
}
