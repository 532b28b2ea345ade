//! The gateway against servers on 127.0.0.1 replaying each provider's documented wire format
//! (Anthropic's event sequence, OpenAI's chunks, Gemini's stream, Ollama's NDJSON) and the
//! faults a real server will not produce on demand: 429 with and without Retry-After, 5xx,
//! overloaded inside a 200 stream, a stalled first token, a connection dropped mid-stream, a
//! context-length error, malformed JSON, a bad key, out of credit; fallback to the next
//! provider; a cache hit that makes no request; the client-side rate limiter waiting.

mod support;

use std::time::{Duration, Instant};

use aexy::llm::gateway::{Answer, Built, CallOptions, Gateway, LlmError};
use aexy::llm::provider::Kind;
use aexy::llm::settings::{Endpoint, Settings, Timeouts};
use aexy::llm::wire::{Params, Prompt};
use aexy::net::{CancellationToken, RetryPolicy, SecretSource};
use support::replay::{Reply, Server};

const KEY: &str = "sk-test-0123456789abcdefghij";

/// A documented Anthropic stream answering `text`, in two deltas.
fn anthropic_stream(text: &str) -> Reply {
    let (a, b) = text.split_at(text.len() / 2);
    let delta = |t: &str| {
        format!(
            r#"{{"type":"content_block_delta","index":0,"delta":{{"type":"text_delta","text":{}}}}}"#,
            serde_json::json!(t)
        )
    };
    let (da, db) = (delta(a), delta(b));
    Reply::sse(&[
        (
            "message_start",
            r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-test","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#,
        ),
        (
            "content_block_start",
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        ),
        ("ping", r#"{"type": "ping"}"#),
        ("content_block_delta", &da),
        ("content_block_delta", &db),
        (
            "content_block_stop",
            r#"{"type":"content_block_stop","index":0}"#,
        ),
        (
            "message_delta",
            r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#,
        ),
        ("message_stop", r#"{"type":"message_stop"}"#),
    ])
}

fn openai_stream(text: &str) -> Reply {
    let chunk = |t: &str| {
        format!(
            r#"{{"id":"c","object":"chat.completion.chunk","choices":[{{"index":0,"delta":{{"content":{}}},"finish_reason":null}}]}}"#,
            serde_json::json!(t)
        )
    };
    let c = chunk(text);
    Reply::sse(&[
        ("", &c),
        (
            "",
            r#"{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3}}"#,
        ),
        ("", "[DONE]"),
    ])
}

fn endpoint(kind: Kind, server: &Server, model: &str) -> Endpoint {
    Endpoint {
        kind,
        model: model.into(),
        base_url: server.url.clone(),
        key_sources: vec![SecretSource::Command(format!("printf {KEY}"))],
        params: Params {
            max_output_tokens: 64,
            temperature: 0.0,
            context_tokens: 4096,
        },
        max_prompt_tokens: 1000,
    }
}

fn settings(chain: Vec<Endpoint>) -> Settings {
    Settings {
        chain,
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            first_token: Duration::from_millis(800),
            total: Duration::from_secs(10),
        },
        requests_per_minute: None,
        tokens_per_minute: None,
        cache: true,
        cache_ttl: Duration::from_secs(3600),
        ignore: Vec::new(),
        confirm_tokens: 6000,
        origin: None,
    }
}

struct Run {
    gateway: Gateway,
    _dir: tempfile::TempDir,
}

fn gateway(settings: Settings) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let gateway = Gateway::new(settings, Some(&dir.path().join("llm.sqlite")))
        .unwrap()
        .with_policy(RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(20),
            cap: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(5),
        });
    Run { gateway, _dir: dir }
}

/// A prompt whose size follows the budget: up to ten paragraphs, one per 100 tokens.
fn build(budget: u32) -> Built {
    let paragraphs = ((budget / 100) as usize).clamp(1, 10);
    Built {
        prompt: Prompt::user(
            "Be brief.",
            "context paragraph, about forty tokens of text here ok. ".repeat(2 * paragraphs)
                + "Why? Ask alice@example.com",
        ),
        note: None,
    }
}

async fn ask(run: &Run, options: CallOptions) -> (Result<Answer, LlmError>, String) {
    let mut streamed = String::new();
    let mut sink = |t: &str| streamed.push_str(t);
    let r = run
        .gateway
        .complete(&build, options, &mut sink, &CancellationToken::new())
        .await;
    (r, streamed)
}

const STREAM: CallOptions = CallOptions {
    no_cache: true,
    stream: true,
};

#[tokio::test]
async fn anthropic_s_event_sequence_streams_text_and_usage_with_its_headers() {
    let server = Server::start(vec![anthropic_stream("The parser moved.")]);
    let run = gateway(settings(vec![endpoint(
        Kind::Anthropic,
        &server,
        "claude-test",
    )]));
    let (answer, streamed) = ask(&run, STREAM).await;
    let answer = answer.unwrap();
    assert_eq!(answer.text, "The parser moved.");
    assert_eq!(streamed, answer.text, "streamed as it came");
    assert_eq!(
        (answer.usage.input_tokens, answer.usage.output_tokens),
        (25, 15)
    );
    let req = &server.requests()[0];
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/v1/messages")
    );
    assert_eq!(
        req.header("x-api-key"),
        Some(KEY),
        "the key from key_command"
    );
    assert_eq!(req.header("anthropic-version"), Some("2023-06-01"));
    let body = req.json();
    assert_eq!(body["stream"], true);
    assert_eq!(body["system"], "Be brief.");
    assert!(
        !req.body.contains("alice@example.com"),
        "e-mails never leave"
    );
    assert!(req.body.contains("[email]"));
}

#[tokio::test]
async fn gemini_s_stream_and_ollama_s_ndjson_are_read_to_their_end() {
    let gemini = Server::start(vec![Reply::sse(&[
        (
            "",
            r#"{"candidates": [{"content": {"parts": [{"text": "Hello"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 4,"candidatesTokenCount": 1}}"#,
        ),
        (
            "",
            r#"{"candidates": [{"content": {"parts": [{"text": " world"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 4,"candidatesTokenCount": 3}}"#,
        ),
    ])]);
    let run = gateway(settings(vec![endpoint(
        Kind::Gemini,
        &gemini,
        "gemini-test",
    )]));
    let answer = ask(&run, STREAM).await.0.unwrap();
    assert_eq!(answer.text, "Hello world");
    assert_eq!(answer.usage.output_tokens, 3);
    let req = &gemini.requests()[0];
    assert_eq!(
        req.path,
        "/models/gemini-test:streamGenerateContent?alt=sse"
    );
    assert_eq!(req.header("x-goog-api-key"), Some(KEY));

    let ollama = Server::start(vec![Reply::ndjson(&[
        r#"{"model":"m","created_at":"2023-08-04T08:52:19Z","message":{"role":"assistant","content":"The"},"done":false}"#,
        r#"{"model":"m","created_at":"2023-08-04T08:52:19Z","message":{"role":"assistant","content":" sky"},"done":false}"#,
        r#"{"model":"m","created_at":"2023-08-04T19:22:45Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":282}"#,
    ])]);
    let run = gateway(settings(vec![endpoint(Kind::Ollama, &ollama, "m")]));
    let answer = ask(&run, STREAM).await.0.unwrap();
    assert_eq!(answer.text, "The sky");
    assert_eq!(
        (answer.usage.input_tokens, answer.usage.output_tokens),
        (26, 282)
    );
    let req = &ollama.requests()[0];
    assert_eq!(req.path, "/api/chat");
    assert_eq!(
        req.json()["options"]["num_ctx"],
        4096,
        "the native API sets the context"
    );
    // a Gemini stream cut before its finish reason is incomplete, not an answer
    let cut = Server::start(vec![Reply::sse(&[(
        "",
        r#"{"candidates": [{"content": {"parts": [{"text": "Hel"}],"role": "model"},"index": 0}]}"#,
    )])]);
    let run = gateway(settings(vec![endpoint(Kind::Gemini, &cut, "g")]));
    assert!(matches!(
        ask(&run, STREAM).await.0,
        Err(LlmError::Interrupted { .. })
    ));
}

#[tokio::test]
async fn rate_limits_wait_for_retry_after_or_back_off_then_succeed() {
    let server = Server::start(vec![
        Reply::json(
            429,
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#,
            &[("retry-after", "1")],
        ),
        anthropic_stream("ok"),
    ]);
    let run = gateway(settings(vec![endpoint(Kind::Anthropic, &server, "c")]));
    let started = Instant::now();
    assert_eq!(ask(&run, STREAM).await.0.unwrap().text, "ok");
    assert_eq!(server.count(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 was honoured"
    );

    let server = Server::start(vec![
        Reply::json(
            429,
            r#"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
            &[],
        ),
        Reply::json(502, "<html>bad gateway</html>", &[]),
        openai_stream("fine"),
    ]);
    let run = gateway(settings(vec![endpoint(Kind::OpenAi, &server, "m")]));
    assert_eq!(ask(&run, STREAM).await.0.unwrap().text, "fine");
    assert_eq!(
        server.count(),
        3,
        "429 without Retry-After and a 5xx were retried"
    );
}

#[tokio::test]
async fn overloaded_inside_a_200_stream_is_retried_before_anything_is_shown() {
    let overloaded = Reply::sse(&[
        (
            "message_start",
            r#"{"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1}}}"#,
        ),
        (
            "error",
            r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#,
        ),
    ]);
    let server = Server::start(vec![overloaded, anthropic_stream("second time")]);
    let run = gateway(settings(vec![endpoint(Kind::Anthropic, &server, "c")]));
    let (answer, streamed) = ask(&run, STREAM).await;
    assert_eq!(answer.unwrap().text, "second time");
    assert_eq!(streamed, "second time");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_stalled_first_token_times_out_and_the_fallback_answers() {
    // headers come at once, then nothing for longer than the first-token limit
    let stalled = anthropic_stream("late").pause_after(2, Duration::from_secs(5));
    let slow = Server::start(vec![stalled]);
    let backup = Server::start(vec![openai_stream("from the fallback")]);
    let run = gateway(settings(vec![
        endpoint(Kind::Anthropic, &slow, "c"),
        endpoint(Kind::OpenAi, &backup, "m"),
    ]));
    let started = Instant::now();
    let answer = ask(&run, STREAM).await.0.unwrap();
    assert_eq!(answer.text, "from the fallback");
    assert_eq!(answer.endpoint, "openai:m");
    assert!(
        answer.notes[0].contains("no first token within 0.8 s"),
        "{:?}",
        answer.notes
    );
    assert!(
        answer.notes[0].starts_with("answered by the fallback openai:m"),
        "{:?}",
        answer.notes
    );
    assert_eq!(slow.count(), 3, "timeouts are retried (3 attempts)");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "never waited for the stalled stream"
    );
}

#[tokio::test]
async fn a_connection_dropped_mid_stream_is_reported_not_replaced() {
    // message_start, block start, ping, first delta … then the connection closes
    let server = Server::start(vec![anthropic_stream("Half of an answer").cut_after(5)]);
    let backup = Server::start(vec![openai_stream("never asked")]);
    let run = gateway(settings(vec![
        endpoint(Kind::Anthropic, &server, "c"),
        endpoint(Kind::OpenAi, &backup, "m"),
    ]));
    let (r, streamed) = ask(&run, STREAM).await;
    assert_eq!(streamed, "Half of ");
    match r {
        Err(LlmError::Interrupted { endpoint, message }) => {
            assert_eq!(endpoint, "anthropic:c");
            assert!(
                message.contains("closed before the answer was complete"),
                "{message}"
            );
        }
        other => panic!("expected an interruption, got {other:?}"),
    }
    assert_eq!(server.count(), 1, "what was shown is not retried");
    assert_eq!(backup.count(), 0, "nor replaced by a fallback");
}

#[tokio::test]
async fn a_context_length_error_sends_again_with_half_the_budget_and_says_so() {
    let server = Server::start(vec![
        Reply::json(
            400,
            r#"{"error":{"message":"This model's maximum context length is 512 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}"#,
            &[],
        ),
        openai_stream("shorter"),
    ]);
    let run = gateway(settings(vec![endpoint(Kind::OpenAi, &server, "m")]));
    let answer = ask(&run, STREAM).await.0.unwrap();
    assert_eq!(answer.text, "shorter");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[1].body.len() < reqs[0].body.len(),
        "the second prompt is shorter"
    );
    assert!(
        answer
            .notes
            .iter()
            .any(|n| n.contains("too long") && n.contains("500 tokens")),
        "{:?}",
        answer.notes
    );
}

#[tokio::test]
async fn malformed_json_moves_on_to_the_fallback() {
    let broken = Server::start(vec![Reply::sse(&[("", "{\"choices\": [oops")])]);
    let backup = Server::start(vec![anthropic_stream("readable")]);
    let run = gateway(settings(vec![
        endpoint(Kind::OpenAi, &broken, "m"),
        endpoint(Kind::Anthropic, &backup, "c"),
    ]));
    let answer = ask(&run, STREAM).await.0.unwrap();
    assert_eq!(answer.text, "readable");
    assert_eq!(broken.count(), 1, "malformed is not transient");
    assert!(
        answer.notes[0].contains("could not be read"),
        "{:?}",
        answer.notes
    );
}

#[tokio::test]
async fn a_bad_key_and_no_credit_are_told_apart_from_rate_limits_and_never_echo_the_key() {
    let echo = format!(
        r#"{{"type":"error","error":{{"type":"authentication_error","message":"invalid x-api-key {KEY}"}}}}"#
    );
    let server = Server::start(vec![Reply::json(401, &echo, &[])]);
    let run = gateway(settings(vec![endpoint(Kind::Anthropic, &server, "c")]));
    let err = ask(&run, STREAM).await.0.unwrap_err().to_string();
    assert!(err.contains("the key was refused"), "{err}");
    assert!(!err.contains(KEY), "the key never reaches a message: {err}");
    assert_eq!(server.count(), 1, "a bad key is not retried");

    let quota = r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}"#;
    let server = Server::start(vec![Reply::json(429, quota, &[])]);
    let run = gateway(settings(vec![endpoint(Kind::OpenAi, &server, "m")]));
    let err = ask(&run, STREAM).await.0.unwrap_err().to_string();
    assert!(
        err.contains("out of credit or quota: this is not a rate limit"),
        "{err}"
    );
    assert_eq!(server.count(), 1, "no credit is not retried");
}

#[tokio::test]
async fn server_errors_fall_back_and_a_cache_hit_makes_no_request() {
    let down = Server::start(vec![Reply::json(
        503,
        r#"{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"#,
        &[],
    )]);
    let backup = Server::start(vec![anthropic_stream("cached words")]);
    let run = gateway(settings(vec![
        endpoint(Kind::Gemini, &down, "g"),
        endpoint(Kind::Anthropic, &backup, "c"),
    ]));
    let cached = CallOptions {
        no_cache: false,
        stream: true,
    };
    let first = ask(&run, cached).await.0.unwrap();
    assert_eq!((first.text.as_str(), first.cached), ("cached words", false));
    assert_eq!(
        down.count(),
        3,
        "the primary was retried before falling back"
    );
    let again = ask(&run, cached).await;
    let answer = again.0.unwrap();
    assert_eq!(again.1, "cached words", "the cached answer is streamed too");
    assert!(answer.cached);
    assert_eq!(backup.count(), 1, "the cache answered without a request");
    assert_eq!(
        down.count(),
        6,
        "the primary's own cache is empty, so it was tried again"
    );
    let fresh = ask(&run, STREAM).await.0.unwrap();
    assert!(!fresh.cached);
    assert_eq!(backup.count(), 2, "--no-cache asks again");
}

#[tokio::test]
async fn the_token_limiter_makes_a_second_call_wait() {
    let server = Server::start(vec![openai_stream("a")]);
    let mut ep = endpoint(Kind::OpenAi, &server, "m");
    ep.params.max_output_tokens = 3000;
    // each call reserves its prompt's estimate + 3000 output tokens; with a minute's capacity
    // 60 short of two calls, the second waits for 60 tokens (≈ 0.55 s)
    let prompt = aexy::llm::privacy::scrub(&build(ep.max_prompt_tokens).prompt);
    let need = aexy::llm::budget::estimate_prompt(&prompt) + 3000;
    let mut s = settings(vec![ep]);
    s.tokens_per_minute = Some(2 * need - 60);
    let run = gateway(s);
    let t0 = Instant::now();
    ask(&run, STREAM).await.0.unwrap();
    let first = t0.elapsed();
    ask(&run, STREAM).await.0.unwrap();
    let second = t0.elapsed() - first;
    assert!(
        first < Duration::from_millis(500),
        "the first is free: {first:?}"
    );
    assert!(
        second >= Duration::from_millis(400),
        "the second waited: {second:?}"
    );
}

#[tokio::test]
async fn cancelling_closes_the_stream() {
    let server = Server::start(vec![
        anthropic_stream("never finished").pause_after(4, Duration::from_secs(5))
    ]);
    let run = gateway(settings(vec![endpoint(Kind::Anthropic, &server, "c")]));
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let mut sink = |_: &str| {};
    let started = Instant::now();
    let r = run
        .gateway
        .complete(&build, STREAM, &mut sink, &cancel)
        .await;
    assert!(matches!(r, Err(LlmError::Cancelled)), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
