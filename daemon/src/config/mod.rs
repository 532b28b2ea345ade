//! Configuration of the optional features (sources, LLM providers …): the user file, then
//! `git config aexy.*`, then environment variables, merged into one view that can say where
//! each setting came from. Secrets are never stored here, only where to get them.

mod env;
mod flex;
mod git;
mod tree;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::net::SecretSource;

pub use env::{ENV_ALIASES, SECTIONS};

/// Where a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The user file (`$AEXY_CONFIG` or `<config dir>/aexy/config.toml`).
    File(PathBuf),
    /// `git config` at this level (`local`, `global`, `system`, `worktree` …).
    Git(String),
    /// An environment variable.
    Env(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Git(level) => write!(f, "git config ({level})"),
            Origin::Env(var) => write!(f, "${var}"),
        }
    }
}

/// One setting: a typed value from the TOML file, or text from git config / the environment
/// (typed when a section is read: `true`, `42` … are tried as such, then as text).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Toml(toml::Value),
    Text(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub value: Value,
    pub origin: Origin,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read the configuration file {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("could not read git config: {0}")]
    Git(String),
    #[error("the [{section}] settings are not valid: {reason}")]
    Section { section: String, reason: String },
}

/// The merged configuration: later sources override earlier ones (file < git config < env).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Dotted keys (`github.api_url`, `llm`) to their value and origin.
    entries: BTreeMap<String, Entry>,
    file: Option<PathBuf>,
}

impl Config {
    /// Loads the user file, the repository's git config (or the global one without a
    /// repository) and the process environment.
    pub fn load(repo: Option<&git2::Repository>) -> Result<Config, ConfigError> {
        let git_config = match repo {
            Some(repo) => repo.config(),
            None => git2::Config::open_default(),
        }
        .map_err(|e| ConfigError::Git(e.message().to_string()))?;
        let file = Self::user_file();
        Self::load_from(
            file.as_deref(),
            Some(&git_config),
            &std::env::vars().collect::<Vec<_>>(),
        )
    }

    /// The same from explicit parts (tests, and callers holding a git config already).
    pub fn load_from(
        file: Option<&Path>,
        git_config: Option<&git2::Config>,
        env: &[(String, String)],
    ) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        if let Some(path) = file {
            if path.exists() {
                tree::read_file(path, &mut config.entries)?;
                config.file = Some(path.to_path_buf());
            }
        }
        if let Some(git_config) = git_config {
            git::read(git_config, &mut config.entries)?;
        }
        env::read(env, &mut config.entries);
        Ok(config)
    }

    /// `$AEXY_CONFIG`, else `<config dir>/aexy/config.toml` (`~/.config/aexy/config.toml`).
    pub fn user_file() -> Option<PathBuf> {
        match std::env::var_os("AEXY_CONFIG") {
            Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
            _ => dirs::config_dir().map(|dir| dir.join("aexy").join("config.toml")),
        }
    }

    /// The user file that was read, if one exists.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// A section deserialized into `T` (missing keys take `T`'s serde defaults).
    pub fn section<T: DeserializeOwned>(&self, name: &str) -> Result<T, ConfigError> {
        tree::section(&self.entries, name)
    }

    /// One setting as text (`github.repo`, or a bare `llm`).
    pub fn get(&self, key: &str) -> Option<String> {
        self.entries.get(key).map(|e| match &e.value {
            Value::Text(s) => s.clone(),
            Value::Toml(toml::Value::String(s)) => s.clone(),
            Value::Toml(v) => tree::scalar_text(v),
        })
    }

    /// A yes/no setting (`true/false`, `yes/no`, `on/off`, `1/0`), `None` when unset or not a flag.
    pub fn flag(&self, key: &str) -> Option<bool> {
        match &self.entries.get(key)?.value {
            Value::Toml(toml::Value::Boolean(b)) => Some(*b),
            Value::Toml(toml::Value::Integer(n)) => Some(*n != 0),
            Value::Toml(toml::Value::String(s)) | Value::Text(s) => match s.trim() {
                "1" => Some(true),
                "0" => Some(false),
                other => tree::parse_flag(other),
            },
            Value::Toml(_) => None,
        }
    }

    /// Where a setting came from.
    pub fn origin(&self, key: &str) -> Option<&Origin> {
        self.entries.get(key).map(|e| &e.origin)
    }

    /// Every key set under `section` with its origin (for `aexy connect status`); values are
    /// not returned (a misplaced secret must not be printed back).
    pub fn keys(&self, section: &str) -> Vec<(String, Origin)> {
        let prefix = format!("{section}.");
        self.entries
            .iter()
            .filter(|(k, _)| k.as_str() == section || k.starts_with(&prefix))
            .map(|(k, e)| (k.clone(), e.origin.clone()))
            .collect()
    }

    /// Where to get a section's secret, in order: the environment variables named by
    /// `<section>.<prefix>_env` (or `default_env`), then `<section>.<prefix>_command`.
    /// `prefix` is `token` for sources and `key` for LLM providers.
    pub fn secret_sources(
        &self,
        section: &str,
        prefix: &str,
        default_env: &[&str],
    ) -> Vec<SecretSource> {
        let mut sources = Vec::new();
        let names: Vec<String> = match self.get(&format!("{section}.{prefix}_env")) {
            Some(list) => list
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            None => default_env.iter().map(|s| s.to_string()).collect(),
        };
        if !names.is_empty() {
            sources.push(SecretSource::Env(names));
        }
        if let Some(cmd) = self.get(&format!("{section}.{prefix}_command")) {
            if !cmd.trim().is_empty() {
                sources.push(SecretSource::Command(cmd));
            }
        }
        sources
    }
}

#[cfg(test)]
mod tests;
