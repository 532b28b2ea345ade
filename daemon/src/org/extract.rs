//! One repository's derived figures for the org store, read through the engine's own APIs:
//! `insights::context` (team insights: truck factor per repository and directory, silos,
//! orphaned code; profiles: languages and frameworks; the loaded history: monthly activity) and
//! `matching` (the model `aexy match` ranks with: each file's contributors with their standing,
//! file documents and developers' subject documents as BM25 term statistics). Raw history
//! stays in the repository's own index.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;

use crate::insights::{calendar, context as insights, team::TeamOptions};
use crate::matching::{bm25, knowledge, task};
use crate::query::Context;

/// Postings kept per term and repository, the best by BM25 term weight: as many as `aexy match`
/// retrieves files ([`crate::matching::rank::TOP_FILES`]); a term's document frequency is kept
/// whole, so its idf stays exact.
pub const POSTINGS_PER_TERM: usize = crate::matching::rank::TOP_FILES;

/// Directory depth with its own truck factor (as `aexy team`).
pub const DIRECTORY_DEPTH: usize = 2;

/// A developer as the repository resolves them.
#[derive(Debug, Clone, PartialEq)]
pub struct DevFigures {
    pub name: String,
    pub email: String,
    pub bot: bool,
    pub aliases: Vec<(String, String)>,
    /// Credited non-merge commits (co-authored ones included), lines added plus deleted.
    pub commits: u64,
    pub lines: u64,
    pub first_time: i64,
    pub last_time: i64,
    pub authored_files: u64,
}

/// One contributor's standing on one file (`matching::knowledge::Standing`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileExpert {
    pub file: u32,
    pub dev: usize,
    /// `matching::knowledge::expertise`: mean of normalised DOA and recency-weighted share.
    pub expertise: f64,
    pub doa: f64,
    pub normalized_doa: f64,
    pub recent_share: f64,
    pub author: bool,
    pub changes: u32,
}

/// A directory's (or, for `""`, the repository's) truck factor and authorship.
#[derive(Debug, Clone, PartialEq)]
pub struct DirFigures {
    pub directory: String,
    pub truck_factor: usize,
    pub files: usize,
    /// (developer, files authored, rank in the truck-factor removal order from 1, or 0).
    pub authors: Vec<(usize, f64, usize)>,
}

/// A language, framework or library of one developer.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillFigures {
    pub dev: usize,
    pub kind: &'static str,
    pub name: String,
    pub level: String,
    pub score: f64,
    pub lines: u64,
    pub last_used: i64,
}

/// A team the repository defines (`.aexy/teams.toml`, CODEOWNERS teams) and `aexy teams`'
/// figures on its files.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamFigures {
    pub name: String,
    pub truck_factor: usize,
    pub files: usize,
    pub silo_files: usize,
    pub orphaned_files: usize,
    pub members: usize,
}

/// Everything `aexy org sync` stores about one repository.
#[derive(Debug, Clone, Default)]
pub struct RepoFigures {
    pub name: String,
    pub location: String,
    pub head: String,
    pub head_time: i64,
    pub commits: u64,
    pub files: u64,
    pub considered_files: u64,
    pub silo_files: u64,
    pub developers: Vec<DevFigures>,
    /// (file id, path) of every retrievable file.
    pub file_paths: Vec<(u32, String)>,
    pub experts: Vec<FileExpert>,
    pub directories: Vec<DirFigures>,
    /// (path, last activity of any author, RFC 3339)
    pub orphaned: Vec<(String, String)>,
    pub skills: Vec<SkillFigures>,
    /// (developer, `YYYY-MM` in the author's time zone, commits, lines)
    pub activity: Vec<(usize, String, u64, u64)>,
    /// (term, file id, BM25 term weight with the repository's average length)
    pub doc_terms: Vec<(String, u32, f64)>,
    pub doc_df: Vec<(String, u64)>,
    pub documents: u64,
    /// (term, developer, weight) over developers' subject documents
    pub subject_terms: Vec<(String, usize, f64)>,
    pub subject_df: Vec<(String, u64)>,
    pub subject_documents: u64,
    pub teams: Vec<TeamFigures>,
}

impl RepoFigures {
    pub fn truck_factor(&self) -> usize {
        self.directories
            .iter()
            .find(|d| d.directory.is_empty())
            .map_or(0, |d| d.truck_factor)
    }
}

/// Extracts `ctx`'s figures, naming the repository `name` (its key in the org store).
pub fn extract(ctx: &Context, name: &str, location: &str) -> Result<RepoFigures> {
    let mut out = RepoFigures {
        name: name.to_string(),
        location: location.to_string(),
        head: ctx.as_of.clone(),
        ..RepoFigures::default()
    };
    let history = insights::history(ctx)?;
    out.head_time = history.now;
    developers(ctx, &history, &mut out)?;
    team(ctx, &mut out)?;
    teams(ctx, &mut out)?;
    matching(ctx, &mut out)?;
    Ok(out)
}

fn developers(
    ctx: &Context,
    history: &crate::insights::history::History,
    out: &mut RepoFigures,
) -> Result<()> {
    let devs = ctx.resolver.developers();
    out.developers = devs
        .iter()
        .map(|d| DevFigures {
            name: d.name.clone(),
            email: d.email.clone(),
            bot: d.bot,
            aliases: d.aliases.clone(),
            commits: 0,
            lines: 0,
            first_time: i64::MAX,
            last_time: i64::MIN,
            authored_files: 0,
        })
        .collect();
    let mut months: BTreeMap<(usize, String), (u64, u64)> = BTreeMap::new();
    for c in &history.commits {
        let l = calendar::local(c.time, c.tz);
        let month = format!("{:04}-{:02}", l.year, l.month);
        for &d in &c.devs {
            let Some(f) = out.developers.get_mut(d) else {
                continue;
            };
            f.commits += 1;
            f.lines += c.lines;
            f.first_time = f.first_time.min(c.time);
            f.last_time = f.last_time.max(c.time);
            let m = months.entry((d, month.clone())).or_default();
            m.0 += 1;
            m.1 += c.lines;
        }
    }
    out.commits = history.commits.len() as u64;
    for f in &mut out.developers {
        if f.commits == 0 {
            (f.first_time, f.last_time) = (0, 0);
        }
    }
    out.activity = months
        .into_iter()
        .map(|((d, m), (c, l))| (d, m, c, l))
        .collect();
    let people: Vec<usize> = (0..devs.len())
        .filter(|&d| !devs[d].bot && out.developers[d].commits > 0)
        .collect();
    for (d, p) in people
        .iter()
        .zip(insights::profiles(ctx, history, &people)?)
    {
        out.developers[*d].authored_files = p.authored_files as u64;
        let a = &p.assembled;
        for (kind, list) in [
            ("language", &a.languages),
            ("framework", &a.frameworks),
            ("library", &a.libraries),
        ] {
            out.skills.extend(list.iter().map(|s| SkillFigures {
                dev: *d,
                kind,
                name: s.name.clone(),
                level: format!("{:?}", s.proficiency.level).to_lowercase(),
                score: s.proficiency.score,
                lines: s.proficiency.lines,
                last_used: s.proficiency.last_used,
            }));
        }
    }
    Ok(())
}

fn team(ctx: &Context, out: &mut RepoFigures) -> Result<()> {
    let opts = TeamOptions {
        limit: usize::MAX,
        directory_depth: DIRECTORY_DEPTH,
        ..TeamOptions::default()
    };
    let t = insights::team_insights(ctx, &opts)?;
    let index: HashMap<(&str, &str), usize> = ctx
        .resolver
        .developers()
        .iter()
        .enumerate()
        .rev()
        .map(|(i, d)| ((d.name.as_str(), d.email.as_str()), i))
        .collect();
    let dev_of = |name: &str, email: &str| index.get(&(name, email)).copied();
    out.files = t.scope.files as u64;
    out.considered_files = t.scope.considered_files as u64;
    out.silo_files = t.silos.files as u64;
    let dir = |directory: &str,
               tf: &crate::insights::team::TruckFactorReport,
               ownership: &[(crate::insights::team::DevRef, f64)]| {
        let rank: HashMap<usize, usize> = tf
            .developers
            .iter()
            .enumerate()
            .filter_map(|(i, d)| dev_of(&d.name, &d.email).map(|x| (x, i + 1)))
            .collect();
        let mut authors: Vec<(usize, f64, usize)> = ownership
            .iter()
            .filter_map(|(r, n)| dev_of(&r.name, &r.email).map(|d| (d, *n)))
            .map(|(d, n)| (d, n, rank.get(&d).copied().unwrap_or(0)))
            .collect();
        for (i, d) in tf.developers.iter().enumerate() {
            if let Some(x) = dev_of(&d.name, &d.email) {
                if !authors.iter().any(|a| a.0 == x) {
                    authors.push((x, d.authored_files as f64, i + 1));
                }
            }
        }
        DirFigures {
            directory: directory.to_string(),
            truck_factor: tf.value,
            files: tf.files,
            authors,
        }
    };
    out.directories.push(dir("", &t.truck_factor, &[]));
    for d in &t.directories {
        out.directories
            .push(dir(&d.directory, &d.truck_factor, &d.ownership));
    }
    out.orphaned = t
        .orphaned
        .iter()
        .map(|o| (o.path.clone(), o.last_active.clone()))
        .collect();
    Ok(())
}

/// The teams' figures as `aexy teams` gives them; nothing (and no extra pass over history)
/// where the repository defines no team.
fn teams(ctx: &Context, out: &mut RepoFigures) -> Result<()> {
    use crate::teams::load::{declared, knowledge, Loaded, Overrides};
    let declared = declared(ctx, &Overrides::default())?;
    if declared.teams(&declared.people()).teams.is_empty() {
        return Ok(());
    }
    let loaded = Loaded {
        k: knowledge(ctx)?,
        declared,
    };
    let report = loaded.teams_report(crate::insights::silos::DEFAULT_INACTIVE_DAYS);
    out.teams = report
        .teams
        .iter()
        .map(|t| TeamFigures {
            name: t.name.clone(),
            truck_factor: t.truck_factor.value,
            files: t.files,
            silo_files: t.silo_files,
            orphaned_files: t.orphaned_files,
            members: t.members.len(),
        })
        .collect();
    Ok(())
}

fn matching(ctx: &Context, out: &mut RepoFigures) -> Result<()> {
    let (loaded, model) = task::model_for(ctx)?;
    let bot = |d: usize| loaded.devs.get(d).is_none_or(|x| x.bot);
    let terms = model.vocab.terms();
    let index = &model.docs.index;
    let live: Vec<(u32, &crate::matching::documents::FileDoc)> = model
        .docs
        .files
        .iter()
        .enumerate()
        .filter(|(k, f)| f.live && index.doc_len(*k as u32) > 0)
        .map(|(k, f)| (k as u32, f))
        .collect();
    for (key, f) in &live {
        out.file_paths.push((*key, loaded.path(f.path).to_string()));
        for (dev, st) in f.knowledge.standings(model.now) {
            if bot(dev) {
                continue;
            }
            out.experts.push(FileExpert {
                file: *key,
                dev,
                expertise: knowledge::expertise(&st),
                doa: st.doa,
                normalized_doa: st.normalized,
                recent_share: st.recent_share,
                author: st.author,
                changes: st.changes,
            });
        }
    }
    out.documents = index.documents();
    (out.doc_terms, out.doc_df) = term_statistics(index, &terms, |_| true);
    out.subject_documents = model.subjects.documents();
    let (subject_terms, subject_df) =
        term_statistics(&model.subjects, &terms, |d| !bot(d as usize));
    out.subject_terms = subject_terms
        .into_iter()
        .map(|(t, d, w)| (t, d as usize, w))
        .collect();
    out.subject_df = subject_df;
    Ok(())
}

type Postings = Vec<(String, u32, f64)>;

/// Each term's document frequency and its best [`POSTINGS_PER_TERM`] documents by the BM25
/// term weight `tf·(k1 + 1)/(tf + k1·(1 − b + b·dl/avgdl))` (the summand without its idf,
/// which the org computes over all repositories at query time).
fn term_statistics(
    index: &bm25::Index,
    terms: &[&str],
    keep: impl Fn(u32) -> bool,
) -> (Postings, Vec<(String, u64)>) {
    let avgdl = index.avgdl();
    let (mut postings, mut df) = (Vec::new(), Vec::new());
    for (t, docs) in index.postings() {
        if docs.is_empty() {
            continue;
        }
        let term = terms.get(t as usize).copied().unwrap_or_default();
        df.push((term.to_string(), docs.len() as u64));
        let mut best: Vec<(u32, f64)> = docs
            .iter()
            .filter(|(d, _)| keep(**d))
            .map(|(&d, &tf)| {
                (
                    d,
                    bm25::summand(1.0, tf, f64::from(index.doc_len(d)), avgdl),
                )
            })
            .collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best.truncate(POSTINGS_PER_TERM);
        postings.extend(best.into_iter().map(|(d, w)| (term.to_string(), d, w)));
    }
    (postings, df)
}
