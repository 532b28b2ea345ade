//! Anthropic's Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`; also spoken
//! by llama.cpp's server): the request body, the response, the streamed event sequence
//! (`message_start` → `content_block_*` → `message_delta` → `message_stop`, `ping`, and `error`
//! inside a 200 stream), usage, and the documented error types.

use serde_json::{json, Value};

use super::wire::{
    self, count_at, str_at, Completion, ErrorKind, KeyHeader, Params, Prompt, ProviderError,
    StreamEvent, Usage, WireRequest,
};

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
pub const KEY_VARIABLES: &[&str] = &["ANTHROPIC_API_KEY"];
pub const KEY_HEADER: KeyHeader = KeyHeader::Named("x-api-key");
const VERSION: &str = "2023-06-01";

pub fn request(
    base: &str,
    model: &str,
    prompt: &Prompt,
    params: &Params,
    stream: bool,
) -> WireRequest {
    let mut body = json!({
        "model": model,
        "max_tokens": params.max_output_tokens,
        "temperature": params.temperature,
        "messages": prompt.messages,
    });
    if !prompt.system.is_empty() {
        body["system"] = Value::String(prompt.system.clone());
    }
    if stream {
        body["stream"] = Value::Bool(true);
    }
    WireRequest {
        url: wire::join(base, "v1/messages"),
        headers: vec![("anthropic-version", VERSION.into())],
        body,
    }
}

fn usage(v: &Value) -> Usage {
    Usage {
        input_tokens: count_at(v, "input_tokens")
            + count_at(v, "cache_read_input_tokens")
            + count_at(v, "cache_creation_input_tokens"),
        output_tokens: count_at(v, "output_tokens"),
    }
}

/// A whole (non-streamed) response.
pub fn parse(body: &[u8]) -> Result<Completion, ProviderError> {
    let v = wire::json(body)?;
    if str_at(&v, "type") == Some("error") {
        return Err(error_of(0, &v));
    }
    let content = v
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| ProviderError::malformed("no content in the response"))?;
    let text = content
        .iter()
        .filter(|b| str_at(b, "type") == Some("text"))
        .filter_map(|b| str_at(b, "text"))
        .collect();
    Ok(Completion {
        text,
        usage: v.get("usage").map(usage).unwrap_or_default(),
        stop_reason: str_at(&v, "stop_reason").map(str::to_owned),
    })
}

/// The streamed events, one SSE event at a time (the stop reason arrives in `message_delta`
/// and is given with `message_stop`).
#[derive(Default)]
pub struct Stream {
    stop: Option<String>,
}

impl Stream {
    pub fn on_event(&mut self, event: &str, data: &str) -> Vec<StreamEvent> {
        let v = match wire::event_json(data) {
            Ok(v) => v,
            Err(events) => return events,
        };
        let kind = str_at(&v, "type").unwrap_or(event);
        match kind {
            "message_start" => v
                .get("message")
                .and_then(|m| m.get("usage"))
                .map(|u| vec![StreamEvent::Usage(usage(u))])
                .unwrap_or_default(),
            "content_block_delta" => {
                let delta = v.get("delta");
                match delta.and_then(|d| str_at(d, "text")) {
                    Some(t) if !t.is_empty() => vec![StreamEvent::Text(t.to_owned())],
                    _ => Vec::new(),
                }
            }
            "message_delta" => {
                if let Some(r) = v.get("delta").and_then(|d| str_at(d, "stop_reason")) {
                    self.stop = Some(r.to_owned());
                }
                v.get("usage")
                    .map(|u| vec![StreamEvent::Usage(usage(u))])
                    .unwrap_or_default()
            }
            "message_stop" => vec![StreamEvent::Done {
                stop_reason: self.stop.take(),
            }],
            "error" => vec![StreamEvent::Error(error_of(0, &v))],
            // ping, content_block_start/stop, and event types added later
            _ => Vec::new(),
        }
    }
}

/// An error response (`{"type":"error","error":{"type":…,"message":…}}`) with its status.
pub fn error(status: u16, body: &str) -> ProviderError {
    wire::error_body(status, body, error_of)
}

fn error_of(status: u16, v: &Value) -> ProviderError {
    let e = v.get("error").unwrap_or(v);
    let message = str_at(e, "message").unwrap_or("").to_owned();
    let kind = match str_at(e, "type") {
        Some("overloaded_error") => ErrorKind::Overloaded,
        Some("rate_limit_error") => ErrorKind::RateLimited,
        Some("api_error") => ErrorKind::Server,
        Some("authentication_error") | Some("permission_error") => ErrorKind::Auth,
        Some("billing_error") => ErrorKind::Credit,
        Some("not_found_error") => ErrorKind::NotFound,
        Some("request_too_large") => ErrorKind::ContextLength,
        _ if wire::says_no_credit(&message) => ErrorKind::Credit,
        _ if wire::says_too_long(&message) => ErrorKind::ContextLength,
        Some("invalid_request_error") => ErrorKind::InvalidRequest,
        _ if status == 529 => ErrorKind::Overloaded,
        _ => wire::by_status(status),
    };
    ProviderError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented stream of a short answer (docs.anthropic.com, "Streaming Messages").
    pub const STREAM: &[(&str, &str)] = &[
        (
            "message_start",
            r#"{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-x", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}"#,
        ),
        (
            "content_block_start",
            r#"{"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}"#,
        ),
        ("ping", r#"{"type": "ping"}"#),
        (
            "content_block_delta",
            r#"{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}"#,
        ),
        (
            "content_block_delta",
            r#"{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}"#,
        ),
        (
            "content_block_stop",
            r#"{"type": "content_block_stop", "index": 0}"#,
        ),
        (
            "message_delta",
            r#"{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}"#,
        ),
        ("message_stop", r#"{"type": "message_stop"}"#),
    ];

    #[test]
    fn the_documented_stream_gives_text_usage_and_an_end() {
        let mut s = Stream::default();
        let events: Vec<StreamEvent> = STREAM.iter().flat_map(|(e, d)| s.on_event(e, d)).collect();
        let text: String = events
            .iter()
            .filter_map(|e| match e {
                StreamEvent::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "Hello!");
        let mut u = Usage::default();
        for e in &events {
            if let StreamEvent::Usage(x) = e {
                u.merge(*x);
            }
        }
        assert_eq!((u.input_tokens, u.output_tokens), (25, 15));
        assert_eq!(
            events.last(),
            Some(&StreamEvent::Done {
                stop_reason: Some("end_turn".into())
            })
        );
    }

    #[test]
    fn overloaded_inside_a_200_stream_is_an_error_event() {
        let ev = Stream::default().on_event(
            "error",
            r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#,
        );
        assert!(matches!(&ev[..], [StreamEvent::Error(e)] if e.kind == ErrorKind::Overloaded));
        let ev = Stream::default().on_event("content_block_delta", "{not json");
        assert!(matches!(&ev[..], [StreamEvent::Error(e)] if e.kind == ErrorKind::Malformed));
    }

    #[test]
    fn documented_errors_are_told_apart() {
        let body = |t: &str, m: &str| {
            format!(r#"{{"type":"error","error":{{"type":"{t}","message":"{m}"}}}}"#)
        };
        assert_eq!(
            error(529, &body("overloaded_error", "Overloaded")).kind,
            ErrorKind::Overloaded
        );
        assert_eq!(
            error(429, &body("rate_limit_error", "slow down")).kind,
            ErrorKind::RateLimited
        );
        assert_eq!(
            error(401, &body("authentication_error", "invalid x-api-key")).kind,
            ErrorKind::Auth
        );
        assert_eq!(
            error(
                400,
                &body(
                    "invalid_request_error",
                    "Your credit balance is too low to access the Anthropic API."
                )
            )
            .kind,
            ErrorKind::Credit
        );
        assert_eq!(
            error(
                400,
                &body(
                    "invalid_request_error",
                    "prompt is too long: 210000 tokens > 200000 maximum"
                )
            )
            .kind,
            ErrorKind::ContextLength
        );
        assert_eq!(
            error(400, &body("invalid_request_error", "max_tokens: bad")).kind,
            ErrorKind::InvalidRequest
        );
        assert_eq!(
            error(502, "<html>bad gateway</html>").kind,
            ErrorKind::Server
        );
    }

    #[test]
    fn request_and_response_follow_the_api() {
        let p = Prompt::user("be brief", "why?");
        let r = request("http://127.0.0.1:9/", "m", &p, &Params::default(), true);
        assert_eq!(r.url, "http://127.0.0.1:9/v1/messages");
        assert_eq!(r.body["system"], "be brief");
        assert_eq!(r.body["messages"][0]["role"], "user");
        assert_eq!(r.body["stream"], true);
        assert_eq!(r.body["max_tokens"], 700);
        let c = parse(br#"{"content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}"#).unwrap();
        assert_eq!((c.text.as_str(), c.usage.output_tokens), ("Hi", 2));
        assert_eq!(parse(b"[1,").unwrap_err().kind, ErrorKind::Malformed);
    }
}
