//! `aexy/matchIssue`, `aexy/sync` and their commands, and the opt-in background sync
//! (`[sync] background = true`): issues matched with the repository's kept model; syncs run one
//! at a time per repository, after any indexing run in progress, on a blocking thread
//! with their own runtime, reporting `$/progress` and ending with a message.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use aexy_protocol::sources::{
    IssueInfo, MatchIssueParams, MatchIssueResult, SyncParams, SyncResult,
};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::MessageType;

use super::blocking;
use super::matching::{finish, indexed_repo, ranked_result, unavailable};
use super::progress::Reporter;
use super::state::Daemon;
use super::workspace::RepoHandle;
use crate::config::Config;
use crate::matching::task;
use crate::sources::settings::GithubApi;
use crate::sources::sync::{self, SyncOptions, SyncReport};
use crate::sources::{connect, Settings, System};

/// Repositories with a sync running.
fn running() -> &'static Mutex<HashSet<PathBuf>> {
    static RUNNING: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    RUNNING.get_or_init(|| Mutex::new(HashSet::new()))
}

/// `aexy/matchIssue`.
pub async fn match_issue(
    daemon: &Arc<Daemon>,
    p: MatchIssueParams,
) -> jsonrpc::Result<MatchIssueResult> {
    let (repo, _) = match indexed_repo(daemon, p.text_document.as_ref(), &[], &[]).await? {
        Ok(found) => found,
        Err(answer) => {
            return Ok(MatchIssueResult {
                result: answer,
                issue: None,
            })
        }
    };
    let limit = p.limit.map_or(5, |l| l as usize);
    let reference = p.issue.clone();
    let answer = blocking::run(move |_| {
        repo.with_reader(|r| {
            let ctx = r
                .ctx
                .as_ref()
                .ok_or_else(|| anyhow::anyhow!("the repository is still being indexed"))?;
            let found = crate::sources::issue_match::find(ctx, &reference)?;
            let report = repo.match_model.with(r.generation, ctx, |loaded, model| {
                task::rank_text(loaded, model, &found.text, &found.paths, limit, ctx)
            })?;
            Ok((found, report))
        })
    })
    .await;
    let mut issue = None;
    let result = finish(answer.map(|(found, r)| {
        issue = Some(IssueInfo {
            system: found.system,
            key: found.key,
            title: found.title,
            status: found.status,
            url: found.url,
            labels: found.labels,
            components: found.components,
            paths: found.paths,
            linked_files: found.linked_files,
        });
        let ranked = r
            .matches
            .iter()
            .map(|m| (&m.developer, m.score, &m.reasons));
        let mut out = ranked_result(ranked, serde_json::to_value(&r.signals).ok());
        if r.signals.by_activity_alone {
            out.message = Some(task::ACTIVITY_ALONE_NOTE.to_string());
        }
        out
    }))?;
    Ok(MatchIssueResult { result, issue })
}

/// Adds `reviews` (the review figures of synced pull requests) to a team-insights answer.
pub fn add_team_reviews(
    ctx: &crate::query::Context,
    limit: usize,
    details: &mut serde_json::Value,
) -> anyhow::Result<()> {
    let history = crate::sources::history::load(ctx.store.conn(), ctx.resolver.developers())?;
    let reviews = crate::insights::reviews::compute(
        &history,
        crate::insights::reviews::DEFAULT_WINDOW_DAYS,
        limit,
    );
    if let (Some(r), Some(obj)) = (reviews, details.as_object_mut()) {
        obj.insert("reviews".into(), serde_json::to_value(r)?);
    }
    Ok(())
}

/// Adds `reviews` (given and received, from synced pull requests) to a profile answer.
pub fn add_person_reviews(
    ctx: &crate::query::Context,
    developer: Option<&str>,
    details: &mut serde_json::Value,
) -> anyhow::Result<()> {
    let who = match developer {
        Some(d) => ctx.resolver.find(d),
        None => ctx.configured_user(),
    };
    let history = crate::sources::history::load(ctx.store.conn(), ctx.resolver.developers())?;
    if let (false, Some(d), Some(obj)) = (history.is_empty(), who, details.as_object_mut()) {
        obj.insert(
            "reviews".into(),
            serde_json::to_value(crate::insights::reviews::person(&history, d))?,
        );
    }
    Ok(())
}

/// `aexy/sync`: starts a sync of the document's repository (else of every open one).
pub async fn sync_request(daemon: &Arc<Daemon>, p: SyncParams) -> jsonrpc::Result<SyncResult> {
    let targets: Vec<Arc<RepoHandle>> = match &p.text_document {
        Some(d) => {
            let uri = d
                .uri
                .parse()
                .map_err(|e| jsonrpc::Error::invalid_params(format!("bad uri {:?}: {e}", d.uri)))?;
            daemon
                .locate(&uri)
                .await
                .map(|l| vec![l.repo])
                .unwrap_or_default()
        }
        None => daemon.workspace.all(),
    };
    if targets.is_empty() {
        return Ok(SyncResult {
            started: false,
            repositories: Vec::new(),
            message: Some(
                unavailable("no repository is open")
                    .message
                    .unwrap_or_default(),
            ),
        });
    }
    let mut started = Vec::new();
    let mut reasons = Vec::new();
    for repo in targets {
        let root = repo.root.clone();
        let settings = blocking::run({
            let root = root.clone();
            move |_| read_settings(&root)
        })
        .await;
        match settings {
            Ok(s) if s.any() => {
                if !running().lock().map(|mut r| r.insert(root.clone())).unwrap_or(false) {
                    reasons.push(format!("{}: a sync is already running", root.display()));
                    continue;
                }
                started.push(root.display().to_string());
                tokio::spawn(run(daemon.clone(), repo, s, true));
            }
            Ok(_) => reasons.push(format!(
                "{}: nothing to sync (no GitHub, GitLab, Jira or Linear configured; see `aexy connect status`)",
                root.display()
            )),
            Err(e) => reasons.push(format!("{}: {e:#}", root.display())),
        }
    }
    Ok(SyncResult {
        started: !started.is_empty(),
        repositories: started,
        message: (!reasons.is_empty()).then(|| reasons.join("; ")),
    })
}

fn read_settings(root: &std::path::Path) -> anyhow::Result<Settings> {
    let repo = crate::repo::open(root)?;
    let config = Config::load(Some(&repo))?;
    Ok(Settings::read(&config, Some(&repo)))
}

/// One sync of `repo`, after any indexing run (the index lock), with `$/progress`; the
/// outcome is a message when `announce`, else only logged (background syncs).
async fn run(daemon: Arc<Daemon>, repo: Arc<RepoHandle>, settings: Settings, announce: bool) {
    // after any indexing run in progress (a first index creates the database); then both may
    // write, each in short transactions of its own
    drop(repo.index_lock.lock().await);
    let show_progress = daemon.settings().progress;
    let title = format!(
        "aexy: syncing {}",
        repo.root
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    let mut progress = Reporter::begin(&daemon.client, show_progress, &title, "starting").await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let db = repo.db.clone();
    let work = tokio::task::spawn_blocking(move || -> anyhow::Result<SyncReport> {
        let conns = connect::connect(&settings, &[])?;
        let store = crate::store::Store::open_rw(&db)?;
        let opts = SyncOptions {
            pulls: true,
            issues: true,
            limit: Some(settings.sync.limit),
            github_api: settings.github.as_ref().map_or(GithubApi::Auto, |g| g.api),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut report = |system: System, list: &str, r: &crate::sources::feed::FeedReport| {
            let _ = tx.send(format!("{} {list}: {} written", system.title(), r.written));
        };
        Ok(runtime.block_on(sync::sync(&conns, store.conn(), &opts, &mut report)))
    });
    tokio::pin!(work);
    let outcome = loop {
        tokio::select! {
            Some(message) = rx.recv() => progress.note(message).await,
            done = &mut work => break done,
        }
    };
    if let Ok(mut r) = running().lock() {
        r.remove(&repo.root);
    }
    let (kind, message) = match outcome {
        Ok(Ok(report)) => summary(&report),
        Ok(Err(e)) => (MessageType::WARNING, format!("aexy: sync failed: {e:#}")),
        Err(e) => (MessageType::WARNING, format!("aexy: sync failed: {e}")),
    };
    progress.finish(message.clone()).await;
    tracing::info!("{message}");
    if announce || kind == MessageType::WARNING {
        daemon.client.show_message(kind, message).await;
    }
}

fn summary(report: &SyncReport) -> (MessageType, String) {
    let mut parts = Vec::new();
    let mut kind = MessageType::INFO;
    for s in &report.services {
        let written: u64 = s.lists.iter().map(|l| l.report.written).sum();
        parts.push(format!(
            "{} {}: {written} new or changed",
            s.system, s.scope
        ));
        if let Some(e) = &s.error {
            kind = MessageType::WARNING;
            parts.push(e.clone());
        }
    }
    parts.extend(report.skipped.iter().cloned());
    (kind, format!("aexy: synced — {}", parts.join("; ")))
}

/// The opt-in background sync of `repo`: every `[sync] interval_minutes` while the daemon
/// serves it, when `[sync] background = true` (user file, `git config aexy.sync.background
/// true` or `AEXY_SYNC_BACKGROUND=true`). Nothing is sent anywhere otherwise.
pub fn start_background(daemon: Arc<Daemon>, repo: Arc<RepoHandle>) {
    tokio::spawn(async move {
        loop {
            let root = repo.root.clone();
            let settings = match blocking::run(move |_| read_settings(&root)).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::debug!("no background sync: {e:#}");
                    return;
                }
            };
            if !settings.sync.background || !settings.any() {
                return;
            }
            let interval = Duration::from_secs(settings.sync.interval_minutes.max(1) * 60);
            let fresh = running()
                .lock()
                .map(|mut r| r.insert(repo.root.clone()))
                .unwrap_or(false);
            if fresh {
                run(daemon.clone(), repo.clone(), settings, false).await;
            }
            tokio::time::sleep(interval).await;
            if !daemon.workspace.all().iter().any(|r| Arc::ptr_eq(r, &repo)) {
                return;
            }
        }
    });
}
