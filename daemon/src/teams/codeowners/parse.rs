//! Reads a CODEOWNERS file into rules with their line numbers, in each host's syntax:
//! GitHub (patterns, `@user`, `@org/team`, e-mail; a line with an error makes GitHub ignore the
//! whole file), GitLab (`[Section]`, `^[Optional]`, `[Section][N]`, section default owners,
//! `@group/sub`, `@@role`, `!` exclusions, `\ ` escaped spaces; inline comments unsupported) and
//! Bitbucket (inline `#` comments, `@@group`, `@@@Group members` definitions, `@"Full Name"`,
//! quoted patterns, `!` exclusions and `Check(…)` merge-check lines of the Code Owners app).
//! Problems become [`Issue`]s with the line they are on, never a failure.

use super::owners::{owners, split_comment, tokenize};
use super::pattern::{uses_character_class, Dialect, Pattern};

/// A parsed CODEOWNERS file.
#[derive(Debug, Clone)]
pub struct CodeOwners {
    /// Repository-relative path of the file.
    pub path: String,
    pub dialect: Dialect,
    pub rules: Vec<Rule>,
    /// Index 0 is the unnamed section holding rules before any heading (GitLab); other
    /// dialects only have that one.
    pub sections: Vec<Section>,
    /// Bitbucket `@@@Name members…` definitions.
    pub groups: Vec<GroupDef>,
    pub issues: Vec<Issue>,
}

/// One rule: a pattern and its owners.
#[derive(Debug, Clone)]
pub struct Rule {
    /// 1-based line in the file.
    pub line: usize,
    /// The pattern as written.
    pub pattern: String,
    /// Owners as written, or the section's defaults (`owners_from_section`).
    pub owners: Vec<Owner>,
    pub owners_from_section: bool,
    /// Index into [`CodeOwners::sections`].
    pub section: usize,
    /// `!pattern`: files it matches need no owner in its section.
    pub exclude: bool,
    /// `None` when the pattern cannot be compiled (reported as an issue).
    pub matcher: Option<Pattern>,
}

/// A GitLab section (`[Name]`, `^[Name]`, `[Name][N] @defaults`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    pub name: String,
    pub line: usize,
    pub optional: bool,
    pub approvals: Option<u32>,
    pub default_owners: Vec<Owner>,
}

/// A Bitbucket custom group: `@@@Name @a @b`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupDef {
    pub name: String,
    pub line: usize,
    pub members: Vec<Owner>,
}

/// An owner as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    pub text: String,
    pub kind: OwnerKind,
}

/// What an owner reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    /// `@handle` (on GitLab it may also be a top-level group).
    User,
    /// `@org/team` (GitHub), `@group/subgroup` (GitLab), `@workspace/group` (Bitbucket).
    Team,
    /// `@@group` (Bitbucket), or a custom `@@@` group.
    Group,
    /// `@@developer`, `@@maintainer`, `@@owner` (GitLab roles).
    Role,
    Email,
}

impl Owner {
    /// The name without its `@` marks and quotes: `octocat`, `org/team`, `Dev Ops`, an e-mail.
    pub fn name(&self) -> &str {
        self.text.trim_start_matches('@').trim_matches('"')
    }
}

/// A problem on one line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub line: usize,
    pub message: String,
    /// The pattern of the line, when it has one.
    pub pattern: Option<String>,
    /// Errors make the host reject the line (GitHub: the whole file); warnings are legal but
    /// probably not what was meant.
    pub error: bool,
}

/// Parses `text` (the file at `path`) as `dialect`.
pub fn parse(path: &str, text: &str, dialect: Dialect) -> CodeOwners {
    let mut co = CodeOwners {
        path: path.to_string(),
        dialect,
        rules: Vec::new(),
        sections: vec![Section {
            name: String::new(),
            line: 0,
            optional: false,
            approvals: None,
            default_owners: Vec::new(),
        }],
        groups: Vec::new(),
        issues: Vec::new(),
    };
    let mut current = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if dialect == Dialect::GitLab && (trimmed.starts_with('[') || trimmed.starts_with("^[")) {
            match section_heading(trimmed, line, &mut co.issues) {
                Some(s) => {
                    current = section_index(&mut co.sections, s);
                    continue;
                }
                None => co.issues.push(Issue {
                    line,
                    message: "this section heading cannot be parsed: GitLab reads the line as a rule in the section before it".into(),
                    pattern: None,
                    error: true,
                }),
            }
        }
        if dialect == Dialect::Bitbucket && is_directive(trimmed) {
            continue; // merge-check configuration of the Code Owners app, not a rule
        }
        let tokens = tokenize(trimmed, dialect);
        let (tokens, comment) = split_comment(tokens, dialect);
        let Some((first, rest)) = tokens.split_first() else {
            continue;
        };
        if dialect == Dialect::Bitbucket && first.starts_with("@@@") {
            let members = owners(rest, dialect, line, None, &mut co.issues);
            co.groups.push(GroupDef {
                name: first.trim_start_matches('@').trim_matches('"').to_string(),
                line,
                members,
            });
            continue;
        }
        if dialect == Dialect::GitHub && trimmed.starts_with('[') && trimmed.ends_with(']') {
            co.issues.push(Issue {
                line,
                message: "sections are GitLab syntax; GitHub reads this as a pattern".into(),
                pattern: Some(first.clone()),
                error: false,
            });
        }
        let pattern_text = first.trim_matches('"').to_string();
        let exclude = pattern_text.starts_with('!');
        if exclude && dialect == Dialect::GitHub {
            co.issues.push(Issue {
                line,
                message: "`!` negation does not work in GitHub CODEOWNERS; the rule is ignored"
                    .into(),
                pattern: Some(pattern_text.clone()),
                error: true,
            });
            continue;
        }
        if comment && dialect == Dialect::GitLab {
            co.issues.push(Issue {
                line,
                message: "GitLab does not support inline comments: owners written after `#` are still parsed".into(),
                pattern: Some(pattern_text.clone()),
                error: false,
            });
        }
        let pattern_body = if exclude {
            pattern_text[1..].to_string()
        } else {
            pattern_text.clone()
        };
        if dialect != Dialect::GitLab && uses_character_class(&pattern_body) {
            co.issues.push(Issue {
                line,
                message: format!(
                    "`[ ]` character ranges do not work in {} CODEOWNERS; the brackets match literally",
                    host(dialect)
                ),
                pattern: Some(pattern_text.clone()),
                error: false,
            });
        }
        if dialect == Dialect::GitHub && pattern_body.starts_with("\\#") {
            co.issues.push(Issue {
                line,
                message: "escaping a leading `#` does not work in GitHub CODEOWNERS".into(),
                pattern: Some(pattern_text.clone()),
                error: false,
            });
        }
        let matcher = match Pattern::compile(&pattern_body, dialect) {
            Ok(p) => Some(p),
            Err(e) => {
                co.issues.push(Issue {
                    line,
                    message: format!("invalid pattern: {}", e.0),
                    pattern: Some(pattern_text.clone()),
                    error: true,
                });
                None
            }
        };
        let mut listed = owners(rest, dialect, line, Some(&pattern_text), &mut co.issues);
        let mut from_section = false;
        if listed.is_empty() && !exclude {
            let defaults = &co.sections[current].default_owners;
            if !defaults.is_empty() {
                listed = defaults.clone();
                from_section = true;
            } else if dialect == Dialect::GitLab {
                co.issues.push(Issue {
                    line,
                    message:
                        "no owner: GitLab treats the rule as invalid and approves it automatically"
                            .into(),
                    pattern: Some(pattern_text.clone()),
                    error: true,
                });
            }
        }
        co.rules.push(Rule {
            line,
            pattern: pattern_text,
            owners: listed,
            owners_from_section: from_section,
            section: current,
            exclude,
            matcher,
        });
    }
    co
}

fn host(d: Dialect) -> &'static str {
    match d {
        Dialect::GitHub => "GitHub",
        Dialect::GitLab => "GitLab",
        Dialect::Bitbucket => "Bitbucket",
    }
}

/// `[Name]`, `^[Name]`, `[Name][N]`, each optionally followed by default owners.
fn section_heading(line: &str, n: usize, issues: &mut Vec<Issue>) -> Option<Section> {
    let (optional, rest) = match line.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, line),
    };
    let rest = rest.strip_prefix('[')?;
    let close = rest.find(']')?;
    let name = rest[..close].trim();
    if name.is_empty() {
        return None;
    }
    let mut after = &rest[close + 1..];
    let mut approvals = None;
    if let Some(r) = after.strip_prefix('[') {
        let end = r.find(']')?;
        let n_text = r[..end].trim();
        let parsed = n_text.parse::<u32>().ok().filter(|&v| v >= 1);
        if parsed.is_none() {
            issues.push(Issue {
                line: n,
                message: format!(
                    "approvals [{n_text}] is not a number ≥ 1: GitLab requires one approval"
                ),
                pattern: None,
                error: false,
            });
        }
        approvals = Some(parsed.unwrap_or(1));
        after = &r[end + 1..];
    }
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let tokens = tokenize(after.trim(), Dialect::GitLab);
    let default_owners = owners(&tokens, Dialect::GitLab, n, None, issues);
    Some(Section {
        name: name.to_string(),
        line: n,
        optional,
        approvals,
        default_owners,
    })
}

/// Sections with the same name (any case) are one; the first spelling is kept. A required
/// duplicate makes the section required; defaults of a later heading apply from there on.
fn section_index(sections: &mut Vec<Section>, s: Section) -> usize {
    if let Some(i) = sections
        .iter()
        .skip(1)
        .position(|x| x.name.eq_ignore_ascii_case(&s.name))
    {
        let existing = &mut sections[i + 1];
        existing.optional &= s.optional;
        existing.approvals = s.approvals.or(existing.approvals);
        existing.default_owners = s.default_owners;
        return i + 1;
    }
    sections.push(s);
    sections.len() - 1
}

/// Bitbucket Code Owners app configuration lines (`Check(…)`, `OverallCheck(…)`,
/// `CODEOWNERS.toplevel…`).
fn is_directive(line: &str) -> bool {
    line.starts_with("Check(")
        || line.starts_with("OverallCheck(")
        || line.starts_with("CODEOWNERS.")
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
