//! Activity heatmap: commits per weekday × hour in the developer's own time zone (each commit
//! placed with the UTC offset it was recorded with, so travel and daylight saving are honoured).

use crate::insights::calendar;

/// `cells[weekday][hour]`, Monday = 0, hours 0–23 local.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Heatmap {
    pub cells: [[u32; 24]; 7],
    pub max: u32,
}

/// Builds the heatmap from `(time, offset minutes)` pairs.
pub fn heatmap(commits: &[(i64, i32)]) -> Heatmap {
    let mut cells = [[0u32; 24]; 7];
    for &(t, tz) in commits {
        let l = calendar::local(t, tz);
        cells[l.weekday as usize][l.hour as usize] += 1;
    }
    let max = cells.iter().flatten().copied().max().unwrap_or(0);
    Heatmap { cells, max }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placed_in_the_authors_own_time_zone() {
        // 2024-02-29T23:30Z: Thursday 23h in UTC, Friday 05h in +05:30, Thursday 15h in −08:00.
        let t = 1_709_249_400;
        let h = heatmap(&[(t, 0), (t, 330), (t, -480), (t, 330)]);
        assert_eq!(h.cells[3][23], 1);
        assert_eq!(h.cells[4][5], 2);
        assert_eq!(h.cells[3][15], 1);
        assert_eq!(h.max, 2);
        assert_eq!(h.cells.iter().flatten().sum::<u32>(), 4);
    }
}
