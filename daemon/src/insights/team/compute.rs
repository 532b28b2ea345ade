//! Computes [`TeamInsights`] from loaded history: selects the considered files, derives DOA
//! authorship per file, then runs each published algorithm on plain data and names the results.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::knowledge::{authorship, maintainership, LineRunsFn};
use super::*;
use crate::insights::history::History;
use crate::insights::{
    ai_share, calendar, coupling, fragmentation, hotspots, offboarding, silos, truck_factor,
    velocity,
};

/// Everything `compute` needs besides the history.
pub struct Inputs<'a> {
    pub history: &'a History,
    /// Resolved developers by index.
    pub developers: &'a [DevRef],
    /// Finds a developer by name, e-mail or alias.
    pub find: &'a dyn Fn(&str) -> Option<usize>,
    /// The text of a repository-relative path at the snapshot (for complexity).
    pub read_text: &'a dyn Fn(&str) -> Option<String>,
    /// Line owners at the snapshot (without them no one is named for most of the lines).
    pub line_runs: &'a LineRunsFn<'a>,
}

fn under(path: &str, dir: &Option<String>) -> bool {
    match dir
        .as_deref()
        .map(|d| d.trim_matches('/'))
        .filter(|d| !d.is_empty() && *d != ".")
    {
        None => true,
        Some(d) => path.len() > d.len() && path.starts_with(d) && path.as_bytes()[d.len()] == b'/',
    }
}

/// The snapshot files in scope (below `opts.path`) and, of those, the ones considered
/// (Linguist's detectable files, not binary, unless `opts.all_files`).
pub fn selection(h: &History, opts: &TeamOptions) -> (Vec<usize>, Vec<usize>) {
    let in_scope: Vec<usize> = (0..h.files.len())
        .filter(|&f| under(&h.files[f].info.path, &opts.path))
        .collect();
    let considered = in_scope
        .iter()
        .copied()
        .filter(|&f| opts.all_files || (h.files[f].info.considered() && !h.files[f].info.binary))
        .collect();
    (in_scope, considered)
}

/// Runs the analysis.
pub fn compute(inp: &Inputs<'_>, opts: &TeamOptions) -> TeamInsights {
    let h = inp.history;
    let dev = |d: usize| {
        inp.developers.get(d).cloned().unwrap_or(DevRef {
            name: "?".into(),
            email: String::new(),
        })
    };
    let (in_scope, considered) = selection(h, opts);
    let paths: Vec<String> = considered
        .iter()
        .map(|&f| h.files[f].info.path.clone())
        .collect();
    let file_authors = authorship(h, &considered);
    let mut changes = vec![0u64; inp.developers.len()];
    let mut last_active = vec![i64::MIN; inp.developers.len()];
    for c in &h.commits {
        for &d in &c.devs {
            if d < changes.len() {
                changes[d] += 1;
                last_active[d] = last_active[d].max(c.time);
            }
        }
    }
    let name_tf = |tf: &truck_factor::TruckFactor| TruckFactorReport::named(tf, dev);
    let tf = truck_factor::greedy(&file_authors, &changes);
    let pruned = truck_factor::pruned(&tf, opts.prune_share);
    let maintainers = maintainership(h, &considered, &paths, inp.line_runs);
    let maintainers_tf = truck_factor::greedy(&maintainers, &changes);

    // per directory, with ownership split for the charts
    let base_depth = opts
        .path
        .as_deref()
        .map(|p| {
            p.trim_matches('/')
                .split('/')
                .filter(|s| !s.is_empty())
                .count()
        })
        .unwrap_or(0);
    let directories = truck_factor::by_directory(&paths, &file_authors, &changes)
        .into_iter()
        .filter(|d| {
            let depth = if d.directory.is_empty() {
                0
            } else {
                d.directory.split('/').count()
            };
            depth > base_depth && depth <= base_depth + opts.directory_depth
        })
        .map(|d| {
            let mut own: BTreeMap<usize, f64> = BTreeMap::new();
            for (p, a) in paths.iter().zip(&file_authors) {
                if p.starts_with(&d.directory) && p.as_bytes().get(d.directory.len()) == Some(&b'/')
                {
                    for &x in a {
                        *own.entry(x).or_default() += 1.0 / a.len() as f64;
                    }
                }
            }
            let mut ownership: Vec<(DevRef, f64)> =
                own.into_iter().map(|(x, n)| (dev(x), n)).collect();
            ownership.sort_by(|a, b| b.1.total_cmp(&a.1));
            DirectoryReport {
                directory: d.directory,
                truck_factor: name_tf(&d.truck_factor),
                ownership,
            }
        })
        .collect();

    // silos and orphans
    let file_silos = silos::file_silos(&file_authors);
    let silos_report = Silos {
        files: file_silos.len(),
        file_list: file_silos
            .iter()
            .take(opts.limit)
            .map(|s| SiloFile {
                path: paths[s.file].clone(),
                author: dev(s.dev),
            })
            .collect(),
        directories: silos::directory_silos(&paths, &file_authors, 2)
            .into_iter()
            .map(|d| SiloDirectory {
                directory: d.directory,
                author: dev(d.dev),
                files: d.files,
            })
            .collect(),
    };
    let orphaned = silos::orphaned(&file_authors, &last_active, h.now, opts.inactive_days)
        .into_iter()
        .map(|o| OrphanedFile {
            path: paths[o.file].clone(),
            authors: o.authors.iter().map(|&d| dev(d)).collect(),
            last_active: calendar::rfc3339(o.last_active, 0),
        })
        .collect();

    // off-boarding what-if
    let what_if = (!opts.without.is_empty()).then(|| {
        let (mut removed, mut unknown) = (Vec::new(), Vec::new());
        for q in &opts.without {
            match (inp.find)(q) {
                Some(d) => removed.push(d),
                None => unknown.push(q.clone()),
            }
        }
        let w = offboarding::what_if(&file_authors, &changes, &removed);
        WhatIfReport {
            removed: removed.iter().map(|&d| dev(d)).collect(),
            unknown,
            coverage_before: w.coverage_before,
            coverage_after: w.coverage_after,
            files_without_author: w
                .files_without_author
                .iter()
                .map(|&f| paths[f].clone())
                .collect(),
            truck_factor: name_tf(&w.truck_factor),
        }
    });

    // hotspots in the window
    let since = h.now - i64::from(opts.window_days) * calendar::DAY;
    let activity: Vec<hotspots::FileActivity> = considered
        .iter()
        .enumerate()
        .filter_map(|(i, &f)| {
            let recent: Vec<_> = h.files[f]
                .events
                .iter()
                .filter(|e| h.commits[e.commit].time >= since)
                .collect();
            if recent.is_empty() {
                return None;
            }
            let text = (inp.read_text)(&paths[i]).unwrap_or_default();
            Some(hotspots::FileActivity {
                file: i,
                revisions: recent.len() as u32,
                churn: recent.iter().map(|e| e.lines).sum(),
                complexity: hotspots::indentation_complexity(&text),
            })
        })
        .collect();
    let hotspots = hotspots::rank(&activity, opts.limit)
        .into_iter()
        .map(|x| HotspotReport {
            path: paths[x.file].clone(),
            revisions: x.revisions,
            churn: x.churn,
            complexity: x.complexity,
            score: x.score,
        })
        .collect();

    // coupling over the considered files' lineages (in the coupling window, if any)
    let coupling_since = opts
        .coupling
        .since_days
        .map_or(i64::MIN, |d| h.now - i64::from(d) * calendar::DAY);
    let mut per_commit: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &f) in considered.iter().enumerate() {
        for e in &h.files[f].events {
            if h.commits[e.commit].time >= coupling_since {
                per_commit.entry(e.commit).or_default().push(i);
            }
        }
    }
    let mut changesets: Vec<(usize, Vec<usize>)> = per_commit.into_iter().collect();
    changesets.sort_by_key(|c| c.0);
    let changesets: Vec<Vec<usize>> = changesets.into_iter().map(|c| c.1).collect();
    let coupling = coupling::couplings(&changesets, &opts.coupling)
        .into_iter()
        .take(opts.limit)
        .map(|c| CouplingReport {
            path: paths[c.a].clone(),
            coupled: paths[c.b].clone(),
            degree: c.degree,
            shared_commits: c.shared,
            commits: c.revs_a,
            coupled_commits: c.revs_b,
        })
        .collect();

    // fragmentation of files with at least 5 commits
    let mut frag: Vec<FragmentationReport> = considered
        .iter()
        .enumerate()
        .filter(|(_, &f)| h.files[f].events.len() >= 5)
        .map(|(i, &f)| {
            let devs: Vec<&[usize]> = h.files[f]
                .events
                .iter()
                .map(|e| h.commits[e.commit].devs.as_slice())
                .collect();
            let fr = fragmentation::fragmentation(&devs);
            FragmentationReport {
                path: paths[i].clone(),
                fragmentation: fr.value,
                developers: fr.developers,
                main_developer: fr.main.map(|(d, _)| dev(d)),
                main_share: fr.main.map(|(_, s)| s).unwrap_or(0.0),
            }
        })
        .collect();
    frag.sort_by(|a, b| {
        b.fragmentation
            .total_cmp(&a.fragmentation)
            .then(a.path.cmp(&b.path))
    });
    frag.truncate(opts.limit);

    // velocity and AI share over commits touching the scope
    let scoped: Vec<&crate::insights::history::Commit> = if opts.path.is_none() {
        h.commits.iter().collect()
    } else {
        let touched: BTreeSet<usize> = in_scope
            .iter()
            .flat_map(|&f| h.files[f].events.iter().map(|e| e.commit))
            .collect();
        touched.into_iter().map(|c| &h.commits[c]).collect()
    };
    let acts: Vec<velocity::CommitActivity<'_>> = scoped
        .iter()
        .map(|c| velocity::CommitActivity {
            time: c.time,
            devs: &c.devs,
            lines: c.lines,
        })
        .collect();
    let velocity = velocity::velocity(&acts, h.now);
    let dirs_of: Vec<Vec<String>> = scoped
        .iter()
        .map(|c| {
            let mut d: Vec<String> = c
                .changes
                .iter()
                .filter_map(|(p, _)| h.paths.get(p))
                .map(|p| {
                    p.path
                        .split_once('/')
                        .map(|(a, _)| a.to_string())
                        .unwrap_or_else(|| ".".into())
                })
                .collect();
            d.sort();
            d.dedup();
            d
        })
        .collect();
    let ai_commits: Vec<ai_share::AiCommit<'_>> = scoped
        .iter()
        .zip(&dirs_of)
        .map(|(c, d)| ai_share::AiCommit {
            time: c.time,
            devs: &c.devs,
            agent: c.agent,
            directories: d,
        })
        .collect();
    let ai = ai_share::ai_share(&ai_commits);
    let mut by_developer: Vec<(DevRef, ai_share::Share)> = ai
        .by_developer
        .into_iter()
        .filter(|(_, s)| s.ai_commits > 0)
        .map(|(d, s)| (dev(d), s))
        .collect();
    by_developer.sort_by_key(|b| std::cmp::Reverse(b.1.ai_commits));
    let devs_seen: BTreeSet<usize> = scoped.iter().flat_map(|c| c.devs.iter().copied()).collect();

    TeamInsights {
        scope: ScopeReport {
            repository: String::new(),
            path: opts.path.clone(),
            as_of: calendar::rfc3339(h.now, 0),
            commits: scoped.len(),
            developers: devs_seen.len(),
            files: in_scope.len(),
            considered_files: considered.len(),
            files_with_author: file_authors.iter().filter(|a| !a.is_empty()).count(),
        },
        truck_factor: name_tf(&tf),
        pruned_truck_factor: name_tf(&pruned),
        maintainers_truck_factor: name_tf(&maintainers_tf),
        directories,
        silos: silos_report,
        orphaned,
        what_if,
        hotspots,
        coupling,
        fragmentation: frag,
        velocity,
        ai_share: AiReport {
            overall: ai.overall,
            by_developer,
            by_directory: ai.by_directory,
            by_month: ai.by_month,
        },
        heatmap: crate::insights::profile::heatmap::heatmap(
            &scoped.iter().map(|c| (c.time, c.tz)).collect::<Vec<_>>(),
        ),
        options: opts.clone(),
    }
}
