//! Google Gemini's `generateContent` and `streamGenerateContent?alt=sse` (`x-goog-api-key`):
//! the request (`systemInstruction`, `contents` with `user`/`model` roles, `generationConfig`),
//! each `GenerateContentResponse` (candidates' parts, `finishReason`, `usageMetadata`), a stream
//! that simply ends after the last chunk, and `google.rpc.Status` errors.

use serde_json::{json, Value};

use super::wire::{
    self, count_at, str_at, Completion, ErrorKind, KeyHeader, Params, Prompt, ProviderError, Role,
    StreamEvent, Usage, WireRequest,
};

pub const DEFAULT_BASE_URL: &str = "https://generativelanguage.googleapis.com/v1beta";
pub const KEY_VARIABLES: &[&str] = &["GEMINI_API_KEY", "GOOGLE_API_KEY"];
pub const KEY_HEADER: KeyHeader = KeyHeader::Named("x-goog-api-key");

pub fn request(
    base: &str,
    model: &str,
    prompt: &Prompt,
    params: &Params,
    stream: bool,
) -> WireRequest {
    let contents: Vec<Value> = prompt
        .messages
        .iter()
        .map(|m| {
            let role = match m.role {
                Role::User => "user",
                Role::Assistant => "model",
            };
            json!({"role": role, "parts": [{"text": m.content}]})
        })
        .collect();
    let mut body = json!({
        "contents": contents,
        "generationConfig": {
            "maxOutputTokens": params.max_output_tokens,
            "temperature": params.temperature,
        },
    });
    if !prompt.system.is_empty() {
        body["systemInstruction"] = json!({"parts": [{"text": prompt.system}]});
    }
    let method = if stream {
        "streamGenerateContent?alt=sse"
    } else {
        "generateContent"
    };
    WireRequest {
        url: wire::join(base, &format!("models/{model}:{method}")),
        headers: Vec::new(),
        body,
    }
}

fn usage(v: &Value) -> Usage {
    Usage {
        input_tokens: count_at(v, "promptTokenCount"),
        output_tokens: count_at(v, "candidatesTokenCount") + count_at(v, "thoughtsTokenCount"),
    }
}

/// The text, finish reason and usage of one `GenerateContentResponse`.
fn chunk(v: &Value) -> Result<(String, Option<String>, Option<Usage>), ProviderError> {
    if v.get("error").is_some() {
        return Err(error_of(0, v));
    }
    if let Some(reason) = v
        .get("promptFeedback")
        .and_then(|f| str_at(f, "blockReason"))
    {
        return Err(ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("the prompt was blocked ({reason})"),
        ));
    }
    let candidate = v.get("candidates").and_then(|c| c.get(0));
    let text = candidate
        .and_then(|c| c.get("content"))
        .and_then(|c| c.get("parts"))
        .and_then(Value::as_array)
        .map(|parts| {
            parts
                .iter()
                .filter(|p| p.get("thought").and_then(Value::as_bool) != Some(true))
                .filter_map(|p| str_at(p, "text"))
                .collect()
        })
        .unwrap_or_default();
    let finish = candidate
        .and_then(|c| str_at(c, "finishReason"))
        .map(str::to_owned);
    Ok((text, finish, v.get("usageMetadata").map(usage)))
}

pub fn parse(body: &[u8]) -> Result<Completion, ProviderError> {
    let v = wire::json(body)?;
    let (text, stop_reason, usage) = chunk(&v)?;
    Ok(Completion {
        text,
        usage: usage.unwrap_or_default(),
        stop_reason,
    })
}

/// The streamed responses; the answer is complete when the stream ends after a finish reason.
#[derive(Default)]
pub struct Stream {
    stop: Option<String>,
}

impl Stream {
    pub fn on_event(&mut self, _event: &str, data: &str) -> Vec<StreamEvent> {
        let v = match wire::event_json(data) {
            Ok(v) => v,
            Err(events) => return events,
        };
        match chunk(&v) {
            Err(e) => vec![StreamEvent::Error(e)],
            Ok((text, finish, usage)) => {
                let mut out = Vec::new();
                if !text.is_empty() {
                    out.push(StreamEvent::Text(text));
                }
                if let Some(u) = usage {
                    out.push(StreamEvent::Usage(u));
                }
                if finish.is_some() {
                    self.stop = finish;
                }
                out
            }
        }
    }

    /// The end of the stream: complete only if a finish reason came.
    pub fn finish(&mut self) -> Vec<StreamEvent> {
        match self.stop.take() {
            Some(r) => vec![StreamEvent::Done {
                stop_reason: Some(r),
            }],
            None => Vec::new(),
        }
    }
}

pub fn error(status: u16, body: &str) -> ProviderError {
    wire::error_body(status, body, error_of)
}

fn error_of(status: u16, v: &Value) -> ProviderError {
    let e = v.get("error").unwrap_or(v);
    let message = str_at(e, "message").unwrap_or("").to_owned();
    let details = e.get("details").map(Value::to_string).unwrap_or_default();
    let code = e.get("code").and_then(Value::as_u64).unwrap_or(0) as u16;
    let status = if status == 0 { code } else { status };
    let kind = match str_at(e, "status") {
        _ if message.contains("API key not valid") || details.contains("API_KEY_INVALID") => {
            ErrorKind::Auth
        }
        Some("RESOURCE_EXHAUSTED") if details.contains("PerDay") => ErrorKind::Credit,
        Some("RESOURCE_EXHAUSTED") => ErrorKind::RateLimited,
        Some("UNAVAILABLE") => ErrorKind::Overloaded,
        Some("INTERNAL") => ErrorKind::Server,
        Some("UNAUTHENTICATED") | Some("PERMISSION_DENIED") if wire::says_no_credit(&message) => {
            ErrorKind::Credit
        }
        Some("UNAUTHENTICATED") | Some("PERMISSION_DENIED") => ErrorKind::Auth,
        Some("NOT_FOUND") => ErrorKind::NotFound,
        _ if wire::says_too_long(&message) => ErrorKind::ContextLength,
        Some("INVALID_ARGUMENT") | Some("FAILED_PRECONDITION") => ErrorKind::InvalidRequest,
        _ => wire::by_status(status),
    };
    ProviderError::new(kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &[&str] = &[
        r#"{"candidates": [{"content": {"parts": [{"text": "Hello"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 4,"candidatesTokenCount": 1,"totalTokenCount": 5},"modelVersion": "gemini-2.0-flash"}"#,
        r#"{"candidates": [{"content": {"parts": [{"text": " world"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 4,"candidatesTokenCount": 3,"totalTokenCount": 7},"modelVersion": "gemini-2.0-flash"}"#,
    ];

    #[test]
    fn a_stream_is_complete_only_after_a_finish_reason() {
        let mut s = Stream::default();
        let mut ev: Vec<StreamEvent> = s.on_event("message", STREAM[0]);
        assert!(
            s.finish().is_empty(),
            "cut after the first chunk: incomplete"
        );
        let mut s = Stream::default();
        ev.clear();
        for d in STREAM {
            ev.extend(s.on_event("message", d));
        }
        ev.extend(s.finish());
        let text: String = ev
            .iter()
            .filter_map(|e| match e {
                StreamEvent::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "Hello world");
        assert_eq!(
            ev.last(),
            Some(&StreamEvent::Done {
                stop_reason: Some("STOP".into())
            })
        );
        assert!(ev.contains(&StreamEvent::Usage(Usage {
            input_tokens: 4,
            output_tokens: 3
        })));
    }

    #[test]
    fn status_errors_are_told_apart() {
        let e = |code: u16, status: &str, m: &str, details: &str| {
            error(code, &format!(r#"{{"error":{{"code":{code},"message":"{m}","status":"{status}","details":[{details}]}}}}"#)).kind
        };
        assert_eq!(
            e(
                400,
                "INVALID_ARGUMENT",
                "API key not valid. Please pass a valid API key.",
                r#"{"reason":"API_KEY_INVALID"}"#
            ),
            ErrorKind::Auth
        );
        assert_eq!(
            e(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted", ""),
            ErrorKind::RateLimited
        );
        assert_eq!(
            e(
                429,
                "RESOURCE_EXHAUSTED",
                "You exceeded your current quota",
                r#"{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}"#
            ),
            ErrorKind::Credit
        );
        assert_eq!(
            e(
                503,
                "UNAVAILABLE",
                "The model is overloaded. Please try again later.",
                ""
            ),
            ErrorKind::Overloaded
        );
        assert_eq!(e(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", ""), ErrorKind::ContextLength);
        assert_eq!(
            e(404, "NOT_FOUND", "models/nope is not found", ""),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn request_uses_the_documented_shape() {
        let r = request(
            DEFAULT_BASE_URL,
            "gemini-2.0-flash",
            &Prompt::user("sys", "hi"),
            &Params::default(),
            true,
        );
        assert_eq!(r.url, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
        assert_eq!(r.body["systemInstruction"]["parts"][0]["text"], "sys");
        assert_eq!(r.body["contents"][0]["role"], "user");
        assert_eq!(r.body["generationConfig"]["maxOutputTokens"], 700);
        let c = parse(STREAM[1].as_bytes()).unwrap();
        assert_eq!((c.text.as_str(), c.usage.output_tokens), (" world", 3));
    }
}
