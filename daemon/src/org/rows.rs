//! The rows of one repository's figures in the org store: written with the engine's bulk load
//! (one call per table) and deleted table by table, both inside the caller's transaction.

use anyhow::Result;

use super::engine::{Engine, Row, Value};
use super::extract::RepoFigures;
use super::schema;

pub(super) fn delete_repository_rows(e: &mut dyn Engine, id: i64) -> Result<()> {
    for t in schema::REPO_TABLES.iter().rev().chain(["person_of"].iter()) {
        e.execute(&format!("DELETE FROM {t} WHERE repo_id = ?"), &[id.into()])?;
    }
    e.execute("DELETE FROM repositories WHERE id = ?", &[id.into()])?;
    Ok(())
}

pub(super) fn write_repository(
    e: &mut dyn Engine,
    id: i64,
    f: &RepoFigures,
    synced_at: &str,
) -> Result<()> {
    let r = |v: Vec<Value>| v;
    e.load(
        "repositories",
        &[
            "id",
            "name",
            "location",
            "head",
            "head_time",
            "commits",
            "developers",
            "files",
            "considered_files",
            "truck_factor",
            "silo_files",
            "orphaned_files",
            "documents",
            "subject_documents",
            "synced_at",
        ],
        &[r(vec![
            id.into(),
            f.name.as_str().into(),
            f.location.as_str().into(),
            f.head.as_str().into(),
            f.head_time.into(),
            (f.commits as i64).into(),
            f.developers.iter().filter(|d| d.commits > 0).count().into(),
            (f.files as i64).into(),
            (f.considered_files as i64).into(),
            f.truck_factor().into(),
            (f.silo_files as i64).into(),
            f.orphaned.len().into(),
            (f.documents as i64).into(),
            (f.subject_documents as i64).into(),
            synced_at.into(),
        ])],
    )?;
    let devs: Vec<Row> = f
        .developers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.commits > 0)
        .map(|(i, d)| {
            vec![
                id.into(),
                i.into(),
                d.name.as_str().into(),
                d.email.as_str().into(),
                d.bot.into(),
                (d.commits as i64).into(),
                (d.lines as i64).into(),
                d.first_time.into(),
                d.last_time.into(),
                (d.authored_files as i64).into(),
            ]
        })
        .collect();
    e.load(
        "developers",
        &[
            "repo_id",
            "dev",
            "name",
            "email",
            "bot",
            "commits",
            "lines",
            "first_time",
            "last_time",
            "authored_files",
        ],
        &devs,
    )?;
    let aliases: Vec<Row> = f
        .developers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.commits > 0)
        .flat_map(|(i, d)| {
            d.aliases
                .iter()
                .map(move |(n, m)| vec![id.into(), i.into(), n.as_str().into(), m.as_str().into()])
        })
        .collect();
    e.load("aliases", &["repo_id", "dev", "name", "email"], &aliases)?;
    let files: Vec<Row> = f
        .file_paths
        .iter()
        .map(|(k, p)| vec![id.into(), (*k).into(), p.as_str().into()])
        .collect();
    e.load("files", &["repo_id", "file_id", "path"], &files)?;
    let experts: Vec<Row> = f
        .experts
        .iter()
        .map(|x| {
            vec![
                id.into(),
                x.file.into(),
                x.dev.into(),
                x.expertise.into(),
                x.doa.into(),
                x.normalized_doa.into(),
                x.recent_share.into(),
                x.author.into(),
                x.changes.into(),
            ]
        })
        .collect();
    e.load(
        "file_experts",
        &[
            "repo_id",
            "file_id",
            "dev",
            "expertise",
            "doa",
            "normalized_doa",
            "recent_share",
            "author",
            "changes",
        ],
        &experts,
    )?;
    let dirs: Vec<Row> = f
        .directories
        .iter()
        .map(|d| {
            vec![
                id.into(),
                d.directory.as_str().into(),
                d.truck_factor.into(),
                d.files.into(),
            ]
        })
        .collect();
    e.load(
        "directories",
        &["repo_id", "directory", "truck_factor", "files"],
        &dirs,
    )?;
    let authors: Vec<Row> = f
        .directories
        .iter()
        .flat_map(|d| {
            d.authors.iter().map(move |(dev, n, rank)| {
                vec![
                    id.into(),
                    d.directory.as_str().into(),
                    (*dev).into(),
                    (*n).into(),
                    (*rank).into(),
                ]
            })
        })
        .collect();
    e.load(
        "directory_authors",
        &["repo_id", "directory", "dev", "files", "tf_rank"],
        &authors,
    )?;
    let orphaned: Vec<Row> = f
        .orphaned
        .iter()
        .map(|(p, t)| vec![id.into(), p.as_str().into(), t.as_str().into()])
        .collect();
    e.load("orphaned", &["repo_id", "path", "last_active"], &orphaned)?;
    let skills: Vec<Row> = f
        .skills
        .iter()
        .map(|s| {
            vec![
                id.into(),
                s.dev.into(),
                s.kind.into(),
                s.name.as_str().into(),
                s.level.as_str().into(),
                s.score.into(),
                (s.lines as i64).into(),
                s.last_used.into(),
            ]
        })
        .collect();
    e.load(
        "skills",
        &[
            "repo_id",
            "dev",
            "kind",
            "name",
            "level",
            "score",
            "lines",
            "last_used",
        ],
        &skills,
    )?;
    let activity: Vec<Row> = f
        .activity
        .iter()
        .map(|(d, m, c, l)| {
            vec![
                id.into(),
                (*d).into(),
                m.as_str().into(),
                (*c as i64).into(),
                (*l as i64).into(),
            ]
        })
        .collect();
    e.load(
        "activity",
        &["repo_id", "dev", "month", "commits", "lines"],
        &activity,
    )?;
    let terms = |v: &[(String, u32, f64)]| -> Vec<Row> {
        v.iter()
            .map(|(t, k, w)| vec![t.as_str().into(), id.into(), (*k).into(), (*w).into()])
            .collect()
    };
    e.load(
        "doc_terms",
        &["term", "repo_id", "file_id", "weight"],
        &terms(&f.doc_terms),
    )?;
    let subjects: Vec<(String, u32, f64)> = f
        .subject_terms
        .iter()
        .map(|(t, d, w)| (t.clone(), *d as u32, *w))
        .collect();
    e.load(
        "subject_terms",
        &["term", "repo_id", "dev", "weight"],
        &terms(&subjects),
    )?;
    let df = |v: &[(String, u64)]| -> Vec<Row> {
        v.iter()
            .map(|(t, n)| vec![t.as_str().into(), id.into(), (*n as i64).into()])
            .collect()
    };
    let teams: Vec<Row> = f
        .teams
        .iter()
        .map(|t| {
            vec![
                id.into(),
                t.name.as_str().into(),
                t.truck_factor.into(),
                t.files.into(),
                t.silo_files.into(),
                t.orphaned_files.into(),
                t.members.into(),
            ]
        })
        .collect();
    e.load(
        "teams",
        &[
            "repo_id",
            "team",
            "truck_factor",
            "files",
            "silo_files",
            "orphaned_files",
            "members",
        ],
        &teams,
    )?;
    e.load("doc_df", &["term", "repo_id", "df"], &df(&f.doc_df))?;
    e.load("subject_df", &["term", "repo_id", "df"], &df(&f.subject_df))?;
    Ok(())
}
