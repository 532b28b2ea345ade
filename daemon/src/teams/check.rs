//! `aexy codeowners check`: each CODEOWNERS rule's declared owners against the measured experts
//! (Degree-of-Authorship authors, see `insights::doa`) of the files the rule owns at the
//! snapshot. Findings, each with the rule's line, its pattern and the people concerned:
//!
//! - `syntax`: a line the host rejects (error) or reads differently than it looks (warning);
//! - `dead`: a rule that matches no file, or whose every file a later rule owns (precedence as
//!   the host applies it, see `codeowners`);
//! - `stale`: a declared owner who is inactive (no commit for `inactive_days`), or who authors
//!   none of the rule's files that someone active authors (where nobody active knows the code
//!   any more, an active owner is the best there is); for a team with declared members, when no
//!   member authors any of those files or every member is inactive;
//! - `undeclared`: an active developer who authors at least `undeclared_share` of the rule's
//!   authored files (at least one) and is not among its owners, directly or through a team
//!   (not judged when a team's members are unknown: the output says so);
//! - `uncovered`: files no rule owns (exclusions and rules with no owners are deliberate and
//!   not reported), grouped into the largest directories whose files are all uncovered, with
//!   their measured experts.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::check_findings::{concerned, rule_finding, stale_person, uncovered};
use super::codeowners::CodeOwners;
use super::model::{OwnerRef, Teams};
use super::people::People;
use crate::insights::knowledge::Knowledge;
use crate::insights::render::count;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Syntax,
    Stale,
    Dead,
    Undeclared,
    Uncovered,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Syntax => "syntax",
            Kind::Stale => "stale",
            Kind::Dead => "dead",
            Kind::Undeclared => "undeclared",
            Kind::Uncovered => "uncovered",
        }
    }

    pub const ALL: [Kind; 5] = [
        Kind::Syntax,
        Kind::Stale,
        Kind::Dead,
        Kind::Undeclared,
        Kind::Uncovered,
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.word() == s.trim())
    }
}

/// How serious a finding is (GitHub annotation levels; SARIF `error`/`warning`/`note`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

/// A person a finding concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Concerned {
    pub name: String,
    pub email: String,
    /// The owner as written in the file, when the person is a declared owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The evidence: "inactive for 400 days (last commit 2023-01-02)", "authors 5 of 8 files".
    pub detail: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    /// 1-based line in the CODEOWNERS file (`None` for uncovered paths).
    pub line: Option<usize>,
    /// The rule's pattern (for uncovered paths: a pattern that would cover them).
    pub pattern: Option<String>,
    pub people: Vec<Concerned>,
    /// Files concerned and a few of them.
    pub files: usize,
    pub examples: Vec<String>,
    pub message: String,
}

/// An owner nobody could be resolved for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unresolved {
    pub owner: String,
    pub lines: Vec<usize>,
    pub reason: String,
}

/// The whole check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub file: String,
    pub dialect: String,
    pub dialect_reason: String,
    pub rules: usize,
    /// Files at the snapshot that can have owners, and how many a rule owns.
    pub files: usize,
    pub covered_files: usize,
    /// GitHub ignores a file with any error line.
    pub rejected_by_host: bool,
    pub findings: Vec<Finding>,
    pub unresolved: Vec<Unresolved>,
    /// Teams named without known members (undeclared experts are not judged for their rules).
    pub teams_without_members: Vec<String>,
    pub options: Options,
}

/// Thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub inactive_days: u32,
    pub undeclared_share: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            inactive_days: crate::insights::silos::DEFAULT_INACTIVE_DAYS,
            undeclared_share: 0.25,
        }
    }
}

/// Everything the check reads.
pub struct Inputs<'a> {
    pub co: &'a CodeOwners,
    pub dialect_reason: &'a str,
    pub k: &'a Knowledge,
    pub teams: &'a Teams,
    pub people: &'a People<'a>,
}

/// Runs the check.
pub fn check(inp: &Inputs<'_>, opts: &Options) -> Report {
    let (co, k) = (inp.co, inp.k);
    let mut findings = Vec::new();
    for i in &co.issues {
        findings.push(Finding {
            kind: Kind::Syntax,
            severity: if i.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            line: Some(i.line),
            pattern: i.pattern.clone(),
            people: Vec::new(),
            files: 0,
            examples: Vec::new(),
            message: i.message.clone(),
        });
    }
    // which rules own and which match each file
    let mut owned_by: Vec<Vec<usize>> = vec![Vec::new(); co.rules.len()];
    let mut matched_by: Vec<usize> = vec![0; co.rules.len()];
    let mut covered = vec![false; k.files.len()];
    let mut deliberate = vec![false; k.files.len()];
    let mut shadowed_by: Vec<std::collections::BTreeSet<usize>> =
        vec![Default::default(); co.rules.len()];
    for (f, file) in k.files.iter().enumerate() {
        let matching = co.matching_rules(&file.path);
        for &r in &matching {
            matched_by[r] += 1;
        }
        let owning = co.owning_among(&matching);
        for &r in &matching {
            shadowed_by[r].extend(
                owning
                    .iter()
                    .filter(|&&o| o != r)
                    .map(|&o| co.rules[o].line),
            );
        }
        for &r in &owning {
            owned_by[r].push(f);
        }
        covered[f] = owning.iter().any(|&r| !co.rules[r].owners.is_empty());
        deliberate[f] =
            matching.iter().any(|&r| co.rules[r].exclude) || (!owning.is_empty() && !covered[f]);
    }
    let mut unresolved: BTreeMap<String, Unresolved> = BTreeMap::new();
    let mut teams_without_members = BTreeSet::new();
    for (ri, rule) in co.rules.iter().enumerate() {
        if rule.matcher.is_none() {
            continue;
        }
        if matched_by[ri] == 0 {
            findings.push(rule_finding(
                Kind::Dead,
                Severity::Warning,
                rule,
                Vec::new(),
                &[],
                k,
                "matches no file at the snapshot".into(),
            ));
            continue;
        }
        if owned_by[ri].is_empty() {
            let later: Vec<String> = shadowed_by[ri].iter().map(|l| l.to_string()).collect();
            findings.push(rule_finding(
                Kind::Dead,
                Severity::Warning,
                rule,
                Vec::new(),
                &[],
                k,
                format!(
                    "every file it matches is owned by a later rule (line {})",
                    later.join(", ")
                ),
            ));
            continue;
        }
        if rule.exclude || rule.owners.is_empty() {
            continue;
        }
        let files = &owned_by[ri];
        let authored: Vec<usize> = files
            .iter()
            .copied()
            .filter(|&f| !k.files[f].authors.is_empty())
            .collect();
        // code someone active knows: a declared owner who authors none of it is stale (where
        // nobody active knows the code any more, an active owner is the best there is)
        let known: Vec<usize> = authored
            .iter()
            .copied()
            .filter(|&f| {
                k.files[f]
                    .authors
                    .iter()
                    .any(|&d| k.active(d, opts.inactive_days))
            })
            .collect();
        // declared people: individuals and the members of teams
        let mut declared: BTreeSet<usize> = BTreeSet::new();
        let mut stale: Vec<Concerned> = Vec::new();
        let mut judge_undeclared = true;
        for o in &rule.owners {
            match inp.teams.resolve(o, inp.people) {
                OwnerRef::Developer(d, _) => {
                    declared.insert(d);
                    if let Some(why) = stale_person(k, d, &known, opts) {
                        stale.push(concerned(k, d, Some(&o.text), why));
                    }
                }
                OwnerRef::Team(t) => {
                    let team = &inp.teams.teams[t];
                    if team.members.is_empty() {
                        judge_undeclared = false;
                        teams_without_members.insert(o.text.clone());
                        continue;
                    }
                    let members: Vec<usize> = team.members.iter().map(|m| m.0).collect();
                    declared.extend(&members);
                    let any_active = members.iter().any(|&d| k.active(d, opts.inactive_days));
                    let authoring = members
                        .iter()
                        .any(|&d| known.iter().any(|&f| k.files[f].authors.contains(&d)));
                    let why = if !any_active {
                        Some(format!(
                            "every member of {} is inactive for over {} days",
                            o.text, opts.inactive_days
                        ))
                    } else if !authoring && !known.is_empty() {
                        Some(format!(
                            "no member of {} authors any of the {}",
                            o.text,
                            count(known.len(), "file")
                        ))
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        stale.push(Concerned {
                            name: team.name.clone(),
                            email: String::new(),
                            owner: Some(o.text.clone()),
                            detail: why,
                        });
                    }
                }
                OwnerRef::Unresolved(reason) => {
                    judge_undeclared = false;
                    unresolved
                        .entry(o.text.clone())
                        .or_insert_with(|| Unresolved {
                            owner: o.text.clone(),
                            lines: Vec::new(),
                            reason,
                        })
                        .lines
                        .push(rule.line);
                }
            }
        }
        if !stale.is_empty() {
            let msg = format!(
                "{} of the declared owners no longer {} this code",
                stale.len(),
                if stale.len() == 1 { "knows" } else { "know" }
            );
            findings.push(rule_finding(
                Kind::Stale,
                Severity::Warning,
                rule,
                stale,
                files,
                k,
                msg,
            ));
        }
        if judge_undeclared && !authored.is_empty() {
            let mut per_dev: BTreeMap<usize, usize> = BTreeMap::new();
            for &f in &authored {
                for &d in &k.files[f].authors {
                    *per_dev.entry(d).or_default() += 1;
                }
            }
            let need = ((opts.undeclared_share * authored.len() as f64).ceil() as usize).max(1);
            let mut people: Vec<(usize, usize)> = per_dev
                .into_iter()
                .filter(|&(d, n)| {
                    n >= need && !declared.contains(&d) && k.active(d, opts.inactive_days)
                })
                .collect();
            people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            if !people.is_empty() {
                let list = people
                    .iter()
                    .map(|&(d, n)| {
                        concerned(
                            k,
                            d,
                            None,
                            format!(
                                "authors {n} of the {}, active",
                                count(authored.len(), "file")
                            ),
                        )
                    })
                    .collect();
                findings.push(rule_finding(
                    Kind::Undeclared,
                    Severity::Notice,
                    rule,
                    list,
                    files,
                    k,
                    "active experts of this code are not among its owners".into(),
                ));
            }
        }
    }
    findings.extend(uncovered(k, &covered, &deliberate));
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(
                a.line
                    .unwrap_or(usize::MAX)
                    .cmp(&b.line.unwrap_or(usize::MAX)),
            )
            .then(a.kind.cmp(&b.kind))
            .then(a.pattern.cmp(&b.pattern))
    });
    let ownable = k.files.iter().filter(|f| f.ownable).count();
    Report {
        file: co.path.clone(),
        dialect: co.dialect.name().into(),
        dialect_reason: inp.dialect_reason.to_string(),
        rules: co.rules.len(),
        files: ownable,
        covered_files: (0..k.files.len())
            .filter(|&f| k.files[f].ownable && covered[f])
            .count(),
        rejected_by_host: co.rejected_by_host(),
        findings,
        unresolved: unresolved.into_values().collect(),
        teams_without_members: teams_without_members.into_iter().collect(),
        options: opts.clone(),
    }
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
