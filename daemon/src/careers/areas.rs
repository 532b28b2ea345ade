//! Areas of the code (a path's directory cut to two levels, as in profiles: `profile::area_of`)
//! and who knows each: the Degree-of-Authorship authors of its considered files. An area
//! **expert** authors at least a third of the area's authored files (and at least one; two for
//! an area to count as a developer's expert area). A developer is the **go-to person** of an
//! area when they are its active expert with the most authored files; their number of go-to
//! areas is their load as a mentor.

use std::collections::{BTreeMap, BTreeSet};

use crate::insights::knowledge::Knowledge;
use crate::insights::profile::area_of;

/// Share of an area's authored files an expert authors.
pub const EXPERT_SHARE: f64 = 1.0 / 3.0;
/// Authored files an expert area needs (one file is not depth).
pub const EXPERT_AREA_FILES: usize = 2;

/// Every area with its files and authors.
pub struct Areas {
    pub names: Vec<String>,
    /// Considered files (indices into `Knowledge::files`) per area.
    pub files: Vec<Vec<usize>>,
    /// Developer → authored files, per area.
    pub authored: Vec<BTreeMap<usize, usize>>,
    /// Files with at least one author, per area.
    pub with_author: Vec<usize>,
    /// Area of each knowledge file (considered files only).
    pub of_file: Vec<Option<usize>>,
}

impl Areas {
    pub fn build(k: &Knowledge) -> Areas {
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for f in k.files.iter().filter(|f| f.considered) {
            let n = index.len();
            index.entry(area_of(&f.path).to_string()).or_insert(n);
        }
        // stable, sorted numbering
        let names: Vec<String> = index.keys().cloned().collect();
        let pos: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut files = vec![Vec::new(); names.len()];
        let mut authored = vec![BTreeMap::new(); names.len()];
        let mut with_author = vec![0; names.len()];
        let mut of_file = vec![None; k.files.len()];
        for (i, f) in k.files.iter().enumerate().filter(|(_, f)| f.considered) {
            let a = pos[area_of(&f.path)];
            of_file[i] = Some(a);
            files[a].push(i);
            if !f.authors.is_empty() {
                with_author[a] += 1;
            }
            for &d in &f.authors {
                *authored[a].entry(d).or_insert(0usize) += 1;
            }
        }
        Areas {
            names,
            files,
            authored,
            with_author,
            of_file,
        }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        let n = name.trim_matches('/');
        let n = if n.is_empty() { "." } else { n };
        self.names.iter().position(|x| x == n)
    }

    /// Authored files needed to be an expert of area `a`.
    pub fn expert_threshold(&self, a: usize) -> usize {
        ((EXPERT_SHARE * self.with_author[a] as f64).ceil() as usize).max(1)
    }

    /// Experts of area `a`, most authored files first: (developer, authored files).
    pub fn experts(&self, a: usize) -> Vec<(usize, usize)> {
        let need = self.expert_threshold(a);
        let mut v: Vec<(usize, usize)> = self.authored[a]
            .iter()
            .filter(|(_, &n)| n >= need)
            .map(|(&d, &n)| (d, n))
            .collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        v
    }

    /// Areas in which `d` is an expert with at least [`EXPERT_AREA_FILES`] files.
    pub fn expert_areas_of(&self, d: usize) -> Vec<usize> {
        (0..self.names.len())
            .filter(|&a| {
                let n = self.authored[a].get(&d).copied().unwrap_or(0);
                n >= EXPERT_AREA_FILES && n >= self.expert_threshold(a)
            })
            .collect()
    }

    /// Areas that could be someone's expert area (enough authored files).
    pub fn possible_expert_areas(&self) -> usize {
        (0..self.names.len())
            .filter(|&a| self.with_author[a] >= EXPERT_AREA_FILES)
            .count()
    }

    /// Areas whose go-to person is `d` (the active expert with the most files), `active` saying
    /// who is active.
    pub fn go_to_areas(&self, d: usize, active: &dyn Fn(usize) -> bool) -> Vec<usize> {
        (0..self.names.len())
            .filter(|&a| {
                self.experts(a)
                    .into_iter()
                    .find(|&(x, _)| active(x))
                    .map(|(x, _)| x)
                    == Some(d)
            })
            .collect()
    }

    /// Areas where `d` changed at least one considered file (renames followed).
    pub fn touched_by(&self, k: &Knowledge, d: usize) -> BTreeSet<usize> {
        (0..k.files.len())
            .filter(|&f| changers(k, f).any(|x| x == d))
            .filter_map(|f| self.of_file[f])
            .collect()
    }
}

/// The developers credited with a change to snapshot file `f` (renames followed).
pub fn changers(k: &Knowledge, f: usize) -> impl Iterator<Item = usize> + '_ {
    k.history.files[f]
        .events
        .iter()
        .flat_map(move |e| k.history.commits[e.commit].devs.iter().copied())
}
