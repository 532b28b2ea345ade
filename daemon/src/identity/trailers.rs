//! Commit-message trailers by git's rules (git/trailer.c, `find_trailer_block_start` and
//! `find_separator`, as `git log --format=%(trailers)` applies them) and the co-authors they
//! name.

/// Trailers git itself writes; one of them lets a block with some non-trailer lines count.
const GIT_GENERATED_PREFIXES: &[&str] = &["Signed-off-by: ", "(cherry picked from commit "];

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn is_comment(line: &str) -> bool {
    line.starts_with('#')
}

/// git's `find_separator(line, ":")`: the ':' ending a token of alphanumerics and '-',
/// optionally followed by blanks; `None` unless the token is non-empty.
fn separator(line: &str) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, c) in line.char_indices() {
        if c == ':' {
            return (i >= 1).then_some(i);
        }
        if !whitespace_found && (c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        if i != 0 && (c == ' ' || c == '\t') {
            whitespace_found = true;
            continue;
        }
        break;
    }
    None
}

/// Index (into `lines`) of the first line of the trailer block, or `None` when the message has
/// none: the last paragraph after the title whose lines are all trailers (or continuation
/// lines), or that holds a git-generated trailer and at least 25% trailer lines.
fn block_start(lines: &[&str]) -> Option<usize> {
    // The first paragraph is the title and cannot hold trailers.
    let end_of_title = lines
        .iter()
        .position(|l| !is_comment(l) && is_blank(l))
        .unwrap_or(lines.len());
    let (mut only_spaces, mut recognized_prefix) = (true, false);
    let (mut trailer_lines, mut non_trailer_lines, mut possible_continuation_lines) = (0, 0, 0);
    for i in (end_of_title..lines.len()).rev() {
        let line = lines[i];
        if is_comment(line) {
            non_trailer_lines += possible_continuation_lines;
            possible_continuation_lines = 0;
            continue;
        }
        if is_blank(line) {
            if only_spaces {
                continue;
            }
            non_trailer_lines += possible_continuation_lines;
            let enough = if recognized_prefix {
                trailer_lines * 3 >= non_trailer_lines
            } else {
                trailer_lines > 0 && non_trailer_lines == 0
            };
            return enough.then_some(i + 1);
        }
        only_spaces = false;
        let starts_with_space = line.starts_with([' ', '\t']);
        if GIT_GENERATED_PREFIXES.iter().any(|p| line.starts_with(p)) {
            trailer_lines += 1;
            possible_continuation_lines = 0;
            recognized_prefix = true;
        } else if separator(line).is_some() && !starts_with_space {
            trailer_lines += 1;
            possible_continuation_lines = 0;
        } else if starts_with_space {
            possible_continuation_lines += 1;
        } else {
            non_trailer_lines += 1 + possible_continuation_lines;
            possible_continuation_lines = 0;
        }
    }
    None
}

/// The `(key, value)` trailers of a commit message, in order. Keys keep their spelling
/// (compare them case-insensitively); values are trimmed, continuation lines (starting with
/// whitespace) unfolded into the previous value with single spaces. Lines of the block that are
/// not `Key: value` (allowed next to a git-generated trailer) are skipped.
pub fn parse_trailers(message: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = message
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let Some(start) = block_start(&lines) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut last_is_trailer = false;
    for line in &lines[start..] {
        if is_comment(line) || is_blank(line) {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let (true, Some((_, value))) = (last_is_trailer, out.last_mut()) {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(line.trim());
            }
            continue;
        }
        match separator(line) {
            Some(i) => {
                let key = line[..i].trim().to_string();
                let value = line[i + 1..].trim().to_string();
                out.push((key, value));
                last_is_trailer = true;
            }
            None => last_is_trailer = false,
        }
    }
    out
}

/// `(name, email)` of each `Co-authored-by: Name <email>` trailer (key case-insensitive), in
/// order. A value without `<…>` gives its text as the name (or as the e-mail when it holds an
/// '@' and no space) and an empty other half; empty values are skipped.
pub fn co_authors(trailers: &[(String, String)]) -> Vec<(String, String)> {
    trailers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("co-authored-by"))
        .filter_map(|(_, v)| parse_ident(v))
        .collect()
}

fn parse_ident(value: &str) -> Option<(String, String)> {
    let value = value.trim();
    if let (Some(lt), Some(gt)) = (value.find('<'), value.rfind('>')) {
        if lt < gt {
            let name = value[..lt].trim().trim_matches('"').trim();
            let email = value[lt + 1..gt].trim();
            return (!name.is_empty() || !email.is_empty())
                .then(|| (name.to_string(), email.to_string()));
        }
    }
    if value.is_empty() {
        None
    } else if value.contains('@') && !value.contains(' ') {
        Some((String::new(), value.to_string()))
    } else {
        Some((value.to_string(), String::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn last_paragraph_of_key_value_lines() {
        let msg = "Fix the parser\n\nLong explanation: not a trailer because\nthe paragraph has prose.\n\n\
                   Signed-off-by: A U Thor <author@example.com>\nReviewed-by: R <r@example.com>\n\
                   Co-authored-by: Bea <bea@example.com>\n";
        assert_eq!(
            parse_trailers(msg),
            kv(&[
                ("Signed-off-by", "A U Thor <author@example.com>"),
                ("Reviewed-by", "R <r@example.com>"),
                ("Co-authored-by", "Bea <bea@example.com>"),
            ])
        );
    }

    #[test]
    fn title_alone_or_prose_last_paragraph_has_no_trailers() {
        assert!(parse_trailers("Fixes: not a trailer, it is the title").is_empty());
        assert!(parse_trailers("Title\n\nJust a body.\n").is_empty());
        assert!(parse_trailers("Title\n\nKey: value\nbut then prose\n").is_empty());
        assert!(parse_trailers("").is_empty());
        assert!(parse_trailers(
            "Title\n\nnot a key: because of the space before the colon? no: spaces inside\n"
        )
        .is_empty());
    }

    #[test]
    fn continuation_lines_and_whitespace_before_colon() {
        let msg = "T\n\nBody.\n\nKey : v1\nLong-Key: first\n  second\n\tthird\nX-Y: z\r\n";
        assert_eq!(
            parse_trailers(msg),
            kv(&[
                ("Key", "v1"),
                ("Long-Key", "first second third"),
                ("X-Y", "z")
            ])
        );
    }

    #[test]
    fn git_generated_trailer_admits_a_mixed_block() {
        // 2 trailers out of 3 lines, with a Signed-off-by: a trailer block (>= 25%).
        let msg = "T\n\nSome note in the block\nSigned-off-by: A <a@x>\nAcked-by: B <b@x>\n";
        assert_eq!(
            parse_trailers(msg),
            kv(&[("Signed-off-by", "A <a@x>"), ("Acked-by", "B <b@x>")])
        );
        // Without a git-generated trailer the same shape is not a block.
        let msg = "T\n\nSome note in the block\nReviewed-by: A <a@x>\nAcked-by: B <b@x>\n";
        assert!(parse_trailers(msg).is_empty());
        // Too few trailers even with one: 1 of 5 lines.
        let msg = "T\n\nl1\nl2\nl3\nl4\nSigned-off-by: A <a@x>\n";
        assert!(parse_trailers(msg).is_empty());
        let msg = "T\n\nl1\nl2\nl3\nSigned-off-by: A <a@x>\n";
        assert_eq!(parse_trailers(msg).len(), 1);
    }

    #[test]
    fn comments_and_trailing_blank_lines_are_ignored() {
        let msg = "T\n\nBody\n\nFixes: #12\n# a comment\n\n\n";
        assert_eq!(parse_trailers(msg), kv(&[("Fixes", "#12")]));
    }

    #[test]
    fn co_authors_are_parsed_case_insensitively() {
        let msg = "Pair on it\n\nCo-authored-by: Ann Example <ann@example.com>\n\
                   co-authored-by: \"Bob B\" <bob@example.com>\nCO-AUTHORED-BY: carl@example.com\n\
                   Co-Authored-By: Dana\nCo-authored-by:\nSigned-off-by: Ann Example <ann@example.com>\n";
        let t = parse_trailers(msg);
        assert_eq!(t.len(), 6);
        assert_eq!(
            co_authors(&t),
            vec![
                ("Ann Example".to_string(), "ann@example.com".to_string()),
                ("Bob B".to_string(), "bob@example.com".to_string()),
                (String::new(), "carl@example.com".to_string()),
                ("Dana".to_string(), String::new()),
            ]
        );
    }
}
