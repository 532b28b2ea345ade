//! What the chaos tests share: a reference index built by one uninterrupted run, `aexy`
//! processes started in the background, a deterministic random source, and a private mount
//! namespace (`unshare`) for a small or read-only filesystem.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::support::{aexy_bin, dump::dump, Fixture};

/// The canonical dump of the index one uninterrupted `aexy index` builds for the fixture's
/// current HEAD, in a database of its own.
pub fn reference_dump(f: &Fixture) -> String {
    let db = f.dir.path().join(format!("reference-{}.sqlite", f.head()));
    let out = aexy_with_db(f, &db, &["index"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dump(&db)
}

/// `aexy ARGS` in the fixture's repository on the index `db`, output piped.
pub fn aexy_with_db(f: &Fixture, db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(aexy_bin());
    c.current_dir(&f.root)
        .env("AEXY_DATA_DIR", &f.data)
        .env("AEXY_DB", db)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Starts `aexy ARGS` on the fixture's own index, in the background.
pub fn spawn(f: &Fixture, args: &[&str]) -> Child {
    aexy_with_db(f, &f.db(), args).spawn().unwrap()
}

/// Waits for `child`, failing the test with its stderr if it did not succeed.
pub fn succeeded(child: Child, what: &str) -> Output {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The dump of the index `db`, or "" when there is no file or no schema in it yet.
pub fn dump_or_empty(db: &Path) -> String {
    let has_schema = db.exists()
        && rusqlite::Connection::open(db)
            .and_then(|c| {
                c.query_row(
                    "SELECT COUNT(*) FROM sqlite_master WHERE name = 'commits'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap()
            == 1;
    if has_schema {
        dump(db)
    } else {
        String::new()
    }
}

/// A small deterministic random source (xorshift64*), so a failing run can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// Runs `script` with `sh` as root of a private user and mount namespace (`unshare -Urm`), where
/// it may mount a small tmpfs or a read-only bind mount that nobody else sees. `None` when this
/// machine does not allow unprivileged namespaces (the caller then says what it skipped).
pub fn in_namespace(script: &str, env: &[(&str, &Path)]) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["-Urm", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return None;
    }
    let mut c = Command::new("unshare");
    c.args(["-Urm", "sh", "-ec", script])
        .env("AEXY", aexy_bin())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("AEXY_DB")
        .env_remove("AEXY_DATA_DIR");
    for (k, v) in env {
        c.env(k, v);
    }
    Some(c.output().unwrap())
}

/// A directory under the fixture's temp dir.
pub fn subdir(f: &Fixture, name: &str) -> PathBuf {
    let d = f.dir.path().join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
