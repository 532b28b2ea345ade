//! Renderings of team insights and profiles: human terminal text, Markdown, one self-contained
//! HTML page with inline SVG charts, and CSV. JSON is plain `serde_json` of the same structures.

pub mod csv;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod reviews;
pub mod svg;
pub mod text;

/// What a report is about: `cargo`, or `cargo/src/core` for a directory.
pub fn scope_title(t: &crate::insights::team::TeamInsights) -> String {
    let repo = if t.scope.repository.is_empty() {
        "repository"
    } else {
        &t.scope.repository
    };
    match t.scope.path.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => format!("{repo}/{}", p.trim_matches('/')),
        None => repo.to_string(),
    }
}

/// `0.734` → `73%`.
/// What the maintainers' truck factor is, beside Avelino's (said wherever it is shown).
pub const MAINTAINERS_TF_NOTE: &str =
    "aexy's maintainer model, not the published method: the same \
greedy removal over who maintains each file now (DOA authors, plus whoever wrote most of the file \
as it stands or made its latest change within a year, minus one-off creators who moved on)";

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

/// "1 file", "3 files": a count with its noun in the right number (nouns that take an "s").
pub fn count(n: impl TryInto<u64>, noun: &str) -> String {
    let n: u64 = n.try_into().unwrap_or(u64::MAX);
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The width of a text column holding `cells`: the longest one, kept within `min..=max` (a
/// longer cell pushes its own row's next columns right, not every row's).
pub fn column_width<'a>(cells: impl Iterator<Item = &'a str>, min: usize, max: usize) -> usize {
    cells
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(min, max)
}

/// Names of truck-factor developers, comma separated.
pub fn tf_names(tf: &super::team::TruckFactorReport) -> String {
    if tf.developers.is_empty() {
        return "—".into();
    }
    tf.developers
        .iter()
        .map(|d| format!("{} ({})", d.name, count(d.authored_files, "file")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_right_number() {
        assert_eq!(count(1usize, "file"), "1 file");
        assert_eq!(count(0u32, "file"), "0 files");
        assert_eq!(count(12u64, "line"), "12 lines");
        assert_eq!(column_width(["ab", "abcd"].into_iter(), 3, 10), 4);
        assert_eq!(column_width(["a"].into_iter(), 3, 10), 3);
        assert_eq!(
            column_width(["a".repeat(20).as_str()].into_iter(), 3, 10),
            10
        );
    }
}
