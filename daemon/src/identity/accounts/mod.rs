//! Linking accounts of code hosts and trackers (GitHub/GitLab logins, Jira and Linear users) to
//! the developers git knows, saying how each link was made. Strongest evidence first: a link
//! made by hand, a no-reply commit address naming the login, the service attributing a pull
//! request's commits to the account, the e-mail the service shows, and last a full name that
//! exactly one developer and one account share. Ambiguous evidence links nothing: a wrong link is
//! worse than none (`aexy identities link` fixes what is left).

use std::collections::HashMap;

use serde::Serialize;

use super::names::{is_generic_email, normalize_name};
use super::resolve::Developer;

/// An account as the linker sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// `github`, `gitlab`, `jira`, `linear`.
    pub system: String,
    /// The service's host (`github.com`, `gitlab.example.com`, `acme.atlassian.net`).
    pub instance: String,
    pub remote_id: String,
    pub login: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub bot: bool,
}

/// A commit the service attributes to an account, with the git author it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitEvidence {
    /// Index into the accounts.
    pub account: usize,
    pub email: String,
}

/// A link made by hand: the account and the developer's e-mail or name (`None`: never link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualLink {
    pub account: usize,
    pub target: Option<String>,
}

/// How a link was made (strongest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum How {
    /// `aexy identities link`.
    Manual,
    /// A developer commits as `ID+login@users.noreply.github.com` (or GitLab's
    /// `ID-login@users.noreply.<host>`).
    Noreply,
    /// The service attributes pull-request commits by this developer's e-mail to the account.
    Commits,
    /// The service shows the account's e-mail, and a developer commits with it.
    Email,
    /// The same full name (two words or more), held by exactly one developer and one account.
    Name,
}

impl How {
    pub fn describe(self) -> &'static str {
        match self {
            How::Manual => "linked by hand",
            How::Noreply => "no-reply commit address",
            How::Commits => "pull-request commits",
            How::Email => "same e-mail",
            How::Name => "same full name (unique)",
        }
    }
}

/// The developer an account resolves to, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Link {
    pub dev: usize,
    pub how: How,
}

/// Links every account it can. `None` where nothing (or only ambiguous evidence) links it, or
/// where a manual link says never.
pub fn link_accounts(
    developers: &[Developer],
    accounts: &[AccountInfo],
    commits: &[CommitEvidence],
    manual: &[ManualLink],
) -> Vec<Option<Link>> {
    let by_email = email_index(developers);
    let by_name = name_index(developers);
    let account_names = account_name_counts(accounts);
    let from_commits = commit_votes(accounts.len(), commits, &by_email);
    let manual: HashMap<usize, &Option<String>> =
        manual.iter().map(|m| (m.account, &m.target)).collect();

    accounts
        .iter()
        .enumerate()
        .map(|(i, account)| {
            if let Some(target) = manual.get(&i) {
                return target
                    .as_deref()
                    .and_then(|t| find_exact(developers, &by_email, t))
                    .map(|dev| Link {
                        dev,
                        how: How::Manual,
                    });
            }
            if account.bot {
                return None;
            }
            if let Some(dev) = noreply(developers, account) {
                return Some(Link {
                    dev,
                    how: How::Noreply,
                });
            }
            if let Some(dev) = from_commits[i] {
                return Some(Link {
                    dev,
                    how: How::Commits,
                });
            }
            if let Some(dev) = account
                .email
                .as_deref()
                .filter(|e| !is_generic_email(e))
                .and_then(|e| by_email.get(&e.trim().to_lowercase()).copied())
            {
                return Some(Link {
                    dev,
                    how: How::Email,
                });
            }
            let name = account
                .name
                .as_deref()
                .map(normalize_name)
                .unwrap_or_default();
            if name.split_whitespace().count() >= 2 && account_names.get(&name).copied() == Some(1)
            {
                if let Some(&Some(dev)) = by_name.get(&name) {
                    return Some(Link {
                        dev,
                        how: How::Name,
                    });
                }
            }
            None
        })
        .collect()
}

/// Lower-case e-mail → developer, over every alias (placeholder mailboxes left out).
fn email_index(developers: &[Developer]) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (d, dev) in developers.iter().enumerate() {
        let emails =
            std::iter::once(dev.email.as_str()).chain(dev.aliases.iter().map(|(_, e)| e.as_str()));
        for e in emails {
            if !is_generic_email(e) {
                map.entry(e.trim().to_lowercase()).or_insert(d);
            }
        }
    }
    map
}

/// Normalised name → the one developer bearing it (`None` when several do).
fn name_index(developers: &[Developer]) -> HashMap<String, Option<usize>> {
    let mut map: HashMap<String, Option<usize>> = HashMap::new();
    for (d, dev) in developers.iter().enumerate() {
        if dev.bot {
            continue;
        }
        let mut names: Vec<String> = std::iter::once(dev.name.as_str())
            .chain(dev.aliases.iter().map(|(n, _)| n.as_str()))
            .map(normalize_name)
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        for n in names {
            map.entry(n)
                .and_modify(|v| {
                    if *v != Some(d) {
                        *v = None
                    }
                })
                .or_insert(Some(d));
        }
    }
    map
}

/// For each normalised name, the most accounts of one system bearing it (the same person on
/// GitHub and Jira is expected; two GitHub accounts of one name make the name ambiguous).
fn account_name_counts(accounts: &[AccountInfo]) -> HashMap<String, usize> {
    let mut per_system: HashMap<(&str, String), usize> = HashMap::new();
    for a in accounts {
        let name = a.name.as_deref().map(normalize_name).unwrap_or_default();
        if !name.is_empty() {
            *per_system.entry((a.system.as_str(), name)).or_insert(0) += 1;
        }
    }
    let mut out: HashMap<String, usize> = HashMap::new();
    for ((_, name), n) in per_system {
        let e = out.entry(name).or_insert(0);
        *e = (*e).max(n);
    }
    out
}

/// For each account, the developer most of its attributed commits belong to — provided no
/// e-mail is attributed to two accounts (a shared machine identity) and no tie.
fn commit_votes(
    n: usize,
    commits: &[CommitEvidence],
    by_email: &HashMap<String, usize>,
) -> Vec<Option<usize>> {
    let mut accounts_of_email: HashMap<String, Vec<usize>> = HashMap::new();
    for c in commits {
        let e = c.email.trim().to_lowercase();
        let list = accounts_of_email.entry(e).or_default();
        if !list.contains(&c.account) {
            list.push(c.account);
        }
    }
    let mut votes: Vec<HashMap<usize, usize>> = vec![HashMap::new(); n];
    for c in commits {
        let e = c.email.trim().to_lowercase();
        if is_generic_email(&e) || accounts_of_email.get(&e).is_some_and(|a| a.len() > 1) {
            continue;
        }
        if let (Some(&dev), Some(v)) = (by_email.get(&e), votes.get_mut(c.account)) {
            *v.entry(dev).or_insert(0) += 1;
        }
    }
    votes
        .into_iter()
        .map(|v| {
            let best = v.values().copied().max()?;
            let mut top = v.iter().filter(|(_, &n)| n == best).map(|(&d, _)| d);
            let first = top.next()?;
            top.next().is_none().then_some(first)
        })
        .collect()
}

/// A developer committing with a no-reply address that names this account.
fn noreply(developers: &[Developer], account: &AccountInfo) -> Option<usize> {
    let login = account.login.as_deref()?.to_lowercase();
    let (sep, domain) = match account.system.as_str() {
        "github" => ('+', "users.noreply.github.com".to_string()),
        "gitlab" => (
            '-',
            format!("users.noreply.{}", account.instance.to_lowercase()),
        ),
        _ => return None,
    };
    let mut found = None;
    for (d, dev) in developers.iter().enumerate() {
        let hit = std::iter::once(dev.email.as_str())
            .chain(dev.aliases.iter().map(|(_, e)| e.as_str()))
            .any(|e| {
                let e = e.trim().to_lowercase();
                let Some(local) = e.strip_suffix(&format!("@{domain}")) else {
                    return false;
                };
                match local.split_once(sep) {
                    Some((id, name)) if id.chars().all(|c| c.is_ascii_digit()) => {
                        name == login && id == account.remote_id
                    }
                    _ => local == login,
                }
            });
        if hit {
            if found.is_some_and(|f| f != d) {
                return None;
            }
            found = Some(d);
        }
    }
    found
}

/// A developer by exact e-mail (any alias) or exact name, case-insensitively.
fn find_exact(
    developers: &[Developer],
    by_email: &HashMap<String, usize>,
    target: &str,
) -> Option<usize> {
    let t = target.trim().to_lowercase();
    if let Some(&d) = by_email.get(&t) {
        return Some(d);
    }
    let hits: Vec<usize> = developers
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.name.to_lowercase() == t || d.aliases.iter().any(|(n, _)| n.to_lowercase() == t)
        })
        .map(|(i, _)| i)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

#[cfg(test)]
mod tests;
