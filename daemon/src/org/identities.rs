//! People across repositories. Each repository resolves its own developers (its `.mailmap`,
//! then e-mail, then name); the org links them, in this order, with a union-find:
//! 1. an org-wide mailmap (`aexy org sync --mailmap FILE`), applied to every alias;
//! 2. the same e-mail address, case-insensitively (placeholders such as `root@localhost`
//!    never link anyone), with GitHub's `ID+login@users.noreply.github.com` read as the login's
//!    address;
//! 3. the same normalised full name (two words or more, humans only), unless the two sides hold
//!    different addresses at a common domain — two people called Jane Doe at one company
//!    are two addresses there, one Jane Doe with a work and a personal address is not.
//!
//! A one-word name never links repositories (too common at an organisation's scale). What the
//! rules leave apart, an org mailmap joins. Person ids are derived from the group's smallest
//! address, so every run over the same repositories gives the same ids, in any order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;

use super::engine::{Engine, Row, Value};
use super::store::repo_id;
use crate::identity::union_find::UnionFind;
use crate::identity::{is_bot, is_generic_email, normalize_name};

/// Months counted as "recent" (the org's counterpart of `matching::rank::RECENT_DAYS`: whole
/// calendar months ending with the newest commit's).
pub const RECENT_MONTHS: i64 = 3;

/// One repository's developer, as stored.
#[derive(Debug, Clone)]
pub struct Node {
    pub repo: i64,
    pub dev: i64,
    pub name: String,
    pub email: String,
    pub aliases: Vec<(String, String)>,
    pub commits: i64,
    pub last_time: i64,
    pub bot: bool,
}

/// The address an e-mail links by: lower-cased and trimmed; a GitHub no-reply address by its
/// login; `None` for a placeholder.
pub fn email_key(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    if is_generic_email(&e) {
        return None;
    }
    if let Some(local) = e.strip_suffix("@users.noreply.github.com") {
        let login = local.split_once('+').map_or(local, |(_, l)| l);
        return Some(format!("{login}@users.noreply.github.com"));
    }
    Some(e)
}

fn domain(key: &str) -> &str {
    key.rsplit_once('@').map_or("", |(_, d)| d)
}

/// Groups `nodes` into people; returns each node's group (indices into the returned list of
/// groups, each a sorted list of node indices). `mailmap` maps an alias to a canonical one.
pub fn group(nodes: &[Node], mailmap: Option<&git2::Mailmap>) -> Vec<Vec<usize>> {
    let mut uf = UnionFind::new(nodes.len());
    let mapped = |n: &str, e: &str| -> (String, String) {
        mailmap
            .and_then(|m| {
                let sig = git2::Signature::new(
                    if n.trim().is_empty() { "?" } else { n },
                    if e.trim().is_empty() { "?" } else { e },
                    &git2::Time::new(0, 0),
                )
                .ok()?;
                let out = m.resolve_signature(&sig).ok()?;
                Some((out.name()?.to_string(), out.email()?.to_string()))
            })
            .unwrap_or_else(|| (n.to_string(), e.to_string()))
    };
    // the addresses of each node (after the mailmap)
    let emails: Vec<BTreeSet<String>> = nodes
        .iter()
        .map(|n| {
            std::iter::once((n.name.clone(), n.email.clone()))
                .chain(n.aliases.iter().cloned())
                .filter_map(|(a, e)| email_key(&mapped(&a, &e).1))
                .collect()
        })
        .collect();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, set) in emails.iter().enumerate() {
        for e in set {
            match first.get(e.as_str()) {
                Some(&j) => uf.union(i, j),
                None => {
                    first.insert(e, i);
                }
            }
        }
    }
    // names: full names of humans, in a fixed order; vetoed by a shared domain
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.bot {
            continue;
        }
        let names: BTreeSet<String> = std::iter::once((n.name.clone(), n.email.clone()))
            .chain(n.aliases.iter().cloned())
            .filter(|(a, e)| !is_bot(a, e))
            .map(|(a, e)| normalize_name(&mapped(&a, &e).0))
            .filter(|k| k.split(' ').count() >= 2)
            .collect();
        for k in names {
            by_name.entry(k).or_default().push(i);
        }
    }
    let mut members: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (i, set) in emails.iter().enumerate() {
        members
            .entry(uf.find(i))
            .or_default()
            .extend(set.iter().cloned());
    }
    for list in by_name.values() {
        for w in list.windows(2) {
            let (a, b) = (uf.find(w[0]), uf.find(w[1]));
            if a == b {
                continue;
            }
            let (ea, eb) = (&members[&a], &members[&b]);
            let clash = ea.iter().any(|x| {
                eb.iter()
                    .any(|y| x != y && domain(x) == domain(y) && !domain(x).is_empty())
            });
            if clash {
                continue;
            }
            let merged: BTreeSet<String> = ea.union(eb).cloned().collect();
            uf.union(a, b);
            let root = uf.find(a);
            members.remove(&a);
            members.remove(&b);
            members.insert(root, merged);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    groups.into_values().collect()
}

/// A stable id for a group: FNV of its smallest address (else its first node's key).
fn person_id(nodes: &[Node], members: &[usize]) -> i64 {
    let key = members
        .iter()
        .flat_map(|&i| {
            std::iter::once(nodes[i].email.as_str())
                .chain(nodes[i].aliases.iter().map(|(_, e)| e.as_str()))
        })
        .filter_map(email_key)
        .min()
        .unwrap_or_else(|| format!("{}/{}", nodes[members[0]].repo, nodes[members[0]].dev));
    repo_id(&key)
}

/// Months between `YYYY-MM` keys (`a` − `b`).
fn month_number(m: &str) -> i64 {
    let (y, mo) = m.split_once('-').unwrap_or(("0", "0"));
    y.parse::<i64>().unwrap_or(0) * 12 + mo.parse::<i64>().unwrap_or(0)
}

/// Recomputes `people` and `person_of` from every repository's developers, inside the caller's
/// exclusive transaction.
pub fn resolve(e: &mut dyn Engine, mailmap: Option<&str>) -> Result<usize> {
    let mailmap = mailmap.map(git2::Mailmap::from_buffer).transpose()?;
    let mut nodes: Vec<Node> = e
        .query(
            "SELECT repo_id, dev, name, email, commits, last_time, bot FROM developers \
             ORDER BY repo_id, dev",
            &[],
        )?
        .into_iter()
        .map(|r| Node {
            repo: r[0].int(),
            dev: r[1].int(),
            name: r[2].text(),
            email: r[3].text(),
            aliases: Vec::new(),
            commits: r[4].int(),
            last_time: r[5].int(),
            bot: r[6].int() != 0,
        })
        .collect();
    let pos: HashMap<(i64, i64), usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.repo, n.dev), i))
        .collect();
    for r in e.query(
        "SELECT repo_id, dev, name, email FROM aliases ORDER BY repo_id, dev, name, email",
        &[],
    )? {
        if let Some(&i) = pos.get(&(r[0].int(), r[1].int())) {
            nodes[i].aliases.push((r[2].text(), r[3].text()));
        }
    }
    // recent commits per node: the last RECENT_MONTHS calendar months of the org
    let newest = e
        .query("SELECT MAX(month) FROM activity", &[])?
        .first()
        .and_then(|r| r[0].opt_text())
        .unwrap_or_default();
    let from = month_number(&newest) - (RECENT_MONTHS - 1);
    let mut recent: HashMap<usize, i64> = HashMap::new();
    for r in e.query("SELECT repo_id, dev, month, commits FROM activity", &[])? {
        if month_number(&r[2].text()) >= from {
            if let Some(&i) = pos.get(&(r[0].int(), r[1].int())) {
                *recent.entry(i).or_default() += r[3].int();
            }
        }
    }
    let groups = group(&nodes, mailmap.as_ref());
    struct Person {
        id: i64,
        name: String,
        email: String,
        repos: usize,
        commits: i64,
        last: i64,
        recent: i64,
    }
    let mut people: Vec<Person> = Vec::with_capacity(groups.len());
    let mut person_of: Vec<Row> = Vec::with_capacity(nodes.len());
    for g in &groups {
        let id = person_id(&nodes, g);
        // canonical: the member with most commits (then the smallest repository key)
        let best = g
            .iter()
            .copied()
            .max_by(|&a, &b| {
                nodes[a]
                    .commits
                    .cmp(&nodes[b].commits)
                    .then(nodes[b].repo.cmp(&nodes[a].repo))
                    .then(nodes[b].dev.cmp(&nodes[a].dev))
            })
            .unwrap_or(g[0]);
        let repos: BTreeSet<i64> = g.iter().map(|&i| nodes[i].repo).collect();
        people.push(Person {
            id,
            name: nodes[best].name.clone(),
            email: nodes[best].email.clone(),
            repos: repos.len(),
            commits: g.iter().map(|&i| nodes[i].commits).sum(),
            last: g.iter().map(|&i| nodes[i].last_time).max().unwrap_or(0),
            recent: g
                .iter()
                .map(|&i| recent.get(&i).copied().unwrap_or(0))
                .sum(),
        });
        for &i in g {
            person_of.push(vec![nodes[i].repo.into(), nodes[i].dev.into(), id.into()]);
        }
    }
    let recents: Vec<f64> = people.iter().map(|p| p.recent as f64).collect();
    let ranks = crate::matching::rank::competition_ranks(&recents);
    let rows: Vec<Row> = people
        .iter()
        .zip(ranks)
        .map(|(p, rank)| {
            vec![
                p.id.into(),
                p.name.as_str().into(),
                p.email.as_str().into(),
                p.repos.into(),
                p.commits.into(),
                p.last.into(),
                p.recent.into(),
                rank.into(),
            ]
        })
        .collect();
    e.execute("DELETE FROM person_of", &[])?;
    e.execute("DELETE FROM people", &[])?;
    e.load(
        "people",
        &[
            "id",
            "name",
            "email",
            "repositories",
            "commits",
            "last_time",
            "recent_commits",
            "recent_rank",
        ],
        &rows,
    )?;
    e.load("person_of", &["repo_id", "dev", "person_id"], &person_of)?;
    let max_recent = people.iter().map(|p| p.recent).max().unwrap_or(0);
    let newest_time = nodes.iter().map(|n| n.last_time).max().unwrap_or(0);
    for (k, v) in [
        ("max_recent", max_recent.to_string()),
        ("now", newest_time.to_string()),
    ] {
        e.execute("DELETE FROM org_meta WHERE key = ?", &[k.into()])?;
        e.execute(
            "INSERT INTO org_meta (key, value) VALUES (?, ?)",
            &[k.into(), Value::Text(v)],
        )?;
    }
    Ok(people.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(repo: i64, name: &str, email: &str) -> Node {
        Node {
            repo,
            dev: 0,
            name: name.into(),
            email: email.into(),
            aliases: Vec::new(),
            commits: 1,
            last_time: 0,
            bot: false,
        }
    }

    fn together(g: &[Vec<usize>], a: usize, b: usize) -> bool {
        g.iter().any(|x| x.contains(&a) && x.contains(&b))
    }

    #[test]
    fn links_by_email_noreply_login_and_full_name() {
        let nodes = vec![
            node(1, "Ann Lee", "ann@corp.com"),
            node(2, "A. Lee", "ANN@corp.com "),
            node(3, "Ann Lee", "ann.lee@gmail.com"),
            node(4, "bob", "123+bobby@users.noreply.github.com"),
            node(5, "Bobby B", "bobby@users.noreply.github.com"),
            node(6, "root", "root@localhost"),
            node(7, "admin", "root@localhost"),
        ];
        let g = group(&nodes, None);
        assert!(together(&g, 0, 1), "same address");
        assert!(together(&g, 0, 2), "same full name, different domains");
        assert!(together(&g, 3, 4), "GitHub no-reply by login");
        assert!(!together(&g, 5, 6), "placeholders link nobody");
    }

    #[test]
    fn namesakes_at_one_domain_and_one_word_names_stay_apart() {
        let nodes = vec![
            node(1, "Jane Doe", "jane.doe@corp.com"),
            node(2, "Jane Doe", "jane.doe2@corp.com"),
            node(3, "max", "max@a.org"),
            node(4, "Max", "max@b.org"),
        ];
        let g = group(&nodes, None);
        assert!(!together(&g, 0, 1));
        assert!(!together(&g, 2, 3));
        let mm = git2::Mailmap::from_buffer("Jane Doe <jane.doe@corp.com> <jane.doe2@corp.com>")
            .unwrap();
        assert!(
            together(&group(&nodes, Some(&mm)), 0, 1),
            "the org mailmap joins them"
        );
    }
}
