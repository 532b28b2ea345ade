//! Dates for hovers: RFC 3339 (as `crate::time` writes it) parsed back to epoch seconds, and
//! rendered as "3 days ago" or "2024-03-01 09:30 +01:00". `days_from_civil` is the inverse of
//! `crate::time::civil_from_days` (both Howard Hinnant's).

/// Days since 1970-01-01 of a proleptic Gregorian date.
///
/// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013), `days_from_civil`.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400; // [0, 399]
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// RFC 3339 for `secs` since the epoch shown in the UTC offset `offset_minutes`
/// (the index's own formatter, so hovers and the CLI agree).
pub fn format_rfc3339(secs: i64, offset_minutes: i32) -> String {
    crate::time::rfc3339(secs, offset_minutes)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` into (epoch seconds, offset minutes).
pub fn parse_rfc3339(s: &str) -> Option<(i64, i32)> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i32 = rest.get(1..3)?.parse().ok()?;
            let om: i32 = rest.get(4..6)?.parse().ok()?;
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    let local = days_from_civil(y, mo as u32, d as u32) * 86_400 + h * 3600 + mi * 60 + se;
    Some((local - i64::from(offset) * 60, offset))
}

/// "2024-03-01 09:30 +01:00": an RFC 3339 date shortened for humans, offset kept.
pub fn short_date(rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(_) => format!(
            "{} {} {}",
            &rfc3339[..10],
            &rfc3339[11..16],
            offset_of(rfc3339)
        ),
        None => rfc3339.to_owned(),
    }
}

fn offset_of(rfc3339: &str) -> &str {
    let tail = &rfc3339[19..];
    let tail = tail.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if tail.eq_ignore_ascii_case("z") {
        "UTC"
    } else {
        tail
    }
}

/// "3 days ago" for a moment `then` seen from `now` (both epoch seconds).
pub fn relative(now: i64, then: i64) -> String {
    let delta = now - then;
    if delta < 0 {
        return "in the future".into();
    }
    let units: [(i64, &str); 6] = [
        (365 * 86_400, "year"),
        (30 * 86_400, "month"),
        (7 * 86_400, "week"),
        (86_400, "day"),
        (3600, "hour"),
        (60, "minute"),
    ];
    for (size, name) in units {
        let n = delta / size;
        if n >= 1 {
            return format!("{n} {name}{} ago", if n == 1 { "" } else { "s" });
        }
    }
    "just now".into()
}

/// Seconds since the epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hinnant_vectors() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_from_civil(0, 3, 1), -719_468);
        for z in [-800_000, -1, 0, 59, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = crate::time::civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn rfc3339_round_trips_in_the_authors_offset() {
        // 2024-03-01T08:30:00Z is 1709281800 (date -d @1709281800 -u).
        let s = format_rfc3339(1_709_281_800, 60);
        assert_eq!(s, "2024-03-01T09:30:00+01:00");
        assert_eq!(parse_rfc3339(&s), Some((1_709_281_800, 60)));
        assert_eq!(
            format_rfc3339(1_709_281_800, -330),
            "2024-03-01T03:00:00-05:30"
        );
        assert_eq!(
            parse_rfc3339("2024-03-01T08:30:00.25Z"),
            Some((1_709_281_800, 0))
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(
            short_date("2024-03-01T09:30:00+01:00"),
            "2024-03-01 09:30 +01:00"
        );
    }

    #[test]
    fn relative_dates_pick_the_largest_unit() {
        assert_eq!(relative(1000, 990), "just now");
        assert_eq!(relative(10_000, 10_000 - 120), "2 minutes ago");
        assert_eq!(relative(10 * 86_400, 7 * 86_400), "3 days ago");
        assert_eq!(relative(800 * 86_400, 0), "2 years ago");
        assert_eq!(relative(0, 10), "in the future");
    }
}
