//! The daemon's shared state (client handle, repositories, open buffers, settings) and the
//! plumbing every request shares: URI → repository + relative path (discovering repositories
//! lazily), and ownership answers computed on blocking threads.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use aexy_protocol::ownership::OwnershipResult;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{MessageType, Uri};
use tower_lsp_server::Client;

use super::blocking::{self, Cancelled};
use super::documents::Documents;
use super::ownership::{self, Question};
use super::workspace::{canonical_document_path, RepoHandle, Workspace};

/// What the client told us in `initialize`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The client's options (`initializationOptions`, then `workspace/didChangeConfiguration`).
    pub options: super::options::Options,
    /// The client accepts `window/workDoneProgress/create`.
    pub progress: bool,
    /// The client handles `window/showDocument`.
    pub show_document: bool,
    pub code_lens_refresh: bool,
    pub inlay_hint_refresh: bool,
}

/// Everything the request handlers share.
pub struct Daemon {
    pub client: Client,
    pub workspace: Workspace,
    pub docs: Documents,
    pub settings: RwLock<Settings>,
    /// Live watchers, one per repository; dropping one stops it.
    pub watchers: Mutex<Vec<(PathBuf, super::watcher::Watcher)>>,
    /// URI → repository and paths, so hovers skip canonicalisation; cleared when folders change.
    located: Mutex<HashMap<String, Located>>,
}

/// A document resolved to its repository.
#[derive(Clone)]
pub struct Located {
    pub repo: Arc<RepoHandle>,
    pub path: PathBuf,
    pub rel: String,
}

impl Daemon {
    pub fn new(client: Client) -> Daemon {
        Daemon {
            client,
            workspace: Workspace::default(),
            docs: Documents::default(),
            settings: RwLock::new(Settings {
                ..Settings::default()
            }),
            watchers: Mutex::new(Vec::new()),
            located: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// The repository holding `uri`, discovering (and starting to serve) it if it is new.
    /// `None` for non-file URIs and files outside any repository.
    pub async fn locate(self: &Arc<Self>, uri: &Uri) -> Option<Located> {
        if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
            return None;
        }
        if let Some(hit) = self.located.lock().ok()?.get(uri.as_str()) {
            return Some(hit.clone());
        }
        let path = uri.to_file_path()?.into_owned();
        let path = blocking::run(move |_| Ok(canonical_document_path(&path)))
            .await
            .ok()?;
        let (repo, rel) = match self.workspace.find(&path) {
            Some(found) => found,
            None => {
                let dir = path.parent()?.to_owned();
                let found = blocking::run(move |_| super::reader::discover(&dir))
                    .await
                    .ok()?;
                self.serve_repository(found).await;
                self.workspace.find(&path)?
            }
        };
        let located = Located { repo, path, rel };
        if let Ok(mut cache) = self.located.lock() {
            cache.insert(uri.as_str().to_owned(), located.clone());
        }
        Some(located)
    }

    /// Forgets cached URI → repository answers (repositories were added or removed).
    pub fn forget_locations(&self) {
        if let Ok(mut cache) = self.located.lock() {
            cache.clear();
        }
    }

    /// Starts serving a workspace folder's repository; a folder outside any repository gets a
    /// `window/showMessage` and empty answers.
    pub async fn add_folder(self: &Arc<Self>, folder: PathBuf) {
        let dir = folder.clone();
        match blocking::run(move |_| super::reader::discover(&dir)).await {
            Ok(found) => self.serve_repository(found).await,
            Err(e) => {
                tracing::info!("workspace folder without a repository: {e:#}");
                let msg = format!(
                    "aexy: {} is not in a git repository; ownership is unavailable there.",
                    folder.display()
                );
                self.client.show_message(MessageType::WARNING, msg).await;
            }
        }
    }

    async fn serve_repository(self: &Arc<Self>, found: crate::repo::RepoInfo) {
        let db = aexy_db_path(&found.common_dir);
        let handle = RepoHandle::new(found.root, found.git_dir, found.common_dir, db);
        let (handle, new) = self.workspace.add(handle);
        if new {
            self.forget_locations();
            tracing::info!(root = %handle.root.display(), "serving repository");
            super::indexer::start(self.clone(), handle.clone());
            super::sources::start_background(self.clone(), handle);
        }
    }

    /// Ownership of `uri` (and of 0-based `line` if given); `Ok(None)` outside repositories.
    pub async fn ownership(
        self: &Arc<Self>,
        uri: &Uri,
        line: Option<u32>,
    ) -> jsonrpc::Result<Option<OwnershipResult>> {
        let Some(loc) = self.locate(uri).await else {
            return Ok(None);
        };
        let daemon = self.clone();
        let uri_text = uri.as_str().to_owned();
        let answer = blocking::run(move |cancel| {
            let q = Question {
                uri: &uri_text,
                path: &loc.path,
                rel: &loc.rel,
                line,
            };
            ownership::ownership(&loc.repo, &daemon.docs, &q, cancel)
        })
        .await;
        match answer {
            Ok(o) => Ok(Some(o)),
            Err(e) if e.is::<Cancelled>() => Err(jsonrpc::Error::request_cancelled()),
            Err(e) => {
                tracing::warn!("ownership of {}: {e:#}", uri.as_str());
                Ok(None)
            }
        }
    }
}

/// Where the index of the repository with common git dir `common_dir` lives.
pub fn aexy_db_path(common_dir: &std::path::Path) -> PathBuf {
    crate::store::location::default_db_path(common_dir)
}
