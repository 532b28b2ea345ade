//! `aexy mentors AREA`: who can teach an area (any directory): its active experts, those not
//! overloaded first, with the evidence.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The area: a directory relative to the repository root (`src/core`, `.` for everything).
    pub area: String,
    /// A path in the repository (default: the current directory).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
}

pub fn run(a: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(a.repo.as_deref(), global)?;
    let (files, list) = crate::careers::load::mentors(&ctx, &a.area)?;
    if global.json {
        return super::output::json(
            &serde_json::json!({ "area": a.area.trim_matches('/'), "files": files, "mentors": list }),
        );
    }
    print!("{}", crate::careers::render::mentors_text(&a.area, &list));
    Ok(())
}
