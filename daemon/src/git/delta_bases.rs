//! The object reader's cache of inflated pack entries (delta bases), least recently used first
//! out, capped in bytes — git's `core.deltaBaseCacheLimit` — and recycling the buffers of the
//! entries it drops, so a long index run does not hand the allocator (and the kernel) a fresh
//! buffer for every object it inflates.

use std::num::NonZeroUsize;

use clru::CLruCache;
use gix_pack::cache::DecodeEntry;

struct Entry {
    data: Vec<u8>,
    kind: gix_object::Kind,
    compressed_size: usize,
}

/// Dropped entries' buffers kept for reuse: at most this many, holding at most an eighth of the
/// cache's cap between them.
const SPARE: usize = 64;

/// An LRU of pack entries holding at most `cap` bytes of buffers.
pub struct DeltaBases {
    lru: CLruCache<(u32, u64), Entry>,
    /// Buffer capacity held by the entries.
    held: usize,
    cap: usize,
    spare: Vec<Vec<u8>>,
    /// Buffer capacity held by `spare`.
    spare_held: usize,
}

impl DeltaBases {
    pub fn new(cap: usize) -> Self {
        DeltaBases {
            lru: CLruCache::new(NonZeroUsize::MAX),
            held: 0,
            cap,
            spare: Vec::new(),
            spare_held: 0,
        }
    }

    fn drop_oldest(&mut self) -> bool {
        match self.lru.pop_back() {
            Some((_, e)) => {
                let size = e.data.capacity();
                self.held -= size;
                if self.spare.len() < SPARE && self.spare_held + size <= self.cap / 8 {
                    self.spare_held += size;
                    self.spare.push(e.data);
                }
                true
            }
            None => false,
        }
    }
}

impl DecodeEntry for DeltaBases {
    fn put(
        &mut self,
        pack_id: u32,
        offset: u64,
        data: &[u8],
        kind: gix_object::Kind,
        compressed_size: usize,
    ) {
        if data.len() > self.cap / 4 || self.lru.contains(&(pack_id, offset)) {
            return;
        }
        while self.held + data.len() > self.cap && self.drop_oldest() {}
        // the spare buffer that fits best without growing, else any (it grows once)
        let fit = self
            .spare
            .iter()
            .enumerate()
            .filter(|(_, b)| b.capacity() >= data.len())
            .min_by_key(|(_, b)| b.capacity())
            .map(|(i, _)| i);
        let mut buf = match fit {
            Some(i) => self.spare.swap_remove(i),
            None => self.spare.pop().unwrap_or_default(),
        };
        self.spare_held -= buf.capacity();
        buf.clear();
        buf.extend_from_slice(data);
        self.held += buf.capacity();
        self.lru.put(
            (pack_id, offset),
            Entry {
                data: buf,
                kind,
                compressed_size,
            },
        );
        while self.held > self.cap && self.drop_oldest() {}
    }

    fn get(
        &mut self,
        pack_id: u32,
        offset: u64,
        out: &mut Vec<u8>,
    ) -> Option<(gix_object::Kind, usize)> {
        let e = self.lru.get(&(pack_id, offset))?;
        out.clear();
        out.extend_from_slice(&e.data);
        Some((e.kind, e.compressed_size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix_object::Kind;

    #[test]
    fn holds_at_most_its_cap_and_drops_the_least_recently_used() {
        let mut c = DeltaBases::new(1000);
        let mut out = Vec::new();
        for i in 0..10u64 {
            c.put(0, i, &[i as u8; 200], Kind::Blob, 7);
        }
        assert!(c.held <= 1000, "{}", c.held);
        assert!(
            c.get(0, 0, &mut out).is_none(),
            "the oldest entries are gone"
        );
        assert_eq!(c.get(0, 9, &mut out), Some((Kind::Blob, 7)));
        assert_eq!(out, vec![9u8; 200]);
        // touching an entry keeps it over newer ones
        let kept = (0..10)
            .rev()
            .find(|i| c.get(0, *i, &mut out).is_some())
            .unwrap_or(9);
        let oldest = (0..10).find(|i| c.lru.contains(&(0, *i))).unwrap_or(0);
        assert!(c.get(0, oldest, &mut out).is_some());
        for i in 10..13u64 {
            c.put(0, i, &[1; 200], Kind::Blob, 7);
        }
        assert!(c.lru.contains(&(0, oldest)), "a recently used entry stays");
        assert!(kept >= oldest);
        // an entry over a quarter of the cap is not kept
        c.put(1, 0, &[0; 300], Kind::Tree, 1);
        assert!(c.get(1, 0, &mut out).is_none());
    }
}
