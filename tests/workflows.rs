//! Every git workflow stays incremental. After each step a developer takes — commit, amend,
//! branch, checkout, rebase, reset --hard, merge, cherry-pick, a deleted branch, a second
//! worktree — the answers for the checked-out HEAD equal git's own (`owners` of every text file
//! equals `git blame`, `stats` equals `git log --numstat -M`), nothing is rebuilt, and nothing
//! from commits no ref reaches shows in `team`, `profile`, `match` or `developers`.

mod support;

use std::path::Path;

use support::compare::{git_blame, git_numstat, line_commits};
use support::dump::dump;
use support::{lines, repos, Fixture, Who, ALICE, BOB, CAROL};

const GHOST: Who = Who {
    name: "Gaspard Ghost",
    email: "ghost@example.com",
};
const PHANTOM: Who = Who {
    name: "Philippa Phantom",
    email: "phantom@example.com",
};

/// Runs `aexy ARGS --json` in `dir` (a worktree of `f`) with the default index location, so
/// worktrees find their shared index by themselves.
fn json_in(f: &Fixture, dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = std::process::Command::new(support::aexy_bin())
        .current_dir(dir)
        .env("AEXY_DATA_DIR", &f.data)
        .env_remove("AEXY_DB")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(&all)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "aexy {all:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs git in `dir` as `who` (author and committer), asserting success.
fn git_as(dir: &Path, who: Who, args: &[&str]) {
    let out = support::git_cmd(dir)
        .env("GIT_AUTHOR_NAME", who.name)
        .env("GIT_AUTHOR_EMAIL", who.email)
        .env("GIT_COMMITTER_NAME", who.name)
        .env("GIT_COMMITTER_EMAIL", who.email)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text files of `dir`'s HEAD.
fn text_files(dir: &Path) -> Vec<String> {
    let out = support::git_cmd(dir)
        .args(["ls-tree", "-r", "--name-only", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|p| {
            let blob = support::git_cmd(dir)
                .args(["cat-file", "blob", &format!("HEAD:{p}")])
                .output()
                .unwrap()
                .stdout;
            !blob.is_empty() && !blob[..blob.len().min(8000)].contains(&0)
        })
        .map(str::to_owned)
        .collect()
}

/// The step's index run was incremental, and the answers at `dir`'s HEAD equal git's.
fn check(f: &Fixture, dir: &Path, step: &str) {
    let s = json_in(f, dir, &["index"]);
    assert_ne!(s["mode"], "rebuild", "{step}: rebuilt ({})", s["reason"]);
    let head = support::git_cmd(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(
        s["head"].as_str(),
        Some(String::from_utf8_lossy(&head.stdout).trim()),
        "{step}: the index answers for this worktree's HEAD"
    );
    for file in text_files(dir) {
        let owners = json_in(f, dir, &["owners", &file]);
        assert_eq!(
            line_commits(&owners),
            git_blame(dir, file.as_bytes()),
            "{step}: owners of {file} differ from git blame"
        );
    }
    let stats = json_in(f, dir, &["stats"]);
    let numstat = git_numstat(dir);
    let count = support::git_cmd(dir)
        .args(["rev-list", "--count", "HEAD"])
        .output()
        .unwrap();
    let added: u64 = numstat.values().map(|v| v.0).sum();
    let deleted: u64 = numstat.values().map(|v| v.1).sum();
    assert_eq!(
        (
            stats["commits"].as_u64(),
            stats["linesAdded"].as_u64(),
            stats["linesDeleted"].as_u64()
        ),
        (
            String::from_utf8_lossy(&count.stdout).trim().parse().ok(),
            Some(added),
            Some(deleted)
        ),
        "{step}: stats differ from git log --numstat -M"
    );
}

/// Nobody named `who` appears in any people-facing answer at `dir`'s HEAD.
fn nowhere(f: &Fixture, dir: &Path, who: Who) {
    for args in [
        vec!["team"],
        vec!["developers"],
        vec!["profile", ALICE.name],
        vec!["match", "parser network sockets guide"],
    ] {
        let text = json_in(f, dir, &args).to_string();
        assert!(
            !text.contains(who.name) && !text.contains(who.email),
            "{} shows in `aexy {}`: {text}",
            who.name,
            args.join(" ")
        );
    }
}

#[test]
fn every_workflow_step_answers_like_git_without_a_rebuild() {
    let (f, _) = repos::rich();
    let root = f.root.clone();
    let first = json_in(&f, &root, &["index"]);
    assert_eq!(first["mode"], "rebuild");
    check(&f, &root, "first index");

    f.write("src/net.rs", lines("net", 24));
    f.commit(ALICE, "Grow the network layer");
    check(&f, &root, "commit");

    f.write("src/ghost.rs", lines("ghost", 5));
    let ghost = f.commit(GHOST, "Haunt the module");
    check(&f, &root, "commit by a soon-amended author");
    f.write("src/ghost.rs", lines("spirit", 5));
    f.git(&["add", "-A"]);
    git_as(
        &root,
        BOB,
        &[
            "commit",
            "-q",
            "--amend",
            "--reset-author",
            "-m",
            "Add the spirit module",
        ],
    );
    check(&f, &root, "amend");
    nowhere(&f, &root, GHOST);
    // the amended-away commit can still be asked about explicitly
    let old = json_in(&f, &root, &["owners", "src/ghost.rs", "--as-of", &ghost]);
    assert_eq!(old["lines"][0]["author"]["name"], GHOST.name);

    f.git(&["checkout", "-q", "-b", "feat", "HEAD~3"]);
    check(&f, &root, "checkout -b from three commits back");
    f.write("src/feat.rs", lines("feat", 8));
    f.commit(CAROL, "Start the feature");
    f.write("src/parse/mod.rs", lines("parse", 31));
    f.commit(CAROL, "Reparse");
    check(&f, &root, "commits on a branch");

    f.git(&["checkout", "-q", "main"]);
    check(&f, &root, "checkout main");

    f.git(&["checkout", "-q", "feat"]);
    git_as(&root, CAROL, &["rebase", "-q", "-X", "theirs", "main"]);
    check(&f, &root, "rebase onto main");

    f.git(&["reset", "-q", "--hard", "HEAD~1"]);
    check(&f, &root, "reset --hard");

    f.git(&["checkout", "-q", "main"]);
    f.merge(ALICE, "feat", "Merge the feature");
    check(&f, &root, "merge");

    f.git(&["checkout", "-q", "-b", "pick", "HEAD~2"]);
    f.write("docs/pick.md", lines("pick", 3));
    let picked = f.commit(BOB, "A fix worth picking");
    f.git(&["checkout", "-q", "main"]);
    git_as(&root, ALICE, &["cherry-pick", &picked]);
    check(&f, &root, "cherry-pick");

    f.git(&["checkout", "-q", "-b", "spike"]);
    f.write("src/spike.rs", lines("spike", 6));
    f.commit(PHANTOM, "Spike an idea");
    f.write("src/spike.rs", lines("spike", 9));
    f.commit(PHANTOM, "Spike further");
    check(&f, &root, "a throwaway branch");
    f.git(&["checkout", "-q", "main"]);
    f.git(&["branch", "-q", "-D", "spike"]);
    check(&f, &root, "branch deleted");
    nowhere(&f, &root, PHANTOM);
    let pruned = json_in(&f, &root, &["index", "--prune"]);
    assert!(
        pruned["prunedCommits"].as_u64() >= Some(3),
        "the spike and the amended commit are pruned: {pruned}"
    );
    check(&f, &root, "after pruning");

    let wt2 = f.dir.path().join("second");
    f.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        wt2.to_str().unwrap(),
        "HEAD~2",
    ]);
    check(&f, &wt2, "a second worktree");
    f.write_in(&wt2, "src/side.rs", lines("side", 4));
    f.commit_in(&wt2, CAROL, "Work on the side");
    check(&f, &wt2, "a commit in the second worktree");
    check(
        &f,
        &root,
        "the first worktree still answers for its own HEAD",
    );
    let indexes: Vec<_> = std::fs::read_dir(f.data.join("indexes"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "sqlite"))
        .collect();
    assert_eq!(indexes.len(), 1, "worktrees share one index");
}

#[test]
fn as_of_answers_for_any_branch_and_indexes_unreferenced_revisions_on_demand() {
    let (f, _) = repos::rich();
    f.git(&["checkout", "-q", "-b", "release", "HEAD~4"]);
    f.write("src/release.rs", lines("release", 7));
    let release = f.commit(CAROL, "Release notes in code");
    f.git(&["checkout", "-q", "main"]);
    f.index();
    // a commit on another branch
    let v = f.json(&["owners", "src/release.rs", "--as-of", "release"]);
    assert_eq!(
        line_commits(&v),
        support::compare::git_blame_at(&f.root, "release", b"src/release.rs")
    );
    let team = f.json(&["team", "--as-of", &release]);
    assert!(team.to_string().contains(CAROL.name));
    // a commit no ref reaches: made with commit-tree, never on a branch
    let tree = f.git(&["rev-parse", "HEAD^{tree}"]);
    let dangling = support::git_cmd(&f.root)
        .env("GIT_AUTHOR_NAME", PHANTOM.name)
        .env("GIT_AUTHOR_EMAIL", PHANTOM.email)
        .env("GIT_COMMITTER_NAME", PHANTOM.name)
        .env("GIT_COMMITTER_EMAIL", PHANTOM.email)
        .args(["commit-tree", tree.trim(), "-p", "HEAD", "-m", "Dangling"])
        .output()
        .unwrap();
    let dangling = String::from_utf8_lossy(&dangling.stdout).trim().to_string();
    let stats = f.json(&["stats", "--as-of", &dangling]);
    assert_eq!(stats["head"], dangling.as_str());
    let count: u64 = f
        .git(&["rev-list", "--count", &dangling])
        .trim()
        .parse()
        .unwrap();
    assert_eq!(stats["commits"].as_u64(), Some(count));
    // and it counts nowhere at HEAD
    nowhere(&f, &f.root, PHANTOM);
}

/// Kill -9 at any point of an incremental transition (a fetch of many commits and the view's
/// move to them) leaves an index the next run completes to exactly an uninterrupted run's.
#[test]
fn kill_9_mid_transition_then_rerun_gives_the_same_index() {
    let f = repos::long(2400);
    let tip = f.head();
    f.git(&["reset", "-q", "--hard", "HEAD~1200"]);
    f.index();
    let before = f.dir.path().join("before.sqlite");
    std::fs::copy(f.db(), &before).unwrap();
    f.git(&["reset", "-q", "--hard", &tip]);
    let reference_db = f.dir.path().join("reference.sqlite");
    std::fs::copy(&before, &reference_db).unwrap();
    let out = std::process::Command::new(support::aexy_bin())
        .current_dir(&f.root)
        .args(["--db", reference_db.to_str().unwrap(), "index"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let reference = dump(&reference_db);
    let previous = dump(&before);
    assert_ne!(previous, reference);

    let mut killed = 0;
    for delay_ms in [40u64, 120, 250, 20, 400, 80, 600] {
        std::fs::copy(&before, f.db()).unwrap();
        let _ = std::fs::remove_file(f.db().with_extension("sqlite-wal"));
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
        if finished || status.success() {
            continue;
        }
        killed += 1;
        // nothing half-written: the previous index, or (killed after its commit) the new one
        let left = dump(&f.db());
        assert!(
            left == previous || left == reference,
            "killed after {delay_ms} ms: the index is neither the previous nor the new one"
        );
        let s = f.index();
        let expected = if left == previous {
            "update"
        } else {
            "uptodate"
        };
        assert_eq!(s["mode"], expected, "killed after {delay_ms} ms");
        assert_eq!(dump(&f.db()), reference, "killed after {delay_ms} ms");
    }
    assert!(killed > 0, "could not catch the indexer mid-run");
}

/// Reviewers of a branch that is not merged anywhere: judged as of the branch's tip, so its
/// own commits (indexed because a branch reaches them) name its authors, who are left out.
#[test]
fn reviewers_of_an_unmerged_branch_leave_its_author_out() {
    let (f, _) = repos::rich();
    f.git(&["checkout", "-q", "-b", "topic"]);
    let net = std::fs::read_to_string(f.root.join("src/net.rs")).unwrap();
    f.write(
        "src/net.rs",
        net.replace("net line 7\n", "net line seven\n"),
    );
    f.commit(CAROL, "Name line seven");
    f.git(&["checkout", "-q", "main"]);
    f.index();
    let r = f.json(&["reviewers", "--rev", "main..topic"]);
    let authors: Vec<&str> = r["change"]["authors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(authors, [CAROL.name], "{r}");
    let reviewers = r["reviewers"].to_string();
    assert!(!reviewers.contains(CAROL.name), "{r}");
    assert!(
        reviewers.contains(BOB.name),
        "Bob wrote the changed line: {r}"
    );
}
