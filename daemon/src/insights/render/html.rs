//! The HTML team report (`aexy report --format html`): one self-contained page (inline CSS and
//! SVG, no scripts, no external assets) a lead can share — summary, truck factor with its
//! coverage trace, ownership and truck factor by directory, hotspot map, coupling, silos,
//! orphaned code, velocity, AI share and the activity heatmap.

use std::fmt::Write;

use super::svg::{self, esc};
use super::{pct, tf_names, trace};
use crate::insights::team::TeamInsights;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}\
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;font-size:.92em}\
th{background:#f5f5f5}td.n{text-align:right}.big{font-size:2.4em;font-weight:700}.muted{color:#666}\
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:150px}\
code{font-size:.9em}";

/// Renders the page.
pub fn report(t: &TeamInsights) -> String {
    report_with(t, &[])
}

/// Renders the page with further sections (already HTML, e.g. teams and CODEOWNERS) at the end.
pub fn report_with(t: &TeamInsights, sections: &[String]) -> String {
    let mut s = String::new();
    let title = format!("Team insights: {}", &super::scope_title(t));
    let _ = write!(s, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>", esc(&title));
    let _ = write!(
        s,
        "<h1>{}</h1><p class=\"muted\">As of {} · {} commits · {} developers · {} files considered of {} (vendored, generated, documentation and data files excluded). Generated locally by aexy; nothing left this machine.</p>",
        esc(&title), esc(&t.scope.as_of), t.scope.commits, t.scope.developers, t.scope.considered_files, t.scope.files
    );
    let ai = &t.ai_share.overall;
    let _ = write!(
        s,
        "<div class=\"cards\"><div class=\"card\"><div class=\"big\">{}</div>truck factor</div><div class=\"card\"><div class=\"big\">{}</div>single-author files</div><div class=\"card\"><div class=\"big\">{}</div>orphaned files</div><div class=\"card\"><div class=\"big\">{}</div>AI-assisted commits</div></div>",
        t.truck_factor.value, t.silos.files, t.orphaned.len(), pct(ai.share)
    );
    let _ = write!(
        s,
        "<h2>Truck factor</h2><p>Greedy estimate (Avelino et al., ICPC 2016) over Degree-of-Authorship authors: {}. Coverage after each removal: {}. Pruned variant: {}.</p>{}<p>Maintainers' truck factor: {} ({}) — {}.</p>",
        esc(&tf_names(&t.truck_factor)),
        esc(&trace(&t.truck_factor.coverage)),
        t.pruned_truck_factor.value,
        svg::coverage(&t.truck_factor.coverage),
        t.maintainers_truck_factor.value,
        esc(&tf_names(&t.maintainers_truck_factor)),
        super::MAINTAINERS_TF_NOTE
    );
    if let Some(w) = &t.what_if {
        let names: Vec<String> = w.removed.iter().map(|d| esc(&d.name)).collect();
        let _ = write!(
            s,
            "<h3>Off-boarding: without {}</h3><p>Truck factor {} · coverage {} → {} · {} left without an author.</p><ul>",
            names.join(", "), w.truck_factor.value, pct(w.coverage_before), pct(w.coverage_after), super::count(w.files_without_author.len(), "file")
        );
        for f in w.files_without_author.iter().take(t.options.limit) {
            let _ = write!(s, "<li><code>{}</code></li>", esc(f));
        }
        s.push_str("</ul>");
    }
    if !t.directories.is_empty() {
        let _ = write!(s, "<h2>Ownership by directory</h2><p class=\"muted\">Files authored per developer (co-authored files split evenly).</p>{}", svg::ownership(&t.directories));
        let _ = write!(
            s,
            "<h2>Truck factor by directory</h2>{}",
            svg::truck_factor_by_directory(&t.directories)
        );
        s.push_str("<table><tr><th>Directory</th><th>Files</th><th>Truck factor</th><th>Developers</th><th>Coverage trace</th></tr>");
        for d in &t.directories {
            let _ = write!(
                s,
                "<tr><td><code>{}</code></td><td class=n>{}</td><td class=n>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&d.directory), d.truck_factor.files, d.truck_factor.value, esc(&tf_names(&d.truck_factor)), esc(&trace(&d.truck_factor.coverage))
            );
        }
        s.push_str("</table>");
    }
    let _ = write!(s, "<h2>Hotspots</h2><p class=\"muted\">Last {} days: area = indentation complexity at the snapshot, colour = revisions (Tornhill).</p>{}", t.options.window_days, svg::hotspot_map(&t.hotspots));
    s.push_str("<table><tr><th>File</th><th>Revisions</th><th>Complexity</th><th>Churn</th><th>Score</th></tr>");
    for h in &t.hotspots {
        let _ = write!(s, "<tr><td><code>{}</code></td><td class=n>{}</td><td class=n>{:.0}</td><td class=n>{}</td><td class=n>{:.0}</td></tr>", esc(&h.path), h.revisions, h.complexity.total, h.churn, h.score);
    }
    s.push_str("</table><h2>Change coupling</h2><table><tr><th>File</th><th>Coupled with</th><th>Degree</th><th>Shared commits</th></tr>");
    for c in &t.coupling {
        let _ = write!(s, "<tr><td><code>{}</code></td><td><code>{}</code></td><td class=n>{}%</td><td class=n>{}</td></tr>", esc(&c.path), esc(&c.coupled), c.degree, c.shared_commits);
    }
    let _ = write!(s, "</table><h2>Knowledge silos</h2><p>{} with a single author.</p><table><tr><th>Directory</th><th>Only author</th><th>Files</th></tr>", super::count(t.silos.files, "file"));
    for d in &t.silos.directories {
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td class=n>{}</td></tr>",
            esc(&d.directory),
            esc(&d.author.name),
            d.files
        );
    }
    let _ = write!(s, "</table><h2>Orphaned code</h2><p>{} whose every author has been inactive for more than {} days.</p><ul>", super::count(t.orphaned.len(), "file"), t.options.inactive_days);
    for o in t.orphaned.iter().take(t.options.limit) {
        let names: Vec<String> = o.authors.iter().map(|a| esc(&a.name)).collect();
        let _ = write!(
            s,
            "<li><code>{}</code> — {}</li>",
            esc(&o.path),
            names.join(", ")
        );
    }
    let v = &t.velocity.trend;
    let _ = write!(
        s,
        "</ul><h2>Velocity</h2><p>Last 12 weeks against the 12 before: {:.1} vs {:.1} commits/week, {:.0} vs {:.0} lines/week, {:.1} vs {:.1} active developers.</p>",
        v.recent_commits_per_week, v.previous_commits_per_week, v.recent_lines_per_week, v.previous_lines_per_week, v.recent_active_developers, v.previous_active_developers
    );
    let _ = write!(s, "<h2>AI-assisted work</h2><p>{} of {} commits show an AI agent in trailers or identities.</p>", ai.ai_commits, ai.commits);
    if !t.ai_share.by_developer.is_empty() {
        s.push_str(
            "<table><tr><th>Developer</th><th>AI-assisted</th><th>Commits</th><th>Share</th></tr>",
        );
        for (d, sh) in &t.ai_share.by_developer {
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
                esc(&d.name),
                sh.ai_commits,
                sh.commits,
                pct(sh.share)
            );
        }
        s.push_str("</table>");
    }
    let _ = write!(s, "<h2>Activity</h2><p class=\"muted\">Commits by weekday and hour, each in its author's own time zone.</p>{}", svg::heatmap(&t.heatmap));
    for section in sections {
        s.push_str(section);
    }
    s.push_str("</body></html>\n");
    s
}
