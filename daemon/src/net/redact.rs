//! Scrubbing text before it reaches a log line, an error message or a remote service:
//! e-mail addresses become `[email]`, secret values and well-known token shapes `[redacted]`.

use std::sync::OnceLock;

use regex::Regex;

use super::Secret;

fn email_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
            .expect("e-mail pattern compiles")
    })
}

/// Token shapes issued by the services aexy talks to (GitHub `ghp_`/`gho_`/`ghs_`/
/// `github_pat_`, GitLab `glpat-`, Linear `lin_api_`, OpenAI/Anthropic `sk-`), and the
/// value of any `Bearer`/`token` authorization scheme: removed even when no `Secret` names them.
/// ASCII-only (`(?i-u)`): the crate's `regex` has no Unicode tables, and a Unicode `\b` or
/// case folding would fail to compile at run time.
fn token_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i-u)\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_\-]{16,}|lin_(?:api|oauth)_[A-Za-z0-9]{16,}|sk-[A-Za-z0-9_\-]{16,})|\b(?:bearer|token|basic)\s+[A-Za-z0-9._~+/=\-]{12,}",
        )
        .expect("token pattern compiles")
    })
}

/// Every e-mail address in `text` replaced by `[email]`.
pub fn redact_emails(text: &str) -> String {
    email_pattern().replace_all(text, "[email]").into_owned()
}

/// Removes the given secrets' values (and token-shaped words, and e-mail addresses) from text.
pub struct Redactor {
    values: Vec<String>,
}

impl Redactor {
    pub fn new(secrets: &[&Secret]) -> Self {
        let mut values: Vec<String> = secrets
            .iter()
            .map(|s| s.expose().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        // Longest first, so a secret that contains another is removed whole.
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        Redactor { values }
    }

    /// A redactor that knows no secret values (still removes token shapes and e-mails).
    pub fn none() -> Self {
        Redactor { values: Vec::new() }
    }

    pub fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        for value in &self.values {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), "[redacted]");
            }
        }
        let out = token_pattern().replace_all(&out, "[redacted]");
        redact_emails(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_replaced() {
        assert_eq!(
            redact_emails(
                "by Ann <ann.lee+x@corp.example.com>, cc 1234+bob@users.noreply.github.com"
            ),
            "by Ann <[email]>, cc [email]"
        );
        assert_eq!(redact_emails("no address @ here"), "no address @ here");
    }

    #[test]
    fn secrets_and_token_shapes_are_removed() {
        let secret = Secret::new("s3cr3t-value-xyz");
        let r = Redactor::new(&[&secret]);
        let text = "bad credentials s3cr3t-value-xyz; Authorization: Bearer abcdefghijklmnop; ghp_0123456789abcdefABCD and glpat-aaaaaaaaaaaaaaaaaaaa";
        let out = r.apply(text);
        assert!(!out.contains("s3cr3t"), "{out}");
        assert!(!out.contains("abcdefghijklmnop"), "{out}");
        assert!(!out.contains("ghp_0123"), "{out}");
        assert!(!out.contains("glpat-aaaa"), "{out}");
        assert!(out.starts_with("bad credentials [redacted]"), "{out}");
    }

    #[test]
    fn ordinary_text_is_kept() {
        let r = Redactor::none();
        assert_eq!(
            r.apply("Not Found (see the docs)"),
            "Not Found (see the docs)"
        );
    }
}
