//! A synthetic pull-request history served like GitHub on 127.0.0.1: REST (Link pagination,
//! ETags, the octokit shapes) and GraphQL (cursor pages in the shape of aexy's query), with a
//! script of faults to inject before normal answers. Written from GitHub's REST and GraphQL
//! documentation; the recorded traffic tests check the same models against real exchanges.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use wiremock::{Request, Respond, ResponseTemplate};

/// A GitHub user.
#[derive(Clone, Debug)]
pub struct User {
    pub login: &'static str,
    pub id: u64,
    pub name: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub struct Pull {
    pub number: u64,
    pub author: User,
    pub title: String,
    pub body: String,
    pub created: i64,
    pub updated: i64,
    pub merged: Option<i64>,
    pub files: Vec<(&'static str, u32, u32)>,
    /// (sha, git author name, e-mail, account)
    pub commits: Vec<(String, &'static str, &'static str, Option<User>)>,
    /// (review id, reviewer, state, submitted)
    pub reviews: Vec<(u64, User, &'static str, i64)>,
    /// (comment id, author, path, created)
    pub comments: Vec<(u64, User, &'static str, i64)>,
    pub requested: Vec<User>,
    pub open: bool,
}

#[derive(Clone, Debug)]
pub struct Issue {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub labels: Vec<&'static str>,
    pub created: i64,
    pub updated: i64,
}

pub fn rfc3339(t: i64) -> String {
    aexy::time::rfc3339(t, 0)
}

fn user_json(u: &User) -> Value {
    json!({"login": u.login, "id": u.id, "node_id": format!("U_{}", u.id), "type": if u.login.ends_with("[bot]") { "Bot" } else { "User" }, "site_admin": false, "html_url": format!("https://github.com/{}", u.login)})
}

fn actor_gql(u: &User) -> Value {
    json!({"__typename": "User", "login": u.login, "databaseId": u.id, "name": u.name})
}

/// A fault to answer before the normal response: requests matching `path_contains` (and the
/// GraphQL cursor `after`, when set) get `response` while `times` lasts.
pub struct Fault {
    pub path_contains: String,
    pub after: Option<Option<String>>,
    pub response: ResponseTemplate,
    pub times: usize,
}

/// The served repository.
pub struct World {
    pub repo: String,
    pub pulls: Vec<Pull>,
    pub issues: Vec<Issue>,
    /// REST list pages hold this many items (GitHub's `per_page` is ignored, as if it were small).
    pub rest_page: usize,
    pub graphql_page: usize,
    pub base: String,
    pub faults: Mutex<Vec<Fault>>,
    pub etag: String,
    pub scopes: &'static str,
    pub private: bool,
    /// When set, requests without `Authorization: Bearer <token>` get GitHub's 401, whose body
    /// echoes what was sent (as a careless proxy might): it must never reach a message.
    pub token: Option<String>,
}

impl World {
    pub fn new(pulls: Vec<Pull>, issues: Vec<Issue>) -> World {
        World {
            repo: "octo/demo".into(),
            pulls,
            issues,
            rest_page: 100,
            graphql_page: 25,
            base: String::new(),
            faults: Mutex::new(Vec::new()),
            etag: "W/\"pulls-v1\"".into(),
            scopes: "repo, read:org",
            private: true,
            token: None,
        }
    }

    /// Queues a fault.
    pub fn fault(
        &self,
        path_contains: &str,
        after: Option<Option<&str>>,
        response: ResponseTemplate,
        times: usize,
    ) {
        self.faults.lock().unwrap().push(Fault {
            path_contains: path_contains.to_string(),
            after: after.map(|a| a.map(str::to_string)),
            response,
            times,
        });
    }
}

/// Serves `world` on 127.0.0.1.
pub async fn start(mut world: World) -> (wiremock::MockServer, Arc<World>) {
    let server = wiremock::MockServer::start().await;
    world.base = server.uri();
    let world = Arc::new(world);
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(Github(Arc::clone(&world)))
        .mount(&server)
        .await;
    (server, world)
}

/// The responder wiremock calls for every request.
pub struct Github(pub Arc<World>);

impl World {
    fn sorted(&self) -> Vec<&Pull> {
        let mut v: Vec<&Pull> = self.pulls.iter().collect();
        v.sort_by(|a, b| b.updated.cmp(&a.updated).then(b.number.cmp(&a.number)));
        v
    }

    fn page_of<'a, T>(&self, items: &'a [T], page: usize, size: usize) -> (&'a [T], bool) {
        let start = ((page - 1) * size).min(items.len());
        let end = (start + size).min(items.len());
        (&items[start..end], end < items.len())
    }

    fn link(&self, path: &str, query: &str, page: usize) -> String {
        let q: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("page=") && !p.is_empty())
            .collect();
        format!(
            "<{}{path}?{}&page={page}>; rel=\"next\"",
            self.base,
            q.join("&")
        )
    }

    fn rest_pull(&self, p: &Pull) -> Value {
        json!({
            "url": format!("{}/repos/{}/pulls/{}", self.base, self.repo, p.number),
            "id": 1000 + p.number, "node_id": format!("PR_{}", p.number),
            "html_url": format!("https://github.com/{}/pull/{}", self.repo, p.number),
            "number": p.number, "state": if p.open { "open" } else { "closed" }, "locked": false,
            "title": p.title, "user": user_json(&p.author), "body": p.body,
            "labels": [], "milestone": null, "active_lock_reason": null,
            "created_at": rfc3339(p.created), "updated_at": rfc3339(p.updated),
            "closed_at": if p.open { Value::Null } else { json!(rfc3339(p.merged.unwrap_or(p.updated))) },
            "merged_at": p.merged.map(rfc3339),
            "merge_commit_sha": format!("{:040x}", p.number),
            "assignee": null, "assignees": [],
            "requested_reviewers": p.requested.iter().map(user_json).collect::<Vec<_>>(),
            "requested_teams": [],
            "head": {"label": "octo:feature", "ref": format!("feature-{}", p.number), "sha": "0".repeat(40)},
            "base": {"label": "octo:main", "ref": "main", "sha": "1".repeat(40)},
            "author_association": "MEMBER", "auto_merge": null, "draft": false
        })
    }

    fn gql_pull(&self, p: &Pull) -> Value {
        let additions: u32 = p.files.iter().map(|f| f.1).sum();
        let deletions: u32 = p.files.iter().map(|f| f.2).sum();
        json!({
            "number": p.number, "title": p.title, "body": p.body,
            "state": if p.open { "OPEN" } else if p.merged.is_some() { "MERGED" } else { "CLOSED" },
            "isDraft": false, "url": format!("https://github.com/{}/pull/{}", self.repo, p.number),
            "createdAt": rfc3339(p.created), "updatedAt": rfc3339(p.updated),
            "closedAt": if p.open { Value::Null } else { json!(rfc3339(p.merged.unwrap_or(p.updated))) },
            "mergedAt": p.merged.map(rfc3339),
            "additions": additions, "deletions": deletions,
            "baseRefName": "main", "headRefName": format!("feature-{}", p.number),
            "mergeCommit": p.merged.map(|_| json!({"oid": format!("{:040x}", p.number)})),
            "author": actor_gql(&p.author),
            "files": {"nodes": p.files.iter().map(|f| json!({"path": f.0, "additions": f.1, "deletions": f.2})).collect::<Vec<_>>()},
            "commits": {"nodes": p.commits.iter().map(|c| json!({"commit": {"oid": c.0, "author": {"name": c.1, "email": c.2, "user": c.3.as_ref().map(|u| json!({"login": u.login, "databaseId": u.id, "name": u.name}))}}})).collect::<Vec<_>>()},
            "reviews": {"nodes": p.reviews.iter().map(|r| {
                let comments: Vec<Value> = p.comments.iter().filter(|c| c.1.id == r.1.id).map(|c| json!({"databaseId": c.0, "path": c.2, "createdAt": rfc3339(c.3)})).collect();
                json!({"databaseId": r.0, "state": r.2, "submittedAt": rfc3339(r.3), "author": actor_gql(&r.1), "comments": {"nodes": comments}})
            }).collect::<Vec<_>>()},
            "reviewRequests": {"nodes": p.requested.iter().map(|u| json!({"requestedReviewer": actor_gql(u)})).collect::<Vec<_>>()}
        })
    }

    fn take_fault(&self, path: &str, after: &Option<String>) -> Option<ResponseTemplate> {
        let mut faults = self.faults.lock().unwrap();
        let i = faults.iter().position(|f| {
            f.times > 0
                && path.contains(&f.path_contains)
                && f.after.as_ref().is_none_or(|a| a == after)
        })?;
        faults[i].times -= 1;
        Some(faults[i].response.clone())
    }
}

fn page_param(query: &str) -> usize {
    query
        .split('&')
        .find_map(|p| p.strip_prefix("page="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

impl Respond for Github {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let w = &self.0;
        let path = req.url.path().to_string();
        let query = req.url.query().unwrap_or("").to_string();
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let after = body["variables"]["after"].as_str().map(str::to_string);
        if let Some(token) = &w.token {
            let sent = req
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if sent != format!("Bearer {token}") {
                return ResponseTemplate::new(401).set_body_json(json!({"message": format!("Bad credentials: {sent}"), "documentation_url": "https://docs.github.com/rest"}));
            }
        }
        if let Some(fault) = w.take_fault(&path, &after) {
            return fault;
        }
        let repo_path = format!("/repos/{}", w.repo);
        let ok = |v: Value| {
            ResponseTemplate::new(200)
                .set_body_json(v)
                .insert_header("x-ratelimit-remaining", "4999")
                .insert_header("x-ratelimit-limit", "5000")
        };
        if path == "/graphql" && req.method.as_str() == "POST" {
            let sorted = w.sorted();
            let start = match &after {
                Some(c) => c
                    .trim_start_matches("cursor-")
                    .parse::<usize>()
                    .unwrap_or(0),
                None => 0,
            };
            let first = body["variables"]["first"].as_u64().unwrap_or(25) as usize;
            let size = first.min(w.graphql_page);
            let end = (start + size).min(sorted.len());
            let nodes: Vec<Value> = sorted[start..end].iter().map(|p| w.gql_pull(p)).collect();
            return ok(json!({"data": {"repository": {"pullRequests": {
                "pageInfo": {"hasNextPage": end < sorted.len(), "endCursor": format!("cursor-{end}")},
                "nodes": nodes}}, "rateLimit": {"cost": 1, "remaining": 4999, "resetAt": "2030-01-01T00:00:00Z"}}}));
        }
        if path == repo_path {
            return ok(json!({"id": 1, "full_name": w.repo, "private": w.private}))
                .insert_header("x-oauth-scopes", w.scopes);
        }
        if path == format!("{repo_path}/pulls") {
            let sorted = w.sorted();
            let page = page_param(&query);
            let (items, more) = w.page_of(&sorted, page, w.rest_page);
            if page == 1
                && req
                    .headers
                    .get("if-none-match")
                    .and_then(|v| v.to_str().ok())
                    == Some(w.etag.as_str())
            {
                return ResponseTemplate::new(304).insert_header("etag", w.etag.as_str());
            }
            let mut r = ok(Value::Array(items.iter().map(|p| w.rest_pull(p)).collect()));
            if page == 1 {
                r = r.insert_header("etag", w.etag.as_str());
            }
            if more {
                r = r.insert_header("link", w.link(&path, &query, page + 1).as_str());
            }
            return r;
        }
        if let Some(rest) = path.strip_prefix(&format!("{repo_path}/pulls/")) {
            let mut parts = rest.split('/');
            let number: u64 = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let Some(p) = w.pulls.iter().find(|p| p.number == number) else {
                return ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}));
            };
            let v = match parts.next() {
                Some("files") => json!(p.files.iter().map(|f| json!({"sha": "2".repeat(40), "filename": f.0, "status": "modified", "additions": f.1, "deletions": f.2, "changes": f.1 + f.2})).collect::<Vec<_>>()),
                Some("commits") => json!(p.commits.iter().map(|c| json!({"sha": c.0, "commit": {"author": {"name": c.1, "email": c.2, "date": rfc3339(p.created)}, "message": "change"}, "author": c.3.as_ref().map(user_json)})).collect::<Vec<_>>()),
                Some("reviews") => json!(p.reviews.iter().map(|r| json!({"id": r.0, "user": user_json(&r.1), "body": "", "state": r.2, "submitted_at": rfc3339(r.3), "commit_id": "3".repeat(40)})).collect::<Vec<_>>()),
                Some("comments") => json!(p.comments.iter().map(|c| json!({"id": c.0, "user": user_json(&c.1), "path": c.2, "body": "nit", "created_at": rfc3339(c.3), "updated_at": rfc3339(c.3)})).collect::<Vec<_>>()),
                _ => w.rest_pull(p),
            };
            return ok(v);
        }
        if path == format!("{repo_path}/issues") {
            let mut items: Vec<Value> = w
                .issues
                .iter()
                .map(|i| json!({"number": i.number, "title": i.title, "body": i.body, "state": "open", "labels": i.labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>(), "user": {"login": "alice", "id": 1, "type": "User"}, "created_at": rfc3339(i.created), "updated_at": rfc3339(i.updated), "closed_at": null, "html_url": format!("https://github.com/{}/issues/{}", w.repo, i.number)}))
                .collect();
            // GitHub lists pull requests among issues: aexy must leave them out.
            if let Some(p) = w.pulls.first() {
                items.push(json!({"number": p.number, "title": p.title, "body": null, "state": "closed", "labels": [], "user": user_json(&p.author), "created_at": rfc3339(p.created), "updated_at": rfc3339(p.updated), "pull_request": {"url": "x"}}));
            }
            return ok(Value::Array(items));
        }
        if let Some(n) = path.strip_prefix(&format!("{repo_path}/issues/")) {
            if let Some(i) = w.issues.iter().find(|i| i.number.to_string() == n) {
                return ok(
                    json!({"number": i.number, "title": i.title, "body": i.body, "state": "open", "labels": i.labels, "user": {"login": "alice", "id": 1}, "created_at": rfc3339(i.created), "updated_at": rfc3339(i.updated), "html_url": format!("https://github.com/{}/issues/{}", w.repo, i.number)}),
                );
            }
        }
        ResponseTemplate::new(404).set_body_json(
            json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
        )
    }
}

/// Counts of requests by kind among `requests`.
pub fn counts(requests: &[Request]) -> HashMap<&'static str, usize> {
    let mut out = HashMap::new();
    for r in requests {
        let kind = if r.url.path() == "/graphql" {
            "graphql"
        } else if r.url.path().ends_with("/pulls") {
            "pull-list"
        } else if r.url.path().contains("/pulls/") {
            "pull-detail"
        } else if r.url.path().ends_with("/issues") {
            "issues"
        } else {
            "other"
        };
        *out.entry(kind).or_insert(0) += 1;
    }
    out
}
