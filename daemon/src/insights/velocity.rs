//! Velocity per week (Monday 00:00 UTC): commits, lines changed and active developers, plus the
//! trend of the last 12 weeks against the 12 weeks before (relative change of the weekly means).
//! Merges count nothing (the loader never passes them).

use std::collections::BTreeSet;

use super::calendar::{self, DAY};

/// Weeks in each half of the trend comparison.
pub const TREND_WEEKS: usize = 12;

/// One commit as velocity sees it.
#[derive(Debug, Clone)]
pub struct CommitActivity<'a> {
    pub time: i64,
    pub devs: &'a [usize],
    /// Lines added plus deleted.
    pub lines: u64,
}

/// One week's activity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Week {
    /// The Monday starting the week, `YYYY-MM-DD`.
    pub week: String,
    pub commits: u32,
    pub lines: u64,
    pub active_developers: u32,
}

/// Last 12 weeks against the 12 before: means and relative change (`None` when the earlier mean is 0).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    pub recent_commits_per_week: f64,
    pub previous_commits_per_week: f64,
    pub commits_change: Option<f64>,
    pub recent_lines_per_week: f64,
    pub previous_lines_per_week: f64,
    pub lines_change: Option<f64>,
    pub recent_active_developers: f64,
    pub previous_active_developers: f64,
    pub developers_change: Option<f64>,
}

/// Weekly velocity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Velocity {
    /// Every week from the first commit's to `now`'s, oldest first (empty weeks included).
    pub weeks: Vec<Week>,
    pub trend: Trend,
}

/// Weekly series up to the week containing `now`.
pub fn velocity(commits: &[CommitActivity<'_>], now: i64) -> Velocity {
    let last = calendar::week_start(now);
    let first = commits
        .iter()
        .map(|c| c.time)
        .min()
        .map(calendar::week_start)
        .unwrap_or(last);
    let first = first.min(last);
    let n = ((last - first) / (7 * DAY)) as usize + 1;
    let mut weeks: Vec<(u32, u64, BTreeSet<usize>)> = vec![(0, 0, BTreeSet::new()); n];
    for c in commits {
        let ws = calendar::week_start(c.time);
        if ws < first || ws > last {
            continue;
        }
        let w = &mut weeks[((ws - first) / (7 * DAY)) as usize];
        w.0 += 1;
        w.1 += c.lines;
        w.2.extend(c.devs.iter().copied());
    }
    let weeks: Vec<Week> = weeks
        .into_iter()
        .enumerate()
        .map(|(i, (commits, lines, devs))| Week {
            week: calendar::date_key(first + i as i64 * 7 * DAY),
            commits,
            lines,
            active_developers: devs.len() as u32,
        })
        .collect();
    let trend = trend(&weeks);
    Velocity { weeks, trend }
}

fn trend(weeks: &[Week]) -> Trend {
    let n = weeks.len();
    let recent = &weeks[n.saturating_sub(TREND_WEEKS)..];
    let previous = &weeks[n.saturating_sub(2 * TREND_WEEKS)..n.saturating_sub(TREND_WEEKS)];
    let mean = |ws: &[Week], f: &dyn Fn(&Week) -> f64| {
        // a missing week (history shorter than 24 weeks) counts as an empty one; the fold starts
        // at +0.0 (an empty `sum` of floats is -0.0, printed "-0.0 commits/week")
        ws.iter().map(f).fold(0.0, |a, x| a + x) / TREND_WEEKS as f64
    };
    let change = |r: f64, p: f64| (p > 0.0).then(|| (r - p) / p);
    let (rc, pc) = (
        mean(recent, &|w| f64::from(w.commits)),
        mean(previous, &|w| f64::from(w.commits)),
    );
    let (rl, pl) = (
        mean(recent, &|w| w.lines as f64),
        mean(previous, &|w| w.lines as f64),
    );
    let (rd, pd) = (
        mean(recent, &|w| f64::from(w.active_developers)),
        mean(previous, &|w| f64::from(w.active_developers)),
    );
    Trend {
        recent_commits_per_week: rc,
        previous_commits_per_week: pc,
        commits_change: change(rc, pc),
        recent_lines_per_week: rl,
        previous_lines_per_week: pl,
        lines_change: change(rl, pl),
        recent_active_developers: rd,
        previous_active_developers: pd,
        developers_change: change(rd, pd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_series_and_trend() {
        let now = 1_709_251_200; // 2024-03-01 (Friday) 00:00 UTC
        let week = 7 * DAY;
        let (a, b) = ([0usize], [1usize]);
        let mut commits = Vec::new();
        // previous 12 weeks: one commit per week by dev 0, 10 lines
        for i in 12..24 {
            commits.push(CommitActivity {
                time: now - i * week,
                devs: &a,
                lines: 10,
            });
        }
        // recent 12 weeks: two commits per week (devs 0 and 1), 10 lines each
        for i in 0..12 {
            commits.push(CommitActivity {
                time: now - i * week,
                devs: &a,
                lines: 10,
            });
            commits.push(CommitActivity {
                time: now - i * week - 3600,
                devs: &b,
                lines: 10,
            });
        }
        let v = velocity(&commits, now);
        assert_eq!(v.weeks.len(), 24);
        assert_eq!(v.weeks.last().unwrap().week, "2024-02-26");
        assert_eq!(v.weeks.last().unwrap().commits, 2);
        assert_eq!(v.weeks.last().unwrap().active_developers, 2);
        assert_eq!(v.trend.recent_commits_per_week, 2.0);
        assert_eq!(v.trend.previous_commits_per_week, 1.0);
        assert_eq!(v.trend.commits_change, Some(1.0));
        assert_eq!(v.trend.lines_change, Some(1.0));
        assert_eq!(v.trend.developers_change, Some(1.0));
        let empty = velocity(&[], now);
        assert_eq!(empty.weeks.len(), 1);
        assert_eq!(empty.trend.commits_change, None);
    }

    /// A history shorter than 12 weeks has no earlier window at all: its means are 0, not -0
    /// (which prints as "-0.0 commits/week").
    #[test]
    fn an_empty_window_is_plus_zero() {
        let now = 1_709_251_200;
        let v = velocity(
            &[CommitActivity {
                time: now,
                devs: &[0],
                lines: 3,
            }],
            now,
        );
        let t = &v.trend;
        for x in [
            t.previous_commits_per_week,
            t.previous_lines_per_week,
            t.previous_active_developers,
        ] {
            assert_eq!(format!("{x:.1}"), "0.0");
        }
    }
}
