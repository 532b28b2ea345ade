//! A group's projects, its subgroups' included (`/groups/{id}/projects`, `x-next-page`
//! pagination): what `aexy org clone --gitlab` clones.

use serde::Deserialize;

use super::{encode_path, Gitlab};
use crate::sources::error::SourceError;
use crate::sources::org_repos::RemoteRepo;

/// The fields of GitLab's project object that a clone needs.
#[derive(Deserialize)]
struct Project {
    path_with_namespace: String,
    http_url_to_repo: String,
    #[serde(default)]
    archived: bool,
    /// Present (an object) on forks only.
    #[serde(default)]
    forked_from_project: Option<serde_json::Value>,
}

impl Gitlab {
    /// Every project of `group` and its subgroups the token can see.
    pub async fn group_projects(&self, group: &str) -> Result<Vec<RemoteRepo>, SourceError> {
        let url = format!(
            "{}/groups/{}/projects?include_subgroups=true&per_page={}",
            self.api_url,
            encode_path(group),
            self.page_size
        );
        let projects: Vec<Project> = self.all_pages(&url, "the group's projects").await?;
        Ok(projects
            .into_iter()
            .map(|p| RemoteRepo {
                name: p.path_with_namespace,
                clone_url: p.http_url_to_repo,
                archived: p.archived,
                fork: p.forked_from_project.is_some_and(|v| !v.is_null()),
            })
            .collect())
    }
}
