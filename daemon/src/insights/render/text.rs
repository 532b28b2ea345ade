//! Human-readable terminal output for `aexy team`, `aexy profile`, `aexy hotspots` and
//! `aexy coupling`: short sections, every figure with what it was computed from.

use std::fmt::Write;

use super::{column_width, count, pct, tf_names, trace};
use crate::insights::profile::load::Profile;
use crate::insights::team::TeamInsights;

/// `aexy team`.
pub fn team(t: &TeamInsights) -> String {
    let mut s = String::new();
    let scope = super::scope_title(t);
    let _ = writeln!(
        s,
        "Team insights for {scope} as of {} — {} commits, {} developers, {} files considered ({} at the snapshot)",
        t.scope.as_of, t.scope.commits, t.scope.developers, t.scope.considered_files, t.scope.files
    );
    let _ = writeln!(
        s,
        "\nTruck factor: {}  ({})",
        t.truck_factor.value,
        tf_names(&t.truck_factor)
    );
    let _ = writeln!(
        s,
        "  coverage after each removal: {}",
        trace(&t.truck_factor.coverage)
    );
    let _ = writeln!(
        s,
        "  maintainers' truck factor: {}  ({}) — {}",
        t.maintainers_truck_factor.value,
        tf_names(&t.maintainers_truck_factor),
        super::MAINTAINERS_TF_NOTE
    );
    if t.pruned_truck_factor.value != t.truck_factor.value {
        let _ = writeln!(
            s,
            "  pruned (≥{} of the top author's files): {}",
            pct(t.options.prune_share),
            t.pruned_truck_factor.value
        );
    }
    if let Some(w) = &t.what_if {
        let names: Vec<&str> = w.removed.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            s,
            "\nWithout {}: truck factor {} ({}), coverage {} → {}, {} left without an author",
            names.join(", "),
            w.truck_factor.value,
            tf_names(&w.truck_factor),
            pct(w.coverage_before),
            pct(w.coverage_after),
            count(w.files_without_author.len(), "file")
        );
        for f in w.files_without_author.iter().take(t.options.limit) {
            let _ = writeln!(s, "  {f}");
        }
        for u in &w.unknown {
            let _ = writeln!(s, "  (no developer matches {u:?})");
        }
    }
    if !t.directories.is_empty() {
        let _ = writeln!(s, "\nBy directory:");
        let width = column_width(t.directories.iter().map(|d| d.directory.as_str()), 12, 60);
        for d in &t.directories {
            let _ = writeln!(
                s,
                "  {:<width$} TF {:<2} {:>10}  {}",
                d.directory,
                d.truck_factor.value,
                count(d.truck_factor.files, "file"),
                tf_names(&d.truck_factor)
            );
        }
    }
    let _ = writeln!(
        s,
        "\nKnowledge silos: {}",
        count(t.silos.files, "single-author file")
    );
    for d in &t.silos.directories {
        let _ = writeln!(
            s,
            "  {}/ — {} ({})",
            d.directory,
            d.author.name,
            count(d.files, "file")
        );
    }
    let _ = writeln!(
        s,
        "\nOrphaned (every author inactive > {} days): {}",
        t.options.inactive_days,
        count(t.orphaned.len(), "file")
    );
    for o in t.orphaned.iter().take(t.options.limit) {
        let names: Vec<&str> = o.authors.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(
            s,
            "  {}  ({}, last active {})",
            o.path,
            names.join(", "),
            &o.last_active[..10]
        );
    }
    s.push_str(&hotspots(t));
    s.push_str(&coupling(t));
    let v = &t.velocity.trend;
    let change = |c: Option<f64>| {
        c.map(|c| format!("{:+.0}%", c * 100.0))
            .unwrap_or_else(|| "n/a".into())
    };
    let _ = writeln!(
        s,
        "\nVelocity (last 12 weeks vs the 12 before): {:.1} vs {:.1} commits/week ({}), {:.0} vs {:.0} lines/week ({}), {:.1} vs {:.1} active developers ({})",
        v.recent_commits_per_week,
        v.previous_commits_per_week,
        change(v.commits_change),
        v.recent_lines_per_week,
        v.previous_lines_per_week,
        change(v.lines_change),
        v.recent_active_developers,
        v.previous_active_developers,
        change(v.developers_change)
    );
    let ai = &t.ai_share.overall;
    let _ = writeln!(
        s,
        "AI-assisted commits: {} of {} ({})",
        ai.ai_commits,
        ai.commits,
        pct(ai.share)
    );
    s
}

/// `aexy hotspots`.
pub fn hotspots(t: &TeamInsights) -> String {
    let mut s = format!(
        "\nHotspots (last {} days: revisions × indentation complexity):\n",
        t.options.window_days
    );
    if t.hotspots.is_empty() {
        s.push_str("  none\n");
    }
    let scores: Vec<String> = t
        .hotspots
        .iter()
        .map(|h| format!("{:.0}", h.score))
        .collect();
    let score_width = column_width(scores.iter().map(String::as_str), 1, 20);
    let path_width = column_width(t.hotspots.iter().map(|h| h.path.as_str()), 12, 72);
    for (h, score) in t.hotspots.iter().zip(&scores) {
        let _ = writeln!(
            s,
            "  {score:>score_width$}  {:<path_width$} {:>14}  complexity {:.0} ({})  churn {}",
            h.path,
            count(h.revisions, "revision"),
            h.complexity.total,
            count(h.complexity.lines, "line"),
            h.churn
        );
    }
    s
}

/// `aexy coupling`.
pub fn coupling(t: &TeamInsights) -> String {
    let c = &t.options.coupling;
    let window = c
        .since_days
        .map_or(String::new(), |d| format!(", last {d} days"));
    let mut s = format!(
        "\nChange coupling (≥{} commits each, ≥{} shared, ≥{}%, commits over {} files ignored{window}):\n",
        c.min_revs, c.min_shared, c.min_degree, c.max_changeset_size
    );
    if t.coupling.is_empty() {
        s.push_str("  none\n");
    }
    for x in &t.coupling {
        let _ = writeln!(
            s,
            "  {:>3}%  {} ⇄ {}  ({} shared of {} / {})",
            x.degree, x.path, x.coupled, x.shared_commits, x.commits, x.coupled_commits
        );
    }
    s
}

/// `aexy profile`.
pub fn profile(p: &Profile) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} <{}>{}",
        p.developer.name,
        p.developer.email,
        if p.bot { " (bot)" } else { "" }
    );
    if p.aliases.len() > 1 {
        let a: Vec<String> = p
            .aliases
            .iter()
            .map(|a| format!("{} <{}>", a.name, a.email))
            .collect();
        let _ = writeln!(s, "  aliases: {}", a.join(", "));
    }
    let _ = writeln!(
        s,
        "  {}, {}, {} authored; first {} last {}",
        count(p.commits, "commit"),
        count(p.lines, "line"),
        count(p.authored_files, "file"),
        p.first_commit.as_deref().unwrap_or("—"),
        p.last_commit.as_deref().unwrap_or("—")
    );
    let skills = |s: &mut String, title: &str, list: &[crate::insights::profile::Skill]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{title}:");
        for k in list.iter().take(12) {
            let _ = writeln!(
                s,
                "  {:<24} {:<12?} score {:.2}  {} in {}",
                k.name,
                k.proficiency.level,
                k.proficiency.score,
                count(k.proficiency.lines, "line"),
                count(k.proficiency.files, "file")
            );
        }
    };
    skills(&mut s, "Languages", &p.assembled.languages);
    skills(&mut s, "Frameworks", &p.assembled.frameworks);
    skills(&mut s, "Libraries", &p.assembled.libraries);
    if !p.assembled.areas.is_empty() {
        let _ = writeln!(s, "\nAreas (directories with files they author):");
        for a in p.assembled.areas.iter().take(12) {
            let _ = writeln!(
                s,
                "  {:<32} {:<12?} {} authored",
                a.directory,
                a.proficiency.level,
                count(a.authored_files, "file")
            );
        }
    }
    if !p.collaborators.is_empty() {
        let _ = writeln!(s, "\nFrequent collaborators:");
        for c in &p.collaborators {
            let _ = writeln!(s, "  {:<28} {} shared files", c.name, c.shared_files);
        }
    }
    if let Some(q) = p.assembled.trajectory.last() {
        let _ = writeln!(
            s,
            "\nLatest quarter {}: {} lines; new: {}",
            q.quarter,
            q.lines,
            if q.new_languages.is_empty() {
                "—".into()
            } else {
                q.new_languages.join(", ")
            }
        );
    }
    let _ = writeln!(
        s,
        "\nAI-assisted commits: {} of {}",
        p.ai_share.ai_commits, p.ai_share.commits
    );
    s.push_str(&heatmap(&p.assembled.heatmap));
    match &p.signals {
        Some(sig) => {
            let opt = |x: Option<f64>| x.map(pct).unwrap_or_else(|| "—".into());
            let _ = writeln!(
                s,
                "\nSignals (compared with their own baseline; not a verdict):"
            );
            let _ = writeln!(
                s,
                "  off-hours (outside 10–18 local): recent {} vs baseline {}",
                opt(sig.off_hours.recent),
                opt(sig.off_hours.baseline)
            );
            let _ = writeln!(
                s,
                "  weekend: recent {} vs baseline {}",
                opt(sig.weekend.recent),
                opt(sig.weekend.baseline)
            );
            let _ = writeln!(
                s,
                "  late night (00–05 local): recent {} vs baseline {}",
                opt(sig.late_night.recent),
                opt(sig.late_night.baseline)
            );
            let z = sig
                .weekly_load
                .z_score
                .map(|z| format!("{z:+.1}"))
                .unwrap_or_else(|| "n/a".into());
            let _ = writeln!(
                s,
                "  this week {} commits vs trailing median {:.1} (z {z})",
                sig.weekly_load.this_week, sig.weekly_load.trailing_median
            );
            let _ = writeln!(
                s,
                "  breaks longer than usual ({:.0}-day rhythm): {}",
                sig.usual_gap_days,
                sig.breaks.len()
            );
        }
        None => {
            let _ = writeln!(s, "\nSignals {}", p.signals_visibility);
        }
    }
    s
}

/// A compact weekday × hour heatmap with shade characters.
pub fn heatmap(h: &crate::insights::profile::heatmap::Heatmap) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];
    let mut s = String::from("\nActivity (local time)  0h          12h         23h\n");
    for (d, row) in h.cells.iter().enumerate() {
        let cells: String = row
            .iter()
            .map(|&n| {
                if n == 0 || h.max == 0 {
                    SHADES[0]
                } else {
                    SHADES[1 + ((n - 1) * 4 / h.max).min(3) as usize]
                }
            })
            .collect();
        let _ = writeln!(s, "  {}                   {cells}", DAYS[d]);
    }
    s
}
