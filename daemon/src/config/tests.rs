//! The configuration layers merged against a real TOML file and a real git config file.

use super::*;

#[derive(serde::Deserialize, Default, Debug, PartialEq)]
#[serde(default)]
struct Github {
    api_url: Option<String>,
    repo: Option<String>,
    enabled: Option<bool>,
    max_pages: Option<u32>,
    label: Option<String>,
}

fn git_config(dir: &Path, lines: &[(&str, &str)]) -> git2::Config {
    let path = dir.join("gitconfig");
    let mut config = git2::Config::new().unwrap();
    config
        .add_file(&path, git2::ConfigLevel::Local, false)
        .unwrap();
    for (k, v) in lines {
        config.set_str(k, v).unwrap();
    }
    config
}

fn vars(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn layers_override_in_order_and_say_where_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "[github]\napi_url = \"https://ghe.example/api/v3\"\nrepo = \"file/repo\"\nmax_pages = 5\n\n[jira]\njql = \"project = X\"\n",
    )
    .unwrap();
    let git = git_config(
        dir.path(),
        &[
            ("aexy.github.repo", "git/repo"),
            ("aexy.github.enabled", "yes"),
            ("aexy.llm", "false"),
        ],
    );
    let env = vars(&[
        ("GITHUB_API_URL", "https://env.example/api"),
        ("AEXY_LOG", "debug"),
    ]);
    let config = Config::load_from(Some(&file), Some(&git), &env).unwrap();

    let gh: Github = config.section("github").unwrap();
    assert_eq!(gh.api_url.as_deref(), Some("https://env.example/api"));
    assert_eq!(gh.repo.as_deref(), Some("git/repo"));
    assert_eq!(gh.enabled, Some(true));
    assert_eq!(gh.max_pages, Some(5));
    assert_eq!(
        config.origin("github.api_url"),
        Some(&Origin::Env("GITHUB_API_URL".into()))
    );
    assert_eq!(
        config.origin("github.repo"),
        Some(&Origin::Git("local".into()))
    );
    assert_eq!(
        config.origin("github.max_pages"),
        Some(&Origin::File(file.clone()))
    );
    assert_eq!(config.get("jira.jql").as_deref(), Some("project = X"));
    assert_eq!(config.flag("llm"), Some(false));
    assert!(config.keys("log").is_empty(), "AEXY_LOG is not a setting");
    assert_eq!(config.file(), Some(file.as_path()));
}

#[test]
fn text_that_looks_like_a_number_still_reads_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let git = git_config(
        dir.path(),
        &[
            ("aexy.github.label", "2024"),
            ("aexy.github.max-pages", "7"),
        ],
    );
    let config = Config::load_from(None, Some(&git), &[]).unwrap();
    let gh: Github = config.section("github").unwrap();
    assert_eq!(gh.label.as_deref(), Some("2024"));
    assert_eq!(gh.max_pages, Some(7));
}

#[test]
fn invalid_values_name_the_section() {
    let env = vars(&[("AEXY_GITHUB_MAX_PAGES", "many")]);
    let config = Config::load_from(None, None, &env).unwrap();
    let err = config.section::<Github>("github").unwrap_err();
    assert!(err.to_string().contains("[github]"), "{err}");
}

#[test]
fn a_broken_file_is_a_clear_error_without_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[github\ntoken = \"ghp_abcdefghijklmnopqrstuv\"\n").unwrap();
    let err = Config::load_from(Some(&file), None, &[]).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("config.toml") && text.contains("not valid TOML"),
        "{text}"
    );
    assert!(!text.contains("ghp_abcdefghijklmnop"), "{text}");
}

#[test]
fn a_missing_file_is_no_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load_from(Some(&dir.path().join("nope.toml")), None, &[]).unwrap();
    assert_eq!(
        config.section::<Github>("github").unwrap(),
        Github::default()
    );
    assert!(config.file().is_none());
}

#[test]
fn secret_sources_default_env_then_command() {
    let dir = tempfile::tempdir().unwrap();
    let git = git_config(
        dir.path(),
        &[("aexy.github.token-command", "gh auth token")],
    );
    let config = Config::load_from(None, Some(&git), &[]).unwrap();
    let sources = config.secret_sources("github", "token", &["GITHUB_TOKEN", "GH_TOKEN"]);
    assert_eq!(
        sources,
        vec![
            SecretSource::Env(vec!["GITHUB_TOKEN".into(), "GH_TOKEN".into()]),
            SecretSource::Command("gh auth token".into()),
        ]
    );
    let env = vars(&[("AEXY_JIRA_TOKEN_ENV", "MY_JIRA")]);
    let config = Config::load_from(None, None, &env).unwrap();
    assert_eq!(
        config.secret_sources("jira", "token", &["JIRA_API_TOKEN"]),
        vec![SecretSource::Env(vec!["MY_JIRA".into()])]
    );
}

#[test]
fn text_becomes_enums_and_lists() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        Rest,
        Graphql,
    }
    #[derive(serde::Deserialize, Debug)]
    struct Sync {
        mode: Mode,
        teams: Vec<String>,
        nested: Option<std::collections::BTreeMap<String, u32>>,
    }
    let env = vars(&[
        ("AEXY_SYNC_MODE", "graphql"),
        ("AEXY_SYNC_TEAMS", "ENG, OPS"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let git = git_config(dir.path(), &[("aexy.sync.nested.depth", "3")]);
    let config = Config::load_from(None, Some(&git), &env).unwrap();
    let sync: Sync = config.section("sync").unwrap();
    assert_eq!(sync.mode, Mode::Graphql);
    assert_eq!(sync.teams, vec!["ENG".to_string(), "OPS".to_string()]);
    assert_eq!(sync.nested.unwrap()["depth"], 3);
    let _ = Mode::Rest;
}
