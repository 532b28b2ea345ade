//! "Explain the history of this code" with an LLM: the prompt is built from `query::explain`'s
//! evidence only (the code, the shaping commits with their messages and hunks, the experts),
//! fitted to the model's budget by leaving out the least relevant first (diffs of older commits
//! that own no line today, then their messages, then the commits), and the answer is checked:
//! every commit it cites must be one of the evidence's.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::budget::{self, Piece};
use super::gateway::Built;
use super::wire::Prompt;
use crate::query::explain::{Evidence, ShapingCommit};

const SYSTEM: &str = "You explain why a piece of code is the way it is, to a developer who is \
about to change it. Use only the evidence given: the commits that shaped these lines (short \
hash, date, author, message, diff) and who knows the file today. Cite commits by their short \
hash in square brackets, like [0123abcd45]. Say what changed, when and why, as far as the \
messages tell; say so when the evidence does not tell why. Be brief: at most three short \
paragraphs. End with one line: \"Ask: NAME\", naming the person from \"Who knows this file\" \
best placed to answer questions.";

/// The prompt for `e`, within `budget` tokens.
pub fn prompt(e: &Evidence, budget: u32) -> Built {
    let mut pieces = Vec::new();
    let keep = f64::INFINITY;
    pieces.push(Piece::new(
        // no revision or file length here: a commit that leaves these lines and their history
        // alone must not change the prompt (and miss the cache)
        format!("File: {} lines {}–{}\n", e.file, e.range.start, e.range.end),
        keep,
        "header",
    ));
    let fence = crate::query::explain::render::fence_for(&e.code.join("\n"));
    pieces.push(Piece::new(
        format!("Code:\n{fence}\n{}\n{fence}\n", e.code.join("\n")),
        100.0,
        "the code itself",
    ));
    let n = e.commits.len() + e.omitted_commits as usize;
    pieces.push(Piece::new(
        format!("\n{n} commit(s) shaped these lines, newest first:\n"),
        keep,
        "header",
    ));
    let range_len = f64::from(e.range.end - e.range.start + 1);
    for (i, c) in e.commits.iter().enumerate() {
        let owns = if c.lines_owned > 0 {
            2.0 + f64::from(c.lines_owned) / range_len
        } else {
            0.0
        };
        let base = 1.0 + owns + 1.0 / (1.0 + i as f64);
        pieces.push(Piece::new(commit_line(c), base * 4.0, "older commit"));
        if !c.body.is_empty() || !c.refs.is_empty() {
            pieces.push(Piece::new(message(c), base * 2.0, "commit message"));
        }
        if !c.hunks.is_empty() {
            pieces.push(Piece::new(diff(c), base, "diff"));
        }
    }
    // names only, most knowledgeable first: a commit elsewhere in the file moves the shares,
    // and must not change the prompt
    let experts: Vec<&str> = e.experts.iter().take(5).map(|x| x.name.as_str()).collect();
    pieces.push(Piece::new(
        format!(
            "\nWho knows this file today (most first): {}\n\nWhy are these lines the way they are?\n",
            if experts.is_empty() {
                "nobody on record".to_owned()
            } else {
                experts.join(", ")
            }
        ),
        keep,
        "header",
    ));
    let fixed = budget::estimate(SYSTEM) + 16;
    let fitted = budget::fit(&pieces, fixed, budget);
    Built {
        prompt: Prompt::user(SYSTEM, fitted.text.clone()),
        note: fitted.note(budget),
    }
}

fn commit_line(c: &ShapingCommit) -> String {
    let mut who = c.author.name.clone();
    if !c.co_authors.is_empty() {
        let names: Vec<&str> = c.co_authors.iter().map(|p| p.name.as_str()).collect();
        who.push_str(&format!(" with {}", names.join(", ")));
    }
    let mut line = format!(
        "\n[{}] {} {}: {}",
        c.short(),
        &c.date[..c.date.len().min(10)],
        who,
        c.subject
    );
    if c.merge {
        line.push_str(" (merge)");
    }
    if let Some(from) = &c.renamed_from {
        line.push_str(&format!(" (renamed from {from})"));
    }
    if c.lines_owned > 0 {
        line.push_str(&format!(" — last changed {} of these lines", c.lines_owned));
    }
    line.push('\n');
    line
}

fn message(c: &ShapingCommit) -> String {
    let mut out = String::new();
    if !c.refs.is_empty() {
        out.push_str(&format!("  refs: {}\n", c.refs.join(", ")));
    }
    for l in c.body.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("  | {l}\n"));
    }
    out
}

fn diff(c: &ShapingCommit) -> String {
    let mut out = String::new();
    for h in &c.hunks {
        out.push_str(&format!("  {}\n", h.header()));
        for l in h.text.lines() {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}

/// Hex words in `text` that look like commit hashes (7–40 hex digits with a digit and a
/// letter) but start no commit of the evidence.
pub fn unknown_citations(text: &str, e: &Evidence) -> Vec<String> {
    static HEX: OnceLock<Regex> = OnceLock::new();
    let hex =
        HEX.get_or_init(|| Regex::new(r"(?-u:\b)[0-9a-f]{7,40}(?-u:\b)").expect("valid regex"));
    let mut seen = HashSet::new();
    hex.find_iter(text)
        .map(|m| m.as_str())
        .filter(|h| {
            h.bytes().any(|b| b.is_ascii_digit()) && h.bytes().any(|b| b.is_ascii_alphabetic())
        })
        .filter(|h| {
            !e.commits.iter().any(|c| c.commit.starts_with(h)) && !e.revision.starts_with(h)
        })
        .filter(|h| seen.insert(h.to_string()))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::explain::{HunkText, LineRange};
    use crate::query::owners::Expert;
    use crate::query::Person;

    fn commit(i: usize, owned: u32) -> ShapingCommit {
        ShapingCommit {
            commit: format!("{i:x}{}", "ab12".repeat(10))[..40].to_owned(),
            author: Person {
                name: format!("Dev {i}"),
                email: format!("dev{i}@example.com"),
            },
            co_authors: Vec::new(),
            date: "2024-01-02T03:04:05+00:00".into(),
            subject: format!("Change {i}"),
            body: "Because the parser needed it.".into(),
            refs: vec!["#12".into()],
            path: "src/a.rs".into(),
            renamed_from: None,
            merge: false,
            lines_owned: owned,
            hunks: vec![HunkText {
                old_start: 1,
                old_lines: 1,
                new_start: 1,
                new_lines: 1,
                text: "-old line\n+new line\n".repeat(4),
                omitted_lines: 0,
            }],
            omitted_hunks: 0,
        }
    }

    fn evidence(n: usize) -> Evidence {
        Evidence {
            file: "src/a.rs".into(),
            revision: "f".repeat(40),
            range: LineRange { start: 1, end: 4 },
            file_lines: 10,
            code: vec!["fn a() {}".into(); 4],
            commits: (0..n)
                .map(|i| commit(i, if i == 0 { 4 } else { 0 }))
                .collect(),
            omitted_commits: 0,
            experts: vec![Expert {
                name: "Dev 0".into(),
                email: "dev0@example.com".into(),
                share: 0.5,
                commits: 3,
                last_active: "2024-01-02T03:04:05+00:00".into(),
                line_share: 0.4,
                reason: "degree of authorship".into(),
                doa_author: true,
            }],
        }
    }

    #[test]
    fn a_small_budget_leaves_out_older_diffs_first_and_says_so() {
        let e = evidence(12);
        let all = prompt(&e, 100_000);
        assert!(all.note.is_none());
        assert_eq!(
            all.prompt.messages[0].content.matches("+new line").count(),
            12 * 4
        );
        let tight = prompt(&e, 600);
        let text = &tight.prompt.messages[0].content;
        let note = tight.note.expect("something was left out");
        assert!(note.contains("diff"), "{note}");
        assert!(
            text.contains(&format!("[{}]", e.commits[0].short())),
            "the newest commit stays"
        );
        assert!(
            text.contains("+new line"),
            "the owning commit's diff stays longest"
        );
        assert!(text.contains("Who knows this file today (most first): Dev 0"));
        assert!(budget::estimate_prompt(&tight.prompt) <= 600 + 40);
    }

    #[test]
    fn invented_commit_hashes_are_caught() {
        let e = evidence(2);
        let real = e.commits[1].short().to_owned();
        let text = format!("See [{real}] and [deadbeef12], colour ffffff, year 2024.");
        assert_eq!(unknown_citations(&text, &e), vec!["deadbeef12"]);
    }
}
