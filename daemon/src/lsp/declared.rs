//! The CODEOWNERS owners of a file next to its measured experts, for `aexy/ownership`, hover and
//! code lens: the rules that own the file under the host's precedence, their owners as written,
//! and whether they differ from the experts (a declared person who is not an expert of the
//! file, or a top expert who is not declared, directly or through a team with known members).
//! The parsed file, teams and people are kept per repository until the CODEOWNERS file, the
//! teams file or the index changes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aexy_protocol::ownership::ExpertShare;
use aexy_protocol::teams::DeclaredOwners;

use crate::query::Context;
use crate::teams::load::{self, Declared, Overrides};
use crate::teams::model::{OwnerRef, Teams};

/// Everything read for one repository, and what it was read from.
struct Entry {
    key: Vec<Option<String>>,
    declared: Declared,
    teams: Teams,
}

static CACHE: Mutex<Option<HashMap<PathBuf, Arc<Entry>>>> = Mutex::new(None);

/// The files whose contents decide the answer (and the indexed commit).
fn key(ctx: &Context) -> Vec<Option<String>> {
    let mut k = vec![Some(ctx.as_of.clone())];
    for p in [
        ".github/CODEOWNERS",
        "CODEOWNERS",
        "docs/CODEOWNERS",
        ".gitlab/CODEOWNERS",
        ".bitbucket/CODEOWNERS",
        crate::teams::config::PATH,
    ] {
        k.push(load::read(ctx, p));
    }
    k
}

fn entry(ctx: &Context) -> Option<Arc<Entry>> {
    let k = key(ctx);
    if let Ok(cache) = CACHE.lock() {
        if let Some(e) = cache
            .as_ref()
            .and_then(|c| c.get(&ctx.root))
            .filter(|e| e.key == k)
        {
            return Some(e.clone());
        }
    }
    let declared = match load::declared(ctx, &Overrides::default()) {
        Ok(d) => d,
        Err(e) => {
            tracing::debug!("CODEOWNERS or teams file unreadable: {e:#}");
            return None;
        }
    };
    let teams = {
        let people = declared.people();
        declared.teams(&people)
    };
    let e = Arc::new(Entry {
        key: k,
        declared,
        teams,
    });
    if let Ok(mut cache) = CACHE.lock() {
        let map = cache.get_or_insert_with(HashMap::new);
        if map.len() > 16 {
            map.clear();
        }
        map.insert(ctx.root.clone(), e.clone());
    }
    Some(e)
}

/// The declared owners of `rel`, compared with `experts`; `None` without a CODEOWNERS file.
pub fn for_file(ctx: &Context, rel: &str, experts: &[ExpertShare]) -> Option<DeclaredOwners> {
    let e = entry(ctx)?;
    let co = e.declared.codeowners.as_ref()?;
    let people = e.declared.people();
    let rules = co.owning_rules(rel);
    let owners: Vec<&crate::teams::codeowners::Owner> = co.owners_of(rel);
    let expert_devs: Vec<(Option<usize>, &ExpertShare)> = experts
        .iter()
        .map(|x| (people.resolve(&x.email).map(|r| r.0), x))
        .collect();
    let mut declared_devs: Vec<usize> = Vec::new();
    let mut unknown_teams: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for o in &owners {
        match e.teams.resolve(o, &people) {
            OwnerRef::Developer(d, _) => {
                declared_devs.push(d);
                if !expert_devs.iter().any(|(x, _)| *x == Some(d)) && !experts.is_empty() {
                    notes.push(format!("{} is not among its experts", o.text));
                }
            }
            OwnerRef::Team(t) => {
                let team = &e.teams.teams[t];
                if team.members.is_empty() {
                    unknown_teams.push(o.text.clone());
                } else {
                    declared_devs.extend(team.members.iter().map(|m| m.0));
                    if !team
                        .members
                        .iter()
                        .any(|m| expert_devs.iter().any(|(x, _)| *x == Some(m.0)))
                        && !experts.is_empty()
                    {
                        notes.push(format!("no member of {} is among its experts", o.text));
                    }
                }
            }
            OwnerRef::Unresolved(_) => unknown_teams.push(o.text.clone()),
        }
    }
    if let Some((top, share)) = expert_devs.first().map(|(d, x)| (*d, x)) {
        let declared_top = top.is_some_and(|d| declared_devs.contains(&d));
        if !declared_top && unknown_teams.is_empty() {
            notes.push(format!(
                "{} ({}%) is not declared",
                share.name,
                (share.share * 100.0).round() as i64
            ));
        }
    }
    if rules.is_empty() && !experts.is_empty() {
        notes.push("no rule owns this file".into());
    }
    let differs = !notes.is_empty();
    if !differs && !unknown_teams.is_empty() {
        notes.push(format!(
            "the members of {} are not known here",
            unknown_teams.join(", ")
        ));
    }
    Some(DeclaredOwners {
        file: co.path.clone(),
        lines: rules.iter().map(|&r| co.rules[r].line as u32).collect(),
        owners: owners.iter().map(|o| o.text.clone()).collect(),
        differs,
        note: notes.join("; "),
    })
}
