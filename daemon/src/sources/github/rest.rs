//! GitHub over REST: the pull-request list (newest updated first, Link pagination, ETag on the
//! first page), each pull request's files, commits, reviews and inline comments (four
//! paginated lists: the cost GraphQL avoids), and the issue list (`since`, pull requests
//! left out).

use serde::de::DeserializeOwned;

use super::wire;
use super::Github;
use crate::sources::error::SourceError;
use crate::sources::feed::{Feed, Item, Page};
use crate::sources::link_header;
use crate::sources::store::Resource;
use crate::time::rfc3339;

/// Pull requests over REST.
pub struct RestPulls<'a>(pub &'a Github);

/// Issues over REST.
pub struct Issues<'a>(pub &'a Github);

impl Github {
    /// Every item of a paginated list, following `Link: rel="next"`.
    pub(super) async fn all_pages<T: DeserializeOwned>(
        &self,
        first: String,
        what: &str,
    ) -> Result<Vec<T>, SourceError> {
        let mut out = Vec::new();
        let mut next = Some(first);
        while let Some(url) = next {
            let fetched = self.api.get(&url, None).await?;
            let items: Vec<Option<T>> = self.api.decode(&fetched, what)?;
            out.extend(items.into_iter().flatten());
            next = fetched
                .header("link")
                .and_then(|h| link_header::find(h, "next"));
        }
        Ok(out)
    }

    fn pulls_url(&self) -> String {
        format!(
            "{}/repos/{}/pulls?state=all&sort=updated&direction=desc&per_page={}",
            self.rest_url, self.repo, self.rest_page
        )
    }
}

impl Feed for RestPulls<'_> {
    fn resource(&self) -> Resource<'_> {
        self.0.resource("pulls")
    }

    async fn page(
        &self,
        cursor: Option<&str>,
        _since: Option<i64>,
        etag: Option<&str>,
    ) -> Result<Page, SourceError> {
        let gh = self.0;
        let url = cursor.map_or_else(|| gh.pulls_url(), str::to_string);
        let fetched = gh.api.get(&url, etag).await?;
        if fetched.status.as_u16() == 304 {
            return Ok(Page {
                not_modified: true,
                ..Page::default()
            });
        }
        let pulls: Vec<Option<wire::Pull>> = gh.api.decode(&fetched, "the pull-request list")?;
        let mut items = Vec::with_capacity(pulls.len());
        for p in pulls.iter().flatten() {
            let record = p.record(&gh.repo).ok_or_else(|| {
                gh.api.malformed(format!(
                    "pull request #{} has no valid timestamps",
                    p.number
                ))
            })?;
            items.push(Item::Pull(Box::new(record)));
        }
        Ok(Page {
            items,
            next: fetched
                .header("link")
                .and_then(|h| link_header::find(h, "next")),
            etag: fetched.header("etag").map(str::to_string),
            not_modified: false,
        })
    }

    async fn complete(&self, item: &mut Item) -> Result<(), SourceError> {
        let Item::Pull(pull) = item else {
            return Ok(());
        };
        let gh = self.0;
        let base = format!("{}/repos/{}/pulls/{}", gh.rest_url, gh.repo, pull.number);
        let per_page = gh.rest_page;
        let files: Vec<wire::DiffEntry> = gh
            .all_pages(format!("{base}/files?per_page={per_page}"), "the files")
            .await?;
        let commits: Vec<wire::Commit> = gh
            .all_pages(format!("{base}/commits?per_page={per_page}"), "the commits")
            .await?;
        let reviews: Vec<wire::Review> = gh
            .all_pages(format!("{base}/reviews?per_page={per_page}"), "the reviews")
            .await?;
        let comments: Vec<wire::ReviewComment> = gh
            .all_pages(
                format!("{base}/comments?per_page={per_page}"),
                "the review comments",
            )
            .await?;
        pull.files = files.iter().map(wire::DiffEntry::record).collect();
        if pull.additions.is_none() {
            pull.additions = Some(pull.files.iter().filter_map(|f| f.additions).sum());
            pull.deletions = Some(pull.files.iter().filter_map(|f| f.deletions).sum());
        }
        pull.commits = commits.iter().map(wire::Commit::record).collect();
        pull.reviews = reviews.iter().filter_map(wire::Review::record).collect();
        pull.comments = comments
            .iter()
            .filter_map(wire::ReviewComment::record)
            .collect();
        pull.complete = true;
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
        let gh = self.0;
        let url = match cursor {
            Some(c) => c.to_string(),
            None => {
                let mut url = format!(
                    "{}/repos/{}/issues?state=all&sort=updated&direction=desc&per_page={}",
                    gh.rest_url, gh.repo, gh.rest_page
                );
                if let Some(since) = since {
                    url.push_str("&since=");
                    url.push_str(&rfc3339(since, 0).replace('+', "%2B"));
                }
                url
            }
        };
        let fetched = gh.api.get(&url, None).await?;
        let issues: Vec<Option<wire::Issue>> = gh.api.decode(&fetched, "the issue list")?;
        let items = Item::issues(
            issues
                .iter()
                .flatten()
                .filter(|i| !i.is_pull_request())
                .filter_map(|i| i.record(&gh.repo)),
        );
        Ok(Page::of(
            items,
            fetched
                .header("link")
                .and_then(|h| link_header::find(h, "next")),
        ))
    }
}
