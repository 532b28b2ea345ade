//! Bot detection for commit identities: GitHub App `[bot]` accounts, well-known automation
//! (dependabot, renovate, github-actions, greenkeeper, snyk-bot, …), `*-bot` accounts and bot
//! mailboxes — without mistaking humans called Abbott, Talbot or Bot for machines.

/// Lower-case account names (with any `[bot]` suffix removed) of well-known automation.
const KNOWN: &[&str] = &[
    "dependabot",
    "dependabot-preview",
    "renovate",
    "renovate-bot",
    "renovatebot",
    "github-actions",
    "github actions",
    "greenkeeper",
    "greenkeeperio-bot",
    "snyk-bot",
    "snyk bot",
    "pyup-bot",
    "pyup.io bot",
    "imgbot",
    "imgbotapp",
    "allcontributors",
    "all-contributors",
    "semantic-release-bot",
    "codecov",
    "codecov-io",
    "mergify",
    "kodiakhq",
    "stale",
    "whitesource-bolt-for-github",
    "mend-bolt-for-github",
    "deepsource-autofix",
    "pre-commit-ci",
    "github-classroom",
    "web-flow",
    "gitter-badger",
    "azure-pipelines",
    "travis-ci",
    "netlify",
    "vercel",
    "restyled-io",
    "transifex-integration",
    "crowdin-bot",
    "weblate",
    "copilot",
    "copilot-swe-agent",
    "devin-ai-integration",
    "chatgpt-codex-connector",
    "gemini-code-assist",
    "google-labs-jules",
    "sweep-ai",
    "coderabbitai",
    "sourcery-ai",
    "mend-for-github-com",
    "lgtm-com",
    "bors",
    "bors-servo",
    "homu",
    "scala-steward",
    "pyup",
    "depfu",
    "fossabot",
];

/// Exact lower-case addresses used only by automation.
const EMAILS: &[&str] = &[
    "noreply@github.com", // GitHub's web-flow committer
    "action@github.com",
    "actions@github.com",
    "github-actions@github.com",
    "bot@renovateapp.com",
    "support@dependabot.com",
    "noreply@dependabot.com",
    "support@greenkeeper.io",
    "snyk-bot@snyk.io",
    "noreply@snyk.io",
    "github-bot@pyup.io",
    "bot@stale.app",
    "bot@depfu.com",
    "hosted@weblate.org",
    "noreply@weblate.org",
    "imgbot@users.noreply.github.com",
];

/// Surnames and words that end in "bot" but name people (lower case, whole token).
const HUMAN_BOT_WORDS: &[&str] = &[
    "talbot", "cabot", "abbot", "jabot", "sabot", "turbot", "bot",
];

/// Whether the identity (`name`, `email`) belongs to automation rather than a person.
pub fn is_bot(name: &str, email: &str) -> bool {
    let name = name.trim().to_lowercase();
    let email = email.trim().to_lowercase();
    let (local, _domain) = email.rsplit_once('@').unwrap_or((email.as_str(), ""));
    // GitHub noreply addresses put the login after "<id>+".
    let login = local.rsplit_once('+').map_or(local, |(_, l)| l);

    if name.ends_with("[bot]") || login.ends_with("[bot]") {
        return true;
    }
    if EMAILS.contains(&email.as_str()) {
        return true;
    }
    let bare = name.trim_end_matches("[bot]").trim();
    if KNOWN.contains(&bare) || (!login.is_empty() && KNOWN.contains(&login)) {
        return true;
    }
    if bot_mailbox(login) {
        return true;
    }
    // "*-bot", "*_bot", "*.bot": an account name, not a human's.
    if let Some(stem) = ["-bot", "_bot", ".bot"]
        .iter()
        .find_map(|s| bare.strip_suffix(s))
    {
        if !stem.is_empty() && !stem.ends_with(' ') {
            return true;
        }
    }
    let tokens: Vec<&str> = bare.split_whitespace().collect();
    match tokens.as_slice() {
        // "Snyk Bot", "Travis CI robot": only with a mailbox that agrees (a person may be
        // called Bot).
        [_, .., last] if (*last == "bot" || *last == "robot") => {
            local.contains("bot") || noreply(local)
        }
        // "buildbot", "mergebot": a single account-like token whose mailbox agrees.
        [single] if single.len() > 3 && single.ends_with("bot") => {
            !HUMAN_BOT_WORDS.contains(single) && (local.contains("bot") || noreply(local))
        }
        _ => false,
    }
}

/// Mailbox local parts that only automation uses: "bot", "*-bot", "*_bot", "*.bot", "*+bot".
fn bot_mailbox(local: &str) -> bool {
    local == "bot"
        || ["-bot", "_bot", ".bot", "+bot"]
            .iter()
            .any(|s| local.ends_with(s) && local.len() > s.len())
}

fn noreply(local: &str) -> bool {
    matches!(
        local,
        "noreply" | "no-reply" | "do-not-reply" | "donotreply"
    )
}

#[cfg(test)]
mod tests {
    use super::is_bot;

    #[test]
    #[rustfmt::skip]
    fn bots_are_recognised() {
        let bots = [
            ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
            ("dependabot-preview[bot]", "27856297+dependabot-preview[bot]@users.noreply.github.com"),
            ("Dependabot", "support@dependabot.com"),
            ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com"),
            ("Renovate Bot", "bot@renovateapp.com"),
            ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"),
            ("GitHub Actions", "actions@github.com"),
            ("github-actions", "github-actions@github.com"),
            ("GitHub", "noreply@github.com"),
            ("greenkeeper[bot]", "greenkeeper[bot]@users.noreply.github.com"),
            ("Greenkeeper", "support@greenkeeper.io"),
            ("snyk-bot", "snyk-bot@snyk.io"),
            ("Snyk bot", "snyk-bot@snyk.io"),
            ("pyup-bot", "github-bot@pyup.io"),
            ("ImgBotApp", "ImgBotHelp@gmail.com"),
            ("semantic-release-bot", "semantic-release-bot@martynus.net"),
            ("k8s-ci-robot", "k8s-ci-robot@users.noreply.github.com"),
            ("rust-bors", "bors@rust-lang.org"),
            ("buildbot", "buildbot@python.org"),
            ("Travis CI Bot", "travis-bot@example.org"),
            ("Mergify Bot", "noreply@mergify.io"),
            ("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com"),
            ("Some Service", "12345+some-service[bot]@users.noreply.github.com"),
            ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"),
            ("Weblate", "noreply@weblate.org"),
            ("ci_bot", "ci@example.com"),
        ];
        for (name, email) in bots {
            assert!(is_bot(name, email), "{name} <{email}> is a bot");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn humans_are_not_bots() {
        let humans = [
            ("Jane Abbott", "jane@abbott.com"), ("Abbott", "abbott@example.org"),
            ("Talbot", "talbot@example.org"), ("Mary Talbot", "mtalbot@example.org"),
            ("Cabot", "cabot@example.org"), ("Laurens Bot", "laurens@bot.nl"),
            ("Botond Szabó", "botond@example.hu"), ("Robert Botha", "robot@example.com"),
            ("Alice", "12345+alice@users.noreply.github.com"), ("Bob Smith", "bob@robotics.example"),
            ("Linus Torvalds", "torvalds@linux-foundation.org"), ("talbot", "t@example.org"),
            ("Abbot", "abbot@example.org"), ("Chris Pull", "chris@example.org"),
            ("", ""), ("Ann Bottom", "ann.bottom@example.com"), ("Sam", "sam+bots@example.com"),
        ];
        for (name, email) in humans {
            assert!(!is_bot(name, email), "{name} <{email}> is a person");
        }
    }
}
