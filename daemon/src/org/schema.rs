//! The org store's tables: one schema for SQLite and PostgreSQL (only `BIGINT`, `DOUBLE
//! PRECISION` and `TEXT`), created if missing. Every per-repository table is keyed by
//! `repo_id` so a repository's figures are replaced in one transaction; `people` and
//! `person_of` are derived from all of them by the identity step.

/// Bumped when a table changes; a store of another version is refused with a clear message.
pub const VERSION: &str = "2";

/// Per-repository tables, in the order rows are written (and deleted in reverse).
pub const REPO_TABLES: &[&str] = &[
    "developers",
    "aliases",
    "files",
    "file_experts",
    "directories",
    "directory_authors",
    "orphaned",
    "skills",
    "activity",
    "doc_terms",
    "doc_df",
    "subject_terms",
    "subject_df",
    "teams",
];

pub const DDL: &str = "
CREATE TABLE IF NOT EXISTS org_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repositories (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  location TEXT NOT NULL,
  head TEXT NOT NULL,
  head_time BIGINT NOT NULL,
  commits BIGINT NOT NULL,
  developers BIGINT NOT NULL,
  files BIGINT NOT NULL,
  considered_files BIGINT NOT NULL,
  truck_factor BIGINT NOT NULL,
  silo_files BIGINT NOT NULL,
  orphaned_files BIGINT NOT NULL,
  documents BIGINT NOT NULL,
  subject_documents BIGINT NOT NULL,
  synced_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS developers (
  repo_id BIGINT NOT NULL, dev BIGINT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,
  bot BIGINT NOT NULL, commits BIGINT NOT NULL, lines BIGINT NOT NULL,
  first_time BIGINT NOT NULL, last_time BIGINT NOT NULL, authored_files BIGINT NOT NULL,
  PRIMARY KEY (repo_id, dev)
);
CREATE TABLE IF NOT EXISTS aliases (
  repo_id BIGINT NOT NULL, dev BIGINT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_repo ON aliases (repo_id, dev);
CREATE TABLE IF NOT EXISTS files (
  repo_id BIGINT NOT NULL, file_id BIGINT NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY (repo_id, file_id)
);
CREATE TABLE IF NOT EXISTS file_experts (
  repo_id BIGINT NOT NULL, file_id BIGINT NOT NULL, dev BIGINT NOT NULL,
  expertise DOUBLE PRECISION NOT NULL, doa DOUBLE PRECISION NOT NULL,
  normalized_doa DOUBLE PRECISION NOT NULL, recent_share DOUBLE PRECISION NOT NULL,
  author BIGINT NOT NULL, changes BIGINT NOT NULL,
  PRIMARY KEY (repo_id, file_id, dev)
);
CREATE TABLE IF NOT EXISTS directories (
  repo_id BIGINT NOT NULL, directory TEXT NOT NULL, truck_factor BIGINT NOT NULL,
  files BIGINT NOT NULL, PRIMARY KEY (repo_id, directory)
);
CREATE TABLE IF NOT EXISTS directory_authors (
  repo_id BIGINT NOT NULL, directory TEXT NOT NULL, dev BIGINT NOT NULL,
  files DOUBLE PRECISION NOT NULL, tf_rank BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS directory_authors_repo ON directory_authors (repo_id, directory);
CREATE INDEX IF NOT EXISTS directory_authors_dev ON directory_authors (repo_id, dev);
CREATE TABLE IF NOT EXISTS orphaned (
  repo_id BIGINT NOT NULL, path TEXT NOT NULL, last_active TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orphaned_repo ON orphaned (repo_id);
CREATE TABLE IF NOT EXISTS skills (
  repo_id BIGINT NOT NULL, dev BIGINT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
  level TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, lines BIGINT NOT NULL,
  last_used BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS skills_repo ON skills (repo_id, dev);
CREATE TABLE IF NOT EXISTS activity (
  repo_id BIGINT NOT NULL, dev BIGINT NOT NULL, month TEXT NOT NULL,
  commits BIGINT NOT NULL, lines BIGINT NOT NULL, PRIMARY KEY (repo_id, dev, month)
);
CREATE TABLE IF NOT EXISTS doc_terms (
  term TEXT NOT NULL, repo_id BIGINT NOT NULL, file_id BIGINT NOT NULL,
  weight DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_terms_term ON doc_terms (term, weight DESC);
CREATE INDEX IF NOT EXISTS doc_terms_repo ON doc_terms (repo_id);
CREATE TABLE IF NOT EXISTS doc_df (
  term TEXT NOT NULL, repo_id BIGINT NOT NULL, df BIGINT NOT NULL, PRIMARY KEY (term, repo_id)
);
CREATE INDEX IF NOT EXISTS doc_df_repo ON doc_df (repo_id);
CREATE TABLE IF NOT EXISTS subject_terms (
  term TEXT NOT NULL, repo_id BIGINT NOT NULL, dev BIGINT NOT NULL,
  weight DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS subject_terms_term ON subject_terms (term, weight DESC);
CREATE INDEX IF NOT EXISTS subject_terms_repo ON subject_terms (repo_id);
CREATE TABLE IF NOT EXISTS subject_df (
  term TEXT NOT NULL, repo_id BIGINT NOT NULL, df BIGINT NOT NULL, PRIMARY KEY (term, repo_id)
);
CREATE INDEX IF NOT EXISTS subject_df_repo ON subject_df (repo_id);
CREATE TABLE IF NOT EXISTS teams (
  repo_id BIGINT NOT NULL, team TEXT NOT NULL, truck_factor BIGINT NOT NULL,
  files BIGINT NOT NULL, silo_files BIGINT NOT NULL, orphaned_files BIGINT NOT NULL,
  members BIGINT NOT NULL, PRIMARY KEY (repo_id, team)
);
CREATE TABLE IF NOT EXISTS people (
  id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, repositories BIGINT NOT NULL,
  commits BIGINT NOT NULL, last_time BIGINT NOT NULL, recent_commits BIGINT NOT NULL,
  recent_rank BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS person_of (
  repo_id BIGINT NOT NULL, dev BIGINT NOT NULL, person_id BIGINT NOT NULL,
  PRIMARY KEY (repo_id, dev)
);
CREATE INDEX IF NOT EXISTS person_of_person ON person_of (person_id);
";
