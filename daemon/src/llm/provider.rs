//! The four providers by name (`anthropic`, `openai`, `gemini`, `ollama`): each one's defaults
//! (base URL, key variables, how the key is sent) and dispatch to its wire format, plus the
//! stream decoder that turns response bytes into [`StreamEvent`]s (SSE or NDJSON from `net`,
//! then the format's own events).

use crate::net::ndjson::NdjsonDecoder;
use crate::net::sse::{SseDecoder, SseEvent};

use super::wire::{Completion, KeyHeader, Params, Prompt, ProviderError, StreamEvent, WireRequest};
use super::{anthropic, gemini, ollama, openai};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Anthropic,
    OpenAi,
    Gemini,
    Ollama,
}

pub const NAMES: &[&str] = &["anthropic", "openai", "gemini", "ollama"];

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "anthropic" | "claude" => Kind::Anthropic,
            "openai" | "openai-compatible" | "llamacpp" | "llama.cpp" | "vllm" | "lmstudio"
            | "openrouter" | "azure" => Kind::OpenAi,
            "gemini" | "google" => Kind::Gemini,
            "ollama" => Kind::Ollama,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Anthropic => "anthropic",
            Kind::OpenAi => "openai",
            Kind::Gemini => "gemini",
            Kind::Ollama => "ollama",
        }
    }

    pub fn default_base_url(self) -> &'static str {
        match self {
            Kind::Anthropic => anthropic::DEFAULT_BASE_URL,
            Kind::OpenAi => openai::DEFAULT_BASE_URL,
            Kind::Gemini => gemini::DEFAULT_BASE_URL,
            Kind::Ollama => ollama::DEFAULT_BASE_URL,
        }
    }

    /// The environment variables the provider's own tools read its key from.
    pub fn key_variables(self) -> &'static [&'static str] {
        match self {
            Kind::Anthropic => anthropic::KEY_VARIABLES,
            Kind::OpenAi => openai::KEY_VARIABLES,
            Kind::Gemini => gemini::KEY_VARIABLES,
            Kind::Ollama => &[],
        }
    }

    pub fn key_header(self) -> KeyHeader {
        match self {
            Kind::Anthropic => anthropic::KEY_HEADER,
            Kind::Gemini => gemini::KEY_HEADER,
            Kind::OpenAi | Kind::Ollama => KeyHeader::Bearer,
        }
    }

    /// Whether a request without a key makes sense (local servers): true for Ollama, and for
    /// any provider whose base URL is on this machine.
    pub fn key_optional(self, base_url: &str) -> bool {
        self == Kind::Ollama || is_local(base_url)
    }

    /// A default context size when the configuration names none.
    pub fn default_context_tokens(self) -> u32 {
        match self {
            Kind::Anthropic => 200_000,
            Kind::Gemini => 1_000_000,
            Kind::OpenAi => 128_000,
            Kind::Ollama => 8_192,
        }
    }

    pub fn request(
        self,
        base: &str,
        model: &str,
        prompt: &Prompt,
        params: &Params,
        stream: bool,
    ) -> WireRequest {
        match self {
            Kind::Anthropic => anthropic::request(base, model, prompt, params, stream),
            Kind::OpenAi => openai::request(base, model, prompt, params, stream),
            Kind::Gemini => gemini::request(base, model, prompt, params, stream),
            Kind::Ollama => ollama::request(base, model, prompt, params, stream),
        }
    }

    pub fn parse_response(self, body: &[u8]) -> Result<Completion, ProviderError> {
        match self {
            Kind::Anthropic => anthropic::parse(body),
            Kind::OpenAi => openai::parse(body),
            Kind::Gemini => gemini::parse(body),
            Kind::Ollama => ollama::parse(body),
        }
    }

    /// A non-2xx response's meaning (`body` may be a cut, redacted excerpt).
    pub fn error(self, status: u16, body: &str) -> ProviderError {
        match self {
            Kind::Anthropic => anthropic::error(status, body),
            Kind::OpenAi => openai::error(status, body),
            Kind::Gemini => gemini::error(status, body),
            Kind::Ollama => ollama::error(status, body),
        }
    }

    pub fn decoder(self) -> Decoder {
        let sse = |f| Decoder::Sse(SseDecoder::new(), f);
        match self {
            Kind::Anthropic => sse(SseFormat::Anthropic(anthropic::Stream::default())),
            Kind::OpenAi => sse(SseFormat::OpenAi(openai::Stream::default())),
            Kind::Gemini => sse(SseFormat::Gemini(gemini::Stream::default())),
            Kind::Ollama => Decoder::Ndjson(NdjsonDecoder::new(), ollama::Stream),
        }
    }
}

/// Whether `url`'s host is this machine (`localhost`, `127.*`, `::1`).
pub fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host_port = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The SSE-speaking formats' own event parsers.
pub enum SseFormat {
    Anthropic(anthropic::Stream),
    OpenAi(openai::Stream),
    Gemini(gemini::Stream),
}

impl SseFormat {
    fn on_event(&mut self, e: &SseEvent) -> Vec<StreamEvent> {
        match self {
            SseFormat::Anthropic(s) => s.on_event(&e.event, &e.data),
            SseFormat::OpenAi(s) => s.on_event(&e.event, &e.data),
            SseFormat::Gemini(s) => s.on_event(&e.event, &e.data),
        }
    }

    /// Gemini's stream has no end marker: its end completes the answer.
    fn finish(&mut self) -> Vec<StreamEvent> {
        match self {
            SseFormat::Gemini(s) => s.finish(),
            _ => Vec::new(),
        }
    }
}

/// Bytes in, events out, for one streamed response.
pub enum Decoder {
    Sse(SseDecoder, SseFormat),
    Ndjson(NdjsonDecoder, ollama::Stream),
}

impl Decoder {
    pub fn push(&mut self, chunk: &[u8]) -> Vec<StreamEvent> {
        match self {
            Decoder::Sse(sse, f) => sse.push(chunk).iter().flat_map(|e| f.on_event(e)).collect(),
            Decoder::Ndjson(nd, s) => nd.push(chunk).iter().flat_map(|l| s.on_line(l)).collect(),
        }
    }

    /// The end of the body: whatever the decoders still held, then the format's own ending.
    pub fn finish(&mut self) -> Vec<StreamEvent> {
        match self {
            Decoder::Sse(sse, f) => {
                let mut out: Vec<StreamEvent> =
                    sse.finish().iter().flat_map(|e| f.on_event(e)).collect();
                out.extend(f.finish());
                out
            }
            Decoder::Ndjson(nd, s) => nd.finish().iter().flat_map(|l| s.on_line(l)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_local_hosts() {
        assert_eq!(Kind::parse("Anthropic"), Some(Kind::Anthropic));
        assert_eq!(Kind::parse("llama.cpp"), Some(Kind::OpenAi));
        assert_eq!(Kind::parse("bard"), None);
        assert!(is_local("http://127.0.0.1:8080/v1"));
        assert!(is_local("http://localhost:11434"));
        assert!(is_local("http://[::1]:1"));
        assert!(!is_local("https://api.anthropic.com"));
        assert!(!is_local("https://127.example.com"));
    }

    #[test]
    fn chunks_split_anywhere_decode_the_same() {
        let body = "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\r\n\r\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        for cut in 1..body.len() {
            let mut d = Kind::Anthropic.decoder();
            let mut ev = d.push(&body.as_bytes()[..cut]);
            ev.extend(d.push(&body.as_bytes()[cut..]));
            ev.extend(d.finish());
            assert_eq!(ev.len(), 2, "cut at {cut}");
            assert_eq!(ev[0], StreamEvent::Text("Hi".into()));
        }
    }
}
