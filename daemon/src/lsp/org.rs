//! `aexy/orgExperts`: who else in the organisation knows this — `org::experts` on the org store
//! the user configured (`AEXY_ORG_STORE`, `git config aexy.org.store` of the document's
//! repository, or `[org] store` in the user config), on the blocking pool. Optional: with no
//! store configured, or one that cannot be reached, the answer says so and nothing else changes.

use aexy_protocol::org::{OrgExpert, OrgExpertsParams, OrgExpertsResult, OrgRepository};
use aexy_protocol::Person;
use tower_lsp_server::jsonrpc;

use super::blocking::{self, Cancelled};

const DEFAULT_LIMIT: usize = 5;

/// The configured org store for the repository at `root` (if any), else the user's.
fn configured_store(root: Option<&std::path::Path>) -> Option<String> {
    let repo = root.and_then(|r| git2::Repository::open(r).ok());
    crate::config::Config::load(repo.as_ref())
        .ok()?
        .get("org.store")
        .filter(|s| !s.trim().is_empty())
}

fn unavailable(message: String) -> OrgExpertsResult {
    OrgExpertsResult {
        available: false,
        message: Some(message),
        experts: Vec::new(),
    }
}

/// `aexy/orgExperts`.
pub async fn org_experts(p: OrgExpertsParams) -> jsonrpc::Result<OrgExpertsResult> {
    let root = p
        .text_document
        .as_ref()
        .and_then(|d| d.uri.parse::<tower_lsp_server::ls_types::Uri>().ok())
        .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
        .and_then(|path| crate::repo::discover(&path).ok())
        .map(|info| info.root);
    let limit = p.limit.map_or(DEFAULT_LIMIT, |l| l as usize);
    let answer = blocking::run(move |_| {
        let Some(location) = configured_store(root.as_deref()) else {
            return Ok(unavailable(
                "no org store configured: set [org] store in the aexy config, git config aexy.org.store, or AEXY_ORG_STORE".into(),
            ));
        };
        let mut store = crate::org::OrgStore::open(&location)?;
        let r = crate::org::experts::experts(&mut store, &p.text, limit)?;
        Ok(OrgExpertsResult {
            available: true,
            message: None,
            experts: r
                .experts
                .into_iter()
                .map(|e| OrgExpert {
                    person: Person {
                        name: e.developer.name,
                        email: e.developer.email,
                    },
                    score: e.score,
                    repositories: e
                        .repositories
                        .into_iter()
                        .map(|r| OrgRepository {
                            repository: r.repository,
                            files: r.files.into_iter().map(|f| f.path).collect(),
                            subjects: r.subjects,
                        })
                        .collect(),
                })
                .collect(),
        })
    })
    .await;
    match answer {
        Ok(r) => Ok(r),
        Err(e) if e.is::<Cancelled>() => Err(jsonrpc::Error::request_cancelled()),
        Err(e) => Ok(unavailable(format!("{e:#}"))),
    }
}
