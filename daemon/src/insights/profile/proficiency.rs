//! The proficiency formula behind every skill level in a profile (aexy's own, documented here):
//!
//! - recency-weighted volume `V = Σ lines · 2^(−age_days / 180)` (half-life 180 days);
//! - volume on a log scale `v = min(1, log10(1 + V) / 5)` (100,000 recent lines → 1);
//! - breadth `b = min(1, log10(1 + distinct files) / 2)` (99 files → 1);
//! - `score = 0.75·v + 0.25·b`; levels: novice < 0.35 ≤ intermediate < 0.55 ≤ advanced < 0.75 ≤ expert.

use std::collections::BTreeSet;

use crate::insights::calendar::DAY;

/// Half-life of the recency decay, in days.
pub const HALF_LIFE_DAYS: f64 = 180.0;

/// One piece of evidence for a skill: `lines` changed in file `file` at `time`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub time: i64,
    pub lines: u64,
    pub file: usize,
}

/// Skill levels, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Novice,
    Intermediate,
    Advanced,
    Expert,
}

/// A proficiency with every input the score came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proficiency {
    pub level: Level,
    pub score: f64,
    /// Lines changed, undecayed.
    pub lines: u64,
    /// `V`, the recency-weighted lines.
    pub weighted_lines: f64,
    pub files: usize,
    /// Unix seconds of the latest evidence.
    pub last_used: i64,
}

/// Applies the formula to `evidence` as of `now`.
pub fn proficiency(evidence: &[Evidence], now: i64) -> Proficiency {
    let mut weighted = 0.0;
    let mut lines = 0;
    let mut files = BTreeSet::new();
    let mut last = i64::MIN;
    for e in evidence {
        let age_days = ((now - e.time).max(0) as f64) / DAY as f64;
        weighted += e.lines as f64 * 0.5_f64.powf(age_days / HALF_LIFE_DAYS);
        lines += e.lines;
        files.insert(e.file);
        last = last.max(e.time);
    }
    let v = ((1.0 + weighted).log10() / 5.0).min(1.0);
    let b = ((1.0 + files.len() as f64).log10() / 2.0).min(1.0);
    let score = 0.75 * v + 0.25 * b;
    Proficiency {
        level: level(score),
        score,
        lines,
        weighted_lines: weighted,
        files: files.len(),
        last_used: if evidence.is_empty() { 0 } else { last },
    }
}

/// The level of a score.
pub fn level(score: f64) -> Level {
    if score >= 0.75 {
        Level::Expert
    } else if score >= 0.55 {
        Level::Advanced
    } else if score >= 0.35 {
        Level::Intermediate
    } else {
        Level::Novice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_recency_and_breadth() {
        let now = 1_700_000_000;
        // 10,000 lines today over 99 files: v = log10(10001)/5 ≈ 0.8, b = 1 → 0.85 expert.
        let ev: Vec<Evidence> = (0..99)
            .map(|f| Evidence {
                time: now,
                lines: if f == 0 { 10_000 - 98 } else { 1 },
                file: f,
            })
            .collect();
        let p = proficiency(&ev, now);
        assert_eq!(p.lines, 10_000);
        assert!((p.score - (0.75 * (10_001f64).log10() / 5.0 + 0.25)).abs() < 1e-9);
        assert_eq!(p.level, Level::Expert);
        // the same work 360 days ago weighs a quarter
        let old: Vec<Evidence> = ev
            .iter()
            .map(|e| Evidence {
                time: now - 360 * DAY,
                ..*e
            })
            .collect();
        let q = proficiency(&old, now);
        assert!((q.weighted_lines - 2_500.0).abs() < 1e-6);
        assert!(q.score < p.score);
        // 50 lines in two files: novice
        let small = [
            Evidence {
                time: now,
                lines: 25,
                file: 0,
            },
            Evidence {
                time: now,
                lines: 25,
                file: 1,
            },
        ];
        assert_eq!(proficiency(&small, now).level, Level::Novice);
        assert_eq!(level(0.5), Level::Intermediate);
        assert_eq!(level(0.6), Level::Advanced);
    }
}
