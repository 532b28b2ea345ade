//! End-to-end tests of `aexy index` on real repositories: numbers against `git log --numstat
//! -M`, line ownership against `git blame --porcelain`, incremental runs, rewrites, as-of
//! scopes, file classification, stale-index updates, and kill -9 in the middle of an index.

mod support;

use support::compare::{
    assert_blame_agrees, git_blame_at, git_numstat, our_numstat, text_files_at,
};
use support::{dump::dump, git_cmd, lines, repos, Fixture, ALICE, BOB, CAROL};

#[test]
fn numstat_and_ownership_match_git_on_a_rich_history() {
    let (f, _ignored) = repos::rich();
    let summary = f.index();
    assert_eq!(summary["mode"], "rebuild");
    assert_eq!(our_numstat(&f.db()), git_numstat(&f.root));
    assert_blame_agrees(&f);

    let stats = f.json(&["stats"]);
    let git = git_numstat(&f.root);
    let added: u64 = git.values().map(|v| v.0).sum();
    let deleted: u64 = git.values().map(|v| v.1).sum();
    assert_eq!(stats["linesAdded"], added);
    assert_eq!(stats["linesDeleted"], deleted);
    let commits: u64 = f
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap();
    let merges: u64 = f
        .git(&["rev-list", "--count", "--merges", "HEAD"])
        .trim()
        .parse()
        .unwrap();
    assert_eq!(stats["commits"], commits);
    assert_eq!(stats["mergeCommits"], merges);
    assert_eq!(stats["head"], f.head());
}

#[test]
fn the_rename_is_followed_and_merges_credit_no_lines() {
    let (f, _) = repos::rich();
    f.index();
    let conn = rusqlite::Connection::open(f.db()).unwrap();
    let (kind, old): (String, String) = conn
        .query_row(
            "SELECT f.kind, o.display FROM file_changes f JOIN paths p ON p.id = f.path_id \
             JOIN paths o ON o.id = f.old_path_id WHERE p.display = 'src/parse/mod.rs'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), old.as_str()), ("R", "src/parser.rs"));
    let merge_changes: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM file_changes f JOIN commits c ON c.id = f.commit_id WHERE c.parent_count > 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(merge_changes, 0);
    // The bot's merge owns no line; the hand-resolved conflict line belongs to its merge.
    let owners = f.json(&["owners", "src/net.rs"]);
    let by_line: Vec<(&str, &str)> = owners["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["author"]["name"].as_str().unwrap(),
                l["summary"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        by_line.iter().all(|(name, _)| !name.contains("[bot]")),
        "{by_line:?}"
    );
    assert_eq!(by_line[9], ("Bob Builder", "Merge branch 'conflict'"));
    assert_eq!(by_line[2], ("Carol Danvers", "Faster sockets"));
}

#[test]
fn owners_reports_lines_in_the_authors_timezone_with_co_authors() {
    let (f, _) = repos::rich();
    f.index();
    let one = f.json(&["owners", "src/net.rs", "--line", "3"]);
    let lines = one["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["line"], 3);
    assert!(
        lines[0]["date"].as_str().unwrap().ends_with("+05:30"),
        "{one}"
    );
    assert_eq!(lines[0]["coAuthors"][0]["email"], "bob@example.com");
    // FILE is relative to the current directory.
    let out = f.aexy_in(
        &f.root.join("src"),
        &["owners", "net.rs", "--line", "3", "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["lines"], one["lines"]);
}

#[test]
fn binary_vendored_and_generated_files_are_classified() {
    let (f, _) = repos::rich();
    f.index();
    let conn = rusqlite::Connection::open(f.db()).unwrap();
    let flags = |p: &str| -> (bool, bool, bool) {
        conn.query_row(
            "SELECT vendored, generated, EXISTS (SELECT 1 FROM view_files f WHERE f.path_id = paths.id \
             AND f.lines IS NULL) FROM paths WHERE display = ?1",
            [p],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(flags("vendor/lib.js"), (true, false, false));
    assert_eq!(flags("gen/out.rs"), (false, true, false));
    assert_eq!(flags("Cargo.lock"), (false, true, false));
    assert_eq!(flags("logo.png"), (false, false, true));
    assert_eq!(flags("src/net.rs"), (false, false, false));
    let out = f.aexy(&["owners", "logo.png"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
}

#[test]
fn incremental_runs_equal_a_fresh_index() {
    let (f, _) = repos::rich();
    f.index();
    // Linear commits on top of the indexed HEAD.
    f.write("src/net.rs", lines("net", 25));
    f.commit(ALICE, "Grow the network layer");
    f.write("src/new.rs", lines("new", 4));
    f.commit(BOB, "Add a module");
    let s = f.index();
    assert_eq!(s["mode"], "update");
    assert_eq!(s["newCommits"], 2);
    // A branch forked from older history, merged in.
    let base = f.git(&["rev-parse", "HEAD~6"]).trim().to_string();
    f.git(&["checkout", "-q", "-b", "old-fork", &base]);
    f.write("docs/guide.md", lines("guide", 6));
    f.commit(CAROL, "Write a guide");
    f.git(&["checkout", "-q", "main"]);
    f.merge(ALICE, "old-fork", "Merge the guide");
    let s = f.index();
    assert_eq!(
        (&s["mode"], &s["newCommits"]),
        (&"update".into(), &2.into())
    );
    let up_to_date = f.index();
    assert_eq!(up_to_date["mode"], "uptodate");

    let incremental = dump(&f.db());
    std::fs::remove_file(f.db()).unwrap();
    f.index();
    assert_eq!(
        incremental,
        dump(&f.db()),
        "an incremental index must equal a fresh one"
    );
    assert_blame_agrees(&f);
}

/// An index written by a build whose engine computed results differently (here: one from
/// before the engine was recorded at all) is rebuilt once, says why, and then equals a fresh one.
#[test]
fn an_index_from_an_earlier_engine_is_rebuilt_once() {
    let (f, _) = repos::rich();
    f.index();
    let fresh = dump(&f.db());
    let conn = rusqlite::Connection::open(f.db()).unwrap();
    let removed = conn
        .execute("DELETE FROM meta WHERE key = 'engine'", [])
        .unwrap();
    assert_eq!(removed, 1, "the engine is recorded");
    drop(conn);
    let out = f.aexy(&["index"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("rebuilt from scratch: the index was made by an earlier engine"),
        "{said}"
    );
    assert_eq!(dump(&f.db()), fresh);
    let s = f.index();
    assert_eq!(
        (&s["mode"], &s["reason"]),
        (&"uptodate".into(), &"up to date".into())
    );
}

#[test]
fn a_rewritten_history_is_added_incrementally_and_the_old_commits_pruned() {
    let (f, _) = repos::rich();
    f.index();
    let before: u64 = f.index()["indexedCommits"].as_u64().unwrap();
    f.git(&["reset", "-q", "--hard", "HEAD~2"]);
    f.write("src/other.rs", lines("other", 3));
    f.commit(CAROL, "A different future");
    let s = f.index();
    assert_eq!(
        (&s["mode"], &s["newCommits"]),
        (&"update".into(), &1.into())
    );
    assert_eq!(
        s["indexedCommits"].as_u64(),
        Some(before + 1),
        "nothing rebuilt"
    );
    assert_blame_agrees(&f);
    let stats = f.json(&["stats"]);
    let git_commits = f.git(&["rev-list", "--count", "HEAD"]);
    assert_eq!(stats["commits"].as_u64(), git_commits.trim().parse().ok());
    let pruned = f.json(&["index", "--prune"]);
    assert_eq!(pruned["prunedCommits"], 2, "the two abandoned commits");
    assert_eq!(our_numstat(&f.db()), git_numstat(&f.root));
    assert_blame_agrees(&f);
}

#[test]
fn as_of_answers_from_history_up_to_a_revision() {
    let (f, _) = repos::rich();
    f.index();
    let rev = f.git(&["rev-parse", "HEAD~3"]).trim().to_string();
    let stats = f.json(&["stats", "--as-of", "HEAD~3"]);
    assert_eq!(stats["head"], rev);
    let count: u64 = f
        .git(&["rev-list", "--count", "HEAD~3"])
        .trim()
        .parse()
        .unwrap();
    assert_eq!(stats["commits"], count);
    let out = git_cmd(&f.root)
        .args(["log", "--numstat", "-M", "--format=", "HEAD~3"])
        .output()
        .unwrap();
    let added: u64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split('\t').next()?.parse::<u64>().ok())
        .sum();
    assert_eq!(stats["linesAdded"], added);
    // Ownership as of that revision agrees with git blame there.
    let owners = f.json(&["owners", "src/net.rs", "--as-of", "HEAD~3"]);
    let blame = git_cmd(&f.root)
        .args(["blame", "--porcelain", &rev, "--", "src/net.rs"])
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&blame.stdout)
        .lines()
        .next()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(owners["lines"][0]["commit"], first);
}

#[test]
fn as_of_ownership_agrees_with_git_blame_at_every_revision() {
    let (f, _) = repos::rich();
    f.index();
    let revs = f.git(&["rev-list", "HEAD"]);
    let mut checked = 0;
    for rev in revs.lines() {
        for path in text_files_at(&f.root, rev) {
            let name = String::from_utf8_lossy(&path).into_owned();
            let theirs = git_blame_at(&f.root, rev, &path);
            let v = f.json(&["owners", &name, "--as-of", rev]);
            let mine: Vec<String> = v["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["commit"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(mine, theirs, "{name} at {rev}");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} files checked");
}

#[test]
fn as_of_owners_of_a_file_whose_directory_is_gone() {
    let f = Fixture::new();
    f.write("old/deep/a.rs", lines("a", 3));
    let first = f.commit(ALICE, "Old module");
    std::fs::remove_dir_all(f.root.join("old")).unwrap();
    f.write("new.rs", lines("n", 2));
    f.commit(BOB, "Replace the old module");
    f.index();
    let v = f.json(&["owners", "old/deep/a.rs", "--as-of", "HEAD~1"]);
    assert_eq!(v["file"], "old/deep/a.rs");
    assert_eq!(v["lines"].as_array().unwrap().len(), 3);
    assert_eq!(v["lines"][2]["commit"], first.as_str());
    // at HEAD it is gone: a clear error, not a missing directory
    let out = f.aexy(&["owners", "old/deep/a.rs"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("old/deep/a.rs is not a file in the repository at HEAD"),
        "{err}"
    );
}

#[test]
fn kill_9_mid_index_then_rerun_gives_the_same_index() {
    let f = repos::long(3000);
    // The uninterrupted reference.
    let reference_db = f.dir.path().join("reference.sqlite");
    let out = std::process::Command::new(support::aexy_bin())
        .current_dir(&f.root)
        .args(["--db", reference_db.to_str().unwrap(), "index"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let reference = dump(&reference_db);

    let mut killed = false;
    for delay_ms in [150u64, 60, 300, 30, 600] {
        let _ = std::fs::remove_file(f.db());
        let mut child = std::process::Command::new(support::aexy_bin())
            .current_dir(&f.root)
            .args(["--db", f.db().to_str().unwrap(), "index"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !finished && !status.success() {
            killed = true;
            break;
        }
    }
    assert!(killed, "could not catch the indexer mid-run");
    let s = f.index();
    assert_eq!(
        s["mode"], "rebuild",
        "nothing half-written survives the kill"
    );
    assert_eq!(dump(&f.db()), reference);
}

#[test]
fn tz_offsets_are_stored_per_author() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.commit_tz(ALICE, "+0930", "east");
    f.write("a.txt", "b\n");
    f.commit_tz(BOB, "-0330", "west");
    f.index();
    let conn = rusqlite::Connection::open(f.db()).unwrap();
    let tz: Vec<i32> = conn
        .prepare("SELECT author_tz FROM commits ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tz, vec![570, -210]);
}

#[test]
fn queries_bring_a_stale_index_up_to_date() {
    let (f, _) = repos::rich();
    f.index();
    f.write("src/net.rs", lines("net", 21));
    let new = f.commit(CAROL, "One more network line");
    let stats = f.json(&["stats"]);
    assert_eq!(stats["head"], new, "the query saw the new commit");
    let owners = f.json(&["owners", "src/net.rs", "--line", "21"]);
    assert_eq!(owners["lines"][0]["commit"], new);
}
