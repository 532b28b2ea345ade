//! Reachability of the shipped ladder: a history built to show everything the top role asks
//! is placed at the top with every default criterion — and every alternative, reviews included
//! when synced — met; a newcomer fails each criterion above the first role. So no default
//! criterion names something no history can show (the hosted design's readiness flaw).

use super::ladder::Ladder;
use super::*;
use crate::insights::calendar::DAY;
use crate::insights::history::{Commit, File, FileEvent, History, PathInfo};
use crate::insights::ChangeKind;

/// A history builder: paths get their language from the extension.
struct Builder {
    files: Vec<File>,
    commits: Vec<Commit>,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            files: Vec::new(),
            commits: Vec::new(),
        }
    }

    fn file(&mut self, path: &str) -> usize {
        if let Some(i) = self.files.iter().position(|f| f.info.path == path) {
            return i;
        }
        let language = match path.rsplit('.').next() {
            Some("rs") => "Rust",
            Some("py") => "Python",
            _ => "Text",
        };
        self.files.push(File {
            info: PathInfo {
                id: self.files.len() as i64,
                path: path.to_string(),
                language: Some(language.to_string()),
                vendored: false,
                generated: false,
                documentation: false,
                data: false,
                binary: false,
                detectable: language != "Text",
            },
            events: Vec::new(),
        });
        self.files.len() - 1
    }

    fn commit(&mut self, time: i64, devs: &[usize], changes: &[(&str, ChangeKind, u64)]) {
        let ci = self.commits.len();
        let mut list = Vec::new();
        for &(p, kind, lines) in changes {
            let f = self.file(p);
            self.files[f].events.push(FileEvent {
                commit: ci,
                kind,
                lines,
            });
            list.push((f as i64, lines));
        }
        self.commits.push(Commit {
            id: ci as i64 + 1,
            oid: format!("{ci:040}"),
            time,
            tz: 0,
            devs: devs.to_vec(),
            authors: usize::from(!devs.is_empty()),
            agent: None,
            lines: list.iter().map(|x| x.1).sum(),
            changes: list,
        });
    }

    fn build(mut self) -> History {
        self.commits.sort_by_key(|c| c.time);
        // re-point events after sorting commits by time
        let order: Vec<i64> = self.commits.iter().map(|c| c.id).collect();
        for f in &mut self.files {
            for e in &mut f.events {
                let id = e.commit as i64 + 1;
                e.commit = order.iter().position(|&x| x == id).unwrap_or(0);
            }
            f.events.sort_by_key(|e| e.commit);
        }
        let paths = self
            .files
            .iter()
            .map(|f| (f.info.id, f.info.clone()))
            .collect();
        let now = self.commits.iter().map(|c| c.time).max().unwrap_or(0);
        History {
            commits: self.commits,
            files: self.files,
            paths,
            now,
        }
    }
}

const NOW: i64 = 1_709_251_200; // 2024-03-01

fn names(n: usize) -> Vec<crate::insights::team::DevRef> {
    (0..n)
        .map(|i| crate::insights::team::DevRef {
            name: format!("dev{i}"),
            email: format!("dev{i}@x"),
        })
        .collect()
}

/// dev0 has done everything the principal role asks, over 30 months; dev1..=10 each change
/// three of dev0's files (with dev0 as co-author on some); dev11 has one commit.
fn everything() -> Knowledge {
    let mut b = Builder::new();
    let start = NOW - 30 * 30 * DAY;
    let areas = [
        "core/engine",
        "core/store",
        "core/net",
        "py/api",
        "py/cli",
        "py/web",
    ];
    for (i, area) in areas.iter().enumerate() {
        let ext = if i < 3 { "rs" } else { "py" };
        for j in 0..6 {
            let p = format!("{area}/m{j}.{ext}");
            b.commit(
                start + (i * 6 + j) as i64 * DAY,
                &[0],
                &[(&p, ChangeKind::Added, 2000)],
            );
        }
    }
    // recent work in every area and every one of the last 12 months
    for m in 0..12i64 {
        for (i, area) in areas.iter().enumerate() {
            let ext = if i < 3 { "rs" } else { "py" };
            let p = format!("{area}/m{}.{ext}", m % 6);
            b.commit(
                NOW - m * 30 * DAY - i as i64 * 3600,
                &[0],
                &[(&p, ChangeKind::Modified, 400)],
            );
        }
    }
    // ten collaborators, each changing three of dev0's files, paired with dev0 (co-authored)
    for c in 1..=10usize {
        for j in 0..3usize {
            let area = areas[(c + j) % areas.len()];
            let ext = if (c + j) % areas.len() < 3 {
                "rs"
            } else {
                "py"
            };
            let p = format!("{area}/m{}.{ext}", (c + j) % 6);
            b.commit(
                NOW - (40 + c as i64) * DAY - j as i64 * 3600,
                &[c, 0],
                &[(&p, ChangeKind::Modified, 5)],
            );
        }
    }
    b.commit(
        NOW - 2 * DAY,
        &[11],
        &[("core/engine/m0.rs", ChangeKind::Modified, 3)],
    );
    Knowledge::new(b.build(), names(12))
}

#[test]
fn every_default_criterion_can_be_met() {
    let k = everything();
    let l = Ladder::default_ladder();
    let synced = |_: usize| Some(500u64);
    let c = career(&k, &l, 0, None, &synced).unwrap();
    assert_eq!(c.placement.as_deref(), Some("principal"), "{:#?}", c.roles);
    for role in &c.roles {
        for crit in &role.criteria {
            for alt in &crit.alternatives {
                assert_eq!(
                    alt.met,
                    Some(true),
                    "{} / {}: {} (value {:?}, min {})",
                    role.id,
                    crit.label,
                    alt.requirement,
                    alt.value,
                    alt.effective_min
                );
                assert!(
                    alt.capped_by.is_none(),
                    "{}: met without a cap: {:?}",
                    alt.requirement,
                    alt.capped_by
                );
            }
        }
    }
    assert!(c.target.is_none() && c.gaps.is_empty());
}

#[test]
fn without_review_data_collaboration_is_still_reachable() {
    let k = everything();
    let c = career(&k, &Ladder::default_ladder(), 0, None, &|_| None).unwrap();
    assert_eq!(c.placement.as_deref(), Some("principal"));
    let collab = c.roles[4]
        .criteria
        .iter()
        .find(|x| x.label == "works with most of the team")
        .unwrap();
    assert_eq!(collab.met, Some(true));
    let reviews = collab
        .alternatives
        .iter()
        .find(|a| a.metric == metrics::Metric::Reviews)
        .unwrap();
    assert_eq!(
        (reviews.met, reviews.value),
        (None, None),
        "not measured, not failed"
    );
}

#[test]
fn a_newcomer_fails_every_criterion_above_the_first_role() {
    let k = everything();
    let c = career(&k, &Ladder::default_ladder(), 11, None, &|_| None).unwrap();
    assert_eq!(c.placement.as_deref(), Some("contributor"));
    assert_eq!(c.target.as_deref(), Some("developer"));
    for role in &c.roles[1..] {
        for crit in &role.criteria {
            assert_eq!(
                crit.met,
                Some(false),
                "{} / {} should fail for a newcomer",
                role.id,
                crit.label
            );
        }
    }
    // the path toward "developer" starts where the newcomer already changed a file
    assert_eq!(
        c.path.steps.first().map(|s| s.area.as_str()),
        Some("core/engine")
    );
    assert!(
        c.path.notes.iter().any(|n| n.contains("comes with time")),
        "{:?}",
        c.path.notes
    );
}
