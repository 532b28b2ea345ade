//! The optional LLM layer. Nothing here runs unless the user configured a provider; the engine
//! never imports it. One module per wire format (`anthropic`, `openai`, `gemini`, `ollama`) as
//! pure code over the plain data of `wire`.

pub mod anthropic;
pub mod gemini;
pub mod ollama;
pub mod openai;
pub mod wire;
