//! `aexy llm bench`: the gateway's own overhead, measured against a direct call to the same
//! server in one run — the same request body sent with a bare `reqwest` client (streamed, first
//! text delta timed) and through the gateway (no cache), alternately, medians reported — and
//! the cost of a cache hit. Measurement only: nothing here is used by answers.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::gateway::{Builder, CallOptions, Gateway};
use super::privacy;
use super::wire::StreamEvent;
use crate::net::CancellationToken;

/// One side's timings.
#[derive(Clone, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    pub first_token_ms: Vec<f64>,
    pub total_ms: Vec<f64>,
}

impl Timings {
    fn push(&mut self, first: Duration, total: Duration) {
        self.first_token_ms.push(first.as_secs_f64() * 1000.0);
        self.total_ms.push(total.as_secs_f64() * 1000.0);
    }

    pub fn median_first(&self) -> f64 {
        median(&self.first_token_ms)
    }

    pub fn median_total(&self) -> f64 {
        median(&self.total_ms)
    }
}

pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub endpoint: String,
    pub runs: usize,
    pub direct: Timings,
    pub gateway: Timings,
    /// Repeats of the same call answered from the cache, and how long a hit took.
    pub cache_hits: usize,
    pub cache_repeats: usize,
    pub cache_hit_ms: Vec<f64>,
}

/// Runs `runs` direct and gateway calls alternately on the primary endpoint, then `runs`
/// cached repeats.
pub async fn run(gw: &Gateway, build: &Builder<'_>, runs: usize) -> Result<Report> {
    let ep = gw
        .settings
        .chain
        .first()
        .context("no endpoint configured")?
        .clone();
    let prompt = privacy::scrub(&build(ep.max_prompt_tokens).prompt);
    let wire = ep
        .kind
        .request(&ep.base_url, &ep.model, &prompt, &ep.params, true);
    let direct_client = reqwest::Client::new();
    let mut report = Report {
        endpoint: ep.label(),
        runs,
        ..Report::default()
    };
    let cancel = CancellationToken::new();
    let fresh = CallOptions {
        no_cache: true,
        stream: true,
    };
    for _ in 0..runs {
        // direct: the same body, a bare client, the same decoder to find the first text
        let started = Instant::now();
        let mut req = direct_client.post(&wire.url).json(&wire.body);
        for (n, v) in &wire.headers {
            req = req.header(*n, v);
        }
        let mut response = req.send().await?.error_for_status()?;
        let mut decoder = ep.kind.decoder();
        let mut first = None;
        while let Some(chunk) = response.chunk().await? {
            for e in decoder.push(&chunk) {
                if matches!(e, StreamEvent::Text(_)) {
                    first.get_or_insert_with(|| started.elapsed());
                }
            }
        }
        let total = started.elapsed();
        report.direct.push(first.unwrap_or(total), total);
        // through the gateway
        let a = gw
            .complete(build, fresh, &mut |_| {}, &cancel)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        report
            .gateway
            .push(a.first_token.unwrap_or(a.elapsed), a.elapsed);
    }
    let cached = CallOptions {
        no_cache: false,
        stream: true,
    };
    for _ in 0..runs {
        let started = Instant::now();
        let a = gw
            .complete(build, cached, &mut |_| {}, &cancel)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        report.cache_repeats += 1;
        if a.cached {
            report.cache_hits += 1;
            report
                .cache_hit_ms
                .push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn medians() {
        assert_eq!(super::median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(super::median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(super::median(&[]).is_nan());
    }
}
