//! What may leave the machine: paths on the user's ignore list never do (gitignore-style
//! patterns matched with git's wildmatch: no `/` matches the name at any depth, a leading `/`
//! anchors at the root, a trailing `/` takes everything under a directory), and every prompt is
//! scrubbed of e-mail addresses and token-shaped strings (`net::Redactor`) before it is hashed,
//! shown by `--dry-run`, or sent.

use crate::classify::wildmatch::wildmatch;
use crate::net::Redactor;

use super::wire::{Message, Prompt};

/// The ignore list (`llm.ignore`).
#[derive(Clone, Debug, Default)]
pub struct Ignore {
    patterns: Vec<String>,
}

impl Ignore {
    pub fn new(patterns: &[String]) -> Ignore {
        Ignore {
            patterns: patterns
                .iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty() && !p.starts_with('#'))
                .collect(),
        }
    }

    /// The pattern that keeps `path` (repository-relative, '/'-separated) from being sent.
    pub fn blocks(&self, path: &str) -> Option<&str> {
        self.patterns
            .iter()
            .find(|p| matches(p, path))
            .map(String::as_str)
    }
}

fn matches(pattern: &str, path: &str) -> bool {
    if let Some(dir) = pattern.strip_suffix('/') {
        let dir = dir.trim_start_matches('/');
        return path == dir
            || path.starts_with(&format!("{dir}/"))
            || (!dir.contains('/') && path.split('/').rev().skip(1).any(|d| d == dir));
    }
    if let Some(anchored) = pattern.strip_prefix('/') {
        return wildmatch(anchored.as_bytes(), path.as_bytes());
    }
    if pattern.contains('/') {
        return wildmatch(pattern.as_bytes(), path.as_bytes());
    }
    let base = path.rsplit('/').next().unwrap_or(path);
    wildmatch(pattern.as_bytes(), base.as_bytes())
}

/// The prompt as it may be sent: e-mail addresses and token shapes removed everywhere.
pub fn scrub(prompt: &Prompt) -> Prompt {
    let r = Redactor::none();
    Prompt {
        system: r.apply(&prompt.system),
        messages: prompt
            .messages
            .iter()
            .map(|m| Message {
                role: m.role,
                content: r.apply(&m.content),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_gitignore_does() {
        let ig = Ignore::new(&[
            "*.pem".into(),
            "/config/secrets.toml".into(),
            "private/".into(),
            "deploy/**/keys.*".into(),
        ]);
        assert_eq!(ig.blocks("a/b/server.pem"), Some("*.pem"));
        assert!(ig.blocks("config/secrets.toml").is_some());
        assert!(ig.blocks("x/config/secrets.toml").is_none());
        assert!(ig.blocks("private/notes.md").is_some());
        assert!(ig.blocks("src/private/notes.md").is_some());
        assert!(ig.blocks("deploy/eu/west/keys.json").is_some());
        assert!(ig.blocks("src/lib.rs").is_none());
    }

    #[test]
    fn prompts_lose_emails_and_tokens() {
        let p = scrub(&Prompt::user(
            "ask alice@example.com",
            "Co-authored-by: Bob <bob@example.org>\nlet key = \"sk-abcdefghijklmnopqrstu\";",
        ));
        assert_eq!(p.system, "ask [email]");
        assert!(
            !p.messages[0].content.contains('@'),
            "{}",
            p.messages[0].content
        );
        assert!(
            !p.messages[0].content.contains("sk-abc"),
            "{}",
            p.messages[0].content
        );
    }
}
