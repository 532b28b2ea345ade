//! Tests of `parse.rs`.

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
