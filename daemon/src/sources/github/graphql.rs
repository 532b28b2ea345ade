//! GitHub over GraphQL: one query returns a page of pull requests (newest updated first) with
//! their files, commits with the accounts GitHub attributes them to, reviews with their inline
//! comments, and pending review requests — one request where REST needs 1 + 4 per pull request.
//! Connections are capped (100 files, 100 commits, 50 reviews × 30 comments, 20 requests).

use serde::Deserialize;
use serde_json::json;

use super::Github;
use crate::sources::error::SourceError;
use crate::sources::feed::{Feed, Item, Page};
use crate::sources::records::{
    Account, CommentRecord, PullCommit, PullFile, PullRecord, PullState, ReviewRecord,
};
use crate::sources::store::Resource;
use crate::time::parse_rfc3339;

/// The query (validated against GitHub's published schema by `scripts/test.d/55-sources.sh`).
pub const PULLS_QUERY: &str = r#"query AexyPulls($owner: String!, $name: String!, $first: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number title body state isDraft url createdAt updatedAt closedAt mergedAt
        additions deletions baseRefName headRefName
        mergeCommit { oid }
        author { __typename login ... on User { databaseId name } ... on Bot { databaseId } }
        files(first: 100) { nodes { path additions deletions } }
        commits(first: 100) {
          nodes { commit { oid author { name email user { login databaseId name } } } }
        }
        reviews(first: 50) {
          nodes {
            databaseId state submittedAt
            author { __typename login ... on User { databaseId name } ... on Bot { databaseId } }
            comments(first: 30) { nodes { databaseId path createdAt } }
          }
        }
        reviewRequests(first: 20) {
          nodes { requestedReviewer { __typename ... on User { login databaseId name } } }
        }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}"#;

/// Pull requests over GraphQL.
pub struct GraphqlPulls<'a>(pub &'a Github);

#[derive(Deserialize)]
struct Response {
    data: Option<Data>,
    #[serde(default)]
    errors: Vec<GqlError>,
}

#[derive(Deserialize)]
struct GqlError {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct Data {
    repository: Option<Repository>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Repository {
    pull_requests: Connection<PullNode>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection<T> {
    #[serde(default)]
    page_info: Option<PageInfo>,
    #[serde(default = "Vec::new")]
    nodes: Vec<Option<T>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Actor {
    #[serde(rename = "__typename", default)]
    typename: Option<String>,
    login: String,
    #[serde(default)]
    database_id: Option<u64>,
    #[serde(default)]
    name: Option<String>,
}

impl Actor {
    fn account(&self) -> Account {
        let bot = self.typename.as_deref() == Some("Bot");
        let login = if bot && !self.login.ends_with("[bot]") {
            format!("{}[bot]", self.login)
        } else {
            self.login.clone()
        };
        Account {
            // REST reports the same numeric id, so both paths store one account.
            remote_id: self
                .database_id
                .map_or_else(|| login.clone(), |id| id.to_string()),
            login: Some(login),
            name: self.name.clone(),
            email: None,
            bot,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PullNode {
    number: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    state: String,
    #[serde(default)]
    is_draft: bool,
    #[serde(default)]
    url: Option<String>,
    created_at: String,
    updated_at: String,
    closed_at: Option<String>,
    merged_at: Option<String>,
    additions: Option<u32>,
    deletions: Option<u32>,
    base_ref_name: Option<String>,
    head_ref_name: Option<String>,
    merge_commit: Option<Oid>,
    author: Option<Actor>,
    files: Option<Connection<FileNode>>,
    commits: Option<Connection<CommitNode>>,
    reviews: Option<Connection<ReviewNode>>,
    review_requests: Option<Connection<RequestNode>>,
}

#[derive(Deserialize)]
struct Oid {
    oid: String,
}

#[derive(Deserialize)]
struct FileNode {
    path: String,
    additions: Option<u32>,
    deletions: Option<u32>,
}

#[derive(Deserialize)]
struct CommitNode {
    commit: CommitInner,
}

#[derive(Deserialize)]
struct CommitInner {
    oid: String,
    author: Option<GitActor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GitActor {
    name: Option<String>,
    email: Option<String>,
    user: Option<Actor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReviewNode {
    database_id: Option<u64>,
    state: String,
    submitted_at: Option<String>,
    author: Option<Actor>,
    comments: Option<Connection<CommentNode>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CommentNode {
    database_id: Option<u64>,
    path: Option<String>,
    created_at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestNode {
    requested_reviewer: Option<Actor>,
}

fn nodes<T>(c: Option<Connection<T>>) -> impl Iterator<Item = T> {
    c.into_iter().flat_map(|c| c.nodes.into_iter().flatten())
}

impl PullNode {
    fn record(self, repo: &str) -> Option<PullRecord> {
        let merged_at = self.merged_at.as_deref().and_then(parse_rfc3339);
        let state = match (self.state.as_str(), merged_at) {
            ("MERGED", _) | (_, Some(_)) => PullState::Merged,
            ("OPEN", _) => PullState::Open,
            _ => PullState::Closed,
        };
        let mut reviews = Vec::new();
        let mut comments = Vec::new();
        for (i, r) in nodes(self.reviews).enumerate() {
            if r.state == "PENDING" {
                continue;
            }
            let account = r.author.as_ref().map(Actor::account);
            for (j, c) in nodes(r.comments).enumerate() {
                let Some(created_at) = parse_rfc3339(&c.created_at) else {
                    continue;
                };
                comments.push(CommentRecord {
                    remote_id: c
                        .database_id
                        .map_or_else(|| format!("r{i}c{j}"), |id| id.to_string()),
                    account: account.clone(),
                    path: c.path,
                    created_at,
                });
            }
            reviews.push(ReviewRecord {
                remote_id: r
                    .database_id
                    .map_or_else(|| format!("r{i}"), |id| id.to_string()),
                account,
                state: r.state,
                submitted_at: r.submitted_at.as_deref().and_then(parse_rfc3339),
            });
        }
        Some(PullRecord {
            repo: repo.to_string(),
            number: self.number,
            title: self.title,
            body: self.body.unwrap_or_default(),
            state,
            draft: self.is_draft,
            author: self.author.as_ref().map(Actor::account),
            created_at: parse_rfc3339(&self.created_at)?,
            updated_at: parse_rfc3339(&self.updated_at)?,
            closed_at: self.closed_at.as_deref().and_then(parse_rfc3339),
            merged_at,
            base_ref: self.base_ref_name,
            head_ref: self.head_ref_name,
            merge_oid: self.merge_commit.map(|m| m.oid),
            additions: self.additions,
            deletions: self.deletions,
            url: self.url.unwrap_or_default(),
            files: nodes(self.files)
                .map(|f| PullFile {
                    path: f.path,
                    previous_path: None,
                    additions: f.additions,
                    deletions: f.deletions,
                })
                .collect(),
            commits: nodes(self.commits)
                .map(|c| {
                    let author = c.commit.author;
                    PullCommit {
                        oid: c.commit.oid,
                        account: author
                            .as_ref()
                            .and_then(|a| a.user.as_ref())
                            .map(Actor::account),
                        author_name: author.as_ref().and_then(|a| a.name.clone()),
                        author_email: author.and_then(|a| a.email),
                    }
                })
                .collect(),
            reviews,
            comments,
            requested: nodes(self.review_requests)
                .filter_map(|r| r.requested_reviewer)
                .map(|a| a.account())
                .collect(),
            complete: true,
        })
    }
}

impl Feed for GraphqlPulls<'_> {
    fn resource(&self) -> Resource<'_> {
        self.0.resource("pulls")
    }

    async fn page(
        &self,
        cursor: Option<&str>,
        _since: Option<i64>,
        _etag: Option<&str>,
    ) -> Result<Page, SourceError> {
        let gh = self.0;
        let (owner, name) = gh.repo.split_once('/').unwrap_or((gh.repo.as_str(), ""));
        let body = json!({
            "query": PULLS_QUERY,
            "variables": { "owner": owner, "name": name, "first": gh.graphql_page, "after": cursor },
        });
        let fetched = gh.api.post_json(&gh.graphql_url, &body).await?;
        let response: Response = gh.api.decode(&fetched, "the GraphQL answer")?;
        if let Some(e) = response.errors.first() {
            return Err(SourceError::Graphql {
                target: gh.api.target.clone(),
                kind: e.kind.clone().unwrap_or_else(|| "ERROR".into()),
                message: crate::net::Redactor::none().apply(&e.message),
            });
        }
        let repo =
            response
                .data
                .and_then(|d| d.repository)
                .ok_or_else(|| SourceError::Graphql {
                    target: gh.api.target.clone(),
                    kind: "NOT_FOUND".into(),
                    message: "no repository in the answer".into(),
                })?;
        let connection = repo.pull_requests;
        let next = connection
            .page_info
            .filter(|p| p.has_next_page)
            .and_then(|p| p.end_cursor);
        let mut items = Vec::new();
        for node in connection.nodes.into_iter().flatten() {
            let number = node.number;
            let record = node.record(&gh.repo).ok_or_else(|| {
                gh.api
                    .malformed(format!("pull request #{number} has no valid timestamps"))
            })?;
            items.push(Item::Pull(Box::new(record)));
        }
        Ok(Page::of(items, next))
    }
}
