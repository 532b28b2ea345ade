//! Inline SVG charts for the HTML report, no scripts or external assets: activity heatmap,
//! ownership by directory (stacked bars), truck factor by directory, the coverage trace, and a
//! hotspot map (binary treemap: area = complexity, colour = revisions).

use std::fmt::Write;

use crate::insights::profile::heatmap::Heatmap;
use crate::insights::team::{DirectoryReport, HotspotReport};

const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f",
];

/// XML/HTML text escaping of untrusted text (names, paths).
pub use crate::escape::html as esc;

/// Weekday × hour heatmap.
pub fn heatmap(h: &Heatmap) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let (cw, ch, left, top) = (22.0, 20.0, 40.0, 20.0);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Commits by weekday and hour" width="{}" height="{}" font-size="11" font-family="sans-serif">"#,
        left + 24.0 * cw + 10.0,
        top + 7.0 * ch + 10.0
    );
    for hour in (0..24).step_by(3) {
        let _ = write!(
            s,
            r#"<text x="{}" y="14">{hour}h</text>"#,
            left + hour as f64 * cw
        );
    }
    for (d, row) in h.cells.iter().enumerate() {
        let y = top + d as f64 * ch;
        let _ = write!(s, r#"<text x="0" y="{}">{}</text>"#, y + 14.0, DAYS[d]);
        for (hour, &n) in row.iter().enumerate() {
            let a = if h.max == 0 {
                0.0
            } else {
                f64::from(n) / f64::from(h.max)
            };
            let _ = write!(
                s,
                r##"<rect x="{}" y="{y}" width="{}" height="{}" fill="#2f6fb0" fill-opacity="{:.3}" stroke="#eee"><title>{} {hour}:00 — {n} commits</title></rect>"##,
                left + hour as f64 * cw,
                cw - 1.0,
                ch - 1.0,
                0.06 + 0.94 * a,
                DAYS[d]
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Stacked horizontal bars: files authored per developer in each directory.
pub fn ownership(dirs: &[DirectoryReport]) -> String {
    // the outermost level shown (top-level directories, or those just below `--path`)
    let depth = |d: &DirectoryReport| d.directory.matches('/').count();
    let top = dirs.iter().map(depth).min().unwrap_or(0);
    let dirs: Vec<&DirectoryReport> = dirs.iter().filter(|d| depth(d) == top).take(25).collect();
    let (left, bar, width) = (170.0, 18.0, 460.0);
    // colours by overall ownership
    let mut totals: Vec<(String, f64)> = Vec::new();
    for d in &dirs {
        for (dev, n) in &d.ownership {
            match totals.iter_mut().find(|t| t.0 == dev.name) {
                Some(t) => t.1 += n,
                None => totals.push((dev.name.clone(), *n)),
            }
        }
    }
    totals.sort_by(|a, b| b.1.total_cmp(&a.1));
    let colour = |name: &str| {
        totals
            .iter()
            .position(|t| t.0 == name)
            .filter(|i| *i < PALETTE.len() - 1)
            .map(|i| PALETTE[i])
            .unwrap_or("#bab0ac")
    };
    let max = dirs
        .iter()
        .map(|d| d.ownership.iter().map(|o| o.1).sum::<f64>())
        .fold(1.0, f64::max);
    let names: Vec<&str> = totals
        .iter()
        .take(PALETTE.len() - 1)
        .map(|t| t.0.as_str())
        .collect();
    let legend = legend_layout(&names, left + width);
    let legend_h = legend.last().map_or(0.0, |l| l.1) + 20.0;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Ownership by directory" width="{}" height="{}" font-size="11" font-family="sans-serif">"#,
        left + width + 20.0,
        legend_h + dirs.len() as f64 * (bar + 4.0) + 10.0
    );
    for (&name, (x, y, label)) in names.iter().zip(&legend) {
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}"><title>{}</title>{}</text>"#,
            y + 2.0,
            colour(name),
            x + 13.0,
            y + 11.0,
            esc(name),
            esc(label)
        );
    }
    for (i, d) in dirs.iter().enumerate() {
        let y = legend_h + i as f64 * (bar + 4.0);
        let _ = write!(
            s,
            r#"<text x="0" y="{}">{}</text>"#,
            y + 13.0,
            esc(&truncate(&d.directory, 26))
        );
        let mut x = left;
        for (dev, n) in &d.ownership {
            let w = n / max * width;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{bar}" fill="{}"><title>{}: {} — {:.1} files</title></rect>"#,
                colour(&dev.name),
                esc(&d.directory),
                esc(&dev.name),
                n
            );
            x += w;
        }
    }
    s.push_str("</svg>");
    s
}

/// Truck factor per directory: bar length = files, label = truck factor; red when it is 1.
pub fn truck_factor_by_directory(dirs: &[DirectoryReport]) -> String {
    let dirs: Vec<&DirectoryReport> = dirs.iter().take(30).collect();
    let (left, bar, width) = (230.0, 16.0, 380.0);
    let max = dirs
        .iter()
        .map(|d| d.truck_factor.files)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Truck factor by directory" width="{}" height="{}" font-size="11" font-family="sans-serif">"#,
        left + width + 60.0,
        dirs.len() as f64 * (bar + 4.0) + 10.0
    );
    for (i, d) in dirs.iter().enumerate() {
        let y = i as f64 * (bar + 4.0);
        let tf = d.truck_factor.value;
        let fill = match tf {
            0 | 1 => "#e15759",
            2 => "#f28e2b",
            _ => "#59a14f",
        };
        let w = d.truck_factor.files as f64 / max * width;
        let _ = write!(
            s,
            r#"<text x="0" y="{}">{}</text><rect x="{left}" y="{y}" width="{w:.1}" height="{bar}" fill="{fill}"><title>{}: truck factor {tf}, {} files</title></rect><text x="{:.1}" y="{}">TF {tf}</text>"#,
            y + 12.0,
            esc(&truncate(&d.directory, 34)),
            esc(&d.directory),
            d.truck_factor.files,
            left + w + 4.0,
            y + 12.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The coverage trace with the 50% line.
pub fn coverage(trace: &[f64]) -> String {
    let (w, h, pad) = (360.0, 140.0, 30.0);
    let n = trace.len().max(2) - 1;
    let x = |i: usize| pad + i as f64 / n as f64 * (w - 2.0 * pad);
    let y = |c: f64| pad / 2.0 + (1.0 - c) * (h - pad);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Coverage after each removal" width="{w}" height="{h}" font-size="11" font-family="sans-serif">"#
    );
    let _ = write!(
        s,
        r##"<line x1="{pad}" x2="{}" y1="{y50}" y2="{y50}" stroke="#e15759" stroke-dasharray="4 3"/><text x="{}" y="{}" fill="#e15759">50%</text>"##,
        w - pad,
        w - pad + 2.0,
        y(0.5) + 4.0,
        y50 = y(0.5)
    );
    let pts: Vec<String> = trace
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{:.1},{:.1}", x(i), y(*c)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#4e79a7" stroke-width="2"/>"##,
        pts.join(" ")
    );
    for (i, c) in trace.iter().enumerate() {
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="#4e79a7"><title>after {i} removals: {:.1}%</title></circle><text x="{:.1}" y="{}">{i}</text>"##,
            x(i),
            y(*c),
            c * 100.0,
            x(i) - 3.0,
            h - 2.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Hotspot map: a binary treemap, area ∝ complexity, colour ∝ revisions.
pub fn hotspot_map(hotspots: &[HotspotReport]) -> String {
    let (w, h) = (640.0, 320.0);
    let items: Vec<(f64, &HotspotReport)> = hotspots
        .iter()
        .map(|x| (x.complexity.total.max(1.0), x))
        .collect();
    let max_rev = hotspots
        .iter()
        .map(|x| x.revisions)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Hotspot map" width="{w}" height="{h}" font-size="10" font-family="sans-serif">"#
    );
    let mut rects = Vec::new();
    layout(&items, (0.0, 0.0, w, h), &mut rects);
    for ((x, y, rw, rh), spot) in rects {
        let heat = f64::from(spot.revisions) / f64::from(max_rev);
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{rw:.1}" height="{rh:.1}" fill="#d62728" fill-opacity="{:.2}" stroke="#fff"><title>{} — {} revisions, complexity {:.0}, churn {}</title></rect>"##,
            0.15 + 0.85 * heat,
            esc(&spot.path),
            spot.revisions,
            spot.complexity.total,
            spot.churn
        );
        if rw > 60.0 && rh > 14.0 {
            let name = spot.path.rsplit('/').next().unwrap_or(&spot.path);
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                x + 3.0,
                y + 12.0,
                esc(&truncate(name, (rw / 6.0) as usize))
            );
        }
    }
    s.push_str("</svg>");
    s
}

type Rect = (f64, f64, f64, f64);

fn layout<'a>(
    items: &[(f64, &'a HotspotReport)],
    r: Rect,
    out: &mut Vec<(Rect, &'a HotspotReport)>,
) {
    match items {
        [] => {}
        [(_, one)] => out.push((r, one)),
        _ => {
            let total: f64 = items.iter().map(|i| i.0).sum();
            let (mut acc, mut split) = (0.0, 1);
            for (i, it) in items.iter().enumerate() {
                if acc + it.0 > total / 2.0 && i > 0 {
                    break;
                }
                acc += it.0;
                split = i + 1;
            }
            let split = split.min(items.len() - 1).max(1);
            let share = items[..split].iter().map(|i| i.0).sum::<f64>() / total;
            let (x, y, w, h) = r;
            let (a, b) = if w >= h {
                (
                    (x, y, w * share, h),
                    (x + w * share, y, w * (1.0 - share), h),
                )
            } else {
                (
                    (x, y, w, h * share),
                    (x, y + h * share, w, h * (1.0 - share)),
                )
            };
            layout(&items[..split], a, out);
            layout(&items[split..], b, out);
        }
    }
}

/// Longest legend name shown whole; longer ones keep their beginning (people are told apart by
/// it) and end in "…".
const LEGEND_CHARS: usize = 28;

/// Where each legend entry goes: `(x, y, label)`, left to right, wrapping to a new row of 16 px
/// at `max_width`. Widths assume ~6.5 px per character at font-size 11.
fn legend_layout(names: &[&str], max_width: f64) -> Vec<(f64, f64, String)> {
    let (mut x, mut y) = (0.0, 0.0);
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let label = truncate_end(name, LEGEND_CHARS);
        let w = 13.0 + 6.5 * label.chars().count() as f64 + 14.0;
        if x > 0.0 && x + w > max_width {
            (x, y) = (0.0, y + 16.0);
        }
        out.push((x, y, label));
        x += w;
    }
    out
}

/// `s` cut to `n` characters keeping its beginning: "Andrew Gallant" → "Andrew Ga…".
fn truncate_end(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let keep: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{keep}…")
    }
}

/// `s` cut to `n` characters keeping its end (for paths, whose last parts say most).
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let keep: String = s
            .chars()
            .rev()
            .take(n.saturating_sub(1))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{keep}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::team::{DevRef, TruckFactorReport};

    fn dir(name: &str, owners: &[(&str, f64)]) -> DirectoryReport {
        DirectoryReport {
            directory: name.into(),
            truck_factor: TruckFactorReport {
                value: 1,
                developers: Vec::new(),
                coverage: Vec::new(),
                files: 3,
            },
            ownership: owners
                .iter()
                .map(|(n, f)| {
                    (
                        DevRef {
                            name: n.to_string(),
                            email: String::new(),
                        },
                        *f,
                    )
                })
                .collect(),
        }
    }

    /// ripgrep's legend showed "…w Gallant" and "…n Verbeek": names keep their beginning, and
    /// whole names fit.
    #[test]
    fn the_ownership_legend_shows_names_from_the_beginning() {
        let long = "Maximilian Alexander von Humboldt-Ritter";
        let svg = ownership(&[
            dir(
                "crates",
                &[("Andrew Gallant", 40.0), ("Lucas Verbeek", 2.0)],
            ),
            dir("tests", &[(long, 1.0), ("Andrew Gallant", 9.0)]),
        ]);
        for whole in [">Andrew Gallant<", ">Lucas Verbeek<"] {
            assert!(svg.contains(whole), "{whole} missing: {svg}");
        }
        assert!(!svg.contains(">…"), "nothing cut from the left: {svg}");
        assert!(svg.contains(">Maximilian Alexander von Hu…<"), "{svg}");
        assert!(
            svg.contains(&format!("<title>{long}</title>")),
            "the whole name on hover"
        );
    }

    #[test]
    fn a_long_legend_wraps_instead_of_overlapping() {
        let names: Vec<String> = (0..7).map(|i| format!("Developer Number {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let rows = legend_layout(&refs, 630.0);
        assert!(rows.iter().any(|r| r.1 > 0.0), "a second row");
        for pair in rows.windows(2) {
            let ((x0, y0, l0), (x1, y1, _)) = (&pair[0], &pair[1]);
            if y0 == y1 {
                assert!(x1 - x0 >= 13.0 + 6.5 * l0.chars().count() as f64, "overlap");
            }
        }
        assert!(rows
            .iter()
            .all(|r| r.0 + 13.0 + 6.5 * r.2.chars().count() as f64 <= 630.0));
    }
}
