//! Team insights for people: terminal text, Markdown, and the HTML sections the team report
//! gains (teams, and the CODEOWNERS check).

use std::fmt::Write;

use crate::insights::render::escape::{markdown, terminal};
use crate::insights::render::svg::esc;
use crate::insights::render::{count, pct, tf_names, trace};
use crate::teams::ask::AskAnswer;
use crate::teams::check::Report;
use crate::teams::insights::{TeamReport, TeamsReport};

fn members_line(t: &TeamReport) -> String {
    if t.members.is_empty() {
        return if t.members_declared {
            "none resolved".into()
        } else {
            "unknown (declare them in .aexy/teams.toml)".into()
        };
    }
    t.members
        .iter()
        .map(|m| {
            if m.active {
                m.name.clone()
            } else {
                format!("{} (inactive)", m.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn experts_line(t: &TeamReport) -> String {
    t.experts
        .iter()
        .map(|(d, n, member)| {
            let note = if *member || t.members.is_empty() {
                ""
            } else {
                " (not a member)"
            };
            format!("{} {n}{note}", d.name)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `aexy teams`.
pub fn text(r: &TeamsReport) -> String {
    let mut s = String::new();
    if r.teams.is_empty() {
        let _ = writeln!(
            s,
            "No teams: declare them in .aexy/teams.toml or name them in CODEOWNERS (@org/team)."
        );
        return s;
    }
    for t in &r.teams {
        let _ = writeln!(
            s,
            "{}  [{}]",
            terminal(&t.name),
            terminal(&t.sources.join(", "))
        );
        let _ = writeln!(s, "  members: {}", terminal(&members_line(t)));
        if !t.unresolved_members.is_empty() {
            let _ = writeln!(
                s,
                "  not found in the history: {}",
                terminal(&t.unresolved_members.join(", "))
            );
        }
        let rules: Vec<String> = t
            .codeowners_rules
            .iter()
            .map(|(l, p)| format!("{p} (line {l})"))
            .collect();
        if !rules.is_empty() {
            let _ = writeln!(s, "  CODEOWNERS: {}", terminal(&rules.join(", ")));
        }
        if !t.paths.is_empty() {
            let _ = writeln!(s, "  paths: {}", terminal(&t.paths.join(", ")));
        }
        let _ = writeln!(
            s,
            "  {} ({} with an author) · truck factor {} ({}) · coverage {}",
            count(t.files, "file"),
            t.files_with_author,
            t.truck_factor.value,
            terminal(&tf_names(&t.truck_factor)),
            trace(&t.truck_factor.coverage)
        );
        let mut silo_dirs: Vec<String> = t
            .silo_directories
            .iter()
            .take(5)
            .map(|d| {
                format!(
                    "{}/ ({}, {})",
                    d.directory,
                    d.author.name,
                    count(d.files, "file")
                )
            })
            .collect();
        if t.silo_directories.len() > 5 {
            silo_dirs.push(format!("+{} more", t.silo_directories.len() - 5));
        }
        let _ = writeln!(
            s,
            "  silos: {} with one author{}",
            count(t.silo_files, "file"),
            if silo_dirs.is_empty() {
                String::new()
            } else {
                format!("; directories {}", terminal(&silo_dirs.join(", ")))
            }
        );
        let _ = writeln!(
            s,
            "  orphaned: {}{}",
            count(t.orphaned_files, "file"),
            if t.orphaned_examples.is_empty() {
                String::new()
            } else {
                format!(" ({})", terminal(&t.orphaned_examples.join(", ")))
            }
        );
        if let Some(share) = t.authored_by_members {
            let _ = writeln!(s, "  members author {} of its authored files", pct(share));
        }
        if !t.experts.is_empty() {
            let _ = writeln!(s, "  experts: {}", terminal(&experts_line(t)));
        }
        s.push('\n');
    }
    if !r.shared.is_empty() {
        let _ = writeln!(
            s,
            "Knowledge shared across teams (files of a team authored by members of another):"
        );
        for x in &r.shared {
            let _ = writeln!(
                s,
                "  {} ← {}: {} ({})",
                terminal(&x.team),
                terminal(&x.held_by),
                count(x.files, "file"),
                terminal(&x.people.join(", "))
            );
        }
    }
    let _ = writeln!(s, "Files no team owns: {}", r.files_without_team);
    s
}

/// `aexy teams --ask PATH`.
pub fn ask_text(a: &AskAnswer) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}): {}",
        terminal(if a.path.is_empty() { "." } else { &a.path }),
        count(a.files, "file"),
        terminal(&a.answer)
    );
    for (team, why) in &a.declared {
        let _ = writeln!(s, "  declared: {} ({})", terminal(team), terminal(why));
    }
    for (team, share) in &a.measured {
        let _ = writeln!(
            s,
            "  measured: {} — active members author {}",
            terminal(team),
            pct(*share)
        );
    }
    let experts: Vec<String> = a
        .experts
        .iter()
        .map(|(d, n, _)| format!("{} {n}", d.name))
        .collect();
    if !experts.is_empty() {
        let _ = writeln!(s, "  experts: {}", terminal(&experts.join(", ")));
    }
    s
}

/// Markdown for `aexy teams --format md`.
pub fn markdown_report(r: &TeamsReport) -> String {
    let mut s = String::from("## Teams\n\n");
    if r.teams.is_empty() {
        s.push_str("No teams declared.\n");
        return s;
    }
    s.push_str("| Team | Members | Files | Truck factor | Silo files | Orphaned | Members author |\n|---|---|---|---|---|---|---|\n");
    for t in &r.teams {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} ({}) | {} | {} | {} |",
            markdown(&t.name),
            markdown(&members_line(t)),
            t.files,
            t.truck_factor.value,
            markdown(&tf_names(&t.truck_factor)),
            t.silo_files,
            t.orphaned_files,
            t.authored_by_members.map(pct).unwrap_or_else(|| "—".into())
        );
    }
    if !r.shared.is_empty() {
        s.push_str("\n**Knowledge shared across teams**\n\n");
        for x in &r.shared {
            let _ = writeln!(
                s,
                "- {} files of {} are authored by {} of {}",
                x.files,
                markdown(&x.team),
                markdown(&x.people.join(", ")),
                markdown(&x.held_by)
            );
        }
    }
    s
}

/// The report's "Teams" section (HTML).
pub fn html_teams(r: &TeamsReport) -> String {
    let mut s = String::from("<h2>Teams</h2>");
    if r.teams.is_empty() {
        s.push_str("<p class=\"muted\">No teams: declare them in <code>.aexy/teams.toml</code> or name them in CODEOWNERS.</p>");
        return s;
    }
    s.push_str("<p class=\"muted\">Each team's files: its paths in .aexy/teams.toml and what CODEOWNERS rules naming it own. Truck factor, silos and orphaned code as for the whole repository.</p><table><tr><th>Team</th><th>Members</th><th>Files</th><th>Truck factor</th><th>Silo files</th><th>Orphaned</th><th>Members author</th></tr>");
    for t in &r.teams {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{} <span class=\"muted\">({})</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&t.name),
            esc(&members_line(t)),
            t.files,
            t.truck_factor.value,
            esc(&tf_names(&t.truck_factor)),
            t.silo_files,
            t.orphaned_files,
            t.authored_by_members.map(pct).unwrap_or_else(|| "—".into())
        );
    }
    s.push_str("</table>");
    if !r.shared.is_empty() {
        s.push_str("<p>Knowledge shared across teams:</p><ul>");
        for x in &r.shared {
            let _ = write!(
                s,
                "<li>{} of {} authored by {} ({})</li>",
                count(x.files, "file"),
                esc(&x.team),
                esc(&x.people.join(", ")),
                esc(&x.held_by)
            );
        }
        s.push_str("</ul>");
    }
    s
}

/// The report's "CODEOWNERS" section (HTML).
pub fn html_codeowners(r: Option<&Report>) -> String {
    let mut s = String::from("<h2>CODEOWNERS</h2>");
    let Some(r) = r else {
        s.push_str("<p class=\"muted\">No CODEOWNERS file. <code>aexy codeowners suggest</code> proposes one from measured expertise.</p>");
        return s;
    };
    let _ = write!(
        s,
        "<p><code>{}</code> ({} rules, read as {}): {} of {} files owned. Declared owners compared with the measured experts (Degree of Authorship).</p>",
        esc(&r.file),
        r.rules,
        esc(&r.dialect),
        r.covered_files,
        r.files
    );
    if r.rejected_by_host {
        s.push_str("<p><strong>GitHub ignores this file until its errors are fixed.</strong></p>");
    }
    if r.findings.is_empty() {
        s.push_str("<p>No findings.</p>");
        return s;
    }
    s.push_str(
        "<table><tr><th>Kind</th><th>Line</th><th>Pattern</th><th>Finding</th><th>People</th></tr>",
    );
    for f in r.findings.iter().take(60) {
        let people: Vec<String> = f
            .people
            .iter()
            .map(|p| format!("{}: {}", p.name, p.detail))
            .collect();
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            f.kind.word(),
            f.line.map(|l| l.to_string()).unwrap_or_default(),
            esc(f.pattern.as_deref().unwrap_or("")),
            esc(&f.message),
            esc(&people.join("; "))
        );
    }
    s.push_str("</table>");
    if r.findings.len() > 60 {
        let _ = write!(
            s,
            "<p class=\"muted\">{} more: <code>aexy codeowners check</code>.</p>",
            r.findings.len() - 60
        );
    }
    s
}
