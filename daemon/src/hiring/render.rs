//! Hiring output for people: the gaps as text or Markdown, and the plan as Markdown (the job
//! descriptions and rubrics are Markdown already).

use std::fmt::Write;

use super::gaps::Gap;
use super::plan::RoleProfile;
use crate::insights::render::count;
use crate::insights::render::escape::{markdown, terminal};

fn holders(g: &Gap) -> String {
    if g.holders.is_empty() {
        return "nobody active".into();
    }
    g.holders
        .iter()
        .map(|h| format!("{} ({})", h.name, h.detail))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `aexy hiring gaps`.
pub fn gaps_text(gaps: &[Gap]) -> String {
    let mut s = String::new();
    if gaps.is_empty() {
        let _ = writeln!(s, "No gaps: every area has more than one active expert and every language more than one active holder.");
        return s;
    }
    let _ = writeln!(
        s,
        "Gaps, riskiest first (risk = fragility × (files + changes in the last 180 days)):"
    );
    for (i, g) in gaps.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>3}. {:<21}{}  risk {} ({}, {} in the last 180 days, fragility {})",
            i + 1,
            g.kind.word(),
            terminal(&g.subject),
            g.risk,
            count(g.files, "file"),
            count(g.recent_changes, "change"),
            g.fragility
        );
        for e in &g.evidence {
            let _ = writeln!(s, "       {}", terminal(e));
        }
        let _ = writeln!(s, "       held by: {}", terminal(&holders(g)));
    }
    s
}

/// `aexy hiring gaps --format md`.
pub fn gaps_markdown(gaps: &[Gap]) -> String {
    let mut s = String::from("## Hiring gaps\n\nRisk = fragility × (files + changes in the last 180 days).\n\n| # | Kind | Subject | Risk | Evidence | Held by |\n|---|---|---|---|---|---|\n");
    for (i, g) in gaps.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            g.kind.word(),
            markdown(&g.subject),
            g.risk,
            markdown(&g.evidence.join("; ")),
            markdown(&holders(g))
        );
    }
    s
}

/// `aexy hiring plan` (Markdown, also in the terminal).
pub fn plan(profiles: &[RoleProfile]) -> String {
    let mut s = String::new();
    if profiles.is_empty() {
        let _ = writeln!(s, "No gaps to hire for.");
        return s;
    }
    for (i, p) in profiles.iter().enumerate() {
        let _ = writeln!(
            s,
            "<!-- role {} of {}: {} gap \"{}\" -->\n",
            i + 1,
            profiles.len(),
            p.gap.kind.word(),
            p.gap.subject.replace("--", "- -")
        );
        s.push_str(&p.job_description);
        s.push_str("\n\n");
        s.push_str(&p.rubric);
        s.push_str("\n\n---\n\n");
    }
    s
}
