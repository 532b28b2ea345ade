//! From settings to clients: resolves each service's token (environment or command, at this
//! moment only), builds the one `net::Http` they share — only when something is configured —
//! with a per-service request limiter, and says what could not be connected and why.

use std::sync::Arc;
use std::time::Duration;

use crate::net::{Http, Limiter, Rates, RetryPolicy, Secret, SecretSource, Timeouts};

use super::error::SourceError;
use super::github::Github;
use super::gitlab::Gitlab;
use super::jira::Jira;
use super::linear::Linear;
use super::records::System;
use super::settings::{Settings, SyncSettings};

/// Clients for the services the user configured (and asked for).
#[derive(Default)]
pub struct Connections {
    pub github: Option<Github>,
    pub gitlab: Option<Gitlab>,
    pub jira: Option<Jira>,
    pub linear: Option<Linear>,
    /// Services left out, with the reason (a token command failed, a key is missing …).
    pub problems: Vec<(System, String)>,
}

/// Requests per minute each service is sent at most (below every documented limit; GitHub
/// asks for serial requests, which the sync does anyway; Linear allows 1,500 an hour per key).
pub(crate) fn rates(system: System) -> Rates {
    let per_minute = match system {
        System::Github => 600,
        System::Gitlab => 300,
        System::Jira => 300,
        System::Linear => 25,
    };
    Rates {
        requests_per_minute: Some(per_minute),
        units_per_minute: None,
    }
}

/// Time limits and retries of a sync (`[sync] timeout_seconds`, `max_wait_seconds`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeouts: Timeouts,
    pub policy: RetryPolicyChoice,
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicyChoice {
    pub attempts: u32,
    pub max_wait: Duration,
}

impl Limits {
    pub fn from_settings(sync: &SyncSettings) -> Limits {
        Limits {
            timeouts: Timeouts {
                connect: Duration::from_secs(10),
                first_byte: Duration::from_secs(sync.timeout_seconds.max(1)),
                total: Duration::from_secs(sync.timeout_seconds.max(1) * 4),
            },
            policy: RetryPolicyChoice {
                attempts: 4,
                max_wait: Duration::from_secs(sync.max_wait_seconds),
            },
        }
    }

    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_attempts: self.policy.attempts,
            max_retry_after: self.policy.max_wait,
            ..RetryPolicy::default()
        }
    }
}

/// Resolves a token: `Ok(None)` when no source yields one.
pub(crate) fn token(
    system: System,
    sources: &[SecretSource],
) -> Result<Option<(Secret, String)>, SourceError> {
    match SecretSource::resolve_first(sources) {
        Ok(Some((secret, source))) => Ok(Some((secret, source.describe()))),
        Ok(None) => Ok(None),
        Err(error) => Err(SourceError::Secret { system, error }),
    }
}

/// Connects the configured services among `only` (all when empty). Builds no HTTP client
/// when none is configured.
pub fn connect(settings: &Settings, only: &[System]) -> Result<Connections, SourceError> {
    let wanted = |s: System| only.is_empty() || only.contains(&s);
    let mut out = Connections::default();
    let any = (settings.github.is_some() && wanted(System::Github))
        || (settings.gitlab.is_some() && wanted(System::Gitlab))
        || (settings.jira.is_some() && wanted(System::Jira))
        || (settings.linear.is_some() && wanted(System::Linear));
    if !any {
        return Ok(out);
    }
    let limits = Limits::from_settings(&settings.sync);
    let base = Http::new(limits.timeouts).map_err(|error| SourceError::NotConfigured {
        system: System::Github,
        detail: error.to_string(),
    })?;
    let http = |system: System| {
        base.clone()
            .with_limiter(Arc::new(Limiter::new(rates(system))))
    };
    let policy = limits.retry_policy();

    if let Some(gh) = settings.github.as_ref().filter(|_| wanted(System::Github)) {
        match token(System::Github, &gh.token) {
            Ok(t) => {
                let client = Github::new(
                    http(System::Github),
                    &gh.rest_url,
                    &gh.repo,
                    t.as_ref().map(|(s, d)| (s, d.clone())),
                )?;
                out.github = Some(client.with_policy(policy.clone()));
            }
            Err(e) => out.problems.push((System::Github, e.to_string())),
        }
    }
    if let Some(gl) = settings.gitlab.as_ref().filter(|_| wanted(System::Gitlab)) {
        match token(System::Gitlab, &gl.token) {
            Ok(t) => {
                let client = Gitlab::new(
                    http(System::Gitlab),
                    &gl.api_url,
                    &gl.project,
                    t.as_ref().map(|(s, d)| (s, d.clone())),
                )?;
                out.gitlab = Some(client.with_policy(policy.clone()));
            }
            Err(e) => out.problems.push((System::Gitlab, e.to_string())),
        }
    }
    if let Some(j) = settings.jira.as_ref().filter(|_| wanted(System::Jira)) {
        match token(System::Jira, &j.token) {
            Ok(Some(t)) if j.email.is_some() => {
                let client = Jira::new(http(System::Jira), &j.base_url, j.email.as_deref(), j.jql.as_deref(), Some((&t.0, t.1.clone())))?;
                out.jira = Some(client.with_policy(policy.clone()));
            }
            Ok(Some(_)) => out.problems.push((System::Jira, "JIRA_EMAIL (jira.email) is not set: Jira Cloud authenticates with the account's e-mail and an API token".into())),
            Ok(None) => out.problems.push((System::Jira, "no API token: set JIRA_API_TOKEN (or jira.token_command)".into())),
            Err(e) => out.problems.push((System::Jira, e.to_string())),
        }
    }
    if let Some(l) = settings.linear.as_ref().filter(|_| wanted(System::Linear)) {
        match token(System::Linear, &l.token) {
            Ok(Some(t)) => {
                let client = Linear::new(
                    http(System::Linear),
                    &l.api_url,
                    &l.teams,
                    Some((&t.0, t.1.clone())),
                )?;
                out.linear = Some(client.with_policy(policy.clone()));
            }
            Ok(None) => out.problems.push((
                System::Linear,
                "no API key: set LINEAR_API_KEY (or linear.token_command)".into(),
            )),
            Err(e) => out.problems.push((System::Linear, e.to_string())),
        }
    }
    Ok(out)
}

macro_rules! with_policy {
    ($($t:ty),*) => {$(
        impl $t {
            /// Replaces the retry policy of this client.
            pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
                self.api = self.api.with_policy(policy);
                self
            }
        }
    )*};
}
with_policy!(Github, Gitlab, Jira, Linear);
