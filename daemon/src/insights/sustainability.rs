//! Sustainability *signals* for one developer, each compared with their own baseline and never a
//! verdict: off-hours share (commits outside 10:00–18:00 local time, the window used by Claes,
//! Mäntylä, Kuutila and Adams, "Do Programmers Work at Night or During the Weekend?", ICSE 2018),
//! weekend share, late-night commits (00:00–05:00 local), weekly load as a z-score against the
//! trailing 12-week median, and breaks longer than the developer's usual rhythm.

use super::calendar::{self, DAY};

/// Weeks in the "recent" window and in the weekly-load baseline.
pub const WINDOW_WEEKS: i64 = 12;

/// A share in the recent window against the developer's own earlier baseline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    /// Over all of the developer's commits.
    pub overall: f64,
    /// Over the last 12 weeks (`None` without commits there).
    pub recent: Option<f64>,
    /// Over everything before the last 12 weeks (`None` without commits there).
    pub baseline: Option<f64>,
}

/// This week's commits against the trailing 12 weeks.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeeklyLoad {
    pub this_week: u32,
    pub trailing_median: f64,
    /// `(this_week − median) / standard deviation` of the trailing weeks; `None` when they never vary.
    pub z_score: Option<f64>,
}

/// A pause longer than the developer's usual rhythm.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Break {
    pub from: String,
    pub to: String,
    pub days: i64,
}

/// The signals. `kind` is always `"signals"`: they describe patterns, not people.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signals {
    pub kind: &'static str,
    pub note: &'static str,
    pub commits: usize,
    pub off_hours: Rate,
    pub weekend: Rate,
    pub late_night: Rate,
    pub weekly_load: WeeklyLoad,
    /// The median gap between active days, in days.
    pub usual_gap_days: f64,
    pub breaks: Vec<Break>,
}

/// Computes the signals from `(time, offset minutes)` of the developer's commits, as of `now`.
pub fn signals(commits: &[(i64, i32)], now: i64) -> Signals {
    let recent_from = now - WINDOW_WEEKS * 7 * DAY;
    let rate = |pred: &dyn Fn(&calendar::Local) -> bool| {
        let share = |sel: &dyn Fn(i64) -> bool| {
            let (mut n, mut hit) = (0u32, 0u32);
            for &(t, tz) in commits.iter().filter(|(t, _)| sel(*t)) {
                n += 1;
                hit += u32::from(pred(&calendar::local(t, tz)));
            }
            (n > 0).then(|| f64::from(hit) / f64::from(n))
        };
        Rate {
            overall: share(&|_| true).unwrap_or(0.0),
            recent: share(&|t| t >= recent_from && t <= now),
            baseline: share(&|t| t < recent_from),
        }
    };
    let off_hours = rate(&|l| l.hour < 10 || l.hour >= 18);
    let weekend = rate(&|l| l.weekday >= 5);
    let late_night = rate(&|l| l.hour < 5);

    // weekly load
    let this_start = calendar::week_start(now);
    let week_of = |t: i64| (this_start - calendar::week_start(t)) / (7 * DAY);
    let mut counts = vec![0u32; WINDOW_WEEKS as usize + 1];
    for &(t, _) in commits {
        let w = week_of(t);
        if (0..=WINDOW_WEEKS).contains(&w) && t <= now {
            counts[w as usize] += 1;
        }
    }
    let trailing: Vec<f64> = counts[1..].iter().map(|&c| f64::from(c)).collect();
    let trailing_median = median(&trailing);
    let mean = trailing.iter().sum::<f64>() / trailing.len() as f64;
    let sd =
        (trailing.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / trailing.len() as f64).sqrt();
    let weekly_load = WeeklyLoad {
        this_week: counts[0],
        trailing_median,
        z_score: (sd > 0.0).then(|| (f64::from(counts[0]) - trailing_median) / sd),
    };

    // breaks between active (UTC) days
    let mut days: Vec<i64> = commits.iter().map(|(t, _)| t.div_euclid(DAY)).collect();
    days.sort_unstable();
    days.dedup();
    let gaps: Vec<f64> = days.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
    let usual = median(&gaps);
    let limit = (3.0 * usual).max(14.0);
    let breaks = days
        .windows(2)
        .filter(|w| (w[1] - w[0]) as f64 > limit)
        .map(|w| Break {
            from: calendar::date_key(w[0] * DAY),
            to: calendar::date_key(w[1] * DAY),
            days: w[1] - w[0],
        })
        .collect();
    Signals {
        kind: "signals",
        note: "Patterns compared with this developer's own baseline; context matters and they are not a judgement.",
        commits: commits.len(),
        off_hours,
        weekend,
        late_night,
        weekly_load,
        usual_gap_days: usual,
        breaks,
    }
}

fn median(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_in_local_time_and_compared_with_the_baseline() {
        let now = 1_709_251_200; // Friday 2024-03-01 00:00 UTC
        let week = 7 * DAY;
        let mut commits = Vec::new();
        // baseline (20–40 weeks ago): Tuesdays at 11:00 local in UTC+2 (09:00 UTC)
        for i in 20..40 {
            commits.push((calendar::week_start(now - i * week) + DAY + 9 * 3600, 120));
        }
        // recent: Saturdays at 23:30 local UTC−5 (04:30 UTC Sunday), once a week for 4 weeks
        for i in 1..5 {
            commits.push((
                calendar::week_start(now - i * week) + 6 * DAY + 4 * 3600 + 1800,
                -300,
            ));
        }
        let s = signals(&commits, now);
        assert_eq!(s.kind, "signals");
        assert_eq!(s.off_hours.baseline, Some(0.0));
        assert_eq!(s.off_hours.recent, Some(1.0));
        assert_eq!(s.weekend.recent, Some(1.0));
        assert_eq!(s.weekend.baseline, Some(0.0));
        assert_eq!(
            s.late_night.recent,
            Some(0.0),
            "23:30 is late, not after midnight"
        );
        assert_eq!(s.off_hours.overall, 4.0 / 24.0);
        // the jump from the baseline to the recent work is a break longer than the rhythm (7 days)
        assert_eq!(s.usual_gap_days, 7.0);
        assert_eq!(s.breaks.len(), 1);
        assert!(s.breaks[0].days > 100);
    }

    #[test]
    fn weekly_load_z_score() {
        let now = 1_709_251_200;
        let this_week = calendar::week_start(now);
        let mut commits = Vec::new();
        // trailing 12 weeks alternate 2 and 4 commits (median 3, sd 1); this week 6.
        for w in 1..=12 {
            let n = if w % 2 == 0 { 2 } else { 4 };
            for k in 0..n {
                commits.push((this_week - w * 7 * DAY + k * 3600, 0));
            }
        }
        for k in 0..6 {
            commits.push((this_week + k * 3600, 0));
        }
        let s = signals(&commits, now);
        assert_eq!(s.weekly_load.this_week, 6);
        assert_eq!(s.weekly_load.trailing_median, 3.0);
        assert_eq!(s.weekly_load.z_score, Some(3.0));
        assert!(signals(&[], now).weekly_load.z_score.is_none());
    }
}
