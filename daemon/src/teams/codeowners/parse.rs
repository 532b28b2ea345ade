//! Reads a CODEOWNERS file into rules with their line numbers, in each host's syntax:
//! GitHub (patterns, `@user`, `@org/team`, e-mail; a line with an error makes GitHub ignore the
//! whole file), GitLab (`[Section]`, `^[Optional]`, `[Section][N]`, section default owners,
//! `@group/sub`, `@@role`, `!` exclusions, `\ ` escaped spaces; inline comments unsupported) and
//! Bitbucket (inline `#` comments, `@@group`, `@@@Group members` definitions, `@"Full Name"`,
//! quoted patterns, `!` exclusions and `Check(…)` merge-check lines of the Code Owners app).
//! Problems become [`Issue`]s with the line they are on, never a failure.

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

/// Splits on whitespace not escaped by `\` (escapes kept for the pattern compiler); Bitbucket
/// also keeps `"…"` together.
fn tokenize(line: &str, dialect: Dialect) -> Vec<String> {
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
fn split_comment(tokens: Vec<String>, dialect: Dialect) -> (Vec<String>, bool) {
    match tokens.iter().skip(1).position(|t| t.starts_with('#')) {
        Some(i) if dialect != Dialect::GitLab => (tokens[..i + 1].to_vec(), true),
        Some(_) => (tokens, true),
        None => (tokens, false),
    }
}

/// Classifies owner tokens; invalid ones become issues.
fn owners(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(co: &CodeOwners, i: usize) -> Vec<(String, OwnerKind)> {
        co.rules[i]
            .owners
            .iter()
            .map(|o| (o.text.clone(), o.kind))
            .collect()
    }

    #[test]
    fn github_rules_owners_comments_and_errors() {
        let text = "# comment\n\n*       @global-owner1 @global-owner2\n*.js    @js-owner #This is an inline comment.\n/build/logs/ @org/doctocat\ndocs/*  docs@example.com\n!secret @a\napps/ not-an-owner\n/apps/github\n";
        let co = parse(".github/CODEOWNERS", text, Dialect::GitHub);
        assert_eq!(co.rules.len(), 6);
        assert_eq!(co.rules[0].line, 3);
        assert_eq!(kinds(&co, 1), [("@js-owner".to_string(), OwnerKind::User)]);
        assert_eq!(co.rules[2].owners[0].kind, OwnerKind::Team);
        assert_eq!(co.rules[2].owners[0].name(), "org/doctocat");
        assert_eq!(co.rules[3].owners[0].kind, OwnerKind::Email);
        assert!(co.rules[4].owners.is_empty(), "apps/ keeps no valid owner");
        assert_eq!(co.rules[4].line, 8);
        assert!(co.rules.last().unwrap().owners.is_empty());
        let lines: Vec<usize> = co.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, [7, 8], "{:?}", co.issues);
        assert!(co.issues.iter().all(|i| i.error));
        assert!(co.issues[1].message.contains("not-an-owner"));
        assert_eq!(co.issues[1].pattern.as_deref(), Some("apps/"));
    }

    #[test]
    fn gitlab_sections_defaults_roles_and_exclusions() {
        let text = "* @admin\n\n[README Owners]\nREADME.md @user1 @user2\ninternal/README.md @user4\n\n^[Docs][2] @docs-team\ndocs/\n*.md @@maintainer @group/sub/deeper\n!CHANGELOG.md\n[readme owners]\nLICENSE\npath\\ with\\ spaces/ @space-owner\n[Broken\nfoo/ @x # @y\n[Zero][0]\n";
        let co = parse("CODEOWNERS", text, Dialect::GitLab);
        let names: Vec<&str> = co.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["", "README Owners", "Docs", "Zero"]);
        assert!(co.sections[2].optional);
        assert_eq!(co.sections[2].approvals, Some(2));
        assert_eq!(co.sections[3].approvals, Some(1));
        let docs = co.rules.iter().find(|r| r.pattern == "docs/").unwrap();
        assert!(docs.owners_from_section);
        assert_eq!(docs.owners[0].text, "@docs-team");
        let md = co.rules.iter().find(|r| r.pattern == "*.md").unwrap();
        assert_eq!(md.owners[0].kind, OwnerKind::Role);
        assert_eq!(md.owners[1].kind, OwnerKind::Team);
        assert!(co
            .rules
            .iter()
            .any(|r| r.exclude && r.pattern == "!CHANGELOG.md"));
        // the lower-case heading joins the first section; LICENSE has no owner there
        let license = co.rules.iter().find(|r| r.pattern == "LICENSE").unwrap();
        assert_eq!(license.section, 1);
        assert!(co
            .issues
            .iter()
            .any(|i| i.line == 12 && i.message.contains("no owner")));
        let spaced = co
            .rules
            .iter()
            .find(|r| r.pattern.starts_with("path"))
            .unwrap();
        assert!(spaced
            .matcher
            .as_ref()
            .unwrap()
            .matches("a/path with spaces/x"));
        // an unparsable heading is a rule of the section before it, and an error
        assert!(co.issues.iter().any(|i| i.line == 14 && i.error));
        let broken = co.rules.iter().find(|r| r.pattern == "[Broken").unwrap();
        assert_eq!(broken.section, 1);
        // no inline comments on GitLab: @y is still an owner
        let foo = co.rules.iter().find(|r| r.pattern == "foo/").unwrap();
        assert_eq!(foo.owners.len(), 2);
        assert!(co.issues.iter().any(|i| i.line == 15 && !i.error));
        assert!(co
            .issues
            .iter()
            .any(|i| i.line == 16 && i.message.contains("[0]")));
    }

    #[test]
    fn bitbucket_groups_quotes_directives_and_inline_comments() {
        let text = "* alisha@example.com fred@example.com # defaults\n@@@Frontend @\"Brendan Eich\" @tim\nweb/* @@Frontend @CTO\n\"a/path with spaces/*\" @ws/reviewers:random(2)\nCheck(@@Frontend >= 1)\n!ci/playground.yml\n";
        let co = parse(".bitbucket/CODEOWNERS", text, Dialect::Bitbucket);
        assert_eq!(co.groups.len(), 1);
        assert_eq!(co.groups[0].name, "Frontend");
        assert_eq!(co.groups[0].members[0].name(), "Brendan Eich");
        assert_eq!(co.rules.len(), 4);
        assert_eq!(co.rules[0].owners.len(), 2);
        assert_eq!(co.rules[1].owners[0].kind, OwnerKind::Group);
        assert_eq!(co.rules[2].pattern, "a/path with spaces/*");
        assert_eq!(co.rules[2].owners[0].text, "@ws/reviewers");
        assert!(co.rules[3].exclude);
        assert!(co.issues.is_empty(), "{:?}", co.issues);
    }
}
