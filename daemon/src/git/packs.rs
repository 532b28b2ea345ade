//! The pack files of an object database, mapped once: where an object lies (which pack, at
//! which offset), its pack entry, and inflating an entry's data. Resolving deltas is the object
//! reader's job; objects in no pack listed here (loose ones, packs written later, alternates)
//! are the reader's fallback's.

use std::path::Path;

use gix_pack::data::{self, Entry};

use super::delta_bases::Key;

struct Pack {
    index: gix_pack::index::File,
    data: data::File,
}

/// The packs found under `objects/pack` when this was opened, largest first.
pub struct Packs(Vec<Pack>);

impl Packs {
    /// Maps every pack under `objects_dir/pack` whose index opens; a pack that cannot be read
    /// (vanished in a `git gc`, damaged) is left to the fallback, which reports what is wrong.
    pub fn open(objects_dir: &Path) -> Self {
        let mut packs = Vec::new();
        let Ok(dir) = std::fs::read_dir(objects_dir.join("pack")) else {
            return Packs(packs);
        };
        for item in dir.flatten() {
            let idx = item.path();
            if idx.extension().is_none_or(|e| e != "idx") {
                continue;
            }
            let pack_path = idx.with_extension("pack");
            let index = match gix_pack::index::File::at(&idx, gix_hash::Kind::Sha1) {
                Ok(index) => index,
                Err(e) => {
                    tracing::debug!(pack = %idx.display(), error = %e, "pack index skipped");
                    continue;
                }
            };
            let data = match data::File::at(&pack_path, gix_hash::Kind::Sha1) {
                Ok(data) => data,
                Err(e) => {
                    tracing::debug!(pack = %pack_path.display(), error = %e, "pack skipped");
                    continue;
                }
            };
            if index.num_objects() == data.num_objects() {
                packs.push(Pack { index, data });
            } else {
                tracing::debug!(pack = %pack_path.display(), "index and pack disagree; skipped");
            }
        }
        packs.sort_by_key(|p| std::cmp::Reverse(p.index.num_objects()));
        Packs(packs)
    }

    /// Where object `id` lies, if in one of these packs.
    pub fn locate(&self, id: &gix_hash::oid) -> Option<Key> {
        self.0.iter().enumerate().find_map(|(n, p)| {
            let i = p.index.lookup(id)?;
            Some((n as u32, p.index.pack_offset_at_index(i)))
        })
    }

    /// The entry at `key`.
    pub fn entry(&self, key: Key) -> Result<Entry, String> {
        self.pack(key.0)?
            .data
            .entry(key.1)
            .map_err(|e| format!("pack entry at offset {}: {e}", key.1))
    }

    /// Inflates the data of `entry` (of pack `pack`) into `out`, replacing what it held: the
    /// object itself, or a delta's instructions.
    pub fn inflate(
        &self,
        pack: u32,
        entry: &Entry,
        inflate: &mut gix_zlib::Inflate,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        let size = usize::try_from(entry.decompressed_size)
            .map_err(|_| format!("pack entry of {} bytes", entry.decompressed_size))?;
        out.clear();
        out.resize(size, 0);
        self.pack(pack)?
            .data
            .decompress_entry(entry, inflate, out)
            .map_err(|e| format!("inflating the pack entry at {}: {e}", entry.data_offset))?;
        Ok(())
    }

    fn pack(&self, n: u32) -> Result<&Pack, String> {
        self.0
            .get(n as usize)
            .ok_or_else(|| format!("no pack number {n}"))
    }
}
