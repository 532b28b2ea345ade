//! End-to-end tests of the index on repositories of unusual shapes: shallow clones (the
//! boundary is pre-history), partial clones (missing blobs), submodules, and non-UTF-8 names
//! and messages — each checked against git's own numbers.

mod support;

use support::compare::{
    assert_blame_agrees, git_blame, git_blame_at, git_numstat, git_numstat_without, line_commits,
    our_numstat, text_files_at,
};
use support::{git_cmd, lines, repos, Fixture, ALICE, BOB, CAROL};

#[test]
fn a_shallow_clone_treats_its_boundary_as_pre_history() {
    let (src, _) = repos::rich();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", src.root.display());
    let out = git_cmd(dir.path())
        .args(["clone", "-q", "--depth", "3", &url, "shallow"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("shallow");
    let db = dir.path().join("shallow.sqlite");
    let run = |args: &[&str]| {
        std::process::Command::new(support::aexy_bin())
            .current_dir(&root)
            .env("AEXY_DATA_DIR", dir.path())
            .args(["--db", db.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["index", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let boundary: Vec<String> = std::fs::read_to_string(root.join(".git/shallow"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(!boundary.is_empty());
    let mut theirs = git_numstat(&root);
    for b in &boundary {
        theirs.remove(b);
    }
    assert_eq!(
        our_numstat(&db),
        theirs,
        "boundary commits credit nobody; the rest match git"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let flagged: Vec<String> = conn
        .prepare("SELECT oid FROM commits WHERE boundary = 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(flagged, boundary);
    let owners = run(&["owners", "README.md", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&owners.stdout).unwrap();
    assert_eq!(v["lines"][0]["boundary"], true, "{v}");
    // an older revision of the shallow history: lines before the boundary are the boundary's,
    // as git blame says too
    for path in text_files_at(&root, "HEAD~1") {
        let name = String::from_utf8_lossy(&path).into_owned();
        let out = run(&["owners", &name, "--as-of", "HEAD~1", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            line_commits(&v),
            git_blame_at(&root, "HEAD~1", &path),
            "{name}"
        );
    }
}

#[test]
fn submodules_are_skipped_and_non_utf8_paths_survive() {
    let (f, _) = repos::rich();
    let other = Fixture::new();
    other.write("lib.rs", "fn lib() {}\n");
    other.commit(ALICE, "Library");
    let out = git_cmd(&f.root)
        .args(["-c", "protocol.file.allow=always", "submodule", "add", "-q"])
        .arg(&other.root)
        .arg("deps/lib")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f.commit(BOB, "Add a submodule");
    f.index();
    assert_eq!(
        our_numstat(&f.db()),
        git_numstat_without(&f.root, &["deps/lib"])
    );
    let conn = rusqlite::Connection::open(f.db()).unwrap();
    let gitlinks: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM paths WHERE display = 'deps/lib'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(gitlinks, 0);
    let latin: i64 = conn
        .query_row(
            "SELECT f.lines FROM view_files f JOIN paths p ON p.id = f.path_id \
             WHERE p.path = CAST(X'636166E92E747874' AS BLOB)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(latin, 3);
    let subject: String = conn
        .query_row(
            "SELECT subject FROM commits WHERE subject LIKE 'Caf%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(subject, "Café notes", "a Latin-1 message is decoded");
}

#[test]
fn a_partial_clone_indexes_what_is_present_with_one_warning() {
    let (src, _) = repos::rich();
    src.git(&["config", "uploadpack.allowFilter", "true"]);
    src.write("big.txt", lines("big", 400));
    src.commit(ALICE, "A big file");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", src.root.display());
    let out = git_cmd(dir.path())
        .args([
            "clone",
            "-q",
            "--no-checkout",
            "--filter=blob:limit=2k",
            &url,
            "partial",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("partial");
    let db = dir.path().join("partial.sqlite");
    let out = std::process::Command::new(support::aexy_bin())
        .current_dir(&root)
        .env("GIT_NO_LAZY_FETCH", "1")
        .args(["--db", db.to_str().unwrap(), "index", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(summary["missingBlobs"].as_u64().unwrap() > 0, "{summary}");
    assert_eq!(
        stderr.matches("partial").count(),
        1,
        "one warning: {stderr}"
    );
    assert!(
        stderr.contains("WARN") && !stderr.contains('\u{1b}'),
        "a plain warning, no terminal colours in a pipe: {stderr:?}"
    );
    // Everything present is still counted: the small files match git's own numbers for them.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let big: Option<i64> = conn
        .query_row(
            "SELECT f.added FROM file_changes f JOIN paths p ON p.id = f.path_id WHERE p.display = 'big.txt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(big, None, "the missing blob has no line counts");
    let readme: i64 = conn
        .query_row("SELECT COUNT(*) FROM file_changes f JOIN paths p ON p.id = f.path_id WHERE p.display = 'README.md' AND f.added IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(readme, 2);
}

/// Lines that reach a merge from a parent lacking the file's path keep their authors, as
/// `git blame` finds them through the rename: a file the main line renamed while a branch
/// edited it, one the branch renamed while the main line edited it, and a library brought in by a subtree merge (`git read-tree --prefix`), whose
/// README does not follow (the parent's README.md is still in the merge, so it is no rename
/// source) and whose line written in the merge itself is the merge's.
#[test]
fn merges_follow_files_renamed_on_the_other_side_like_blame() {
    let f = Fixture::new();
    f.write("README.md", lines("main readme", 4));
    f.write("src/engine.rs", lines("engine", 12));
    f.write("src/wheel.rs", lines("wheel", 10));
    f.commit(ALICE, "Start");
    f.git(&["checkout", "-q", "-b", "tune"]);
    f.git(&["mv", "src/wheel.rs", "src/tyre.rs"]);
    f.write(
        "src/engine.rs",
        lines("engine", 12).replace("engine line 9\n", "tuned line 9\n"),
    );
    let tuned = f.commit(BOB, "Tune the engine");
    f.git(&["checkout", "-q", "main"]);
    f.git(&["mv", "src/engine.rs", "src/motor.rs"]);
    f.write("src/other.rs", lines("other", 3));
    f.commit(ALICE, "Rename the engine");
    f.write(
        "src/wheel.rs",
        lines("wheel", 10).replace("wheel line 2\n", "rounder line 2\n"),
    );
    let rounder = f.commit(CAROL, "Rounder wheels");
    f.merge(ALICE, "tune", "Merge the tuning");

    let lib = Fixture::new();
    lib.write("README.md", lines("lib readme", 3));
    lib.write("src/parse.rs", lines("parse", 8));
    lib.write("src/util.rs", lines("util", 5));
    lib.commit(CAROL, "A parsing library");
    lib.write(
        "src/parse.rs",
        lines("parse", 8).replace("parse line 2\n", "faster line 2\n"),
    );
    lib.commit(BOB, "Parse faster");
    let url = lib.root.to_str().unwrap();
    f.git(&["fetch", "-q", url, "main"]);
    f.git(&[
        "merge",
        "-q",
        "-s",
        "ours",
        "--no-commit",
        "--allow-unrelated-histories",
        "FETCH_HEAD",
    ]);
    f.git(&["read-tree", "--prefix=vendor/lib/", "-u", "FETCH_HEAD"]);
    f.write(
        "vendor/lib/src/util.rs",
        lines("util", 5).replace("util line 5\n", "merged line 5\n"),
    );
    let merge = f.commit(ALICE, "Merge the parsing library as a subtree");
    f.write(
        "vendor/lib/src/parse.rs",
        lines("parse", 8).replace("parse line 2\n", "faster line 2\n") + "more\n",
    );
    f.commit(BOB, "Parse more");
    f.index();

    // the shapes are what this test means them to be
    let motor = git_blame(&f.root, b"src/motor.rs");
    assert_eq!(motor[8], tuned, "git follows the main line's rename");
    let tyre = git_blame(&f.root, b"src/tyre.rs");
    assert_eq!(tyre[1], rounder, "git follows the branch's rename");
    let util = git_blame(&f.root, b"vendor/lib/src/util.rs");
    assert_eq!(util[4], merge);
    assert_ne!(
        util[0], merge,
        "git follows the subtree into its own history"
    );
    assert!(git_blame(&f.root, b"vendor/lib/README.md")
        .iter()
        .all(|c| *c == merge));
    assert_blame_agrees(&f);
    // and at an older revision, replayed by `owners --as-of`
    for path in text_files_at(&f.root, "HEAD~1") {
        let name = String::from_utf8_lossy(&path).into_owned();
        let v = f.json(&["owners", &name, "--as-of", "HEAD~1"]);
        assert_eq!(
            line_commits(&v),
            git_blame_at(&f.root, "HEAD~1", &path),
            "{name} at HEAD~1"
        );
    }
}
