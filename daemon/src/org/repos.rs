//! The repositories of an organisation: the git repositories in a directory (its children and
//! grandchildren, so `DIR/name` and `DIR/owner/name` layouts both work) or listed in a file (one
//! path a line, relative to the file; `#` comments). A repository's name in the org store is its
//! path relative to that directory, without `.git`: give every shard the same layout and the
//! same repository gets the same name wherever it is synced.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

/// One repository to index or sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub path: PathBuf,
}

fn is_repo(p: &Path) -> bool {
    p.join(".git").exists() || (p.join("HEAD").is_file() && p.join("objects").is_dir())
}

fn name_of(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.trim_end_matches('/');
    s.strip_suffix(".git").unwrap_or(s).to_string()
}

/// The repositories directly in `dir` or one level deeper, sorted by name.
pub fn in_directory(dir: &Path) -> Result<Vec<Target>> {
    let mut out = Vec::new();
    let children = |d: &Path| -> Result<Vec<PathBuf>> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .with_context(|| format!("reading {}", d.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir()) // symbolic links to clones count
            .collect();
        v.sort();
        Ok(v)
    };
    for c in children(dir)? {
        if is_repo(&c) {
            out.push(Target {
                name: name_of(dir, &c),
                path: c,
            });
        } else {
            for g in children(&c).unwrap_or_default() {
                if is_repo(&g) {
                    out.push(Target {
                        name: name_of(dir, &g),
                        path: g,
                    });
                }
            }
        }
    }
    if out.is_empty() {
        bail!(
            "no git repositories in {} (nor one level deeper)",
            dir.display()
        );
    }
    Ok(out)
}

/// The repositories `list` names.
pub fn from_list(list: &Path) -> Result<Vec<Target>> {
    let text = std::fs::read_to_string(list)
        .with_context(|| format!("reading the repository list {}", list.display()))?;
    let base = list.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let path = base.join(line);
        out.push(Target {
            name: name_of(base, &path),
            path,
        });
    }
    if out.is_empty() {
        bail!("{} lists no repositories", list.display());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_paths_without_dot_git() {
        assert_eq!(
            name_of(Path::new("/o"), Path::new("/o/acme/api.git")),
            "acme/api"
        );
        assert_eq!(name_of(Path::new("/o"), Path::new("/o/web")), "web");
    }

    #[test]
    fn lists_skip_comments_and_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("shard-1.txt");
        std::fs::write(&list, "# shard 1\n\nacme/api\nweb\n").unwrap();
        let t = from_list(&list).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name, "acme/api");
        assert_eq!(t[1].path, dir.path().join("web"));
    }
}
