//! The evidence as a timeline a person reads: plain text for a terminal (control characters
//! removed from every untrusted string) and Markdown for editors (punctuation escaped, hunks in
//! fenced blocks that their content cannot close).

use super::{Evidence, ShapingCommit};

/// Removes control characters (escape sequences, bells, carriage returns) except newlines and
/// tabs, so commit messages, names and model output cannot drive a terminal.
pub fn terminal_safe(s: &str) -> String {
    s.chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect()
}

/// Escapes Markdown punctuation that would change how a name or subject renders.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal_safe(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn who(c: &ShapingCommit) -> String {
    let mut s = c.author.name.clone();
    if !c.co_authors.is_empty() {
        let names: Vec<&str> = c.co_authors.iter().map(|p| p.name.as_str()).collect();
        s.push_str(&format!(" with {}", names.join(", ")));
    }
    s
}

fn heading(e: &Evidence) -> String {
    format!(
        "{} lines {}–{} (of {}) at {}",
        e.file,
        e.range.start,
        e.range.end,
        e.file_lines,
        &e.revision[..e.revision.len().min(10)]
    )
}

fn count_line(e: &Evidence) -> String {
    let n = e.commits.len() + e.omitted_commits as usize;
    let mut s = format!(
        "{n} commit{} shaped these lines, newest first",
        if n == 1 { "" } else { "s" }
    );
    if e.omitted_commits > 0 {
        s.push_str(&format!(" ({} older ones not listed)", e.omitted_commits));
    }
    s
}

fn experts_line(e: &Evidence) -> Option<String> {
    if e.experts.is_empty() {
        return None;
    }
    let names: Vec<String> = e
        .experts
        .iter()
        .take(3)
        .map(|x| format!("{} ({:.0}%)", x.name, x.share * 100.0))
        .collect();
    Some(names.join(", "))
}

/// The timeline as plain text.
pub fn text(e: &Evidence) -> String {
    let mut out = String::new();
    out.push_str(&heading(e));
    out.push('\n');
    out.push_str(&count_line(e));
    out.push_str(":\n");
    for c in &e.commits {
        out.push('\n');
        out.push_str(&format!(
            "● {}  {}  {}",
            c.short(),
            &c.date[..c.date.len().min(10)],
            who(c)
        ));
        if c.lines_owned > 0 {
            out.push_str(&format!(
                "  · last changed {} of these lines",
                c.lines_owned
            ));
        }
        out.push('\n');
        out.push_str(&format!("  {}\n", c.subject));
        if c.merge {
            out.push_str("  (merge)\n");
        }
        if let Some(from) = &c.renamed_from {
            out.push_str(&format!("  renamed from {from}\n"));
        }
        if !c.refs.is_empty() {
            out.push_str(&format!("  refs: {}\n", c.refs.join(", ")));
        }
        for h in &c.hunks {
            out.push_str(&format!("  {}\n", h.header()));
            for line in h.text.lines() {
                out.push_str(&format!("  {line}\n"));
            }
            if h.omitted_lines > 0 {
                out.push_str(&format!("  … {} more lines\n", h.omitted_lines));
            }
        }
        if c.omitted_hunks > 0 {
            out.push_str(&format!("  … {} more hunks\n", c.omitted_hunks));
        }
    }
    if let Some(experts) = experts_line(e) {
        out.push_str(&format!("\nWho to ask: {experts}\n"));
    }
    terminal_safe(&out)
}

/// The timeline as Markdown.
pub fn markdown(e: &Evidence) -> String {
    let mut out = format!(
        "### {}\n\n{}.\n",
        markdown_escape(&heading(e)),
        count_line(e)
    );
    for c in &e.commits {
        out.push_str(&format!(
            "\n- **`{}`** {} — {}",
            c.short(),
            &c.date[..c.date.len().min(10)],
            markdown_escape(&who(c))
        ));
        if c.lines_owned > 0 {
            out.push_str(&format!(" · last changed {} of these lines", c.lines_owned));
        }
        out.push_str(&format!("  \n  {}", markdown_escape(&c.subject)));
        if let Some(from) = &c.renamed_from {
            out.push_str(&format!("  \n  renamed from {}", markdown_escape(from)));
        }
        if !c.refs.is_empty() {
            let refs: Vec<String> = c.refs.iter().map(|r| markdown_escape(r)).collect();
            out.push_str(&format!("  \n  refs: {}", refs.join(", ")));
        }
        out.push('\n');
        for h in &c.hunks {
            let fence = fence_for(&h.text);
            out.push_str(&format!("\n  {fence}diff\n  {}\n", h.header()));
            for line in h.text.lines() {
                out.push_str(&format!("  {}\n", terminal_safe(line)));
            }
            out.push_str(&format!("  {fence}\n"));
        }
    }
    if let Some(experts) = experts_line(e) {
        out.push_str(&format!(
            "\n**Who to ask:** {}\n",
            markdown_escape(&experts)
        ));
    }
    out
}

/// A backtick fence longer than any run of backticks in `text`.
pub fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_drive_a_terminal_or_break_markdown() {
        assert_eq!(terminal_safe("a\x1b]0;pwned\x07b\r\n"), "a]0;pwnedb\n");
        assert_eq!(markdown_escape("**x** <img>"), "\\*\\*x\\*\\* \\<img\\>");
        assert_eq!(fence_for("a ```` b"), "`````");
    }
}
