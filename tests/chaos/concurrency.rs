//! Concurrent indexers and queries on one index, and writers killed with SIGKILL at random
//! points: one writer at a time, readers answer, and the end state is one run's.

use std::time::{Duration, Instant};

use crate::common::{dump_or_empty, reference_dump, spawn, succeeded, Rng};
use crate::support::{dump::dump, repos};

#[test]
fn concurrent_indexers_and_queries_on_a_new_index_end_as_one_run() {
    let (f, _) = repos::rich();
    let reference = reference_dump(&f);
    // An editor's daemon starting while the user runs commands in a terminal, all at once on a
    // repository that has no index yet.
    let runs: Vec<_> = [
        &["index"][..],
        &["stats", "--json"],
        &["index"],
        &["developers", "--json"],
        &["team", "--json"],
        &["index"],
    ]
    .iter()
    .map(|args| (args.join(" "), spawn(&f, args)))
    .collect();
    let mut waited = 0;
    for (what, child) in runs {
        let out = succeeded(child, &what);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("already exists"), "{what}: {err}");
        waited += usize::from(err.contains("waiting for another aexy"));
        if what != "index" {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(!v.is_null(), "{what} answered");
        }
    }
    assert_eq!(dump(&f.db()), reference);
    eprintln!("{waited} of 6 runs waited for another writer");
}

#[test]
fn queries_during_an_update_answer_from_the_index_there_and_say_so() {
    let f = repos::long(3000);
    f.git(&["checkout", "-q", "main~2500"]);
    f.index();
    let old = f.head();
    f.git(&["checkout", "-q", "main"]);
    let writer = spawn(&f, &["index"]);
    // Wait until the writer holds the lock (its progress starts), then ask.
    let lock = {
        let mut p = f.db().into_os_string();
        p.push(".lock");
        std::path::PathBuf::from(p)
    };
    let start = Instant::now();
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != writer.id().to_string()
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = f.aexy(&["stats", "--json"]);
    let writer = succeeded(writer, "index");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if v["head"] == old.as_str() {
        // It came while the writer worked: the previous index answered, and it said so.
        assert!(
            err.contains("is updating this index; answering from the index at")
                && err.contains(&old[..10]),
            "{err}"
        );
    } else {
        eprintln!(
            "the writer finished before the query: {}",
            String::from_utf8_lossy(&writer.stderr)
        );
        assert_eq!(v["head"], f.head().as_str());
    }
    assert_eq!(dump(&f.db()), reference_dump(&f));
}

#[test]
fn writers_killed_at_random_points_lose_nothing_and_hold_no_lock() {
    let f = repos::long(3000);
    let reference = reference_dump(&f);
    let mut rng = Rng::new(0x15_c4a05);
    let kill_after = |rng: &mut Rng| Duration::from_millis(20 + rng.below(1200));

    // A first index killed before it commits leaves no index at all: never half of one.
    let mut first_killed = 0;
    for _ in 0..3 {
        let _ = std::fs::remove_file(f.db());
        let mut child = spawn(&f, &["index"]);
        std::thread::sleep(kill_after(&mut rng));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = dump_or_empty(&f.db());
        assert!(
            now.is_empty() || now == reference,
            "a first index is all or nothing"
        );
        first_killed += usize::from(now.is_empty());
    }

    // Incremental runs killed at random points keep the previous index until one completes.
    f.git(&["checkout", "-q", "main~2000"]);
    let _ = std::fs::remove_file(f.db());
    f.index();
    let previous = dump(&f.db());
    f.git(&["checkout", "-q", "main"]);
    let mut interrupted = 0;
    for _ in 0..5 {
        let mut child = spawn(&f, &["index"]);
        std::thread::sleep(kill_after(&mut rng));
        let _ = child.kill();
        let _ = child.wait();
        let now = dump(&f.db());
        if now == reference {
            break;
        }
        assert_eq!(now, previous, "a killed update leaves the previous index");
        interrupted += 1;
    }
    // The dead writers' locks died with them: the next run neither waits nor fails.
    let start = Instant::now();
    let out = f.aexy(&["index"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("waiting"));
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(dump(&f.db()), reference);
    eprintln!("killed {first_killed} first runs and {interrupted} updates before they committed");
}
