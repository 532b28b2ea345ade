//! GitLab REST v4 bodies (merge requests, notes, diffs, commits, issues, users), written from
//! GitLab's published API documentation, and their conversion to records. Approvals and
//! change requests arrive as system notes; inline comments as `DiffNote`s with a position.

use serde::Deserialize;

use crate::sources::records::{
    Account, CommentRecord, IssueRecord, PullCommit, PullFile, PullRecord, PullState, ReviewRecord,
};
use crate::time::parse_rfc3339;

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: u64,
    pub username: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub public_email: Option<String>,
    #[serde(default)]
    pub bot: Option<bool>,
}

impl User {
    pub fn account(&self) -> Account {
        Account {
            remote_id: self.id.to_string(),
            login: Some(self.username.clone()),
            name: self.name.clone(),
            email: self.public_email.clone().filter(|e| !e.is_empty()),
            bot: self.bot.unwrap_or(false)
                || self.username.ends_with("-bot")
                || self.username.starts_with("project_") && self.username.contains("_bot"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct MergeRequest {
    pub iid: u64,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub state: String,
    #[serde(default)]
    pub draft: Option<bool>,
    #[serde(default)]
    pub work_in_progress: Option<bool>,
    #[serde(default)]
    pub author: Option<User>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub merged_at: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub target_branch: Option<String>,
    #[serde(default)]
    pub source_branch: Option<String>,
    #[serde(default)]
    pub merge_commit_sha: Option<String>,
    #[serde(default)]
    pub squash_commit_sha: Option<String>,
    #[serde(default)]
    pub web_url: Option<String>,
    #[serde(default)]
    pub reviewers: Vec<User>,
}

impl MergeRequest {
    pub fn record(&self, project: &str) -> Option<PullRecord> {
        let merged_at = self.merged_at.as_deref().and_then(parse_rfc3339);
        let state = match self.state.as_str() {
            "merged" => PullState::Merged,
            "opened" | "locked" => PullState::Open,
            _ => PullState::Closed,
        };
        Some(PullRecord {
            repo: project.to_string(),
            number: self.iid,
            title: self.title.clone(),
            body: self.description.clone().unwrap_or_default(),
            state,
            draft: self.draft.or(self.work_in_progress).unwrap_or(false),
            author: self.author.as_ref().map(User::account),
            created_at: parse_rfc3339(&self.created_at)?,
            updated_at: parse_rfc3339(&self.updated_at)?,
            closed_at: self.closed_at.as_deref().and_then(parse_rfc3339),
            merged_at,
            base_ref: self.target_branch.clone(),
            head_ref: self.source_branch.clone(),
            merge_oid: self
                .merge_commit_sha
                .clone()
                .or_else(|| self.squash_commit_sha.clone()),
            additions: None,
            deletions: None,
            url: self.web_url.clone().unwrap_or_default(),
            files: Vec::new(),
            commits: Vec::new(),
            reviews: Vec::new(),
            comments: Vec::new(),
            requested: self.reviewers.iter().map(User::account).collect(),
            complete: false,
        })
    }
}

/// One file of `…/merge_requests/:iid/diffs` (or of `…/changes`' `changes`).
#[derive(Debug, Clone, Deserialize)]
pub struct Diff {
    #[serde(default)]
    pub old_path: Option<String>,
    pub new_path: String,
    #[serde(default)]
    pub renamed_file: bool,
    #[serde(default)]
    pub diff: Option<String>,
}

impl Diff {
    /// Lines added and deleted, counted from the unified diff GitLab returns.
    pub fn record(&self) -> PullFile {
        let (mut added, mut deleted) = (0u32, 0u32);
        for line in self.diff.as_deref().unwrap_or("").lines() {
            if line.starts_with('+') && !line.starts_with("+++") {
                added += 1;
            } else if line.starts_with('-') && !line.starts_with("---") {
                deleted += 1;
            }
        }
        PullFile {
            path: self.new_path.clone(),
            previous_path: self.old_path.clone().filter(|_| self.renamed_file),
            additions: self.diff.as_ref().map(|_| added),
            deletions: self.diff.as_ref().map(|_| deleted),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Changes {
    #[serde(default)]
    pub changes: Vec<Diff>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Position {
    #[serde(default)]
    pub new_path: Option<String>,
    #[serde(default)]
    pub old_path: Option<String>,
}

/// A note (comment) on a merge request; `system` notes record events such as approvals.
#[derive(Debug, Clone, Deserialize)]
pub struct Note {
    pub id: u64,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub author: Option<User>,
    pub created_at: String,
    #[serde(default)]
    pub system: bool,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub position: Option<Position>,
}

/// What a note means for the review history.
pub enum NoteEvent {
    Review(ReviewRecord),
    Comment(CommentRecord),
    Nothing,
}

impl Note {
    pub fn event(&self) -> NoteEvent {
        let Some(at) = parse_rfc3339(&self.created_at) else {
            return NoteEvent::Nothing;
        };
        let account = self.author.as_ref().map(User::account);
        let review = |state: &str| {
            NoteEvent::Review(ReviewRecord {
                remote_id: format!("note-{}", self.id),
                account: account.clone(),
                state: state.to_string(),
                submitted_at: Some(at),
            })
        };
        if self.system {
            let body = self.body.trim().to_ascii_lowercase();
            return if body.starts_with("approved this merge request") {
                review("APPROVED")
            } else if body.starts_with("requested changes") {
                review("CHANGES_REQUESTED")
            } else {
                NoteEvent::Nothing
            };
        }
        let path = self
            .position
            .as_ref()
            .and_then(|p| p.new_path.clone().or_else(|| p.old_path.clone()));
        match (self.kind.as_deref(), path) {
            (Some("DiffNote"), Some(path)) => NoteEvent::Comment(CommentRecord {
                remote_id: format!("note-{}", self.id),
                account,
                path: Some(path),
                created_at: at,
            }),
            _ => review("COMMENTED"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Commit {
    pub id: String,
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub author_email: Option<String>,
}

impl Commit {
    pub fn record(&self) -> PullCommit {
        PullCommit {
            oid: self.id.clone(),
            account: None,
            author_name: self.author_name.clone(),
            author_email: self.author_email.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Issue {
    pub iid: u64,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub state: String,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub author: Option<User>,
    #[serde(default)]
    pub assignee: Option<User>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub web_url: Option<String>,
}

impl Issue {
    pub fn record(&self, project: &str) -> Option<IssueRecord> {
        Some(IssueRecord {
            key: format!("{project}#{}", self.iid),
            project: project.to_string(),
            title: self.title.clone(),
            body: self.description.clone().unwrap_or_default(),
            open: self.state == "opened",
            status: Some(self.state.clone()),
            labels: self.labels.clone(),
            components: Vec::new(),
            assignee: self.assignee.as_ref().map(User::account),
            author: self.author.as_ref().map(User::account),
            created_at: parse_rfc3339(&self.created_at)?,
            updated_at: parse_rfc3339(&self.updated_at)?,
            closed_at: self.closed_at.as_deref().and_then(parse_rfc3339),
            url: self.web_url.clone().unwrap_or_default(),
        })
    }
}
