//! The words of a CODEOWNERS line: splitting on unescaped whitespace (and Bitbucket's quotes),
//! inline comments where the host has them, and owner references classified by kind (`@user`,
//! `@org/team`, `@@group`/`@@role`, e-mail) with invalid ones reported as issues.

use super::parse::{Issue, Owner, OwnerKind};
use super::pattern::Dialect;

/// Splits on whitespace not escaped by `\` (escapes kept for the pattern compiler); Bitbucket
/// also keeps `"…"` together.
pub(super) fn tokenize(line: &str, dialect: Dialect) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push('\\');
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '"' if dialect == Dialect::Bitbucket => {
                quoted = !quoted;
                cur.push('"');
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Drops an inline comment (a token starting with `#` after the pattern) where the host
/// supports them; GitLab does not, so its tokens stay. Returns whether a comment was seen.
pub(super) fn split_comment(tokens: Vec<String>, dialect: Dialect) -> (Vec<String>, bool) {
    match tokens.iter().skip(1).position(|t| t.starts_with('#')) {
        Some(i) if dialect != Dialect::GitLab => (tokens[..i + 1].to_vec(), true),
        Some(_) => (tokens, true),
        None => (tokens, false),
    }
}

/// Classifies owner tokens; invalid ones become issues.
pub(super) fn owners(
    tokens: &[String],
    dialect: Dialect,
    line: usize,
    pattern: Option<&str>,
    issues: &mut Vec<Issue>,
) -> Vec<Owner> {
    let mut out: Vec<Owner> = Vec::new();
    for t in tokens {
        if dialect == Dialect::GitLab && t.starts_with('#') {
            continue; // reported once for the line
        }
        // Bitbucket DC reviewer-group selectors: `@ws/group:random(2)`
        let text = match (dialect, t.find(':')) {
            (Dialect::Bitbucket, Some(i)) if t.starts_with('@') => &t[..i],
            _ => t.as_str(),
        };
        match classify(text, dialect) {
            Some(kind) => {
                let o = Owner {
                    text: text.to_string(),
                    kind,
                };
                if !out.contains(&o) {
                    out.push(o);
                }
            }
            None => issues.push(Issue {
                line,
                message: match dialect {
                    Dialect::GitHub => format!("`{t}` is not a valid owner (@user, @org/team or an e-mail); GitHub ignores the whole file while a line has an error"),
                    Dialect::GitLab => format!("`{t}` is not a valid owner (@user, @group, @group/subgroup, @@role or an e-mail); GitLab ignores it"),
                    Dialect::Bitbucket => format!("`{t}` is not a valid owner (@user, @@group, @\"Name\" or an e-mail)"),
                },
                pattern: pattern.map(str::to_string),
                error: true,
            }),
        }
    }
    out
}

fn classify(t: &str, dialect: Dialect) -> Option<OwnerKind> {
    let handle_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let quoted_ok = |s: &str| s.len() > 2 && s.starts_with('"') && s.ends_with('"');
    if let Some(r) = t.strip_prefix("@@") {
        let r = r.trim_start_matches('@');
        return match dialect {
            Dialect::GitLab => {
                let role = r.to_ascii_lowercase();
                [
                    "developer",
                    "developers",
                    "maintainer",
                    "maintainers",
                    "owner",
                    "owners",
                ]
                .contains(&role.as_str())
                .then_some(OwnerKind::Role)
            }
            Dialect::Bitbucket => (handle_ok(r) || quoted_ok(r)).then_some(OwnerKind::Group),
            Dialect::GitHub => None,
        };
    }
    if let Some(r) = t.strip_prefix('@') {
        if dialect == Dialect::Bitbucket && quoted_ok(r) {
            return Some(OwnerKind::User);
        }
        let parts: Vec<&str> = r.split('/').collect();
        if parts.iter().all(|p| handle_ok(p)) {
            return Some(match (parts.len(), dialect) {
                (1, _) => OwnerKind::User,
                (2, _) => OwnerKind::Team,
                (_, Dialect::GitLab) => OwnerKind::Team,
                _ => return None,
            });
        }
        // Bitbucket's app accepts `@user@example.com`
        if dialect == Dialect::Bitbucket && is_email(r) {
            return Some(OwnerKind::Email);
        }
        return None;
    }
    is_email(t).then_some(OwnerKind::Email)
}

fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !t.contains(char::is_whitespace)
        && !domain.contains('@')
}
