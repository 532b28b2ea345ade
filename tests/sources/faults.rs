//! Faults injected by the server while `aexy sync` runs: rate limits with and without
//! Retry-After, 5xx, timeouts, a body cut short, a malformed body, many pages, an interrupted
//! sync resumed, a refused or under-scoped token, an SSO-protected organisation, a deleted
//! repository. Each ends with a clear message, partial data kept, and the next sync resuming.

use serde_json::json;
use wiremock::ResponseTemplate;

use crate::common::{all_output, http_json, http_truncated, text, Env, RawServer};
use crate::e2e::{env_for, history, issues, repository};
use crate::world::{self, World};

const TOKEN: &str = "ghp_faultTestToken00000000000000";

async fn setup(
    graphql_page: usize,
    rest_page: usize,
) -> (wiremock::MockServer, std::sync::Arc<World>, Env) {
    let mut w = World::new(history(), issues());
    w.graphql_page = graphql_page;
    w.rest_page = rest_page;
    let (server, world) = world::start(w).await;
    let mut env = env_for(repository(), &server, Some(TOKEN));
    env.set("AEXY_SYNC_MAX_WAIT_SECONDS", "5");
    (server, world, env)
}

fn pulls_stored(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(env.fixture.db()).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM pull_requests WHERE complete = 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_mid_sync_keeps_what_was_read_and_the_next_sync_resumes() {
    let (server, world, env) = setup(4, 100).await;
    // Page 2 hits GitHub's secondary limit: a 403 without Retry-After ("wait at least a minute").
    world.fault(
        "/graphql",
        Some(Some("cursor-4")),
        ResponseTemplate::new(403).set_body_json(json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})),
        1,
    );
    let out = env.run_async(&["sync", "--pulls-only"]).await;
    assert!(!out.status.success());
    let said = all_output(&out);
    assert!(said.contains("rate limit reached"), "{said}");
    assert!(said.contains("resumes where it stopped"), "{said}");
    assert_eq!(pulls_stored(&env), 4, "the first page is kept");

    let before = server.received_requests().await.unwrap().len();
    let again = env.json(&["sync", "--pulls-only"]).await;
    let list = &again["services"][0]["lists"][0];
    assert_eq!(list["resumed"], true);
    assert_eq!(pulls_stored(&env), 11);
    let requests = server.received_requests().await.unwrap();
    let first_after: serde_json::Value = serde_json::from_slice(&requests[before].body).unwrap();
    assert_eq!(
        first_after["variables"]["after"], "cursor-4",
        "resumes at page 2, not from the top"
    );
    // Pages 2 and 3, then one page from the top to catch what changed meanwhile.
    assert_eq!(requests.len() - before, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_429_and_5xx_are_retried() {
    let (server, world, env) = setup(25, 5).await;
    world.fault(
        "/graphql",
        None,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
    );
    world.fault(
        "/repos/octo/demo/issues",
        None,
        ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"),
        2,
    );
    let started = std::time::Instant::now();
    let out = env.json(&["sync"]).await;
    let gh = &out["services"][0];
    assert_eq!(gh["lists"][0]["written"], 11);
    assert_eq!(gh["graphqlRequests"], 2, "the 429, then the page");
    assert_eq!(gh["restRequests"], 3, "two 502s, then the issues");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After was honoured"
    );
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persistent_5xx_and_a_long_retry_after_stop_with_the_cause() {
    let (_server, world, env) = setup(25, 5).await;
    world.fault(
        "/repos/octo/demo/pulls",
        None,
        ResponseTemplate::new(503).set_body_json(json!({"message": "Service unavailable"})),
        100,
    );
    let out = env.run_async(&["sync", "--rest", "--pulls-only"]).await;
    let said = all_output(&out);
    assert!(!out.status.success());
    assert!(
        said.contains("HTTP 503") && said.contains("also after retries"),
        "{said}"
    );

    let (_server, world, env) = setup(25, 5).await;
    world.fault(
        "/graphql",
        None,
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
        100,
    );
    let out = env.run_async(&["sync", "--pulls-only"]).await;
    let said = all_output(&out);
    assert!(said.contains("it resets in about 60 min"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_does_not_answer_times_out() {
    let (_server, world, mut env) = setup(25, 5).await;
    env.set("AEXY_SYNC_TIMEOUT_SECONDS", "1");
    world.fault(
        "/graphql",
        None,
        ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(4)),
        100,
    );
    let out = env.run_async(&["sync", "--pulls-only"]).await;
    let said = all_output(&out);
    assert!(!out.status.success());
    assert!(
        said.contains("timed out waiting for the response"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_rest_pages_are_followed_by_their_links() {
    let (server, _world, env) = setup(25, 2).await;
    let out = env.json(&["sync", "--rest", "--pulls-only"]).await;
    assert_eq!(out["services"][0]["lists"][0]["written"], 11);
    assert_eq!(out["services"][0]["lists"][0]["pages"], 6);
    let counts = world::counts(&server.received_requests().await.unwrap());
    assert_eq!(counts.get("pull-list"), Some(&6));
}

/// One GraphQL page of one pull request, as the e2e world serves it.
async fn one_page_body() -> String {
    let mut w = World::new(history()[..1].to_vec(), vec![]);
    w.graphql_page = 25;
    let (server, _world) = world::start(w).await;
    let client = reqwest::Client::new();
    client
        .post(format!("{}/graphql", server.uri()))
        .json(&json!({"query": "q", "variables": {"first": 25, "after": null}}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_cut_short_is_retried_and_a_malformed_one_reported() {
    let page = one_page_body().await;
    let raw = RawServer::start(vec![
        http_truncated(&page[..page.len() / 2]),
        http_json("200 OK", &page),
    ])
    .await;
    let mut env = Env::new(repository());
    env.set("GITHUB_API_URL", &raw.url);
    env.set("GITHUB_TOKEN", TOKEN);
    let out = env.json(&["sync", "--pulls-only"]).await;
    assert_eq!(out["services"][0]["lists"][0]["written"], 1);
    assert_eq!(raw.requests.lock().unwrap().len(), 2);

    let raw = RawServer::start(vec![http_json(
        "200 OK",
        "{\"data\": {\"repository\": {\"pullRequests\": [oops",
    )])
    .await;
    let mut env = Env::new(repository());
    env.set("GITHUB_API_URL", &raw.url);
    env.set("GITHUB_TOKEN", TOKEN);
    let out = env.run_async(&["sync", "--pulls-only"]).await;
    let said = all_output(&out);
    assert!(!out.status.success());
    assert!(
        said.contains("malformed answer") && said.contains("next sync tries again"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_sso_and_deleted_repositories_say_the_cause_and_the_fix() {
    // An expired token: GitHub's 401.
    let mut w = World::new(history(), issues());
    w.token = Some("ghp_theRightToken000000000000000".into());
    let (server, _world) = world::start(w).await;
    let env = env_for(repository(), &server, Some(TOKEN));
    let out = env.run_async(&["sync"]).await;
    let said = all_output(&out);
    assert!(
        said.contains("$GITHUB_TOKEN") && said.contains("expired or revoked"),
        "{said}"
    );
    assert!(
        !said.contains(TOKEN),
        "the token never appears, even echoed by the server: {said}"
    );

    // An organisation with SAML SSO.
    let (server, world) = world::start(World::new(history(), issues())).await;
    world.fault(
        "/graphql",
        None,
        ResponseTemplate::new(403)
            .insert_header(
                "x-github-sso",
                "required; url=https://github.com/orgs/octo/sso?authorization_request=abc",
            )
            .set_body_json(
                json!({"message": "Resource protected by organization SAML enforcement."}),
            ),
        10,
    );
    let env = env_for(repository(), &server, Some(TOKEN));
    let said = all_output(&env.run_async(&["sync"]).await);
    assert!(
        said.contains("SAML single sign-on") && said.contains("https://github.com/orgs/octo/sso"),
        "{said}"
    );

    // An under-scoped classic token.
    let (server, world) = world::start(World::new(history(), issues())).await;
    world.fault(
        "/repos/octo/demo/pulls",
        None,
        ResponseTemplate::new(403)
            .insert_header("x-oauth-scopes", "")
            .insert_header("x-accepted-oauth-scopes", "repo")
            .set_body_json(json!({"message": "Resource not accessible by personal access token"})),
        10,
    );
    let env = env_for(repository(), &server, Some(TOKEN));
    let said = all_output(&env.run_async(&["sync", "--rest"]).await);
    assert!(
        said.contains("lacks a scope") && said.contains("it has: none") && said.contains("repo"),
        "{said}"
    );

    // A deleted repository: GraphQL says NOT_FOUND, REST 404.
    let (server, world) = world::start(World::new(history(), issues())).await;
    world.fault(
        "/graphql",
        None,
        ResponseTemplate::new(200).set_body_json(json!({"data": {"repository": null}, "errors": [{"type": "NOT_FOUND", "path": ["repository"], "message": "Could not resolve to a Repository with the name 'octo/demo'."}]})),
        10,
    );
    let env = env_for(repository(), &server, Some(TOKEN));
    let said = all_output(&env.run_async(&["sync", "--pulls-only"]).await);
    assert!(
        said.contains("not found") && said.contains("deleted or renamed"),
        "{said}"
    );
    world.fault(
        "/repos/octo/demo/pulls",
        None,
        ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
        10,
    );
    let env = env_for(repository(), &server, None);
    let said = all_output(&env.run_async(&["sync", "--pulls-only"]).await);
    let _ = text;
    assert!(
        said.contains("repository octo/demo on 127.0.0.1 was not found"),
        "REST 404 without a token: {said}"
    );
}
