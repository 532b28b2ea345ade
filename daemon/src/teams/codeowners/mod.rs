//! CODEOWNERS: where the file is (each host's locations), its syntax (`parse`), its patterns
//! (`pattern`) and which rules own a path under each host's precedence: on GitHub and
//! Bitbucket the last matching rule wins; on GitLab the last matching rule of *each section*
//! applies (rules before the first heading form their own unnamed section) and a matching
//! `!` exclusion takes the file out of that section.

pub mod locate;
mod owners;
pub mod parse;
pub mod pattern;

pub use locate::{locate, Located};
pub use parse::{parse, CodeOwners, Issue, Owner, OwnerKind, Rule, Section};
pub use pattern::{Dialect, Pattern};

impl CodeOwners {
    /// The rules that own `path`, in file order: at most one on GitHub and Bitbucket, one per
    /// section on GitLab. Empty when no rule matches (or an exclusion removes it).
    pub fn owning_rules(&self, path: &str) -> Vec<usize> {
        self.owning_among(&self.matching_rules(path))
    }

    /// [`Self::owning_rules`] from the rules that match a path (`matching`, in file order).
    pub fn owning_among(&self, matching: &[usize]) -> Vec<usize> {
        match self.dialect {
            Dialect::GitLab => {
                let mut out = Vec::new();
                for s in 0..self.sections.len() {
                    let in_section = || {
                        matching
                            .iter()
                            .copied()
                            .filter(|&i| self.rules[i].section == s)
                    };
                    if in_section().any(|i| self.rules[i].exclude) {
                        continue;
                    }
                    out.extend(in_section().next_back());
                }
                out.sort_unstable();
                out
            }
            Dialect::GitHub | Dialect::Bitbucket => match matching.last() {
                Some(&i) if !self.rules[i].exclude => vec![i],
                _ => Vec::new(),
            },
        }
    }

    /// Every rule whose pattern matches `path` (precedence ignored), in file order.
    pub fn matching_rules(&self, path: &str) -> Vec<usize> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.matcher.as_ref().is_some_and(|m| m.matches(path)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The declared owners of `path`: the owners of every owning rule, deduplicated.
    pub fn owners_of(&self, path: &str) -> Vec<&Owner> {
        let mut out: Vec<&Owner> = Vec::new();
        for i in self.owning_rules(path) {
            for o in &self.rules[i].owners {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    /// Whether the file has errors that make the host reject it as a whole (GitHub).
    pub fn rejected_by_host(&self) -> bool {
        self.dialect == Dialect::GitHub && self.issues.iter().any(|i| i.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_matching_rule_wins_on_github() {
        let co = parse(
            "CODEOWNERS",
            "*       @all\n*.js    @js\n/apps/  @octocat\n/apps/github\n",
            Dialect::GitHub,
        );
        let owners =
            |p: &str| -> Vec<String> { co.owners_of(p).iter().map(|o| o.text.clone()).collect() };
        assert_eq!(owners("README.md"), ["@all"]);
        assert_eq!(owners("src/a.js"), ["@js"]);
        assert_eq!(owners("apps/x.js"), ["@octocat"]);
        // the docs' example: an empty owner list leaves /apps/github without owners
        assert!(owners("apps/github/a.js").is_empty());
        assert_eq!(co.owning_rules("apps/github/a.js"), [3]);
        assert_eq!(co.matching_rules("apps/github/a.js"), [0, 1, 2, 3]);
    }

    #[test]
    fn gitlab_sections_each_contribute_their_last_match() {
        // the docs' example (reference.md, "Sections")
        let text = "* @admin\n\n[README Owners]\nREADME.md @user1 @user2\ninternal/README.md @user4\n\n[README other owners]\nREADME.md @user3\n";
        let co = parse("CODEOWNERS", text, Dialect::GitLab);
        let owners =
            |p: &str| -> Vec<String> { co.owners_of(p).iter().map(|o| o.text.clone()).collect() };
        assert_eq!(
            owners("README.md"),
            ["@admin", "@user1", "@user2", "@user3"]
        );
        assert_eq!(owners("internal/README.md"), ["@admin", "@user4", "@user3"]);
        assert_eq!(owners("src/main.rb"), ["@admin"]);
    }

    #[test]
    fn gitlab_exclusions_hold_for_their_section() {
        // the docs' example (reference.md, "Exclusion patterns")
        let text = "* @username\n!pom.xml\n[Ruby]\n*.rb @ruby-team\n!/config/**/*.rb\n/config/routes.rb @ops\n";
        let co = parse("CODEOWNERS", text, Dialect::GitLab);
        let owners =
            |p: &str| -> Vec<String> { co.owners_of(p).iter().map(|o| o.text.clone()).collect() };
        assert!(owners("pom.xml").is_empty());
        assert_eq!(owners("app/a.rb"), ["@username", "@ruby-team"]);
        // excluded in [Ruby]: the later rule does not bring it back
        assert_eq!(owners("config/routes.rb"), ["@username"]);
    }

    #[test]
    fn bitbucket_exclusion_as_last_match_unowns() {
        let co = parse(
            ".bitbucket/CODEOWNERS",
            "frontend/* @frontend-team\n!frontend/*/tests/**\n",
            Dialect::Bitbucket,
        );
        assert!(co.owners_of("frontend/x/tests/a.ts").is_empty());
        assert_eq!(co.owners_of("frontend/a.ts").len(), 1);
        assert!(!co.rejected_by_host());
    }
}
