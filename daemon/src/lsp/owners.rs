//! The owners source: the last change of a committed line and a file's experts, as of commit
//! `base`. INTERIM: computed with git2 blame (experts = share of surviving lines) until the
//! index's `query::owners::file_owners` lands on main; then this file becomes a thin adapter.

use std::collections::HashMap;
use std::path::Path;

use aexy_protocol::ownership::{ExpertShare, LineOwnership};
use aexy_protocol::Person;
use git2::{BlameOptions, Oid};

use super::blocking::Cancel;
use super::reader::Reader;
use super::time::format_rfc3339;

/// What the owners source knows about one file (and optionally one of its lines).
pub struct Answer {
    pub line: Option<LineOwnership>,
    /// Largest share first.
    pub experts: Vec<ExpertShare>,
}

/// Ownership of `rel` as of `base`; `line` is 1-based in the `base` blob.
pub fn owners(
    reader: &mut Reader,
    base: Oid,
    rel: &str,
    line: Option<u32>,
    cancel: &Cancel,
) -> anyhow::Result<Answer> {
    let repo = &reader.repo;
    let mut opts = BlameOptions::new();
    opts.newest_commit(base);
    let blame = repo.blame_file(Path::new(rel), Some(&mut opts))?;
    cancel.check()?;
    let line = match line.and_then(|n| blame.get_line(n as usize)) {
        Some(hunk) => {
            let commit = repo.find_commit(hunk.final_commit_id())?;
            let author = commit.author();
            Some(LineOwnership {
                commit: Some(commit.id().to_string()),
                author: Some(person(&author)),
                date: Some(format_rfc3339(
                    author.when().seconds(),
                    author.when().offset_minutes(),
                )),
                summary: Some(commit.summary().unwrap_or_default().to_owned()),
                co_authors: co_authors(commit.message().unwrap_or_default()),
                uncommitted: false,
            })
        }
        None => None,
    };
    let mut by_email: HashMap<String, (Person, usize, i64, i32)> = HashMap::new();
    let mut total = 0usize;
    for hunk in blame.iter() {
        let sig = hunk.final_signature();
        let who = person(&sig);
        let lines = hunk.lines_in_hunk();
        total += lines;
        let when = (sig.when().seconds(), sig.when().offset_minutes());
        let entry = by_email
            .entry(who.email.to_lowercase())
            .or_insert((who, 0, when.0, when.1));
        entry.1 += lines;
        if when.0 > entry.2 {
            (entry.2, entry.3) = when;
        }
    }
    let mut experts: Vec<ExpertShare> = by_email
        .into_values()
        .map(|(p, lines, t, tz)| ExpertShare {
            name: p.name,
            email: p.email,
            share: lines as f64 / total.max(1) as f64,
            last_active: Some(format_rfc3339(t, tz)),
        })
        .collect();
    experts.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(Answer { line, experts })
}

fn person(sig: &git2::Signature<'_>) -> Person {
    Person {
        name: String::from_utf8_lossy(sig.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(sig.email_bytes()).into_owned(),
    }
}

/// `Co-authored-by: Name <email>` trailers of a commit message.
pub fn co_authors(message: &str) -> Vec<Person> {
    message
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            if !key.trim().eq_ignore_ascii_case("co-authored-by") {
                return None;
            }
            let (name, rest) = value.split_once('<')?;
            let email = rest.split_once('>')?.0;
            Some(Person {
                name: name.trim().to_owned(),
                email: email.trim().to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co_author_trailers() {
        let msg = "Fix\n\nBody\n\nCo-authored-by: Bob B <bob@x.org>\nco-authored-by: Eve <eve@x>\nSigned-off-by: A <a@x>";
        let people = co_authors(msg);
        assert_eq!(people.len(), 2);
        assert_eq!(
            people[0],
            Person {
                name: "Bob B".into(),
                email: "bob@x.org".into()
            }
        );
    }
}
