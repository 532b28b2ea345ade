//! The daemon itself under fuzzed requests: one `aexy lsp` served in-process (`lsp::serve` over
//! a pipe) on a small repository, initialised once; each input is a request — a method from the
//! daemon's list and params the fuzzer shapes — whose file URIs are pointed into that repository
//! (so the fuzzer cannot send the daemon off to index the machine). Every request must get an
//! answer (a result or a JSON-RPC error) within seconds, and the daemon must keep serving.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot};

use aexy::lsp::transport::{self, Frame};

const METHODS: &[(&str, bool)] = &[
    ("textDocument/hover", true),
    ("textDocument/codeLens", true),
    ("codeLens/resolve", true),
    ("textDocument/inlayHint", true),
    ("workspace/executeCommand", true),
    ("aexy/status", true),
    ("aexy/ownership", true),
    ("aexy/profile", true),
    ("aexy/teamInsights", true),
    ("aexy/matchTask", true),
    ("aexy/suggestReviewers", true),
    ("textDocument/didOpen", false),
    ("textDocument/didChange", false),
    ("textDocument/didClose", false),
    ("workspace/didChangeConfiguration", false),
    ("$/cancelRequest", false),
];

struct Daemon {
    runtime: tokio::runtime::Runtime,
    to_server: mpsc::UnboundedSender<Vec<u8>>,
    waiting: std::sync::Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>,
    next_id: Mutex<i64>,
    files: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Daemon {
    /// Sends `method` with `params`; for a request, waits for its answer.
    fn send(&self, method: &str, params: Value, request: bool) -> Option<Value> {
        let id = {
            let mut n = self.next_id.lock().unwrap();
            *n += 1;
            *n
        };
        let (tx, rx) = oneshot::channel();
        let mut msg = json!({"jsonrpc": "2.0", "method": method, "params": params});
        if request {
            msg["id"] = json!(id);
            self.waiting.lock().unwrap().insert(id, tx);
        }
        let body = msg.to_string();
        self.to_server
            .send(transport::frame(body.as_bytes()))
            .expect("the daemon reads");
        if !request {
            return None;
        }
        let answer = self
            .runtime
            .block_on(async { tokio::time::timeout(Duration::from_secs(8), rx).await });
        match answer {
            Ok(Ok(v)) => Some(v),
            _ => panic!("no answer to {method} within 8 s: {body}"),
        }
    }
}

fn daemon() -> &'static Daemon {
    static D: OnceLock<Daemon> = OnceLock::new();
    D.get_or_init(start)
}

fn start() -> Daemon {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("repo");
    let files = fixture(&root);
    // SAFETY of the environment: set once, before the daemon's threads exist.
    std::env::set_var("AEXY_DATA_DIR", dir.path().join("data"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let (client_out, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, client_in) = tokio::io::duplex(1 << 20);
    let (to_server, mut outbox) = mpsc::unbounded_channel::<Vec<u8>>();
    let waiting: std::sync::Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>> = Default::default();
    runtime.spawn(aexy::lsp::serve(server_in, server_out));
    let mut writer = client_out;
    let replies = to_server.clone();
    runtime.spawn(async move {
        while let Some(bytes) = outbox.recv().await {
            if writer.write_all(&bytes).await.is_err() {
                return;
            }
        }
    });
    let w = waiting.clone();
    runtime.spawn(async move {
        let mut r = BufReader::new(client_in);
        while let Ok(Some(Frame::Message(body))) = transport::read_frame(&mut r).await {
            let Ok(msg) = serde_json::from_slice::<Value>(&body) else {
                continue;
            };
            match (msg.get("id").and_then(Value::as_i64), msg.get("method")) {
                // The server's own requests (progress, refresh, showDocument): answered.
                (_, Some(_)) if msg.get("id").is_some() => {
                    let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                    let _ = replies.send(transport::frame(reply.to_string().as_bytes()));
                }
                (Some(id), None) => {
                    if let Some(tx) = w.lock().unwrap().remove(&id) {
                        let _ = tx.send(msg);
                    }
                }
                _ => {}
            }
        }
    });
    let d = Daemon {
        runtime,
        to_server,
        waiting,
        next_id: Mutex::new(0),
        files,
        _dir: dir,
    };
    let uri = format!("file://{}", root.display());
    d.send("initialize", json!({"processId": null, "rootUri": uri, "capabilities": {"window": {"workDoneProgress": true}}, "workspaceFolders": [{"uri": uri, "name": "repo"}]}), true);
    d.send("initialized", json!({}), false);
    for _ in 0..600 {
        let s = d.send("aexy/status", json!({}), true).unwrap_or_default();
        if s["result"]["repositories"][0]["state"] == "ready" {
            return d;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the fixture repository was not indexed");
}

/// A small repository (three authors, a rename, a binary file); returns its files' URIs.
fn fixture(root: &std::path::Path) -> Vec<String> {
    let repo = git2::Repository::init(root).expect("init");
    let mut parent: Option<git2::Oid> = None;
    let steps: [(&str, &str, &[u8]); 4] = [
        ("Alice", "src/lib.rs", b"fn a() {}\nfn b() {}\n"),
        ("Bob", "src/lib.rs", b"fn a() { 1 }\nfn b() {}\nfn c() {}\n"),
        ("Carol", "README.md", b"# demo\n"),
        ("Alice", "logo.bin", b"\x00\x01\x02"),
    ];
    let mut index = repo.index().expect("index");
    for (i, (who, path, content)) in steps.iter().enumerate() {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, content).unwrap();
        index.add_path(std::path::Path::new(path)).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::new(
            who,
            &format!("{}@example.com", who.to_lowercase()),
            &git2::Time::new(1_700_000_000 + i as i64 * 3600, 0),
        )
        .unwrap();
        let parents: Vec<git2::Commit> = parent
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        parent = Some(
            repo.commit(Some("HEAD"), &sig, &sig, &format!("Step {i}"), &tree, &refs)
                .unwrap(),
        );
    }
    let root = std::fs::canonicalize(root).unwrap();
    ["src/lib.rs", "README.md", "logo.bin", "missing.rs", ""]
        .iter()
        .map(|p| format!("file://{}", PathBuf::from(&root).join(p).display()))
        .collect()
}

/// Points every `file:` string of `v` into the fixture repository.
fn confine(v: &mut Value, files: &[String]) {
    match v {
        Value::String(s) if s.starts_with("file:") => {
            let i = s
                .bytes()
                .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            *s = files[i % files.len()].clone();
        }
        Value::Array(a) => a.iter_mut().for_each(|x| confine(x, files)),
        Value::Object(o) => o.values_mut().for_each(|x| confine(x, files)),
        _ => {}
    }
}

/// One request: byte 0 picks the method, the rest are its params (JSON when they parse, else
/// the bytes as a string).
pub fn server(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let d = daemon();
    let (method, request) = METHODS[usize::from(pick) % METHODS.len()];
    let mut params = serde_json::from_slice::<Value>(rest)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(rest).into_owned()));
    confine(&mut params, &d.files);
    if let Some(answer) = d.send(method, params, request) {
        let ok = answer.get("result").is_some()
            || answer["error"]["code"]
                .as_i64()
                .is_some_and(|c| (-32899..=-32000).contains(&c) || (-32700..=-32600).contains(&c));
        assert!(ok, "{method}: {answer}");
    }
    // Still serving.
    let status = d.send("aexy/status", json!({}), true).expect("status");
    assert!(status.get("result").is_some(), "{status}");
}
