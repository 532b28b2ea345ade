//! The fuzz targets of aexy: each takes arbitrary bytes, drives one part of the engine that
//! reads untrusted input, and asserts what must hold whatever the input (no panic, no hang,
//! escaped output). The same functions serve libFuzzer (`fuzz_targets/`, built on stable Rust
//! with coverage instrumentation by `scripts/fuzz.sh`) and the replay of the checked-in
//! corpora in `cargo test` (`tests/replay.rs`).

mod pack;
mod repository;
mod server;
mod text;
mod wire;

pub use pack::deltas;
pub use repository::repository;
pub use server::server;
pub use text::{attributes, blobs, escape, message};
pub use wire::{frames, params};

/// A fuzz target: arbitrary bytes in, a panic when something that must hold does not.
pub type Target = fn(&[u8]);

/// Every target, by the name of its corpus directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("frames", frames),
    ("params", params),
    ("attributes", attributes),
    ("message", message),
    ("blobs", blobs),
    ("escape", escape),
    ("repository", repository),
    ("server", server),
    ("deltas", deltas),
];

/// Whether `s` holds a character no output may carry (`aexy::escape::is_hazard`).
pub fn has_hazard(s: &str) -> bool {
    s.chars().any(aexy::escape::is_hazard)
}
