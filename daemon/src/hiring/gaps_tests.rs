//! Tests of `gaps.rs`.

use super::*;
use crate::insights::knowledge::tests::{devs, history, Spec};
use crate::insights::ChangeKind::*;

#[test]
fn knowledge_that_left_ranks_first() {
    let day = crate::insights::calendar::DAY;
    let now = 1000 * day;
    let commits: Vec<Spec> = vec![
        (0, vec![3], (0..6).map(|f| (f, Added)).collect()),
        (now - 300 * day, vec![1], vec![(6, Added), (7, Added)]),
        (now - 290 * day, vec![0], vec![(8, Added), (9, Added)]),
        (now - 280 * day, vec![2], vec![(8, Modified), (9, Modified)]),
        (now, vec![0], vec![(8, Modified)]),
    ];
    let h = history(
        &[
            "legacy/a.rs",
            "legacy/b.rs",
            "legacy/c.rs",
            "legacy/d.rs",
            "legacy/e.rs",
            "legacy/f.rs",
            "ui/v.rs",
            "ui/w.rs",
            "core/x.rs",
            "core/y.rs",
        ],
        &commits,
    );
    let k = Knowledge::new(h, devs(&["Ann", "Bob", "Cat", "Dave"]));
    let areas = Areas::build(&k);
    let list = gaps(
        &Inputs {
            k: &k,
            areas: &areas,
            figures: &[],
            frameworks: &Vec::new(),
        },
        &Options::default(),
    );
    // (Rust, held by nobody at intermediate with these ten-line changes, outranks it)
    let first = list.iter().find(|g| g.kind != GapKind::FewHolders).unwrap();
    assert_eq!(
        (first.kind, first.subject.as_str()),
        (GapKind::NoActiveExpert, "legacy"),
        "{list:#?}"
    );
    assert_eq!((first.files, first.recent_changes, first.risk), (6, 0, 6.0));
    assert_eq!(first.holders[0].name, "Dave");
    // ui/ is Bob's alone: a single expert, ranked below; core/ has two authors: no gap
    assert!(list
        .iter()
        .any(|g| g.kind == GapKind::SingleExpert && g.subject == "ui"));
    assert!(!list
        .iter()
        .any(|g| g.subject == "core" && g.kind != GapKind::FewHolders));
    // Bob, idle 300 days, is the only author of ui/: leaving, and a single expert
    assert!(list
        .iter()
        .any(|g| g.kind == GapKind::Leaving && g.subject == "Bob"));
    // Rust is in 10 files and nobody's figures were given: no active holder
    assert!(list
        .iter()
        .any(|g| g.kind == GapKind::FewHolders && g.subject == "Rust" && g.holders.is_empty()));
}
