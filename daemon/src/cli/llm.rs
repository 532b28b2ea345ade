//! `aexy llm status|test|usage`, and the one way every command runs an LLM call: settings for
//! the repository (or why there is no LLM), a gateway with the cache under the data dir, a
//! small tokio runtime, streamed text printed as it comes (control characters removed),
//! Ctrl-C cancelling the call (the HTTP stream is closed), `--dry-run` printing exactly what
//! would be sent. Nothing here makes a connection unless a provider is configured.

use std::io::Write;

use anyhow::Result;

use crate::llm::gateway::{Answer, Builder, CallOptions, Gateway, LlmError};
use crate::llm::settings::{self, Off, Settings};
use crate::llm::{cache, provider};
use crate::net::{CancellationToken, SecretSource};
use crate::query::explain::render::terminal_safe;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// What is configured, where each setting came from, and where keys would be read from
    /// (no request is made).
    Status,
    /// Sends a tiny prompt to each configured model and reports latency and tokens.
    Test,
    /// Tokens and requests per provider and model per day (UTC), from the local cache database.
    Usage {
        /// How many days back, today included.
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// The gateway's own overhead against a direct call to the same local server (first token
    /// and total, medians), and the cost of a cache hit.
    Bench {
        /// Calls on each side.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Use the explain prompt of this file (default: a one-word prompt).
        file: Option<std::path::PathBuf>,
        /// The file's lines, as for `aexy explain`.
        #[arg(short = 'L', value_parser = super::explain::parse_range)]
        lines: Option<(u32, u32)>,
    },
}

/// The flags every LLM-using command shares.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LlmFlags {
    /// Ask the provider even when a cached answer exists (the new answer is kept).
    #[arg(long)]
    pub no_cache: bool,
    /// Print exactly what would be sent (URL, headers without the key, body) with a token
    /// estimate, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The settings for the repository in the current directory (if any).
pub fn settings_here(
    repo: Option<&git2::Repository>,
) -> Result<std::result::Result<Settings, Off>> {
    match repo {
        Some(r) => settings::load(Some(r)),
        None => {
            let here = std::env::current_dir()?;
            let found = crate::repo::discover(&here)
                .ok()
                .and_then(|i| crate::repo::open(&i.root).ok());
            settings::load(found.as_ref())
        }
    }
}

/// A gateway with the cache database under the data dir.
pub fn gateway(settings: Settings) -> Result<Gateway> {
    Gateway::new(settings, Some(&cache::default_path()))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Prints what `--dry-run` would send for each endpoint of the chain.
pub fn print_dry_run(gw: &Gateway, build: &Builder<'_>, json: bool) -> Result<()> {
    let runs = gw.dry_run(build);
    if json {
        return super::output::json(&runs);
    }
    for (i, r) in runs.iter().enumerate() {
        let role = if i == 0 {
            "first"
        } else {
            "then, if that fails"
        };
        println!("# {role}: {} (nothing was sent)", r.endpoint);
        println!("POST {}", r.url);
        for (n, v) in &r.headers {
            println!("{n}: {v}");
        }
        println!("content-type: application/json\n");
        println!("{}", serde_json::to_string_pretty(&r.body)?);
        println!("\n# ≈ {} prompt tokens (estimate)", r.prompt_tokens);
        if let Some(note) = &r.note {
            println!("# {note}");
        }
        println!();
    }
    Ok(())
}

/// Runs one call, printing streamed text to stdout unless `quiet`; Ctrl-C cancels it.
pub fn run_call(
    gw: &Gateway,
    build: &Builder<'_>,
    flags: &LlmFlags,
    quiet: bool,
) -> Result<std::result::Result<Answer, LlmError>> {
    let rt = runtime()?;
    let cancel = CancellationToken::new();
    let options = CallOptions {
        no_cache: flags.no_cache,
        stream: true,
    };
    let mut out = std::io::stdout();
    let mut sink = |t: &str| {
        if !quiet {
            let _ = write!(out, "{}", terminal_safe(t));
            let _ = out.flush();
        }
    };
    let result = rt.block_on(async {
        let watcher = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                watcher.cancel();
            }
        });
        gw.complete(build, options, &mut sink, &cancel).await
    });
    Ok(result)
}

/// Notes after an answer, on stderr: who answered, tokens, cache, what was left out.
pub fn print_notes(answer: &Answer) {
    let source = if answer.cached {
        "cached answer of".to_owned()
    } else {
        "answered by".to_owned()
    };
    eprintln!(
        "aexy: {source} {} · ≈{} prompt tokens sent ({} in, {} out as counted by the provider)",
        answer.endpoint,
        answer.prompt_tokens,
        answer.usage.input_tokens,
        answer.usage.output_tokens
    );
    for n in &answer.notes {
        eprintln!("aexy: {}", terminal_safe(n));
    }
}

/// A guarded summary of figures, when an LLM may be used.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Narrative {
    pub text: String,
    pub endpoint: String,
    pub cached: bool,
    /// Sentences removed by the figures guard, budget notes, fallbacks.
    pub notes: Vec<String>,
}

/// Asks the configured LLM to phrase `request`'s figures and guards the answer; `Ok(None)`
/// after `--dry-run` (printed) or when no LLM may be used (said on stderr).
pub fn narrative(
    repo: &git2::Repository,
    request: &crate::llm::narrative::Request,
    flags: &LlmFlags,
    json: bool,
) -> Result<Option<Narrative>> {
    let settings = match settings_here(Some(repo))? {
        Ok(s) => s,
        Err(off) => {
            eprintln!("aexy: no summary: {off}");
            return Ok(None);
        }
    };
    let gw = gateway(settings)?;
    let build = |budget: u32| request.prompt(budget);
    if flags.dry_run {
        print_dry_run(&gw, &build, json)?;
        return Ok(None);
    }
    let answer = match run_call(&gw, &build, flags, true)? {
        Ok(a) => a,
        Err(LlmError::Cancelled) => {
            eprintln!("aexy: cancelled");
            std::process::exit(130);
        }
        Err(e) => anyhow::bail!("{e}"),
    };
    // the guard checks against what the answering model was actually sent
    let budget = gw
        .settings
        .chain
        .iter()
        .find(|e| e.label() == answer.endpoint)
        .map_or(0, |e| e.max_prompt_tokens);
    let sent = crate::llm::privacy::scrub(&build(budget).prompt);
    let guarded = crate::llm::narrative::check(&answer.text, &sent);
    let mut notes = answer.notes.clone();
    notes.extend(guarded.note());
    Ok(Some(Narrative {
        text: guarded.text,
        endpoint: answer.endpoint,
        cached: answer.cached,
        notes,
    }))
}

/// Asks the LLM for extra query words for tasks; `None` when no LLM may be used (said on
/// stderr). The returned closure answers one task at a time (cached like any call).
pub fn task_terms(
    repo: &git2::Repository,
    flags: &LlmFlags,
) -> Result<Option<impl FnMut(&str) -> Result<Vec<String>>>> {
    use crate::llm::match_terms;
    let mut settings = match settings_here(Some(repo))? {
        Ok(s) => s,
        Err(off) => {
            eprintln!("aexy: --llm ignored: {off}");
            return Ok(None);
        }
    };
    for ep in &mut settings.chain {
        ep.params.max_output_tokens = match_terms::MAX_OUTPUT_TOKENS;
    }
    let gw = gateway(settings)?;
    let flags = flags.clone();
    Ok(Some(move |task: &str| {
        let build = |_: u32| match_terms::prompt(task);
        if flags.dry_run {
            print_dry_run(&gw, &build, false)?;
            return Ok(Vec::new());
        }
        match run_call(&gw, &build, &flags, true)? {
            Ok(a) => Ok(match_terms::parse(&a.text, task)),
            Err(LlmError::Cancelled) => std::process::exit(130),
            Err(e) => Err(anyhow::anyhow!("{e}")),
        }
    }))
}

pub fn run(args: Args, global: &super::Global) -> Result<()> {
    match args.command {
        Sub::Status => status(global),
        Sub::Test => test(global),
        Sub::Usage { days } => usage(days, global),
        Sub::Bench { runs, file, lines } => bench(runs, file, lines, global),
    }
}

/// One endpoint as `aexy llm status` shows it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct EndpointStatus {
    endpoint: String,
    base_url: String,
    key: String,
    max_prompt_tokens: u32,
    max_output_tokens: u32,
    context_tokens: u32,
}

fn key_state(ep: &crate::llm::settings::Endpoint) -> String {
    for source in &ep.key_sources {
        match source {
            SecretSource::Env(_) => {
                if let Ok(Some(_)) = source.resolve() {
                    return format!("set ({})", source.describe());
                }
            }
            SecretSource::Command(_) => {
                return format!("from {} (run when a request is made)", source.describe())
            }
        }
    }
    if ep.kind.key_optional(&ep.base_url) {
        "none needed (a local server)".into()
    } else {
        let wanted: Vec<String> = ep.key_sources.iter().map(SecretSource::describe).collect();
        format!("MISSING: set {}", wanted.join(" or "))
    }
}

fn status(global: &super::Global) -> Result<()> {
    let settings = match settings_here(None)? {
        Ok(s) => s,
        Err(off) => {
            if global.json {
                return super::output::json(
                    &serde_json::json!({"configured": false, "reason": off.to_string()}),
                );
            }
            println!("LLM: off — {off}");
            println!(
                "Nothing is sent anywhere. Providers: {}.",
                provider::NAMES.join(", ")
            );
            return Ok(());
        }
    };
    let endpoints: Vec<EndpointStatus> = settings
        .chain
        .iter()
        .map(|ep| EndpointStatus {
            endpoint: ep.label(),
            base_url: ep.base_url.clone(),
            key: key_state(ep),
            max_prompt_tokens: ep.max_prompt_tokens,
            max_output_tokens: ep.params.max_output_tokens,
            context_tokens: ep.params.context_tokens,
        })
        .collect();
    let t = settings.timeouts;
    let origin = settings
        .origin
        .as_ref()
        .map_or("?".to_owned(), ToString::to_string);
    if global.json {
        return super::output::json(&serde_json::json!({
            "configured": true,
            "origin": origin,
            "chain": endpoints,
            "timeouts": {"connectSecs": t.connect.as_secs(), "firstTokenSecs": t.first_token.as_secs(), "totalSecs": t.total.as_secs()},
            "requestsPerMinute": settings.requests_per_minute,
            "tokensPerMinute": settings.tokens_per_minute,
            "cache": settings.cache,
            "cacheTtlHours": settings.cache_ttl.as_secs() / 3600,
            "cachePath": cache::default_path(),
            "ignore": settings.ignore,
            "confirmTokens": settings.confirm_tokens,
        }));
    }
    println!("LLM: on (chosen by {origin})");
    for (i, e) in endpoints.iter().enumerate() {
        let role = if i == 0 { "primary " } else { "fallback" };
        println!("  {role} {}  {}", e.endpoint, e.base_url);
        println!("           key: {}", e.key);
        println!(
            "           prompt budget {} tokens, answers up to {}, context {}",
            e.max_prompt_tokens, e.max_output_tokens, e.context_tokens
        );
    }
    println!(
        "  timeouts: connect {} s, first token {} s, total {} s",
        t.connect.as_secs(),
        t.first_token.as_secs(),
        t.total.as_secs()
    );
    let limit = |v: Option<u32>| v.map_or("no limit".to_owned(), |n| n.to_string());
    println!(
        "  limits: {} requests/min, {} tokens/min",
        limit(settings.requests_per_minute),
        limit(settings.tokens_per_minute)
    );
    println!(
        "  cache: {} ({} h), {}",
        if settings.cache { "on" } else { "off" },
        settings.cache_ttl.as_secs() / 3600,
        cache::default_path().display()
    );
    if !settings.ignore.is_empty() {
        println!("  never sent: {}", settings.ignore.join(", "));
    }
    println!("  e-mail addresses and token-shaped strings are removed from every prompt");
    Ok(())
}

fn test(global: &super::Global) -> Result<()> {
    let settings = match settings_here(None)? {
        Ok(s) => s,
        Err(off) => anyhow::bail!("{off}"),
    };
    let mut rows = Vec::new();
    let mut primary_ok = true;
    for (i, ep) in settings.chain.iter().enumerate() {
        let mut one = settings.clone();
        one.chain = vec![ep.clone()];
        let gw = gateway(one)?;
        let build = |_: u32| crate::llm::gateway::Built {
            prompt: crate::llm::wire::Prompt::user(
                "You answer in one word.",
                "Reply with the single word: ready",
            ),
            note: None,
        };
        let flags = LlmFlags {
            no_cache: true,
            dry_run: false,
        };
        let result = run_call(&gw, &build, &flags, true)?;
        let row = match &result {
            Ok(a) => serde_json::json!({
                "endpoint": ep.label(), "ok": true,
                "firstTokenMs": a.first_token.map(|d| d.as_millis() as u64),
                "totalMs": a.elapsed.as_millis() as u64,
                "inputTokens": a.usage.input_tokens, "outputTokens": a.usage.output_tokens,
                "reply": a.text.trim(),
            }),
            Err(e) => {
                primary_ok &= i != 0;
                serde_json::json!({"endpoint": ep.label(), "ok": false, "error": e.to_string()})
            }
        };
        if !global.json {
            match &result {
                Ok(a) => println!(
                    "{}: ok — first token {} ms, total {} ms, {} tokens in / {} out: {:?}",
                    ep.label(),
                    a.first_token.map_or(0, |d| d.as_millis()),
                    a.elapsed.as_millis(),
                    a.usage.input_tokens,
                    a.usage.output_tokens,
                    terminal_safe(a.text.trim())
                ),
                Err(e) => println!("{}: FAILED — {}", ep.label(), terminal_safe(&e.to_string())),
            }
        }
        rows.push(row);
    }
    if global.json {
        super::output::json(&rows)?;
    }
    anyhow::ensure!(primary_ok, "the primary model did not answer");
    Ok(())
}

fn usage(days: u32, global: &super::Global) -> Result<()> {
    let path = cache::default_path();
    let rows = if path.exists() {
        cache::Cache::open(&path)?.usage(days)?
    } else {
        Vec::new()
    };
    if global.json {
        return super::output::json(&rows);
    }
    if rows.is_empty() {
        println!("No LLM use recorded in the last {days} days.");
        return Ok(());
    }
    println!(
        "{:<10}  {:<28}  {:>8}  {:>6}  {:>10}  {:>10}  {:>10}",
        "day (UTC)",
        "provider:model",
        "requests",
        "errors",
        "cache hits",
        "tokens in",
        "tokens out"
    );
    for r in &rows {
        println!(
            "{:<10}  {:<28}  {:>8}  {:>6}  {:>10}  {:>10}  {:>10}",
            r.day,
            format!("{}:{}", r.provider, r.model),
            r.requests,
            r.errors,
            r.cache_hits,
            r.input_tokens,
            r.output_tokens
        );
    }
    Ok(())
}

fn bench(
    runs: usize,
    file: Option<std::path::PathBuf>,
    lines: Option<(u32, u32)>,
    global: &super::Global,
) -> Result<()> {
    let settings = match settings_here(None)? {
        Ok(s) => s,
        Err(off) => anyhow::bail!("{off}"),
    };
    let ep = &settings.chain[0];
    anyhow::ensure!(
        ep.kind.key_optional(&ep.base_url),
        "aexy llm bench measures against a local server (no key): {} is not one",
        ep.base_url
    );
    let evidence = match &file {
        Some(f) => {
            let ctx = super::context(Some(super::owners::dir_of(f)), global)?;
            let rel = super::owners::relative_to_root(f, &ctx.root)?;
            Some(crate::query::explain::explain(&ctx, &rel, lines)?)
        }
        None => None,
    };
    let build = |budget: u32| match &evidence {
        Some(e) => crate::llm::explain::prompt(e, budget),
        None => crate::llm::gateway::Built {
            prompt: crate::llm::wire::Prompt::user(
                "You answer in one word.",
                "Reply with the single word: ready",
            ),
            note: None,
        },
    };
    // a scratch cache: the measurement neither reads nor fills the user's
    let scratch = tempfile::tempdir()?;
    let gw = Gateway::new(settings, Some(&scratch.path().join("llm.sqlite")))?;
    let rt = runtime()?;
    let report = rt.block_on(crate::llm::bench::run(&gw, &build, runs))?;
    if global.json {
        return super::output::json(&report);
    }
    let (d, g) = (&report.direct, &report.gateway);
    println!(
        "{} · {} runs each, alternating (medians)",
        report.endpoint, report.runs
    );
    println!("{:<10} {:>16} {:>12}", "", "first token ms", "total ms");
    println!(
        "{:<10} {:>16.1} {:>12.1}",
        "direct",
        d.median_first(),
        d.median_total()
    );
    println!(
        "{:<10} {:>16.1} {:>12.1}",
        "aexy",
        g.median_first(),
        g.median_total()
    );
    println!(
        "{:<10} {:>+16.1} {:>+12.1}",
        "overhead",
        g.median_first() - d.median_first(),
        g.median_total() - d.median_total()
    );
    println!(
        "cache: {} of {} repeats answered from the cache, median {:.1} ms",
        report.cache_hits,
        report.cache_repeats,
        crate::llm::bench::median(&report.cache_hit_ms)
    );
    Ok(())
}
