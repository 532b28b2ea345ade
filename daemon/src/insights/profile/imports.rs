//! Import lines: which package an added source line imports, per language (Rust `use`/`extern
//! crate`, Python `import`/`from`, JavaScript/TypeScript `import … from`/`require`, Go import
//! paths, Java/Kotlin/Scala `import`, Ruby `require`, PHP `use`, C# `using`), reduced to the
//! package's root name; relative imports and each language's own standard library are skipped.

/// The package a line imports, if it is an import line of `language` (a Linguist name).
///
/// Only unindented lines count (Go's indented import blocks excepted): indented "imports" are
/// mostly code inside strings — test fixtures, generated snippets — not the file's own imports.
pub fn imported_package(language: &str, line: &str) -> Option<String> {
    if language != "Go" && line.starts_with([' ', '\t']) {
        return None;
    }
    let l = line.trim();
    let pkg = match language {
        "Rust" => rust(l),
        "Python" => python(l),
        "JavaScript" | "TypeScript" | "Vue" | "Svelte" => js(l),
        "Go" => go(l),
        "Java" | "Kotlin" | "Scala" | "Groovy" => jvm(l),
        "Ruby" => ruby(l),
        "PHP" => l
            .strip_prefix("use ")
            .map(|r| first_segment(r, &['\\', ';', ' '])),
        "C#" => l
            .strip_prefix("using ")
            .filter(|r| !r.contains('='))
            .map(|r| first_segment(r, &['.', ';'])),
        _ => None,
    }?;
    (!pkg.is_empty() && !is_std(language, &pkg)).then_some(pkg)
}

/// The manifest ecosystem whose declared dependencies a language's imports name.
pub fn ecosystem(language: &str) -> Option<super::manifests::Ecosystem> {
    use super::manifests::Ecosystem;
    match language {
        "Rust" => Some(Ecosystem::Cargo),
        "JavaScript" | "TypeScript" | "Vue" | "Svelte" => Some(Ecosystem::Npm),
        "Go" => Some(Ecosystem::Go),
        _ => None,
    }
}

fn first_segment(s: &str, seps: &[char]) -> String {
    s.trim().split(seps).next().unwrap_or("").trim().to_string()
}

fn rust(l: &str) -> Option<String> {
    let l = l.strip_prefix("pub ").unwrap_or(l);
    let rest = l
        .strip_prefix("use ")
        .or_else(|| l.strip_prefix("extern crate "))?;
    let name = first_segment(rest.trim_start_matches("::"), &[':', ';', ' ', '{']);
    Some(name)
}

fn python(l: &str) -> Option<String> {
    let rest = l
        .strip_prefix("import ")
        .or_else(|| l.strip_prefix("from "))?;
    if rest.starts_with('.') {
        return None;
    }
    Some(first_segment(rest, &['.', ' ', ',']))
}

fn module_name(spec: &str) -> Option<String> {
    if spec.starts_with('.') || spec.starts_with('/') || spec.is_empty() {
        return None;
    }
    let mut parts = spec.split('/');
    let first = parts.next()?;
    Some(if first.starts_with('@') {
        format!("{first}/{}", parts.next().unwrap_or(""))
    } else {
        first.to_string()
    })
}

fn js(l: &str) -> Option<String> {
    let quoted = |s: &str| {
        let start = s.find(['\'', '"', '`'])?;
        let q = s[start..].chars().next()?;
        s[start + 1..].split(q).next().map(str::to_string)
    };
    if l.starts_with("import ") || (l.starts_with("export ") && l.contains(" from ")) {
        let spec = match l.rfind(" from ") {
            Some(i) => quoted(&l[i..])?,
            None => quoted(l)?,
        };
        return module_name(&spec);
    }
    let i = l.find("require(")?;
    module_name(&quoted(&l[i..])?)
}

fn go(l: &str) -> Option<String> {
    let l = l.strip_prefix("import ").unwrap_or(l);
    // a line of an import block, with an optional alias: `alias "path"` or `"path"`
    let start = l.find('"')?;
    if !l[..start]
        .trim()
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        return None;
    }
    let path = l[start + 1..].split('"').next()?;
    if !path.contains('.') {
        return None; // the standard library has no dots in its paths
    }
    let segs: Vec<&str> = path.split('/').collect();
    Some(segs.iter().take(3).copied().collect::<Vec<_>>().join("/"))
}

fn jvm(l: &str) -> Option<String> {
    let rest = l.strip_prefix("import ")?;
    let rest = rest.strip_prefix("static ").unwrap_or(rest);
    let segs: Vec<&str> = rest.trim_end_matches(';').split('.').collect();
    if segs.len() < 2 {
        return None;
    }
    Some(segs[..segs.len().min(3) - 1].join("."))
}

fn ruby(l: &str) -> Option<String> {
    let rest = l.strip_prefix("require ")?;
    let q = rest
        .trim_start()
        .chars()
        .next()
        .filter(|c| *c == '\'' || *c == '"')?;
    let spec = rest.trim_start()[1..].split(q).next()?;
    module_name(spec)
}

fn is_std(language: &str, pkg: &str) -> bool {
    match language {
        "Rust" => matches!(
            pkg,
            "std" | "core" | "alloc" | "crate" | "self" | "super" | "proc_macro"
        ),
        "Python" => matches!(
            pkg,
            "os" | "sys"
                | "re"
                | "json"
                | "typing"
                | "collections"
                | "itertools"
                | "functools"
                | "pathlib"
                | "subprocess"
                | "logging"
                | "datetime"
                | "time"
                | "math"
                | "io"
                | "unittest"
                | "dataclasses"
                | "abc"
                | "enum"
                | "random"
                | "shutil"
                | "tempfile"
                | "argparse"
                | "asyncio"
                | "contextlib"
                | "copy"
                | "csv"
                | "hashlib"
                | "__future__"
        ),
        "JavaScript" | "TypeScript" | "Vue" | "Svelte" => {
            pkg.starts_with("node:")
                || matches!(
                    pkg,
                    "fs" | "path"
                        | "os"
                        | "http"
                        | "https"
                        | "util"
                        | "url"
                        | "crypto"
                        | "events"
                        | "stream"
                        | "child_process"
                        | "assert"
                )
        }
        "Java" | "Kotlin" | "Scala" | "Groovy" => {
            pkg.starts_with("java.")
                || pkg.starts_with("javax.")
                || pkg.starts_with("kotlin.")
                || pkg.starts_with("scala.")
        }
        "C#" => pkg == "System",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_per_language() {
        assert_eq!(
            imported_package("Rust", "use tokio::sync::mpsc;").as_deref(),
            Some("tokio")
        );
        assert_eq!(
            imported_package("Rust", "use serde::{Deserialize, Serialize};").as_deref(),
            Some("serde")
        );
        assert_eq!(imported_package("Rust", "use std::fs;"), None);
        assert_eq!(imported_package("Rust", "use crate::x;"), None);
        assert_eq!(
            imported_package("Python", "from django.db import models").as_deref(),
            Some("django")
        );
        assert_eq!(
            imported_package("Python", "import numpy as np").as_deref(),
            Some("numpy")
        );
        assert_eq!(imported_package("Python", "from . import views"), None);
        assert_eq!(imported_package("Python", "import os"), None);
        assert_eq!(
            imported_package("TypeScript", "import React, { useState } from 'react';").as_deref(),
            Some("react")
        );
        assert_eq!(
            imported_package("TypeScript", "import { Component } from \"@angular/core\";")
                .as_deref(),
            Some("@angular/core")
        );
        assert_eq!(
            imported_package("JavaScript", "const express = require('express')").as_deref(),
            Some("express")
        );
        assert_eq!(imported_package("JavaScript", "import x from './x'"), None);
        assert_eq!(
            imported_package("Go", "\t\"github.com/gin-gonic/gin/binding\"").as_deref(),
            Some("github.com/gin-gonic/gin")
        );
        assert_eq!(imported_package("Go", "import \"fmt\""), None);
        assert_eq!(
            imported_package(
                "Java",
                "import org.springframework.web.bind.annotation.RestController;"
            )
            .as_deref(),
            Some("org.springframework")
        );
        assert_eq!(imported_package("Java", "import java.util.List;"), None);
        assert_eq!(
            imported_package("Ruby", "require 'sinatra'").as_deref(),
            Some("sinatra")
        );
        assert_eq!(imported_package("Rust", "let x = 1;"), None);
        assert_eq!(
            imported_package("Rust", "    use fixture_crate::x;"),
            None,
            "inside a string"
        );
    }
}
