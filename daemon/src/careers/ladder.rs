//! The role ladder as data: roles in order, each with criteria over aexy's own figures (see
//! `metrics`). The shipped ladder is `default_roles.toml`; `.aexy/roles.toml` replaces it.
//! Loading refuses anything that could never be met: an unknown metric or level, a minimum
//! outside the metric's range, an empty role, or a habit-dependent metric (co-authored commits,
//! reviews) required on its own instead of as an alternative inside `any`.

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};

use super::metrics::Metric;
use crate::insights::profile::proficiency::Level;

/// Where a repository overrides the ladder.
pub const PATH: &str = ".aexy/roles.toml";
/// The shipped ladder.
pub const DEFAULT: &str = include_str!("default_roles.toml");

/// The ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ladder {
    pub roles: Vec<Role>,
    /// `aexy` (shipped) or `.aexy/roles.toml`.
    pub source: String,
}

/// One role.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub criteria: Vec<Criterion>,
}

/// One criterion: a single requirement, or alternatives of which one must hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub label: String,
    pub category: Category,
    /// One requirement, or several alternatives (`any`).
    pub alternatives: Vec<Requirement>,
}

/// `metric ≥ min` (at `level` for leveled metrics).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    pub metric: Metric,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    pub min: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Breadth,
    Depth,
    Collaboration,
    Consistency,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    role: Vec<RawRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    id: String,
    title: Option<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    criteria: Vec<RawCriterion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    metric: Option<String>,
    level: Option<String>,
    min: Option<f64>,
    any: Option<Vec<RawRequirement>>,
    label: Option<String>,
    category: Option<Category>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    metric: String,
    level: Option<String>,
    min: f64,
}

impl Ladder {
    /// The shipped ladder.
    pub fn default_ladder() -> Ladder {
        // the shipped file is tested to parse and validate
        Ladder::parse(DEFAULT, "aexy").unwrap_or(Ladder {
            roles: Vec::new(),
            source: "aexy".into(),
        })
    }

    /// Parses and validates a ladder file.
    pub fn parse(text: &str, source: &str) -> Result<Ladder> {
        let f: File =
            toml::from_str(text).with_context(|| format!("{source} is not a valid role ladder"))?;
        if f.role.is_empty() {
            bail!("{source}: the ladder has no [[role]]");
        }
        let mut roles = Vec::new();
        for r in f.role {
            if roles.iter().any(|x: &Role| x.id == r.id) {
                bail!("{source}: role {:?} appears twice", r.id);
            }
            if r.criteria.is_empty() {
                bail!(
                    "{source}: role {:?} has no criteria: it could never be measured",
                    r.id
                );
            }
            let mut criteria = Vec::new();
            for (i, c) in r.criteria.into_iter().enumerate() {
                let at = || format!("{source}: role {:?}, criterion {}", r.id, i + 1);
                let alternatives = match (c.metric, c.any) {
                    (Some(m), None) => {
                        let min = c
                            .min
                            .with_context(|| format!("{}: `min` is missing", at()))?;
                        vec![requirement(&m, c.level.as_deref(), min).with_context(at)?]
                    }
                    (None, Some(list)) if !list.is_empty() => list
                        .iter()
                        .map(|x| requirement(&x.metric, x.level.as_deref(), x.min))
                        .collect::<Result<Vec<_>>>()
                        .with_context(at)?,
                    _ => bail!(
                        "{}: give either `metric` and `min`, or a non-empty `any`",
                        at()
                    ),
                };
                if alternatives.iter().all(|a| a.metric.habit_dependent()) {
                    bail!(
                        "{}: {} depends on team habits or synced data; require it only as an alternative inside `any`, next to a metric every repository can show",
                        at(),
                        alternatives.iter().map(|a| a.metric.name()).collect::<Vec<_>>().join(" / ")
                    );
                }
                let category = c
                    .category
                    .unwrap_or_else(|| alternatives[0].metric.category());
                let label = c.label.unwrap_or_else(|| describe(&alternatives[0]));
                criteria.push(Criterion {
                    label,
                    category,
                    alternatives,
                });
            }
            roles.push(Role {
                title: r.title.unwrap_or_else(|| r.id.clone()),
                id: r.id,
                summary: r.summary,
                criteria,
            });
        }
        Ok(Ladder {
            roles,
            source: source.to_string(),
        })
    }

    /// The role with this id or title (any case).
    pub fn find(&self, q: &str) -> Option<usize> {
        self.roles
            .iter()
            .position(|r| r.id.eq_ignore_ascii_case(q) || r.title.eq_ignore_ascii_case(q))
    }
}

fn requirement(metric: &str, level: Option<&str>, min: f64) -> Result<Requirement> {
    let m = Metric::parse(metric).with_context(|| {
        format!(
            "unknown metric {metric:?} (one of: {})",
            Metric::ALL
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let level = match (m.leveled(), level) {
        (true, Some(l)) => Some(parse_level(l)?),
        (true, None) => bail!("{metric} needs a `level` (novice, intermediate, advanced, expert)"),
        (false, Some(_)) => bail!("{metric} has no levels"),
        (false, None) => None,
    };
    if !min.is_finite() || min < 0.0 {
        bail!("{metric}: min must be a number ≥ 0");
    }
    if let Some(max) = m.max() {
        if min > max {
            bail!("{metric}: min {min} is more than its most possible value {max}");
        }
    }
    Ok(Requirement {
        metric: m,
        level,
        min,
    })
}

fn parse_level(s: &str) -> Result<Level> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "novice" => Level::Novice,
        "intermediate" => Level::Intermediate,
        "advanced" => Level::Advanced,
        "expert" => Level::Expert,
        _ => bail!("unknown level {s:?} (novice, intermediate, advanced, expert)"),
    })
}

/// "areas at advanced ≥ 3".
pub fn describe(r: &Requirement) -> String {
    let level = r
        .level
        .map(|l| format!(" at {}", level_name(l)))
        .unwrap_or_default();
    format!("{}{level} ≥ {}", r.metric.name().replace('_', " "), r.min)
}

pub fn level_name(l: Level) -> &'static str {
    match l {
        Level::Novice => "novice",
        Level::Intermediate => "intermediate",
        Level::Advanced => "advanced",
        Level::Expert => "expert",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_ladder_parses() {
        let l = Ladder::parse(DEFAULT, "aexy").unwrap();
        let ids: Vec<&str> = l.roles.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["contributor", "developer", "senior", "staff", "principal"]
        );
        assert_eq!(l.find("Senior developer"), Some(2));
        assert_eq!(l.roles[2].criteria[4].alternatives.len(), 3);
        assert_eq!(Ladder::default_ladder(), l);
    }

    #[test]
    fn unmeasurable_criteria_are_refused() {
        let bad = |body: &str| {
            let text = format!("[[role]]\nid = \"x\"\ncriteria = [{body}]\n");
            format!("{:#}", Ladder::parse(&text, "roles.toml").unwrap_err())
        };
        assert!(bad("{ metric = \"kubernetes_skill\", min = 1 }").contains("unknown metric"));
        assert!(bad("{ metric = \"active_months\", min = 13 }").contains("most possible value 12"));
        assert!(bad("{ metric = \"languages\", min = 1 }").contains("needs a `level`"));
        assert!(
            bad("{ metric = \"languages\", level = \"guru\", min = 1 }").contains("unknown level")
        );
        assert!(bad("{ metric = \"reviews\", min = 5 }").contains("inside `any`"));
        assert!(bad("{ any = [{ metric = \"reviews\", min = 5 }, { metric = \"coauthored_commits\", min = 1 }] }").contains("inside `any`"));
        assert!(bad("{ metric = \"commits\", min = -1 }").contains("≥ 0"));
        assert!(format!(
            "{:#}",
            Ladder::parse("[[role]]\nid = \"x\"\n", "r").unwrap_err()
        )
        .contains("no criteria"));
        assert!(Ladder::parse("[[role]]\nid = \"x\"\ncriteria = [{ any = [{ metric = \"reviews\", min = 5 }, { metric = \"commits\", min = 1 }] }]\n", "r").is_ok());
    }
}
