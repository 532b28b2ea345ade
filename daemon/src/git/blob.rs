//! Loading blob contents for diffing: the header is read first so blobs over the size cap are
//! never inflated, blobs with a NUL in their first 8000 bytes are binary (git's rule), and a
//! blob missing from a partial clone is reported as missing rather than failing the index.

use git2::Oid;

use super::object_reader::{ObjectReader, Read, Want};

/// Blobs larger than this are treated as binary: no line counts, no ownership.
pub const DEFAULT_SIZE_CAP: usize = 16 * 1024 * 1024;

/// How many leading bytes git inspects for a NUL (`FIRST_FEW_BYTES` in git's xdiff-interface.c).
const FIRST_FEW_BYTES: usize = 8000;

/// What a blob turned out to be.
pub enum Blob {
    /// The object's contents.
    Text(Vec<u8>),
    Binary,
    /// Not in the object database (a partial clone); skipped with a warning.
    Missing,
}

impl Blob {
    pub fn text(&self) -> Option<&[u8]> {
        match self {
            Blob::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// git's `buffer_is_binary`: a NUL byte among the first 8000 bytes.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(FIRST_FEW_BYTES)].contains(&0)
}

/// Reads blob `id`, honouring the size cap (a blob over the cap is never inflated). Errors
/// other than "missing" are real failures (a corrupt pack) and are returned.
pub fn load(objects: &ObjectReader, id: Oid, size_cap: usize) -> Result<Blob, git2::Error> {
    match objects.read(id, Want::Blob, size_cap)? {
        Read::Missing => Ok(Blob::Missing),
        Read::TooLarge => Ok(Blob::Binary),
        Read::Object(data) if is_binary(&data) => {
            objects.recycle(data);
            Ok(Blob::Binary)
        }
        Read::Object(data) => Ok(Blob::Text(data)),
    }
}

/// Number of lines as git counts them: a final line without a newline still counts.
pub fn count_lines(text: &[u8]) -> u32 {
    let newlines = memchr_count(text);
    let trailing = usize::from(!text.is_empty() && text.last() != Some(&b'\n'));
    (newlines + trailing) as u32
}

fn memchr_count(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_within_the_first_8000_bytes_means_binary() {
        let mut data = vec![b'a'; 9000];
        assert!(!is_binary(&data));
        data[7999] = 0;
        assert!(is_binary(&data));
        data[7999] = b'a';
        data[8000] = 0;
        assert!(!is_binary(&data), "git looks at the first 8000 bytes only");
    }

    #[test]
    fn lines_are_counted_like_git() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a"), 1);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b"a\nb"), 2);
    }
}
