//! `aexy team [PATH] [--path DIR] [--without DEV…]`: truck factor (with coverage trace, pruned
//! variant and per directory), silos, orphaned code, off-boarding what-if, hotspots, coupling,
//! fragmentation, velocity and AI share. PATH finds the repository; a subdirectory narrows to it.

use std::path::{Path, PathBuf};

use crate::insights::team::TeamOptions;

/// Options shared by `team`, `hotspots`, `coupling` and `report`.
#[derive(Debug, Clone, clap::Args)]
pub struct Scope {
    /// A path in the repository (default: the current directory); a subdirectory narrows the analysis.
    pub path: Option<PathBuf>,
    /// Narrow the analysis to this directory (relative to the repository root).
    #[arg(long = "path", value_name = "DIR")]
    pub dir: Option<String>,
    /// Off-boarding what-if: developers (name, e-mail or alias) who leave.
    #[arg(long, value_name = "DEV", num_args = 1..)]
    pub without: Vec<String>,
    /// An author inactive this many days no longer counts (orphaned code).
    #[arg(long, default_value_t = crate::insights::silos::DEFAULT_INACTIVE_DAYS)]
    pub inactive_days: u32,
    /// Hotspot window in days.
    #[arg(long, default_value_t = crate::insights::hotspots::DEFAULT_WINDOW_DAYS)]
    pub window_days: u32,
    /// Length of ranked lists.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Also consider the files Linguist leaves out of its language breakdown: vendored,
    /// generated, documentation, data and prose files, and files of no known language.
    #[arg(long)]
    pub all_files: bool,
    /// Credit bots like humans.
    #[arg(long)]
    pub include_bots: bool,
}

impl Scope {
    /// The query context and the options these flags describe.
    pub fn open(
        &self,
        global: &super::Global,
    ) -> anyhow::Result<(crate::query::Context, TeamOptions)> {
        let at = self.path.clone().unwrap_or_else(|| PathBuf::from("."));
        let dir_of = if at.is_dir() {
            at.clone()
        } else {
            at.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let ctx = super::context(Some(&dir_of), global)?;
        let mut narrow = self.dir.clone();
        if narrow.is_none() && self.path.is_some() && at.is_dir() {
            let abs = std::fs::canonicalize(&at)?;
            if let Ok(rel) = abs.strip_prefix(&ctx.root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !rel.is_empty() {
                    narrow = Some(rel);
                }
            }
        }
        let opts = TeamOptions {
            path: narrow
                .map(|p| p.trim_matches('/').to_string())
                .filter(|p| !p.is_empty() && p != "."),
            without: self.without.clone(),
            inactive_days: self.inactive_days,
            window_days: self.window_days,
            limit: self.limit,
            all_files: self.all_files,
            include_bots: self.include_bots,
            ..TeamOptions::default()
        };
        Ok((ctx, opts))
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scope: Scope,
    /// Report the pruned truck factor as the headline value.
    #[arg(long)]
    pub pruned: bool,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let (ctx, opts) = args.scope.open(global)?;
    let mut t = crate::insights::context::team_insights(&ctx, &opts)?;
    if args.pruned {
        std::mem::swap(&mut t.truck_factor, &mut t.pruned_truck_factor);
    }
    let reviews = super::sources_common::history_if_any(&ctx)?.and_then(|h| {
        crate::insights::reviews::compute(
            &h,
            crate::insights::reviews::DEFAULT_WINDOW_DAYS,
            opts.limit,
        )
    });
    if global.json {
        return super::output::json(&WithReviews {
            team: &t,
            reviews: reviews.as_ref(),
        });
    }
    print!("{}", crate::insights::render::text::team(&t));
    if let Some(r) = &reviews {
        print!(
            "{}",
            super::output::terminal(&crate::insights::render::reviews::text(r))
        );
    }
    Ok(())
}

/// Team insights with the review figures of synced pull requests, when there are any.
#[derive(serde::Serialize)]
pub struct WithReviews<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub team: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<&'a crate::insights::reviews::ReviewInsights>,
}
