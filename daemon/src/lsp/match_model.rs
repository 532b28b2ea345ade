//! The task-matching model of one repository, kept between `aexy/matchTask` requests. Building
//! it (history loaded, file documents grown commit by commit, the tree's identifiers read) is
//! nearly all of an answer's time — about a second on a repository of 17,000 commits — while
//! ranking a text against a built model takes milliseconds. The model is kept for one index
//! generation and one answering commit, so a new commit or re-index rebuilds it; it is dropped
//! after [`IDLE_TTL`] without a request, so an idle daemon gives the memory back.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::matching::load::Loaded;
use crate::matching::model::Model;
use crate::matching::task;
use crate::query::Context;

/// How long a model is kept without a request.
pub const IDLE_TTL: Duration = Duration::from_secs(300);

/// One repository's kept model, if any.
#[derive(Default)]
pub struct MatchModel {
    slot: Mutex<Option<Kept>>,
}

struct Kept {
    generation: u64,
    as_of: String,
    loaded: Loaded,
    model: Model,
    used: Instant,
}

impl MatchModel {
    /// Runs `f` with the model of `ctx` (index generation `generation`), building it first when
    /// none is kept for that generation and commit. Blocking; concurrent callers wait for one
    /// build instead of each building their own.
    pub fn with<T>(
        &self,
        generation: u64,
        ctx: &Context,
        f: impl FnOnce(&Loaded, &Model) -> T,
    ) -> Result<T> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = slot
            .as_ref()
            .is_some_and(|k| k.generation == generation && k.as_of == ctx.as_of);
        if !fresh {
            *slot = None; // free the stale model before building the next
            let started = Instant::now();
            let (loaded, model) = task::model_for(ctx)?;
            tracing::debug!(
                "matching model of {} built in {:.2} s",
                ctx.root.display(),
                started.elapsed().as_secs_f64()
            );
            *slot = Some(Kept {
                generation,
                as_of: ctx.as_of.clone(),
                loaded,
                model,
                used: Instant::now(),
            });
        }
        let kept = slot
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("the matching model was not kept"))?;
        kept.used = Instant::now();
        Ok(f(&kept.loaded, &kept.model))
    }

    /// Drops the model if it has not been used for `ttl`; true when one was dropped.
    pub fn drop_if_idle(&self, ttl: Duration) -> bool {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if slot.as_ref().is_some_and(|k| k.used.elapsed() >= ttl) {
            *slot = None;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-commit repository and its index in a fresh temporary directory.
    fn indexed_repo() -> Result<(std::path::PathBuf, Context)> {
        let dir = std::env::temp_dir().join(format!(
            "aexy-match-model-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo"))?;
        let repo = git2::Repository::init(dir.join("repo"))?;
        std::fs::write(dir.join("repo/parser.rs"), "fn parse_tokens() {}\n")?;
        let mut ix = repo.index()?;
        ix.add_path(std::path::Path::new("parser.rs"))?;
        let tree = repo.find_tree(ix.write_tree()?)?;
        let who =
            git2::Signature::new("Ada", "ada@example.com", &git2::Time::new(1_700_000_000, 0))?;
        repo.commit(Some("HEAD"), &who, &who, "Parse tokens", &tree, &[])?;
        let db = dir.join("index.sqlite");
        let root = repo.workdir().map(|p| p.to_path_buf()).unwrap_or_default();
        crate::index::index_repository(&root, &db, &Default::default())?;
        Ok((dir, Context::open(&root, &db, None)?))
    }

    #[test]
    fn kept_per_generation_and_dropped_when_idle() -> Result<()> {
        let (dir, ctx) = indexed_repo()?;
        let kept = MatchModel::default();
        let ask = |generation| {
            kept.with(generation, &ctx, |l, m| {
                task::rank_text(l, m, "tokens", &[], 5, &ctx).matches.len()
            })
        };
        assert_eq!(ask(0)?, 1);
        assert!(!kept.drop_if_idle(Duration::from_secs(3600)), "just used");
        assert_eq!(ask(0)?, 1);
        assert!(kept.drop_if_idle(Duration::ZERO));
        assert!(!kept.drop_if_idle(Duration::ZERO), "nothing left to drop");
        // rebuilt on the next request, for a new generation as for none kept
        assert_eq!(ask(1)?, 1);
        assert!(kept.drop_if_idle(Duration::ZERO));
        std::fs::remove_dir_all(dir)?;
        Ok(())
    }
}
