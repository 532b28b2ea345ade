//! The object reader's cache of inflated pack entries (delta bases), least recently used first
//! out, capped in bytes — git's `core.deltaBaseCacheLimit` — and recycling the buffers of the
//! entries it drops, so a long index run does not hand the allocator (and the kernel) a fresh
//! buffer for every object it inflates. Entries are keyed by (pack, offset of the entry) and
//! owned: a resolved object moves in without a copy and is read in place as the next base.

use std::num::NonZeroUsize;

use clru::CLruCache;

/// Which entry: the pack's place in the reader's list and the entry's offset in that pack.
pub type Key = (u32, u64);

struct Entry {
    data: Vec<u8>,
    kind: gix_object::Kind,
}

/// An LRU of pack entries holding at most `cap` bytes of buffers.
pub struct DeltaBases {
    lru: CLruCache<Key, Entry>,
    /// Buffer capacity held by the entries.
    held: usize,
    cap: usize,
}

impl DeltaBases {
    pub fn new(cap: usize) -> Self {
        DeltaBases {
            lru: CLruCache::new(NonZeroUsize::MAX),
            held: 0,
            cap,
        }
    }

    fn drop_oldest(&mut self, spare: &mut Spares) -> bool {
        match self.lru.pop_back() {
            Some((_, e)) => {
                self.held -= e.data.capacity();
                spare.recycle(e.data);
                true
            }
            None => false,
        }
    }

    /// Entry `key`'s kind and bytes, now the most recently used.
    pub fn get(&mut self, key: Key) -> Option<(gix_object::Kind, &[u8])> {
        self.lru.get(&key).map(|e| (e.kind, e.data.as_slice()))
    }

    /// Keeps `data` as entry `key`, dropping the least recently used entries to stay within the
    /// cap; an object over a quarter of the cap (or already held) is not kept and its buffer
    /// goes to the spares.
    pub fn put(&mut self, key: Key, kind: gix_object::Kind, data: Vec<u8>, spare: &mut Spares) {
        if data.capacity() > self.cap / 4 || self.lru.contains(&key) {
            spare.recycle(data);
            return;
        }
        self.held += data.capacity();
        self.lru.put(key, Entry { data, kind });
        while self.held > self.cap && self.drop_oldest(spare) {}
    }
}

/// Buffers of objects no longer needed, for the next objects to be read into: reusing them
/// saves the allocator handing out (and the kernel zeroing) fresh pages for every object.
pub struct Spares {
    bufs: Vec<Vec<u8>>,
    /// Buffer capacity held.
    held: usize,
    /// What the buffers may hold together, and the most kept.
    cap: usize,
    count: usize,
}

impl Spares {
    pub fn new(cap: usize, count: usize) -> Self {
        Spares {
            bufs: Vec::new(),
            held: 0,
            cap,
            count,
        }
    }

    /// An empty buffer for `len` bytes: a kept one that holds them without growing and without
    /// wasting more than about as much again (objects live on in caches), else a new, empty one
    /// (`len` may come from a corrupt pack: the caller reserves, fallibly, what it really needs).
    pub fn buffer(&mut self, len: usize) -> Vec<u8> {
        let fit = self
            .bufs
            .iter()
            .enumerate()
            .filter(|(_, b)| b.capacity() >= len && b.capacity() <= 2 * len + 4096)
            .min_by_key(|(_, b)| b.capacity())
            .map(|(i, _)| i);
        match fit {
            Some(i) => {
                let mut buf = self.bufs.swap_remove(i);
                self.held -= buf.capacity();
                buf.clear();
                buf
            }
            None => Vec::new(),
        }
    }

    /// Takes back a buffer for [`buffer`](Self::buffer) to hand out again, if there is room.
    pub fn recycle(&mut self, buf: Vec<u8>) {
        let size = buf.capacity();
        if size > 0 && self.bufs.len() < self.count && self.held + size <= self.cap {
            self.held += size;
            self.bufs.push(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix_object::Kind;

    fn bytes(n: u8, len: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(len);
        v.resize(len, n);
        v
    }

    #[test]
    fn holds_at_most_its_cap_and_drops_the_least_recently_used() {
        let mut c = DeltaBases::new(1000);
        let mut s = Spares::new(0, 0);
        for i in 0..10u8 {
            c.put((0, u64::from(i)), Kind::Blob, bytes(i, 200), &mut s);
        }
        assert!(c.held <= 1000, "{}", c.held);
        assert!(!c.lru.contains(&(0, 0)), "the oldest entries are gone");
        assert_eq!(c.get((0, 9)), Some((Kind::Blob, &[9u8; 200][..])));
        let oldest = (0..10).find(|i| c.lru.contains(&(0, *i))).unwrap_or(0);
        assert!(oldest > 0 && oldest < 9, "{oldest}");
        // touching an entry keeps it over newer ones
        assert!(c.get((0, oldest)).is_some());
        for i in 10..13u64 {
            c.put((0, i), Kind::Blob, bytes(1, 200), &mut s);
        }
        assert!(c.lru.contains(&(0, oldest)), "a recently used entry stays");
        // an entry over a quarter of the cap is not kept
        c.put((1, 0), Kind::Tree, bytes(0, 300), &mut s);
        assert!(c.get((1, 0)).is_none());
    }

    #[test]
    fn dropped_entries_lend_their_buffers() {
        let mut c = DeltaBases::new(2000);
        let mut s = Spares::new(250, 4);
        for i in 0..12u64 {
            c.put((0, i), Kind::Blob, bytes(1, 200), &mut s);
        }
        assert!(
            s.held <= 250 && s.bufs.len() == 1,
            "{} in {}",
            s.held,
            s.bufs.len()
        );
        let buf = s.buffer(150);
        assert!(
            buf.is_empty() && buf.capacity() >= 200,
            "a dropped entry's buffer"
        );
        assert_eq!(s.held, 0);
        let fresh = s.buffer(5000);
        assert!(fresh.is_empty());
    }
}
