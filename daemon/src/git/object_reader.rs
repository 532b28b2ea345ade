//! Reads trees and blobs for the indexer's workers: from the packs through our own delta-chain
//! resolution with an LRU of delta bases, like git's `unpack_entry` and
//! `core.deltaBaseCacheLimit`; anything else (loose objects, packs written during the run,
//! alternates) through gitoxide's object store.
//!
//! Why not libgit2 here: a full index reads every version of every file, while a pack stores
//! versions as deltas of one another in chains up to 50 deep (git/git), so each read resolves a
//! chain. libgit2's delta-base cache is 16 MiB per pack and, once full, drops every entry at
//! once (35 s to read the 266,000 blobs `git log --raw` lists in git/git). gitoxide's resolver
//! caches only the object a chain ends in, so reading a file's versions a stretch at a time
//! re-inflated the same chain links over and over (a quarter of git/git's index time). Like git,
//! every object a chain passes through is kept here, so the next versions of that file are one
//! delta away. Commits, refs and everything else still go through git2.
//!
//! One [`SharedStore`] maps the packs once for all workers; each worker reads through its own
//! [`ObjectReader`] (its own cache, no locks on the hot path). Objects missing from a partial
//! clone are [`Read::Missing`], not errors.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use gix_object::Find as _;
use gix_odb::Header as _;
use gix_pack::data::entry::Header;

use super::delta_bases::{DeltaBases, Key, Spares};
use super::pack_delta;
use super::packs::Packs;

/// Objects each reader keeps (bytes of inflated objects), least recently used dropped first.
/// Measured on git/git's full index (2 workers): 16 MiB 35.2 s, 20 MiB 33.1 s, 24 MiB 30.8 s
/// (451 MB peak), 28 MiB 32.2 s, 32 MiB 34.2–37.8 s, 48 MiB 31.8 s (546 MB).
const DELTA_BASE_CACHE: usize = 24 << 20;
/// Buffers each reader keeps for reuse: how many, and what they may hold together.
const SPARE_BUFFERS: usize = 64;
const SPARE_TOTAL: usize = 4 << 20;
/// Longer delta chains are taken for cycles (git writes at most 4,095; `--depth` default 50).
const MAX_CHAIN: usize = 10_000;

/// The object database of one repository, mapped once and shared by the index workers (a clone
/// shares the mapping; it is unmapped when the last clone and reader are gone).
#[derive(Clone)]
pub struct SharedStore {
    store: Arc<gix_odb::Store>,
    packs: Arc<Packs>,
}

impl SharedStore {
    /// Opens the object database at `objects_dir` (alternates included).
    pub fn open(objects_dir: &Path) -> std::io::Result<Self> {
        let store = gix_odb::Store::at_opts(
            objects_dir.to_owned(),
            gix_hash::Kind::Sha1,
            &mut std::iter::empty(),
            gix_odb::store::init::Options::default(),
        )?;
        Ok(SharedStore {
            store: Arc::new(store),
            packs: Arc::new(Packs::open(objects_dir)),
        })
    }

    /// A reader for one thread.
    pub fn reader(&self) -> ObjectReader {
        ObjectReader {
            fallback: self.store.to_cache_arc(),
            packs: self.packs.clone(),
            state: RefCell::new(State {
                bases: DeltaBases::new(DELTA_BASE_CACHE),
                spare: Spares::new(SPARE_TOTAL, SPARE_BUFFERS),
                inflate: gix_zlib::Inflate::default(),
                scratch: Vec::new(),
                target: Vec::new(),
                chain: Vec::new(),
            }),
        }
    }
}

/// One thread's object reader.
pub struct ObjectReader {
    fallback: gix_odb::Cache<gix_odb::store::Handle<Arc<gix_odb::Store>>>,
    packs: Arc<Packs>,
    state: RefCell<State>,
}

/// What a read found.
pub enum Read {
    Object(Vec<u8>),
    /// Larger than the cap the read was given; not inflated.
    TooLarge,
    /// Not in the object database (a partial clone).
    Missing,
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
    /// Object `id`, if it is at most `cap` bytes; an object of another kind than `want` is an
    /// error (a corrupt tree entry). An object over the cap is never inflated.
    pub fn read(&self, id: Oid, want: Want, cap: usize) -> Result<Read, git2::Error> {
        let gid = gix_id(id);
        let mut resolved = match self.packs.locate(&gid) {
            Some(at) => self
                .state
                .borrow_mut()
                .resolve(&self.packs, at, cap)
                .map_err(|e| failed(id, "reading", e))?,
            None => Resolved::Elsewhere,
        };
        if let Resolved::Elsewhere = resolved {
            resolved = self.read_elsewhere(id, cap)?;
        }
        let (kind, data) = match resolved {
            Resolved::Object(kind, data) => (kind, data),
            Resolved::TooLarge => return Ok(Read::TooLarge),
            Resolved::Missing | Resolved::Elsewhere => return Ok(Read::Missing),
        };
        if kind != want.kind() {
            self.recycle(data);
            return Err(failed(
                id,
                "reading",
                format_args!("expected a {want:?}, found a {kind}"),
            ));
        }
        Ok(Read::Object(data))
    }

    /// Hands back a buffer [`read`](Self::read) returned, for a later read to reuse.
    pub fn recycle(&self, buf: Vec<u8>) {
        self.state.borrow_mut().spare.recycle(buf);
    }

    /// Object `id` through gitoxide's store: a loose object, one in a pack written after the
    /// packs were listed, or one whose delta base lies outside them.
    fn read_elsewhere(&self, id: Oid, cap: usize) -> Result<Resolved, git2::Error> {
        let gid = gix_id(id);
        let header = self
            .fallback
            .try_header(&gid)
            .map_err(|e| failed(id, "reading the header of", e))?;
        let Some(header) = header else {
            return Ok(Resolved::Missing);
        };
        if header.size() > cap as u64 {
            return Ok(Resolved::TooLarge);
        }
        let mut buf = self.state.borrow_mut().spare.buffer(0);
        let found = self
            .fallback
            .try_find(&gid, &mut buf)
            .map_err(|e| failed(id, "reading", e))?;
        let Some(data) = found else {
            return Ok(Resolved::Missing);
        };
        let kind = data.kind;
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
        Ok(Resolved::Object(kind, buf))
    }
}

/// What resolving an object came to.
enum Resolved {
    Object(gix_object::Kind, Vec<u8>),
    TooLarge,
    Missing,
    /// Not resolvable from the listed packs alone: the fallback store's to read.
    Elsewhere,
}

/// Where a delta's base lies.
enum Base {
    InPack(Key),
    Elsewhere,
}

/// The object a delta is applied to next: held by the cache, or just made.
enum Current {
    Cached(Key),
    Made(Key, Vec<u8>),
}

/// A reader's mutable half: its cache, spare buffers, inflater and scratch space.
struct State {
    bases: DeltaBases,
    spare: Spares,
    inflate: gix_zlib::Inflate,
    /// The delta being applied.
    scratch: Vec<u8>,
    /// The wanted object's own delta, inflated first to learn its size.
    target: Vec<u8>,
    /// Deltas between the wanted object's and the base found, nearest first.
    chain: Vec<(Key, gix_pack::data::Entry)>,
}

fn base_of(packs: &Packs, at: Key, entry: &gix_pack::data::Entry) -> Result<Base, String> {
    match entry.header {
        Header::OfsDelta { base_distance } => entry
            .checked_base_pack_offset(base_distance)
            .map(|offset| Base::InPack((at.0, offset)))
            .ok_or_else(|| format!("a delta at {} points before its pack", at.1)),
        Header::RefDelta { base_id } => {
            Ok(packs.locate(&base_id).map_or(Base::Elsewhere, Base::InPack))
        }
        _ => Err(format!("the entry at {} is not a delta", at.1)),
    }
}

fn size(n: u64) -> Result<usize, String> {
    usize::try_from(n).map_err(|_| format!("an object of {n} bytes"))
}

impl State {
    /// The object at `at`, git's `unpack_entry` way: follow its delta chain down to an object
    /// the cache holds or a whole one, then apply the deltas upward, keeping every object made
    /// on the way (and the one wanted) in the cache, as the bases of the next reads.
    fn resolve(&mut self, packs: &Packs, at: Key, cap: usize) -> Result<Resolved, String> {
        let State {
            bases,
            spare,
            inflate,
            scratch,
            target,
            chain,
        } = self;
        if let Some((kind, bytes)) = bases.get(at) {
            if bytes.len() > cap {
                return Ok(Resolved::TooLarge);
            }
            let mut out = spare.buffer(bytes.len());
            out.extend_from_slice(bytes);
            return Ok(Resolved::Object(kind, out));
        }
        let entry = packs.entry(at)?;
        if let Some(kind) = entry.header.as_kind() {
            let len = size(entry.decompressed_size)?;
            if len > cap {
                return Ok(Resolved::TooLarge);
            }
            let mut out = spare.buffer(len);
            packs.inflate(at.0, &entry, inflate, &mut out)?;
            let mut kept = spare.buffer(len);
            kept.extend_from_slice(&out);
            bases.put(at, kind, kept, spare);
            return Ok(Resolved::Object(kind, out));
        }
        // The wanted object's own delta first: its header gives the object's size.
        packs.inflate(at.0, &entry, inflate, target)?;
        let wanted = pack_delta::header(target).map_err(|e| e.to_string())?;
        if wanted.result_size > cap as u64 {
            return Ok(Resolved::TooLarge);
        }
        chain.clear();
        let mut base = base_of(packs, at, &entry)?;
        let (kind, mut current) = loop {
            let Base::InPack(key) = base else {
                return Ok(Resolved::Elsewhere);
            };
            if let Some((kind, _)) = bases.get(key) {
                break (kind, Current::Cached(key));
            }
            let e = packs.entry(key)?;
            if let Some(kind) = e.header.as_kind() {
                let mut whole = spare.buffer(size(e.decompressed_size)?);
                packs.inflate(key.0, &e, inflate, &mut whole)?;
                break (kind, Current::Made(key, whole));
            }
            if chain.len() == MAX_CHAIN {
                return Err(format!("a delta chain longer than {MAX_CHAIN} (a cycle?)"));
            }
            base = base_of(packs, key, &e)?;
            chain.push((key, e));
        };
        // from the base up; the last step applies the wanted object's own delta
        let steps = (0..chain.len()).rev().map(Some).chain([None]);
        for step in steps {
            let (key, delta) = match step.and_then(|i| chain.get(i)) {
                Some((key, e)) => {
                    packs.inflate(key.0, e, inflate, scratch)?;
                    (*key, scratch.as_slice())
                }
                None => (at, target.as_slice()),
            };
            let h = pack_delta::header(delta).map_err(|e| e.to_string())?;
            let mut out = spare.buffer(size(h.result_size)?);
            let base_bytes = match &current {
                Current::Cached(k) => bases
                    .get(*k)
                    .map(|(_, b)| b)
                    .ok_or("a delta base left the cache while in use")?,
                Current::Made(_, whole) => whole.as_slice(),
            };
            pack_delta::apply(base_bytes, delta, &mut out).map_err(|e| e.to_string())?;
            // the base stays at hand, as git keeps every base it resolved
            if let Current::Made(k, whole) =
                std::mem::replace(&mut current, Current::Made(key, out))
            {
                bases.put(k, kind, whole, spare);
            }
        }
        let Current::Made(_, out) = current else {
            return Err("no delta applied".into());
        };
        let mut kept = spare.buffer(out.len());
        kept.extend_from_slice(&out);
        bases.put(at, kind, kept, spare);
        Ok(Resolved::Object(kind, out))
    }
}
