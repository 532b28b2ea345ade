//! `.aexy/teams.toml`: teams with their members and paths, the handles CODEOWNERS uses for
//! people aexy knows by e-mail, and where the CODEOWNERS file is. Unknown keys are errors, so a
//! typo never silently drops a team.
//!
//! ```toml
//! [people]                      # handle → e-mail or name as in the history
//! octocat = "alice@example.com"
//!
//! [teams.backend]               # matches @backend, @org/backend, @@backend in CODEOWNERS
//! handle = "@acme/backend"      # optional: exactly how CODEOWNERS writes it
//! members = ["alice@example.com", "@bob", "Carol Danvers"]
//! paths = ["/src/core/", "*.sql"]   # gitignore-style, as GitHub CODEOWNERS patterns
//!
//! [codeowners]
//! path = "CODEOWNERS"           # default: the host's locations
//! dialect = "gitlab"            # github | gitlab | bitbucket (default: detected)
//! ```

use std::collections::BTreeMap;

use anyhow::{Context as _, Result};
use serde::Deserialize;

use super::codeowners::Dialect;

/// Where the file lives in a repository.
pub const PATH: &str = ".aexy/teams.toml";

/// The parsed file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamsFile {
    #[serde(default)]
    pub people: BTreeMap<String, String>,
    #[serde(default)]
    pub teams: BTreeMap<String, TeamDef>,
    #[serde(default)]
    pub codeowners: CodeownersConfig,
}

/// One team as declared.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamDef {
    #[serde(default)]
    pub handle: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
}

/// The `[codeowners]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeownersConfig {
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub dialect: Option<String>,
}

impl TeamsFile {
    /// Parses the file's text; errors name the file and the TOML position.
    pub fn parse(text: &str) -> Result<TeamsFile> {
        let f: TeamsFile = toml::from_str(text).with_context(|| format!("{PATH} is not valid"))?;
        if let Some(d) = &f.codeowners.dialect {
            Dialect::parse(d).with_context(|| {
                format!("{PATH}: codeowners.dialect {d:?} is not github, gitlab or bitbucket")
            })?;
        }
        Ok(f)
    }

    pub fn dialect(&self) -> Option<Dialect> {
        self.codeowners.dialect.as_deref().and_then(Dialect::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_people_teams_and_codeowners() {
        let f = TeamsFile::parse(
            "[people]\noctocat = \"alice@example.com\"\n[teams.backend]\nmembers = [\"@octocat\"]\npaths = [\"/src/\"]\n[codeowners]\ndialect = \"GitLab\"\n",
        )
        .unwrap();
        assert_eq!(f.people["octocat"], "alice@example.com");
        assert_eq!(f.teams["backend"].paths, ["/src/"]);
        assert_eq!(f.dialect(), Some(Dialect::GitLab));
    }

    #[test]
    fn typos_and_bad_dialects_are_errors() {
        let e = TeamsFile::parse("[teams.a]\nmember = []\n").unwrap_err();
        assert!(format!("{e:#}").contains("member"), "{e:#}");
        assert!(TeamsFile::parse("[codeowners]\ndialect = \"svn\"\n").is_err());
        assert!(TeamsFile::parse("not toml =").is_err());
    }
}
