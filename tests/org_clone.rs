//! `aexy org clone`: a GitHub organisation (two Link-paginated pages) and a GitLab group
//! (`x-next-page`) served on 127.0.0.1 in their documented wire formats, whose clone URLs are
//! `file://` paths of real fixture repositories. Clones land in `DIR/owner/name`, archived
//! repositories and forks are skipped, a broken URL fails alone, a second run fetches, the
//! token goes to the API and nowhere else, and `aexy org sync DIR` then answers across them.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use support::{Fixture, ALICE, BOB, CAROL};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghp_0rgCl0neT3stT0ken0000000000000000000";

fn repo(file: &str, text: &str, who: support::Who, message: &str) -> Fixture {
    let f = Fixture::new();
    f.write(file, text);
    f.commit(who, message);
    f
}

fn url(f: &Fixture) -> String {
    format!("file://{}", f.root.display())
}

/// The real binary with nothing of the machine's configuration or tokens.
fn aexy(work: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut c = Command::new(support::aexy_bin());
    c.current_dir(work);
    for (k, _) in std::env::vars() {
        if k.starts_with("AEXY_")
            || k.starts_with("GITHUB_")
            || k.starts_with("GITLAB_")
            || k.starts_with("CI_")
            || k == "GH_TOKEN"
        {
            c.env_remove(k);
        }
    }
    c.env("AEXY_DATA_DIR", work.join("data"))
        .env("AEXY_CONFIG", work.join("no-config.toml"))
        .env("HOME", work)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(args);
    for (k, v) in vars {
        c.env(k, v);
    }
    c.output().expect("aexy runs")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn statuses(report: &Value) -> Vec<(String, String)> {
    report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["repository"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn head_of(dir: &Path) -> String {
    let out = support::git_cmd(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn gh_repo(full: &str, clone_url: &str, archived: bool, fork: bool) -> Value {
    json!({"id": 1, "name": full.split('/').nth(1), "full_name": full, "private": false,
           "clone_url": clone_url, "archived": archived, "fork": fork, "disabled": false})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clone_a_github_org_and_a_gitlab_group_then_sync_them() {
    let api = repo(
        "src/kafka/consumer.rs",
        "pub struct KafkaConsumer;\nimpl KafkaConsumer { pub fn poll_records(&self) {} }\n",
        ALICE,
        "Add the Kafka consumer",
    );
    let web = repo(
        "src/http/server.rs",
        "pub fn serve_http() {}\npub fn route_request() {}\n",
        BOB,
        "HTTP server with request routing",
    );
    let old = repo("README.md", "old\n", CAROL, "Archived long ago");
    let tools = repo(
        "deploy/helm_chart.yaml",
        "kind: HelmChart\nname: deploy\n",
        CAROL,
        "Helm chart for the deploy tooling",
    );
    let docs = repo("docs/index.md", "# Docs\n", BOB, "Write the docs");
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("org");
    let dir_s = dir.to_str().unwrap();

    let server = MockServer::start().await;
    let base = server.uri();
    // GitHub: two pages joined by a Link header; the token must come as a bearer header
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .and(query_param("page", "2"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            gh_repo("acme/web", &url(&web), false, false),
            gh_repo(
                "acme/broken",
                "file:///nonexistent/acme/broken",
                false,
                false
            ),
        ])))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .and(query_param("per_page", "100"))
        .and(query_param("type", "all"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "link",
                    format!(
                        "<{base}/orgs/acme/repos?per_page=100&type=all&page=2>; rel=\"next\", <{base}/orgs/acme/repos?per_page=100&type=all&page=2>; rel=\"last\""
                    )
                    .as_str(),
                )
                .set_body_json(json!([
                    gh_repo("acme/api", &url(&api), false, false),
                    gh_repo("acme/old", &url(&old), true, false),
                    gh_repo("acme/api-fork", &url(&api), false, true),
                ])),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    // GitLab: a group with a subgroup-free listing over two pages
    let project = |p: &str, f: &Fixture| {
        json!({"id": 7, "path_with_namespace": p, "http_url_to_repo": url(f),
               "archived": false, "visibility": "private"})
    };
    Mock::given(method("GET"))
        .and(path("/api/v4/groups/platform/projects"))
        .and(query_param("include_subgroups", "true"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-next-page", "")
                .set_body_json(json!([project("platform/docs", &docs)])),
        )
        .mount(&server)
        .await;
    let mut fork = project("platform/tools-fork", &tools);
    fork["forked_from_project"] = json!({"id": 8, "path_with_namespace": "platform/tools"});
    Mock::given(method("GET"))
        .and(path("/api/v4/groups/platform/projects"))
        .and(query_param("include_subgroups", "true"))
        .and(query_param("page", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-next-page", "2")
                .set_body_json(json!([project("platform/tools", &tools), fork])),
        )
        .mount(&server)
        .await;

    let gh_vars = [("GITHUB_API_URL", base.as_str()), ("GITHUB_TOKEN", TOKEN)];
    let w = work.path().to_path_buf();
    let run = {
        let w = w.clone();
        move |args: Vec<String>, vars: Vec<(String, String)>| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let vars: Vec<(&str, &str)> =
                vars.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            aexy(&w, &args, &vars)
        }
    };
    let owned = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let s = |v: &[&str]| -> Vec<String> { v.iter().map(|x| x.to_string()).collect() };

    // first run: two clones, the archived repository and the fork skipped, the broken URL
    // failing alone (exit status 1) with git's reason
    let out = tokio::task::spawn_blocking({
        let (run, a, v) = (
            run.clone(),
            s(&["org", "clone", "--github", "acme", dir_s, "--jobs", "2"]),
            owned(&gh_vars),
        );
        move || run(a, v)
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("github.com") || stdout.contains("127.0.0.1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 cloned, 0 fetched, 1 failed; skipped 1 archived, 1 forks"),
        "{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("acme/broken: failed: git clone:")
            && stderr.contains("does not appear to be a git repository"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 3 repositories failed"), "{stderr}");
    assert_eq!(head_of(&dir.join("acme/api")), api.head());
    assert_eq!(head_of(&dir.join("acme/web")), web.head());
    assert!(!dir.join("acme/old").exists());
    assert!(!dir.join("acme/api-fork").exists());
    assert!(!dir.join("acme/broken").exists());
    // the token went to the API and nowhere else
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    let origin = std::fs::read_to_string(dir.join("acme/api/.git/config")).unwrap();
    assert!(
        origin.contains(&url(&api)) && !origin.contains(TOKEN),
        "{origin}"
    );

    // second run: a new commit upstream is fetched and fast-forwarded; nothing re-cloned
    api.write(
        "src/kafka/consumer.rs",
        "pub struct KafkaConsumer;\nimpl KafkaConsumer { pub fn poll_records(&self) {} pub fn commit_offsets(&self) {} }\n",
    );
    api.commit(ALICE, "Kafka consumer: commit offsets after each batch");
    let out = tokio::task::spawn_blocking({
        let (run, a, v) = (
            run.clone(),
            s(&["org", "clone", "--github", "acme", dir_s, "--json"]),
            owned(&gh_vars),
        );
        move || run(a, v)
    })
    .await
    .unwrap();
    let report = json_of(&out);
    assert_eq!(
        statuses(&report),
        [
            ("acme/api".to_string(), "fetched".to_string()),
            ("acme/broken".into(), "failed".into()),
            ("acme/web".into(), "fetched".into()),
        ],
        "{report:#}"
    );
    assert_eq!(report["archivedSkipped"], 1);
    assert_eq!(head_of(&dir.join("acme/api")), api.head());

    // GitLab: both pages, the fork skipped, clones under the group's path
    let gl_vars = [("CI_API_V4_URL", format!("{base}/api/v4"))];
    let out = tokio::task::spawn_blocking({
        let (run, a, v) = (
            run.clone(),
            s(&["org", "clone", "--gitlab", "platform", dir_s, "--json"]),
            vec![("CI_API_V4_URL".to_string(), gl_vars[0].1.clone())],
        );
        move || run(a, v)
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    assert_eq!(
        statuses(&report),
        [
            ("platform/docs".to_string(), "cloned".to_string()),
            ("platform/tools".into(), "cloned".into()),
        ]
    );
    assert_eq!(report["forksSkipped"], 1);
    assert_eq!(head_of(&dir.join("platform/tools")), tools.head());

    // the directory is now an organisation for `org sync`, named owner/name
    let store = w.join("org.sqlite");
    let store_s = store.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking({
        let run = run.clone();
        let a = s(&["org", "sync", dir_s, "--store", &store_s, "--json"]);
        move || run(a, vec![])
    })
    .await
    .unwrap();
    let sync = json_of(&out);
    assert_eq!(sync["failed"], 0, "{sync:#}");
    let names: Vec<String> = statuses(&sync).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["acme/api", "acme/web", "platform/docs", "platform/tools"]
    );
    let out = tokio::task::spawn_blocking({
        let run = run.clone();
        let a = s(&[
            "org",
            "experts",
            "kafka consumer",
            "--store",
            &store_s,
            "--json",
        ]);
        move || run(a, vec![])
    })
    .await
    .unwrap();
    let e = json_of(&out);
    assert_eq!(
        e["experts"][0]["developer"]["name"], "Alice Liddell",
        "{e:#}"
    );
    assert_eq!(
        e["experts"][0]["repositories"][0]["repository"], "acme/api",
        "{e:#}"
    );
}
