//! What the source commands share: the configuration and connections of the repository in
//! scope, a small async runtime for their requests, the synced review history for the
//! engine, and the writable index they sync into.

use crate::config::Config;
use crate::query::Context;
use crate::reviews::ReviewHistory;
use crate::sources::Settings;

/// The merged configuration and the sources settings for `ctx`'s repository.
pub fn settings(ctx: &Context) -> anyhow::Result<(Config, Settings)> {
    let config = Config::load(Some(&ctx.repo))?;
    let settings = Settings::read(&config, Some(&ctx.repo));
    Ok((config, settings))
}

/// A single-threaded runtime for a command's requests (serial, as GitHub asks).
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// The review history synced for `ctx`'s repository (empty without a sync).
pub fn history(ctx: &Context) -> anyhow::Result<ReviewHistory> {
    Ok(crate::sources::history::load(
        ctx.store.conn(),
        ctx.resolver.developers(),
    )?)
}

/// The review history, or `None` when nothing is synced (commands then work as before).
pub fn history_if_any(ctx: &Context) -> anyhow::Result<Option<ReviewHistory>> {
    let h = history(ctx)?;
    Ok((!h.is_empty()).then_some(h))
}
