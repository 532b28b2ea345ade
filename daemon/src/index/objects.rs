//! A worker's object reader with a two-generation cache: what the previous commit read stays
//! available to the current one. Workers take contiguous runs of commits, so a child finds its
//! parent's new trees and blobs here instead of inflating them (and their delta chains) again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use git2::{Oid, Repository};

use crate::git::blob::{self, Blob};
use crate::git::object_reader::{ObjectReader, Read, Want};
use crate::git::tree_diff::{parse_tree, Tree, TreeSource};

#[derive(Clone)]
enum Cached {
    Tree(Rc<Tree>),
    Blob(Rc<Blob>),
    /// A commit's root tree id.
    CommitTree(Oid),
}

/// Reads trees, blobs and commit tree ids for one worker thread.
pub struct Objects<'r> {
    repo: &'r Repository,
    reader: ObjectReader,
    size_cap: usize,
    current: RefCell<HashMap<Oid, Cached>>,
    previous: RefCell<HashMap<Oid, Cached>>,
}

impl<'r> Objects<'r> {
    pub fn new(repo: &'r Repository, reader: ObjectReader, size_cap: usize) -> Self {
        Objects {
            repo,
            reader,
            size_cap,
            current: RefCell::default(),
            previous: RefCell::default(),
        }
    }

    /// Reads through `reader` from now on; what is cached stays.
    pub fn set_reader(&mut self, reader: ObjectReader) {
        self.reader = reader;
    }

    /// Starts a new commit: what the last one read becomes the previous generation.
    pub fn rotate(&self) {
        let current = std::mem::take(&mut *self.current.borrow_mut());
        let gone = std::mem::replace(&mut *self.previous.borrow_mut(), current);
        for (_, cached) in gone {
            if let Cached::Blob(b) = cached {
                if let Ok(Blob::Text(data)) = Rc::try_unwrap(b) {
                    self.reader.recycle(data);
                }
            }
        }
    }

    fn get(&self, id: Oid) -> Option<Cached> {
        if let Some(c) = self.current.borrow().get(&id) {
            return Some(c.clone());
        }
        let c = self.previous.borrow_mut().remove(&id)?;
        self.current.borrow_mut().insert(id, c.clone());
        Some(c)
    }

    fn put(&self, id: Oid, c: Cached) {
        self.current.borrow_mut().insert(id, c);
    }

    /// Blob `id` (text, binary, or missing from a partial clone).
    pub fn blob(&self, id: Oid) -> Result<Rc<Blob>, git2::Error> {
        if let Some(Cached::Blob(b)) = self.get(id) {
            return Ok(b);
        }
        let b = Rc::new(blob::load(&self.reader, id, self.size_cap)?);
        self.put(id, Cached::Blob(b.clone()));
        Ok(b)
    }

    /// The root tree id of commit `id`.
    pub fn commit_tree(&self, id: Oid) -> Result<Oid, git2::Error> {
        if let Some(Cached::CommitTree(t)) = self.get(id) {
            return Ok(t);
        }
        let t = self.repo.find_commit(id)?.tree_id();
        self.put(id, Cached::CommitTree(t));
        Ok(t)
    }
}

impl TreeSource for Objects<'_> {
    fn entries(&self, id: Oid) -> Result<Rc<Tree>, git2::Error> {
        if let Some(Cached::Tree(t)) = self.get(id) {
            return Ok(t);
        }
        let Read::Object(data) = self.reader.read(id, Want::Tree, usize::MAX)? else {
            return Err(git2::Error::from_str(&format!("tree {id} is missing")));
        };
        let t = Rc::new(parse_tree(data)?);
        self.put(id, Cached::Tree(t.clone()));
        Ok(t)
    }
}
