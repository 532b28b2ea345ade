//! `aexy codeowners check` for people (text, Markdown) and for CI: GitHub workflow commands
//! (`::error file=…,line=…,title=…::message`, which GitHub Actions shows as annotations on the
//! CODEOWNERS file) and SARIF 2.1.0 (code scanning, and most CI systems).

use std::fmt::Write;

use serde_json::json;

use crate::insights::render::escape::{markdown, terminal, workflow_data, workflow_property};
use crate::insights::render::{count, pct};
use crate::teams::check::{Finding, Report, Severity};

fn people_line(f: &Finding) -> String {
    f.people
        .iter()
        .map(|p| match &p.owner {
            Some(o) if o != &p.name => format!("{} ({o}): {}", p.name, p.detail),
            _ => format!("{}: {}", p.name, p.detail),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn summary(r: &Report) -> String {
    format!(
        "{} ({}, from {}) — {}, {} of {} owned ({})",
        r.file,
        r.dialect,
        r.dialect_reason,
        count(r.rules, "rule"),
        r.covered_files,
        count(r.files, "file"),
        pct(if r.files == 0 {
            0.0
        } else {
            r.covered_files as f64 / r.files as f64
        })
    )
}

/// Terminal text.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", terminal(&summary(r)));
    if r.rejected_by_host {
        let _ = writeln!(s, "GitHub ignores this file until its errors are fixed.");
    }
    if r.findings.is_empty() {
        let _ = writeln!(
            s,
            "No findings: the declared owners match the measured experts."
        );
    }
    let uncovered = r
        .findings
        .iter()
        .filter(|f| f.kind == crate::teams::check::Kind::Uncovered)
        .count();
    for (shown_uncovered, f) in r.findings.iter().scan(0usize, |n, f| {
        *n += usize::from(f.kind == crate::teams::check::Kind::Uncovered);
        Some((*n, f))
    }) {
        if f.kind == crate::teams::check::Kind::Uncovered && shown_uncovered > UNCOVERED_SHOWN {
            continue;
        }
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        };
        let line = f.line.map(|l| format!("line {l}")).unwrap_or_default();
        let pattern = f.pattern.as_deref().unwrap_or("");
        let _ = writeln!(
            s,
            "{level:<8}{:<11}{line:<9}{}  {}",
            f.kind.word(),
            terminal(pattern),
            terminal(&f.message)
        );
        if !f.people.is_empty() {
            let _ = writeln!(s, "{:28}{}", "", terminal(&people_line(f)));
        }
        if f.files > 0 && f.kind != crate::teams::check::Kind::Dead {
            let _ = writeln!(
                s,
                "{:28}{}: {}",
                "",
                count(f.files, "file"),
                terminal(&f.examples.join(", "))
            );
        }
    }
    if uncovered > UNCOVERED_SHOWN {
        let _ = writeln!(s, "notice  uncovered  … and {} more uncovered paths (--json or --format md lists them all)", uncovered - UNCOVERED_SHOWN);
    }
    for u in &r.unresolved {
        let lines: Vec<String> = u.lines.iter().map(|l| l.to_string()).collect();
        let _ = writeln!(
            s,
            "note: {} (line {}) is not resolved: {}",
            terminal(&u.owner),
            lines.join(", "),
            terminal(&u.reason)
        );
    }
    if !r.teams_without_members.is_empty() {
        let _ = writeln!(
            s,
            "note: the members of {} are unknown: declare them in .aexy/teams.toml to check undeclared experts on their rules",
            terminal(&r.teams_without_members.join(", "))
        );
    }
    s
}

/// Uncovered paths the terminal text lists (JSON, Markdown and CI formats list all).
const UNCOVERED_SHOWN: usize = 20;

/// Markdown (for a pull request comment or a wiki page).
pub fn markdown_report(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## CODEOWNERS check: {}\n", markdown(&r.file));
    let _ = writeln!(s, "{}\n", markdown(&summary(r)));
    if r.rejected_by_host {
        let _ = writeln!(
            s,
            "**GitHub ignores this file until its errors are fixed.**\n"
        );
    }
    if r.findings.is_empty() {
        let _ = writeln!(
            s,
            "No findings: the declared owners match the measured experts."
        );
        return s;
    }
    let _ = writeln!(
        s,
        "| Kind | Line | Pattern | Finding | People |\n|---|---|---|---|---|"
    );
    for f in &r.findings {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            f.kind.word(),
            f.line.map(|l| l.to_string()).unwrap_or_default(),
            f.pattern
                .as_deref()
                .map(|p| format!("`{}`", p.replace('`', "'").replace('|', "\\|")))
                .unwrap_or_default(),
            markdown(&f.message),
            markdown(&people_line(f))
        );
    }
    for u in &r.unresolved {
        let _ = writeln!(
            s,
            "\n- {} is not resolved: {}",
            markdown(&u.owner),
            markdown(&u.reason)
        );
    }
    s
}

/// GitHub Actions workflow commands, one per finding.
pub fn github(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        };
        let mut props = format!("file={}", workflow_property(&r.file));
        if let Some(l) = f.line {
            let _ = write!(props, ",line={l}");
        }
        let title = format!("CODEOWNERS {}", f.kind.word());
        let _ = write!(props, ",title={}", workflow_property(&title));
        let mut msg = match &f.pattern {
            Some(p) => format!("{p}: {}", f.message),
            None => f.message.clone(),
        };
        if !f.people.is_empty() {
            let _ = write!(msg, ". {}", people_line(f));
        }
        let _ = writeln!(s, "::{level} {props}::{}", workflow_data(&msg));
    }
    s
}

/// SARIF 2.1.0.
pub fn sarif(r: &Report) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = crate::teams::check::Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.word(),
                "name": format!("codeowners-{}", k.word()),
                "shortDescription": { "text": match k {
                    crate::teams::check::Kind::Syntax => "A CODEOWNERS line the host rejects or reads differently",
                    crate::teams::check::Kind::Stale => "Declared owners who no longer author the code, or are inactive",
                    crate::teams::check::Kind::Dead => "A rule that owns no file",
                    crate::teams::check::Kind::Undeclared => "Active experts who are not declared owners",
                    crate::teams::check::Kind::Uncovered => "Files no rule owns",
                } },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = r
        .findings
        .iter()
        .map(|f| {
            let mut region = json!({});
            if let Some(l) = f.line {
                region = json!({ "startLine": l });
            }
            let mut text = match &f.pattern {
                Some(p) => format!("{p}: {}", f.message),
                None => f.message.clone(),
            };
            if !f.people.is_empty() {
                text.push_str(&format!(". {}", people_line(f)));
            }
            let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": r.file } } });
            if f.line.is_some() {
                location["physicalLocation"]["region"] = region;
            }
            json!({
                "ruleId": f.kind.word(),
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Notice => "note" },
                "message": { "text": text },
                "locations": [location],
                "properties": { "people": f.people, "files": f.files, "examples": f.examples },
            })
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "aexy",
                "informationUri": "https://example.invalid/aexy",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "results": results,
        }],
    })
}
