//! The repository's checks: shallow (history cut off), partial (blobs fetched on demand), and
//! every commit reachable from HEAD, its tree, and the trees and blobs at HEAD readable.

use git2::{ObjectType, Oid, Repository};

use super::{Report, Status};
use crate::repo::RepoInfo;

pub fn check(info: &RepoInfo, report: &mut Report) {
    let repo = match crate::repo::open(&info.root) {
        Ok(r) => r,
        Err(e) => {
            report.push("repository", "opens", Status::Fail, e.to_string());
            return;
        }
    };
    let boundary = crate::repo::shallow_boundary(&repo);
    if boundary.is_empty() {
        report.push("repository", "shallow", Status::Ok, "full history".into());
    } else {
        report.push(
            "repository",
            "shallow",
            Status::Warn,
            format!(
                "a shallow clone cut at {} commit(s): earlier history is absent, and the boundary commits credit nobody (`git fetch --unshallow` for all of it)",
                boundary.len()
            ),
        );
    }
    match promisor(&repo) {
        Some(remote) => report.push(
            "repository",
            "partial clone",
            Status::Warn,
            format!("blobs not yet fetched from {remote} get no line counts or ownership"),
        ),
        None => report.push("repository", "partial clone", Status::Ok, "no".into()),
    }
    let partial = promisor(&repo).is_some();
    match objects(&repo) {
        Ok(o) if o.missing_commits + o.missing_trees == 0 && (o.missing_blobs == 0 || partial) => {
            let blobs = if o.missing_blobs > 0 {
                format!(", {} blobs at HEAD not fetched (partial clone)", o.missing_blobs)
            } else {
                String::new()
            };
            report.push(
                "repository",
                "objects",
                Status::Ok,
                format!(
                    "{} commits and the {} files at HEAD readable{blobs}",
                    o.commits, o.blobs
                ),
            );
        }
        Ok(o) => report.push(
            "repository",
            "objects",
            Status::Fail,
            format!(
                "missing or unreadable: {} commits, {} trees, {} blobs at HEAD (first: {}); `git fsck` tells more",
                o.missing_commits,
                o.missing_trees,
                o.missing_blobs,
                o.first_missing.map_or("?".into(), |id| id.to_string())
            ),
        ),
        Err(e) => report.push("repository", "objects", Status::Fail, format!("{e:#}")),
    }
}

/// The remote blobs are fetched from on demand, for a partial clone.
fn promisor(repo: &Repository) -> Option<String> {
    let config = repo.config().ok()?;
    if let Ok(remote) = config.get_string("extensions.partialclone") {
        return Some(remote);
    }
    let mut entries = config.entries(Some(r"remote\..*\.promisor")).ok()?;
    while let Some(Ok(e)) = entries.next() {
        if e.value() == Some("true") {
            let name = e.name()?.trim_start_matches("remote.");
            return Some(name.trim_end_matches(".promisor").to_owned());
        }
    }
    None
}

#[derive(Default)]
struct Objects {
    commits: u64,
    blobs: u64,
    missing_commits: u64,
    missing_trees: u64,
    missing_blobs: u64,
    first_missing: Option<Oid>,
}

/// Walks HEAD's history (commits and their root trees) and HEAD's whole tree.
/// (The walk stops at a shallow clone's boundary, as git's does.) Headers are read, so a
/// corrupt loose object counts as missing, not just an absent one.
fn objects(repo: &Repository) -> anyhow::Result<Objects> {
    let mut o = Objects::default();
    let odb = repo.odb()?;
    let head = crate::repo::head_commit(repo)?;
    let mut walk = repo.revwalk()?;
    walk.push(head)?;
    let miss = |o: &mut Objects, id: Oid| {
        o.first_missing.get_or_insert(id);
    };
    for id in walk {
        let id = match id {
            Ok(id) => id,
            Err(_) => {
                o.missing_commits += 1;
                continue;
            }
        };
        match repo.find_commit(id) {
            Ok(c) => {
                o.commits += 1;
                if odb.read_header(c.tree_id()).is_err() {
                    o.missing_trees += 1;
                    miss(&mut o, c.tree_id());
                }
            }
            Err(_) => {
                o.missing_commits += 1;
                miss(&mut o, id);
            }
        }
    }
    let tree = repo.find_commit(head)?.tree()?;
    let mut stack = vec![tree];
    while let Some(tree) = stack.pop() {
        for entry in tree.iter() {
            match entry.kind() {
                Some(ObjectType::Tree) => match repo.find_tree(entry.id()) {
                    Ok(t) => stack.push(t),
                    Err(_) => {
                        o.missing_trees += 1;
                        miss(&mut o, entry.id());
                    }
                },
                Some(ObjectType::Blob) => {
                    o.blobs += 1;
                    if odb.read_header(entry.id()).is_err() {
                        o.missing_blobs += 1;
                        miss(&mut o, entry.id());
                    }
                }
                _ => {} // submodules (commits of another repository)
            }
        }
    }
    Ok(o)
}
