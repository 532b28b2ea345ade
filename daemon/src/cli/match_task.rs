//! `aexy match "TEXT" [--files F…] [--limit N]`: who should take a task, with a score and
//! reasons per developer and the signals (terms, files) the ranking used.

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task: a title and description in free text (paths and identifiers welcome).
    #[arg(required_unless_present_any = ["files", "issue"], default_value = "")]
    pub text: String,
    /// A tracker issue instead of text: `PROJ-123` (Jira), `ENG-42` (Linear), `#456` (this
    /// repository's GitHub/GitLab), or its URL. Its title, labels, components and body are
    /// matched; the files of pull requests that mention it, and paths it names, count in full.
    #[arg(long, value_name = "REF", conflicts_with = "text")]
    pub issue: Option<String>,
    /// Files or directories the task is about (relative to the current directory): their
    /// experts count in full, beside the files the text points at.
    #[arg(long, num_args = 1..)]
    pub files: Vec<std::path::PathBuf>,
    /// How many developers to list.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Add the components, skills and keywords the configured LLM names for the task to the
    /// query (listed under "words the LLM added"; the ranking stays aexy's).
    #[arg(long)]
    pub llm: bool,
    #[command(flatten)]
    pub llm_flags: super::llm::LlmFlags,
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(None, global)?;
    let mut paths = super::owners::relative_paths(&args.files, &ctx.root)?;
    let mut text = args.text.clone();
    let mut issue = None;
    if let Some(reference) = &args.issue {
        let found = crate::sources::issue_match::find(&ctx, reference)?;
        text = found.text.clone();
        paths.extend(found.paths.iter().cloned());
        issue = Some(found);
    }
    let added = match args.llm {
        true => match super::llm::task_terms(&ctx.repo, &args.llm_flags)? {
            Some(mut terms) if args.llm_flags.dry_run => return terms(&text).map(|_| ()),
            Some(mut terms) => terms(&text)?,
            None => Vec::new(),
        },
        false => Vec::new(),
    };
    let text = format!("{} {}", text, added.join(" "));
    let report = crate::matching::match_task(&ctx, text.trim(), &paths, args.limit)?;
    for p in &report.signals.unknown_paths {
        eprintln!("aexy: warning: {p} is not a file or directory in the history; ignored");
    }
    for p in &report.signals.ignored_paths {
        eprintln!("aexy: warning: {p} holds only vendored or generated files, nobody's expertise; ignored");
    }
    if global.json {
        let mut v = serde_json::to_value(&report)?;
        if let Some(map) = v.as_object_mut() {
            if args.llm {
                map.insert("llmTerms".into(), serde_json::to_value(&added)?);
            }
            if let Some(issue) = &issue {
                map.insert("issue".into(), serde_json::to_value(issue)?);
            }
        }
        return super::output::json(&v);
    }
    if let Some(issue) = &issue {
        print!("{}", super::match_issue::describe(issue));
    }
    if report.matches.is_empty() {
        println!("nobody: the history has no active developer");
    } else if report.signals.by_activity_alone {
        println!("{}", crate::matching::task::ACTIVITY_ALONE_NOTE);
    }
    for (i, m) in report.matches.iter().enumerate() {
        println!(
            "{:>2}. {} <{}>  {:.3}",
            i + 1,
            m.developer.name,
            m.developer.email,
            m.score
        );
        for r in &m.reasons {
            println!("      {r}");
        }
    }
    let signals = &report.signals;
    if !signals.files.is_empty() {
        println!("\nfiles the task is about (relevance):");
        for f in signals.files.iter().take(5) {
            println!("  {:.2}  {}", f.relevance, f.path);
        }
    }
    if !signals.terms.is_empty() {
        println!("words: {}", signals.terms.join(", "));
    }
    if args.llm {
        println!(
            "words the LLM added: {}",
            if added.is_empty() {
                "none".to_owned()
            } else {
                added.join(", ")
            }
        );
    }
    if !signals.unknown_terms.is_empty() {
        println!(
            "words nothing in the history uses: {}",
            signals.unknown_terms.join(", ")
        );
    }
    Ok(())
}
