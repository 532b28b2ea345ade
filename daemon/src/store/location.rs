//! Where an index database lives: `--db FILE` if given, else `$AEXY_DATA_DIR`, else
//! `dirs::data_dir()/aexy/`, one file per repository keyed by its canonical common git dir, so
//! every worktree of a repository shares one index (they share one object store).

use std::path::{Path, PathBuf};

/// The data directory: `$AEXY_DATA_DIR`, else the platform data dir + `aexy`.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("AEXY_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("aexy")
}

/// The database file for the repository whose canonical common git dir is `common_dir`.
///
/// The name is readable (the main worktree's directory name, or a bare repository's) plus a
/// stable hash of the whole path, so two checkouts called `app` never share an index. An index
/// an earlier aexy kept under the main worktree's root is moved here the first time.
pub fn default_db_path(common_dir: &Path) -> PathBuf {
    let named = if common_dir.file_name().is_some_and(|n| n == ".git") {
        common_dir.parent().unwrap_or(common_dir)
    } else {
        common_dir
    };
    let path = file_for(named, common_dir);
    let legacy = file_for(named, named);
    if named != common_dir && !path.exists() && legacy.exists() {
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", legacy.display()));
            let to = PathBuf::from(format!("{}{suffix}", path.display()));
            let _ = std::fs::rename(from, to);
        }
    }
    path
}

fn file_for(named: &Path, keyed: &Path) -> PathBuf {
    let name: String = named
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "repo".into())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let hash = fnv1a(keyed.as_os_str().as_encoded_bytes());
    data_dir()
        .join("indexes")
        .join(format!("{name}-{hash:016x}.sqlite"))
}

/// FNV-1a, 64-bit: stable across builds and platforms (std's hasher is not).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_roots_with_the_same_name_get_distinct_files() {
        let a = default_db_path(Path::new("/x/app/.git"));
        let b = default_db_path(Path::new("/y/app/.git"));
        assert_ne!(a, b);
        assert!(a.file_name().unwrap().to_string_lossy().starts_with("app-"));
    }
}
