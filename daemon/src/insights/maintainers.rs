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
//! Measured on developers' own answers with `aexy eval experts --survey`, and on what
//! repositories did next with `aexy eval experts` (see README). The truck factor keeps
//! Avelino's DOA authors: it is a published figure people compare across projects.

use super::calendar::DAY;
use super::expertise::{FileStandings, Standing};

/// How long a change stays "recent" (rules 3 and 4).
pub const RECENT_DAYS: i64 = 365;

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
    let recent = now - s.last_change.0 < RECENT_DAYS * DAY;
    let latest = s.changes_after == 0 && s.commits > 0 && recent;
    let moved_on = s.authorship.first_author && s.commits == 1 && s.changes_after > 0 && !recent;
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
