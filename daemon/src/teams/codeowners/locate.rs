//! Where a repository's CODEOWNERS file is and which host's rules it follows.
//!
//! Locations, first found wins: GitHub `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`
//! ("About code owners"); GitLab `CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS` (GitLab
//! "Code Owners"); Bitbucket `.bitbucket/CODEOWNERS` (Bitbucket Cloud "Set up and use code
//! owners", Data Center "Code owners"). The host comes from, in order: an explicit choice
//! (`--dialect`, `.aexy/teams.toml`), a host-specific directory, the `origin` remote's address,
//! then the file's own syntax (`[Section]` headings are GitLab's, `@@@` groups Bitbucket's).

use super::pattern::Dialect;

/// A CODEOWNERS file found in a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: String,
    pub dialect: Dialect,
    /// How the dialect was decided, for the output.
    pub reason: String,
}

/// Finds the file among `exists` paths; `explicit` and `remote` (the origin URL) steer the
/// host; `read` gives a candidate's text for the syntax heuristic.
pub fn locate(
    exists: &dyn Fn(&str) -> bool,
    read: &dyn Fn(&str) -> Option<String>,
    explicit: Option<Dialect>,
    remote: Option<&str>,
) -> Option<Located> {
    let from_remote = remote.and_then(host_of_remote);
    let host = explicit.or(from_remote);
    let order: &[(&str, Option<Dialect>)] = match host {
        Some(Dialect::GitHub) => &[
            (".github/CODEOWNERS", Some(Dialect::GitHub)),
            ("CODEOWNERS", None),
            ("docs/CODEOWNERS", None),
        ],
        Some(Dialect::GitLab) => &[
            ("CODEOWNERS", None),
            ("docs/CODEOWNERS", None),
            (".gitlab/CODEOWNERS", Some(Dialect::GitLab)),
        ],
        Some(Dialect::Bitbucket) => &[(".bitbucket/CODEOWNERS", Some(Dialect::Bitbucket))],
        None => &[
            (".github/CODEOWNERS", Some(Dialect::GitHub)),
            (".gitlab/CODEOWNERS", Some(Dialect::GitLab)),
            (".bitbucket/CODEOWNERS", Some(Dialect::Bitbucket)),
            ("CODEOWNERS", None),
            ("docs/CODEOWNERS", None),
        ],
    };
    let (path, _) = order.iter().find(|(p, _)| exists(p))?;
    let (dialect, reason) = dialect_for(path, read(path).as_deref(), explicit, remote);
    Some(Located {
        path: path.to_string(),
        dialect,
        reason,
    })
}

/// The host rules a CODEOWNERS file at `path` follows, and why (see the module comment).
pub fn dialect_for(
    path: &str,
    text: Option<&str>,
    explicit: Option<Dialect>,
    remote: Option<&str>,
) -> (Dialect, String) {
    if let Some(d) = explicit {
        return (d, "as configured".into());
    }
    let by_place = [
        (".github/", Dialect::GitHub),
        (".gitlab/", Dialect::GitLab),
        (".bitbucket/", Dialect::Bitbucket),
    ]
    .into_iter()
    .find(|(dir, _)| path.starts_with(dir));
    if let Some((_, d)) = by_place {
        return (d, format!("its location ({path})"));
    }
    if let Some(d) = remote.and_then(host_of_remote) {
        return (d, "the origin remote's host".into());
    }
    match text.and_then(by_syntax) {
        Some(d) => (d, "its syntax".into()),
        None => (
            Dialect::GitHub,
            "the default (no host-specific sign)".into(),
        ),
    }
}

/// The host of a remote URL (`https://github.com/…`, `git@gitlab.example.com:…`, …).
pub fn host_of_remote(url: &str) -> Option<Dialect> {
    let u = url.to_ascii_lowercase();
    let host = u
        .split_once("://")
        .map_or(u.as_str(), |(_, r)| r)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    if host.contains("github") {
        Some(Dialect::GitHub)
    } else if host.contains("gitlab") {
        Some(Dialect::GitLab)
    } else if host.contains("bitbucket") {
        Some(Dialect::Bitbucket)
    } else {
        None
    }
}

/// GitLab section headings or Bitbucket group syntax.
fn by_syntax(text: &str) -> Option<Dialect> {
    let lines = || text.lines().map(str::trim).filter(|l| !l.starts_with('#'));
    if lines().any(|l| l.starts_with("@@@") || l.starts_with("Check(")) {
        return Some(Dialect::Bitbucket);
    }
    let heading = |l: &str| {
        let l = l.strip_prefix('^').unwrap_or(l);
        l.starts_with('[') && l.contains(']')
    };
    lines().any(heading).then_some(Dialect::GitLab)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(
        files: &[(&str, &str)],
        explicit: Option<Dialect>,
        remote: Option<&str>,
    ) -> Option<Located> {
        let exists = |p: &str| files.iter().any(|(f, _)| *f == p);
        let read = |p: &str| {
            files
                .iter()
                .find(|(f, _)| *f == p)
                .map(|(_, t)| t.to_string())
        };
        locate(&exists, &read, explicit, remote)
    }

    #[test]
    fn each_host_has_its_order() {
        let both = [
            ("CODEOWNERS", "* @a"),
            (".github/CODEOWNERS", "* @b"),
            (".gitlab/CODEOWNERS", "* @c"),
        ];
        let gh = find(&both, None, Some("git@github.com:o/r.git")).unwrap();
        assert_eq!(
            (gh.path.as_str(), gh.dialect),
            (".github/CODEOWNERS", Dialect::GitHub)
        );
        let gl = find(&both, None, Some("https://gitlab.example.com/o/r.git")).unwrap();
        assert_eq!(
            (gl.path.as_str(), gl.dialect),
            ("CODEOWNERS", Dialect::GitLab)
        );
        assert_eq!(gl.reason, "the origin remote's host");
        let root = find(&[("docs/CODEOWNERS", "[Docs]\n* @a")], None, None).unwrap();
        assert_eq!(
            (root.dialect, root.reason.as_str()),
            (Dialect::GitLab, "its syntax")
        );
        let bb = find(&[(".bitbucket/CODEOWNERS", "* @a")], None, None).unwrap();
        assert_eq!(bb.dialect, Dialect::Bitbucket);
        let plain = find(&[("CODEOWNERS", "* @a")], None, None).unwrap();
        assert_eq!(plain.dialect, Dialect::GitHub);
        let forced = find(&[("CODEOWNERS", "* @a")], Some(Dialect::GitLab), None).unwrap();
        assert_eq!(forced.reason, "as configured");
        assert!(find(&[("src/CODEOWNERS", "")], None, None).is_none());
    }

    #[test]
    fn remote_hosts() {
        assert_eq!(
            host_of_remote("https://github.com/rust-lang/cargo"),
            Some(Dialect::GitHub)
        );
        assert_eq!(
            host_of_remote("git@bitbucket.org:team/repo.git"),
            Some(Dialect::Bitbucket)
        );
        assert_eq!(
            host_of_remote("ssh://git@gitlab.gnome.org/x.git"),
            Some(Dialect::GitLab)
        );
        assert_eq!(host_of_remote("/srv/git/repo.git"), None);
    }
}
