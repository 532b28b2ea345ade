//! `aexy match --issue REF`: what REF names (`PROJ-123`, `ENG-42`, `#456`, `owner/name#456`, a
//! GitHub / GitLab / Jira / Linear URL), the issue itself (from the last sync, else fetched), and
//! the files it is about: those of the pull requests that mention it, and paths its text names.

use rusqlite::Connection;

use super::connect::Connections;
use super::error::SourceError;
use super::records::{IssueRecord, System};
use super::store;

/// A parsed issue reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueRef {
    /// `#456` or `456`: an issue of the repository's code host.
    Number(u64),
    /// `owner/name#456` or a GitHub/GitLab URL.
    Repo {
        system: Option<System>,
        repo: String,
        number: u64,
    },
    /// `PROJ-123` (Jira) or `ENG-42` (Linear): which one is decided by what is configured.
    Key { system: Option<System>, key: String },
}

/// Parses REF; `None` when it looks like none of the forms.
pub fn parse(text: &str) -> Option<IssueRef> {
    let t = text.trim();
    if let Some(url) = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
    {
        return parse_url(url);
    }
    if let Some(n) = t
        .strip_prefix('#')
        .unwrap_or(t)
        .parse::<u64>()
        .ok()
        .filter(|_| {
            t.trim_start_matches('#')
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
    {
        return Some(IssueRef::Number(n));
    }
    if let Some((repo, n)) = t.rsplit_once('#') {
        if repo.contains('/') {
            return Some(IssueRef::Repo {
                system: None,
                repo: repo.to_string(),
                number: n.parse().ok()?,
            });
        }
    }
    is_key(t).then(|| IssueRef::Key {
        system: None,
        key: t.to_ascii_uppercase(),
    })
}

/// `ABC-123`: letters (then letters, digits, `_`), a dash, digits.
fn is_key(t: &str) -> bool {
    let Some((project, number)) = t.split_once('-') else {
        return false;
    };
    !project.is_empty()
        && project.as_bytes()[0].is_ascii_alphabetic()
        && project
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

fn parse_url(rest: &str) -> Option<IssueRef> {
    let (host, path) = rest.split_once('/')?;
    let path = path.split(['?', '#']).next()?.trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    if host.ends_with("linear.app") {
        // linear.app/<workspace>/issue/ENG-42/slug
        let i = parts.iter().position(|p| *p == "issue")?;
        let key = parts.get(i + 1)?;
        return is_key(key).then(|| IssueRef::Key {
            system: Some(System::Linear),
            key: key.to_ascii_uppercase(),
        });
    }
    if let Some(i) = parts.iter().position(|p| *p == "browse") {
        let key = parts.get(i + 1)?;
        return is_key(key).then(|| IssueRef::Key {
            system: Some(System::Jira),
            key: key.to_ascii_uppercase(),
        });
    }
    // gitlab: group/sub/project/-/issues/12
    if let Some(i) = parts.iter().position(|p| *p == "-") {
        if matches!(parts.get(i + 1), Some(&"issues") | Some(&"work_items")) {
            return Some(IssueRef::Repo {
                system: Some(System::Gitlab),
                repo: parts[..i].join("/"),
                number: parts.get(i + 2)?.parse().ok()?,
            });
        }
    }
    // github: owner/name/issues/12 or /pull/12
    if parts.len() >= 4 && matches!(parts[2], "issues" | "pull") {
        return Some(IssueRef::Repo {
            system: Some(System::Github),
            repo: format!("{}/{}", parts[0], parts[1]),
            number: parts[3].parse().ok()?,
        });
    }
    None
}

/// The issue REF names: stored by a sync if it is there, else fetched from its service.
pub async fn resolve(
    reference: &IssueRef,
    conns: &Connections,
    conn: &Connection,
) -> Result<(System, IssueRecord), SourceError> {
    match reference {
        IssueRef::Number(n) => {
            if let Some(gh) = &conns.github {
                return by_number(conn, System::Github, &gh.repo, *n, gh.issue(*n)).await;
            }
            if let Some(gl) = &conns.gitlab {
                return by_number(conn, System::Gitlab, &gl.project, *n, gl.issue(*n)).await;
            }
            Err(SourceError::NotConfigured {
                system: System::Github,
                detail: format!("#{n} is an issue of the code host, but neither GitHub nor GitLab is configured for this repository"),
            })
        }
        IssueRef::Repo {
            system,
            repo,
            number,
        } => {
            let gh = conns
                .github
                .as_ref()
                .filter(|g| g.repo.eq_ignore_ascii_case(repo));
            let gl = conns
                .gitlab
                .as_ref()
                .filter(|g| g.project.eq_ignore_ascii_case(repo));
            match (system, gh, gl) {
                (Some(System::Github) | None, Some(gh), _) => by_number(conn, System::Github, &gh.repo, *number, gh.issue(*number)).await,
                (Some(System::Gitlab) | None, _, Some(gl)) => by_number(conn, System::Gitlab, &gl.project, *number, gl.issue(*number)).await,
                _ => Err(SourceError::NotConfigured {
                    system: system.unwrap_or(System::Github),
                    detail: format!("{repo} is not the repository configured here (aexy looks issues up in this repository's own project)"),
                }),
            }
        }
        IssueRef::Key { system, key } => {
            if let Some(found) = store::find_issue(conn, *system, key)? {
                return Ok(found);
            }
            let try_jira = matches!(system, None | Some(System::Jira));
            let try_linear = matches!(system, None | Some(System::Linear));
            let mut last = None;
            if let (true, Some(jira)) = (try_jira, &conns.jira) {
                match jira.issue(key).await {
                    Ok(issue) => return Ok((System::Jira, issue)),
                    Err(e) => last = Some(e),
                }
            }
            if let (true, Some(linear)) = (try_linear, &conns.linear) {
                match linear.issue(key).await {
                    Ok(issue) => return Ok((System::Linear, issue)),
                    Err(e) => last = Some(e),
                }
            }
            Err(last.unwrap_or_else(|| SourceError::NotConfigured {
                system: system.unwrap_or(System::Jira),
                detail: format!("{key} looks like a Jira or Linear key, and neither is configured (JIRA_BASE_URL + JIRA_EMAIL + JIRA_API_TOKEN, or LINEAR_API_KEY)"),
            }))
        }
    }
}

async fn by_number(
    conn: &Connection,
    system: System,
    repo: &str,
    number: u64,
    fetch: impl std::future::Future<Output = Result<IssueRecord, SourceError>>,
) -> Result<(System, IssueRecord), SourceError> {
    if let Some(found) = store::find_issue(conn, Some(system), &format!("{repo}#{number}"))? {
        return Ok(found);
    }
    Ok((system, fetch.await?))
}

/// The text matched for an issue: title, labels, components and body.
pub fn match_text(issue: &IssueRecord) -> String {
    let mut text = issue.title.clone();
    for extra in issue.labels.iter().chain(&issue.components) {
        text.push(' ');
        text.push_str(extra);
    }
    text.push('\n');
    text.push_str(&issue.body);
    text
}

/// Files of the synced pull requests that mention the issue (`PROJ-123`, `#12`, `owner/name#12`,
/// its URL) in their title, description or branch name.
pub fn linked_files(
    conn: &Connection,
    system: System,
    issue: &IssueRecord,
) -> rusqlite::Result<Vec<String>> {
    if !store::has_tables(conn)? {
        return Ok(Vec::new());
    }
    let needles: Vec<String> = match system {
        System::Github | System::Gitlab => {
            let number = issue
                .key
                .rsplit_once('#')
                .map(|(_, n)| n.to_string())
                .unwrap_or_default();
            vec![format!("#{number}"), issue.key.clone(), issue.url.clone()]
        }
        System::Jira | System::Linear => vec![issue.key.clone()],
    };
    let mut stmt = conn.prepare(
        "SELECT f.path, p.title, p.body, COALESCE(p.head_ref, '') FROM pull_files f JOIN pull_requests p ON p.id = f.pull_id",
    )?;
    let mut files: Vec<String> = Vec::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })? {
        let (path, title, body, branch) = row?;
        let mentions = needles.iter().filter(|n| !n.is_empty()).any(|n| {
            mentions(&title, n)
                || mentions(&body, n)
                || branch
                    .to_ascii_uppercase()
                    .contains(&n.to_ascii_uppercase())
        });
        if mentions && !files.contains(&path) {
            files.push(path);
        }
    }
    Ok(files)
}

/// `needle` in `text` as a whole word (`#12` does not match `#123`, `AX-1` not `AX-10`).
fn mentions(text: &str, needle: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let n = needle.to_ascii_uppercase();
    let mut from = 0;
    while let Some(i) = upper[from..].find(&n) {
        let start = from + i;
        let end = start + n.len();
        let before = upper[..start].chars().next_back();
        let after = upper[end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let starts_with_word = needle
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if !word(after) && (!word(before) || !starts_with_word) {
            return true;
        }
        from = end;
    }
    false
}

/// `Cargo.toml`, `main.rs`: a stem of two or more characters and an extension starting with a
/// letter (not `v1.2`, not `e.g`).
fn file_like(w: &str) -> bool {
    let Some((stem, ext)) = w.rsplit_once('.') else {
        return false;
    };
    stem.len() >= 2
        && (1..=6).contains(&ext.len())
        && ext.as_bytes()[0].is_ascii_alphabetic()
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Path-like words of the issue's text (`src/net/client.rs`, `docs/`), for the caller to keep
/// those the repository has.
pub fn mentioned_paths(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '"' | '\'' | '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';'
            )
    }) {
        let w = word
            .trim_end_matches(['.', ':', '!', '?'])
            .trim_start_matches("./");
        if w.contains('/')
            && !w.contains("://")
            && !w.starts_with('/')
            && !w.contains("..")
            && w.len() < 300
            && !out.iter().any(|o| o == w)
        {
            out.push(w.trim_end_matches('/').to_string());
        } else if file_like(w) && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_form() {
        assert_eq!(parse("#456"), Some(IssueRef::Number(456)));
        assert_eq!(parse("456"), Some(IssueRef::Number(456)));
        assert_eq!(
            parse("PROJ-123"),
            Some(IssueRef::Key {
                system: None,
                key: "PROJ-123".into()
            })
        );
        assert_eq!(
            parse("eng-42"),
            Some(IssueRef::Key {
                system: None,
                key: "ENG-42".into()
            })
        );
        assert_eq!(
            parse("octo/repo#7"),
            Some(IssueRef::Repo {
                system: None,
                repo: "octo/repo".into(),
                number: 7
            })
        );
        assert_eq!(
            parse("https://github.com/octo/repo/issues/7"),
            Some(IssueRef::Repo {
                system: Some(System::Github),
                repo: "octo/repo".into(),
                number: 7
            })
        );
        assert_eq!(
            parse("https://gitlab.example.com/g/sub/p/-/issues/12?x=1"),
            Some(IssueRef::Repo {
                system: Some(System::Gitlab),
                repo: "g/sub/p".into(),
                number: 12
            })
        );
        assert_eq!(
            parse("https://acme.atlassian.net/browse/AX-9"),
            Some(IssueRef::Key {
                system: Some(System::Jira),
                key: "AX-9".into()
            })
        );
        assert_eq!(
            parse("https://linear.app/acme/issue/ENG-42/crash-on-save"),
            Some(IssueRef::Key {
                system: Some(System::Linear),
                key: "ENG-42".into()
            })
        );
        assert_eq!(parse("hello world"), None);
        assert_eq!(parse("1-2"), None);
        assert_eq!(parse("#12a"), None);
    }

    #[test]
    fn mentions_are_whole_words() {
        assert!(mentions("Fixes #12.", "#12"));
        assert!(!mentions("Fixes #123", "#12"));
        assert!(mentions("AX-1: crash", "AX-1"));
        assert!(!mentions("AX-10: crash", "AX-1"));
        assert!(!mentions("MAX-1 done", "AX-1"));
        assert!(mentions("see ax-1", "AX-1"));
    }

    #[test]
    fn paths_named_in_text() {
        let text = "Crash in `src/store/writer.rs` (see docs/ and https://x.example/a/b), also Cargo.toml: v1.2 and e.g.";
        assert_eq!(
            mentioned_paths(text),
            vec!["src/store/writer.rs", "docs", "Cargo.toml"]
        );
    }
}
