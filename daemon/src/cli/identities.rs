//! `aexy identities [list | link ACCOUNT DEVELOPER | unlink ACCOUNT | forget ACCOUNT]`: code-host
//! and tracker accounts and the developers they resolve to, saying how each link was made; links
//! made by hand for what cannot be inferred, or a "never link" for a wrong one.

use crate::identity::accounts::How;
use crate::sources::history::{self, LinkedAccount};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: Option<What>,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Every synced account and its developer (the default).
    List,
    /// Link an account (`github:login`, `jira:Display Name`, `linear:name`) to a developer
    /// (name or e-mail, as `aexy developers` shows them).
    Link { account: String, developer: String },
    /// Never link this account to anyone (a wrong automatic link).
    Unlink { account: String },
    /// Drop a link made by hand (automatic linking applies again).
    Forget { account: String },
}

pub fn run(args: Args, global: &super::Global) -> anyhow::Result<()> {
    let ctx = super::context(None, global)?;
    let accounts = history::linked_accounts(ctx.store.conn(), ctx.resolver.developers())?;
    let what = args.what.unwrap_or(What::List);
    if let What::List = what {
        return list(&ctx, &accounts, global.json);
    }
    let (account_ref, target) = match &what {
        What::Link { account, developer } => {
            let d = ctx.resolver.find(developer).ok_or_else(|| {
                anyhow::anyhow!("no developer matches {developer:?} (see `aexy developers`)")
            })?;
            (account, Some(ctx.resolver.developers()[d].email.clone()))
        }
        What::Unlink { account } => (account, Some("-".to_string())),
        What::Forget { account } => (account, None),
        What::List => unreachable!("handled above"),
    };
    let a = find(&accounts, account_ref)?;
    let db = ctx.store.path().to_path_buf();
    drop(ctx);
    let store = crate::store::Store::open_rw(&db)?;
    match &target {
        Some(t) => {
            store.conn().execute(
                "INSERT OR REPLACE INTO account_links (system, instance, remote_id, target, created_at) VALUES (?1, ?2, ?3, ?4, strftime('%s','now'))",
                rusqlite::params![a.info.system, a.info.instance, a.info.remote_id, t],
            )?;
        }
        None => {
            store.conn().execute(
                "DELETE FROM account_links WHERE system = ?1 AND instance = ?2 AND remote_id = ?3",
                rusqlite::params![a.info.system, a.info.instance, a.info.remote_id],
            )?;
        }
    }
    let t = super::output::terminal;
    match (&what, target.as_deref()) {
        (What::Link { .. }, Some(email)) => {
            println!("{} → {} (linked by hand)", t(&a.label()), t(email))
        }
        (What::Unlink { .. }, _) => println!("{}: never linked", t(&a.label())),
        _ => println!("{}: automatic linking again", t(&a.label())),
    }
    Ok(())
}

/// The one account `reference` names (`system:login`, `system:name` or `system:id`).
fn find<'a>(accounts: &'a [LinkedAccount], reference: &str) -> anyhow::Result<&'a LinkedAccount> {
    let (system, who) = reference.split_once(':').ok_or_else(|| {
        anyhow::anyhow!(
            "name the account as SERVICE:LOGIN, e.g. github:octocat or jira:\"Ann Lee\""
        )
    })?;
    let who_l = who.trim().to_lowercase();
    let hits: Vec<&LinkedAccount> = accounts
        .iter()
        .filter(|a| a.info.system.eq_ignore_ascii_case(system))
        .filter(|a| {
            [
                a.info.login.as_deref(),
                a.info.name.as_deref(),
                Some(a.info.remote_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .any(|v| v.to_lowercase() == who_l)
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => anyhow::bail!("no synced account {reference:?} (run `aexy sync`, then see `aexy identities`)"),
        _ => anyhow::bail!("{reference:?} names {} accounts; use the id (`{system}:<id>`, see `aexy identities --json`)", hits.len()),
    }
}

fn list(ctx: &crate::query::Context, accounts: &[LinkedAccount], json: bool) -> anyhow::Result<()> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Row {
        account: String,
        system: String,
        instance: String,
        remote_id: String,
        login: Option<String>,
        name: Option<String>,
        developer: Option<crate::query::Person>,
        how: Option<How>,
        how_described: Option<&'static str>,
        never_link: bool,
        bot: bool,
    }
    let devs = ctx.resolver.developers();
    let rows: Vec<Row> = accounts
        .iter()
        .map(|a| Row {
            account: a.label(),
            system: a.info.system.clone(),
            instance: a.info.instance.clone(),
            remote_id: a.info.remote_id.clone(),
            login: a.info.login.clone(),
            name: a.info.name.clone(),
            developer: a.link.map(|l| crate::query::Person {
                name: devs[l.dev].name.clone(),
                email: devs[l.dev].email.clone(),
            }),
            how: a.link.map(|l| l.how),
            how_described: a.link.map(|l| l.how.describe()),
            never_link: a.forbidden,
            bot: a.info.bot,
        })
        .collect();
    if json {
        return super::output::json(&rows);
    }
    let t = super::output::terminal;
    if rows.is_empty() {
        println!("no synced accounts yet: run `aexy sync` (see `aexy connect status`)");
        return Ok(());
    }
    let mut linked: Vec<&Row> = rows.iter().filter(|r| r.developer.is_some()).collect();
    linked.sort_by(|a, b| {
        let (x, y) = (a.developer.as_ref(), b.developer.as_ref());
        x.map(|p| p.name.to_lowercase())
            .cmp(&y.map(|p| p.name.to_lowercase()))
            .then(a.account.cmp(&b.account))
    });
    for r in &linked {
        let p = r
            .developer
            .as_ref()
            .map_or((String::new(), String::new()), |p| {
                (p.name.clone(), p.email.clone())
            });
        println!(
            "{} <{}>  ←  {}  ({})",
            t(&p.0),
            t(&p.1),
            t(&r.account),
            r.how_described.unwrap_or("")
        );
    }
    let unlinked: Vec<&Row> = rows
        .iter()
        .filter(|r| r.developer.is_none() && !r.bot)
        .collect();
    if !unlinked.is_empty() {
        println!("\nnot linked to a git identity:");
        for r in unlinked {
            let why = if r.never_link {
                "never link, by hand"
            } else {
                "no unambiguous evidence"
            };
            println!(
                "  {}{}  ({why})",
                t(&r.account),
                r.name
                    .as_deref()
                    .map(|n| format!(" — {}", t(n)))
                    .unwrap_or_default()
            );
        }
        println!("link one with: aexy identities link SERVICE:LOGIN \"Name or e-mail\"");
    }
    Ok(())
}
