//! Targets on what editors send: the stdio framing guard in front of the LSP server, and
//! request params (client options, the `aexy/*` params), plus the hover and lens texts made
//! from answers whose names, subjects and paths are arbitrary.

use std::sync::OnceLock;

use aexy::lsp::transport::{self, Frame};
use aexy_protocol::ownership::{ExpertShare, LineOwnership, OwnershipResult};
use aexy_protocol::teams::DeclaredOwners;
use aexy_protocol::Person;
use arbitrary::{Arbitrary, Unstructured};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
    })
}

/// The framing guard: any byte stream becomes frames (good bodies, or the JSON-RPC error to
/// answer) until its end, without panicking or reading past what was sent.
pub fn frames(data: &[u8]) {
    runtime().block_on(async {
        let mut input = tokio::io::BufReader::new(data);
        for _ in 0..10_000 {
            match transport::read_frame(&mut input).await {
                Ok(Some(Frame::Message(body))) => {
                    assert!(body.len() <= data.len());
                    assert_eq!(transport::check(body.clone()), Frame::Message(body));
                }
                Ok(Some(Frame::Reject(v))) => {
                    let code = v["error"]["code"].as_i64();
                    assert!(matches!(code, Some(-32700 | -32600)), "{v}");
                }
                Ok(None) | Err(_) => return,
            }
        }
    });
}

/// Request params: the client options (`initializationOptions`, `didChangeConfiguration`) and
/// the custom methods' params, then hover and lens texts of an answer built from the input.
pub fn params(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let mut options = aexy::lsp::options::Options::default();
        let _warnings = options.apply(&value);
        use aexy_protocol::{insights, matching, ownership};
        let _ = serde_json::from_value::<ownership::OwnershipParams>(value.clone());
        let _ = serde_json::from_value::<insights::ProfileParams>(value.clone());
        let _ = serde_json::from_value::<insights::TeamInsightsParams>(value.clone());
        let _ = serde_json::from_value::<matching::MatchTaskParams>(value.clone());
        let _ = serde_json::from_value::<matching::SuggestReviewersParams>(value);
    }
    let mut u = Unstructured::new(data);
    let Ok(answer) = Answer::arbitrary(&mut u) else {
        return;
    };
    let result = answer.result();
    for detail in ["compact", "full"] {
        let mut options = aexy::lsp::options::Options::default();
        options.apply(
            &serde_json::json!({ "hoverDetail": detail, "privacy": { "showEmails": true } }),
        );
        if let Some(md) = aexy::lsp::hover::markdown(
            &result,
            Some("https://github.com/o/r/commit/"),
            1_750_000_000,
            &options,
        ) {
            assert!(!crate::has_hazard(&md), "{md:?}");
            for name in result.experts.iter().map(|e| &e.name) {
                let escaped = aexy::escape::markdown(name);
                assert!(
                    detail == "full"
                        || result.experts.len() > 3
                        || md.contains(&escaped)
                        || escaped.is_empty(),
                    "{escaped:?} not in {md:?}"
                );
            }
        }
    }
    if let Some(title) = aexy::lsp::lens::summary(&result) {
        assert!(!crate::has_hazard(&title), "{title:?}");
    }
}

/// An ownership answer whose text comes from the fuzzer (ids and dates stay well-formed: the
/// daemon makes those itself).
#[derive(Arbitrary, Debug)]
struct Answer {
    file: String,
    author: Option<(String, String)>,
    summary: Option<String>,
    co_authors: Vec<String>,
    experts: Vec<(String, String, u8)>,
    risk: Option<String>,
    indexing: bool,
    /// CODEOWNERS: its path, owners as written and the note (all untrusted text).
    declared: Option<(String, Vec<String>, bool, String)>,
}

impl Answer {
    fn result(self) -> OwnershipResult {
        let person = |name: String, email: String| Person { name, email };
        OwnershipResult {
            file: self.file,
            line: self.author.map(|(name, email)| LineOwnership {
                commit: Some("0123456789abcdef0123456789abcdef01234567".into()),
                author: Some(person(name, email)),
                date: Some("2025-06-02T09:20:00+02:00".into()),
                summary: self.summary,
                co_authors: self
                    .co_authors
                    .into_iter()
                    .map(|n| person(n, String::new()))
                    .collect(),
                uncommitted: false,
            }),
            experts: self
                .experts
                .into_iter()
                .take(12)
                .map(|(name, email, share)| ExpertShare {
                    name,
                    email,
                    share: f64::from(share) / 255.0,
                    last_active: None,
                })
                .collect(),
            risk: self.risk,
            indexing: self.indexing,
            declared: self
                .declared
                .map(|(file, owners, differs, note)| DeclaredOwners {
                    file,
                    lines: vec![1],
                    owners: owners.into_iter().take(8).collect(),
                    differs,
                    note,
                }),
        }
    }
}
