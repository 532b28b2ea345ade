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

/// The career report of `developer` (default: the configured git user) toward `target`.
pub fn career(
    ctx: &Context,
    developer: Option<&str>,
    target: Option<&str>,
) -> Result<super::Career> {
    let ladder = ladder(ctx)?;
    let (dev, _) = crate::insights::context::resolve_developer(ctx, developer)?;
    let k = crate::insights::context::knowledge(ctx)?;
    super::career(&k, &ladder, dev, target, &reviews(ctx))
}

/// Who can teach the code under `area`, best first, with the number of files considered.
pub fn mentors(ctx: &Context, area: &str) -> Result<(usize, Vec<super::mentors::Mentor>)> {
    let k = crate::insights::context::knowledge(ctx)?;
    let areas = super::areas::Areas::build(&k);
    let files = super::mentors::files_under(&k, area);
    if files.is_empty() {
        anyhow::bail!("no code under {area:?} at the snapshot (vendored, generated, documentation and data files do not count)");
    }
    Ok((
        files.len(),
        super::mentors::for_files(&k, &areas, &files, None),
    ))
}
