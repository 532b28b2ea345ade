//! Jira Cloud REST v3 bodies (`/rest/api/3/search/jql`, `/rest/api/3/issue/{key}`), written
//! from Atlassian's published schema (as typed by jira.js): `nextPageToken` absent on the last
//! page, ADF descriptions, users whose `emailAddress` privacy settings hide.

use serde::Deserialize;
use serde_json::Value;

use super::adf;
use crate::sources::records::{Account, IssueRecord};
use crate::time::parse_rfc3339;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub account_id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub email_address: Option<String>,
    #[serde(default)]
    pub account_type: Option<String>,
}

impl User {
    pub fn account(&self) -> Account {
        Account {
            remote_id: self.account_id.clone(),
            login: None,
            name: self.display_name.clone(),
            email: self.email_address.clone().filter(|e| !e.is_empty()),
            bot: self.account_type.as_deref() == Some("app"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Named {
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StatusCategory {
    #[serde(default)]
    pub key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status_category: Option<StatusCategory>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Fields {
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Value,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub components: Vec<Named>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub assignee: Option<User>,
    #[serde(default)]
    pub reporter: Option<User>,
    #[serde(default)]
    pub project: Option<ProjectRef>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub resolutiondate: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProjectRef {
    #[serde(default)]
    pub key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Issue {
    pub key: String,
    pub fields: Fields,
}

/// A page of `GET /rest/api/3/search/jql`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    #[serde(default)]
    pub issues: Vec<Issue>,
    #[serde(default)]
    pub next_page_token: Option<String>,
    #[serde(default)]
    pub is_last: Option<bool>,
}

/// The fields asked for.
pub const FIELDS: &str = "summary,description,labels,components,status,assignee,reporter,project,created,updated,resolutiondate";

impl Issue {
    pub fn record(&self, base_url: &str) -> Option<IssueRecord> {
        let f = &self.fields;
        let open = f
            .status
            .as_ref()
            .and_then(|s| s.status_category.as_ref())
            .and_then(|c| c.key.as_deref())
            != Some("done");
        let project = f
            .project
            .as_ref()
            .and_then(|p| p.key.clone())
            .or_else(|| self.key.rsplit_once('-').map(|(p, _)| p.to_string()))
            .unwrap_or_default();
        Some(IssueRecord {
            key: self.key.clone(),
            project,
            title: f.summary.clone().unwrap_or_default(),
            body: adf::to_text(&f.description),
            open,
            status: f.status.as_ref().and_then(|s| s.name.clone()),
            labels: f.labels.clone(),
            components: f.components.iter().filter_map(|c| c.name.clone()).collect(),
            assignee: f.assignee.as_ref().map(User::account),
            author: f.reporter.as_ref().map(User::account),
            created_at: f.created.as_deref().and_then(parse_rfc3339)?,
            updated_at: f.updated.as_deref().and_then(parse_rfc3339)?,
            closed_at: f.resolutiondate.as_deref().and_then(parse_rfc3339),
            url: format!("{}/browse/{}", base_url.trim_end_matches('/'), self.key),
        })
    }
}
