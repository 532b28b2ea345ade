//! Where a guarded LLM summary goes in each output: a section after the report's title in
//! Markdown and HTML (escaped), a paragraph before a profile's text, saying who wrote it and
//! what the guard removed.

use super::llm::Narrative;
use crate::query::explain::render::{markdown_escape, terminal_safe};

fn credit(n: &Narrative) -> String {
    format!(
        "Written by {} from aexy's figures{}; every number in it is one of them.",
        n.endpoint,
        if n.cached { " (cached)" } else { "" }
    )
}

/// The summary as terminal text, then a blank line.
pub fn text(n: &Narrative) -> String {
    let mut out = format!("{}\n  ({})\n", terminal_safe(&n.text), credit(n));
    for note in &n.notes {
        out.push_str(&format!("  ({})\n", terminal_safe(note)));
    }
    out.push('\n');
    out
}

/// `report` with a "Summary" section after its first heading line.
pub fn markdown(report: String, n: Option<&Narrative>) -> String {
    let Some(n) = n else { return report };
    let mut section = format!(
        "## Summary\n\n{}\n\n_{}_\n",
        markdown_escape(&n.text),
        markdown_escape(&credit(n))
    );
    for note in &n.notes {
        section.push_str(&format!("\n_{}_\n", markdown_escape(note)));
    }
    section.push('\n');
    match report.split_once('\n') {
        Some((title, rest)) if title.starts_with("# ") => format!("{title}\n\n{section}{rest}"),
        _ => section + &report,
    }
}

fn html_escape(s: &str) -> String {
    terminal_safe(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `report` with a summary section after its first `</h1>`.
pub fn html(report: String, n: Option<&Narrative>) -> String {
    let Some(n) = n else { return report };
    let mut section = format!(
        "<section class=\"narrative\"><h2>Summary</h2><p>{}</p><p><em>{}</em></p>",
        html_escape(&n.text).replace("\n\n", "</p><p>"),
        html_escape(&credit(n))
    );
    for note in &n.notes {
        section.push_str(&format!("<p><em>{}</em></p>", html_escape(note)));
    }
    section.push_str("</section>");
    match report.find("</h1>") {
        Some(i) => format!("{}{section}{}", &report[..i + 5], &report[i + 5..]),
        None => section + &report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_escaped_and_placed_after_the_title() {
        let n = Narrative {
            text: "Two <b>people</b> own *it*.".into(),
            endpoint: "openai:m".into(),
            cached: false,
            notes: vec![],
        };
        let md = markdown("# Team report\n\nbody\n".into(), Some(&n));
        assert!(
            md.starts_with(
                "# Team report\n\n## Summary\n\nTwo \\<b\\>people\\</b\\> own \\*it\\*."
            ),
            "{md}"
        );
        let html = html("<html><h1>T</h1><p>x</p>".into(), Some(&n));
        assert!(
            html.contains(
                "<h1>T</h1><section class=\"narrative\"><h2>Summary</h2><p>Two &lt;b&gt;people"
            ),
            "{html}"
        );
    }
}
