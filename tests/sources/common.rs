//! What the sources tests share: runs of the real `aexy` binary with a clean environment (no
//! token or service variable of the machine leaks in), a config file of the test's own, and a
//! raw HTTP server on 127.0.0.1 for faults a mock cannot make (a body cut short).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{aexy_bin, Fixture};

/// Every variable a source or the configuration reads: removed from every run.
pub const SCRUBBED: &[&str] = &[
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_API_URL",
    "GITHUB_REPOSITORY",
    "GITLAB_TOKEN",
    "CI_API_V4_URL",
    "CI_PROJECT_PATH",
    "LINEAR_API_KEY",
    "JIRA_BASE_URL",
    "JIRA_EMAIL",
    "JIRA_API_TOKEN",
    "AEXY_CONFIG",
    "AEXY_GITHUB_REPO",
    "AEXY_LOG",
    "XDG_CONFIG_HOME",
];

/// A repository fixture with its own configuration home.
pub struct Env {
    pub fixture: Fixture,
    pub home: PathBuf,
    pub vars: Vec<(String, String)>,
}

impl Env {
    pub fn new(fixture: Fixture) -> Env {
        let home = fixture.dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        Env {
            fixture,
            home,
            vars: Vec::new(),
        }
    }

    /// Sets an environment variable for every later run.
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.retain(|(n, _)| n != name);
        self.vars.push((name.to_string(), value.to_string()));
    }

    pub fn config_file(&self) -> PathBuf {
        self.home.join("aexy.toml")
    }

    /// Writes the user configuration file (`$AEXY_CONFIG`).
    pub fn write_config(&self, toml: &str) {
        std::fs::write(self.config_file(), toml).unwrap();
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(aexy_bin());
        c.current_dir(&self.fixture.root)
            .env("AEXY_DATA_DIR", &self.fixture.data)
            .env("AEXY_DB", self.fixture.db())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", &self.home)
            .env("NO_COLOR", "1");
        for v in SCRUBBED {
            c.env_remove(v);
        }
        for (k, _) in std::env::vars() {
            if k.starts_with("AEXY_") && k != "AEXY_DATA_DIR" && k != "AEXY_DB" {
                c.env_remove(k);
            }
        }
        c.env("AEXY_CONFIG", self.config_file());
        for (k, v) in &self.vars {
            c.env(k, v);
        }
        c.args(args);
        c
    }

    /// Runs `aexy ARGS` (blocking: call from a blocking thread while a server runs).
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("aexy runs")
    }

    /// Runs on a blocking thread so the in-process servers keep answering.
    pub async fn run_async(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(args);
        tokio::task::spawn_blocking(move || cmd.output().expect("aexy runs"))
            .await
            .unwrap()
    }

    /// `aexy ARGS --json`, asserting success.
    pub async fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run_async(&all).await;
        assert!(
            out.status.success(),
            "aexy {all:?} failed:\n{}\n{}",
            text(&out.stderr),
            text(&out.stdout)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out.stdout)))
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// All of a run's output, for searching.
pub fn all_output(out: &Output) -> String {
    format!("{}\n{}", text(&out.stdout), text(&out.stderr))
}

/// A raw HTTP/1.1 server answering each connection with the next scripted response (as
/// bytes, written as given), recording request heads and bodies.
pub struct RawServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    handle: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start(script: Vec<Vec<u8>>) -> RawServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let handle = tokio::spawn(async move {
            for response in script {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                // Read the head, then the body by Content-Length.
                loop {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(end) = find(&buf, b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        while buf.len() < end + 4 + len {
                            let n = socket.read(&mut chunk).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            buf.extend_from_slice(&chunk[..n]);
                        }
                        break;
                    }
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf).into_owned());
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            }
        });
        RawServer {
            url,
            requests,
            handle,
        }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A complete HTTP response with a JSON body.
pub fn http_json(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A response that promises more body than it sends.
pub fn http_truncated(body_prefix: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body_prefix}",
        body_prefix.len() + 500
    )
    .into_bytes()
}
