//! Turnaround and size figures of pull requests: times to first review, first approval and
//! merge as medians and 90th percentiles (Hyndman & Fan's type 7, linear interpolation, the
//! default of R and NumPy), and size buckets by lines changed (the thresholds of Kubernetes'
//! `size/*` labels: XS < 10, S < 30, M < 100, L < 500, XL < 1000, XXL ≥ 1000).

use serde::Serialize;

use crate::reviews::Pull;

/// The `q` quantile (0..1) of `values` by linear interpolation between order statistics
/// (Hyndman & Fan 1996, definition 7); `None` when empty.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let h = (v.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(v[lo] + (h - lo as f64) * (v[hi] - v[lo]))
}

/// Median and 90th percentile of durations, in hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spread {
    pub count: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

impl Spread {
    pub fn of(seconds: &[i64]) -> Spread {
        let hours: Vec<f64> = seconds.iter().map(|&s| s.max(0) as f64 / 3600.0).collect();
        let round = |x: f64| (x * 10.0).round() / 10.0;
        Spread {
            count: hours.len(),
            median_hours: quantile(&hours, 0.5).map(round),
            p90_hours: quantile(&hours, 0.9).map(round),
        }
    }
}

/// Time from opening to the first review, to the first approval and to merge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Turnaround {
    pub first_review: Spread,
    pub approval: Spread,
    pub merge: Spread,
}

pub fn turnaround<'a>(pulls: impl Iterator<Item = &'a Pull> + Clone) -> Turnaround {
    let since = |t: Option<i64>, p: &Pull| t.map(|t| t - p.created);
    Turnaround {
        first_review: Spread::of(
            &pulls
                .clone()
                .filter_map(|p| since(p.first_review(), p))
                .collect::<Vec<_>>(),
        ),
        approval: Spread::of(
            &pulls
                .clone()
                .filter_map(|p| since(p.first_approval(), p))
                .collect::<Vec<_>>(),
        ),
        merge: Spread::of(&pulls.filter_map(|p| since(p.merged, p)).collect::<Vec<_>>()),
    }
}

/// Size buckets: (label, lines changed below which a pull request falls in it).
pub const BUCKETS: [(&str, u32); 6] = [
    ("XS", 10),
    ("S", 30),
    ("M", 100),
    ("L", 500),
    ("XL", 1000),
    ("XXL", u32::MAX),
];

/// The label of a pull request's size.
pub fn bucket(lines: u32) -> &'static str {
    BUCKETS
        .iter()
        .find(|(_, below)| lines < *below)
        .map_or("XXL", |b| b.0)
}

/// One size bucket's pull requests and how they fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SizeBucket {
    pub label: String,
    /// Lines changed, `min..max` (max exclusive; none for the last).
    pub min_lines: u32,
    pub max_lines: Option<u32>,
    pub pulls: usize,
    pub first_review: Spread,
    pub merge: Spread,
}

pub fn sizes<'a>(pulls: impl Iterator<Item = &'a Pull> + Clone) -> Vec<SizeBucket> {
    let mut min = 0;
    BUCKETS
        .iter()
        .map(|&(label, below)| {
            let inside = pulls.clone().filter(move |p| bucket(p.size()) == label);
            let t = turnaround(inside.clone());
            let b = SizeBucket {
                label: label.to_string(),
                min_lines: min,
                max_lines: (below != u32::MAX).then_some(below),
                pulls: inside.count(),
                first_review: t.first_review,
                merge: t.merge,
            };
            min = below;
            b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy_defaults() {
        // numpy.percentile([1, 2, 3, 4], [50, 90]) == [2.5, 3.7]
        let v = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert!((quantile(&v, 0.9).unwrap() - 3.7).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn size_labels_at_their_edges() {
        assert_eq!(bucket(0), "XS");
        assert_eq!(bucket(9), "XS");
        assert_eq!(bucket(10), "S");
        assert_eq!(bucket(99), "M");
        assert_eq!(bucket(100), "L");
        assert_eq!(bucket(999), "XL");
        assert_eq!(bucket(1000), "XXL");
    }

    #[test]
    fn spreads_in_hours() {
        let s = Spread::of(&[3600, 7200, 36_000]);
        assert_eq!(s.count, 3);
        assert_eq!(s.median_hours, Some(2.0));
        assert_eq!(s.p90_hours, Some(8.4));
    }
}
