//! Reads trees and blobs for the indexer's workers through gitoxide's object store, with an LRU
//! cache of delta bases like git's own `core.deltaBaseCacheLimit`.
//!
//! Why not libgit2 here: a full index reads every version of every file oldest first, while a
//! pack stores old versions as deltas against newer ones, so each read resolves a delta chain.
//! libgit2's delta-base cache is 16 MiB per pack and, once full, drops every entry at once;
//! read oldest first, git/git's history spent most of its object-reading time re-inflating the
//! same chains (35 s single-threaded for the 266,000 blobs `git log --raw` lists, against 8.5 s
//! here with a 64 MiB LRU and zlib-rs). Commits, refs and everything else still go through git2.
//!
//! One [`SharedStore`] maps the packs once for all workers; each worker reads through its own
//! [`ObjectReader`] (its own delta-base cache, no locks on the hot path). Objects missing from a
//! partial clone are `None`, not errors; packs that appear or vanish during the run (`git gc`)
//! are picked up on the next miss.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use gix_object::Find as _;
use gix_odb::Header as _;

use super::delta_bases::DeltaBases;

/// Delta bases each worker keeps (bytes of inflated objects), least recently used dropped first.
const DELTA_BASE_CACHE: usize = 32 << 20;

/// The object database of one repository, mapped once and shared by the index workers (a clone
/// shares the mapping; it is unmapped when the last clone and reader are gone).
#[derive(Clone)]
pub struct SharedStore(Arc<gix_odb::Store>);

impl SharedStore {
    /// Opens the object database at `objects_dir` (alternates included).
    pub fn open(objects_dir: &Path) -> std::io::Result<Self> {
        let store = gix_odb::Store::at_opts(
            objects_dir.to_owned(),
            gix_hash::Kind::Sha1,
            &mut std::iter::empty(),
            gix_odb::store::init::Options::default(),
        )?;
        Ok(SharedStore(Arc::new(store)))
    }

    /// A reader for one thread.
    pub fn reader(&self) -> ObjectReader {
        let mut handle = self.0.to_cache_arc();
        handle.set_pack_cache(|| Box::new(DeltaBases::new(DELTA_BASE_CACHE)));
        ObjectReader {
            handle,
            spare: RefCell::default(),
        }
    }
}

/// Buffers kept for reuse: how many, the largest one kept, and what they may hold together.
const SPARE_BUFFERS: usize = 16;
const SPARE_MAX: usize = 1 << 20;
const SPARE_TOTAL: usize = 4 << 20;

/// One thread's object reader.
pub struct ObjectReader {
    handle: gix_odb::Cache<gix_odb::store::Handle<Arc<gix_odb::Store>>>,
    /// Buffers of objects no longer needed: reading into them saves the allocator handing out
    /// (and the kernel zeroing) fresh pages for every object.
    spare: RefCell<Vec<Vec<u8>>>,
}

fn held(buffers: &[Vec<u8>]) -> usize {
    buffers.iter().map(Vec::capacity).sum()
}

/// What kind of object a read expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Tree,
    Blob,
}

impl Want {
    fn kind(self) -> gix_object::Kind {
        match self {
            Want::Tree => gix_object::Kind::Tree,
            Want::Blob => gix_object::Kind::Blob,
        }
    }
}

fn gix_id(id: Oid) -> gix_hash::ObjectId {
    gix_hash::ObjectId::from_bytes_or_panic(id.as_bytes())
}

fn failed(id: Oid, what: &str, e: impl std::fmt::Display) -> git2::Error {
    git2::Error::from_str(&format!("{what} object {id}: {e}"))
}

impl ObjectReader {
    /// The size of object `id` without inflating it, or `None` when it is missing.
    pub fn size(&self, id: Oid) -> Result<Option<u64>, git2::Error> {
        let header = self
            .handle
            .try_header(&gix_id(id))
            .map_err(|e| failed(id, "reading the header of", e))?;
        Ok(header.map(|h| h.size()))
    }

    /// Object `id`'s contents, or `None` when it is missing; an object of another kind than
    /// `want` is an error (a corrupt tree entry).
    pub fn read(&self, id: Oid, want: Want) -> Result<Option<Vec<u8>>, git2::Error> {
        let mut buf = self.spare.borrow_mut().pop().unwrap_or_default();
        let found = self
            .handle
            .try_find(&gix_id(id), &mut buf)
            .map_err(|e| failed(id, "reading", e))?;
        let Some(data) = found else {
            self.recycle(buf);
            return Ok(None);
        };
        if data.kind != want.kind() {
            return Err(failed(
                id,
                "reading",
                format_args!("expected a {:?}, found a {}", want, data.kind),
            ));
        }
        // The object lies in the buffer (the store decodes into it): keep just its bytes.
        let (start, len) = (data.data.as_ptr() as usize, data.data.len());
        let offset = start.wrapping_sub(buf.as_ptr() as usize);
        if offset.checked_add(len).is_none_or(|end| end > buf.len()) {
            return Err(failed(
                id,
                "reading",
                "the object store returned foreign memory",
            ));
        }
        buf.truncate(offset + len);
        buf.drain(..offset);
        // Resolving a delta leaves room for its base too: what is kept should not hold that.
        if buf.capacity() > len + len / 4 + 4096 {
            buf.shrink_to_fit();
        }
        Ok(Some(buf))
    }

    /// Hands back a buffer [`read`](Self::read) returned, for a later read to reuse.
    pub fn recycle(&self, mut buf: Vec<u8>) {
        let mut spare = self.spare.borrow_mut();
        if spare.len() < SPARE_BUFFERS
            && buf.capacity() <= SPARE_MAX
            && held(&spare) + buf.capacity() <= SPARE_TOTAL
        {
            buf.clear();
            spare.push(buf);
        }
    }
}
