//! The shared HTTP core for every optional remote feature (sources, LLM providers): one client
//! with timeouts, retries and rate limits, secrets that never print, redaction, and stream
//! decoders. The engine never imports this module; see `/work/team/NET.md` for the contract.

mod client;
mod credentials;
mod error;
pub mod limiter;
pub mod ndjson;
pub mod redact;
pub mod retry;
pub mod secret;
pub mod sse;

pub use client::{Fetched, Http, Timeouts};
pub use credentials::{bearer, sensitive};
pub use error::{InfoHeaders, NetError, Phase};
pub use limiter::{Limiter, Rates};
pub use redact::{redact_emails, Redactor};
pub use retry::{classify, Classify, Fatal, Head, RetryPolicy, Verdict};
pub use secret::{Secret, SecretError, SecretSource};
pub use tokio_util::sync::CancellationToken;

#[cfg(test)]
mod tests;
