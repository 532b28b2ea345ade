//! The whole pipeline on a hostile repository: a history of up to six commits whose identities,
//! messages, paths and contents come from the fuzzer (written as raw objects, so nothing cleans
//! them), with a `.mailmap`, `.gitattributes` and `.git-blame-ignore-revs` of its own, is indexed
//! and queried (stats, developers, owners of every file, team insights, profiles, doctor), and
//! the HTML, Markdown and CSV reports must show all of it as text.

use std::collections::BTreeMap;
use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};
use git2::{IndexEntry, IndexTime, ObjectType, Oid, Repository};

#[derive(Arbitrary, Debug)]
struct History {
    mailmap: String,
    gitattributes: String,
    ignore_revs: String,
    commits: Vec<Commit>,
}

#[derive(Arbitrary, Debug)]
struct Commit {
    name: Vec<u8>,
    email: Vec<u8>,
    message: Vec<u8>,
    files: Vec<(Vec<u8>, Content)>,
    /// Merge the commit this many back (when there is one).
    merge: Option<u8>,
    when: u32,
    tz_minutes: i16,
}

#[derive(Arbitrary, Debug)]
enum Content {
    Text(String),
    Bytes(Vec<u8>),
    /// A line repeated: long files, very long lines.
    Repeat(u16, String),
    Delete,
}

pub fn repository(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(history) = History::arbitrary(&mut u) else {
        return;
    };
    let dir = scratch();
    let root = dir.path().join("repo");
    let Some(head) = build(&root, &history) else {
        return;
    };
    let db = dir.path().join("index.sqlite");
    let opts = aexy::index::IndexOptions {
        threads: 1,
        ..Default::default()
    };
    if aexy::index::index_repository(&root, &db, &opts).is_err() {
        return;
    }
    // Indexing twice changes nothing (incremental: up to date).
    let again = aexy::index::index_repository(&root, &db, &opts).expect("a second run");
    assert_eq!(again.head, head.to_string());
    query(&root, &db);
}

/// A temp dir, in memory when the machine has /dev/shm.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().expect("a temp dir")
}

/// Writes the history as raw objects; `None` when it has no commit.
fn build(root: &Path, h: &History) -> Option<Oid> {
    let repo = Repository::init(root).ok()?;
    let mut files: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    files.insert(b".mailmap".to_vec(), h.mailmap.as_bytes().to_vec());
    files.insert(
        b".gitattributes".to_vec(),
        h.gitattributes.as_bytes().to_vec(),
    );
    files.insert(
        b".git-blame-ignore-revs".to_vec(),
        h.ignore_revs.as_bytes().to_vec(),
    );
    let mut commits: Vec<Oid> = Vec::new();
    for c in h.commits.iter().take(6) {
        for (path, content) in c.files.iter().take(4) {
            match content {
                Content::Delete => {
                    files.remove(path);
                }
                Content::Text(t) => {
                    files.insert(path.clone(), t.as_bytes().to_vec());
                }
                Content::Bytes(b) => {
                    files.insert(path.clone(), b.clone());
                }
                Content::Repeat(n, line) => {
                    let n = usize::from(*n % 2048);
                    files.insert(path.clone(), format!("{line}\n").repeat(n).into_bytes());
                }
            }
        }
        let tree = tree(&repo, &mut files)?;
        let mut parents: Vec<Oid> = commits.last().copied().into_iter().collect();
        if let Some(back) = c.merge {
            let i = commits.len().checked_sub(1 + usize::from(back))?;
            if !parents.contains(&commits[i]) {
                parents.push(commits[i]);
            }
        }
        commits.push(commit(&repo, tree, &parents, c)?);
    }
    let head = *commits.last()?;
    repo.reference("refs/heads/main", head, true, "fuzz").ok()?;
    repo.set_head("refs/heads/main").ok()?;
    // The work tree's copies: .mailmap and the ignore-revs file are read from there.
    for name in [".mailmap", ".git-blame-ignore-revs"] {
        if let Some(content) = files.get(name.as_bytes()) {
            let _ = std::fs::write(root.join(name), content);
        }
    }
    Some(head)
}

/// The tree of `files`; paths git refuses (".git", empty components …) are dropped.
fn tree(repo: &Repository, files: &mut BTreeMap<Vec<u8>, Vec<u8>>) -> Option<Oid> {
    let mut index = git2::Index::new().ok()?;
    let mut refused = Vec::new();
    for (path, content) in files.iter() {
        let entry = IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: 0,
            id: Oid::zero(),
            flags: 0,
            flags_extended: 0,
            path: path.clone(),
        };
        if index.add_frombuffer(&entry, content).is_err() {
            refused.push(path.clone());
        }
    }
    for p in refused {
        files.remove(&p);
    }
    index.write_tree_to(repo).ok()
}

/// A commit object written byte for byte (identities and message as the fuzzer gave them,
/// newlines in identities excepted: they would end the header line).
fn commit(repo: &Repository, tree: Oid, parents: &[Oid], c: &Commit) -> Option<Oid> {
    let ident = |b: &[u8]| -> Vec<u8> {
        b.iter()
            .copied()
            .filter(|b| *b != b'\n' && *b != 0)
            .collect()
    };
    let tz = i32::from(c.tz_minutes % 1440);
    let tz = format!(
        "{}{:02}{:02}",
        if tz < 0 { '-' } else { '+' },
        tz.abs() / 60,
        tz.abs() % 60
    );
    let mut raw = format!("tree {tree}\n").into_bytes();
    for p in parents {
        raw.extend_from_slice(format!("parent {p}\n").as_bytes());
    }
    for role in ["author", "committer"] {
        raw.extend_from_slice(role.as_bytes());
        raw.push(b' ');
        raw.extend(ident(&c.name));
        raw.extend_from_slice(b" <");
        raw.extend(ident(&c.email));
        raw.extend_from_slice(format!("> {} {tz}\n", c.when).as_bytes());
    }
    raw.push(b'\n');
    raw.extend_from_slice(&c.message);
    repo.odb().ok()?.write(ObjectType::Commit, &raw).ok()
}

/// Every question, every rendering; the reports must hold the history as text.
fn query(root: &Path, db: &Path) {
    let Ok(ctx) = aexy::query::Context::open(root, db, None) else {
        return;
    };
    let _ = aexy::query::stats::stats(&ctx);
    let _ = aexy::query::developers::developers(&ctx);
    let paths: Vec<Vec<u8>> = {
        let repo = &ctx.repo;
        let mut out = Vec::new();
        if let Ok(tree) = repo.head().and_then(|h| h.peel_to_tree()) {
            let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                if e.kind() == Some(ObjectType::Blob) {
                    let mut p = dir.as_bytes().to_vec();
                    p.extend_from_slice(e.name_bytes());
                    out.push(p);
                }
                git2::TreeWalkResult::Ok
            });
        }
        out
    };
    for p in paths.iter().take(8) {
        let _ = aexy::query::owners::file_owners(&ctx, p, Some(0));
        let _ = aexy::query::owners::file_owners(&ctx, p, None);
    }
    let Ok(team) = aexy::insights::context::team_insights(&ctx, &Default::default()) else {
        return;
    };
    use aexy::insights::render;
    let html = render::html::report(&team);
    assert!(!crate::has_hazard(&html));
    for tag in ["<script", "<img", "<iframe", "<a ", "<link", "<object"] {
        assert!(!html.contains(tag), "raw {tag} in the HTML report");
    }
    let md = render::markdown::report(&team);
    assert!(!crate::has_hazard(&md));
    assert!(
        !md.contains("](command:"),
        "a command link in the Markdown report"
    );
    let csv = render::csv::report(&team);
    assert!(!crate::has_hazard(&csv.replace("\r\n", "\n")));
    let _ = render::text::team(&team);
    for d in ctx.resolver.developers().iter().take(3) {
        if let Ok(p) = aexy::insights::context::profile(&ctx, Some(&d.email), true) {
            let _ = render::text::profile(&p);
        }
    }
    if let Ok(info) = aexy::repo::discover(root) {
        let report = aexy::doctor::run(&info, db, false);
        assert!(!report.checks.is_empty());
    }
}
