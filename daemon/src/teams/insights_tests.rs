//! Tests of `insights.rs`.

use super::*;
use crate::identity::Developer;
use crate::insights::knowledge::tests::{devs, history};
use crate::insights::ChangeKind::*;
use crate::teams::ask::ask;
use crate::teams::codeowners::{parse, Dialect};
use crate::teams::config::TeamsFile;

#[test]
fn team_figures_sharing_and_who_to_ask() {
    let day = calendar::DAY;
    let h = history(
        &["api/a.rs", "api/b.rs", "api/c.rs", "web/v.ts", "web/w.ts"],
        &[
            (0, vec![0], vec![(0, Added), (1, Added)]),
            (day, vec![1], vec![(2, Added)]),
            (2 * day, vec![2], vec![(3, Added), (4, Added)]),
            (3 * day, vec![1], vec![(4, Modified)]),
        ],
    );
    let names = ["Ann", "Ben", "Cat"];
    let k = Knowledge::new(h, devs(&names));
    let developers: Vec<Developer> = names
        .iter()
        .map(|n| crate::teams::people::test_developer(n, &[]))
        .collect();
    let file = TeamsFile::parse("[teams.api]\nmembers = [\"ann@x\", \"ben@x\"]\n[teams.web]\nmembers = [\"cat@x\"]\npaths = [\"/web/\"]\n").unwrap();
    let people = People::new(&developers, &file.people);
    let co = parse("CODEOWNERS", "/api/ @org/api\n", Dialect::GitHub);
    let teams = Teams::build(&file, Some(&co), &people);
    let r = report(&k, &teams, Some(&co), &people, 365);
    let api = &r.teams[0];
    assert_eq!(
        (api.files, api.truck_factor.value),
        (3, 1),
        "Ann authors 2 of 3: removing her leaves 1/3"
    );
    assert_eq!(api.codeowners_rules, [(1, "/api/".to_string())]);
    assert_eq!(api.silo_files, 3);
    assert_eq!(api.authored_by_members, Some(1.0));
    let web = &r.teams[1];
    // Ben (api) co-authors web/w.ts: knowledge of web held by api
    assert_eq!(
        r.shared,
        [Shared {
            team: "web".into(),
            held_by: "api".into(),
            files: 1,
            people: vec!["Ben".into()]
        }]
    );
    assert_eq!(web.files, 2);
    assert_eq!(r.files_without_team, 0);
    let a = ask(&k, &teams, Some(&co), &people, "api", 365);
    assert_eq!(
        a.declared,
        [("api".to_string(), "CODEOWNERS line 1".to_string())]
    );
    assert!(
        a.answer
            .starts_with("Ask api: declared in CODEOWNERS line 1"),
        "{}",
        a.answer
    );
    let w = ask(&k, &teams, Some(&co), &people, "web/w.ts", 365);
    assert_eq!(w.measured.len(), 2);
    assert!(
        w.answer
            .starts_with("Ask web: declared in .aexy/teams.toml"),
        "{}",
        w.answer
    );
}
