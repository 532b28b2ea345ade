//! What the user configured for the LLM layer, from the `[llm]` section (`config::Config`: user
//! file < `git config aexy.llm.*` < `AEXY_LLM_*`), the bare `llm` value (`AEXY_LLM=PROVIDER:MODEL`,
//! or `off`), per-provider tables (`[llm.anthropic]` base URL, key variable, `key_command`,
//! context size), a fallback list, timeouts, limits, the cache, and paths never sent. Nothing is
//! configured unless a provider is named; a repository's `git config aexy.llm false` forbids it
//! whatever else says.

use std::time::Duration;

use anyhow::Result;

use super::provider::Kind;
use super::wire::Params;
use crate::config::{Config, Origin};
use crate::net::SecretSource;

/// The `[llm]` section (every key optional).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Section {
    enabled: Option<bool>,
    /// `PROVIDER:MODEL`, or `PROVIDER` with `model`.
    provider: Option<String>,
    model: Option<String>,
    base_url: Option<String>,
    fallback: Vec<String>,
    ignore: Vec<String>,
    max_prompt_tokens: Option<u32>,
    max_output_tokens: Option<u32>,
    context_tokens: Option<u32>,
    temperature: Option<f64>,
    connect_timeout_secs: Option<u64>,
    first_token_timeout_secs: Option<u64>,
    total_timeout_secs: Option<u64>,
    requests_per_minute: Option<u32>,
    tokens_per_minute: Option<u32>,
    cache: Option<bool>,
    cache_ttl_hours: Option<u64>,
    confirm_tokens: Option<u32>,
}

/// A `[llm.<provider>]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ProviderSection {
    base_url: Option<String>,
    context_tokens: Option<u32>,
    max_prompt_tokens: Option<u32>,
}

/// One model at one provider, ready to be called.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub kind: Kind,
    pub model: String,
    pub base_url: String,
    /// Where the key comes from, in order (resolved only when a request is made).
    pub key_sources: Vec<SecretSource>,
    pub params: Params,
    /// The most prompt tokens sent to this model.
    pub max_prompt_tokens: u32,
}

impl Endpoint {
    /// `provider:model`, as users write it.
    pub fn label(&self) -> String {
        format!("{}:{}", self.kind.name(), self.model)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// Until the first token of the answer (local models loading cold need minutes).
    pub first_token: Duration,
    pub total: Duration,
}

/// Why no LLM will be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Off {
    /// No provider named anywhere.
    NotConfigured,
    /// Switched off by the user (`enabled = false`, `AEXY_LLM=off`).
    Disabled(String),
    /// The repository forbids it (`git config aexy.llm false`).
    ForbiddenByRepository,
}

impl std::fmt::Display for Off {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Off::NotConfigured => f.write_str(
                "no LLM is configured (set AEXY_LLM=PROVIDER:MODEL or [llm] provider in the config file)",
            ),
            Off::Disabled(by) => write!(f, "the LLM is switched off ({by})"),
            Off::ForbiddenByRepository => {
                f.write_str("this repository forbids sending anything to an LLM (git config aexy.llm false)")
            }
        }
    }
}

/// The LLM layer's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The primary endpoint first, then the fallbacks.
    pub chain: Vec<Endpoint>,
    pub timeouts: Timeouts,
    pub requests_per_minute: Option<u32>,
    pub tokens_per_minute: Option<u32>,
    pub cache: bool,
    pub cache_ttl: Duration,
    /// Paths (git wildmatch patterns) never sent.
    pub ignore: Vec<String>,
    /// Prompts estimated above this many tokens ask the editor user first.
    pub confirm_tokens: u32,
    /// Where the primary choice came from (for `aexy llm status`).
    pub origin: Option<Origin>,
}

pub const DEFAULT_MAX_PROMPT_TOKENS: u32 = 8_000;
pub const DEFAULT_CONFIRM_TOKENS: u32 = 6_000;

/// The settings for `repo` (or without a repository), or why there are none.
pub fn load(repo: Option<&git2::Repository>) -> Result<std::result::Result<Settings, Off>> {
    if let Some(repo) = repo {
        if repo_forbids(repo) {
            return Ok(Err(Off::ForbiddenByRepository));
        }
    }
    let config = Config::load(repo)?;
    from_config(&config)
}

/// `git config aexy.llm false` in the repository (any level git reads for it). Read directly:
/// no environment variable or user file can lift it.
pub fn repo_forbids(repo: &git2::Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    matches!(config.get_bool("aexy.llm"), Ok(false))
}

/// The settings a merged configuration gives.
pub fn from_config(config: &Config) -> Result<std::result::Result<Settings, Off>> {
    let s: Section = config.section("llm")?;
    // the bare value: `AEXY_LLM=anthropic:claude-…`, `AEXY_LLM=off`, `[llm] = …` is not TOML
    let bare = config.get("llm");
    if let Some(b) = bare.as_deref().map(str::trim) {
        if matches!(
            b.to_ascii_lowercase().as_str(),
            "off" | "false" | "no" | "0" | "none" | "disabled"
        ) {
            let by = config
                .origin("llm")
                .map_or("llm".into(), ToString::to_string);
            return Ok(Err(Off::Disabled(by)));
        }
    }
    if s.enabled == Some(false) {
        let by = config
            .origin("llm.enabled")
            .map_or("llm.enabled".into(), ToString::to_string);
        return Ok(Err(Off::Disabled(by)));
    }
    let (primary, origin) = match (bare.filter(|b| b.contains(':')), &s.provider) {
        (Some(b), _) => (b, config.origin("llm").cloned()),
        (None, Some(p)) => (p.clone(), config.origin("llm.provider").cloned()),
        (None, None) => return Ok(Err(Off::NotConfigured)),
    };
    let mut chain = vec![endpoint(config, &s, &primary, true)?];
    for f in &s.fallback {
        chain.push(endpoint(config, &s, f, false)?);
    }
    let secs = |v: Option<u64>, d: u64| Duration::from_secs(v.unwrap_or(d));
    Ok(Ok(Settings {
        chain,
        timeouts: Timeouts {
            connect: secs(s.connect_timeout_secs, 10),
            first_token: secs(s.first_token_timeout_secs, 120),
            total: secs(s.total_timeout_secs, 300),
        },
        requests_per_minute: s.requests_per_minute,
        tokens_per_minute: s.tokens_per_minute,
        cache: s.cache.unwrap_or(true),
        cache_ttl: Duration::from_secs(3600 * s.cache_ttl_hours.unwrap_or(24 * 7)),
        ignore: s.ignore.clone(),
        confirm_tokens: s.confirm_tokens.unwrap_or(DEFAULT_CONFIRM_TOKENS),
        origin,
    }))
}

/// `PROVIDER:MODEL` (or `PROVIDER` with `llm.model` for the primary) as an endpoint. The
/// primary takes `llm.base_url` (`AEXY_LLM_BASE_URL`); every endpoint its provider's table.
fn endpoint(config: &Config, s: &Section, spec: &str, primary: bool) -> Result<Endpoint> {
    let (name, model) = match spec.split_once(':') {
        Some((p, m)) => (p.trim(), m.trim().to_owned()),
        None if primary => (
            spec.trim(),
            s.model.clone().ok_or_else(|| {
                anyhow::anyhow!(
                    "llm.provider is {spec:?} but no model is named: write PROVIDER:MODEL"
                )
            })?,
        ),
        None => anyhow::bail!("the fallback {spec:?} names no model: write PROVIDER:MODEL"),
    };
    let kind = Kind::parse(name).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown LLM provider {name:?} (known: {})",
            super::provider::NAMES.join(", ")
        )
    })?;
    anyhow::ensure!(!model.is_empty(), "the LLM choice {spec:?} names no model");
    let table = format!("llm.{}", kind.name());
    let p: ProviderSection = config.section(&table)?;
    let base_url = match (primary, &s.base_url, &p.base_url) {
        (true, Some(b), _) => b.clone(),
        (_, _, Some(b)) => b.clone(),
        _ => kind.default_base_url().to_owned(),
    };
    let mut key_sources = config.secret_sources(&table, "key", kind.key_variables());
    key_sources.extend(config.secret_sources("llm", "key", &[]));
    let context_tokens = p
        .context_tokens
        .or(s.context_tokens)
        .unwrap_or_else(|| kind.default_context_tokens());
    let max_output_tokens = s
        .max_output_tokens
        .unwrap_or(Params::default().max_output_tokens);
    let budget = p
        .max_prompt_tokens
        .or(s.max_prompt_tokens)
        .unwrap_or(DEFAULT_MAX_PROMPT_TOKENS)
        .min(context_tokens.saturating_sub(max_output_tokens).max(256));
    Ok(Endpoint {
        kind,
        model,
        base_url: base_url.trim_end_matches('/').to_owned(),
        key_sources,
        params: Params {
            max_output_tokens,
            temperature: s.temperature.unwrap_or(Params::default().temperature),
            context_tokens,
        },
        max_prompt_tokens: budget,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(file: &str, env: &[(&str, &str)]) -> std::result::Result<Settings, Off> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, file).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let config = Config::load_from(Some(&path), None, &env).unwrap();
        from_config(&config).unwrap()
    }

    #[test]
    fn nothing_named_is_nothing_configured() {
        assert_eq!(settings("", &[]).unwrap_err(), Off::NotConfigured);
        assert_eq!(
            settings("[llm]\nmax_prompt_tokens = 10\n", &[]).unwrap_err(),
            Off::NotConfigured
        );
    }

    #[test]
    fn the_environment_chooses_and_overrides_the_file() {
        let file = "[llm]\nprovider = \"ollama:llama3.2\"\nfallback = [\"anthropic:claude-haiku\"]\n\
                    [llm.ollama]\ncontext_tokens = 16384\n[llm.anthropic]\nkey_command = \"pass show claude\"\n";
        let s = settings(file, &[]).unwrap();
        assert_eq!(s.chain[0].label(), "ollama:llama3.2");
        assert_eq!(s.chain[0].params.context_tokens, 16384);
        assert_eq!(s.chain[0].base_url, "http://127.0.0.1:11434");
        assert_eq!(s.chain[1].label(), "anthropic:claude-haiku");
        assert_eq!(
            s.chain[1].key_sources,
            vec![
                SecretSource::Env(vec!["ANTHROPIC_API_KEY".into()]),
                SecretSource::Command("pass show claude".into())
            ]
        );
        let s = settings(
            file,
            &[
                ("AEXY_LLM", "openai:smollm2"),
                ("AEXY_LLM_BASE_URL", "http://127.0.0.1:8080/"),
            ],
        )
        .unwrap();
        assert_eq!(s.chain[0].label(), "openai:smollm2");
        assert_eq!(s.chain[0].base_url, "http://127.0.0.1:8080");
        assert_eq!(s.origin, Some(Origin::Env("AEXY_LLM".into())));
        assert!(matches!(
            settings(file, &[("AEXY_LLM", "off")]).unwrap_err(),
            Off::Disabled(_)
        ));
    }

    #[test]
    fn the_prompt_budget_fits_the_context() {
        let s = settings(
            "[llm]\nprovider = \"openai:m\"\ncontext_tokens = 4096\nmax_output_tokens = 512\n",
            &[],
        )
        .unwrap();
        assert_eq!(s.chain[0].max_prompt_tokens, 4096 - 512);
    }

    #[test]
    fn unknown_providers_and_missing_models_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "").unwrap();
        for bad in ["bard:x", "openai:"] {
            let env = vec![("AEXY_LLM".to_string(), bad.to_string())];
            let config = Config::load_from(Some(&path), None, &env).unwrap();
            assert!(from_config(&config).is_err(), "{bad}");
        }
    }
}
