//! The repositories of a GitHub organisation (or user) or a GitLab group, as plain data for
//! `aexy org clone`: the client built from the configuration (API address, token source,
//! `[sync]` time limits), the listing, and archived repositories and forks left out on request.

use crate::config::Config;
use crate::net::{Http, Limiter};

use super::connect::{rates, token, Limits};
use super::error::SourceError;
use super::github::Github;
use super::gitlab::Gitlab;
use super::records::System;
use super::settings::{SyncSettings, GITHUB_TOKEN_ENV, GITLAB_TOKEN_ENV};

/// One repository to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteRepo {
    /// `owner/name` (GitLab: `group/subgroup/name`): its place under the clone directory.
    pub name: String,
    /// The API's HTTPS clone URL (credentials come from git's own helper, never from us).
    pub clone_url: String,
    pub archived: bool,
    pub fork: bool,
}

/// What the listing found and what it left out.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub repos: Vec<RemoteRepo>,
    pub archived_skipped: usize,
    pub forks_skipped: usize,
    /// `github.com/acme`, `gitlab.example/platform`: for messages.
    pub describe: String,
}

/// Lists `owner`'s repositories on `system` (GitHub or GitLab) as `config` says where and
/// with which token; archived ones and forks are kept only when asked.
pub async fn list(
    config: &Config,
    system: System,
    owner: &str,
    archived: bool,
    forks: bool,
) -> Result<Listing, SourceError> {
    let sync: SyncSettings = config.section("sync").unwrap_or_default();
    let limits = Limits::from_settings(&sync);
    let http = Http::new(limits.timeouts)
        .map_err(|error| SourceError::NotConfigured {
            system,
            detail: error.to_string(),
        })?
        .with_limiter(std::sync::Arc::new(Limiter::new(rates(system))));
    let (found, describe) = match system {
        System::Github => {
            let url = config
                .get("github.api_url")
                .unwrap_or_else(|| "https://api.github.com".into());
            let t = token(
                system,
                &config.secret_sources("github", "token", GITHUB_TOKEN_ENV),
            )?;
            let mut gh = Github::new(http, &url, owner, t.as_ref().map(|(s, d)| (s, d.clone())))?
                .with_policy(limits.retry_policy());
            gh.api.target.what = format!("organisation {owner} on {}", gh.instance);
            (
                gh.owner_repositories(owner).await?,
                format!("{}/{owner}", gh.instance),
            )
        }
        _ => {
            let url = config
                .get("gitlab.api_url")
                .unwrap_or_else(|| "https://gitlab.com/api/v4".into());
            let t = token(
                system,
                &config.secret_sources("gitlab", "token", GITLAB_TOKEN_ENV),
            )?;
            let mut gl = Gitlab::new(http, &url, owner, t.as_ref().map(|(s, d)| (s, d.clone())))?
                .with_policy(limits.retry_policy());
            gl.api.target.what = format!("group {owner} on {}", gl.instance);
            (
                gl.group_projects(owner).await?,
                format!("{}/{owner}", gl.instance),
            )
        }
    };
    let mut out = Listing {
        describe,
        ..Listing::default()
    };
    for r in found {
        if r.archived && !archived {
            out.archived_skipped += 1;
        } else if r.fork && !forks {
            out.forks_skipped += 1;
        } else {
            out.repos.push(r);
        }
    }
    out.repos.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
