//! Task signals for matching (`aexy match --llm`, `aexy eval match --llm`): the LLM names the
//! components, skills and keywords a task is about; they are added to aexy's own ranker as
//! extra query words (and listed, so the reasons that cite them can be traced). The model only
//! proposes words: the ranking stays aexy's.

use super::gateway::Built;
use super::wire::Prompt;

/// Words kept from the model's answer.
pub const MAX_TERMS: usize = 10;
/// Output tokens asked for (one short line).
pub const MAX_OUTPUT_TOKENS: u32 = 60;

const SYSTEM: &str = "From a software task description, name the code components, technical \
skills and search keywords a developer would look for in the code base to do it. Answer with \
one line of at most 10 lowercase words or identifiers separated by commas, and nothing else.";

const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "from",
    "into",
    "that",
    "this",
    "code",
    "task",
    "developer",
    "feature",
    "support",
    "add",
    "fix",
    "make",
    "use",
    "new",
    "keywords",
    "components",
    "skills",
];

pub fn prompt(task: &str) -> Built {
    Built {
        prompt: Prompt::user(SYSTEM, format!("Task: {}", task.trim())),
        note: None,
    }
}

/// The words of the model's answer: lowercase identifiers of three or more characters, not
/// stop words, not already in `task`, each once, at most `MAX_TERMS`.
pub fn parse(answer: &str, task: &str) -> Vec<String> {
    let task = task.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for word in answer
        .to_lowercase()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= 3 && w.len() <= 40)
    {
        if out.len() >= MAX_TERMS {
            break;
        }
        let known = task
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|t| t == word);
        if !known && !STOP.contains(&word) && !out.iter().any(|o| o == word) {
            out.push(word.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cleaned_and_new_to_the_task() {
        let t = parse(
            "Keywords: HTTP_client, retry, backoff; tokio, Retry, the code, x, retry-after\n\n1. extra",
            "Add retry to the HTTP client",
        );
        assert_eq!(t, vec!["http_client", "backoff", "tokio", "after", "extra"]);
        assert!(parse(&"word ".repeat(50), "").len() == 1);
        let many: String = (0..30).map(|i| format!("term{i}, ")).collect();
        assert_eq!(parse(&many, "").len(), MAX_TERMS);
    }
}
