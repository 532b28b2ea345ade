//! Hostile commits rendered in every output. Names, e-mails, subjects, trailers and paths carry
//! HTML, Markdown links to `command:` URIs, terminal escape sequences (clear screen, window
//! title, OSC 8 links), a C1 CSI, a right-to-left override and spreadsheet formulas; written as
//! raw commit objects so nothing on the way cleans them. Every output must show them as text.

use std::path::Path;

use serde_json::json;

use crate::common::subdir;
use crate::lsp_client::{uri, Daemon};
use crate::support::{Fixture, ALICE};

pub const NAME: &str = "Eve <img src=x onerror=alert(1)> [pwn](command:aexy.reindex) \u{1b}[2J\u{1b}]0;owned\u{7} \u{202e}gnp.exe";
pub const SUBJECT: &str = "<script>alert(1)</script> [click](command:workbench.action.terminal.new) \u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{9b}31m red | *b* `c` =HYPERLINK(\"http://e\")";
pub const CO_AUTHOR: &str = "Mallory ![x](http://e/track.png) \u{1b}[5m";
pub const PATHS: [&str; 3] = [
    "src/<b>x|y`.rs",
    "=cmd|' /C calc'!A0.txt",
    "docs/\u{1b}[31mred.md",
];

/// A repository whose last commit is by [`NAME`], with [`SUBJECT`], a co-author and files at
/// [`PATHS`]; an earlier commit by Alice gives the reports more than one person.
pub fn hostile_repo() -> Fixture {
    let f = Fixture::new();
    f.write("src/lib.rs", "fn a() {}\nfn b() {}\n");
    f.commit(ALICE, "Start");
    for (i, p) in PATHS.iter().enumerate() {
        f.write(p, format!("line one of {i}\nline two\n"));
    }
    f.write("src/lib.rs", "fn a() { 1 }\nfn b() {}\n");
    f.git(&["add", "-A"]);
    let tree = f.git(&["write-tree"]).trim().to_owned();
    let parent = f.head();
    let t = 1_700_100_000;
    let raw = format!(
        "tree {tree}\nparent {parent}\nauthor {NAME} <eve@example.com> {t} +0000\ncommitter {NAME} <eve@example.com> {t} +0000\n\n{SUBJECT}\n\nCo-authored-by: {CO_AUTHOR} <m@example.com>\n"
    );
    let oid = f
        .git_with_input(
            &[
                "hash-object",
                "-t",
                "commit",
                "-w",
                "--stdin",
                "--literally",
            ],
            raw.as_bytes(),
        )
        .trim()
        .to_owned();
    f.git(&["update-ref", "refs/heads/main", &oid]);
    f
}

/// Characters no output may carry as themselves (CRLF line ends aside).
fn hazards(s: &str) -> Vec<char> {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| {
            matches!(*c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// Whether Markdown `md` holds `needle` not escaped (its first character without a backslash
/// before it), i.e. as markup a renderer would act on.
fn raw_in_markdown(md: &str, needle: &str) -> bool {
    md.match_indices(needle)
        .any(|(i, _)| !md[..i].ends_with('\\'))
}

fn stdout_of(f: &Fixture, args: &[&str]) -> String {
    let out = f.aexy(args);
    assert!(
        out.status.success(),
        "aexy {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hostile_commits_are_plain_text_in_every_cli_output() {
    let f = hostile_repo();
    let range = format!("{}..HEAD", f.git(&["rev-parse", "HEAD~1"]).trim());
    let human: Vec<(&str, Vec<&str>)> = vec![
        ("stats", vec!["stats"]),
        ("developers", vec!["developers"]),
        ("owners", vec!["owners", "src/lib.rs"]),
        ("owners of a hostile path", vec!["owners", PATHS[0]]),
        ("team", vec!["team"]),
        ("profile", vec!["profile", "eve@example.com"]),
        ("hotspots", vec!["hotspots"]),
        ("coupling", vec!["coupling"]),
        ("match", vec!["match", "alert click red"]),
        ("reviewers", vec!["reviewers", "--rev", &range]),
        ("report md", vec!["report", "--format", "md"]),
        ("report csv", vec!["report", "--format", "csv"]),
        ("report html", vec!["report", "--format", "html"]),
    ];
    let mut showed_eve = 0;
    for (what, args) in &human {
        let text = stdout_of(&f, args);
        assert!(
            hazards(&text).is_empty(),
            "{what}: {:?} in {text}",
            hazards(&text)
        );
        showed_eve += usize::from(text.contains("Eve"));
    }
    assert!(
        showed_eve >= 8,
        "the hostile author is shown, as text ({showed_eve})"
    );

    let html = stdout_of(&f, &["report", "--format", "html"]);
    for raw in ["<img", "<script", "<b>", "onerror=alert(1)>"] {
        assert!(!html.contains(raw), "HTML report holds raw {raw}");
    }
    assert!(
        html.contains("Eve &lt;img src=x onerror=alert(1)&gt;"),
        "the name shows, escaped"
    );

    let md = stdout_of(&f, &["report", "--format", "md"]);
    for raw in ["[pwn](command:", "<img", "<script", "[x](", "`c`"] {
        assert!(
            !raw_in_markdown(&md, raw),
            "Markdown report holds raw {raw}: {md}"
        );
    }
    assert!(
        md.contains("Eve \\<img src=x onerror=alert(1)\\> \\[pwn\\](command:aexy.reindex)"),
        "{md}"
    );

    let csv = stdout_of(&f, &["report", "--format", "csv"]);
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "a formula cell: {line}");
        }
    }

    // Machine output keeps the data exactly (JSON escapes what it must).
    let devs = f.json(&["developers"]);
    assert!(devs.to_string().contains("\\u001b[2J"), "{devs}");
    let names: Vec<&str> = devs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert!(names.contains(&NAME), "{names:?}");
}

#[test]
fn hostile_commits_are_plain_text_in_hovers_lenses_and_command_reports() {
    let f = hostile_repo();
    let data = subdir(&f, "data");
    let mut d = Daemon::start(&data);
    d.initialize(&[&f.root]);
    d.ready();
    let lib = f.root.join("src/lib.rs");
    let hover = d.hover(&lib, 0).expect("a hover on Eve's line");
    assert!(hazards(&hover).is_empty(), "{hover:?}");
    for raw in [
        "[pwn](command:",
        "[click](command:",
        "<img",
        "<script",
        "[x](",
        "`c`",
    ] {
        assert!(
            !raw_in_markdown(&hover, raw),
            "hover holds raw {raw}: {hover}"
        );
    }
    assert!(
        hover.contains("\\<script\\>alert(1)\\</script\\>"),
        "{hover}"
    );
    let lenses = d
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri(&lib)}}),
        )
        .unwrap();
    let lens = d.request("codeLens/resolve", lenses[0].clone()).unwrap();
    let title = lens["command"]["title"].as_str().unwrap();
    assert!(
        hazards(title).is_empty() && title.contains("Eve <img"),
        "{title:?}"
    );
    let report = d
        .request(
            "workspace/executeCommand",
            json!({"command": "aexy.showOwners", "arguments": [{"uri": uri(&lib)}]}),
        )
        .unwrap();
    let md = std::fs::read_to_string(report["report"].as_str().unwrap()).unwrap();
    assert!(hazards(&md).is_empty(), "{md:?}");
    assert!(
        !raw_in_markdown(&md, "[pwn](command:") && !raw_in_markdown(&md, "<img"),
        "{md}"
    );
    for p in PATHS {
        let path = f.root.join(p);
        if let Some(h) = d.hover(Path::new(&path), 0) {
            assert!(
                hazards(&h).is_empty() && !raw_in_markdown(&h, "<img"),
                "{h:?}"
            );
        }
    }
    assert_eq!(d.stop(), Some(0));
}
