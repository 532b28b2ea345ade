//! Tests of `check.rs`.

use super::*;
use crate::identity::Developer;
use crate::insights::calendar;
use crate::insights::knowledge::tests::{devs, history};
use crate::insights::ChangeKind::*;
use crate::teams::codeowners::{parse, Dialect};
use crate::teams::config::TeamsFile;

#[test]
fn stale_undeclared_dead_uncovered_and_syntax() {
    let day = calendar::DAY;
    // Dave wrote legacy/ two years ago; Bob wrote src/ui, Alice src/core; tools/ is nobody's rule
    let h = history(
        &[
            "legacy/old.rs",
            "src/core/a.rs",
            "src/core/b.rs",
            "src/ui/v.rs",
            "tools/t.rs",
            "tools/u.rs",
        ],
        &[
            (0, vec![3], vec![(0, Added)]),
            (700 * day, vec![0], vec![(1, Added), (2, Added)]),
            (710 * day, vec![1], vec![(3, Added), (4, Added), (5, Added)]),
            (720 * day, vec![1], vec![(3, Modified)]),
        ],
    );
    let k = Knowledge::new(h, devs(&["Alice", "Bob", "Carol", "Dave"]));
    let developers: Vec<Developer> = ["Alice", "Bob", "Carol", "Dave"]
        .iter()
        .map(|n| crate::teams::people::test_developer(n, &[]))
        .collect();
    let file = TeamsFile::default();
    let people = People::new(&developers, &file.people);
    let co = parse(
        "CODEOWNERS",
        "/legacy/ @dave\n/src/ @alice\n/src/core/ @carol\n/src/ui/ @alice bad-owner\n/docs/ @alice\n/src/core/ @alice\n/tools/t.rs\n",
        Dialect::GitHub,
    );
    let teams = Teams::build(&file, Some(&co), &people);
    let r = check(
        &Inputs {
            co: &co,
            dialect_reason: "test",
            k: &k,
            teams: &teams,
            people: &people,
        },
        &Options::default(),
    );
    let kinds: Vec<(Kind, Option<usize>)> = r.findings.iter().map(|f| (f.kind, f.line)).collect();
    assert_eq!(
        kinds,
        [
            (Kind::Syntax, Some(4)),
            (Kind::Stale, Some(1)),
            (Kind::Dead, Some(2)),
            (Kind::Dead, Some(3)),
            (Kind::Stale, Some(4)),
            (Kind::Dead, Some(5)),
            (Kind::Undeclared, Some(4)),
            (Kind::Uncovered, None),
        ],
        "{:#?}",
        r.findings
    );
    let dave = &r.findings[1].people[0];
    assert!(
        dave.detail.starts_with("inactive for 720 days"),
        "{}",
        dave.detail
    );
    assert_eq!(dave.owner.as_deref(), Some("@dave"));
    assert!(
        r.findings[2].message.contains("line 4, 6"),
        "{}",
        r.findings[2].message
    );
    assert!(
        r.findings[3].message.contains("line 6"),
        "{}",
        r.findings[3].message
    );
    assert_eq!(r.findings[4].people[0].detail, "authors none of the 1 file");
    assert_eq!(r.findings[5].message, "matches no file at the snapshot");
    assert_eq!(r.findings[6].people[0].name, "Bob");
    // tools/t.rs is deliberately unowned (a rule without owners); tools/u.rs is uncovered
    assert_eq!(r.findings[7].pattern.as_deref(), Some("/tools/u.rs"));
    assert_eq!(r.findings[7].people[0].name, "Bob");
    assert!(r.rejected_by_host);
    assert_eq!((r.files, r.covered_files), (6, 4));
}
