//! AI-assisted work: the share of commits whose trailers or identities show an AI agent
//! (detection is `identity::ai_agent`), per developer, directory and month. Agents often commit
//! as the author and name the human as a co-author, so the humans credited on a commit (author
//! and co-authors, agents excluded) each count it as their own AI-assisted commit.

use std::collections::{BTreeMap, BTreeSet};

use super::calendar;

/// One commit as the AI share sees it.
#[derive(Debug, Clone)]
pub struct AiCommit<'a> {
    pub time: i64,
    /// Humans credited (author and co-authors; agents and bots excluded).
    pub devs: &'a [usize],
    /// The agent that assisted, when any.
    pub agent: Option<&'a str>,
    /// Top-level directories the commit touched (`"."` for files at the root).
    pub directories: &'a [String],
}

/// Commits and AI-assisted commits in one bucket.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub commits: u32,
    pub ai_commits: u32,
    pub share: f64,
    /// Agents seen, with commit counts.
    pub agents: BTreeMap<String, u32>,
}

impl Share {
    fn add(&mut self, agent: Option<&str>) {
        self.commits += 1;
        if let Some(a) = agent {
            self.ai_commits += 1;
            *self.agents.entry(a.to_string()).or_default() += 1;
        }
        self.share = f64::from(self.ai_commits) / f64::from(self.commits);
    }
}

/// AI share overall and per developer, directory and month (UTC).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AiShare {
    pub overall: Share,
    pub by_developer: BTreeMap<usize, Share>,
    pub by_directory: BTreeMap<String, Share>,
    pub by_month: BTreeMap<String, Share>,
}

/// Tallies AI-assisted commits.
pub fn ai_share(commits: &[AiCommit<'_>]) -> AiShare {
    let mut out = AiShare::default();
    for c in commits {
        out.overall.add(c.agent);
        let devs: BTreeSet<usize> = c.devs.iter().copied().collect();
        for d in devs {
            out.by_developer.entry(d).or_default().add(c.agent);
        }
        let dirs: BTreeSet<&String> = c.directories.iter().collect();
        for d in dirs {
            out.by_directory.entry(d.clone()).or_default().add(c.agent);
        }
        out.by_month
            .entry(calendar::month_key(c.time))
            .or_default()
            .add(c.agent);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humans_named_as_co_authors_are_credited() {
        let src = vec!["src".to_string()];
        let docs = vec!["docs".to_string(), "src".to_string()];
        let (a, b, ab) = ([0usize], [1usize], [0usize, 1usize]);
        let jan = 1_704_067_200; // 2024-01-01
        let feb = 1_706_745_600; // 2024-02-01
        let commits = vec![
            AiCommit {
                time: jan,
                devs: &a,
                agent: Some("Claude"),
                directories: &src,
            },
            AiCommit {
                time: jan,
                devs: &a,
                agent: None,
                directories: &src,
            },
            AiCommit {
                time: feb,
                devs: &ab,
                agent: Some("Copilot"),
                directories: &docs,
            },
            AiCommit {
                time: feb,
                devs: &b,
                agent: None,
                directories: &docs,
            },
        ];
        let s = ai_share(&commits);
        assert_eq!((s.overall.commits, s.overall.ai_commits), (4, 2));
        assert_eq!(s.by_developer[&0].ai_commits, 2);
        assert_eq!(s.by_developer[&0].share, 2.0 / 3.0);
        assert_eq!(s.by_developer[&1].share, 0.5);
        assert_eq!(s.by_directory["src"].commits, 4);
        assert_eq!(s.by_directory["docs"].ai_commits, 1);
        assert_eq!(s.by_month["2024-01"].agents["Claude"], 1);
        assert_eq!(s.by_month["2024-02"].share, 0.5);
    }
}
