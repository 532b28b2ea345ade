//! Untrusted text made safe for each output. Commit subjects, people's names and paths come
//! from whoever wrote the history: in HTML they must not open tags, in Markdown they must not
//! make links (`command:` links run editor commands), raw HTML or structure, in a CSV cell they
//! must not start a spreadsheet formula, and nowhere may they carry control characters (a
//! terminal obeys escape sequences) or bidirectional overrides (which make text read other than
//! it is, "Trojan Source").

/// Whether `c` must not reach any output as itself: C0 controls except tab and newline, DEL,
/// C1 controls (U+0080–U+009F: some terminals read U+009B as CSI), and the bidirectional
/// embedding, override and isolate characters.
pub fn is_hazard(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What a hazardous character shows as.
pub const REPLACEMENT: char = '\u{fffd}';

/// `s` with every hazardous character replaced by U+FFFD: text for a terminal, an editor's
/// plain-text UI (lenses, hints, status) or a log.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| if is_hazard(c) { REPLACEMENT } else { c })
        .collect()
}

/// `s` as one line of visible text: newlines and tabs become spaces as well.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_hazard(c) => REPLACEMENT,
            c => c,
        })
        .collect()
}

/// HTML text and attribute values (double- or single-quoted).
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_hazard(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// Characters that start inline Markdown (CommonMark / GFM) anywhere in a line: escapes,
/// code, emphasis, strikethrough, links and images, raw HTML and autolinks, entities, table
/// cells, headings.
const MARKUP: &[char] = &['\\', '`', '*', '_', '~', '[', ']', '<', '>', '&', '|', '#'];

/// Markdown inline text that renders literally: every [`MARKUP`] character is
/// backslash-escaped, so no links or images (no `command:` URIs), no raw HTML, no emphasis,
/// code or table cells; a leading `-`, `+`, `=`, `.`, `!` or list number cannot start a block;
/// and it stays on one line.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in s.chars().enumerate() {
        let block_start = (i == 0 && matches!(c, '-' | '+' | '=' | '.' | '!'))
            || (i == digits && digits > 0 && matches!(c, '.' | ')'));
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if MARKUP.contains(&c) || block_start => {
                out.push('\\');
                out.push(c);
            }
            c if is_hazard(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span holding `s` literally: fenced with more backticks than `s` has in a
/// row, padded with spaces when `s` starts or ends with a backtick.
pub fn markdown_code(s: &str) -> String {
    let s = one_line(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// A Markdown code span inside a GFM table cell: as [`markdown_code`], with `|` escaped (GFM
/// splits cells on it even inside code spans, and shows `\|` there as `|`).
pub fn markdown_code_cell(s: &str) -> String {
    markdown_code(s).replace('|', "\\|")
}

/// A CSV field (RFC 4180 quoting) holding untrusted text: a leading `=`, `+`, `-`, `@`, tab or
/// carriage return would make a spreadsheet evaluate it as a formula (OWASP "CSV injection"),
/// so such a field gets a leading `'`. Numbers are written with [`csv_quote`] instead.
pub fn csv_text(s: &str) -> String {
    let s = visible(s);
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    };
    csv_quote(&guarded)
}

/// RFC 4180 quoting of a field.
pub fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOSTILE: &str = "<script>alert(1)</script> [x](command:aexy.reindex) ![i](http://e/x.png) \u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{1b}[2J\u{9b}31m \u{202e}gnp.exe | *b* `c` &lt; =HYPERLINK(\"http://e\")";

    #[test]
    fn hostile_text_in_every_output() {
        let h = html(HOSTILE);
        assert!(!h.contains('<') && !h.contains('\u{1b}') && !h.contains('\u{202e}'));
        assert!(h.contains("&lt;script&gt;"));
        let m = markdown(HOSTILE);
        assert!(m.starts_with("\\<script\\>") && !m.contains("\u{1b}") && !m.contains(" [x]"));
        assert!(m.contains("\\[x\\](command:aexy.reindex)"), "{m}");
        assert_eq!(markdown("- 1. not a list"), "\\- 1. not a list");
        assert_eq!(markdown("12. x"), "12\\. x");
        let v = visible(HOSTILE);
        assert!(!v.contains('\u{1b}') && !v.contains('\u{9b}') && v.contains("<script>"));
        assert_eq!(csv_text("=1+2"), "'=1+2");
        assert_eq!(csv_text("-x,y"), "\"'-x,y\"");
        assert_eq!(csv_text("Ann"), "Ann");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`"), "`` ` ``");
        assert_eq!(markdown_code("src/x.rs"), "`src/x.rs`");
        assert_eq!(markdown_code_cell("a|b"), "`a\\|b`");
    }

    proptest! {
        #[test]
        fn no_hazard_survives_any_escaper(s in "\\PC*|[\\x00-\\x7f\u{80}-\u{a0}\u{202a}-\u{202e}\u{2066}-\u{2069}]*") {
            for out in [visible(&s), one_line(&s), html(&s), markdown(&s), markdown_code(&s), csv_text(&s)] {
                prop_assert!(!out.chars().any(is_hazard), "{out:?}");
            }
            prop_assert!(!one_line(&s).contains(['\n', '\r']));
            prop_assert!(!markdown(&s).contains(['\n', '\r']));
        }

        #[test]
        fn html_opens_no_tag_and_markdown_no_markup(s in "[<>&\"'`\\[\\]()!*_#|\\\\a-z:/ ]*") {
            let h = html(&s);
            prop_assert!(!h.contains(['<', '>', '"', '\'']));
            // Every markup character in the Markdown is preceded by a backslash.
            let m = markdown(&s);
            let mut chars = m.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    prop_assert!(chars.next().is_some_and(|n| n.is_ascii_punctuation()));
                } else {
                    prop_assert!(!MARKUP.contains(&c), "{c:?} unescaped in {m:?}");
                }
            }
        }

        #[test]
        fn a_code_span_holds_its_text(s in "[`a-z ]{0,12}") {
            let code = markdown_code(&s);
            let fence = code.chars().take_while(|c| *c == '`').count();
            prop_assert!(fence > s.split(|c| c != '`').map(str::len).max().unwrap_or(0));
        }
    }
}
