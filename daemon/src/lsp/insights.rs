//! `aexy/profile` and `aexy/teamInsights`: the insights layer's developer profile and team
//! report for a repository, computed on a blocking thread from the reader's query context and
//! wrapped in the protocol's envelope (`available: false` with a message when it cannot answer).

use std::sync::Arc;

use aexy_protocol::insights::{
    ProfileParams, ProfileResult, TeamInsightsParams, TeamInsightsResult,
};
use serde_json::Value;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::Uri;

use super::blocking::{self, Cancelled};
use super::state::Daemon;
use super::workspace::RepoHandle;

/// `aexy/profile`: `developer` (name, e-mail or alias), default the repository's `user.email`.
pub async fn profile(
    daemon: &Arc<Daemon>,
    params: ProfileParams,
) -> jsonrpc::Result<ProfileResult> {
    let repo = repository(
        daemon,
        params.text_document.as_ref().map(|d| d.uri.as_str()),
    )
    .await?;
    let developer = params.developer.clone();
    let viewer_opts_in = daemon.settings().options.show_signals_for_others;
    let (available, message, details) = compute(repo.clone(), move |ctx| {
        let p = crate::insights::profile::profile(ctx, developer.as_deref(), viewer_opts_in)?;
        let mut value = serde_json::to_value(p)?;
        super::sources::add_person_reviews(ctx, developer.as_deref(), &mut value)?;
        Ok(value)
    })
    .await?;
    Ok(ProfileResult {
        root: root_of(&repo),
        developer: params.developer,
        available,
        message,
        details,
    })
}

/// `aexy/teamInsights`: the team report, optionally narrowed to a directory.
pub async fn team(
    daemon: &Arc<Daemon>,
    params: TeamInsightsParams,
) -> jsonrpc::Result<TeamInsightsResult> {
    let repo = repository(
        daemon,
        params.text_document.as_ref().map(|d| d.uri.as_str()),
    )
    .await?;
    let path = params.path.clone();
    let (available, message, details) = compute(repo.clone(), move |ctx| {
        let opts = crate::insights::team::TeamOptions {
            path,
            ..Default::default()
        };
        let t = crate::insights::team::team_insights(ctx, &opts)?;
        let mut value = serde_json::to_value(t)?;
        super::sources::add_team_reviews(ctx, opts.limit, &mut value)?;
        Ok(value)
    })
    .await?;
    Ok(TeamInsightsResult {
        root: root_of(&repo),
        path: params.path,
        available,
        message,
        details,
    })
}

/// The repository of `uri`, or the first one served; `None` when there is none.
pub(super) async fn repository(
    daemon: &Arc<Daemon>,
    uri: Option<&str>,
) -> jsonrpc::Result<Option<Arc<RepoHandle>>> {
    Ok(match uri {
        Some(text) => {
            let uri: Uri = text
                .parse()
                .map_err(|e| jsonrpc::Error::invalid_params(format!("bad uri {text:?}: {e}")))?;
            daemon.locate(&uri).await.map(|l| l.repo)
        }
        None => daemon.workspace.all().into_iter().next(),
    })
}

pub(super) fn root_of(repo: &Option<Arc<RepoHandle>>) -> String {
    repo.as_ref()
        .map(|r| r.root.display().to_string())
        .unwrap_or_default()
}

/// Runs `f` with the repository's query context; failures become `available: false` + message.
pub(super) async fn compute<F>(
    repo: Option<Arc<RepoHandle>>,
    f: F,
) -> jsonrpc::Result<(bool, Option<String>, Value)>
where
    F: FnOnce(&crate::query::Context) -> anyhow::Result<Value> + Send + 'static,
{
    let Some(repo) = repo else {
        return Ok((false, Some("not in a git repository".into()), Value::Null));
    };
    let indexing = repo.status().state == aexy_protocol::status::IndexState::Indexing;
    let result = blocking::run(move |cancel| {
        repo.with_reader(|reader| match reader.ctx.as_ref() {
            None => Ok(None),
            Some(ctx) => {
                let value = f(ctx)?;
                cancel.check()?;
                Ok(Some(value))
            }
        })
    })
    .await;
    match result {
        Ok(Some(details)) => {
            let note =
                indexing.then(|| "indexing: figures come from what is indexed so far".to_owned());
            Ok((true, note, details))
        }
        Ok(None) => Ok((
            false,
            Some("the index is still being built".into()),
            Value::Null,
        )),
        Err(e) if e.is::<Cancelled>() => Err(jsonrpc::Error::request_cancelled()),
        Err(e) => Ok((false, Some(format!("{e:#}")), Value::Null)),
    }
}
