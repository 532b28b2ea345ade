//! Bridges a query [`Context`] (store, repository, identity resolver, as-of scope) to the
//! insights loaders, and exposes the entry points the CLI and the daemon call:
//! [`team_insights`], [`profile`] and [`file_experts`].

use std::collections::{BTreeSet, HashMap};

use anyhow::{Context as _, Result};

use super::history::{self, Scope};
use super::profile::load::{self as profile_load, Profile, Subject};
use super::profile::manifests::{self, Ecosystem};
use super::team::{self, DevRef, TeamInsights, TeamOptions};
use crate::query::Context;

/// Runs `f` with a history [`Scope`] built from `ctx`.
pub fn with_scope<R>(ctx: &Context, include_bots: bool, f: impl FnOnce(&Scope<'_>) -> R) -> R {
    let included = |id: i64| u32::try_from(id).is_ok_and(|i| ctx.included(i));
    with_scope_of(ctx, include_bots, &included, f)
}

/// [`with_scope`] with another set of commits than the context's `--as-of` scope.
pub fn with_scope_of<R>(
    ctx: &Context,
    include_bots: bool,
    included: &dyn Fn(i64) -> bool,
    f: impl FnOnce(&Scope<'_>) -> R,
) -> R {
    let developer_of = |id: i64| ctx.resolver.developer_of(id);
    let is_bot = |d: usize| ctx.resolver.developers().get(d).is_some_and(|x| x.bot);
    let ai_agent =
        |n: &str, e: &str, m: &str, t: &[(String, String)]| crate::identity::ai_agent(n, e, m, t);
    let scope = Scope {
        conn: ctx.store.conn(),
        developer_of: &developer_of,
        is_bot: &is_bot,
        included,
        ai_agent: &ai_agent,
        include_bots,
        view: Some(ctx.view.id),
    };
    f(&scope)
}

/// Resolved developers as reported.
pub fn developers(ctx: &Context) -> Vec<DevRef> {
    ctx.resolver
        .developers()
        .iter()
        .map(|d| DevRef {
            name: d.name.clone(),
            email: d.email.clone(),
        })
        .collect()
}

/// The path ids present at the as-of commit (`None` at the view's commit: its files).
pub fn snapshot_paths(ctx: &Context) -> Result<Option<Vec<i64>>> {
    if ctx.at == ctx.view.commit {
        return Ok(None);
    }
    let tree = snapshot_tree(ctx)?;
    let mut ids: HashMap<Vec<u8>, i64> = HashMap::new();
    let mut st = ctx.store.conn().prepare("SELECT id, path FROM paths")?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (id, p) = row?;
        ids.insert(p, id);
    }
    let mut out = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            let mut p = dir.as_bytes().to_vec();
            p.extend_from_slice(entry.name_bytes());
            if let Some(id) = ids.get(&p) {
                out.push(*id);
            }
        }
        git2::TreeWalkResult::Ok
    })?;
    Ok(Some(out))
}

fn snapshot_tree(ctx: &Context) -> Result<git2::Tree<'_>> {
    Ok(as_of_commit(ctx)?.tree()?)
}

/// The commit answers are as of (the indexed HEAD unless `--as-of`).
fn as_of_commit(ctx: &Context) -> Result<git2::Commit<'_>> {
    let oid =
        git2::Oid::from_str(&ctx.as_of).with_context(|| format!("bad revision {}", ctx.as_of))?;
    ctx.repo
        .find_commit(oid)
        .context("the as-of commit is not in the repository")
}

/// Team insights for the repository (or `opts.path`) as of the context's revision.
pub fn team_insights(ctx: &Context, opts: &TeamOptions) -> Result<TeamInsights> {
    let started = std::time::Instant::now();
    let snapshot = snapshot_paths(ctx)?;
    let history = with_scope(ctx, opts.include_bots, |s| {
        history::load(s, snapshot.as_deref())
    })?;
    tracing::debug!(elapsed = ?started.elapsed(), commits = history.commits.len(), "insights: history loaded");
    let devs = developers(ctx);
    let tree = snapshot_tree(ctx).ok();
    let read_text = |path: &str| -> Option<String> {
        let entry = tree.as_ref()?.get_path(std::path::Path::new(path)).ok()?;
        let blob = ctx.repo.find_blob(entry.id()).ok()?;
        if blob.size() > 2_000_000 || blob.content().contains(&0) {
            return None;
        }
        Some(String::from_utf8_lossy(blob.content()).into_owned())
    };
    let find = |q: &str| ctx.resolver.find(q);
    // blame at HEAD is stored; at an older revision it would be replayed file by file
    let at_head = ctx.at == ctx.view.commit;
    let line_runs = |path: &str| {
        at_head
            .then(|| crate::query::owners::line_commits(ctx, path.as_bytes()).ok())
            .flatten()
    };
    let inputs = team::compute::Inputs {
        history: &history,
        developers: &devs,
        find: &find,
        read_text: &read_text,
        line_runs: &line_runs,
    };
    let mut out = team::compute(&inputs, opts);
    out.scope.repository = ctx
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tracing::debug!(elapsed = ?started.elapsed(), "insights: team computed");
    Ok(out)
}

/// The truck factor of one directory (`""` for the whole repository), for hover and code
/// lens: the greedy estimate with its developers and coverage trace, nothing else computed.
pub fn directory_truck_factor(ctx: &Context, dir: &str) -> Result<team::TruckFactorReport> {
    let snapshot = snapshot_paths(ctx)?;
    let history = with_scope(ctx, false, |s| history::load(s, snapshot.as_deref()))?;
    let devs = developers(ctx);
    let opts = TeamOptions {
        path: Some(dir.to_string()),
        ..TeamOptions::default()
    };
    let (_, considered) = team::compute::selection(&history, &opts);
    let authors = team::knowledge::authorship(&history, &considered);
    let changes = team::knowledge::changes_per_developer(&history, devs.len());
    let tf = super::truck_factor::greedy(&authors, &changes);
    Ok(team::TruckFactorReport::named(&tf, |d| {
        devs.get(d).cloned().unwrap_or(DevRef {
            name: String::new(),
            email: String::new(),
        })
    }))
}

/// The developer a profile is for: `query` (name, e-mail or alias), else the repository's
/// configured git user.
pub fn resolve_developer(ctx: &Context, query: Option<&str>) -> Result<(usize, bool)> {
    let me = ctx.configured_user();
    match query {
        Some(q) => {
            let d = ctx
                .resolver
                .find(q)
                .with_context(|| format!("no developer matches {q:?} (try `aexy developers`)"))?;
            Ok((d, Some(d) == me))
        }
        None => {
            let d = me.context(
                "no developer given and the configured git user (user.email) has no commits here",
            )?;
            Ok((d, true))
        }
    }
}

/// A developer's profile as of the context's revision. Someone else's sustainability signals
/// appear only when the repository opts in (`git config aexy.shareSignals true`) and so does
/// the viewer (`viewer_opts_in`: asking on the command line does; editors pass the user's
/// `privacy.showSignalsForOthers`).
pub fn profile(ctx: &Context, query: Option<&str>, viewer_opts_in: bool) -> Result<Profile> {
    let (dev, is_self) = resolve_developer(ctx, query)?;
    let snapshot = snapshot_paths(ctx)?;
    let history = with_scope(ctx, false, |s| history::load(s, snapshot.as_deref()))?;
    let devs = developers(ctx);
    let d = &ctx.resolver.developers()[dev];
    let share_signals = ctx
        .repo
        .config()
        .ok()
        .and_then(|c| c.get_bool("aexy.shareSignals").ok())
        .unwrap_or(false);
    let (declared, own_packages) = declared_dependencies(ctx, &history);
    let who = Subject {
        declared,
        own_packages,
        dev,
        developers: &devs,
        aliases: aliases(d),
        bot: d.bot,
        is_self,
        share_signals,
        viewer_opts_in,
    };
    profile_load::build(&history, &who, Some(&ctx.repo))
}

fn aliases(d: &crate::identity::Developer) -> Vec<DevRef> {
    d.aliases
        .iter()
        .map(|(n, e)| DevRef {
            name: n.clone(),
            email: e.clone(),
        })
        .collect()
}

/// The profiles of developers `devs` from one loaded `history` (for `aexy org sync`, which
/// needs everyone's languages and frameworks): nobody's own view, so no sustainability signals.
pub fn profiles(ctx: &Context, history: &history::History, devs: &[usize]) -> Result<Vec<Profile>> {
    let all = developers(ctx);
    let (declared, own_packages) = declared_dependencies(ctx, history);
    devs.iter()
        .map(|&dev| {
            let d = &ctx.resolver.developers()[dev];
            let who = Subject {
                declared: declared.clone(),
                own_packages: own_packages.clone(),
                dev,
                developers: &all,
                aliases: aliases(d),
                bot: d.bot,
                is_self: false,
                share_signals: false,
                viewer_opts_in: false,
            };
            profile_load::build(history, &who, Some(&ctx.repo))
        })
        .collect()
}

/// The history `team_insights` and `profile` read, loaded once (as of the context's revision).
pub fn history(ctx: &Context) -> Result<history::History> {
    let snapshot = snapshot_paths(ctx)?;
    with_scope(ctx, false, |s| history::load(s, snapshot.as_deref()))
}

/// Dependencies declared by every manifest at the snapshot, per ecosystem (normalised names).
/// Also returns the packages the manifests define (the repository's own).
fn declared_dependencies(
    ctx: &Context,
    h: &history::History,
) -> (HashMap<Ecosystem, BTreeSet<String>>, BTreeSet<String>) {
    let mut out: HashMap<Ecosystem, BTreeSet<String>> = HashMap::new();
    let mut own = BTreeSet::new();
    let Ok(tree) = snapshot_tree(ctx) else {
        return (out, own);
    };
    for f in &h.files {
        let Some(kind) = manifests::manifest_kind(&f.info.path) else {
            continue;
        };
        let Some(text) = tree
            .get_path(std::path::Path::new(&f.info.path))
            .ok()
            .and_then(|e| ctx.repo.find_blob(e.id()).ok())
            .map(|b| String::from_utf8_lossy(b.content()).into_owned())
        else {
            continue;
        };
        own.extend(
            manifests::package_name(kind, &text).map(|n| profile_load::normalize_package(&n)),
        );
        let deps = manifests::dependencies(kind, &text);
        out.entry(kind)
            .or_default()
            .extend(deps.iter().map(|d| profile_load::normalize_package(d)));
    }
    (out, own)
}

/// The experts of one file (its maintainers, see `maintainers`), for `aexy owners`, hover and
/// `aexy/ownership`.
pub fn file_experts(ctx: &Context, rel_path: &[u8]) -> Result<Vec<super::expertise::Expert>> {
    let lines = crate::query::owners::line_commits(ctx, rel_path)?;
    file_experts_with_lines(ctx, rel_path, &lines)
}

/// [`file_experts`] when the caller already has the file's line owners (`(lines, commit id)`).
pub fn file_experts_with_lines(
    ctx: &Context,
    rel_path: &[u8],
    lines: &super::expertise::LineRuns,
) -> Result<Vec<super::expertise::Expert>> {
    let standings = file_standings_with_lines(ctx, rel_path, lines)?;
    let names = |d: usize| {
        ctx.resolver
            .developers()
            .get(d)
            .map(|x| (x.name.clone(), x.email.clone()))
            .unwrap_or_default()
    };
    Ok(super::expertise::experts(&standings, &names))
}

/// Every developer's standing on one file as of the context's revision (`aexy eval experts`).
pub fn file_standings(ctx: &Context, rel_path: &[u8]) -> Result<super::expertise::FileStandings> {
    let lines = crate::query::owners::line_commits(ctx, rel_path)?;
    file_standings_with_lines(ctx, rel_path, &lines)
}

fn file_standings_with_lines(
    ctx: &Context,
    rel_path: &[u8],
    lines: &super::expertise::LineRuns,
) -> Result<super::expertise::FileStandings> {
    let now = revision_time(ctx)?;
    with_scope(ctx, false, |s| {
        super::expertise::standings(s, rel_path, now, lines)
    })
}

/// The committer time of the context's revision: what "recent" is measured against.
pub fn revision_time(ctx: &Context) -> Result<i64> {
    Ok(as_of_commit(ctx)?.time().seconds())
}

/// Who knows each file at the context's snapshot (DOA authors, revisions, activity), for
/// CODEOWNERS checks, teams, careers and hiring.
pub fn knowledge(ctx: &Context) -> Result<super::knowledge::Knowledge> {
    let snapshot = snapshot_paths(ctx)?;
    let history = with_scope(ctx, false, |s| history::load(s, snapshot.as_deref()))?;
    Ok(super::knowledge::Knowledge::new(history, developers(ctx)))
}
