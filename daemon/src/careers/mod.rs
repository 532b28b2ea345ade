//! Careers from evidence: a role ladder as data (`ladder`, shipped default or `.aexy/roles.toml`)
//! whose criteria are measurable figures (`metrics`) evaluated on a developer (`evaluate`),
//! a learning path through adjacent areas with files to read and a mentor per area (`path`,
//! `mentors`), over areas of the code and their experts (`areas`). Plain data in, plain data
//! out; the CLI and the daemon load the knowledge and the ladder.

pub mod areas;
pub mod evaluate;
pub mod ladder;
pub mod load;
pub mod mentors;
pub mod metrics;
pub mod path;
pub mod render;

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::insights::knowledge::Knowledge;
use crate::insights::team::DevRef;
use evaluate::{CriterionResult, RoleResult};
use ladder::Ladder;
use path::LearningPath;

/// A developer's career report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Career {
    pub developer: DevRef,
    /// Where the ladder came from.
    pub ladder: String,
    /// The highest role met together with every role below it.
    pub placement: Option<String>,
    pub placement_title: Option<String>,
    /// The role aimed at (default: the next one).
    pub target: Option<String>,
    pub target_title: Option<String>,
    /// The target's criteria not met, with their evidence.
    pub gaps: Vec<CriterionResult>,
    pub roles: Vec<RoleResult>,
    pub path: LearningPath,
    pub as_of: String,
}

/// Evaluates developer `dev` against `l`, aiming at `target` (a role id or title) or the next
/// role; `reviews` gives each developer's reviews where synced.
pub fn career(
    k: &Knowledge,
    l: &Ladder,
    dev: usize,
    target: Option<&str>,
    reviews: &dyn Fn(usize) -> Option<u64>,
) -> Result<Career> {
    let areas = areas::Areas::build(k);
    let changed = metrics::changed_files(k);
    let caps = metrics::caps(k, &areas, &changed);
    let f = metrics::figures(k, &areas, &changed, dev, reviews(dev));
    let roles = evaluate::evaluate(l, &f, &caps, k, &areas);
    let placed = evaluate::placement(&roles);
    let target_index = match target {
        Some(t) => Some(l.find(t).with_context(|| {
            format!(
                "no role {t:?} in the ladder ({})",
                l.roles
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?),
        None => match placed {
            Some(p) if p + 1 < roles.len() => Some(p + 1),
            Some(_) => None,
            None => Some(0),
        },
    };
    let target_role = target_index.map(|i| &roles[i]);
    let gaps = target_role
        .map(|r| {
            r.criteria
                .iter()
                .filter(|c| c.met == Some(false))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let path = path::learning_path(k, &areas, &f, target_role);
    Ok(Career {
        developer: k.dev(dev),
        ladder: l.source.clone(),
        placement: placed.map(|p| roles[p].id.clone()),
        placement_title: placed.map(|p| roles[p].title.clone()),
        target: target_role.map(|r| r.id.clone()),
        target_title: target_role.map(|r| r.title.clone()),
        gaps,
        roles,
        path,
        as_of: crate::insights::calendar::rfc3339(k.now, 0),
    })
}

#[cfg(test)]
mod tests;
