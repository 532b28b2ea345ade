//! Building the findings of `aexy codeowners check` (see `check`): the evidence that a
//! declared owner is stale, a finding for a rule, and the uncovered files grouped into the
//! largest wholly uncovered directories with their experts.

use std::collections::BTreeMap;

use super::check::{Concerned, Finding, Kind, Options, Severity};
use crate::insights::calendar;
use crate::insights::knowledge::Knowledge;
use crate::insights::render::count;

/// Why declared owner `d` is stale for a rule whose files known by someone active are
/// `authored`, if so.
pub(super) fn stale_person(
    k: &Knowledge,
    d: usize,
    authored: &[usize],
    opts: &Options,
) -> Option<String> {
    if !k.active(d, opts.inactive_days) {
        return Some(match k.idle_days(d) {
            Some(days) => format!(
                "inactive for {days} days (last commit {})",
                calendar::date_key(k.last_active[d])
            ),
            None => "no commits".into(),
        });
    }
    let mine = authored
        .iter()
        .filter(|&&f| k.files[f].authors.contains(&d))
        .count();
    (mine == 0 && !authored.is_empty())
        .then(|| format!("authors none of the {}", count(authored.len(), "file")))
}

pub(super) fn concerned(k: &Knowledge, d: usize, owner: Option<&str>, detail: String) -> Concerned {
    let r = k.dev(d);
    Concerned {
        name: r.name,
        email: r.email,
        owner: owner.map(str::to_string),
        detail,
    }
}

pub(super) fn rule_finding(
    kind: Kind,
    severity: Severity,
    rule: &super::codeowners::Rule,
    people: Vec<Concerned>,
    files: &[usize],
    k: &Knowledge,
    message: String,
) -> Finding {
    Finding {
        kind,
        severity,
        line: Some(rule.line),
        pattern: Some(rule.pattern.clone()),
        people,
        files: files.len(),
        examples: files
            .iter()
            .take(3)
            .map(|&f| k.files[f].path.clone())
            .collect(),
        message,
    }
}

/// Ownable files no rule owns, grouped into the largest wholly uncovered directories.
pub(super) fn uncovered(k: &Knowledge, covered: &[bool], deliberate: &[bool]) -> Vec<Finding> {
    let open = |f: usize| k.files[f].ownable && !covered[f] && !deliberate[f];
    // a directory is wholly uncovered when every ownable file below it is open
    let mut dirs: BTreeMap<&str, (usize, usize)> = BTreeMap::new(); // dir → (ownable, open)
    for (f, file) in k.files.iter().enumerate() {
        if !file.ownable {
            continue;
        }
        for (i, b) in file.path.bytes().enumerate() {
            if b == b'/' {
                let e = dirs.entry(&file.path[..i]).or_default();
                e.0 += 1;
                e.1 += usize::from(open(f));
            }
        }
    }
    let whole = |d: &str| dirs.get(d).is_some_and(|&(n, o)| n == o && n > 0);
    // the files directly in a directory: (ownable, open), "" for the root
    let mut direct: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (f, file) in k.files.iter().enumerate().filter(|(_, x)| x.ownable) {
        let parent = file.path.rsplit_once('/').map_or("", |(d, _)| d);
        let e = direct.entry(parent).or_default();
        e.0 += 1;
        e.1 += usize::from(open(f));
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for f in (0..k.files.len()).filter(|&f| open(f)) {
        let path = &k.files[f].path;
        // the outermost wholly uncovered ancestor; else every file directly in the directory
        // when all of them are uncovered (`/dir/*`, one level); else the file itself
        let parent = path.rsplit_once('/').map_or("", |(d, _)| d);
        let key = path
            .match_indices('/')
            .map(|(i, _)| &path[..i])
            .find(|d| whole(d))
            .map(|d| format!("/{d}/"))
            .or_else(|| {
                direct
                    .get(parent)
                    .filter(|&&(n, o)| n == o && n > 1)
                    .map(|_| {
                        if parent.is_empty() {
                            "/*".to_string()
                        } else {
                            format!("/{parent}/*")
                        }
                    })
            })
            .unwrap_or_else(|| format!("/{path}"));
        groups.entry(key).or_default().push(f);
    }
    groups
        .into_iter()
        .map(|(pattern, files)| {
            let mut per_dev: BTreeMap<usize, usize> = BTreeMap::new();
            for &f in &files {
                for &d in &k.files[f].authors {
                    *per_dev.entry(d).or_default() += 1;
                }
            }
            let mut ranked: Vec<(usize, usize)> = per_dev.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let people = ranked
                .iter()
                .take(3)
                .map(|&(d, n)| {
                    let state = if k.active(d, crate::insights::silos::DEFAULT_INACTIVE_DAYS) {
                        "active"
                    } else {
                        "inactive"
                    };
                    concerned(
                        k,
                        d,
                        None,
                        format!("authors {n} of the {}, {state}", count(files.len(), "file")),
                    )
                })
                .collect();
            Finding {
                kind: Kind::Uncovered,
                severity: Severity::Notice,
                line: None,
                examples: files
                    .iter()
                    .take(3)
                    .map(|&f| k.files[f].path.clone())
                    .collect(),
                files: files.len(),
                message: format!(
                    "no rule owns {}",
                    if files.len() == 1 {
                        "this file".to_string()
                    } else {
                        format!("these {} files", files.len())
                    }
                ),
                pattern: Some(pattern),
                people,
            }
        })
        .collect()
}
