//! HTTP servers on 127.0.0.1 that replay scripted responses, for what cannot run here (hosted
//! LLM providers) and for faults a real server will not produce on demand: each request gets
//! the next reply (the last one repeats); a reply is a list of steps — bytes, pauses, an early
//! close — so a stalled first token or a connection dropped mid-stream is just a script. Every
//! request is recorded (method, path, headers, body). Responses are close-delimited, so every
//! request comes on a new connection.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Step {
    Send(Vec<u8>),
    Sleep(Duration),
}

/// What one request gets.
#[derive(Clone, Debug)]
pub struct Reply(pub Vec<Step>);

fn head(status: u16, content_type: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut h =
        format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\nconnection: close\r\n");
    for (n, v) in extra {
        h.push_str(&format!("{n}: {v}\r\n"));
    }
    h.push_str("\r\n");
    h.into_bytes()
}

impl Reply {
    /// A JSON body with `status` (and extra headers such as `retry-after`).
    pub fn json(status: u16, body: &str, extra: &[(&str, &str)]) -> Reply {
        let mut bytes = head(status, "application/json", extra);
        bytes.extend_from_slice(body.as_bytes());
        Reply(vec![Step::Send(bytes)])
    }

    /// A 200 `text/event-stream` of `(event, data)` pairs (an empty event name: data only).
    pub fn sse(events: &[(&str, &str)]) -> Reply {
        let mut steps = vec![Step::Send(head(200, "text/event-stream", &[]))];
        for (event, data) in events {
            let mut e = String::new();
            if !event.is_empty() {
                e.push_str(&format!("event: {event}\n"));
            }
            e.push_str(&format!("data: {data}\n\n"));
            steps.push(Step::Send(e.into_bytes()));
        }
        Reply(steps)
    }

    /// A 200 NDJSON stream of `lines`.
    pub fn ndjson(lines: &[&str]) -> Reply {
        let mut steps = vec![Step::Send(head(200, "application/x-ndjson", &[]))];
        for l in lines {
            steps.push(Step::Send(format!("{l}\n").into_bytes()));
        }
        Reply(steps)
    }

    /// The first `n` steps only, then the connection closes (a stream cut short).
    pub fn cut_after(mut self, n: usize) -> Reply {
        self.0.truncate(n);
        self
    }

    /// A pause after the first `n` steps.
    pub fn pause_after(mut self, n: usize, pause: Duration) -> Reply {
        self.0.insert(n.min(self.0.len()), Step::Sleep(pause));
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("the request body is JSON")
    }
}

pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Serves `replies` in order (the last repeats) on a free port, on its own thread.
    pub fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for (i, conn) in listener.incoming().enumerate() {
                let Ok(conn) = conn else { continue };
                let reply = replies
                    .get(i)
                    .or(replies.last())
                    .cloned()
                    .unwrap_or(Reply(Vec::new()));
                let seen = seen.clone();
                std::thread::spawn(move || serve(conn, reply, &seen));
            }
        });
        Server { url, requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn count(&self) -> usize {
        self.requests().len()
    }
}

fn serve(conn: TcpStream, reply: Reply, seen: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.trim_end().split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    if let Ok(mut s) = seen.lock() {
        s.push(Request {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
    }
    let mut conn = conn;
    for step in reply.0 {
        match step {
            Step::Send(bytes) => {
                if conn.write_all(&bytes).and_then(|_| conn.flush()).is_err() {
                    return; // the client went away (cancelled)
                }
            }
            Step::Sleep(d) => std::thread::sleep(d),
        }
    }
    let _ = conn.shutdown(std::net::Shutdown::Both);
}
