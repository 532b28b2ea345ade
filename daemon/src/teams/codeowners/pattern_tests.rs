//! Tests of `pattern.rs`.

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
