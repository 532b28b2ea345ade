//! Civil-calendar arithmetic on Unix seconds plus a UTC offset (no date crate needed): local
//! date, weekday, hour, ISO-like week and quarter keys, RFC 3339 formatting.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// A moment in a given offset (minutes east of UTC), split into local calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u32,
}

/// Splits `time` (Unix seconds) seen at `offset_minutes` east of UTC into local fields.
pub fn local(time: i64, offset_minutes: i32) -> Local {
    let t = time + i64::from(offset_minutes) * 60;
    let days = t.div_euclid(DAY);
    let secs = t.rem_euclid(DAY);
    let (year, month, day) = civil_from_days(days);
    Local {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: ((secs % 3600) / 60) as u32,
        second: (secs % 60) as u32,
        // 1970-01-01 was a Thursday (Monday = 0 → Thursday = 3).
        weekday: (days + 3).rem_euclid(7) as u32,
    }
}

pub use crate::time::{civil_from_days, rfc3339};

/// `YYYY-MM` of `time` in UTC.
pub fn month_key(time: i64) -> String {
    let l = local(time, 0);
    format!("{:04}-{:02}", l.year, l.month)
}

/// `YYYY-Qn` of `time` at the given offset.
pub fn quarter_key(time: i64, offset_minutes: i32) -> String {
    let l = local(time, offset_minutes);
    format!("{:04}-Q{}", l.year, (l.month - 1) / 3 + 1)
}

/// Unix seconds of the Monday 00:00 UTC starting the week that contains `time`.
pub fn week_start(time: i64) -> i64 {
    let days = time.div_euclid(DAY);
    let weekday = (days + 3).rem_euclid(7);
    (days - weekday) * DAY
}

/// `YYYY-MM-DD` of a UTC day start.
pub fn date_key(time: i64) -> String {
    let l = local(time, 0);
    format!("{:04}-{:02}-{:02}", l.year, l.month, l.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_and_weekdays() {
        // 2024-02-29T23:30:00Z is a Thursday; at +05:30 it is Friday 2024-03-01 05:00.
        let t = 1_709_249_400;
        let utc = local(t, 0);
        assert_eq!(
            (utc.year, utc.month, utc.day, utc.hour, utc.weekday),
            (2024, 2, 29, 23, 3)
        );
        let ist = local(t, 330);
        assert_eq!(
            (ist.year, ist.month, ist.day, ist.hour, ist.weekday),
            (2024, 3, 1, 5, 4)
        );
        assert_eq!(rfc3339(t, 330), "2024-03-01T05:00:00+05:30");
        assert_eq!(rfc3339(t, -480), "2024-02-29T15:30:00-08:00");
        assert_eq!(quarter_key(t, 0), "2024-Q1");
        assert_eq!(month_key(t), "2024-02");
        assert_eq!(date_key(week_start(t)), "2024-02-26");
    }

    #[test]
    fn dates_before_the_epoch() {
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(local(-1, 0).weekday, 2); // 1969-12-31 was a Wednesday
    }
}
