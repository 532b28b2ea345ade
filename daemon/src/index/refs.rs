//! The refs whose history the index holds: the HEAD of every worktree, the local branches, the
//! remote-tracking default branch, and whatever `git config aexy.refs` adds (glob patterns such
//! as `refs/remotes/upstream/*`, or `tags` for every tag). Each is peeled to its commit; refs
//! that name no commit are skipped.

use std::collections::BTreeMap;

use git2::{Oid, Repository};

/// Tracked refs by name, each with its commit.
pub type Tips = BTreeMap<String, Oid>;

/// The tracked refs of `repo` (any worktree of it).
pub fn tracked(repo: &Repository) -> Tips {
    let mut tips = Tips::new();
    let mut add = |name: String, oid: Option<Oid>| {
        if let Some(oid) = oid {
            tips.insert(name, oid);
        }
    };
    add("HEAD".into(), head_of(repo));
    for (name, head) in worktree_heads(repo) {
        add(format!("worktree:{name}"), head);
    }
    let patterns = configured(repo);
    let mut globs = vec!["refs/heads/*".to_owned()];
    globs.extend(patterns);
    for glob in &globs {
        let Ok(refs) = repo.references_glob(glob) else {
            continue;
        };
        for r in refs.flatten() {
            let name = String::from_utf8_lossy(r.name_bytes()).into_owned();
            add(name, r.peel_to_commit().ok().map(|c| c.id()));
        }
    }
    if let Some((name, oid)) = remote_default(repo) {
        add(name, Some(oid));
    }
    tips
}

/// The commit HEAD of `repo` points at (None when unborn or detached at nothing).
fn head_of(repo: &Repository) -> Option<Oid> {
    repo.head().ok()?.peel_to_commit().ok().map(|c| c.id())
}

/// Every worktree's HEAD: the main one (when this is a linked worktree) and every linked one.
fn worktree_heads(repo: &Repository) -> Vec<(String, Option<Oid>)> {
    let mut out = Vec::new();
    if repo.is_worktree() {
        if let Ok(main) = Repository::open(repo.commondir()) {
            if !main.is_bare() {
                out.push(("(main)".to_owned(), head_of(&main)));
            }
        }
    }
    let Ok(names) = repo.worktrees() else {
        return out;
    };
    for name in names.iter().flatten() {
        let head = repo
            .find_worktree(name)
            .ok()
            .and_then(|w| Repository::open_from_worktree(&w).ok())
            .and_then(|r| head_of(&r));
        out.push((name.to_owned(), head));
    }
    out
}

/// Patterns from `git config aexy.refs` (multi-valued): `tags` means `refs/tags/*`; anything
/// not starting with `refs/` is taken under `refs/`.
fn configured(repo: &Repository) -> Vec<String> {
    let Ok(config) = repo.config() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Ok(mut values) = config.multivar("aexy.refs", None) {
        while let Some(Ok(v)) = values.next() {
            let Some(v) = v.value() else { continue };
            let v = v.trim();
            match v {
                "" => {}
                "tags" => out.push("refs/tags/*".to_owned()),
                v if v.starts_with("refs/") => out.push(v.to_owned()),
                v => out.push(format!("refs/{v}")),
            }
        }
    }
    out
}

/// The default branch of the remote (`origin`, else the only remote): its `HEAD` symbolic ref
/// when the clone recorded one, else its `main`, `master` or `trunk`.
fn remote_default(repo: &Repository) -> Option<(String, Oid)> {
    let remotes = repo.remotes().ok()?;
    let names: Vec<&str> = remotes.iter().flatten().collect();
    let remote = if names.contains(&"origin") {
        "origin"
    } else if names.len() == 1 {
        names[0]
    } else {
        return None;
    };
    let head = format!("refs/remotes/{remote}/HEAD");
    let target = repo
        .find_reference(&head)
        .ok()
        .and_then(|r| r.symbolic_target().map(str::to_owned));
    let candidates = target.into_iter().chain(
        ["main", "master", "trunk"]
            .iter()
            .map(|b| format!("refs/remotes/{remote}/{b}")),
    );
    for name in candidates {
        if let Some(oid) = repo
            .find_reference(&name)
            .ok()
            .and_then(|r| r.peel_to_commit().ok())
            .map(|c| c.id())
        {
            return Some((name, oid));
        }
    }
    None
}
