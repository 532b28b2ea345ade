//! The gateway: one call goes down the configured chain (the primary model, then each
//! fallback) until one answers. Per endpoint: the prompt is built for that model's budget and
//! scrubbed (`privacy`), the cache answers if it can (no request at all), the key is resolved
//! only now, the client-side limits are waited for, and the exchange (`call`) is retried while
//! the failure is transient and nothing was shown yet (an `overloaded` inside a 200 stream
//! included); a context-length error sends the prompt again at half the budget, once. Every
//! outcome is counted per provider and day. No HTTP client exists until a request is made.

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use anyhow::Result;

use super::budget;
use super::cache::{self, Cache};
use super::call::{Exchange, FailKind, Failure};
use super::privacy;
use super::settings::{Endpoint, Settings};
use super::wire::{ErrorKind, Prompt, Usage};
use crate::net::{CancellationToken, Http, Limiter, Rates, RetryPolicy, Secret, SecretSource};

/// A prompt built for a token budget, with a note when context was left out to fit.
#[derive(Clone, Debug)]
pub struct Built {
    pub prompt: Prompt,
    pub note: Option<String>,
}

/// Builds the prompt for a budget (the gateway may ask again with a smaller one).
pub type Builder<'a> = dyn Fn(u32) -> Built + Send + Sync + 'a;

/// How to make one call.
#[derive(Clone, Copy, Debug, Default)]
pub struct CallOptions {
    pub no_cache: bool,
    pub stream: bool,
}

/// A finished answer.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub text: String,
    /// `provider:model` that answered.
    pub endpoint: String,
    pub cached: bool,
    pub usage: Usage,
    /// Estimated tokens of the prompt sent.
    pub prompt_tokens: u32,
    /// What the user should know: context left out, fallbacks taken.
    pub notes: Vec<String>,
    #[serde(skip)]
    pub first_token: Option<Duration>,
    #[serde(skip)]
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("cancelled")]
    Cancelled,
    #[error("{endpoint}: {message} — the answer above is incomplete")]
    Interrupted { endpoint: String, message: String },
    #[error("no LLM answered: {}", .0.iter().map(|(e, m)| format!("{e}: {m}")).collect::<Vec<_>>().join("; "))]
    Failed(Vec<(String, String)>),
}

/// What `--dry-run` shows for one endpoint: exactly the request that would be sent.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRun {
    pub endpoint: String,
    pub url: String,
    /// Headers other than the key, and where the key would come from.
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
    pub prompt_tokens: u32,
    pub note: Option<String>,
}

pub struct Gateway {
    pub settings: Settings,
    http: OnceLock<Http>,
    tokens: Option<Arc<Limiter>>,
    cache: Option<Arc<Mutex<Cache>>>,
    policy: RetryPolicy,
}

impl Gateway {
    /// A gateway over `settings`, caching in `cache_path` (`None`: no cache, no usage counts).
    pub fn new(settings: Settings, cache_path: Option<&Path>) -> Result<Gateway> {
        let cache = match cache_path {
            Some(p) => Some(Arc::new(Mutex::new(Cache::open(p)?))),
            None => None,
        };
        let tokens = settings.tokens_per_minute.map(|t| {
            Arc::new(Limiter::new(Rates {
                requests_per_minute: None,
                units_per_minute: Some(t),
            }))
        });
        Ok(Gateway {
            settings,
            http: OnceLock::new(),
            tokens,
            cache,
            policy: RetryPolicy::default(),
        })
    }

    /// Uses `policy` for every retry (tests use short waits).
    pub fn with_policy(mut self, policy: RetryPolicy) -> Gateway {
        self.policy = policy;
        self
    }

    /// Requests put on the wire so far (0 until a request is made; no client exists before).
    pub fn requests_sent(&self) -> u64 {
        self.http.get().map_or(0, Http::requests_sent)
    }

    fn http(&self) -> Result<&Http, Failure> {
        if let Some(h) = self.http.get() {
            return Ok(h);
        }
        let t = self.settings.timeouts;
        let mut http = Http::new(crate::net::Timeouts {
            connect: t.connect,
            first_byte: t.first_token,
            total: t.total,
        })
        .map_err(|e| Failure::new(FailKind::Connect, e.to_string()))?;
        if let Some(rpm) = self.settings.requests_per_minute {
            http = http.with_limiter(Arc::new(Limiter::new(Rates {
                requests_per_minute: Some(rpm),
                units_per_minute: None,
            })));
        }
        Ok(self.http.get_or_init(|| http))
    }

    /// Exactly what each endpoint would be sent, without sending anything.
    pub fn dry_run(&self, build: &Builder<'_>) -> Vec<DryRun> {
        self.settings
            .chain
            .iter()
            .map(|ep| {
                let built = build(ep.max_prompt_tokens);
                let prompt = privacy::scrub(&built.prompt);
                let wire = ep
                    .kind
                    .request(&ep.base_url, &ep.model, &prompt, &ep.params, true);
                let mut headers: Vec<(String, String)> = wire
                    .headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.clone()))
                    .collect();
                let key_from: Vec<String> =
                    ep.key_sources.iter().map(SecretSource::describe).collect();
                if !key_from.is_empty() {
                    let name = match ep.kind.key_header() {
                        super::wire::KeyHeader::Bearer => "authorization",
                        super::wire::KeyHeader::Named(n) => n,
                    };
                    let optional = if ep.kind.key_optional(&ep.base_url) {
                        ", if set"
                    } else {
                        ""
                    };
                    headers.push((
                        name.into(),
                        format!("[key from {}{optional}]", key_from.join(", then ")),
                    ));
                }
                DryRun {
                    endpoint: ep.label(),
                    url: wire.url,
                    headers,
                    body: wire.body,
                    prompt_tokens: budget::estimate_prompt(&prompt),
                    note: built.note,
                }
            })
            .collect()
    }

    /// The estimated prompt tokens the primary endpoint would be sent (for confirmations).
    pub fn estimate(&self, build: &Builder<'_>) -> u32 {
        self.settings.chain.first().map_or(0, |ep| {
            budget::estimate_prompt(&privacy::scrub(&build(ep.max_prompt_tokens).prompt))
        })
    }

    /// Sends the call down the chain; streamed text goes to `sink`.
    pub async fn complete(
        &self,
        build: &Builder<'_>,
        options: CallOptions,
        sink: &mut (dyn FnMut(&str) + Send),
        cancel: &CancellationToken,
    ) -> Result<Answer, LlmError> {
        let mut failures: Vec<(String, String)> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        for ep in &self.settings.chain {
            if !failures.is_empty() {
                notes.push(format!(
                    "answered by the fallback {} ({})",
                    ep.label(),
                    failures
                        .iter()
                        .map(|(e, m)| format!("{e}: {m}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
            match self.try_endpoint(ep, build, options, sink, cancel).await {
                Ok(mut answer) => {
                    answer.notes.splice(0..0, notes);
                    return Ok(answer);
                }
                Err(f) if f.kind == FailKind::Cancelled => return Err(LlmError::Cancelled),
                Err(f) if f.emitted => {
                    return Err(LlmError::Interrupted {
                        endpoint: ep.label(),
                        message: f.message,
                    })
                }
                Err(f) => {
                    notes.clear();
                    failures.push((ep.label(), f.message));
                }
            }
        }
        Err(LlmError::Failed(failures))
    }

    async fn try_endpoint(
        &self,
        ep: &Endpoint,
        build: &Builder<'_>,
        options: CallOptions,
        sink: &mut (dyn FnMut(&str) + Send),
        cancel: &CancellationToken,
    ) -> Result<Answer, Failure> {
        let mut budget_tokens = ep.max_prompt_tokens;
        let mut notes = Vec::new();
        loop {
            let built = build(budget_tokens);
            let prompt = privacy::scrub(&built.prompt);
            let prompt_tokens = budget::estimate_prompt(&prompt);
            let key = Cache::key(ep, &prompt);
            let use_cache = self.settings.cache && self.cache.is_some();
            if use_cache && !options.no_cache {
                let (k, ttl) = (key.clone(), self.settings.cache_ttl);
                if let Some(Some(hit)) = self.with_cache(move |c| c.get(&k, ttl)).await {
                    self.count(ep, cache::Event::CacheHit).await;
                    sink(&hit.text);
                    notes.extend(built.note);
                    notes.push(format!(
                        "from the cache ({} min old; --no-cache asks again)",
                        hit.age / 60
                    ));
                    return Ok(Answer {
                        text: hit.text,
                        endpoint: ep.label(),
                        cached: true,
                        usage: hit.usage,
                        prompt_tokens,
                        notes,
                        first_token: None,
                        elapsed: Duration::ZERO,
                    });
                }
            }
            let secret = resolve_key(ep).await?;
            if let Some(t) = &self.tokens {
                t.acquire(prompt_tokens + ep.params.max_output_tokens).await;
            }
            match self
                .exchange(ep, secret.as_ref(), &prompt, options, sink, cancel)
                .await
            {
                Ok(done) => {
                    let c = done.completion;
                    self.count(ep, cache::Event::Answered(c.usage)).await;
                    if use_cache {
                        let (k, e, t, u) = (key, ep.clone(), c.text.clone(), c.usage);
                        self.with_cache(move |cache| cache.put(&k, &e, &t, u)).await;
                    }
                    notes.extend(built.note);
                    if c.stop_reason
                        .as_deref()
                        .is_some_and(|r| matches!(r, "length" | "max_tokens" | "MAX_TOKENS"))
                    {
                        notes.push("the answer reached llm.max_output_tokens and was cut".into());
                    }
                    return Ok(Answer {
                        text: c.text,
                        endpoint: ep.label(),
                        cached: false,
                        usage: c.usage,
                        prompt_tokens,
                        notes,
                        first_token: done.first_token,
                        elapsed: done.elapsed,
                    });
                }
                Err(f)
                    if f.kind == FailKind::Provider(ErrorKind::ContextLength)
                        && !f.emitted
                        && budget_tokens == ep.max_prompt_tokens =>
                {
                    self.count(ep, cache::Event::Failed).await;
                    budget_tokens /= 2;
                    notes.push(format!(
                        "{} said the prompt was too long; sent again with a budget of {budget_tokens} tokens",
                        ep.label()
                    ));
                }
                Err(f) => {
                    if f.kind != FailKind::Cancelled {
                        self.count(ep, cache::Event::Failed).await;
                    }
                    return Err(f);
                }
            }
        }
    }

    /// One endpoint's exchange, tried again (after a jittered backoff) while it fails
    /// transiently before showing anything — e.g. `overloaded` inside a 200 stream, which
    /// `net`'s HTTP-level retries cannot see.
    async fn exchange(
        &self,
        ep: &Endpoint,
        key: Option<&Secret>,
        prompt: &Prompt,
        options: CallOptions,
        sink: &mut (dyn FnMut(&str) + Send),
        cancel: &CancellationToken,
    ) -> Result<super::call::Done, Failure> {
        let http = self.http()?;
        let exchange = Exchange {
            http,
            endpoint: ep,
            key,
            timeouts: self.settings.timeouts,
            policy: &self.policy,
            stream: options.stream,
        };
        let mut attempt = 0;
        loop {
            match exchange.run(prompt, sink, cancel).await {
                Err(f) if f.is_transient() && attempt + 1 < self.policy.max_attempts.max(1) => {
                    let pause = self.policy.backoff(attempt);
                    tracing::debug!(target: "aexy::llm", endpoint = %ep.label(), attempt, error = %f, "retrying");
                    tokio::select! {
                        _ = cancel.cancelled() => return Err(super::call::cancelled()),
                        _ = tokio::time::sleep(pause) => {}
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn count(&self, ep: &Endpoint, event: cache::Event) {
        let e = ep.clone();
        self.with_cache(move |c| c.record(&e, event)).await;
    }

    /// Runs `f` on the cache off the async threads; failures are logged, never fatal.
    async fn with_cache<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Cache) -> Result<T> + Send + 'static,
    ) -> Option<T> {
        let cache = self.cache.clone()?;
        let result = tokio::task::spawn_blocking(move || {
            let guard = cache
                .lock()
                .map_err(|_| anyhow::anyhow!("cache lock poisoned"))?;
            f(&guard)
        })
        .await;
        match result {
            Ok(Ok(v)) => Some(v),
            Ok(Err(e)) => {
                tracing::warn!(target: "aexy::llm", "LLM cache: {e:#}");
                None
            }
            Err(e) => {
                tracing::warn!(target: "aexy::llm", "LLM cache: {e}");
                None
            }
        }
    }
}

/// The endpoint's key, resolved now (a `key_command` runs off the async threads); `Ok(None)`
/// for a local server that needs none.
async fn resolve_key(ep: &Endpoint) -> Result<Option<Secret>, Failure> {
    let sources = ep.key_sources.clone();
    let found = tokio::task::spawn_blocking(move || {
        SecretSource::resolve_first(&sources).map(|o| o.map(|(s, _)| s))
    })
    .await
    .map_err(|e| Failure::new(FailKind::NoKey, e.to_string()))?
    .map_err(|e| Failure::new(FailKind::NoKey, e.to_string()))?;
    match found {
        Some(s) => Ok(Some(s)),
        None if ep.kind.key_optional(&ep.base_url) => Ok(None),
        None => Err(Failure::new(
            FailKind::NoKey,
            format!(
                "no key: set {} (or llm.{}.key_command)",
                ep.key_sources
                    .first()
                    .map_or("a key variable".into(), SecretSource::describe),
                ep.kind.name()
            ),
        )),
    }
}
