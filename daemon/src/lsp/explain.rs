//! `aexy/explain`, the code action "Explain the history of this code" and the `aexy.explain`
//! command. The buffer's lines are mapped to the indexed file (edited lines have no history),
//! the evidence is computed on a blocking thread, and with an LLM configured the explanation
//! streams as `aexy/explainProgress` notifications; `$/cancelRequest` drops the request's future
//! and with it the model's HTTP stream. A prompt above the confirmation threshold is not sent
//! until the client asks again with `confirmed: true`.

use std::sync::Arc;

use aexy_protocol::explain::{
    Confirm, ExplainCommit, ExplainExpert, ExplainHunk, ExplainParams, ExplainProgress,
    ExplainResult, Explanation, LineSpan, CODE_ACTION_TITLE, EXPLAIN_PROGRESS,
};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::{CodeAction, CodeActionOrCommand, CodeActionParams, Command, Uri};

use super::blocking::{self, Cancelled};
use super::documents::{LineMap, Origin};
use super::reader::Base;
use super::state::Daemon;
use crate::llm::gateway::{CallOptions, Gateway, LlmError};
use crate::llm::settings::{Off, Settings};
use crate::query::explain::{render, Evidence};

/// The `aexy/explainProgress` notification.
enum ExplainProgressNote {}

impl Notification for ExplainProgressNote {
    type Params = ExplainProgress;
    const METHOD: &'static str = EXPLAIN_PROGRESS;
}

/// `aexy/explain`.
pub async fn explain(daemon: &Arc<Daemon>, p: ExplainParams) -> jsonrpc::Result<ExplainResult> {
    let uri: Uri = p
        .text_document
        .uri
        .parse()
        .map_err(|e| jsonrpc::Error::invalid_params(format!("bad uri: {e}")))?;
    let Some(loc) = daemon.locate(&uri).await else {
        return Ok(unavailable("this file is not in a git repository"));
    };
    let indexing = loc.repo.status().state == aexy_protocol::status::IndexState::Indexing;
    let uri_text = uri.as_str().to_owned();
    let d = daemon.clone();
    let (span, use_llm) = (p.range, p.llm);
    let found = blocking::run(move |cancel| {
        loc.repo.with_reader(|reader| {
            let Some(ctx) = reader.ctx.as_ref() else {
                return Ok(Err("the repository is still being indexed".to_owned()));
            };
            let Some(base) = reader.base_commit(Some(&ctx.as_of)) else {
                return Ok(Err("nothing is committed yet".to_owned()));
            };
            let range = match reader.blob(base, &loc.rel)? {
                Base::Text { text, .. } => {
                    let buffer = d.docs.get(&uri_text).map(|(t, _)| t);
                    match indexed_range(&text, buffer.as_deref(), span) {
                        Some(r) => r,
                        None => return Ok(Err("these lines are not committed yet".to_owned())),
                    }
                }
                Base::Missing => return Ok(Err("this file is not committed yet".to_owned())),
                Base::Binary | Base::TooLarge => {
                    return Ok(Err("this file is binary or too large to explain".to_owned()))
                }
            };
            cancel.check()?;
            let evidence = crate::query::explain::explain(ctx, loc.rel.as_bytes(), Some(range))?;
            let settings = if use_llm {
                crate::llm::settings::load(Some(&ctx.repo))?
            } else {
                Err(Off::Disabled(
                    "the client asked for the evidence only".into(),
                ))
            };
            Ok(Ok((evidence, settings)))
        })
    })
    .await;
    let (evidence, settings) = match found {
        Ok(Ok(found)) => found,
        Ok(Err(message)) => return Ok(unavailable(&message)),
        Err(e) if e.is::<Cancelled>() => return Err(jsonrpc::Error::request_cancelled()),
        Err(e) => return Ok(unavailable(&format!("{e:#}"))),
    };
    let mut result = evidence_result(&evidence);
    result.indexing = indexing;
    let settings = match settings
        .map_err(|off| off.to_string())
        .and_then(|s| allowed(s, &evidence))
    {
        Ok(s) => s,
        Err(why) => {
            result.llm = Some(why);
            return Ok(result);
        }
    };
    let gateway = match Gateway::new(settings, Some(&crate::llm::cache::default_path())) {
        Ok(g) => g,
        Err(e) => {
            result.llm = Some(format!("{e:#}"));
            return Ok(result);
        }
    };
    let build = |budget: u32| crate::llm::explain::prompt(&evidence, budget);
    if p.dry_run {
        result.dry_run = serde_json::to_value(gateway.dry_run(&build)).ok();
        return Ok(result);
    }
    let tokens = gateway.estimate(&build);
    let threshold = gateway.settings.confirm_tokens;
    if tokens > threshold && !p.confirmed {
        result.confirm = Some(Confirm {
            prompt_tokens: tokens,
            threshold,
            endpoint: gateway.settings.chain[0].label(),
        });
        return Ok(result);
    }
    let options = CallOptions {
        no_cache: p.no_cache,
        stream: true,
    };
    match stream(daemon, &gateway, &build, options, p.token).await {
        Ok(answer) => {
            let unknown = crate::llm::explain::unknown_citations(&answer.text, &evidence);
            result.explanation = Some(Explanation {
                text: answer.text,
                endpoint: answer.endpoint,
                cached: answer.cached,
                prompt_tokens: answer.prompt_tokens,
                input_tokens: answer.usage.input_tokens,
                output_tokens: answer.usage.output_tokens,
                notes: answer.notes,
                unknown_citations: unknown,
            });
        }
        Err(LlmError::Cancelled) => return Err(jsonrpc::Error::request_cancelled()),
        Err(e) => result.llm = Some(e.to_string()),
    }
    Ok(result)
}

/// The settings, unless the file is on the ignore list.
fn allowed(settings: Settings, e: &Evidence) -> Result<Settings, String> {
    let ignore = crate::llm::privacy::Ignore::new(&settings.ignore);
    let names =
        std::iter::once(&e.file).chain(e.commits.iter().filter_map(|c| c.renamed_from.as_ref()));
    for name in names {
        if let Some(pattern) = ignore.blocks(name) {
            return Err(format!(
                "{name} matches llm.ignore ({pattern}): nothing was sent"
            ));
        }
    }
    Ok(settings)
}

/// Runs the call, forwarding each piece of text as `aexy/explainProgress` (in order, all sent
/// before the response).
async fn stream(
    daemon: &Arc<Daemon>,
    gateway: &Gateway,
    build: &crate::llm::gateway::Builder<'_>,
    options: CallOptions,
    token: Option<String>,
) -> Result<crate::llm::gateway::Answer, LlmError> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let client = daemon.client.clone();
    let forwarder = tokio::spawn(async move {
        while let Some(text) = rx.recv().await {
            if let Some(token) = &token {
                let note = ExplainProgress {
                    token: token.clone(),
                    text,
                };
                client.send_notification::<ExplainProgressNote>(note).await;
            }
        }
    });
    let mut sink = |t: &str| {
        let _ = tx.send(t.to_owned());
    };
    let answer = gateway
        .complete(
            build,
            options,
            &mut sink,
            &crate::net::CancellationToken::new(),
        )
        .await;
    drop(tx);
    let _ = forwarder.await;
    answer
}

/// The indexed lines (1-based, inclusive) behind buffer lines `span` (0-based): the first and
/// last committed line among them; `None` when every line is new.
fn indexed_range(base: &str, buffer: Option<&str>, span: Option<LineSpan>) -> Option<(u32, u32)> {
    let total = base.lines().count() as u32;
    let map = match buffer {
        Some(b) => LineMap::between(base, b),
        None => LineMap::between(base, base),
    };
    let (start, end) = match span {
        Some(s) => (s.start.min(s.end), s.start.max(s.end)),
        None => (0, map.len().saturating_sub(1) as u32),
    };
    let lines: Vec<u32> = (start..=end)
        .filter_map(|l| match map.origin(l) {
            Some(Origin::Base(n)) => Some(n + 1),
            _ => None,
        })
        .collect();
    let (first, last) = (*lines.iter().min()?, *lines.iter().max()?);
    Some((first.min(total), last.min(total)))
}

fn unavailable(message: &str) -> ExplainResult {
    ExplainResult {
        available: false,
        message: Some(message.to_owned()),
        ..ExplainResult::default()
    }
}

/// The evidence as the wire's result (no explanation yet).
fn evidence_result(e: &Evidence) -> ExplainResult {
    let person = |p: &crate::query::Person| aexy_protocol::Person {
        name: p.name.clone(),
        email: p.email.clone(),
    };
    ExplainResult {
        available: true,
        message: None,
        file: e.file.clone(),
        revision: e.revision.clone(),
        range: Some(LineSpan {
            start: e.range.start,
            end: e.range.end,
        }),
        commits: e
            .commits
            .iter()
            .map(|c| ExplainCommit {
                commit: c.commit.clone(),
                author: person(&c.author),
                co_authors: c.co_authors.iter().map(person).collect(),
                date: c.date.clone(),
                subject: c.subject.clone(),
                body: c.body.clone(),
                refs: c.refs.clone(),
                path: c.path.clone(),
                renamed_from: c.renamed_from.clone(),
                merge: c.merge,
                lines_owned: c.lines_owned,
                hunks: c
                    .hunks
                    .iter()
                    .map(|h| ExplainHunk {
                        header: h.header(),
                        text: h.text.clone(),
                        omitted_lines: h.omitted_lines,
                    })
                    .collect(),
            })
            .collect(),
        omitted_commits: e.omitted_commits,
        experts: e
            .experts
            .iter()
            .map(|x| ExplainExpert {
                name: x.name.clone(),
                email: x.email.clone(),
                share: x.share,
                last_active: x.last_active.clone(),
            })
            .collect(),
        markdown: render::markdown(e),
        ..ExplainResult::default()
    }
}

/// The code action on any selection (or the cursor's line) of a file in a repository.
pub async fn code_actions(
    daemon: &Arc<Daemon>,
    params: CodeActionParams,
) -> jsonrpc::Result<Option<Vec<CodeActionOrCommand>>> {
    let uri = params.text_document.uri;
    if daemon.locate(&uri).await.is_none() {
        return Ok(None);
    }
    let r = params.range;
    // a selection ending at column 0 does not include that line
    let end = if r.end.line > r.start.line && r.end.character == 0 {
        r.end.line - 1
    } else {
        r.end.line
    };
    let argument = serde_json::json!({
        "uri": uri.as_str(),
        "range": { "start": r.start.line, "end": end },
    });
    Ok(Some(vec![CodeActionOrCommand::CodeAction(CodeAction {
        title: CODE_ACTION_TITLE.into(),
        command: Some(Command {
            title: CODE_ACTION_TITLE.into(),
            command: aexy_protocol::commands::EXPLAIN.into(),
            arguments: Some(vec![argument]),
        }),
        ..CodeAction::default()
    })]))
}

/// The `aexy.explain` command's argument as `aexy/explain` params (not streamed).
pub fn command_params(arg: &serde_json::Value) -> Option<ExplainParams> {
    let uri = arg.get("uri").and_then(serde_json::Value::as_str)?;
    let range = arg
        .get("range")
        .and_then(|r| serde_json::from_value::<LineSpan>(r.clone()).ok());
    Some(ExplainParams {
        text_document: aexy_protocol::TextDocumentRef {
            uri: uri.to_owned(),
        },
        range,
        token: None,
        llm: true,
        no_cache: false,
        dry_run: false,
        confirmed: true,
    })
}

/// The Markdown report of the `aexy.explain` command: the explanation (if any), then the
/// evidence timeline.
pub fn markdown(r: &ExplainResult) -> String {
    if !r.available {
        return format!(
            "# Explain\n\n{}\n",
            render::markdown_escape(r.message.as_deref().unwrap_or("not available"))
        );
    }
    let mut md = String::from("# Why this code is the way it is\n\n");
    match (&r.explanation, &r.llm) {
        (Some(x), _) => {
            md.push_str(&render::terminal_safe(&x.text));
            md.push_str(&format!(
                "\n\n_Written by {} from the evidence below",
                render::markdown_escape(&x.endpoint)
            ));
            if x.cached {
                md.push_str(" (cached)");
            }
            md.push_str("._\n");
            if !x.unknown_citations.is_empty() {
                md.push_str(&format!(
                    "\n**Not commits of this evidence:** {}\n",
                    render::markdown_escape(&x.unknown_citations.join(", "))
                ));
            }
        }
        (None, Some(why)) => md.push_str(&format!(
            "_No explanation: {}._\n",
            render::markdown_escape(why)
        )),
        (None, None) => {}
    }
    md.push('\n');
    md.push_str(&r.markdown);
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffer_lines_map_to_committed_lines_and_new_lines_have_none() {
        let base = "a\nb\nc\nd\n";
        // a line inserted at the top and "c" edited
        let buffer = "new\na\nb\nC\nd\n";
        let span = |s, e| Some(LineSpan { start: s, end: e });
        assert_eq!(indexed_range(base, Some(buffer), span(1, 2)), Some((1, 2)));
        assert_eq!(indexed_range(base, Some(buffer), span(2, 4)), Some((2, 4)));
        assert_eq!(indexed_range(base, Some(buffer), span(0, 0)), None);
        assert_eq!(indexed_range(base, None, None), Some((1, 4)));
    }
}
