//! A worker's object reader with a two-generation cache: what the previous commit read stays
//! available to the current one. Workers take contiguous runs of commits, so a child finds its
//! parent's new trees and blobs here instead of inflating them (and their delta chains) again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use git2::{Odb, Oid, Repository};

use crate::git::blob::{self, Blob};
use crate::git::tree_diff::{parse_tree, Item, TreeSource};

#[derive(Clone)]
enum Cached<'o> {
    Tree(Rc<[Item]>),
    Blob(Rc<Blob<'o>>),
    /// A commit's root tree id.
    CommitTree(Oid),
}

/// Reads trees, blobs and commit tree ids for one worker thread.
pub struct Objects<'o, 'r> {
    repo: &'r Repository,
    odb: &'o Odb<'r>,
    size_cap: usize,
    current: RefCell<HashMap<Oid, Cached<'o>>>,
    previous: RefCell<HashMap<Oid, Cached<'o>>>,
}

impl<'o, 'r> Objects<'o, 'r> {
    pub fn new(repo: &'r Repository, odb: &'o Odb<'r>, size_cap: usize) -> Self {
        Objects {
            repo,
            odb,
            size_cap,
            current: RefCell::default(),
            previous: RefCell::default(),
        }
    }

    /// Starts a new commit: what the last one read becomes the previous generation.
    pub fn rotate(&self) {
        let current = std::mem::take(&mut *self.current.borrow_mut());
        *self.previous.borrow_mut() = current;
    }

    fn get(&self, id: Oid) -> Option<Cached<'o>> {
        if let Some(c) = self.current.borrow().get(&id) {
            return Some(c.clone());
        }
        let c = self.previous.borrow_mut().remove(&id)?;
        self.current.borrow_mut().insert(id, c.clone());
        Some(c)
    }

    fn put(&self, id: Oid, c: Cached<'o>) {
        self.current.borrow_mut().insert(id, c);
    }

    /// Blob `id` (text, binary, or missing from a partial clone).
    pub fn blob(&self, id: Oid) -> Result<Rc<Blob<'o>>, git2::Error> {
        if let Some(Cached::Blob(b)) = self.get(id) {
            return Ok(b);
        }
        let b = Rc::new(blob::load(self.odb, id, self.size_cap)?);
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

impl TreeSource for Objects<'_, '_> {
    fn entries(&self, id: Oid) -> Result<Rc<[Item]>, git2::Error> {
        if let Some(Cached::Tree(t)) = self.get(id) {
            return Ok(t);
        }
        let obj = self.odb.read(id)?;
        let t: Rc<[Item]> = Rc::from(parse_tree(obj.data())?);
        self.put(id, Cached::Tree(t.clone()));
        Ok(t)
    }
}
