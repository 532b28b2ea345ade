//! `aexy lsp`: the daemon. Speaks LSP JSON-RPC over stdio (tower-lsp-server on tokio) and serves
//! ownership inline — hover, code lens, inlay hints, commands, custom `aexy/*` requests — live
//! as commits land. Only this module knows about LSP and JSON-RPC.

pub mod blocking;
pub mod careers;
pub mod commands;
pub mod declared;
pub mod documents;
pub mod explain;
pub mod healing;
pub mod hover;
pub mod indexer;
pub mod inlay;
pub mod insights;
pub mod lens;
pub mod match_model;
pub mod matching;
pub mod memory;
pub mod options;
pub mod org;
pub mod owners;
pub mod ownership;
pub mod params;
pub mod progress;
pub mod reader;
pub mod server;
pub mod sources;
pub mod state;
pub mod time;
pub mod transport;
pub mod watcher;
pub mod workspace;

use std::sync::atomic::Ordering;

use anyhow::Context as _;
use tower_lsp_server::Server;

/// Serves LSP from `input` to `output` (stdio, or an in-process pipe for the fuzzer) until
/// `exit` or the end of input. Call inside a tokio runtime.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = server::service();
    // input → guard → server; server + guard's error replies → output.
    let (server_in, guard_out) = tokio::io::duplex(1 << 20);
    let (guard_in, server_out) = tokio::io::duplex(1 << 20);
    let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(transport::pump_input(input, guard_out, replies_tx));
    let output = tokio::spawn(transport::pump_output(guard_in, replies_rx, output));
    Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    // Let the last responses reach the output (bounded: the client may have stopped reading).
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), output).await;
}

/// Serves LSP on stdin/stdout until `exit` (or end of input); returns the process exit status:
/// 0 when `shutdown` came before `exit`, 1 otherwise (LSP 3.17, `exit`).
pub fn run() -> anyhow::Result<i32> {
    memory::limit_arenas();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .thread_name("aexy-lsp")
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        memory::spawn_idle_trimmer();
        serve(tokio::io::stdin(), tokio::io::stdout()).await;
    });
    tracing::info!("exiting");
    // Not dropping the runtime: its stdin reader may be blocked in read(2) on an open pipe.
    std::mem::forget(runtime);
    Ok(if server::SHUT_DOWN.load(Ordering::SeqCst) {
        0
    } else {
        1
    })
}
