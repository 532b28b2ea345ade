//! Who maintains a file, as its developers would say: the rule `aexy owners` names experts by.
//! Measured against developers' own answers (`aexy eval experts`).

use super::expertise::FileStandings;

/// Days of repository activity that count as "recent".
pub const ACTIVE_DAYS: i64 = 365;

/// Why a developer is (or is not) named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    #[default]
    None,
    /// An author under Avelino's DOA rule.
    DoaAuthor,
}

impl Reason {
    /// Words for people.
    pub fn describe(&self) -> String {
        match self {
            Reason::None => String::new(),
            Reason::DoaAuthor => "degree of authorship".into(),
        }
    }
}

/// The verdict on one developer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub maintainer: bool,
    pub reason: Reason,
}

/// Judges every developer of `f`.
pub fn judge(f: &mut FileStandings) {
    for s in &mut f.devs {
        s.verdict = if s.authorship.author {
            Verdict {
                maintainer: true,
                reason: Reason::DoaAuthor,
            }
        } else {
            Verdict::default()
        };
    }
}
