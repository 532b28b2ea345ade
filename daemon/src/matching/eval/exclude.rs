//! Which held-out commits the replay leaves out, and why: reverts, release and version bumps,
//! bot authors, cherry-picks (git's `-x` note or the same patch id as an earlier commit with
//! the same subject) and authors with no earlier commit. Merges never enter the window.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

/// Why a commit was not evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Revert,
    Release,
    Bot,
    CherryPick,
    NewAuthor,
}

/// Counts of excluded commits by reason.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Excluded {
    /// Merges among the window's commits (never held out).
    pub merges: usize,
    pub reverts: usize,
    pub releases: usize,
    pub bots: usize,
    pub cherry_picks: usize,
    /// Authors with no earlier commit: nobody could have ranked them, which caps recall.
    pub new_authors: usize,
    /// `new_authors` over the held-out non-merge commits.
    pub new_author_share: f64,
}

impl Excluded {
    pub fn count(&mut self, r: Reason) {
        match r {
            Reason::Revert => self.reverts += 1,
            Reason::Release => self.releases += 1,
            Reason::Bot => self.bots += 1,
            Reason::CherryPick => self.cherry_picks += 1,
            Reason::NewAuthor => self.new_authors += 1,
        }
    }
}

/// A revert: git's own subject and body, or a conventional `revert:` type.
pub fn is_revert(subject: &str, body: &str) -> bool {
    let s = subject.trim_start().to_lowercase();
    s.starts_with("revert \"")
        || s.starts_with("revert:")
        || s.starts_with("revert(")
        || s.starts_with("revert ")
        || body.contains("This reverts commit ")
}

/// A release or version bump, by its subject.
pub fn is_release(subject: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)^[\t\n\r\x20]*(
                (chore\(release\)|release(?-u:\b))
              | (bump|update|set)[\t\n\r\x20]+(the[\t\n\r\x20]+)?(package[\t\n\r\x20]+|crate[\t\n\r\x20]+)?version
              | version[\t\n\r\x20]+bump
              | prepare[\t\n\r\x20]+(for[\t\n\r\x20]+)?(the[\t\n\r\x20]+)?(release|v?[0-9]+\.[0-9]+)
              | v?[0-9]+\.[0-9]+(\.[0-9]+)?([-.+][0-9A-Za-z_.]+)?[\t\n\r\x20]*$
              | bump[\t\n\r\x20]+[^\t\n\r\x20]*[\t\n\r\x20]*(to|from)?[\t\n\r\x20]*v?[0-9]+\.[0-9]+(\.[0-9]+)?[\t\n\r\x20]*$
            )",
        )
        .expect("valid regex")
    });
    re.is_match(&subject.to_lowercase())
}

/// `git cherry-pick -x`'s note in the body.
pub fn has_cherry_pick_note(body: &str) -> bool {
    body.contains("(cherry picked from commit ")
}

/// git's patch id of `oid` against its first parent (`None` for root commits or errors).
pub fn patch_id(repo: &git2::Repository, oid: &str) -> Option<git2::Oid> {
    let commit = repo.find_commit(git2::Oid::from_str(oid).ok()?).ok()?;
    let parent = commit.parent(0).ok()?;
    let diff = repo
        .diff_tree_to_tree(Some(&parent.tree().ok()?), Some(&commit.tree().ok()?), None)
        .ok()?;
    diff.patchid(None).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverts() {
        assert!(is_revert("Revert \"Add cache\"", ""));
        assert!(is_revert("revert: drop cache", ""));
        assert!(is_revert("Undo cache", "This reverts commit abc."));
        assert!(!is_revert("Reverse the list order", ""));
    }

    #[test]
    fn releases_and_bumps() {
        for s in [
            "Release 1.2.3",
            "chore(release): 2.0.0",
            "Bump version to 0.4.1",
            "v1.2.3",
            "1.2.0",
            "Prepare release 4.5",
            "Update version",
        ] {
            assert!(is_release(s), "{s}");
        }
        for s in [
            "Bump serde from 1.0.1 to 1.0.2 in parser",
            "Releasing locks early in the pool",
            "Add version field to manifest",
        ] {
            assert!(!is_release(s), "{s}");
        }
    }
}
