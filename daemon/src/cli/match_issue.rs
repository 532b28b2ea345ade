//! `aexy match --issue REF`: the issue from the last sync or its service, as the text and the
//! files `aexy match` ranks people for (the files of pull requests that mention it, and the
//! paths its text names that the repository has).

use serde::Serialize;

use crate::sources::{connect, issue_ref};

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
    /// Files it is about: from linked pull requests, then named in its text.
    pub paths: Vec<String>,
    /// From pull requests that mention it.
    pub linked_files: usize,
    #[serde(skip)]
    pub text: String,
}

impl Found {
    pub fn describe(&self) -> String {
        let t = super::output::terminal;
        let mut s = format!(
            "Issue {} ({}): {}{}\n",
            t(&self.key),
            self.system,
            t(&self.title),
            self.status
                .as_deref()
                .map(|st| format!(" [{}]", t(st)))
                .unwrap_or_default()
        );
        if !self.url.is_empty() {
            s.push_str(&format!("  {}\n", t(&self.url)));
        }
        if !self.paths.is_empty() {
            s.push_str(&format!(
                "  files it is about: {} ({} from pull requests that mention it)\n",
                t(&self
                    .paths
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")),
                self.linked_files
            ));
        }
        s.push('\n');
        s
    }
}

/// Finds the issue REF names and what to match it with.
pub fn fetch(ctx: &crate::query::Context, reference: &str) -> anyhow::Result<Found> {
    let parsed = issue_ref::parse(reference).ok_or_else(|| {
        anyhow::anyhow!("{reference:?} is not an issue reference: use PROJ-123, ENG-42, #456, owner/name#456 or the issue's URL")
    })?;
    let (_config, settings) = super::sources_common::settings(ctx)?;
    let conns = connect::connect(&settings, &[])?;
    let conn = ctx.store.conn();
    let (system, issue) = super::sources_common::runtime()?
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
