//! `aexy doctor`: what it finds (a damaged index, a stale or orphaned indexed HEAD, a shallow
//! or partial clone, a missing object) and what it does about it, with and without `--check`.

use crate::common::reference_dump;
use crate::support::{dump::dump, git_cmd, lines, repos, Fixture, ALICE};

/// `aexy doctor ARGS --json` in `f`: the exit status and the report.
fn doctor(f: &Fixture, args: &[&str]) -> (bool, serde_json::Value) {
    let mut all = vec!["doctor", "--json"];
    all.extend_from_slice(args);
    let out = f.aexy(&all);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.success(), report)
}

/// The status and detail of the check `name`.
fn check<'a>(report: &'a serde_json::Value, name: &str) -> (&'a str, &'a str) {
    let c = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {report}"));
    (c["status"].as_str().unwrap(), c["detail"].as_str().unwrap())
}

fn actions(report: &serde_json::Value) -> Vec<String> {
    report["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn doctor_finds_a_damaged_index_and_rebuilds_it_unless_asked_only_to_check() {
    let f = repos::long(400);
    let reference = reference_dump(&f);
    let (ok, report) = doctor(&f, &[]);
    assert!(ok);
    assert_eq!(check(&report, "file").0, "fixed", "no index yet: built");
    assert_eq!(actions(&report), ["rebuilt the index: 400 commits"]);
    let (ok, report) = doctor(&f, &[]);
    assert!(ok && actions(&report).is_empty(), "{report}");
    for name in [
        "file",
        "integrity",
        "indexed HEAD",
        "shallow",
        "partial clone",
        "objects",
    ] {
        assert_eq!(check(&report, name).0, "ok", "{name}: {report}");
    }

    // Damage a b-tree page that no open touches: only quick_check (or a query) finds it.
    let root: u64 = rusqlite::Connection::open(f.db())
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'file_changes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(f.db()).unwrap();
    let at = ((root - 1) * 4096) as usize;
    bytes[at..at + 1000].copy_from_slice(&[0x0d, 0, 0, 0, 0xff].repeat(200));
    std::fs::write(f.db(), &bytes).unwrap();

    let (ok, report) = doctor(&f, &["--check"]);
    assert!(!ok, "a failed check exits non-zero");
    let (status, detail) = check(&report, "integrity");
    assert_eq!(status, "fail");
    assert!(
        detail.starts_with("quick_check: ") && !detail.contains('\n'),
        "{detail}"
    );
    assert!(actions(&report).is_empty());
    assert_eq!(
        std::fs::read(f.db()).unwrap(),
        bytes,
        "--check changes nothing"
    );

    let (ok, report) = doctor(&f, &[]);
    assert!(ok, "{report}");
    assert_eq!(check(&report, "integrity").0, "fixed");
    let did = actions(&report);
    assert!(did[0].starts_with("moved the index aside to "), "{did:?}");
    assert_eq!(did[1], "rebuilt the index: 400 commits");
    assert!(check(&report, "moved aside").1.contains(".damaged-"));
    assert_eq!(dump(&f.db()), reference);
}

#[test]
fn doctor_reports_a_stale_or_orphaned_indexed_head() {
    let f = repos::long(50);
    f.index();
    f.write("more.txt", "more\n");
    f.commit(ALICE, "More");
    let (_, report) = doctor(&f, &["--check"]);
    let (status, detail) = check(&report, "indexed HEAD");
    assert_eq!(status, "warn");
    assert!(detail.contains("HEAD is 1 commit(s) further"), "{detail}");
    let (ok, report) = doctor(&f, &[]);
    assert!(ok);
    assert!(
        actions(&report)[0].starts_with("updated the index: 1 new commits"),
        "{report}"
    );

    // The indexed commit is dropped from history and its objects pruned.
    f.git(&["reset", "-q", "--hard", "HEAD~3"]);
    f.git(&["reflog", "expire", "--expire=now", "--all"]);
    f.git(&["gc", "-q", "--prune=now"]);
    let (_, report) = doctor(&f, &["--check"]);
    let (status, detail) = check(&report, "indexed HEAD");
    assert_eq!(status, "warn");
    assert!(detail.contains("no longer in the repository"), "{detail}");
}

#[test]
fn doctor_reports_shallow_partial_and_missing_objects() {
    let (src, _) = repos::rich();
    src.git(&["config", "uploadpack.allowFilter", "true"]);
    src.write("big.txt", lines("big", 400));
    src.commit(ALICE, "A big file");
    let url = format!("file://{}", src.root.display());
    let clone = |name: &str, args: &[&str]| -> Fixture {
        let f = Fixture::new();
        std::fs::remove_dir_all(&f.root).unwrap();
        let out = git_cmd(f.dir.path())
            .args(["clone", "-q"])
            .args(args)
            .args([url.as_str(), "repo"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        f
    };
    let shallow = clone("shallow", &["--depth", "2"]);
    let (ok, report) = doctor(&shallow, &["--check"]);
    assert!(ok, "{report}");
    let (status, detail) = check(&report, "shallow");
    assert_eq!(status, "warn");
    assert!(detail.contains("cut at 1 commit(s)"), "{detail}");

    let partial = clone("partial", &["--no-checkout", "--filter=blob:limit=2k"]);
    let out = partial.aexy(&["doctor", "--json", "--check"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check(&report, "partial clone").0, "warn");
    let (status, detail) = check(&report, "objects");
    assert_eq!(status, "ok");
    assert!(detail.contains("not fetched (partial clone)"), "{detail}");

    // A full clone that lost a tree object.
    let full = clone("full", &[]);
    full.git(&["repack", "-q", "-a", "-d"]);
    let tree = full.git(&["rev-parse", "HEAD^{tree}"]).trim().to_owned();
    let pack_dir = full.root.join(".git/objects/pack");
    // Explode the pack into loose objects, then delete the root tree.
    let packs: Vec<_> = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .collect();
    for p in &packs {
        let moved = full.dir.path().join(p.file_name().unwrap());
        std::fs::rename(p, &moved).unwrap();
        std::fs::remove_file(p.with_extension("idx")).unwrap();
        let out = git_cmd(&full.root)
            .args(["unpack-objects", "-q"])
            .stdin(std::fs::File::open(&moved).unwrap())
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    std::fs::remove_file(
        full.root
            .join(".git/objects")
            .join(&tree[..2])
            .join(&tree[2..]),
    )
    .unwrap();
    let (ok, report) = doctor(&full, &["--check"]);
    assert!(!ok);
    let (status, detail) = check(&report, "objects");
    assert_eq!(status, "fail");
    assert!(detail.contains(&tree), "{detail}");
}
