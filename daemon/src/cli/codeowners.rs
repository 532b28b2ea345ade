//! `aexy codeowners check|suggest`: the CODEOWNERS file's declared owners against measured
//! expertise (findings as text, Markdown, JSON, GitHub workflow commands or SARIF), and a
//! proposal written from expertise, shown as a diff against the current file.

use std::path::PathBuf;

use anyhow::{bail, Context as _};

use crate::teams::check::{self, Kind};
use crate::teams::codeowners::Dialect;
use crate::teams::load::{Loaded, Overrides};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Declared owners vs measured experts: stale, undeclared, uncovered, dead and syntax findings.
    Check(CheckArgs),
    /// A CODEOWNERS proposal from measured expertise, as a diff against the current file.
    Suggest(SuggestArgs),
}

/// Options shared by both subcommands.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// A path in the repository (default: the current directory).
    pub path: Option<PathBuf>,
    /// The CODEOWNERS file to use instead of the host's locations.
    #[arg(long, value_name = "FILE")]
    pub file: Option<String>,
    /// Whose rules the file follows (default: detected from its location, the origin remote and its syntax).
    #[arg(long, value_parser = ["github", "gitlab", "bitbucket"])]
    pub dialect: Option<String>,
}

impl Common {
    fn overrides(&self) -> Overrides {
        Overrides {
            file: self.file.clone(),
            dialect: self.dialect.as_deref().and_then(Dialect::parse),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
    Json,
    /// GitHub Actions workflow commands (annotations on the CODEOWNERS file).
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A declared owner without a commit for this many days is stale.
    #[arg(long, default_value_t = crate::insights::silos::DEFAULT_INACTIVE_DAYS)]
    pub inactive_days: u32,
    /// Share of a rule's authored files an undeclared active expert must author.
    #[arg(long, default_value_t = 0.25)]
    pub undeclared_share: f64,
    /// Exit with an error when findings of these kinds exist (stale, undeclared, uncovered, dead, syntax).
    #[arg(long, value_name = "KIND", value_delimiter = ',', num_args = 1..)]
    pub fail_on: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub common: Common,
    /// Deepest directory level that gets its own rule.
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// Owners per rule where that many active experts exist.
    #[arg(long, default_value_t = 2)]
    pub min_owners: usize,
    #[arg(long, default_value_t = 3)]
    pub max_owners: usize,
    /// Write the proposal to this file instead of showing the diff.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    match args.command {
        Command::Check(a) => run_check(a, global),
        Command::Suggest(a) => run_suggest(a, global),
    }
}

fn run_check(a: CheckArgs, global: &super::Global) -> anyhow::Result<()> {
    let fail_on: Vec<Kind> = a
        .fail_on
        .iter()
        .map(|k| {
            Kind::parse(k).with_context(|| {
                format!("--fail-on {k:?}: not one of stale, undeclared, uncovered, dead, syntax")
            })
        })
        .collect::<anyhow::Result<_>>()?;
    if !(0.0..=1.0).contains(&a.undeclared_share) {
        bail!("--undeclared-share must be between 0 and 1");
    }
    let ctx = super::context(a.common.path.as_deref(), global)?;
    let l = Loaded::read(&ctx, &a.common.overrides())?;
    let opts = check::Options {
        inactive_days: a.inactive_days,
        undeclared_share: a.undeclared_share,
    };
    let Some(report) = l.check(&opts) else {
        bail!("no CODEOWNERS file (looked in .github/, the root, docs/, .gitlab/ and .bitbucket/); `aexy codeowners suggest` proposes one");
    };
    use crate::teams::render::check as render;
    let format = if global.json { Format::Json } else { a.format };
    match format {
        Format::Text => print!("{}", render::text(&report)),
        Format::Md => print!("{}", render::markdown_report(&report)),
        Format::Json => super::output::json(&report)?,
        Format::Github => print!("{}", render::github(&report)),
        Format::Sarif => super::output::json(&render::sarif(&report))?,
    }
    let failing = report
        .findings
        .iter()
        .filter(|f| fail_on.contains(&f.kind))
        .count();
    if failing > 0 {
        bail!("{failing} finding(s) of the kinds given to --fail-on");
    }
    Ok(())
}

fn run_suggest(a: SuggestArgs, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(a.common.path.as_deref(), global)?;
    let l = Loaded::read(&ctx, &a.common.overrides())?;
    let opts = crate::teams::suggest::Options {
        depth: a.depth,
        min_owners: a.min_owners.max(1),
        max_owners: a.max_owners.max(a.min_owners).max(1),
        ..Default::default()
    };
    let s = l.suggestion(&ctx, &opts);
    if let Some(out) = &a.output {
        std::fs::write(out, &s.text).with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("aexy: wrote {}", out.display());
        return Ok(());
    }
    if global.json {
        return super::output::json(&s);
    }
    if s.diff.is_empty() {
        println!("{} already says what the history shows.", s.file);
    } else {
        print!(
            "{}",
            crate::insights::render::escape::terminal_lines(&s.diff)
        );
    }
    Ok(())
}
