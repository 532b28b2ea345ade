//! End-to-end tests of `aexy match`, `aexy reviewers` and `aexy eval match` on generated
//! repositories with known answers (a parser owner and a network owner), plus the masking
//! rules and the metrics arithmetic through the library, checked against hand-computed cases.

mod support;

use serde_json::Value;
use support::{Fixture, Who, ALICE, BOB, CAROL, DEPENDABOT};

const DAVE: Who = Who {
    name: "Dave Newcomer",
    email: "dave@example.com",
};

fn code(words: &[&str], n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "fn {}_{i}() {{ {}(); }}\n",
                words[i % words.len()],
                words[(i + 1) % words.len()]
            )
        })
        .collect()
}

/// Alice builds and maintains the parser, Bob the network code, Carol the docs; dependabot
/// bumps a dependency. Every subject speaks its area's language.
fn two_areas() -> Fixture {
    let f = Fixture::new();
    f.write(
        "src/parser/lexer.rs",
        code(&["tokenize", "scan_escape", "peek_char"], 20),
    );
    f.write(
        "src/parser/grammar.rs",
        code(&["parse_expression", "parse_statement", "precedence"], 20),
    );
    f.commit(ALICE, "Lexer and grammar for expressions");
    f.write(
        "src/net/http_client.rs",
        code(&["send_request", "open_connection", "read_response"], 20),
    );
    f.write(
        "src/net/retry.rs",
        code(&["backoff_delay", "retry_policy", "connection_reset"], 20),
    );
    f.commit(BOB, "HTTP client with connection pooling");
    f.write("README.md", "# Demo\n\nHow to build.\n");
    f.commit(CAROL, "Document the build");
    let alice_subjects = [
        "Tokenize string escapes in the lexer",
        "Operator precedence for binary expressions",
        "Parse nested expressions without recursion limits",
        "Lexer: report the column of unterminated strings",
    ];
    let bob_subjects = [
        "Retry requests after a connection reset",
        "Exponential backoff between retries",
        "Time out idle connections in the pool",
        "Read chunked HTTP responses",
    ];
    for i in 0..4 {
        f.write(
            "src/parser/lexer.rs",
            code(
                &["tokenize", "scan_escape", "peek_char", "unterminated"],
                20 + i,
            ),
        );
        f.write(
            "src/parser/grammar.rs",
            code(
                &[
                    "parse_expression",
                    "parse_statement",
                    "precedence",
                    "nested",
                ],
                20 + i,
            ),
        );
        f.commit(ALICE, alice_subjects[i]);
        f.write(
            "src/net/http_client.rs",
            code(
                &[
                    "send_request",
                    "open_connection",
                    "read_response",
                    "chunked",
                ],
                20 + i,
            ),
        );
        f.write(
            "src/net/retry.rs",
            code(
                &[
                    "backoff_delay",
                    "retry_policy",
                    "connection_reset",
                    "idle_timeout",
                ],
                20 + i,
            ),
        );
        f.commit(BOB, bob_subjects[i]);
    }
    f.write("Cargo.toml", "[dependencies]\nserde = \"1.0.200\"\n");
    f.commit(DEPENDABOT, "Bump serde from 1.0.199 to 1.0.200");
    f
}

fn names(v: &Value, list: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} in {v}"))
        .iter()
        .map(|m| m["developer"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn tasks_go_to_the_owner_of_their_area_with_checkable_reasons() {
    let f = two_areas();
    f.index();
    let parser = f.json(&[
        "match",
        "Unicode escapes are tokenized wrongly by the lexer",
    ]);
    let who = names(&parser, "matches");
    assert_eq!(who[0], ALICE.name, "{parser:#}");
    let reasons: Vec<&str> = parser["matches"][0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("author of src/parser/")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.starts_with("active ")),
        "{reasons:?}"
    );
    assert!(parser["matches"][0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        parser["signals"]["files"][0]["path"].as_str().unwrap(),
        "src/parser/lexer.rs"
    );
    // The same answer for a person: ranked names with reasons, then what it was based on.
    let out = f.aexy(&[
        "match",
        "Unicode escapes are tokenized wrongly by the lexer xyzzy",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with(&format!(" 1. {} <", ALICE.name)), "{text}");
    assert!(
        text.contains("files the task is about (relevance):\n  1.00  src/parser/lexer.rs\n"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("words nothing in the history uses: ") && l.ends_with(", xyzzy")),
        "{text}"
    );

    let net = f.json(&[
        "match",
        "Retry the request when the HTTP connection is reset",
        "--limit",
        "2",
    ]);
    let who = names(&net, "matches");
    assert_eq!(who[0], BOB.name, "{net:#}");
    assert!(who.len() <= 2);
    // identifiers in the text are split like the code's
    let ident = f.json(&["match", "backoffDelay is too short"]);
    assert_eq!(names(&ident, "matches")[0], BOB.name);
    // bots never appear, whatever the text
    let bump = f.json(&["match", "Bump serde dependency in Cargo.toml"]);
    assert!(
        !names(&bump, "matches")
            .iter()
            .any(|n| n.contains("dependabot")),
        "{bump:#}"
    );
}

/// A task that meets nothing in the history is ranked by recent activity alone and says so; a
/// task that meets something lists only the people it meets.
#[test]
fn a_task_meeting_nothing_falls_back_to_recent_activity_and_says_so() {
    let f = two_areas();
    f.index();
    let none = f.json(&["match", "zeppelin quaternion"]);
    assert_eq!(none["signals"]["byActivityAlone"], true, "{none:#}");
    let who = names(&none, "matches");
    // Bob committed last among people (dependabot is a bot), Carol's only commit is older
    assert_eq!(who[0], BOB.name, "{none:#}");
    assert!(who.contains(&CAROL.name.to_string()), "{none:#}");
    let out = f.aexy(&["match", "zeppelin quaternion"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Nothing in the task matched the history"),
        "{text}"
    );
    let parser = f.json(&["match", "the lexer tokenizes escapes"]);
    assert_eq!(parser["signals"]["byActivityAlone"], false);
    assert_eq!(names(&parser, "matches"), [ALICE.name], "{parser:#}");
}

#[test]
fn named_files_and_directories_pin_their_experts() {
    let f = two_areas();
    // Carol regenerates the lock file over and over: that is knowledge of nothing
    for i in 0..5 {
        f.write(
            "Cargo.lock",
            format!("# This file is automatically @generated by Cargo.\nversion = {i}\n"),
        );
        f.commit(CAROL, "Refresh the lock file");
    }
    f.index();
    // text that says nothing the history knows: the named file decides
    let net = f.json(&["match", "Fix this", "--files", "src/net/retry.rs"]);
    assert_eq!(
        names(&net, "matches"),
        vec![BOB.name.to_string()],
        "{net:#}"
    );
    assert_eq!(net["signals"]["files"][0]["path"], "src/net/retry.rs");
    assert_eq!(net["signals"]["files"][0]["relevance"], 1.0);
    // a directory, relative to the current directory, and no text at all (named twice: still
    // known, each file counted once)
    let out = f.aexy_in(
        &f.root.join("src"),
        &["match", "--files", "parser/", "parser", "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(names(&dir, "matches")[0], ALICE.name, "{dir:#}");
    let pinned: Vec<&str> = dir["signals"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["relevance"] == 1.0)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(pinned.len(), 2, "{dir:#}");
    assert_eq!(dir["signals"]["unknownPaths"], serde_json::json!([]));
    assert!(pinned.contains(&"src/parser/lexer.rs") && pinned.contains(&"src/parser/grammar.rs"));
    // named files add their experts to those of the text
    let text_only = f.json(&["match", "Retry after a connection reset"]);
    assert!(
        !names(&text_only, "matches").contains(&ALICE.name.to_string()),
        "{text_only:#}"
    );
    let mixed = f.json(&[
        "match",
        "Retry after a connection reset",
        "--files",
        "src/parser/lexer.rs",
        "src/parser/grammar.rs",
    ]);
    let both = names(&mixed, "matches");
    assert_eq!(both[0], BOB.name, "{mixed:#}");
    assert_eq!(both[1], ALICE.name, "{mixed:#}");
    // a lock file and a path that never existed: warned about, listed, credited to nobody
    let out = f.aexy(&[
        "match",
        "Refresh the lock file",
        "--files",
        "Cargo.lock",
        "src/nope.rs",
        "--json",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("src/nope.rs is not a file or directory in the history"),
        "{err}"
    );
    assert!(
        err.contains("Cargo.lock holds only vendored or generated files"),
        "{err}"
    );
    let lock: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        lock["signals"]["unknownPaths"],
        serde_json::json!(["src/nope.rs"])
    );
    assert_eq!(
        lock["signals"]["ignoredPaths"],
        serde_json::json!(["Cargo.lock"])
    );
    let all = lock.to_string();
    assert!(!all.contains("changed Cargo.lock"), "{lock:#}");
    assert!(!all.contains("author of Cargo.lock"), "{lock:#}");
}

#[test]
fn as_of_sees_only_earlier_history() {
    let f = two_areas();
    let early = f
        .git(&["rev-list", "--max-count=1", "--skip=9", "HEAD"])
        .trim()
        .to_string();
    f.index();
    // as of the third commit only Alice, Bob and Carol's first commits exist
    let v = f.json(&[
        "match",
        "Retry the request after a reset",
        "--as-of",
        &early,
    ]);
    assert_eq!(v["signals"]["asOf"].as_str().unwrap(), early);
    assert_eq!(names(&v, "matches")[0], BOB.name);
    assert!(v["signals"]["candidates"].as_u64().unwrap() <= 3);
}

#[test]
fn reviewers_own_the_changed_lines_and_exclude_the_author() {
    let f = two_areas();
    f.index();
    // Alice edits Bob's retry code in her working tree
    f.git(&["config", "user.email", ALICE.email]);
    let text = std::fs::read_to_string(f.root.join("src/net/retry.rs")).unwrap();
    f.write(
        "src/net/retry.rs",
        text.replacen("backoff_delay_0", "backoff_delay_zero", 1),
    );
    let v = f.json(&["reviewers"]);
    assert_eq!(v["change"]["source"], "working tree");
    assert_eq!(v["change"]["files"][0], "src/net/retry.rs");
    let who = names(&v, "reviewers");
    assert_eq!(who[0], BOB.name, "{v:#}");
    assert!(
        !who.contains(&ALICE.name.to_string()),
        "the author reviews nothing: {v:#}"
    );
    assert_eq!(v["change"]["authors"][0]["name"], ALICE.name);
    let reasons = v["reviewers"][0]["reasons"].to_string();
    assert!(
        reasons.contains("changed lines in src/net/retry.rs"),
        "{reasons}"
    );

    // a committed range by Bob on the parser: Alice reviews, Bob (its author) does not
    f.git(&["checkout", "--", "."]);
    let text = std::fs::read_to_string(f.root.join("src/parser/grammar.rs")).unwrap();
    f.write(
        "src/parser/grammar.rs",
        text.replacen("precedence_2", "precedence_two", 1),
    );
    f.commit(BOB, "Rename a precedence helper");
    f.index();
    let v = f.json(&["reviewers", "--rev", "HEAD~1..HEAD"]);
    let who = names(&v, "reviewers");
    assert_eq!(who[0], ALICE.name, "{v:#}");
    assert!(!who.contains(&BOB.name.to_string()), "{v:#}");
    assert_eq!(v["change"]["lines"], 1);

    // whole files: DOA decides
    f.git(&["config", "user.email", "nobody@example.com"]);
    let v = f.json(&["reviewers", "--files", "src/parser/lexer.rs"]);
    assert_eq!(names(&v, "reviewers")[0], ALICE.name, "{v:#}");
}

#[test]
fn eval_replays_history_with_exclusions_counted_and_all_methods() {
    let f = two_areas();
    // the window's extra cases: a release, a revert, a newcomer, a cherry-pick with -x
    f.write("VERSION", "1.0.0\n");
    f.commit(ALICE, "Release 1.0.0");
    f.write(
        "src/net/retry.rs",
        code(&["backoff_delay", "retry_policy"], 5),
    );
    let reverted = f.commit(BOB, "Shrink the retry module");
    f.git(&["revert", "--no-edit", &reverted]);
    f.write("src/parser/newcomer.rs", "fn hello() {}\n");
    f.commit(DAVE, "Greet in the parser");
    f.write("src/net/pool.rs", code(&["idle_timeout", "pool_size"], 6));
    f.commit(BOB, "Pool idle connections separately\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)");
    f.index();
    let v = f.json(&["eval", "match", "--holdout", "14"]);
    assert_eq!(v["heldOut"], 14);
    let ex = &v["excluded"];
    assert_eq!(ex["releases"], 1, "{v:#}");
    assert_eq!(ex["reverts"], 1, "{v:#}");
    assert_eq!(ex["newAuthors"], 1, "{v:#}");
    assert_eq!(ex["cherryPicks"], 1, "{v:#}");
    assert_eq!(ex["bots"], 1, "{v:#}");
    let excluded: u64 = ["releases", "reverts", "newAuthors", "cherryPicks", "bots"]
        .iter()
        .map(|k| ex[k].as_u64().unwrap())
        .sum();
    assert_eq!(v["evaluated"].as_u64().unwrap() + excluded, 14);
    let methods: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert_eq!(
        methods,
        [
            "aexy",
            "aexyUnmasked",
            "random",
            "mostActive",
            "mostActiveRecent",
            "bm25Subjects",
            "pathOracle"
        ]
    );
    let get = |m: &str, k: &str| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["method"] == m)
            .unwrap()[k]
            .as_f64()
            .unwrap()
    };
    // random is the exact expectation: with c candidates Hit@1 = 1/c
    let c = v["candidates"].as_f64().unwrap();
    assert!(c >= 2.0);
    for m in methods {
        let (h1, h3, h5, h10, mrr) = (
            get(m, "hit1"),
            get(m, "hit3"),
            get(m, "hit5"),
            get(m, "hit10"),
            get(m, "mrr"),
        );
        assert!(h1 <= h3 && h3 <= h5 && h5 <= h10 && h10 <= 1.0, "{m}");
        assert!(mrr >= h1 && mrr <= 1.0, "{m}");
    }
    // in a two-area history the subjects say who: ours beats random on MRR
    assert!(get("aexy", "mrr") > get("random", "mrr"), "{v:#}");
}

#[test]
fn masking_rules() {
    use aexy::matching::eval::mask::{mask, path_words, people_words};
    let people = people_words([("Bob Builder", "bob.b@example.com")]);
    let paths = path_words(["src/net/http_client.rs"]);
    assert_eq!(
        mask("fix(net): http_client retries for Bob (#42) @bobb\n\nSigned-off-by: Bob <bob.b@example.com>", &people, &paths),
        "fix: retries for"
    );
    // words that only contain a leaked name survive; whole-word equality is the rule
    assert_eq!(
        mask("HTTP clients retry", &people, &paths),
        "HTTP clients retry"
    );
}

#[test]
fn metrics_arithmetic_by_hand() {
    use aexy::matching::eval::metrics::{hit_at, misses_removed, place, reciprocal_rank, Tally};
    // author 7 scores 2.0; 2 candidates above, 1 tied: ranks 3 or 4 equally likely
    let scores = [(1, 5.0), (2, 3.0), (7, 2.0), (9, 2.0), (4, 0.0)];
    let p = place(&scores, 7).unwrap();
    assert_eq!((p.better, p.tied), (2, 2));
    assert_eq!(hit_at(p, 1), 0.0);
    assert_eq!(hit_at(p, 3), 0.5);
    assert_eq!(hit_at(p, 5), 1.0);
    assert!((reciprocal_rank(p) - (1.0 / 3.0 + 1.0 / 4.0) / 2.0).abs() < 1e-12);
    let mut t = Tally::default();
    t.add(p);
    t.add(place(&scores, 1).unwrap());
    let r = t.result("m");
    assert_eq!(r.hit1, 0.5);
    assert_eq!(r.hit3, 0.75);
    // (7/24 + 1) / 2 = 31/48
    assert_eq!(r.mrr, 0.6458);
    assert_eq!(misses_removed(0.54, 0.77), 0.5);
}

#[test]
fn eval_lists_the_commits_it_missed_when_asked() {
    const EVE: Who = Who {
        name: "Eve Returning",
        email: "eve@example.com",
    };
    const TEAM: [Who; 6] = [
        Who {
            name: "Ann One",
            email: "ann@example.com",
        },
        Who {
            name: "Ben Two",
            email: "ben@example.com",
        },
        Who {
            name: "Cat Three",
            email: "cat@example.com",
        },
        Who {
            name: "Dan Four",
            email: "dan@example.com",
        },
        Who {
            name: "Eli Five",
            email: "eli@example.com",
        },
        Who {
            name: "Fay Six",
            email: "fay@example.com",
        },
    ];
    let f = Fixture::new();
    // Eve's one commit, years before anyone else's
    f.write("notes/eve.md", "a note\n");
    f.commit_at(EVE, 1_000_000_000, "+0000", "Add a note");
    const TOPICS: [&str; 6] = ["billing", "search", "upload", "login", "export", "render"];
    for round in 0..3 {
        for (i, (who, topic)) in TEAM.iter().zip(TOPICS).enumerate() {
            f.write(
                &format!("src/a{i}/mod.rs"),
                code(&[&format!("{topic}_state"), "helper"], 3 + round),
            );
            f.commit(*who, &format!("Keep the {topic} state consistent"));
        }
    }
    // held out: Eve returns with a subject that names nothing, then Ann works on billing
    f.write("notes/other.md", "another note\n");
    let missed = f.commit(EVE, "Update");
    f.write("src/a0/mod.rs", code(&["billing_state", "helper"], 9));
    f.commit(TEAM[0], "Faster billing state");
    f.index();

    let plain = f.json(&["eval", "match", "--holdout", "2"]);
    assert_eq!(plain["evaluated"], 2, "{plain:#}");
    assert!(plain.get("misses").is_none(), "{plain:#}");

    let v = f.json(&["eval", "match", "--holdout", "2", "--misses"]);
    let misses = v["misses"].as_array().expect("a list of misses");
    assert_eq!(misses.len(), 1, "only Eve's commit is missed: {v:#}");
    let m = &misses[0];
    assert_eq!(m["commit"], missed.as_str());
    assert_eq!(m["author"], EVE.name);
    assert_eq!(m["query"], "Update");
    assert_eq!(m["earlierCommits"], 1);
    assert!(m["daysSinceLast"].as_i64().unwrap() > 365 * 10, "{m:#}");
    assert!(m["rank"].as_u64().unwrap() > 5, "{m:#}");

    // the table form names the commit and the author
    let out = f.aexy(&["eval", "match", "--holdout", "2", "--misses"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&missed[..10]) && text.contains(EVE.name),
        "{text}"
    );
}
