//! git's `wildmatch()` with `WM_PATHNAME` (git/wildmatch.c, the matcher behind gitignore and
//! gitattributes patterns): `*` and `?` never match '/', `**` between slashes (or at either end)
//! matches any number of directories, `[...]` classes with `!`/`^`, ranges and `[:name:]`.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum M {
    Match,
    NoMatch,
    AbortAll,
    AbortToStarStar,
}

/// Whether `text` (a '/'-separated path) matches `pattern`, case-sensitively, as git's
/// `wildmatch(pattern, text, WM_PATHNAME)` decides.
pub fn wildmatch(pattern: &[u8], text: &[u8]) -> bool {
    dowild(pattern, text) == M::Match
}

/// Byte at `i`, or 0 past the end (git works on NUL-terminated strings; paths hold no NUL).
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// A transcription of git's `dowild()`: `p`/`t` index the pattern and the text; the sub-pattern
/// start (index 0 of `p`) counts as "start of pattern" for the `**` rule, as in git.
fn dowild(p: &[u8], t: &[u8]) -> M {
    let (mut pi, mut ti) = (0usize, 0usize);
    while pi < p.len() {
        let p_ch = p[pi];
        let t_ch = at(t, ti);
        if t_ch == 0 && p_ch != b'*' {
            return M::AbortAll;
        }
        match p_ch {
            b'\\' => {
                pi += 1;
                if t_ch != at(p, pi) {
                    return M::NoMatch;
                }
            }
            b'?' => {
                if t_ch == b'/' {
                    return M::NoMatch;
                }
            }
            b'*' => return star(p, pi, t, ti),
            b'[' => match bracket(p, pi, t_ch) {
                Ok(end) => pi = end,
                Err(m) => return m,
            },
            _ => {
                if t_ch != p_ch {
                    return M::NoMatch;
                }
            }
        }
        pi += 1;
        ti += 1;
    }
    if ti < t.len() {
        M::NoMatch
    } else {
        M::Match
    }
}

/// The `*` / `**` case of `dowild`, with `p[pi] == b'*'`.
fn star(p: &[u8], mut pi: usize, t: &[u8], mut ti: usize) -> M {
    let first = pi;
    pi += 1;
    let match_slash = if at(p, pi) == b'*' {
        while at(p, pi) == b'*' {
            pi += 1;
        }
        let prev_ok = first == 0 || p[first - 1] == b'/';
        let next = at(p, pi);
        let next_ok = next == 0 || next == b'/' || (next == b'\\' && at(p, pi + 1) == b'/');
        if prev_ok && next_ok {
            // "**/" also matches zero directories.
            if next == b'/' && dowild(&p[pi + 1..], &t[ti..]) == M::Match {
                return M::Match;
            }
            true
        } else {
            false
        }
    } else {
        false
    };
    if pi == p.len() {
        // Trailing star(s): "*" must not cross a '/', "**" may.
        if !match_slash && t[ti..].contains(&b'/') {
            return M::AbortToStarStar;
        }
        return M::Match;
    }
    if !match_slash && p[pi] == b'/' {
        // One star followed by a slash matches the rest of this path component.
        return match t[ti..].iter().position(|&b| b == b'/') {
            Some(k) => {
                ti += k;
                // Both sit on a '/': it matches; go on with the rest.
                dowild(&p[pi + 1..], &t[ti + 1..])
            }
            None => M::AbortAll,
        };
    }
    while ti < t.len() {
        let matched = dowild(&p[pi..], &t[ti..]);
        if matched != M::NoMatch {
            if !match_slash || matched != M::AbortToStarStar {
                return matched;
            }
        } else if !match_slash && t[ti] == b'/' {
            return M::AbortToStarStar;
        }
        ti += 1;
    }
    M::AbortAll
}

/// The `[...]` case with `p[pi] == b'['`: `Ok(index of the closing ']')` when `t_ch` matches.
fn bracket(p: &[u8], mut pi: usize, t_ch: u8) -> Result<usize, M> {
    pi += 1;
    let mut p_ch = at(p, pi);
    if p_ch == b'^' {
        p_ch = b'!';
    }
    let negated = p_ch == b'!';
    if negated {
        pi += 1;
        p_ch = at(p, pi);
    }
    let mut prev_ch = 0u8;
    let mut matched = false;
    loop {
        if p_ch == 0 {
            return Err(M::AbortAll);
        }
        if p_ch == b'\\' {
            pi += 1;
            p_ch = at(p, pi);
            if p_ch == 0 {
                return Err(M::AbortAll);
            }
            if t_ch == p_ch {
                matched = true;
            }
        } else if p_ch == b'-' && prev_ch != 0 && at(p, pi + 1) != 0 && at(p, pi + 1) != b']' {
            pi += 1;
            p_ch = at(p, pi);
            if p_ch == b'\\' {
                pi += 1;
                p_ch = at(p, pi);
                if p_ch == 0 {
                    return Err(M::AbortAll);
                }
            }
            if t_ch <= p_ch && t_ch >= prev_ch {
                matched = true;
            }
            p_ch = 0; // a range end cannot start another range
        } else if p_ch == b'[' && at(p, pi + 1) == b':' {
            let s = pi + 2;
            let mut e = s;
            while at(p, e) != 0 && at(p, e) != b']' {
                e += 1;
            }
            if at(p, e) == 0 {
                return Err(M::AbortAll);
            }
            if e == s || p[e - 1] != b':' {
                // No ":]": the '[' is an ordinary member of the set.
                if t_ch == b'[' {
                    matched = true;
                }
            } else {
                let hit = match &p[s..e - 1] {
                    b"alnum" => t_ch.is_ascii_alphanumeric(),
                    b"alpha" => t_ch.is_ascii_alphabetic(),
                    b"blank" => t_ch == b' ' || t_ch == b'\t',
                    b"cntrl" => t_ch.is_ascii_control(),
                    b"digit" => t_ch.is_ascii_digit(),
                    b"graph" => t_ch.is_ascii_graphic(),
                    b"lower" => t_ch.is_ascii_lowercase(),
                    b"print" => t_ch.is_ascii_graphic() || t_ch == b' ',
                    b"punct" => t_ch.is_ascii_punctuation(),
                    b"space" => t_ch.is_ascii_whitespace() || t_ch == 0x0b,
                    b"upper" => t_ch.is_ascii_uppercase(),
                    b"xdigit" => t_ch.is_ascii_hexdigit(),
                    _ => return Err(M::AbortAll),
                };
                if hit {
                    matched = true;
                }
                pi = e;
                p_ch = 0;
            }
        } else if t_ch == p_ch {
            matched = true;
        }
        prev_ch = p_ch;
        pi += 1;
        p_ch = at(p, pi);
        if p_ch == b']' {
            break;
        }
    }
    if matched == negated || t_ch == b'/' {
        return Err(M::NoMatch);
    }
    Ok(pi)
}

#[cfg(test)]
mod tests {
    use super::wildmatch;

    fn wm(p: &str, t: &str) -> bool {
        wildmatch(p.as_bytes(), t.as_bytes())
    }

    /// Vectors after git's t/t3070-wildmatch.sh (its `wildmatch` column, i.e. with `WM_PATHNAME`).
    #[test]
    #[rustfmt::skip]
    fn git_t3070_vectors_with_pathname() {
        let yes = [
            ("foo", "foo"), ("???", "foo"), ("*", "foo"), ("f*", "foo"), ("*f", "f"),
            ("*foo*", "foo"), ("*ob*a*r*", "foobar"), ("*ab", "aaaaaaabababab"), ("foo\\*", "foo*"),
            ("t[a-g]n", "ten"), ("t[!a-g]n", "ton"), ("t[^a-g]n", "ton"), ("a[]]b", "a]b"),
            ("a[]-]b", "a-b"), ("a[]-]b", "a]b"), ("a[]a-]b", "aab"), ("]", "]"), ("**/foo", "foo"),
            ("**/foo", "XXX/foo"), ("**/foo", "bar/baz/foo"), ("*/foo", "bar/foo"),
            ("**/bar/*", "deep/foo/bar/baz"), ("**/bar/**", "deep/foo/bar/baz/"),
            ("**/bar/*", "foo/bar/baz"), ("**/bar/**", "foo/bar/baz/x"), ("foo/**/bar", "foo/bar"),
            ("foo/**/bar", "foo/baz/bar"), ("foo/**/bar", "foo/b/a/z/bar"),
            ("foo/**/**/bar", "foo/b/a/z/bar"), ("foo/**/**/bar", "foo/bar"),
            ("foo/**", "foo/bar/baz"), ("*/bar/**", "foo/bar/baz/x"),
            ("**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt"),
            ("[[:alpha:]][[:digit:]][[:upper:]]", "a1B"), ("[[:digit:][:upper:][:space:]]", "1"),
            ("[[:xdigit:]]", "5"), ("[[:xdigit:]]", "f"), ("[a-c[:digit:]x-z]", "5"),
            ("[\\-_]", "-"), ("[\\]]", "]"), ("[\\\\]", "\\"), ("[!\\\\]", "a"),
            (
                "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
                "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1",
            ),
            (
                "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
                "XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1",
            ),
            ("a[c-c]st", "acst"), ("[ab]", "a"), ("*.c", "x.c"),
        ];
        let no = [
            ("bar", "foo"), ("??", "foo"), ("*f", "foo"), ("@foo", "foo"), ("foo\\*", "foo"),
            ("t[!a-g]n", "ten"), ("a[]-]b", "aab"), ("foo*bar", "foo/baz/bar"),
            ("foo**bar", "foo/baz/bar"), ("foo?bar", "foo/bar"), ("foo[/]bar", "foo/bar"),
            ("foo[^a-z]bar", "foo/bar"), ("*/foo", "bar/baz/foo"), ("**/bar*", "foo/bar/baz/x"),
            ("**/bar*", "foo/bar/baz"), ("*/bar/**", "deep/foo/bar/baz/x"),
            ("**/bar/*", "deep/foo/bar/baz/x"), ("*", "foo/bar"), ("foo/*", "foo/bar/baz"),
            ("foo/**", "foo"),
            (
                "**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz",
            ),
            (
                "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
                "-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1",
            ),
            (
                "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
                "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1",
            ),
            ("[[:digit:][:upper:][:space:]]", "a"), ("[a-c[:digit:]x-z]", "q"), ("[[:alpha:]", "a"),
            ("a[", "a["), ("*.c", "a/x.c"), ("a/*.c", "a/b/c.c"), ("[!\\\\]", "\\"),
            ("[[:nope:]]", "a"),
        ];
        for (p, t) in yes {
            assert!(wm(p, t), "{p:?} should match {t:?}");
        }
        for (p, t) in no {
            assert!(!wm(p, t), "{p:?} should not match {t:?}");
        }
    }

    #[test]
    fn non_utf8_bytes_match_literally_and_by_wildcard() {
        assert!(wildmatch(b"*.rs", b"\xff\xfe.rs"));
        assert!(wildmatch(b"d/?.c", b"d/\xe9.c"));
        assert!(!wildmatch(b"*.rs", b"\xff\xfe.r"));
    }
}
