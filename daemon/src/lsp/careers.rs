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
        use crate::teams::{check, load, suggest};
        let declared = load::declared(ctx, &load::Overrides::default())?;
        let k = load::knowledge(ctx)?;
        let people = declared.people();
        let teams = declared.teams(&people);
        match p.mode {
            CodeownersMode::Check => {
                let (Some(co), Some(loc)) = (declared.codeowners.as_ref(), declared.located.as_ref()) else {
                    anyhow::bail!("no CODEOWNERS file in this repository (the suggestion mode proposes one)");
                };
                let r = check::check(
                    &check::Inputs { co, dialect_reason: &loc.reason, k: &k, teams: &teams, people: &people },
                    &check::Options::default(),
                );
                Ok(serde_json::to_value(r)?)
            }
            CodeownersMode::Suggest => {
                let proposal = suggest::suggest(&k, &teams, &people, &suggest::Options::default());
                let target = declared.located.as_ref().map(|l| l.path.clone()).unwrap_or_else(|| ".github/CODEOWNERS".into());
                let current = declared.codeowners.as_ref().and_then(|c| load::read(ctx, &c.path)).unwrap_or_default();
                let text = suggest::render_file(&proposal, &target);
                let diff = crate::teams::diff::unified(&current, &text, &target);
                Ok(serde_json::json!({ "file": target, "proposal": proposal, "text": text, "diff": diff }))
            }
        }
    })
    .await
}

/// `aexy/teams`.
pub async fn teams(daemon: &Arc<Daemon>, p: TeamsParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        use crate::teams::{insights, load};
        let declared = load::declared(ctx, &load::Overrides::default())?;
        let k = load::knowledge(ctx)?;
        let people = declared.people();
        let teams = declared.teams(&people);
        let days = crate::insights::silos::DEFAULT_INACTIVE_DAYS;
        Ok(match &p.ask {
            Some(path) => serde_json::to_value(insights::ask(
                &k,
                &teams,
                declared.codeowners.as_ref(),
                &people,
                path,
                days,
            ))?,
            None => serde_json::to_value(insights::report(
                &k,
                &teams,
                declared.codeowners.as_ref(),
                &people,
                days,
            ))?,
        })
    })
    .await
}

/// `aexy/career`.
pub async fn career(daemon: &Arc<Daemon>, p: CareerParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        let ladder = crate::careers::load::ladder(ctx)?;
        let (dev, _) = crate::insights::context::resolve_developer(ctx, p.developer.as_deref())?;
        let k = crate::insights::context::knowledge(ctx)?;
        let reviews = crate::careers::load::reviews(ctx);
        let c = crate::careers::career(&k, &ladder, dev, p.target.as_deref(), &reviews)?;
        Ok(serde_json::to_value(c)?)
    })
    .await
}

/// `aexy/mentors`.
pub async fn mentors(daemon: &Arc<Daemon>, p: MentorsParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        let k = crate::insights::context::knowledge(ctx)?;
        let areas = crate::careers::areas::Areas::build(&k);
        let files = crate::careers::mentors::files_under(&k, &p.area);
        if files.is_empty() {
            anyhow::bail!("no code under {:?} at the snapshot", p.area);
        }
        let list = crate::careers::mentors::for_files(&k, &areas, &files, None);
        Ok(serde_json::json!({ "area": p.area.trim_matches('/'), "files": files.len(), "mentors": list }))
    })
    .await
}

/// `aexy/hiring`.
pub async fn hiring(daemon: &Arc<Daemon>, p: HiringParams) -> jsonrpc::Result<InsightResult> {
    let uri = p.text_document.as_ref().map(|d| d.uri.clone());
    answer(daemon, uri.as_deref(), move |ctx| {
        use crate::hiring::{gaps, load, plan};
        let k = crate::insights::context::knowledge(ctx)?;
        let areas = crate::careers::areas::Areas::build(&k);
        let changed = crate::careers::metrics::changed_files(&k);
        let days = crate::insights::silos::DEFAULT_INACTIVE_DAYS;
        let figures: Vec<_> = (0..k.developers.len())
            .filter(|&d| k.active(d, days))
            .map(|d| crate::careers::metrics::figures(&k, &areas, &changed, d, None))
            .collect();
        let fw = load::frameworks(ctx, &k);
        let list = gaps::gaps(
            &gaps::Inputs {
                k: &k,
                areas: &areas,
                figures: &figures,
                frameworks: &fw,
            },
            &gaps::Options {
                inactive_days: days,
            },
        );
        if !p.plan {
            return Ok(serde_json::to_value(list)?);
        }
        let (job, rubric) = load::templates(ctx)?;
        let repository = ctx
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let as_of = crate::insights::calendar::rfc3339(k.now, 0);
        let profiles = list
            .iter()
            .take(p.top.unwrap_or(3))
            .map(|g| plan::profile(g, &repository, &as_of, &job, &rubric))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(serde_json::to_value(profiles)?)
    })
    .await
}
