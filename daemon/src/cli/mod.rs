//! The command line: argument parsing (clap), the flags every command shares, and dispatch to
//! one module per command. Human output by default, `--json` for machines; errors go to stderr
//! with a non-zero exit.

mod bench;
mod career;
mod codeowners;
mod connect;
mod coupling;
mod developers;
mod doctor;
mod eval;
mod eval_experts;
mod eval_reviewers;
mod explain;
mod freshness;
mod hiring;
mod hotspots;
mod identities;
mod index;
mod llm;
pub mod lsp;
mod match_issue;
mod match_task;
mod mentors;
mod narrative;
mod org;
mod output;
mod owners;
mod profile;
mod report;
mod reviewers;
mod sources_common;
mod stats;
mod sync;
mod team;
mod teams;
mod terminal;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::repo::{self, RepoInfo};

#[derive(Debug, Parser)]
#[command(
    name = "aexy",
    version,
    about = "Who knows what, from your git history. Local-first."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags shared by all commands.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Index database to use instead of the default under the data dir.
    #[arg(long, global = true, value_name = "FILE", env = "AEXY_DB")]
    pub db: Option<PathBuf>,
    /// Print JSON instead of human-readable text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Answer from history up to and including this revision.
    #[arg(long = "as-of", global = true, value_name = "REV")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index of a repository.
    Index(index::Args),
    /// Whole-history totals.
    Stats(stats::Args),
    /// Who last changed each line of a file, and who knows it.
    Owners(owners::Args),
    /// Developers with their aliases and activity.
    Developers(developers::Args),
    /// Measure the index against git on a repository (default: a generated one).
    Bench(bench::Args),
    /// Truck factor, silos, orphaned code, off-boarding what-if, hotspots, coupling, velocity.
    Team(team::Args),
    /// A developer's skills, areas, activity and (for yourself) sustainability signals.
    Profile(profile::Args),
    /// Files that change often and are complex (Tornhill hotspots).
    Hotspots(hotspots::Args),
    /// Files that change together (code-maat change coupling).
    Coupling(coupling::Args),
    /// The team report as Markdown, self-contained HTML, JSON or CSV.
    Report(report::Args),
    /// Run the language server on stdio (editors start this).
    Lsp(lsp::LspArgs),
    /// Who should take a task described in free text.
    Match(match_task::Args),
    /// Who should review a change (working tree, --rev A..B or --files).
    Reviewers(reviewers::Args),
    /// Measure matching by replaying history against baselines.
    Eval(eval::Args),
    /// Check the index and the repository, repair what can be repaired, say what was done.
    Doctor(doctor::Args),
    /// Connections to GitHub, GitLab, Jira and Linear: what is configured and what is missing.
    Connect(connect::Args),
    /// Pull requests, reviews and tracker issues from the configured services into the index.
    Sync(sync::Args),
    /// Code-host and tracker accounts linked to developers (list, link by hand).
    Identities(identities::Args),
    /// Why these lines are the way they are: the commits that shaped them, and who to ask.
    Explain(explain::Args),
    /// The optional LLM: what is configured, a test call, token usage.
    Llm(llm::Args),
    /// CODEOWNERS against measured expertise: `check` (stale, undeclared, uncovered, dead, syntax) and `suggest`.
    Codeowners(codeowners::Args),
    /// Teams (CODEOWNERS, .aexy/teams.toml): members, truck factor, silos, orphaned code; `--ask PATH`.
    Teams(teams::Args),
    /// Where the evidence places a developer on the role ladder, the gaps, and a learning path.
    Career(career::Args),
    /// Who can teach an area: its active experts, those not overloaded first.
    Mentors(mentors::Args),
    /// What the team lacks (`gaps`, ranked by risk) and role profiles to hire for it (`plan`).
    Hiring(hiring::Args),
    /// Many repositories, one org store: index, sync, experts, risk, people, report.
    Org(org::Args),
}

/// Parses the command line and runs it.
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Lsp(_)) {
        init_tracing(); // `aexy lsp` sets up its own (stderr or --log-file, never stdout)
        quiet_on_closed_pipe();
    }
    // Human output never carries terminal escape sequences from the history (`terminal`).
    let filtered =
        (!cli.global.json && !matches!(cli.command, Command::Lsp(_))).then(terminal::filter_stdout);
    let mut result = dispatch(cli);
    if let Err(e) = &result {
        // A query that found the index damaged: it was moved aside; run once more to rebuild.
        if freshness::healed_after(e) {
            result = dispatch(Cli::parse());
        }
    }
    drop(filtered);
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aexy: error: {}", crate::escape::visible(&format!("{e:#}")));
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs one parsed command.
fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(a) => index::run(a, &cli.global),
        Command::Stats(a) => stats::run(a, &cli.global),
        Command::Owners(a) => owners::run(a, &cli.global),
        Command::Developers(a) => developers::run(a, &cli.global),
        Command::Bench(a) => bench::run(a, &cli.global),
        Command::Team(a) => team::run(a, &cli.global),
        Command::Profile(a) => profile::run(a, &cli.global),
        Command::Hotspots(a) => hotspots::run(a, &cli.global),
        Command::Coupling(a) => coupling::run(a, &cli.global),
        Command::Report(a) => report::run(a, &cli.global),
        Command::Lsp(a) => lsp::run(a, &cli.global),
        Command::Match(a) => match_task::run(a, &cli.global),
        Command::Reviewers(a) => reviewers::run(a, &cli.global),
        Command::Eval(a) => eval::run(a, &cli.global),
        Command::Doctor(a) => doctor::run(a, &cli.global),
        Command::Connect(a) => connect::run(a, &cli.global),
        Command::Sync(a) => sync::run(a, &cli.global),
        Command::Identities(a) => identities::run(a, &cli.global),
        Command::Explain(a) => explain::run(a, &cli.global),
        Command::Llm(a) => llm::run(a, &cli.global),
        Command::Codeowners(a) => codeowners::run(a, &cli.global),
        Command::Teams(a) => teams::run(a, &cli.global),
        Command::Career(a) => career::run(a, &cli.global),
        Command::Mentors(a) => mentors::run(a, &cli.global),
        Command::Hiring(a) => hiring::run(a, &cli.global),
        Command::Org(a) => org::run(a, &cli.global),
    }
}

/// `aexy … | head` ends quietly when the reader goes away, as git and coreutils do, instead of
/// reporting a broken pipe (Rust ignores SIGPIPE by default). Not for `aexy lsp`, which owns
/// its stdout and shuts down on its own terms.
fn quiet_on_closed_pipe() {
    // SAFETY: restoring the default disposition of one signal, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Warnings and (with `AEXY_LOG`) more on stderr; coloured only on a terminal, and never with
/// `NO_COLOR` set (no escape codes in a log file or a pipe).
fn init_tracing() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("AEXY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .try_init();
}

/// The repository containing `path` (default: the current directory) and its index file.
pub fn target(path: Option<&Path>, global: &Global) -> anyhow::Result<(RepoInfo, PathBuf)> {
    let path = path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let info = repo::discover(&path)?;
    let db = global
        .db
        .clone()
        .unwrap_or_else(|| crate::store::location::default_db_path(&info.common_dir));
    Ok((info, db))
}

/// Opens a query context on an up-to-date index: built first when missing, brought up to date
/// when commits landed, HEAD moved or a tracked ref changed (incremental: only what is new), a
/// `--as-of` revision no tracked ref reaches indexed on demand, or, when the index cannot be
/// written just now, answered from as it is (`freshness`).
pub fn context(path: Option<&Path>, global: &Global) -> anyhow::Result<crate::query::Context> {
    let (info, db) = target(path, global)?;
    freshness::context(&info, &db, global.as_of.as_deref())
}
