//! The owners source: the last change of a committed line and a file's experts as of the
//! indexed commit, from the index (`query::owners::file_owners`), converted to the wire types.
//! Experts come from the insights layer (DOA, `insights::expertise`); when it has none for a file
//! that has lines, each author's share of the current lines stands in (fallback).

use std::collections::HashMap;

use aexy_protocol::ownership::{ExpertShare, LineOwnership};
use aexy_protocol::Person;

use crate::query::owners::{file_owners, FileOwners, LineOwner, OwnersError};

use super::blocking::Cancel;
use super::reader::Reader;

/// What the owners source knows about one file (and optionally one of its lines).
#[derive(Default)]
pub struct Answer {
    pub line: Option<LineOwnership>,
    /// Largest share first.
    pub experts: Vec<ExpertShare>,
}

/// Ownership of `rel` as of the reader's indexed commit; `line` is 1-based in that commit's blob.
/// Files the index does not know (new, deleted at the indexed commit, binary) get an empty answer.
pub fn owners(
    reader: &mut Reader,
    rel: &str,
    line: Option<u32>,
    cancel: &Cancel,
) -> anyhow::Result<Answer> {
    let cached = reader.experts.get(rel).cloned();
    let Some(ctx) = reader.ctx.as_ref() else {
        return Ok(Answer::default()); // no index yet
    };
    if line.is_none() {
        if let Some(experts) = cached {
            return Ok(Answer {
                line: None,
                experts,
            });
        }
    }
    let found = match file_owners(ctx, rel, line) {
        Ok(found) => found,
        Err(e) => match e.downcast_ref::<OwnersError>() {
            Some(OwnersError::LineOutOfRange { .. }) => {
                file_owners(ctx, rel, None).map(|mut f| {
                    f.lines.clear();
                    f
                })?
            }
            Some(OwnersError::NotAFile(..) | OwnersError::Binary(_)) => {
                return Ok(Answer::default())
            }
            None => return Err(e),
        },
    };
    cancel.check()?;
    let answer_line = line
        .and_then(|n| found.lines.iter().find(|l| l.line == n))
        .map(line_ownership);
    let experts = match cached {
        Some(experts) => experts,
        None if found.experts.is_empty() => {
            // No DOA experts for a file with lines: fall back to shares of the current lines.
            let all = if line.is_some() {
                file_owners(ctx, rel, None)?
            } else {
                found
            };
            line_share_experts(&all)
        }
        None => found
            .experts
            .iter()
            .map(|e| ExpertShare {
                name: e.name.clone(),
                email: e.email.clone(),
                share: e.share,
                last_active: Some(e.last_active.clone()).filter(|d| !d.is_empty()),
            })
            .collect(),
    };
    if reader.experts.len() >= super::reader::EXPERTS_CACHE {
        reader.experts.clear();
    }
    reader.experts.insert(rel.to_owned(), experts.clone());
    Ok(Answer {
        line: answer_line,
        experts,
    })
}

fn line_ownership(l: &LineOwner) -> LineOwnership {
    LineOwnership {
        commit: Some(l.commit.clone()),
        author: Some(Person {
            name: l.author.name.clone(),
            email: l.author.email.clone(),
        }),
        date: Some(l.date.clone()),
        summary: Some(l.summary.clone()),
        co_authors: l
            .co_authors
            .iter()
            .map(|p| Person {
                name: p.name.clone(),
                email: p.email.clone(),
            })
            .collect(),
        uncommitted: false,
    }
}

/// Each author's share of the file's current lines, with the date of their newest line.
pub fn line_share_experts(f: &FileOwners) -> Vec<ExpertShare> {
    let total = f.lines.len().max(1) as f64;
    let mut by_email: HashMap<String, (usize, &LineOwner)> = HashMap::new();
    for l in &f.lines {
        let entry = by_email
            .entry(l.author.email.to_lowercase())
            .or_insert((0, l));
        entry.0 += 1;
        if epoch(&l.date) > epoch(&entry.1.date) {
            entry.1 = l;
        }
    }
    let mut experts: Vec<ExpertShare> = by_email
        .into_values()
        .map(|(n, newest)| ExpertShare {
            name: newest.author.name.clone(),
            email: newest.author.email.clone(),
            share: n as f64 / total,
            last_active: Some(newest.date.clone()),
        })
        .collect();
    experts.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.name.cmp(&b.name))
    });
    experts
}

fn epoch(rfc3339: &str) -> i64 {
    super::time::parse_rfc3339(rfc3339).map_or(i64::MIN, |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Person as QPerson;

    fn line(n: u32, who: &str, date: &str) -> LineOwner {
        LineOwner {
            line: n,
            commit: "c".into(),
            author: QPerson {
                name: who.into(),
                email: format!("{who}@x"),
            },
            date: date.into(),
            summary: String::new(),
            co_authors: vec![],
            boundary: false,
        }
    }

    #[test]
    fn line_shares_rank_authors_and_keep_their_newest_date() {
        let f = FileOwners {
            file: "a".into(),
            lines: vec![
                line(1, "ann", "2024-01-01T00:00:00+00:00"),
                line(2, "bo", "2024-02-01T00:00:00+00:00"),
                line(3, "ann", "2024-03-01T00:00:00+01:00"),
            ],
            experts: vec![],
        };
        let e = line_share_experts(&f);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].name, "ann");
        assert!((e[0].share - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            e[0].last_active.as_deref(),
            Some("2024-03-01T00:00:00+01:00")
        );
        assert_eq!(e[1].name, "bo");
    }
}
