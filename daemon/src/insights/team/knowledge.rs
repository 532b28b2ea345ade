//! Who knows each considered file, in the team report's two senses: Avelino's DOA authors (what
//! the truck factor, silos and orphaned code count) and the maintainers of aexy's model
//! (`insights::maintainers`, for the maintainers' truck factor), plus the truck factor's
//! tie-break (commits per developer).

use std::collections::HashMap;

use crate::insights::history::History;
use crate::insights::{doa, expertise};

/// Who last changed the lines of a path at the snapshot, as `(lines, commit id)` runs; `None`
/// when not at hand.
pub type LineRunsFn<'a> = dyn Fn(&str) -> Option<Vec<(u32, i64)>> + 'a;

/// DOA authors of each of `files` (indices into `h.files`), from credited changes only.
pub fn authorship(h: &History, files: &[usize]) -> Vec<Vec<usize>> {
    files
        .iter()
        .map(|&f| {
            let events = h.doa_events(f);
            doa::authors(&events)
        })
        .collect()
}

/// The maintainers of each of `files` (indices into `h.files`, repository paths `paths`) by
/// aexy's maintainer model (`insights::maintainers`), as of `h.now`.
pub fn maintainership(
    h: &History,
    files: &[usize],
    paths: &[String],
    line_runs: &LineRunsFn<'_>,
) -> Vec<Vec<usize>> {
    let index: HashMap<i64, usize> = h
        .commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    files
        .iter()
        .zip(paths)
        .map(|(&f, path)| {
            let mut lines: HashMap<usize, u32> = HashMap::new();
            let mut total = 0;
            for (n, c) in line_runs(path).unwrap_or_default() {
                total += n;
                for &d in index.get(&c).map_or(&[][..], |&i| &h.commits[i].devs) {
                    *lines.entry(d).or_default() += n;
                }
            }
            expertise::assemble(&h.changes(f), &lines, total, h.now)
                .devs
                .iter()
                .filter(|s| s.verdict.maintainer)
                .map(|s| s.dev)
                .collect()
        })
        .collect()
}

/// Commits credited to each developer (the truck factor's tie-break).
pub fn changes_per_developer(h: &History, developers: usize) -> Vec<u64> {
    let mut changes = vec![0u64; developers];
    for c in &h.commits {
        for &d in &c.devs {
            if let Some(n) = changes.get_mut(d) {
                *n += 1;
            }
        }
    }
    changes
}
