//! One exchange with one endpoint over `net::Http`: the request as its wire format builds it
//! (the key in a sensitive header), HTTP-level retries by `net` with this format's error
//! classification, then the answer read whole or streamed — text handed to the caller's sink
//! as it arrives, under a first-token and a total deadline, ended at once by cancellation
//! (dropping the response closes the connection).

use std::time::{Duration, Instant};

use reqwest::header::AUTHORIZATION;
use reqwest::Method;

use super::provider::Kind;
use super::settings::{Endpoint, Timeouts};
use super::wire::{Completion, ErrorKind, KeyHeader, Prompt, ProviderError, StreamEvent};
use crate::net::{
    self, CancellationToken, Head, Http, NetError, Redactor, RetryPolicy, Secret, Verdict,
};

/// Why an exchange failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailKind {
    Provider(ErrorKind),
    Timeout,
    Connect,
    NoKey,
    Cancelled,
}

/// A failed exchange: what kind, the user-facing words (redacted), whether some of the answer
/// had already reached the sink (then nothing is retried or replaced), and whether `net`
/// already retried it (an HTTP-level failure: not retried again).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub kind: FailKind,
    pub message: String,
    pub emitted: bool,
    pub retried: bool,
}

impl Failure {
    pub fn new(kind: FailKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            emitted: false,
            retried: false,
        }
    }

    fn provider(e: ProviderError, emitted: bool, redactor: &Redactor) -> Failure {
        Failure {
            emitted,
            ..Failure::new(FailKind::Provider(e.kind), redactor.apply(&e.to_string()))
        }
    }

    /// Worth another attempt at the same endpoint: a failure inside a response (`net` retried
    /// the HTTP-level ones already) before anything was shown.
    pub fn is_transient(&self) -> bool {
        !self.emitted
            && !self.retried
            && match &self.kind {
                FailKind::Provider(k) => k.is_transient(),
                FailKind::Timeout | FailKind::Connect => true,
                FailKind::NoKey | FailKind::Cancelled => false,
            }
    }

    fn from_net(kind: Kind, e: NetError) -> Failure {
        let (fail, message) = match &e {
            NetError::Cancelled => (FailKind::Cancelled, "cancelled".to_owned()),
            NetError::Timeout { .. } => (FailKind::Timeout, e.to_string()),
            NetError::Connect { .. } => (FailKind::Connect, e.to_string()),
            NetError::RateLimited { .. } => (
                FailKind::Provider(ErrorKind::RateLimited),
                format!("{} ({e})", ErrorKind::RateLimited.advice()),
            ),
            NetError::Auth { body_excerpt, .. } | NetError::Credit { body_excerpt } => {
                let pe = kind.error(e.status().unwrap_or(401), body_excerpt);
                let k = match (&e, pe.kind) {
                    (NetError::Credit { .. }, _) => ErrorKind::Credit,
                    (_, ErrorKind::Credit) => ErrorKind::Credit,
                    _ => ErrorKind::Auth,
                };
                (
                    FailKind::Provider(k),
                    ProviderError::new(k, pe.message).to_string(),
                )
            }
            NetError::Status {
                code, body_excerpt, ..
            } => {
                let pe = kind.error(*code, body_excerpt);
                (FailKind::Provider(pe.kind), format!("HTTP {code}: {pe}"))
            }
            NetError::Decode { .. } | NetError::Invalid { .. } => {
                (FailKind::Provider(ErrorKind::Malformed), e.to_string())
            }
        };
        Failure {
            retried: true,
            ..Failure::new(fail, message)
        }
    }
}

/// What a finished exchange gives back.
#[derive(Clone, Debug)]
pub struct Done {
    pub completion: Completion,
    /// From sending the request to the first piece of text.
    pub first_token: Option<Duration>,
    pub elapsed: Duration,
}

/// The exchange's inputs besides the prompt.
pub struct Exchange<'a> {
    pub http: &'a Http,
    pub endpoint: &'a Endpoint,
    pub key: Option<&'a Secret>,
    pub timeouts: Timeouts,
    pub policy: &'a RetryPolicy,
    pub stream: bool,
}

/// `net`'s verdict on a response, by this format's reading of its error body.
fn verdict(kind: Kind, head: &Head<'_>) -> Verdict {
    if (200..400).contains(&head.status) {
        return Verdict::Accept;
    }
    let after = net::retry::retry_after(head.headers, head.now);
    match kind.error(head.status, head.body).kind {
        ErrorKind::RateLimited => Verdict::Retry {
            after,
            rate_limited: true,
        },
        ErrorKind::Overloaded | ErrorKind::Server => Verdict::Retry {
            after,
            rate_limited: false,
        },
        ErrorKind::Auth => Verdict::Fatal(net::Fatal::Auth),
        ErrorKind::Credit => Verdict::Fatal(net::Fatal::Credit),
        _ => Verdict::Fatal(net::Fatal::Request),
    }
}

impl Exchange<'_> {
    /// Sends `prompt`; streamed text goes to `sink` as it comes.
    pub async fn run(
        &self,
        prompt: &Prompt,
        sink: &mut (dyn FnMut(&str) + Send),
        cancel: &CancellationToken,
    ) -> Result<Done, Failure> {
        let ep = self.endpoint;
        let redactor = match self.key {
            Some(k) => Redactor::new(&[k]),
            None => Redactor::none(),
        };
        let wire = ep
            .kind
            .request(&ep.base_url, &ep.model, prompt, &ep.params, self.stream);
        let mut builder = self.http.request(Method::POST, &wire.url).json(&wire.body);
        for (name, value) in &wire.headers {
            builder = builder.header(*name, value);
        }
        if let Some(key) = self.key {
            let header = match ep.kind.key_header() {
                KeyHeader::Bearer => net::bearer(key).map(|v| (AUTHORIZATION.as_str(), v)),
                KeyHeader::Named(name) => net::sensitive(key.expose()).map(|v| (name, v)),
            };
            let (name, value) = header.map_err(|e| Failure::from_net(ep.kind, e))?;
            builder = builder.header(name, value);
        }
        let request = builder.build().map_err(|_| {
            Failure::from_net(
                ep.kind,
                NetError::Invalid {
                    detail: "the request could not be built (check the base URL)".into(),
                },
            )
        })?;
        let kind = ep.kind;
        let classify = move |h: &Head<'_>| verdict(kind, h);
        let started = Instant::now();
        let response = self
            .http
            .send_cancellable(request, self.policy, &classify, cancel)
            .await
            .map_err(|e| Failure::from_net(kind, e))?;
        if self.stream {
            self.read_stream(response, started, sink, cancel, &redactor)
                .await
        } else {
            self.read_whole(response, started, sink, cancel, &redactor)
                .await
        }
    }

    async fn read_whole(
        &self,
        response: reqwest::Response,
        started: Instant,
        sink: &mut (dyn FnMut(&str) + Send),
        cancel: &CancellationToken,
        redactor: &Redactor,
    ) -> Result<Done, Failure> {
        let deadline = tokio::time::Instant::from_std(started + self.timeouts.total);
        let body = tokio::select! {
            _ = cancel.cancelled() => return Err(cancelled()),
            r = tokio::time::timeout_at(deadline, response.bytes()) => match r {
                Err(_) => return Err(timeout("complete answer", self.timeouts.total, false)),
                Ok(Err(_)) => return Err(dropped(false)),
                Ok(Ok(b)) => b,
            },
        };
        let completion = self
            .endpoint
            .kind
            .parse_response(&body)
            .map_err(|e| Failure::provider(e, false, redactor))?;
        let elapsed = started.elapsed();
        sink(&completion.text);
        Ok(Done {
            completion,
            first_token: Some(elapsed),
            elapsed,
        })
    }

    async fn read_stream(
        &self,
        mut response: reqwest::Response,
        started: Instant,
        sink: &mut (dyn FnMut(&str) + Send),
        cancel: &CancellationToken,
        redactor: &Redactor,
    ) -> Result<Done, Failure> {
        let mut decoder = self.endpoint.kind.decoder();
        let mut completion = Completion::default();
        let mut first_token = None;
        let first_deadline = started + self.timeouts.first_token;
        let total_deadline = started + self.timeouts.total;
        loop {
            let emitted = first_token.is_some();
            let (deadline, waiting_for) = if emitted || total_deadline < first_deadline {
                (total_deadline, ("complete answer", self.timeouts.total))
            } else {
                (first_deadline, ("first token", self.timeouts.first_token))
            };
            let chunk = tokio::select! {
                _ = cancel.cancelled() => return Err(cancelled()),
                r = tokio::time::timeout_at(tokio::time::Instant::from_std(deadline), response.chunk()) => r,
            };
            let (events, ended) = match chunk {
                Err(_) => return Err(timeout(waiting_for.0, waiting_for.1, emitted)),
                Ok(Err(_)) => return Err(dropped(emitted)),
                Ok(Ok(Some(bytes))) => (decoder.push(&bytes), false),
                Ok(Ok(None)) => (decoder.finish(), true),
            };
            for event in events {
                match event {
                    StreamEvent::Text(t) => {
                        first_token.get_or_insert_with(|| started.elapsed());
                        sink(&t);
                        completion.text.push_str(&t);
                    }
                    StreamEvent::Usage(u) => completion.usage.merge(u),
                    StreamEvent::Done { stop_reason } => {
                        completion.stop_reason = stop_reason;
                        return Ok(Done {
                            completion,
                            first_token,
                            elapsed: started.elapsed(),
                        });
                    }
                    StreamEvent::Error(e) => {
                        return Err(Failure::provider(e, first_token.is_some(), redactor))
                    }
                }
            }
            if ended {
                return Err(dropped(first_token.is_some()));
            }
        }
    }
}

pub fn cancelled() -> Failure {
    Failure::new(FailKind::Cancelled, "cancelled")
}

fn timeout(what: &str, limit: Duration, emitted: bool) -> Failure {
    let setting = if what == "first token" {
        "first_token"
    } else {
        "total"
    };
    Failure {
        emitted,
        ..Failure::new(
            FailKind::Timeout,
            format!(
                "no {what} within {:.1} s (raise llm.{setting}_timeout_secs for slow or cold models)",
                limit.as_secs_f64()
            ),
        )
    }
}

fn dropped(emitted: bool) -> Failure {
    Failure {
        emitted,
        ..Failure::new(
            FailKind::Connect,
            "the connection closed before the answer was complete",
        )
    }
}
