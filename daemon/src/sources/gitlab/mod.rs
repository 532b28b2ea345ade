//! GitLab (gitlab.com and self-managed): merge requests with their diffs, notes (inline
//! comments, approvals and change requests as system notes) and commits, and issues — REST v4
//! with `x-next-page` pagination and `updated_after` for incremental syncs.

mod group;
pub mod wire;

use reqwest::header::HeaderName;
use serde::de::DeserializeOwned;

use crate::net::{self, Http, Secret};
use crate::time::rfc3339;

use super::api::Api;
use super::error::{SourceError, Target};
use super::feed::{Feed, Item, Page};
use super::records::{IssueRecord, System};
use super::store::Resource;

pub const PAGE: u32 = 100;

/// A connection to one project on one GitLab.
pub struct Gitlab {
    pub api: Api,
    /// e.g. `https://gitlab.com/api/v4`.
    pub api_url: String,
    /// `group/sub/project`.
    pub project: String,
    pub instance: String,
    pub page_size: u32,
}

/// Merge requests.
pub struct MergeRequests<'a>(pub &'a Gitlab);
/// Issues.
pub struct Issues<'a>(pub &'a Gitlab);

impl Gitlab {
    /// The sync position of this project's list `name` (`pulls`, `issues`).
    pub fn resource<'a>(&'a self, name: &'a str) -> Resource<'a> {
        Resource::new(System::Gitlab, &self.instance, &self.project, name)
    }

    pub fn new(
        http: Http,
        api_url: &str,
        project: &str,
        token: Option<(&Secret, String)>,
    ) -> Result<Gitlab, SourceError> {
        let api_url = api_url.trim_end_matches('/').to_string();
        let instance = super::api::host_of(&api_url);
        let target = Target {
            system: System::Gitlab,
            what: format!("project {project} on {instance}"),
            token: token.as_ref().map(|(_, s)| s.clone()),
        };
        let mut headers = Vec::new();
        if let Some((secret, _)) = &token {
            let value = target.credential(net::sensitive(secret.expose()))?;
            headers.push((HeaderName::from_static("private-token"), value));
        }
        Ok(Gitlab {
            api: Api::new(target, http, headers),
            api_url,
            project: project.to_string(),
            instance,
            page_size: PAGE,
        })
    }

    /// The project as GitLab's API addresses it (its path, URL-encoded).
    fn project_url(&self) -> String {
        format!("{}/projects/{}", self.api_url, encode_path(&self.project))
    }

    /// Every item of a list, following `x-next-page`.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        url: &str,
        what: &str,
    ) -> Result<Vec<T>, SourceError> {
        let mut out = Vec::new();
        let mut page = Some("1".to_string());
        while let Some(p) = page {
            let fetched = self.api.get(&with_page(url, &p), None).await?;
            let mut items: Vec<T> = self.api.decode(&fetched, what)?;
            out.append(&mut items);
            page = next_page(fetched.header("x-next-page"));
        }
        Ok(out)
    }

    /// One issue by its number (iid).
    pub async fn issue(&self, iid: u64) -> Result<IssueRecord, SourceError> {
        let url = format!("{}/issues/{iid}", self.project_url());
        let fetched = self.api.get(&url, None).await?;
        let issue: wire::Issue = self.api.decode(&fetched, "the issue")?;
        issue
            .record(&self.project)
            .ok_or_else(|| self.api.malformed("the issue has no valid timestamps"))
    }

    /// The files of a merge request: `/diffs` (GitLab 15.7+), else the older `/changes`.
    async fn files(&self, iid: u64) -> Result<Vec<wire::Diff>, SourceError> {
        let base = format!("{}/merge_requests/{iid}", self.project_url());
        match self
            .all_pages::<wire::Diff>(
                &format!("{base}/diffs?per_page={}", self.page_size),
                "the diffs",
            )
            .await
        {
            Err(SourceError::Net {
                error: net::NetError::Status { code: 404, .. },
                ..
            }) => {
                let fetched = self.api.get(&format!("{base}/changes"), None).await?;
                let changes: wire::Changes = self.api.decode(&fetched, "the changes")?;
                Ok(changes.changes)
            }
            other => other,
        }
    }

    fn list_url(&self, what: &str, since: Option<i64>) -> String {
        let mut url = format!(
            "{}/{what}?state=all&order_by=updated_at&sort=desc&per_page={}",
            self.project_url(),
            self.page_size
        );
        if what == "issues" {
            url = url.replace("state=all&", "scope=all&");
        }
        if let Some(since) = since {
            url.push_str("&updated_after=");
            url.push_str(&rfc3339(since, 0).replace('+', "%2B"));
        }
        url
    }
}

fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn with_page(url: &str, page: &str) -> String {
    format!(
        "{url}{}page={page}",
        if url.contains('?') { '&' } else { '?' }
    )
}

/// GitLab's `x-next-page`: the next page number, empty on the last page.
fn next_page(header: Option<&str>) -> Option<String> {
    header
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

impl Feed for MergeRequests<'_> {
    fn resource(&self) -> Resource<'_> {
        self.0.resource("pulls")
    }

    async fn page(
        &self,
        cursor: Option<&str>,
        since: Option<i64>,
        _etag: Option<&str>,
    ) -> Result<Page, SourceError> {
        let gl = self.0;
        let url = with_page(&gl.list_url("merge_requests", since), cursor.unwrap_or("1"));
        let fetched = gl.api.get(&url, None).await?;
        let mrs: Vec<wire::MergeRequest> = gl.api.decode(&fetched, "the merge-request list")?;
        let mut items = Vec::new();
        for mr in &mrs {
            let record = mr.record(&gl.project).ok_or_else(|| {
                gl.api
                    .malformed(format!("merge request !{} has no valid timestamps", mr.iid))
            })?;
            items.push(Item::Pull(Box::new(record)));
        }
        Ok(Page::of(items, next_page(fetched.header("x-next-page"))))
    }

    async fn complete(&self, item: &mut Item) -> Result<(), SourceError> {
        let Item::Pull(mr) = item else { return Ok(()) };
        let gl = self.0;
        let base = format!("{}/merge_requests/{}", gl.project_url(), mr.number);
        let files = gl.files(mr.number).await?;
        let notes: Vec<wire::Note> = gl
            .all_pages(
                &format!("{base}/notes?sort=asc&per_page={}", gl.page_size),
                "the notes",
            )
            .await?;
        let commits: Vec<wire::Commit> = gl
            .all_pages(
                &format!("{base}/commits?per_page={}", gl.page_size),
                "the commits",
            )
            .await?;
        mr.files = files.iter().map(wire::Diff::record).collect();
        mr.additions = Some(mr.files.iter().filter_map(|f| f.additions).sum());
        mr.deletions = Some(mr.files.iter().filter_map(|f| f.deletions).sum());
        for note in &notes {
            match note.event() {
                wire::NoteEvent::Review(r) => mr.reviews.push(r),
                wire::NoteEvent::Comment(c) => mr.comments.push(c),
                wire::NoteEvent::Nothing => {}
            }
        }
        mr.commits = commits.iter().map(wire::Commit::record).collect();
        mr.complete = true;
        Ok(())
    }
}

impl Feed for Issues<'_> {
    fn resource(&self) -> Resource<'_> {
        self.0.resource("issues")
    }

    async fn page(
        &self,
        cursor: Option<&str>,
        since: Option<i64>,
        _etag: Option<&str>,
    ) -> Result<Page, SourceError> {
        let gl = self.0;
        let url = with_page(&gl.list_url("issues", since), cursor.unwrap_or("1"));
        let fetched = gl.api.get(&url, None).await?;
        let issues: Vec<wire::Issue> = gl.api.decode(&fetched, "the issue list")?;
        let items = Item::issues(issues.iter().filter_map(|i| i.record(&gl.project)));
        Ok(Page::of(items, next_page(fetched.header("x-next-page"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_paths_and_pages() {
        assert_eq!(
            encode_path("group/sub/my.project"),
            "group%2Fsub%2Fmy.project"
        );
        assert_eq!(next_page(Some("3")), Some("3".into()));
        assert_eq!(next_page(Some("")), None);
        assert_eq!(next_page(None), None);
        assert_eq!(with_page("https://x/a?b=1", "2"), "https://x/a?b=1&page=2");
    }
}
