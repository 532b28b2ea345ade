//! The sources end to end: synced pull requests and issues from servers on 127.0.0.1 speaking
//! GitHub, GitLab, Jira and Linear wire formats, faults injected, secrets checked.

#[path = "../support/mod.rs"]
mod support;

mod common;
mod e2e;
mod faults;
mod recorded;
mod secrets;
mod trackers;
mod world;
