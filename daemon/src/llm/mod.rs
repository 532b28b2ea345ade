//! The optional LLM layer. Nothing here runs unless the user configured a provider, and the
//! engine never imports it. One module per wire format (`anthropic`, `openai`, `gemini`,
//! `ollama`) as pure code over `wire`'s plain data; `provider` dispatches by name; `settings`
//! reads the configuration; `privacy`, `budget` and `cache` are the gateway's rules.

pub mod anthropic;
pub mod bench;
pub mod budget;
pub mod cache;
pub mod call;
pub mod explain;
pub mod gateway;
pub mod gemini;
pub mod guard;
pub mod match_terms;
pub mod narrative;
pub mod ollama;
pub mod openai;
pub mod privacy;
pub mod provider;
pub mod settings;
pub mod wire;
