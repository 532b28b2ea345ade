//! Asking git itself for the numbers the index must reproduce: per-commit numstat from
//! `git log --numstat -M`, per-line owners from `git blame --porcelain`, and the same facts read
//! back from an index database, so tests compare aexy with git rather than with constants.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{git_cmd, Fixture};

/// Per commit: (added, deleted, files) from git's own numstat, merges listing nothing.
pub fn git_numstat(root: &Path) -> BTreeMap<String, (u64, u64, u64)> {
    git_numstat_without(root, &[])
}

/// [`git_numstat`] leaving out `skip` paths (git counts a submodule's gitlink as one line).
pub fn git_numstat_without(root: &Path, skip: &[&str]) -> BTreeMap<String, (u64, u64, u64)> {
    let out = git_cmd(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--numstat",
            "-M",
            "--format=C %H",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut map: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(c) = line.strip_prefix("C ") {
            current = c.to_string();
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(a), Some(d), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if skip.contains(&path) {
            continue;
        }
        let e = map.entry(current.clone()).or_default();
        e.0 += a.parse::<u64>().unwrap_or(0);
        e.1 += d.parse::<u64>().unwrap_or(0);
        e.2 += 1;
    }
    map
}

pub fn our_numstat(db: &Path) -> BTreeMap<String, (u64, u64, u64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.oid, SUM(COALESCE(f.added, 0)), SUM(COALESCE(f.deleted, 0)), COUNT(*) \
             FROM file_changes f JOIN commits c ON c.id = f.commit_id GROUP BY c.oid",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Line -> commit for every line of `path` at HEAD, from `git blame --porcelain`.
pub fn git_blame(root: &Path, path: &[u8]) -> Vec<String> {
    git_blame_at(root, "HEAD", path)
}

/// Line -> commit for every line of `path` at revision `rev`, from `git blame --porcelain`.
pub fn git_blame_at(root: &Path, rev: &str, path: &[u8]) -> Vec<String> {
    use std::os::unix::ffi::OsStrExt;
    let out = git_cmd(root)
        .args(["blame", "--porcelain", rev, "--"])
        .arg(std::ffi::OsStr::from_bytes(path))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git blame failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut owners: BTreeMap<u32, String> = BTreeMap::new();
    for line in text.lines() {
        let mut f = line.split(' ');
        let (Some(sha), Some(_), Some(fin)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            owners.insert(fin.parse().unwrap(), sha.to_string());
        }
    }
    owners.into_values().collect()
}

/// Path -> per-line commit from the index (the view used last: a fixture's only worktree).
pub fn our_ownership(db: &Path) -> HashMap<Vec<u8>, Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT p.path, w.runs FROM ownership w JOIN paths p ON p.id = w.path_id \
             WHERE w.view_id = (SELECT id FROM views ORDER BY used DESC, id DESC LIMIT 1)",
        )
        .unwrap();
    let oids = commit_oids(&conn);
    let mut map: HashMap<Vec<u8>, Vec<String>> = HashMap::new();
    for r in stmt
        .query_map([], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
        })
        .unwrap()
    {
        let (p, data) = r.unwrap();
        let owners = aexy::index::delta::unpack(&data).unwrap();
        map.insert(p, owners.iter().map(|id| oids[id].clone()).collect());
    }
    map
}

/// Every commit's git id by store id.
pub fn commit_oids(conn: &rusqlite::Connection) -> HashMap<u32, String> {
    let mut stmt = conn.prepare("SELECT id, oid FROM commits").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The non-empty text files of revision `rev`'s tree.
pub fn text_files_at(root: &Path, rev: &str) -> Vec<Vec<u8>> {
    let out = git_cmd(root)
        .args(["ls-tree", "-r", "-z", "--name-only", rev])
        .output()
        .unwrap();
    out.stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let spec = format!("{rev}:{}", String::from_utf8_lossy(p));
            let blob = git_cmd(root)
                .args(["cat-file", "blob", &spec])
                .output()
                .unwrap();
            let bytes = blob.stdout;
            blob.status.success()
                && !bytes.is_empty()
                && !bytes[..bytes.len().min(8000)].contains(&0)
        })
        .map(<[u8]>::to_vec)
        .collect()
}

pub fn text_files_at_head(root: &Path) -> Vec<Vec<u8>> {
    let out = git_cmd(root).args(["ls-files", "-z"]).output().unwrap();
    out.stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .filter(|p| {
            use std::os::unix::ffi::OsStrExt;
            let bytes =
                std::fs::read(root.join(std::ffi::OsStr::from_bytes(p))).unwrap_or_default();
            !bytes[..bytes.len().min(8000)].contains(&0) && !bytes.is_empty()
        })
        .map(<[u8]>::to_vec)
        .collect()
}

/// The commit of each line in an `aexy owners --json` answer.
pub fn line_commits(owners: &serde_json::Value) -> Vec<String> {
    owners["lines"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .map(|l| l["commit"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn assert_blame_agrees(f: &Fixture) {
    let ours = our_ownership(&f.db());
    let files = text_files_at_head(&f.root);
    assert!(!files.is_empty());
    for p in files {
        let theirs = git_blame(&f.root, &p);
        let mine = ours.get(&p).cloned().unwrap_or_default();
        assert_eq!(
            mine,
            theirs,
            "ownership of {} differs from git blame",
            String::from_utf8_lossy(&p)
        );
    }
}
