//! `aexy explain FILE [-L START,END]`: why these lines are the way they are. The evidence from
//! the index (`query::explain`) is printed as a timeline; with an LLM configured, an explanation
//! built from that evidence is streamed (see `llm::explain`).

use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file (relative to the current directory).
    pub file: PathBuf,
    /// The lines, `START,END` (1-based, inclusive) or one line `N`; default: the whole file.
    #[arg(short = 'L', long = "lines", value_name = "START,END", value_parser = parse_range)]
    pub lines: Option<(u32, u32)>,
}

/// `START,END`, `START,+COUNT` or `N`.
pub fn parse_range(s: &str) -> Result<(u32, u32), String> {
    let num = |t: &str| {
        t.trim()
            .parse::<u32>()
            .map_err(|_| format!("'{t}' is not a line number"))
    };
    let (start, end) = match s.split_once(',') {
        Some((a, b)) => {
            let start = num(a)?;
            let end = match b.trim().strip_prefix('+') {
                Some(count) => start + num(count)?.saturating_sub(1),
                None => num(b)?,
            };
            (start, end)
        }
        None => {
            let n = num(s)?;
            (n, n)
        }
    };
    if start == 0 || end < start {
        return Err(format!(
            "'{s}' is not a range of lines (1-based, START ≤ END)"
        ));
    }
    Ok((start, end))
}

/// The evidence for `args`, from an up-to-date index.
pub fn evidence(
    args: &Args,
    global: &super::Global,
) -> anyhow::Result<crate::query::explain::Evidence> {
    let dir = args
        .file
        .ancestors()
        .skip(1)
        .find(|d| !d.as_os_str().is_empty() && d.is_dir())
        .unwrap_or(Path::new("."));
    let ctx = super::context(Some(dir), global)?;
    let rel = super::owners::relative_to_root(&args.file, &ctx.root)?;
    crate::query::explain::explain(&ctx, &rel, args.lines)
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let evidence = evidence(&args, global)?;
    if global.json {
        return super::output::json(&evidence);
    }
    print!("{}", crate::query::explain::render::text(&evidence));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_as_git_log_l_writes_them() {
        assert_eq!(parse_range("3,7"), Ok((3, 7)));
        assert_eq!(parse_range("3,+5"), Ok((3, 7)));
        assert_eq!(parse_range("4"), Ok((4, 4)));
        assert!(parse_range("0,2").is_err());
        assert!(parse_range("5,2").is_err());
        assert!(parse_range("a,b").is_err());
    }
}
