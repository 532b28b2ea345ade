//! `aexy org experts "TEXT"`: who in the organisation knows this. The ranking of `aexy match`
//! (`matching::rank`) over every repository's stored figures: files retrieved by BM25 over all
//! repositories' file documents (idf from the org-wide document frequencies), each file's
//! relevance times each contributor's expertise on it, plus BM25 over developers' past subjects,
//! recent activity and how lately they last committed, discounted by inactivity; then fused with
//! the org-wide recent-activity ranking by reciprocal rank fusion (`rank::fuse`). Only people
//! whose files or subjects the text meets are listed. Aggregation happens here, in Rust, from
//! rows both engines return alike, so SQLite and PostgreSQL give the same answer.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use serde::Serialize;

use super::engine::{placeholders, Value};
use super::store::OrgStore;
use crate::matching::{rank, tokenize};
use crate::query::Person;

/// Files retrieved across the organisation (`aexy match` takes 25 in one repository).
pub const ORG_TOP_FILES: usize = 50;
/// Postings read per query term, best weight first.
pub const CANDIDATES_PER_TERM: i64 = 1000;

/// The answer of `aexy org experts`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExpertsReport {
    pub experts: Vec<OrgExpert>,
    /// The text's search terms some repository knows, and those none does.
    pub terms: Vec<String>,
    pub unknown_terms: Vec<String>,
    pub repositories: usize,
    pub people: usize,
}

/// One person who knows the subject.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrgExpert {
    pub developer: Person,
    /// 0..1, as `aexy match`'s score (`rank::fuse`).
    pub score: f64,
    /// The fit before fusion, 0..1.
    pub fit: f64,
    /// Repositories where the evidence is, strongest first.
    pub repositories: Vec<RepoEvidence>,
}

/// The evidence in one repository.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RepoEvidence {
    pub repository: String,
    /// Files they know that the text is about: relevance (0..1) × their expertise (0..1).
    pub files: Vec<FileEvidence>,
    /// Whether their own commit subjects there use the text's words.
    pub subjects: bool,
    /// This repository's part of the evidence (files + `W_SUBJECTS`·subjects, normalised as in the fit).
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FileEvidence {
    pub path: String,
    pub relevance: f64,
    pub expertise: f64,
}

/// `ln(1 + (N − n + 0.5)/(n + 0.5))` (as `matching::bm25`).
fn idf(n_docs: f64, df: f64) -> f64 {
    (1.0 + (n_docs - df + 0.5) / (df + 0.5)).ln()
}

/// Org-wide document frequencies of `terms` in `table`.
fn frequencies(s: &mut OrgStore, table: &str, terms: &[String]) -> Result<HashMap<String, f64>> {
    if terms.is_empty() {
        return Ok(HashMap::new());
    }
    let params: Vec<Value> = terms.iter().map(|t| t.as_str().into()).collect();
    let sql = format!(
        "SELECT term, CAST(SUM(df) AS BIGINT) FROM {table} WHERE term IN {} GROUP BY term",
        placeholders(terms.len())
    );
    Ok(s.query(&sql, &params)?
        .into_iter()
        .map(|r| (r[0].text(), r[1].real()))
        .collect())
}

/// (file id, relevance, expertise) of one file a person knows.
type FileHit = (i64, f64, f64);

#[derive(Default)]
struct Evidence {
    files: f64,
    subjects: f64,
    /// repository → (file evidence, subject score)
    by_repo: BTreeMap<i64, (Vec<FileHit>, f64)>,
}

/// Ranks the organisation's people for `text`; at most `limit` are returned.
pub fn experts(s: &mut OrgStore, text: &str, limit: usize) -> Result<ExpertsReport> {
    let q = tokenize::terms(text);
    let mut distinct: Vec<String> = q.clone();
    distinct.sort();
    distinct.dedup();
    let count = |t: &str| q.iter().filter(|x| *x == t).count() as f64;
    let meta = s.query(
        "SELECT CAST(COALESCE(SUM(documents), 0) AS BIGINT), \
         CAST(COALESCE(SUM(subject_documents), 0) AS BIGINT), COUNT(*) FROM repositories",
        &[],
    )?;
    let (n_docs, n_subj, repositories) = meta.first().map_or((0.0, 0.0, 0), |r| {
        (r[0].real(), r[1].real(), r[2].int() as usize)
    });
    let meta = |s: &mut OrgStore, k: &str| -> Result<i64> {
        Ok(
            s.query("SELECT value FROM org_meta WHERE key = ?", &[k.into()])?
                .first()
                .map_or(0, |r| r[0].text().parse().unwrap_or(0)),
        )
    };
    let now = meta(s, "now")?;
    let max_recent = meta(s, "max_recent")?;
    let people = s.query("SELECT COUNT(*) FROM people", &[])?[0][0].int() as usize;
    let doc_df = frequencies(s, "doc_df", &distinct)?;
    let subj_df = frequencies(s, "subject_df", &distinct)?;

    // files: BM25 over every repository's documents
    let mut file_score: HashMap<(i64, i64), f64> = HashMap::new();
    for t in &distinct {
        let Some(&df) = doc_df.get(t) else { continue };
        let w_idf = idf(n_docs, df) * count(t);
        for r in s.query(
            "SELECT repo_id, file_id, weight FROM doc_terms WHERE term = ? \
             ORDER BY weight DESC, repo_id, file_id LIMIT ?",
            &[t.as_str().into(), CANDIDATES_PER_TERM.into()],
        )? {
            *file_score.entry((r[0].int(), r[1].int())).or_default() += w_idf * r[2].real();
        }
    }
    let mut files: Vec<((i64, i64), f64)> = file_score.into_iter().collect();
    files.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    files.truncate(ORG_TOP_FILES);
    let best = files.first().map_or(1.0, |f| f.1);
    let mut ev: HashMap<i64, Evidence> = HashMap::new();
    let mut paths: HashMap<(i64, i64), String> = HashMap::new();
    for ((repo, file), sc) in &files {
        let relevance = if best > 0.0 { sc / best } else { 0.0 };
        for r in s.query(
            "SELECT p.person_id, x.expertise, f.path FROM file_experts x \
             JOIN person_of p ON p.repo_id = x.repo_id AND p.dev = x.dev \
             JOIN files f ON f.repo_id = x.repo_id AND f.file_id = x.file_id \
             WHERE x.repo_id = ? AND x.file_id = ? ORDER BY p.person_id",
            &[(*repo).into(), (*file).into()],
        )? {
            let (person, expertise) = (r[0].int(), r[1].real());
            paths.entry((*repo, *file)).or_insert_with(|| r[2].text());
            let e = ev.entry(person).or_default();
            e.files += relevance * expertise;
            e.by_repo
                .entry(*repo)
                .or_default()
                .0
                .push((*file, relevance, expertise));
        }
    }
    // subjects: BM25 over every repository's developers' subject documents
    for t in &distinct {
        let Some(&df) = subj_df.get(t) else { continue };
        let w_idf = idf(n_subj, df) * count(t);
        for r in s.query(
            "SELECT p.person_id, st.repo_id, st.weight FROM subject_terms st \
             JOIN person_of p ON p.repo_id = st.repo_id AND p.dev = st.dev \
             WHERE st.term = ? ORDER BY st.weight DESC, st.repo_id, st.dev LIMIT ?",
            &[t.as_str().into(), CANDIDATES_PER_TERM.into()],
        )? {
            let e = ev.entry(r[0].int()).or_default();
            let x = w_idf * r[2].real();
            e.subjects += x;
            e.by_repo.entry(r[1].int()).or_default().1 += x;
        }
    }
    let (terms, unknown_terms): (Vec<String>, Vec<String>) = distinct
        .iter()
        .cloned()
        .partition(|t| doc_df.contains_key(t) || subj_df.contains_key(t));
    let mut out = ExpertsReport {
        experts: Vec::new(),
        terms,
        unknown_terms,
        repositories,
        people,
    };
    if ev.is_empty() {
        return Ok(out);
    }
    let ids: Vec<i64> = {
        let mut v: Vec<i64> = ev.keys().copied().collect();
        v.sort_unstable();
        v
    };
    let mut who: HashMap<i64, (Person, i64, i64, i64)> = HashMap::new();
    for chunk in ids.chunks(500) {
        let params: Vec<Value> = chunk.iter().map(|&i| i.into()).collect();
        for r in s.query(
            &format!(
                "SELECT id, name, email, last_time, recent_commits, recent_rank FROM people WHERE id IN {}",
                placeholders(chunk.len())
            ),
            &params,
        )? {
            let p = Person {
                name: r[1].text(),
                email: r[2].text(),
            };
            who.insert(r[0].int(), (p, r[3].int(), r[4].int(), r[5].int()));
        }
    }
    let max_files = ev.values().map(|e| e.files).fold(0.0, f64::max);
    let max_subj = ev.values().map(|e| e.subjects).fold(0.0, f64::max);
    let norm = |x: f64, max: f64| if max > 0.0 { x / max } else { 0.0 };
    let ceiling = 1.0 + rank::W_SUBJECTS + rank::W_RECENT + rank::W_LATEST;
    // (person, fit, recent rank)
    let mut listed: Vec<(i64, f64, usize)> = Vec::new();
    for &id in &ids {
        let (Some(e), Some((_, last, recent, _))) = (ev.get(&id), who.get(&id)) else {
            continue;
        };
        let files = norm(e.files, max_files);
        let subjects = norm(e.subjects, max_subj);
        let recent = norm(*recent as f64, max_recent as f64);
        let last = Some(*last);
        let latest = rank::half_life_decay(last, now, rank::LATEST_HALF_LIFE_DAYS);
        let fit = (files
            + rank::W_SUBJECTS * subjects
            + rank::W_RECENT * recent
            + rank::W_LATEST * latest)
            * rank::inactivity(last, now)
            / ceiling;
        if fit > 0.0 && (files > 0.0 || subjects > 0.0) {
            listed.push((id, fit, who[&id].3 as usize));
        }
    }
    let fit_rank = rank::competition_ranks(&listed.iter().map(|l| l.1).collect::<Vec<_>>());
    let mut scored: Vec<(i64, f64, f64)> = listed
        .iter()
        .zip(fit_rank)
        .map(|(&(id, fit, recent_rank), fr)| (id, rank::fuse(fr, recent_rank.max(1)), fit))
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(b.2.total_cmp(&a.2))
            .then(a.0.cmp(&b.0))
    });
    scored.truncate(limit);
    let names: HashMap<i64, String> = s
        .query("SELECT id, name FROM repositories", &[])?
        .into_iter()
        .map(|r| (r[0].int(), r[1].text()))
        .collect();
    for (id, score, fit) in scored {
        let e = &ev[&id];
        let mut repos: Vec<RepoEvidence> = e
            .by_repo
            .iter()
            .map(|(repo, (fs, subj))| {
                let mut fs = fs.clone();
                fs.sort_by(|a, b| (b.1 * b.2).total_cmp(&(a.1 * a.2)).then(a.0.cmp(&b.0)));
                let file_part: f64 = fs.iter().map(|f| f.1 * f.2).sum();
                RepoEvidence {
                    repository: names.get(repo).cloned().unwrap_or_default(),
                    files: fs
                        .iter()
                        .take(5)
                        .map(|&(f, relevance, expertise)| FileEvidence {
                            path: paths.get(&(*repo, f)).cloned().unwrap_or_default(),
                            relevance,
                            expertise,
                        })
                        .collect(),
                    subjects: *subj > 0.0,
                    weight: norm(file_part, max_files) + rank::W_SUBJECTS * norm(*subj, max_subj),
                }
            })
            .collect();
        repos.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.repository.cmp(&b.repository))
        });
        out.experts.push(OrgExpert {
            developer: who[&id].0.clone(),
            score,
            fit,
            repositories: repos,
        });
    }
    Ok(out)
}
