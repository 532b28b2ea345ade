//! Turning text, identifiers and paths into search terms: words split at punctuation, path
//! separators, snake_case and camelCase boundaries, lower-cased, stop words dropped, and
//! plurals folded with Harman's S-stemmer ("How effective is suffixing?", JASIS 42(1), 1991).

use std::collections::HashSet;

/// Words too common in commit subjects and prose to say anything about a file.
const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
    "on", "or", "the", "this", "that", "to", "with", "when", "we", "not", "no", "use", "via", "do",
    "does", "don", "should", "can", "if", "so", "but", "all", "also", "its",
];

/// Search terms of `text`: identifiers and paths split into their parts, lower-cased, stop
/// words and one-character parts dropped, plurals folded (see [`s_stem`]).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in words(text) {
        for part in split_identifier(word) {
            if let Some(t) = normalize(&part) {
                out.push(t);
            }
        }
    }
    out
}

/// The distinct search terms of `text` (the set of [`terms`]), each distinct word split and
/// normalised once: source files repeat their identifiers, so this is much cheaper than
/// `terms` on a whole file.
pub fn distinct_terms(text: &str) -> HashSet<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = HashSet::new();
    for word in words(text) {
        if seen.insert(word) {
            out.extend(split_identifier(word).iter().filter_map(|p| normalize(p)));
        }
    }
    out
}

/// Maximal runs of letters and digits (`_` and everything else separate words).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Splits one word at camelCase boundaries and letter/digit changes:
/// `parseHTTPRequest2` → `parse`, `HTTP`, `Request`, `2`.
pub fn split_identifier(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && !cur.is_empty() {
            let prev = chars[i - 1];
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_alphabetic() != c.is_alphabetic())
                // the last capital of an acronym starts the next word: HTTPRequest → HTTP|Request
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()));
            if boundary {
                parts.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// Lower-cases, drops stop words, single characters and pure numbers, then S-stems.
fn normalize(part: &str) -> Option<String> {
    let lower = part.to_lowercase();
    if lower.chars().count() < 2 || lower.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if STOP.contains(&lower.as_str()) {
        return None;
    }
    Some(s_stem(&lower))
}

/// Harman's S-stemmer (1991) as Lucene's `EnglishMinimalStemmer` implements it (an exception
/// blocks the word; words under three letters stay): `-ies` (not `-eies`, `-aies`) → `-y`;
/// `-ies`, `-aes`, `-ees`, `-oes` otherwise stay; `-us`, `-ss` stay; any other `-s` is removed.
pub fn s_stem(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    if n < 3 || b[n - 1] != b's' {
        return word.to_string();
    }
    match b[n - 2] {
        b'u' | b's' => word.to_string(),
        b'e' => {
            if n > 3 && b[n - 3] == b'i' && b[n - 4] != b'a' && b[n - 4] != b'e' {
                return format!("{}y", &word[..n - 3]);
            }
            if matches!(b[n - 3], b'i' | b'a' | b'o' | b'e') {
                return word.to_string();
            }
            word[..n - 1].to_string()
        }
        _ => word[..n - 1].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_split_at_case_and_underscores() {
        assert_eq!(
            split_identifier("parseHTTPRequest2"),
            vec!["parse", "HTTP", "Request", "2"]
        );
        assert_eq!(terms("snake_case_name"), vec!["snake", "case", "name"]);
        assert_eq!(terms("XMLParser"), vec!["xml", "parser"]);
    }

    #[test]
    fn paths_split_into_directories_stems_and_extensions() {
        assert_eq!(
            terms("daemon/src/index/renameDetection.rs"),
            vec!["daemon", "src", "index", "rename", "detection", "rs"]
        );
    }

    #[test]
    fn distinct_terms_are_the_set_of_terms() {
        let text = "fn parseHttpRequest(req: HttpRequest) { parse_http(req); PARSE_HTTP; parsers }";
        let all: HashSet<String> = terms(text).into_iter().collect();
        assert_eq!(distinct_terms(text), all);
        assert!(all.contains("parse") && all.contains("http") && all.contains("parser"));
    }

    #[test]
    fn stop_words_numbers_and_single_letters_go() {
        assert_eq!(
            terms("Fix a bug in the 2 x parsers"),
            vec!["fix", "bug", "parser"]
        );
    }

    #[test]
    fn harman_s_stemmer_rules() {
        // the rules' own examples and their exceptions
        assert_eq!(s_stem("queries"), "query");
        assert_eq!(s_stem("cookies"), "cooky"); // the rule is mechanical
        assert_eq!(s_stem("eies"), "eies");
        assert_eq!(s_stem("aies"), "aies");
        assert_eq!(s_stem("indexes"), "indexe");
        assert_eq!(s_stem("does"), "does");
        assert_eq!(s_stem("ls"), "ls");
        assert_eq!(s_stem("trees"), "trees");
        assert_eq!(s_stem("files"), "file");
        assert_eq!(s_stem("status"), "status");
        assert_eq!(s_stem("class"), "class");
        assert_eq!(s_stem("tests"), "test");
    }
}
