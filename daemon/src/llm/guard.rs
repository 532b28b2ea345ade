//! The figures guard: an LLM may phrase aexy's figures but not invent them. Every number in its
//! text must be one of the numbers in the facts it was given (as written, rounded to the
//! precision the text uses, or a fraction written as a percentage); a sentence with any other
//! number is dropped, and the answer says which.

use std::sync::OnceLock;

use regex::Regex;

fn number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
            .expect("valid regex")
    })
}

/// A number as written: its value and how many decimals it shows.
fn numbers(text: &str) -> Vec<(f64, usize)> {
    number()
        .find_iter(text)
        .filter_map(|m| {
            let t = m.as_str().replace(',', "");
            let decimals = t.split_once('.').map_or(0, |(_, d)| d.len());
            t.parse::<f64>().ok().map(|v| (v, decimals))
        })
        .collect()
}

/// The numbers the facts contain (what the model may write).
#[derive(Clone, Debug, Default)]
pub struct Figures(Vec<f64>);

impl Figures {
    pub fn from_text(facts: &str) -> Figures {
        Figures(numbers(facts).into_iter().map(|(v, _)| v).collect())
    }

    /// Whether `value`, written with `decimals` decimals, is one of the figures: equal after
    /// rounding a figure to that precision, or a fraction shown as a percentage.
    pub fn allows(&self, value: f64, decimals: usize) -> bool {
        let scale = 10f64.powi(decimals as i32);
        let round = |f: f64| (f * scale).round() / scale;
        self.0.iter().any(|&f| {
            (round(f) - value).abs() < 1e-9
                || (f.abs() <= 1.0 && (round(f * 100.0) - value).abs() < 1e-9)
        })
    }
}

/// The text with every sentence holding an unknown number removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guarded {
    pub text: String,
    /// The sentences removed.
    pub dropped: Vec<String>,
    /// How many numbers were checked.
    pub checked: usize,
}

impl Guarded {
    pub fn note(&self) -> Option<String> {
        (!self.dropped.is_empty()).then(|| {
            format!(
                "removed {} sentence(s) with figures that are not aexy's: {}",
                self.dropped.len(),
                self.dropped
                    .iter()
                    .map(|s| format!("«{}»", s.trim()))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
    }
}

pub fn guard(text: &str, figures: &Figures) -> Guarded {
    let mut out = String::new();
    let mut dropped = Vec::new();
    let mut checked = 0;
    for sentence in sentences(text) {
        let found = numbers(sentence);
        checked += found.len();
        if found.iter().all(|&(v, d)| figures.allows(v, d)) {
            out.push_str(sentence);
        } else {
            dropped.push(sentence.trim().to_owned());
            // keep the line structure (bullets, paragraphs)
            if sentence.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    Guarded {
        text: out.trim().to_owned(),
        dropped,
        checked,
    }
}

/// Splits after `.`, `!`, `?` followed by white space (not a decimal point), and after line
/// ends; the pieces keep their trailing white space so they join back exactly.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_mark = matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if end_mark || b == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            out.push(&text[start..j]);
            start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sentences_with_unknown_figures_go() {
        let figures =
            Figures::from_text("truck factor: 2\nshare: 0.6234\ncommits: 1,204\nmean: 13.666");
        let g = guard(
            "The truck factor is 2. Alice wrote 62% of it. There were 1,204 commits, about 13.7 a week! \
             Bob made 75 of them.\nVelocity grew by 3.5 times.",
            &figures,
        );
        assert_eq!(
            g.text,
            "The truck factor is 2. Alice wrote 62% of it. There were 1,204 commits, about 13.7 a week! "
                .trim()
        );
        assert_eq!(
            g.dropped,
            vec!["Bob made 75 of them.", "Velocity grew by 3.5 times."]
        );
        assert_eq!(g.checked, 6);
        assert!(g.note().unwrap().starts_with("removed 2 sentence(s)"));
    }

    #[test]
    fn decimals_are_not_sentence_ends_and_text_without_numbers_stays() {
        assert_eq!(
            sentences("It is 2.5 now. Next"),
            vec!["It is 2.5 now. ", "Next"]
        );
        let g = guard("Nothing to check here.", &Figures::default());
        assert_eq!((g.text.as_str(), g.checked), ("Nothing to check here.", 0));
    }
}
