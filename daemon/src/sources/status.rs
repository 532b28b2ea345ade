//! `aexy connect status`: per service, what is configured and where each setting came from,
//! where the token comes from (never the token) and whether it is there, what a probe learns
//! (GitHub's `x-oauth-scopes`, the repository's visibility, the rate limit left), what was
//! synced, and what is missing for which feature.

use rusqlite::Connection;
use serde::Serialize;

use crate::config::Config;
use crate::net::SecretSource;

use super::connect::Connections;
use super::records::System;
use super::settings::{GithubApi, Settings};
use super::store::{self, Counts, Resource};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStatus {
    pub system: String,
    pub configured: bool,
    /// The repository / project / filter / teams covered.
    pub scope: Option<String>,
    /// Where the scope came from.
    pub scope_from: Option<String>,
    pub api_url: Option<String>,
    /// Where the token is read from (`$GITHUB_TOKEN or $GH_TOKEN`, the command `gh …`).
    pub token_sources: Vec<String>,
    /// Whether a token was found now (`None` when not checked).
    pub token_found: Option<bool>,
    /// Settings of this service and where each came from (`key: origin`).
    pub settings: Vec<(String, String)>,
    /// What a request to the service said (`--offline` skips it).
    pub probe: Option<Probe>,
    pub synced: Counts,
    /// RFC 3339 of the last finished sync of each list.
    pub last_sync: Vec<(String, String)>,
    /// An interrupted sync will resume here.
    pub resumable: bool,
    /// Features and what each still needs.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    pub ok: bool,
    /// The token's OAuth scopes (GitHub classic tokens); `None` when the service does not say.
    pub scopes: Option<Vec<String>>,
    pub private: Option<bool>,
    pub rate_remaining: Option<u64>,
    pub rate_limit: Option<u64>,
    /// The error, as cause and fix.
    pub error: Option<String>,
}

fn describe(sources: &[SecretSource]) -> Vec<String> {
    sources.iter().map(SecretSource::describe).collect()
}

fn last_syncs(
    conn: &Connection,
    system: System,
    instance: &str,
    scope: &str,
) -> (Vec<(String, String)>, bool) {
    let mut out = Vec::new();
    let mut resumable = false;
    for list in ["pulls", "issues"] {
        let res = Resource {
            system,
            instance,
            scope,
            name: list,
        };
        if let Ok(state) = store::sync_state(conn, &res) {
            if let Some(t) = state.synced_at {
                out.push((list.to_string(), crate::time::rfc3339(t, 0)));
            }
            resumable |= state.cursor.is_some();
        }
    }
    (out, resumable)
}

fn blank(system: System) -> ServiceStatus {
    ServiceStatus {
        system: system.name().to_string(),
        configured: false,
        scope: None,
        scope_from: None,
        api_url: None,
        token_sources: Vec::new(),
        token_found: None,
        settings: Vec::new(),
        probe: None,
        synced: Counts::default(),
        last_sync: Vec::new(),
        resumable: false,
        missing: Vec::new(),
    }
}

/// The status of every service, offline (no request).
pub fn offline(
    settings: &Settings,
    config: &Config,
    conn: Option<&Connection>,
) -> Vec<ServiceStatus> {
    let counts = |s: System| {
        conn.and_then(|c| store::counts(c, s).ok())
            .unwrap_or_default()
    };
    let keys = |section: &str| {
        config
            .keys(section)
            .into_iter()
            .map(|(k, o)| (k, o.to_string()))
            .collect::<Vec<_>>()
    };
    let found = |sources: &[SecretSource]| {
        Some(sources.iter().any(|s| match s {
            SecretSource::Env(names) => crate::net::Secret::from_env(names).is_some(),
            SecretSource::Command(_) => true,
        }))
    };
    let mut out = Vec::new();

    let mut gh = blank(System::Github);
    gh.settings = keys("github");
    gh.synced = counts(System::Github);
    match &settings.github {
        Some(g) => {
            gh.configured = true;
            gh.scope = Some(g.repo.clone());
            gh.scope_from = Some(g.repo_from.clone());
            gh.api_url = Some(g.rest_url.clone());
            gh.token_sources = describe(&g.token);
            gh.token_found = found(&g.token);
            let instance = super::github::instance_of(&g.rest_url);
            if let Some(c) = conn {
                (gh.last_sync, gh.resumable) = last_syncs(c, System::Github, &instance, &g.repo);
            }
            if gh.token_found == Some(false) {
                gh.missing.push("a token (GITHUB_TOKEN or GH_TOKEN, or aexy.github.token-command): without one only public repositories, over REST, 60 requests an hour".into());
                if g.api == GithubApi::Graphql {
                    gh.missing.push("GraphQL (aexy.github.api graphql) needs a token".into());
                }
            }
        }
        None => gh.missing.push("a GitHub repository: the remote is not on github.com; set `git config aexy.github.repo owner/name` (and aexy.github.api-url for GitHub Enterprise, or GITHUB_API_URL)".into()),
    }
    out.push(gh);

    let mut gl = blank(System::Gitlab);
    gl.settings = keys("gitlab");
    gl.synced = counts(System::Gitlab);
    match &settings.gitlab {
        Some(g) => {
            gl.configured = true;
            gl.scope = Some(g.project.clone());
            gl.scope_from = Some(g.project_from.clone());
            gl.api_url = Some(g.api_url.clone());
            gl.token_sources = describe(&g.token);
            gl.token_found = found(&g.token);
            if let Some(c) = conn {
                let instance = super::api::host_of(&g.api_url);
                (gl.last_sync, gl.resumable) = last_syncs(c, System::Gitlab, &instance, &g.project);
            }
            if gl.token_found == Some(false) {
                gl.missing.push("a token (GITLAB_TOKEN with read_api) for private projects".into());
            }
        }
        None => gl.missing.push("a GitLab project: the remote is not on GitLab; set `git config aexy.gitlab.project group/project` (and aexy.gitlab.api-url or CI_API_V4_URL)".into()),
    }
    out.push(gl);

    let mut jira = blank(System::Jira);
    jira.settings = keys("jira");
    jira.synced = counts(System::Jira);
    match &settings.jira {
        Some(j) => {
            jira.configured = true;
            jira.scope = j.jql.clone();
            jira.api_url = Some(j.base_url.clone());
            jira.token_sources = describe(&j.token);
            jira.token_found = found(&j.token);
            if j.email.is_none() {
                jira.missing
                    .push("the account's e-mail (JIRA_EMAIL or aexy.jira.email)".into());
            }
            if jira.token_found == Some(false) {
                jira.missing.push("an API token (JIRA_API_TOKEN)".into());
            }
            if j.jql.is_none() {
                jira.missing.push("a filter to sync (aexy.jira.project KEY or aexy.jira.jql '…'); without one issues are only looked up by key".into());
            }
        }
        None => jira.missing.push(
            "`aexy match --issue PROJ-123` from Jira: JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN"
                .into(),
        ),
    }
    out.push(jira);

    let mut linear = blank(System::Linear);
    linear.settings = keys("linear");
    linear.synced = counts(System::Linear);
    match &settings.linear {
        Some(l) => {
            linear.configured = true;
            linear.scope = Some(if l.teams.is_empty() { "all teams".into() } else { l.teams.join(", ") });
            linear.api_url = Some(l.api_url.clone());
            linear.token_sources = describe(&l.token);
            linear.token_found = found(&l.token);
            if linear.token_found == Some(false) {
                linear.missing.push("an API key (LINEAR_API_KEY)".into());
            }
        }
        None => linear.missing.push("`aexy match --issue ENG-42` from Linear: LINEAR_API_KEY (and aexy.linear.teams to limit the sync)".into()),
    }
    out.push(linear);

    for s in &mut out {
        if s.configured && s.synced.pulls == 0 && (s.system == "github" || s.system == "gitlab") {
            s.missing.push(
                "reviewer suggestions and review figures from review history: run `aexy sync`"
                    .into(),
            );
        }
    }
    out
}

/// Adds what one request to each connected code host says (GitHub: scopes, visibility, rate).
pub async fn probe(statuses: &mut [ServiceStatus], conns: &Connections) {
    if let (Some(gh), Some(status)) = (
        &conns.github,
        statuses.iter_mut().find(|s| s.system == "github"),
    ) {
        status.probe = Some(match gh.probe().await {
            Ok(p) => {
                if p.private == Some(true)
                    && p.scopes
                        .as_ref()
                        .is_some_and(|s| !s.iter().any(|x| x == "repo"))
                {
                    status.missing.push("the `repo` scope: this repository is private and the classic token lacks it".into());
                }
                Probe {
                    ok: true,
                    scopes: p.scopes,
                    private: p.private,
                    rate_remaining: p.rate_remaining,
                    rate_limit: p.rate_limit,
                    error: None,
                }
            }
            Err(e) => Probe {
                ok: false,
                scopes: None,
                private: None,
                rate_remaining: None,
                rate_limit: None,
                error: Some(e.to_string()),
            },
        });
    }
    for (system, problem) in &conns.problems {
        if let Some(status) = statuses.iter_mut().find(|s| s.system == system.name()) {
            status.missing.push(problem.clone());
        }
    }
}
