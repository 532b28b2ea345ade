//! The survey's measures (Avelino, Constantinou, Valente and Serebrenik, "Who Can Maintain This
//! Code?", IEEE Software 2019): the share of maintainers a technique names (maintainer hit rate),
//! the share of non-maintainers it leaves out (non-maintainer hit rate), and their harmonic mean.

/// Hits of one technique on a set of answers (serialised with the two rates and their harmonic
/// mean beside the counts).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rates {
    /// Answers 4–5, and how many of them the technique named as maintainers.
    pub maintainers: usize,
    pub maintainer_hits: usize,
    /// Answers 1–3, and how many of them the technique did not name.
    pub non_maintainers: usize,
    pub non_maintainer_hits: usize,
}

impl Rates {
    /// Counts one answer: `maintainer` is the developer's own view, `hit` whether the technique
    /// agreed with it.
    pub fn add(&mut self, maintainer: bool, hit: bool) {
        if maintainer {
            self.maintainers += 1;
            self.maintainer_hits += usize::from(hit);
        } else {
            self.non_maintainers += 1;
            self.non_maintainer_hits += usize::from(hit);
        }
    }

    /// Maintainers named / maintainers (0 when there are none).
    pub fn maintainer_rate(&self) -> f64 {
        ratio(self.maintainer_hits, self.maintainers)
    }

    /// Non-maintainers left out / non-maintainers (0 when there are none).
    pub fn non_maintainer_rate(&self) -> f64 {
        ratio(self.non_maintainer_hits, self.non_maintainers)
    }

    /// `2·m·n / (m + n)` of the two hit rates (0 when both are 0).
    pub fn harmonic_mean(&self) -> f64 {
        let (m, n) = (self.maintainer_rate(), self.non_maintainer_rate());
        if m + n == 0.0 {
            0.0
        } else {
            2.0 * m * n / (m + n)
        }
    }

    /// Whether any answer was counted.
    pub fn is_empty(&self) -> bool {
        self.maintainers + self.non_maintainers == 0
    }
}

impl serde::Serialize for Rates {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Rates", 7)?;
        st.serialize_field("maintainers", &self.maintainers)?;
        st.serialize_field("maintainerHits", &self.maintainer_hits)?;
        st.serialize_field("nonMaintainers", &self.non_maintainers)?;
        st.serialize_field("nonMaintainerHits", &self.non_maintainer_hits)?;
        st.serialize_field("maintainerRate", &self.maintainer_rate())?;
        st.serialize_field("nonMaintainerRate", &self.non_maintainer_rate())?;
        st.serialize_field("harmonicMean", &self.harmonic_mean())?;
        st.end()
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: 4 maintainers, 3 named (0.75); 6 non-maintainers, 4 left out (2/3);
    /// harmonic mean 2·0.75·(2/3) / (0.75 + 2/3) = 1 / (17/12) = 12/17 = 0.70588…
    #[test]
    fn hand_computed_case() {
        let mut r = Rates::default();
        for hit in [true, true, true, false] {
            r.add(true, hit);
        }
        for hit in [true, false, true, true, false, true] {
            r.add(false, hit);
        }
        assert_eq!((r.maintainers, r.maintainer_hits), (4, 3));
        assert_eq!((r.non_maintainers, r.non_maintainer_hits), (6, 4));
        assert_eq!(r.maintainer_rate(), 0.75);
        assert!((r.non_maintainer_rate() - 2.0 / 3.0).abs() < 1e-15);
        assert!((r.harmonic_mean() - 12.0 / 17.0).abs() < 1e-15);
    }

    #[test]
    fn empty_and_one_sided_sets() {
        let mut r = Rates::default();
        assert!(r.is_empty());
        assert_eq!(r.harmonic_mean(), 0.0);
        r.add(true, true);
        assert_eq!(r.maintainer_rate(), 1.0);
        assert_eq!(
            r.harmonic_mean(),
            0.0,
            "no non-maintainers: the mean is 0, not 1"
        );
    }
}
