//! `aexy explain FILE [-L START,END]`: why these lines are the way they are. The evidence from
//! the index (`query::explain`) is printed as a timeline; with an LLM configured, an explanation
//! built from that evidence is streamed (see `llm::explain`).

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file (relative to the current directory).
    pub file: PathBuf,
    /// The lines, `START,END` (1-based, inclusive) or one line `N`; default: the whole file.
    #[arg(short = 'L', long = "lines", value_name = "START,END", value_parser = parse_range)]
    pub lines: Option<(u32, u32)>,
    /// Only the evidence timeline, even when an LLM is configured.
    #[arg(long)]
    pub no_llm: bool,
    #[command(flatten)]
    pub llm: super::llm::LlmFlags,
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

/// The evidence for `args` from an up-to-date index, and the repository's LLM settings.
fn evidence(
    args: &Args,
    global: &super::Global,
) -> anyhow::Result<(
    crate::query::explain::Evidence,
    Result<crate::llm::settings::Settings, crate::llm::settings::Off>,
)> {
    let ctx = super::context(Some(super::owners::dir_of(&args.file)), global)?;
    let rel = super::owners::relative_to_root(&args.file, &ctx.root)?;
    let evidence = crate::query::explain::explain(&ctx, &rel, args.lines)?;
    let settings = if args.no_llm {
        Err(crate::llm::settings::Off::Disabled("--no-llm".into()))
    } else {
        super::llm::settings_here(Some(&ctx.repo))?
    };
    Ok((evidence, settings))
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    use crate::llm::explain as llm_explain;
    use crate::query::explain::render;
    let (evidence, settings) = evidence(&args, global)?;
    // the evidence alone, when no LLM may be used
    let settings = match settings {
        Ok(s) => match crate::llm::privacy::Ignore::new(&s.ignore).blocks(&evidence.file) {
            Some(pattern) => Err(format!(
                "{} matches llm.ignore ({pattern}): not sent",
                evidence.file
            )),
            None => Ok(s),
        },
        Err(off) => Err(off.to_string()),
    };
    let settings = match settings {
        Ok(s) => s,
        Err(why) => {
            if global.json {
                return super::output::json(
                    &serde_json::json!({"evidence": evidence, "explanation": null, "llm": why}),
                );
            }
            if args.llm.dry_run {
                eprintln!("aexy: nothing would be sent: {why}");
            }
            print!("{}", render::text(&evidence));
            return Ok(());
        }
    };
    let gw = super::llm::gateway(settings)?;
    let build = |budget: u32| llm_explain::prompt(&evidence, budget);
    if args.llm.dry_run {
        return super::llm::print_dry_run(&gw, &build, global.json);
    }
    if !global.json {
        let n = evidence.commits.len() + evidence.omitted_commits as usize;
        println!(
            "{} lines {}–{}: {n} commit{} shaped these lines (aexy explain --no-llm lists them)\n",
            render::terminal_safe(&evidence.file),
            evidence.range.start,
            evidence.range.end,
            if n == 1 { "" } else { "s" }
        );
    }
    let answer = match super::llm::run_call(&gw, &build, &args.llm, global.json)? {
        Ok(a) => a,
        Err(crate::llm::gateway::LlmError::Cancelled) => {
            eprintln!("\naexy: cancelled");
            std::process::exit(130);
        }
        Err(e) => {
            if !global.json {
                print!("{}", render::text(&evidence));
            }
            anyhow::bail!("{e}");
        }
    };
    let unknown = llm_explain::unknown_citations(&answer.text, &evidence);
    if global.json {
        return super::output::json(&serde_json::json!({
            "evidence": evidence, "explanation": answer, "unknownCitations": unknown,
        }));
    }
    println!();
    if !unknown.is_empty() {
        println!(
            "\n⚠ not commits of this evidence: {} (the model made them up)",
            unknown.join(", ")
        );
    }
    if let Some(e) = evidence.experts.first() {
        println!(
            "\nWho to ask (aexy's figures): {} ({:.0}% of the file's commits)",
            e.name,
            e.share * 100.0
        );
    }
    super::llm::print_notes(&answer);
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
