//! The HTTP core against an in-process server on 127.0.0.1 (wiremock, plus a raw TCP server for
//! faults wiremock cannot make: a body cut short).

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(2),
    }
}

fn http() -> Http {
    Http::new(Timeouts {
        connect: Duration::from_secs(2),
        first_byte: Duration::from_millis(400),
        total: Duration::from_secs(5),
    })
    .expect("client")
}

async fn get(http: &Http, url: String, policy: &RetryPolicy) -> Result<Fetched, NetError> {
    let req = http.request(Method::GET, &url).build().expect("request");
    http.fetch(req, policy, &classify, &CancellationToken::new())
        .await
}

#[tokio::test]
async fn success_carries_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ok"))
        .and(header(
            "user-agent",
            concat!("aexy/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"a\":1}"))
        .mount(&server)
        .await;
    let http = http();
    let got = get(&http, format!("{}/ok", server.uri()), &quick())
        .await
        .expect("ok");
    assert_eq!(got.json::<serde_json::Value>().unwrap()["a"], 1);
    assert_eq!(http.requests_sent(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    let server = MockServer::start().await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(200).set_body_string("fine"))
        .mount(&server)
        .await;
    let http = http();
    let got = get(&http, format!("{}/flaky", server.uri()), &quick())
        .await
        .expect("ok");
    assert_eq!(&got.body[..], b"fine");
    assert_eq!(http.requests_sent(), 3);
}

#[tokio::test]
async fn retries_run_out_on_persistent_5xx() {
    let server = MockServer::start().await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
        .mount(&server)
        .await;
    let http = http();
    let err = get(&http, format!("{}/down", server.uri()), &quick())
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::Status { code: 503, .. }), "{err}");
    assert!(err.is_transient());
    assert_eq!(http.requests_sent(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured_or_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/long"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&server)
        .await;
    Mock::given(path("/secondary"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_string(r#"{"message":"You have exceeded a secondary rate limit."}"#),
        )
        .mount(&server)
        .await;
    let http = http();
    get(&http, format!("{}/limited", server.uri()), &quick())
        .await
        .expect("after retry");
    assert_eq!(http.requests_sent(), 2);

    let err = get(&http, format!("{}/long", server.uri()), &quick())
        .await
        .unwrap_err();
    match err {
        NetError::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(120)))
        }
        other => panic!("{other}"),
    }
    assert_eq!(http.requests_sent(), 3, "a long wait is not slept through");

    let err = get(&http, format!("{}/secondary", server.uri()), &quick())
        .await
        .unwrap_err();
    assert!(
        matches!(err, NetError::RateLimited { retry_after: Some(d), .. } if d == retry::SECONDARY_LIMIT_WAIT),
        "{err}"
    );
}

#[tokio::test]
async fn auth_errors_never_show_the_token() {
    let server = MockServer::start().await;
    let token = Secret::new("ghp_SuperSecretValue1234567890");
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(401).set_body_string(
            r#"{"message":"Bad credentials for ghp_SuperSecretValue1234567890 (ann@example.com)"}"#,
        ))
        .mount(&server)
        .await;
    let http = http();
    let req = http
        .request(Method::GET, &format!("{}/me", server.uri()))
        .header("authorization", bearer(&token).unwrap())
        .build()
        .unwrap();
    let err = http
        .fetch(req, &quick(), &classify, &CancellationToken::new())
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, NetError::Auth { status: 401, .. }));
    assert!(!text.contains("SuperSecret"), "{text}");
    assert!(!text.contains("ann@example.com"), "{text}");
    assert!(text.contains("Bad credentials"), "{text}");
    assert_eq!(http.requests_sent(), 1, "auth failures are not retried");
}

#[tokio::test]
async fn not_found_is_not_retried_and_304_is_accepted() {
    let server = MockServer::start().await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_string("Not Found"))
        .mount(&server)
        .await;
    Mock::given(path("/same"))
        .and(header("if-none-match", "\"abc\""))
        .respond_with(ResponseTemplate::new(304).insert_header("etag", "\"abc\""))
        .mount(&server)
        .await;
    let http = http();
    let err = get(&http, format!("{}/gone", server.uri()), &quick())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(http.requests_sent(), 1);
    let req = http
        .request(Method::GET, &format!("{}/same", server.uri()))
        .header("if-none-match", "\"abc\"")
        .build()
        .unwrap();
    let got = http
        .fetch(req, &quick(), &classify, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(got.status.as_u16(), 304);
    assert_eq!(got.header("etag"), Some("\"abc\""));
}

#[tokio::test]
async fn a_slow_server_times_out_waiting_for_headers() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let http = http();
    let policy = RetryPolicy {
        max_attempts: 2,
        ..quick()
    };
    let err = get(&http, format!("{}/slow", server.uri()), &policy)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            NetError::Timeout {
                phase: Phase::FirstByte
            }
        ),
        "{err}"
    );
    assert_eq!(http.requests_sent(), 2);
}

#[tokio::test]
async fn cancellation_stops_a_request() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let http = Http::new(Timeouts::default()).unwrap();
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        trigger.cancel();
    });
    let req = http
        .request(Method::GET, &format!("{}/slow", server.uri()))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = http
        .fetch(req, &quick(), &classify, &cancel)
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::Cancelled));
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A server that answers its first connection with a body shorter than its Content-Length,
/// then the full body.
async fn truncating_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move {
        for round in 0..2 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut buf = vec![0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let response: &[u8] = if round == 0 {
                b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"trunc"
            } else {
                b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\nconnection: close\r\n\r\n{\"a\":2}\n"
            };
            let _ = socket.write_all(response).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{addr}"), handle)
}

#[tokio::test]
async fn a_truncated_body_is_retried() {
    let (base, server) = truncating_server().await;
    let http = http();
    let got = get(&http, format!("{base}/x"), &quick())
        .await
        .expect("second attempt");
    assert_eq!(got.json::<serde_json::Value>().unwrap()["a"], 2);
    assert_eq!(http.requests_sent(), 2);
    server.abort();

    let (base, server) = truncating_server().await;
    let once = RetryPolicy::once();
    let err = get(&http, format!("{base}/x"), &once).await.unwrap_err();
    assert!(matches!(err, NetError::Decode { .. }), "{err}");
    server.abort();
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let http = http();
    let err = get(
        &http,
        format!("http://{addr}/x?private_token=abc123abc123abc"),
        &quick(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, NetError::Connect { .. }), "{err}");
    assert!(
        !err.to_string().contains("abc123"),
        "no URL in the message: {err}"
    );
}

#[tokio::test]
async fn the_limiter_counts_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(path("/n"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let limiter = Arc::new(Limiter::new(Rates {
        requests_per_minute: Some(600),
        units_per_minute: None,
    }));
    let http = http().with_limiter(limiter);
    for _ in 0..3 {
        get(&http, format!("{}/n", server.uri()), &quick())
            .await
            .unwrap();
    }
    assert_eq!(http.requests_sent(), 3);
}
