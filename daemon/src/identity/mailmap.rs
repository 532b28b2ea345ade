//! `.mailmap` application through libgit2 (`git_mailmap_resolve`), made robust for raw
//! identities libgit2 would reject (empty or bracketed names and e-mails) and made
//! case-insensitive on e-mails like git.

/// Placeholder for an empty name or e-mail, which libgit2 signatures reject.
const EMPTY: &str = "\u{2400}";

/// libgit2 rejects signatures with angle brackets or an empty (after trimming) name or e-mail.
fn clean(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n'))
        .collect();
    if s.trim().is_empty() {
        EMPTY.to_string()
    } else {
        s
    }
}

/// The `(name, email)` the mailmap gives an identity, or `None` when it does not map it.
pub(super) fn apply_mailmap(
    mailmap: Option<&git2::Mailmap>,
    name: &str,
    email: &str,
) -> Option<(String, String)> {
    let mailmap = mailmap?;
    let clean_name = clean(name);
    let map = |email: &str| -> Option<(String, String)> {
        let sig = git2::Signature::new(&clean_name, &clean(email), &git2::Time::new(0, 0)).ok()?;
        let out = mailmap.resolve_signature(&sig).ok()?;
        let (n, e) = (out.name()?, out.email()?);
        (n != sig.name()? || e != sig.email()?).then(|| (n.to_string(), e.to_string()))
    };
    // libgit2 compares mailmap e-mails case-sensitively where git does not: retry lower-cased.
    let lower = email.to_lowercase();
    let (n, e) = map(email).or_else(|| (lower != email).then(|| map(&lower)).flatten())?;
    let restore = |mapped: String, raw: &str| {
        if mapped == EMPTY {
            raw.trim().to_string()
        } else {
            mapped
        }
    };
    Some((restore(n, name), restore(e, email)))
}

#[cfg(test)]
mod tests {
    use super::apply_mailmap;

    const MAILMAP: &str = "Proper Name <proper@x.dev> <old@x.dev>\n<new@x.dev> <Mixed@X.dev>\nOnly Name <only@x.dev>\n";

    fn map(name: &str, email: &str) -> Option<(String, String)> {
        let mailmap = git2::Mailmap::from_buffer(MAILMAP).unwrap();
        apply_mailmap(Some(&mailmap), name, email)
    }

    fn pair(n: &str, e: &str) -> Option<(String, String)> {
        Some((n.to_string(), e.to_string()))
    }

    #[test]
    fn maps_names_and_emails() {
        assert_eq!(map("old", "old@x.dev"), pair("Proper Name", "proper@x.dev"));
        assert_eq!(map("Old", "OLD@X.DEV"), pair("Proper Name", "proper@x.dev"));
        assert_eq!(map("M", "Mixed@X.dev"), pair("M", "new@x.dev"));
        assert_eq!(
            map("someone", "only@x.dev"),
            pair("Only Name", "only@x.dev")
        );
    }

    #[test]
    fn unmapped_and_awkward_identities() {
        assert_eq!(map("Nobody", "nobody@x.dev"), None);
        assert_eq!(
            map("  padded  ", "nobody@x.dev"),
            None,
            "trimming is not a mapping"
        );
        assert_eq!(map("", "old@x.dev"), pair("Proper Name", "proper@x.dev"));
        assert_eq!(
            map("<weird>", "only@x.dev"),
            pair("Only Name", "only@x.dev")
        );
        assert_eq!(map("", ""), None);
        assert_eq!(apply_mailmap(None, "old", "old@x.dev"), None);
    }
}
