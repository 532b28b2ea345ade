//! Open buffers (`didOpen`/`didChange`/`didClose`) and how their lines map back to the lines of
//! the indexed HEAD blob: an imara-diff histogram diff of the blob against the buffer, so edited
//! lines read "not committed yet" and every other line keeps its HEAD ownership while typing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gix_imara_diff::{Algorithm, Diff, InternedInput, TokenSource};

/// Where a buffer line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Unchanged since the base blob; the 0-based line number there.
    Base(u32),
    /// Added or edited in the buffer (or the file is new): not committed yet.
    Uncommitted,
}

/// For each buffer line, its [`Origin`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMap {
    origins: Vec<Origin>,
}

impl LineMap {
    /// Every line is new (the file is not in the base commit).
    pub fn all_uncommitted(buffer: &str) -> LineMap {
        LineMap {
            origins: vec![Origin::Uncommitted; buffer.lines().count()],
        }
    }

    /// Diffs `base` (the committed blob) against `buffer` line by line, ignoring line endings.
    pub fn between(base: &str, buffer: &str) -> LineMap {
        if base == buffer {
            let n = buffer.lines().count() as u32;
            return LineMap {
                origins: (0..n).map(Origin::Base).collect(),
            };
        }
        let input = InternedInput::new(Lines(base), Lines(buffer));
        let mut diff = Diff::compute(Algorithm::Histogram, &input);
        diff.postprocess_lines(&input);
        let mut origins = Vec::with_capacity(input.after.len());
        let (mut before, mut after) = (0u32, 0u32);
        for hunk in diff.hunks() {
            while after < hunk.after.start {
                origins.push(Origin::Base(before));
                before += 1;
                after += 1;
            }
            origins.extend(hunk.after.clone().map(|_| Origin::Uncommitted));
            before = hunk.before.end;
            after = hunk.after.end;
        }
        while (after as usize) < input.after.len() {
            origins.push(Origin::Base(before));
            before += 1;
            after += 1;
        }
        LineMap { origins }
    }

    /// The origin of 0-based buffer line `line`, `None` past the end of the buffer.
    pub fn origin(&self, line: u32) -> Option<Origin> {
        self.origins.get(line as usize).copied()
    }

    pub fn len(&self) -> usize {
        self.origins.len()
    }

    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }
}

/// Lines without their terminators, so a missing final newline or CRLF is not an edit.
struct Lines<'a>(&'a str);

impl<'a> TokenSource for Lines<'a> {
    type Token = &'a str;
    type Tokenizer = std::str::Lines<'a>;

    fn tokenize(&self) -> Self::Tokenizer {
        self.0.lines()
    }

    fn estimate_tokens(&self) -> u32 {
        (self.0.len() / 40 + 1).min(u32::MAX as usize) as u32
    }
}

/// One open buffer.
struct Doc {
    text: Arc<str>,
    version: i32,
    /// The last map computed: (base blob id, buffer version, map).
    map: Option<(String, i32, Arc<LineMap>)>,
}

/// All open buffers, by URI.
#[derive(Default)]
pub struct Documents {
    docs: Mutex<HashMap<String, Doc>>,
}

impl Documents {
    pub fn open(&self, uri: &str, text: String, version: i32) {
        let doc = Doc {
            text: text.into(),
            version,
            map: None,
        };
        self.lock().insert(uri.to_owned(), doc);
    }

    /// Replaces a buffer's text (full sync).
    pub fn change(&self, uri: &str, text: String, version: i32) {
        let mut docs = self.lock();
        match docs.get_mut(uri) {
            Some(doc) => {
                doc.text = text.into();
                doc.version = version;
            }
            None => {
                docs.insert(
                    uri.to_owned(),
                    Doc {
                        text: text.into(),
                        version,
                        map: None,
                    },
                );
            }
        }
    }

    pub fn close(&self, uri: &str) {
        self.lock().remove(uri);
    }

    /// The buffer's text and version, if open.
    pub fn get(&self, uri: &str) -> Option<(Arc<str>, i32)> {
        self.lock().get(uri).map(|d| (d.text.clone(), d.version))
    }

    /// The cached map for this buffer version against base blob `base`, if still current.
    pub fn cached_map(&self, uri: &str, base: &str, version: i32) -> Option<Arc<LineMap>> {
        let docs = self.lock();
        let (b, v, map) = docs.get(uri)?.map.as_ref()?;
        (b == base && *v == version).then(|| map.clone())
    }

    pub fn store_map(&self, uri: &str, base: &str, version: i32, map: Arc<LineMap>) {
        if let Some(doc) = self.lock().get_mut(uri) {
            if doc.version == version {
                doc.map = Some((base.to_owned(), version, map));
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Doc>> {
        self.docs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Origin::*;

    fn origins(base: &str, buffer: &str) -> Vec<Origin> {
        let map = LineMap::between(base, buffer);
        (0..map.len() as u32)
            .map(|i| map.origin(i).unwrap())
            .collect()
    }

    #[test]
    fn unchanged_buffers_map_one_to_one() {
        assert_eq!(origins("a\nb\n", "a\nb\n"), vec![Base(0), Base(1)]);
        // A missing final newline or CRLF endings are not edits.
        assert_eq!(origins("a\nb\n", "a\r\nb"), vec![Base(0), Base(1)]);
    }

    #[test]
    fn inserted_lines_are_uncommitted_and_shift_the_rest() {
        let base = "fn a() {}\nfn b() {}\nfn c() {}\n";
        let buffer = "// new\nfn a() {}\nfn b() {}\nlet x = 1;\nlet y = 2;\nfn c() {}\n";
        assert_eq!(
            origins(base, buffer),
            vec![
                Uncommitted,
                Base(0),
                Base(1),
                Uncommitted,
                Uncommitted,
                Base(2)
            ]
        );
    }

    #[test]
    fn edited_and_deleted_lines() {
        let base = "one\ntwo\nthree\nfour\nfive\n";
        let buffer = "one\nTWO\nfour\nfive\nsix\n";
        assert_eq!(
            origins(base, buffer),
            vec![Base(0), Uncommitted, Base(3), Base(4), Uncommitted]
        );
        let map = LineMap::between(base, buffer);
        assert_eq!(map.origin(5), None);
    }

    #[test]
    fn new_files_are_entirely_uncommitted() {
        let map = LineMap::all_uncommitted("x\ny\n");
        assert_eq!(map.len(), 2);
        assert_eq!(map.origin(1), Some(Uncommitted));
    }

    #[test]
    fn documents_cache_maps_per_version_and_base() {
        let docs = Documents::default();
        docs.open("file:///a", "x\n".into(), 1);
        let map = Arc::new(LineMap::between("x\n", "x\n"));
        docs.store_map("file:///a", "blob1", 1, map.clone());
        assert!(docs.cached_map("file:///a", "blob1", 1).is_some());
        assert!(docs.cached_map("file:///a", "blob2", 1).is_none());
        docs.change("file:///a", "y\n".into(), 2);
        assert!(docs.cached_map("file:///a", "blob1", 2).is_none());
        assert_eq!(docs.get("file:///a").unwrap().0.as_ref(), "y\n");
        docs.close("file:///a");
        assert!(docs.get("file:///a").is_none());
    }
}
