//! GitLab, Jira and Linear against servers on 127.0.0.1 answering with bodies written from
//! their published schemas (`fixtures/README.md`): pagination (`x-next-page`, `nextPageToken`
//! missing on the last page, Relay cursors), approvals as system notes, ADF descriptions,
//! hidden e-mails, Linear's bare API-key header and its `RATELIMITED` answer.

use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{all_output, Env};
use crate::e2e::repository;

fn fixture(name: &str) -> serde_json::Value {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/sources/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn repo_without_github() -> Env {
    let env = Env::new(repository());
    env.fixture.git(&["config", "--unset", "aexy.github.repo"]);
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gitlab_merge_requests_notes_and_issues() {
    let server = MockServer::start().await;
    let token = "glpat-gitlabTestToken000000";
    let mr = "/api/v4/projects/grp%2Fdemo/merge_requests";
    let auth = || header("private-token", token);
    Mock::given(method("GET"))
        .and(path(mr))
        .and(query_param("page", "1"))
        .and(auth())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture("gitlab/merge_requests_page1.json"))
                .insert_header("x-next-page", "2"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(mr))
        .and(query_param("page", "2"))
        .and(auth())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture("gitlab/merge_requests_page2.json"))
                .insert_header("x-next-page", ""),
        )
        .mount(&server)
        .await;
    for iid in ["2", "3"] {
        for what in ["diffs", "notes", "commits"] {
            Mock::given(method("GET"))
                .and(path(format!("{mr}/{iid}/{what}")))
                .and(auth())
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(fixture(&format!("gitlab/{what}_{iid}.json")))
                        .insert_header("x-next-page", ""),
                )
                .mount(&server)
                .await;
        }
    }
    // Merge request 1 runs on an older GitLab without /diffs: the /changes fallback.
    Mock::given(method("GET"))
        .and(path(format!("{mr}/1/diffs")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "404 Not found"})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path(format!("{mr}/1/changes")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"iid": 1, "changes": [{"old_path": "src/net/http_client.rs", "new_path": "src/net/http_client.rs", "diff": "@@ -1 +1,2 @@\n+fn keep_alive() {}\n"}]})))
        .mount(&server).await;
    for what in ["notes", "commits"] {
        Mock::given(method("GET"))
            .and(path(format!("{mr}/1/{what}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/api/v4/projects/grp%2Fdemo/issues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("gitlab/issues.json")))
        .mount(&server)
        .await;

    let mut env = repo_without_github();
    env.fixture
        .git(&["config", "aexy.gitlab.project", "grp/demo"]);
    env.set("CI_API_V4_URL", &format!("{}/api/v4", server.uri()));
    env.set("GITLAB_TOKEN", token);
    let out = env.json(&["sync"]).await;
    let gl = &out["services"][0];
    assert_eq!(gl["system"], "gitlab");
    assert_eq!(gl["lists"][0]["written"], 3);
    assert_eq!(gl["lists"][0]["pages"], 2);
    assert_eq!(gl["lists"][1]["written"], 1);

    let conn = rusqlite::Connection::open(env.fixture.db()).unwrap();
    let states: Vec<(i64, String)> = conn
        .prepare("SELECT number, state FROM pull_requests ORDER BY number")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        states,
        vec![
            (1, "open".into()),
            (2, "merged".into()),
            (3, "merged".into())
        ]
    );
    let reviews: Vec<(String, String)> = conn
        .prepare("SELECT a.login, r.state FROM pull_reviews r JOIN remote_accounts a ON a.id = r.account_id JOIN pull_requests p ON p.id = r.pull_id WHERE p.number = 3 ORDER BY r.submitted_at").unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(
        reviews,
        vec![
            ("carol".into(), "COMMENTED".into()),
            ("carol".into(), "CHANGES_REQUESTED".into()),
            ("carol".into(), "APPROVED".into())
        ]
    );
    let comment: (String, String) = conn
        .query_row("SELECT a.login, c.path FROM pull_comments c JOIN remote_accounts a ON a.id = c.account_id", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(comment, ("dana".into(), "src/net/retry.rs".into()));
    let (adds, dels): (i64, i64) = conn
        .query_row(
            "SELECT additions, deletions FROM pull_requests WHERE number = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((adds, dels), (2, 1), "counted from the unified diff");
    let renamed: Option<String> = conn
        .query_row(
            "SELECT previous_path FROM pull_files WHERE path = 'src/parser/precedence.rs'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(renamed.as_deref(), Some("src/parser/old_table.rs"));

    // Carol's public e-mail links her; Bob and Alice by name; Dana stays an account.
    let ids = env.json(&["identities"]).await;
    let how = |login: &str| {
        ids.as_array()
            .unwrap()
            .iter()
            .find(|r| r["login"] == login)
            .unwrap()["how"]
            .clone()
    };
    assert_eq!(how("carol"), "email");
    assert_eq!(how("alice"), "name");
    assert_eq!(how("dana"), serde_json::Value::Null);

    let m = env.json(&["match", "--issue", "#5"]).await;
    assert_eq!(m["issue"]["key"], "grp/demo#5");
    assert_eq!(
        m["issue"]["linkedFiles"], 1,
        "merge request !2 says 'Fixes #5'"
    );
    assert_eq!(m["matches"][0]["developer"]["name"], "Bob Builder");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jira_issues_by_jql_and_by_key() {
    let server = MockServer::start().await;
    // Basic base64("ann@acme.example:jira-api-token-000")
    let basic = "Basic YW5uQGFjbWUuZXhhbXBsZTpqaXJhLWFwaS10b2tlbi0wMDA=";
    Mock::given(method("GET"))
        .and(path("/rest/api/3/search/jql"))
        .and(header("authorization", basic))
        .and(query_param(
            "jql",
            "(project = \"AX\") ORDER BY updated DESC",
        ))
        .and(query_param("nextPageToken", "CAEaAggB"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("jira/search_page2.json")))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/api/3/search/jql"))
        .and(header("authorization", basic))
        .and(query_param(
            "jql",
            "(project = \"AX\") ORDER BY updated DESC",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("jira/search_page1.json")))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/api/3/issue/AX-9"))
        .and(header("authorization", basic))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("jira/issue_AX-9.json")))
        .mount(&server)
        .await;

    let mut env = repo_without_github();
    env.set("JIRA_BASE_URL", &server.uri());
    env.set("JIRA_EMAIL", "ann@acme.example");
    env.set("JIRA_API_TOKEN", "jira-api-token-000");
    env.fixture.git(&["config", "aexy.jira.project", "AX"]);
    let out = env.json(&["sync"]).await;
    let jira = &out["services"][0];
    assert_eq!(jira["system"], "jira");
    assert_eq!(jira["lists"][0]["written"], 2);
    assert_eq!(
        jira["lists"][0]["pages"], 2,
        "the page without nextPageToken is the last"
    );

    // From the sync: nothing fetched. The ADF description names the grammar file.
    let before = server.received_requests().await.unwrap().len();
    let m = env.json(&["match", "--issue", "AX-2"]).await;
    assert_eq!(server.received_requests().await.unwrap().len(), before);
    assert_eq!(m["issue"]["components"][0], "Language");
    assert_eq!(m["issue"]["paths"][0], "src/parser/grammar.rs");
    assert_eq!(m["matches"][0]["developer"]["name"], "Alice Liddell");
    let m = env
        .json(&["match", "--issue", "https://acme.atlassian.net/browse/AX-1"])
        .await;
    assert_eq!(m["matches"][0]["developer"]["name"], "Bob Builder", "{m:#}");

    // Not synced: fetched by key (a v2-style plain description).
    let m = env.json(&["match", "--issue", "AX-9"]).await;
    assert_eq!(m["issue"]["status"], "Done");
    assert_eq!(m["issue"]["paths"][0], "docs/guide.md");

    // Bob's e-mail is hidden: his full name links him; the automation app never links.
    let ids = env.json(&["identities"]).await;
    let row = |name: &str| {
        ids.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(row("Bob Builder")["how"], "name");
    assert_eq!(
        row("Automation for Jira")["developer"],
        serde_json::Value::Null
    );
    assert_eq!(row("Automation for Jira")["bot"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linear_cursors_bare_key_and_rate_limit() {
    let server = MockServer::start().await;
    let key = "lin_api_linearTestKey000000000000";
    let reset_ms = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 4000)
        .to_string();
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(fixture("linear/ratelimited.json"))
                .insert_header("x-ratelimit-requests-reset", reset_ms.as_str()),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(header("authorization", key))
        .and(body_partial_json(
            json!({"variables": {"after": null, "filter": {"team": {"key": {"in": ["ENG"]}}}}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("linear/issues_page1.json")))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(header("authorization", key))
        .and(body_partial_json(
            json!({"variables": {"after": "b6a1c2d3-0001"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("linear/issues_page2.json")))
        .with_priority(2)
        .mount(&server)
        .await;

    let mut env = repo_without_github();
    env.set("LINEAR_API_KEY", key);
    env.set("AEXY_LINEAR_API_URL", &format!("{}/graphql", server.uri()));
    env.set("AEXY_LINEAR_TEAMS", "ENG");
    env.json(&["identities"]).await; // index first, so the sync starts at once
    let started = std::time::Instant::now();
    let out = env.json(&["sync"]).await;
    let linear = &out["services"][0];
    assert_eq!(linear["system"], "linear");
    assert_eq!(linear["lists"][0]["written"], 2);
    assert_eq!(
        linear["graphqlRequests"], 3,
        "the RATELIMITED answer, then two pages"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1500),
        "waited for the reset: {:?}",
        started.elapsed()
    );
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("authorization").unwrap() == key),
        "no \"Bearer\" for an API key"
    );

    let m = env.json(&["match", "--issue", "ENG-1"]).await;
    assert_eq!(m["issue"]["labels"][0], "parser");
    assert_eq!(m["matches"][0]["developer"]["name"], "Alice Liddell");
    let ids = env.json(&["identities"]).await;
    assert!(ids
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["system"] == "linear")
        .all(|r| r["how"] == "email"));

    // Without a key, Linear issues cannot be looked up, and the message says what to set.
    let env = repo_without_github();
    let out = env.run_async(&["match", "--issue", "ENG-7"]).await;
    assert!(!out.status.success());
    assert!(
        all_output(&out).contains("LINEAR_API_KEY"),
        "{}",
        all_output(&out)
    );
}
