//! One line of a `.gitattributes` file reduced to its linguist-* attributes: the pattern
//! (quoted or not, git/attr.c `parse_attr_line`) and set / unset / reset / value states,
//! plus how the pattern matches a path relative to the file's directory.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use super::language;
use super::wildmatch::wildmatch;

/// A boolean linguist attribute as a line states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Flag {
    /// `attr`, `attr=true`, `attr=anything-but-false` (Linguist's `boolean_attribute`).
    True,
    /// `-attr`, `attr=false`.
    False,
    /// `!attr`: back to unspecified, hiding lower-priority lines.
    Reset,
}

/// `linguist-language` as a line states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lang {
    Name(&'static str),
    /// `!linguist-language`, `-linguist-language` or a bare `linguist-language`: no override.
    Reset,
}

#[derive(Debug, Default)]
pub(super) struct Rule {
    pub(super) pattern: Vec<u8>,
    /// The pattern has no '/' and is matched against the basename at any depth.
    pub(super) basename: bool,
    pub(super) vendored: Option<Flag>,
    pub(super) generated: Option<Flag>,
    pub(super) documentation: Option<Flag>,
    pub(super) detectable: Option<Flag>,
    pub(super) language: Option<Lang>,
}

impl Rule {
    /// `rel` is the path relative to the directory of this rule's file.
    pub(super) fn matches(&self, rel: &[u8]) -> bool {
        if self.basename {
            let base = match rel.iter().rposition(|&b| b == b'/') {
                Some(i) => &rel[i + 1..],
                None => rel,
            };
            wildmatch(&self.pattern, base)
        } else {
            wildmatch(&self.pattern, rel)
        }
    }
}

const BLANK: &[u8] = b" \t\r\n";

/// One line of a `.gitattributes` file: `pattern attr1 attr2 ...` (git/attr.c `parse_attr_line`).
/// Lines without any linguist-* attribute, comments, macros, negative patterns and
/// directory-only patterns give `None`.
pub(super) fn parse_line(line: &[u8]) -> Option<Rule> {
    let line = skip_blank(line);
    if line.is_empty() || line[0] == b'#' {
        return None;
    }
    let (mut pattern, rest) = if line[0] == b'"' {
        unquote(&line[1..])?
    } else {
        let end = line
            .iter()
            .position(|b| BLANK.contains(b))
            .unwrap_or(line.len());
        (line[..end].to_vec(), &line[end..])
    };
    if pattern.starts_with(b"[attr]") || pattern.starts_with(b"!") || pattern.is_empty() {
        return None; // macros are not modelled; negative patterns are forbidden in git
    }
    if pattern.ends_with(b"/") {
        return None; // matches directories only, never a file
    }
    let basename = !pattern.contains(&b'/');
    if pattern.starts_with(b"/") {
        pattern.remove(0);
    }
    let mut rule = Rule {
        pattern,
        basename,
        ..Rule::default()
    };
    for token in rest.split(|b| BLANK.contains(b)).filter(|t| !t.is_empty()) {
        let (state, name) = match token[0] {
            b'-' => (Some(false), &token[1..]),
            b'!' => (None, &token[1..]),
            _ => (Some(true), token),
        };
        let (name, value) = match name.iter().position(|&b| b == b'=') {
            Some(i) if state == Some(true) => (&name[..i], Some(&name[i + 1..])),
            _ => (name, None),
        };
        let flag = match (state, value) {
            (None, _) => Flag::Reset,
            (Some(false), _) | (Some(true), Some(b"false")) => Flag::False,
            (Some(true), _) => Flag::True,
        };
        match name {
            b"linguist-vendored" => rule.vendored = Some(flag),
            b"linguist-generated" => rule.generated = Some(flag),
            b"linguist-documentation" => rule.documentation = Some(flag),
            b"linguist-detectable" => rule.detectable = Some(flag),
            b"linguist-language" => {
                rule.language = Some(match value.and_then(|v| std::str::from_utf8(v).ok()) {
                    Some(v) if !v.is_empty() => Lang::Name(language_name(v)),
                    _ => Lang::Reset,
                })
            }
            _ => {}
        }
    }
    let any = rule.vendored.is_some()
        || rule.generated.is_some()
        || rule.documentation.is_some()
        || rule.detectable.is_some()
        || rule.language.is_some();
    any.then_some(rule)
}

fn skip_blank(mut s: &[u8]) -> &[u8] {
    while let [b, rest @ ..] = s {
        if !BLANK.contains(b) {
            break;
        }
        s = rest;
    }
    s
}

/// A C-style quoted pattern (git's `unquote_c_style`), `s` starting after the opening quote:
/// the pattern and the rest of the line, or `None` when the quote is malformed.
fn unquote(s: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'"' => return Some((out, &s[i + 1..])),
            b'\\' => {
                i += 1;
                let c = *s.get(i)?;
                match c {
                    b'a' => out.push(7),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'v' => out.push(11),
                    b'\\' | b'"' => out.push(c),
                    b'0'..=b'3' => {
                        let digits = s.get(i..i + 3)?;
                        if !digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                            return None;
                        }
                        out.push(digits.iter().fold(0u8, |acc, d| (acc << 3) | (d - b'0')));
                        i += 2;
                    }
                    _ => return None,
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    None
}

/// The `&'static` name for a `linguist-language=` value: the table's canonical name when the
/// value is a known name or alias, otherwise the value itself, interned once per process.
fn language_name(value: &str) -> &'static str {
    if let Some(lang) = language::by_name(value) {
        return lang.name;
    }
    static INTERNED: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut set = INTERNED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(name) = set.get(value) {
        return name;
    }
    let name: &'static str = Box::leak(value.to_owned().into_boxed_str());
    set.insert(name);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_values() {
        let r = parse_line(b"*.c linguist-vendored -linguist-generated !linguist-documentation")
            .unwrap();
        assert_eq!(r.vendored, Some(Flag::True));
        assert_eq!(r.generated, Some(Flag::False));
        assert_eq!(r.documentation, Some(Flag::Reset));
        assert_eq!(r.language, None);
        assert!(r.basename);
        let r = parse_line(b"/a/b/*.c linguist-vendored=false linguist-language=cpp").unwrap();
        assert_eq!(
            (r.pattern.as_slice(), r.basename),
            (b"a/b/*.c".as_slice(), false)
        );
        assert_eq!(r.vendored, Some(Flag::False));
        assert_eq!(r.language, Some(Lang::Name("C++")));
        let r = parse_line(b"x linguist-generated linguist-generated=false").unwrap();
        assert_eq!(
            r.generated,
            Some(Flag::False),
            "the last mention in a line wins"
        );
    }

    #[test]
    fn lines_that_say_nothing_about_linguist_are_dropped() {
        for line in [
            &b""[..],
            b"   ",
            b"# *.c linguist-vendored",
            b"*.c text eol=lf",
            b"[attr]x linguist-vendored",
            b"!*.c linguist-vendored",
            b"dir/ linguist-vendored",
            b"\"unterminated linguist-vendored",
        ] {
            assert!(
                parse_line(line).is_none(),
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn quoted_patterns_follow_c_style_escapes() {
        let (pattern, rest) = unquote(br#"a b\\c\"d\t\101" rest"#).unwrap();
        assert_eq!(
            (pattern.as_slice(), rest),
            (&b"a b\\c\"d\tA"[..], &b" rest"[..])
        );
        let (pattern, rest) = unquote(br#"caf\303\251""#).unwrap();
        assert_eq!(
            (pattern.as_slice(), rest),
            ("caf\u{e9}".as_bytes(), &b""[..])
        );
        assert_eq!(unquote(br#"bad\q""#), None);
        assert_eq!(unquote(br#"\48""#), None);
        assert_eq!(unquote(b"open"), None);
    }

    #[test]
    fn interned_unknown_language_is_shared() {
        assert_eq!(language_name("golang"), "Go");
        let a = language_name("Zzz Lang");
        let b = language_name("Zzz Lang");
        assert_eq!(a, "Zzz Lang");
        assert!(std::ptr::eq(a, b));
    }
}
