//! `aexy sync [--only SERVICE…] [--limit N] [--rest]`: pull requests, reviews and tracker issues
//! from the configured services into the index — incremental, resumable after an interruption,
//! with a progress line on a terminal and a summary with request counts.

use std::io::IsTerminal;

use crate::sources::connect;
use crate::sources::settings::GithubApi;
use crate::sources::sync::{self, SyncOptions};
use crate::sources::System;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these services (github, gitlab, jira, linear).
    #[arg(long, value_name = "SERVICE", num_args = 1..)]
    pub only: Vec<String>,
    /// The most pull requests / issues a first sync of each list reads (default: `[sync] limit`, 1000).
    #[arg(long)]
    pub limit: Option<u64>,
    /// Read GitHub pull requests over REST even with a token (GraphQL otherwise).
    #[arg(long, conflicts_with = "graphql")]
    pub rest: bool,
    /// Read GitHub pull requests over GraphQL.
    #[arg(long)]
    pub graphql: bool,
    /// Pull requests only (no issues).
    #[arg(long, conflicts_with = "issues_only")]
    pub pulls_only: bool,
    /// Issues only (no pull requests).
    #[arg(long)]
    pub issues_only: bool,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(None, global)?;
    let (_config, settings) = super::sources_common::settings(&ctx)?;
    let mut only = Vec::new();
    for name in &args.only {
        only.push(System::parse(name).ok_or_else(|| {
            anyhow::anyhow!("unknown service {name:?}: github, gitlab, jira or linear")
        })?);
    }
    for p in &settings.problems {
        eprintln!("aexy: warning: {p}");
    }
    let conns = connect::connect(&settings, &only)?;
    if conns.github.is_none()
        && conns.gitlab.is_none()
        && conns.jira.is_none()
        && conns.linear.is_none()
    {
        for (s, why) in &conns.problems {
            eprintln!("aexy: {}: {why}", s.title());
        }
        anyhow::bail!("nothing to sync: no service is configured (see `aexy connect status`)");
    }
    let opts = SyncOptions {
        pulls: !args.issues_only,
        issues: !args.pulls_only,
        limit: Some(args.limit.unwrap_or(settings.sync.limit)),
        github_api: if args.rest {
            GithubApi::Rest
        } else if args.graphql {
            GithubApi::Graphql
        } else {
            settings.github.as_ref().map_or(GithubApi::Auto, |g| g.api)
        },
    };
    let db = ctx.store.path().to_path_buf();
    drop(ctx);
    let store = crate::store::Store::open_rw(&db)?;
    let bar = (!global.json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let mut progress = |system: System, list: &str, r: &crate::sources::feed::FeedReport| {
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "{} {list}: {} written, {} unchanged, {} page(s)",
                system.title(),
                r.written,
                r.unchanged,
                r.pages
            ));
        }
    };
    let report = super::sources_common::runtime()?.block_on(sync::sync(
        &conns,
        store.conn(),
        &opts,
        &mut progress,
    ));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if global.json {
        super::output::json(&report)?;
    } else {
        print!("{}", summary(&report));
    }
    if report.failed() {
        anyhow::bail!("the sync stopped early (see above); what was read is kept and the next `aexy sync` resumes");
    }
    Ok(())
}

fn summary(report: &sync::SyncReport) -> String {
    use std::fmt::Write;
    let t = super::output::terminal;
    let mut s = String::new();
    for svc in &report.services {
        let lists: Vec<String> = svc
            .lists
            .iter()
            .map(|l| {
                let r = &l.report;
                let mut line = format!(
                    "{} {} written, {} unchanged",
                    l.list, r.written, r.unchanged
                );
                if r.not_modified {
                    line.push_str(" (not modified since the last sync)");
                }
                if r.resumed {
                    line.push_str(" (resumed)");
                }
                if r.limited {
                    line.push_str(" (first-sync limit reached)");
                }
                line
            })
            .collect();
        let api = svc
            .api
            .as_deref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{} {}{api}: {} — {} REST + {} GraphQL request(s)",
            svc.system,
            t(&svc.scope),
            if lists.is_empty() {
                "nothing to sync".to_string()
            } else {
                lists.join("; ")
            },
            svc.rest_requests,
            svc.graphql_requests
        );
        if let Some(e) = &svc.error {
            let _ = writeln!(s, "  stopped: {}", t(e));
        }
    }
    for skipped in &report.skipped {
        let _ = writeln!(s, "skipped: {}", t(skipped));
    }
    s
}
