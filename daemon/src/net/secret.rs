//! Secrets (API tokens and keys) held in memory only: printed as `[redacted]`, read through
//! `expose()` alone, resolved from environment variables or a command just before a request.
//! Nothing here ever puts a secret's value, or a command's output, into an error message.

use std::fmt;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a `key_command` / `token_command` may run before it is stopped.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);

/// A token or API key. `Debug` and `Display` print `[redacted]`; `expose` is the only way out.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value (trimmed). Empty values are refused by the resolvers, not here.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into().trim().to_string())
    }

    /// The value, for the one place that puts it on the wire (a request header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The first of `names` that is set to a non-empty value.
    pub fn from_env(names: &[impl AsRef<str>]) -> Option<Secret> {
        names.iter().find_map(|name| {
            let value = std::env::var(name.as_ref()).ok()?;
            let value = value.trim();
            (!value.is_empty()).then(|| Secret::new(value))
        })
    }

    /// Runs `cmd` through `sh -c` and takes its trimmed standard output. The error names the
    /// command's program and its exit status, never its output (which may hold the secret).
    pub fn from_command(cmd: &str) -> Result<Secret, SecretError> {
        Self::from_command_with_timeout(cmd, COMMAND_TIMEOUT)
    }

    /// [`Secret::from_command`] with an explicit time limit.
    pub fn from_command_with_timeout(cmd: &str, limit: Duration) -> Result<Secret, SecretError> {
        let shown = command_label(cmd);
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| SecretError::CommandFailed {
                command: shown.clone(),
                reason: format!("could not start it ({})", e.kind()),
            })?;
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| SecretError::CommandFailed {
                command: shown.clone(),
                reason: "no standard output".into(),
            })?;
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = stdout.read_to_end(&mut out);
            out
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() >= limit => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(SecretError::CommandTimedOut {
                        command: shown,
                        seconds: limit.as_secs(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => {
                    return Err(SecretError::CommandFailed {
                        command: shown,
                        reason: format!("could not wait for it ({})", e.kind()),
                    })
                }
            }
        };
        let out = reader.join().unwrap_or_default();
        if !status.success() {
            let reason = match status.code() {
                Some(code) => format!("it exited with status {code}"),
                None => "it was stopped by a signal".into(),
            };
            return Err(SecretError::CommandFailed {
                command: shown,
                reason,
            });
        }
        let text = String::from_utf8(out).map_err(|_| SecretError::CommandFailed {
            command: shown.clone(),
            reason: "its output is not UTF-8".into(),
        })?;
        let value = text.trim();
        if value.is_empty() {
            return Err(SecretError::CommandFailed {
                command: shown,
                reason: "it printed nothing".into(),
            });
        }
        Ok(Secret::new(value))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where a secret comes from: environment variables (first non-empty) or a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    Env(Vec<String>),
    Command(String),
}

impl SecretSource {
    /// Names the source for humans (`$GITHUB_TOKEN or $GH_TOKEN`, `the command \`gh …\``),
    /// never the value and never a command's arguments (which could carry a literal token).
    pub fn describe(&self) -> String {
        match self {
            SecretSource::Env(names) => names
                .iter()
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(" or "),
            SecretSource::Command(cmd) => format!("the command `{}`", command_label(cmd)),
        }
    }

    /// Resolves the secret now. `Ok(None)` when no variable is set (not an error: the
    /// feature is simply not configured); a command that fails is an error.
    pub fn resolve(&self) -> Result<Option<Secret>, SecretError> {
        match self {
            SecretSource::Env(names) => Ok(Secret::from_env(names)),
            SecretSource::Command(cmd) => Secret::from_command(cmd).map(Some),
        }
    }

    /// Tries `sources` in order; the first that yields a secret wins.
    pub fn resolve_first(
        sources: &[SecretSource],
    ) -> Result<Option<(Secret, &SecretSource)>, SecretError> {
        for source in sources {
            if let Some(secret) = source.resolve()? {
                return Ok(Some((secret, source)));
            }
        }
        Ok(None)
    }
}

/// The program of a command line and an ellipsis when it has arguments (`pass …`).
fn command_label(cmd: &str) -> String {
    let mut words = cmd.split_whitespace();
    let program = words.next().unwrap_or("");
    let program = program.rsplit('/').next().unwrap_or(program);
    if words.next().is_some() {
        format!("{program} …")
    } else {
        program.to_string()
    }
}

/// Why a secret could not be read. Never carries the value or a command's output.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("the token command `{command}` failed: {reason}")]
    CommandFailed { command: String, reason: String },
    #[error("the token command `{command}` did not finish within {seconds} s")]
    CommandTimedOut { command: String, seconds: u64 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("ghp_abcdef123456");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose(), "ghp_abcdef123456");
    }

    #[test]
    fn command_output_is_trimmed_and_failures_hide_output() {
        let s = Secret::from_command("printf '  tok_123\\n'").expect("runs");
        assert_eq!(s.expose(), "tok_123");
        let err = Secret::from_command("echo sekrit_value_42; exit 3").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("status 3"), "{text}");
        assert!(!text.contains("sekrit_value_42"), "{text}");
        let err = Secret::from_command("true").unwrap_err();
        assert!(err.to_string().contains("printed nothing"));
    }

    #[test]
    fn slow_command_times_out() {
        let err =
            Secret::from_command_with_timeout("sleep 5", Duration::from_millis(100)).unwrap_err();
        assert!(matches!(err, SecretError::CommandTimedOut { .. }), "{err}");
    }

    #[test]
    fn describe_names_the_source_not_the_value() {
        let env = SecretSource::Env(vec!["GITHUB_TOKEN".into(), "GH_TOKEN".into()]);
        assert_eq!(env.describe(), "$GITHUB_TOKEN or $GH_TOKEN");
        let cmd = SecretSource::Command("echo ghp_literal_token".into());
        assert_eq!(cmd.describe(), "the command `echo …`");
        let cmd = SecretSource::Command("/usr/bin/gh".into());
        assert_eq!(cmd.describe(), "the command `gh`");
    }

    #[test]
    fn resolve_first_skips_unset_variables() {
        let sources = [
            SecretSource::Env(vec!["AEXY_TEST_SURELY_UNSET_VAR".into()]),
            SecretSource::Command("echo from_cmd".into()),
        ];
        let (secret, from) = SecretSource::resolve_first(&sources).unwrap().unwrap();
        assert_eq!(secret.expose(), "from_cmd");
        assert!(matches!(from, SecretSource::Command(_)));
    }
}
