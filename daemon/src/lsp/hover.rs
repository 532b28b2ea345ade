//! Hover Markdown for a line: who last changed it (name, relative and absolute date in their
//! own offset, short commit linked to the forge, subject, co-authors), the file's top experts
//! and the knowledge-risk signal. Compact: a few lines; full: every expert (up to eight) with
//! their last activity. E-mail addresses only when the user opted in (`privacy.showEmails`).

use aexy_protocol::ownership::{ExpertShare, OwnershipResult};

use super::options::{HoverDetail, Options, FULL_EXPERTS};
use super::time;

/// How many experts a hover lists.
const TOP_EXPERTS: usize = 3;

/// The hover text, `None` when there is nothing to say (e.g. past the end of a binary file).
pub fn markdown(
    o: &OwnershipResult,
    commit_url: Option<&str>,
    now: i64,
    options: &Options,
) -> Option<String> {
    let mut out = String::new();
    if let Some(line) = &o.line {
        if line.uncommitted {
            out.push_str("**Not committed yet** (edited here, or new since the last commit)\n");
        } else {
            let name = line.author.as_ref().map_or("unknown", |a| a.name.as_str());
            out.push_str(&format!("**{}**", escape(name)));
            if let Some(a) = line.author.as_ref().filter(|_| options.show_emails) {
                out.push_str(&format!(" \\<{}\\>", escape(&a.email)));
            }
            if let Some(date) = &line.date {
                let rel = time::parse_rfc3339(date).map(|(t, _)| time::relative(now, t));
                if let Some(rel) = rel {
                    out.push_str(&format!(" · {rel}"));
                }
                out.push_str(&format!(" · {}", time::short_date(date)));
            }
            if let Some(commit) = &line.commit {
                let short = &commit[..commit.len().min(8)];
                match commit_url {
                    Some(url) => out.push_str(&format!(" · [`{short}`]({url}{commit})")),
                    None => out.push_str(&format!(" · `{short}`")),
                }
            }
            out.push_str("  \n");
            if let Some(summary) = line.summary.as_deref().filter(|s| !s.is_empty()) {
                out.push_str(&format!("*{}*  \n", escape(summary)));
            }
            if !line.co_authors.is_empty() {
                let names: Vec<String> = line.co_authors.iter().map(|p| escape(&p.name)).collect();
                out.push_str(&format!("with {}  \n", names.join(", ")));
            }
        }
    }
    if !o.experts.is_empty() {
        if !out.is_empty() {
            out.push_str("\n---\n");
        }
        if options.hover == HoverDetail::Full {
            out.push_str(&experts_list(&o.experts, now, options.show_emails));
        } else {
            out.push_str(&format!(
                "Experts: {}",
                experts_line(&o.experts, TOP_EXPERTS, escape)
            ));
            out.push_str("  \n");
        }
    }
    if let Some(risk) = &o.risk {
        out.push_str(&format!("⚠ Knowledge risk (signal): {}  \n", escape(risk)));
    }
    if let Some(d) = o
        .declared
        .as_ref()
        .filter(|d| d.differs || options.hover == HoverDetail::Full)
    {
        out.push_str(&declared_line(d));
    }
    if out.is_empty() {
        // Nothing indexed yet for this file: say why rather than stay silent.
        return o.indexing.then(|| {
            "_aexy is indexing this repository; ownership appears when it is done_".into()
        });
    }
    if o.indexing {
        out.push_str("\n_indexing: answers come from what is indexed so far_\n");
    }
    Some(out.trim_end().to_owned())
}

/// "CODEOWNERS (line 3): @dave — differs: Alice (62%) is not declared".
fn declared_line(d: &aexy_protocol::teams::DeclaredOwners) -> String {
    let lines: Vec<String> = d.lines.iter().map(|l| l.to_string()).collect();
    let owners = if d.owners.is_empty() {
        "no owner".to_string()
    } else {
        d.owners
            .iter()
            .map(|o| escape(o))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let place = if lines.is_empty() {
        String::new()
    } else {
        format!(" (line {})", lines.join(", "))
    };
    let note = if d.note.is_empty() {
        String::new()
    } else if d.differs {
        format!(" — differs: {}", escape(&d.note))
    } else {
        format!(" — {}", escape(&d.note))
    };
    let file = crate::escape::markdown_code(&d.file);
    format!("Declared in {file}{place}: {owners}{note}  \n")
}

/// "Alice 62% · Bob 21% · +3" for the first `top` experts, names passed through `text` (Markdown
/// escaping for a hover, one visible line for a lens or a hint).
pub fn experts_line(experts: &[ExpertShare], top: usize, text: fn(&str) -> String) -> String {
    let mut parts: Vec<String> = experts
        .iter()
        .take(top)
        .map(|e| format!("{} {}%", text(&e.name), (e.share * 100.0).round() as i64))
        .collect();
    if experts.len() > top {
        parts.push(format!("+{}", experts.len() - top));
    }
    parts.join(" · ")
}

/// One line per expert (at most [`FULL_EXPERTS`]): "Alice 62% · active 3 days ago", with the
/// e-mail address when `emails`.
fn experts_list(experts: &[ExpertShare], now: i64, emails: bool) -> String {
    let mut out = String::from("Experts:  \n");
    for e in experts.iter().take(FULL_EXPERTS) {
        out.push_str(&format!(
            "- {} {}%",
            escape(&e.name),
            (e.share * 100.0).round() as i64
        ));
        if emails && !e.email.is_empty() {
            out.push_str(&format!(" \\<{}\\>", escape(&e.email)));
        }
        let last = e.last_active.as_deref().and_then(time::parse_rfc3339);
        if let Some((t, _)) = last {
            out.push_str(&format!(" · active {}", time::relative(now, t)));
        }
        out.push('\n');
    }
    if experts.len() > FULL_EXPERTS {
        out.push_str(&format!("- +{} more\n", experts.len() - FULL_EXPERTS));
    }
    out
}

/// Names and subjects render literally: no links (no `command:` URIs), no raw HTML.
use crate::escape::markdown as escape;

#[cfg(test)]
mod tests {
    use super::*;
    use aexy_protocol::ownership::LineOwnership;
    use aexy_protocol::Person;

    fn result(line: Option<LineOwnership>) -> OwnershipResult {
        OwnershipResult {
            file: "a.rs".into(),
            line,
            experts: vec![
                ExpertShare {
                    name: "Alice".into(),
                    email: "a@x".into(),
                    share: 0.62,
                    last_active: None,
                },
                ExpertShare {
                    name: "Bob".into(),
                    email: "b@x".into(),
                    share: 0.38,
                    last_active: None,
                },
            ],
            risk: None,
            indexing: false,
            declared: None,
        }
    }

    #[test]
    fn a_committed_line_shows_author_dates_commit_subject_and_experts() {
        let line = LineOwnership {
            commit: Some("4f1c0a2b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a".into()),
            author: Some(Person {
                name: "Alice".into(),
                email: "a@x".into(),
            }),
            date: Some("2024-03-01T09:30:00+01:00".into()),
            summary: Some("Parse *flags*".into()),
            co_authors: vec![Person {
                name: "Bob".into(),
                email: "b@x".into(),
            }],
            uncommitted: false,
        };
        let now = time::parse_rfc3339("2024-03-04T09:30:00+01:00").unwrap().0;
        let md = markdown(
            &result(Some(line)),
            Some("https://github.com/o/r/commit/"),
            now,
            &Options::default(),
        )
        .unwrap();
        assert!(md.starts_with("**Alice** · 3 days ago · 2024-03-01 09:30 +01:00 · [`4f1c0a2b`](https://github.com/o/r/commit/4f1c0a2b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a)"), "{md}");
        assert!(md.contains(r"*Parse \*flags\**"), "{md}");
        assert!(md.contains("with Bob"), "{md}");
        assert!(md.contains("Experts: Alice 62% · Bob 38%"), "{md}");
        assert!(!md.contains("a@x"), "no e-mail without the opt-in: {md}");
    }

    #[test]
    fn full_detail_lists_every_expert_with_activity_and_emails_when_opted_in() {
        let mut o = result(None);
        o.experts[0].last_active = Some("2024-03-01T09:30:00+01:00".into());
        for i in 0..8 {
            o.experts.push(ExpertShare {
                name: format!("Dev {i}"),
                email: format!("d{i}@x"),
                share: 0.0,
                last_active: None,
            });
        }
        let now = time::parse_rfc3339("2024-03-04T09:30:00+01:00").unwrap().0;
        let full = Options {
            hover: HoverDetail::Full,
            ..Options::default()
        };
        let md = markdown(&o, None, now, &full).unwrap();
        assert!(
            md.starts_with("Experts:  \n- Alice 62% · active 3 days ago\n- Bob 38%\n"),
            "{md}"
        );
        assert!(md.contains("- Dev 5 0%\n- +2 more"), "{md}");
        assert!(!md.contains("@x"), "{md}");
        let with_emails = Options {
            show_emails: true,
            ..full
        };
        let md = markdown(&o, None, now, &with_emails).unwrap();
        assert!(md.contains(r"- Bob 38% \<b@x\>"), "{md}");
    }

    #[test]
    fn uncommitted_lines_and_the_expert_overflow() {
        let md = markdown(
            &result(Some(super::super::ownership::uncommitted())),
            None,
            0,
            &Options::default(),
        )
        .unwrap();
        assert!(md.starts_with("**Not committed yet**"), "{md}");
        let mut many = result(None).experts;
        many.extend(result(None).experts);
        assert_eq!(
            experts_line(&many, 3, escape),
            "Alice 62% · Bob 38% · Alice 62% · +1"
        );
        let empty = OwnershipResult {
            experts: vec![],
            ..result(None)
        };
        assert_eq!(markdown(&empty, None, 0, &Options::default()), None);
    }

    #[test]
    fn declared_owners_show_where_they_differ_and_in_full_detail() {
        let mut o = result(None);
        o.declared = Some(aexy_protocol::teams::DeclaredOwners {
            file: ".github/CODEOWNERS".into(),
            lines: vec![3],
            owners: vec!["@dave".into()],
            differs: true,
            note: "@dave is not among its experts; Alice (62%) is not declared".into(),
        });
        let md = markdown(&o, None, 0, &Options::default()).unwrap();
        assert!(md.contains("Declared in `.github/CODEOWNERS` (line 3): @dave — differs: @dave is not among its experts; Alice (62%) is not declared"), "{md}");
        o.declared.as_mut().unwrap().differs = false;
        o.declared.as_mut().unwrap().note.clear();
        assert!(!markdown(&o, None, 0, &Options::default())
            .unwrap()
            .contains("Declared"));
        let full = Options {
            hover: HoverDetail::Full,
            ..Options::default()
        };
        assert!(markdown(&o, None, 0, &full)
            .unwrap()
            .contains("Declared in `.github/CODEOWNERS` (line 3): @dave"));
    }
}
