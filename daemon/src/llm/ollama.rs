//! Ollama's native chat API (`POST /api/chat`): unlike its OpenAI-compatible endpoint, which
//! silently truncates long prompts to a default context, this one takes `options.num_ctx`. The
//! request, the answer, the NDJSON stream (`done: true` with `prompt_eval_count` /
//! `eval_count`), and `{"error": …}` bodies and lines.

use serde_json::{json, Value};

use super::wire::{
    self, count_at, str_at, Completion, ErrorKind, Params, Prompt, ProviderError, StreamEvent,
    Usage, WireRequest,
};

pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:11434";

pub fn request(
    base: &str,
    model: &str,
    prompt: &Prompt,
    params: &Params,
    stream: bool,
) -> WireRequest {
    let messages = wire::chat_messages(prompt);
    WireRequest {
        url: wire::join(base, "api/chat"),
        headers: Vec::new(),
        body: json!({
            "model": model,
            "messages": messages,
            "stream": stream,
            "options": {
                "num_ctx": params.context_tokens,
                "num_predict": params.max_output_tokens,
                "temperature": params.temperature,
            },
        }),
    }
}

fn usage(v: &Value) -> Usage {
    Usage {
        input_tokens: count_at(v, "prompt_eval_count"),
        output_tokens: count_at(v, "eval_count"),
    }
}

pub fn parse(body: &[u8]) -> Result<Completion, ProviderError> {
    let v = wire::json(body)?;
    if v.get("error").is_some() {
        return Err(error_of(0, &v));
    }
    let text = v
        .get("message")
        .and_then(|m| str_at(m, "content"))
        .ok_or_else(|| ProviderError::malformed("no message in the response"))?
        .to_owned();
    Ok(Completion {
        text,
        usage: usage(&v),
        stop_reason: str_at(&v, "done_reason").map(str::to_owned),
    })
}

/// The NDJSON stream, one line at a time.
#[derive(Default)]
pub struct Stream;

impl Stream {
    pub fn on_line(&mut self, line: &str) -> Vec<StreamEvent> {
        let v = match wire::event_json(line) {
            Ok(v) => v,
            Err(events) => return events,
        };
        if v.get("error").is_some() {
            return vec![StreamEvent::Error(error_of(0, &v))];
        }
        let mut out = Vec::new();
        if let Some(t) = v.get("message").and_then(|m| str_at(m, "content")) {
            if !t.is_empty() {
                out.push(StreamEvent::Text(t.to_owned()));
            }
        }
        if v.get("done").and_then(Value::as_bool) == Some(true) {
            out.push(StreamEvent::Usage(usage(&v)));
            out.push(StreamEvent::Done {
                stop_reason: str_at(&v, "done_reason").map(str::to_owned),
            });
        }
        out
    }
}

pub fn error(status: u16, body: &str) -> ProviderError {
    wire::error_body(status, body, error_of)
}

fn error_of(status: u16, v: &Value) -> ProviderError {
    let message = str_at(v, "error").unwrap_or("").to_owned();
    let lower = message.to_ascii_lowercase();
    let kind = if lower.contains("not found") {
        ErrorKind::NotFound
    } else if wire::says_too_long(&message) {
        ErrorKind::ContextLength
    } else if lower.contains("server busy") || lower.contains("overloaded") {
        ErrorKind::Overloaded
    } else if status == 0 {
        ErrorKind::Server
    } else {
        wire::by_status(status)
    };
    ProviderError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &[&str] = &[
        r#"{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The"},"done":false}"#,
        r#"{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":" sky"},"done":false}"#,
        r#"{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#,
    ];

    #[test]
    fn the_documented_stream_ends_with_counts() {
        let mut s = Stream;
        let ev: Vec<StreamEvent> = STREAM.iter().flat_map(|l| s.on_line(l)).collect();
        assert_eq!(
            ev,
            vec![
                StreamEvent::Text("The".into()),
                StreamEvent::Text(" sky".into()),
                StreamEvent::Usage(Usage {
                    input_tokens: 26,
                    output_tokens: 282
                }),
                StreamEvent::Done {
                    stop_reason: Some("stop".into())
                },
            ]
        );
    }

    #[test]
    fn the_native_api_sets_the_context_size_and_errors_are_read() {
        let p = Params {
            context_tokens: 16384,
            ..Params::default()
        };
        let r = request(
            DEFAULT_BASE_URL,
            "llama3.2",
            &Prompt::user("s", "u"),
            &p,
            true,
        );
        assert_eq!(r.url, "http://127.0.0.1:11434/api/chat");
        assert_eq!(r.body["options"]["num_ctx"], 16384);
        assert_eq!(r.body["messages"][0]["role"], "system");
        let e = error(
            404,
            r#"{"error":"model \"nope\" not found, try pulling it first"}"#,
        );
        assert_eq!(e.kind, ErrorKind::NotFound);
        let ev = Stream.on_line(r#"{"error":"an error was encountered while running the model"}"#);
        assert!(matches!(&ev[..], [StreamEvent::Error(e)] if e.kind == ErrorKind::Server));
    }
}
