//! Linking accounts to developers: each kind of evidence, and the ambiguous cases that must
//! link nothing.

use super::*;

fn dev(name: &str, emails: &[&str]) -> Developer {
    Developer {
        name: name.into(),
        email: emails[0].into(),
        bot: false,
        identity_ids: vec![],
        aliases: emails
            .iter()
            .map(|e| (name.to_string(), e.to_string()))
            .collect(),
        commits: 1,
    }
}

fn account(
    system: &str,
    id: &str,
    login: Option<&str>,
    name: Option<&str>,
    email: Option<&str>,
) -> AccountInfo {
    AccountInfo {
        system: system.into(),
        instance: if system == "gitlab" {
            "gitlab.example.com".into()
        } else {
            "github.com".into()
        },
        remote_id: id.into(),
        login: login.map(Into::into),
        name: name.map(Into::into),
        email: email.map(Into::into),
        bot: false,
    }
}

fn devs() -> Vec<Developer> {
    vec![
        dev(
            "Ann Lee",
            &["ann@corp.example", "1234+annlee@users.noreply.github.com"],
        ),
        dev("Bob Stone", &["bob@corp.example"]),
        dev(
            "Carla Diaz",
            &[
                "carla@home.example",
                "77-carla@users.noreply.gitlab.example.com",
            ],
        ),
        dev("Dan", &["dan@corp.example"]),
        dev("Erin Fox", &["erin@a.example"]),
    ]
}

#[test]
fn each_kind_of_evidence_links_and_says_so() {
    let accounts = vec![
        account("github", "1234", Some("AnnLee"), None, None),
        account("github", "2", Some("bstone"), Some("Robert"), None),
        account("gitlab", "77", Some("carla"), None, None),
        account("jira", "557058:abc", None, Some("Erin Fox"), None),
        account(
            "linear",
            "u-9",
            None,
            Some("Someone"),
            Some("DAN@corp.example"),
        ),
        account("github", "5", Some("ghost"), None, None),
    ];
    let commits = vec![CommitEvidence {
        account: 1,
        email: "bob@corp.example".into(),
    }];
    let links = link_accounts(&devs(), &accounts, &commits, &[]);
    assert_eq!(
        links[0],
        Some(Link {
            dev: 0,
            how: How::Noreply
        })
    );
    assert_eq!(
        links[1],
        Some(Link {
            dev: 1,
            how: How::Commits
        })
    );
    assert_eq!(
        links[2],
        Some(Link {
            dev: 2,
            how: How::Noreply
        })
    );
    assert_eq!(
        links[3],
        Some(Link {
            dev: 4,
            how: How::Name
        })
    );
    assert_eq!(
        links[4],
        Some(Link {
            dev: 3,
            how: How::Email
        })
    );
    assert_eq!(links[5], None);
}

#[test]
fn noreply_with_another_id_is_not_this_account() {
    // Same login, different numeric id: a renamed or re-registered login, not this person.
    let accounts = vec![account("github", "999", Some("annlee"), None, None)];
    assert_eq!(link_accounts(&devs(), &accounts, &[], &[]), vec![None]);
}

#[test]
fn ambiguous_evidence_links_nothing() {
    let mut developers = devs();
    developers.push(dev("Erin Fox", &["erin@b.example"]));
    let accounts = vec![
        // Two developers called Erin Fox: a name says nothing.
        account("jira", "j1", None, Some("Erin Fox"), None),
        // One-word names never link by name.
        account("jira", "j2", None, Some("Dan"), None),
        // An e-mail attributed to two accounts (a shared machine identity) is no evidence.
        account("github", "10", Some("pair-a"), None, None),
        account("github", "11", Some("pair-b"), None, None),
        // Commits split evenly between two developers: a tie.
        account("github", "12", Some("mixed"), None, None),
    ];
    let commits = vec![
        CommitEvidence {
            account: 2,
            email: "bob@corp.example".into(),
        },
        CommitEvidence {
            account: 3,
            email: "bob@corp.example".into(),
        },
        CommitEvidence {
            account: 4,
            email: "ann@corp.example".into(),
        },
        CommitEvidence {
            account: 4,
            email: "dan@corp.example".into(),
        },
    ];
    let links = link_accounts(&developers, &accounts, &commits, &[]);
    assert_eq!(links, vec![None; 5]);
}

#[test]
fn two_accounts_of_one_name_on_one_system_link_neither_by_name() {
    let accounts = vec![
        account("jira", "j1", None, Some("Bob Stone"), None),
        account("jira", "j2", None, Some("bob  stone"), None),
        account("linear", "l1", None, Some("Bob Stone"), None),
    ];
    let links = link_accounts(&devs(), &accounts, &[], &[]);
    assert_eq!(links[0], None);
    assert_eq!(links[1], None);
    assert_eq!(
        links[2], None,
        "the name is ambiguous on jira, so it is ambiguous"
    );
}

#[test]
fn manual_links_win_and_can_forbid() {
    let accounts = vec![
        account("github", "1234", Some("annlee"), None, None),
        account("jira", "j9", None, Some("Mystery"), None),
        account("jira", "j10", None, Some("Bob Stone"), None),
    ];
    let manual = vec![
        ManualLink {
            account: 0,
            target: None,
        },
        ManualLink {
            account: 1,
            target: Some("carla@home.example".into()),
        },
        ManualLink {
            account: 2,
            target: Some("nobody@nowhere.example".into()),
        },
    ];
    let links = link_accounts(&devs(), &accounts, &[], &manual);
    assert_eq!(
        links[0], None,
        "a manual 'never' beats the no-reply address"
    );
    assert_eq!(
        links[1],
        Some(Link {
            dev: 2,
            how: How::Manual
        })
    );
    assert_eq!(
        links[2], None,
        "a link to an unknown developer links nothing"
    );
}

#[test]
fn bots_are_never_linked() {
    let mut a = account("github", "49699333", Some("dependabot[bot]"), None, None);
    a.bot = true;
    let mut developers = devs();
    developers.push(dev(
        "dependabot[bot]",
        &["49699333+dependabot[bot]@users.noreply.github.com"],
    ));
    assert_eq!(link_accounts(&developers, &[a], &[], &[]), vec![None]);
}
