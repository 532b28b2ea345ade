//! File classification per path: language, and the vendored / generated / documentation / data
//! flags of GitHub Linguist's conventions, with `.gitattributes` linguist-* overrides winning.
//! Pure and cheap: tables and regex sets are built once per process.

mod attr_line;
mod attributes;
mod content;
#[cfg(test)]
mod git_crosscheck;
pub mod language;
mod linguist;
pub mod wildmatch;

pub use attributes::{Attributes, Overrides};
pub use content::generated_by_content;
pub use linguist::{is_documentation, is_generated, is_vendored};
pub use wildmatch::wildmatch;

/// How a path is classified. `language` is a GitHub Linguist language name ("Rust", "C++",
/// "TSX"; see [`language::LANGUAGES`]; [`language::by_name`] gives its kind and group).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    pub language: Option<&'static str>,
    /// Third-party code (vendor.yml conventions or `linguist-vendored`).
    pub vendored: bool,
    /// Produced by a tool: lock files, codegen outputs (generated.rb name conventions or
    /// `linguist-generated`). Content markers are a separate call: [`generated_by_content`].
    pub generated: bool,
    /// documentation.yml conventions or `linguist-documentation`.
    pub documentation: bool,
    /// The language is of Linguist's "data" type (JSON, YAML, TOML, XML, CSV, SQL, …).
    pub data: bool,
    /// Counted in Linguist's language breakdown ([`is_detectable`]): what the truck factor,
    /// silos, orphaned code and hotspots consider.
    pub detectable: bool,
}

/// Classifies `path` (repo-relative, '/'-separated, possibly non-UTF-8) by its name, with the
/// linguist-* attributes of `attrs` overriding every heuristic they speak about.
pub fn classify(path: &[u8], attrs: &Attributes) -> Classification {
    let o = attrs.lookup(path);
    let (language, kind) = match o.language {
        Some(name) => (Some(name), language::by_name(name).map(|l| l.kind)),
        None => match language::detect(path) {
            Some(l) => (Some(l.name), Some(l.kind)),
            None => (None, None),
        },
    };
    let data = kind == Some(language::Kind::Data);
    let mut c = Classification {
        language,
        vendored: o.vendored.unwrap_or_else(|| is_vendored(path)),
        generated: o.generated.unwrap_or_else(|| is_generated(path)),
        documentation: o.documentation.unwrap_or_else(|| is_documentation(path)),
        data,
        detectable: false,
    };
    c.detectable = is_detectable(&c, kind, o.detectable);
    c
}

/// Linguist's `include_in_language_stats?` (lib/linguist/blob_helper.rb): a file with a language
/// that is not vendored, generated or documentation, and whose language is of the
/// *programming* or *markup* type (`DETECTABLE_TYPES`) unless `linguist-detectable` says
/// otherwise. Data (JSON, YAML, …), prose (Markdown, text) and files without a language (git's
/// own `.mailmap`, `.git-blame-ignore-revs`) are not.
fn is_detectable(c: &Classification, kind: Option<language::Kind>, attr: Option<bool>) -> bool {
    use language::Kind::{Markup, Programming};
    !c.vendored
        && !c.generated
        && !c.documentation
        && c.language.is_some()
        && attr.unwrap_or(matches!(kind, Some(Programming | Markup)))
}

/// How many leading bytes [`is_binary`] inspects (git's `FIRST_FEW_BYTES`).
pub const BINARY_PROBE: usize = 8000;

/// git's `buffer_is_binary()`: a NUL byte within the first 8000 bytes.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_PROBE)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(path: &str) -> Classification {
        classify(path.as_bytes(), &Attributes::new())
    }

    #[test]
    fn heuristics_without_attributes() {
        let rs = c("src/main.rs");
        assert_eq!(
            rs,
            Classification {
                language: Some("Rust"),
                detectable: true,
                ..Default::default()
            }
        );
        let lock = c("Cargo.lock");
        assert_eq!(
            (lock.language, lock.generated, lock.data),
            (Some("TOML"), true, true)
        );
        let vendored = c("vendor/github.com/x/y/z.go");
        assert!(vendored.vendored && vendored.generated);
        assert_eq!(vendored.language, Some("Go"));
        let readme = c("README.md");
        assert_eq!(
            (readme.language, readme.documentation, readme.data),
            (Some("Markdown"), true, false)
        );
        assert!(c("node_modules/left-pad/index.js").vendored);
        assert!(c("static/app.min.js").vendored);
        assert!(c("api/x.pb.go").generated);
        let json = c("config/settings.json");
        assert!(json.data && !json.vendored && !json.generated && !json.documentation);
        assert!(c("db/schema.sql").data);
        assert!(!c("src/lib.ts").data);
        assert_eq!(c("LICENSE").language, Some("Text"));
        assert_eq!(c("bin/blob"), Classification::default());
    }

    #[test]
    fn gitattributes_overrides_win_both_ways() {
        let mut attrs = Attributes::new();
        attrs.add_file(
            b"",
            b"vendor/ours/** -linguist-vendored\nsrc/gen/** linguist-generated\n\
              Cargo.lock -linguist-generated\n*.inc linguist-language=C++\n\
              docs/api/** -linguist-documentation\nnotes/** linguist-documentation\n\
              *.conf linguist-language=JSON\n*.sql linguist-language=PLpgSQL\n",
        );
        let classify = |p: &str| classify(p.as_bytes(), &attrs);
        assert!(classify("vendor/lib/x.c").vendored);
        assert!(!classify("vendor/ours/x.c").vendored);
        assert!(classify("src/gen/parser.rs").generated);
        assert!(!classify("Cargo.lock").generated);
        assert_eq!(classify("x/y.inc").language, Some("C++"));
        assert!(!classify("docs/api/x.md").documentation);
        assert!(classify("docs/guide/x.md").documentation);
        assert!(classify("notes/todo.txt").documentation);
        let conf = classify("app.conf");
        assert_eq!((conf.language, conf.data), (Some("JSON"), true));
        let sql = classify("db/f.sql");
        assert_eq!((sql.language, sql.data), (Some("PLpgSQL"), false));
    }

    #[test]
    fn nested_attributes_apply_below_their_directory_only() {
        let mut attrs = Attributes::new();
        attrs.add_file(b"web", b"*.js linguist-vendored\n");
        assert!(classify(b"web/a/b.js", &attrs).vendored);
        assert!(!classify(b"webx/b.js", &attrs).vendored);
        assert!(!classify(b"b.js", &attrs).vendored);
    }

    #[test]
    fn binary_detection_follows_git() {
        assert!(!is_binary(b""));
        assert!(!is_binary("plain text\nwith ünïcödé\n".as_bytes()));
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(
            !is_binary(&late),
            "a NUL after the first 8000 bytes does not count"
        );
        late[BINARY_PROBE - 1] = 0;
        assert!(is_binary(&late));
    }
}

#[cfg(test)]
mod detectable_tests {
    use super::*;

    fn detectable(path: &str) -> bool {
        classify(path.as_bytes(), &Attributes::new()).detectable
    }

    /// Linguist's language breakdown: programming and markup languages count; data, prose,
    /// git's own files, vendored, generated and documentation files do not.
    #[test]
    fn only_programming_and_markup_files_are_detectable() {
        for yes in [
            "src/lib.rs",
            "web/app.ts",
            "site/index.html",
            "style.css",
            "Makefile",
            "run.sh",
        ] {
            assert!(detectable(yes), "{yes} should count");
        }
        for no in [
            ".mailmap",
            ".git-blame-ignore-revs",
            ".gitignore",
            ".gitattributes",
            "Cargo.toml",
            "config.yml",
            "data/x.json",
            "notes.txt",
            "CHANGELOG.md",
            "guide.md",
            ".github/ISSUE_TEMPLATE/bug_report.md",
            "benchsuite/runs/2016-09-17/summary.csv",
            "README.md",
            "docs/api.rs",
            "vendor/x.c",
            "Cargo.lock",
            "bin/blob",
        ] {
            assert!(!detectable(no), "{no} should not count");
        }
    }

    #[test]
    fn linguist_detectable_overrides_the_type_but_not_the_exclusions() {
        let mut attrs = Attributes::new();
        attrs.add_file(
            b"",
            b"*.json linguist-detectable\n*.sh -linguist-detectable\n\
              docs/*.json linguist-detectable\nschema/*.sql linguist-detectable=true\n",
        );
        let d = |p: &str| classify(p.as_bytes(), &attrs).detectable;
        assert!(d("api/schema.json"));
        assert!(!d("tools/run.sh"));
        assert!(!d("docs/x.json"), "documentation stays out");
        assert!(d("schema/a.sql"));
        assert!(!d("x.unknownext"), "no language, nothing to count");
    }
}
