//! Linear: issues of the configured teams over its GraphQL API (Relay cursors, `updatedAt`
//! filter for incremental syncs), one issue by identifier (`ENG-123`). Personal API keys go in
//! `Authorization` without "Bearer" (Linear's rule); its rate limits answer `RATELIMITED` with
//! `X-RateLimit-Requests-Reset` (epoch milliseconds), honoured through a `net` classifier.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use reqwest::header::AUTHORIZATION;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::net::{self, retry, Head, Http, Secret, Verdict};
use crate::time::{parse_rfc3339, rfc3339};

use super::api::Api;
use super::error::{SourceError, Target};
use super::feed::{Feed, Item, Page};
use super::records::{Account, IssueRecord, System};
use super::store::Resource;

pub const PAGE: u32 = 50;

const ISSUE_FIELDS: &str =
    "id identifier title description url createdAt updatedAt completedAt canceledAt \
    state { name type } team { key } labels { nodes { name } } project { name } \
    assignee { id name displayName email } creator { id name displayName email }";

/// The list query (validated against Linear's published schema by the test suite's fixtures).
pub fn issues_query() -> String {
    format!(
        "query AexyIssues($first: Int!, $after: String, $filter: IssueFilter) {{ \
         issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt) {{ \
         pageInfo {{ hasNextPage endCursor }} nodes {{ {ISSUE_FIELDS} }} }} }}"
    )
}

pub fn issue_query() -> String {
    format!("query AexyIssue($id: String!) {{ issue(id: $id) {{ {ISSUE_FIELDS} }} }}")
}

/// A connection to Linear.
pub struct Linear {
    pub api: Api,
    pub api_url: String,
    pub teams: Vec<String>,
    pub page_size: u32,
}

pub struct LinearIssues<'a>(pub &'a Linear);

#[derive(Debug, Deserialize)]
struct Response {
    data: Option<Value>,
    #[serde(default)]
    errors: Vec<GqlError>,
}

#[derive(Debug, Deserialize)]
struct GqlError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    extensions: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct User {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

impl User {
    fn account(&self) -> Account {
        Account {
            remote_id: self.id.clone(),
            login: self.display_name.clone(),
            name: self.name.clone(),
            email: self.email.clone().filter(|e| !e.is_empty()),
            bot: false,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct State {
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Team {
    key: String,
}

#[derive(Debug, Deserialize)]
struct Labels {
    #[serde(default)]
    nodes: Vec<Named>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IssueNode {
    identifier: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    url: Option<String>,
    created_at: String,
    updated_at: String,
    #[serde(default)]
    completed_at: Option<String>,
    #[serde(default)]
    canceled_at: Option<String>,
    #[serde(default)]
    state: Option<State>,
    #[serde(default)]
    team: Option<Team>,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    project: Option<Named>,
    #[serde(default)]
    assignee: Option<User>,
    #[serde(default)]
    creator: Option<User>,
}

impl IssueNode {
    fn record(&self) -> Option<IssueRecord> {
        let kind = self.state.as_ref().and_then(|s| s.kind.as_deref());
        Some(IssueRecord {
            key: self.identifier.clone(),
            project: self
                .team
                .as_ref()
                .map(|t| t.key.clone())
                .or_else(|| self.identifier.rsplit_once('-').map(|(t, _)| t.to_string()))
                .unwrap_or_default(),
            title: self.title.clone(),
            body: self.description.clone().unwrap_or_default(),
            open: !matches!(kind, Some("completed") | Some("canceled")),
            status: self.state.as_ref().and_then(|s| s.name.clone()),
            labels: self
                .labels
                .iter()
                .flat_map(|l| &l.nodes)
                .filter_map(|n| n.name.clone())
                .collect(),
            components: self.project.iter().filter_map(|p| p.name.clone()).collect(),
            assignee: self.assignee.as_ref().map(User::account),
            author: self.creator.as_ref().map(User::account),
            created_at: parse_rfc3339(&self.created_at)?,
            updated_at: parse_rfc3339(&self.updated_at)?,
            closed_at: self
                .completed_at
                .as_deref()
                .or(self.canceled_at.as_deref())
                .and_then(parse_rfc3339),
            url: self.url.clone().unwrap_or_default(),
        })
    }
}

/// Linear's rate limit: `RATELIMITED` in the errors (HTTP 400 or 429), the wait from
/// `X-RateLimit-Requests-Reset` (epoch milliseconds). Everything else: `net::classify`.
pub fn classify(head: &Head<'_>) -> Verdict {
    if (head.status == 400 || head.status == 429) && head.body.contains("RATELIMITED") {
        let reset = retry::header_str(head.headers, "x-ratelimit-requests-reset")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|ms| UNIX_EPOCH + Duration::from_millis(ms))
            .map(|t| t.duration_since(head.now).unwrap_or(Duration::ZERO));
        return Verdict::Retry {
            after: reset.or_else(|| retry::retry_after(head.headers, head.now)),
            rate_limited: true,
        };
    }
    net::classify(head)
}

impl Linear {
    pub fn new(
        http: Http,
        api_url: &str,
        teams: &[String],
        token: Option<(&Secret, String)>,
    ) -> Result<Linear, SourceError> {
        let target = Target {
            system: System::Linear,
            what: if teams.is_empty() {
                "Linear issues".to_string()
            } else {
                format!("Linear team(s) {}", teams.join(", "))
            },
            token: token.as_ref().map(|(_, s)| s.clone()),
        };
        let mut headers = Vec::new();
        if let Some((secret, _)) = &token {
            // A personal API key goes as it is; an OAuth token (lin_oauth_…) as Bearer.
            let value = target.credential(if secret.expose().starts_with("lin_oauth_") {
                net::bearer(secret)
            } else {
                net::sensitive(secret.expose())
            })?;
            headers.push((AUTHORIZATION, value));
        }
        let api = Api::new(target, http, headers).with_classify(Arc::new(classify));
        Ok(Linear {
            api,
            api_url: api_url.to_string(),
            teams: teams.to_vec(),
            page_size: PAGE,
        })
    }

    async fn query(&self, query: &str, variables: Value) -> Result<Value, SourceError> {
        let fetched = self
            .api
            .post_json(
                &self.api_url,
                &json!({ "query": query, "variables": variables }),
            )
            .await?;
        let response: Response = self.api.decode(&fetched, "the GraphQL answer")?;
        if let Some(e) = response.errors.first() {
            let kind = e
                .extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .and_then(Value::as_str)
                .unwrap_or("ERROR")
                .to_string();
            return Err(SourceError::Graphql {
                target: self.api.target.clone(),
                kind,
                message: net::Redactor::none().apply(&e.message),
            });
        }
        response
            .data
            .ok_or_else(|| self.api.malformed("no data in the answer"))
    }

    /// One issue by identifier (`ENG-123`).
    pub async fn issue(&self, identifier: &str) -> Result<IssueRecord, SourceError> {
        let data = self
            .query(&issue_query(), json!({ "id": identifier }))
            .await?;
        let node: IssueNode =
            serde_json::from_value(data.get("issue").cloned().unwrap_or(Value::Null))
                .map_err(|e| self.api.malformed(format!("the issue: {e}")))?;
        node.record()
            .ok_or_else(|| self.api.malformed("the issue has no valid timestamps"))
    }

    fn filter(&self, since: Option<i64>) -> Value {
        let mut filter = serde_json::Map::new();
        if !self.teams.is_empty() {
            filter.insert("team".into(), json!({ "key": { "in": self.teams } }));
        }
        if let Some(since) = since {
            filter.insert("updatedAt".into(), json!({ "gt": rfc3339(since, 0) }));
        }
        Value::Object(filter)
    }
}

impl Feed for LinearIssues<'_> {
    fn resource(&self) -> Resource<'_> {
        Resource::new(System::Linear, "linear.app", "issues", "issues")
    }

    fn newest_first(&self) -> bool {
        false
    }

    async fn page(
        &self,
        cursor: Option<&str>,
        since: Option<i64>,
        _etag: Option<&str>,
    ) -> Result<Page, SourceError> {
        let linear = self.0;
        let data = linear
            .query(
                &issues_query(),
                json!({ "first": linear.page_size, "after": cursor, "filter": linear.filter(since) }),
            )
            .await?;
        let issues = data
            .get("issues")
            .ok_or_else(|| linear.api.malformed("no issues in the answer"))?;
        let nodes: Vec<IssueNode> =
            serde_json::from_value(issues.get("nodes").cloned().unwrap_or(Value::Null))
                .map_err(|e| linear.api.malformed(format!("the issue list: {e}")))?;
        let info = issues.get("pageInfo");
        let has_next = info
            .and_then(|p| p.get("hasNextPage"))
            .and_then(Value::as_bool)
            == Some(true);
        let next = info
            .and_then(|p| p.get("endCursor"))
            .and_then(Value::as_str)
            .filter(|_| has_next)
            .map(str::to_string);
        Ok(Page::of(
            Item::issues(nodes.iter().filter_map(IssueNode::record)),
            next,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn ratelimited_waits_until_the_reset() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert(
            "x-ratelimit-requests-reset",
            HeaderValue::from_static("1700000030500"),
        );
        let body =
            r#"{"errors":[{"message":"Rate limit exceeded","extensions":{"code":"RATELIMITED"}}]}"#;
        let v = classify(&Head {
            status: 400,
            headers: &h,
            body,
            now,
        });
        assert_eq!(
            v,
            Verdict::Retry {
                after: Some(Duration::from_millis(30_500)),
                rate_limited: true
            }
        );
        let v = classify(&Head {
            status: 400,
            headers: &h,
            body: "{\"errors\":[]}",
            now,
        });
        assert_eq!(v, Verdict::Fatal(net::Fatal::Request));
    }
}
