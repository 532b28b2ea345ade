//! `NetError`: what can go wrong with a remote call, in terms a caller turns into a user message
//! (the cause and the fix). Bodies inside it are short excerpts, already redacted; transport
//! failures are described without their URL (a query string could hold a token).

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;

use super::redact::Redactor;

/// How much of an error body is kept (after redaction) in a `NetError`.
const EXCERPT_CHARS: usize = 300;

/// Which part of an exchange ran out of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Connect,
    /// No response headers within `Timeouts::first_byte`.
    FirstByte,
    /// The whole exchange (headers and body) exceeded `Timeouts::total`.
    Total,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Connect => "connecting",
            Phase::FirstByte => "waiting for the response",
            Phase::Total => "reading the response",
        })
    }
}

/// Service-specific response headers kept with an error (only `x-…` ones, e.g.
/// `x-github-sso`, `x-accepted-oauth-scopes`, `x-ratelimit-*`): never `Authorization`,
/// cookies or bodies. Not part of the error's text.
pub type InfoHeaders = Vec<(String, String)>;

#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("rate limited by the server{}", retry_after.map(|d| format!("; it asks to wait {} s", d.as_secs())).unwrap_or_default())]
    RateLimited {
        retry_after: Option<Duration>,
        headers: InfoHeaders,
    },
    #[error(
        "the server refused the credentials (HTTP {status}){}",
        excerpt(body_excerpt)
    )]
    Auth {
        status: u16,
        body_excerpt: String,
        headers: InfoHeaders,
    },
    #[error("the account has no credit or quota left{}", excerpt(body_excerpt))]
    Credit { body_excerpt: String },
    #[error("timed out {phase}")]
    Timeout { phase: Phase },
    #[error("could not connect: {detail}")]
    Connect { detail: String },
    #[error("HTTP {code}{}", excerpt(body_excerpt))]
    Status {
        code: u16,
        body_excerpt: String,
        headers: InfoHeaders,
    },
    #[error("could not read the response: {detail}")]
    Decode { detail: String },
    #[error("cancelled")]
    Cancelled,
    #[error("invalid request: {detail}")]
    Invalid { detail: String },
}

fn excerpt(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}

impl NetError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            NetError::Auth { status, .. } => Some(*status),
            NetError::Status { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// A kept `x-…` response header (lower-case name).
    pub fn header(&self, name: &str) -> Option<&str> {
        let headers = match self {
            NetError::RateLimited { headers, .. }
            | NetError::Auth { headers, .. }
            | NetError::Status { headers, .. } => headers,
            _ => return None,
        };
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// True for failures the next run may not meet (limits, timeouts, connection, 5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            NetError::RateLimited { .. } | NetError::Timeout { .. } | NetError::Connect { .. } => {
                true
            }
            NetError::Status { code, .. } => *code >= 500 || *code == 408,
            NetError::Decode { .. } => true,
            _ => false,
        }
    }
}

/// A transport failure in words that carry no URL (a query string could hold a token).
pub(super) fn transport_error(e: &reqwest::Error) -> NetError {
    if e.is_timeout() {
        let phase = if e.is_connect() {
            Phase::Connect
        } else {
            Phase::Total
        };
        return NetError::Timeout { phase };
    }
    if e.is_connect() {
        return NetError::Connect {
            detail: error_chain(e),
        };
    }
    if e.is_body() || e.is_decode() {
        return NetError::Decode {
            detail: format!(
                "the response ended early or was malformed ({})",
                error_chain(e)
            ),
        };
    }
    NetError::Connect {
        detail: error_chain(e),
    }
}

/// The innermost causes of a reqwest error, without the URL.
fn error_chain(e: &reqwest::Error) -> String {
    use std::error::Error;
    let mut parts = Vec::new();
    let mut source = e.source();
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    match parts.last() {
        Some(last) => Redactor::none().apply(last),
        None => Redactor::none().apply(&e.to_string()),
    }
}

pub(super) fn shorten(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out.replace(['\n', '\r'], " ")
}

pub(super) fn info_headers(headers: &HeaderMap) -> InfoHeaders {
    headers
        .iter()
        .filter(|(name, _)| {
            let n = name.as_str();
            (n.starts_with("x-") && !n.contains("token") && !n.contains("key"))
                || n == "retry-after"
        })
        .filter_map(|(name, value)| {
            Some((name.as_str().to_string(), value.to_str().ok()?.to_string()))
        })
        .collect()
}
