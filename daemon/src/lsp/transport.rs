//! The stdio framing guard in front of tower-lsp-server: its decoder ends the whole session on
//! the first malformed message (tokio-util stops a stream after a decode error), so we frame
//! stdin ourselves, answer bad messages with the JSON-RPC error (-32700 parse error, -32600
//! invalid request) and pass only well-formed ones on.

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Largest message accepted (a `didOpen` of a huge file still fits).
pub const MAX_BODY: usize = 512 << 20;
/// Longest header line accepted.
const MAX_HEADER_LINE: usize = 8 << 10;

/// One framed input: a good message body, or the error response to send back instead.
#[derive(Debug, PartialEq)]
pub enum Frame {
    Message(Vec<u8>),
    Reject(Value),
}

/// Reads the next frame; `Ok(None)` at end of input.
pub async fn read_frame<R: AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Option<Frame>> {
    let mut content_length: Option<usize> = None;
    let mut bad_header = false;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = (&mut *input)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .await?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                continue; // stray blank line between messages
            }
            break;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(len) => content_length = Some(len),
                    Err(_) => bad_header = true,
                }
            }
            Some(_) => {} // Content-Type and friends: UTF-8 is all LSP uses.
            None => bad_header = true,
        }
    }
    let Some(len) = content_length.filter(|_| !bad_header) else {
        return Ok(Some(Frame::Reject(error(
            Value::Null,
            -32700,
            "Parse error: bad or missing Content-Length",
        ))));
    };
    if len > MAX_BODY {
        // Skip it without holding it in memory.
        tokio::io::copy(&mut (&mut *input).take(len as u64), &mut tokio::io::sink()).await?;
        return Ok(Some(Frame::Reject(error(
            Value::Null,
            -32600,
            "Invalid request: message too large",
        ))));
    }
    // Grown as bytes arrive, not allocated up front: a header alone cannot claim the memory.
    let mut body = Vec::with_capacity(len.min(1 << 20));
    (&mut *input)
        .take(len as u64)
        .read_to_end(&mut body)
        .await?;
    if body.len() < len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(check(body)))
}

/// The fields that decide whether tower-lsp-server can decode a request, read without copying
/// `params` (a `didOpen` of a large file stays a single copy).
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    jsonrpc: Option<String>,
    #[serde(default)]
    method: Option<Value>,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    #[allow(dead_code)] // parsed (and validated) but not kept
    params: Option<serde::de::IgnoredAny>,
}

/// Accepts a body tower-lsp-server can decode; anything else becomes the matching error.
pub fn check(body: Vec<u8>) -> Frame {
    // Fast path: a well-formed request or notification (almost every message).
    if let Ok(p) = serde_json::from_slice::<Probe>(&body) {
        let id_ok = match &p.id {
            None => true,
            Some(Value::String(_)) => true,
            Some(n @ Value::Number(_)) => n.as_i64().is_some(),
            Some(_) => false,
        };
        if p.jsonrpc.as_deref() == Some("2.0")
            && p.method.as_ref().is_some_and(Value::is_string)
            && id_ok
        {
            return Frame::Message(body);
        }
    }
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return Frame::Reject(error(Value::Null, -32700, "Parse error"));
    };
    let is_request =
        value.get("method").is_some_and(Value::is_string) && Request::deserialize(&value).is_ok();
    let is_response = value.get("method").is_none() && Response::deserialize(&value).is_ok();
    if is_request || is_response {
        return Frame::Message(body);
    }
    let id = match value.get("id") {
        Some(id @ Value::Number(_)) if id.as_i64().is_some() => id.clone(),
        Some(id @ Value::String(_)) => id.clone(),
        _ => Value::Null,
    };
    Frame::Reject(error(id, -32600, "Invalid request"))
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// `Content-Length` framing of one body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Pumps client input into `to_server`, sending rejections to `replies`; returns at end of input.
pub async fn pump_input<R, W>(input: R, mut to_server: W, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::with_capacity(64 << 10, input);
    loop {
        let next = read_frame(&mut input).await;
        super::memory::touch();
        match next {
            Ok(Some(Frame::Message(body))) => {
                if to_server.write_all(&frame(&body)).await.is_err() {
                    return;
                }
            }
            Ok(Some(Frame::Reject(err))) => {
                tracing::warn!("rejected a malformed message: {err}");
                let _ = replies.send(frame(err.to_string().as_bytes()));
            }
            Ok(None) | Err(_) => {
                let _ = to_server.shutdown().await;
                return;
            }
        }
    }
}

/// Copies whole frames from the server and from `replies` to `output` without interleaving.
pub async fn pump_output<R, W>(
    from_server: R,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: W,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut from_server = BufReader::with_capacity(64 << 10, from_server);
    loop {
        let bytes = tokio::select! {
            frame = read_frame(&mut from_server) => match frame {
                Ok(Some(Frame::Message(body))) => frame_bytes(body),
                Ok(Some(Frame::Reject(_))) => continue, // cannot happen: the server frames well
                Ok(None) | Err(_) => break, // the server has exited
            },
            Some(reply) = replies.recv() => reply,
        };
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
    while let Ok(reply) = replies.try_recv() {
        if output.write_all(&reply).await.is_err() {
            break;
        }
    }
    let _ = output.flush().await;
}

fn frame_bytes(body: Vec<u8>) -> Vec<u8> {
    frame(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut r = BufReader::new(input);
        let mut out = Vec::new();
        while let Some(f) = read_frame(&mut r).await.unwrap() {
            out.push(f);
        }
        out
    }

    fn code(f: &Frame) -> i64 {
        match f {
            Frame::Reject(v) => v["error"]["code"].as_i64().unwrap(),
            Frame::Message(_) => 0,
        }
    }

    #[tokio::test]
    async fn good_bad_and_odd_messages() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
        let mut input = frame(ok);
        input.extend(frame(br#"{"jsonrpc":"2.0","id":2,"method":"#)); // truncated JSON
        input.extend(frame(br#"[1,2,3]"#)); // JSON, not a message
        input.extend(frame(br#"{"jsonrpc":"2.0","id":7,"method":3}"#)); // method not a string
        input.extend(frame(br#"{"jsonrpc":"1.0","id":8,"method":"x"}"#)); // wrong version
        input.extend(frame(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#)); // bad id
        input.extend(b"content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
        input.extend(frame(ok));
        let got = frames(&input).await;
        assert_eq!(got.len(), 8);
        assert_eq!(got[0], Frame::Message(ok.to_vec()));
        assert_eq!(code(&got[1]), -32700);
        assert_eq!(code(&got[2]), -32600);
        assert_eq!(code(&got[3]), -32600);
        if let Frame::Reject(v) = &got[3] {
            assert_eq!(v["id"], 7);
        }
        assert_eq!(code(&got[4]), -32600);
        assert_eq!(code(&got[5]), -32600);
        assert_eq!(code(&got[6]), -32600);
        assert_eq!(got[7], Frame::Message(ok.to_vec()));
        // A response from the client (to one of our requests) passes the slow path.
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#.to_vec()),
            Frame::Message(br#"{"jsonrpc":"2.0","id":1,"result":null}"#.to_vec())
        );
    }

    #[tokio::test]
    async fn a_header_without_length_is_a_parse_error_and_reading_goes_on() {
        let ok = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = b"X-Nonsense\r\n\r\n".to_vec();
        input.extend(frame(ok));
        let got = frames(&input).await;
        assert_eq!(code(&got[0]), -32700);
        assert_eq!(got[1], Frame::Message(ok.to_vec()));
    }
}
