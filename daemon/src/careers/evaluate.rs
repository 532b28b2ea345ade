//! Where the evidence places a developer on the ladder: every criterion of every role evaluated
//! on their figures, each with its value, the minimum in effect (capped at what the repository
//! offers, saying so) and the evidence; the placement is the highest role whose criteria, and
//! those of every role below it, are all met. Criteria not measurable here (reviews without
//! synced data) are shown as such and count neither for nor against.

use serde::Serialize;

use super::areas::Areas;
use super::ladder::{describe, level_name, Category, Ladder, Requirement};
use super::metrics::{cap, value, Caps, DevFigures, Metric};
use crate::insights::calendar;
use crate::insights::knowledge::Knowledge;

/// One requirement evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequirementResult {
    pub requirement: String,
    pub metric: Metric,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<crate::insights::profile::proficiency::Level>,
    pub min: f64,
    /// The minimum in effect here (lower than `min` when the repository caps it).
    pub effective_min: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped_by: Option<String>,
    /// `None`: not measured here.
    pub value: Option<f64>,
    pub met: Option<bool>,
    pub evidence: String,
}

/// One criterion evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionResult {
    pub label: String,
    pub category: Category,
    /// Met when any alternative is met; `None` when no alternative is measured here.
    pub met: Option<bool>,
    pub alternatives: Vec<RequirementResult>,
}

/// One role evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleResult {
    pub id: String,
    pub title: String,
    pub met: bool,
    pub criteria: Vec<CriterionResult>,
    /// Criteria not met (measured and failed).
    pub gaps: usize,
}

/// Evaluates every role for one developer.
pub fn evaluate(
    l: &Ladder,
    f: &DevFigures,
    c: &Caps,
    k: &Knowledge,
    areas: &Areas,
) -> Vec<RoleResult> {
    l.roles
        .iter()
        .map(|r| {
            let criteria: Vec<CriterionResult> = r
                .criteria
                .iter()
                .map(|cr| {
                    let alternatives: Vec<RequirementResult> = cr
                        .alternatives
                        .iter()
                        .map(|req| requirement(req, f, c, k, areas))
                        .collect();
                    let measured: Vec<bool> = alternatives.iter().filter_map(|a| a.met).collect();
                    CriterionResult {
                        label: cr.label.clone(),
                        category: cr.category,
                        met: (!measured.is_empty()).then(|| measured.iter().any(|&m| m)),
                        alternatives,
                    }
                })
                .collect();
            let gaps = criteria.iter().filter(|c| c.met == Some(false)).count();
            RoleResult {
                id: r.id.clone(),
                title: r.title.clone(),
                met: gaps == 0,
                criteria,
                gaps,
            }
        })
        .collect()
}

/// The index of the highest role met with every role below it, if any.
pub fn placement(roles: &[RoleResult]) -> Option<usize> {
    roles.iter().take_while(|r| r.met).count().checked_sub(1)
}

fn requirement(
    req: &Requirement,
    f: &DevFigures,
    c: &Caps,
    k: &Knowledge,
    areas: &Areas,
) -> RequirementResult {
    let v = value(f, req.metric, req.level);
    let capped = cap(c, req.metric).filter(|(cap, _)| *cap < req.min);
    let effective = capped.as_ref().map_or(req.min, |(cap, _)| *cap);
    RequirementResult {
        requirement: describe(req),
        metric: req.metric,
        level: req.level,
        min: req.min,
        effective_min: effective,
        capped_by: capped.map(|(_, why)| why),
        value: v,
        met: v.map(|v| v >= effective),
        evidence: evidence(req, f, k, areas),
    }
}

fn names(k: &Knowledge, devs: impl Iterator<Item = (usize, usize)>, limit: usize) -> String {
    let v: Vec<String> = devs
        .take(limit)
        .map(|(d, n)| format!("{} ({n})", k.dev(d).name))
        .collect();
    v.join(", ")
}

/// What the value was computed from, in words.
pub fn evidence(req: &Requirement, f: &DevFigures, k: &Knowledge, areas: &Areas) -> String {
    let date = |t: Option<i64>| t.map(calendar::date_key).unwrap_or_else(|| "—".into());
    let at_level = |level: crate::insights::profile::proficiency::Level, l| level >= l;
    match req.metric {
        Metric::Commits => format!(
            "{} commits, first {}, last {}",
            f.commits,
            date(f.first),
            date(f.last)
        ),
        Metric::ActiveMonths => format!(
            "active in {} of the last 12 months ({})",
            f.active_months.len(),
            f.active_months.join(", ")
        ),
        Metric::TenureMonths => format!("first commit {}, last {}", date(f.first), date(f.last)),
        Metric::Languages => {
            let want = req
                .level
                .unwrap_or(crate::insights::profile::proficiency::Level::Novice);
            let list: Vec<String> = f
                .languages
                .iter()
                .map(|s| {
                    format!(
                        "{} {}{}",
                        s.name,
                        level_name(s.proficiency.level),
                        if at_level(s.proficiency.level, want) {
                            ""
                        } else {
                            " (below)"
                        }
                    )
                })
                .collect();
            if list.is_empty() {
                "no language yet".into()
            } else {
                list.join(", ")
            }
        }
        Metric::Areas => {
            let want = req
                .level
                .unwrap_or(crate::insights::profile::proficiency::Level::Novice);
            let list: Vec<String> = f
                .areas
                .iter()
                .take(8)
                .map(|a| {
                    format!(
                        "{} {}{}",
                        a.directory,
                        level_name(a.proficiency.level),
                        if at_level(a.proficiency.level, want) {
                            ""
                        } else {
                            " (below)"
                        }
                    )
                })
                .collect();
            if list.is_empty() {
                "authors no files yet".into()
            } else {
                list.join(", ")
            }
        }
        Metric::AuthoredFiles => {
            let ex: Vec<&str> = f
                .authored
                .iter()
                .take(3)
                .map(|&x| k.files[x].path.as_str())
                .collect();
            format!(
                "authors {} files{}",
                f.authored.len(),
                if ex.is_empty() {
                    String::new()
                } else {
                    format!(", e.g. {}", ex.join(", "))
                }
            )
        }
        Metric::ExpertAreas => {
            let mut parts: Vec<String> = f
                .expert_areas
                .iter()
                .map(|&(a, n)| {
                    format!(
                        "{}: {n} of {} authored files",
                        areas.names[a], areas.with_author[a]
                    )
                })
                .collect();
            // the closest areas that are not yet expert areas
            let mut near: Vec<(usize, usize, usize)> = (0..areas.names.len())
                .filter(|a| !f.expert_areas.iter().any(|x| x.0 == *a))
                .filter_map(|a| {
                    let n = areas.authored[a].get(&f.dev).copied().unwrap_or(0);
                    (n > 0).then(|| {
                        (
                            a,
                            n,
                            areas
                                .expert_threshold(a)
                                .max(super::areas::EXPERT_AREA_FILES),
                        )
                    })
                })
                .collect();
            near.sort_by(|x, y| {
                (x.2 - x.1.min(x.2))
                    .cmp(&(y.2 - y.1.min(y.2)))
                    .then(x.0.cmp(&y.0))
            });
            if let Some(&(a, n, need)) = near.first() {
                parts.push(format!(
                    "closest: {} ({n} of {} needed)",
                    areas.names[a], need
                ));
            }
            if parts.is_empty() {
                "no expert area yet".into()
            } else {
                parts.join("; ")
            }
        }
        Metric::Collaborators => {
            if f.collaborators.is_empty() {
                "shares 3 or more changed files with nobody yet".into()
            } else {
                format!(
                    "shares 3+ changed files with {}",
                    names(k, f.collaborators.iter().copied(), 6)
                )
            }
        }
        Metric::CoauthoredCommits => format!("{} commits with a co-author", f.coauthored),
        Metric::Reviews => match f.reviews {
            Some(r) => format!("{r} reviews given"),
            None => "not measured: no review data is synced for this repository".into(),
        },
    }
}
