//! `aexy hiring plan`: for each of the top gaps (see `gaps`), a role profile — must-have skills
//! from the gap itself (the main language of its code, the framework it is about, the area to
//! own), nice-to-have ones from the rest of its code (other languages, frameworks declared by
//! the manifests above it) — with a job description and an interview rubric rendered from
//! Markdown templates (shipped, or `.aexy/hiring/job.md` and `.aexy/hiring/rubric.md`).
//!
//! **Scorecard.** Each skill is rated 0–3 in the interview. With M must-have and N
//! nice-to-have skills: `score = 70·Σmust/(3·M) + 30·Σnice/(3·N)`. This is the hosted design's
//! `70·must/total + 30·nice/total` with graded ratings instead of yes/no, made reachable: when
//! a list is empty its weight moves to the other, so a perfect candidate always scores 100;
//! and a must-have rated 0 makes the candidate not a match whatever the score.

use std::fmt::Write;

use anyhow::{bail, Result};
use serde::Serialize;

use super::gaps::{Gap, GapKind};
use crate::insights::render::escape::markdown;

/// The shipped templates.
pub const JOB_TEMPLATE: &str = include_str!("templates/job.md");
pub const RUBRIC_TEMPLATE: &str = include_str!("templates/rubric.md");
/// Where a repository overrides them.
pub const JOB_PATH: &str = ".aexy/hiring/job.md";
pub const RUBRIC_PATH: &str = ".aexy/hiring/rubric.md";
/// Placeholders a template may use.
pub const PLACEHOLDERS: [&str; 10] = [
    "title",
    "why",
    "own",
    "must",
    "nice",
    "evidence",
    "repository",
    "as_of",
    "rubric",
    "scorecard",
];

/// What a skill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillKind {
    Language,
    Framework,
    Area,
}

/// One skill of a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillReq {
    pub name: String,
    pub kind: SkillKind,
    /// What a rating of 3 looks like.
    pub bar: String,
}

/// A role profile for one gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleProfile {
    pub title: String,
    pub gap: Gap,
    pub must: Vec<SkillReq>,
    pub nice: Vec<SkillReq>,
    pub scorecard: Scorecard,
    pub job_description: String,
    pub rubric: String,
}

/// The scorecard formula with this profile's weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scorecard {
    pub formula: String,
    pub must_weight: f64,
    pub nice_weight: f64,
    /// Points one rating step (of 3) of each must-have and nice-to-have skill is worth.
    pub points_per_must_step: f64,
    pub points_per_nice_step: f64,
    pub gate: String,
}

impl Scorecard {
    pub fn new(must: usize, nice: usize) -> Scorecard {
        let (mw, nw) = match (must, nice) {
            (0, 0) => (0.0, 0.0),
            (_, 0) => (100.0, 0.0),
            (0, _) => (0.0, 100.0),
            _ => (70.0, 30.0),
        };
        let step = |w: f64, n: usize| {
            if n == 0 {
                0.0
            } else {
                (w / (3.0 * n as f64) * 100.0).round() / 100.0
            }
        };
        Scorecard {
            formula: format!(
                "score = {mw}·Σmust/(3·{must}) + {nw}·Σnice/(3·{nice}), each skill rated 0–3 (70/30 split; an empty list gives its weight to the other)"
            ),
            must_weight: mw,
            nice_weight: nw,
            points_per_must_step: step(mw, must),
            points_per_nice_step: step(nw, nice),
            gate: "any must-have rated 0: not a match, whatever the score".into(),
        }
    }

    /// The score of ratings (each 0–3), and whether the gate lets it through.
    pub fn score(&self, must: &[u8], nice: &[u8]) -> (f64, bool) {
        let part = |w: f64, r: &[u8]| {
            if r.is_empty() {
                0.0
            } else {
                w * r.iter().map(|&x| f64::from(x.min(3))).sum::<f64>() / (3.0 * r.len() as f64)
            }
        };
        (
            part(self.must_weight, must) + part(self.nice_weight, nice),
            !must.contains(&0),
        )
    }
}

/// The profile of one gap.
pub fn profile(
    g: &Gap,
    repository: &str,
    as_of: &str,
    job: &str,
    rubric: &str,
) -> Result<RoleProfile> {
    let main_language = g.languages.first().cloned();
    let area = g.areas.first().cloned().filter(|a| !a.is_empty());
    let mut must = Vec::new();
    let mut nice = Vec::new();
    let lang_req = |l: &str| SkillReq {
        name: l.to_string(),
        kind: SkillKind::Language,
        bar: format!(
            "has shipped and maintained production {l} code, and reads {} unaided",
            g.examples.first().map(String::as_str).unwrap_or("our code")
        ),
    };
    let fw_req = |f: &str| SkillReq {
        name: f.to_string(),
        kind: SkillKind::Framework,
        bar: format!("has built and debugged a real project with {f}"),
    };
    let area_req = |a: &str| SkillReq {
        name: format!("{a}/"),
        kind: SkillKind::Area,
        bar: format!(
            "after reading {} for an hour, explains how {a}/ works and what would break",
            g.examples.first().map(String::as_str).unwrap_or(a)
        ),
    };
    let title = match (g.kind, &main_language) {
        (GapKind::FewHolders, _)
            if !g.frameworks.is_empty() && g.frameworks.iter().any(|f| f == &g.subject) =>
        {
            format!("{} developer", g.subject)
        }
        (GapKind::FewHolders, _) => format!("{} developer", g.subject),
        (GapKind::Leaving, Some(l)) => format!("{l} developer to take over from {}", g.subject),
        (GapKind::HotspotSingleOwner, Some(l)) => format!(
            "{l} developer for {}",
            area.as_deref().unwrap_or(&g.subject)
        ),
        (_, Some(l)) => format!("{l} developer for {}", g.subject),
        (_, None) => format!("Developer for {}", g.subject),
    };
    match g.kind {
        GapKind::FewHolders if g.frameworks.contains(&g.subject) => {
            must.push(fw_req(&g.subject));
            if let Some(l) = &main_language {
                must.push(lang_req(l));
            }
        }
        GapKind::FewHolders => must.push(lang_req(&g.subject)),
        _ => {
            if let Some(l) = &main_language {
                must.push(lang_req(l));
            }
            if let Some(a) = &area {
                must.push(area_req(a));
            }
        }
    }
    for l in g.languages.iter().skip(1).take(3) {
        if !must.iter().any(|m| &m.name == l) {
            nice.push(lang_req(l));
        }
    }
    for f in g.frameworks.iter().take(4) {
        if !must.iter().any(|m| &m.name == f) {
            nice.push(fw_req(f));
        }
    }
    if g.kind == GapKind::FewHolders {
        for a in g.areas.iter().take(2) {
            nice.push(area_req(a));
        }
    }
    let scorecard = Scorecard::new(must.len(), nice.len());
    let list = |v: &[SkillReq]| -> String {
        if v.is_empty() {
            return "- (none)".into();
        }
        v.iter()
            .map(|s| format!("- {} ({})", markdown(&s.name), kind_word(s.kind)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let holders: Vec<String> = g
        .holders
        .iter()
        .map(|h| format!("{} ({})", h.name, h.detail))
        .collect();
    let why = format!(
        "{} — risk {} ({}, {} in the last 180 days). Held today by: {}.",
        g.evidence.first().cloned().unwrap_or_default(),
        g.risk,
        crate::insights::render::count(g.files, "file"),
        crate::insights::render::count(g.recent_changes, "change"),
        if holders.is_empty() {
            "nobody active".to_string()
        } else {
            holders.join(", ")
        }
    );
    let own = match &area {
        Some(a) if g.kind != GapKind::FewHolders => format!(
            "The code in `{}/`, e.g. {}.",
            a.replace('`', "'"),
            g.examples
                .iter()
                .map(|e| format!("`{}`", e.replace('`', "'")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!(
            "The {} code of the repository ({} files), e.g. {}.",
            markdown(&g.subject),
            g.files,
            g.examples
                .iter()
                .map(|e| format!("`{}`", e.replace('`', "'")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let evidence = g
        .evidence
        .iter()
        .map(|e| format!("- {}", markdown(e)))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rows = String::new();
    for (s, kind) in must
        .iter()
        .map(|s| (s, "must"))
        .chain(nice.iter().map(|s| (s, "nice")))
    {
        let _ = writeln!(
            rows,
            "| {} | {kind}-have {} | {} | |",
            markdown(&s.name),
            kind_word(s.kind),
            markdown(&s.bar)
        );
    }
    let score_text = format!(
        "`{}`\n\nOne rating step is worth {} points for a must-have and {} for a nice-to-have. {}.",
        scorecard.formula,
        scorecard.points_per_must_step,
        scorecard.points_per_nice_step,
        scorecard.gate
    );
    let values = [
        ("title", markdown(&title)),
        ("why", markdown(&why)),
        ("own", own),
        ("must", list(&must)),
        ("nice", list(&nice)),
        ("evidence", evidence),
        ("repository", markdown(repository)),
        ("as_of", as_of.to_string()),
        ("rubric", rows.trim_end().to_string()),
        ("scorecard", score_text),
    ];
    Ok(RoleProfile {
        job_description: fill(job, &values)?,
        rubric: fill(rubric, &values)?,
        title,
        gap: g.clone(),
        must,
        nice,
        scorecard,
    })
}

fn kind_word(k: SkillKind) -> &'static str {
    match k {
        SkillKind::Language => "language",
        SkillKind::Framework => "framework",
        SkillKind::Area => "area of the code",
    }
}

/// Replaces `{{name}}` placeholders; an unknown one is an error naming the known ones.
pub fn fill(template: &str, values: &[(&str, String)]) -> Result<String> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find("}}") else {
            bail!("a template has `{{{{` without `}}}}`");
        };
        let name = rest[i + 2..i + j].trim();
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => bail!(
                "unknown placeholder {{{{{name}}}}} in a hiring template (known: {})",
                PLACEHOLDERS.join(", ")
            ),
        }
        rest = &rest[i + j + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scorecard_reaches_100_and_gates_on_must_haves() {
        let s = Scorecard::new(2, 3);
        assert_eq!(s.score(&[3, 3], &[3, 3, 3]), (100.0, true));
        let (v, ok) = s.score(&[3, 0], &[3, 3, 3]);
        assert!((v - 65.0).abs() < 1e-9 && !ok);
        assert!((s.score(&[2, 2], &[1, 1, 1]).0 - (70.0 * 4.0 / 6.0 + 10.0)).abs() < 1e-9);
        // no nice-to-haves: the must-haves carry all 100 points (the hosted formula tops at 70)
        let only = Scorecard::new(1, 0);
        assert_eq!(only.score(&[3], &[]), (100.0, true));
        assert!(only
            .formula
            .starts_with("score = 100·Σmust/(3·1) + 0·Σnice/(3·0)"));
    }

    #[test]
    fn templates_fill_and_refuse_unknown_placeholders() {
        let v = [("title", "X".to_string())];
        assert_eq!(fill("# {{title}}!", &v).unwrap(), "# X!");
        assert!(format!("{:#}", fill("{{salary}}", &v).unwrap_err())
            .contains("unknown placeholder {{salary}}"));
        assert!(fill("{{title", &v).is_err());
    }
}
