//! Fragmentation of a file's development effort: the fractal value of D'Ambros, Lanza and Gall,
//! "Fractal Figures: Visualizing Development Effort for CVS Entities" (VISSOFT 2005), as used by
//! Tornhill: `1 − Σ share²` over the developers' shares of the file's commits (0 = one developer,
//! approaching 1 = effort spread thin). Co-authors each receive a share of the commit's credit.

use std::collections::BTreeMap;

/// Fragmentation of one file plus its main contributor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fragmentation {
    pub value: f64,
    pub developers: usize,
    /// The developer with the largest share, and that share.
    pub main: Option<(usize, f64)>,
}

/// `commits` lists, for each commit that changed the file, the developers credited for it.
pub fn fragmentation(commits: &[&[usize]]) -> Fragmentation {
    let mut credit: BTreeMap<usize, f64> = BTreeMap::new();
    let mut total = 0.0;
    for devs in commits {
        if devs.is_empty() {
            continue;
        }
        let each = 1.0 / devs.len() as f64;
        for &d in *devs {
            *credit.entry(d).or_default() += each;
        }
        total += 1.0;
    }
    if total == 0.0 {
        return Fragmentation {
            value: 0.0,
            developers: 0,
            main: None,
        };
    }
    let value = 1.0 - credit.values().map(|c| (c / total).powi(2)).sum::<f64>();
    let main = credit
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(d, c)| (*d, c / total));
    Fragmentation {
        value: value.max(0.0),
        developers: credit.len(),
        main,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractal_value() {
        let (a, b) = ([0usize], [1usize]);
        assert_eq!(fragmentation(&[&a, &a, &a]).value, 0.0);
        // shares ¾ and ¼: 1 − (9/16 + 1/16) = 0.375
        let f = fragmentation(&[&a, &a, &a, &b]);
        assert_eq!(f.value, 0.375);
        assert_eq!(f.main, Some((0, 0.75)));
        // four equal developers: 1 − 4·(1/16) = 0.75
        let (c, d) = ([2usize], [3usize]);
        assert_eq!(fragmentation(&[&a, &b, &c, &d]).value, 0.75);
        // a pair-programmed commit splits its credit
        let pair = [0usize, 1usize];
        assert_eq!(fragmentation(&[&pair]).value, 0.5);
        assert_eq!(fragmentation(&[]).developers, 0);
    }
}
