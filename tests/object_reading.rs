//! The index's object reader against git itself: every tree and blob of a real repository,
//! packed with deep delta chains (and some objects left loose, some in a second pack), reads
//! back byte for byte as `git cat-file` gives it, in any order, with the size cap honoured.

mod support;

use std::collections::BTreeSet;

use aexy::git::object_reader::{Read, SharedStore, Want};
use git2::Oid;
use support::repos;

/// Every tree and blob reachable from HEAD's history, with its kind, as git lists them.
fn objects(f: &support::Fixture) -> Vec<(Oid, Want)> {
    let listed = f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname) %(objecttype)",
    ]);
    listed
        .lines()
        .filter_map(|l| {
            let (id, kind) = l.split_once(' ')?;
            let want = match kind {
                "tree" => Want::Tree,
                "blob" => Want::Blob,
                _ => return None,
            };
            Some((Oid::from_str(id).ok()?, want))
        })
        .collect()
}

fn read_all(root: &std::path::Path, order: &[(Oid, Want)]) -> usize {
    let store = SharedStore::open(&root.join(".git/objects")).expect("object store");
    let reader = store.reader();
    let repo = git2::Repository::open(root).expect("repository");
    let odb = repo.odb().expect("libgit2's object database");
    let mut read = 0;
    for &(id, want) in order {
        let expected = odb.read(id).expect("libgit2 reads it");
        match reader.read(id, want, usize::MAX).expect("readable") {
            Read::Object(data) => {
                assert!(
                    data == expected.data(),
                    "object {id} ({want:?}) differs from git's"
                );
                reader.recycle(data);
                read += 1;
            }
            Read::TooLarge => panic!("{id} too large without a cap"),
            Read::Missing => panic!("{id} missing"),
        }
    }
    read
}

#[test]
fn every_object_reads_as_git_gives_it_through_deep_delta_chains() {
    let f = repos::long(400);
    // deep chains, as an aggressive gc leaves them, then new commits in a second pack and loose
    f.git(&["repack", "-adfq", "--depth=50", "--window=50"]);
    let chains = f.git(&["verify-pack", "-v", &pack_idx(&f)]);
    let deepest = chains
        .lines()
        .filter_map(|l| l.strip_prefix("chain length = "))
        .filter_map(|l| l.split(':').next()?.trim().parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    assert!(
        deepest >= 10,
        "the test needs deep chains; deepest {deepest}"
    );
    for i in 0..6 {
        f.write("src/f0.txt", repos_lines(i));
        f.commit(support::ALICE, &format!("loose {i}"));
        if i == 2 {
            f.git(&["repack", "-dq"]);
        }
    }
    let all = objects(&f);
    let blobs = all.iter().filter(|(_, w)| *w == Want::Blob).count();
    assert!(blobs > 400 && all.len() > blobs, "{} objects", all.len());
    // in git's listing order (by id: chains entered anywhere), then oldest/newest versions first
    assert_eq!(read_all(&f.root, &all), all.len());
    let mut by_age: Vec<(Oid, Want)> = Vec::new();
    let mut seen = BTreeSet::new();
    for line in f
        .git(&["rev-list", "--objects", "--reverse", "HEAD"])
        .lines()
    {
        let Some(id) = line.split(' ').next().and_then(|i| Oid::from_str(i).ok()) else {
            continue;
        };
        if let Some(&(_, want)) = all.iter().find(|(o, _)| *o == id) {
            if seen.insert(id) {
                by_age.push((id, want));
            }
        }
    }
    assert!(by_age.len() > 400);
    assert_eq!(read_all(&f.root, &by_age), by_age.len());
    by_age.reverse();
    assert_eq!(read_all(&f.root, &by_age), by_age.len());
    // a clone borrowing the objects (objects/info/alternates) reads the same
    let shared = tempfile::tempdir().expect("temp dir");
    let clone = shared.path().join("clone");
    let cloned = support::git_cmd(shared.path())
        .args(["clone", "-q", "--shared"])
        .arg(&f.root)
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(cloned.success() && clone.join(".git/objects/info/alternates").exists());
    let borrowed = aexy::git::packs::Packs::open(&clone.join(".git/objects"));
    assert_eq!(
        borrowed.len(),
        2,
        "the packs of the repository the clone borrows from"
    );
    assert_eq!(read_all(&clone, &by_age), by_age.len());
}

#[test]
fn objects_over_the_cap_are_not_read_and_missing_ones_are_missing() {
    let f = repos::long(60);
    f.git(&["repack", "-adfq", "--depth=50", "--window=50"]);
    let store = SharedStore::open(&f.root.join(".git/objects")).expect("object store");
    let reader = store.reader();
    // the newest version, and an older one deltified against newer ones
    for rev in ["HEAD:src/f0.txt", "HEAD~40:src/f0.txt"] {
        let id = Oid::from_str(f.git(&["rev-parse", rev]).trim()).expect("blob id");
        let size: usize = f
            .git(&["cat-file", "-s", &id.to_string()])
            .trim()
            .parse()
            .expect("size");
        assert!(matches!(
            reader.read(id, Want::Blob, size - 1),
            Ok(Read::TooLarge)
        ));
        assert!(
            matches!(reader.read(id, Want::Blob, size), Ok(Read::Object(d)) if d.len() == size)
        );
    }
    // the wrong kind is an error, an absent object is missing
    let blob = Oid::from_str(f.git(&["rev-parse", "HEAD:src/f0.txt"]).trim()).expect("blob id");
    assert!(reader.read(blob, Want::Tree, usize::MAX).is_err());
    let absent = Oid::from_str("0123456789abcdef0123456789abcdef01234567").expect("id");
    assert!(matches!(
        reader.read(absent, Want::Blob, usize::MAX),
        Ok(Read::Missing)
    ));
}

fn pack_idx(f: &support::Fixture) -> String {
    let dir = f.root.join(".git/objects/pack");
    std::fs::read_dir(&dir)
        .expect("pack dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a pack index")
        .display()
        .to_string()
}

fn repos_lines(i: usize) -> String {
    support::lines(&format!("loose{i}"), 30 + i)
}

#[test]
fn a_corrupt_pack_entry_is_an_error_and_other_objects_still_read() {
    let f = repos::long(120);
    f.git(&["repack", "-adfq", "--depth=50", "--window=50"]);
    let idx = pack_idx(&f);
    // verify-pack -v: "id type size size-in-pack offset [depth base]"
    let listing = f.git(&["verify-pack", "-v", &idx]);
    let entries: Vec<(Oid, String, u64, u64, u32)> = listing
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let id = Oid::from_str(w.next()?).ok()?;
            let kind = w.next()?.to_string();
            let _size = w.next()?;
            let packed: u64 = w.next()?.parse().ok()?;
            let offset: u64 = w.next()?.parse().ok()?;
            let depth: u32 = w.next().and_then(|d| d.parse().ok()).unwrap_or(0);
            Some((id, kind, packed, offset, depth))
        })
        .collect();
    let &(victim, _, packed, offset, _) = entries
        .iter()
        .find(|e| e.1 == "blob" && e.4 >= 3 && e.2 >= 12)
        .expect("a blob deep in a delta chain");
    // scramble the entry's compressed bytes (past its few header bytes)
    let pack = std::path::PathBuf::from(idx.replace(".idx", ".pack"));
    let mut perms = std::fs::metadata(&pack).expect("pack").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).expect("writable pack");
    let mut bytes = std::fs::read(&pack).expect("pack bytes");
    let start = offset as usize + 4;
    let end = (offset + packed) as usize;
    for b in &mut bytes[start..end] {
        *b ^= 0x5a;
    }
    std::fs::write(&pack, &bytes).expect("pack written");

    let store = SharedStore::open(&f.root.join(".git/objects")).expect("object store");
    let reader = store.reader();
    let err = match reader.read(victim, Want::Blob, usize::MAX) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a scrambled entry read as an object"),
    };
    assert!(err.contains(&victim.to_string()), "{err}");
    // entries not built on the scrambled one still read, and equal git's
    let repo = git2::Repository::open(&f.root).expect("repository");
    let odb = repo.odb().expect("odb");
    let mut fine = 0;
    for (id, kind, _, _, depth) in &entries {
        if kind != "blob" || *depth != 0 {
            continue;
        }
        if let Ok(Read::Object(data)) = reader.read(*id, Want::Blob, usize::MAX) {
            assert!(data == odb.read(*id).expect("libgit2 reads it").data());
            fine += 1;
        }
    }
    assert!(fine > 0, "whole objects outside the chain still read");
}
