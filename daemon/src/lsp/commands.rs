//! `workspace/executeCommand`: `aexy.showOwners`, `aexy.reindex`, `aexy.status`, `aexy.matchTask`,
//! `aexy.suggestReviewers`, `aexy.matchIssue`, `aexy.sync`. Each writes a Markdown report under the data dir and sends
//! `window/showDocument` for it, so clients that discard command results (Helix) still show it.

use std::path::PathBuf;
use std::sync::Arc;

use aexy_protocol::commands::{
    CommandResult, EXPLAIN, MATCH_ISSUE, MATCH_TASK, REINDEX, SHOW_OWNERS, STATUS,
    SUGGEST_REVIEWERS, SYNC,
};
use aexy_protocol::ownership::OwnershipResult;
use aexy_protocol::status::StatusResult;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{ExecuteCommandParams, LSPAny, ShowDocumentParams, Uri};

use super::indexer::{self, Reason};
use super::state::Daemon;

/// Runs one command.
pub async fn execute(
    daemon: &Arc<Daemon>,
    params: ExecuteCommandParams,
) -> jsonrpc::Result<Option<LSPAny>> {
    let uri = params.arguments.first().and_then(argument_uri);
    let result = match params.command.as_str() {
        SHOW_OWNERS => {
            let uri = uri.ok_or_else(|| {
                jsonrpc::Error::invalid_params("aexy.showOwners needs [{\"uri\": …}]")
            })?;
            let owners = daemon.ownership(&uri, None).await?;
            let Some(owners) = owners else {
                return Ok(Some(json!({ "report": null, "result": null })));
            };
            let root = daemon
                .locate(&uri)
                .await
                .map(|l| l.repo.root.display().to_string());
            let md = owners_markdown(
                &owners,
                root.as_deref().unwrap_or(""),
                daemon.settings().options.show_emails,
            );
            let name = format!("owners-{}.md", sanitize(&owners.file));
            publish(
                daemon,
                &name,
                md,
                serde_json::to_value(&owners).unwrap_or(Value::Null),
            )
            .await
        }
        REINDEX => {
            let targets = match &uri {
                Some(uri) => daemon
                    .locate(uri)
                    .await
                    .map(|l| vec![l.repo])
                    .unwrap_or_default(),
                None => daemon.workspace.all(),
            };
            let roots: Vec<String> = targets
                .iter()
                .map(|r| r.root.display().to_string())
                .collect();
            for repo in targets {
                tokio::spawn(indexer::update(daemon.clone(), repo, Reason::Requested));
            }
            CommandResult {
                report: None,
                result: json!({ "started": true, "repositories": roots }),
            }
        }
        STATUS => {
            let status = status(daemon);
            let md = status_markdown(&status);
            publish(
                daemon,
                "status.md",
                md,
                serde_json::to_value(&status).unwrap_or(Value::Null),
            )
            .await
        }
        MATCH_TASK | SUGGEST_REVIEWERS => {
            let arg = params.arguments.first().cloned().unwrap_or(Value::Null);
            let (title, name, answer) = if params.command == MATCH_TASK {
                let mut p: aexy_protocol::matching::MatchTaskParams =
                    serde_json::from_value(arg.clone()).map_err(|e| {
                        jsonrpc::Error::invalid_params(format!(
                            "aexy.matchTask needs [{{\"text\": …}}]: {e}"
                        ))
                    })?;
                if let Some(u) = arg.get("uri").and_then(Value::as_str) {
                    p.text_document
                        .get_or_insert(aexy_protocol::TextDocumentRef { uri: u.into() });
                }
                let title = format!("Who could take: {}", p.description);
                (
                    title,
                    "match.md",
                    super::matching::match_task(daemon, p).await?,
                )
            } else {
                let mut p: aexy_protocol::matching::SuggestReviewersParams =
                    serde_json::from_value(if arg.is_null() {
                        json!({})
                    } else {
                        arg.clone()
                    })
                    .map_err(|e| jsonrpc::Error::invalid_params(e.to_string()))?;
                if let Some(u) = arg.get("uri").and_then(Value::as_str) {
                    p.text_document
                        .get_or_insert(aexy_protocol::TextDocumentRef { uri: u.into() });
                }
                let title = "Suggested reviewers".to_string();
                (
                    title,
                    "reviewers.md",
                    super::matching::suggest_reviewers(daemon, p).await?,
                )
            };
            let md =
                super::matching::markdown(&title, &answer, daemon.settings().options.show_emails);
            publish(
                daemon,
                name,
                md,
                serde_json::to_value(&answer).unwrap_or(Value::Null),
            )
            .await
        }
        MATCH_ISSUE => {
            let arg = params.arguments.first().cloned().unwrap_or(Value::Null);
            let mut p: aexy_protocol::sources::MatchIssueParams =
                serde_json::from_value(arg.clone()).map_err(|e| {
                    jsonrpc::Error::invalid_params(format!(
                        "aexy.matchIssue needs [{{\"issue\": …}}]: {e}"
                    ))
                })?;
            if let Some(u) = arg.get("uri").and_then(Value::as_str) {
                p.text_document
                    .get_or_insert(aexy_protocol::TextDocumentRef { uri: u.into() });
            }
            let reference = p.issue.clone();
            let answer = super::sources::match_issue(daemon, p).await?;
            let title = match &answer.issue {
                Some(i) => format!("Who should take {}: {}", i.key, i.title),
                None => format!("Who should take {reference}"),
            };
            let md = super::matching::markdown(
                &title,
                &answer.result,
                daemon.settings().options.show_emails,
            );
            publish(
                daemon,
                "issue.md",
                md,
                serde_json::to_value(&answer).unwrap_or(Value::Null),
            )
            .await
        }
        EXPLAIN => {
            let arg = params.arguments.first().cloned().unwrap_or(Value::Null);
            let p = super::explain::command_params(&arg).ok_or_else(|| {
                jsonrpc::Error::invalid_params("aexy.explain needs [{\"uri\": …, \"range\"?: …}]")
            })?;
            let answer = super::explain::explain(daemon, p).await?;
            let name = format!("explain-{}.md", sanitize(&answer.file));
            let md = super::explain::markdown(&answer);
            publish(
                daemon,
                &name,
                md,
                serde_json::to_value(&answer).unwrap_or(Value::Null),
            )
            .await
        }
        SYNC => {
            let text_document = uri.as_ref().map(|u| aexy_protocol::TextDocumentRef {
                uri: u.as_str().to_owned(),
            });
            let answer = super::sources::sync_request(
                daemon,
                aexy_protocol::sources::SyncParams { text_document },
            )
            .await?;
            CommandResult {
                report: None,
                result: serde_json::to_value(&answer).unwrap_or(Value::Null),
            }
        }
        other => {
            return Err(jsonrpc::Error::invalid_params(format!(
                "unknown command {other}"
            )))
        }
    };
    Ok(Some(serde_json::to_value(result).unwrap_or(Value::Null)))
}

/// The `aexy/status` answer.
pub fn status(daemon: &Daemon) -> StatusResult {
    StatusResult {
        version: aexy_protocol::PROTOCOL_VERSION.into(),
        repositories: daemon
            .workspace
            .all()
            .iter()
            .map(|r| r.to_protocol())
            .collect(),
    }
}

/// Accepts `{ "uri": "…" }` or a bare URI string.
fn argument_uri(arg: &Value) -> Option<Uri> {
    let text = arg
        .get("uri")
        .and_then(Value::as_str)
        .or_else(|| arg.as_str())?;
    text.parse().ok()
}

/// Writes `reports/<name>` under the data dir and asks the client to show it.
async fn publish(
    daemon: &Arc<Daemon>,
    name: &str,
    markdown: String,
    result: Value,
) -> CommandResult {
    let path = crate::store::location::data_dir()
        .join("reports")
        .join(name);
    let target = path.clone();
    let written = super::blocking::run(move |_| {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&target, markdown)?;
        Ok(())
    })
    .await;
    if let Err(e) = written {
        tracing::warn!("cannot write the report {}: {e:#}", path.display());
        return CommandResult {
            report: None,
            result,
        };
    }
    if daemon.settings().show_document {
        if let Some(uri) = Uri::from_file_path(&path) {
            let params = ShowDocumentParams {
                uri,
                external: Some(false),
                take_focus: Some(true),
                selection: None,
            };
            let client = daemon.client.clone();
            // Not awaited: the client may answer only after our own response.
            tokio::spawn(async move { client.show_document(params).await });
        }
    }
    CommandResult {
        report: Some(path.display().to_string()),
        result,
    }
}

/// The owners report; the e-mail column only when the user opted in (`privacy.showEmails`).
fn owners_markdown(o: &OwnershipResult, root: &str, emails: bool) -> String {
    use crate::escape::{markdown as text, markdown_code as code};
    let mut md = format!(
        "# Owners of {}\n\nRepository: {}\n\n",
        code(&o.file),
        code(root)
    );
    if o.experts.is_empty() {
        md.push_str("No committed history for this file yet.\n");
    } else {
        md.push_str(if emails {
            "| Expert | E-mail | Share | Last active |\n|---|---|---:|---|\n"
        } else {
            "| Expert | Share | Last active |\n|---|---:|---|\n"
        });
        for e in &o.experts {
            let last = e
                .last_active
                .as_deref()
                .map(super::time::short_date)
                .unwrap_or_default();
            let email = if emails {
                format!(" {} |", text(&e.email))
            } else {
                String::new()
            };
            md.push_str(&format!(
                "| {} |{email} {:.0}% | {last} |\n",
                text(&e.name),
                e.share * 100.0
            ));
        }
    }
    if let Some(risk) = &o.risk {
        md.push_str(&format!(
            "\n**Knowledge risk (a signal, not a verdict):** {risk}\n"
        ));
    }
    if o.indexing {
        md.push_str("\n_Indexing was in progress: figures come from what was indexed so far._\n");
    }
    md
}

fn status_markdown(s: &StatusResult) -> String {
    let mut md = format!("# aexy status\n\nProtocol {}\n\n", s.version);
    md.push_str("| Repository | State | HEAD | Commits |\n|---|---|---|---:|\n");
    for r in &s.repositories {
        let head = r.head.as_deref().map_or("—", |h| &h[..h.len().min(10)]);
        md.push_str(&format!(
            "| {} | {:?} | `{head}` | {}/{} |\n",
            crate::escape::markdown_code_cell(&r.root),
            r.state,
            r.commits_indexed,
            r.commits_total
        ));
    }
    md
}

/// A file name from a repository path.
fn sanitize(rel: &str) -> String {
    rel.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The reports directory (for tests and docs).
pub fn reports_dir() -> PathBuf {
    crate::store::location::data_dir().join("reports")
}
