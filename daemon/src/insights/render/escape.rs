//! Escaping untrusted text (names, paths, commit subjects, file contents) for each output: a
//! terminal (control characters shown as `\u{…}`, so no escape sequence reaches the terminal),
//! Markdown (punctuation that would change the rendering), and GitHub workflow commands.

/// Text safe to print on a terminal.
pub fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Multi-line text safe to print on a terminal (each line escaped, newlines kept).
pub fn terminal_lines(s: &str) -> String {
    s.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(body) => terminal(body) + "\n",
            None => terminal(l),
        })
        .collect()
}

/// Text safe inside Markdown prose or a table cell (one line).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A workflow command's message (`::warning …::MESSAGE`), per GitHub's escaping rules.
pub fn workflow_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=…,title=…`), which also escapes `:` and `,`.
pub fn workflow_property(s: &str) -> String {
    workflow_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(terminal("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\u{a}");
        assert_eq!(terminal_lines("a\u{7}\nb\n"), "a\\u{7}\nb\n");
        assert_eq!(markdown("*x* | `y`"), "\\*x\\* \\| \\`y\\`");
        assert_eq!(workflow_data("50%\nok"), "50%25%0Aok");
        assert_eq!(workflow_property("a:b,c"), "a%3Ab%2Cc");
    }
}
