//! The `LanguageServer` implementation (tower-lsp-server 0.23): capabilities, document sync,
//! workspace folders, and the handlers, each delegating to its own module; plus the custom
//! `aexy/*` requests registered from `aexy-protocol`'s method names.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use aexy_protocol::careers::{CareerParams, HiringParams, MentorsParams};
use aexy_protocol::insights::{
    ProfileParams, ProfileResult, TeamInsightsParams, TeamInsightsResult,
};
use aexy_protocol::matching::{CandidatesResult, MatchTaskParams, SuggestReviewersParams};
use aexy_protocol::ownership::{OwnershipParams, OwnershipResult};
use aexy_protocol::status::StatusResult;
use aexy_protocol::teams::{CodeownersParams, InsightResult, TeamsParams};
use aexy_protocol::{PROTOCOL_VERSION, SERVER_NAME};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};

use super::params::WithLenient;
use super::state::Daemon;

/// Set once `shutdown` has been answered: `exit` then ends the process with status 0.
pub static SHUT_DOWN: AtomicBool = AtomicBool::new(false);

/// The server: shared state plus what waits for `initialized` (the folders to open, warnings
/// about the client's options).
pub struct Backend {
    daemon: Arc<Daemon>,
    pending_folders: Mutex<Vec<PathBuf>>,
    option_warnings: Mutex<Vec<String>>,
}

/// Builds the service with every custom `aexy/*` method registered.
pub fn service() -> (LspService<Backend>, ClientSocket) {
    use aexy_protocol::{careers, insights, matching, ownership, sources, status, teams};
    LspService::build(|client| Backend {
        daemon: Arc::new(Daemon::new(client)),
        pending_folders: Mutex::new(Vec::new()),
        option_warnings: Mutex::new(Vec::new()),
    })
    .custom_method(status::METHOD, WithLenient(Backend::status))
    .custom_method(ownership::METHOD, Backend::ownership)
    .custom_method(insights::PROFILE, WithLenient(Backend::profile))
    .custom_method(insights::TEAM_INSIGHTS, WithLenient(Backend::team_insights))
    .custom_method(matching::MATCH_TASK, Backend::match_task)
    .custom_method(matching::SUGGEST_REVIEWERS, Backend::suggest_reviewers)
    .custom_method(sources::MATCH_ISSUE, Backend::match_issue)
    .custom_method(sources::SYNC, WithLenient(Backend::sync))
    .custom_method(aexy_protocol::explain::EXPLAIN, Backend::explain)
    .custom_method(teams::CODEOWNERS, WithLenient(Backend::codeowners))
    .custom_method(teams::TEAMS, WithLenient(Backend::teams))
    .custom_method(careers::CAREER, WithLenient(Backend::career))
    .custom_method(careers::MENTORS, Backend::mentors)
    .custom_method(careers::HIRING, WithLenient(Backend::hiring))
    .custom_method(aexy_protocol::org::ORG_EXPERTS, Backend::org_experts)
    .finish()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let window = caps.window.as_ref();
        let workspace = caps.workspace.as_ref();
        let mut options = super::options::Options::default();
        if let Some(o) = &params.initialization_options {
            let warnings = options.apply(o);
            if let Ok(mut w) = self.option_warnings.lock() {
                *w = warnings;
            }
        }
        if let Ok(mut s) = self.daemon.settings.write() {
            s.options = options;
            s.progress = window.and_then(|w| w.work_done_progress).unwrap_or(false);
            s.show_document = window
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support);
            s.code_lens_refresh = workspace
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false);
            s.inlay_hint_refresh = workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false);
        }
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path())
                    .map(|p| p.into_owned()),
            );
        }
        if let Ok(mut pending) = self.pending_folders.lock() {
            *pending = folders;
        }
        let folders_caps = WorkspaceFoldersServerCapabilities {
            supported: Some(true),
            change_notifications: Some(OneOf::Left(true)),
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::FULL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(true),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: aexy_protocol::commands::ALL
                        .iter()
                        .map(|c| (*c).to_owned())
                        .collect(),
                    ..Default::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(folders_caps),
                    file_operations: None,
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: SERVER_NAME.into(),
                version: Some(PROTOCOL_VERSION.into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let warnings = self
            .option_warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        self.warn_about_options(warnings).await;
        let folders = self
            .pending_folders
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default();
        for folder in folders {
            self.daemon.add_folder(folder).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        SHUT_DOWN.store(true, Ordering::SeqCst);
        if let Ok(mut watchers) = self.daemon.watchers.lock() {
            watchers.clear();
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.daemon
            .docs
            .open(doc.uri.as_str(), doc.text, doc.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Full sync: the last change holds the whole text.
        if let Some(change) = params.content_changes.into_iter().last() {
            let doc = params.text_document;
            self.daemon
                .docs
                .change(doc.uri.as_str(), change.text, doc.version);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.daemon.docs.close(params.text_document.uri.as_str());
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        for removed in params.event.removed {
            if let Some(path) = removed
                .uri
                .to_file_path()
                .and_then(|p| p.canonicalize().ok())
            {
                if let Some((repo, _)) = self.daemon.workspace.find(&path.join("x")) {
                    self.daemon.workspace.remove(&repo.root);
                    self.daemon.forget_locations();
                    if let Ok(mut w) = self.daemon.watchers.lock() {
                        w.retain(|(root, _)| root != &repo.root);
                    }
                }
            }
        }
        for added in params.event.added {
            if let Some(path) = added.uri.to_file_path() {
                self.daemon.add_folder(path.into_owned()).await;
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut options = self.daemon.settings().options;
        let warnings = options.apply(&params.settings);
        let changed = self
            .daemon
            .settings
            .write()
            .map(|mut s| std::mem::replace(&mut s.options, options.clone()) != options)
            .unwrap_or(false);
        self.warn_about_options(warnings).await;
        if changed {
            tracing::info!(?options, "options changed");
            super::indexer::refresh(&self.daemon);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let options = self.daemon.settings().options;
        if options.hover == super::options::HoverDetail::Off {
            return Ok(None);
        }
        let pos = params.text_document_position_params;
        let line = pos.position.line;
        let Some(owners) = self
            .daemon
            .ownership(&pos.text_document.uri, Some(line))
            .await?
        else {
            return Ok(None);
        };
        let commit_url = self.daemon.workspace.all().into_iter().find_map(|r| {
            pos.text_document
                .uri
                .to_file_path()
                .filter(|p| p.starts_with(&r.root))
                .and(r.commit_url.clone())
        });
        let Some(text) =
            super::hover::markdown(&owners, commit_url.as_deref(), super::time::now(), &options)
        else {
            return Ok(None);
        };
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(Range::new(
                Position::new(line, 0),
                Position::new(line + 1, 0),
            )),
        }))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        Ok(super::lens::lenses(&self.daemon, &params.text_document.uri).await)
    }

    async fn code_lens_resolve(&self, lens: CodeLens) -> Result<CodeLens> {
        super::lens::resolve(&self.daemon, lens).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        super::inlay::hints(&self.daemon, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        super::commands::execute(&self.daemon, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        super::explain::code_actions(&self.daemon, params).await
    }
}

impl Backend {
    /// Tells the user (and the log) which options were ignored and why.
    async fn warn_about_options(&self, warnings: Vec<String>) {
        for w in warnings {
            tracing::warn!("ignored option: {w}");
            self.daemon
                .client
                .show_message(MessageType::WARNING, format!("aexy: ignored option: {w}"))
                .await;
        }
    }

    /// `aexy/status`.
    async fn status(&self, _: Option<Value>) -> Result<StatusResult> {
        Ok(super::commands::status(&self.daemon))
    }

    /// `aexy/ownership`: empty (not an error) outside repositories.
    async fn ownership(&self, params: OwnershipParams) -> Result<OwnershipResult> {
        let uri = parse_uri(&params.text_document.uri)?;
        let line = params.position.map(|p| p.line);
        Ok(self
            .daemon
            .ownership(&uri, line)
            .await?
            .unwrap_or(OwnershipResult {
                file: String::new(),
                line: None,
                experts: Vec::new(),
                risk: None,
                indexing: false,
                declared: None,
            }))
    }

    /// `aexy/profile`.
    async fn profile(&self, params: Option<ProfileParams>) -> Result<ProfileResult> {
        super::insights::profile(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/teamInsights`.
    async fn team_insights(
        &self,
        params: Option<TeamInsightsParams>,
    ) -> Result<TeamInsightsResult> {
        super::insights::team(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/matchTask`.
    async fn match_task(&self, params: MatchTaskParams) -> Result<CandidatesResult> {
        super::matching::match_task(&self.daemon, params).await
    }

    /// `aexy/codeowners`.
    async fn codeowners(&self, params: Option<CodeownersParams>) -> Result<InsightResult> {
        super::careers::codeowners(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/teams`.
    async fn teams(&self, params: Option<TeamsParams>) -> Result<InsightResult> {
        super::careers::teams(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/career`.
    async fn career(&self, params: Option<CareerParams>) -> Result<InsightResult> {
        super::careers::career(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/mentors`.
    async fn mentors(&self, params: MentorsParams) -> Result<InsightResult> {
        super::careers::mentors(&self.daemon, params).await
    }

    /// `aexy/hiring`.
    async fn hiring(&self, params: Option<HiringParams>) -> Result<InsightResult> {
        super::careers::hiring(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/suggestReviewers`.
    async fn suggest_reviewers(&self, params: SuggestReviewersParams) -> Result<CandidatesResult> {
        super::matching::suggest_reviewers(&self.daemon, params).await
    }

    /// `aexy/matchIssue`.
    async fn match_issue(
        &self,
        params: aexy_protocol::sources::MatchIssueParams,
    ) -> Result<aexy_protocol::sources::MatchIssueResult> {
        super::sources::match_issue(&self.daemon, params).await
    }

    /// `aexy/sync`.
    async fn sync(
        &self,
        params: Option<aexy_protocol::sources::SyncParams>,
    ) -> Result<aexy_protocol::sources::SyncResult> {
        super::sources::sync_request(&self.daemon, params.unwrap_or_default()).await
    }

    /// `aexy/explain`.
    async fn explain(
        &self,
        params: aexy_protocol::explain::ExplainParams,
    ) -> Result<aexy_protocol::explain::ExplainResult> {
        super::explain::explain(&self.daemon, params).await
    }

    /// `aexy/orgExperts`.
    async fn org_experts(
        &self,
        params: aexy_protocol::org::OrgExpertsParams,
    ) -> Result<aexy_protocol::org::OrgExpertsResult> {
        super::org::org_experts(params).await
    }
}

fn parse_uri(text: &str) -> Result<Uri> {
    text.parse()
        .map_err(|e| jsonrpc::Error::invalid_params(format!("bad uri {text:?}: {e}")))
}
