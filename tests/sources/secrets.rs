//! Tokens come from the environment or a command, and never reach a log line (even at debug),
//! an error message, the index file, or `connect status`.

use crate::common::{all_output, text};
use crate::e2e::{env_for, history, issues, repository};
use crate::world::{self, World};

const TOKEN: &str = "ghp_secretTestToken1234567890abcd";

/// Every byte of every file under `dir` (the index, its WAL, the data dir).
fn files_contain(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "repo") {
                    continue;
                }
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    hits.push(p.display().to_string());
                }
            }
        }
    }
    hits
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_from_the_environment_is_used_and_never_written_or_logged() {
    let mut w = World::new(history(), issues());
    w.token = Some(TOKEN.into());
    let (server, _world) = world::start(w).await;
    let mut env = env_for(repository(), &server, Some(TOKEN));
    env.set("AEXY_LOG", "debug");
    let out = env.run_async(&["sync"]).await;
    assert!(out.status.success(), "{}", all_output(&out));
    let said = all_output(&out);
    assert!(said.contains("aexy::net"), "debug logging is on: {said}");
    assert!(!said.contains(TOKEN), "{said}");
    assert!(files_contain(env.fixture.dir.path(), TOKEN).is_empty());
    for args in [
        vec!["connect", "status"],
        vec!["connect", "status", "--json"],
        vec!["identities"],
    ] {
        let out = env.run_async(&args).await;
        assert!(!all_output(&out).contains(TOKEN), "{args:?}");
        assert!(out.status.success());
    }
    let status = text(&env.run_async(&["connect", "status"]).await.stdout);
    assert!(
        status.contains("token: $GITHUB_TOKEN or $GH_TOKEN — found"),
        "{status}"
    );
    assert!(status.contains("token scopes repo, read:org"), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_command_is_run_and_its_failure_shows_nothing_of_its_output() {
    let from_command = "ghp_fromTheCommand0000000000000000";
    let mut w = World::new(history(), issues());
    w.token = Some(from_command.into());
    let (server, _world) = world::start(w).await;
    let env = env_for(repository(), &server, None);
    env.fixture.git(&[
        "config",
        "aexy.github.token-command",
        &format!("printf '%s\\n' {from_command}"),
    ]);
    let out = env.json(&["sync", "--pulls-only"]).await;
    assert_eq!(out["services"][0]["lists"][0]["written"], 11);
    let status = text(&env.run_async(&["connect", "status"]).await.stdout);
    assert!(
        status.contains("the command `printf …`") && !status.contains(from_command),
        "{status}"
    );

    let leaked = "ghp_printedByAFailingCommand000000";
    env.fixture.git(&[
        "config",
        "aexy.github.token-command",
        &format!("echo {leaked}; exit 2"),
    ]);
    let out = env.run_async(&["sync"]).await;
    let said = all_output(&out);
    assert!(!out.status.success());
    assert!(
        said.contains("token command `echo …` failed") && said.contains("status 2"),
        "{said}"
    );
    assert!(!said.contains(leaked), "{said}");
    assert!(files_contain(env.fixture.dir.path(), leaked).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_configured_makes_no_request_and_says_what_is_missing() {
    let env = crate::common::Env::new(repository());
    env.fixture.git(&["config", "--unset", "aexy.github.repo"]);
    let out = env.run_async(&["sync"]).await;
    assert!(!out.status.success());
    assert!(
        all_output(&out).contains("nothing to sync"),
        "{}",
        all_output(&out)
    );
    let status = env.json(&["connect", "status"]).await;
    for s in status["services"].as_array().unwrap() {
        assert_eq!(s["configured"], false);
        assert!(!s["missing"].as_array().unwrap().is_empty());
    }
    // Everything else works as before, with no review history.
    let r = env
        .json(&["reviewers", "--files", "src/net/retry.rs"])
        .await;
    assert!(r.get("reviewHistory").is_none());
    assert_eq!(r["reviewers"][0]["developer"]["name"], "Bob Builder");
}
