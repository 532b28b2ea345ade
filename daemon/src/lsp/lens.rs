//! Code lens at the top of each file: "Alice 62% · Bob 21% · +3" and a risk badge, resolved
//! lazily (`codeLens/resolve`) so listing lenses never waits on git or SQLite; clicking opens
//! the owners report (`aexy.showOwners`).

use std::sync::Arc;

use aexy_protocol::commands::SHOW_OWNERS;
use aexy_protocol::ownership::OwnershipResult;
use serde_json::json;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{CodeLens, Command, Position, Range, Uri};

use super::hover::experts_line;
use super::state::Daemon;

/// How many experts the lens names before "+N".
const TOP: usize = 2;

/// The unresolved lens of a document in a repository (none elsewhere, nor with the option
/// `codeLens: false`).
pub async fn lenses(daemon: &Arc<Daemon>, uri: &Uri) -> Option<Vec<CodeLens>> {
    if !daemon.settings().options.code_lens {
        return None;
    }
    daemon.locate(uri).await?;
    let top = Range::new(Position::new(0, 0), Position::new(0, 0));
    Some(vec![CodeLens {
        range: top,
        command: None,
        data: Some(json!({ "uri": uri.as_str() })),
    }])
}

/// Fills in the lens's title and command.
pub async fn resolve(daemon: &Arc<Daemon>, mut lens: CodeLens) -> jsonrpc::Result<CodeLens> {
    let uri_text = lens
        .data
        .as_ref()
        .and_then(|d| d.get("uri"))
        .and_then(|u| u.as_str());
    let Some(uri) = uri_text.and_then(|u| u.parse::<Uri>().ok()) else {
        return Err(jsonrpc::Error::invalid_params(
            "code lens without a document uri",
        ));
    };
    let owners = daemon.ownership(&uri, None).await?;
    let title = owners
        .as_ref()
        .and_then(summary)
        .unwrap_or_else(|| "aexy: no history yet".into());
    lens.command = Some(Command {
        title,
        command: SHOW_OWNERS.into(),
        arguments: Some(vec![json!({ "uri": uri.as_str() })]),
    });
    Ok(lens)
}

/// "Alice 62% · Bob 21% · +3 · ⚠ single expert", or `None` without experts.
pub fn summary(o: &OwnershipResult) -> Option<String> {
    if o.experts.is_empty() {
        return None;
    }
    // Plain text in the editor's UI: names as one visible line, not Markdown.
    let mut s = experts_line(&o.experts, TOP, crate::escape::one_line);
    if let Some(risk) = &o.risk {
        s.push_str(&format!(" · ⚠ {}", crate::escape::one_line(risk)));
    }
    if let Some(d) = o.declared.as_ref().filter(|d| d.differs) {
        let owners = if d.owners.is_empty() {
            "no owner".to_string()
        } else {
            crate::escape::one_line(&d.owners.join(" "))
        };
        s.push_str(&format!(" · CODEOWNERS: {owners} (differs)"));
    }
    if o.indexing {
        s.push_str(" · indexing…");
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aexy_protocol::ownership::ExpertShare;

    #[test]
    fn summaries_name_two_experts_and_the_risk() {
        let e = |n: &str, s| ExpertShare {
            name: n.into(),
            email: "e".into(),
            share: s,
            last_active: None,
        };
        let mut o = OwnershipResult {
            file: "a".into(),
            line: None,
            experts: vec![
                e("alice", 0.62),
                e("bob", 0.21),
                e("c", 0.1),
                e("d", 0.05),
                e("f", 0.02),
            ],
            risk: None,
            indexing: false,
            declared: None,
        };
        assert_eq!(summary(&o).unwrap(), "alice 62% · bob 21% · +3");
        o.experts.truncate(1);
        o.risk = Some("single expert".into());
        assert_eq!(summary(&o).unwrap(), "alice 62% · ⚠ single expert");
        o.declared = Some(aexy_protocol::teams::DeclaredOwners {
            file: "CODEOWNERS".into(),
            lines: vec![1],
            owners: vec!["@dave".into()],
            differs: true,
            note: String::new(),
        });
        assert_eq!(
            summary(&o).unwrap(),
            "alice 62% · ⚠ single expert · CODEOWNERS: @dave (differs)"
        );
        o.experts.clear();
        assert_eq!(summary(&o), None);
    }
}
