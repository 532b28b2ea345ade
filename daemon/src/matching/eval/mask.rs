//! Masking a held-out commit's subject so the query cannot give its answer away: issue and PR
//! numbers, trailers, @handles, e-mails and candidates' names, conventional-commit scopes, and
//! every word equal to a basename, stem or directory of the files the commit changed.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// Lower-cased words that name people: every part of every candidate's names and e-mail local
/// parts (split at spaces, dots, dashes, underscores and `+`).
pub fn people_words<'a>(people: impl IntoIterator<Item = (&'a str, &'a str)>) -> HashSet<String> {
    let mut out = HashSet::new();
    for (name, email) in people {
        let local = email.split('@').next().unwrap_or("");
        for part in name
            .split(|c: char| {
                c.is_whitespace() || matches!(c, '.' | '-' | '_' | '+' | ',' | '(' | ')')
            })
            .chain(local.split(['.', '-', '_', '+']))
        {
            let p = part.trim().to_lowercase();
            if p.chars().count() >= 2 {
                out.insert(p);
            }
        }
    }
    out
}

/// Lower-cased basenames, stems (extension removed; also everything after the first dot) and
/// directory names of `paths`.
pub fn path_words<'a>(paths: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let mut out = HashSet::new();
    for p in paths {
        let lower = p.to_lowercase();
        let mut parts: Vec<&str> = lower.split('/').filter(|s| !s.is_empty()).collect();
        let Some(base) = parts.pop() else { continue };
        out.insert(base.to_string());
        if let Some((stem, _)) = base.rsplit_once('.') {
            if !stem.is_empty() {
                out.insert(stem.to_string());
            }
        }
        if let Some((first, _)) = base.split_once('.') {
            if !first.is_empty() {
                out.insert(first.to_string());
            }
        }
        for d in parts {
            out.insert(d.to_string());
        }
    }
    out
}

/// The masked query text of a commit message's subject (`text` may hold a whole message:
/// trailers in its last paragraph are dropped).
pub fn mask(text: &str, people: &HashSet<String>, paths: &HashSet<String>) -> String {
    static TRAILER: OnceLock<Regex> = OnceLock::new();
    static CONVENTIONAL: OnceLock<Regex> = OnceLock::new();
    static ISSUE: OnceLock<Regex> = OnceLock::new();
    static HANDLE: OnceLock<Regex> = OnceLock::new();
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    static WORD: OnceLock<Regex> = OnceLock::new();
    let trailer = re(
        &TRAILER,
        r"^[A-Za-z][A-Za-z0-9-]*:[\t\n\r\x20]+[^\t\n\r\x20]",
    );
    let lines: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || !trailer.is_match(l))
        .map(|(_, l)| l)
        .collect();
    let text = lines.join("\n");
    // `feat(parser)!: …` → `feat: …`
    let conventional = re(&CONVENTIONAL, r"^([\t\n\r\x20]*[A-Za-z]+)\([^)]*\)(!?:)");
    let text = conventional.replace(&text, "$1$2");
    let issue = re(
        &ISSUE,
        r"(\([\t\n\r\x20]*)?(#[0-9]+|(?-u:\b)[Gg][Hh]-[0-9]+(?-u:\b)|(?-u:\b)[A-Z][A-Z0-9]+-[0-9]+(?-u:\b)|(?-u:\b)([Pp][Rr]|[Ii]ssue|[Pp]ull)[\t\n\r\x20]*#?[0-9]+(?-u:\b))([\t\n\r\x20]*\))?",
    );
    let text = issue.replace_all(&text, " ");
    let email = re(
        &EMAIL,
        r"[0-9A-Za-z_.+-]+@[0-9A-Za-z_-]+(\.[0-9A-Za-z_-]+)+",
    );
    let text = email.replace_all(&text, " ");
    let handle = re(&HANDLE, r"@[0-9A-Za-z_-]+(\[bot\])?");
    let text = handle.replace_all(&text, " ");
    let word = re(&WORD, r"[0-9A-Za-z_./-]+");
    let text = word.replace_all(&text, |caps: &regex::Captures<'_>| {
        let w = &caps[0];
        let trimmed = w.trim_matches(|c: char| matches!(c, '.' | '-' | '/'));
        let lower = trimmed.to_lowercase();
        let leaks = |s: &str| paths.contains(s) || people.contains(s);
        let hidden = leaks(&lower)
            || lower.contains('/') && lower.split('/').any(|seg| !seg.is_empty() && leaks(seg));
        if hidden {
            String::new()
        } else {
            w.to_string()
        }
    });
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> HashSet<String> {
        HashSet::new()
    }

    #[test]
    fn issue_numbers_handles_and_emails_go() {
        let m = mask(
            "Fix panic in resolver (#1234), thanks @octo-cat and bob@example.com; JIRA-77 GH-9",
            &none(),
            &none(),
        );
        assert_eq!(m, "Fix panic in resolver , thanks and ;");
    }

    #[test]
    fn conventional_scopes_go_but_the_type_stays() {
        assert_eq!(
            mask("feat(parser)!: accept trailing commas", &none(), &none()),
            "feat!: accept trailing commas"
        );
    }

    #[test]
    fn trailers_after_the_subject_go() {
        let text = "Tune the cache\n\nSigned-off-by: Ann <ann@x.org>\nReviewed-by: Bob";
        assert_eq!(mask(text, &none(), &none()), "Tune the cache");
    }

    #[test]
    fn candidate_names_go() {
        let people = people_words([("Alice Liddell", "alice.l@example.com")]);
        assert!(people.contains("alice") && people.contains("liddell"));
        assert!(!people.contains("l"));
        assert_eq!(
            mask("Revert Liddell's change, per Alice", &people, &none()),
            "Revert 's change, per"
        );
    }

    #[test]
    fn basenames_stems_and_directories_of_changed_files_go() {
        let paths = path_words(["src/net/http_client.rs", "docs/guide.md"]);
        for w in [
            "http_client.rs",
            "http_client",
            "src",
            "net",
            "guide.md",
            "guide",
            "docs",
        ] {
            assert!(paths.contains(w), "{w}");
        }
        assert_eq!(
            mask(
                "net: retry http_client on reset, see src/net/ and Guide.md.",
                &none(),
                &paths
            ),
            ": retry on reset, see and"
        );
        // parts of identifiers are kept: only whole words equal to a name leak it
        assert_eq!(
            mask("retry HTTP clients", &none(), &paths),
            "retry HTTP clients"
        );
    }
}
