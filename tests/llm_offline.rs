//! With nothing configured, aexy makes no network connection at all: every command that could
//! use an LLM, and the daemon answering `aexy/explain`, run under an `LD_PRELOAD` shim that
//! records any `connect()` to an internet address and any name lookup. The same shim records
//! the connection when a provider is configured (so the test can fail), and a repository's
//! `git config aexy.llm false` stops even a configured provider.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::{aexy_bin, repos, Fixture};

const SHIM: &str = r#"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static void note(const char *what) {
    const char *log = getenv("AEXY_NET_LOG");
    if (!log) return;
    FILE *f = fopen(log, "a");
    if (f) { fprintf(f, "%s\n", what); fclose(f); }
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    if (addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6)) {
        note("connect");
        errno = ECONNREFUSED;
        return -1;
    }
    int (*real)(int, const struct sockaddr *, socklen_t) = dlsym(RTLD_NEXT, "connect");
    return real(fd, addr, len);
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res) {
    note("getaddrinfo");
    return EAI_FAIL;
}
"#;

/// Builds the shim once per test run; returns its path.
fn shim(dir: &Path) -> PathBuf {
    let src = dir.join("nonet.c");
    let lib = dir.join("nonet.so");
    std::fs::write(&src, SHIM).unwrap();
    let out = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&lib)
        .arg(&src)
        .arg("-ldl")
        .output()
        .expect("a C compiler (cc) builds the connect() shim");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lib
}

/// `aexy` in the fixture under the shim, with an empty environment and no configuration
/// anywhere.
fn sandboxed(f: &Fixture, lib: &Path, log: &Path) -> Command {
    let mut c = Command::new(aexy_bin());
    c.current_dir(&f.root)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", f.dir.path())
        .env("XDG_CONFIG_HOME", f.dir.path().join("config"))
        .env("AEXY_CONFIG", f.dir.path().join("no-config.toml"))
        .env("AEXY_DATA_DIR", &f.data)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("LD_PRELOAD", lib)
        .env("AEXY_NET_LOG", log);
    c
}

/// `aexy ARGS` under the shim, with `env` added.
fn run(
    f: &Fixture,
    lib: &Path,
    log: &Path,
    env: &[(&str, &str)],
    args: &[&str],
) -> std::process::Output {
    let mut c = sandboxed(f, lib, log);
    c.env("AEXY_DB", f.db()).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("aexy runs")
}

fn attempts(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

#[test]
fn nothing_configured_means_no_connection_from_any_command() {
    let (f, _) = repos::rich();
    let lib = shim(f.dir.path());
    let log = f.dir.path().join("net.log");
    for args in [
        &["index"][..],
        &["explain", "src/net.rs", "-L", "3,10"],
        &["explain", "src/net.rs", "--dry-run"],
        &["llm", "status"],
        &["llm", "usage"],
        &["owners", "src/net.rs"],
        &["team"],
        &["report", "--format", "md"],
        &["profile", "Alice Liddell"],
        &["match", "faster sockets"],
    ] {
        let out = run(&f, &lib, &log, &[], args);
        assert!(
            out.status.success(),
            "aexy {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(attempts(&log), "", "aexy {args:?} tried the network");
    }
    let status = run(&f, &lib, &log, &[], &["llm", "status"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains("LLM: off — no LLM is configured"));
    let test = run(&f, &lib, &log, &[], &["llm", "test"]);
    assert!(
        !test.status.success(),
        "llm test without a provider is an error"
    );
    assert_eq!(attempts(&log), "");
}

#[test]
fn the_daemon_explains_without_a_connection_too() {
    let (f, _) = repos::rich();
    f.index();
    let lib = shim(f.dir.path());
    let log = f.dir.path().join("net.log");
    let mut child = sandboxed(&f, &lib, &log)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let root_uri = format!("file://{}", f.root.display());
    let file_uri = format!("{root_uri}/src/net.rs");
    let mut send = |id: Option<u64>, method: &str, params: serde_json::Value| {
        let mut msg = serde_json::json!({"jsonrpc": "2.0", "method": method, "params": params});
        if let Some(id) = id {
            msg["id"] = id.into();
        }
        let text = msg.to_string();
        write!(input, "Content-Length: {}\r\n\r\n{text}", text.len()).unwrap();
        input.flush().unwrap();
    };
    send(
        Some(1),
        "initialize",
        serde_json::json!({"capabilities": {}, "workspaceFolders": [{"uri": root_uri, "name": "repo"}]}),
    );
    send(None, "initialized", serde_json::json!({}));
    // answers come with their ids; ask (again) until the index is served
    let mut explained = None;
    for attempt in 0..100u64 {
        send(
            Some(10 + attempt),
            "aexy/explain",
            serde_json::json!({"textDocument": {"uri": file_uri}, "range": {"start": 2, "end": 9}, "token": "t"}),
        );
        let reply = read_reply(&mut output, 10 + attempt);
        if reply["result"]["available"] == true {
            explained = Some(reply["result"].clone());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    send(Some(999), "shutdown", serde_json::Value::Null);
    let _ = read_reply(&mut output, 999);
    send(None, "exit", serde_json::Value::Null);
    let _ = child.wait();
    let r = explained.expect("the daemon explained the lines");
    assert!(
        r["commits"].as_array().is_some_and(|c| !c.is_empty()),
        "{r}"
    );
    assert!(
        r["llm"]
            .as_str()
            .unwrap_or("")
            .contains("no LLM is configured"),
        "{r}"
    );
    assert_eq!(attempts(&log), "", "the daemon tried the network");
}

/// Reads framed messages until the response with `id`.
fn read_reply(out: &mut impl BufRead, id: u64) -> serde_json::Value {
    loop {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("the daemon closed its output");
            }
            if let Some(v) = line.trim().strip_prefix("Content-Length:") {
                len = v.trim().parse().unwrap();
            }
            if line.trim().is_empty() {
                break;
            }
        }
        let mut body = vec![0; len];
        out.read_exact(&mut body).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        if v["id"] == id && v.get("method").is_none() {
            return v;
        }
    }
}

#[test]
fn a_configured_provider_does_connect_unless_the_repository_forbids_it() {
    let (f, _) = repos::rich();
    f.index();
    let lib = shim(f.dir.path());
    let log = f.dir.path().join("net.log");
    let llm = [
        ("AEXY_LLM", "openai:m"),
        ("AEXY_LLM_BASE_URL", "http://127.0.0.1:9"),
        ("AEXY_LLM_FIRST_TOKEN_TIMEOUT_SECS", "2"),
    ];
    let out = run(
        &f,
        &lib,
        &log,
        &llm,
        &["explain", "src/net.rs", "-L", "3,4"],
    );
    assert!(!out.status.success(), "the connection was refused");
    assert!(
        attempts(&log).contains("connect"),
        "the shim sees connections"
    );
    std::fs::remove_file(&log).unwrap();
    f.git(&["config", "aexy.llm", "false"]);
    let out = run(
        &f,
        &lib,
        &log,
        &llm,
        &["explain", "src/net.rs", "-L", "3,4"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Faster sockets"),
        "the timeline instead"
    );
    assert_eq!(
        attempts(&log),
        "",
        "the repository's `aexy.llm false` wins over AEXY_LLM"
    );
    let status = run(&f, &lib, &log, &llm, &["llm", "status"]);
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("forbids"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}
