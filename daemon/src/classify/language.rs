//! Language detection from a path's file name and extension, with GitHub Linguist's language
//! names, types and groups (lib/linguist/languages.yml). Path-only: no content heuristics, so
//! ambiguous extensions get one fixed language (documented on [`LANGUAGES`]).

use std::collections::HashMap;
use std::sync::LazyLock;

/// A language's type in Linguist's sense (`type:` in languages.yml).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Programming,
    Markup,
    Data,
    Prose,
}

/// One language of the table.
#[derive(Debug)]
pub struct Language {
    /// Linguist's name, e.g. "C++", "Protocol Buffer", "HCL".
    pub name: &'static str,
    pub kind: Kind,
    /// Linguist's `group:` (e.g. "TSX" belongs to "TypeScript"); the name itself when none.
    pub group: &'static str,
    /// Lower-case extensions with their leading dot; multi-part ones (".d.ts") allowed.
    extensions: &'static [&'static str],
    /// Exact (case-sensitive) file names.
    filenames: &'static [&'static str],
    /// Extra lower-case names accepted by `linguist-language=` besides the name itself.
    aliases: &'static [&'static str],
}

use Kind::{Data, Markup, Programming, Prose};

const fn l(
    name: &'static str,
    kind: Kind,
    extensions: &'static [&'static str],
    filenames: &'static [&'static str],
) -> Language {
    Language {
        name,
        kind,
        group: name,
        extensions,
        filenames,
        aliases: &[],
    }
}

const fn a(mut lang: Language, aliases: &'static [&'static str]) -> Language {
    lang.aliases = aliases;
    lang
}

const fn g(mut lang: Language, group: &'static str) -> Language {
    lang.group = group;
    lang
}

/// The table: a subset of Linguist's languages.yml (names, types, groups, extensions and file
/// names as Linguist spells them), covering the languages that dominate real repositories.
/// Where Linguist needs content heuristics to split an extension between languages, this table
/// picks the most common owner: `.h` → C, `.m` → Objective-C, `.pl`/`.pm`/`.t` → Perl,
/// `.s`/`.asm` → Assembly, `.fs` → F#, `.v` → Verilog, `.d` → D, `.sql` → SQL, `.ts` →
/// TypeScript, `.r` → R; `.inc`, `.cl`, `.pro`, `.spec`, `.cgi`, `.cls` stay unknown.
/// `.gitattributes` `linguist-language=` overrides any of this.
#[rustfmt::skip]
pub static LANGUAGES: &[Language] = &[
    a(l("Rust", Programming, &[".rs", ".rs.in"], &[]), &["rs"]),
    a(l("TypeScript", Programming, &[".ts", ".cts", ".mts"], &[]), &["ts"]),
    a(g(l("TSX", Programming, &[".tsx"], &[]), "TypeScript"), &["typescriptreact"]),
    a(l("JavaScript", Programming, &[".js", ".cjs", ".mjs", ".jsx", ".es6", ".jsm"], &["Jakefile"]), &["js", "node"]),
    a(l("Python", Programming, &[".py", ".pyi", ".pyw", ".py3", ".gyp", ".gypi", ".wsgi"], &["SConstruct", "SConscript", "wscript", "DEPS"]), &["py", "python3"]),
    a(l("Go", Programming, &[".go"], &[]), &["golang"]),
    l("Java", Programming, &[".java", ".jsh"], &[]),
    l("C", Programming, &[".c", ".h", ".h.in", ".cats", ".idc"], &[]),
    a(l("C++", Programming, &[".cpp", ".cc", ".cxx", ".c++", ".cp", ".cppm", ".hpp", ".hh", ".hxx", ".h++", ".inl", ".ipp", ".ixx", ".tcc", ".tpp", ".txx", ".ino"], &[]), &["cpp"]),
    a(l("C#", Programming, &[".cs", ".csx", ".cake", ".cs.pp", ".linq"], &[]), &["csharp"]),
    a(l("Ruby", Programming, &[".rb", ".rake", ".gemspec", ".podspec", ".rbi", ".ru", ".jbuilder", ".thor", ".builder", ".rbw"], &["Gemfile", "Rakefile", "Podfile", "Vagrantfile", "Brewfile", "Capfile", "Guardfile", "Fastfile", "Dangerfile", "Berksfile", "Thorfile", "Appraisals", ".irbrc", ".pryrc"]), &["rb", "jruby", "rake"]),
    l("PHP", Programming, &[".php", ".php3", ".php4", ".php5", ".phps", ".phpt", ".ctp"], &[".php_cs", ".php_cs.dist", "Phakefile"]),
    l("Swift", Programming, &[".swift"], &[]),
    l("Kotlin", Programming, &[".kt", ".kts", ".ktm"], &[]),
    l("Scala", Programming, &[".scala", ".sc", ".sbt", ".kojo"], &[]),
    a(l("Shell", Programming, &[".sh", ".bash", ".zsh", ".ksh", ".bats", ".command", ".sh.in", ".zsh-theme", ".tmux"], &[".bashrc", ".bash_profile", ".bash_aliases", ".bash_logout", ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".kshrc", ".cshrc", ".envrc", ".xinitrc", ".tmux.conf", "PKGBUILD", "bashrc", "zshrc", "gradlew", "mvnw"]), &["sh", "bash", "zsh", "shell-script"]),
    g(l("fish", Programming, &[".fish"], &[]), "Shell"),
    g(l("Tcsh", Programming, &[".tcsh", ".csh"], &[]), "Shell"),
    a(l("HTML", Markup, &[".html", ".htm", ".xhtml", ".xht", ".hta"], &[]), &["xhtml"]),
    a(g(l("HTML+ERB", Markup, &[".erb", ".rhtml"], &[]), "HTML"), &["erb"]),
    a(g(l("HTML+Razor", Markup, &[".cshtml", ".razor"], &[]), "HTML"), &["razor"]),
    l("CSS", Markup, &[".css"], &[]),
    l("SCSS", Markup, &[".scss"], &[]),
    l("Sass", Markup, &[".sass"], &[]),
    l("Less", Markup, &[".less"], &[]),
    l("Stylus", Markup, &[".styl"], &[]),
    l("Vue", Markup, &[".vue"], &[]),
    l("Svelte", Markup, &[".svelte"], &[]),
    l("Astro", Markup, &[".astro"], &[]),
    l("Lua", Programming, &[".lua", ".rockspec", ".nse", ".wlua"], &[".luacheckrc"]),
    l("Luau", Programming, &[".luau"], &[]),
    a(l("Perl", Programming, &[".pl", ".pm", ".t", ".perl", ".ph", ".plx", ".psgi", ".al"], &["Makefile.PL", "cpanfile", "Rexfile", ".latexmkrc", "latexmkrc"]), &["cperl"]),
    a(l("Raku", Programming, &[".raku", ".rakumod", ".p6", ".pl6", ".pm6", ".nqp"], &[]), &["perl6"]),
    a(l("R", Programming, &[".r", ".rsx"], &[".Rprofile", ".Rhistory"]), &["rscript", "splus"]),
    l("Dart", Programming, &[".dart"], &[]),
    l("Elixir", Programming, &[".ex", ".exs"], &["mix.lock"]),
    l("Erlang", Programming, &[".erl", ".hrl", ".escript", ".app.src", ".xrl", ".yrl"], &["rebar.config", "rebar.lock", "rebar.config.lock", "Emakefile"]),
    l("Gleam", Programming, &[".gleam"], &[]),
    l("Haskell", Programming, &[".hs", ".hs-boot", ".hsc"], &[]),
    l("OCaml", Programming, &[".ml", ".mli", ".mll", ".mly", ".eliom", ".eliomi"], &[]),
    a(l("Standard ML", Programming, &[".sml", ".sig", ".fun"], &[]), &["sml"]),
    a(l("F#", Programming, &[".fs", ".fsi", ".fsx"], &[]), &["fsharp"]),
    l("Clojure", Programming, &[".clj", ".cljs", ".cljc", ".cljx", ".bb", ".boot"], &["riemann.config"]),
    l("Julia", Programming, &[".jl"], &[]),
    l("Zig", Programming, &[".zig", ".zig.zon"], &[]),
    l("Nim", Programming, &[".nim", ".nims", ".nimble", ".nim.cfg"], &["nim.cfg"]),
    l("Crystal", Programming, &[".cr"], &[]),
    a(l("D", Programming, &[".d", ".di"], &[]), &["dlang"]),
    a(l("V", Programming, &[], &[]), &["vlang"]),
    a(l("Odin", Programming, &[".odin"], &[]), &["odinlang"]),
    l("Mojo", Programming, &[".mojo", ".🔥"], &[]),
    a(l("Objective-C", Programming, &[".m"], &[]), &["objc", "obj-c", "objectivec"]),
    a(l("Objective-C++", Programming, &[".mm"], &[]), &["objc++", "obj-c++", "objectivec++"]),
    a(l("MATLAB", Programming, &[".matlab"], &[]), &["octave"]),
    l("Fortran", Programming, &[".f", ".f77", ".for", ".fpp"], &[]),
    g(l("Fortran Free Form", Programming, &[".f90", ".f95", ".f03", ".f08"], &[]), "Fortran"),
    a(l("Assembly", Programming, &[".asm", ".s", ".nasm", ".nas", ".a51"], &[]), &["asm", "nasm"]),
    l("SQL", Data, &[".sql", ".ddl", ".mysql", ".udf", ".viw", ".prc"], &[]),
    l("PLpgSQL", Programming, &[".pgsql"], &[]),
    a(l("Markdown", Prose, &[".md", ".markdown", ".mdown", ".mdwn", ".mkd", ".mkdn", ".mkdown", ".livemd", ".ronn", ".workbook"], &["contents.lr"]), &["md", "pandoc"]),
    l("MDX", Markup, &[".mdx"], &[]),
    a(l("reStructuredText", Prose, &[".rst", ".rest", ".rst.txt", ".rest.txt"], &[]), &["rst"]),
    l("AsciiDoc", Prose, &[".adoc", ".asciidoc", ".asc"], &[]),
    l("Org", Prose, &[".org"], &[]),
    a(l("Text", Prose, &[".txt"], &["COPYING", "INSTALL", "LICENSE", "NEWS", "CITATION", "CITATIONS", "FONTLOG", "read.me", "readme.1st"]), &["plain text"]),
    a(l("TeX", Markup, &[".tex", ".sty", ".ltx", ".dtx", ".ins", ".bbx", ".cbx", ".lbx"], &[]), &["latex"]),
    a(l("Roff", Markup, &[".roff", ".man", ".mdoc", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9", ".tmac"], &[]), &["groff", "man", "troff", "nroff"]),
    l("Typst", Programming, &[".typ"], &[]),
    a(l("YAML", Data, &[".yml", ".yaml", ".sublime-syntax", ".yaml-tmlanguage"], &[".clang-format", ".clang-tidy", ".clangd", ".gemrc", "CITATION.cff", "glide.lock", "pixi.lock", "yarn.lock", "pnpm-lock.yaml"]), &["yml"]),
    a(l("JSON", Data, &[".json", ".geojson", ".topojson", ".jsonl", ".har", ".webmanifest", ".webapp", ".avsc", ".gltf", ".sarif", ".tfstate", ".tfstate.backup", ".mcmeta", ".json.example"], &[".arcconfig", ".all-contributorsrc", ".nycrc", ".watchmanconfig", ".tern-project", ".secrets.baseline", "composer.lock", "deno.lock", "flake.lock", "bun.lock", "Pipfile.lock", "Package.resolved", "MODULE.bazel.lock"]), &["geojson", "jsonl"]),
    a(g(l("JSON with Comments", Data, &[".jsonc", ".code-workspace", ".code-snippets", ".sublime-settings", ".sublime-project", ".sublime-keymap", ".hujson"], &["tsconfig.json", "jsconfig.json", "tslint.json", "devcontainer.json", ".devcontainer.json", ".babelrc", ".eslintrc.json", ".jshintrc", ".swcrc", "api-extractor.json", "language-configuration.json"]), "JSON"), &["jsonc"]),
    l("JSON5", Data, &[".json5"], &[]),
    l("TOML", Data, &[".toml", ".toml.example"], &["Cargo.lock", "Cargo.toml.orig", "Gopkg.lock", "Pipfile", "poetry.lock", "pdm.lock", "uv.lock", "mise.lock"]),
    a(l("XML", Data, &[".xml", ".xsd", ".wsdl", ".rss", ".csproj", ".vbproj", ".fsproj", ".vcxproj", ".props", ".targets", ".nuspec", ".resx", ".xaml", ".axaml", ".storyboard", ".xib", ".iml", ".xml.dist", ".xlf", ".xliff", ".kml", ".gpx", ".ui", ".glade", ".launch", ".mxml", ".fxml", ".ant", ".ivy"], &[".classpath", ".project", ".cproject", "App.config", "Web.config", "NuGet.config", "packages.config"]), &["rss", "xsd", "wsdl"]),
    g(l("Maven POM", Data, &[], &["pom.xml"]), "XML"),
    g(l("XML Property List", Data, &[".plist", ".tmlanguage", ".tmtheme", ".tmpreferences", ".tmsnippet", ".tmcommand", ".sttheme"], &[]), "XML"),
    a(l("XSLT", Programming, &[".xslt", ".xsl"], &[]), &["xsl"]),
    l("SVG", Data, &[".svg"], &[]),
    l("CSV", Data, &[".csv"], &[]),
    l("TSV", Data, &[".tsv", ".vcf"], &[]),
    a(l("INI", Data, &[".ini", ".cfg", ".cnf", ".properties", ".prefs", ".service", ".socket", ".timer", ".target", ".mount", ".url"], &[".flake8", ".pylintrc", "pylintrc", ".coveragerc", ".buckconfig", ".gitreview", "buildozer.spec", "hosts", "HOSTS"]), &["dosini", "conf"]),
    a(g(l("Git Config", Data, &[".gitconfig"], &[".gitconfig", ".gitmodules", "config.worktree"]), "INI"), &["gitconfig", "gitmodules"]),
    a(l("Git Attributes", Data, &[], &[".gitattributes"]), &["gitattributes"]),
    a(l("Ignore List", Data, &[".gitignore"], &[".gitignore", ".dockerignore", ".npmignore", ".prettierignore", ".eslintignore", ".stylelintignore", ".ignore", ".rgignore", ".hgignore", ".vscodeignore", ".cvsignore", ".bzrignore"]), &["ignore", "gitignore"]),
    a(g(l("EditorConfig", Data, &[".editorconfig"], &[".editorconfig"]), "INI"), &["editor-config"]),
    l("Dotenv", Data, &[".env"], &[".env", ".env.example", ".env.local", ".env.development", ".env.production", ".env.test", ".env.sample", ".env.template"]),
    l("Pip Requirements", Data, &[], &["requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "requirements.lock.txt"]),
    l("Gemfile.lock", Data, &[], &["Gemfile.lock"]),
    a(l("Go Module", Data, &[], &["go.mod"]), &["go.mod"]),
    a(l("Go Checksums", Data, &[], &["go.sum", "go.work.sum"]), &["go.sum"]),
    a(l("Go Workspace", Data, &[], &["go.work"]), &["go.work"]),
    a(l("Cabal Config", Data, &[".cabal"], &["cabal.project", "cabal.config"]), &["cabal"]),
    a(l("Dockerfile", Programming, &[".dockerfile", ".containerfile"], &["Dockerfile", "Containerfile"]), &["containerfile"]),
    a(l("Makefile", Programming, &[".mk", ".mak", ".make", ".makefile", ".mkfile"], &["Makefile", "makefile", "GNUmakefile", "BSDmakefile", "Kbuild", "Makefile.am", "Makefile.in", "Makefile.inc", "Makefile.frag", "mkfile"]), &["make", "bsdmake", "mf"]),
    l("CMake", Programming, &[".cmake", ".cmake.in"], &["CMakeLists.txt"]),
    l("Meson", Programming, &[], &["meson.build", "meson_options.txt", "meson.options"]),
    a(l("Starlark", Programming, &[".bzl", ".star"], &["BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "WORKSPACE.bzlmod", "MODULE.bazel", "BUCK", "Tiltfile"]), &["bazel", "bzl"]),
    l("Ninja", Data, &[".ninja"], &[]),
    a(l("Just", Programming, &[".just"], &["justfile", "Justfile", "JUSTFILE", ".justfile"]), &["justfile"]),
    l("Groovy", Programming, &[".groovy", ".gvy", ".gtpl", ".grt"], &["Jenkinsfile"]),
    l("Gradle", Data, &[".gradle"], &[]),
    a(l("Gradle Kotlin DSL", Programming, &[".gradle.kts"], &[]), &[]),
    a(l("PowerShell", Programming, &[".ps1", ".psm1", ".psd1"], &[]), &["posh", "pwsh"]),
    a(l("Batchfile", Programming, &[".bat", ".cmd"], &["gradlew.bat", "mvnw.cmd"]), &["bat", "batch"]),
    a(l("Protocol Buffer", Data, &[".proto"], &[]), &["proto", "protobuf", "protocol buffers"]),
    l("Protocol Buffer Text Format", Data, &[".textproto", ".pbtxt", ".txtpb", ".pbt"], &[]),
    l("Thrift", Programming, &[".thrift"], &[]),
    l("GraphQL", Data, &[".graphql", ".gql", ".graphqls"], &[]),
    a(l("HCL", Programming, &[".tf", ".tfvars", ".hcl", ".nomad", ".tofu"], &[]), &["terraform", "opentofu"]),
    a(l("Nix", Programming, &[".nix"], &[]), &["nixos"]),
    l("Jsonnet", Programming, &[".jsonnet", ".libsonnet"], &[]),
    l("Bicep", Programming, &[".bicep", ".bicepparam"], &[]),
    l("Puppet", Programming, &[".pp"], &["Modulefile"]),
    a(l("Visual Basic .NET", Programming, &[".vb", ".vbhtml"], &[]), &["vb.net", "vbnet"]),
    l("VBScript", Programming, &[".vbs"], &[]),
    l("Elm", Programming, &[".elm"], &[]),
    l("PureScript", Programming, &[".purs"], &[]),
    l("ReScript", Programming, &[".res", ".resi"], &[]),
    l("Reason", Programming, &[".re", ".rei"], &[]),
    a(l("Common Lisp", Programming, &[".lisp", ".lsp", ".asd"], &[]), &["lisp"]),
    a(l("Emacs Lisp", Programming, &[".el"], &[".emacs", ".spacemacs", "Cask", "Eask"]), &["elisp", "emacs"]),
    l("Scheme", Programming, &[".scm", ".ss", ".sld", ".sls", ".sps"], &[]),
    l("Racket", Programming, &[".rkt", ".rktl", ".rktd", ".scrbl"], &[]),
    l("Tcl", Programming, &[".tcl", ".tm", ".tcl.in"], &[]),
    a(l("Vim Script", Programming, &[".vim", ".vba", ".vimrc", ".vmb"], &[".vimrc", "_vimrc", ".gvimrc", "vimrc", "gvimrc", ".exrc"]), &["vim", "viml", "vimscript"]),
    a(l("Pascal", Programming, &[".pas", ".dpr", ".lpr", ".dfm", ".pascal"], &[]), &["delphi", "objectpascal"]),
    l("Ada", Programming, &[".adb", ".ads", ".ada"], &[]),
    l("COBOL", Programming, &[".cob", ".cbl", ".cpy", ".cobol", ".ccp"], &[]),
    l("Prolog", Programming, &[".prolog", ".yap"], &[]),
    l("Verilog", Programming, &[".v", ".veo"], &[]),
    l("SystemVerilog", Programming, &[".sv", ".svh", ".vh"], &[]),
    l("VHDL", Programming, &[".vhd", ".vhdl"], &[]),
    l("Solidity", Programming, &[".sol"], &[]),
    l("Move", Programming, &[".move"], &[]),
    l("Cairo", Programming, &[".cairo"], &[]),
    a(l("Rocq Prover", Programming, &[".coq"], &[]), &["coq", "rocq"]),
    l("Agda", Programming, &[".agda"], &[]),
    l("Idris", Programming, &[".idr", ".lidr"], &[]),
    l("Lean", Programming, &[".lean", ".hlean"], &[]),
    l("Haxe", Programming, &[".hx", ".hxsl"], &[]),
    l("Cuda", Programming, &[".cu", ".cuh"], &[]),
    l("GLSL", Programming, &[".glsl", ".vert", ".frag", ".geom", ".tesc", ".tese", ".vsh", ".fsh"], &[]),
    l("HLSL", Programming, &[".hlsl", ".hlsli", ".fx", ".fxh", ".cginc"], &[]),
    l("WGSL", Programming, &[".wgsl"], &[]),
    a(l("WebAssembly", Programming, &[".wat", ".wast"], &[]), &["wasm", "wast"]),
    a(l("Cython", Programming, &[".pyx", ".pxd", ".pxi"], &[]), &["pyrex"]),
    l("Vala", Programming, &[".vala", ".vapi"], &[]),
    a(l("CoffeeScript", Programming, &[".coffee", ".cjsx", ".iced"], &["Cakefile"]), &["coffee"]),
    a(l("ActionScript", Programming, &[".as"], &[]), &["as3"]),
    l("Apex", Programming, &[".apex", ".trigger"], &[]),
    a(l("Wolfram Language", Programming, &[".wl", ".wls", ".wlt", ".mathematica", ".nb"], &[]), &["mathematica", "wolfram"]),
    l("Processing", Programming, &[".pde"], &[]),
    l("QML", Programming, &[".qml", ".qbs"], &[]),
    l("Smalltalk", Programming, &[".st"], &[]),
    l("Forth", Programming, &[".fth", ".4th", ".forth"], &[]),
    l("Awk", Programming, &[".awk", ".gawk", ".mawk", ".nawk"], &[]),
    l("Stata", Programming, &[".do", ".ado"], &[]),
    l("SAS", Programming, &[".sas"], &[]),
    l("ABAP", Programming, &[".abap"], &[]),
    l("Ballerina", Programming, &[".bal"], &[]),
    l("Chapel", Programming, &[".chpl"], &[]),
    l("Hack", Programming, &[".hack", ".hhi"], &[]),
    a(l("Nushell", Programming, &[".nu"], &[]), &["nu"]),
    a(l("Gherkin", Programming, &[".feature", ".story"], &[]), &["cucumber"]),
    l("Handlebars", Markup, &[".hbs", ".handlebars"], &[]),
    l("Mustache", Markup, &[".mustache"], &[]),
    a(l("Jinja", Markup, &[".jinja", ".jinja2", ".j2"], &[]), &["django", "htmldjango"]),
    l("Twig", Markup, &[".twig"], &[]),
    l("Liquid", Markup, &[".liquid"], &[]),
    l("EJS", Markup, &[".ejs"], &[]),
    l("Nunjucks", Markup, &[".njk"], &[]),
    l("Pug", Markup, &[".pug", ".jade"], &[]),
    l("Haml", Markup, &[".haml"], &[]),
    l("Slim", Markup, &[".slim"], &[]),
    l("Blade", Markup, &[".blade.php", ".blade"], &[]),
    l("Smarty", Programming, &[".tpl"], &[]),
    l("Jupyter Notebook", Markup, &[".ipynb"], &[]),
    a(l("Diff", Data, &[".diff", ".patch"], &[]), &["udiff"]),
    a(l("Gettext Catalog", Prose, &[".po", ".pot"], &[]), &["pot"]),
    l("Linker Script", Programming, &[".ld", ".lds"], &["ld.script"]),
    l("Procfile", Programming, &[], &["Procfile"]),
    l("Earthly", Programming, &[], &["Earthfile"]),
    l("PostScript", Markup, &[".ps", ".eps"], &[]),
];

struct Tables {
    by_filename: HashMap<&'static [u8], &'static Language>,
    by_extension: HashMap<&'static [u8], &'static Language>,
    by_name: HashMap<String, &'static Language>,
    longest_extension: usize,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables {
        by_filename: HashMap::new(),
        by_extension: HashMap::new(),
        by_name: HashMap::new(),
        longest_extension: 0,
    };
    for lang in LANGUAGES {
        // First entry wins, so the table order settles any overlap.
        for f in lang.filenames {
            t.by_filename.entry(f.as_bytes()).or_insert(lang);
        }
        for e in lang.extensions {
            t.by_extension.entry(e.as_bytes()).or_insert(lang);
            t.longest_extension = t.longest_extension.max(e.len());
        }
        t.by_name.entry(lang.name.to_lowercase()).or_insert(lang);
        // Linguist's default alias: the lower-case name with spaces replaced by dashes.
        t.by_name
            .entry(lang.name.to_lowercase().replace(' ', "-"))
            .or_insert(lang);
        for alias in lang.aliases {
            t.by_name.entry(alias.to_string()).or_insert(lang);
        }
    }
    t
});

/// The language of a repository-relative path from its file name, then its extensions tried
/// longest first (".d.ts" before ".ts"; a dotfile's whole name counts as an extension too),
/// extensions compared case-insensitively as Linguist does.
pub fn detect(path: &[u8]) -> Option<&'static Language> {
    let base = match path.iter().rposition(|&b| b == b'/') {
        Some(i) => &path[i + 1..],
        None => path,
    };
    let t = &*TABLES;
    if let Some(lang) = t.by_filename.get(base) {
        return Some(lang);
    }
    let mut buf = [0u8; 64];
    for (i, _) in base.iter().enumerate().filter(|(_, &b)| b == b'.') {
        let ext = &base[i..];
        if ext.len() > t.longest_extension {
            continue;
        }
        let lower = &mut buf[..ext.len()];
        lower.copy_from_slice(ext);
        lower.make_ascii_lowercase();
        if let Some(lang) = t.by_extension.get(&*lower) {
            return Some(lang);
        }
    }
    None
}

/// A language by its name or one of its aliases, case-insensitively (for `linguist-language=`).
pub fn by_name(name: &str) -> Option<&'static Language> {
    TABLES.by_name.get(&name.trim().to_lowercase()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(path: &str) -> Option<&'static str> {
        detect(path.as_bytes()).map(|l| l.name)
    }

    #[test]
    fn table_has_at_least_fifty_languages_and_no_duplicate_names() {
        assert!(LANGUAGES.len() >= 50, "{}", LANGUAGES.len());
        let mut names: Vec<_> = LANGUAGES.iter().map(|l| l.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
        for l in LANGUAGES {
            for e in l.extensions {
                assert!(e.starts_with('.') && e.to_lowercase() == *e, "{e}");
            }
        }
    }

    #[test]
    #[rustfmt::skip]
    fn languages_named_in_the_brief_are_detected() {
        let cases = [
            ("src/main.rs", "Rust"), ("a/b.ts", "TypeScript"), ("x.js", "JavaScript"),
            ("x.py", "Python"), ("x.go", "Go"), ("A.java", "Java"), ("x.c", "C"), ("x.cpp", "C++"),
            ("x.cs", "C#"), ("x.rb", "Ruby"), ("x.php", "PHP"), ("x.swift", "Swift"),
            ("x.kt", "Kotlin"), ("x.scala", "Scala"), ("x.sh", "Shell"), ("x.html", "HTML"),
            ("x.css", "CSS"), ("x.scss", "SCSS"), ("x.vue", "Vue"), ("x.svelte", "Svelte"),
            ("x.lua", "Lua"), ("x.pl", "Perl"), ("x.R", "R"), ("x.dart", "Dart"),
            ("x.ex", "Elixir"), ("x.erl", "Erlang"), ("x.hs", "Haskell"), ("x.ml", "OCaml"),
            ("x.clj", "Clojure"), ("x.jl", "Julia"), ("x.zig", "Zig"), ("x.nim", "Nim"),
            ("x.m", "Objective-C"), ("x.sql", "SQL"), ("x.md", "Markdown"), ("x.yaml", "YAML"),
            ("x.json", "JSON"), ("x.toml", "TOML"), ("x.xml", "XML"), ("Dockerfile", "Dockerfile"),
            ("sub/Makefile", "Makefile"), ("CMakeLists.txt", "CMake"), ("x.groovy", "Groovy"),
            ("x.ps1", "PowerShell"), ("x.f90", "Fortran Free Form"), ("x.f", "Fortran"),
            ("x.matlab", "MATLAB"), ("x.asm", "Assembly"), ("api.proto", "Protocol Buffer"),
            ("s.graphql", "GraphQL"), ("main.tf", "HCL"), ("Gemfile", "Ruby"), ("Rakefile", "Ruby"),
            ("deep/dir/Cargo.lock", "TOML"), ("go.mod", "Go Module"), ("App.tsx", "TSX"),
            ("x.jsx", "JavaScript"),
        ];
        for (path, want) in cases {
            assert_eq!(name(path), Some(want), "{path}");
        }
    }

    #[test]
    fn longest_extension_wins_and_case_is_ignored_for_extensions_only() {
        assert_eq!(name("views/a.blade.php"), Some("Blade"));
        assert_eq!(name("x.PHP"), Some("PHP"));
        assert_eq!(name("build.gradle.kts"), Some("Gradle Kotlin DSL"));
        assert_eq!(name("build.gradle"), Some("Gradle"));
        assert_eq!(name("x.tar.gz"), None);
        assert_eq!(name(".bashrc"), Some("Shell"));
        assert_eq!(name("conf/.gitignore"), Some("Ignore List"));
        // File names are exact: "dockerfile" is not a known name nor extension.
        assert_eq!(name("dockerfile"), None);
        assert_eq!(name("prod.dockerfile"), Some("Dockerfile"));
        assert_eq!(name("noext"), None);
        assert_eq!(name("trailingdot."), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn non_utf8_and_long_names_are_handled() {
        assert_eq!(detect(b"dir/\xff\xfe.rs").map(|l| l.name), Some("Rust"));
        let long = format!("{}.rs", "a.".repeat(200));
        assert_eq!(name(&long), Some("Rust"));
    }

    #[test]
    fn kinds_and_groups_follow_linguist() {
        assert_eq!(detect(b"a.json").unwrap().kind, Kind::Data);
        assert_eq!(detect(b"a.sql").unwrap().kind, Kind::Data);
        assert_eq!(detect(b"a.md").unwrap().kind, Kind::Prose);
        assert_eq!(detect(b"a.html").unwrap().kind, Kind::Markup);
        assert_eq!(detect(b"a.rs").unwrap().kind, Kind::Programming);
        assert_eq!(detect(b"a.tsx").unwrap().group, "TypeScript");
        assert_eq!(detect(b"a.rs").unwrap().group, "Rust");
    }

    #[test]
    fn names_and_aliases_resolve_case_insensitively() {
        assert_eq!(by_name("rust").map(|l| l.name), Some("Rust"));
        assert_eq!(by_name("C++").map(|l| l.name), Some("C++"));
        assert_eq!(by_name("cpp").map(|l| l.name), Some("C++"));
        assert_eq!(by_name("Terraform").map(|l| l.name), Some("HCL"));
        assert_eq!(
            by_name("protocol-buffer").map(|l| l.name),
            Some("Protocol Buffer")
        );
        assert_eq!(by_name(" JS ").map(|l| l.name), Some("JavaScript"));
        assert!(by_name("klingon").is_none());
    }
}
