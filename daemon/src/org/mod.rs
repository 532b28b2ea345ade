//! Org-wide expertise: many repositories' derived figures in one store — an existing engine,
//! never a home-made one: an SQLite file (embedded default) or PostgreSQL (shared), behind the
//! small [`engine::Engine`] interface so every query is written once and answers the same on
//! both. `run` indexes and syncs repositories in parallel, `extract` reads one repository's
//! figures through the engine's APIs, `identities` links people across repositories, and
//! `experts`, `risk`, `people`, `report` answer.

pub mod clone;
pub mod dump;
pub mod engine;
pub mod experts;
pub mod extract;
pub mod identities;
pub mod people;
pub mod postgres;
pub mod report;
pub mod repos;
pub mod risk;
mod rows;
pub mod run;
pub mod schema;
pub mod sqlite;
pub mod store;

pub use store::OrgStore;

/// Where the org store is when nothing says otherwise: `org.sqlite` in the data dir, beside
/// the indexes.
pub fn default_store() -> std::path::PathBuf {
    crate::store::location::data_dir().join("org.sqlite")
}
