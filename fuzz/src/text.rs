//! Targets on text the history supplies: commit messages and identities, `.gitattributes` and
//! paths, blob contents, and the escapers every output goes through.

use aexy::classify::{self, Attributes};
use aexy::escape;
use aexy::identity;

/// Splits `data` at its first NUL: two independent inputs.
fn two(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Commit messages and identities: trailers (git's rules), co-authors, name normalisation,
/// bots and AI agents.
pub fn message(data: &[u8]) {
    let (ident, msg) = two(data);
    let msg = String::from_utf8_lossy(msg);
    let ident = String::from_utf8_lossy(ident);
    let (name, email) = ident.split_once('\n').unwrap_or((&ident, ""));
    let found = identity::parse_trailers(&msg);
    for (k, _) in &found {
        assert!(
            !k.is_empty() && !k.contains(['\n', ':']),
            "trailer key {k:?}"
        );
    }
    let _ = identity::co_authors(&found);
    let normal = identity::normalize_name(name);
    assert_eq!(
        identity::normalize_name(&normal),
        normal,
        "normalising is idempotent"
    );
    let _ = identity::is_generic_email(email);
    let _ = identity::is_bot(name, email);
    let _ = identity::ai_agent(name, email, &msg, &found);
}

/// `.gitattributes` (linguist overrides, git's wildmatch) and path classification, each line
/// of the attributes also tried as a path.
pub fn attributes(data: &[u8]) {
    let (content, path) = two(data);
    let mut attrs = Attributes::new();
    attrs.add_file(b"", content);
    attrs.add_file(b"sub/dir/", content);
    let lines = content.split(|b| *b == b'\n').take(64);
    for p in [path, b"sub/dir/x.rs".as_slice()].into_iter().chain(lines) {
        let _ = attrs.lookup(p);
        let _ = classify::classify(p, &attrs);
        let _ = classify::language::detect(p);
        let _ = classify::is_vendored(p);
        let _ = classify::is_generated(p);
        let _ = classify::is_documentation(p);
    }
}

/// Blob contents: the binary rule, generated-file markers, and git-faithful line diffs, whose
/// counts and hunks must agree and stay within the texts.
pub fn blobs(data: &[u8]) {
    let (old, new) = two(data);
    let _ = classify::is_binary(old);
    let _ = classify::generated_by_content(b"a.js", new);
    let d = aexy::git::line_diff::diff_lines(old, new);
    let (old_lines, new_lines) = (
        aexy::git::blob::count_lines(old),
        aexy::git::blob::count_lines(new),
    );
    let (mut added, mut deleted, mut last) = (0, 0, (0, 0));
    for h in &d.hunks {
        assert!(
            h.before.0 <= h.before.1 && h.before.1 <= old_lines,
            "{h:?} in {old_lines}"
        );
        assert!(
            h.after.0 <= h.after.1 && h.after.1 <= new_lines,
            "{h:?} in {new_lines}"
        );
        assert!(
            h.before.0 >= last.0 && h.after.0 >= last.1,
            "hunks in order"
        );
        last = (h.before.1, h.after.1);
        added += h.after.1 - h.after.0;
        deleted += h.before.1 - h.before.0;
    }
    assert_eq!((added, deleted), (d.added, d.deleted));
    assert_eq!(
        new_lines as i64 - old_lines as i64,
        added as i64 - deleted as i64
    );
}

/// Every escaper on arbitrary text: nothing hazardous survives, HTML opens no tag, Markdown
/// leaves no markup unescaped and stays on one line.
pub fn escape(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    for out in [
        escape::visible(&s),
        escape::one_line(&s),
        escape::html(&s),
        escape::markdown(&s),
        escape::markdown_code(&s),
        escape::markdown_code_cell(&s),
        escape::csv_text(&s),
    ] {
        assert!(!crate::has_hazard(&out), "{out:?}");
    }
    assert!(!escape::html(&s).contains(['<', '>', '"', '\'']));
    let md = escape::markdown(&s);
    assert!(!md.contains(['\n', '\r']));
    let mut chars = md.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            assert!(
                chars.next().is_some_and(|n| n.is_ascii_punctuation()),
                "{md:?}"
            );
        } else {
            assert!(!"`*_~[]<>&|#".contains(c), "{c:?} unescaped in {md:?}");
        }
    }
    // The value a spreadsheet reads back (RFC 4180 unquoted) never starts a formula.
    let cell = escape::csv_text(&s);
    let value = match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.clone(),
    };
    assert!(
        !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
        "{cell:?}"
    );
}
