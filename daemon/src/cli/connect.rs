//! `aexy connect status [--offline]`: what is connected (GitHub, GitLab, Jira, Linear), where each
//! setting and token comes from (never the token), the token's scopes as GitHub reports them,
//! what was synced, and what is missing for which feature.

use crate::sources::{connect, status};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Configured services, token sources, scopes, synced data and what is missing.
    Status {
        /// Make no request (no scopes, no check of the token).
        #[arg(long)]
        offline: bool,
    },
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let What::Status { offline } = args.what;
    let ctx = super::context(None, global)?;
    let (config, settings) = super::sources_common::settings(&ctx)?;
    let mut statuses = status::offline(&settings, &config, Some(ctx.store.conn()));
    if !offline {
        let conns = connect::connect(&settings, &[])?;
        super::sources_common::runtime()?.block_on(status::probe(&mut statuses, &conns));
    }
    if global.json {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'a> {
            config_file: Option<String>,
            services: &'a [status::ServiceStatus],
            problems: &'a [String],
        }
        return super::output::json(&Out {
            config_file: config.file().map(|p| p.display().to_string()),
            services: &statuses,
            problems: &settings.problems,
        });
    }
    let t = super::output::terminal;
    match config.file() {
        Some(p) => println!(
            "configuration: {} , git config aexy.*, environment",
            p.display()
        ),
        None => println!(
            "configuration: git config aexy.* and the environment (no file at {})",
            crate::config::Config::user_file().map_or("-".into(), |p| p.display().to_string())
        ),
    }
    for p in &settings.problems {
        println!("problem: {}", t(p));
    }
    for s in &statuses {
        let title =
            crate::sources::System::parse(&s.system).map_or(s.system.as_str(), |x| x.title());
        if !s.configured {
            println!("\n{title}: not configured");
        } else {
            println!(
                "\n{title}: {}{}",
                t(s.scope.as_deref().unwrap_or("")),
                s.scope_from
                    .as_deref()
                    .map(|f| format!(" (from {f})"))
                    .unwrap_or_default()
            );
            if let Some(url) = &s.api_url {
                println!("  API: {}", t(url));
            }
            let found = match s.token_found {
                Some(true) => "found",
                Some(false) => "not set",
                None => "not checked",
            };
            println!("  token: {} — {found}", s.token_sources.join(", then "));
            for (k, origin) in &s.settings {
                println!("  {k}: from {}", t(origin));
            }
            if let Some(p) = &s.probe {
                match &p.error {
                    None => {
                        let scopes = match &p.scopes {
                            Some(v) if v.is_empty() => "none".to_string(),
                            Some(v) => v.join(", "),
                            None => "not reported (fine-grained, app or no token)".to_string(),
                        };
                        println!("  reached: token scopes {scopes}");
                        if let Some(private) = p.private {
                            println!(
                                "  repository: {}",
                                if private { "private" } else { "public" }
                            );
                        }
                        if let (Some(left), Some(limit)) = (p.rate_remaining, p.rate_limit) {
                            println!("  rate limit: {left} of {limit} requests left this hour");
                        }
                    }
                    Some(e) => println!("  not reached: {}", t(e)),
                }
            }
            let c = &s.synced;
            println!(
                "  synced: {} pull requests, {} reviews, {} review comments, {} issues, {} accounts",
                c.pulls, c.reviews, c.comments, c.issues, c.accounts
            );
            for (list, at) in &s.last_sync {
                println!("  last sync of {list}: {at}");
            }
            if s.resumable {
                println!("  an interrupted sync resumes with the next `aexy sync`");
            }
        }
        for m in &s.missing {
            println!("  missing: {}", t(m));
        }
    }
    Ok(())
}
