//! `aexy org people DEV`: one person's footprint across the organisation — the repositories
//! they worked in (commits, lines, first and last commit, files they author, the directories
//! where they are among the authors), their languages and frameworks (the best level any
//! repository measured), aliases, and monthly activity summed over repositories.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Result};
use serde::Serialize;

use super::engine::Value;
use super::store::OrgStore;
use crate::insights::calendar;
use crate::query::Person;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Footprint {
    pub developer: Person,
    pub aliases: Vec<Person>,
    pub commits: i64,
    pub repositories: Vec<RepoFootprint>,
    pub skills: Vec<OrgSkill>,
    /// `YYYY-MM` → commits, over every repository.
    pub activity: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RepoFootprint {
    pub repository: String,
    pub commits: i64,
    pub lines: i64,
    pub first_commit: String,
    pub last_commit: String,
    pub authored_files: i64,
    /// Directories where they author files: (directory, files authored), most first.
    pub areas: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrgSkill {
    pub kind: String,
    pub name: String,
    /// The highest level any repository measured, and its score.
    pub level: String,
    pub score: f64,
    pub lines: i64,
    pub repositories: Vec<String>,
}

/// The person `query` names (name, e-mail or any alias, case-insensitively; exact before
/// prefix; among equals the one with most commits).
pub fn find(s: &mut OrgStore, query: &str) -> Result<Option<i64>> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Ok(None);
    }
    let sql = "SELECT po.person_id, p.commits FROM aliases a \
         JOIN person_of po ON po.repo_id = a.repo_id AND po.dev = a.dev \
         JOIN people p ON p.id = po.person_id \
         WHERE LOWER(a.name) = ? OR LOWER(a.email) = ? \
         UNION SELECT id, commits FROM people WHERE LOWER(name) = ? OR LOWER(email) = ? \
         ORDER BY 2 DESC, 1";
    let exact = s.query(
        sql,
        &[
            q.as_str().into(),
            q.as_str().into(),
            q.as_str().into(),
            q.as_str().into(),
        ],
    )?;
    if let Some(r) = exact.first() {
        return Ok(Some(r[0].int()));
    }
    let like = format!(
        "{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let sql = sql.replace(" = ?", " LIKE ? ESCAPE '\\'");
    let pre = s.query(
        &sql,
        &[
            like.as_str().into(),
            like.as_str().into(),
            like.as_str().into(),
            like.as_str().into(),
        ],
    )?;
    Ok(pre.first().map(|r| r[0].int()))
}

/// The footprint of the person `query` names.
pub fn footprint(s: &mut OrgStore, query: &str) -> Result<Footprint> {
    let Some(id) = find(s, query)? else {
        bail!("nobody in the org store matches {query:?} (try a name or an e-mail address)");
    };
    let p = s.query(
        "SELECT name, email, commits FROM people WHERE id = ?",
        &[id.into()],
    )?;
    let Some(p) = p.first() else {
        bail!("nobody in the org store matches {query:?}");
    };
    let developer = Person {
        name: p[0].text(),
        email: p[1].text(),
    };
    let commits = p[2].int();
    let idv: Value = id.into();
    let mut repositories = Vec::new();
    for r in s.query(
        "SELECT r.name, d.commits, d.lines, d.first_time, d.last_time, d.authored_files, d.repo_id, d.dev \
         FROM person_of po JOIN developers d ON d.repo_id = po.repo_id AND d.dev = po.dev \
         JOIN repositories r ON r.id = d.repo_id WHERE po.person_id = ? \
         ORDER BY d.commits DESC, r.name",
        std::slice::from_ref(&idv),
    )? {
        let areas = s
            .query(
                "SELECT directory, files FROM directory_authors WHERE repo_id = ? AND dev = ? \
                 AND directory <> '' ORDER BY files DESC, directory LIMIT 10",
                &[r[6].clone(), r[7].clone()],
            )?
            .into_iter()
            .map(|a| (a[0].text(), a[1].real()))
            .collect();
        repositories.push(RepoFootprint {
            repository: r[0].text(),
            commits: r[1].int(),
            lines: r[2].int(),
            first_commit: calendar::rfc3339(r[3].int(), 0),
            last_commit: calendar::rfc3339(r[4].int(), 0),
            authored_files: r[5].int(),
            areas,
        });
    }
    let mut aliases: BTreeSet<(String, String)> = BTreeSet::new();
    for r in s.query(
        "SELECT a.name, a.email FROM aliases a JOIN person_of po ON po.repo_id = a.repo_id \
         AND po.dev = a.dev WHERE po.person_id = ?",
        std::slice::from_ref(&idv),
    )? {
        aliases.insert((r[0].text(), r[1].text()));
    }
    let mut skills: BTreeMap<(String, String), OrgSkill> = BTreeMap::new();
    for r in s.query(
        "SELECT s.kind, s.name, s.level, s.score, s.lines, r.name FROM skills s \
         JOIN person_of po ON po.repo_id = s.repo_id AND po.dev = s.dev \
         JOIN repositories r ON r.id = s.repo_id WHERE po.person_id = ? ORDER BY r.name",
        std::slice::from_ref(&idv),
    )? {
        let e = skills
            .entry((r[0].text(), r[1].text()))
            .or_insert_with(|| OrgSkill {
                kind: r[0].text(),
                name: r[1].text(),
                level: r[2].text(),
                score: r[3].real(),
                lines: 0,
                repositories: Vec::new(),
            });
        if r[3].real() > e.score {
            e.score = r[3].real();
            e.level = r[2].text();
        }
        e.lines += r[4].int();
        e.repositories.push(r[5].text());
    }
    let mut skills: Vec<OrgSkill> = skills.into_values().collect();
    skills.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.score.total_cmp(&a.score))
            .then(a.name.cmp(&b.name))
    });
    let mut activity = BTreeMap::new();
    for r in s.query(
        "SELECT a.month, CAST(SUM(a.commits) AS BIGINT) FROM activity a JOIN person_of po \
         ON po.repo_id = a.repo_id AND po.dev = a.dev WHERE po.person_id = ? GROUP BY a.month",
        &[idv],
    )? {
        activity.insert(r[0].text(), r[1].int());
    }
    Ok(Footprint {
        developer,
        aliases: aliases
            .into_iter()
            .map(|(name, email)| Person { name, email })
            .collect(),
        commits,
        repositories,
        skills,
        activity,
    })
}
