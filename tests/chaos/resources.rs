//! Resource faults: a full disk (a small tmpfs), a read-only data dir (a read-only bind mount),
//! both in a private mount namespace; and `git gc` repacking the object store during a run.

use std::time::Duration;

use crate::common::{in_namespace, reference_dump, spawn, stderr, subdir};
use crate::support::{dump::dump, repos};

#[test]
fn a_full_disk_keeps_the_previous_index_and_says_so() {
    let f = repos::long(3000);
    let reference = reference_dump(&f);
    let full = f.head();
    // main itself goes back (every branch is indexed, so a detached HEAD would not do)
    f.git(&["reset", "-q", "--hard", "main~2900"]);
    let previous = reference_dump(&f);
    let old = f.head();
    let out_dir = subdir(&f, "out");
    // 384 KiB: room for the 100-commit index and its WAL, not for 3,000 commits.
    let script = r#"
        mount -t tmpfs -o size=384k tmpfs "$DATA"
        cd "$REPO"
        AEXY_DATA_DIR="$DATA" "$AEXY" index --json > /dev/null
        git reset -q --hard "$FULL"
        set +e
        AEXY_DATA_DIR="$DATA" "$AEXY" index > "$OUT/index.out" 2> "$OUT/index.err"
        echo $? > "$OUT/index.rc"
        AEXY_DATA_DIR="$DATA" "$AEXY" stats --json > "$OUT/stats.out" 2> "$OUT/stats.err"
        echo $? > "$OUT/stats.rc"
        cp "$DATA"/indexes/*.sqlite "$OUT/after.sqlite"
        for w in "$DATA"/indexes/*.sqlite-wal; do [ -e "$w" ] && cp "$w" "$OUT/after.sqlite-wal"; done
        df -k "$DATA" | tail -1 > "$OUT/df"
        true
    "#;
    let data = subdir(&f, "small-disk");
    let Some(run) = in_namespace(
        script,
        &[
            ("DATA", &data),
            ("REPO", &f.root),
            ("OUT", &out_dir),
            ("FULL", std::path::Path::new(&full)),
        ],
    ) else {
        eprintln!("SKIPPED: this machine allows no private mount namespace (unshare -Urm)");
        return;
    };
    assert!(run.status.success(), "{}", stderr(&run));
    let read = |name: &str| std::fs::read_to_string(out_dir.join(name)).unwrap();
    assert_ne!(read("index.rc").trim(), "0", "the update must fail");
    let err = read("index.err");
    assert!(
        err.contains(
            "is full: the previous index is intact; free some space and run `aexy index` again"
        ),
        "{err}"
    );
    // A query still answers, from the previous index, and says why it is not newer.
    assert_eq!(read("stats.rc").trim(), "0", "{}", read("stats.err"));
    let stats: serde_json::Value = serde_json::from_str(&read("stats.out")).unwrap();
    assert_eq!(stats["head"], old.as_str());
    assert!(read("stats.err").contains(&format!("answering from the index at {}", &old[..10])));
    // Nothing was lost: the index on the full disk is exactly the previous one.
    assert_eq!(dump(&out_dir.join("after.sqlite")), previous);
    assert_ne!(previous, reference);
    eprintln!("disk at the end: {}", read("df").trim());
}

#[test]
fn a_read_only_data_dir_answers_from_the_index_there() {
    let f = repos::long(200);
    let data = subdir(&f, "data");
    let empty = subdir(&f, "empty");
    let indexed = std::process::Command::new(crate::support::aexy_bin())
        .current_dir(&f.root)
        .env("AEXY_DATA_DIR", &data)
        .args(["index"])
        .output()
        .unwrap();
    assert!(indexed.status.success());
    let old = f.head();
    f.write("new.txt", "one more\n");
    f.commit(crate::support::BOB, "One more commit");
    let out_dir = subdir(&f, "out");
    let script = r#"
        mount --bind "$DATA" "$DATA" && mount -o remount,bind,ro "$DATA"
        mount --bind "$EMPTY" "$EMPTY" && mount -o remount,bind,ro "$EMPTY"
        cd "$REPO"
        set +e
        AEXY_DATA_DIR="$DATA" "$AEXY" stats --json > "$OUT/stats.out" 2> "$OUT/stats.err"; echo $? > "$OUT/stats.rc"
        AEXY_DATA_DIR="$DATA" "$AEXY" index > /dev/null 2> "$OUT/index.err"; echo $? > "$OUT/index.rc"
        AEXY_DATA_DIR="$EMPTY" "$AEXY" stats > /dev/null 2> "$OUT/none.err"; echo $? > "$OUT/none.rc"
        true
    "#;
    let Some(run) = in_namespace(
        script,
        &[
            ("DATA", &data),
            ("EMPTY", &empty),
            ("REPO", &f.root),
            ("OUT", &out_dir),
        ],
    ) else {
        eprintln!("SKIPPED: this machine allows no private mount namespace (unshare -Urm)");
        return;
    };
    assert!(run.status.success(), "{}", stderr(&run));
    let read = |name: &str| std::fs::read_to_string(out_dir.join(name)).unwrap();
    assert_eq!(read("stats.rc").trim(), "0", "{}", read("stats.err"));
    let stats: serde_json::Value = serde_json::from_str(&read("stats.out")).unwrap();
    assert_eq!(stats["head"], old.as_str(), "answered from the index there");
    assert_eq!(stats["commits"], 200);
    assert!(
        read("stats.err").contains("is not writable; answering from the index at"),
        "{}",
        read("stats.err")
    );
    assert_ne!(read("index.rc").trim(), "0");
    assert!(
        read("index.err").contains("cannot write the index:"),
        "{}",
        read("index.err")
    );
    assert_ne!(read("none.rc").trim(), "0");
    let none = read("none.err");
    assert!(
        none.contains("no index of") && none.contains("is not writable"),
        "{none}"
    );
    assert!(
        std::fs::read_dir(&empty).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn git_gc_during_an_index_run_changes_nothing() {
    let f = repos::long(3000);
    let reference = reference_dump(&f);
    std::fs::remove_file(f.db()).ok();
    let mut child = spawn(&f, &["index"]);
    let mut repacks = 0;
    // Rewrite every pack (and delete the old ones) for as long as the run lasts.
    while child.try_wait().unwrap().is_none() {
        let args: &[&str] = if repacks % 2 == 0 {
            &["repack", "-a", "-d", "-f", "-q"]
        } else {
            &["gc", "--prune=now", "--quiet"]
        };
        f.git(args);
        repacks += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(dump(&f.db()), reference);
    eprintln!("{repacks} repacks ran during the index run");
}
