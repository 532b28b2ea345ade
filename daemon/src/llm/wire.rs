//! What every provider's wire format shares, as plain data: the prompt aexy sends, the request a
//! format builds from it (URL, headers, JSON body — no I/O), what comes back (text, usage, why it
//! stopped), stream events, and the classification of a provider's errors into what the gateway
//! does next (retry, fall back, shrink the prompt, or tell the user).

use serde_json::Value;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

/// A prompt: a system instruction and the conversation (aexy sends one user message).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prompt {
    pub system: String,
    pub messages: Vec<Message>,
}

impl Prompt {
    pub fn user(system: impl Into<String>, text: impl Into<String>) -> Prompt {
        Prompt {
            system: system.into(),
            messages: vec![Message {
                role: Role::User,
                content: text.into(),
            }],
        }
    }

    /// Every character sent, for estimates and hashing.
    pub fn chars(&self) -> usize {
        self.system.chars().count()
            + self
                .messages
                .iter()
                .map(|m| m.content.chars().count())
                .sum::<usize>()
    }
}

/// Sampling parameters (part of the cache key).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    pub max_output_tokens: u32,
    pub temperature: f64,
    /// Ollama's `num_ctx` (its native API sets the context size; others ignore it).
    pub context_tokens: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max_output_tokens: 700,
            temperature: 0.2,
            context_tokens: 8192,
        }
    }
}

/// Tokens used by one call, as the provider counted them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    /// Takes every count `other` knows (streams report input and output at different times).
    pub fn merge(&mut self, other: Usage) {
        if other.input_tokens > 0 {
            self.input_tokens = other.input_tokens;
        }
        if other.output_tokens > 0 {
            self.output_tokens = other.output_tokens;
        }
    }
}

/// A whole answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    pub usage: Usage,
    /// The provider's own reason (`end_turn`, `stop`, `length`, `STOP` …).
    pub stop_reason: Option<String>,
}

/// One thing a stream said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamEvent {
    Text(String),
    Usage(Usage),
    /// The answer is complete.
    Done {
        stop_reason: Option<String>,
    },
    /// The provider reported an error inside the stream (e.g. overloaded after a 200).
    Error(ProviderError),
}

/// What a provider's error means for the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// Too many requests: wait (Retry-After) and retry, then fall back.
    RateLimited,
    /// The provider is overloaded (Anthropic 529 / `overloaded_error`, Gemini 503): retry.
    Overloaded,
    /// A server error (5xx): retry, then fall back.
    Server,
    /// Bad or missing key, no permission: the user must fix the key.
    Auth,
    /// Out of credit or quota: the user must top up (not a rate limit).
    Credit,
    /// The prompt is longer than the model's context: send less.
    ContextLength,
    /// No such model (or endpoint) at this provider.
    NotFound,
    /// The provider rejected the request as malformed.
    InvalidRequest,
    /// The response could not be understood.
    Malformed,
}

impl ErrorKind {
    /// Worth another attempt at the same provider.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited | ErrorKind::Overloaded | ErrorKind::Server
        )
    }

    /// What the user is told to do about it.
    pub fn advice(self) -> &'static str {
        match self {
            ErrorKind::RateLimited => "rate limited: try again shortly, or lower llm.requests_per_minute",
            ErrorKind::Overloaded => "the provider is overloaded: try again shortly",
            ErrorKind::Server => "the provider had a server error",
            ErrorKind::Auth => "the key was refused: check the key variable or key_command (aexy llm status)",
            ErrorKind::Credit => "the account is out of credit or quota: this is not a rate limit; top up or switch provider",
            ErrorKind::ContextLength => "the prompt is longer than the model's context: lower llm.max_prompt_tokens or narrow the range",
            ErrorKind::NotFound => "the model or endpoint does not exist at this provider: check AEXY_LLM / llm.provider and the base URL",
            ErrorKind::InvalidRequest => "the provider rejected the request",
            ErrorKind::Malformed => "the provider's response could not be read",
        }
    }
}

/// A provider's error: its kind and the provider's own words (short; redacted by the caller
/// before it is shown).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", kind.advice(), if message.is_empty() { String::new() } else { format!(" ({message})") })]
pub struct ProviderError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ProviderError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ProviderError {
        let message: String = message.into();
        ProviderError {
            kind,
            message: message.chars().take(300).collect(),
        }
    }

    pub fn malformed(what: impl std::fmt::Display) -> ProviderError {
        ProviderError::new(ErrorKind::Malformed, what.to_string())
    }
}

/// A request as a wire format builds it: where, which (non-secret) headers, what body.
#[derive(Clone, Debug, PartialEq)]
pub struct WireRequest {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Value,
}

/// How a key is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyHeader {
    /// `Authorization: Bearer KEY`.
    Bearer,
    /// The key as the value of this header (`x-api-key`, `x-goog-api-key`).
    Named(&'static str),
}

/// A chat message list in the OpenAI / Ollama shape: the system prompt first, as a message.
pub fn chat_messages(prompt: &Prompt) -> Vec<Value> {
    let mut messages = Vec::with_capacity(prompt.messages.len() + 1);
    if !prompt.system.is_empty() {
        messages.push(serde_json::json!({"role": "system", "content": prompt.system}));
    }
    for m in &prompt.messages {
        messages.push(serde_json::json!({"role": m.role, "content": m.content}));
    }
    messages
}

/// An error response: the format's reading of its JSON body, or, when the body is not JSON
/// (or was cut), the status and what its text says.
pub fn error_body(
    status: u16,
    body: &str,
    of_json: impl Fn(u16, &Value) -> ProviderError,
) -> ProviderError {
    match serde_json::from_str::<Value>(body) {
        Ok(v) => of_json(status, &v),
        Err(_) if says_no_credit(body) => ProviderError::new(ErrorKind::Credit, ""),
        Err(_) if says_too_long(body) => ProviderError::new(ErrorKind::ContextLength, ""),
        Err(_) => ProviderError::new(by_status(status), ""),
    }
}

/// A stream event's JSON, or the malformed-event error to emit instead.
pub fn event_json(data: &str) -> Result<Value, Vec<StreamEvent>> {
    serde_json::from_str(data).map_err(|e| {
        vec![StreamEvent::Error(ProviderError::malformed(format!(
            "malformed stream event ({e})"
        )))]
    })
}

/// Parses `body` as JSON, or says it is malformed (never quoting it: it may hold user text).
pub fn json(body: &[u8]) -> Result<Value, ProviderError> {
    serde_json::from_slice(body)
        .map_err(|e| ProviderError::malformed(format!("malformed JSON ({e})")))
}

/// The text of `v[key]` when it is a string.
pub fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A count at `v[key]`.
pub fn count_at(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// Joins a base URL and a path with exactly one slash.
pub fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Common classification by status when a format's body says nothing more specific.
pub fn by_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Auth,
        402 => ErrorKind::Credit,
        404 => ErrorKind::NotFound,
        408 | 500..=599 => ErrorKind::Server,
        429 => ErrorKind::RateLimited,
        413 => ErrorKind::ContextLength,
        _ => ErrorKind::InvalidRequest,
    }
}

/// Whether a provider's message says the prompt is too long (each provider words it its own
/// way; llama.cpp's server, vLLM and OpenAI included).
pub fn says_too_long(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "context length",
        "context_length",
        "context window",
        "context size",
        "prompt is too long",
        "too many tokens",
        "maximum context",
        "exceeds the maximum number of tokens",
        "input token count",
        "exceed_context_size",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// Whether a provider's message says the account is out of credit or quota.
pub fn says_no_credit(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "credit balance",
        "insufficient_quota",
        "exceeded your current quota",
        "billing",
        "payment required",
    ]
    .iter()
    .any(|p| m.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_from_two_stream_events_adds_up() {
        let mut u = Usage::default();
        u.merge(Usage {
            input_tokens: 25,
            output_tokens: 1,
        });
        u.merge(Usage {
            input_tokens: 0,
            output_tokens: 15,
        });
        assert_eq!((u.input_tokens, u.output_tokens), (25, 15));
    }

    #[test]
    fn an_error_tells_what_to_do_without_the_body() {
        let e = ProviderError::new(ErrorKind::Credit, "x".repeat(1000));
        assert!(e.to_string().starts_with("the account is out of credit"));
        assert!(e.message.len() == 300);
        assert_eq!(
            join("http://h:1/v1/", "/chat/completions"),
            "http://h:1/v1/chat/completions"
        );
    }
}
