//! OpenAI-compatible chat completions (`POST {base}/chat/completions`): OpenAI, Azure OpenAI,
//! OpenRouter, LM Studio, vLLM, llama.cpp's server. The request, the response, the streamed
//! `chat.completion.chunk`s ending in `data: [DONE]` (usage in the last chunk with
//! `stream_options.include_usage`), errors inside the stream, and error codes such as
//! `insufficient_quota` (out of credit, though sent as 429) and `context_length_exceeded`.

use serde_json::{json, Value};

use super::wire::{
    self, count_at, str_at, Completion, ErrorKind, KeyHeader, Params, Prompt, ProviderError,
    StreamEvent, Usage, WireRequest,
};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
pub const KEY_VARIABLES: &[&str] = &["OPENAI_API_KEY"];
pub const KEY_HEADER: KeyHeader = KeyHeader::Bearer;

/// `base` as given, or with `/v1` when it names only a host (`http://127.0.0.1:8080`).
pub fn api_base(base: &str) -> String {
    let trimmed = base.trim_end_matches('/');
    let after_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    if after_scheme.contains('/') {
        trimmed.to_owned()
    } else {
        format!("{trimmed}/v1")
    }
}

pub fn request(
    base: &str,
    model: &str,
    prompt: &Prompt,
    params: &Params,
    stream: bool,
) -> WireRequest {
    let messages = wire::chat_messages(prompt);
    let mut body = json!({
        "model": model,
        "messages": messages,
        "max_tokens": params.max_output_tokens,
        "temperature": params.temperature,
    });
    if stream {
        body["stream"] = Value::Bool(true);
        body["stream_options"] = json!({"include_usage": true});
    }
    WireRequest {
        url: wire::join(&api_base(base), "chat/completions"),
        headers: Vec::new(),
        body,
    }
}

fn usage(v: &Value) -> Usage {
    Usage {
        input_tokens: count_at(v, "prompt_tokens"),
        output_tokens: count_at(v, "completion_tokens"),
    }
}

pub fn parse(body: &[u8]) -> Result<Completion, ProviderError> {
    let v = wire::json(body)?;
    if v.get("error").is_some() {
        return Err(error_of(0, &v));
    }
    let choice = v
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| ProviderError::malformed("no choices in the response"))?;
    let text = choice
        .get("message")
        .and_then(|m| str_at(m, "content"))
        .unwrap_or("")
        .to_owned();
    Ok(Completion {
        text,
        usage: v.get("usage").map(usage).unwrap_or_default(),
        stop_reason: str_at(choice, "finish_reason").map(str::to_owned),
    })
}

/// The streamed chunks, one SSE event at a time; `Done` at `[DONE]` with the last finish reason.
#[derive(Default)]
pub struct Stream {
    stop: Option<String>,
}

impl Stream {
    pub fn on_event(&mut self, _event: &str, data: &str) -> Vec<StreamEvent> {
        if data.trim() == "[DONE]" {
            return vec![StreamEvent::Done {
                stop_reason: self.stop.take(),
            }];
        }
        let v = match wire::event_json(data) {
            Ok(v) => v,
            Err(events) => return events,
        };
        if v.get("error").is_some() {
            return vec![StreamEvent::Error(error_of(0, &v))];
        }
        let mut out = Vec::new();
        if let Some(choice) = v.get("choices").and_then(|c| c.get(0)) {
            if let Some(t) = choice.get("delta").and_then(|d| str_at(d, "content")) {
                if !t.is_empty() {
                    out.push(StreamEvent::Text(t.to_owned()));
                }
            }
            if let Some(r) = str_at(choice, "finish_reason") {
                self.stop = Some(r.to_owned());
            }
        }
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            out.push(StreamEvent::Usage(usage(u)));
        }
        out
    }
}

pub fn error(status: u16, body: &str) -> ProviderError {
    wire::error_body(status, body, error_of)
}

fn error_of(status: u16, v: &Value) -> ProviderError {
    let e = v.get("error").unwrap_or(v);
    // some servers send the error as a bare string
    let message = e
        .as_str()
        .or_else(|| str_at(e, "message"))
        .unwrap_or("")
        .to_owned();
    let code = str_at(e, "code").unwrap_or("");
    let kind_name = str_at(e, "type").unwrap_or("");
    let kind = match (code, kind_name) {
        ("insufficient_quota", _) | (_, "insufficient_quota") => ErrorKind::Credit,
        ("context_length_exceeded", _) | (_, "exceed_context_size_error") => {
            ErrorKind::ContextLength
        }
        ("invalid_api_key", _) | (_, "authentication_error") => ErrorKind::Auth,
        ("model_not_found", _) => ErrorKind::NotFound,
        ("rate_limit_exceeded", _) => ErrorKind::RateLimited,
        _ if wire::says_no_credit(&message) => ErrorKind::Credit,
        _ if wire::says_too_long(&message) => ErrorKind::ContextLength,
        _ if status == 0 && kind_name == "server_error" => ErrorKind::Server,
        _ if status == 0 => ErrorKind::InvalidRequest,
        _ => wire::by_status(status),
    };
    ProviderError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A streamed answer as OpenAI documents it (chat.completion.chunk objects, usage last).
    const STREAM: &[&str] = &[
        r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"#,
        "[DONE]",
    ];

    #[test]
    fn the_documented_stream_gives_text_usage_and_the_finish_reason() {
        let mut s = Stream::default();
        let ev: Vec<StreamEvent> = STREAM
            .iter()
            .flat_map(|d| s.on_event("message", d))
            .collect();
        assert_eq!(
            ev,
            vec![
                StreamEvent::Text("Hel".into()),
                StreamEvent::Text("lo".into()),
                StreamEvent::Usage(Usage {
                    input_tokens: 9,
                    output_tokens: 2
                }),
                StreamEvent::Done {
                    stop_reason: Some("stop".into())
                },
            ]
        );
    }

    #[test]
    fn quota_is_credit_not_a_rate_limit_and_context_errors_are_recognised() {
        let e = |status, code: &str, t: &str, m: &str| {
            error(
                status,
                &format!(r#"{{"error":{{"message":"{m}","type":"{t}","code":"{code}"}}}}"#),
            )
            .kind
        };
        assert_eq!(
            e(
                429,
                "insufficient_quota",
                "insufficient_quota",
                "You exceeded your current quota"
            ),
            ErrorKind::Credit
        );
        assert_eq!(
            e(429, "rate_limit_exceeded", "requests", "Rate limit reached"),
            ErrorKind::RateLimited
        );
        assert_eq!(
            e(
                401,
                "invalid_api_key",
                "invalid_request_error",
                "Incorrect API key"
            ),
            ErrorKind::Auth
        );
        assert_eq!(
            e(
                400,
                "context_length_exceeded",
                "invalid_request_error",
                "maximum context length is 8192 tokens"
            ),
            ErrorKind::ContextLength
        );
        // llama.cpp's server
        let llama = r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}"#;
        assert_eq!(error(400, llama).kind, ErrorKind::ContextLength);
        let ev = Stream::default().on_event(
            "message",
            r#"{"error":{"message":"overloaded","type":"server_error"}}"#,
        );
        assert!(matches!(&ev[..], [StreamEvent::Error(e)] if e.kind == ErrorKind::Server));
    }

    #[test]
    fn base_urls_as_users_write_them() {
        assert_eq!(
            api_base("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/v1"
        );
        assert_eq!(
            api_base("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/v1"
        );
        assert_eq!(
            api_base("https://openrouter.ai/api/v1"),
            "https://openrouter.ai/api/v1"
        );
        let r = request(
            "http://h:1",
            "m",
            &Prompt::user("s", "u"),
            &Params::default(),
            false,
        );
        assert_eq!(r.url, "http://h:1/v1/chat/completions");
        assert_eq!(r.body["messages"][0]["role"], "system");
        assert_eq!(r.body["messages"][1]["content"], "u");
        assert!(r.body.get("stream").is_none());
        let c = parse(br#"{"choices":[{"message":{"role":"assistant","content":"ok"},"finish_reason":"length"}],"usage":{"prompt_tokens":4,"completion_tokens":1}}"#).unwrap();
        assert_eq!(
            (c.text.as_str(), c.stop_reason.as_deref()),
            ("ok", Some("length"))
        );
    }
}
