//! `aexy match`: who should take a task described in free text, as of the context's revision —
//! history loaded once, the model built, the as-of tree's identifiers added to the file
//! documents, developers ranked with reasons.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use serde::Serialize;

use super::load::{self, Loaded};
use super::model::Model;
use super::{rank, reasons};
use crate::query::{Context, Person};

/// Files larger than this are not read for identifiers.
pub const MAX_CONTENT_BYTES: usize = 256 * 1024;

/// The answer of `aexy match`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchReport {
    pub matches: Vec<Match>,
    pub signals: Signals,
}

/// One ranked developer.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub developer: Person,
    /// 0..1 (see `rank::Scored::score`).
    pub score: f64,
    pub reasons: Vec<String>,
}

/// What the ranking was based on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signals {
    /// The query's search terms (identifiers split, plurals folded) the history knows.
    pub terms: Vec<String>,
    /// Terms of the text no file or subject has ever used.
    pub unknown_terms: Vec<String>,
    /// Files retrieved, most relevant first, relevance relative to the best (files the task
    /// named first, at 1).
    pub files: Vec<FileSignal>,
    /// Paths the task named that are neither a file nor a directory the history knows.
    pub unknown_paths: Vec<String>,
    /// Paths the task named that hold only vendored or generated files (lock files, bundles):
    /// nobody's expertise, so they are left out.
    pub ignored_paths: Vec<String>,
    pub as_of: String,
    pub candidates: usize,
    /// Nothing in the task met the history (no known word, no named file): everyone is ranked
    /// by recent activity alone (see `rank::is_listed`).
    pub by_activity_alone: bool,
}

/// What clients say when [`Signals::by_activity_alone`].
pub const ACTIVITY_ALONE_NOTE: &str =
    "Nothing in the task matched the history (no known word or file): ranked by recent activity alone.";

#[derive(Debug, Clone, Serialize)]
pub struct FileSignal {
    pub path: String,
    pub relevance: f64,
}

/// Builds the model for `ctx` with the as-of tree's identifiers in the file documents.
pub fn model_for(ctx: &Context) -> Result<(Loaded, Model)> {
    let loaded = load::load(ctx)?;
    let mut model = Model::build(&loaded);
    add_tree_content(ctx, &mut model, &ctx.as_of)?;
    Ok((loaded, model))
}

/// Adds the identifiers of every text file of `rev`'s tree (not vendored, generated or data,
/// at most [`MAX_CONTENT_BYTES`]) to the documents of the files the model knows.
pub fn add_tree_content(ctx: &Context, model: &mut Model, rev: &str) -> Result<()> {
    let conn = ctx.store.conn();
    let mut ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut st = conn
        .prepare("SELECT id, path FROM paths WHERE vendored = 0 AND generated = 0 AND data = 0")?;
    for row in st.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (id, p) = row?;
        ids.insert(p, id);
    }
    let oid = git2::Oid::from_str(rev)?;
    let tree = ctx.repo.find_commit(oid)?.tree()?;
    let mut blobs: Vec<(u32, git2::Oid)> = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            let mut p = dir.as_bytes().to_vec();
            p.extend_from_slice(entry.name_bytes());
            if let Some(&id) = ids.get(&p) {
                blobs.push((id, entry.id()));
            }
        }
        git2::TreeWalkResult::Ok
    })?;
    // Reading and tokenising the blobs is most of the work: spread it over the cores, each
    // thread with its own repository handle, then add the terms in tree order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(blobs.len().max(1));
    let chunk = blobs.len().div_ceil(threads).max(1);
    let git_dir = ctx.repo.path().to_path_buf();
    let parts: Vec<Result<Vec<FileTerms>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = blobs
            .chunks(chunk)
            .map(|part| {
                let git_dir = &git_dir;
                scope.spawn(move || blob_terms(git_dir, part))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a content reader panicked")))
            })
            .collect()
    });
    for part in parts {
        for (path, terms) in part? {
            model.docs.add_content_terms(&mut model.vocab, path, terms);
        }
    }
    Ok(())
}

/// A path id and the content terms of its blob.
type FileTerms = (u32, Vec<String>);

/// The content terms of each text blob of `blobs` (path id, blob) read from the repository at
/// `git_dir`: binary files, files over [`MAX_CONTENT_BYTES`] and blobs missing from a partial
/// clone are skipped.
fn blob_terms(
    git_dir: &std::path::Path,
    blobs: &[(u32, git2::Oid)],
) -> Result<Vec<(u32, Vec<String>)>> {
    let repo = git2::Repository::open(git_dir)?;
    let odb = repo.odb()?;
    let mut out = Vec::with_capacity(blobs.len());
    for &(path, oid) in blobs {
        let Ok((size, _)) = odb.read_header(oid) else {
            continue; // missing in a partial clone
        };
        if size > MAX_CONTENT_BYTES {
            continue;
        }
        let Ok(obj) = odb.read(oid) else { continue };
        if obj.data().contains(&0) {
            continue;
        }
        let text = String::from_utf8_lossy(obj.data());
        out.push((path, super::documents::content_terms(&text)));
    }
    Ok(out)
}

/// Ranks developers for `text` and, optionally, the files or directories it is about (`paths`,
/// repository-relative, '/'-separated).
pub fn match_task(
    ctx: &Context,
    text: &str,
    paths: &[String],
    limit: usize,
) -> Result<MatchReport> {
    let (loaded, model) = model_for(ctx)?;
    Ok(rank_text(&loaded, &model, text, paths, limit, ctx))
}

/// The files `paths` name (a file the history knows, live or not, or every live file under a
/// directory), the paths that name nothing, and those that name only vendored or generated files.
pub struct Resolved {
    pub keys: Vec<u32>,
    pub unknown: Vec<String>,
    pub ignored: Vec<String>,
}

/// Resolves repository-relative, '/'-separated `paths` against the model's files.
pub fn resolve_paths(loaded: &Loaded, model: &Model, paths: &[String]) -> Resolved {
    let mut keys: Vec<u32> = Vec::new();
    let mut seen: HashSet<u32> = HashSet::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    for raw in paths {
        let want = raw.trim_start_matches("./").trim_end_matches('/');
        let prefix = format!("{want}/");
        let mut named_any = false;
        for (k, f) in model.docs.files.iter().enumerate() {
            let path = loaded.path(f.path);
            let hit = if want.is_empty() || want == "." {
                f.live
            } else {
                path == want || (f.live && path.starts_with(&prefix))
            };
            if hit {
                named_any = true;
                if seen.insert(k as u32) {
                    keys.push(k as u32);
                }
            }
        }
        if !named_any {
            let machine_made = loaded.machine_made.iter().any(|&id| {
                let path = loaded.path(id);
                path == want || path.starts_with(&prefix)
            });
            if machine_made {
                ignored.push(raw.clone());
            } else {
                unknown.push(raw.clone());
            }
        }
    }
    Resolved {
        keys,
        unknown,
        ignored,
    }
}

/// Ranks developers for `text` and `paths` with an already built model.
pub fn rank_text(
    loaded: &Loaded,
    model: &Model,
    text: &str,
    paths: &[String],
    limit: usize,
    ctx: &Context,
) -> MatchReport {
    let as_of = ctx.as_of.as_str();
    let Resolved {
        keys: pinned,
        unknown: unknown_paths,
        ignored: ignored_paths,
    } = resolve_paths(loaded, model, paths);
    let all_terms = super::tokenize::terms(text);
    let q = model.query_terms(text);
    let now = model.now;
    let clock = reasons::Clock::of(ctx, now);
    let candidate = |d: usize| loaded.devs.get(d).is_some_and(|x| !x.bot);
    let (scored, files) = rank::score(model, &q, &pinned, now, &candidate);
    let mut names: HashMap<u32, String> = HashMap::new();
    for t in &all_terms {
        if let Some(id) = model.vocab.get(t) {
            names.insert(id, t.clone());
        }
    }
    let path = |key: u32| loaded.path(model.docs.files[key as usize].path).to_string();
    let term = |id: u32| names.get(&id).cloned().unwrap_or_default();
    let candidates = scored.len();
    let by_activity_alone = q.is_empty() && pinned.is_empty();
    let matches = scored
        .iter()
        .filter(|s| rank::is_listed(s, by_activity_alone))
        .take(limit)
        .map(|s| Match {
            developer: Person {
                name: loaded.devs[s.dev].name.clone(),
                email: loaded.devs[s.dev].email.clone(),
            },
            score: (s.score * 1000.0).round() / 1000.0,
            reasons: reasons::reasons(model, s, &q, &clock, &path, &term),
        })
        .collect();
    let mut known: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for t in all_terms {
        let list = if model.vocab.get(&t).is_some() {
            &mut known
        } else {
            &mut unknown
        };
        if !list.contains(&t) {
            list.push(t);
        }
    }
    MatchReport {
        matches,
        signals: Signals {
            terms: known,
            unknown_terms: unknown,
            files: files
                .iter()
                .take(10.max(pinned.len().min(50)))
                .map(|h| FileSignal {
                    path: path(h.key),
                    relevance: (h.relevance * 1000.0).round() / 1000.0,
                })
                .collect(),
            unknown_paths,
            ignored_paths,
            as_of: as_of.to_string(),
            candidates,
            by_activity_alone,
        },
    }
}
