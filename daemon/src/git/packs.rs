//! The pack files of an object database, mapped once: where an object lies (which pack, at
//! which offset), its pack entry, and inflating an entry's data. Resolving deltas is the object
//! reader's job; objects in no pack listed here (loose ones, packs written later, alternates)
//! are the reader's fallback's.

use std::path::{Path, PathBuf};

use gix_pack::data::{self, Entry};

use super::delta_bases::Key;

/// The most bytes deflate can make of one compressed byte (its longest match, 258 bytes, in a
/// quarter of a byte, rounded up).
const MOST_INFLATED: u64 = 1032;

struct Pack {
    index: gix_pack::index::File,
    data: data::File,
}

/// The packs found under `objects/pack` when this was opened, largest first.
pub struct Packs(Vec<Pack>);

impl Packs {
    /// Maps every pack under `objects_dir/pack` and its alternates' (`objects/info/alternates`,
    /// followed as git does, five levels deep) whose index opens; a pack that cannot be read
    /// (vanished in a `git gc`, damaged) is left to the fallback, which reports what is wrong.
    pub fn open(objects_dir: &Path) -> Self {
        let mut packs = Vec::new();
        for dir in object_dirs(objects_dir) {
            open_dir(&dir, &mut packs);
        }
        packs.sort_by_key(|p| std::cmp::Reverse(p.index.num_objects()));
        Packs(packs)
    }

    /// How many packs are mapped.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
        let data = &self.pack(pack)?.data;
        // deflate makes at most 1,032 bytes of one: a larger size is a corrupt header, refused
        // before anything is allocated for it
        let room = (data.data_len() as u64).saturating_sub(entry.data_offset);
        let size = usize::try_from(entry.decompressed_size)
            .ok()
            .filter(|&n| n as u64 <= room.saturating_mul(MOST_INFLATED) + 64)
            .ok_or_else(|| {
                format!(
                    "the pack entry at {} claims {} bytes",
                    entry.data_offset, entry.decompressed_size
                )
            })?;
        out.clear();
        out.try_reserve(size)
            .map_err(|_| format!("no memory for a pack entry of {size} bytes"))?;
        out.resize(size, 0);
        data.decompress_entry(entry, inflate, out)
            .map_err(|e| format!("inflating the pack entry at {}: {e}", entry.data_offset))?;
        Ok(())
    }

    fn pack(&self, n: u32) -> Result<&Pack, String> {
        self.0
            .get(n as usize)
            .ok_or_else(|| format!("no pack number {n}"))
    }
}

/// `objects_dir` and the object directories it borrows from, in git's order (`link_alt_odb_entries`:
/// one path a line, `#` comments, relative to the directory naming them, at most five levels).
fn object_dirs(objects_dir: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![objects_dir.to_path_buf()];
    let mut level = vec![objects_dir.to_path_buf()];
    for _ in 0..5 {
        let mut next = Vec::new();
        for dir in &level {
            let Ok(text) = std::fs::read_to_string(dir.join("info/alternates")) else {
                continue;
            };
            for line in text.lines().map(str::trim) {
                // quoted paths are rare; the fallback store reads through them
                if line.is_empty() || line.starts_with('#') || line.starts_with('"') {
                    continue;
                }
                let alt = dir.join(line);
                let alt = std::fs::canonicalize(&alt).unwrap_or(alt);
                if !dirs.contains(&alt) {
                    dirs.push(alt.clone());
                    next.push(alt);
                }
            }
        }
        level = next;
    }
    dirs
}

/// Maps the packs under `dir/pack` into `packs`.
fn open_dir(dir: &Path, packs: &mut Vec<Pack>) {
    let Ok(listing) = std::fs::read_dir(dir.join("pack")) else {
        return;
    };
    for item in listing.flatten() {
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
}
