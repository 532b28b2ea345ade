//! The LLM layer's own SQLite database (`<data dir>/llm.sqlite`, never a repository's index):
//! answers cached by provider, model, parameters and the hash of the prompt sent (with a TTL),
//! and token usage per provider, model and UTC day. Prompts themselves are not stored.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result};
use rusqlite::{params, Connection, OptionalExtension};

use super::settings::Endpoint;
use super::wire::{Prompt, Usage};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    created INTEGER NOT NULL,
    text TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS usage (
    day TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    cache_hits INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, provider, model)
);
"#;

/// `<data dir>/llm.sqlite`.
pub fn default_path() -> PathBuf {
    crate::store::location::data_dir().join("llm.sqlite")
}

/// A cached answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub text: String,
    pub usage: Usage,
    /// Seconds since it was stored.
    pub age: u64,
}

/// One row of `aexy llm usage`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageRow {
    pub day: String,
    pub provider: String,
    pub model: String,
    pub requests: u64,
    pub errors: u64,
    pub cache_hits: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// What happened to one call, for the usage table.
pub enum Event {
    Answered(Usage),
    Failed,
    CacheHit,
}

pub struct Cache {
    conn: Connection,
}

impl Cache {
    pub fn open(path: &Path) -> Result<Cache> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the LLM cache {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Cache { conn })
    }

    /// The cache key: provider, model, base URL, parameters and the prompt as sent, hashed
    /// (SHA-1 through git's object hashing; the prompt is not kept).
    pub fn key(endpoint: &Endpoint, prompt: &Prompt) -> String {
        let material = serde_json::json!({
            "provider": endpoint.kind.name(),
            "model": endpoint.model,
            "base": endpoint.base_url,
            "params": endpoint.params,
            "prompt": prompt,
        });
        let bytes = serde_json::to_vec(&material).unwrap_or_default();
        git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
            .map(|o| o.to_string())
            .unwrap_or_default()
    }

    /// A stored answer younger than `ttl`.
    pub fn get(&self, key: &str, ttl: Duration) -> Result<Option<Hit>> {
        let now = now_secs();
        let row: Option<(i64, String, i64, i64)> = self
            .conn
            .query_row(
                "SELECT created, text, input_tokens, output_tokens FROM responses WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(row.and_then(|(created, text, i, o)| {
            let age = now.saturating_sub(created.max(0) as u64);
            (age <= ttl.as_secs()).then_some(Hit {
                text,
                usage: Usage {
                    input_tokens: i.max(0) as u64,
                    output_tokens: o.max(0) as u64,
                },
                age,
            })
        }))
    }

    pub fn put(&self, key: &str, endpoint: &Endpoint, text: &str, usage: Usage) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO responses (key, provider, model, created, text, input_tokens, output_tokens) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                key,
                endpoint.kind.name(),
                endpoint.model,
                now_secs() as i64,
                text,
                usage.input_tokens as i64,
                usage.output_tokens as i64
            ],
        )?;
        Ok(())
    }

    /// Drops answers older than `ttl`; returns how many.
    pub fn prune(&self, ttl: Duration) -> Result<usize> {
        let cutoff = now_secs().saturating_sub(ttl.as_secs()) as i64;
        Ok(self
            .conn
            .execute("DELETE FROM responses WHERE created < ?1", [cutoff])?)
    }

    pub fn record(&self, endpoint: &Endpoint, event: Event) -> Result<()> {
        let (req, err, hit, usage) = match event {
            Event::Answered(u) => (1, 0, 0, u),
            Event::Failed => (1, 1, 0, Usage::default()),
            Event::CacheHit => (0, 0, 1, Usage::default()),
        };
        self.conn.execute(
            "INSERT INTO usage (day, provider, model, requests, errors, cache_hits, input_tokens, output_tokens) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (day, provider, model) DO UPDATE SET \
             requests = requests + excluded.requests, errors = errors + excluded.errors, \
             cache_hits = cache_hits + excluded.cache_hits, \
             input_tokens = input_tokens + excluded.input_tokens, \
             output_tokens = output_tokens + excluded.output_tokens",
            params![
                utc_day(now_secs()),
                endpoint.kind.name(),
                endpoint.model,
                req,
                err,
                hit,
                usage.input_tokens as i64,
                usage.output_tokens as i64
            ],
        )?;
        Ok(())
    }

    /// Usage rows of the last `days` days (today included), newest first.
    pub fn usage(&self, days: u32) -> Result<Vec<UsageRow>> {
        let since = utc_day(now_secs().saturating_sub(u64::from(days.max(1) - 1) * 86_400));
        let mut st = self.conn.prepare(
            "SELECT day, provider, model, requests, errors, cache_hits, input_tokens, output_tokens \
             FROM usage WHERE day >= ?1 ORDER BY day DESC, provider, model",
        )?;
        let rows = st
            .query_map([since], |r| {
                Ok(UsageRow {
                    day: r.get(0)?,
                    provider: r.get(1)?,
                    model: r.get(2)?,
                    requests: r.get::<_, i64>(3)?.max(0) as u64,
                    errors: r.get::<_, i64>(4)?.max(0) as u64,
                    cache_hits: r.get::<_, i64>(5)?.max(0) as u64,
                    input_tokens: r.get::<_, i64>(6)?.max(0) as u64,
                    output_tokens: r.get::<_, i64>(7)?.max(0) as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `YYYY-MM-DD` of a Unix time, in UTC.
fn utc_day(secs: u64) -> String {
    crate::time::rfc3339(secs as i64, 0)[..10].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::provider::Kind;
    use crate::llm::wire::Params;

    fn endpoint(model: &str) -> Endpoint {
        Endpoint {
            kind: Kind::OpenAi,
            model: model.into(),
            base_url: "http://127.0.0.1:1".into(),
            key_sources: Vec::new(),
            params: Params::default(),
            max_prompt_tokens: 1000,
        }
    }

    #[test]
    fn answers_come_back_by_key_until_they_expire() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("llm.sqlite")).unwrap();
        let e = endpoint("m");
        let p = Prompt::user("s", "why?");
        let key = Cache::key(&e, &p);
        assert_ne!(
            key,
            Cache::key(&endpoint("other"), &p),
            "the model is part of the key"
        );
        assert_ne!(key, Cache::key(&e, &Prompt::user("s", "why not?")));
        let mut hotter = e.clone();
        hotter.params.temperature = 0.9;
        assert_ne!(
            key,
            Cache::key(&hotter, &p),
            "parameters are part of the key"
        );
        assert_eq!(cache.get(&key, Duration::from_secs(60)).unwrap(), None);
        let u = Usage {
            input_tokens: 10,
            output_tokens: 3,
        };
        cache.put(&key, &e, "because", u).unwrap();
        let hit = cache.get(&key, Duration::from_secs(60)).unwrap().unwrap();
        assert_eq!((hit.text.as_str(), hit.usage), ("because", u));
        cache
            .conn
            .execute("UPDATE responses SET created = created - 120", [])
            .unwrap();
        assert_eq!(cache.get(&key, Duration::from_secs(60)).unwrap(), None);
        assert_eq!(cache.prune(Duration::from_secs(60)).unwrap(), 1);
    }

    #[test]
    fn usage_adds_up_per_day_provider_and_model() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("llm.sqlite")).unwrap();
        let e = endpoint("m");
        let u = Usage {
            input_tokens: 100,
            output_tokens: 20,
        };
        cache.record(&e, Event::Answered(u)).unwrap();
        cache.record(&e, Event::Answered(u)).unwrap();
        cache.record(&e, Event::Failed).unwrap();
        cache.record(&e, Event::CacheHit).unwrap();
        let rows = cache.usage(1).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(
            (
                r.requests,
                r.errors,
                r.cache_hits,
                r.input_tokens,
                r.output_tokens
            ),
            (3, 1, 1, 200, 40)
        );
        assert_eq!(r.day, utc_day(now_secs()));
    }
}
