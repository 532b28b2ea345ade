//! RFC 8288 `Link` headers as GitHub sends them for pagination:
//! `<https://api.github.com/…&page=2>; rel="next", <…&page=5>; rel="last"`.

/// The URL of the link whose `rel` includes `rel` (e.g. `next`).
pub fn find(header: &str, rel: &str) -> Option<String> {
    for part in split_links(header) {
        let part = part.trim();
        let Some(end) = part.find('>') else { continue };
        if !part.starts_with('<') {
            continue;
        }
        let url = &part[1..end];
        let params = &part[end + 1..];
        let matches = params.split(';').any(|p| {
            let p = p.trim();
            let Some(value) = p.strip_prefix("rel=") else {
                return false;
            };
            value
                .trim_matches('"')
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case(rel))
        });
        if matches {
            return Some(url.to_string());
        }
    }
    None
}

/// Splits on the commas between links, not those inside `<…>` or quotes.
fn split_links(header: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut in_url, mut in_quote) = (0, false, false);
    for (i, c) in header.char_indices() {
        match c {
            '<' if !in_quote => in_url = true,
            '>' if !in_quote => in_url = false,
            '"' if !in_url => in_quote = !in_quote,
            ',' if !in_url && !in_quote => {
                parts.push(&header[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&header[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn github_pagination_links() {
        let h = r#"<https://api.github.com/repositories/1/issues?per_page=3&page=2>; rel="next", <https://api.github.com/repositories/1/issues?per_page=3&page=5>; rel="last""#;
        assert_eq!(
            find(h, "next").as_deref(),
            Some("https://api.github.com/repositories/1/issues?per_page=3&page=2")
        );
        assert_eq!(
            find(h, "last").as_deref(),
            Some("https://api.github.com/repositories/1/issues?per_page=3&page=5")
        );
        assert_eq!(find(h, "prev"), None);
        let h = r#"<https://x.example/a,b?page=3>; rel="prev next""#;
        assert_eq!(
            find(h, "next").as_deref(),
            Some("https://x.example/a,b?page=3")
        );
        assert_eq!(find("garbage", "next"), None);
    }
}
