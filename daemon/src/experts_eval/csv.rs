//! Reads the maintainer survey's CSV (RFC 4180: quoted fields, doubled quotes, CRLF) into
//! [`Answer`]s, one per developer's answer about one file, checking the columns it needs.

use anyhow::{bail, Context as _, Result};

/// One developer's answer to "do you maintain this file?".
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The repository's GitHub name (`owner/name`).
    pub repo: String,
    /// The commit the survey's history ended at.
    pub snapshot_commit: String,
    /// The file, repository-relative.
    pub file: String,
    /// The dataset's anonymous id of the developer.
    pub dev_id: String,
    /// Commits by the developer (one per name/e-mail they used): how git tells who they are.
    pub dev_commits: Vec<String>,
    /// The answer on the survey's 1..5 scale.
    pub answer: u8,
    /// The paper's rule: answers 4 and 5 are maintainers, 1..3 are not.
    pub maintainer: bool,
    /// Whether each published technique was right on this answer at its best threshold
    /// (`None` when the CSV has no such column or leaves it empty).
    pub published: Published,
}

/// The published techniques' verdicts on one answer (Avelino et al., IEEE Software 2019).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Published {
    /// Normalised DOA ≥ 0.8.
    pub doa: Option<bool>,
    /// Share of the file's commits ≥ 0.6.
    pub commit: Option<bool>,
    /// Share of the file's lines (blame) ≥ 0.1.
    pub blame: Option<bool>,
}

/// The answers of a survey CSV with a header row naming at least `repo`, `snapshot_commit`,
/// `file`, `dev_id`, `dev_commits` and `answer` (other columns are optional).
pub fn parse(text: &str) -> Result<Vec<Answer>> {
    let mut records = records(text)?.into_iter();
    let Some(header) = records.next() else {
        bail!("the survey CSV is empty");
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let need =
        |name: &str| col(name).with_context(|| format!("the survey CSV has no {name:?} column"));
    let (repo, snap, file, dev, commits, answer) = (
        need("repo")?,
        need("snapshot_commit")?,
        need("file")?,
        need("dev_id")?,
        need("dev_commits")?,
        need("answer")?,
    );
    let (pub_doa, pub_commit, pub_blame) = (col("pub_doa"), col("pub_commit"), col("pub_blame"));
    let mut out = Vec::new();
    for (i, rec) in records.enumerate() {
        if rec.len() == 1 && rec[0].is_empty() {
            continue; // a blank line
        }
        let line = i + 2;
        let field = |c: usize| -> Result<&str> {
            rec.get(c).map(|s| s.trim()).with_context(|| {
                format!("row {line} has {} fields, fewer than the header", rec.len())
            })
        };
        let value: u8 = field(answer)?
            .parse()
            .ok()
            .filter(|v| (1..=5).contains(v))
            .with_context(|| {
                format!(
                    "row {line}: the answer {:?} is not 1..5",
                    field(answer).unwrap_or("")
                )
            })?;
        let verdict = |c: Option<usize>| -> Result<Option<bool>> {
            match c.map(field).transpose()? {
                None | Some("") => Ok(None),
                Some("hit") => Ok(Some(true)),
                Some("miss") => Ok(Some(false)),
                Some(other) => bail!("row {line}: {other:?} is neither hit nor miss"),
            }
        };
        let dev_commits: Vec<String> = field(commits)?
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if dev_commits.is_empty() {
            bail!("row {line}: no commits tell who the developer is");
        }
        out.push(Answer {
            repo: field(repo)?.to_string(),
            snapshot_commit: field(snap)?.to_string(),
            file: field(file)?.to_string(),
            dev_id: field(dev)?.to_string(),
            dev_commits,
            answer: value,
            maintainer: value >= 4,
            published: Published {
                doa: verdict(pub_doa)?,
                commit: verdict(pub_commit)?,
                blame: verdict(pub_blame)?,
            },
        });
    }
    Ok(out)
}

/// Splits RFC 4180 text into records of fields.
fn records(text: &str) -> Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let mut rec: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => rec.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                rec.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut rec));
                any = false;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        bail!("the survey CSV ends inside a quoted field");
    }
    if any {
        rec.push(field);
        out.push(rec);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_fields_and_the_papers_rule() {
        let text = "repo,snapshot_commit,file,dev_id,dev_commits,answer,pub_doa,pub_commit\r\n\
                    o/r,abc,\"a,\"\"b\"\".rb\",d1,c1 c2,4,hit,miss\r\n\
                    o/r,abc,x.rb,d2,c3,3,,hit\n";
        let got = parse(text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].file, "a,\"b\".rb");
        assert_eq!(got[0].dev_commits, ["c1", "c2"]);
        assert!(got[0].maintainer, "4 is a maintainer");
        assert_eq!(got[0].published.doa, Some(true));
        assert_eq!(got[0].published.commit, Some(false));
        assert_eq!(got[0].published.blame, None, "no such column");
        assert!(!got[1].maintainer, "3 is not");
        assert_eq!(got[1].published.doa, None, "empty");
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        let head = "repo,snapshot_commit,file,dev_id,dev_commits,answer\n";
        let err = |t: &str| parse(t).unwrap_err().to_string();
        assert!(err("").contains("empty"));
        assert!(err("repo,file\n").contains("snapshot_commit"));
        assert!(err(&format!("{head}o/r,abc,x,d,c,7\n")).contains("not 1..5"));
        assert!(err(&format!("{head}o/r,abc,x,d,,4\n")).contains("no commits"));
        assert!(err(&format!("{head}o/r,abc,x\n")).contains("fewer than the header"));
        assert!(err(&format!("{head}o/r,\"abc,x,d,c,4\n")).contains("quoted"));
    }
}
