//! Assembles a developer's [`Profile`] from loaded history: their changes per classified file,
//! the files they author (DOA), collaborators, AI share, sustainability signals (shown for
//! oneself, or for others when the repository opts in) and packages read from the diffs of their
//! recent commits (dependencies added to manifests, import lines added to code).

use std::collections::{BTreeSet, HashMap};

use anyhow::Result;

use super::{collaborators, imports, manifests, Assembled, Change, Input, PackageUse};
use crate::classify::language::Kind;
use crate::insights::history::History;
use crate::insights::team::DevRef;
use crate::insights::{ai_share, calendar, doa, sustainability};

/// How many of the developer's most recent commits are diffed for packages.
pub const PACKAGE_COMMITS: usize = 400;

/// A developer's profile.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub developer: DevRef,
    pub aliases: Vec<DevRef>,
    pub bot: bool,
    pub commits: usize,
    pub lines: u64,
    pub first_commit: Option<String>,
    pub last_commit: Option<String>,
    pub authored_files: usize,
    #[serde(flatten)]
    pub assembled: Assembled,
    pub collaborators: Vec<CollaboratorRef>,
    pub ai_share: ai_share::Share,
    /// Sustainability signals, present when visible (see `signals_visibility`).
    pub signals: Option<sustainability::Signals>,
    /// Why signals are or are not shown.
    pub signals_visibility: String,
}

/// A collaborator with their name.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollaboratorRef {
    pub name: String,
    pub email: String,
    pub shared_files: usize,
    pub overlap: f64,
}

/// Who the developer is and whether signals may be shown.
pub struct Subject<'a> {
    pub dev: usize,
    pub developers: &'a [DevRef],
    pub aliases: Vec<DevRef>,
    pub bot: bool,
    /// The profile is the configured git user's own.
    pub is_self: bool,
    /// The repository's config opts in to showing signals for others.
    pub share_signals: bool,
    /// The viewer opts in to seeing others' signals (both opt-ins are needed).
    pub viewer_opts_in: bool,
    /// Dependencies declared by the manifests at the snapshot, per ecosystem (normalised names).
    pub declared: HashMap<manifests::Ecosystem, BTreeSet<String>>,
    /// The repository's own package names (normalised), which are not libraries.
    pub own_packages: BTreeSet<String>,
}

/// Builds the profile. `repo` (when given) is used to read diffs for packages.
pub fn build(h: &History, who: &Subject<'_>, repo: Option<&git2::Repository>) -> Result<Profile> {
    let d = who.dev;
    let mine: Vec<usize> = (0..h.commits.len())
        .filter(|&c| h.commits[c].devs.contains(&d))
        .collect();
    // local file table over path ids the developer touched
    let mut local: HashMap<i64, usize> = HashMap::new();
    let mut paths: Vec<String> = Vec::new();
    let mut local_of = |id: i64, path: &str| {
        *local.entry(id).or_insert_with(|| {
            paths.push(path.to_string());
            paths.len() - 1
        })
    };
    let changes = developer_changes(h, &mine, &mut local_of);
    // authored files at the snapshot
    let mut authored = Vec::new();
    for (i, f) in h.files.iter().enumerate() {
        if !f.info.considered() {
            continue;
        }
        let events = h.doa_events(i);
        if events.iter().any(|e| e.devs.contains(&d)) && doa::authors(&events).contains(&d) {
            authored.push(local_of(f.info.id, &f.info.path));
        }
    }
    let packages = match repo {
        Some(repo) => packages(
            h,
            &mine,
            repo,
            &who.declared,
            &who.own_packages,
            &mut local_of,
        )
        .unwrap_or_default(),
        None => Vec::new(),
    };
    let assembled = super::assemble(&Input {
        changes: &changes,
        paths: &paths,
        authored: &authored,
        packages: &packages,
        now: h.now,
    });

    // collaborators: shared files (by path id) with every other developer
    let mut files_of: HashMap<usize, BTreeSet<i64>> = HashMap::new();
    for c in &h.commits {
        for &x in &c.devs {
            files_of
                .entry(x)
                .or_default()
                .extend(c.changes.iter().map(|(p, _)| *p));
        }
    }
    let mine_files: BTreeSet<usize> = files_of
        .get(&d)
        .map(|s| s.iter().map(|&p| p as usize).collect())
        .unwrap_or_default();
    let others: Vec<(usize, BTreeSet<usize>)> = files_of
        .iter()
        .filter(|(x, _)| **x != d)
        .map(|(x, s)| (*x, s.iter().map(|&p| p as usize).collect()))
        .collect();
    let collaborators = collaborators::collaborators(&mine_files, &others, 10)
        .into_iter()
        .map(|c| {
            let r = who.developers.get(c.dev).cloned().unwrap_or(DevRef {
                name: "?".into(),
                email: String::new(),
            });
            CollaboratorRef {
                name: r.name,
                email: r.email,
                shared_files: c.shared_files,
                overlap: c.overlap,
            }
        })
        .collect();

    let ai_commits: Vec<ai_share::AiCommit<'_>> = mine
        .iter()
        .map(|&c| ai_share::AiCommit {
            time: h.commits[c].time,
            devs: &[],
            agent: h.commits[c].agent,
            directories: &[],
        })
        .collect();
    let times: Vec<(i64, i32)> = mine
        .iter()
        .map(|&c| (h.commits[c].time, h.commits[c].tz))
        .collect();
    let visible = who.is_self || (who.share_signals && who.viewer_opts_in);
    let signals_visibility = if who.is_self {
        "shown: this is your own profile".to_string()
    } else if who.share_signals && who.viewer_opts_in {
        "shown: the repository opts in (git config aexy.shareSignals true)".to_string()
    } else if who.share_signals {
        "hidden: the repository opts in, but your editor's setting privacy.showSignalsForOthers is off".to_string()
    } else {
        "hidden: signals are shown for yourself only unless the repository sets git config aexy.shareSignals true".to_string()
    };
    let first = mine.first().map(|&c| &h.commits[c]);
    let last = mine.iter().map(|&c| &h.commits[c]).max_by_key(|c| c.time);
    Ok(Profile {
        developer: who.developers.get(d).cloned().unwrap_or(DevRef {
            name: "?".into(),
            email: String::new(),
        }),
        aliases: who.aliases.clone(),
        bot: who.bot,
        commits: mine.len(),
        lines: mine.iter().map(|&c| h.commits[c].lines).sum(),
        first_commit: mine
            .iter()
            .map(|&c| &h.commits[c])
            .min_by_key(|c| c.time)
            .or(first)
            .map(|c| calendar::rfc3339(c.time, c.tz)),
        last_commit: last.map(|c| calendar::rfc3339(c.time, c.tz)),
        authored_files: authored.len(),
        assembled,
        collaborators,
        ai_share: ai_share::ai_share(&ai_commits).overall,
        signals: visible.then(|| sustainability::signals(&times, h.now)),
        signals_visibility,
    })
}

/// The changes of commits `mine` (indices into `h.commits`) to files that can show a skill (not
/// vendored, generated or binary), each with the language it counts for: programming and
/// markup languages only, never data formats, prose or documentation. `local_of` numbers the
/// files (path id, path) for the caller.
pub fn developer_changes<'h>(
    h: &'h History,
    mine: &[usize],
    local_of: &mut dyn FnMut(i64, &str) -> usize,
) -> Vec<Change<'h>> {
    let mut changes: Vec<Change<'h>> = Vec::new();
    for &ci in mine {
        let c = &h.commits[ci];
        for (pid, lines) in &c.changes {
            let Some(p) = h.paths.get(pid) else { continue };
            if p.vendored || p.generated || p.binary {
                continue;
            }
            let file = local_of(*pid, &p.path);
            changes.push(Change {
                time: c.time,
                tz: c.tz,
                file,
                // data formats, prose and documentation are not languages one is proficient in
                language: p.language.as_deref().filter(|name| {
                    !(p.data || p.documentation)
                        && crate::classify::language::by_name(name)
                            .is_none_or(|l| matches!(l.kind, Kind::Programming | Kind::Markup))
                }),
                lines: *lines,
            });
        }
    }
    changes
}

/// Packages from the diffs of the developer's most recent commits.
fn packages(
    h: &History,
    mine: &[usize],
    repo: &git2::Repository,
    declared: &HashMap<manifests::Ecosystem, BTreeSet<String>>,
    own: &BTreeSet<String>,
    local_of: &mut dyn FnMut(i64, &str) -> usize,
) -> Result<Vec<PackageUse>> {
    let mut out: Vec<PackageUse> = Vec::new();
    let mut local = local_packages(h);
    local.extend(own.iter().cloned());
    for &ci in mine.iter().rev().take(PACKAGE_COMMITS) {
        let c = &h.commits[ci];
        let wanted: Vec<(&str, Option<&str>, i64, u64)> = c
            .changes
            .iter()
            .filter_map(|(pid, lines)| {
                let p = h.paths.get(pid)?;
                let manifest = manifests::manifest_kind(&p.path).is_some();
                (!p.vendored && !p.generated && (manifest || p.language.is_some())).then_some((
                    p.path.as_str(),
                    p.language.as_deref(),
                    *pid,
                    *lines,
                ))
            })
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let Ok(oid) = git2::Oid::from_str(&c.oid) else {
            continue;
        };
        let Ok(commit) = repo.find_commit(oid) else {
            continue;
        };
        let tree = commit.tree()?;
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let mut opts = git2::DiffOptions::new();
        for (p, ..) in &wanted {
            opts.pathspec(*p);
        }
        opts.disable_pathspec_match(true).context_lines(0);
        let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
        let mut added: HashMap<String, Vec<String>> = HashMap::new();
        diff.foreach(
            &mut |_, _| true,
            None,
            None,
            Some(&mut |delta, _, line| {
                if line.origin() == '+' {
                    if let Some(p) = delta.new_file().path().and_then(|p| p.to_str()) {
                        added.entry(p.to_string()).or_default().push(
                            String::from_utf8_lossy(line.content())
                                .trim_end()
                                .to_string(),
                        );
                    }
                }
                true
            }),
        )?;
        for (path, language, pid, lines) in wanted {
            let Some(lines_added) = added.get(path) else {
                continue;
            };
            let mut found: BTreeSet<String> = BTreeSet::new();
            if let Some(kind) = manifests::manifest_kind(path) {
                let text = tree
                    .get_path(std::path::Path::new(path))
                    .ok()
                    .and_then(|e| repo.find_blob(e.id()).ok())
                    .map(|b| String::from_utf8_lossy(b.content()).into_owned())
                    .unwrap_or_default();
                let refs: Vec<&str> = lines_added.iter().map(String::as_str).collect();
                found.extend(manifests::added_dependencies(kind, &text, &refs));
            } else if let Some(lang) = language {
                // where the ecosystem's manifests declare dependencies, an import counts only
                // when it names one (otherwise it is a module of the project itself)
                let known = imports::ecosystem(lang)
                    .and_then(|e| declared.get(&e))
                    .filter(|s| !s.is_empty());
                let is_known = |p: &String| {
                    known.is_none_or(|k| {
                        k.iter()
                            .any(|d| *d == normalize_package(p) || p.starts_with(&format!("{d}/")))
                    })
                };
                found.extend(
                    lines_added
                        .iter()
                        .filter_map(|l| imports::imported_package(lang, l))
                        .filter(is_known),
                );
            }
            found.retain(|p| !local.contains(&normalize_package(p)));
            let file = local_of(pid, path);
            out.extend(found.into_iter().map(|package| PackageUse {
                package,
                time: c.time,
                file,
                lines,
            }));
        }
    }
    Ok(out)
}

/// `cargo-util` and `cargo_util` name the same package.
pub fn normalize_package(name: &str) -> String {
    name.to_lowercase().replace('-', "_")
}

/// The repository's own packages: the directory name of every manifest at the snapshot (a
/// workspace's member crates, a monorepo's packages) — importing them is not using a library.
fn local_packages(h: &History) -> BTreeSet<String> {
    h.files
        .iter()
        .filter(|f| manifests::manifest_kind(&f.info.path).is_some())
        .filter_map(|f| f.info.path.rsplit_once('/').map(|(dir, _)| dir))
        .filter_map(|dir| dir.rsplit('/').next())
        .map(normalize_package)
        .collect()
}
