//! Jira Cloud: issues matching a JQL filter through `/rest/api/3/search/jql` (token-based
//! pagination: follow `nextPageToken` until it is absent), newest updated first, incremental
//! by an `updated >=` clause; one issue by key. Basic auth with the account's e-mail and an API
//! token, marked sensitive.

mod adf;
pub mod wire;

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};

use crate::net::{self, Http, Secret};

use super::api::Api;
use super::error::{SourceError, Target};
use super::feed::{Feed, Item, Page};
use super::records::{IssueRecord, System};
use super::store::Resource;

pub use adf::to_text as adf_to_text;

pub const PAGE: u32 = 100;

/// A connection to one Jira site.
pub struct Jira {
    pub api: Api,
    pub base_url: String,
    pub instance: String,
    /// The filter synced; `None` syncs nothing (issues are still looked up by key).
    pub jql: Option<String>,
    pub page_size: u32,
}

/// The synced issues.
pub struct JiraIssues<'a>(pub &'a Jira);

impl Jira {
    pub fn new(
        http: Http,
        base_url: &str,
        email: Option<&str>,
        jql: Option<&str>,
        token: Option<(&Secret, String)>,
    ) -> Result<Jira, SourceError> {
        let base_url = base_url.trim_end_matches('/').to_string();
        let instance = super::api::host_of(&base_url);
        let target = Target {
            system: System::Jira,
            what: format!("Jira site {instance}"),
            token: token.as_ref().map(|(_, s)| s.clone()),
        };
        let mut headers = vec![(ACCEPT, HeaderValue::from_static("application/json"))];
        if let (Some((secret, _)), Some(email)) = (&token, email) {
            let basic = format!(
                "Basic {}",
                base64(format!("{email}:{}", secret.expose()).as_bytes())
            );
            let value = target.credential(net::sensitive(&basic))?;
            headers.push((AUTHORIZATION, value));
        }
        Ok(Jira {
            api: Api::new(target, http, headers),
            base_url,
            instance,
            jql: jql.map(str::to_string),
            page_size: PAGE,
        })
    }

    /// One issue by key (`PROJ-123`).
    pub async fn issue(&self, key: &str) -> Result<IssueRecord, SourceError> {
        let url = format!(
            "{}/rest/api/3/issue/{}?fields={}",
            self.base_url,
            query_escape(key),
            wire::FIELDS
        );
        let fetched = self.api.get(&url, None).await?;
        let issue: wire::Issue = self.api.decode(&fetched, "the issue")?;
        issue
            .record(&self.base_url)
            .ok_or_else(|| self.api.malformed("the issue has no valid timestamps"))
    }

    /// The JQL of a sync: the filter, narrowed to what changed since `since` (a day of overlap:
    /// JQL dates are in the user's own time zone), newest updated first.
    pub fn jql_since(&self, since: Option<i64>) -> Option<String> {
        let base = self.jql.as_deref()?.trim();
        let base = strip_order_by(base);
        let mut jql = format!("({base})");
        if let Some(since) = since {
            let day = crate::time::rfc3339(since - 86_400, 0);
            jql.push_str(&format!(
                " AND updated >= \"{}\"",
                &day[..10].replace('-', "/")
            ));
        }
        jql.push_str(" ORDER BY updated DESC");
        Some(jql)
    }
}

fn strip_order_by(jql: &str) -> &str {
    match jql.to_ascii_lowercase().rfind("order by") {
        Some(i) => jql[..i].trim(),
        None => jql,
    }
}

/// Percent-encoding for a query value (RFC 3986 unreserved characters kept).
pub fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Standard base64 (RFC 4648 §4), for the Basic scheme.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Feed for JiraIssues<'_> {
    fn resource(&self) -> Resource<'_> {
        Resource::new(
            System::Jira,
            &self.0.instance,
            self.0.jql.as_deref().unwrap_or(""),
            "issues",
        )
    }

    async fn page(
        &self,
        cursor: Option<&str>,
        since: Option<i64>,
        _etag: Option<&str>,
    ) -> Result<Page, SourceError> {
        let jira = self.0;
        let Some(jql) = jira.jql_since(since) else {
            return Ok(Page::default());
        };
        let mut url = format!(
            "{}/rest/api/3/search/jql?jql={}&fields={}&maxResults={}",
            jira.base_url,
            query_escape(&jql),
            wire::FIELDS,
            jira.page_size
        );
        if let Some(token) = cursor {
            url.push_str("&nextPageToken=");
            url.push_str(&query_escape(token));
        }
        let fetched = jira.api.get(&url, None).await?;
        let page: wire::SearchPage = jira.api.decode(&fetched, "the search results")?;
        let items = Item::issues(page.issues.iter().filter_map(|i| i.record(&jira.base_url)));
        // The last page has no nextPageToken (and says isLast); either ends the walk.
        let next = page.next_page_token.filter(|_| page.is_last != Some(true));
        Ok(Page::of(items, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_rfc_4648_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }

    #[test]
    fn jql_narrowed_to_recent_changes() {
        let http = Http::new(net::Timeouts::default()).unwrap();
        let jira = Jira::new(
            http,
            "https://acme.atlassian.net/",
            None,
            Some("project = AX ORDER BY created"),
            None,
        )
        .unwrap();
        assert_eq!(
            jira.jql_since(None).unwrap(),
            "(project = AX) ORDER BY updated DESC"
        );
        assert_eq!(
            jira.jql_since(Some(1_700_000_000)).unwrap(),
            "(project = AX) AND updated >= \"2023/11/13\" ORDER BY updated DESC"
        );
        assert_eq!(jira.instance, "acme.atlassian.net");
    }
}
