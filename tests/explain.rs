//! End-to-end tests of `aexy explain` without any LLM: the commits that shaped a range agree
//! with `git log -L` (edits, renames, merges, rewritten lines), the evidence carries messages,
//! co-authors, references, hunks and experts, and bad input gets clear errors.

mod support;

use std::collections::BTreeSet;

use support::{lines, repos, Fixture, ALICE, BOB, CAROL};

/// `git log -L START,END:FILE` — the commits, as a set.
fn git_log_l(f: &Fixture, file: &str, start: u32, end: u32) -> BTreeSet<String> {
    f.git(&[
        "log",
        &format!("-L{start},{end}:{file}"),
        "--format=%H",
        "--no-patch",
    ])
    .lines()
    .filter(|l| l.len() == 40)
    .map(str::to_owned)
    .collect()
}

/// `aexy explain ARGS --json`'s evidence (no LLM is configured: `explanation` is null).
fn evidence(f: &Fixture, args: &[&str]) -> serde_json::Value {
    let v = f.json(args);
    assert!(v["explanation"].is_null(), "{v}");
    assert!(
        v["llm"]
            .as_str()
            .is_some_and(|w| w.contains("no LLM is configured")),
        "{v}"
    );
    v["evidence"].clone()
}

fn ours(f: &Fixture, file: &str, start: u32, end: u32) -> BTreeSet<String> {
    let e = evidence(f, &["explain", file, "-L", &format!("{start},{end}")]);
    e["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["commit"].as_str().unwrap().to_owned())
        .collect()
}

fn line_count(f: &Fixture, file: &str) -> u32 {
    f.git(&["show", &format!("HEAD:{file}")]).lines().count() as u32
}

/// Every single line, every window of five and the whole file, for each file.
fn assert_agrees_with_git(f: &Fixture, files: &[&str]) {
    let mut checked = 0;
    for file in files {
        let n = line_count(f, file);
        let mut ranges: Vec<(u32, u32)> = (1..=n).map(|l| (l, l)).collect();
        ranges.extend((1..=n.saturating_sub(4)).step_by(3).map(|l| (l, l + 4)));
        ranges.push((1, n));
        for (s, e) in ranges {
            assert_eq!(
                ours(f, file, s, e),
                git_log_l(f, file, s, e),
                "{file} lines {s},{e}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3 * files.len(), "only {checked} ranges checked");
}

#[test]
fn the_shaping_commits_are_git_log_l_s_on_a_rich_history() {
    let (f, _) = repos::rich();
    f.index();
    assert_agrees_with_git(&f, &["src/parse/mod.rs", "src/net.rs", "README.md"]);
}

#[test]
fn rewritten_lines_lead_to_their_earlier_versions_and_merges_to_both_sides() {
    let f = Fixture::new();
    f.write("a.txt", lines("a", 12));
    f.commit(ALICE, "Start");
    f.write(
        "a.txt",
        lines("a", 12).replace("a line 4\n", "a line FOUR\n"),
    );
    f.commit(BOB, "Shout line four");
    f.write(
        "a.txt",
        lines("a", 12).replace("a line 4\n", "a line 4, calm again\nand a new line\n"),
    );
    f.commit(CAROL, "Calm line four down (#12)");
    // both sides of a merge edit the range; the merge takes each side's line
    f.git(&["checkout", "-q", "-b", "side"]);
    let base = f.git(&["show", "HEAD:a.txt"]);
    f.write("a.txt", base.replace("a line 2\n", "a line two (side)\n"));
    f.commit(BOB, "Side edit");
    f.git(&["checkout", "-q", "main"]);
    f.write("a.txt", base.replace("a line 6\n", "a line six (main)\n"));
    f.commit(ALICE, "Main edit");
    f.merge(CAROL, "side", "Merge side");
    f.git(&["mv", "a.txt", "b.txt"]);
    f.commit(ALICE, "Rename a to b");
    f.write("b.txt", f.git(&["show", "HEAD:b.txt"]) + "tail\n");
    f.commit(BOB, "Append");
    f.index();
    assert_agrees_with_git(&f, &["b.txt"]);

    // line 4 today: Carol's rewrite, Bob's before it, Alice's original
    let e = evidence(&f, &["explain", "b.txt", "-L", "4,4"]);
    let subjects: Vec<&str> = e["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["Calm line four down (#12)", "Shout line four", "Start"]
    );
    assert_eq!(e["commits"][0]["refs"][0], "#12");
    assert_eq!(e["commits"][0]["linesOwned"], 1);
    assert_eq!(e["commits"][1]["linesOwned"], 0);
    assert_eq!(e["commits"][0]["path"], "a.txt", "the name in that commit");
    let hunk = &e["commits"][0]["hunks"][0];
    assert_eq!(hunk["text"], "-a line FOUR\n+a line 4, calm again\n");
}

#[test]
fn evidence_carries_renames_co_authors_and_experts() {
    let (f, _) = repos::rich();
    f.index();
    // line 20 of the parser was changed in the commit that moved it
    let e = evidence(&f, &["explain", "src/parse/mod.rs", "-L", "20,20"]);
    let first = &e["commits"][0];
    assert_eq!(first["subject"], "Move the parser into its own module");
    assert_eq!(first["renamedFrom"], "src/parser.rs");
    assert_eq!(
        first["author"]["name"], "Alice Liddell",
        "the mailmap applies"
    );
    assert_eq!(e["code"][0], "parse line twenty");
    let experts: Vec<&str> = e["experts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(experts.contains(&"Alice Liddell"), "{experts:?}");
    // Carol's socket change was co-authored by Bob
    let e = evidence(&f, &["explain", "src/net.rs", "-L", "3,3"]);
    let carol = e["commits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"] == "Faster sockets")
        .expect("Faster sockets shaped line 3");
    assert_eq!(carol["coAuthors"][0]["name"], "Bob Builder");
    // the hand-resolved conflict is the merge's own line
    let e = evidence(&f, &["explain", "src/net.rs", "-L", "10,10"]);
    assert_eq!(e["commits"][0]["subject"], "Merge branch 'conflict'");
    assert_eq!(e["commits"][0]["merge"], true);
}

#[test]
fn the_timeline_without_an_llm_reads_on_its_own() {
    let (f, _) = repos::rich();
    let out = f.aexy(&["explain", "src/net.rs", "-L", "3,10"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let head = f.head();
    assert!(
        text.starts_with(&format!("src/net.rs lines 3–10 (of 20) at {}", &head[..10])),
        "{text}"
    );
    assert!(text.contains("Faster sockets"), "{text}");
    assert!(text.contains("+net line three"), "{text}");
    assert!(text.contains("Who to ask: "), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn as_of_explains_an_older_revision() {
    let (f, _) = repos::rich();
    f.index();
    let old = f.git(&["rev-parse", "HEAD~3"]).trim().to_owned();
    let e = evidence(
        &f,
        &["explain", "src/parse/mod.rs", "-L", "1,2", "--as-of", &old],
    );
    assert_eq!(e["revision"], old);
    let ours: BTreeSet<String> = e["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["commit"].as_str().unwrap().to_owned())
        .collect();
    let git: BTreeSet<String> = f
        .git(&[
            "log",
            "-L1,2:src/parse/mod.rs",
            "--format=%H",
            "--no-patch",
            &old,
        ])
        .lines()
        .filter(|l| l.len() == 40)
        .map(str::to_owned)
        .collect();
    assert_eq!(ours, git);
}

#[test]
fn bad_ranges_and_files_get_clear_errors() {
    let (f, _) = repos::rich();
    f.index();
    let err = |args: &[&str]| {
        let out = f.aexy(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(err(&["explain", "src/net.rs", "-L", "5,99"])
        .contains("line 99 is out of range: src/net.rs has 20 lines"));
    assert!(err(&["explain", "src/net.rs", "-L", "9,5"]).contains("not a range of lines"));
    assert!(err(&["explain", "logo.png"]).contains("is binary"));
    assert!(err(&["explain", "nope.rs"]).contains("is not a file in the repository"));
}
