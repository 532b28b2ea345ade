//! `aexy/matchTask`, `aexy/suggestReviewers` and their commands: the repository is the one
//! holding the given document (else the first served one); the answer is `matching`'s, run on
//! the blocking pool against the index (task matching with the repository's kept model,
//! `match_model.rs`), converted to the wire's ranked candidates.

use std::sync::Arc;

use aexy_protocol::matching::{
    Candidate, CandidatesResult, MatchTaskParams, SuggestReviewersParams,
};
use aexy_protocol::Person;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::Uri;

use super::blocking::{self, Cancelled};
use super::match_model;
use super::state::Daemon;
use super::workspace::RepoHandle;
use crate::matching::{change, reviewers, task};

const DEFAULT_LIMIT: usize = 5;

/// `aexy/matchTask`.
pub async fn match_task(
    daemon: &Arc<Daemon>,
    p: MatchTaskParams,
) -> jsonrpc::Result<CandidatesResult> {
    let (repo, paths) =
        match indexed_repo(daemon, p.text_document.as_ref(), &p.uris, &p.paths).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
    let limit = p.limit.map_or(DEFAULT_LIMIT, |l| l as usize);
    let text = p.description;
    let kept = repo.clone();
    let answer = blocking::run(move |_| {
        repo.with_reader(|r| {
            let ctx = r
                .ctx
                .as_ref()
                .ok_or_else(|| anyhow::anyhow!("the repository is still being indexed"))?;
            repo.match_model.with(r.generation, ctx, |loaded, model| {
                task::rank_text(loaded, model, &text, &paths, limit, ctx)
            })
        })
    })
    .await;
    // the model stays for the next request; dropped when none came for IDLE_TTL
    tokio::spawn(async move {
        tokio::time::sleep(match_model::IDLE_TTL).await;
        let _ = tokio::task::spawn_blocking(move || {
            if kept.match_model.drop_if_idle(match_model::IDLE_TTL) {
                super::memory::trim();
            }
        })
        .await;
    });
    finish(answer.map(|r| {
        let ranked = r
            .matches
            .iter()
            .map(|m| (&m.developer, m.score, &m.reasons));
        let mut out = ranked_result(ranked, serde_json::to_value(&r.signals).ok());
        if r.signals.by_activity_alone {
            out.message = Some(task::ACTIVITY_ALONE_NOTE.to_string());
        }
        out
    }))
}

/// `aexy/suggestReviewers`.
pub async fn suggest_reviewers(
    daemon: &Arc<Daemon>,
    p: SuggestReviewersParams,
) -> jsonrpc::Result<CandidatesResult> {
    let (repo, files) =
        match indexed_repo(daemon, p.text_document.as_ref(), &p.uris, &p.paths).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
    let limit = p.limit.map_or(3, |l| l as usize);
    let (range, exclude) = (p.range.clone(), p.exclude.clone());
    let answer = blocking::run(move |_| {
        let ctx = crate::query::Context::open(&repo.root, &repo.db, None)?;
        let change = match (&range, files.is_empty()) {
            (Some(r), _) => change::range(&ctx.repo, r)?,
            (None, false) => change::files(&ctx.repo, &files)?,
            (None, true) => change::working_tree(&ctx.repo)?,
        };
        let mut out: Vec<usize> = exclude
            .iter()
            .filter_map(|e| ctx.resolver.find(e))
            .collect();
        if change.commits.is_empty() {
            out.extend(ctx.configured_user());
        }
        // who reviewed such changes before, when pull requests were synced
        let history = crate::sources::history::load(ctx.store.conn(), ctx.resolver.developers())?;
        let history = (!history.is_empty()).then_some(history);
        reviewers::suggest_with(&ctx, &change, &out, limit, history.as_ref())
    })
    .await;
    finish(answer.map(|r| {
        let ranked = r
            .reviewers
            .iter()
            .map(|x| (&x.developer, x.score, &x.reasons));
        ranked_result(ranked, serde_json::to_value(&r.change).ok())
    }))
}

/// Markdown for a command's report (e-mail addresses only when `emails`); names, reasons
/// (paths, subjects) and the task's own text are escaped to render literally.
pub fn markdown(title: &str, r: &CandidatesResult, emails: bool) -> String {
    use crate::escape::markdown as text;
    let mut md = format!("# {}\n\n", text(title));
    if let Some(m) = &r.message {
        md.push_str(&format!("{}\n\n", text(m)));
    }
    if r.available && r.candidates.is_empty() {
        md.push_str("Nobody matches.\n");
    }
    for (i, c) in r.candidates.iter().enumerate() {
        let email = if emails && !c.person.email.is_empty() {
            format!(" \\<{}\\>", text(&c.person.email))
        } else {
            String::new()
        };
        md.push_str(&format!(
            "{}. **{}**{email} — {:.3}\n",
            i + 1,
            text(&c.person.name),
            c.score
        ));
        for reason in &c.reasons {
            md.push_str(&format!("   - {}\n", text(reason)));
        }
    }
    md
}

pub(super) fn finish(
    answer: anyhow::Result<CandidatesResult>,
) -> jsonrpc::Result<CandidatesResult> {
    match answer {
        Ok(r) => Ok(r),
        Err(e) if e.is::<Cancelled>() => Err(jsonrpc::Error::request_cancelled()),
        Err(e) => Ok(unavailable(&format!("{e:#}"))),
    }
}

async fn repository(
    daemon: &Arc<Daemon>,
    uri: Option<&str>,
) -> jsonrpc::Result<Option<Arc<RepoHandle>>> {
    Ok(match uri {
        Some(u) => daemon.locate(&parse_uri(u)?).await.map(|l| l.repo),
        None => daemon.workspace.all().into_iter().next(),
    })
}

/// The indexed repository of `text_document` (else of the first of `uris`, else the
/// workspace's first) and the repository-relative paths of `paths` and `uris`; or the answer
/// to give when there is none or its index is still being built.
pub(super) async fn indexed_repo(
    daemon: &Arc<Daemon>,
    text_document: Option<&aexy_protocol::TextDocumentRef>,
    uris: &[String],
    paths: &[String],
) -> jsonrpc::Result<Result<(Arc<RepoHandle>, Vec<String>), CandidatesResult>> {
    let anchor = text_document
        .map(|d| d.uri.clone())
        .or_else(|| uris.first().cloned());
    let Some(repo) = repository(daemon, anchor.as_deref()).await? else {
        return Ok(Err(no_repository(anchor.as_deref())));
    };
    if !repo.db.exists() {
        return Ok(Err(unavailable("the repository is still being indexed")));
    }
    let files = repo_paths(&repo, paths, uris)?;
    Ok(Ok((repo, files)))
}

/// The answer when `anchor` (or, without one, the workspace) has no repository.
fn no_repository(anchor: Option<&str>) -> CandidatesResult {
    match anchor {
        Some(u) => unavailable(&format!("{u} is not inside an open git repository")),
        None => unavailable("no repository is open"),
    }
}

pub(super) fn unavailable(message: &str) -> CandidatesResult {
    CandidatesResult {
        available: false,
        message: Some(message.into()),
        candidates: Vec::new(),
        signals: None,
    }
}

/// Ranked people (matches or reviewers) as the wire's candidates, with the signals behind them.
pub(super) fn ranked_result<'a>(
    ranked: impl Iterator<Item = (&'a crate::query::Person, f64, &'a Vec<String>)>,
    signals: Option<serde_json::Value>,
) -> CandidatesResult {
    CandidatesResult {
        available: true,
        message: None,
        candidates: ranked
            .map(|(who, score, reasons)| Candidate {
                person: person(who),
                score,
                reasons: reasons.clone(),
            })
            .collect(),
        signals,
    }
}

fn person(p: &crate::query::Person) -> Person {
    Person {
        name: p.name.clone(),
        email: p.email.clone(),
    }
}

/// `paths` (already repository-relative) and the repository-relative paths of `uris`; an URI
/// outside the repository is an invalid-params error.
fn repo_paths(
    repo: &RepoHandle,
    paths: &[String],
    uris: &[String],
) -> jsonrpc::Result<Vec<String>> {
    let mut out = paths.to_vec();
    for u in uris {
        let path = parse_uri(u)?
            .to_file_path()
            .map(|p| p.into_owned())
            .ok_or_else(|| jsonrpc::Error::invalid_params(format!("not a file uri: {u}")))?;
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        match path.strip_prefix(&repo.root) {
            Ok(rel) => out.push(rel.to_string_lossy().into_owned()),
            Err(_) => {
                return Err(jsonrpc::Error::invalid_params(format!(
                    "{u} is not inside {}",
                    repo.root.display()
                )))
            }
        }
    }
    Ok(out)
}

fn parse_uri(text: &str) -> jsonrpc::Result<Uri> {
    text.parse()
        .map_err(|e| jsonrpc::Error::invalid_params(format!("bad uri {text:?}: {e}")))
}
