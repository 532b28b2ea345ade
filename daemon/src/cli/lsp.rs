//! `aexy lsp`: runs the language server on stdio. Logs go to stderr, or to `--log-file`;
//! never to stdout, which carries the protocol.

use std::path::PathBuf;

use super::Global;

/// Arguments of `aexy lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Append logs to this file instead of stderr (also `AEXY_LOG_FILE`).
    #[arg(long, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
    /// Accepted for clients that pass it (vscode-languageclient): stdio is the only transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

pub fn run(args: LspArgs, _global: &Global) -> anyhow::Result<()> {
    let log_file = args
        .log_file
        .clone()
        .or_else(|| std::env::var_os("AEXY_LOG_FILE").map(PathBuf::from));
    init_logging(log_file.as_deref())?;
    tracing::info!(
        version = aexy_protocol::PROTOCOL_VERSION,
        "aexy lsp starting"
    );
    let code = crate::lsp::run()?;
    std::process::exit(code);
}

/// `tracing` to stderr or a file, filtered by `AEXY_LOG` (default `info`).
fn init_logging(file: Option<&std::path::Path>) -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("AEXY_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    let result = match file {
        Some(path) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).ok();
            }
            let f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            builder.with_writer(std::sync::Mutex::new(f)).try_init()
        }
        None => builder.with_writer(std::io::stderr).try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}
