//! Code review history as plain data — pull/merge requests, their files, reviews, inline
//! comments and review requests, with people already resolved — for the engine's algorithms
//! (reviewer suggestion, review insights). No I/O: `sources::history` fills it from the index.

use serde::Serialize;

/// Everyone who authored or reviewed a pull request. Indices `0..developers` are the query
/// context's resolved developers (same order as `identity::Resolver::developers`); the rest are
/// accounts no git identity could be linked to (still real reviewers).
#[derive(Debug, Clone, Default)]
pub struct ReviewHistory {
    pub people: Vec<Someone>,
    /// How many of `people` are git developers.
    pub developers: usize,
    /// Pull requests, by creation time (then key).
    pub pulls: Vec<Pull>,
}

/// A person of the review history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Someone {
    pub name: String,
    /// The resolved developer, when linked (`= index` for the first `developers` people).
    pub dev: Option<usize>,
    /// `system:login` of each account behind this person.
    pub accounts: Vec<String>,
    pub bot: bool,
}

/// Where a pull request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PullState {
    Open,
    Closed,
    Merged,
}

/// What a submitted review said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    Approved,
    ChangesRequested,
    Commented,
    Dismissed,
}

/// One submitted review (GitHub review, GitLab approval or review note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub who: usize,
    /// Seconds since the epoch (UTC).
    pub at: i64,
    pub verdict: Verdict,
}

/// One inline review comment on a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileComment {
    pub who: usize,
    pub at: i64,
    pub path: String,
}

/// A pull request (GitHub) or merge request (GitLab).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pull {
    /// `github:owner/name#12`, `gitlab:group/project!7`.
    pub key: String,
    pub title: String,
    pub author: Option<usize>,
    pub created: i64,
    pub closed: Option<i64>,
    pub merged: Option<i64>,
    pub state: PullState,
    pub draft: bool,
    /// Repository-relative paths the pull request changes (new names).
    pub files: Vec<String>,
    pub additions: u32,
    pub deletions: u32,
    pub reviews: Vec<Review>,
    pub comments: Vec<FileComment>,
    /// People asked to review and not yet reviewing (as last synced).
    pub requested: Vec<usize>,
}

impl Pull {
    /// The people who reviewed it (a submitted review or an inline comment) up to `until`
    /// inclusive, its author left out, in order of first review.
    pub fn reviewers_until(&self, until: i64) -> Vec<usize> {
        let mut events: Vec<(i64, usize)> = self
            .reviews
            .iter()
            .map(|r| (r.at, r.who))
            .chain(self.comments.iter().map(|c| (c.at, c.who)))
            .filter(|(at, who)| *at <= until && Some(*who) != self.author)
            .collect();
        events.sort();
        let mut out = Vec::new();
        for (_, who) in events {
            if !out.contains(&who) {
                out.push(who);
            }
        }
        out
    }

    /// Every reviewer, ever.
    pub fn reviewers(&self) -> Vec<usize> {
        self.reviewers_until(i64::MAX)
    }

    /// The first review or inline comment by someone other than the author.
    pub fn first_review(&self) -> Option<i64> {
        self.reviews
            .iter()
            .map(|r| (r.at, r.who))
            .chain(self.comments.iter().map(|c| (c.at, c.who)))
            .filter(|(_, who)| Some(*who) != self.author)
            .map(|(at, _)| at)
            .min()
    }

    /// The first approval by someone other than the author.
    pub fn first_approval(&self) -> Option<i64> {
        self.reviews
            .iter()
            .filter(|r| r.verdict == Verdict::Approved && Some(r.who) != self.author)
            .map(|r| r.at)
            .min()
    }

    /// Lines changed (added + deleted).
    pub fn size(&self) -> u32 {
        self.additions.saturating_add(self.deletions)
    }
}

impl ReviewHistory {
    /// A person's name as shown.
    pub fn name(&self, who: usize) -> &str {
        self.people.get(who).map_or("?", |p| p.name.as_str())
    }

    pub fn is_bot(&self, who: usize) -> bool {
        self.people.get(who).is_some_and(|p| p.bot)
    }

    pub fn is_empty(&self) -> bool {
        self.pulls.is_empty()
    }

    /// Open, ready pull requests on which each person is a requested reviewer (as last
    /// synced): their review load now.
    pub fn open_requests(&self) -> std::collections::HashMap<usize, u32> {
        let mut load = std::collections::HashMap::new();
        for p in self
            .pulls
            .iter()
            .filter(|p| p.state == PullState::Open && !p.draft)
        {
            for &who in &p.requested {
                *load.entry(who).or_insert(0) += 1;
            }
        }
        load
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pull() -> Pull {
        Pull {
            key: "github:o/r#1".into(),
            title: "t".into(),
            author: Some(0),
            created: 100,
            closed: None,
            merged: None,
            state: PullState::Open,
            draft: false,
            files: vec!["a.rs".into()],
            additions: 3,
            deletions: 2,
            reviews: vec![
                Review {
                    who: 0,
                    at: 110,
                    verdict: Verdict::Commented,
                },
                Review {
                    who: 2,
                    at: 150,
                    verdict: Verdict::Approved,
                },
            ],
            comments: vec![FileComment {
                who: 1,
                at: 120,
                path: "a.rs".into(),
            }],
            requested: vec![],
        }
    }

    #[test]
    fn reviewers_leave_out_the_author_and_keep_first_order() {
        let p = pull();
        assert_eq!(p.reviewers(), vec![1, 2]);
        assert_eq!(p.reviewers_until(130), vec![1]);
        assert_eq!(
            p.first_review(),
            Some(120),
            "the author's own comment is no review"
        );
        assert_eq!(p.first_approval(), Some(150));
        assert_eq!(p.size(), 5);
    }
}
