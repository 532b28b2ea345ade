//! `aexy career [DEV] [--target ROLE]`: where the evidence places a developer on the role ladder
//! (`.aexy/roles.toml` or the shipped one), the gaps to the target role with the evidence for
//! each criterion, and a learning path with files to read and a mentor per area.
//! `--ladder` prints the ladder and what each metric counts.

use super::output::TextFormat;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Developer (name, e-mail or alias); default: the repository's configured git user.
    pub developer: Option<String>,
    /// The role to aim at (id or title); default: the next one.
    #[arg(long, value_name = "ROLE")]
    pub target: Option<String>,
    /// Print the ladder in effect and the metrics' definitions.
    #[arg(long)]
    pub ladder: bool,
    /// A path in the repository (default: the current directory).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

pub fn run(a: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(a.repo.as_deref(), global)?;
    let ladder = crate::careers::load::ladder(&ctx)?;
    use crate::careers::render;
    if a.ladder {
        if global.json {
            return super::output::json(&ladder);
        }
        print!("{}", render::ladder_text(&ladder));
        return Ok(());
    }
    let c = crate::careers::load::career(&ctx, a.developer.as_deref(), a.target.as_deref())?;
    if global.json {
        return super::output::json(&c);
    }
    match a.format {
        TextFormat::Text => print!("{}", render::text(&c)),
        TextFormat::Md => print!("{}", render::markdown_report(&c)),
    }
    Ok(())
}
