//! Test-only cross-check of [`parse_trailers`] against real git: each message goes through
//! `git interpret-trailers --parse --no-divider` (trailers only, unfolded) and through our
//! parser, and the `Key: value` lists must be equal.

use std::io::Write;
use std::process::{Command, Stdio};

use super::parse_trailers;

const MESSAGES: &[&str] = &[
    "Title only",
    "Title\n\nBody only.\n",
    "Title\n\nBody.\n\nSigned-off-by: A U Thor <a@example.org>\n",
    "Title\n\nBody.\n\nReviewed-by: R <r@x.org>\nCo-authored-by: C <c@x.org>\nFixes: #12\n",
    "Title\n\nKey : spaced\nLong-Key: first\n  second\n\tthird\n",
    "Title\n\nnote line\nSigned-off-by: A <a@x>\nAcked-by: B <b@x>\n",
    "Title\n\nnote line\nReviewed-by: A <a@x>\nAcked-by: B <b@x>\n",
    "Title\n\nl1\nl2\nl3\nl4\nSigned-off-by: A <a@x>\n",
    "Title\n\nl1\nl2\nl3\nSigned-off-by: A <a@x>\n",
    "Title\n\nBody\n\nFixes: #12\n# comment\n\n\n",
    "Title\n\nBody\n\n(cherry picked from commit 0123456789abcdef)\nSigned-off-by: A <a@x>\n",
    "Title\n\nBody\n\nnot a: trailer because of spaces\nKey: v\n",
    "Title\n\n Indented: first line\nKey: v\n",
    "Title\n\nBody\n\n---\nKey: after a divider\n",
    "Title\nstill title\n\nKey: v\n",
    "Title\n\nBody\n\nURL: https://example.org/a:b\nEmpty:\n",
    "Title\n\nBody\n\nKey: v\r\nOther: w\r\n",
    "Title\n\n\n\nKey: v\n",
];

fn git_trailers(message: &str) -> Vec<String> {
    let mut child = Command::new("git")
        .args(["interpret-trailers", "--parse", "--no-divider"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(message.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect()
}

#[test]
fn parse_trailers_agrees_with_git_interpret_trailers() {
    let mut nonempty = 0;
    for message in MESSAGES {
        let ours: Vec<String> = parse_trailers(message)
            .into_iter()
            .map(|(k, v)| format!("{k}: {v}").trim_end().to_string())
            .collect();
        let git = git_trailers(message);
        assert_eq!(ours, git, "message {message:?}");
        nonempty += usize::from(!git.is_empty());
    }
    assert!(
        nonempty >= 10,
        "the vectors exercise real trailer blocks: {nonempty}"
    );
}
