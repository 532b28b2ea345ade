//! End-to-end tests of the insights commands (`aexy team`, `profile`, `hotspots`, `coupling`,
//! `report`, and the experts of `aexy owners`) against generated repositories with known
//! answers: truck factors, silos, orphaned code, couplings, hotspots, time zones, aliases,
//! co-authors, bots and AI trailers.

mod support;

use serde_json::Value;
use support::{lines, Fixture, Who, ALICE, BOB, CAROL, DAVE, DEPENDABOT};

const ALICE_CAPS: Who = Who {
    name: "Alice Liddell",
    email: "Alice@Example.COM",
};
const DAY: i64 = 86_400;
/// 2024-03-01T00:00:00Z, a Friday.
const T0: i64 = 1_709_251_200;

fn nested(depth: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("{}stmt_{i}();\n", "    ".repeat(depth)))
        .collect()
}

/// A team history with known answers (times relative to T0):
/// - Alice creates six files in src/core (one also under her +0200 alias e-mail casing), Bob
///   three in src/ui, Dave one in legacy/ two years ago and never again; README.md (docs) and
///   vendor/ are not considered: considered files = 10.
/// - Bob edits core/a.rs with Carol as co-author; dependabot bumps Cargo.toml and ui files.
/// - src/ui/view.rs and src/ui/model.rs change together six times (coupling), view.rs gets
///   deep indentation (hotspot).
/// - One commit by Carol is co-authored by Claude (AI-assisted).
fn team_repo() -> (Fixture, String) {
    let f = Fixture::new();
    f.write("legacy/old.rs", lines("old", 10));
    f.commit_at(DAVE, T0 - 730 * DAY, "+0000", "Legacy module");
    for (i, name) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        f.write(&format!("src/core/{name}.rs"), lines(name, 20));
        let who = if i == 5 { ALICE_CAPS } else { ALICE };
        f.commit_at(
            who,
            T0 - 200 * DAY + i as i64 * DAY,
            "+0200",
            &format!("core {name}"),
        );
    }
    f.write("README.md", "# Team\n");
    f.write("vendor/dep.js", lines("dep", 50));
    f.write(
        "Cargo.toml",
        "[package]\nname = \"team\"\n\n[dependencies]\ntokio = \"1\"\n",
    );
    let early = f.commit_at(
        ALICE,
        T0 - 190 * DAY,
        "+0200",
        "Docs, vendored code, manifest",
    );
    f.write("src/ui/view.rs", lines("view", 10));
    f.write("src/ui/model.rs", lines("model", 10));
    f.write("src/ui/style.rs", lines("style", 10));
    f.commit_at(BOB, T0 - 180 * DAY, "-0500", "UI");
    for k in 0..6usize {
        f.write(
            "src/ui/view.rs",
            format!("fn view() {{\n{}}}\n", nested(3 + k, 10 + k)),
        );
        f.write("src/ui/model.rs", lines(&format!("model v{k}"), 10));
        f.commit_at(
            BOB,
            T0 - 100 * DAY + k as i64 * DAY,
            "-0500",
            &format!("UI iteration {k}"),
        );
    }
    f.write("src/ui/model.rs", lines("model final", 12));
    f.commit_at(BOB, T0 - 50 * DAY, "-0500", "Model alone");
    f.write("src/core/a.rs", lines("a2", 20));
    f.commit_at(
        BOB,
        T0 - 40 * DAY,
        "-0500",
        "Pairing on core\n\nCo-authored-by: Carol Danvers <carol@example.com>",
    );
    f.write(
        "Cargo.toml",
        "[package]\nname = \"team\"\n\n[dependencies]\ntokio = \"1.1\"\n",
    );
    f.write("src/ui/style.rs", lines("style bumped", 10));
    f.commit_at(DEPENDABOT, T0 - 30 * DAY, "+0000", "Bump tokio");
    f.write("src/core/b.rs", lines("b2", 20));
    f.commit_at(
        CAROL,
        T0 - 10 * DAY,
        "+0530",
        "Refactor b\n\nCo-authored-by: Claude <noreply@anthropic.com>",
    );
    f.write(
        "src/core/c.rs",
        format!(
            "use tokio::sync::mpsc;\nuse local_module::Thing;\n{}",
            lines("c", 20)
        ),
    );
    f.commit_at(ALICE, T0 - DAY, "+0200", "Channels");
    (f, early)
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn team_reports_the_known_truck_factor_silos_and_orphans() {
    let (f, _) = team_repo();
    f.index();
    let t = f.json(&["team"]);
    assert_eq!(
        t["scope"]["consideredFiles"], 10,
        "docs and vendored code are not considered: {}",
        t["scope"]
    );
    let name = f.root.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        t["scope"]["repository"],
        name.as_str(),
        "reports name the repository"
    );
    let tf = &t["truckFactor"];
    // Authors: Alice the six core files; Bob the three ui files and core/a.rs (his change with
    // Carol: DOA 3.457 against Alice's 4.1685, normalised 0.83); Carol a.rs and b.rs; Dave the
    // legacy file. Removing Alice leaves 6/10 covered, removing Bob 3/10: truck factor 2.
    assert_eq!(tf["value"], 2, "{tf}");
    assert_eq!(names(&tf["developers"]), ["Alice Liddell", "Bob Builder"]);
    assert_eq!(tf["developers"][0]["authoredFiles"], 6);
    assert_eq!(tf["developers"][1]["authoredFiles"], 4);
    let cov: Vec<f64> = tf["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_f64().unwrap())
        .collect();
    assert_eq!(cov, [1.0, 0.6, 0.3]);
    // per directory
    let dirs = t["directories"].as_array().unwrap();
    let dir = |d: &str| {
        dirs.iter()
            .find(|x| x["directory"] == d)
            .unwrap_or_else(|| panic!("no {d} in {dirs:?}"))
    };
    assert_eq!(dir("src/ui")["truckFactor"]["value"], 1);
    assert_eq!(
        names(&dir("src/ui")["truckFactor"]["developers"]),
        ["Bob Builder"]
    );
    // silos: ui is Bob's alone; core has three authors
    let silo_dirs: Vec<(String, String)> = t["silos"]["directories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["directory"].as_str().unwrap().into(),
                d["author"]["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        silo_dirs.contains(&("src/ui".into(), "Bob Builder".into())),
        "{silo_dirs:?}"
    );
    // orphaned: Dave's legacy file (inactive for two years); nothing else.
    let orphans: Vec<&str> = t["orphaned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert_eq!(orphans, ["legacy/old.rs"]);
    // bots are credited with nothing
    assert!(
        !t.to_string().contains("dependabot"),
        "bot credited somewhere"
    );
    // velocity and AI share exist with the AI commit credited to Carol
    assert_eq!(t["aiShare"]["overall"]["aiCommits"], 1);
    assert_eq!(t["aiShare"]["byDeveloper"][0][0]["name"], "Carol Danvers");
    assert!(t["velocity"]["weeks"].as_array().unwrap().len() > 100);

    // The same figures for a person: one file is "1 file", and the directory rows line up
    // whatever the length of their names.
    let out = f.aexy(&["team"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Orphaned (every author inactive > 365 days): 1 file\n"),
        "{text}"
    );
    assert!(!text.contains(" 1 files"), "{text}");
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "By directory:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(rows.len() >= 3, "{text}");
    let legacy = rows
        .iter()
        .find(|r| r.trim_start().starts_with("legacy "))
        .unwrap();
    assert!(legacy.contains(" 1 file  Dave"), "{legacy}");
    let columns: Vec<Option<usize>> = rows.iter().map(|r| r.find(" TF ")).collect();
    assert!(
        columns.iter().all(|c| c.is_some() && *c == columns[0]),
        "{rows:#?}"
    );
}

#[test]
fn off_boarding_what_if_lists_files_left_without_an_author() {
    let (f, _) = team_repo();
    f.index();
    let t = f.json(&["team", "--without", "alice@example.com"]);
    let w = &t["whatIf"];
    assert_eq!(names(&w["removed"]), ["Alice Liddell"]);
    let lost: Vec<&str> = w["filesWithoutAuthor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    // Carol co-authored a.rs (with Bob) and authored b.rs: Bob and Carol keep a.rs and b.rs.
    for p in [
        "src/core/c.rs",
        "src/core/d.rs",
        "src/core/e.rs",
        "src/core/f.rs",
    ] {
        assert!(lost.contains(&p), "{p} not in {lost:?}");
    }
    assert!(!lost.contains(&"src/ui/view.rs"));
    assert_eq!(w["coverageAfter"], 0.6);
    assert_eq!(w["truckFactor"]["value"], 1, "{w}");
    assert_eq!(names(&w["truckFactor"]["developers"]), ["Bob Builder"]);
}

#[test]
fn narrowing_to_a_directory() {
    let (f, _) = team_repo();
    f.index();
    let t = f.json(&["team", "--path", "src/ui"]);
    assert_eq!(t["scope"]["consideredFiles"], 3);
    assert_eq!(names(&t["truckFactor"]["developers"]), ["Bob Builder"]);
    let out = f.aexy(&["team", "src/ui"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Truck factor: 1") && text.contains("Bob Builder"),
        "{text}"
    );
}

#[test]
fn hotspots_and_coupling_follow_the_published_definitions() {
    let (f, _) = team_repo();
    f.index();
    let h = f.json(&["hotspots"]);
    assert_eq!(h[0]["path"], "src/ui/view.rs", "{h}");
    // 6 revisions in the window (+ the creation 180 days ago is also inside 365 days) = 7
    assert_eq!(h[0]["revisions"], 7);
    // view.rs at HEAD: `fn view() {`, 15 lines indented 8 levels, `}` → complexity 120
    assert_eq!(h[0]["complexity"]["total"], 120.0);
    let out = f.aexy(&["hotspots"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("  complexity "))
        .collect();
    assert!(rows.len() >= 2, "{text}");
    let columns: Vec<Option<usize>> = rows.iter().map(|r| r.find("  complexity ")).collect();
    assert!(
        columns.iter().all(|c| *c == columns[0]),
        "aligned: {rows:#?}"
    );
    assert!(text.contains(" 1 revision  "), "{text}");
    // the model/view pair of a coupling answer
    let model_view = |c: &serde_json::Value| {
        c.as_array()
            .unwrap()
            .iter()
            .find(|p| p["path"] == "src/ui/model.rs" || p["coupled"] == "src/ui/model.rs")
            .cloned()
            .unwrap_or_else(|| panic!("model/view coupled: {c}"))
    };
    let pair = model_view(&f.json(&["coupling"]));
    // view: 7 commits, model: 8 commits, 7 shared (creation + 6 iterations) → 7/7.5 = 93%
    assert_eq!(pair["sharedCommits"], 7);
    assert_eq!(pair["degree"], 93);
    let strict = f.json(&["coupling", "--min-shared", "8"]);
    assert!(strict.as_array().unwrap().is_empty());
    // In the last 150 days the creation (180 days back) drops out: 6 shared of 6 / 7 → 92%.
    let pair = model_view(&f.json(&["coupling", "--since-days", "150"]));
    assert_eq!(pair["sharedCommits"], 6, "{pair}");
    assert_eq!(pair["degree"], 92, "{pair}");
    let text = f.aexy(&["coupling", "--since-days", "150"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("last 150 days") && text.contains("92%"),
        "{text}"
    );
    // Most shared commits fall before the last 97 days: fewer than --min-shared remain.
    assert!(f
        .json(&["coupling", "--since-days", "97"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn profile_shows_languages_frameworks_heatmap_in_local_time_and_signals_only_for_oneself() {
    let (f, _) = team_repo();
    f.index();
    let p = f.json(&["profile", "alice@example.com"]);
    assert_eq!(p["developer"]["name"], "Alice Liddell");
    assert_eq!(p["commits"], 8, "alias commits merged");
    assert_eq!(p["languages"][0]["name"], "Rust");
    let fw: Vec<&str> = p["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(fw.contains(&"Tokio"), "{p}");
    // `local_module` is not declared by any Cargo.toml: a module of the project, not a library
    assert!(!p["libraries"].to_string().contains("local_module"), "{p}");
    // all Alice's commits are at 00:00 UTC = 02:00 local (+0200)
    let cells = p["heatmap"]["cells"].as_array().unwrap();
    let at_two: u64 = cells.iter().map(|row| row[2].as_u64().unwrap()).sum();
    assert_eq!(at_two, 8);
    assert!(
        p["signals"].is_null(),
        "signals are not shown for others by default"
    );
    assert!(p["signalsVisibility"]
        .as_str()
        .unwrap()
        .starts_with("hidden"));
    // as oneself (the configured git user) they are shown, labelled as signals
    f.git(&["config", "user.email", "carol@example.com"]);
    let me = f.json(&["profile"]);
    assert_eq!(me["developer"]["name"], "Carol Danvers");
    assert_eq!(me["signals"]["kind"], "signals");
    assert_eq!(me["aiShare"]["aiCommits"], 1);
    // her own commit (Tuesday 00:00 UTC at +0530) lands at 05h on Tuesday; the pairing commit
    // she co-authored (Sunday 00:00 UTC, recorded at −0500) at 19h on Saturday
    assert_eq!(me["heatmap"]["cells"][1][5], 1);
    assert_eq!(me["heatmap"]["cells"][5][19], 1);
    assert_eq!(me["commits"], 2);
    // a repository can opt in to showing signals for others
    f.git(&["config", "aexy.shareSignals", "true"]);
    assert_eq!(
        f.json(&["profile", "Bob Builder"])["signals"]["kind"],
        "signals"
    );
}

#[test]
fn owners_experts_come_from_degree_of_authorship() {
    let (f, _) = team_repo();
    f.index();
    let o = f.json(&["owners", "src/ui/view.rs"]);
    assert_eq!(names(&o["experts"]), ["Bob Builder"]);
    assert_eq!(o["experts"][0]["commits"], 7);
    let o = f.json(&["owners", "src/core/a.rs"]);
    // Alice created it; Bob and Carol delivered one change together: all three are authors
    // (DOA 4.1685 vs 3.457 → 0.83).
    let mut e = names(&o["experts"]);
    e.sort();
    assert_eq!(e, ["Alice Liddell", "Bob Builder", "Carol Danvers"]);
}

#[test]
fn as_of_answers_from_the_earlier_snapshot() {
    let (f, early) = team_repo();
    f.index();
    let t = f.json(&["team", "--as-of", &early]);
    // at that point: legacy/old.rs (Dave) + six core files (Alice) + Cargo.toml? (not code:
    // TOML is data) → 7 considered files
    assert_eq!(t["scope"]["consideredFiles"], 7, "{}", t["scope"]);
    assert_eq!(names(&t["truckFactor"]["developers"]), ["Alice Liddell"]);
    assert_eq!(t["truckFactor"]["value"], 1);
    assert_eq!(t["scope"]["asOf"], "2023-08-24T00:00:00+00:00");
}

#[test]
fn reports_in_every_format() {
    let (f, _) = team_repo();
    f.index();
    let html = f.aexy(&["report", "--format", "html"]);
    assert!(html.status.success());
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.matches("<svg").count() >= 5,
        "heatmap, coverage, ownership, truck factor, hotspot map"
    );
    for banned in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(
            !html.contains(banned),
            "the page must be self-contained: found {banned}"
        );
    }
    let md = String::from_utf8(f.aexy(&["report", "--format", "md"]).stdout).unwrap();
    assert!(md.contains("## Truck factor: 2"), "{md}");
    let csv = String::from_utf8(f.aexy(&["report", "--format", "csv"]).stdout).unwrap();
    assert!(csv.starts_with("section,path,other,value,detail\r\n"));
    assert!(
        csv.contains("truck_factor,,,2,Alice Liddell; Bob Builder"),
        "{csv}"
    );
    let out = f.dir.path().join("r.json");
    assert!(f
        .aexy(&[
            "report",
            "--format",
            "json",
            "--output",
            out.to_str().unwrap()
        ])
        .status
        .success());
    let v: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    for key in [
        "truckFactor",
        "silos",
        "orphaned",
        "hotspots",
        "coupling",
        "velocity",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn unknown_developers_and_pruned_headline() {
    let (f, _) = team_repo();
    f.index();
    let out = f.aexy(&["profile", "nobody@nowhere.example"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no developer matches"), "{err}");
    let t = f.json(&["team", "--without", "ghost", "--pruned"]);
    assert_eq!(t["whatIf"]["unknown"][0], "ghost");
    // Bob authors 4 files against Alice's 6 (≥ 10%): pruning keeps both
    assert_eq!(t["truckFactor"]["value"], 2);
    let text = String::from_utf8(f.aexy(&["profile", "Bob Builder"]).stdout).unwrap();
    assert!(text.contains("Signals hidden"), "{text}");
    assert!(text.contains("Rust"), "{text}");
}
