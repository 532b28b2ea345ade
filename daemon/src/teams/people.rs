//! Resolving the people a CODEOWNERS file or a teams file names — `@handle`, an e-mail, a
//! name — to the developers aexy resolved from the history (`identity::Resolver`, so `.mailmap`
//! and alias merging apply as everywhere else). Exact matches only, never prefixes, and each
//! answer says how it was made: the `[people]` table of `.aexy/teams.toml`, a GitHub or GitLab
//! no-reply address carrying the handle, the name, the e-mail, or an e-mail's local part when
//! only one developer has it. Bots never own code.

use std::collections::BTreeMap;

use crate::identity::Developer;

/// How a reference was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum How {
    PeopleTable,
    NoReplyAddress,
    Email,
    Name,
    EmailLocalPart,
}

impl How {
    pub fn describe(self) -> &'static str {
        match self {
            How::PeopleTable => "the [people] table of .aexy/teams.toml",
            How::NoReplyAddress => "a no-reply address with that handle",
            How::Email => "the e-mail address",
            How::Name => "the name",
            How::EmailLocalPart => "the e-mail's local part",
        }
    }
}

/// The developers and the handle table.
pub struct People<'a> {
    pub developers: &'a [Developer],
    /// handle (without `@`, lower case) → e-mail or name
    people: BTreeMap<String, String>,
}

impl<'a> People<'a> {
    pub fn new(developers: &'a [Developer], people: &BTreeMap<String, String>) -> People<'a> {
        People {
            developers,
            people: people
                .iter()
                .map(|(k, v)| (k.trim_start_matches('@').to_lowercase(), v.clone()))
                .collect(),
        }
    }

    /// `@handle`, an e-mail or a name → developer.
    pub fn resolve(&self, reference: &str) -> Option<(usize, How)> {
        let r = reference.trim().trim_matches('"');
        if let Some(handle) = r.strip_prefix('@') {
            return self.handle(handle.trim_matches('"'));
        }
        if r.contains('@') {
            return self.email(r).map(|d| (d, How::Email));
        }
        self.name(r).map(|d| (d, How::Name))
    }

    /// A handle without `@`.
    pub fn handle(&self, handle: &str) -> Option<(usize, How)> {
        let h = handle.to_lowercase();
        if h.is_empty() {
            return None;
        }
        if let Some(v) = self.people.get(&h) {
            let found = if v.contains('@') && !v.starts_with('@') {
                self.email(v)
            } else {
                self.name(v.trim_start_matches('@'))
            };
            return found.map(|d| (d, How::PeopleTable));
        }
        let noreply = |e: &str| {
            let e = e.to_lowercase();
            let (local, domain) = e.split_once('@').unwrap_or(("", ""));
            let local = match domain {
                "users.noreply.github.com" => local.split_once('+').map_or(local, |(_, h)| h),
                "users.noreply.gitlab.com" => local
                    .split_once('-')
                    .filter(|(id, _)| id.bytes().all(|b| b.is_ascii_digit()))
                    .map_or(local, |(_, h)| h),
                _ => return false,
            };
            local == h
        };
        if let Some(d) = self.unique(|d| d.aliases.iter().any(|(_, e)| noreply(e))) {
            return Some((d, How::NoReplyAddress));
        }
        let squash = |n: &str| n.to_lowercase().replace(' ', "");
        if let Some(d) = self.unique(|d| d.aliases.iter().any(|(n, _)| squash(n) == h)) {
            return Some((d, How::Name));
        }
        self.unique(|d| {
            d.aliases.iter().any(|(_, e)| {
                e.split_once('@')
                    .is_some_and(|(l, _)| l.to_lowercase() == h)
            })
        })
        .map(|d| (d, How::EmailLocalPart))
    }

    fn email(&self, e: &str) -> Option<usize> {
        let e = e.to_lowercase();
        self.unique(|d| d.aliases.iter().any(|(_, x)| x.to_lowercase() == e))
    }

    fn name(&self, n: &str) -> Option<usize> {
        let n = n.to_lowercase();
        self.unique(|d| d.aliases.iter().any(|(x, _)| x.to_lowercase() == n))
    }

    /// The one human developer satisfying `f` (none when several do).
    fn unique(&self, f: impl Fn(&Developer) -> bool) -> Option<usize> {
        let mut found = self
            .developers
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.bot && f(d))
            .map(|(i, _)| i);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The handle to write for developer `d` in a CODEOWNERS file: one the `[people]` table
    /// maps to them, else a GitHub no-reply address's handle, else their e-mail.
    pub fn owner_token(&self, d: usize) -> String {
        let Some(dev) = self.developers.get(d) else {
            return String::new();
        };
        for handle in self.people.keys() {
            if self.handle(handle).map(|(x, _)| x) == Some(d) {
                return format!("@{handle}");
            }
        }
        for (_, e) in &dev.aliases {
            let e = e.to_lowercase();
            if let Some(local) = e.strip_suffix("@users.noreply.github.com") {
                let h = local.split_once('+').map_or(local, |(_, h)| h);
                return format!("@{h}");
            }
        }
        dev.email.clone()
    }
}

/// Developers for unit tests: `name` with `name@x` (lower case), and more e-mails.
#[cfg(test)]
pub(crate) fn test_developer(name: &str, more: &[&str]) -> Developer {
    let mut emails = vec![format!("{}@x", name.to_lowercase())];
    emails.extend(more.iter().map(|e| e.to_string()));
    Developer {
        name: name.into(),
        email: emails[0].clone(),
        bot: false,
        identity_ids: vec![],
        aliases: emails.into_iter().map(|e| (name.to_string(), e)).collect(),
        commits: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(name: &str, emails: &[&str]) -> Developer {
        Developer {
            name: name.into(),
            email: emails[0].into(),
            bot: false,
            identity_ids: vec![],
            aliases: emails
                .iter()
                .map(|e| (name.to_string(), e.to_string()))
                .collect(),
            commits: 1,
        }
    }

    #[test]
    fn handles_emails_and_names_resolve_exactly() {
        let devs = vec![
            dev("Alice Liddell", &["alice@example.com"]),
            dev(
                "Bob Builder",
                &["bob@example.com", "583231+octobob@users.noreply.github.com"],
            ),
            dev("Carol", &["carol@a.org"]),
            dev("Carol", &["carol@b.org"]),
            dev("Dan", &["12-dantheman@users.noreply.gitlab.com"]),
        ];
        let mut table = BTreeMap::new();
        table.insert("@wonder".to_string(), "alice@example.com".to_string());
        let p = People::new(&devs, &table);
        assert_eq!(p.resolve("@wonder"), Some((0, How::PeopleTable)));
        assert_eq!(p.resolve("@octobob"), Some((1, How::NoReplyAddress)));
        assert_eq!(p.resolve("@dantheman"), Some((4, How::NoReplyAddress)));
        assert_eq!(p.resolve("@aliceliddell"), Some((0, How::Name)));
        assert_eq!(p.resolve("@alice"), Some((0, How::EmailLocalPart)));
        assert_eq!(p.resolve("ALICE@example.com"), Some((0, How::Email)));
        assert_eq!(p.resolve("Bob Builder"), Some((1, How::Name)));
        // two Carols: ambiguous, so nobody; and never a prefix
        assert_eq!(p.resolve("@carol"), None);
        assert_eq!(p.resolve("@ali"), None);
        assert_eq!(p.owner_token(0), "@wonder");
        assert_eq!(p.owner_token(1), "@octobob");
        assert_eq!(p.owner_token(2), "carol@a.org");
    }
}
