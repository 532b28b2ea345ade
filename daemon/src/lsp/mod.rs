//! `aexy lsp`: the daemon. Speaks LSP JSON-RPC over stdio (tower-lsp-server on tokio) and serves
//! ownership inline — hover, code lens, inlay hints, commands, custom `aexy/*` requests — live
//! as commits land. Only this module knows about LSP and JSON-RPC.

pub mod blocking;
pub mod commands;
pub mod documents;
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
pub mod state;
pub mod time;
pub mod transport;
pub mod watcher;
pub mod workspace;

use std::sync::atomic::Ordering;

use anyhow::Context as _;
use tower_lsp_server::Server;

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
        let (service, socket) = server::service();
        // stdin → guard → server; server + guard's error replies → stdout.
        let (server_in, guard_out) = tokio::io::duplex(1 << 20);
        let (guard_in, server_out) = tokio::io::duplex(1 << 20);
        let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(transport::pump_input(
            tokio::io::stdin(),
            guard_out,
            replies_tx,
        ));
        let output = tokio::spawn(transport::pump_output(
            guard_in,
            replies_rx,
            tokio::io::stdout(),
        ));
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // Let the last responses reach stdout (bounded: the client may have stopped reading).
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), output).await;
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
