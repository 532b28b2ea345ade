//! A large generated repository for benchmarking when none is given: many authors, files
//! edited in small hunks, renames and merges, written with `git fast-import` in seconds.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Context as _;

/// A tiny deterministic PRNG (xorshift64*), so every run builds the same repository.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What varies between generated repositories.
#[derive(Debug, Clone)]
pub struct Shape {
    pub seed: u64,
    /// (name, e-mail) of every author.
    pub authors: Vec<(String, String)>,
    /// Words for identifiers and commit subjects (empty: `item`/`adjust items` everywhere).
    pub words: Vec<String>,
}

impl Shape {
    /// The default repository's: 60 authors, no vocabulary.
    pub fn default_repository() -> Shape {
        Shape {
            seed: 0x9e37_79b9_7f4a_7c15,
            authors: (0..60)
                .map(|i| (format!("Developer {i}"), format!("dev{i}@example.com")))
                .collect(),
            words: Vec::new(),
        }
    }

    /// Repository number `n` of a synthetic organisation of `people` people: 5–40 authors drawn
    /// from the organisation's people (so people work in several repositories), and 12 topic
    /// words from a vocabulary of pseudo-words (so repositories differ in what they are about).
    pub fn org_repository(n: u64, people: usize) -> Shape {
        let mut rng = Rng((0x9e37_79b9_7f4a_7c15 ^ n.wrapping_mul(0x2545_f491_4f6c_dd1d)) | 1);
        let authors = (0..5 + rng.below(36))
            .map(|_| {
                let p = rng.below(people.max(1));
                (format!("Person {p}"), format!("person{p}@org.example"))
            })
            .collect();
        const SYLLABLES: [&str; 16] = [
            "ka", "fo", "ter", "lin", "mar", "qu", "ox", "sel", "dra", "pin", "vo", "nel", "rux",
            "ba", "tis", "gem",
        ];
        let words = (0..12)
            .map(|_| {
                // 2–3 syllables: 4,096+ distinct words, Zipf-like reuse across repositories
                let k = 2 + rng.below(2);
                (0..k).map(|_| SYLLABLES[rng.below(16)]).collect::<String>()
            })
            .collect();
        Shape {
            seed: rng.next(),
            authors,
            words,
        }
    }
}

/// Writes a repository of `commits` commits over `files` files into `dir` (created).
pub fn generate(dir: &Path, commits: usize, files: usize) -> anyhow::Result<()> {
    generate_shaped(dir, commits, files, &Shape::default_repository())
}

/// [`generate`] with its authors, vocabulary and randomness from `shape`.
pub fn generate_shaped(
    dir: &Path,
    commits: usize,
    files: usize,
    shape: &Shape,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let git = |args: &[&str]| -> anyhow::Result<()> {
        let st = Command::new("git")
            .current_dir(dir)
            .args(args)
            .status()
            .context("running git")?;
        anyhow::ensure!(st.success(), "git {args:?} failed");
        Ok(())
    };
    git(&["init", "-q", "-b", "main"])?;
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .context("starting git fast-import")?;
    let mut out = std::io::BufWriter::new(child.stdin.take().context("fast-import stdin")?);
    let mut rng = Rng(shape.seed | 1);
    let word = |i: usize| -> &str {
        match shape.words.len() {
            0 => "item",
            n => &shape.words[i % n],
        }
    };
    let mut names: Vec<String> = (0..files)
        .map(|i| match shape.words.len() {
            0 => format!("src/mod{}/file{i}.rs", i % 40),
            _ => format!("src/{}/{}_{i}.rs", word(i % 7), word(i / 7 + 3)),
        })
        .collect();
    let mut contents: Vec<Vec<String>> = (0..files)
        .map(|i| {
            (0..60)
                .map(|l| format!("fn {}_{i}_{l}() -> u32 {{ {l} }}", word(i + l)))
                .collect()
        })
        .collect();
    let authors = &shape.authors;
    let mut mark = 0usize;
    let mut branch_tip: Option<usize> = None;
    for c in 0..commits {
        let (name, email) =
            &authors[(rng.below(authors.len()) * rng.below(authors.len())) % authors.len()];
        let t = 1_500_000_000 + c as i64 * 1800;
        let tz = ["+0000", "+0100", "-0500", "+0530", "+0900"][c % 5];
        let on_branch = c % 50 >= 40;
        let refname = if on_branch {
            "refs/heads/topic"
        } else {
            "refs/heads/main"
        };
        mark += 1;
        writeln!(out, "commit {refname}\nmark :{mark}")?;
        writeln!(
            out,
            "author {name} <{email}> {t} {tz}\ncommitter {name} <{email}> {t} {tz}"
        )?;
        let msg = match shape.words.len() {
            0 => format!("Change {c}: adjust items"),
            n => format!("Change {c}: adjust {} {}", word(c % n), word(c / 3)),
        };
        writeln!(out, "data {}\n{msg}", msg.len())?;
        if on_branch && c % 50 == 40 {
            writeln!(out, "from :{}", mark - 1)?;
        }
        if !on_branch && c % 50 == 0 && c > 0 {
            if let Some(tip) = branch_tip.take() {
                writeln!(out, "from :{}\nmerge :{tip}", mark - 11)?;
            }
        }
        let touched = 1 + rng.below(3);
        for _ in 0..touched {
            let k = rng.below(files);
            if c > 0 && rng.below(200) == 0 {
                let new = format!("src/moved/file{k}_{c}.rs");
                writeln!(out, "D {}", names[k])?;
                names[k] = new;
            }
            let lines = &mut contents[k];
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(lines.len());
                match rng.below(3) {
                    0 => lines.insert(at, format!("// note {c}")),
                    1 if lines.len() > 20 => {
                        lines.remove(at);
                    }
                    _ => lines[at] = format!("fn item_{k}_{at}_{c}() -> u32 {{ {c} }}"),
                }
            }
            let body = lines.join("\n") + "\n";
            writeln!(
                out,
                "M 100644 inline {}\ndata {}\n{body}",
                names[k],
                body.len()
            )?;
        }
        if on_branch {
            branch_tip = Some(mark);
        }
    }
    drop(out);
    anyhow::ensure!(child.wait()?.success(), "git fast-import failed");
    git(&["reset", "-q", "--hard", "main"])?;
    // fast-import writes long, unoptimised delta chains; repack like a real repository's gc.
    git(&["repack", "-q", "-a", "-d", "-f"])?;
    Ok(())
}
