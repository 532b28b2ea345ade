//! End-to-end tests of the teams, CODEOWNERS, careers and hiring commands (`aexy codeowners
//! check|suggest`, `aexy teams`, `aexy career`, `aexy mentors`, `aexy hiring gaps|plan`, and the
//! report's sections) on generated repositories with known answers.

mod support;

use serde_json::Value;
use support::{lines, Fixture, Who, ALICE, BOB, CAROL, DAVE};
const DAN: Who = Who {
    name: "Dan Junior",
    email: "dan@example.com",
};
const ERIN: Who = Who {
    name: "Erin Mentor",
    email: "erin@example.com",
};
const FRANK: Who = Who {
    name: "Frank Busy",
    email: "frank@example.com",
};
const DAY: i64 = 86_400;
/// 2024-03-01T00:00:00Z.
const T0: i64 = 1_709_251_200;

fn commit(f: &Fixture, who: Who, days_ago: i64, files: &[(&str, String)], msg: &str) {
    for (p, text) in files {
        f.write(p, text);
    }
    f.commit_at(who, T0 - days_ago * DAY, "+0000", msg);
}

/// Dave wrote legacy/ two years ago; Alice src/core, Bob src/ui, Carol scripts/.
fn owners_repo() -> Fixture {
    let f = Fixture::new();
    commit(
        &f,
        DAVE,
        800,
        &[
            ("legacy/a.rs", lines("a", 10)),
            ("legacy/b.rs", lines("b", 10)),
        ],
        "Legacy",
    );
    commit(
        &f,
        ALICE,
        100,
        &[
            ("src/core/x.rs", lines("x", 20)),
            ("src/core/y.rs", lines("y", 20)),
        ],
        "Core",
    );
    commit(
        &f,
        BOB,
        90,
        &[
            ("src/ui/v.rs", lines("v", 20)),
            ("src/ui/w.rs", lines("w", 20)),
        ],
        "UI",
    );
    commit(
        &f,
        CAROL,
        80,
        &[("scripts/build.rs", lines("build", 10))],
        "Build script",
    );
    commit(&f, BOB, 10, &[("src/ui/v.rs", lines("v2", 22))], "UI again");
    f
}

const CODEOWNERS: &str = "# Ownership\n\
/legacy/       @dave\n\
/src/ui/v.rs   @bob\n\
/src/ui/       @alice\n\
/docs/         @carol\n\
/src/core/     @alice not-an-owner\n";

fn findings(v: &Value) -> Vec<(String, Option<u64>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap().to_string(), f["line"].as_u64()))
        .collect()
}

fn find<'a>(v: &'a Value, kind: &str, line: Option<u64>) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == kind && f["line"].as_u64() == line)
        .unwrap_or_else(|| panic!("no {kind} finding at {line:?}: {v:#}"))
}

#[test]
fn codeowners_check_finds_stale_undeclared_dead_uncovered_and_syntax() {
    let f = owners_repo();
    f.write(".github/CODEOWNERS", CODEOWNERS);
    f.commit_at(ALICE, T0 - 5 * DAY, "+0000", "CODEOWNERS");
    let v = f.json(&["codeowners", "check"]);
    assert_eq!(v["file"], ".github/CODEOWNERS");
    assert_eq!(v["dialect"], "github");
    assert_eq!(
        v["rejectedByHost"], true,
        "an invalid owner makes GitHub ignore the file"
    );
    assert_eq!(
        findings(&v),
        [
            ("syntax".to_string(), Some(6)),
            ("stale".to_string(), Some(2)),
            ("dead".to_string(), Some(3)),
            ("stale".to_string(), Some(4)),
            ("dead".to_string(), Some(5)),
            ("undeclared".to_string(), Some(4)),
            ("uncovered".to_string(), None),
            ("uncovered".to_string(), None),
        ],
        "{v:#}"
    );
    let dave = &find(&v, "stale", Some(2))["people"][0];
    assert_eq!(
        (dave["name"].as_str(), dave["owner"].as_str()),
        (Some("Dave Gone"), Some("@dave"))
    );
    assert!(
        dave["detail"]
            .as_str()
            .unwrap()
            .starts_with("inactive for 795 days"),
        "{dave}"
    );
    assert_eq!(find(&v, "stale", Some(4))["pattern"], "/src/ui/");
    assert_eq!(
        find(&v, "stale", Some(4))["people"][0]["detail"],
        "authors none of the 2 files"
    );
    assert_eq!(
        find(&v, "undeclared", Some(4))["people"][0]["name"],
        "Bob Builder"
    );
    assert!(find(&v, "dead", Some(3))["message"]
        .as_str()
        .unwrap()
        .contains("line 4"));
    assert_eq!(
        find(&v, "dead", Some(5))["message"],
        "matches no file at the snapshot"
    );
    let syntax = find(&v, "syntax", Some(6));
    assert_eq!(
        (syntax["severity"].as_str(), syntax["pattern"].as_str()),
        (Some("error"), Some("/src/core/"))
    );
    // the uncovered files: the CODEOWNERS file itself, and scripts/ with Carol as its expert
    let uncovered: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "uncovered")
        .collect();
    assert_eq!(
        (
            uncovered[0]["pattern"].as_str(),
            uncovered[1]["pattern"].as_str()
        ),
        (Some("/.github/"), Some("/scripts/"))
    );
    assert_eq!(uncovered[1]["people"][0]["name"], "Carol Danvers");

    // for CI: workflow commands, SARIF, and --fail-on
    let gh = f.aexy(&["codeowners", "check", "--format", "github"]);
    let text = String::from_utf8(gh.stdout).unwrap();
    assert!(text.starts_with("::error file=.github/CODEOWNERS,line=6,title=CODEOWNERS syntax::/src/core/: `not-an-owner` is not a valid owner"), "{text}");
    assert!(text.contains("::warning file=.github/CODEOWNERS,line=2,title=CODEOWNERS stale::/legacy/: 1 of the declared owners no longer knows this code. Dave Gone (@dave): inactive for 795 days"), "{text}");
    assert!(
        text.contains("::notice file=.github/CODEOWNERS,title=CODEOWNERS uncovered::"),
        "{text}"
    );
    let sarif: Value =
        serde_json::from_slice(&f.aexy(&["codeowners", "check", "--format", "sarif"]).stdout)
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), v["findings"].as_array().unwrap().len());
    assert_eq!(results[0]["ruleId"], "syntax");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    let failing = f.aexy(&["codeowners", "check", "--fail-on", "stale,dead"]);
    assert!(!failing.status.success());
    assert!(String::from_utf8_lossy(&failing.stderr)
        .contains("4 finding(s) of the kinds given to --fail-on"));
    assert!(
        f.aexy(&["codeowners", "check", "--fail-on", "nonsense"])
            .status
            .code()
            == Some(1)
    );
    // the check reads the working tree: a fixed file is checked before it is committed
    f.write(
        ".github/CODEOWNERS",
        "* @alice\n/src/ui/ @bob\n/legacy/ @alice\n",
    );
    let fixed = f.json(&["codeowners", "check"]);
    assert_eq!(fixed["rejectedByHost"], false);
    assert!(
        !findings(&fixed)
            .iter()
            .any(|(k, _)| k == "syntax" || k == "dead"),
        "{fixed:#}"
    );
}

#[test]
fn gitlab_sections_and_relative_paths_follow_gitlab() {
    let f = owners_repo();
    commit(
        &f,
        CAROL,
        70,
        &[("docs/internal/README.md", "# internal\n".to_string())],
        "Docs",
    );
    // at the root, with sections: GitLab's syntax; `internal/README.md` matches at any depth
    f.write(
        "CODEOWNERS",
        "* @alice\n\n[Docs] @carol\ninternal/README.md\n\n^[UI]\n/src/ui/ @bob\n",
    );
    f.commit_at(ALICE, T0 - 4 * DAY, "+0000", "CODEOWNERS");
    let v = f.json(&["codeowners", "check"]);
    assert_eq!(
        (v["dialect"].as_str(), v["dialectReason"].as_str()),
        (Some("gitlab"), Some("its syntax"))
    );
    assert!(
        !findings(&v)
            .iter()
            .any(|(k, l)| k == "dead" && *l == Some(4)),
        "{v:#}"
    );
    // read as GitHub's, the same rule is anchored at the root and owns nothing
    let gh = f.json(&["codeowners", "check", "--dialect", "github"]);
    assert!(
        findings(&gh).contains(&("dead".to_string(), Some(4))),
        "{gh:#}"
    );
    // sections add up: src/ui is owned by the unnamed section and by [UI]
    let teams = f.json(&["teams", "--ask", "src/ui"]);
    assert_eq!(teams["files"], 2);
}

#[test]
fn suggest_shows_a_diff_and_writes_a_file_that_checks_clean() {
    let f = owners_repo();
    f.write(".github/CODEOWNERS", CODEOWNERS);
    f.commit_at(ALICE, T0 - 5 * DAY, "+0000", "CODEOWNERS");
    let out = f.aexy(&["codeowners", "suggest"]);
    assert!(out.status.success());
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/.github/CODEOWNERS\n+++ b/.github/CODEOWNERS\n@@ -1,"),
        "{diff}"
    );
    assert!(diff.contains("\n-/legacy/       @dave\n"), "{diff}");
    assert!(diff.contains("\n+/src/ui/ bob@example.com\n"), "{diff}");
    let proposal = f.dir.path().join("proposal");
    assert!(f
        .aexy(&["codeowners", "suggest", "-o", proposal.to_str().unwrap()])
        .status
        .success());
    let text = std::fs::read_to_string(&proposal).unwrap();
    assert!(
        text.contains("# No active expert (every author inactive): /legacy/"),
        "{text}"
    );
    f.write(".github/CODEOWNERS", &text);
    let v = f.json(&["codeowners", "check"]);
    assert!(findings(&v).is_empty(), "the proposal checks clean: {v:#}");
    let json = f.json(&["codeowners", "suggest"]);
    assert_eq!(json["diff"], "", "applied: nothing left to change");
}

#[test]
fn teams_with_a_silo_shared_knowledge_and_who_to_ask() {
    let f = owners_repo();
    commit(
        &f,
        CAROL,
        60,
        &[("src/core/y.rs", lines("y carol", 25))],
        "Carol on core",
    );
    commit(
        &f,
        CAROL,
        50,
        &[("src/core/y.rs", lines("y carol again", 26))],
        "Carol on core again",
    );
    f.write(
        ".aexy/teams.toml",
        "[people]\ncaz = \"carol@example.com\"\n\n[teams.web]\nmembers = [\"bob@example.com\"]\npaths = [\"/src/ui/\"]\n\n[teams.platform]\nhandle = \"@acme/platform\"\nmembers = [\"Alice Liddell\", \"@caz\", \"@ghost\"]\npaths = [\"/src/core/\", \"/scripts/\"]\n",
    );
    f.commit_at(ALICE, T0 - 3 * DAY, "+0000", "Teams");
    let v = f.json(&["teams"]);
    let teams = v["teams"].as_array().unwrap();
    let web = teams.iter().find(|t| t["name"] == "web").unwrap();
    assert_eq!(
        (web["files"].as_u64(), web["truckFactor"]["value"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(web["siloFiles"], 2, "Bob alone authors the team's code");
    assert_eq!(web["siloDirectories"][0]["directory"], "src/ui", "{web:#}");
    assert_eq!(web["authoredByMembers"], 1.0);
    let platform = teams.iter().find(|t| t["name"] == "platform").unwrap();
    assert_eq!(platform["members"].as_array().unwrap().len(), 2);
    assert_eq!(platform["unresolvedMembers"][0], "@ghost");
    assert_eq!(platform["files"], 3);
    let ask = f.json(&["teams", "--ask", "src/ui/v.rs"]);
    assert!(
        ask["answer"]
            .as_str()
            .unwrap()
            .starts_with("Ask web: declared in .aexy/teams.toml"),
        "{ask:#}"
    );
    let text = String::from_utf8(f.aexy(&["teams"]).stdout).unwrap();
    assert!(
        text.contains("silos: 2 files with one author; directories src/ui/ (Bob Builder, 2 files)"),
        "{text}"
    );
}

/// Dan is one criterion short of "developer" (authors 4 files, needs 5). Erin's work couples
/// net/ with Dan's app/; Frank knows net/ best but is the go-to person of five areas.
fn career_repo() -> Fixture {
    let f = Fixture::new();
    for (i, name) in ["one", "two", "three", "four"].iter().enumerate() {
        commit(
            &f,
            DAN,
            110 - i as i64,
            &[(&format!("app/{name}.rs"), lines(name, 30))],
            &format!("App {name}"),
        );
    }
    for k in 0..18i64 {
        let name = ["one", "two", "three", "four"][k as usize % 4];
        commit(
            &f,
            DAN,
            100 - k * 5,
            &[(
                &format!("app/{name}.rs"),
                lines(&format!("{name} v{k}"), 30 + k as usize),
            )],
            &format!("Work {k}"),
        );
    }
    commit(
        &f,
        ERIN,
        60,
        &[
            ("net/a.rs", lines("a", 20)),
            ("net/b.rs", lines("b", 20)),
            ("net/c.rs", lines("c", 20)),
        ],
        "Network",
    );
    for k in 0..3i64 {
        let app =
            std::fs::read_to_string(f.root.join("app/one.rs")).unwrap() + &format!("// hook {k}\n");
        commit(
            &f,
            ERIN,
            40 - k,
            &[
                ("net/a.rs", lines(&format!("a v{k}"), 21)),
                ("app/one.rs", app),
            ],
            &format!("Hook the app into the network {k}"),
        );
    }
    commit(
        &f,
        FRANK,
        30,
        &[
            ("net/d.rs", lines("d", 20)),
            ("net/e.rs", lines("e", 20)),
            ("net/f.rs", lines("f", 20)),
            ("net/g.rs", lines("g", 20)),
        ],
        "More network",
    );
    for a in ["f1", "f2", "f3", "f4"] {
        commit(&f, FRANK, 20, &[(&format!("{a}/x.rs"), lines(a, 10))], a);
    }
    commit(
        &f,
        ERIN,
        8,
        &[("net/b.rs", lines("b v2", 22))],
        "Network fix",
    );
    commit(
        &f,
        DAN,
        2,
        &[("app/two.rs", lines("two final", 40))],
        "Final touch",
    );
    f
}

#[test]
fn career_one_criterion_short_with_the_mentor_the_path_names() {
    let f = career_repo();
    let c = f.json(&["career", "dan@example.com"]);
    assert_eq!(
        (c["placement"].as_str(), c["target"].as_str()),
        (Some("contributor"), Some("developer")),
        "{c:#}"
    );
    let gaps = c["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "one criterion short: {c:#}");
    let alt = &gaps[0]["alternatives"][0];
    assert_eq!(
        (
            alt["metric"].as_str(),
            alt["value"].as_f64(),
            alt["effectiveMin"].as_f64()
        ),
        (Some("authored_files"), Some(4.0), Some(5.0))
    );
    let developer = c["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "developer")
        .unwrap();
    let met: Vec<bool> = developer["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["met"] == true)
        .collect();
    assert_eq!(
        met,
        [true, true, false, true],
        "commits, active months, authored files, languages"
    );
    let step = &c["path"]["steps"][0];
    assert_eq!(step["area"], "net", "{c:#}");
    assert!(
        step["why"]
            .as_str()
            .unwrap()
            .starts_with("3 commits changed it together with code you work on"),
        "{step}"
    );
    assert_eq!(step["helps"][0], "authored files ≥ 5");
    assert_eq!(
        step["mentor"]["name"], "Erin Mentor",
        "Frank knows more but is overloaded: {step:#}"
    );
    assert_eq!(step["also"][0]["name"], "Frank Busy");
    assert_eq!(step["also"][0]["overloaded"], true);
    assert!(
        step["readFirst"][0]["why"]
            .as_str()
            .unwrap()
            .starts_with("changed together with your app/one.rs"),
        "{step}"
    );
    let text = String::from_utf8(f.aexy(&["career", "dan@example.com"]).stdout).unwrap();
    assert!(
        text.contains("Toward Developer: 1 of 4 criteria to go"),
        "{text}"
    );
    assert!(
        text.contains("mentor: Erin Mentor (authors 3 of 7 files"),
        "{text}"
    );
    // who can teach net/: Erin first, Frank after her (overloaded)
    let m = f.json(&["mentors", "net"]);
    let names: Vec<&str> = m["mentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Erin Mentor", "Frank Busy"]);
    assert_eq!(m["mentors"][1]["goToAreas"].as_array().unwrap().len(), 5);
    // an explicit target, and an unknown one
    let staff = f.json(&["career", "dan@example.com", "--target", "Staff developer"]);
    assert_eq!(staff["target"], "staff");
    let bad = f.aexy(&["career", "dan@example.com", "--target", "wizard"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains(
        "no role \"wizard\" in the ladder (contributor, developer, senior, staff, principal)"
    ));
}

#[test]
fn a_repository_ladder_replaces_the_default_and_unreachable_criteria_are_refused() {
    let f = career_repo();
    f.write(".aexy/roles.toml", "[[role]]\nid = \"member\"\ncriteria = [{ metric = \"commits\", min = 1 }]\n\n[[role]]\nid = \"owner\"\ncriteria = [{ metric = \"expert_areas\", min = 1 }, { metric = \"languages\", level = \"expert\", min = 3 }]\n");
    let c = f.json(&["career", "dan@example.com"]);
    assert_eq!(c["ladder"], ".aexy/roles.toml");
    assert_eq!(c["placement"], "member");
    // three languages at expert, in a repository that uses one: capped, and said so
    let lang = &c["roles"][1]["criteria"][1]["alternatives"][0];
    assert_eq!(lang["effectiveMin"], 1.0);
    assert_eq!(lang["cappedBy"], "1 languages in use here");
    f.write(
        ".aexy/roles.toml",
        "[[role]]\nid = \"x\"\ncriteria = [{ metric = \"kubernetes_certified\", min = 1 }]\n",
    );
    let out = f.aexy(&["career", "dan@example.com"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown metric \"kubernetes_certified\"")
    );
    let ladder = String::from_utf8(f.aexy(&["career", "--ladder"]).stdout);
    assert!(ladder.is_ok());
}

/// Dave's legacy/ (ten files, inactive two years) against smaller single-expert areas.
fn hiring_repo() -> Fixture {
    let f = Fixture::new();
    let legacy: Vec<(String, String)> = (0..10)
        .map(|i| (format!("legacy/l{i}.rs"), lines(&format!("l{i}"), 10)))
        .collect();
    let refs: Vec<(&str, String)> = legacy
        .iter()
        .map(|(p, t)| (p.as_str(), t.clone()))
        .collect();
    commit(&f, DAVE, 800, &refs, "Legacy");
    for k in 0..4i64 {
        commit(
            &f,
            ALICE,
            100 - k * 10,
            &[(&format!("core/c{k}.rs"), lines(&format!("c{k}"), 60))],
            "Core",
        );
        commit(
            &f,
            BOB,
            95 - k * 10,
            &[(&format!("ui/u{k}.rs"), lines(&format!("u{k}"), 60))],
            "UI",
        );
    }
    commit(
        &f,
        ALICE,
        5,
        &[("core/c0.rs", lines("c0 v2", 70))],
        "Core again",
    );
    f
}

#[test]
fn hiring_ranks_the_knowledge_that_left_first_and_plans_from_templates() {
    let f = hiring_repo();
    let gaps = f.json(&["hiring", "gaps"]);
    let first = &gaps[0];
    assert_eq!(
        (first["kind"].as_str(), first["subject"].as_str()),
        (Some("no-active-expert"), Some("legacy")),
        "{gaps:#}"
    );
    assert_eq!(
        (first["files"].as_u64(), first["risk"].as_f64()),
        (Some(10), Some(10.0))
    );
    assert_eq!(first["holders"][0]["name"], "Dave Gone");
    assert!(gaps
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["kind"] == "single-expert" && g["subject"] == "core"));
    let plan = String::from_utf8(f.aexy(&["hiring", "plan", "--top", "1"]).stdout).unwrap();
    assert!(plan.contains("# Rust developer for legacy"), "{plan}");
    assert!(
        plan.contains("score = 100·Σmust/(3·2) + 0·Σnice/(3·0)"),
        "{plan}"
    );
    assert!(
        plan.contains("any must-have rated 0: not a match"),
        "{plan}"
    );
    f.write(".aexy/hiring/job.md", "## {{title}}\nWhy: {{why}}\n");
    let custom = String::from_utf8(f.aexy(&["hiring", "plan", "--top", "1"]).stdout).unwrap();
    assert!(
        custom.contains("## Rust developer for legacy\nWhy: 10 of 10 files have an author"),
        "{custom}"
    );
    f.write(".aexy/hiring/job.md", "{{salary}}\n");
    let bad = f.aexy(&["hiring", "plan"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown placeholder {{salary}}"));
}

#[test]
fn the_report_gains_teams_and_codeowners_sections() {
    let f = owners_repo();
    f.write(".github/CODEOWNERS", "/src/ui/ @acme/<web>\n");
    f.write(
        ".aexy/teams.toml",
        "[teams.\"<web>\"]\nmembers = [\"bob@example.com\"]\n",
    );
    f.commit_at(ALICE, T0 - 2 * DAY, "+0000", "Owners");
    let html = String::from_utf8(f.aexy(&["report", "--format", "html"]).stdout).unwrap();
    assert!(html.contains("<h2>Teams</h2>"), "{html}");
    assert!(html.contains("<h2>CODEOWNERS</h2>"));
    assert!(
        html.contains("&lt;web&gt;") && !html.contains("<web>"),
        "names are escaped"
    );
    let md = String::from_utf8(f.aexy(&["report", "--format", "md"]).stdout).unwrap();
    assert!(
        md.contains("## Teams") && md.contains("## CODEOWNERS check"),
        "{md}"
    );
}
