//! `aexy developers [PATH]`: resolved developers with aliases, commits and activity span.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A path inside the repository (default: the current directory).
    pub path: Option<PathBuf>,
    /// Include bots in the human listing (they are always in --json, flagged).
    #[arg(long)]
    pub bots: bool,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(args.path.as_deref(), global)?;
    let rows = crate::query::developers::developers(&ctx)?;
    if global.json {
        return super::output::json(&rows);
    }
    for d in rows.iter().filter(|d| args.bots || !d.bot) {
        let span = match (&d.first_active, &d.last_active) {
            (Some(f), Some(l)) => format!("{} .. {}", &f[..10], &l[..10]),
            _ => String::new(),
        };
        let bot = if d.bot { " [bot]" } else { "" };
        println!("{:>6}  {} <{}>{bot}  {span}", d.commits, d.name, d.email);
        for a in d
            .aliases
            .iter()
            .filter(|a| a.name != d.name || a.email != d.email)
        {
            println!("        aka {} <{}>", a.name, a.email);
        }
    }
    Ok(())
}
