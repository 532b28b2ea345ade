//! One service's view of the HTTP core: its base headers and credentials (marked sensitive),
//! its rate-limit rules, GET with ETags and JSON POST, errors carrying their `Target` and
//! requests counted by kind (REST pages vs GraphQL queries) for the sync report.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue, IF_NONE_MATCH};
use reqwest::Method;

use crate::net::{self, CancellationToken, Classify, Fetched, Http, RetryPolicy};

use super::error::{SourceError, Target};

/// The host of `url` (`acme.atlassian.net`), else `url` itself: what a service's accounts and
/// sync marks are stored under.
pub fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| url.to_string())
}

/// A service client's shared parts.
pub struct Api {
    pub target: Target,
    http: Http,
    headers: Vec<(HeaderName, HeaderValue)>,
    policy: RetryPolicy,
    classify: Arc<Classify>,
    pub cancel: CancellationToken,
    rest: AtomicU64,
    graphql: AtomicU64,
}

impl Api {
    pub fn new(target: Target, http: Http, headers: Vec<(HeaderName, HeaderValue)>) -> Api {
        Api {
            target,
            http,
            headers,
            policy: RetryPolicy::default(),
            classify: Arc::new(net::classify),
            cancel: CancellationToken::new(),
            rest: AtomicU64::new(0),
            graphql: AtomicU64::new(0),
        }
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> Api {
        self.policy = policy;
        self
    }

    pub fn with_classify(mut self, classify: Arc<Classify>) -> Api {
        self.classify = classify;
        self
    }

    pub fn with_cancel(mut self, cancel: CancellationToken) -> Api {
        self.cancel = cancel;
        self
    }

    /// Requests put on the wire: (REST, GraphQL), retries included.
    pub fn requests(&self) -> (u64, u64) {
        (
            self.rest.load(Ordering::Relaxed),
            self.graphql.load(Ordering::Relaxed),
        )
    }

    fn net_error(&self, error: net::NetError) -> SourceError {
        SourceError::Net {
            target: self.target.clone(),
            error,
        }
    }

    /// GET `url`; with `etag`, a conditional request (a 304 comes back as such).
    pub async fn get(&self, url: &str, etag: Option<&str>) -> Result<Fetched, SourceError> {
        let mut builder = self.http.request(Method::GET, url);
        for (name, value) in &self.headers {
            builder = builder.header(name, value.clone());
        }
        if let Some(tag) = etag {
            builder = builder.header(IF_NONE_MATCH, tag);
        }
        self.send(builder, false).await
    }

    /// POST a JSON body (GraphQL).
    pub async fn post_json(
        &self,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<Fetched, SourceError> {
        let mut builder = self.http.request(Method::POST, url).json(body);
        for (name, value) in &self.headers {
            builder = builder.header(name, value.clone());
        }
        self.send(builder, true).await
    }

    async fn send(
        &self,
        builder: reqwest::RequestBuilder,
        graphql: bool,
    ) -> Result<Fetched, SourceError> {
        let req = builder.build().map_err(|e| {
            self.net_error(net::NetError::Invalid {
                detail: format!("bad request address ({})", e.without_url()),
            })
        })?;
        let before = self.http.requests_sent();
        let result = self
            .http
            .fetch(req, &self.policy, self.classify.as_ref(), &self.cancel)
            .await;
        let sent = self.http.requests_sent().saturating_sub(before);
        let counter = if graphql { &self.graphql } else { &self.rest };
        counter.fetch_add(sent, Ordering::Relaxed);
        result.map_err(|e| self.net_error(e))
    }

    /// The body as `T`, or a `Malformed` error naming what was being read.
    pub fn decode<T: serde::de::DeserializeOwned>(
        &self,
        fetched: &Fetched,
        what: &str,
    ) -> Result<T, SourceError> {
        serde_json::from_slice(&fetched.body).map_err(|e| SourceError::Malformed {
            target: self.target.clone(),
            detail: format!("{what}: {e}"),
        })
    }

    pub fn malformed(&self, detail: impl Into<String>) -> SourceError {
        SourceError::Malformed {
            target: self.target.clone(),
            detail: detail.into(),
        }
    }
}
