//! `aexy doctor`: checks an index (file, SQLite `quick_check`, schema version and engine, the
//! indexed HEAD still in the repository, who is writing it) and the repository it serves
//! (shallow, partial, objects missing), repairs what it can (a damaged index moved aside and
//! rebuilt, a stale one brought up to date) and reports each check and what it did.
//!
//! API Boundary: [`run`] returns a plain [`Report`]; the CLI renders it.

mod index;
mod repository;

use std::path::{Path, PathBuf};

use crate::repo::RepoInfo;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Ok,
    /// Worth knowing; answers are still right (a shallow clone, a stale index).
    Warn,
    /// Wrong and not repaired.
    Fail,
    /// Was wrong, and doctor repaired it.
    Fixed,
}

/// One check.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    /// "index" or "repository".
    pub subject: &'static str,
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
}

/// Everything doctor found and did.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub repository: PathBuf,
    pub index: PathBuf,
    pub checks: Vec<Check>,
    /// What doctor changed, in order (empty with `repair: false` or when all was well).
    pub actions: Vec<String>,
}

impl Report {
    /// Whether something is still wrong.
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Fail)
    }

    fn push(&mut self, subject: &'static str, name: &'static str, status: Status, detail: String) {
        self.checks.push(Check {
            subject,
            name,
            status,
            detail,
        });
    }
}

/// Checks the index `db` of the repository `info`; with `repair`, fixes what it can.
pub fn run(info: &RepoInfo, db: &Path, repair: bool) -> Report {
    let mut report = Report {
        repository: info.root.clone(),
        index: db.to_owned(),
        checks: Vec::new(),
        actions: Vec::new(),
    };
    repository::check(info, &mut report);
    index::check(info, db, repair, &mut report);
    report
}
