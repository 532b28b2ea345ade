//! A minimal synchronous LSP client for the chaos tests: spawns `aexy lsp`, frames JSON-RPC
//! with Content-Length headers, answers the server's own requests, records `showMessage`s, and
//! waits for responses by id (with a deadline, so a hung daemon fails the test).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Daemon {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    responses: Receiver<Value>,
    next_id: i64,
    pub messages: Arc<Mutex<Vec<String>>>,
}

fn send(stdin: &Mutex<ChildStdin>, msg: &Value) {
    let body = msg.to_string();
    let mut w = stdin.lock().unwrap();
    let _ = write!(w, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = w.flush();
}

/// Reads one framed message; `None` at end of stream.
fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Daemon {
    /// `aexy lsp` with its indexes under `data`.
    pub fn start(data: &Path) -> Daemon {
        let mut child = Command::new(crate::support::aexy_bin())
            .arg("lsp")
            .env("AEXY_DATA_DIR", data)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let (tx, responses) = channel();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let (w, m) = (stdin.clone(), messages.clone());
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut r) {
                match (msg.get("id"), msg.get("method").and_then(Value::as_str)) {
                    (Some(id), Some(_)) => {
                        send(&w, &json!({"jsonrpc": "2.0", "id": id, "result": null}))
                    }
                    (None, Some("window/showMessage")) => {
                        let text = msg["params"]["message"].as_str().unwrap_or("").to_owned();
                        m.lock().unwrap().push(text);
                    }
                    (Some(_), None) if tx.send(msg.clone()).is_err() => return,
                    _ => {}
                }
            }
        });
        Daemon {
            child,
            stdin,
            responses,
            next_id: 0,
            messages,
        }
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        send(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .responses
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no answer to {method} within 60 s"));
            if msg["id"] == id {
                return match msg.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(msg["result"].clone()),
                };
            }
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        send(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        );
    }

    /// `initialize` with `folders` as workspace folders, then `initialized`.
    pub fn initialize(&mut self, folders: &[&Path]) {
        let folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({"uri": uri(f), "name": "repo"}))
            .collect();
        self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "workspaceFolders": folders,
                   "capabilities": {"window": {"workDoneProgress": true}}}),
        )
        .unwrap();
        self.notify("initialized", json!({}));
    }

    /// `aexy/status`'s repositories.
    pub fn repositories(&mut self) -> Vec<Value> {
        let s = self.request("aexy/status", json!({})).unwrap();
        s["repositories"].as_array().cloned().unwrap_or_default()
    }

    /// Waits until `pred(repositories)` holds, failing after `secs`.
    pub fn until(&mut self, secs: u64, what: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let repos = self.repositories();
            if pred(&repos) {
                return repos;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "timed out waiting for {what}: {repos:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until every repository is ready.
    pub fn ready(&mut self) -> Vec<Value> {
        self.until(120, "indexing to finish", |r| {
            !r.is_empty() && r.iter().all(|x| x["state"] == "ready")
        })
    }

    /// The hover text on 0-based `line` of `file`, `None` when there is none.
    pub fn hover(&mut self, file: &Path, line: u32) -> Option<String> {
        let h = self
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri(file)}, "position": {"line": line, "character": 0}}),
            )
            .unwrap();
        h["contents"]["value"].as_str().map(str::to_owned)
    }

    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits for a `showMessage` containing `needle` (they travel apart from responses).
    pub fn wait_message(&self, secs: u64, needle: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(m) = self.messages().into_iter().find(|m| m.contains(needle)) {
                return m;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "no message with {needle:?}: {:?}",
                self.messages()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// SIGKILL.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// `shutdown` and `exit`; the exit status code.
    pub fn stop(mut self) -> Option<i32> {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

/// `file://` URI of an absolute path, percent-encoded.
pub fn uri(path: &Path) -> String {
    format!("file://{}", aexy::store::uri_path(path))
}
