//! Human and JSON output of the org queries (`experts`, `risk`, `people`). Names, paths and
//! addresses come from commit history: control characters are replaced before they reach a
//! terminal.

use anyhow::Result;

use crate::org::OrgStore;

/// `s` with control characters (escape sequences, newlines, bidi overrides) made visible as `?`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
            {
                '?'
            } else {
                c
            }
        })
        .collect()
}

fn who(p: &crate::query::Person) -> String {
    format!("{} <{}>", clean(&p.name), clean(&p.email))
}

pub fn experts(
    s: &mut OrgStore,
    text: &str,
    limit: usize,
    global: &crate::cli::Global,
) -> Result<()> {
    let r = crate::org::experts::experts(s, text, limit)?;
    if global.json {
        return crate::cli::output::json(&r);
    }
    if r.experts.is_empty() {
        println!(
            "nobody: no file or commit subject in the {} repositories of the org store uses these words",
            r.repositories
        );
    }
    for (i, e) in r.experts.iter().enumerate() {
        println!("{:>2}. {}  {:.3}", i + 1, who(&e.developer), e.score);
        for repo in e.repositories.iter().take(3) {
            let files: Vec<String> = repo
                .files
                .iter()
                .take(3)
                .map(|f| format!("{} ({:.2})", clean(&f.path), f.relevance * f.expertise))
                .collect();
            let mut why = files.join(", ");
            if repo.subjects {
                if !why.is_empty() {
                    why.push_str("; ");
                }
                why.push_str("their commit subjects");
            }
            println!("      {}: {why}", clean(&repo.repository));
        }
        if e.repositories.len() > 3 {
            println!("      … and {} more repositories", e.repositories.len() - 3);
        }
    }
    if !r.unknown_terms.is_empty() {
        println!(
            "words no repository uses: {}",
            clean(&r.unknown_terms.join(", "))
        );
    }
    Ok(())
}

pub fn risk(s: &mut OrgStore, limit: usize, global: &crate::cli::Global) -> Result<()> {
    let r = crate::org::risk::risk(s, limit)?;
    if global.json {
        return crate::cli::output::json(&r);
    }
    println!("Repositories by truck factor (lowest first):");
    for x in &r.repositories {
        let names: Vec<String> = x
            .truck_factor_people
            .iter()
            .map(|p| clean(&p.name))
            .collect();
        println!(
            "  {:>3}  {}  ({} files, {} single-author, {} orphaned){}",
            x.truck_factor,
            clean(&x.repository),
            x.files,
            x.silo_files,
            x.orphaned_files,
            if names.is_empty() {
                String::new()
            } else {
                format!(": {}", names.join(", "))
            }
        );
    }
    println!("\nSingle-author directories:");
    for d in &r.silos {
        println!(
            "  {}:{}  {} files  {}",
            clean(&d.repository),
            clean(&d.directory),
            d.files,
            d.author
                .as_ref()
                .map(|p| clean(&p.name))
                .unwrap_or_default()
        );
    }
    println!("\nPeople the most repositories depend on:");
    for k in &r.key_people {
        let mut repos: Vec<String> = k.repositories.iter().take(5).map(|r| clean(r)).collect();
        if k.repositories.len() > 5 {
            repos.push(format!("{} more", k.repositories.len() - 5));
        }
        let tf = match repos.len() {
            0 => String::new(),
            _ => format!("in the truck factor of {}; ", repos.join(", ")),
        };
        println!(
            "  {}  {tf}only author of {} directories",
            who(&k.developer),
            k.silo_directories
        );
    }
    if !r.teams.is_empty() {
        println!("\nTeams by truck factor (lowest first):");
        for t in &r.teams {
            let repos: Vec<String> = t
                .repositories
                .iter()
                .map(|(name, tf, _)| format!("{} {tf}", clean(name)))
                .collect();
            println!(
                "  {:>3}  {}  ({} files, {} single-author, {} orphaned): {}",
                t.truck_factor,
                clean(&t.team),
                t.files,
                t.silo_files,
                t.orphaned_files,
                repos.join(", ")
            );
        }
    }
    println!(
        "\n{} of {} files orphaned (every author inactive)",
        r.orphaned_files, r.files
    );
    Ok(())
}

pub fn people(s: &mut OrgStore, query: &str, global: &crate::cli::Global) -> Result<()> {
    let f = crate::org::people::footprint(s, query)?;
    if global.json {
        return crate::cli::output::json(&f);
    }
    println!(
        "{}: {} commits in {} repositories",
        who(&f.developer),
        f.commits,
        f.repositories.len()
    );
    if f.aliases.len() > 1 {
        let a: Vec<String> = f.aliases.iter().map(who).collect();
        println!("  also: {}", a.join(", "));
    }
    for r in &f.repositories {
        println!(
            "  {}  {} commits, {} lines, {} … {}, authors {} files",
            clean(&r.repository),
            r.commits,
            r.lines,
            &r.first_commit[..10.min(r.first_commit.len())],
            &r.last_commit[..10.min(r.last_commit.len())],
            r.authored_files
        );
        for (d, n) in r.areas.iter().take(3) {
            println!("      {}/  {n:.1} files", clean(d));
        }
    }
    for kind in ["language", "framework", "library"] {
        let list: Vec<String> = f
            .skills
            .iter()
            .filter(|s| s.kind == kind)
            .take(8)
            .map(|s| format!("{} ({})", clean(&s.name), s.level))
            .collect();
        if !list.is_empty() {
            println!("  {kind}s: {}", list.join(", "));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(super::clean("a\u{1b}[31mb\nc\u{202e}"), "a?[31mb?c?");
    }
}
