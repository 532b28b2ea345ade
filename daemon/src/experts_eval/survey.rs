//! `aexy eval experts --survey CSV`: checks who `aexy owners` names as a file's experts against
//! developers' own answers to "do you maintain this file?" (the survey of Avelino et al., IEEE
//! Software 2019), with the paper's measures, beside the published techniques' figures on the
//! same answers.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result};
use rusqlite::OptionalExtension;

use crate::insights::expertise::Standing;
use crate::query::Context;

use super::csv::Answer;
use super::score::Rates;

/// Every technique's hits on one set of answers.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The repository, or `"all"`.
    pub repository: String,
    /// `aexy owners`' experts (the maintainer rule).
    pub aexy: Rates,
    /// Avelino's DOA authors as aexy computes them (what the truck factor counts).
    pub doa_authors: Rates,
    /// The published techniques at their best thresholds (normalised DOA ≥ 0.8, commit share
    /// ≥ 0.6, blame share ≥ 0.1), on the answers the CSV gives them for.
    pub published_doa: Rates,
    pub published_commit: Rates,
    pub published_blame: Rates,
}

impl Summary {
    fn add(&mut self, a: &Answer, named: bool, doa_author: bool) {
        self.aexy.add(a.maintainer, named == a.maintainer);
        self.doa_authors
            .add(a.maintainer, doa_author == a.maintainer);
        for (rates, hit) in [
            (&mut self.published_doa, a.published.doa),
            (&mut self.published_commit, a.published.commit),
            (&mut self.published_blame, a.published.blame),
        ] {
            if let Some(hit) = hit {
                rates.add(a.maintainer, hit);
            }
        }
    }
}

/// aexy's view of one answer.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub answer: Answer,
    /// The developer the answer's commits resolve to.
    pub developer: String,
    /// Whether `aexy owners` names them.
    pub named: bool,
    pub hit: bool,
    /// Their standing on the file (`None`: they never changed it).
    pub standing: Option<Standing>,
    /// The file's lines and credited changes at the revision, and the revision's time.
    pub file_lines: u32,
    pub file_changes: u32,
    /// The most lines any one developer has in the file.
    pub most_lines: u32,
    pub now: i64,
}

/// The checker's answer.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub repositories: Vec<Summary>,
    pub overall: Summary,
    pub rows: Vec<Row>,
}

/// Opens a query context for a repository (`owner/name`) as of a commit.
pub type Open<'a> = dyn Fn(&str, &str) -> Result<Context> + 'a;

/// Runs the check on `answers`, opening each repository at each snapshot once through `open`.
pub fn run(answers: &[Answer], open: &Open<'_>) -> Result<Report> {
    let mut groups: BTreeMap<(&str, &str), Vec<&Answer>> = BTreeMap::new();
    for a in answers {
        groups
            .entry((a.repo.as_str(), a.snapshot_commit.as_str()))
            .or_default()
            .push(a);
    }
    let mut per_repo: BTreeMap<String, Summary> = BTreeMap::new();
    let mut overall = Summary {
        repository: "all".into(),
        ..Summary::default()
    };
    let mut rows = Vec::new();
    for ((repo, snapshot), list) in groups {
        let ctx = open(repo, snapshot).with_context(|| format!("opening {repo} at {snapshot}"))?;
        let summary = per_repo.entry(repo.to_string()).or_insert_with(|| Summary {
            repository: repo.to_string(),
            ..Summary::default()
        });
        for a in list {
            let devs = developers(&ctx, &a.dev_commits)
                .with_context(|| format!("{repo}: who answered about {} ({})", a.file, a.dev_id))?;
            let f = crate::insights::context::file_standings(&ctx, a.file.as_bytes())
                .with_context(|| format!("{repo}: the experts of {}", a.file))?;
            let standing = f.devs.iter().find(|s| devs.contains(&s.dev)).cloned();
            let named = standing.as_ref().is_some_and(|s| s.verdict.maintainer);
            let doa_author = standing.as_ref().is_some_and(|s| s.authorship.author);
            summary.add(a, named, doa_author);
            overall.add(a, named, doa_author);
            let name = devs
                .first()
                .and_then(|&d| ctx.resolver.developers().get(d))
                .map(|d| d.name.clone())
                .unwrap_or_default();
            rows.push(Row {
                answer: a.clone(),
                developer: name,
                named,
                hit: named == a.maintainer,
                standing,
                file_lines: f.lines,
                file_changes: f.changes,
                most_lines: f.devs.iter().map(|s| s.lines).max().unwrap_or(0),
                now: f.now,
            });
        }
    }
    Ok(Report {
        repositories: per_repo.into_values().collect(),
        overall,
        rows,
    })
}

/// The developers the answer's commits were authored by (one person the resolver may not have
/// merged: any of them counts).
fn developers(ctx: &Context, commits: &[String]) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for oid in commits {
        let author: Option<i64> = ctx
            .store
            .conn()
            .query_row("SELECT author_id FROM commits WHERE oid = ?1", [oid], |r| {
                r.get(0)
            })
            .optional()?;
        let author = author.with_context(|| format!("commit {oid} is not in the index"))?;
        let d = ctx
            .resolver
            .developer_of(author)
            .with_context(|| format!("the author of {oid} resolves to nobody"))?;
        if !out.contains(&d) {
            out.push(d);
        }
    }
    Ok(out)
}
