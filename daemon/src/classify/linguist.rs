//! GitHub Linguist's path conventions for vendored, generated and documentation files
//! (lib/linguist/vendor.yml, generated.rb, documentation.yml), as regex sets compiled once and
//! matched against the repo-relative path bytes.

use std::sync::LazyLock;

use regex::bytes::{RegexSet, RegexSetBuilder};

/// Vendored (third-party) paths, after Linguist's `vendor.yml` (upstream: regexes matched
/// against the path). Deliberate omissions, because they are the project's own work, which is
/// what aexy measures, or too broad for source trees: `(^|/)cache/`, `(^|/)env/` (they catch
/// source modules named so), `(^|/)\.github/`, `.gitignore`/`.gitattributes`/`.gitmodules`,
/// `(^|/)\.vscode/`, `(^|/)\.teamcity/`, `Jenkinsfile`, `Vagrantfile`, `.gitpod.Dockerfile`.
const VENDORED: &[&str] = &[
    // Dependencies and bundles.
    r"^[Dd]ependencies/",
    r"^deps/",
    r"(^|/)node_modules/",
    r"(^|/)bower_components/",
    r"(^|/)\.yarn/(releases|plugins|sdks|versions|unplugged)/",
    r"(^|/)_esy$",
    r"(3rd|[Tt]hird)[-_]?[Pp]arty/",
    r"(^|/)vendors?/",
    r"(^|/)[Vv]+endor/",
    r"(^|/)[Ee]xtern(als?)?/",
    r"(^|/)Godeps/_workspace/",
    r"(^|/)[Pp]ackages/.+\.\d+/",
    r"(^|/)xvba_modules/",
    r"^rebar$",
    r"(^|/)erlang\.mk",
    r"(^|/)Carthage/",
    r"(^|/)Sparkle/",
    r"(^|/)(Crashlytics|Fabric|BuddyBuildSDK)\.framework/",
    r"(^|/)Realm(Swift)?\.framework",
    r"\.xctemplate/",
    r"\.imageset/",
    r"^debian/",
    r"(^|/)puphpet/",
    r"(^|/)\.google_apis/",
    r"(^|/)inst/extdata/",
    // Build outputs and tool-supplied scripts.
    r"(^|/)dist/",
    r"(^|/)configure$",
    r"(^|/)config\.(guess|sub)$",
    r"(^|/)(aclocal|libtool|ltoptions|ltsugar|ltversion|lt~obsolete)\.m4",
    r"(^|/)dotnet-install\.(ps1|sh)$",
    r"(^|/)cpplint\.py",
    r"(^|/)\.indent\.pro",
    r"(^|/)run\.n$",
    r"(^|/)gradlew(\.bat)?$",
    r"(^|/)gradle/wrapper/",
    r"(^|/)mvnw(\.cmd)?$",
    r"(^|/)\.mvn/wrapper/",
    r"(^|/)activator(\.bat)?$",
    r"(^|/)proguard(-rules)?\.pro$",
    r"(^|/)fabfile\.py$",
    r"(^|/)waf$",
    r"(^|/)admin_media/",
    r"(^|/)docs?/_?(build|themes?|templates?|static)/",
    // Editor and OS state.
    r"(^|/)\.sublime-(project|workspace)",
    r"(^|/)\.obsidian/",
    r"(^|/)\.osx$",
    r"(^|/)\.[Dd][Ss]_[Ss]tore$",
    // Test fixtures.
    r"(^|/)testdata/",
    r"(^|/)[Tt]ests?/fixtures/",
    r"(^|/)[Ss]pecs?/fixtures/",
    // Minified and bundled web libraries.
    r"(\.|-)min\.(js|css)$",
    r"([^\s]*)import\.(css|less|scss|styl)$",
    r"(^|/)bootstrap([^/.]*)(\..*)?\.(js|css|less|scss|styl)$",
    r"(^|/)custom\.bootstrap([^\s]*)(js|css|less|scss|styl)$",
    r"(^|/)font-?awesome\.(css|less|scss|styl)$",
    r"(^|/)font-?awesome/.*\.(css|less|scss|styl)$",
    r"(^|/)(foundation|normalize|skeleton|animate)\.(css|less|scss|styl)$",
    r"(^|/)[Bb]ourbon/.*\.(css|less|scss|styl)$",
    r"(^|/)materialize\.(css|less|scss|styl|js)$",
    r"(^|/)select2/.*\.(css|scss|js)$",
    r"(^|/)bulma\.(css|sass|scss)$",
    r"(^|/)bootstrap-datepicker/",
    r"(^|/)jquery([^.]*)\.js$",
    r"(^|/)jquery\-\d\.\d+(\.\d+)?\.js$",
    r"(^|/)jquery\-ui(\-\d\.\d+(\.\d+)?)?(\.\w+)?\.(js|css)$",
    r"(^|/)jquery\.(ui|effects)\.([^.]*)\.(js|css)$",
    r"(^|/)jquery\.(fn\.gantt|fancybox|dataTables)\.",
    r"(^|/)jquery\.fileupload(-\w+)?\.js$",
    r"(^|/)(fuelux|bootbox|pdf\.worker|html5shiv)\.js",
    r"(^|/)slick\.\w+.js$",
    r"(^|/)prototype(.*)\.js$",
    r"(^|/)(effects|controls|dragdrop|dojo|MochiKit|ckeditor|Chart)\.js$",
    r"(^|/)mootools([^.]*)\d+\.\d+.\d+([^.]*)\.js$",
    r"(^|/)(yahoo-|yui)([^.]*)\.js$",
    r"(^|/)tiny_mce([^.]*)\.js$",
    r"(^|/)tiny_mce/(langs|plugins|themes|utils)",
    r"(^|/)ace-builds/",
    r"(^|/)fontello(.*?)\.css$",
    r"(^|/)MathJax/",
    r"(^|/)[Cc]ode[Mm]irror/(\d+\.\d+/)?(lib|mode|theme|addon|keymap|demo)",
    r"(^|/)(shBrush([^.]*)|shCore|shLegacy)\.js$",
    r"(^|/)angular([^.]*)\.js$",
    r"(^|/)d3(\.v\d+)?([^.]*)\.js$",
    r"(^|/)react(-[^.]*)?\.js$",
    r"(^|/)flow-typed/.*\.js$",
    r"(^|/)modernizr\-\d\.\d+(\.\d+)?\.js$",
    r"(^|/)modernizr\.custom\.\d+\.js$",
    r"(^|/)knockout-(\d+\.){3}(debug\.)?js$",
    r"(^|/)(cordova([^.]*)|cordova\-\d\.\d(\.\d)?)\.js$",
    r"(^|/)foundation(\..*)?\.js$",
    r"(^|/)(octicons\.css|sprockets-octicons\.scss)",
    r"(^|/)extjs/",
    r"(^|/)(Leaflet\.Coordinates-\d+\.\d+\.\d+\.src|leaflet\.draw-src|leaflet\.spin|wicket-leaflet|Control\.FullScreen)\.js",
    r"(^|/)(leaflet\.draw|Control\.FullScreen)\.css",
    r"(.*?)\.d\.ts$",
    r"-vsdoc\.js$",
    r"\.intellisense\.js$",
    r"(^|/)jquery([^.]*)\.validate(\.unobtrusive)?\.js$",
    r"(^|/)jquery([^.]*)\.unobtrusive\-ajax\.js$",
    r"(^|/)[Mm]icrosoft([Mm]vc)?([Aa]jax|[Vv]alidation)(\.debug)?\.js$",
];

/// Generated paths: the name-only checks of Linguist's `generated.rb` (Xcode and IDE state,
/// CocoaPods, relay `__generated__`, .NET designer files, lock files, `node_modules/`, Go
/// vendoring, source maps by name, …), then aexy's additions for codegen naming conventions the
/// upstream only detects from content: `*.pb.go`, `*_pb2.py`, `*.pb.cc/h`, `*.generated.*`,
/// `*.g.dart`, `*.freezed.dart`, `*.g.cs`, and lock files of further package managers.
const GENERATED: &[&str] = &[
    // generated.rb, name-based checks (lock-file names anchored to the basename here).
    r"\.(nib|xcworkspacedata|xcuserstate)$",
    r"(^|/)\.idea/",
    r"(^|/)Pods/",
    r"(^|/)Carthage/Build/",
    r"(^|/)__generated__/",
    r"(?i)\.designer\.(cs|vb)$",
    r"(?i)\.feature\.cs$",
    r"(^|/)(composer\.lock|Cargo\.lock|Cargo\.toml\.orig|deno\.lock|flake\.lock|MODULE\.bazel\.lock)$",
    r"(^|/)(Gopkg|glide)\.lock$",
    r"(^|/)Package\.resolved$",
    r"(^|/)(poetry|pdm|uv|pixi)\.lock$",
    r"(^|/)(\w+\.)?esy\.lock$",
    r"(^|/)(npm-shrinkwrap\.json|package-lock\.json|pnpm-lock\.yaml)$",
    r"(^|/)bun\.lockb?$",
    r"(^|/)\.terraform\.lock\.hcl$",
    r"(^|/)\.pnp\.[^/]*$",
    r"(^|/)Pipfile\.lock$",
    r"(^|/)mise(\.[^/]+)?\.lock$",
    r"(^|/)\.secrets\.baseline$",
    r"(^|/)(Julia)?Manifest(-v\d+\.\d+)?\.toml$",
    r"node_modules/",
    r"vendor/([0-9A-Za-z]([-0-9A-Za-z]*[0-9A-Za-z])?\.)+(com|edu|gov|in|me|net|org|fm|io)",
    r"Godeps/",
    r".\.zep\.(c|h|php)$",
    r"(^|/)htmlcov/",
    r"(?i)\.(css|js)\.map$",
    r"(?i)(^|/)gradlew(\.bat)?$",
    r"(?i)(^|/)mvnw(\.cmd)?$",
    r"(?i)_tlb\.pas$",
    r"(^|/)\.sqlx/query-[a-f\d]{64}\.json$",
    // aexy additions: lock files by name.
    r"(^|/)(yarn\.lock|Gemfile\.lock|go\.sum|go\.work\.sum|mix\.lock|pubspec\.lock|Podfile\.lock)$",
    r"(^|/)(packages\.lock\.json|gradle\.lockfile|conan\.lock|shard\.lock|rebar\.lock|Berksfile\.lock)$",
    r"(^|/)(paket\.lock|Cartfile\.resolved|cabal\.project\.freeze|stack\.yaml\.lock|renv\.lock|Chart\.lock)$",
    // aexy additions: codegen naming conventions.
    r"\.pb\.go$",
    r"_pb2(_grpc)?\.pyi?$",
    r"\.pb\.(cc|h)$",
    r"\.grpc\.pb\.(cc|h)$",
    r"_pb\.(js|d\.ts)$",
    r"\.generated\.[^/]+$",
    r"\.(g|freezed|gr)\.dart$",
    r"\.g\.(i\.)?cs$",
];

/// Documentation paths, after Linguist's `documentation.yml` (complete).
const DOCUMENTATION: &[&str] = &[
    r"^[Dd]ocs?/",
    r"(^|/)[Dd]ocumentation/",
    r"(^|/)[Gg]roovydoc/",
    r"(^|/)[Jj]avadoc/",
    r"^[Mm]an/",
    r"^[Ee]xamples/",
    r"^[Dd]emos?/",
    r"(^|/)inst/doc/",
    r"(^|/)CITATION(\.cff|(S)?(\.(bib|md))?)$",
    r"(^|/)CHANGE(S|LOG)?(\.|$)",
    r"(^|/)CONTRIBUTING(\.|$)",
    r"(^|/)COPYING(\.|$)",
    r"(^|/)INSTALL(\.|$)",
    r"(^|/)LICEN[CS]E(\.|$)",
    r"(^|/)[Ll]icen[cs]e(\.|$)",
    r"(^|/)README(\.|$)",
    r"(^|/)[Rr]eadme(\.|$)",
    r"^[Ss]amples?/",
];

/// Compiles a built-in pattern list in byte mode (`.` and classes match raw bytes, so non-UTF-8
/// paths work); the lists are constants covered by tests, so failure is a programming error.
fn compile(patterns: &[&str]) -> RegexSet {
    RegexSetBuilder::new(patterns)
        .unicode(false)
        .build()
        .expect("built-in linguist patterns compile")
}

static VENDORED_SET: LazyLock<RegexSet> = LazyLock::new(|| compile(VENDORED));
static GENERATED_SET: LazyLock<RegexSet> = LazyLock::new(|| compile(GENERATED));
static DOCUMENTATION_SET: LazyLock<RegexSet> = LazyLock::new(|| compile(DOCUMENTATION));

/// Whether Linguist's conventions call `path` vendored.
pub fn is_vendored(path: &[u8]) -> bool {
    VENDORED_SET.is_match(path)
}

/// Whether `path`'s name marks it generated (lock files, codegen outputs, IDE state, …).
pub fn is_generated(path: &[u8]) -> bool {
    GENERATED_SET.is_match(path)
}

/// Whether Linguist's conventions call `path` documentation.
pub fn is_documentation(path: &[u8]) -> bool {
    DOCUMENTATION_SET.is_match(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&[u8]) -> bool, yes: &[&str], no: &[&str]) {
        for p in yes {
            assert!(f(p.as_bytes()), "{p} should match");
        }
        for p in no {
            assert!(!f(p.as_bytes()), "{p} should not match");
        }
    }

    #[test]
    fn all_patterns_compile() {
        assert_eq!(VENDORED_SET.len(), VENDORED.len());
        assert_eq!(GENERATED_SET.len(), GENERATED.len());
        assert_eq!(DOCUMENTATION_SET.len(), DOCUMENTATION.len());
    }

    /// Cases after Linguist's test/test_file_blob.rb `test_vendored`.
    #[test]
    #[rustfmt::skip]
    fn vendored_paths() {
        check(
            is_vendored,
            &[
                "vendor/foo.c", "a/vendor/b.rb", "Vendor/x.m", "vendors/x.js",
                "node_modules/a/b.js", "web/node_modules/x/index.js", "bower_components/x.js",
                "third_party/zlib/z.c", "src/3rdparty/lib.cc", "ThirdParty/x.h", "third-party/x.h",
                "extern/lib.c", "externals/x.c", "deps/lua/x.c", "Dependencies/x.h",
                "Godeps/_workspace/src/a.go", "dist/app.js", "x/dist/y.css", "app.min.js",
                "css/site.min.css", "jquery-min.js", "js/jquery.js", "jquery-1.7.1.js",
                "public/jquery-ui-1.8.16.js", "lib/d3.v3.js", "react.js", "react-dom.js",
                "angular.js", "types/index.d.ts", "configure", "build-aux/config.guess",
                "m4/libtool.m4", "gradlew", "gradle/wrapper/x.jar", "mvnw.cmd", "testdata/x.json",
                "pkg/testdata/y.txt", "test/fixtures/a.rb", "spec/fixtures/b.json",
                "docs/_build/html/index.html", "doc/static/x.css", "debian/control",
                ".yarn/releases/yarn-3.js", "Carthage/Checkouts/x.swift",
                "packages/Newtonsoft.Json.12.0.1/lib/x.dll", "extjs/ext-all.js",
                "frameworks/Crashlytics.framework/x.h", "x/bootstrap.css", ".DS_Store",
                "a/.DS_Store", "MathJax/x.js", "codemirror/mode/x.js", "\u{e9}/vendor/x.c",
            ],
            &[
                "src/main.rs", "vendorize.rb", "src/vendored.rs", "lib/myvendor.c", "distro/x.c",
                "src/dist.rs", "app.js", "main.min.rs", "src/cache/mod.rs", "env/mod.rs",
                ".github/workflows/ci.yml", ".gitignore", ".gitattributes", "Jenkinsfile",
                ".vscode/settings.json", "src/deps/x.c", "test/unit/x.rb", "docs/index.md",
                "README.md", "types.ts", "debian.c", "mydebian/control", "Makefile",
            ],
        );
        assert!(is_vendored(b"vendor/\xff\xfe.c"));
    }

    /// Cases after Linguist's test/test_blob.rb `test_generated` (name-based ones) and the
    /// codegen naming conventions aexy adds.
    #[test]
    #[rustfmt::skip]
    fn generated_paths() {
        check(
            is_generated,
            &[
                "Cargo.lock", "sub/Cargo.lock", "package-lock.json", "web/yarn.lock",
                "pnpm-lock.yaml", "Gemfile.lock", "poetry.lock", "composer.lock", "go.sum",
                "Pipfile.lock", "uv.lock", "flake.lock", "bun.lockb", "bun.lock", "deno.lock",
                "Package.resolved", "Gopkg.lock", "glide.lock", "mix.lock", "pubspec.lock",
                "Podfile.lock", "npm-shrinkwrap.json", ".terraform.lock.hcl", "Manifest.toml",
                "JuliaManifest.toml", "mise.lock", "api/v1/service.pb.go", "proto/x_pb2.py",
                "proto/x_pb2_grpc.py", "x.pb.cc", "x.pb.h", "Foo.generated.cs",
                "schema.generated.ts", "model.g.dart", "model.freezed.dart", "Form1.Designer.cs",
                "X.designer.vb", "app.js.map", "x.CSS.MAP", ".idea/workspace.xml", "ios/Pods/A/x.m",
                "Pods/x.h", "src/__generated__/Q.graphql.ts", "node_modules/x/y.js",
                "htmlcov/index.html", "vendor/github.com/foo/bar/x.go", "Godeps/Godeps.json",
                "gradlew", "mvnw", "x.xcworkspacedata", "Foo_TLB.pas", ".pnp.cjs", "App.g.cs",
                "App.g.i.cs",
                ".sqlx/query-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.json",
            ],
            &[
                "Cargo.toml", "src/lock.rs", "package.json", "yarn.lock.md", "go.mod", "main.go",
                "pb.go", "x_pb3.py", "generated.rs", "src/generator.rs", "model.dart",
                "Designer.cs", "app.js", "map.js", "idea/x.txt", "MyPods/x.h", "vendor/foo/x.go",
                "Manifest.json", "x.pbx.go", "Cargo.lock.orig",
            ],
        );
    }

    /// Cases after Linguist's test/test_blob.rb `test_documentation`.
    #[test]
    #[rustfmt::skip]
    fn documentation_paths() {
        check(
            is_documentation,
            &[
                "README", "README.md", "readme.txt", "Readme", "sub/README.rst", "CHANGELOG",
                "CHANGELOG.md", "CHANGES", "CHANGE.txt", "CONTRIBUTING.md", "LICENSE",
                "LICENSE.txt", "LICENCE", "license.md", "COPYING", "INSTALL", "CITATION.cff",
                "CITATION.bib", "docs/index.md", "doc/api.rst", "Docs/x.html",
                "Documentation/x.txt", "a/documentation/y.md", "man/x.1", "examples/demo.rs",
                "Examples/x.py", "demo/x.js", "samples/a.c", "Sample/b.c", "javadoc/x.html",
                "a/Groovydoc/x",
            ],
            &[
                "READMEx", "src/docs/x.md", "lib/examples/x.rb", "a/man/x.1", "LICENSE_HEADER",
                "main.rs", "docs.rs", "changes.rs", "CHANGESET", "src/doc.rs",
            ],
        );
    }
}
