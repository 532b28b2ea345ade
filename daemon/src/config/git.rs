//! Settings from `git config aexy.*` (every level git reads: system, global, local, worktree,
//! includes). Git keys cannot hold `_`, so `aexy.jira.base-url` is the key `jira.base_url`.

use std::collections::BTreeMap;

use super::{ConfigError, Entry, Origin, Value};

pub(crate) fn read(
    config: &git2::Config,
    entries: &mut BTreeMap<String, Entry>,
) -> Result<(), ConfigError> {
    // Entries come lowest level first (system … local), so a later one wins.
    let mut iter = config
        .entries(Some(r"^aexy\."))
        .map_err(|e| ConfigError::Git(e.message().to_string()))?;
    while let Some(entry) = iter.next() {
        let entry = entry.map_err(|e| ConfigError::Git(e.message().to_string()))?;
        let (Some(name), Some(value)) = (entry.name(), entry.value()) else {
            continue;
        };
        let Some(key) = name.strip_prefix("aexy.") else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        entries.insert(
            normalise(key),
            Entry {
                value: Value::Text(value.to_string()),
                origin: Origin::Git(level_name(entry.level()).to_string()),
            },
        );
    }
    Ok(())
}

/// Dashes in the variable name (the last part) become underscores; the section and any
/// subsection are kept as written.
fn normalise(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((head, last)) => format!("{head}.{}", last.replace('-', "_")),
        None => key.replace('-', "_"),
    }
}

fn level_name(level: git2::ConfigLevel) -> &'static str {
    match level {
        git2::ConfigLevel::ProgramData => "programdata",
        git2::ConfigLevel::System => "system",
        git2::ConfigLevel::XDG => "xdg",
        git2::ConfigLevel::Global => "global",
        git2::ConfigLevel::Local => "local",
        git2::ConfigLevel::Worktree => "worktree",
        git2::ConfigLevel::App => "app",
        git2::ConfigLevel::Highest => "command line",
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn dashes_in_the_variable_become_underscores() {
        assert_eq!(normalise("jira.base-url"), "jira.base_url");
        assert_eq!(normalise("llm"), "llm");
        assert_eq!(
            normalise("llm.my-host.api-key-command"),
            "llm.my-host.api_key_command"
        );
    }
}
