//! What can stop a sync or a lookup, told as the cause and the fix: an expired or under-scoped
//! token, an SSO-protected organisation, a deleted repository, limits, outages, malformed
//! bodies. Every text here is built from redacted parts; no token or e-mail reaches it.

use std::fmt;
use std::time::Duration;

use crate::net::{redact_emails, NetError, SecretError};

use super::records::System;

/// Who was asked and with what: the context a message needs to name the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub system: System,
    /// `repository owner/name on github.com`, `Jira site acme.atlassian.net` …
    pub what: String,
    /// Where the token came from (`$GITHUB_TOKEN`), never its value; `None` without a token.
    pub token: Option<String>,
}

impl Target {
    /// A credential header value, or the error naming this target (never the value).
    pub fn credential(
        &self,
        value: Result<reqwest::header::HeaderValue, NetError>,
    ) -> Result<reqwest::header::HeaderValue, SourceError> {
        value.map_err(|error| SourceError::Net {
            target: self.clone(),
            error,
        })
    }
}

#[derive(Debug)]
pub enum SourceError {
    Net {
        target: Target,
        error: NetError,
    },
    /// A GraphQL answer with `errors` (type and message, redacted).
    Graphql {
        target: Target,
        kind: String,
        message: String,
    },
    Malformed {
        target: Target,
        detail: String,
    },
    Secret {
        system: System,
        error: SecretError,
    },
    NotConfigured {
        system: System,
        detail: String,
    },
    Store(rusqlite::Error),
}

impl From<rusqlite::Error> for SourceError {
    fn from(e: rusqlite::Error) -> Self {
        SourceError::Store(e)
    }
}

impl std::error::Error for SourceError {}

impl SourceError {
    /// True when waiting and running again may succeed (limits, outages, timeouts).
    pub fn is_transient(&self) -> bool {
        match self {
            SourceError::Net { error, .. } => error.is_transient(),
            SourceError::Graphql { kind, .. } => kind == "RATE_LIMITED" || kind == "RATELIMITED",
            SourceError::Malformed { .. } => true,
            _ => false,
        }
    }

    /// The wait a rate limit asked for, if that is what stopped us.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SourceError::Net {
                error: NetError::RateLimited { retry_after, .. },
                ..
            } => *retry_after,
            _ => None,
        }
    }
}

fn token_words(target: &Target) -> String {
    match &target.token {
        Some(source) => format!("the token from {source}"),
        None => "no token".to_string(),
    }
}

fn token_fix(system: System) -> &'static str {
    match system {
        System::Github => {
            "set GITHUB_TOKEN (or GH_TOKEN), or `git config aexy.github.token-command 'gh auth token'`"
        }
        System::Gitlab => "set GITLAB_TOKEN, or `git config aexy.gitlab.token-command …`",
        System::Jira => "set JIRA_EMAIL and JIRA_API_TOKEN (an API token of that account)",
        System::Linear => "set LINEAR_API_KEY (a personal API key, Settings → API)",
    }
}

fn scope_hint(system: System) -> &'static str {
    match system {
        System::Github => "a classic token needs `repo` for private repositories (`read:org` for SSO orgs); a fine-grained one needs Pull requests, Issues, Contents and Metadata: read",
        System::Gitlab => "the token needs the `read_api` scope",
        System::Jira => "the account needs Browse projects permission on the project",
        System::Linear => "the key needs read access to the team",
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Net { target, error } => net_message(f, target, error),
            SourceError::Graphql { target, kind, message } => match kind.as_str() {
                "NOT_FOUND" => write!(
                    f,
                    "{}: {} not found ({message}): it was deleted or renamed, or {} cannot see it ({})",
                    target.system.title(),
                    target.what,
                    token_words(target),
                    scope_hint(target.system)
                ),
                "FORBIDDEN" | "INSUFFICIENT_SCOPES" => write!(
                    f,
                    "{}: {} refused {} ({message}); {}",
                    target.system.title(),
                    target.what,
                    token_words(target),
                    scope_hint(target.system)
                ),
                "RATE_LIMITED" | "RATELIMITED" => write!(
                    f,
                    "{}: rate limit reached while reading {} ({message}); run `aexy sync` again later: it resumes where it stopped",
                    target.system.title(),
                    target.what
                ),
                _ => write!(
                    f,
                    "{}: {} answered with an error ({kind}: {message})",
                    target.system.title(),
                    target.what
                ),
            },
            SourceError::Malformed { target, detail } => write!(
                f,
                "{}: a malformed answer while reading {} ({detail}); what was read is kept and the next sync tries again",
                target.system.title(),
                target.what
            ),
            SourceError::Secret { system, error } => write!(
                f,
                "{}: could not get the token: {error}; {}",
                system.title(),
                token_fix(*system)
            ),
            SourceError::NotConfigured { system, detail } => {
                write!(f, "{} is not configured: {detail}", system.title())
            }
            SourceError::Store(e) => write!(f, "could not write the synced data to the index: {e}"),
        }
    }
}

fn net_message(f: &mut fmt::Formatter<'_>, target: &Target, error: &NetError) -> fmt::Result {
    let title = target.system.title();
    let what = &target.what;
    match error {
        NetError::Auth { status, body_excerpt, .. } => {
            if let Some(sso) = error.header("x-github-sso") {
                let url = sso.split("url=").nth(1).unwrap_or("").trim();
                return write!(
                    f,
                    "{title}: the organisation of {what} requires SAML single sign-on and {} is not authorised for it; authorise it{}",
                    token_words(target),
                    if url.is_empty() { " in the token settings".to_string() } else { format!(" at {url}") }
                );
            }
            if let (Some(needed), Some(has)) =
                (error.header("x-accepted-oauth-scopes"), error.header("x-oauth-scopes"))
            {
                if !needed.trim().is_empty() {
                    return write!(
                        f,
                        "{title}: {} lacks a scope for {what} (it has: {}; this needs one of: {needed}); {}",
                        token_words(target),
                        if has.trim().is_empty() { "none" } else { has.trim() },
                        scope_hint(target.system)
                    );
                }
            }
            if *status == 401 || target.token.is_none() {
                write!(
                    f,
                    "{title}: {} was refused (HTTP {status}{}): it is missing, expired or revoked; {}",
                    token_words(target),
                    excerpt(body_excerpt),
                    token_fix(target.system)
                )
            } else {
                write!(
                    f,
                    "{title}: {} may not read {what} (HTTP {status}{}); {}",
                    token_words(target),
                    excerpt(body_excerpt),
                    scope_hint(target.system)
                )
            }
        }
        NetError::Status { code: 404, .. } | NetError::Status { code: 410, .. } => write!(
            f,
            "{title}: {what} was not found: it was deleted or renamed, or {} cannot see it ({})",
            token_words(target),
            scope_hint(target.system)
        ),
        NetError::RateLimited { retry_after, .. } => {
            let when = match retry_after {
                Some(d) if d.as_secs() >= 90 => format!("it resets in about {} min", d.as_secs().div_ceil(60)),
                Some(d) => format!("it asks to wait {} s", d.as_secs()),
                None => "it did not say for how long".to_string(),
            };
            let extra = if target.token.is_none() && target.system == System::Github {
                " (without a token GitHub allows 60 requests an hour: set GITHUB_TOKEN)"
            } else {
                ""
            };
            write!(
                f,
                "{title}: rate limit reached while reading {what}; {when}{extra}. What was read is kept: run `aexy sync` again later and it resumes where it stopped"
            )
        }
        NetError::Timeout { phase } => write!(
            f,
            "{title}: timed out {phase} while reading {what}; what was read is kept and the next sync resumes"
        ),
        NetError::Connect { detail } => write!(
            f,
            "{title}: could not connect while reading {what} ({detail}); check the network or the configured API address"
        ),
        NetError::Status { code, body_excerpt, .. } if *code >= 500 => write!(
            f,
            "{title}: the server failed (HTTP {code}{}) while reading {what}, also after retries; what was read is kept and the next sync resumes",
            excerpt(body_excerpt)
        ),
        NetError::Status { code, body_excerpt, .. } => write!(
            f,
            "{title}: the request for {what} was refused (HTTP {code}{})",
            excerpt(body_excerpt)
        ),
        NetError::Credit { body_excerpt } => write!(f, "{title}: the account has no quota left{}", excerpt(body_excerpt)),
        NetError::Decode { detail } => write!(
            f,
            "{title}: a malformed or cut-short answer while reading {what} ({detail}); what was read is kept and the next sync tries again"
        ),
        NetError::Cancelled => write!(f, "{title}: cancelled while reading {what}; the next sync resumes"),
        NetError::Invalid { detail } => write!(f, "{title}: {detail}"),
    }
}

fn excerpt(body: &str) -> String {
    // GitHub's JSON errors: keep the message alone.
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| body.to_string());
    let message = redact_emails(message.trim());
    if message.is_empty() {
        String::new()
    } else {
        format!(": {}", message.chars().take(200).collect::<String>())
    }
}
