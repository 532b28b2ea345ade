//! `aexy org`: several real repositories (made by the fixture builder) synced into an org store
//! — the embedded SQLite file always, and a real PostgreSQL when `AEXY_TEST_POSTGRES` names a
//! server (`scripts/test.d/70-org.sh` starts a throwaway cluster and sets it). Same answers
//! from both engines; a shard killed mid-sync and re-run gives the store a clean run gives;
//! people linked across repositories as the README documents.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output};

use support::{Fixture, Who, ALICE, BOB, CAROL, DEPENDABOT};

const ALICE_HOME: Who = Who {
    name: "Alice Liddell",
    email: "alice@wonderland.org",
};
const BOB_UPPER: Who = Who {
    name: "B. Builder",
    email: "BOB@Example.com",
};
const JANE: Who = Who {
    name: "Jane Doe",
    email: "jane.doe@corp.example",
};
const JANE_TOO: Who = Who {
    name: "Jane Doe",
    email: "jane.doe2@corp.example",
};
const MALLORY: Who = Who {
    name: "Mallory \"&lt;script&gt;\" & Co",
    email: "mallory@evil.example",
};

/// An organisation: four repositories in `org/` (symbolic links to fixtures), two shard lists.
struct Org {
    _repos: Vec<Fixture>,
    dir: tempfile::TempDir,
}

impl Org {
    fn root(&self) -> PathBuf {
        self.dir.path().join("org")
    }
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    fn shard(&self, n: usize) -> PathBuf {
        self.root().join(format!("shard-{n}.txt"))
    }

    /// Runs `aexy` with the org's data dir and no user configuration.
    fn aexy(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("aexy runs")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(support::aexy_bin());
        c.current_dir(self.dir.path())
            .env("AEXY_DATA_DIR", self.data())
            .env("AEXY_CONFIG", self.dir.path().join("no-config.toml"))
            .env_remove("AEXY_ORG_STORE")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args(args);
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.aexy(args);
        assert!(
            out.status.success(),
            "aexy {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("JSON")
    }
}

fn repo(build: impl FnOnce(&Fixture)) -> Fixture {
    let f = Fixture::new();
    build(&f);
    f
}

fn org() -> Org {
    let api = repo(|f| {
        f.write(
            "src/kafka/consumer.rs",
            "pub struct KafkaConsumer;\nimpl KafkaConsumer { pub fn poll_records(&self) {} }\n",
        );
        f.commit(ALICE, "Add the Kafka consumer");
        f.write("src/kafka/consumer.rs", "pub struct KafkaConsumer;\nimpl KafkaConsumer { pub fn poll_records(&self) {} pub fn commit_offsets(&self) {} }\n");
        f.commit(ALICE, "Kafka consumer: commit offsets after each batch");
        f.write(
            "src/http/server.rs",
            "pub fn serve_http() {}\npub fn route_request() {}\n",
        );
        f.commit(BOB, "HTTP server with request routing");
        f.write(
            "src/http/server.rs",
            "pub fn serve_http() {}\npub fn route_request() {}\npub fn keep_alive() {}\n",
        );
        f.commit(BOB, "HTTP keep-alive");
        f.write("Cargo.lock", "# generated\n");
        f.commit(DEPENDABOT, "Bump everything");
        // teams, read from the working tree as `aexy teams` reads them
        f.write(
            ".aexy/teams.toml",
            "[teams.streaming]\nmembers = [\"alice@example.com\"]\npaths = [\"/src/kafka/\"]\n",
        );
    });
    let web = repo(|f| {
        f.write(
            "ui/views/dashboard.ts",
            "export function renderDashboard() {}\n",
        );
        f.commit(CAROL, "Dashboard view");
        f.write(
            "ui/kafka/stream.ts",
            "export function kafkaConsumerStream() { return pollRecords(); }\n",
        );
        f.commit(ALICE_HOME, "Stream Kafka consumer records to the browser");
        f.write(
            "ui/views/dashboard.ts",
            "export function renderDashboard() { return 1; }\n",
        );
        f.commit(CAROL, "Dashboard numbers");
        f.write(
            ".aexy/teams.toml",
            "[teams.streaming]\npaths = [\"/ui/kafka/\"]\n[teams.frontend]\npaths = [\"/ui/views/\"]\n",
        );
    });
    let billing = repo(|f| {
        f.write("invoices/ledger.py", "def post_ledger_entry():\n    pass\n");
        f.commit(JANE, "Ledger entries for invoices");
        f.write("invoices/tax.py", "def compute_vat():\n    pass\n");
        f.commit(JANE, "VAT computation");
        f.write("reports/summary.py", "def summarise():\n    pass\n");
        f.commit(MALLORY, "<b>summary</b>");
    });
    let tools = repo(|f| {
        f.write("scripts/deploy.sh", "#!/bin/sh\ndeploy_release() { :; }\n");
        f.commit(JANE_TOO, "Release deployment script");
        f.write(
            "scripts/http_check.sh",
            "#!/bin/sh\ncheck_http_health() { :; }\n",
        );
        f.commit(BOB_UPPER, "HTTP health check");
    });
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("org");
    std::fs::create_dir_all(root.join("acme")).unwrap();
    for (name, f) in [
        ("acme/api", &api),
        ("acme/web", &web),
        ("billing", &billing),
        ("tools", &tools),
    ] {
        std::os::unix::fs::symlink(&f.root, root.join(name)).unwrap();
    }
    std::fs::write(
        root.join("shard-1.txt"),
        "# shard one\nacme/api\nacme/web\n",
    )
    .unwrap();
    std::fs::write(root.join("shard-2.txt"), "billing\ntools\n").unwrap();
    Org {
        _repos: vec![api, web, billing, tools],
        dir,
    }
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["repository"].as_str().unwrap().to_string())
        .collect()
}

/// The answers compared across engines and runs.
fn answers(o: &Org, store: &str) -> Vec<serde_json::Value> {
    vec![
        o.json(&["org", "experts", "kafka consumer", "--store", store]),
        o.json(&[
            "org",
            "experts",
            "http routing keep alive",
            "--store",
            store,
        ]),
        o.json(&["org", "risk", "--store", store]),
        o.json(&["org", "people", "alice@wonderland.org", "--store", store]),
        o.json(&["org", "people", "jane.doe2@corp.example", "--store", store]),
    ]
}

#[test]
fn sync_into_sqlite_answers_across_repositories() {
    let o = org();
    let store = o.dir.path().join("org.sqlite");
    let store = store.to_str().unwrap();
    let root = o.root();
    let sync = o.json(&[
        "org",
        "sync",
        root.to_str().unwrap(),
        "--jobs",
        "2",
        "--store",
        store,
    ]);
    assert_eq!(sync["failed"], 0);
    let synced: Vec<&str> = sync["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["repository"].as_str().unwrap())
        .collect();
    assert_eq!(synced, ["acme/api", "acme/web", "billing", "tools"]);

    // who knows the Kafka consumers: Alice, with both repositories (two addresses, one person)
    let e = o.json(&["org", "experts", "kafka consumer", "--store", store]);
    let first = &e["experts"][0];
    assert_eq!(first["developer"]["name"], "Alice Liddell", "{e:#}");
    assert!(first["developer"]["email"].is_string());
    assert!(first["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        names(&first["repositories"]),
        ["acme/api", "acme/web"],
        "{e:#}"
    );
    assert_eq!(
        first["repositories"][0]["files"][0]["path"],
        "src/kafka/consumer.rs"
    );
    // nobody else's files or subjects mention it
    assert_eq!(e["experts"].as_array().unwrap().len(), 1, "{e:#}");
    let h = o.json(&["org", "experts", "http routing", "--store", store]);
    assert_eq!(h["experts"][0]["developer"]["name"], "Bob Builder", "{h:#}");
    // Bob's upper-case address in tools is the same person
    assert_eq!(
        names(&h["experts"][0]["repositories"]),
        ["acme/api", "tools"],
        "{h:#}"
    );
    let none = o.json(&["org", "experts", "quantum teleportation", "--store", store]);
    assert!(none["experts"].as_array().unwrap().is_empty());
    assert_eq!(none["unknownTerms"].as_array().unwrap().len(), 2);
    // text without a single search term (punctuation, stop words) meets nobody, without an error
    let empty = o.json(&["org", "experts", "the ... a", "--store", store]);
    assert!(empty["experts"].as_array().unwrap().is_empty(), "{empty:#}");
    assert!(empty["terms"].as_array().unwrap().is_empty(), "{empty:#}");

    // people: Alice is one person in two repositories; the two Jane Does at one domain are two
    let alice = o.json(&["org", "people", "alice@example.com", "--store", store]);
    assert_eq!(names(&alice["repositories"]).len(), 2, "{alice:#}");
    assert_eq!(alice["commits"], 3);
    let langs: Vec<&str> = alice["skills"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "language")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        langs.contains(&"Rust") && langs.contains(&"TypeScript"),
        "{langs:?}"
    );
    let jane = o.json(&["org", "people", "jane.doe@corp.example", "--store", store]);
    assert_eq!(names(&jane["repositories"]), ["billing"]);
    let jane2 = o.json(&["org", "people", "jane.doe2@corp.example", "--store", store]);
    assert_eq!(names(&jane2["repositories"]), ["tools"]);
    let unknown = o.aexy(&["org", "people", "nobody@nowhere.example", "--store", store]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("nobody in the org store matches"));

    // risk: every repository with its truck factor, lowest first
    let r = o.json(&["org", "risk", "--store", store]);
    let tfs: Vec<i64> = r["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["truckFactor"].as_i64().unwrap())
        .collect();
    assert_eq!(tfs.len(), 4);
    assert!(tfs.windows(2).all(|w| w[0] <= w[1]), "{tfs:?}");
    let billing = r["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["repository"] == "billing")
        .unwrap();
    assert_eq!(billing["truckFactorPeople"][0]["name"], "Jane Doe");

    // teams by name across the repositories that define them
    let teams: Vec<(String, i64, Vec<String>)> = r["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let repos = t["repositories"].as_array().unwrap();
            (
                t["team"].as_str().unwrap().to_string(),
                t["files"].as_i64().unwrap(),
                repos
                    .iter()
                    .map(|x| x[0].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        teams,
        [
            (
                "streaming".to_string(),
                2,
                vec!["acme/api".to_string(), "acme/web".to_string()]
            ),
            ("frontend".to_string(), 1, vec!["acme/web".to_string()]),
        ],
        "{r:#}"
    );
    assert_eq!(r["teams"][0]["truckFactor"], 1);

    // the report is one page, with history's text escaped
    let html = o.ok(&["org", "report", "--store", store]);
    assert!(
        html.starts_with("<!DOCTYPE html>") && !html.contains("<script"),
        "{html}"
    );
    assert!(!html.contains("src=\"http") && !html.contains("<link"));
    assert!(
        html.contains("Mallory &quot;&amp;lt;script&amp;gt;&quot; &amp; Co"),
        "{html}"
    );
    assert!(html.contains("<td>streaming</td>"), "{html}");

    // a second sync at the same commits extracts nothing again
    let again = o.json(&["org", "sync", root.to_str().unwrap(), "--store", store]);
    let statuses: Vec<&str> = again["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["unchanged"; 4]);
}

#[test]
fn a_broken_repository_fails_alone() {
    let o = org();
    std::fs::create_dir_all(o.root().join("not-a-repo")).unwrap();
    let list = o.root().join("with-broken.txt");
    std::fs::write(&list, "acme/api\nacme/api/src\nnot-a-repo\ntools\n").unwrap();
    let out = o.aexy(&[
        "org",
        "index",
        "--list",
        list.to_str().unwrap(),
        "--jobs",
        "2",
        "--json",
    ]);
    assert!(
        !out.status.success(),
        "a failed repository makes the run fail"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let st: Vec<(String, String)> = report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["repository"].as_str().unwrap().into(),
                r["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        st,
        [
            ("acme/api".to_string(), "indexed".to_string()),
            ("acme/api/src".into(), "failed".into()),
            ("not-a-repo".into(), "failed".into()),
            ("tools".into(), "indexed".into())
        ]
    );
    let error = |i: usize| {
        report["repositories"][i]["error"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        error(1).contains("is not a git repository (it is inside"),
        "{report:#}"
    );
    assert!(error(2).contains("not in a git repository"), "{report:#}");
    assert_eq!(report["failed"], 2);
}

/// A fresh database on the server `AEXY_TEST_POSTGRES` names (a `postgres://…` URL to an
/// existing database), dropped when the value goes; `None` without a server.
struct Database {
    admin: String,
    name: String,
}

impl Database {
    fn new(tag: &str) -> Option<Database> {
        let admin = std::env::var("AEXY_TEST_POSTGRES")
            .ok()
            .filter(|s| !s.is_empty())?;
        let name = format!("aexy_org_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)
            .expect("connect to the test PostgreSQL");
        // one statement per call: DROP/CREATE DATABASE refuse an (implicit) transaction
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(Database { admin, name })
    }

    /// The URL of this database (the admin URL with the database replaced).
    fn url(&self) -> String {
        let (base, query) = self
            .admin
            .split_once('?')
            .map_or((self.admin.as_str(), ""), |(b, q)| (b, q));
        let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
        if query.is_empty() {
            format!("{base}/{}", self.name)
        } else {
            format!("{base}/{}?{query}", self.name)
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn no_postgres() {
    eprintln!("skipped: set AEXY_TEST_POSTGRES (scripts/test.d/70-org.sh starts a server)");
}

#[test]
fn postgres_and_sqlite_give_the_same_store_and_answers() {
    let Some(db) = Database::new("same") else {
        return no_postgres();
    };
    let o = org();
    let lite = o.dir.path().join("org.sqlite");
    let lite = lite.to_str().unwrap();
    let pg = db.url();
    let root = o.root();
    o.ok(&["org", "sync", root.to_str().unwrap(), "--store", lite]);
    o.ok(&["org", "sync", root.to_str().unwrap(), "--store", &pg]);
    let a = o.ok(&["org", "dump", "--store", lite]);
    let b = o.ok(&["org", "dump", "--store", &pg]);
    assert!(a.lines().count() > 50, "{a}");
    assert_eq!(a, b, "the two engines hold different figures");
    assert_eq!(answers(&o, lite), answers(&o, &pg));
    assert_eq!(
        o.ok(&["org", "report", "--store", lite]),
        o.ok(&["org", "report", "--store", &pg])
    );
}

fn count(url: &str) -> i64 {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query_one(
        "SELECT COUNT(*) FROM repositories WHERE name IN ('billing', 'tools')",
        &[],
    )
    .map(|r| r.get(0))
    .unwrap_or(0)
}

#[test]
fn postgres_killed_shard_rerun_gives_the_store_of_a_clean_run() {
    let Some(clean) = Database::new("clean") else {
        return no_postgres();
    };
    let Some(killed) = Database::new("killed") else {
        return no_postgres();
    };
    let o = org();
    let (s1, s2) = (o.shard(1), o.shard(2));
    let (s1, s2) = (s1.to_str().unwrap(), s2.to_str().unwrap());
    // indexes first, so both runs extract from the same indexes
    o.ok(&["org", "index", o.root().to_str().unwrap()]);
    let url = clean.url();
    o.ok(&["org", "sync", "--list", s1, "--store", &url]);
    o.ok(&["org", "sync", "--list", s2, "--store", &url]);
    let expected = o.ok(&["org", "dump", "--store", &url]);

    // two worker processes against one server; shard 2 killed after its first repository: the
    // test holds the name of its second one ("tools") in an open transaction, so shard 2 commits
    // billing and then waits on that name until it is killed
    let url = killed.url();
    o.ok(&["org", "dump", "--store", &url]); // creates the schema
    let mut blocker = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut hold = blocker.transaction().unwrap();
    hold.execute(
        "INSERT INTO repositories VALUES (-1, 'tools', '', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        &[],
    )
    .unwrap();
    let sync = |list: &str| {
        o.command(&[
            "org", "sync", "--list", list, "--store", &url, "--jobs", "1", "--force",
        ])
        .spawn()
        .unwrap()
    };
    let mut one = sync(s1);
    let mut two = sync(s2);
    let waiting = || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let n: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND wait_event_type = 'Lock' AND query LIKE 'COPY repositories %'",
                &[],
            )
            .unwrap()
            .get(0);
        n > 0
    };
    let started = std::time::Instant::now();
    while !waiting() {
        assert!(
            started.elapsed().as_secs() < 60,
            "shard 2 never reached its second repository"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let at_kill = count(&url);
    two.kill().unwrap();
    assert!(!two.wait().unwrap().success(), "shard 2 was killed");
    hold.rollback().unwrap();
    assert!(one.wait().unwrap().success());
    assert_eq!(at_kill, 1, "billing was written, tools was not");
    let partial = o.ok(&["org", "dump", "--store", &url]);
    assert_ne!(partial, expected, "the kill left shard 2 unfinished");
    // only the failed shard is run again
    o.ok(&["org", "sync", "--list", s2, "--store", &url]);
    let got = o.ok(&["org", "dump", "--store", &url]);
    assert_eq!(got, expected);
}

#[test]
fn org_mailmap_joins_what_the_rules_keep_apart() {
    let o = org();
    let store = o.dir.path().join("mm.sqlite");
    let store = store.to_str().unwrap();
    let mm = o.dir.path().join("org.mailmap");
    std::fs::write(
        &mm,
        "Jane Doe <jane.doe@corp.example> <jane.doe2@corp.example>\n",
    )
    .unwrap();
    o.ok(&[
        "org",
        "sync",
        o.root().to_str().unwrap(),
        "--store",
        store,
        "--mailmap",
        mm.to_str().unwrap(),
    ]);
    let jane = o.json(&["org", "people", "jane.doe2@corp.example", "--store", store]);
    assert_eq!(names(&jane["repositories"]), ["billing", "tools"]);
}
