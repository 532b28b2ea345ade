//! Who knows each file at the snapshot, computed once for the features that compare people with
//! code (CODEOWNERS checks, teams, careers, hiring): the Degree-of-Authorship authors of every
//! file that can have owners (see `doa`), the file's revisions overall and recently, and each
//! developer's first and last activity. Plain data over a loaded [`History`].

use super::history::History;
use super::team::DevRef;
use super::{calendar, team};

/// Changes within this many days of the snapshot count as recent (what people work on now).
pub const RECENT_DAYS: i64 = 180;

/// One snapshot file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileKnowledge {
    pub path: String,
    pub language: Option<String>,
    /// Counted by the truck factor and silos (not vendored, generated, documentation, data or
    /// binary), as in `aexy team`.
    pub considered: bool,
    /// Can have owners: anything but vendored, generated and binary files (documentation and
    /// data have owners in a CODEOWNERS file too).
    pub ownable: bool,
    /// DOA authors (empty when not ownable or nobody is credited).
    pub authors: Vec<usize>,
    /// Credited changes over the whole history, and within [`RECENT_DAYS`].
    pub revisions: u32,
    pub recent: u32,
}

/// Knowledge at the snapshot.
pub struct Knowledge {
    pub history: History,
    pub developers: Vec<DevRef>,
    /// Aligned with `history.files`.
    pub files: Vec<FileKnowledge>,
    /// Per developer: latest and earliest credited commit time (`i64::MIN`/`MAX` when none)
    /// and credited commits.
    pub last_active: Vec<i64>,
    pub first_active: Vec<i64>,
    pub commits: Vec<u64>,
    pub now: i64,
}

impl Knowledge {
    /// Derives everything from `history`; `developers[d]` names developer `d`.
    pub fn new(history: History, developers: Vec<DevRef>) -> Knowledge {
        let n = developers.len();
        let (mut last, mut first, mut commits) =
            (vec![i64::MIN; n], vec![i64::MAX; n], vec![0u64; n]);
        for c in &history.commits {
            for &d in &c.devs {
                if d < n {
                    last[d] = last[d].max(c.time);
                    first[d] = first[d].min(c.time);
                    commits[d] += 1;
                }
            }
        }
        let now = history.now;
        let ownable: Vec<usize> = (0..history.files.len())
            .filter(|&f| {
                let i = &history.files[f].info;
                !(i.vendored || i.generated || i.binary)
            })
            .collect();
        let authors = team::knowledge::authorship(&history, &ownable);
        let mut files: Vec<FileKnowledge> = history
            .files
            .iter()
            .map(|f| {
                let credited = f
                    .events
                    .iter()
                    .filter(|e| !history.commits[e.commit].devs.is_empty());
                FileKnowledge {
                    path: f.info.path.clone(),
                    language: f.info.language.clone(),
                    considered: f.info.considered() && !f.info.binary,
                    ownable: false,
                    authors: Vec::new(),
                    revisions: credited.clone().count() as u32,
                    recent: credited
                        .filter(|e| {
                            history.commits[e.commit].time >= now - RECENT_DAYS * calendar::DAY
                        })
                        .count() as u32,
                }
            })
            .collect();
        for (f, a) in ownable.into_iter().zip(authors) {
            files[f].ownable = true;
            files[f].authors = a;
        }
        Knowledge {
            history,
            developers,
            files,
            last_active: last,
            first_active: first,
            commits,
            now,
        }
    }

    /// Whether developer `d` committed within `days` of the snapshot.
    pub fn active(&self, d: usize, days: u32) -> bool {
        self.last_active
            .get(d)
            .is_some_and(|&t| t != i64::MIN && self.now - t <= i64::from(days) * calendar::DAY)
    }

    /// Whole days since `d`'s last commit (`None` when they have none).
    pub fn idle_days(&self, d: usize) -> Option<i64> {
        let t = *self.last_active.get(d)?;
        (t != i64::MIN).then(|| (self.now - t) / calendar::DAY)
    }

    /// Developer `d` as reported.
    pub fn dev(&self, d: usize) -> DevRef {
        self.developers.get(d).cloned().unwrap_or(DevRef {
            name: "?".into(),
            email: String::new(),
        })
    }

    /// Commits credited to each developer (the truck factor's tie-break).
    pub fn changes(&self) -> &[u64] {
        &self.commits
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::insights::history::{Commit, File, FileEvent, PathInfo};
    use crate::insights::ChangeKind;

    /// A commit for [`history`]: (time, credited devs, [(file, kind)]).
    pub(crate) type Spec = (i64, Vec<usize>, Vec<(usize, ChangeKind)>);

    /// Plain-data history: `commits` over `paths`.
    pub(crate) fn history(paths: &[&str], commits: &[Spec]) -> History {
        let info = |i: usize, p: &str| PathInfo {
            id: i as i64,
            path: p.to_string(),
            language: Some("Rust".into()),
            vendored: p.starts_with("vendor/"),
            generated: false,
            documentation: p.ends_with(".md"),
            data: false,
            binary: false,
            detectable: !p.ends_with(".md"),
        };
        let mut files: Vec<File> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| File {
                info: info(i, p),
                events: Vec::new(),
            })
            .collect();
        let mut out = Vec::new();
        for (ci, (t, devs, changes)) in commits.iter().enumerate() {
            for &(f, kind) in changes {
                files[f].events.push(FileEvent {
                    commit: ci,
                    kind,
                    lines: 10,
                });
            }
            out.push(Commit {
                id: ci as i64 + 1,
                oid: format!("{ci:040}"),
                time: *t,
                tz: 0,
                devs: devs.clone(),
                authors: usize::from(!devs.is_empty()),
                agent: None,
                lines: 10 * changes.len() as u64,
                changes: changes.iter().map(|&(f, _)| (f as i64, 10)).collect(),
            });
        }
        let paths = files.iter().map(|f| (f.info.id, f.info.clone())).collect();
        let now = out.iter().map(|c| c.time).max().unwrap_or(0);
        History {
            commits: out,
            files,
            paths,
            now,
        }
    }

    pub(crate) fn devs(names: &[&str]) -> Vec<DevRef> {
        names
            .iter()
            .map(|n| DevRef {
                name: n.to_string(),
                email: format!("{}@x", n.to_lowercase()),
            })
            .collect()
    }

    #[test]
    fn authors_activity_and_recency() {
        use ChangeKind::*;
        let day = calendar::DAY;
        let h = history(
            &["src/a.rs", "vendor/v.rs", "README.md"],
            &[
                (0, vec![0], vec![(0, Added), (1, Added), (2, Added)]),
                (400 * day, vec![1], vec![(0, Modified)]),
                (500 * day, vec![1], vec![(2, Modified)]),
            ],
        );
        let k = Knowledge::new(h, devs(&["Ann", "Bob"]));
        // DOA: Ann (creator) 4.17, Bob (one edit) 3.46: 0.83 of the best, so both author it
        assert_eq!(k.files[0].authors, [0, 1]);
        assert!(k.files[1].authors.is_empty() && !k.files[1].ownable);
        assert!(k.files[2].ownable && !k.files[2].considered);
        assert_eq!((k.files[0].revisions, k.files[0].recent), (2, 1));
        assert!(!k.active(0, 365) && k.active(1, 365));
        assert_eq!(k.idle_days(0), Some(500));
        assert_eq!(k.commits, [1, 2]);
    }
}
