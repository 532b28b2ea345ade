//! End to end: a synthetic repository whose pull-request history, served locally like GitHub,
//! gives known answers to `aexy sync`, `identities`, `reviewers`, `eval reviewers`, `team`,
//! `profile` and `match --issue`; and the request counts of a sync over GraphQL and REST.

use std::sync::Arc;

use serde_json::Value;
use wiremock::MockServer;

use crate::common::Env;
use crate::support::{Fixture, Who, ALICE, BOB, CAROL};
use crate::world::{self, Issue, Pull, User, World};

pub const U_ALICE: User = User {
    login: "alice",
    id: 1,
    name: Some("Alice Liddell"),
};
pub const U_BOB: User = User {
    login: "bob",
    id: 2,
    name: None,
};
pub const U_CAROL: User = User {
    login: "carol",
    id: 3,
    name: Some("Carol Danvers"),
};
pub const U_DANA: User = User {
    login: "dana",
    id: 4,
    name: Some("Dana Scully"),
};

fn code(words: &[&str], n: usize) -> String {
    (0..n)
        .map(|i| format!("fn {}_{i}() {{}}\n", words[i % words.len()]))
        .collect()
}

/// Alice writes the parser (and some network code), Bob the network code, Carol the docs.
pub fn repository() -> Fixture {
    let f = Fixture::new();
    f.write("src/parser/lexer.rs", code(&["tokenize", "scan"], 20));
    f.write(
        "src/parser/grammar.rs",
        code(&["parse_expression", "precedence"], 20),
    );
    f.commit(ALICE, "Lexer and grammar");
    f.write(
        "src/net/http_client.rs",
        code(&["send_request", "read_response"], 20),
    );
    f.write(
        "src/net/retry.rs",
        code(&["backoff_delay", "retry_policy"], 20),
    );
    f.commit(BOB, "HTTP client with retries");
    f.write(
        "src/net/http_client.rs",
        code(&["send_request", "read_response", "keep_alive"], 24),
    );
    f.commit(ALICE, "Keep-alive in the HTTP client");
    f.write("README.md", "# Demo\n");
    f.write("docs/guide.md", "How to use it.\n");
    f.commit(CAROL, "Documentation");
    f.write(
        "src/net/retry.rs",
        code(&["backoff_delay", "retry_policy", "jitter"], 26),
    );
    f.commit(BOB, "Jitter the retry backoff");
    f.git(&["config", "aexy.github.repo", "octo/demo"]);
    f
}

/// Ten merged pull requests, net ones by Bob reviewed by Dana (who never commits), parser ones by
/// Alice reviewed by Carol; one open net pull request waiting for Dana.
pub fn history() -> Vec<Pull> {
    let t0 = 1_700_100_000;
    let mut pulls = Vec::new();
    for k in 0..10u64 {
        let created = t0 + k as i64 * 86_400;
        let net = k % 2 == 0;
        let (author, who, reviewer, files): (User, Who, User, Vec<(&'static str, u32, u32)>) =
            if net {
                (
                    U_BOB,
                    BOB,
                    U_DANA,
                    vec![("src/net/retry.rs", 8, 2), ("src/net/http_client.rs", 3, 1)],
                )
            } else {
                (
                    U_ALICE,
                    ALICE,
                    U_CAROL,
                    vec![("src/parser/grammar.rs", 20, 5)],
                )
            };
        let mut comments = Vec::new();
        if net {
            comments.push((
                5000 + k,
                reviewer.clone(),
                "src/net/retry.rs",
                created + 2 * 3600,
            ));
        }
        pulls.push(Pull {
            number: k + 1,
            author: author.clone(),
            title: if net {
                format!("Retry tuning, part {k}")
            } else {
                format!("Grammar: operators, part {k}")
            },
            body: "Closes nothing.".into(),
            created,
            updated: created + 6 * 3600,
            merged: Some(created + 6 * 3600),
            files,
            commits: vec![(
                format!("{:040x}", 0xabc000 + k),
                who.name,
                who.email,
                Some(author),
            )],
            reviews: vec![(
                9000 + k,
                reviewer,
                "APPROVED",
                created + if net { 3 } else { 5 } * 3600,
            )],
            comments,
            requested: vec![],
            open: false,
        });
    }
    pulls.push(Pull {
        number: 11,
        author: U_BOB,
        title: "Retry budget".into(),
        body: "Work in progress for #7".into(),
        created: t0 + 20 * 86_400,
        updated: t0 + 20 * 86_400,
        merged: None,
        files: vec![("src/net/retry.rs", 4, 0)],
        commits: vec![("f".repeat(40), BOB.name, BOB.email, Some(U_BOB))],
        reviews: vec![],
        comments: vec![],
        requested: vec![U_DANA],
        open: true,
    });
    pulls
}

pub fn issues() -> Vec<Issue> {
    vec![Issue {
        number: 7,
        title: "Retry storms when the connection resets".into(),
        body: "After a reset every client retries at once; see src/net/retry.rs.".into(),
        labels: vec!["bug", "network"],
        created: 1_700_050_000,
        updated: 1_700_060_000,
    }]
}

pub async fn serve(
    pulls: Vec<Pull>,
    rest_page: usize,
    graphql_page: usize,
) -> (MockServer, Arc<World>) {
    let mut w = World::new(pulls, issues());
    w.rest_page = rest_page;
    w.graphql_page = graphql_page;
    world::start(w).await
}

pub fn env_for(fixture: Fixture, server: &MockServer, token: Option<&str>) -> Env {
    let mut env = Env::new(fixture);
    env.set("GITHUB_API_URL", &server.uri());
    if let Some(t) = token {
        env.set("GITHUB_TOKEN", t);
    }
    env
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["developer"]["name"].as_str().unwrap().to_string())
        .collect()
}

fn method<'a>(rows: &'a Value, name: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == name)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synced_history_gives_known_reviewers_evaluation_and_figures() {
    let (server, _world) = serve(history(), 5, 4).await;
    let env = env_for(repository(), &server, Some("ghp_e2eTestToken000000000000"));

    let sync = env.json(&["sync"]).await;
    let gh = &sync["services"][0];
    assert_eq!(gh["system"], "github");
    assert_eq!(gh["api"], "graphql");
    assert_eq!(gh["lists"][0]["written"], 11);
    assert_eq!(gh["lists"][1]["list"], "issues");
    assert_eq!(
        gh["lists"][1]["written"], 1,
        "the pull request among the issues is left out"
    );
    // 11 pull requests, 4 per GraphQL page: 3 queries; issues: 1 REST page.
    assert_eq!(gh["graphqlRequests"], 3);
    assert_eq!(gh["restRequests"], 1);

    // Accounts linked, each saying how.
    let ids = env.json(&["identities"]).await;
    let how = |login: &str| {
        ids.as_array()
            .unwrap()
            .iter()
            .find(|r| r["login"] == login)
            .map(|r| r["how"].clone())
            .unwrap()
    };
    assert_eq!(how("alice"), "commits");
    assert_eq!(how("bob"), "commits");
    assert_eq!(
        how("carol"),
        "name",
        "Carol never commits in a pull request; her full name is unique"
    );
    assert_eq!(how("dana"), Value::Null, "Dana has no git identity");

    // Reviewers for the retry code: Dana reviewed it every time; Bob wrote it.
    let r = env
        .json(&["reviewers", "--files", "src/net/retry.rs"])
        .await;
    let top = names(&r["reviewers"]);
    assert_eq!(
        top[..2],
        ["Dana Scully".to_string(), "Bob Builder".to_string()],
        "{r:#}"
    );
    assert_eq!(r["reviewers"][0]["accounts"][0], "github:dana");
    assert_eq!(
        r["reviewers"][0]["openRequests"], 1,
        "the open pull request waits for her"
    );
    assert_eq!(r["reviewHistory"], 11);

    // The replay: the first pull request has nothing before it; the first parser one meets only
    // Dana's net reviews; every other one is found first by aexy, RevFinder and cHRev.
    let e = env.json(&["eval", "reviewers"]).await;
    assert_eq!(e["pulls"], 11);
    assert_eq!(e["reviewed"], 10);
    assert_eq!(e["coldStart"], 1);
    assert_eq!(e["evaluated"], 9);
    let results = &e["results"];
    for m in ["aexy", "revFinder", "cHRev"] {
        assert_eq!(method(results, m)["hit1"], 0.8889, "{m}: {e:#}");
    }
    assert_eq!(
        method(results, "authorship")["hit10"],
        0.0,
        "reviewers here are never the files' authors"
    );
    // Most active: Dana leads everywhere, so parser pull requests find Carol second.
    assert_eq!(method(results, "mostActiveReviewer")["hit1"], 0.4444);
    assert_eq!(method(results, "mostActiveReviewer")["hit3"], 0.8889);
    assert_eq!(e["nonObviousEvaluated"], 9);
    assert_eq!(method(&e["nonObvious"], "aexy")["hit1"], 0.8889);
    assert_eq!(method(&e["nonObvious"], "authorship")["hit1"], 0.0);

    // Team figures: first reviews 2 h (net, a comment) and 5 h (parser) after opening.
    let team = env.json(&["team"]).await;
    let reviews = &team["reviews"];
    assert_eq!(reviews["pulls"], 11);
    assert_eq!(reviews["merged"], 10);
    assert_eq!(reviews["turnaround"]["firstReview"]["medianHours"], 3.5);
    assert_eq!(reviews["turnaround"]["firstReview"]["p90Hours"], 5.0);
    assert_eq!(reviews["turnaround"]["merge"]["medianHours"], 6.0);
    let dana = reviews["load"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Dana Scully")
        .unwrap();
    assert_eq!(dana["reviewed"], 5);
    assert_eq!(dana["share"], 0.5);
    assert_eq!(dana["openRequests"], 1);
    assert_eq!(reviews["collaboration"][0]["pulls"], 5);
    let size = |label: &str| {
        reviews["sizes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["label"] == label)
            .unwrap()["pulls"]
            .clone()
    };
    assert_eq!(size("S"), 10, "14 and 25 lines changed");
    assert_eq!(size("XS"), 1, "the open one changes 4");

    // Profiles: reviews given and received.
    let p = env.json(&["profile", "Carol Danvers"]).await;
    assert_eq!(p["reviews"]["given"], 5);
    assert_eq!(p["reviews"]["reviewsFor"][0][0], "Alice Liddell");
    let p = env.json(&["profile", "Bob Builder"]).await;
    assert_eq!(p["reviews"]["authored"], 6);
    assert_eq!(p["reviews"]["received"], 5);

    // An issue, from the last sync: its text and the file it names point at Bob.
    let m = env.json(&["match", "--issue", "#7"]).await;
    assert_eq!(m["issue"]["key"], "octo/demo#7");
    assert!(m["issue"]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "src/net/retry.rs"));
    assert_eq!(m["matches"][0]["developer"]["name"], "Bob Builder", "{m:#}");

    // The report carries the review section in every format.
    let out = env.run_async(&["report", "--format", "md"]).await;
    assert!(crate::common::text(&out.stdout).contains("## Reviews"));
    let out = env.run_async(&["report", "--format", "html"]).await;
    let html = crate::common::text(&out.stdout);
    assert!(html.contains("<h2>Reviews</h2>") && html.trim_end().ends_with("</html>"));

    // Links by hand: made, refused, forgotten — each saying how.
    let row = |ids: &Value, login: &str| {
        ids.as_array()
            .unwrap()
            .iter()
            .find(|r| r["login"] == login)
            .unwrap()
            .clone()
    };
    let out = env
        .run_async(&["identities", "link", "github:dana", "carol@example.com"])
        .await;
    assert!(out.status.success(), "{}", crate::common::all_output(&out));
    let ids = env.json(&["identities"]).await;
    assert_eq!(row(&ids, "dana")["how"], "manual");
    assert_eq!(row(&ids, "dana")["developer"]["name"], "Carol Danvers");
    assert!(env
        .run_async(&["identities", "unlink", "github:carol"])
        .await
        .status
        .success());
    let ids = env.json(&["identities"]).await;
    assert_eq!(row(&ids, "carol")["developer"], Value::Null);
    assert_eq!(row(&ids, "carol")["neverLink"], true);
    assert!(env
        .run_async(&["identities", "forget", "github:carol"])
        .await
        .status
        .success());
    assert_eq!(
        row(&env.json(&["identities"]).await, "carol")["how"],
        "name"
    );
    let out = env
        .run_async(&["identities", "link", "github:nobody", "Bob"])
        .await;
    assert!(!out.status.success() && crate::common::all_output(&out).contains("no synced account"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_counts_of_rest_and_graphql_for_the_same_history() {
    let (server, _world) = serve(history(), 5, 25).await;
    let env = env_for(repository(), &server, Some("ghp_countsTestToken0000000000"));
    let rest = env.json(&["sync", "--rest", "--pulls-only"]).await;
    let gh = &rest["services"][0];
    assert_eq!(gh["api"], "rest");
    // 11 pull requests: 3 list pages of 5, then files, commits, reviews and comments of each.
    assert_eq!(gh["restRequests"], 3 + 4 * 11);
    let counts = world::counts(&server.received_requests().await.unwrap());
    assert_eq!(counts.get("pull-detail"), Some(&44));

    // The same history over GraphQL, into a fresh index: one query for all 11.
    let (server2, _w) = serve(history(), 5, 25).await;
    let env2 = env_for(
        repository(),
        &server2,
        Some("ghp_countsTestToken0000000000"),
    );
    let gql = env2.json(&["sync", "--pulls-only"]).await;
    assert_eq!(gql["services"][0]["graphqlRequests"], 1);
    assert_eq!(gql["services"][0]["restRequests"], 0);

    // Both roads store the same thing.
    let a = env.json(&["eval", "reviewers"]).await;
    let b = env2.json(&["eval", "reviewers"]).await;
    assert_eq!(a["results"], b["results"]);

    // A second REST sync: the first page answers 304 to its ETag, nothing else is asked.
    let before = server.received_requests().await.unwrap().len();
    let again = env.json(&["sync", "--rest", "--pulls-only"]).await;
    assert_eq!(again["services"][0]["lists"][0]["notModified"], true);
    let after = server.received_requests().await.unwrap();
    assert_eq!(after.len() - before, 1);
    assert_eq!(
        after
            .last()
            .unwrap()
            .headers
            .get("if-none-match")
            .unwrap()
            .to_str()
            .unwrap(),
        "W/\"pulls-v1\""
    );
}
