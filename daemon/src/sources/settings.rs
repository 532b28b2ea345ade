//! What the user connected, from `config::Config` (user file < `git config aexy.*` < the
//! environment) and the repository's remote: which services, their addresses, the repository /
//! project / team each one covers, and where each token comes from (never the token).

use serde::Deserialize;

use crate::config::Config;
use crate::net::SecretSource;

use super::remote_url;

/// Secrets' default environment variables, as their ecosystems name them.
pub const GITHUB_TOKEN_ENV: &[&str] = &["GITHUB_TOKEN", "GH_TOKEN"];
pub const GITLAB_TOKEN_ENV: &[&str] = &["GITLAB_TOKEN"];
pub const JIRA_TOKEN_ENV: &[&str] = &["JIRA_API_TOKEN"];
pub const LINEAR_TOKEN_ENV: &[&str] = &["LINEAR_API_KEY"];

/// How GitHub pull requests are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GithubApi {
    /// GraphQL with a token, REST without (GraphQL needs one).
    Auto,
    Graphql,
    Rest,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GithubSection {
    enabled: Option<bool>,
    api_url: Option<String>,
    repo: Option<String>,
    api: Option<GithubApi>,
    remote: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GitlabSection {
    enabled: Option<bool>,
    api_url: Option<String>,
    project: Option<String>,
    remote: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JiraSection {
    enabled: Option<bool>,
    base_url: Option<String>,
    email: Option<String>,
    jql: Option<String>,
    project: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LinearSection {
    enabled: Option<bool>,
    api_url: Option<String>,
    teams: Vec<String>,
}

/// `[sync]`: how much a first sync reads and whether the daemon syncs by itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SyncSettings {
    /// The most recently updated pull requests / issues a first sync reads, per list.
    pub limit: u64,
    /// The daemon syncs in the background (opt-in).
    pub background: bool,
    /// Minutes between background syncs.
    pub interval_minutes: u64,
    /// Seconds to wait for a response's headers (the whole exchange may take four times that).
    pub timeout_seconds: u64,
    /// A server asking to wait longer than this (a rate limit) stops the sync, to resume later.
    pub max_wait_seconds: u64,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            limit: 1000,
            background: false,
            interval_minutes: 60,
            timeout_seconds: 30,
            max_wait_seconds: 60,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubSettings {
    pub rest_url: String,
    pub repo: String,
    pub api: GithubApi,
    pub token: Vec<SecretSource>,
    /// How the repository was found (`git config aexy.github.repo`, `remote origin` …).
    pub repo_from: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitlabSettings {
    pub api_url: String,
    pub project: String,
    pub token: Vec<SecretSource>,
    pub project_from: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JiraSettings {
    pub base_url: String,
    pub email: Option<String>,
    /// The JQL filter synced (`project = X` when only a project is given).
    pub jql: Option<String>,
    pub token: Vec<SecretSource>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinearSettings {
    pub api_url: String,
    /// Team keys (`ENG`); empty: every team the key can see.
    pub teams: Vec<String>,
    pub token: Vec<SecretSource>,
}

/// Every connection the user configured or the remote implies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub github: Option<GithubSettings>,
    pub gitlab: Option<GitlabSettings>,
    pub jira: Option<JiraSettings>,
    pub linear: Option<LinearSettings>,
    pub sync: SyncSettings,
    /// Problems with the configuration, said by `aexy connect status`.
    pub problems: Vec<String>,
}

impl Settings {
    /// Reads the settings for `repo` (its remote decides between GitHub and GitLab when
    /// nothing says otherwise).
    pub fn read(config: &Config, repo: Option<&git2::Repository>) -> Settings {
        let mut s = Settings::default();
        let gh: GithubSection = section(config, "github", &mut s.problems);
        let gl: GitlabSection = section(config, "gitlab", &mut s.problems);
        let jira: JiraSection = section(config, "jira", &mut s.problems);
        let linear: LinearSection = section(config, "linear", &mut s.problems);
        s.sync = section(config, "sync", &mut s.problems);

        let remote_of = |name: Option<&str>| {
            repo.and_then(|r| remote_url::of_repository(r, name))
                .and_then(|u| remote_url::parse(&u))
        };
        let gh_remote = remote_of(gh.remote.as_deref());
        let gl_remote = remote_of(gl.remote.as_deref());
        let gh_host = gh.api_url.as_deref().map(super::github::instance_of);
        let gl_host = gl.api_url.as_deref().map(super::api::host_of);

        if gh.enabled != Some(false) {
            let from_remote = gh_remote
                .as_ref()
                .filter(|r| r.host == "github.com" || gh_host.as_deref() == Some(r.host.as_str()));
            let repo_name = gh
                .repo
                .clone()
                .map(|r| (r, from("github.repo", config)))
                .or_else(|| from_remote.map(|r| (r.path.clone(), "the remote URL".to_string())));
            if let Some((repo_name, repo_from)) = repo_name {
                let rest_url = gh.api_url.clone().unwrap_or_else(|| match from_remote {
                    Some(r) if r.host != "github.com" => format!("https://{}/api/v3", r.host),
                    _ => "https://api.github.com".to_string(),
                });
                if repo_name.split('/').count() != 2 {
                    s.problems.push(format!(
                        "github.repo should be owner/name, not {repo_name:?}"
                    ));
                } else {
                    s.github = Some(GithubSettings {
                        rest_url,
                        repo: repo_name,
                        api: gh.api.unwrap_or(GithubApi::Auto),
                        token: config.secret_sources("github", "token", GITHUB_TOKEN_ENV),
                        repo_from,
                    });
                }
            }
        }

        if gl.enabled != Some(false) {
            let from_remote = gl_remote.as_ref().filter(|r| {
                r.host == "gitlab.com"
                    || r.host.contains("gitlab")
                    || gl_host.as_deref() == Some(r.host.as_str())
            });
            let project = gl
                .project
                .clone()
                .map(|p| (p, from("gitlab.project", config)))
                .or_else(|| from_remote.map(|r| (r.path.clone(), "the remote URL".to_string())));
            if let Some((project, project_from)) = project {
                let api_url = gl.api_url.clone().unwrap_or_else(|| match from_remote {
                    Some(r) => format!("https://{}/api/v4", r.host),
                    None => "https://gitlab.com/api/v4".to_string(),
                });
                s.gitlab = Some(GitlabSettings {
                    api_url,
                    project,
                    token: config.secret_sources("gitlab", "token", GITLAB_TOKEN_ENV),
                    project_from,
                });
            }
        }

        if jira.enabled != Some(false) {
            if let Some(base_url) = jira.base_url.clone() {
                let jql = jira.jql.clone().or_else(|| {
                    jira.project
                        .as_ref()
                        .map(|p| format!("project = \"{}\"", p.replace('"', "")))
                });
                if jira.email.is_none() {
                    s.problems.push("jira.base_url is set but not jira.email (JIRA_EMAIL): Jira Cloud needs both with an API token".into());
                }
                s.jira = Some(JiraSettings {
                    base_url: base_url.trim_end_matches('/').to_string(),
                    email: jira.email.clone(),
                    jql,
                    token: config.secret_sources("jira", "token", JIRA_TOKEN_ENV),
                });
            }
        }

        if linear.enabled != Some(false) {
            let token = config.secret_sources("linear", "token", LINEAR_TOKEN_ENV);
            let configured = linear.enabled == Some(true)
                || !linear.teams.is_empty()
                || config.get("linear.token_command").is_some()
                || LINEAR_TOKEN_ENV
                    .iter()
                    .any(|v| std::env::var(v).is_ok_and(|x| !x.trim().is_empty()));
            if configured {
                s.linear = Some(LinearSettings {
                    api_url: linear
                        .api_url
                        .clone()
                        .unwrap_or_else(|| "https://api.linear.app/graphql".into()),
                    teams: linear.teams.clone(),
                    token,
                });
            }
        }
        s
    }

    pub fn any(&self) -> bool {
        self.github.is_some()
            || self.gitlab.is_some()
            || self.jira.is_some()
            || self.linear.is_some()
    }
}

fn section<T: Default + serde::de::DeserializeOwned>(
    config: &Config,
    name: &str,
    problems: &mut Vec<String>,
) -> T {
    config.section(name).unwrap_or_else(|e| {
        problems.push(e.to_string());
        T::default()
    })
}

fn from(key: &str, config: &Config) -> String {
    match config.origin(key) {
        Some(origin) => format!("{key} ({origin})"),
        None => key.to_string(),
    }
}
