//! Dependency manifests: recognising them by file name and reading the dependency names they
//! declare (Cargo.toml, package.json, pyproject.toml, requirements*.txt, go.mod, Gemfile,
//! pom.xml, build.gradle[.kts]), line-based and tolerant — a profile needs names, not versions.

/// The ecosystem a manifest belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Cargo,
    Npm,
    Python,
    Go,
    Ruby,
    Maven,
    Gradle,
}

/// The manifest kind of a repository path, from its file name.
pub fn manifest_kind(path: &str) -> Option<Ecosystem> {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "Cargo.toml" => Some(Ecosystem::Cargo),
        "package.json" => Some(Ecosystem::Npm),
        "pyproject.toml" | "setup.py" | "Pipfile" => Some(Ecosystem::Python),
        "go.mod" => Some(Ecosystem::Go),
        "Gemfile" => Some(Ecosystem::Ruby),
        "pom.xml" => Some(Ecosystem::Maven),
        "build.gradle" | "build.gradle.kts" => Some(Ecosystem::Gradle),
        n if n.starts_with("requirements") && n.ends_with(".txt") => Some(Ecosystem::Python),
        _ => None,
    }
}

/// Dependency names declared in a manifest's text.
pub fn dependencies(kind: Ecosystem, text: &str) -> Vec<String> {
    let mut out = match kind {
        Ecosystem::Cargo => cargo(text),
        Ecosystem::Npm => npm(text),
        Ecosystem::Python => python(text),
        Ecosystem::Go => go(text),
        Ecosystem::Ruby => quoted_after(text, "gem "),
        Ecosystem::Maven => maven(text),
        Ecosystem::Gradle => gradle(text),
    };
    out.sort();
    out.dedup();
    out
}

/// The name a manifest gives its own package (Cargo `[package] name`, package.json `name`,
/// pyproject `[project] name`), if any.
pub fn package_name(kind: Ecosystem, text: &str) -> Option<String> {
    match kind {
        Ecosystem::Npm => serde_json::from_str::<serde_json::Value>(text)
            .ok()?
            .get("name")?
            .as_str()
            .map(str::to_string),
        Ecosystem::Cargo | Ecosystem::Python => {
            let mut in_package = false;
            for line in text.lines().map(str::trim) {
                if line.starts_with('[') {
                    in_package =
                        line == "[package]" || line == "[project]" || line == "[tool.poetry]";
                } else if in_package {
                    if let Some(v) = line
                        .strip_prefix("name")
                        .map(str::trim_start)
                        .and_then(|r| r.strip_prefix('='))
                    {
                        return Some(v.trim().trim_matches('"').trim_matches('\'').to_string());
                    }
                }
            }
            None
        }
        Ecosystem::Go => text.lines().find_map(|l| {
            l.trim()
                .strip_prefix("module ")
                .map(|m| m.trim().to_string())
        }),
        _ => None,
    }
}

/// Of the dependencies declared in `text`, those named on one of the `added` lines.
pub fn added_dependencies(kind: Ecosystem, text: &str, added: &[&str]) -> Vec<String> {
    dependencies(kind, text)
        .into_iter()
        .filter(|dep| added.iter().any(|l| names_token(l, dep)))
        .collect()
}

fn names_token(line: &str, token: &str) -> bool {
    let is_word = |c: char| {
        c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '/' || c == '@'
    };
    line.match_indices(token).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + token.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(|c| is_word(c) && c != '.' && c != '/')
    })
}

fn cargo(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            in_deps = header.ends_with("dependencies");
            if let Some((prefix, name)) = header.rsplit_once('.') {
                if prefix.ends_with("dependencies") {
                    out.push(name.trim_matches('"').to_string());
                }
            }
            continue;
        }
        if in_deps {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim().trim_matches('"');
                if !name.is_empty() && !name.starts_with('#') {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

fn npm(text: &str) -> Vec<String> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ]
    .iter()
    .filter_map(|k| v.get(*k).and_then(|d| d.as_object()))
    .flat_map(|o| o.keys().cloned())
    .collect()
}

fn requirement_name(spec: &str) -> Option<String> {
    let spec = spec.trim();
    if spec.is_empty() || spec.starts_with('#') || spec.starts_with('-') {
        return None;
    }
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(spec.len());
    (end > 0).then(|| spec[..end].to_lowercase())
}

fn python(text: &str) -> Vec<String> {
    let toml_like = text.lines().any(|l| l.trim_start().starts_with('['));
    if !toml_like {
        return text.lines().filter_map(requirement_name).collect();
    }
    // pyproject: quoted requirement strings inside dependency arrays, poetry `name = ...` tables
    let mut out = Vec::new();
    let (mut in_array, mut in_poetry) = (false, false);
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') && !line.starts_with("[\"") {
            in_poetry = line.contains("dependencies");
            in_array = false;
            continue;
        }
        if line.contains("dependencies") && line.contains('[') {
            in_array = true;
        }
        if in_array {
            for quoted in line.split('"').skip(1).step_by(2) {
                out.extend(requirement_name(quoted));
            }
            if line.contains(']') {
                in_array = false;
            }
        } else if in_poetry {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim();
                if name != "python" && !name.is_empty() {
                    out.push(name.to_lowercase());
                }
            }
        }
    }
    out
}

fn go(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("require (") {
            block = true;
        } else if block && line.starts_with(')') {
            block = false;
        } else if let Some(rest) = line.strip_prefix("require ").filter(|_| !block) {
            out.extend(rest.split_whitespace().next().map(str::to_string));
        } else if block && !line.starts_with("//") {
            out.extend(line.split_whitespace().next().map(str::to_string));
        }
    }
    out
}

fn quoted_after(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|rest| {
            let q = rest
                .trim_start()
                .chars()
                .next()
                .filter(|c| *c == '\'' || *c == '"')?;
            rest.trim_start()[1..].split(q).next().map(str::to_string)
        })
        .collect()
}

fn maven(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("<dependency>").skip(1) {
        let block = block.split("</dependency>").next().unwrap_or("");
        let tag = |t: &str| {
            block
                .split(&format!("<{t}>"))
                .nth(1)
                .and_then(|s| s.split(&format!("</{t}>")).next())
                .map(|s| s.trim().to_string())
        };
        if let (Some(g), Some(a)) = (tag("groupId"), tag("artifactId")) {
            out.push(format!("{g}:{a}"));
        }
    }
    out
}

fn gradle(text: &str) -> Vec<String> {
    const CONFIGS: &[&str] = &[
        "implementation",
        "api",
        "compileOnly",
        "runtimeOnly",
        "testImplementation",
        "kapt",
        "annotationProcessor",
    ];
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if !CONFIGS.iter().any(|c| line.starts_with(c)) {
            continue;
        }
        for quoted in line.split(['"', '\'']).skip(1).step_by(2) {
            let mut parts = quoted.split(':');
            if let (Some(g), Some(a)) = (parts.next(), parts.next()) {
                out.push(format!("{g}:{a}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_manifest_kind() {
        let cargo = "[package]\nname = \"x\"\n[dependencies]\nserde = { version = \"1\" }\ntokio = \"1\"\n[dev-dependencies]\ntempfile = \"3\"\n[dependencies.git2]\nversion = \"0.20\"\n";
        assert_eq!(
            dependencies(Ecosystem::Cargo, cargo),
            ["git2", "serde", "tempfile", "tokio"]
        );
        let pkg = r#"{"name":"a","dependencies":{"react":"^18"},"devDependencies":{"jest":"29"}}"#;
        assert_eq!(dependencies(Ecosystem::Npm, pkg), ["jest", "react"]);
        assert_eq!(
            dependencies(
                Ecosystem::Python,
                "Django>=4.2\n# c\nrequests[socks]==2\n-r other.txt\n"
            ),
            ["django", "requests"]
        );
        let pyproject = "[project]\nname = \"p\"\ndependencies = [\n  \"fastapi>=0.100\",\n  \"pydantic\",\n]\n[tool.poetry.dependencies]\npython = \"^3.11\"\nnumpy = \"*\"\n";
        assert_eq!(
            dependencies(Ecosystem::Python, pyproject),
            ["fastapi", "numpy", "pydantic"]
        );
        let gomod = "module m\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.0\n)\n";
        assert_eq!(
            dependencies(Ecosystem::Go, gomod),
            ["github.com/gin-gonic/gin", "github.com/pkg/errors"]
        );
        assert_eq!(
            dependencies(
                Ecosystem::Ruby,
                "source 'x'\ngem 'rails', '~> 7'\ngem \"pg\"\n"
            ),
            ["pg", "rails"]
        );
        let pom = "<dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>";
        assert_eq!(
            dependencies(Ecosystem::Maven, pom),
            ["org.springframework.boot:spring-boot-starter-web"]
        );
        let gradle = "dependencies {\n  implementation 'com.squareup.okhttp3:okhttp:4.12.0'\n  testImplementation(\"junit:junit:4.13\")\n}\n";
        assert_eq!(
            dependencies(Ecosystem::Gradle, gradle),
            ["com.squareup.okhttp3:okhttp", "junit:junit"]
        );
        assert_eq!(
            manifest_kind("a/b/requirements-dev.txt"),
            Some(Ecosystem::Python)
        );
        assert_eq!(manifest_kind("src/main.rs"), None);
        assert_eq!(package_name(Ecosystem::Cargo, cargo).as_deref(), Some("x"));
        assert_eq!(package_name(Ecosystem::Npm, pkg).as_deref(), Some("a"));
        assert_eq!(
            package_name(Ecosystem::Python, pyproject).as_deref(),
            Some("p")
        );
        assert_eq!(package_name(Ecosystem::Go, gomod).as_deref(), Some("m"));
    }

    #[test]
    fn only_dependencies_on_added_lines_are_credited() {
        let cargo = "[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n";
        assert_eq!(
            added_dependencies(Ecosystem::Cargo, cargo, &["serde_json = \"1\""]),
            ["serde_json"]
        );
        assert_eq!(
            added_dependencies(Ecosystem::Cargo, cargo, &["serde = \"1\""]),
            ["serde"]
        );
    }
}
