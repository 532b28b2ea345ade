//! `aexy sync`: every connected service's lists, one after the other (serial requests, as
//! GitHub asks), each through `feed::sync`; a service that fails stops alone, with a message
//! naming the cause and the fix, and what it read is kept for the next sync to continue.

use rusqlite::Connection;
use serde::Serialize;

use super::connect::Connections;
use super::feed::{self, Feed, FeedReport};
use super::github::{GraphqlPulls, Issues as GithubIssues, RestPulls};
use super::gitlab::{Issues as GitlabIssues, MergeRequests};
use super::jira::JiraIssues;
use super::linear::LinearIssues;
use super::records::System;
use super::settings::GithubApi;

/// What to sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Pull requests / merge requests.
    pub pulls: bool,
    /// Tracker issues.
    pub issues: bool,
    /// The most items a first sync of a list reads.
    pub limit: Option<u64>,
    pub github_api: GithubApi,
}

/// One list's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListReport {
    /// `pulls`, `issues`.
    pub list: String,
    #[serde(flatten)]
    pub report: FeedReport,
}

/// One service's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceReport {
    pub system: String,
    /// The repository, project or filter.
    pub scope: String,
    /// `graphql` or `rest` (GitHub pull requests).
    pub api: Option<String>,
    pub lists: Vec<ListReport>,
    pub rest_requests: u64,
    pub graphql_requests: u64,
    /// Why it stopped early (cause and fix).
    pub error: Option<String>,
    /// The error may go away by itself (a limit, an outage): run again later.
    pub transient: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub services: Vec<ServiceReport>,
    /// Services left out (configuration problems).
    pub skipped: Vec<String>,
}

impl SyncReport {
    pub fn failed(&self) -> bool {
        self.services.iter().any(|s| s.error.is_some())
    }
}

/// Progress: (service, list, the list's report so far).
pub type Progress<'a> = dyn FnMut(System, &str, &FeedReport) + 'a;

struct Run<'a, 'p> {
    conn: &'a Connection,
    opts: &'a SyncOptions,
    progress: &'a mut Progress<'p>,
}

impl Run<'_, '_> {
    async fn list<F: Feed>(
        &mut self,
        system: System,
        name: &str,
        feed: &F,
        out: &mut ServiceReport,
    ) -> bool {
        let progress = &mut *self.progress;
        let result = feed::sync(feed, self.conn, self.opts.limit, &mut |r| {
            progress(system, name, r)
        })
        .await;
        let (report, error) = match result {
            Ok(r) => (r, None),
            Err((r, e)) => (r, Some(e)),
        };
        out.lists.push(ListReport {
            list: name.to_string(),
            report,
        });
        match error {
            Some(e) => {
                out.transient = e.is_transient();
                out.error = Some(e.to_string());
                false
            }
            None => true,
        }
    }
}

fn service(system: System, scope: &str) -> ServiceReport {
    ServiceReport {
        system: system.name().to_string(),
        scope: scope.to_string(),
        api: None,
        lists: Vec::new(),
        rest_requests: 0,
        graphql_requests: 0,
        error: None,
        transient: false,
    }
}

/// Syncs every connected service into `conn`.
pub async fn sync(
    conns: &Connections,
    conn: &Connection,
    opts: &SyncOptions,
    progress: &mut Progress<'_>,
) -> SyncReport {
    let mut report = SyncReport {
        skipped: conns
            .problems
            .iter()
            .map(|(s, why)| format!("{}: {why}", s.title()))
            .collect(),
        ..SyncReport::default()
    };
    let mut run = Run {
        conn,
        opts,
        progress,
    };

    if let Some(gh) = &conns.github {
        let mut out = service(System::Github, &gh.repo);
        let graphql = match opts.github_api {
            GithubApi::Graphql => true,
            GithubApi::Rest => false,
            GithubApi::Auto => gh.has_token(),
        };
        let mut ok = true;
        if opts.pulls {
            out.api = Some(if graphql { "graphql" } else { "rest" }.to_string());
            ok = if graphql {
                run.list(System::Github, "pulls", &GraphqlPulls(gh), &mut out)
                    .await
            } else {
                run.list(System::Github, "pulls", &RestPulls(gh), &mut out)
                    .await
            };
        }
        if ok && opts.issues {
            run.list(System::Github, "issues", &GithubIssues(gh), &mut out)
                .await;
        }
        (out.rest_requests, out.graphql_requests) = gh.api.requests();
        report.services.push(out);
    }
    if let Some(gl) = &conns.gitlab {
        let mut out = service(System::Gitlab, &gl.project);
        let mut ok = true;
        if opts.pulls {
            ok = run
                .list(System::Gitlab, "pulls", &MergeRequests(gl), &mut out)
                .await;
        }
        if ok && opts.issues {
            run.list(System::Gitlab, "issues", &GitlabIssues(gl), &mut out)
                .await;
        }
        (out.rest_requests, out.graphql_requests) = gl.api.requests();
        report.services.push(out);
    }
    if let Some(jira) = &conns.jira {
        let mut out = service(
            System::Jira,
            jira.jql
                .as_deref()
                .unwrap_or("(no JQL filter: issues are looked up by key only)"),
        );
        if opts.issues && jira.jql.is_some() {
            run.list(System::Jira, "issues", &JiraIssues(jira), &mut out)
                .await;
        }
        (out.rest_requests, out.graphql_requests) = jira.api.requests();
        report.services.push(out);
    }
    if let Some(linear) = &conns.linear {
        let scope = if linear.teams.is_empty() {
            "all teams".to_string()
        } else {
            linear.teams.join(", ")
        };
        let mut out = service(System::Linear, &scope);
        if opts.issues {
            run.list(System::Linear, "issues", &LinearIssues(linear), &mut out)
                .await;
        }
        (out.rest_requests, out.graphql_requests) = linear.api.requests();
        report.services.push(out);
    }
    report
}
