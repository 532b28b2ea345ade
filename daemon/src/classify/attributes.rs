//! The linguist-* subset of `.gitattributes` (root and nested files) with git's semantics:
//! gitignore-style patterns, later lines override earlier ones, deeper files override shallower
//! ones, `!attr` resets to unspecified (gitattributes(5), git/attr.c).

use std::collections::HashMap;

use super::attr_line::{parse_line, Flag, Lang, Rule};

/// What `.gitattributes` says about one path; `None` means unspecified (use the heuristics).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub vendored: Option<bool>,
    pub generated: Option<bool>,
    pub documentation: Option<bool>,
    /// `linguist-detectable`: count (or not) in the language statistics whatever the type.
    pub detectable: Option<bool>,
    pub language: Option<&'static str>,
}

/// Parsed `.gitattributes` files (root and nested), only the linguist-* attributes
/// (`linguist-vendored`, `linguist-generated`, `linguist-documentation`, `linguist-detectable`,
/// each set/unset/`-x`/
/// `=false`, and `linguist-language=X`), with git's pattern rules (gitignore-style globs;
/// patterns without a slash match basenames at any depth below the file's directory; later
/// lines override earlier ones; deeper files override shallower ones).
///
/// Not modelled: `[attr]` macro definitions (a macro that expands to linguist-* attributes is
/// ignored), `core.ignorecase`, and `$GIT_DIR/info/attributes`. As in git, a pattern with a
/// trailing '/' matches directories only, so it never applies to a file (write `dir/**`).
#[derive(Debug, Default)]
pub struct Attributes {
    /// Rules of each `.gitattributes`, keyed by its directory ("" for the root, no slashes
    /// at either end), in file order.
    files: HashMap<Vec<u8>, Vec<Rule>>,
}

impl Attributes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the `.gitattributes` found in `dir` (repo-relative; "" is the root).
    pub fn add_file(&mut self, dir: &[u8], content: &[u8]) {
        let mut dir = dir;
        while let Some(rest) = dir.strip_prefix(b"./") {
            dir = rest;
        }
        let dir = trim_slashes(dir);
        let rules: Vec<Rule> = content
            .split(|&b| b == b'\n')
            .filter_map(parse_line)
            .collect();
        if rules.is_empty() {
            self.files.remove(dir);
        } else {
            self.files.insert(dir.to_vec(), rules);
        }
    }

    /// True when no file with linguist-* attributes was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The linguist-* attributes of `path` (repo-relative, '/'-separated): deepest file first,
    /// last line first; the first line that mentions an attribute decides it (git's fill order).
    pub fn lookup(&self, path: &[u8]) -> Overrides {
        let mut out = Overrides::default();
        if self.files.is_empty() {
            return out;
        }
        let (mut v, mut g, mut d, mut t, mut l) = (None, None, None, None, None);
        let slashes = path
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'/')
            .map(|(i, _)| i);
        let dirs = std::iter::once(None)
            .chain(slashes.map(Some))
            .collect::<Vec<_>>();
        for end in dirs.into_iter().rev() {
            let (dir, rel) = match end {
                Some(i) => (&path[..i], &path[i + 1..]),
                None => (&path[..0], path),
            };
            let Some(rules) = self.files.get(dir) else {
                continue;
            };
            for rule in rules.iter().rev() {
                if !rule.matches(rel) {
                    continue;
                }
                fill(&mut v, rule.vendored);
                fill(&mut g, rule.generated);
                fill(&mut d, rule.documentation);
                fill(&mut t, rule.detectable);
                fill(&mut l, rule.language);
                if v.is_some() && g.is_some() && d.is_some() && t.is_some() && l.is_some() {
                    break;
                }
            }
        }
        out.vendored = v.and_then(flag_value);
        out.generated = g.and_then(flag_value);
        out.documentation = d.and_then(flag_value);
        out.detectable = t.and_then(flag_value);
        out.language = match l {
            Some(Lang::Name(name)) => Some(name),
            _ => None,
        };
        out
    }
}

fn fill<T: Copy>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn flag_value(f: Flag) -> Option<bool> {
    match f {
        Flag::True => Some(true),
        Flag::False => Some(false),
        Flag::Reset => None,
    }
}

fn trim_slashes(mut s: &[u8]) -> &[u8] {
    while let [b'/', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b'/'] = s {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(files: &[(&str, &str)]) -> Attributes {
        let mut a = Attributes::new();
        for (dir, content) in files {
            a.add_file(dir.as_bytes(), content.as_bytes());
        }
        a
    }

    fn get(a: &Attributes, path: &str) -> Overrides {
        a.lookup(path.as_bytes())
    }

    #[test]
    fn set_unset_false_and_values() {
        let a = attrs(&[(
            "",
            "# comment\n\n*.js linguist-vendored\n*.css -linguist-vendored\n*.ts linguist-vendored=false\n\
             *.go linguist-generated=true linguist-documentation=yes\n*.x linguist-language=rust\n\
             *.y linguist-language=Klingon\n*.rs text eol=lf\n",
        )]);
        assert_eq!(get(&a, "a/b/c.js").vendored, Some(true));
        assert_eq!(get(&a, "c.css").vendored, Some(false));
        assert_eq!(get(&a, "c.ts").vendored, Some(false));
        let go = get(&a, "x/y.go");
        assert_eq!(
            (go.generated, go.documentation, go.vendored),
            (Some(true), Some(true), None)
        );
        assert_eq!(get(&a, "p.x").language, Some("Rust"));
        assert_eq!(get(&a, "p.y").language, Some("Klingon"));
        assert_eq!(get(&a, "main.rs"), Overrides::default());
        assert_eq!(get(&a, "README"), Overrides::default());
    }

    #[test]
    fn later_lines_override_earlier_and_reset_hides_earlier() {
        let a = attrs(&[(
            "",
            "vendor/** linguist-vendored\nvendor/ours/** -linguist-vendored\n\
             gen/* linguist-generated\ngen/keep.c !linguist-generated\n",
        )]);
        assert_eq!(get(&a, "vendor/lib/x.c").vendored, Some(true));
        assert_eq!(get(&a, "vendor/ours/x.c").vendored, Some(false));
        assert_eq!(get(&a, "gen/a.c").generated, Some(true));
        assert_eq!(get(&a, "gen/keep.c").generated, None);
        assert_eq!(
            get(&a, "gen/sub/a.c").generated,
            None,
            "* does not cross '/'"
        );
    }

    #[test]
    fn deeper_files_override_and_patterns_are_relative_to_their_file() {
        let a = attrs(&[
            (
                "",
                "*.json linguist-generated\nsub/fixed.txt linguist-documentation\n",
            ),
            (
                "sub/",
                "*.json -linguist-generated\n/local.txt linguist-documentation\n",
            ),
            ("sub/deeper", "data/*.json linguist-generated\n"),
        ]);
        assert_eq!(get(&a, "x.json").generated, Some(true));
        assert_eq!(get(&a, "other/x.json").generated, Some(true));
        assert_eq!(get(&a, "sub/x.json").generated, Some(false));
        assert_eq!(get(&a, "sub/a/b/x.json").generated, Some(false));
        assert_eq!(get(&a, "sub/deeper/data/x.json").generated, Some(true));
        assert_eq!(get(&a, "sub/deeper/x.json").generated, Some(false));
        assert_eq!(get(&a, "sub/fixed.txt").documentation, Some(true));
        assert_eq!(get(&a, "sub/local.txt").documentation, Some(true));
        assert_eq!(get(&a, "local.txt").documentation, None);
        assert_eq!(
            get(&a, "sub/x/local.txt").documentation,
            None,
            "anchored to sub/"
        );
    }

    #[test]
    fn basename_patterns_and_slash_patterns() {
        let a = attrs(&[(
            "",
            "Makefile.in linguist-generated\ndocs/*.md linguist-documentation\n\
             /root-only.c linguist-vendored\n**/third/** linguist-vendored\nvendor/ linguist-vendored\n",
        )]);
        assert_eq!(get(&a, "a/b/Makefile.in").generated, Some(true));
        assert_eq!(get(&a, "docs/a.md").documentation, Some(true));
        assert_eq!(
            get(&a, "x/docs/a.md").documentation,
            None,
            "slash patterns are anchored"
        );
        assert_eq!(get(&a, "root-only.c").vendored, Some(true));
        assert_eq!(get(&a, "a/root-only.c").vendored, None);
        assert_eq!(get(&a, "a/third/b/c.c").vendored, Some(true));
        assert_eq!(get(&a, "third/c.c").vendored, Some(true));
        assert_eq!(
            get(&a, "vendor/x.c").vendored,
            None,
            "dir-only patterns never match files"
        );
    }

    #[test]
    fn quoted_patterns_macros_and_negations() {
        let a = attrs(&[(
            "",
            "\"with space/*.c\" linguist-vendored\n\"caf\\303\\251.txt\" linguist-documentation\n\
             [attr]mine linguist-vendored\n!*.h linguist-vendored\n  \t*.h\tlinguist-generated  \r\n",
        )]);
        assert_eq!(get(&a, "with space/a.c").vendored, Some(true));
        assert_eq!(a.lookup("café.txt".as_bytes()).documentation, Some(true));
        assert_eq!(get(&a, "mine").vendored, None);
        let h = get(&a, "x.h");
        assert_eq!((h.vendored, h.generated), (None, Some(true)));
    }

    #[test]
    fn empty_and_irrelevant_files_are_dropped() {
        let mut a = attrs(&[("", "*.c text\n")]);
        assert!(a.is_empty());
        a.add_file(b"", b"*.c linguist-vendored\n");
        assert!(!a.is_empty());
        a.add_file(b"", b"");
        assert!(a.is_empty());
    }

    #[test]
    fn language_reset_and_bare_attribute_give_no_override() {
        let a = attrs(&[(
            "",
            "*.h linguist-language=C++\nold/*.h -linguist-language\n",
        )]);
        assert_eq!(get(&a, "x.h").language, Some("C++"));
        assert_eq!(get(&a, "old/x.h").language, None);
    }
}
