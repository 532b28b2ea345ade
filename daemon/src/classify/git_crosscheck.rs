//! Test-only cross-check of [`Attributes`] against real git: a temporary repository with root
//! and nested `.gitattributes`, every path asked of `git check-attr` and of our lookup, and
//! the answers compared attribute by attribute.

use std::io::Write;
use std::process::{Command, Stdio};

use super::{language, Attributes};

const ROOT: &str = "\
*.c linguist-vendored
/top.c -linguist-vendored
a/*.h linguist-generated
a/**/b.txt linguist-documentation
**/gen/** linguist-generated
docs/** linguist-documentation
*.min.* linguist-vendored=false
[a-c]*.rs linguist-language=Go
x?y.go linguist-generated=false
sub/**/*.md !linguist-documentation
**/*.json linguist-generated linguist-language=YAML
deep/er/* linguist-vendored
\"name with space.txt\" linguist-documentation
*.[ch] linguist-language=C++
vendor/** linguist-vendored
!*.neg linguist-vendored
dir/ linguist-vendored
*.txt linguist-documentation linguist-documentation=false
[!a-m]*.py linguist-generated
**/z/** !linguist-generated
";

const NESTED_A: &str = "\
*.h -linguist-generated
b.txt linguist-vendored
/c/*.c !linguist-vendored
";

const NESTED_SUB_DEEP: &str = "\
*.md linguist-documentation
**/*.json -linguist-generated
";

const PATHS: &[&str] = &[
    "top.c",
    "x/top.c",
    "a/top.c",
    "a/x.h",
    "a/b/x.h",
    "a/b.txt",
    "a/q/b.txt",
    "a/q/r/b.txt",
    "b.txt",
    "gen/x.rs",
    "p/gen/q/x.rs",
    "gen",
    "docs/a.md",
    "x/docs/a.md",
    "app.min.js",
    "lib/app.min.css",
    "abc.rs",
    "crate.rs",
    "drop.rs",
    "xay.go",
    "x/y.go",
    "xy.go",
    "sub/a.md",
    "sub/q/a.md",
    "sub/deep/a.md",
    "sub/deep/q/a.md",
    "pkg.json",
    "q/pkg.json",
    "sub/deep/pkg.json",
    "sub/deep/x/pkg.json",
    "deep/er/f",
    "deep/er/g/h",
    "name with space.txt",
    "q/name with space.txt",
    "x.c",
    "x.h",
    "x.cc",
    "vendor/x.go",
    "q/vendor/x.go",
    "x.neg",
    "dir/x.c",
    "dir/y.rs",
    "a/c/x.c",
    "a/c/d/x.c",
    "c/x.c",
    "notes.txt",
    "zed.py",
    "abc.py",
    "z/zed.py",
    "q/z/r/zed.py",
    "README",
];

const ATTRS: [&str; 4] = [
    "linguist-vendored",
    "linguist-generated",
    "linguist-documentation",
    "linguist-language",
];

fn git(dir: &std::path::Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("git runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?} failed");
    out.stdout
}

/// What git says, in our terms: booleans per Linguist's `boolean_attribute`, the language
/// value as given (canonicalised through our table when known), bare/unset language = none.
fn git_value(attr: &str, info: &str) -> Option<String> {
    match (attr, info) {
        (_, "unspecified") => None,
        ("linguist-language", "set" | "unset") => None,
        ("linguist-language", v) => Some(language::by_name(v).map_or(v, |l| l.name).to_string()),
        (_, "unset" | "false") => Some("false".into()),
        (_, _) => Some("true".into()),
    }
}

#[test]
fn lookup_agrees_with_git_check_attr() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"], b"");
    std::fs::write(dir.join(".gitattributes"), ROOT).unwrap();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/.gitattributes"), NESTED_A).unwrap();
    std::fs::create_dir_all(dir.join("sub/deep")).unwrap();
    std::fs::write(dir.join("sub/deep/.gitattributes"), NESTED_SUB_DEEP).unwrap();

    let mut ours = Attributes::new();
    ours.add_file(b"", ROOT.as_bytes());
    ours.add_file(b"a", NESTED_A.as_bytes());
    ours.add_file(b"sub/deep/", NESTED_SUB_DEEP.as_bytes());

    let stdin: Vec<u8> = PATHS.iter().flat_map(|p| p.bytes().chain([0])).collect();
    let mut args = vec!["check-attr", "-z", "--stdin"];
    args.extend(ATTRS);
    let out = git(dir, &args, &stdin);
    let fields: Vec<&str> = out
        .split(|&b| b == 0)
        .map(|f| std::str::from_utf8(f).unwrap())
        .collect();
    let mut compared = 0;
    for rec in fields.chunks_exact(3) {
        let (path, attr, info) = (rec[0], rec[1], rec[2]);
        let o = ours.lookup(path.as_bytes());
        let flag = |b: Option<bool>| b.map(|b| b.to_string());
        let mine = match attr {
            "linguist-vendored" => flag(o.vendored),
            "linguist-generated" => flag(o.generated),
            "linguist-documentation" => flag(o.documentation),
            _ => o.language.map(str::to_string),
        };
        assert_eq!(
            mine,
            git_value(attr, info),
            "{path}: {attr} (git says {info})"
        );
        compared += 1;
    }
    assert_eq!(compared, PATHS.len() * ATTRS.len());
}
