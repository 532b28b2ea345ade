//! Per-file documents for retrieval: each file's path terms, the subjects of the commits that
//! touched it and the identifiers in its content, in one BM25 index; renames carry a file's
//! document and knowledge to its new path, deletions take it out of retrieval.

use std::collections::HashMap;

use super::bm25::{Index, Vocabulary};
use super::knowledge::FileKnowledge;
use super::tokenize;
use crate::insights::ChangeKind;

/// Commits touching more files than this are bulk edits (formatting, licence headers): their
/// subjects say nothing about any one file and are not added to the files' documents.
pub const BULK_COMMIT_FILES: usize = 50;

/// One file (followed through renames).
#[derive(Debug, Default)]
pub struct FileDoc {
    /// Current path id.
    pub path: u32,
    /// Still present (not deleted).
    pub live: bool,
    path_terms: Vec<u32>,
    /// The document's terms with their frequencies (mirrors the index).
    terms: HashMap<u32, u32>,
    pub knowledge: FileKnowledge,
}

/// All files' documents.
#[derive(Debug, Default)]
pub struct Documents {
    pub index: Index,
    pub files: Vec<FileDoc>,
    key_of: HashMap<u32, u32>,
}

impl Documents {
    /// The file currently at path id `path`, if known.
    pub fn key(&self, path: u32) -> Option<u32> {
        self.key_of.get(&path).copied()
    }

    /// Applies one commit's changes: `devs` credited, `subject_terms` added to each touched
    /// file's document unless the commit is a bulk edit.
    pub fn apply(
        &mut self,
        vocab: &mut Vocabulary,
        paths: &HashMap<u32, String>,
        changes: &[super::load::Change],
        devs: &[usize],
        subject_terms: &[u32],
        time: i64,
    ) {
        let bulk = changes.len() > BULK_COMMIT_FILES;
        for ch in changes {
            let key = match (ch.kind, ch.old) {
                (ChangeKind::Renamed, Some(old)) => match self.key_of.remove(&old) {
                    Some(k) => {
                        self.key_of.insert(ch.path, k);
                        self.set_path(k, ch.path, vocab, paths);
                        k
                    }
                    None => self.new_file(ch.path, vocab, paths),
                },
                _ => match self.key_of.get(&ch.path) {
                    Some(&k) if self.files[k as usize].live || ch.kind != ChangeKind::Added => k,
                    // a re-added path starts a new file
                    _ => self.new_file(ch.path, vocab, paths),
                },
            };
            let k = key as usize;
            self.files[k].knowledge.record(ch.kind, devs, time);
            if ch.kind == ChangeKind::Deleted {
                self.files[k].live = false;
                self.index.clear(key, &self.files[k].terms);
                continue;
            }
            if !self.files[k].live {
                // modified after a deletion we did not see (partial history): back in
                self.files[k].live = true;
                let terms: Vec<(u32, u32)> =
                    self.files[k].terms.iter().map(|(&t, &c)| (t, c)).collect();
                for (t, c) in terms {
                    self.index.add(key, t, c);
                }
            }
            if !bulk {
                for &t in subject_terms {
                    self.add_term(key, t, 1);
                }
            }
        }
    }

    /// Adds the distinct identifiers of a file's content (each once) to its document.
    pub fn add_content(&mut self, vocab: &mut Vocabulary, path: u32, text: &str) {
        self.add_content_terms(vocab, path, content_terms(text));
    }

    /// Adds terms [`content_terms`] gave (computed elsewhere, on another thread) to the
    /// document of `path`.
    pub fn add_content_terms(&mut self, vocab: &mut Vocabulary, path: u32, terms: Vec<String>) {
        let Some(key) = self.key(path) else {
            return;
        };
        for t in terms {
            let id = vocab.intern(&t);
            self.add_term(key, id, 1);
        }
    }

    fn add_term(&mut self, key: u32, term: u32, count: u32) {
        let f = &mut self.files[key as usize];
        *f.terms.entry(term).or_insert(0) += count;
        if f.live {
            self.index.add(key, term, count);
        }
    }

    fn new_file(&mut self, path: u32, vocab: &mut Vocabulary, paths: &HashMap<u32, String>) -> u32 {
        let key = self.files.len() as u32;
        self.files.push(FileDoc {
            path,
            live: true,
            ..FileDoc::default()
        });
        self.key_of.insert(path, key);
        self.set_path(key, path, vocab, paths);
        key
    }

    fn set_path(
        &mut self,
        key: u32,
        path: u32,
        vocab: &mut Vocabulary,
        paths: &HashMap<u32, String>,
    ) {
        let old_terms = std::mem::take(&mut self.files[key as usize].path_terms);
        for t in old_terms {
            let f = &mut self.files[key as usize];
            if let Some(c) = f.terms.get_mut(&t) {
                *c -= 1;
                if *c == 0 {
                    f.terms.remove(&t);
                }
            }
            if f.live {
                self.index.remove(key, t, 1);
            }
        }
        let display = paths.get(&path).map_or("", String::as_str);
        let new_terms: Vec<u32> = tokenize::terms(display)
            .iter()
            .map(|t| vocab.intern(t))
            .collect();
        for &t in &new_terms {
            self.add_term(key, t, 1);
        }
        let f = &mut self.files[key as usize];
        f.path = path;
        f.path_terms = new_terms;
    }
}

/// The distinct identifiers of a file's content worth indexing (three characters or more),
/// sorted: interned in one order whatever the hash seed, term ids (and so ties) stay the same
/// from run to run.
pub fn content_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = tokenize::distinct_terms(text)
        .into_iter()
        .filter(|t| t.len() >= 3)
        .collect();
    terms.sort_unstable();
    terms
}
