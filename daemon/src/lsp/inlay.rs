//! Inlay hint: the code-lens summary at the end of a file's first line, the portable surface for
//! editors without code lenses (Helix, Zed, Emacs). Off with the option `inlayHints: false`
//! (see `options`).

use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, Position,
};

use super::state::Daemon;

/// The hint for the requested range (only the first line carries one).
pub async fn hints(
    daemon: &Arc<Daemon>,
    params: InlayHintParams,
) -> jsonrpc::Result<Option<Vec<InlayHint>>> {
    if !daemon.settings().options.inlay_hints {
        return Ok(None);
    }
    if params.range.start.line > 0 {
        return Ok(Some(Vec::new()));
    }
    let uri = params.text_document.uri;
    let Some(owners) = daemon.ownership(&uri, None).await? else {
        return Ok(None);
    };
    let Some(label) = super::lens::summary(&owners) else {
        return Ok(Some(Vec::new()));
    };
    let first_line_end = daemon
        .docs
        .get(uri.as_str())
        .map(|(text, _)| utf16_len(text.lines().next().unwrap_or("")))
        .unwrap_or(0);
    Ok(Some(vec![InlayHint {
        position: Position::new(0, first_line_end),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: Some(InlayHintTooltip::String(
            "Experts of this file, by share (aexy)".into(),
        )),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }]))
}

/// Length of `s` in UTF-16 code units (LSP's default position encoding).
pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf16_lengths() {
        assert_eq!(super::utf16_len("abc"), 3);
        assert_eq!(super::utf16_len("é😀"), 3);
    }
}
