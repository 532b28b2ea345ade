//! Renderings of team insights and profiles: human terminal text, Markdown, one self-contained
//! HTML page with inline SVG charts, and CSV. JSON is plain `serde_json` of the same structures.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod svg;
pub mod text;

/// `0.734` → `73%`.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The coverage trace as `100% → 62% → 41%`.
pub fn trace(coverage: &[f64]) -> String {
    coverage
        .iter()
        .map(|c| pct(*c))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Names of truck-factor developers, comma separated.
pub fn tf_names(tf: &super::team::TruckFactorReport) -> String {
    if tf.developers.is_empty() {
        return "—".into();
    }
    tf.developers
        .iter()
        .map(|d| format!("{} ({} files)", d.name, d.authored_files))
        .collect::<Vec<_>>()
        .join(", ")
}
