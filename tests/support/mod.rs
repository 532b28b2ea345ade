//! The one fixture builder every end-to-end test shares: a real git repository made with the
//! git CLI in a temp dir (authors, dates with timezones, files, merges), and runs of the real
//! `aexy` binary against it with an isolated data dir.
#![allow(dead_code)]

pub mod compare;
pub mod dump;
pub mod replay;
pub mod repos;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Someone who commits.
#[derive(Clone, Copy)]
pub struct Who {
    pub name: &'static str,
    pub email: &'static str,
}

pub const ALICE: Who = Who {
    name: "Alice Liddell",
    email: "alice@example.com",
};
pub const BOB: Who = Who {
    name: "Bob Builder",
    email: "bob@example.com",
};
pub const CAROL: Who = Who {
    name: "Carol Danvers",
    email: "carol@example.com",
};
/// Someone who left long ago (inactive in the fixtures that use him).
pub const DAVE: Who = Who {
    name: "Dave Gone",
    email: "dave@example.com",
};
pub const DEPENDABOT: Who = Who {
    name: "dependabot[bot]",
    email: "49699333+dependabot[bot]@users.noreply.github.com",
};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
    pub data: PathBuf,
    clock: std::cell::Cell<i64>,
}

/// The `aexy` binary under test.
pub fn aexy_bin() -> &'static str {
    env!("CARGO_BIN_EXE_aexy")
}

/// A git command with the user's global and system config ignored.
pub fn git_cmd(cwd: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(cwd)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C");
    c
}

impl Fixture {
    /// An empty repository on branch `main`.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("repo");
        std::fs::create_dir_all(&root).unwrap();
        let data = dir.path().join("data");
        let f = Fixture {
            dir,
            root: std::fs::canonicalize(&root).unwrap(),
            data,
            clock: std::cell::Cell::new(1_700_000_000),
        };
        f.git(&["init", "-q", "-b", "main"]);
        f.git(&["config", "user.name", "Fixture"]);
        f.git(&["config", "user.email", "fixture@example.com"]);
        f.git(&["config", "commit.gpgsign", "false"]);
        f
    }

    /// Runs git in the repository; panics with its stderr on failure; returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = git_cmd(&self.root).args(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn git_bytes(&self, args: &[&str]) -> Vec<u8> {
        let out = git_cmd(&self.root).args(args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Runs git in the repository with `input` on its stdin; panics on failure; returns stdout.
    pub fn git_with_input(&self, args: &[&str], input: &[u8]) -> String {
        use std::io::Write;
        let mut child = git_cmd(&self.root)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("git reads its input");
        let out = child.wait_with_output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let p = self.root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    /// Writes a file in another worktree of this repository.
    pub fn write_in(&self, dir: &Path, path: &str, content: impl AsRef<[u8]>) {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    /// Commits everything in another worktree as `who`, one hour after the previous commit.
    pub fn commit_in(&self, dir: &Path, who: Who, message: &str) -> String {
        let t = self.tick();
        let run = |args: &[&str]| {
            let mut c = git_cmd(dir);
            let date = format!("{t} +0000");
            c.env("GIT_AUTHOR_NAME", who.name)
                .env("GIT_AUTHOR_EMAIL", who.email)
                .env("GIT_AUTHOR_DATE", &date)
                .env("GIT_COMMITTER_NAME", who.name)
                .env("GIT_COMMITTER_EMAIL", who.email)
                .env("GIT_COMMITTER_DATE", &date);
            let out = c.args(args).output().unwrap();
            assert!(
                out.status.success(),
                "git {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        run(&["add", "-A"]);
        run(&["commit", "-q", "-m", message]);
        run(&["rev-parse", "HEAD"])
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root.join(path)).unwrap();
    }

    /// The next commit time: one hour after the previous one.
    fn tick(&self) -> i64 {
        let t = self.clock.get() + 3600;
        self.clock.set(t);
        t
    }

    /// A git command that commits as `who` at Unix time `t` in timezone `tz` ("+0200").
    fn as_author(&self, who: Who, t: i64, tz: &str) -> Command {
        let date = format!("{t} {tz}");
        let mut c = git_cmd(&self.root);
        c.env("GIT_AUTHOR_NAME", who.name)
            .env("GIT_AUTHOR_EMAIL", who.email)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_NAME", who.name)
            .env("GIT_COMMITTER_EMAIL", who.email)
            .env("GIT_COMMITTER_DATE", &date);
        c
    }

    /// Commits everything as `who` at Unix time `t` in timezone `tz`. Returns the commit id.
    pub fn commit_at(&self, who: Who, t: i64, tz: &str, message: &str) -> String {
        self.git(&["add", "-A"]);
        let out = self
            .as_author(who, t, tz)
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "commit failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.head()
    }

    /// Commits everything as `who`, one hour after the previous commit, in timezone `tz`.
    pub fn commit_tz(&self, who: Who, tz: &str, message: &str) -> String {
        self.commit_at(who, self.tick(), tz, message)
    }

    pub fn commit(&self, who: Who, message: &str) -> String {
        self.commit_tz(who, "+0000", message)
    }

    /// Merges `branch` into the current branch as `who` (no fast-forward).
    pub fn merge(&self, who: Who, branch: &str, message: &str) -> String {
        let out = self
            .as_author(who, self.tick(), "+0000")
            .args(["merge", "-q", "--no-ff", "-m", message, branch])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "merge failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// The index database this fixture's runs use.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("index.sqlite")
    }

    /// Runs `aexy` in the repository with an isolated data dir and the fixture's database.
    pub fn aexy(&self, args: &[&str]) -> Output {
        self.aexy_in(&self.root, args)
    }

    pub fn aexy_in(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(aexy_bin())
            .current_dir(cwd)
            .env("AEXY_DATA_DIR", &self.data)
            .env("AEXY_DB", self.db())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            // no user configuration (an LLM, sources) reaches a test
            .env("AEXY_CONFIG", self.dir.path().join("no-config.toml"))
            .env_remove("AEXY_LLM")
            .args(args)
            .output()
            .expect("aexy runs")
    }

    /// Runs `aexy ARGS --json`, asserting success, and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.aexy(&all);
        assert!(
            out.status.success(),
            "aexy {all:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("bad JSON from aexy {all:?}: {e}"))
    }

    /// `aexy index`, asserting success.
    pub fn index(&self) -> serde_json::Value {
        self.json(&["index"])
    }
}

/// Numbered lines of text, handy for files whose lines should be distinguishable.
pub fn lines(prefix: &str, n: usize) -> String {
    (1..=n).map(|i| format!("{prefix} line {i}\n")).collect()
}
