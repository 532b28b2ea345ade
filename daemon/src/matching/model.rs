//! The matching model, built commit by commit in topological order so the evaluation can ask
//! it questions "as of" any point without re-indexing: file documents and knowledge, each
//! developer's past subjects (a BM25 document per developer) and their activity.

use super::bm25::{Index, Vocabulary};
use super::documents::Documents;
use super::load::{Commit, Loaded};
use super::tokenize;

/// One developer's activity so far.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    pub commits: u32,
    pub last: Option<i64>,
    /// Times of every credited commit, in the order they were added.
    pub times: Vec<i64>,
}

impl Activity {
    /// Counts one credited commit at time `t`.
    pub fn record(&mut self, t: i64) {
        self.commits += 1;
        self.last = Some(self.last.map_or(t, |l| l.max(t)));
        self.times.push(t);
    }

    /// Credited commits in the `days` before `now` (inclusive of `now`).
    pub fn recent(&self, now: i64, days: i64) -> u32 {
        let from = now - days * 86_400;
        self.times
            .iter()
            .filter(|&&t| t >= from && t <= now)
            .count() as u32
    }
}

/// Everything the rankers read.
#[derive(Debug, Default)]
pub struct Model {
    pub vocab: Vocabulary,
    pub docs: Documents,
    /// One document per developer: the terms of their past commit subjects.
    pub subjects: Index,
    pub activity: Vec<Activity>,
    /// The latest commit time added.
    pub now: i64,
}

impl Model {
    /// An empty model for `devs` developers.
    pub fn new(devs: usize) -> Model {
        Model {
            activity: vec![Activity::default(); devs],
            ..Model::default()
        }
    }

    /// A model of every commit in `loaded`.
    pub fn build(loaded: &Loaded) -> Model {
        let mut m = Model::new(loaded.devs.len());
        for c in &loaded.commits {
            m.add(loaded, c);
        }
        m
    }

    /// Adds one commit (merges and boundary commits credit nobody and are skipped).
    pub fn add(&mut self, loaded: &Loaded, c: &Commit) {
        if c.parents > 1 || c.boundary {
            return;
        }
        self.now = self.now.max(c.time);
        let terms: Vec<u32> = tokenize::terms(&c.subject)
            .iter()
            .map(|t| self.vocab.intern(t))
            .collect();
        // a lock file or a vendored copy is nobody's expertise, and says nothing about the
        // subject's topic either
        let known: Vec<super::load::Change> = c
            .changes
            .iter()
            .filter(|ch| {
                !loaded.machine_made.contains(&ch.path)
                    && ch.old.is_none_or(|o| !loaded.machine_made.contains(&o))
            })
            .copied()
            .collect();
        self.docs.apply(
            &mut self.vocab,
            &loaded.paths,
            &known,
            &c.devs,
            &terms,
            c.time,
        );
        for &d in &c.devs {
            for &t in &terms {
                self.subjects.add(d as u32, t, 1);
            }
            if self.activity.len() <= d {
                self.activity.resize(d + 1, Activity::default());
            }
            self.activity[d].record(c.time);
        }
    }

    /// Term ids of `text` known to the model (unknown terms cannot match anything).
    pub fn query_terms(&self, text: &str) -> Vec<u32> {
        tokenize::terms(text)
            .iter()
            .filter_map(|t| self.vocab.get(t))
            .collect()
    }
}
