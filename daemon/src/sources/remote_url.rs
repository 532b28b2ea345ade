//! The code host of a repository, from its git remote URL: `https://github.com/o/r.git`,
//! `git@github.com:o/r.git`, `ssh://git@gitlab.example.com:2222/group/sub/project.git` …

/// A remote's host and repository path (`owner/name`, `group/sub/project`), `.git` removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteUrl {
    pub host: String,
    pub path: String,
}

/// Parses the URL forms git accepts for network remotes; `None` for local paths.
pub fn parse(url: &str) -> Option<RemoteUrl> {
    let url = url.trim();
    let (host, path) = if let Some((scheme, rest)) = url.split_once("://") {
        if !matches!(
            scheme,
            "https" | "http" | "ssh" | "git" | "git+ssh" | "ssh+git"
        ) {
            return None;
        }
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit('@').next()?;
        let host = host.split(':').next()?;
        (host.to_string(), path.to_string())
    } else {
        // scp-like: [user@]host:path — but not a Windows drive or a local path with a colon.
        let (left, path) = url.split_once(':')?;
        if left.contains('/') || left.len() < 2 {
            return None;
        }
        let host = left.rsplit('@').next()?;
        (host.to_string(), path.to_string())
    };
    let path = path.trim_matches('/');
    let path = path
        .strip_suffix(".git")
        .unwrap_or(path)
        .trim_end_matches('/');
    if host.is_empty() || path.is_empty() || !path.contains('/') {
        return None;
    }
    Some(RemoteUrl {
        host: host.to_ascii_lowercase(),
        path: path.to_string(),
    })
}

/// The URL of the repository's remote `name` (default: `origin`, else the only remote).
pub fn of_repository(repo: &git2::Repository, name: Option<&str>) -> Option<String> {
    let pick = |n: &str| {
        repo.find_remote(n)
            .ok()
            .and_then(|r| r.url().map(str::to_string))
    };
    if let Some(n) = name {
        return pick(n);
    }
    pick("origin").or_else(|| {
        let names = repo.remotes().ok()?;
        let mut it = names.iter().flatten();
        let first = it.next()?;
        it.next().is_none().then(|| pick(first)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(url: &str) -> Option<(String, String)> {
        parse(url).map(|r| (r.host, r.path))
    }

    #[test]
    fn every_remote_form() {
        let gh = Some(("github.com".to_string(), "octo/repo".to_string()));
        assert_eq!(p("https://github.com/octo/repo.git"), gh);
        assert_eq!(p("https://github.com/octo/repo"), gh);
        assert_eq!(p("https://user:pw@github.com/octo/repo/"), gh);
        assert_eq!(p("git@github.com:octo/repo.git"), gh);
        assert_eq!(p("ssh://git@github.com/octo/repo.git"), gh);
        assert_eq!(p("git://github.com/octo/repo"), gh);
        assert_eq!(
            p("ssh://git@GitLab.Example.com:2222/group/sub/project.git"),
            Some(("gitlab.example.com".into(), "group/sub/project".into()))
        );
        assert_eq!(p("/home/me/repo.git"), None);
        assert_eq!(p("../other"), None);
        assert_eq!(p("C:/work/repo"), None);
        assert_eq!(p("file:///srv/repo.git"), None);
        assert_eq!(p("https://github.com/justowner"), None);
    }
}
