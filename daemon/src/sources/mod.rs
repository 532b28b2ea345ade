//! Optional sources around the code: pull requests, reviews and tracker issues from GitHub,
//! GitLab, Jira and Linear, synced into the index (`aexy sync`) over the shared HTTP core
//! (`net`). One small module per service; `feed` walks lists incrementally and resumably;
//! `history` hands the engine plain data (`reviews::ReviewHistory`). Nothing here runs unless
//! the user asks (a sync, `connect status`, `match --issue`); the engine never imports it.

pub mod api;
pub mod connect;
pub mod error;
pub mod feed;
pub mod github;
pub mod gitlab;
pub mod history;
pub mod issue_match;
pub mod issue_ref;
pub mod jira;
pub mod linear;
pub mod link_header;
pub mod org_repos;
pub mod records;
pub mod remote_url;
pub mod settings;
pub mod status;
pub mod store;
pub mod sync;

pub use error::SourceError;
pub use records::System;
pub use settings::Settings;
