//! Ready-made fixture histories that exercise every attribution rule at once: renames with
//! edits, merges (one by a bot, one with a hand-resolved conflict), aliases, co-authors,
//! vendored/generated/binary files, an ignored reformat commit, non-UTF-8 names and messages.
#![allow(dead_code)]

use super::{lines, Fixture, Who, ALICE, BOB, CAROL, DEPENDABOT};

pub const ALICE_OLD: Who = Who {
    name: "A. Liddell",
    email: "alice@old.example.org",
};
pub const ALICE_CAPS: Who = Who {
    name: "Alice Liddell",
    email: "Alice@Example.COM",
};
pub const BOB_HOME: Who = Who {
    name: "Bob  Builder",
    email: "bob@home.example",
};

/// The rich history most tests run against. Returns the fixture and the ignored commit's id.
pub fn rich() -> (Fixture, String) {
    let f = Fixture::new();
    f.write("src/parser.rs", lines("parse", 30));
    f.write("README.md", "# Demo\n\nA demo project.\n");
    f.write("vendor/lib.js", lines("vendored", 12));
    f.write("Cargo.lock", lines("lock", 8));
    f.write("logo.png", [0x89u8, b'P', b'N', b'G', 0, 0, 1, 2, 3, 0, 9]);
    f.commit_tz(ALICE, "+0200", "Start the parser");

    let mut p = lines("parse", 30);
    p = p
        .replace("parse line 5\n", "parse line five\n")
        .replace("parse line 6\n", "parse line six\n");
    f.write("src/parser.rs", &p);
    f.write("src/net.rs", lines("net", 20));
    f.commit_tz(BOB, "-0500", "Network layer and parser fixes");

    // Rename with an edit: history must follow it.
    std::fs::create_dir_all(f.root.join("src/parse")).unwrap();
    f.git(&["mv", "src/parser.rs", "src/parse/mod.rs"]);
    let moved = p.replace("parse line 20\n", "parse line twenty\n");
    f.write("src/parse/mod.rs", &moved);
    f.commit_tz(ALICE_OLD, "+0200", "Move the parser into its own module");

    // A feature branch merged by a bot, and a concurrent change on main.
    f.git(&["checkout", "-q", "-b", "feature"]);
    f.write(
        "src/net.rs",
        lines("net", 20).replace("net line 3\n", "net line three\n"),
    );
    f.commit_tz(
        CAROL,
        "+0530",
        "Faster sockets\n\nCo-authored-by: Bob Builder <bob@example.com>",
    );
    f.git(&["checkout", "-q", "main"]);
    f.write("README.md", "# Demo\n\nA demo project with a parser.\n");
    f.commit_tz(ALICE_CAPS, "+0200", "Describe the parser");
    f.merge(DEPENDABOT, "feature", "Merge pull request #7 from feature");

    // A conflicting merge resolved by hand: the resolution belongs to the merge.
    f.git(&["checkout", "-q", "-b", "conflict"]);
    f.write(
        "src/net.rs",
        lines("net", 20)
            .replace("net line 3\n", "net line three\n")
            .replace("net line 10\n", "net line ten (branch)\n"),
    );
    f.commit_tz(CAROL, "+0530", "Branch edit of line ten");
    f.git(&["checkout", "-q", "main"]);
    f.write(
        "src/net.rs",
        lines("net", 20)
            .replace("net line 3\n", "net line three\n")
            .replace("net line 10\n", "net line ten (main)\n"),
    );
    f.commit_tz(BOB_HOME, "-0500", "Main edit of line ten");
    let out = super::git_cmd(&f.root)
        .args(["merge", "-q", "conflict"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the fixture expects a conflict");
    f.write(
        "src/net.rs",
        lines("net", 20)
            .replace("net line 3\n", "net line three\n")
            .replace("net line 10\n", "net line ten (resolved)\n"),
    );
    f.commit_tz(BOB, "-0500", "Merge branch 'conflict'");

    // Generated code via .gitattributes, and a reformat commit that blame should ignore.
    f.write(".gitattributes", "gen/*.rs linguist-generated\n");
    f.write("gen/out.rs", lines("generated", 5));
    f.commit_tz(CAROL, "+0530", "Generate bindings");
    let reformatted = moved
        .replace("parse line 1\n", "parse  line 1\n")
        .replace("parse line 2\n", "parse  line 2\n");
    f.write("src/parse/mod.rs", &reformatted);
    let ignored = f.commit_tz(CAROL, "+0530", "Reformat");
    f.write(
        ".git-blame-ignore-revs",
        format!("# formatting\n{ignored}\n"),
    );
    f.git(&["config", "blame.ignoreRevsFile", ".git-blame-ignore-revs"]);
    f.write(
        ".mailmap",
        "Alice Liddell <alice@example.com> A. Liddell <alice@old.example.org>\n",
    );
    f.commit_tz(
        ALICE,
        "+0200",
        "Ignore the reformat in blame; add a mailmap",
    );

    // Non-UTF-8: a Latin-1 file name and a Latin-1 commit message.
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(f.root.join(name), lines("latin", 3)).unwrap();
    f.git(&["config", "i18n.commitEncoding", "ISO-8859-1"]);
    f.git(&["add", "-A"]);
    let msg = std::ffi::OsStr::from_bytes(b"Caf\xe9 notes");
    let out = super::git_cmd(&f.root)
        .arg("commit")
        .arg("-q")
        .arg("-m")
        .arg(msg)
        .env("GIT_AUTHOR_NAME", CAROL.name)
        .env("GIT_AUTHOR_EMAIL", CAROL.email)
        .env("GIT_AUTHOR_DATE", "1700100000 +0530")
        .env("GIT_COMMITTER_NAME", CAROL.name)
        .env("GIT_COMMITTER_EMAIL", CAROL.email)
        .env("GIT_COMMITTER_DATE", "1700100000 +0530")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f.git(&["config", "--unset", "i18n.commitEncoding"]);
    f.write("src/parse/mod.rs", reformatted + "parse line 31\n");
    f.commit_tz(BOB, "-0500", "One more parser line");
    (f, ignored)
}

/// A longer linear-ish history (generated quickly) for kill/resume and incremental tests.
pub fn long(commits: usize) -> Fixture {
    let f = Fixture::new();
    let mut script = String::new();
    let who = [ALICE, BOB, CAROL];
    let mut files: Vec<String> = (0..8).map(|i| lines(&format!("file{i}"), 40)).collect();
    for c in 0..commits {
        let w = who[c % 3];
        let k = c % files.len();
        let mut ls: Vec<String> = files[k].lines().map(str::to_owned).collect();
        let at = (c * 7) % ls.len();
        ls[at] = format!("edit {c} by {}", w.name);
        if c % 5 == 0 {
            ls.push(format!("appended {c}"));
        }
        files[k] = ls.join("\n") + "\n";
        let t = 1_600_000_000 + c as i64 * 600;
        script.push_str(&format!(
            "commit refs/heads/main\nauthor {} <{}> {t} +0100\ncommitter {} <{}> {t} +0100\ndata <<EOM\nChange {c}\nEOM\n",
            w.name, w.email, w.name, w.email
        ));
        script.push_str(&format!(
            "M 100644 inline src/f{k}.txt\ndata {}\n{}\n",
            files[k].len(),
            files[k]
        ));
    }
    f.git_with_input(&["fast-import", "--quiet"], script.as_bytes());
    f.git(&["reset", "-q", "--hard", "main"]);
    f
}
