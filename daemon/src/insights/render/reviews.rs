//! The review section of `aexy team` and the report (text, Markdown, HTML, CSV rows) and of a
//! profile: load shares by name, turnaround medians and p90s, who reviews whom, sizes.

use std::fmt::Write;

use super::pct;
use super::svg::esc;
use crate::escape::csv_text as field;
use crate::insights::reviews::{PersonReviews, ReviewInsights, Spread};

fn hours(h: Option<f64>) -> String {
    match h {
        None => "—".to_string(),
        Some(h) if h < 48.0 => format!("{h:.1} h"),
        Some(h) => format!("{:.1} d", h / 24.0),
    }
}

fn spread(s: &Spread) -> String {
    if s.count == 0 {
        return "—".to_string();
    }
    format!(
        "median {}, p90 {} (n={})",
        hours(s.median_hours),
        hours(s.p90_hours),
        s.count
    )
}

fn md(s: &str) -> String {
    crate::escape::markdown(s)
}

/// Terminal text. Names come from code hosts: the caller passes the text through the
/// terminal sanitiser with the rest.
pub fn text(r: &ReviewInsights) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nReviews ({} pull requests opened in the {} days to {}; {} merged, {} of them without a review)",
        r.pulls, r.window_days, r.until, r.merged, r.merged_unreviewed
    );
    let _ = writeln!(
        s,
        "  time to first review: {}",
        spread(&r.turnaround.first_review)
    );
    let _ = writeln!(
        s,
        "  time to approval:     {}",
        spread(&r.turnaround.approval)
    );
    let _ = writeln!(s, "  time to merge:        {}", spread(&r.turnaround.merge));
    if !r.load.is_empty() {
        let _ = writeln!(s, "  review load (share of reviews; pull requests reviewed / opened / opened and reviewed; open requests now):");
        for p in &r.load {
            let _ = writeln!(
                s,
                "    {:<24} {:>4}  {} / {} / {}{}",
                p.name,
                pct(p.share),
                p.reviewed,
                p.authored,
                p.received,
                if p.open_requests > 0 {
                    format!("; {} open", p.open_requests)
                } else {
                    String::new()
                }
            );
        }
    }
    if !r.collaboration.is_empty() {
        let _ = writeln!(s, "  who reviews whom (pull requests):");
        for e in &r.collaboration {
            let _ = writeln!(s, "    {} → {}  {}", e.reviewer, e.author, e.pulls);
        }
    }
    let sizes: Vec<String> = r
        .sizes
        .iter()
        .filter(|b| b.pulls > 0)
        .map(|b| format!("{} {}", b.label, b.pulls))
        .collect();
    if !sizes.is_empty() {
        let _ = writeln!(
            s,
            "  sizes (lines changed, Kubernetes' size labels): {}",
            sizes.join(", ")
        );
    }
    s
}

pub fn markdown(r: &ReviewInsights) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n## Reviews\n\n{} pull requests opened in the {} days to {}; {} merged ({} without a review).\n",
        r.pulls, r.window_days, r.until, r.merged, r.merged_unreviewed
    );
    let _ = writeln!(
        s,
        "| turnaround | median | p90 | pull requests |\n|---|---|---|---|"
    );
    for (label, sp) in [
        ("first review", &r.turnaround.first_review),
        ("approval", &r.turnaround.approval),
        ("merge", &r.turnaround.merge),
    ] {
        let _ = writeln!(
            s,
            "| {label} | {} | {} | {} |",
            hours(sp.median_hours),
            hours(sp.p90_hours),
            sp.count
        );
    }
    if !r.load.is_empty() {
        let _ = writeln!(s, "\n| person | share of reviews | reviewed | opened | opened and reviewed | open requests |\n|---|---|---|---|---|---|");
        for p in &r.load {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                md(&p.name),
                pct(p.share),
                p.reviewed,
                p.authored,
                p.received,
                p.open_requests
            );
        }
    }
    if !r.collaboration.is_empty() {
        let _ = writeln!(s, "\n| reviewer | author | pull requests |\n|---|---|---|");
        for e in &r.collaboration {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                md(&e.reviewer),
                md(&e.author),
                e.pulls
            );
        }
    }
    let _ = writeln!(s, "\n| size | lines changed | pull requests | first review (median) | merge (median) |\n|---|---|---|---|---|");
    for b in &r.sizes {
        let range = match b.max_lines {
            Some(max) => format!("{}–{}", b.min_lines, max - 1),
            None => format!("{}+", b.min_lines),
        };
        let _ = writeln!(
            s,
            "| {} | {range} | {} | {} | {} |",
            b.label,
            b.pulls,
            hours(b.first_review.median_hours),
            hours(b.merge.median_hours)
        );
    }
    s
}

pub fn html(r: &ReviewInsights) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<h2>Reviews</h2><p>{} pull requests opened in the {} days to {}; {} merged ({} without a review). Figures for the team, not a ranking.</p><table><tr><th>turnaround</th><th>median</th><th>p90</th><th>pull requests</th></tr>",
        r.pulls, r.window_days, esc(&r.until), r.merged, r.merged_unreviewed
    );
    for (label, sp) in [
        ("first review", &r.turnaround.first_review),
        ("approval", &r.turnaround.approval),
        ("merge", &r.turnaround.merge),
    ] {
        let _ = write!(s, "<tr><td>{label}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", hours(sp.median_hours), hours(sp.p90_hours), sp.count);
    }
    s.push_str("</table>");
    if !r.load.is_empty() {
        s.push_str("<table><tr><th>person</th><th>share of reviews</th><th>reviewed</th><th>opened</th><th>opened and reviewed</th><th>open requests</th></tr>");
        for p in &r.load {
            let _ = write!(s, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", esc(&p.name), pct(p.share), p.reviewed, p.authored, p.received, p.open_requests);
        }
        s.push_str("</table>");
    }
    if !r.collaboration.is_empty() {
        s.push_str("<h3>Who reviews whom</h3><table><tr><th>reviewer</th><th>author</th><th>pull requests</th></tr>");
        for e in &r.collaboration {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&e.reviewer),
                esc(&e.author),
                e.pulls
            );
        }
        s.push_str("</table>");
    }
    s.push_str("<h3>Sizes</h3><table><tr><th>size</th><th>pull requests</th><th>first review (median)</th><th>merge (median)</th></tr>");
    for b in &r.sizes {
        let _ = write!(s, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", b.label, b.pulls, hours(b.first_review.median_hours), hours(b.merge.median_hours));
    }
    s.push_str("</table>");
    s
}

/// CSV rows (section, path, name, value, detail) to append to the report's table.
pub fn csv_rows(r: &ReviewInsights) -> String {
    let mut s = String::new();
    let mut row = |a: &str, b: &str, c: &str, d: String, e: &str| {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            field(a),
            field(b),
            field(c),
            field(&d),
            field(e)
        );
    };
    for (label, sp) in [
        ("first review", &r.turnaround.first_review),
        ("approval", &r.turnaround.approval),
        ("merge", &r.turnaround.merge),
    ] {
        row(
            "review turnaround",
            "",
            label,
            sp.median_hours.map_or(String::new(), |h| h.to_string()),
            &format!(
                "median hours; p90 {}",
                sp.p90_hours.map_or("—".into(), |h| h.to_string())
            ),
        );
    }
    for p in &r.load {
        row(
            "review load",
            "",
            &p.name,
            p.share.to_string(),
            &format!(
                "reviewed {}; opened {}; open requests {}",
                p.reviewed, p.authored, p.open_requests
            ),
        );
    }
    for e in &r.collaboration {
        row(
            "review collaboration",
            "",
            &e.reviewer,
            e.pulls.to_string(),
            &format!("reviews for {}", e.author),
        );
    }
    for b in &r.sizes {
        row(
            "pull request sizes",
            "",
            &b.label,
            b.pulls.to_string(),
            "pull requests",
        );
    }
    s
}

/// A profile's review lines (text).
pub fn person_text(p: &PersonReviews) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nReviews ({}):",
        if p.accounts.is_empty() {
            "no linked account".to_string()
        } else {
            p.accounts.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "  reviewed {} pull request(s) of others; opened {}, {} reviewed by others",
        p.given, p.authored, p.received
    );
    if p.first_review.count > 0 {
        let _ = writeln!(
            s,
            "  first review on their pull requests: {}",
            spread(&p.first_review)
        );
    }
    let list = |v: &[(String, usize)]| {
        v.iter()
            .map(|(n, c)| format!("{n} ({c})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !p.reviews_for.is_empty() {
        let _ = writeln!(s, "  reviews for: {}", list(&p.reviews_for));
    }
    if !p.reviewed_by.is_empty() {
        let _ = writeln!(s, "  reviewed by: {}", list(&p.reviewed_by));
    }
    s
}
