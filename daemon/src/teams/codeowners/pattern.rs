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
mod tests {
    use super::*;

    /// `(pattern, [(path, expected)])` for one dialect.
    fn check(dialect: Dialect, pattern: &str, cases: &[(&str, bool)]) {
        let p = Pattern::compile(pattern, dialect).unwrap();
        for (path, want) in cases {
            assert_eq!(
                p.matches(path),
                *want,
                "{dialect:?} pattern {pattern:?} on {path:?}"
            );
        }
    }

    #[test]
    fn github_single_segments_match_at_any_depth() {
        let gh = Dialect::GitHub;
        check(
            gh,
            "foo",
            &[
                ("foo", true),
                ("foo.txt", false),
                ("foo/bar", true),
                ("bar/foo", true),
                ("bar/foo/baz", true),
                ("bar/baz", false),
            ],
        );
        check(
            gh,
            "/foo",
            &[
                ("foo", true),
                ("foo/bar/baz", true),
                ("bar/foo", false),
                ("fool.txt", false),
            ],
        );
        check(
            gh,
            "foo/",
            &[
                ("foo", false),
                ("foo/bar", true),
                ("bar/foo/baz", true),
                ("bar/foo", false),
            ],
        );
        check(
            gh,
            "/foo/",
            &[
                ("foo", false),
                ("foo/bar/baz", true),
                ("bar/foo/baz", false),
            ],
        );
        check(
            gh,
            "*.js",
            &[
                ("a.js", true),
                ("src/deep/b.js", true),
                ("a.jsx", false),
                ("x.js/inner.txt", true),
            ],
        );
        check(
            gh,
            "*",
            &[("a", true), ("a/b/c", true), (".github/x", true)],
        );
        check(
            gh,
            "f*",
            &[("foo/bar", true), ("bar/foo/baz", true), ("xfoo", false)],
        );
    }

    #[test]
    fn github_slashes_anchor_and_a_lone_star_stays_on_one_level() {
        let gh = Dialect::GitHub;
        // the docs' example: docs/* owns docs/getting-started.md, not docs/build-app/troubleshooting.md
        check(
            gh,
            "docs/*",
            &[
                ("docs/getting-started.md", true),
                ("docs/build-app/troubleshooting.md", false),
                ("docs", false),
                ("x/docs/a.md", false),
            ],
        );
        // the docs' example: /apps/github (no trailing slash) owns that subdirectory
        check(
            gh,
            "/apps/github",
            &[
                ("apps/github/a.rb", true),
                ("apps/github", true),
                ("apps/githubx", false),
            ],
        );
        check(
            gh,
            "foo/bar",
            &[
                ("foo/bar", true),
                ("foo/bar/baz", true),
                ("baz/foo/bar", false),
                ("foo/bart", false),
            ],
        );
        check(
            gh,
            "foo/bar/",
            &[
                ("foo/bar", false),
                ("foo/bar/baz", true),
                ("baz/foo/bar/qux", false),
            ],
        );
        check(
            gh,
            "foo/*.txt",
            &[
                ("foo/bar.txt", true),
                ("foo/bar/baz.txt", false),
                ("qux/foo/bar.txt", false),
            ],
        );
        check(
            gh,
            "foo/*/baz",
            &[
                ("foo/bar/baz", true),
                ("foo/bar/baz/qux", true),
                ("foo/baz", false),
            ],
        );
        check(gh, "/*", &[("foo", true), ("foo/bar", false)]);
        check(
            gh,
            "/*/",
            &[("foo", false), ("foo/bar", true), ("bar/foo/baz", true)],
        );
        check(
            gh,
            "f*/",
            &[
                ("foo", false),
                ("foo/bar", true),
                ("bar/foo", false),
                ("bar/foo/baz", true),
            ],
        );
        check(gh, "/", &[("foo", false)]);
    }

    #[test]
    fn github_double_stars_escapes_and_question_marks() {
        let gh = Dialect::GitHub;
        check(
            gh,
            "**/foo/bar",
            &[
                ("foo/bar", true),
                ("qux/foo/bar/baz", true),
                ("foo/baz/bar", false),
            ],
        );
        check(
            gh,
            "foo/bar/**",
            &[
                ("foo/bar", false),
                ("foo/bar/baz/qux", true),
                ("qux/foo/bar/baz", false),
            ],
        );
        check(
            gh,
            "foo/**/bar",
            &[
                ("foo/bar", true),
                ("foo/qux/quux/bar/baz", true),
                ("qux/foo/bar", false),
            ],
        );
        check(
            gh,
            "foo/**/",
            &[("foo", false), ("foo/bar", true), ("foo/bar/baz", true)],
        );
        check(
            gh,
            "foo/**/bar/b*",
            &[
                ("foo/bar/baz", true),
                ("foo/qux/bar/baz", true),
                ("foo/bar/qux", false),
            ],
        );
        check(
            gh,
            "**/*bar*",
            &[("bar", true), ("foo/rebar", true), ("foo/qux/barrio", true)],
        );
        check(gh, "f?o", &[("foo", true), ("fo", false), ("fooo", false)]);
        check(gh, "f\\*o", &[("foo", false), ("f*o", true)]);
        check(gh, "f\\?o", &[("foo", false), ("f?o", true)]);
        assert!(Pattern::compile("a/***/b", gh).is_err());
        assert!(Pattern::compile("", gh).is_err());
    }

    #[test]
    fn gitlab_relative_paths_are_globstars_and_names_are_files() {
        let gl = Dialect::GitLab;
        // documented: README.md matches /README.md, /internal/README.md, /app/lib/README.md
        check(
            gl,
            "README.md",
            &[
                ("README.md", true),
                ("internal/README.md", true),
                ("app/lib/README.md", true),
                ("README.mdx", false),
            ],
        );
        // documented: internal/README.md also matches /docs/internal/README.md (GitHub would not)
        check(
            gl,
            "internal/README.md",
            &[
                ("internal/README.md", true),
                ("docs/internal/README.md", true),
                ("docs/api/internal/README.md", true),
            ],
        );
        assert!(!Pattern::compile("internal/README.md", Dialect::GitHub)
            .unwrap()
            .matches("docs/internal/README.md"));
        check(
            gl,
            "/README.md",
            &[("README.md", true), ("docs/README.md", false)],
        );
        check(
            gl,
            "/docs/",
            &[
                ("docs/a.md", true),
                ("docs/api/b.md", true),
                ("x/docs/a.md", false),
            ],
        );
        check(gl, "lib/", &[("lib/a.rb", true), ("app/lib/b/c.rb", true)]);
        check(
            gl,
            "/docs/*",
            &[("docs/a.md", true), ("docs/api/b.md", false)],
        );
        check(
            gl,
            "/docs/**/*.md",
            &[
                ("docs/a.md", true),
                ("docs/api/graphql/b.md", true),
                ("docs/a.txt", false),
            ],
        );
        check(
            gl,
            "/docs/*/README.md",
            &[("docs/api/README.md", true), ("docs/README.md", false)],
        );
        check(gl, "*", &[("a", true), ("a/b/.gitignore", true)]);
        check(
            gl,
            "*.rb",
            &[
                ("config/database.rb", true),
                ("app/controllers/users/stars_controller.rb", true),
            ],
        );
        // fnmatch: a name without a trailing slash is a file, not a directory
        check(gl, "/docs", &[("docs", true), ("docs/a.md", false)]);
        // GitLab supports character classes
        check(
            gl,
            "/src/[ab].rs",
            &[("src/a.rs", true), ("src/c.rs", false)],
        );
        check(gl, "\\#notes.md", &[("#notes.md", true)]);
    }

    #[test]
    fn bitbucket_braces_expand() {
        let bb = Dialect::Bitbucket;
        check(
            bb,
            "main.{java,js,ts}",
            &[
                ("main.java", true),
                ("src/main.ts", true),
                ("main.py", false),
            ],
        );
        check(
            bb,
            "docs/{public/*,api/*}",
            &[
                ("docs/public/a", true),
                ("docs/api/b", true),
                ("docs/other/c", false),
                ("docs/public/x/y", false),
            ],
        );
        check(
            bb,
            "ci/*",
            &[("ci/a.yml", true), ("ci/jobs/prod.yml", false)],
        );
        check(bb, "frontend/", &[("frontend/a/b.ts", true)]);
        assert_eq!(expand_braces("a{b,c{d,e}}f"), ["abf", "acdf", "acef"]);
        assert_eq!(expand_braces("a{b}c"), ["a{b}c"]);
    }

    #[test]
    fn character_classes_are_noticed() {
        assert!(uses_character_class("src/[ab].rs"));
        assert!(!uses_character_class("src/\\[ab].rs"));
        assert!(!uses_character_class("src/a.rs"));
    }
}
