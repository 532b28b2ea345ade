//! Teams and CODEOWNERS: the repository's declared ownership (a CODEOWNERS file in GitHub,
//! GitLab or Bitbucket syntax, and `.aexy/teams.toml`), resolved to the developers aexy knows,
//! and compared with measured expertise: `aexy codeowners check|suggest`, per-team insights and
//! which team to ask about a path. Algorithms work on plain data; `load` reads the files.

pub mod ask;
pub mod check;
mod check_findings;
pub mod codeowners;
pub mod config;
pub mod diff;
pub mod insights;
pub mod load;
pub mod model;
pub mod people;
pub mod render;
pub mod suggest;
