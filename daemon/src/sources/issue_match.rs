//! An issue as `aexy match` sees it (CLI `match --issue`, LSP `aexy/matchIssue`): found from the
//! last sync or fetched from its service, with the text to match and the files it is about
//! (those of pull requests that mention it, then the paths its text names that exist at HEAD).

use serde::Serialize;

use super::{connect, issue_ref, Settings};
use crate::config::Config;
use crate::query::Context;

/// The issue as matched.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Found {
    pub system: String,
    pub key: String,
    pub title: String,
    pub status: Option<String>,
    pub labels: Vec<String>,
    pub components: Vec<String>,
    pub url: String,
    /// Files it is about: from pull requests that mention it, then named in its text.
    pub paths: Vec<String>,
    /// How many of `paths` came from pull requests that mention it.
    pub linked_files: usize,
    #[serde(skip)]
    pub text: String,
}

/// Finds the issue `reference` names for `ctx`'s repository (requests only to configured
/// services, on a runtime of its own: call from a blocking thread).
pub fn find(ctx: &Context, reference: &str) -> anyhow::Result<Found> {
    let parsed = issue_ref::parse(reference).ok_or_else(|| {
        anyhow::anyhow!("{reference:?} is not an issue reference: use PROJ-123, ENG-42, #456, owner/name#456 or the issue's URL")
    })?;
    let config = Config::load(Some(&ctx.repo))?;
    let settings = Settings::read(&config, Some(&ctx.repo));
    let conns = connect::connect(&settings, &[])?;
    let conn = ctx.store.conn();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (system, issue) = runtime
        .block_on(issue_ref::resolve(&parsed, &conns, conn))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let linked = issue_ref::linked_files(conn, system, &issue)?;
    let tree = ctx.repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    let exists = |p: &str| {
        tree.as_ref()
            .is_some_and(|t| t.get_path(std::path::Path::new(p)).is_ok())
    };
    let text = issue_ref::match_text(&issue);
    let mut paths: Vec<String> = linked.iter().filter(|p| exists(p)).cloned().collect();
    let linked_files = paths.len();
    for p in issue_ref::mentioned_paths(&text) {
        if exists(&p) && !paths.contains(&p) {
            paths.push(p);
        }
    }
    Ok(Found {
        system: system.name().to_string(),
        key: issue.key.clone(),
        title: issue.title.clone(),
        status: issue.status.clone(),
        labels: issue.labels.clone(),
        components: issue.components.clone(),
        url: issue.url.clone(),
        paths,
        linked_files,
        text,
    })
}
