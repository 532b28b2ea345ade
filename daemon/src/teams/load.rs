//! Reads what the teams features declare from a repository: `.aexy/teams.toml` and the
//! CODEOWNERS file — from the working tree (so an edit is checked before it is committed), or
//! from the `--as-of` commit's tree — plus the knowledge at the snapshot.

use anyhow::{Context as _, Result};

use super::codeowners::{self, CodeOwners, Dialect, Located};
use super::config::{self, TeamsFile};
use super::model::Teams;
use super::people::People;
use crate::identity::Developer;
use crate::insights::knowledge::Knowledge;
use crate::query::Context;

/// What a repository declares, and the developers to resolve it against.
pub struct Declared {
    pub file: TeamsFile,
    /// Whether `.aexy/teams.toml` exists.
    pub has_teams_file: bool,
    pub codeowners: Option<CodeOwners>,
    pub located: Option<Located>,
    pub developers: Vec<Developer>,
}

impl Declared {
    pub fn people(&self) -> People<'_> {
        People::new(&self.developers, &self.file.people)
    }

    pub fn teams(&self, people: &People<'_>) -> Teams {
        Teams::build(&self.file, self.codeowners.as_ref(), people)
    }
}

/// Choices from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// A CODEOWNERS path instead of the host's locations.
    pub file: Option<String>,
    pub dialect: Option<Dialect>,
}

/// The text of repository-relative `path` as the context sees it.
pub fn read(ctx: &Context, path: &str) -> Option<String> {
    // at the worktree's HEAD: the files as they are in the working tree
    if ctx.at == ctx.view.commit {
        if let Ok(bytes) = std::fs::read(ctx.root.join(path)) {
            return Some(String::from_utf8_lossy(&bytes).into_owned());
        }
        if ctx.repo.workdir().is_some() {
            return None; // deleted in the working tree
        }
    }
    let oid = git2::Oid::from_str(&ctx.as_of).ok()?;
    let tree = ctx.repo.find_commit(oid).ok()?.tree().ok()?;
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    let blob = ctx.repo.find_blob(entry.id()).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

/// Reads the teams file and the CODEOWNERS file.
pub fn declared(ctx: &Context, o: &Overrides) -> Result<Declared> {
    let teams_text = read(ctx, config::PATH);
    let file = match &teams_text {
        Some(t) => TeamsFile::parse(t)?,
        None => TeamsFile::default(),
    };
    let explicit = o.dialect.or(file.dialect());
    let wanted = o.file.clone().or(file.codeowners.path.clone());
    let remote = origin_url(ctx);
    let located = match wanted {
        Some(path) => {
            let path = path.trim_start_matches("./").to_string();
            let text = read(ctx, &path).with_context(|| format!("no CODEOWNERS file at {path}"))?;
            let (dialect, reason) =
                codeowners::locate::dialect_for(&path, Some(&text), explicit, remote.as_deref());
            Some(Located {
                path,
                dialect,
                reason,
            })
        }
        None => {
            let exists = |p: &str| read(ctx, p).is_some();
            let read_one = |p: &str| read(ctx, p);
            codeowners::locate(&exists, &read_one, explicit, remote.as_deref())
        }
    };
    let codeowners = located
        .as_ref()
        .and_then(|l| read(ctx, &l.path).map(|text| codeowners::parse(&l.path, &text, l.dialect)));
    Ok(Declared {
        has_teams_file: teams_text.is_some(),
        file,
        codeowners,
        located,
        developers: ctx.resolver.developers().to_vec(),
    })
}

/// The `origin` remote's URL, if any.
fn origin_url(ctx: &Context) -> Option<String> {
    let remote = ctx.repo.find_remote("origin").ok()?;
    remote.url().map(str::to_string)
}

/// The knowledge at the context's snapshot.
pub fn knowledge(ctx: &Context) -> Result<Knowledge> {
    crate::insights::context::knowledge(ctx)
}

/// Everything the teams features compute from: what is declared and what is known.
pub struct Loaded {
    pub declared: Declared,
    pub k: Knowledge,
}

impl Loaded {
    pub fn read(ctx: &Context, o: &Overrides) -> Result<Loaded> {
        Ok(Loaded {
            declared: declared(ctx, o)?,
            k: knowledge(ctx)?,
        })
    }

    /// The CODEOWNERS check, `None` without a CODEOWNERS file.
    pub fn check(&self, opts: &super::check::Options) -> Option<super::check::Report> {
        let (co, loc) = (
            self.declared.codeowners.as_ref()?,
            self.declared.located.as_ref()?,
        );
        let people = self.declared.people();
        let teams = self.declared.teams(&people);
        Some(super::check::check(
            &super::check::Inputs {
                co,
                dialect_reason: &loc.reason,
                k: &self.k,
                teams: &teams,
                people: &people,
            },
            opts,
        ))
    }

    /// The CODEOWNERS proposal and its diff against the current file.
    pub fn suggestion(&self, ctx: &Context, opts: &super::suggest::Options) -> Suggestion {
        let people = self.declared.people();
        let teams = self.declared.teams(&people);
        let proposal = super::suggest::suggest(&self.k, &teams, &people, opts);
        let file = self
            .declared
            .located
            .as_ref()
            .map(|l| l.path.clone())
            .unwrap_or_else(|| ".github/CODEOWNERS".into());
        let current = self
            .declared
            .codeowners
            .as_ref()
            .and_then(|c| read(ctx, &c.path))
            .unwrap_or_default();
        let text = super::suggest::render_file(&proposal, &file);
        let diff = super::diff::unified(&current, &text, &file);
        Suggestion {
            file,
            proposal,
            text,
            diff,
        }
    }

    /// Every team's figures.
    pub fn teams_report(&self, inactive_days: u32) -> super::insights::TeamsReport {
        let people = self.declared.people();
        let teams = self.declared.teams(&people);
        super::insights::report(
            &self.k,
            &teams,
            self.declared.codeowners.as_ref(),
            &people,
            inactive_days,
        )
    }

    /// Which team to ask about `path`.
    pub fn ask(&self, path: &str, inactive_days: u32) -> super::ask::AskAnswer {
        let people = self.declared.people();
        let teams = self.declared.teams(&people);
        super::ask::ask(
            &self.k,
            &teams,
            self.declared.codeowners.as_ref(),
            &people,
            path,
            inactive_days,
        )
    }
}

/// A CODEOWNERS proposal: the file it is for, the rules with their evidence, the text and the
/// unified diff against the current file (empty when nothing changes).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub file: String,
    pub proposal: super::suggest::Proposal,
    pub text: String,
    pub diff: String,
}
