//! End-to-end tests of the index on repositories of unusual shapes: shallow clones (the
//! boundary is pre-history), partial clones (missing blobs), submodules, and non-UTF-8 names
//! and messages — each checked against git's own numbers.

mod support;

use support::compare::{
    git_blame_at, git_numstat, git_numstat_without, our_numstat, text_files_at,
};
use support::{git_cmd, lines, repos, Fixture, ALICE, BOB};

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
        let mine: Vec<&str> = v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["commit"].as_str().unwrap())
            .collect();
        assert_eq!(mine, git_blame_at(&root, "HEAD~1", &path), "{name}");
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
            "SELECT lines_at_head FROM paths WHERE path = CAST(X'636166E92E747874' AS BLOB)",
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
