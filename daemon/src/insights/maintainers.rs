//! Who maintains a file, as its developers would say: the rule `aexy owners`, hover and
//! `aexy/ownership` name experts by. It starts from Degree of Authorship (Avelino et al., ICPC
//! 2016, see `doa`) and adds what DOA leaves out, each rule for a reason:
//!
//! 1. **DOA authors** (normalised DOA > 0.75 and DOA ≥ 3.293 or first author): the developers
//!    whose creation of and changes to the file dominate its history.
//! 2. **Most of the file as it stands** (lines still owned): the developer whose lines make up
//!    the largest part of the file at the revision, as `git blame` shows it. DOA counts changes,
//!    not their size, so someone who rewrote the file in one commit is not a DOA author.
//! 3. **The latest change, within a year** (recency): the developer who made the file's most
//!    recent change, if it is less than a year old. Time since a developer's last change is
//!    what the maintainer survey found most telling (Avelino, Constantinou, Valente and
//!    Serebrenik, IEEE Software 2019), and the latest hand on a file is who looks after it now.
//! 4. **Not a one-off creator who moved on** (recency): DOA's first-authorship weight keeps
//!    whoever created a file an author for good, even after a single commit; when that commit
//!    is their only change, over a year old, and others have changed the file since, the
//!    creation is history, not maintenance. Rules 1 and 2 do not name them.
//!
//! Rule 3 looks at focused changes only: a sweeping commit, one that changes [`SWEEP_FILES`]
//! files or more at once (a copyright year, a rename across the tree, reformatting), edits the
//! tree rather than looks after one file — on flask, a "Happy New Year" commit over 48 files
//! would otherwise make its author the latest hand on all of them. For rule 4 any later change
//! counts: the creator has not been back either way.
//!
//! Measured on developers' own answers with `aexy eval experts --survey`, and on what
//! repositories did next with `aexy eval experts` (see README). The truck factor keeps
//! Avelino's DOA authors: it is a published figure people compare across projects.

use super::calendar::DAY;
use super::expertise::{FileStandings, Standing};

/// How long a change stays "recent" (rules 3 and 4).
pub const RECENT_DAYS: i64 = 365;

/// A commit changing this many files or more is sweeping: rule 3 passes over it.
pub const SWEEP_FILES: u32 = 20;

/// Why a developer is named a maintainer, or why not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// Nothing names them.
    #[default]
    None,
    /// Rule 1.
    DoaAuthor,
    /// Rule 2.
    MostLines,
    /// Rule 3.
    LatestChange,
    /// Rule 4: a DOA author or line owner who is not named.
    MovedOn,
}

impl Reason {
    /// Words for people ("" for [`Reason::None`]).
    pub fn describe(&self) -> String {
        match self {
            Reason::None => "",
            Reason::DoaAuthor => "degree of authorship",
            Reason::MostLines => "wrote most of the file as it stands",
            Reason::LatestChange => "made the latest change, within a year",
            Reason::MovedOn => {
                "created it in one commit over a year ago; others have changed it since"
            }
        }
        .to_string()
    }
}

/// The verdict on one developer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub maintainer: bool,
    pub reason: Reason,
}

/// Judges every developer of `f` (standings as of `f.now`).
pub fn judge(f: &mut FileStandings) {
    let most = f.devs.iter().map(|s| s.lines).max().unwrap_or(0);
    let now = f.now;
    for s in &mut f.devs {
        s.verdict = verdict(s, most, now);
    }
}

fn verdict(s: &Standing, most_lines: u32, now: i64) -> Verdict {
    let recent = |t: i64| now - t < RECENT_DAYS * DAY;
    let latest = s.latest_focused && s.last_focused.is_some_and(recent);
    let moved_on = s.authorship.first_author
        && s.commits == 1
        && s.changes_after > 0
        && !recent(s.last_change.0);
    let most = s.lines > 0 && s.lines == most_lines;
    let reason = if latest {
        Reason::LatestChange
    } else if moved_on && (s.authorship.author || most) {
        Reason::MovedOn
    } else if s.authorship.author {
        Reason::DoaAuthor
    } else if most {
        Reason::MostLines
    } else {
        Reason::None
    };
    // a DOA author who also made the latest change is named for their authorship
    let reason = match reason {
        Reason::LatestChange if s.authorship.author => Reason::DoaAuthor,
        Reason::LatestChange if most => Reason::MostLines,
        r => r,
    };
    Verdict {
        maintainer: matches!(
            reason,
            Reason::DoaAuthor | Reason::MostLines | Reason::LatestChange
        ),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::insights::expertise::{assemble, Change};
    use crate::insights::ChangeKind::{self, Added, Modified};

    const NOW: i64 = 10_000 * DAY;

    fn change(kind: ChangeKind, devs: &[usize], days_ago: i64, files: u32) -> Change<'_> {
        Change {
            kind,
            devs,
            authors: 1,
            time: NOW - days_ago * DAY,
            tz: 0,
            files,
        }
    }

    fn named(changes: &[Change<'_>], lines: &[(usize, u32)]) -> Vec<(usize, Reason)> {
        let lines: HashMap<usize, u32> = lines.iter().copied().collect();
        let total = lines.values().sum();
        let mut out: Vec<(usize, Reason)> = assemble(changes, &lines, total, NOW)
            .devs
            .iter()
            .filter(|s| s.verdict.maintainer)
            .map(|s| (s.dev, s.verdict.reason))
            .collect();
        out.sort_unstable_by_key(|x| x.0);
        out
    }

    #[test]
    fn a_one_off_creator_who_moved_on_is_not_named_but_one_still_within_the_year_is() {
        let (gone, active) = ([0usize], [1usize]);
        let mut changes = vec![change(Added, &gone, 900, 1)];
        changes.extend((0..8).map(|k| change(Modified, &active, 300 - 30 * k, 1)));
        // DOA alone names both (0: 3.686 against 4.605, normalised 0.80)
        let all = assemble(&changes, &HashMap::new(), 0, NOW);
        assert!(all.devs.iter().all(|s| s.authorship.author));
        assert_eq!(named(&changes, &[]), [(1, Reason::DoaAuthor)]);
        changes[0].time = NOW - 200 * DAY;
        assert_eq!(named(&changes, &[]).len(), 2, "the creation is recent");
    }

    #[test]
    fn whoever_wrote_most_of_the_file_as_it_stands_is_named() {
        let (author, newcomer) = ([0usize], [1usize]);
        let mut changes = vec![change(Added, &author, 900, 1)];
        changes.extend((0..5).map(|k| change(Modified, &author, 850 - 50 * k, 1)));
        changes.push(change(Modified, &newcomer, 500, 1));
        assert_eq!(named(&changes, &[(0, 1)]), [(0, Reason::DoaAuthor)]);
        assert_eq!(
            named(&changes, &[(0, 1), (1, 50)]),
            [(0, Reason::DoaAuthor), (1, Reason::MostLines)]
        );
    }

    #[test]
    fn the_latest_focused_change_within_a_year_names_its_author() {
        let (owner, fixer, sweeper) = ([0usize], [1usize], [2usize]);
        let mut changes = vec![change(Added, &owner, 900, 1)];
        changes.extend((0..6).map(|k| change(Modified, &owner, 800 - 10 * k, 1)));
        changes.push(change(Modified, &fixer, 100, 2));
        assert_eq!(
            named(&changes, &[]),
            [(0, Reason::DoaAuthor), (1, Reason::LatestChange)]
        );
        // a copyright bump over 48 files later is nobody's care for this file
        changes.push(change(Modified, &sweeper, 10, 48));
        assert_eq!(
            named(&changes, &[]),
            [(0, Reason::DoaAuthor), (1, Reason::LatestChange)]
        );
        // and the fixer's change, once over a year old, names nobody
        changes[7].time = NOW - 400 * DAY;
        assert_eq!(named(&changes, &[]), [(0, Reason::DoaAuthor)]);
    }

    #[test]
    fn a_creator_nobody_followed_is_not_one_who_moved_on() {
        let (creator, other) = ([0usize], [1usize]);
        assert_eq!(
            named(&[change(Added, &creator, 900, 1)], &[]),
            [(0, Reason::DoaAuthor)]
        );
        let changes = [
            change(Added, &creator, 900, 1),
            change(Modified, &other, 800, 48),
        ];
        assert_eq!(named(&changes, &[]), [(1, Reason::DoaAuthor)], "moved on");
    }
}
