//! The chaos suite: many writers and readers on one index at once, writers killed at random
//! points, damaged indexes, a full disk, a read-only data dir and `git gc` during a run. Every
//! test asserts what the user sees and that the index ends exactly as one uninterrupted run
//! leaves it (the canonical dump), so nothing was lost or half-written.

mod support;

#[path = "chaos/common.rs"]
mod common;
#[path = "chaos/concurrency.rs"]
mod concurrency;
#[path = "chaos/daemon.rs"]
mod daemon;
#[path = "chaos/damage.rs"]
mod damage;
#[path = "chaos/doctor.rs"]
mod doctor;
#[path = "chaos/hostile.rs"]
mod hostile;
#[path = "chaos/lsp_client.rs"]
mod lsp_client;
#[path = "chaos/resources.rs"]
mod resources;
