//! `aexy org risk`: where knowledge sits in too few heads across the organisation —
//! repositories and directories by truck factor (lowest first, then largest), single-author
//! directories (silos: truck factor 1 with their one author named), and orphaned code (files
//! whose authors have all gone quiet), from the figures each repository's `aexy team` computed.

use std::collections::HashMap;

use anyhow::Result;
use serde::Serialize;

use super::store::OrgStore;
use crate::query::Person;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RiskReport {
    pub repositories: Vec<RepoRisk>,
    /// Directories with a truck factor of 1, most files first.
    pub silos: Vec<DirectoryRisk>,
    /// People who are the truck factor of the most repositories and directories.
    pub key_people: Vec<KeyPerson>,
    pub orphaned_files: u64,
    pub files: u64,
    /// Teams the repositories define, lowest truck factor first (empty where none does).
    pub teams: Vec<TeamRisk>,
}

/// One team across the repositories that define it (by name).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TeamRisk {
    pub team: String,
    /// The lowest of its repositories' team truck factors.
    pub truck_factor: i64,
    pub files: i64,
    pub silo_files: i64,
    pub orphaned_files: i64,
    /// (repository, the team's truck factor there, its files there), lowest first.
    pub repositories: Vec<(String, i64, i64)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RepoRisk {
    pub repository: String,
    pub truck_factor: i64,
    /// Who the truck factor removes, in order.
    pub truck_factor_people: Vec<Person>,
    pub files: i64,
    pub silo_files: i64,
    pub orphaned_files: i64,
    pub developers: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryRisk {
    pub repository: String,
    pub directory: String,
    pub truck_factor: i64,
    pub files: i64,
    pub author: Option<Person>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct KeyPerson {
    pub developer: Person,
    /// Repositories whose truck factor this person is part of.
    pub repositories: Vec<String>,
    /// Directories where they are the only author.
    pub silo_directories: u64,
}

/// The organisation's knowledge risks; lists cut to `limit`.
pub fn risk(s: &mut OrgStore, limit: usize) -> Result<RiskReport> {
    let people: HashMap<(i64, i64), (i64, Person)> = s
        .query(
            "SELECT po.repo_id, po.dev, p.id, p.name, p.email FROM person_of po \
             JOIN people p ON p.id = po.person_id",
            &[],
        )?
        .into_iter()
        .map(|r| {
            (
                (r[0].int(), r[1].int()),
                (
                    r[2].int(),
                    Person {
                        name: r[3].text(),
                        email: r[4].text(),
                    },
                ),
            )
        })
        .collect();
    let mut repos: Vec<RepoRisk> = Vec::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    let (mut files, mut orphaned) = (0u64, 0u64);
    for r in s.query(
        "SELECT id, name, truck_factor, considered_files, silo_files, orphaned_files, developers \
         FROM repositories ORDER BY name",
        &[],
    )? {
        names.insert(r[0].int(), r[1].text());
        files += r[3].int() as u64;
        orphaned += r[5].int() as u64;
        repos.push(RepoRisk {
            repository: r[1].text(),
            truck_factor: r[2].int(),
            truck_factor_people: Vec::new(),
            files: r[3].int(),
            silo_files: r[4].int(),
            orphaned_files: r[5].int(),
            developers: r[6].int(),
        });
    }
    let mut tf_people: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    let mut key: HashMap<i64, (Person, Vec<String>, u64)> = HashMap::new();
    for r in s.query(
        "SELECT repo_id, dev, tf_rank FROM directory_authors WHERE directory = '' AND tf_rank > 0 \
         ORDER BY repo_id, tf_rank",
        &[],
    )? {
        let repo = names.get(&r[0].int()).cloned().unwrap_or_default();
        tf_people
            .entry(repo.clone())
            .or_default()
            .push((r[0].int(), r[1].int()));
        if let Some((id, p)) = people.get(&(r[0].int(), r[1].int())) {
            let e = key.entry(*id).or_insert_with(|| (p.clone(), Vec::new(), 0));
            if !e.1.contains(&repo) {
                e.1.push(repo);
            }
        }
    }
    for r in &mut repos {
        if let Some(list) = tf_people.get(&r.repository) {
            // the truck factor names its first `value` removals
            r.truck_factor_people = list
                .iter()
                .take(r.truck_factor.max(0) as usize)
                .filter_map(|k| people.get(k).map(|p| p.1.clone()))
                .collect();
        }
    }
    repos.sort_by(|a, b| {
        a.truck_factor
            .cmp(&b.truck_factor)
            .then(b.files.cmp(&a.files))
            .then(a.repository.cmp(&b.repository))
    });
    let mut silos: Vec<DirectoryRisk> = Vec::new();
    for r in s.query(
        "SELECT d.repo_id, d.directory, d.truck_factor, d.files, a.dev FROM directories d \
         LEFT JOIN directory_authors a ON a.repo_id = d.repo_id AND a.directory = d.directory \
         AND a.tf_rank = 1 WHERE d.truck_factor <= 1 AND d.directory <> '' AND d.files > 0",
        &[],
    )? {
        let author = people.get(&(r[0].int(), r[4].int()));
        if let Some((id, p)) = author {
            key.entry(*id)
                .or_insert_with(|| (p.clone(), Vec::new(), 0))
                .2 += 1;
        }
        silos.push(DirectoryRisk {
            repository: names.get(&r[0].int()).cloned().unwrap_or_default(),
            directory: r[1].text(),
            truck_factor: r[2].int(),
            files: r[3].int(),
            author: author.map(|a| a.1.clone()),
        });
    }
    silos.sort_by(|a, b| {
        b.files
            .cmp(&a.files)
            .then(a.repository.cmp(&b.repository))
            .then(a.directory.cmp(&b.directory))
    });
    silos.truncate(limit);
    let mut key_people: Vec<KeyPerson> = key
        .into_values()
        .map(|(developer, mut repositories, silo_directories)| {
            repositories.sort();
            KeyPerson {
                developer,
                repositories,
                silo_directories,
            }
        })
        .collect();
    key_people.sort_by(|a, b| {
        b.repositories
            .len()
            .cmp(&a.repositories.len())
            .then(b.silo_directories.cmp(&a.silo_directories))
            .then(a.developer.email.cmp(&b.developer.email))
            .then(a.developer.name.cmp(&b.developer.name))
    });
    key_people.truncate(limit);
    repos.truncate(limit);
    let mut teams = teams(s, &names)?;
    teams.truncate(limit);
    Ok(RiskReport {
        repositories: repos,
        silos,
        key_people,
        orphaned_files: orphaned,
        files,
        teams,
    })
}

/// Teams by name across repositories.
fn teams(s: &mut OrgStore, names: &HashMap<i64, String>) -> Result<Vec<TeamRisk>> {
    let mut by_name: std::collections::BTreeMap<String, TeamRisk> = Default::default();
    for r in s.query(
        "SELECT repo_id, team, truck_factor, files, silo_files, orphaned_files FROM teams",
        &[],
    )? {
        let t = by_name.entry(r[1].text()).or_insert_with(|| TeamRisk {
            team: r[1].text(),
            truck_factor: i64::MAX,
            files: 0,
            silo_files: 0,
            orphaned_files: 0,
            repositories: Vec::new(),
        });
        t.truck_factor = t.truck_factor.min(r[2].int());
        t.files += r[3].int();
        t.silo_files += r[4].int();
        t.orphaned_files += r[5].int();
        let repo = names.get(&r[0].int()).cloned().unwrap_or_default();
        t.repositories.push((repo, r[2].int(), r[3].int()));
    }
    let mut out: Vec<TeamRisk> = by_name.into_values().collect();
    for t in &mut out {
        t.repositories
            .sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    }
    out.sort_by(|a, b| {
        a.truck_factor
            .cmp(&b.truck_factor)
            .then(b.files.cmp(&a.files))
            .then(a.team.cmp(&b.team))
    });
    Ok(out)
}
