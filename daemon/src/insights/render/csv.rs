//! The CSV team report (`aexy report --format csv`): one table, one row per figure, with a
//! `section` column so a spreadsheet can filter (truck factor, coverage, directories, silos,
//! orphaned, hotspots, coupling, fragmentation, velocity, AI share).

use crate::insights::team::TeamInsights;

use crate::escape::csv_text;

/// Renders the report.
pub fn report(t: &TeamInsights) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "section".into(),
        "path".into(),
        "other".into(),
        "value".into(),
        "detail".into(),
    ]];
    let mut push = |a: &str, b: &str, c: &str, d: String, e: String| {
        rows.push([a.into(), b.into(), c.into(), d, e])
    };
    let names = |tf: &crate::insights::team::TruckFactorReport| {
        tf.developers
            .iter()
            .map(|d| d.name.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    for (section, tf) in [
        ("truck_factor", &t.truck_factor),
        ("pruned_truck_factor", &t.pruned_truck_factor),
        ("maintainers_truck_factor", &t.maintainers_truck_factor),
    ] {
        push(section, "", "", tf.value.to_string(), names(tf));
    }
    for (i, c) in t.truck_factor.coverage.iter().enumerate() {
        push(
            "coverage",
            "",
            &i.to_string(),
            format!("{c:.4}"),
            String::new(),
        );
    }
    for d in &t.directories {
        push(
            "directory",
            &d.directory,
            &d.truck_factor.files.to_string(),
            d.truck_factor.value.to_string(),
            names(&d.truck_factor),
        );
    }
    for f in &t.silos.file_list {
        push("silo", &f.path, "", "1".into(), f.author.name.clone());
    }
    for o in &t.orphaned {
        push(
            "orphaned",
            &o.path,
            &o.last_active,
            o.authors.len().to_string(),
            o.authors
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    for h in &t.hotspots {
        push(
            "hotspot",
            &h.path,
            &h.revisions.to_string(),
            format!("{:.1}", h.score),
            format!("complexity={:.1};churn={}", h.complexity.total, h.churn),
        );
    }
    for c in &t.coupling {
        push(
            "coupling",
            &c.path,
            &c.coupled,
            c.degree.to_string(),
            format!("shared={}", c.shared_commits),
        );
    }
    for f in &t.fragmentation {
        push(
            "fragmentation",
            &f.path,
            &f.developers.to_string(),
            format!("{:.4}", f.fragmentation),
            String::new(),
        );
    }
    for w in &t.velocity.weeks {
        push(
            "velocity",
            &w.week,
            &w.active_developers.to_string(),
            w.commits.to_string(),
            format!("lines={}", w.lines),
        );
    }
    for (m, s) in &t.ai_share.by_month {
        push(
            "ai_share",
            m,
            &s.commits.to_string(),
            s.ai_commits.to_string(),
            format!("{:.4}", s.share),
        );
    }
    let mut out = String::new();
    for r in rows {
        // Every cell as untrusted text: paths and names must not start a formula.
        out.push_str(&r.iter().map(|f| csv_text(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        use crate::escape::csv_text as field;
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    }
}
