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

/// Text from outside (pull-request and issue titles, account names) made safe for a terminal:
/// control characters (escape sequences, carriage returns, bidi overrides …) shown as escapes,
/// line breaks kept.
pub fn terminal(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let unsafe_char = (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
            let shown: Vec<char> = if unsafe_char {
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::terminal;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(terminal("ok\x1b[2Jx\r\ny"), "ok\\u{1b}[2Jx\\u{d}\ny");
        assert_eq!(terminal("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(terminal("Zoë\tfine"), "Zoë\tfine");
    }
}

/// Text for a terminal, or Markdown to paste into an issue or a wiki page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextFormat {
    Text,
    Md,
}
