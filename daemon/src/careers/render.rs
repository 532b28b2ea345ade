//! Career reports for people: terminal text and Markdown (the editors render the JSON).

use std::fmt::Write;

use super::evaluate::{CriterionResult, RequirementResult};
use super::ladder::{describe, Ladder};
use super::mentors::Mentor;
use super::metrics::Metric;
use super::Career;
use crate::insights::render::escape::{markdown, terminal};

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn alt_line(a: &RequirementResult) -> String {
    let value = a.value.map(number).unwrap_or_else(|| "—".into());
    let cap = a
        .capped_by
        .as_ref()
        .map(|c| format!(" (needs {}: capped, only {c})", number(a.effective_min)))
        .unwrap_or_default();
    format!("{}: {value}{cap} — {}", a.requirement, a.evidence)
}

fn mark(c: &CriterionResult) -> &'static str {
    match c.met {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "·",
    }
}

fn mentor_line(m: &Mentor) -> String {
    format!("{} ({})", m.name, m.why)
}

/// `aexy career`.
pub fn text(c: &Career) -> String {
    let mut s = String::new();
    let placed = c
        .placement_title
        .as_deref()
        .unwrap_or("not yet on the ladder");
    let _ = writeln!(
        s,
        "{} — {placed} (ladder: {}; as of {})",
        terminal(&c.developer.name),
        terminal(&c.ladder),
        &c.as_of[..10.min(c.as_of.len())]
    );
    match (&c.target, &c.target_title) {
        (Some(id), Some(title)) => {
            let role = c.roles.iter().find(|r| &r.id == id);
            let total = role.map_or(0, |r| r.criteria.len());
            let _ = writeln!(
                s,
                "\nToward {}: {} of {} criteria to go",
                terminal(title),
                c.gaps.len(),
                total
            );
            if let Some(r) = role {
                for cr in &r.criteria {
                    let category = format!("{:?}", cr.category).to_lowercase();
                    if let [only] = cr.alternatives.as_slice() {
                        let _ = writeln!(
                            s,
                            "  {} {category:<14}{}",
                            mark(cr),
                            terminal(&alt_line(only))
                        );
                        continue;
                    }
                    let _ = writeln!(
                        s,
                        "  {} {category:<14}{}, one of:",
                        mark(cr),
                        terminal(&cr.label)
                    );
                    for a in &cr.alternatives {
                        let _ = writeln!(s, "{:18}{}", "", terminal(&alt_line(a)));
                    }
                }
            }
        }
        _ => {
            let _ = writeln!(s, "\nEvery role of the ladder is met.");
        }
    }
    if !c.path.steps.is_empty() || !c.path.notes.is_empty() {
        let _ = writeln!(s, "\nLearning path");
    }
    for (i, st) in c.path.steps.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {}. {} — {}",
            i + 1,
            terminal(&st.area),
            terminal(&st.why)
        );
        if !st.helps.is_empty() {
            let _ = writeln!(s, "     helps: {}", terminal(&st.helps.join("; ")));
        }
        for r in &st.read_first {
            let _ = writeln!(s, "     read: {} ({})", terminal(&r.path), terminal(&r.why));
        }
        match &st.mentor {
            Some(m) => {
                let _ = writeln!(s, "     mentor: {}", terminal(&mentor_line(m)));
            }
            None => {
                let _ = writeln!(s, "     mentor: no active expert here");
            }
        }
        for m in &st.also {
            let _ = writeln!(s, "     also: {}", terminal(&mentor_line(m)));
        }
    }
    for n in &c.path.notes {
        let _ = writeln!(s, "  note: {}", terminal(n));
    }
    let roles: Vec<String> = c
        .roles
        .iter()
        .map(|r| {
            if r.met {
                format!("{} ✓", r.id)
            } else {
                format!(
                    "{} ✗ ({} gap{})",
                    r.id,
                    r.gaps,
                    if r.gaps == 1 { "" } else { "s" }
                )
            }
        })
        .collect();
    let _ = writeln!(s, "\nRoles: {}", terminal(&roles.join(" · ")));
    s
}

/// `aexy career --format md`.
pub fn markdown_report(c: &Career) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Career: {}\n", markdown(&c.developer.name));
    let _ = writeln!(
        s,
        "Placed at **{}** on the ladder ({}), as of {}.\n",
        markdown(c.placement_title.as_deref().unwrap_or("no role yet")),
        markdown(&c.ladder),
        markdown(&c.as_of)
    );
    if let (Some(id), Some(title)) = (&c.target, &c.target_title) {
        let _ = writeln!(
            s,
            "## Toward {}\n\n| | Criterion | Value | Evidence |\n|---|---|---|---|",
            markdown(title)
        );
        if let Some(r) = c.roles.iter().find(|r| &r.id == id) {
            for cr in &r.criteria {
                for a in &cr.alternatives {
                    let cap = a
                        .capped_by
                        .as_ref()
                        .map(|x| format!(" (capped: {x})"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "| {} | {}{} | {} | {} |",
                        mark(cr),
                        markdown(&a.requirement),
                        markdown(&cap),
                        a.value.map(number).unwrap_or_else(|| "—".into()),
                        markdown(&a.evidence)
                    );
                }
            }
        }
    }
    if !c.path.steps.is_empty() {
        let _ = writeln!(s, "\n## Learning path\n");
        for (i, st) in c.path.steps.iter().enumerate() {
            let _ = writeln!(
                s,
                "{}. **{}** — {}",
                i + 1,
                markdown(&st.area),
                markdown(&st.why)
            );
            if !st.helps.is_empty() {
                let _ = writeln!(s, "   - helps: {}", markdown(&st.helps.join("; ")));
            }
            for r in &st.read_first {
                let _ = writeln!(
                    s,
                    "   - read `{}` ({})",
                    r.path.replace('`', "'"),
                    markdown(&r.why)
                );
            }
            let _ = writeln!(
                s,
                "   - mentor: {}",
                st.mentor
                    .as_ref()
                    .map(|m| markdown(&mentor_line(m)))
                    .unwrap_or_else(|| "no active expert".into())
            );
        }
    }
    for n in &c.path.notes {
        let _ = writeln!(s, "\n_{}_", markdown(n));
    }
    s
}

/// `aexy career --ladder`.
pub fn ladder_text(l: &Ladder) -> String {
    let mut s = format!("Role ladder ({}):\n", l.source);
    for r in &l.roles {
        let _ = writeln!(s, "\n{} — {}: {}", r.id, r.title, r.summary);
        for c in &r.criteria {
            let alts: Vec<String> = c.alternatives.iter().map(describe).collect();
            let _ = writeln!(
                s,
                "  {:<14}{}",
                format!("{:?}", c.category).to_lowercase(),
                alts.join("  or  ")
            );
        }
    }
    let _ = writeln!(s, "\nMetrics:");
    for m in Metric::ALL {
        let _ = writeln!(s, "  {:<20}{}", m.name(), m.definition());
    }
    s
}

/// `aexy mentors AREA`.
pub fn mentors_text(area: &str, list: &[Mentor]) -> String {
    let mut s = String::new();
    if list.is_empty() {
        let _ = writeln!(s, "Nobody authors the code in {}.", terminal(area));
        return s;
    }
    let _ = writeln!(s, "Who can teach {}:", terminal(area));
    for m in list {
        let state = if !m.active {
            "inactive"
        } else if m.overloaded {
            "overloaded"
        } else {
            "available"
        };
        let _ = writeln!(
            s,
            "  {:<24} {:<11} {}",
            terminal(&m.name),
            state,
            terminal(&m.why)
        );
    }
    s
}
