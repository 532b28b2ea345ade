//! An organisation's repositories over REST (`/orgs/{org}/repos`, Link pagination), or a
//! user's own (`/users/{name}/repos`) when no organisation has that name: what `aexy org clone`
//! clones.

use serde::Deserialize;

use super::Github;
use crate::net::NetError;
use crate::sources::error::SourceError;
use crate::sources::org_repos::RemoteRepo;

/// The fields of GitHub's repository object that a clone needs.
#[derive(Deserialize)]
struct Repo {
    full_name: String,
    clone_url: String,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    fork: bool,
}

impl Github {
    /// Every repository of `owner` (an organisation, else a user) the token can see.
    pub async fn owner_repositories(&self, owner: &str) -> Result<Vec<RemoteRepo>, SourceError> {
        let (base, page) = (&self.rest_url, self.rest_page);
        let org = format!("{base}/orgs/{owner}/repos?per_page={page}&type=all");
        let repos: Vec<Repo> = match self.all_pages(org, "the organisation's repositories").await {
            Err(SourceError::Net {
                error: NetError::Status { code: 404, .. },
                ..
            }) => {
                let user = format!("{base}/users/{owner}/repos?per_page={page}&type=owner");
                self.all_pages(user, "the user's repositories").await?
            }
            other => other?,
        };
        Ok(repos
            .into_iter()
            .map(|r| RemoteRepo {
                name: r.full_name,
                clone_url: r.clone_url,
                archived: r.archived,
                fork: r.fork,
            })
            .collect())
    }
}
