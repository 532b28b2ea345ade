//! Damaged indexes heal themselves: garbage, truncation, pages overwritten in the middle (found
//! only by a query), another program's database and a newer aexy's index are each moved aside
//! with one line on stderr and rebuilt, and the answer is the one an intact index gives.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use crate::common::{reference_dump, Rng};
use crate::support::{dump::dump, repos, Fixture};

/// Damages the fixture's index with `damage`, runs `aexy stats --json`, and checks the user
/// sees one line naming where the old file went, and the same answer as before.
fn heals(
    f: &Fixture,
    reference: &str,
    expected: &serde_json::Value,
    what: &str,
    mut damage: impl FnMut(&Path),
) {
    f.index();
    damage(&f.db());
    let out = f.aexy(&["stats", "--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: {err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(&v, expected, "{what}: the answer of an intact index");
    let line = err
        .lines()
        .find(|l| l.contains("moved it to"))
        .unwrap_or_else(|| panic!("{what}: no message about the move: {err}"));
    assert!(line.starts_with("aexy: the index "), "{line}");
    let aside = line
        .split("moved it to ")
        .nth(1)
        .unwrap()
        .split(" and rebuilding")
        .next()
        .unwrap();
    assert!(
        Path::new(aside).exists(),
        "{what}: {aside} kept for inspection"
    );
    assert_eq!(
        dump(&f.db()),
        reference,
        "{what}: rebuilt as one run builds it"
    );
}

fn overwrite(db: &Path, at: u64, bytes: &[u8]) {
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(bytes).unwrap();
}

#[test]
fn damaged_foreign_and_newer_indexes_are_moved_aside_and_rebuilt() {
    let f = repos::long(600);
    let reference = reference_dump(&f);
    f.index();
    let expected = f.json(&["stats"]);
    let mut rng = Rng::new(0xbad_5ec7);
    let noise =
        |rng: &mut Rng, n: usize| -> Vec<u8> { (0..n).map(|_| rng.below(256) as u8).collect() };

    heals(&f, &reference, &expected, "garbage", |db| {
        std::fs::write(db, b"Not a database: a crash left text here\n").unwrap()
    });
    heals(&f, &reference, &expected, "a zeroed header", |db| {
        overwrite(db, 0, &[0; 100])
    });
    heals(&f, &reference, &expected, "truncated", |db| {
        let len = std::fs::metadata(db).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(db)
            .unwrap()
            .set_len(len / 2)
            .unwrap();
    });
    heals(
        &f,
        &reference,
        &expected,
        "pages overwritten in the middle",
        |db| {
            // The header and schema page stay intact, so opening works; the commits table's root
            // page is noise, so the first query reading it fails.
            let root: u64 = rusqlite::Connection::open(db)
                .unwrap()
                .query_row(
                    "SELECT rootpage FROM sqlite_master WHERE name = 'commits'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(root > 1);
            let bytes = noise(&mut rng, 4096);
            overwrite(db, (root - 1) * 4096, &bytes);
        },
    );
    heals(
        &f,
        &reference,
        &expected,
        "another program's database",
        |db| {
            std::fs::remove_file(db).unwrap();
            let c = rusqlite::Connection::open(db).unwrap();
            c.execute_batch("CREATE TABLE bookmarks (url TEXT); PRAGMA user_version = 7;")
                .unwrap();
        },
    );
    heals(&f, &reference, &expected, "a newer aexy's index", |db| {
        let c = rusqlite::Connection::open(db).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
    });
    // Only the latest moved-aside copy is kept.
    let dir = f.db().parent().unwrap().to_owned();
    let copies = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let n = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            n.starts_with("index.sqlite.") && !n.ends_with(".lock") && !n.ends_with("-wal")
        })
        .count();
    assert_eq!(copies, 1);
}

#[test]
fn a_damaged_index_is_healed_by_aexy_index_too() {
    let f = repos::long(300);
    let reference = reference_dump(&f);
    f.index();
    std::fs::write(f.db(), b"garbage").unwrap();
    let out = f.aexy(&["index"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("was not an SQLite database; moved it to"),
        "{err}"
    );
    assert_eq!(dump(&f.db()), reference);
}
