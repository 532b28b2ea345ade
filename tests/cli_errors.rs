//! Bad input gets a clear message on stderr and a non-zero exit, and leaves nothing
//! half-written: not a repository, an empty repository, unknown revisions, files outside the
//! repository or not in it, and a corrupt object.

mod support;

use support::{lines, Fixture, ALICE};

fn fails_with(out: std::process::Output, needle: &str) {
    assert!(
        !out.status.success(),
        "expected failure, got: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(needle),
        "stderr should mention {needle:?}: {err}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout for an error");
}

#[test]
fn not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(support::aexy_bin())
        .current_dir(dir.path())
        .env("AEXY_DATA_DIR", dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["index"])
        .output()
        .unwrap();
    fails_with(out, "not in a git repository");
}

#[test]
fn empty_repository() {
    let f = Fixture::new();
    fails_with(f.aexy(&["index"]), "no commits yet");
    assert!(!f.db().exists() || support::dump::dump(&f.db()).is_empty());
}

#[test]
fn unknown_revision_and_unknown_files() {
    let f = Fixture::new();
    f.write("a.rs", lines("a", 3));
    f.commit(ALICE, "one");
    f.index();
    fails_with(
        f.aexy(&["stats", "--as-of", "no-such-rev"]),
        "unknown revision 'no-such-rev'",
    );
    fails_with(
        f.aexy(&["owners", "missing.rs"]),
        "is not a file in the repository",
    );
    fails_with(f.aexy(&["owners", "a.rs", "--line", "9"]), "out of range");
    fails_with(
        f.aexy(&["owners", "/etc/hostname"]),
        "is not in a git repository",
    );
}

#[test]
fn a_corrupt_object_fails_cleanly_and_keeps_the_previous_index() {
    let f = Fixture::new();
    f.write("a.rs", lines("a", 3));
    f.commit(ALICE, "one");
    f.index();
    let before = support::dump::dump(&f.db());
    f.write("b.rs", lines("b", 3));
    f.commit(ALICE, "two");
    // Corrupt the new blob's loose object.
    let id = f.git(&["rev-parse", "HEAD:b.rs"]).trim().to_string();
    let obj = f.root.join(".git/objects").join(&id[..2]).join(&id[2..]);
    let mut perms = std::fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).unwrap();
    std::fs::write(&obj, b"garbage, not zlib").unwrap();
    let out = f.aexy(&["index"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&id[..7]) || err.contains("blob"), "{err}");
    assert_eq!(
        support::dump::dump(&f.db()),
        before,
        "the failed run left the old index intact"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let f = Fixture::new();
    f.write("big.txt", lines("line", 20_000));
    f.commit(ALICE, "A long file");
    f.index();
    // like `aexy owners big.txt --json | head -c 100`: far more than a pipe buffer
    let mut child = std::process::Command::new(support::aexy_bin())
        .current_dir(&f.root)
        .env("AEXY_DATA_DIR", &f.data)
        .env("AEXY_DB", f.db())
        .args(["owners", "big.txt", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0u8; 100];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "nothing on stderr: {err}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
    assert!(String::from_utf8_lossy(&head).starts_with('{'));
}
