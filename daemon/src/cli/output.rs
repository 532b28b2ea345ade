//! Printing results: pretty JSON for `--json`, and small helpers for aligned human text.

use std::io::Write;

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A short commit id.
pub fn short(oid: &str) -> &str {
    &oid[..oid.len().min(10)]
}

/// Text for a terminal, or Markdown to paste into an issue or a wiki page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextFormat {
    Text,
    Md,
}
