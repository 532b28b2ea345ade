//! GitHub REST v3 bodies (pulls, reviews, review comments, files, commits, issues, users) as
//! serde models, lenient where GitHub's own examples and recorded traffic vary (nullable
//! users, labels as objects or strings, missing `draft`, users without an `id` in requested
//! reviewers, trimmed bodies): everything parses; a record needs its number and timestamps.

use serde::Deserialize;

use crate::sources::records::{
    Account, CommentRecord, IssueRecord, PullCommit, PullFile, PullRecord, PullState, ReviewRecord,
};
use crate::time::parse_rfc3339;

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub login: String,
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl User {
    pub fn account(&self) -> Account {
        Account {
            // The numeric id is stable across renames; a body without one keys by login.
            remote_id: self
                .id
                .map_or_else(|| self.login.clone(), |id| id.to_string()),
            login: Some(self.login.clone()),
            name: self.name.clone(),
            email: self.email.clone(),
            bot: self.kind.as_deref() == Some("Bot") || self.login.ends_with("[bot]"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ref {
    #[serde(rename = "ref")]
    pub name: String,
}

/// A pull request from the list (`GET /repos/{o}/{r}/pulls`) or alone (`…/pulls/{n}`).
#[derive(Debug, Clone, Deserialize)]
pub struct Pull {
    pub number: u64,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub draft: Option<bool>,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub merged_at: Option<String>,
    #[serde(default)]
    pub merge_commit_sha: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub base: Option<Ref>,
    #[serde(default)]
    pub head: Option<Ref>,
    #[serde(default)]
    pub requested_reviewers: Option<Vec<User>>,
    #[serde(default)]
    pub additions: Option<u32>,
    #[serde(default)]
    pub deletions: Option<u32>,
}

impl Pull {
    /// The list entry as a record whose details (files, commits, reviews) are still to fetch.
    pub fn record(&self, repo: &str) -> Option<PullRecord> {
        let merged_at = self.merged_at.as_deref().and_then(parse_rfc3339);
        let state = match (self.state.as_str(), merged_at) {
            (_, Some(_)) => PullState::Merged,
            ("open", None) => PullState::Open,
            _ => PullState::Closed,
        };
        Some(PullRecord {
            repo: repo.to_string(),
            number: self.number,
            title: self.title.clone().unwrap_or_default(),
            body: self.body.clone().unwrap_or_default(),
            state,
            draft: self.draft.unwrap_or(false),
            author: self.user.as_ref().map(User::account),
            created_at: self.created_at.as_deref().and_then(parse_rfc3339)?,
            updated_at: self.updated_at.as_deref().and_then(parse_rfc3339)?,
            closed_at: self.closed_at.as_deref().and_then(parse_rfc3339),
            merged_at,
            base_ref: self.base.as_ref().map(|r| r.name.clone()),
            head_ref: self.head.as_ref().map(|r| r.name.clone()),
            merge_oid: self
                .merge_commit_sha
                .clone()
                .filter(|_| merged_at.is_some()),
            additions: self.additions,
            deletions: self.deletions,
            url: self.html_url.clone().unwrap_or_default(),
            files: Vec::new(),
            commits: Vec::new(),
            reviews: Vec::new(),
            comments: Vec::new(),
            requested: self
                .requested_reviewers
                .iter()
                .flatten()
                .map(User::account)
                .collect(),
            complete: false,
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Review {
    pub id: u64,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub submitted_at: Option<String>,
}

impl Review {
    /// `None` for a pending (unsubmitted) review.
    pub fn record(&self) -> Option<ReviewRecord> {
        if self.state.is_empty() || self.state.eq_ignore_ascii_case("PENDING") {
            return None;
        }
        Some(ReviewRecord {
            remote_id: self.id.to_string(),
            account: self.user.as_ref().map(User::account),
            state: self.state.to_ascii_uppercase(),
            submitted_at: self.submitted_at.as_deref().and_then(parse_rfc3339),
        })
    }
}

/// An inline review comment (`GET …/pulls/{n}/comments`).
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewComment {
    pub id: u64,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

impl ReviewComment {
    pub fn record(&self) -> Option<CommentRecord> {
        Some(CommentRecord {
            remote_id: self.id.to_string(),
            account: self.user.as_ref().map(User::account),
            path: self.path.clone(),
            created_at: self.created_at.as_deref().and_then(parse_rfc3339)?,
        })
    }
}

/// A changed file (`GET …/pulls/{n}/files`, the diff-entry schema).
#[derive(Debug, Clone, Deserialize)]
pub struct DiffEntry {
    pub filename: String,
    #[serde(default)]
    pub previous_filename: Option<String>,
    #[serde(default)]
    pub additions: Option<u32>,
    #[serde(default)]
    pub deletions: Option<u32>,
}

impl DiffEntry {
    pub fn record(&self) -> PullFile {
        PullFile {
            path: self.filename.clone(),
            previous_path: self.previous_filename.clone(),
            additions: self.additions,
            deletions: self.deletions,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct GitPerson {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GitCommit {
    #[serde(default)]
    pub author: Option<GitPerson>,
}

/// A commit of a pull request (`GET …/pulls/{n}/commits`).
#[derive(Debug, Clone, Deserialize)]
pub struct Commit {
    pub sha: String,
    #[serde(default)]
    pub commit: Option<GitCommit>,
    #[serde(default)]
    pub author: Option<User>,
}

impl Commit {
    pub fn record(&self) -> PullCommit {
        let person = self.commit.as_ref().and_then(|c| c.author.as_ref());
        PullCommit {
            oid: self.sha.clone(),
            account: self.author.as_ref().map(User::account),
            author_name: person.and_then(|p| p.name.clone()),
            author_email: person.and_then(|p| p.email.clone()),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Label {
    Named { name: Option<String> },
    Plain(String),
}

/// An issue (`GET /repos/{o}/{r}/issues`, `…/issues/{n}`); pull requests appear in the list too,
/// with a `pull_request` key.
#[derive(Debug, Clone, Deserialize)]
pub struct Issue {
    #[serde(default)]
    pub number: Option<u64>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub labels: Vec<Label>,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub assignee: Option<User>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
}

impl Issue {
    pub fn is_pull_request(&self) -> bool {
        self.pull_request.is_some()
    }

    pub fn record(&self, repo: &str) -> Option<IssueRecord> {
        let number = self.number?;
        Some(IssueRecord {
            key: format!("{repo}#{number}"),
            project: repo.to_string(),
            title: self.title.clone().unwrap_or_default(),
            body: self.body.clone().unwrap_or_default(),
            open: self.state == "open",
            status: Some(self.state.clone()),
            labels: self
                .labels
                .iter()
                .filter_map(|l| match l {
                    Label::Named { name } => name.clone(),
                    Label::Plain(s) => Some(s.clone()),
                })
                .collect(),
            components: Vec::new(),
            assignee: self.assignee.as_ref().map(User::account),
            author: self.user.as_ref().map(User::account),
            created_at: self.created_at.as_deref().and_then(parse_rfc3339)?,
            updated_at: self.updated_at.as_deref().and_then(parse_rfc3339)?,
            closed_at: self.closed_at.as_deref().and_then(parse_rfc3339),
            url: self.html_url.clone().unwrap_or_default(),
        })
    }
}
