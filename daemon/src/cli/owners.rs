//! `aexy owners FILE [--line N]`: who last changed each line and who knows the file. FILE is
//! relative to the current directory; the repository is found from it.

use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file (relative to the current directory).
    pub file: PathBuf,
    /// Only this line (1-based).
    #[arg(long)]
    pub line: Option<u32>,
}

/// Each of `files` relative to the repository root (see [`relative_to_root`]), as text.
pub fn relative_paths(files: &[PathBuf], root: &Path) -> anyhow::Result<Vec<String>> {
    files
        .iter()
        .map(|f| relative_to_root(f, root).map(|b| String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// `file`'s path relative to the repository root, '/'-separated bytes.
pub fn relative_to_root(file: &Path, root: &Path) -> anyhow::Result<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()?.join(file)
    };
    // Canonicalize the nearest directory that exists: the file, and with `--as-of` even its
    // directories, may be gone from the work tree.
    let abs = match abs.ancestors().skip(1).find(|d| d.is_dir()) {
        Some(existing) => match (std::fs::canonicalize(existing), abs.strip_prefix(existing)) {
            (Ok(real), Ok(rest)) => real.join(rest),
            _ => abs.clone(),
        },
        None => abs.clone(),
    };
    let rel = abs.strip_prefix(root).map_err(|_| {
        anyhow::anyhow!(
            "{} is not inside the repository {}",
            file.display(),
            root.display()
        )
    })?;
    Ok(rel.as_os_str().as_bytes().to_vec())
}

/// The directory the repository of `file` is found from: the nearest one that still exists
/// (with `--as-of`, the file and even its directories may be gone).
pub fn dir_of(file: &Path) -> &Path {
    file.ancestors()
        .skip(1)
        .find(|d| !d.as_os_str().is_empty() && d.is_dir())
        .unwrap_or(Path::new("."))
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(Some(dir_of(&args.file)), global)?;
    let rel = relative_to_root(&args.file, &ctx.root)?;
    let owners = crate::query::owners::file_owners(&ctx, &rel, args.line)?;
    if global.json {
        return super::output::json(&owners);
    }
    if !owners.experts.is_empty() {
        let experts: Vec<String> = owners
            .experts
            .iter()
            .map(|e| format!("{} {:.0}%", e.name, e.share * 100.0))
            .collect();
        println!("experts: {}", experts.join(" · "));
    }
    let width = owners
        .lines
        .iter()
        .map(|l| l.author.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    for l in &owners.lines {
        let name: String = l.author.name.chars().take(24).collect();
        println!(
            "{:>5} {} {:<width$} {} {}",
            l.line,
            super::output::short(&l.commit),
            name,
            &l.date[..10],
            l.summary
        );
    }
    Ok(())
}
