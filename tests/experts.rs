//! End-to-end tests of who `aexy owners` names as a file's experts and of what the truck
//! factor counts, on generated repositories where the answer is known by construction: a
//! long-gone creator against an active maintainer, a file rewritten by a newcomer, co-authored
//! work, Linguist's detectable files (data, prose and git's own files count for nothing), and
//! the survey checker `aexy eval experts` on a hand-computed case.

mod support;

use serde_json::Value;
use support::{lines, Fixture, ALICE, BOB, CAROL};

const DAY: i64 = 86_400;
/// 2024-03-01T00:00:00Z.
const T0: i64 = 1_709_251_200;

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
