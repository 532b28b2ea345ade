//! Okapi BM25 over documents that grow and shrink (Robertson & Zaragoza, "The Probabilistic
//! Relevance Framework: BM25 and Beyond", Foundations and Trends in IR 3(4), 2009, eq. 3.15),
//! with k1 = 1.2, b = 0.75 and the non-negative idf `ln(1 + (N − n + 0.5)/(n + 0.5))` (Lucene).

use std::collections::HashMap;

/// Term-frequency saturation.
pub const K1: f64 = 1.2;
/// Document-length normalisation.
pub const B: f64 = 0.75;

/// Interned term ids: the same string always gets the same id.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    /// The id of `term`, creating it when new.
    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(term.to_string(), id);
        id
    }

    /// The id of `term` if any document ever used it.
    pub fn get(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// Every term, indexed by its id.
    pub fn terms(&self) -> Vec<&str> {
        let mut out = vec![""; self.ids.len()];
        for (t, &id) in &self.ids {
            out[id as usize] = t;
        }
        out
    }
}

/// An inverted index whose documents (dense ids) can gain and lose terms.
#[derive(Debug, Default)]
pub struct Index {
    /// term → (doc → term frequency)
    postings: Vec<HashMap<u32, u32>>,
    doc_len: Vec<u32>,
    total_len: u64,
    /// documents with at least one term
    docs: u64,
}

impl Index {
    /// Adds `count` occurrences of `term` to `doc`.
    pub fn add(&mut self, doc: u32, term: u32, count: u32) {
        if count == 0 {
            return;
        }
        let (d, t) = (doc as usize, term as usize);
        if self.postings.len() <= t {
            self.postings.resize_with(t + 1, HashMap::new);
        }
        if self.doc_len.len() <= d {
            self.doc_len.resize(d + 1, 0);
        }
        *self.postings[t].entry(doc).or_insert(0) += count;
        if self.doc_len[d] == 0 {
            self.docs += 1;
        }
        self.doc_len[d] += count;
        self.total_len += u64::from(count);
    }

    /// Removes up to `count` occurrences of `term` from `doc`.
    pub fn remove(&mut self, doc: u32, term: u32, count: u32) {
        let Some(post) = self.postings.get_mut(term as usize) else {
            return;
        };
        let Some(tf) = post.get_mut(&doc) else {
            return;
        };
        let taken = count.min(*tf);
        *tf -= taken;
        if *tf == 0 {
            post.remove(&doc);
        }
        let len = &mut self.doc_len[doc as usize];
        *len -= taken;
        self.total_len -= u64::from(taken);
        if *len == 0 && taken > 0 {
            self.docs -= 1;
        }
    }

    /// Removes every occurrence of `terms` (the document's own term list) from `doc`.
    pub fn clear(&mut self, doc: u32, terms: &HashMap<u32, u32>) {
        for (&t, &c) in terms {
            self.remove(doc, t, c);
        }
    }

    /// The frequency of `term` in `doc`.
    pub fn tf(&self, doc: u32, term: u32) -> u32 {
        self.postings
            .get(term as usize)
            .and_then(|p| p.get(&doc))
            .copied()
            .unwrap_or(0)
    }

    /// Documents containing `term`.
    pub fn df(&self, term: u32) -> u64 {
        self.postings
            .get(term as usize)
            .map_or(0, |p| p.len() as u64)
    }

    /// Each term id with its postings (document → term frequency).
    pub fn postings(&self) -> impl Iterator<Item = (u32, &HashMap<u32, u32>)> {
        self.postings.iter().enumerate().map(|(t, p)| (t as u32, p))
    }

    /// The length (terms counted with their frequencies) of `doc`.
    pub fn doc_len(&self, doc: u32) -> u32 {
        self.doc_len.get(doc as usize).copied().unwrap_or(0)
    }

    /// Documents with at least one term.
    pub fn documents(&self) -> u64 {
        self.docs
    }

    /// The average document length (0 for an empty index).
    pub fn avgdl(&self) -> f64 {
        if self.docs == 0 {
            0.0
        } else {
            self.total_len as f64 / self.docs as f64
        }
    }

    /// `ln(1 + (N − n + 0.5)/(n + 0.5))`.
    pub fn idf(&self, term: u32) -> f64 {
        let n = self.df(term) as f64;
        let big_n = self.docs as f64;
        (1.0 + (big_n - n + 0.5) / (n + 0.5)).ln()
    }

    /// BM25 of every document matching at least one query term (repeated query terms count
    /// again: the k3 → ∞ form of the query-frequency factor).
    pub fn score(&self, query: &[u32]) -> HashMap<u32, f64> {
        let mut out: HashMap<u32, f64> = HashMap::new();
        if self.docs == 0 {
            return out;
        }
        let avgdl = self.total_len as f64 / self.docs as f64;
        for &t in query {
            let Some(post) = self.postings.get(t as usize) else {
                continue;
            };
            let idf = self.idf(t);
            for (&doc, &tf) in post {
                let dl = f64::from(self.doc_len[doc as usize]);
                *out.entry(doc).or_insert(0.0) += summand(idf, tf, dl, avgdl);
            }
        }
        out
    }

    /// What one occurrence of `term` in a query adds to `doc`'s [`Index::score`] (0 when the
    /// document lacks it): how much that word of the query speaks for that document.
    pub fn weight(&self, doc: u32, term: u32) -> f64 {
        let tf = self.tf(doc, term);
        if tf == 0 || self.docs == 0 {
            return 0.0;
        }
        let avgdl = self.total_len as f64 / self.docs as f64;
        summand(
            self.idf(term),
            tf,
            f64::from(self.doc_len[doc as usize]),
            avgdl,
        )
    }
}

/// `idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl))`.
pub fn summand(idf: f64, tf: u32, dl: f64, avgdl: f64) -> f64 {
    let tf = f64::from(tf);
    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / avgdl))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// d0 = {a, b}, d1 = {a, c, c}: N = 2, avgdl = 2.5.
    fn two_docs() -> Index {
        let mut ix = Index::default();
        let (a, b, c) = (0, 1, 2);
        ix.add(0, a, 1);
        ix.add(0, b, 1);
        ix.add(1, a, 1);
        ix.add(1, c, 2);
        ix
    }

    #[test]
    fn hand_computed_scores() {
        let ix = two_docs();
        // query "c": n = 1, idf = ln(1 + 1.5/1.5) = ln 2;
        // d1: tf 2, dl 3 → 2·2.2 / (2 + 1.2·(0.25 + 0.75·3/2.5)) = 4.4/3.38
        let s = ix.score(&[2]);
        assert_eq!(s.len(), 1);
        assert!(close(s[&1], 2f64.ln() * 4.4 / 3.38), "{}", s[&1]);
        // query "a": n = 2, idf = ln(1 + 0.5/2.5) = ln 1.2;
        // d0: tf 1, dl 2 → 2.2 / (1 + 1.2·(0.25 + 0.6)) = 2.2/2.02
        // d1: tf 1, dl 3 → 2.2 / (1 + 1.2·1.15) = 2.2/2.38
        let s = ix.score(&[0]);
        assert!(close(s[&0], 1.2f64.ln() * 2.2 / 2.02));
        assert!(close(s[&1], 1.2f64.ln() * 2.2 / 2.38));
        // the shorter document wins a term both contain once
        assert!(s[&0] > s[&1]);
        // query "b c" sums per-term weights
        let s = ix.score(&[1, 2]);
        assert!(close(s[&0], 2f64.ln() * 2.2 / 2.02));
        // one term's weight is its summand
        assert!(close(ix.weight(1, 2), 2f64.ln() * 4.4 / 3.38));
        assert!(close(
            ix.weight(0, 0) + ix.weight(0, 1),
            ix.score(&[0, 1])[&0]
        ));
        assert_eq!(ix.weight(0, 2), 0.0);
    }

    #[test]
    fn removing_terms_restores_the_statistics() {
        let mut ix = two_docs();
        ix.add(2, 5, 3);
        ix.remove(2, 5, 3);
        assert_eq!(ix.docs, 2);
        assert_eq!(ix.total_len, 5);
        assert_eq!(ix.df(5), 0);
        let s = ix.score(&[2]);
        assert!(close(s[&1], 2f64.ln() * 4.4 / 3.38));
        // removing more than present takes what is there
        ix.remove(1, 2, 10);
        assert_eq!(ix.tf(1, 2), 0);
        assert_eq!(ix.total_len, 3);
    }

    #[test]
    fn vocabulary_interns_once() {
        let mut v = Vocabulary::default();
        assert_eq!(v.intern("parser"), 0);
        assert_eq!(v.intern("net"), 1);
        assert_eq!(v.intern("parser"), 0);
        assert_eq!(v.get("net"), Some(1));
        assert_eq!(v.get("nope"), None);
    }
}
