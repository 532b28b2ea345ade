//! The command line: a clap `Command` enum, the flags every command shares, and dispatch.
//! Each command lives in its own file with `pub fn run(args, &Global) -> anyhow::Result<()>`.

pub mod lsp;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// aexy: who knows what, from git history. Local-first.
#[derive(Debug, Parser)]
#[command(name = "aexy", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags shared by every command.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Machine-readable output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Answer as of this revision.
    #[arg(long, global = true, value_name = "REV")]
    pub as_of: Option<String>,
    /// The index database (default: one per repository under the data dir).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the language server on stdio.
    Lsp(lsp::LspArgs),
}

/// Parses the command line and runs the command.
pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match &cli.command {
        Command::Lsp(args) => lsp::run(args, &cli.global),
    }
}
