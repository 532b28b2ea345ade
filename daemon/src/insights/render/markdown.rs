//! The Markdown team report (`aexy report --format md`): the same figures as `aexy team`, as
//! tables a lead can paste into an issue or a wiki page.

use std::fmt::Write;

use super::{pct, tf_names, trace};
use crate::insights::team::TeamInsights;

use crate::escape::{markdown as cell, markdown_code as code, markdown_code_cell as code_cell};

/// Renders the report.
pub fn report(t: &TeamInsights) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Team insights: {}\n", cell(&super::scope_title(t)));
    let _ = writeln!(
        s,
        "As of {} · {} commits · {} developers · {} files considered of {} at the snapshot (vendored, generated, documentation and data files excluded).\n",
        t.scope.as_of, t.scope.commits, t.scope.developers, t.scope.considered_files, t.scope.files
    );
    let _ = writeln!(s, "## Truck factor: {}\n", t.truck_factor.value);
    let _ = writeln!(
        s,
        "Greedy estimate of Avelino et al. (ICPC 2016) over DOA authorship. Developers: {}.\n",
        cell(&tf_names(&t.truck_factor))
    );
    let _ = writeln!(s, "Coverage after each removal: {} (the estimate stops once below 50%; values close to 50% are fragile).\n", trace(&t.truck_factor.coverage));
    let _ = writeln!(
        s,
        "Pruned variant (drops developers under {} of the top author's files): {}.\n",
        pct(t.options.prune_share),
        t.pruned_truck_factor.value
    );
    let _ = writeln!(
        s,
        "Maintainers' truck factor: {} ({}) — {}.\n",
        t.maintainers_truck_factor.value,
        cell(&tf_names(&t.maintainers_truck_factor)),
        super::MAINTAINERS_TF_NOTE
    );
    if let Some(w) = &t.what_if {
        let names: Vec<&str> = w.removed.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(s, "### Off-boarding: without {}\n", cell(&names.join(", ")));
        let _ = writeln!(
            s,
            "Truck factor {} · coverage {} → {} · {} left without an author.\n",
            w.truck_factor.value,
            pct(w.coverage_before),
            pct(w.coverage_after),
            super::count(w.files_without_author.len(), "file")
        );
        for f in w.files_without_author.iter().take(t.options.limit) {
            let _ = writeln!(s, "- {}", code(f));
        }
        s.push('\n');
    }
    if !t.directories.is_empty() {
        let _ = writeln!(s, "## By directory\n\n| Directory | Files | Truck factor | Developers | Coverage trace |\n|---|---:|---:|---|---|");
        for d in &t.directories {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                code_cell(&d.directory),
                d.truck_factor.files,
                d.truck_factor.value,
                cell(&tf_names(&d.truck_factor)),
                trace(&d.truck_factor.coverage)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## Knowledge silos\n\n{} with a single author.\n",
        super::count(t.silos.files, "file")
    );
    if !t.silos.directories.is_empty() {
        let _ = writeln!(s, "| Directory | Only author | Files |\n|---|---|---:|");
        for d in &t.silos.directories {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                code_cell(&d.directory),
                cell(&d.author.name),
                d.files
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## Orphaned code\n\n{} whose every author has been inactive for more than {} days.\n",
        super::count(t.orphaned.len(), "file"),
        t.options.inactive_days
    );
    for o in t.orphaned.iter().take(t.options.limit) {
        let names: Vec<&str> = o.authors.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(
            s,
            "- {} — {} (last active {})",
            code(&o.path),
            cell(&names.join(", ")),
            &o.last_active[..10]
        );
    }
    let _ = writeln!(s, "\n## Hotspots (last {} days)\n\nRevisions × indentation complexity (Tornhill).\n\n| File | Revisions | Complexity | Churn | Score |\n|---|---:|---:|---:|---:|", t.options.window_days);
    for h in &t.hotspots {
        let _ = writeln!(
            s,
            "| {} | {} | {:.0} | {} | {:.0} |",
            code_cell(&h.path),
            h.revisions,
            h.complexity.total,
            h.churn,
            h.score
        );
    }
    let _ = writeln!(s, "\n## Change coupling\n\ncode-maat degree: shared commits / mean commits of the two files.\n\n| File | Coupled with | Degree | Shared |\n|---|---|---:|---:|");
    for c in &t.coupling {
        let _ = writeln!(
            s,
            "| {} | {} | {}% | {} |",
            code_cell(&c.path),
            code_cell(&c.coupled),
            c.degree,
            c.shared_commits
        );
    }
    let _ = writeln!(s, "\n## Fragmentation\n\n`1 − Σ share²` of each file's commits.\n\n| File | Fragmentation | Developers | Main developer |\n|---|---:|---:|---|");
    for f in &t.fragmentation {
        let main = f
            .main_developer
            .as_ref()
            .map(|d| format!("{} ({})", d.name, pct(f.main_share)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "| {} | {:.2} | {} | {} |",
            code_cell(&f.path),
            f.fragmentation,
            f.developers,
            cell(&main)
        );
    }
    let v = &t.velocity.trend;
    let _ = writeln!(
        s,
        "\n## Velocity\n\nLast 12 weeks against the 12 before: {:.1} vs {:.1} commits/week, {:.0} vs {:.0} lines/week, {:.1} vs {:.1} active developers.\n",
        v.recent_commits_per_week, v.previous_commits_per_week, v.recent_lines_per_week, v.previous_lines_per_week,
        v.recent_active_developers, v.previous_active_developers
    );
    let ai = &t.ai_share;
    let _ = writeln!(s, "## AI-assisted work\n\n{} of {} commits ({}) show an AI agent in trailers or identities.\n", ai.overall.ai_commits, ai.overall.commits, pct(ai.overall.share));
    if !ai.by_developer.is_empty() {
        let _ = writeln!(
            s,
            "| Developer | AI-assisted | Commits | Share |\n|---|---:|---:|---:|"
        );
        for (d, sh) in &ai.by_developer {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                cell(&d.name),
                sh.ai_commits,
                sh.commits,
                pct(sh.share)
            );
        }
    }
    s
}
