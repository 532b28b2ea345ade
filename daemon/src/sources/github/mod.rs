//! GitHub (github.com and Enterprise Server): pull requests with files, commits, reviews,
//! inline comments and requested reviewers — by GraphQL (one query per page of pull requests)
//! or REST (one list page per 100, then four paginated lists per pull request) — and issues
//! by REST, with Link pagination, ETags and GitHub's rate-limit rules (through `net`).

mod graphql;
mod org;
mod rest;
pub mod wire;

pub use graphql::{GraphqlPulls, PULLS_QUERY};
pub use rest::{Issues, RestPulls};

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION};

use crate::net::{self, Http, Secret};

use super::api::Api;
use super::error::{SourceError, Target};
use super::records::{IssueRecord, System};

/// REST's page size (GitHub's maximum).
pub const REST_PAGE: u32 = 100;
/// Pull requests per GraphQL query (each with up to 100 files and commits and 50 reviews).
pub const GRAPHQL_PAGE: u32 = 25;

/// A connection to one repository on one GitHub.
pub struct Github {
    pub api: Api,
    /// REST base, e.g. `https://api.github.com` or `https://ghe.example/api/v3`.
    pub rest_url: String,
    pub graphql_url: String,
    /// `owner/name`.
    pub repo: String,
    /// `github.com` or the Enterprise host: what accounts and marks are stored under.
    pub instance: String,
    pub rest_page: u32,
    pub graphql_page: u32,
}

impl Github {
    /// The sync position of this repository's list `name` (`pulls`, `issues`).
    pub fn resource<'a>(&'a self, name: &'a str) -> super::store::Resource<'a> {
        super::store::Resource::new(System::Github, &self.instance, &self.repo, name)
    }

    /// `token` with where it came from (for messages); `None` works for public repositories
    /// over REST (60 requests an hour).
    pub fn new(
        http: Http,
        rest_url: &str,
        repo: &str,
        token: Option<(&Secret, String)>,
    ) -> Result<Github, SourceError> {
        let rest_url = rest_url.trim_end_matches('/').to_string();
        let instance = instance_of(&rest_url);
        let target = Target {
            system: System::Github,
            what: format!("repository {repo} on {instance}"),
            token: token.as_ref().map(|(_, source)| source.clone()),
        };
        let mut headers = vec![
            (
                ACCEPT,
                HeaderValue::from_static("application/vnd.github+json"),
            ),
            (
                HeaderName::from_static("x-github-api-version"),
                HeaderValue::from_static("2022-11-28"),
            ),
        ];
        if let Some((secret, _)) = &token {
            let value = target.credential(net::bearer(secret))?;
            headers.push((AUTHORIZATION, value));
        }
        Ok(Github {
            api: Api::new(target, http, headers),
            graphql_url: graphql_url(&rest_url),
            rest_url,
            repo: repo.to_string(),
            instance,
            rest_page: REST_PAGE,
            graphql_page: GRAPHQL_PAGE,
        })
    }

    pub fn has_token(&self) -> bool {
        self.api.target.token.is_some()
    }

    /// One issue (or pull request, which GitHub also lists as an issue) by number.
    pub async fn issue(&self, number: u64) -> Result<IssueRecord, SourceError> {
        let url = format!("{}/repos/{}/issues/{number}", self.rest_url, self.repo);
        let fetched = self.api.get(&url, None).await?;
        let issue: wire::Issue = self.api.decode(&fetched, "the issue")?;
        issue
            .record(&self.repo)
            .ok_or_else(|| self.api.malformed("the issue has no valid timestamps"))
    }

    /// The token's scopes as GitHub reports them (`x-oauth-scopes`; absent for fine-grained
    /// tokens and GitHub App tokens) and the login it belongs to.
    pub async fn probe(&self) -> Result<Probe, SourceError> {
        let url = format!("{}/repos/{}", self.rest_url, self.repo);
        let fetched = self.api.get(&url, None).await?;
        let repo: serde_json::Value = self.api.decode(&fetched, "the repository")?;
        Ok(Probe {
            scopes: fetched.header("x-oauth-scopes").map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            }),
            private: repo.get("private").and_then(|v| v.as_bool()),
            rate_remaining: fetched
                .header("x-ratelimit-remaining")
                .and_then(|v| v.parse().ok()),
            rate_limit: fetched
                .header("x-ratelimit-limit")
                .and_then(|v| v.parse().ok()),
        })
    }
}

/// What `aexy connect status` learns from one request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// `None`: the token type does not report scopes (fine-grained, App) or there is no token.
    pub scopes: Option<Vec<String>>,
    pub private: Option<bool>,
    pub rate_remaining: Option<u64>,
    pub rate_limit: Option<u64>,
}

/// `api.github.com` → `github.com`; `https://ghe.example/api/v3` → `ghe.example`.
pub fn instance_of(rest_url: &str) -> String {
    let host = reqwest::Url::parse(rest_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| rest_url.to_string());
    match host.strip_prefix("api.") {
        Some(rest) if rest == "github.com" => rest.to_string(),
        _ => host,
    }
}

/// GitHub's GraphQL endpoint for a REST base: `…/api/v3` → `…/api/graphql`, else `…/graphql`.
pub fn graphql_url(rest_url: &str) -> String {
    match rest_url.strip_suffix("/api/v3") {
        Some(base) => format!("{base}/api/graphql"),
        None => format!("{rest_url}/graphql"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_for_github_com_and_enterprise() {
        assert_eq!(instance_of("https://api.github.com"), "github.com");
        assert_eq!(instance_of("https://ghe.example/api/v3"), "ghe.example");
        assert_eq!(
            graphql_url("https://api.github.com"),
            "https://api.github.com/graphql"
        );
        assert_eq!(
            graphql_url("https://ghe.example/api/v3"),
            "https://ghe.example/api/graphql"
        );
    }
}
