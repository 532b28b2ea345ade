//! Settings from environment variables: the ecosystem's own (GitHub Actions, GitLab CI, Jira)
//! and `AEXY_<SECTION>` / `AEXY_<SECTION>_<KEY>` for every known section.

use std::collections::BTreeMap;

use super::{Entry, Origin, Value};

/// The sections settings may belong to (add yours: one line). `AEXY_<SECTION>_<KEY>` maps to
/// `<section>.<key>` only for these, so unrelated `AEXY_*` variables (`AEXY_LOG`) stay out.
pub const SECTIONS: &[&str] = &["github", "gitlab", "jira", "linear", "sync", "llm", "org"];

/// Well-known variables of other tools, read as settings: (variable, key).
/// Tokens are not here: they are secrets, named through `Config::secret_sources`.
pub const ENV_ALIASES: &[(&str, &str)] = &[
    ("GITHUB_API_URL", "github.api_url"),
    ("GITHUB_REPOSITORY", "github.repo"),
    ("CI_API_V4_URL", "gitlab.api_url"),
    ("CI_PROJECT_PATH", "gitlab.project"),
    ("JIRA_BASE_URL", "jira.base_url"),
    ("JIRA_EMAIL", "jira.email"),
];

/// Reads `vars` (the process environment, or a test's): aliases first, then `AEXY_*`, which
/// override them.
pub(crate) fn read(vars: &[(String, String)], entries: &mut BTreeMap<String, Entry>) {
    let mut set = |key: String, var: &str, value: &str| {
        if value.trim().is_empty() {
            return;
        }
        entries.insert(
            key,
            Entry {
                value: Value::Text(value.to_string()),
                origin: Origin::Env(var.to_string()),
            },
        );
    };
    for (alias, key) in ENV_ALIASES {
        if let Some((var, value)) = vars.iter().find(|(name, _)| name == alias) {
            set(key.to_string(), var, value);
        }
    }
    for (var, value) in vars {
        if let Some(key) = aexy_key(var) {
            set(key, var, value);
        }
    }
}

/// `AEXY_GITHUB_API_URL` → `github.api_url`, `AEXY_LLM` → `llm`; `None` for other variables.
fn aexy_key(var: &str) -> Option<String> {
    let rest = var.strip_prefix("AEXY_")?;
    SECTIONS.iter().find_map(|section| {
        let upper = section.to_ascii_uppercase();
        if rest == upper {
            return Some(section.to_string());
        }
        let key = rest.strip_prefix(&upper)?.strip_prefix('_')?;
        (!key.is_empty()).then(|| format!("{section}.{}", key.to_ascii_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::aexy_key;

    #[test]
    fn aexy_variables_map_to_known_sections_only() {
        assert_eq!(
            aexy_key("AEXY_GITHUB_API_URL").as_deref(),
            Some("github.api_url")
        );
        assert_eq!(aexy_key("AEXY_LLM").as_deref(), Some("llm"));
        assert_eq!(aexy_key("AEXY_JIRA_JQL").as_deref(), Some("jira.jql"));
        assert_eq!(aexy_key("AEXY_LOG"), None);
        assert_eq!(aexy_key("AEXY_GITHUBX"), None);
        assert_eq!(aexy_key("AEXY_DATA_DIR"), None);
    }
}
