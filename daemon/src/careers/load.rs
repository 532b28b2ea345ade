//! Loads what careers need from a repository: the ladder (`.aexy/roles.toml`, else the shipped
//! one) and review counts where a forge's reviews are synced into the index (none yet: the
//! review criteria then count as not measured).

use anyhow::Result;

use super::ladder::{self, Ladder};
use crate::query::Context;

/// The ladder in effect for the repository.
pub fn ladder(ctx: &Context) -> Result<Ladder> {
    match crate::teams::load::read(ctx, ladder::PATH) {
        Some(text) => Ladder::parse(&text, ladder::PATH),
        None => Ok(Ladder::default_ladder()),
    }
}

/// Reviews given per developer, when review data is synced (`None` otherwise).
pub fn reviews(_ctx: &Context) -> impl Fn(usize) -> Option<u64> {
    |_| None
}
