//! End-to-end tests of `aexy index` on real repositories: numbers against `git log --numstat
//! -M`, line ownership against `git blame --porcelain`, incremental runs, rewrites, shallow
//! clones, submodules, and kill -9 in the middle of an index.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use support::{dump::dump, git_cmd, lines, repos, Fixture, ALICE, BOB, CAROL};

/// Per commit: (added, deleted, files) from git's own numstat, merges listing nothing.
fn git_numstat(root: &Path) -> BTreeMap<String, (u64, u64, u64)> {
    git_numstat_without(root, &[])
}

/// [`git_numstat`] leaving out `skip` paths (git counts a submodule's gitlink as one line).
fn git_numstat_without(root: &Path, skip: &[&str]) -> BTreeMap<String, (u64, u64, u64)> {
    let out = git_cmd(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--numstat",
            "-M",
            "--format=C %H",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut map: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(c) = line.strip_prefix("C ") {
            current = c.to_string();
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(a), Some(d), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if skip.contains(&path) {
            continue;
        }
        let e = map.entry(current.clone()).or_default();
        e.0 += a.parse::<u64>().unwrap_or(0);
        e.1 += d.parse::<u64>().unwrap_or(0);
        e.2 += 1;
    }
    map
}

fn our_numstat(db: &Path) -> BTreeMap<String, (u64, u64, u64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.oid, SUM(COALESCE(f.added, 0)), SUM(COALESCE(f.deleted, 0)), COUNT(*) \
             FROM file_changes f JOIN commits c ON c.id = f.commit_id GROUP BY c.oid",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Line -> commit for every line of `path` at HEAD, from `git blame --porcelain`.
fn git_blame(root: &Path, path: &[u8]) -> Vec<String> {
    use std::os::unix::ffi::OsStrExt;
    let out = git_cmd(root)
        .args(["blame", "--porcelain", "--"])
        .arg(std::ffi::OsStr::from_bytes(path))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git blame failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut owners: BTreeMap<u32, String> = BTreeMap::new();
    for line in text.lines() {
        let mut f = line.split(' ');
        let (Some(sha), Some(_), Some(fin)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            owners.insert(fin.parse().unwrap(), sha.to_string());
        }
    }
    owners.into_values().collect()
}

/// Path -> per-line commit from the index.
fn our_ownership(db: &Path) -> HashMap<Vec<u8>, Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT p.path, w.line_count, c.oid FROM ownership w JOIN paths p ON p.id = w.path_id \
             JOIN commits c ON c.id = w.commit_id ORDER BY p.path, w.start_line",
        )
        .unwrap();
    let mut map: HashMap<Vec<u8>, Vec<String>> = HashMap::new();
    for r in stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap()
    {
        let (p, n, oid) = r.unwrap();
        map.entry(p)
            .or_default()
            .extend(std::iter::repeat_n(oid, n as usize));
    }
    map
}

fn text_files_at_head(root: &Path) -> Vec<Vec<u8>> {
    let out = git_cmd(root).args(["ls-files", "-z"]).output().unwrap();
    out.stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .filter(|p| {
            use std::os::unix::ffi::OsStrExt;
            let bytes =
                std::fs::read(root.join(std::ffi::OsStr::from_bytes(p))).unwrap_or_default();
            !bytes[..bytes.len().min(8000)].contains(&0) && !bytes.is_empty()
        })
        .map(<[u8]>::to_vec)
        .collect()
}

fn assert_blame_agrees(f: &Fixture) {
    let ours = our_ownership(&f.db());
    let files = text_files_at_head(&f.root);
    assert!(!files.is_empty());
    for p in files {
        let theirs = git_blame(&f.root, &p);
        let mine = ours.get(&p).cloned().unwrap_or_default();
        assert_eq!(
            mine,
            theirs,
            "ownership of {} differs from git blame",
            String::from_utf8_lossy(&p)
        );
    }
}

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
            "SELECT vendored, generated, binary_at_head FROM paths WHERE display = ?1",
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
    assert_eq!(s["mode"], "append");
    assert_eq!(s["newCommits"], 2);
    // A branch forked from older history, merged in.
    let base = f.git(&["rev-parse", "HEAD~6"]).trim().to_string();
    f.git(&["checkout", "-q", "-b", "old-fork", &base]);
    f.write("docs/guide.md", lines("guide", 6));
    f.commit(CAROL, "Write a guide");
    f.git(&["checkout", "-q", "main"]);
    f.merge(ALICE, "old-fork", "Merge the guide");
    let s = f.index();
    assert_eq!(s["mode"], "refold");
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

#[test]
fn a_rewritten_history_is_detected_and_reindexed() {
    let (f, _) = repos::rich();
    f.index();
    f.git(&["reset", "-q", "--hard", "HEAD~2"]);
    f.write("src/other.rs", lines("other", 3));
    f.commit(CAROL, "A different future");
    let s = f.index();
    assert_eq!(s["mode"], "rebuild");
    assert_eq!(our_numstat(&f.db()), git_numstat(&f.root));
    assert_blame_agrees(&f);
}

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
