//! `Http`: the one HTTP client every remote feature goes through. It owns timeouts, the user
//! agent, retries (server's wait first, then jittered backoff), an optional rate limiter,
//! cancellation, request counting, and redacted, header-free debug logging.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, Request, RequestBuilder, Response, StatusCode};
use tokio_util::sync::CancellationToken;

use super::credentials::redactor_for;
use super::error::{info_headers, shorten, transport_error, NetError, Phase};
use super::limiter::Limiter;
use super::redact::Redactor;
use super::retry::{self, Classify, Fatal, Head, RetryPolicy, Verdict};

/// How much of an error body is read at most.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Time limits of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// Until the response headers arrive.
    pub first_byte: Duration,
    /// The whole exchange, body included (streaming callers set this generously).
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            first_byte: Duration::from_secs(30),
            total: Duration::from_secs(120),
        }
    }
}

/// A response read whole: what `Http::fetch` returns.
#[derive(Debug)]
pub struct Fetched {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Fetched {
    /// The body parsed as JSON; a parse error names the position, never the body.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, NetError> {
        serde_json::from_slice(&self.body).map_err(|e| NetError::Decode {
            detail: format!("malformed JSON ({e})"),
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        retry::header_str(&self.headers, name)
    }
}

/// The shared client. Cheap to clone (one connection pool, one request counter).
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    timeouts: Timeouts,
    limiter: Option<Arc<Limiter>>,
    sent: Arc<AtomicU64>,
}

impl Http {
    /// Builds the client: rustls (ring) with the platform's and webpki's roots, `aexy/<version>`
    /// user agent, no redirects across hosts beyond reqwest's default policy, no cookies.
    pub fn new(timeouts: Timeouts) -> Result<Http, NetError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("aexy/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.total)
            .build()
            .map_err(|e| NetError::Invalid {
                detail: format!("could not build the HTTP client ({})", e.without_url()),
            })?;
        Ok(Http {
            client,
            timeouts,
            limiter: None,
            sent: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Every attempt first takes one request from `limiter`.
    pub fn with_limiter(mut self, limiter: Arc<Limiter>) -> Self {
        self.limiter = Some(limiter);
        self
    }

    pub fn limiter(&self) -> Option<&Arc<Limiter>> {
        self.limiter.as_ref()
    }

    /// A request builder on the shared client (set headers with [`bearer`] / [`sensitive`]).
    pub fn request(&self, method: Method, url: &str) -> RequestBuilder {
        self.client.request(method, url)
    }

    /// Requests put on the wire so far (every attempt counts).
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Sends with retries; returns the response with its body unread (for streams).
    pub async fn send(
        &self,
        req: Request,
        policy: &RetryPolicy,
        classify: &Classify,
    ) -> Result<Response, NetError> {
        self.send_cancellable(req, policy, classify, &CancellationToken::new())
            .await
    }

    /// [`Http::send`] that gives up with `NetError::Cancelled` as soon as `cancel` fires
    /// (dropping the in-flight request closes its connection).
    pub async fn send_cancellable(
        &self,
        req: Request,
        policy: &RetryPolicy,
        classify: &Classify,
        cancel: &CancellationToken,
    ) -> Result<Response, NetError> {
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(NetError::Cancelled),
            result = self.attempts(req, policy, classify, false) => match result? {
                Outcome::Streamed(response) => Ok(response),
                Outcome::Read(_) => Err(NetError::Invalid { detail: "body already read".into() }),
            },
        }
    }

    /// Sends with retries and reads the whole body; a body cut short or timed out is retried
    /// like a failed attempt.
    pub async fn fetch(
        &self,
        req: Request,
        policy: &RetryPolicy,
        classify: &Classify,
        cancel: &CancellationToken,
    ) -> Result<Fetched, NetError> {
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(NetError::Cancelled),
            result = self.attempts(req, policy, classify, true) => match result? {
                Outcome::Read(fetched) => Ok(fetched),
                Outcome::Streamed(response) => Ok(Fetched {
                    status: response.status(),
                    headers: response.headers().clone(),
                    body: Bytes::new(),
                }),
            },
        }
    }

    async fn attempts(
        &self,
        req: Request,
        policy: &RetryPolicy,
        classify: &Classify,
        read_body: bool,
    ) -> Result<Outcome, NetError> {
        let redactor = redactor_for(&req);
        let method = req.method().clone();
        let host = req.url().host_str().unwrap_or("").to_string();
        let path = req.url().path().to_string();
        let attempts = policy.max_attempts.max(1);
        let mut original = Some(req);
        let mut last_error: Option<NetError> = None;
        for attempt in 0..attempts {
            let this = match original.as_ref().and_then(Request::try_clone) {
                Some(clone) if attempt + 1 < attempts => clone,
                _ => match original.take() {
                    Some(req) => req,
                    None => break,
                },
            };
            if let Some(limiter) = &self.limiter {
                limiter.acquire(0).await;
            }
            self.sent.fetch_add(1, Ordering::Relaxed);
            let started = Instant::now();
            let outcome = self.one_attempt(this, classify, &redactor, read_body).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let (error, wait) = match outcome {
                Attempt::Done(outcome) => {
                    tracing::debug!(target: "aexy::net", %method, %host, %path, attempt, status = outcome.status(), elapsed_ms, "request");
                    return Ok(outcome);
                }
                Attempt::Fatal(error) => {
                    tracing::debug!(target: "aexy::net", %method, %host, %path, attempt, error = %error, elapsed_ms, "request failed");
                    return Err(error);
                }
                Attempt::Retry(error, after) => (error, after),
            };
            tracing::debug!(target: "aexy::net", %method, %host, %path, attempt, error = %error, elapsed_ms, "request failed; may retry");
            if let Some(after) = wait {
                if after > policy.max_retry_after {
                    return Err(error);
                }
            }
            if attempt + 1 >= attempts || original.is_none() {
                return Err(error);
            }
            let pause = wait.unwrap_or_else(|| policy.backoff(attempt));
            if let (Some(limiter), Some(after)) = (&self.limiter, wait) {
                limiter.pause_for(after).await;
            }
            tokio::time::sleep(pause).await;
            last_error = Some(error);
        }
        Err(last_error.unwrap_or(NetError::Invalid {
            detail: "no attempt was made".into(),
        }))
    }

    async fn one_attempt(
        &self,
        req: Request,
        classify: &Classify,
        redactor: &Redactor,
        read_body: bool,
    ) -> Attempt {
        let response =
            match tokio::time::timeout(self.timeouts.first_byte, self.client.execute(req)).await {
                Err(_) => {
                    return Attempt::Retry(
                        NetError::Timeout {
                            phase: Phase::FirstByte,
                        },
                        None,
                    )
                }
                Ok(Err(e)) => return Attempt::Retry(transport_error(&e), None),
                Ok(Ok(response)) => response,
            };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if (200..400).contains(&status) {
            let verdict = classify(&Head {
                status,
                headers: &headers,
                body: "",
                now: SystemTime::now(),
            });
            if verdict == Verdict::Accept {
                if !read_body {
                    return Attempt::Done(Outcome::Streamed(response));
                }
                let status = response.status();
                return match response.bytes().await {
                    Ok(body) => Attempt::Done(Outcome::Read(Fetched {
                        status,
                        headers,
                        body,
                    })),
                    Err(e) => Attempt::Retry(transport_error(&e), None),
                };
            }
            return verdict_error(verdict, status, &headers, String::new());
        }
        let body = read_limited(response, ERROR_BODY_LIMIT).await;
        let verdict = classify(&Head {
            status,
            headers: &headers,
            body: &body,
            now: SystemTime::now(),
        });
        let excerpt = shorten(&redactor.apply(&body));
        verdict_error(verdict, status, &headers, excerpt)
    }
}

enum Outcome {
    Streamed(Response),
    Read(Fetched),
}

impl Outcome {
    fn status(&self) -> u16 {
        match self {
            Outcome::Streamed(r) => r.status().as_u16(),
            Outcome::Read(f) => f.status.as_u16(),
        }
    }
}

enum Attempt {
    Done(Outcome),
    Retry(NetError, Option<Duration>),
    Fatal(NetError),
}

fn verdict_error(verdict: Verdict, status: u16, headers: &HeaderMap, excerpt: String) -> Attempt {
    let info = info_headers(headers);
    match verdict {
        Verdict::Accept => Attempt::Fatal(NetError::Status {
            code: status,
            body_excerpt: excerpt,
            headers: info,
        }),
        Verdict::Retry {
            after,
            rate_limited: true,
        } => Attempt::Retry(
            NetError::RateLimited {
                retry_after: after,
                headers: info,
            },
            after,
        ),
        Verdict::Retry { after, .. } => Attempt::Retry(
            NetError::Status {
                code: status,
                body_excerpt: excerpt,
                headers: info,
            },
            after,
        ),
        Verdict::Fatal(Fatal::Auth) => Attempt::Fatal(NetError::Auth {
            status,
            body_excerpt: excerpt,
            headers: info,
        }),
        Verdict::Fatal(Fatal::Credit) => Attempt::Fatal(NetError::Credit {
            body_excerpt: excerpt,
        }),
        Verdict::Fatal(Fatal::Request) => Attempt::Fatal(NetError::Status {
            code: status,
            body_excerpt: excerpt,
            headers: info,
        }),
    }
}

async fn read_limited(mut response: Response, limit: usize) -> String {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(limit);
    String::from_utf8_lossy(&body).into_owned()
}
