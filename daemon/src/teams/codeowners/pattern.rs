//! CODEOWNERS path patterns, matched the way each host documents them.
//!
//! - **GitHub** ("About code owners", docs.github.com): gitignore-style patterns with three
//!   exceptions that do not work — `\#` escapes, `!` negation and `[ ]` ranges. Observed
//!   semantics (the behaviour the GitHub docs' examples show, e.g. `docs/*` owning
//!   `docs/getting-started.md` but not `docs/build-app/troubleshooting.md`, and `/apps/github`
//!   owning that whole subdirectory): a pattern without a slash, or with only a trailing one,
//!   matches at any depth; any other slash anchors it at the root; a trailing `/` owns everything
//!   below; a last segment that is a lone `*` matches one level only; any other last segment also
//!   matches everything below a directory of that name; `**` spans any number of directories.
//! - **Bitbucket** (Bitbucket Cloud "Set up and use code owners"; Data Center "Code owners"):
//!   "most of the same rules as .gitignore" with the same exceptions as GitHub, so the same
//!   matcher; the Code Owners app's `{a,b}` alternatives are expanded first.
//! - **GitLab** ("Advanced CODEOWNERS configuration", docs.gitlab.com): `File::fnmatch` with
//!   `FNM_DOTMATCH | FNM_PATHNAME` after normalising the pattern: `*` alone is `/**/*`; a pattern
//!   not starting with `/` gets `/**/` in front (so `internal/README.md` also matches
//!   `docs/internal/README.md`, unlike GitHub); a trailing `/` gets `**/*`. Matched against the
//!   path with a leading `/`, using git's wildmatch (the same `WM_PATHNAME` rules: `*`, `?`,
//!   `[...]`, `**/`). A name without a trailing slash is a file name there, not a directory.

use crate::classify::wildmatch;

/// Which host's rules a CODEOWNERS file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    GitHub,
    GitLab,
    Bitbucket,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::GitHub => "github",
            Dialect::GitLab => "gitlab",
            Dialect::Bitbucket => "bitbucket",
        }
    }

    /// `github`, `gitlab` or `bitbucket` (any case).
    pub fn parse(s: &str) -> Option<Dialect> {
        match s.trim().to_ascii_lowercase().as_str() {
            "github" => Some(Dialect::GitHub),
            "gitlab" => Some(Dialect::GitLab),
            "bitbucket" => Some(Dialect::Bitbucket),
            _ => None,
        }
    }
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    alternatives: Vec<Compiled>,
}

#[derive(Debug, Clone, PartialEq)]
enum Compiled {
    /// GitHub / Bitbucket: segments, `**` spanning directories.
    Segments(Vec<Segment>),
    /// GitLab: the normalised fnmatch pattern, matched against `/` + path.
    Fnmatch(Vec<u8>),
    /// `/` alone: matches nothing (GitHub).
    Nothing,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// `**`: any number of whole directories.
    Any,
    /// A lone `*`: exactly one path component.
    One,
    /// A component glob (`*`, `?`, `\x` and literals).
    Glob(Vec<Tok>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Star,
    Question,
    Byte(u8),
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(pub String);

impl Pattern {
    /// Compiles `text` (as written in the file, escapes included) for `dialect`.
    pub fn compile(text: &str, dialect: Dialect) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError("empty pattern".into()));
        }
        if text.contains("***") {
            return Err(PatternError(
                "three asterisks in a row match nothing sensible".into(),
            ));
        }
        let alternatives = match dialect {
            Dialect::GitLab => vec![Compiled::Fnmatch(gitlab_normalise(text).into_bytes())],
            Dialect::GitHub => vec![gitignore(text)],
            Dialect::Bitbucket => expand_braces(text).iter().map(|t| gitignore(t)).collect(),
        };
        Ok(Pattern { alternatives })
    }

    /// Whether the repository-relative file path `path` (no leading `/`) matches.
    pub fn matches(&self, path: &str) -> bool {
        let comps: Vec<&[u8]> = path.as_bytes().split(|&b| b == b'/').collect();
        self.alternatives.iter().any(|c| match c {
            Compiled::Nothing => false,
            Compiled::Segments(segs) => match_segments(segs, &comps),
            Compiled::Fnmatch(p) => {
                let mut t = Vec::with_capacity(path.len() + 1);
                t.push(b'/');
                t.extend_from_slice(path.as_bytes());
                wildmatch(p, &t)
            }
        })
    }
}

/// GitLab's normalisation (see the module comment).
fn gitlab_normalise(text: &str) -> String {
    if text == "*" {
        return "/**/*".into();
    }
    let mut p = text
        .strip_prefix("\\#")
        .map_or(text.to_string(), |r| format!("#{r}"));
    if !p.starts_with('/') {
        p = format!("/**/{p}");
    }
    if p.ends_with('/') {
        p.push_str("**/*");
    }
    p
}

/// The gitignore-style segments of GitHub and Bitbucket (see the module comment).
fn gitignore(text: &str) -> Compiled {
    if text == "/" {
        return Compiled::Nothing;
    }
    let mut raw: Vec<&str> = text.split('/').collect();
    if raw[0].is_empty() {
        raw.remove(0); // leading slash: anchored at the root
    } else if (raw.len() == 1 || (raw.len() == 2 && raw[1].is_empty())) && raw[0] != "**" {
        raw.insert(0, "**"); // one segment: at any depth
    }
    if raw.len() > 1 && raw.last() == Some(&"") {
        let last = raw.len() - 1;
        raw[last] = "**"; // trailing slash: everything below
    }
    Compiled::Segments(
        raw.into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| match s {
                "**" => Segment::Any,
                "*" => Segment::One,
                glob => Segment::Glob(tokens(glob)),
            })
            .collect(),
    )
}

fn tokens(glob: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut bytes = glob.bytes();
    while let Some(b) = bytes.next() {
        out.push(match b {
            b'\\' => Tok::Byte(bytes.next().unwrap_or(b'\\')),
            b'*' => Tok::Star,
            b'?' => Tok::Question,
            other => Tok::Byte(other),
        });
    }
    out
}

/// `segs` against path components `comps`.
fn match_segments(segs: &[Segment], comps: &[&[u8]]) -> bool {
    let Some((seg, rest)) = segs.split_first() else {
        return comps.is_empty();
    };
    let last = rest.is_empty();
    match seg {
        Segment::Any if last => !comps.is_empty(),
        Segment::Any => (0..=comps.len()).any(|k| match_segments(rest, &comps[k..])),
        Segment::One => {
            !comps.is_empty()
                && if last {
                    comps.len() == 1
                } else {
                    match_segments(rest, &comps[1..])
                }
        }
        Segment::Glob(toks) => {
            let Some((c, more)) = comps.split_first() else {
                return false;
            };
            glob(toks, c) && (last || match_segments(rest, more))
        }
    }
}

/// One component against a component glob.
fn glob(toks: &[Tok], s: &[u8]) -> bool {
    match toks.split_first() {
        None => s.is_empty(),
        Some((Tok::Star, rest)) => (0..=s.len()).any(|k| glob(rest, &s[k..])),
        Some((Tok::Question, rest)) => !s.is_empty() && glob(rest, &s[1..]),
        Some((Tok::Byte(b), rest)) => s.first() == Some(b) && glob(rest, &s[1..]),
    }
}

/// The Bitbucket Code Owners app's `{a,b}` alternatives, expanded (nested braces too);
/// a brace without its pair is literal.
fn expand_braces(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let Some(open) = b.iter().position(|&c| c == b'{') else {
        return vec![text.to_string()];
    };
    let mut depth = 0;
    let mut commas = Vec::new();
    let mut close = None;
    for (i, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            b',' if depth == 1 => commas.push(i),
            _ => {}
        }
    }
    let Some(close) = close.filter(|_| !commas.is_empty()) else {
        return vec![text.to_string()];
    };
    let (head, tail) = (&text[..open], &text[close + 1..]);
    let mut bounds = vec![open];
    bounds.extend(&commas);
    bounds.push(close);
    bounds
        .windows(2)
        .flat_map(|w| expand_braces(&format!("{head}{}{tail}", &text[w[0] + 1..w[1]])))
        .collect()
}

/// Whether `pattern` (as written) uses `[ ]`, which GitHub and Bitbucket do not support.
pub fn uses_character_class(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'[' && (i == 0 || b[i - 1] != b'\\') && b[i..].contains(&b']'))
}

#[cfg(test)]
#[path = "pattern_tests.rs"]
mod tests;
