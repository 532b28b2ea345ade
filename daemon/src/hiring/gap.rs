//! One gap built from the files it is about (see `gaps`): its exposure (files and recent
//! changes), the languages and the frameworks of the nearest manifests of those files, and the
//! areas they lie in.

use std::collections::{BTreeMap, BTreeSet};

use super::gaps::{Frameworks, Gap, GapKind, Holder};
use crate::careers::areas::Areas;
use crate::insights::knowledge::Knowledge;
use crate::insights::render::count;

/// Programming and markup languages (not data or prose).
pub fn skill_language(l: &str) -> bool {
    crate::classify::language::by_name(l).is_none_or(|x| {
        matches!(
            x.kind,
            crate::classify::language::Kind::Programming | crate::classify::language::Kind::Markup
        )
    })
}

/// What every gap is built with.
pub(super) struct Ctx<'a> {
    pub k: &'a Knowledge,
    pub areas: &'a Areas,
    pub frameworks: &'a Frameworks,
}

/// A gap over `file_list`: its exposure, languages, frameworks and areas come from the files.
pub(super) fn gap(
    c: &Ctx<'_>,
    kind: GapKind,
    subject: &str,
    fragility: f64,
    file_list: &[usize],
    holders: Vec<Holder>,
    evidence: Vec<String>,
) -> Gap {
    let (k, fw) = (c.k, c.frameworks);
    let files = file_list.len();
    let recent: u32 = file_list.iter().map(|&f| k.files[f].recent).sum();
    let areas: BTreeSet<String> = file_list
        .iter()
        .filter_map(|&f| c.areas.of_file[f])
        .map(|a| c.areas.names[a].clone())
        .collect();
    let areas: Vec<String> = areas.into_iter().collect();
    let mut langs: BTreeMap<&str, usize> = BTreeMap::new();
    for &f in file_list {
        if let Some(l) = k.files[f].language.as_deref().filter(|l| skill_language(l)) {
            *langs.entry(l).or_default() += 1;
        }
    }
    let mut languages: Vec<(&str, usize)> = langs.into_iter().collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // frameworks of the nearest manifest above each file
    let mut frameworks: BTreeSet<String> = BTreeSet::new();
    for &f in file_list {
        let p = &k.files[f].path;
        let nearest = fw
            .iter()
            .filter(|(dir, _)| {
                dir.is_empty()
                    || (p.starts_with(dir.as_str()) && p.as_bytes().get(dir.len()) == Some(&b'/'))
            })
            .max_by_key(|(dir, _)| dir.len());
        if let Some((_, names)) = nearest {
            frameworks.extend(names.iter().cloned());
        }
    }
    let mut ev = evidence;
    if recent > 0 {
        ev.push(format!(
            "{} to these files in the last 180 days",
            count(recent, "change")
        ));
    }
    Gap {
        kind,
        subject: subject.to_string(),
        risk: 0.0,
        fragility,
        files,
        recent_changes: recent,
        holders,
        evidence: ev,
        languages: languages.into_iter().map(|(l, _)| l.to_string()).collect(),
        frameworks: frameworks.into_iter().collect(),
        areas,
        examples: file_list
            .iter()
            .take(3)
            .map(|&f| k.files[f].path.clone())
            .collect(),
    }
}
