//! What every service's client produces, whatever its wire format: accounts, pull requests with
//! their files, commits, reviews, inline comments and review requests, and tracker issues.
//! `store` writes them; nothing here knows HTTP or SQL.

/// GitHub, GitLab, Jira or Linear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    Github,
    Gitlab,
    Jira,
    Linear,
}

impl System {
    pub const ALL: [System; 4] = [System::Github, System::Gitlab, System::Jira, System::Linear];

    pub fn name(self) -> &'static str {
        match self {
            System::Github => "github",
            System::Gitlab => "gitlab",
            System::Jira => "jira",
            System::Linear => "linear",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            System::Github => "GitHub",
            System::Gitlab => "GitLab",
            System::Jira => "Jira",
            System::Linear => "Linear",
        }
    }

    pub fn parse(name: &str) -> Option<System> {
        System::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

/// An account on a service. `remote_id` is the service's stable id (GitHub `id`, GitLab user
/// id, Jira `accountId`, Linear user id); the login when the service shows nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    pub remote_id: String,
    pub login: Option<String>,
    pub name: Option<String>,
    /// Only when the service shows it (most hide it).
    pub email: Option<String>,
    pub bot: bool,
}

impl Account {
    /// A GitHub/GitLab user from its numeric id and login.
    pub fn user(id: impl ToString, login: &str) -> Account {
        Account {
            remote_id: id.to_string(),
            login: Some(login.to_string()),
            bot: login.ends_with("[bot]"),
            ..Account::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullState {
    Open,
    Closed,
    Merged,
}

impl PullState {
    pub fn code(self) -> &'static str {
        match self {
            PullState::Open => "open",
            PullState::Closed => "closed",
            PullState::Merged => "merged",
        }
    }
}

/// A file a pull request changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullFile {
    pub path: String,
    pub previous_path: Option<String>,
    pub additions: Option<u32>,
    pub deletions: Option<u32>,
}

/// A commit of a pull request, with the account the service attributes it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullCommit {
    pub oid: String,
    pub account: Option<Account>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
}

/// A submitted review. `state` is the service's word, upper-case (`APPROVED`,
/// `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`); pending reviews are never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    pub remote_id: String,
    pub account: Option<Account>,
    pub state: String,
    pub submitted_at: Option<i64>,
}

/// An inline (file) review comment, or a general review note when `path` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub remote_id: String,
    pub account: Option<Account>,
    pub path: Option<String>,
    pub created_at: i64,
}

/// A pull request with everything synced about it. `complete` is false when only the list
/// entry is known (details still to fetch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRecord {
    pub repo: String,
    pub number: u64,
    pub title: String,
    pub body: String,
    pub state: PullState,
    pub draft: bool,
    pub author: Option<Account>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub merged_at: Option<i64>,
    pub base_ref: Option<String>,
    pub head_ref: Option<String>,
    pub merge_oid: Option<String>,
    pub additions: Option<u32>,
    pub deletions: Option<u32>,
    pub url: String,
    pub files: Vec<PullFile>,
    pub commits: Vec<PullCommit>,
    pub reviews: Vec<ReviewRecord>,
    pub comments: Vec<CommentRecord>,
    pub requested: Vec<Account>,
    pub complete: bool,
}

/// A tracker issue (GitHub/GitLab issue, Jira issue, Linear issue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRecord {
    /// `owner/name#12` (GitHub), `group/project#7` (GitLab), `PROJ-123` (Jira), `ENG-42` (Linear).
    pub key: String,
    /// The repository, Jira project or Linear team it belongs to.
    pub project: String,
    pub title: String,
    /// Plain text (Jira's ADF and Markdown kept as text).
    pub body: String,
    pub open: bool,
    pub status: Option<String>,
    pub labels: Vec<String>,
    pub components: Vec<String>,
    pub assignee: Option<Account>,
    pub author: Option<Account>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
    pub url: String,
}
