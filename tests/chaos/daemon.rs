//! The daemon under faults: two daemons and a CLI on one index, a daemon killed while it
//! indexes, an index damaged under a running daemon, a repository moved away and back. The
//! daemon stays up, says what happened, and the index ends as one uninterrupted run leaves it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{reference_dump, subdir};
use crate::lsp_client::Daemon;
use crate::support::{dump::dump, repos, ALICE};

/// The one index file under `data`.
fn index_in(data: &Path) -> PathBuf {
    let dir = data.join("indexes");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn two_daemons_and_the_cli_share_one_index() {
    let f = repos::long(2000);
    let reference = reference_dump(&f);
    let data = subdir(&f, "shared-data");
    let mut a = Daemon::start(&data);
    let mut b = Daemon::start(&data);
    a.initialize(&[&f.root]);
    b.initialize(&[&f.root]);
    let cli = std::process::Command::new(crate::support::aexy_bin())
        .current_dir(&f.root)
        .env("AEXY_DATA_DIR", &data)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    a.ready();
    b.ready();
    let file = f.root.join("src/f0.txt");
    let (ha, hb) = (a.hover(&file, 0), b.hover(&file, 0));
    assert!(
        ha.as_deref().is_some_and(|h| h.contains("Alice Liddell")),
        "{ha:?}"
    );
    assert_eq!(ha, hb, "both daemons answer from the same index");
    assert_eq!(dump(&index_in(&data)), reference);
    assert!(a
        .messages()
        .iter()
        .chain(b.messages().iter())
        .all(|m| !m.contains("failed")));
    assert_eq!(a.stop(), Some(0));
    assert_eq!(b.stop(), Some(0));
}

#[test]
fn a_daemon_killed_while_indexing_leaves_nothing_half_written() {
    let f = repos::long(3000);
    let reference = reference_dump(&f);
    let data = subdir(&f, "data");
    let mut first = Daemon::start(&data);
    first.initialize(&[&f.root]);
    first.until(60, "indexing under way", |r| {
        r.iter()
            .any(|x| x["commitsIndexed"].as_u64().unwrap_or(0) > 0)
    });
    first.kill();
    let db = index_in(&data);
    let left = crate::common::dump_or_empty(&db);
    assert!(left.is_empty() || left == reference, "all or nothing");
    // A new daemon finds the lock free (it died with its holder) and builds the index.
    let mut second = Daemon::start(&data);
    second.initialize(&[&f.root]);
    second.ready();
    assert_eq!(dump(&db), reference);
    assert_eq!(second.stop(), Some(0));
}

#[test]
fn an_index_damaged_under_a_running_daemon_is_moved_aside_and_rebuilt() {
    let f = repos::long(500);
    let data = subdir(&f, "data");
    let mut d = Daemon::start(&data);
    d.initialize(&[&f.root]);
    d.ready();
    let db = index_in(&data);
    // The commits table's root page becomes noise.
    let root: u64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'commits'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    let at = ((root - 1) * 4096) as usize;
    bytes[at..at + 4096].fill(0xa5);
    std::fs::write(&db, &bytes).unwrap();
    // A commit lands: the update reads the damaged table.
    f.write("src/new.txt", "a new file\n");
    f.commit(ALICE, "A new file");
    let reference = reference_dump(&f);
    let head = f.head();
    d.until(60, "the rebuild", |r| {
        r[0]["state"] == "ready" && r[0]["head"] == head.as_str()
    });
    d.wait_message(10, "moved it to");
    let moved: Vec<String> = d
        .messages()
        .into_iter()
        .filter(|m| m.contains("moved it to"))
        .collect();
    assert_eq!(moved.len(), 1, "{:?}", d.messages());
    assert!(moved[0].starts_with("aexy: the index "), "{}", moved[0]);
    assert!(d
        .hover(&f.root.join("src/new.txt"), 0)
        .unwrap()
        .contains("Alice Liddell"));
    assert_eq!(dump(&db), reference);
    assert!(d.alive());
    assert_eq!(d.stop(), Some(0));
}

#[test]
fn a_repository_moved_away_under_the_daemon_is_reported_and_served_again_when_back() {
    let f = repos::long(300);
    let other = repos::long(50);
    let data = subdir(&f, "data");
    let mut d = Daemon::start(&data);
    d.initialize(&[&f.root, &other.root]);
    d.ready();
    let file = f.root.join("src/f1.txt");
    let before = d.hover(&file, 0);
    assert!(before.is_some());
    let away = f.dir.path().join("moved-away");
    std::fs::rename(&f.root, &away).unwrap();
    // The next request notices; the status says why, and later requests get no answer (not
    // an error, not a crash).
    let _ = d.hover(&file, 0);
    let root = f.root.display().to_string();
    let repos = d.until(20, "the status to say the repository is gone", |r| {
        r.iter()
            .any(|x| x["root"] == root.as_str() && x["state"] == "error")
    });
    let gone = repos.iter().find(|x| x["root"] == root.as_str()).unwrap();
    assert!(
        gone["message"]
            .as_str()
            .unwrap()
            .contains("is gone (deleted or moved)"),
        "{gone}"
    );
    d.wait_message(10, "is gone");
    assert_eq!(
        d.messages()
            .iter()
            .filter(|m| m.contains("is gone"))
            .count(),
        1,
        "said once: {:?}",
        d.messages()
    );
    assert_eq!(d.hover(&file, 0), None);
    // The other repository is served as before.
    assert!(d.hover(&other.root.join("src/f0.txt"), 0).is_some());
    // Back where it was: answered again once the watcher sees its HEAD (poll: 3 s).
    std::fs::rename(&away, &f.root).unwrap();
    d.until(30, "the repository to be served again", |r| {
        r.iter().all(|x| x["state"] == "ready")
    });
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(d.hover(&file, 0), before);
    assert!(d.alive());
    assert_eq!(d.stop(), Some(0));
}
