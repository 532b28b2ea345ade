//! `aexy match --issue REF`: the issue (`sources::issue_match`) shown before the ranking, its
//! outside text made safe for the terminal.

pub use crate::sources::issue_match::Found;

/// The issue's lines above the ranking.
pub fn describe(found: &Found) -> String {
    let t = super::output::terminal;
    let mut s = format!(
        "Issue {} ({}): {}{}\n",
        t(&found.key),
        found.system,
        t(&found.title),
        found
            .status
            .as_deref()
            .map(|st| format!(" [{}]", t(st)))
            .unwrap_or_default()
    );
    if !found.url.is_empty() {
        s.push_str(&format!("  {}\n", t(&found.url)));
    }
    if !found.paths.is_empty() {
        s.push_str(&format!(
            "  files it is about: {} ({} from pull requests that mention it)\n",
            t(&found
                .paths
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")),
            found.linked_files
        ));
    }
    s.push('\n');
    s
}
