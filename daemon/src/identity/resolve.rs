//! Query-time identity resolution: raw (name, e-mail) identities grouped into developers by
//! `.mailmap`, then the same e-mail (case-insensitive), then the same normalised name, with a
//! union-find; bots never merge with humans by name.

use std::collections::HashMap;

use super::bots::is_bot;
use super::mailmap::apply_mailmap;
use super::names::{is_generic_email, normalize_name};
use super::union_find::UnionFind;

/// An identity as stored in the index (`identities` table) with its commit count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawIdentity {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub commits: u32,
}

/// A resolved developer: one or more raw identities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Developer {
    /// Canonical name and e-mail: the mailmap's when it maps a member, else those of the member
    /// with the most commits.
    pub name: String,
    pub email: String,
    /// Whether the canonical identity is a bot.
    pub bot: bool,
    /// Member identity ids, ascending.
    pub identity_ids: Vec<i64>,
    /// Distinct raw (name, email) pairs of the members, most commits first.
    pub aliases: Vec<(String, String)>,
    /// Sum of the members' commit counts.
    pub commits: u32,
}

/// Groups raw identities into [`Developer`]s; built per query from the stored identities and
/// the repository's current `.mailmap`, so editing the mailmap needs no re-index.
#[derive(Debug)]
pub struct Resolver {
    developers: Vec<Developer>,
    by_identity: HashMap<i64, usize>,
}

/// One identity after the mailmap: its resolved name and e-mail, and whether the mailmap
/// changed anything.
struct Mapped {
    name: String,
    email: String,
    by_mailmap: bool,
    bot: bool,
}

impl Resolver {
    /// Order: `.mailmap` (libgit2's `git_mailmap_resolve`), then the same e-mail
    /// case-insensitively (placeholder addresses such as root@localhost excepted), then the
    /// same normalised name (placeholder names excepted, bots and humans kept apart).
    pub fn new(identities: &[RawIdentity], mailmap: Option<&git2::Mailmap>) -> Resolver {
        let mapped: Vec<Mapped> = identities
            .iter()
            .map(|raw| {
                let (name, email, by_mailmap) = match apply_mailmap(mailmap, &raw.name, &raw.email)
                {
                    Some((n, e)) => (n, e, true),
                    None => (raw.name.clone(), raw.email.clone(), false),
                };
                let bot = is_bot(&name, &email);
                Mapped {
                    name,
                    email,
                    by_mailmap,
                    bot,
                }
            })
            .collect();

        let mut uf = UnionFind::new(identities.len());
        let mut first_by_email: HashMap<String, usize> = HashMap::new();
        let mut first_by_name: HashMap<(String, bool), usize> = HashMap::new();
        // Mailmap and e-mail: identities the mailmap sends to one address share that address.
        for (i, m) in mapped.iter().enumerate() {
            if is_generic_email(&m.email) {
                continue;
            }
            let key = m.email.trim().to_lowercase();
            match first_by_email.get(&key) {
                Some(&j) => uf.union(i, j),
                None => {
                    first_by_email.insert(key, i);
                }
            }
        }
        for (i, m) in mapped.iter().enumerate() {
            let key = normalize_name(&m.name);
            if key.is_empty() {
                continue;
            }
            match first_by_name.get(&(key.clone(), m.bot)) {
                Some(&j) => uf.union(i, j),
                None => {
                    first_by_name.insert((key, m.bot), i);
                }
            }
        }

        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..identities.len() {
            groups.entry(uf.find(i)).or_default().push(i);
        }
        let mut developers: Vec<Developer> = groups
            .into_values()
            .map(|members| build(identities, &mapped, members))
            .collect();
        developers.sort_by(|a, b| {
            b.commits
                .cmp(&a.commits)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.identity_ids.cmp(&b.identity_ids))
        });
        let by_identity = developers
            .iter()
            .enumerate()
            .flat_map(|(d, dev)| dev.identity_ids.iter().map(move |&id| (id, d)))
            .collect();
        Resolver {
            developers,
            by_identity,
        }
    }

    /// Index into [`Resolver::developers`] of the developer owning raw identity `identity_id`.
    pub fn developer_of(&self, identity_id: i64) -> Option<usize> {
        self.by_identity.get(&identity_id).copied()
    }

    /// All developers, most commits first.
    pub fn developers(&self) -> &[Developer] {
        &self.developers
    }

    /// A developer by name, e-mail or any alias name or e-mail, case-insensitively: exact
    /// matches first, then prefixes; among equals the developer with most commits.
    pub fn find(&self, query: &str) -> Option<usize> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return None;
        }
        let fields = |d: &Developer| {
            let mut v = vec![d.name.to_lowercase(), d.email.to_lowercase()];
            for (n, e) in &d.aliases {
                v.push(n.to_lowercase());
                v.push(e.to_lowercase());
            }
            v
        };
        let exact = self.developers.iter().position(|d| fields(d).contains(&q));
        exact.or_else(|| {
            self.developers
                .iter()
                .position(|d| fields(d).iter().any(|f| f.starts_with(&q)))
        })
    }
}

/// One developer from the indices of its members.
fn build(identities: &[RawIdentity], mapped: &[Mapped], members: Vec<usize>) -> Developer {
    // Most commits first, then lowest id, for a stable canonical choice.
    let mut members = members;
    members.sort_by(|&a, &b| {
        identities[b]
            .commits
            .cmp(&identities[a].commits)
            .then(identities[a].id.cmp(&identities[b].id))
    });
    let canonical = members
        .iter()
        .copied()
        .find(|&i| mapped[i].by_mailmap)
        .unwrap_or(members[0]);
    let mut aliases: Vec<(String, String)> = Vec::new();
    for &i in &members {
        let pair = (identities[i].name.clone(), identities[i].email.clone());
        if !aliases.contains(&pair) {
            aliases.push(pair);
        }
    }
    let mut identity_ids: Vec<i64> = members.iter().map(|&i| identities[i].id).collect();
    identity_ids.sort_unstable();
    Developer {
        name: mapped[canonical].name.clone(),
        email: mapped[canonical].email.clone(),
        bot: mapped[canonical].bot,
        identity_ids,
        aliases,
        commits: members
            .iter()
            .map(|&i| identities[i].commits)
            .fold(0u32, u32::saturating_add),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: i64, name: &str, email: &str, commits: u32) -> RawIdentity {
        RawIdentity {
            id,
            name: name.into(),
            email: email.into(),
            commits,
        }
    }

    const MAILMAP: &str = "\
# Jane moved machines and jobs.
Jane Doe <jane@doe.dev> <jane@old-laptop.local>
Jane Doe <jane@doe.dev> Janie <janie@corp.example>
<bob@bob.dev> <Bob@Work.example>
";

    fn fixture() -> Vec<RawIdentity> {
        vec![
            raw(1, "jane", "jane@old-laptop.local", 3),
            raw(2, "Janie", "janie@corp.example", 5),
            raw(3, "Jane Doe", "jane@doe.dev", 1),
            raw(4, "Bob", "Bob@Work.example", 2),
            raw(5, "Robert", "BOB@bob.dev", 7),
            raw(6, "Carol", "carol@a.example", 4),
            raw(7, " carol ", "carol@b.example", 1),
            raw(
                8,
                "dependabot[bot]",
                "49699333+dependabot[bot]@users.noreply.github.com",
                10,
            ),
            raw(9, "dependabot[bot]", "support@github.com", 2),
            raw(10, "Release Bot", "release-bot@corp.example", 6),
            raw(11, "Release Bot", "rb@person.example", 1),
            raw(12, "root", "root@localhost", 1),
            raw(13, "Ann", "root@localhost.localdomain", 1),
            raw(14, "root", "admin@host2.example", 1),
            raw(15, "Bobby Tables", "bobby@tables.example", 50),
            raw(16, "", "jane@old-laptop.local", 1),
        ]
    }

    fn dev(r: &Resolver, id: i64) -> &Developer {
        &r.developers()[r.developer_of(id).unwrap()]
    }

    #[test]
    fn mailmap_then_email_case_then_name() {
        let mailmap = git2::Mailmap::from_buffer(MAILMAP).unwrap();
        let r = Resolver::new(&fixture(), Some(&mailmap));

        let jane = dev(&r, 1);
        assert_eq!(
            (jane.name.as_str(), jane.email.as_str()),
            ("Jane Doe", "jane@doe.dev")
        );
        assert_eq!(jane.identity_ids, vec![1, 2, 3, 16]);
        assert_eq!(jane.commits, 10);
        assert_eq!(
            jane.aliases[0],
            ("Janie".to_string(), "janie@corp.example".to_string())
        );
        assert_eq!(jane.aliases.len(), 4);
        assert!(!jane.bot);

        // The mailmap's identity is canonical even though "Robert" has more commits.
        let bob = dev(&r, 5);
        assert_eq!(
            (bob.name.as_str(), bob.email.as_str()),
            ("Bob", "bob@bob.dev")
        );
        assert_eq!(bob.identity_ids, vec![4, 5]);

        // Name-only merge; canonical = most commits.
        let carol = dev(&r, 7);
        assert_eq!(
            (carol.name.as_str(), carol.email.as_str()),
            ("Carol", "carol@a.example")
        );
        assert_eq!(carol.identity_ids, vec![6, 7]);
    }

    #[test]
    fn mailmap_emails_match_case_insensitively_like_git() {
        let mailmap = git2::Mailmap::from_buffer("Ann Lee <ann@lee.dev> <ann@old.dev>\n").unwrap();
        let ids = [
            raw(1, "ann", "Ann@Old.dev", 2),
            raw(2, "A. Lee", "ann@lee.dev", 1),
        ];
        let r = Resolver::new(&ids, Some(&mailmap));
        assert_eq!(r.developers().len(), 1);
        let d = &r.developers()[0];
        assert_eq!(
            (d.name.as_str(), d.email.as_str()),
            ("Ann Lee", "ann@lee.dev")
        );
    }

    #[test]
    fn bots_merge_with_bots_but_never_with_humans_by_name() {
        let r = Resolver::new(&fixture(), None);
        let bot = dev(&r, 8);
        assert!(bot.bot);
        assert_eq!(bot.identity_ids, vec![8, 9]);
        let release_bot = dev(&r, 10);
        let release_human = dev(&r, 11);
        assert!(release_bot.bot && !release_human.bot);
        assert_ne!(r.developer_of(10), r.developer_of(11));
    }

    #[test]
    fn placeholders_do_not_merge_people() {
        let r = Resolver::new(&fixture(), None);
        let ids: Vec<_> = [12, 13, 14]
            .iter()
            .map(|&i| r.developer_of(i).unwrap())
            .collect();
        assert_ne!(ids[0], ids[1]);
        assert_ne!(ids[0], ids[2]);
        assert_ne!(ids[1], ids[2]);
    }

    #[test]
    fn email_case_merge_without_mailmap() {
        let ids = [
            raw(1, "Ann", "ann@x.org", 2),
            raw(2, "Ann Lee", "ANN@X.ORG", 3),
        ];
        let r = Resolver::new(&ids, None);
        assert_eq!(r.developers().len(), 1);
        let d = &r.developers()[0];
        assert_eq!(
            (d.name.as_str(), d.email.as_str(), d.commits),
            ("Ann Lee", "ANN@X.ORG", 5)
        );
        // Without the mailmap, Jane's old identities are separate people except by name/e-mail.
        let r = Resolver::new(&fixture(), None);
        assert_ne!(r.developer_of(2), r.developer_of(3));
        assert_eq!(r.developer_of(1), r.developer_of(16), "same e-mail");
    }

    #[test]
    fn developers_are_ordered_and_every_identity_is_placed() {
        let ids = fixture();
        let r = Resolver::new(&ids, None);
        let commits: Vec<u32> = r.developers().iter().map(|d| d.commits).collect();
        assert!(commits.windows(2).all(|w| w[0] >= w[1]), "{commits:?}");
        for i in &ids {
            let d = dev(&r, i.id);
            assert!(d.identity_ids.contains(&i.id));
        }
        let total: u32 = r.developers().iter().map(|d| d.commits).sum();
        assert_eq!(total, ids.iter().map(|i| i.commits).sum::<u32>());
        assert_eq!(r.developer_of(999), None);
        assert!(Resolver::new(&[], None).developers().is_empty());
    }

    #[test]
    fn find_prefers_exact_matches_over_prefixes() {
        let mailmap = git2::Mailmap::from_buffer(MAILMAP).unwrap();
        let r = Resolver::new(&fixture(), Some(&mailmap));
        let name_of = |q: &str| r.find(q).map(|i| r.developers()[i].name.clone());
        assert_eq!(
            name_of("bob"),
            Some("Bob".into()),
            "exact beats the bigger prefix match"
        );
        assert_eq!(name_of("bo"), Some("Bobby Tables".into()));
        assert_eq!(name_of("JANE@DOE.DEV"), Some("Jane Doe".into()));
        assert_eq!(name_of("janie"), Some("Jane Doe".into()), "aliases count");
        assert_eq!(name_of("Robert"), Some("Bob".into()));
        assert_eq!(name_of("car"), Some("Carol".into()));
        assert_eq!(name_of("nobody-here"), None);
        assert_eq!(name_of("  "), None);
    }
}
