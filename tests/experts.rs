//! End-to-end tests of who `aexy owners` names as a file's experts and of what the truck
//! factor counts, on generated repositories where the answer is known by construction: a
//! long-gone creator against an active maintainer, a file rewritten by a newcomer, co-authored
//! work, Linguist's detectable files (data, prose and git's own files count for nothing), the
//! survey checker `aexy eval experts` on a hand-computed case, and how answers word time
//! (recency against the clock or the as-of date; no "-0.0 commits/week").

mod support;

use serde_json::Value;
use support::{lines, Fixture, Who, ALICE, BOB, CAROL, DAVE};

const DAY: i64 = 86_400;
/// 2024-03-01T00:00:00Z.
const T0: i64 = 1_709_251_200;

const ERIN: Who = Who {
    name: "Erin Newcomer",
    email: "erin@example.com",
};

fn names(list: &Value) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn paths(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d[key].as_str().unwrap().to_string())
        .collect()
}

/// Four Rust files (Alice three, Bob one) beside data, prose and git's own files all written
/// by Carol: `.mailmap`, `.git-blame-ignore-revs`, notes, JSON, YAML, Markdown outside docs.
/// Linguist's breakdown holds the four Rust files only, so Avelino's truck factor is 1 (Alice);
/// counting Carol's files too would give 2.
#[test]
fn only_linguist_detectable_files_count_for_truck_factor_silos_orphans_and_hotspots() {
    let f = Fixture::new();
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        f.write(&format!("src/{name}.rs"), lines(name, 12));
        f.commit_at(ALICE, T0 - 400 * DAY + i as i64 * DAY, "+0000", name);
    }
    f.write("src/d.rs", lines("d", 12));
    f.commit_at(BOB, T0 - 390 * DAY, "+0000", "d");
    f.write(".mailmap", "Carol Danvers <carol@example.com>\n");
    f.write(".git-blame-ignore-revs", "# formatting-only commits\n");
    f.write("notes.txt", lines("note", 5));
    f.write("config/settings.json", "{\"a\": 1}\n");
    f.write(".github/ISSUE_TEMPLATE/bug.md", "# Bug\n");
    f.write("benchsuite/runs/2016-09-17/summary.csv", "a,b\n1,2\n");
    f.commit_at(CAROL, T0 - 380 * DAY, "+0000", "Project files");
    // Carol keeps changing her files (hotspot candidates if they counted) and Alice touches c.rs
    for k in 0..5 {
        f.write(
            ".mailmap",
            format!("Carol Danvers <carol@example.com>\n# {k}\n"),
        );
        f.write("config/settings.json", format!("{{\"a\": {k}}}\n"));
        f.write(".github/ISSUE_TEMPLATE/bug.md", format!("# Bug {k}\n"));
        f.commit_at(CAROL, T0 - 20 * DAY + k * DAY, "+0000", "Tune");
    }
    f.write("src/c.rs", lines("c2", 14));
    f.commit_at(ALICE, T0, "+0000", "c again");
    f.index();
    let t = f.json(&["team"]);
    assert_eq!(t["scope"]["files"], 10, "{}", t["scope"]);
    assert_eq!(t["scope"]["consideredFiles"], 4, "{}", t["scope"]);
    assert_eq!(t["truckFactor"]["value"], 1, "{}", t["truckFactor"]);
    assert_eq!(names(&t["truckFactor"]["developers"]), ["Alice Liddell"]);
    let silos = paths(&t["silos"]["fileList"], "path");
    assert_eq!(silos, ["src/a.rs", "src/b.rs", "src/c.rs", "src/d.rs"]);
    let hot = paths(&t["hotspots"], "path");
    assert_eq!(
        hot,
        ["src/c.rs"],
        "data, prose and git files are no hotspots"
    );
    let dirs = paths(&t["directories"], "directory");
    assert_eq!(
        dirs,
        ["src"],
        "no directory of benchmark output or issue templates"
    );
    assert!(t["orphaned"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["path"].as_str().unwrap().ends_with(".rs")));
    // every file can still be asked about, and --all-files counts them all
    let all = f.json(&["team", "--all-files"]);
    assert_eq!(all["scope"]["consideredFiles"], 10);
}

/// Three files whose maintainers are known by construction (HEAD at T0):
/// - `src/engine.rs`: Dave created it three years ago in one commit and left; Alice has changed
///   it eight times this past year. Alice maintains it; DOA alone still names Dave (0.80).
/// - `src/parser.rs`: Alice created it and changed it five times, long ago; Erin, a newcomer,
///   rewrote all of it 500 days ago; Bob fixed one line 400 days ago. Alice (its author) and
///   Erin (most of what it is now) maintain it; DOA alone misses Erin.
/// - `src/net.rs`: Dave created it long ago in one commit; Bob and Carol paired on every change
///   since (Co-authored-by). Bob and Carol maintain it, as one.
struct Repo {
    f: Fixture,
    /// One commit of each developer (what the survey's CSV uses to tell who answered).
    dave: String,
    alice: String,
    bob: String,
    erin: String,
}

fn experts_repo() -> Repo {
    let f = Fixture::new();
    f.write("src/engine.rs", lines("engine", 30));
    f.write("src/net.rs", lines("net", 20));
    let dave = f.commit_at(DAVE, T0 - 1100 * DAY, "+0000", "Engine and network");
    f.write("src/parser.rs", lines("parser", 40));
    let alice = f.commit_at(ALICE, T0 - 900 * DAY, "+0100", "Parser");
    for k in 0..5 {
        f.write("src/parser.rs", lines(&format!("parser v{k}"), 40));
        f.commit_at(ALICE, T0 - (850 - 50 * k) * DAY, "+0100", "Parser work");
    }
    for k in 0..4 {
        let text = format!("{}// paired {k}\n", lines("net", 20));
        f.write("src/net.rs", text);
        f.commit_at(
            BOB,
            T0 - (800 - 10 * k) * DAY,
            "+0000",
            "Network work\n\nCo-authored-by: Carol Danvers <carol@example.com>",
        );
    }
    f.write("src/parser.rs", lines("rewritten parser", 50));
    let erin = f.commit_at(ERIN, T0 - 500 * DAY, "+0000", "Rewrite the parser");
    let mut fixed = lines("rewritten parser", 50);
    fixed.push_str("// fix\n");
    f.write("src/parser.rs", fixed);
    let bob = f.commit_at(BOB, T0 - 400 * DAY, "+0000", "Fix the parser");
    for k in 0..8 {
        let mut text = lines("engine", 30);
        text.push_str(&format!("// tuned {k}\n"));
        f.write("src/engine.rs", text);
        f.commit_at(ALICE, T0 - (300 - 30 * k) * DAY, "+0100", "Tune the engine");
    }
    f.write("src/main.rs", lines("main", 5));
    f.commit_at(ALICE, T0, "+0100", "Main");
    f.index();
    Repo {
        f,
        dave,
        alice,
        bob,
        erin,
    }
}

fn expert<'a>(o: &'a Value, name: &str) -> &'a Value {
    o["experts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not an expert: {o}"))
}

#[test]
fn a_long_gone_creator_gives_way_to_the_active_maintainer() {
    let r = experts_repo();
    let o = r.f.json(&["owners", "src/engine.rs"]);
    assert_eq!(names(&o["experts"]), ["Alice Liddell"], "{}", o["experts"]);
    assert_eq!(
        expert(&o, "Alice Liddell")["reason"],
        "degree of authorship"
    );
    // before Alice's work, Dave was the file's maintainer
    let early = r.f.git(&[
        "rev-list",
        "-1",
        "--before",
        &(T0 - 1000 * DAY).to_string(),
        "HEAD",
    ]);
    let o =
        r.f.json(&["owners", "src/engine.rs", "--as-of", early.trim()]);
    assert_eq!(names(&o["experts"]), ["Dave Gone"]);
}

#[test]
fn a_newcomer_who_rewrote_the_file_is_named_beside_its_author() {
    let r = experts_repo();
    let o = r.f.json(&["owners", "src/parser.rs"]);
    assert_eq!(names(&o["experts"]), ["Alice Liddell", "Erin Newcomer"]);
    let erin = expert(&o, "Erin Newcomer");
    assert_eq!(erin["reason"], "wrote most of the file as it stands");
    assert_eq!(erin["doaAuthor"], false, "DOA alone misses her");
    assert!((erin["lineShare"].as_f64().unwrap() - 50.0 / 51.0).abs() < 1e-9);
    assert_eq!(expert(&o, "Alice Liddell")["doaAuthor"], true);
}

#[test]
fn co_authors_maintain_their_work_together() {
    let r = experts_repo();
    let o = r.f.json(&["owners", "src/net.rs"]);
    assert_eq!(names(&o["experts"]), ["Bob Builder", "Carol Danvers"]);
    let (bob, carol) = (expert(&o, "Bob Builder"), expert(&o, "Carol Danvers"));
    assert_eq!(bob["commits"], 4);
    assert_eq!(carol["commits"], 4, "credited as co-author");
    assert_eq!(bob["doa"], carol["doa"]);
    assert_eq!(
        carol["lineShare"], bob["lineShare"],
        "co-authored lines count for both"
    );
    assert!(carol["lineShare"].as_f64().unwrap() > 0.0);
}

/// The survey checker on answers whose hits are computed by hand. aexy names Alice and Dave
/// (engine.rs: Alice), Alice and Erin (parser.rs). Answers (4–5 maintain, 1–3 do not):
/// Alice/engine 5 (named: hit), Dave/engine 2 (not named: hit), Erin/parser 4 (hit),
/// Bob/parser 5 (not named: miss), Alice/parser 1 (named: miss). Maintainers 2/3,
/// non-maintainers 1/2, harmonic mean 2·(2/3)·(1/2) / (2/3 + 1/2) = 4/7. The published
/// columns count as given: DOA 1/3 and 0/2 (mean 0), commits 1/3 and 2/2 (0.5), blame 1/3 and
/// 1/2 (0.4). aexy's DOA authors (Alice and Dave on engine.rs, Alice on parser.rs): 1/3, 0/2.
#[test]
fn the_survey_checker_counts_hits_as_the_paper_does() {
    let r = experts_repo();
    let head = r.f.head();
    let rows = [
        ("src/engine.rs", "d-alice", &r.alice, 5, "hit,hit,miss"),
        ("src/engine.rs", "d-dave", &r.dave, 2, "miss,hit,hit"),
        ("src/parser.rs", "d-erin", &r.erin, 4, "miss,miss,hit"),
        ("src/parser.rs", "d-bob", &r.bob, 5, "miss,miss,miss"),
        ("src/parser.rs", "d-alice", &r.alice, 1, "miss,hit,miss"),
    ];
    let mut csv = String::from(
        "repo,snapshot_commit,file,dev_id,dev_commits,answer,pub_doa,pub_commit,pub_blame\n",
    );
    for (file, dev, commit, answer, published) in rows {
        csv.push_str(&format!(
            "team/repo,{head},{file},{dev},{commit},{answer},{published}\n"
        ));
    }
    let path = r.f.dir.path().join("survey.csv");
    std::fs::write(&path, csv).unwrap();
    let clones = r.f.dir.path().to_str().unwrap();
    let args = [
        "eval",
        "experts",
        "--survey",
        path.to_str().unwrap(),
        "--clones",
        clones,
    ];
    let out = r.f.json(&args);
    let all = &out["overall"];
    let counts = |x: &Value| {
        [
            &x["maintainerHits"],
            &x["maintainers"],
            &x["nonMaintainerHits"],
            &x["nonMaintainers"],
        ]
        .map(|v| v.as_u64().unwrap())
    };
    assert_eq!(counts(&all["aexy"]), [2, 3, 1, 2]);
    assert!((all["aexy"]["harmonicMean"].as_f64().unwrap() - 4.0 / 7.0).abs() < 1e-12);
    assert_eq!(counts(&all["doaAuthors"]), [1, 3, 0, 2]);
    assert_eq!(all["doaAuthors"]["harmonicMean"], 0.0);
    assert_eq!(counts(&all["publishedDoa"]), [1, 3, 0, 2]);
    assert_eq!(counts(&all["publishedCommit"]), [1, 3, 2, 2]);
    assert!((all["publishedCommit"]["harmonicMean"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(counts(&all["publishedBlame"]), [1, 3, 1, 2]);
    assert!((all["publishedBlame"]["harmonicMean"].as_f64().unwrap() - 0.4).abs() < 1e-12);
    assert_eq!(out["repositories"][0]["repository"], "team/repo");
    let hits: Vec<bool> = out["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["hit"].as_bool().unwrap())
        .collect();
    assert_eq!(hits, [true, true, true, false, false]);
    // the table people read
    let text = r.f.aexy(&args[..6]);
    let text = String::from_utf8(text.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("aexy owners"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("2/3") && line.contains("1/2") && line.ends_with("0.571"),
        "{line}"
    );
}

/// `aexy match` on a checkout whose last commit (2024-03-01) is long past: its author is not
/// "active today"; the words count from the clock, and an `--as-of` answer says what it is
/// measured against.
#[test]
fn match_recency_words_follow_the_clock_or_say_as_of() {
    let r = experts_repo();
    let m = r.f.json(&["match", "tune the engine"]);
    let alice = m["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["developer"]["name"] == "Alice Liddell")
        .unwrap_or_else(|| panic!("{m}"));
    let reasons: Vec<&str> = alice["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(!reasons.iter().any(|x| x.contains("today")), "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|x| x.starts_with("active ") && x.ends_with(" ago")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|x| x.ends_with("in the 90 days before the last commit (2024-03-01)")),
        "{reasons:?}"
    );
    let m = r.f.json(&["match", "tune the engine", "--as-of", "HEAD~1"]);
    let text = m["matches"].to_string();
    assert!(
        text.contains("active on the as-of date (2023-12-02)"),
        "{text}"
    );
    assert!(
        text.contains("active 310 days before the as-of date (2023-12-02)"),
        "{text}"
    );
    assert!(!text.contains(" ago"), "{text}");
}

/// A history shorter than the 12 weeks the velocity trend compares against has an empty
/// earlier window: 0.0 commits/week, never "-0.0".
#[test]
fn an_empty_velocity_window_reads_zero() {
    let f = Fixture::new();
    for k in 0..3 {
        f.write("src/lib.rs", lines(&format!("v{k}"), 3));
        f.commit_at(ALICE, T0 + k * DAY, "+0000", "work");
    }
    let out = f.aexy(&["team"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let velocity = text.lines().find(|l| l.starts_with("Velocity")).unwrap();
    assert!(!text.contains("-0.0"), "{velocity}");
    assert!(velocity.contains("vs 0.0 commits/week"), "{velocity}");
}

/// The truck factor stays Avelino's (DOA authors: Dave, long gone, still authors engine.rs and
/// net.rs); the maintainers' truck factor beside it counts who maintains each file now.
/// Authors: Alice {engine, parser, main}, Dave {engine, net}, Bob and Carol {net}: removing
/// Alice leaves 2/4 covered, Dave 1/4 → 2. Maintainers: Alice {engine, parser, main}, Erin
/// {parser}, Bob and Carol {net}: Alice → 2/4, Bob (most commits) → 2/4, Carol → 1/4 → 3.
#[test]
fn the_truck_factor_stays_avelinos_and_the_maintainers_one_is_offered_beside_it() {
    let r = experts_repo();
    let t = r.f.json(&["team"]);
    let tf_names = |tf: &Value| -> Vec<String> {
        tf["developers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(tf_names(&t["truckFactor"]), ["Alice Liddell", "Dave Gone"]);
    assert_eq!(
        t["truckFactor"]["coverage"],
        serde_json::json!([1.0, 0.5, 0.25])
    );
    let m = &t["maintainersTruckFactor"];
    assert_eq!(
        tf_names(m),
        ["Alice Liddell", "Bob Builder", "Carol Danvers"]
    );
    assert_eq!(m["coverage"], serde_json::json!([1.0, 0.5, 0.5, 0.25]));
    let text = String::from_utf8(r.f.aexy(&["team"]).stdout).unwrap();
    assert!(
        text.contains(
            "maintainers' truck factor: 3  (Alice Liddell (3 files), Bob Builder (1 file), \
             Carol Danvers (1 file)) — aexy's maintainer model, not the published method"
        ),
        "{text}"
    );
}
