//! Issue and pull/merge request references in a commit message: `#123` (GitHub, also in
//! "Merge pull request #123" and "(#123)"), `GH-123`, GitLab's `!123` and `group/project#123`,
//! Jira-style keys (`PROJ-123`), and links to issues, pull requests and merge requests. In order
//! of first appearance, each once.

use std::sync::OnceLock;

use regex::Regex;

/// Upper-case prefixes that look like Jira keys but name standards and encodings.
const NOT_KEYS: &[&str] = &[
    "UTF", "SHA", "ISO", "RFC", "MD", "AES", "RSA", "CRC", "HTTP", "TLS", "SSL", "IPV", "X", "ES",
    "ECMA", "PEP", "CVE", "U", "C", "WCAG", "RGB", "P", "H",
];

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?P<url>https?://[^\t\n\r\x20<>()\[\]]+/(?:pull|pulls|issues|merge_requests|browse)/[A-Za-z0-9-]+)",
            r"|(?P<scoped>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[0-9]+)",
            r"|(?:^|[^A-Za-z0-9_&/])(?P<hash>[#!][0-9]+)(?-u:\b)",
            r"|(?-u:\b)(?P<gh>GH-[0-9]+)(?-u:\b)",
            r"|(?-u:\b)(?P<key>[A-Z][A-Z0-9]+-[1-9][0-9]*)(?-u:\b)",
        ))
        .expect("valid regex")
    })
}

/// The references in `message`, in order, without repeats.
pub fn references(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for caps in pattern().captures_iter(message) {
        let found = ["url", "scoped", "hash", "gh", "key"]
            .iter()
            .find_map(|name| caps.name(name).map(|m| (*name, m.as_str())));
        let Some((kind, text)) = found else { continue };
        if kind == "key" {
            let prefix = text.split('-').next().unwrap_or("");
            if NOT_KEYS.contains(&prefix) {
                continue;
            }
        }
        let text = text.trim_end_matches(['.', ',']).to_string();
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_usual_form_once_and_in_order() {
        let msg = "Merge pull request #42 from a/b\n\nFix parser (#7), see GH-9 and PROJ-123.\n\
                   Closes #7. MR !15, other/repo#3, https://github.com/o/r/pull/88 and \
                   https://gitlab.com/g/p/-/merge_requests/4";
        assert_eq!(
            references(msg),
            vec![
                "#42",
                "#7",
                "GH-9",
                "PROJ-123",
                "!15",
                "other/repo#3",
                "https://github.com/o/r/pull/88",
                "https://gitlab.com/g/p/-/merge_requests/4"
            ]
        );
    }

    #[test]
    fn encodings_colours_and_anchors_are_not_references() {
        assert!(
            references("Use UTF-8 and SHA-256; colour #fff; see README#usage; a&#39;b").is_empty()
        );
        assert_eq!(references("issue#12 is not, (#12) is"), vec!["#12"]);
    }
}
