//! `aexy/codeowners`, `aexy/teams`, `aexy/career`, `aexy/mentors` and `aexy/hiring`: the
//! CODEOWNERS check or suggestion, team insights, a career report, mentors for an area and the
//! hiring gaps or plan, computed on a blocking thread from the reader's query context (as
//! `aexy/profile` is) and returned in the shared envelope.

use std::sync::Arc;

use aexy_protocol::careers::{CareerParams, HiringParams, MentorsParams};
use aexy_protocol::teams::{CodeownersMode, CodeownersParams, InsightResult, TeamsParams};
use serde_json::Value;
use tower_lsp_server::jsonrpc;

use super::insights::{compute, repository, root_of};
use super::state::Daemon;
use crate::query::Context;

async fn answer<F>(daemon: &Arc<Daemon>, uri: Option<&str>, f: F) -> jsonrpc::Result<InsightResult>
where
    F: FnOnce(&Context) -> anyhow::Result<Value> + Send + 'static,
{
    let repo = repository(daemon, uri).await?;
    let (available, message, details) = compute(repo.clone(), f).await?;
    Ok(InsightResult {
        root: root_of(&repo),
        available,
        message,
        details,
    })
}

/// `aexy/codeowners`.
pub async fn codeowners(
    daemon: &Arc<Daemon>,
    p: CodeownersParams,
) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        use crate::teams::load::{Loaded, Overrides};
        let l = Loaded::read(ctx, &Overrides::default())?;
        Ok(match p.mode {
            CodeownersMode::Check => {
                serde_json::to_value(l.check(&Default::default()).ok_or_else(|| {
                    anyhow::anyhow!(
                        "no CODEOWNERS file in this repository (the suggestion mode proposes one)"
                    )
                })?)?
            }
            CodeownersMode::Suggest => {
                serde_json::to_value(l.suggestion(ctx, &Default::default()))?
            }
        })
    })
    .await
}

/// `aexy/teams`.
pub async fn teams(daemon: &Arc<Daemon>, p: TeamsParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        use crate::teams::load::{Loaded, Overrides};
        let l = Loaded::read(ctx, &Overrides::default())?;
        let days = crate::insights::silos::DEFAULT_INACTIVE_DAYS;
        Ok(match &p.ask {
            Some(path) => serde_json::to_value(l.ask(path, days))?,
            None => serde_json::to_value(l.teams_report(days))?,
        })
    })
    .await
}

/// `aexy/career`.
pub async fn career(daemon: &Arc<Daemon>, p: CareerParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        let c = crate::careers::load::career(ctx, p.developer.as_deref(), p.target.as_deref())?;
        Ok(serde_json::to_value(c)?)
    })
    .await
}

/// `aexy/mentors`.
pub async fn mentors(daemon: &Arc<Daemon>, p: MentorsParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        let (files, list) = crate::careers::load::mentors(ctx, &p.area)?;
        Ok(serde_json::json!({ "area": p.area.trim_matches('/'), "files": files, "mentors": list }))
    })
    .await
}

/// `aexy/hiring`.
pub async fn hiring(daemon: &Arc<Daemon>, p: HiringParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        let days = crate::insights::silos::DEFAULT_INACTIVE_DAYS;
        if p.plan {
            return Ok(serde_json::to_value(crate::hiring::load::plan(
                ctx,
                days,
                p.top.unwrap_or(3),
            )?)?);
        }
        Ok(serde_json::to_value(
            crate::hiring::load::gaps(ctx, days)?.0,
        )?)
    })
    .await
}
