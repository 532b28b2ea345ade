//! A prompt budget per model: token estimates, and fitting context into the budget by leaving
//! out the least relevant pieces first (each piece says what it is, so the answer can say what
//! was left out) while the rest keeps its order.

/// Characters per token assumed by the estimate: tokenizers average about 4 on English and
/// 3 on code; 3.2 errs on the side of sending less.
const CHARS_PER_TOKEN: f64 = 3.2;
/// Per-message overhead of chat formats (role markers, separators).
const MESSAGE_OVERHEAD: u32 = 8;

/// Estimated tokens of `text`.
pub fn estimate(text: &str) -> u32 {
    (text.chars().count() as f64 / CHARS_PER_TOKEN).ceil() as u32
}

/// Estimated tokens of a whole prompt.
pub fn estimate_prompt(prompt: &super::wire::Prompt) -> u32 {
    estimate(&prompt.system)
        + prompt
            .messages
            .iter()
            .map(|m| estimate(&m.content) + MESSAGE_OVERHEAD)
            .sum::<u32>()
        + MESSAGE_OVERHEAD
}

/// One piece of context.
#[derive(Clone, Debug)]
pub struct Piece {
    pub text: String,
    /// Higher is kept longer; `f64::INFINITY` is never left out.
    pub relevance: f64,
    /// What it is, in a few words for the note ("the diff of 3f2a1b0c9d").
    pub kind: &'static str,
}

impl Piece {
    pub fn new(text: String, relevance: f64, kind: &'static str) -> Piece {
        Piece {
            text,
            relevance,
            kind,
        }
    }
}

/// The pieces that fit, in their order, and what was left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub text: String,
    pub tokens: u32,
    /// (kind, how many) of the pieces left out, in the order kinds were first dropped.
    pub left_out: Vec<(&'static str, usize)>,
}

impl Fitted {
    /// "left out to fit the model's prompt budget: 4 diffs, 1 commit message" (or `None`).
    pub fn note(&self, budget: u32) -> Option<String> {
        if self.left_out.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .left_out
            .iter()
            .map(|(kind, n)| format!("{n} × {kind}"))
            .collect();
        Some(format!(
            "left out to fit the model's prompt budget of {budget} tokens (least relevant first): {}",
            parts.join(", ")
        ))
    }
}

/// Keeps the most relevant pieces whose estimated tokens, with `fixed` tokens already spent,
/// fit in `budget`; ties keep the earlier piece.
pub fn fit(pieces: &[Piece], fixed: u32, budget: u32) -> Fitted {
    let costs: Vec<u32> = pieces.iter().map(|p| estimate(&p.text)).collect();
    let mut total: u32 = fixed + costs.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    // least relevant first; among equals, later pieces go first
    order.sort_by(|&a, &b| {
        pieces[a]
            .relevance
            .total_cmp(&pieces[b].relevance)
            .then(b.cmp(&a))
    });
    let mut keep = vec![true; pieces.len()];
    let mut left_out: Vec<(&'static str, usize)> = Vec::new();
    for i in order {
        if total <= budget {
            break;
        }
        if pieces[i].relevance == f64::INFINITY {
            continue;
        }
        keep[i] = false;
        total -= costs[i];
        match left_out.iter_mut().find(|(k, _)| *k == pieces[i].kind) {
            Some((_, n)) => *n += 1,
            None => left_out.push((pieces[i].kind, 1)),
        }
    }
    let text = pieces
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| p.text.as_str())
        .collect();
    Fitted {
        text,
        tokens: total,
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_relevant_go_first_and_order_is_kept() {
        let p = |t: &str, r: f64, k| Piece::new(t.repeat(32), r, k);
        let pieces = vec![
            p("a", f64::INFINITY, "header"),
            p("b", 1.0, "diff"),
            p("c", 3.0, "message"),
            p("d", 2.0, "diff"),
        ];
        // 10 tokens each
        assert_eq!(estimate(&pieces[0].text), 10);
        let all = fit(&pieces, 0, 100);
        assert!(all.left_out.is_empty());
        assert_eq!(all.note(100), None);
        let f = fit(&pieces, 5, 30);
        assert_eq!(f.text, format!("{}{}", "a".repeat(32), "c".repeat(32)));
        assert_eq!(f.left_out, vec![("diff", 2)]);
        assert_eq!(f.tokens, 25);
        assert!(f.note(30).unwrap().contains("2 × diff"));
        // what cannot be left out stays, even over budget
        let f = fit(&pieces, 0, 1);
        assert_eq!(f.text, "a".repeat(32));
        assert_eq!(f.tokens, 10);
    }
}
