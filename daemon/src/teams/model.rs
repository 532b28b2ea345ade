//! The teams of a repository, merged from `.aexy/teams.toml` and the CODEOWNERS file (`@org/team`,
//! GitLab groups, Bitbucket `@@group` and `@@@Group members…` definitions), with members
//! resolved to developers, and each CODEOWNERS owner resolved to a developer or a team.

use super::codeowners::{CodeOwners, Owner, OwnerKind, Pattern};
use super::config::TeamsFile;
use super::people::{How, People};
use crate::teams::codeowners::Dialect;

/// One team.
#[derive(Debug, Clone)]
pub struct Team {
    /// `backend`, `acme/backend`, `Frontend`.
    pub name: String,
    /// How CODEOWNERS refers to it (`@acme/backend`, `@@Frontend`), as written there.
    pub handles: Vec<String>,
    pub members: Vec<(usize, How)>,
    /// Member references that matched no developer.
    pub unresolved_members: Vec<String>,
    /// Whether anyone declared the members (teams file or a Bitbucket `@@@` line); CODEOWNERS
    /// alone names a team without saying who is in it.
    pub members_declared: bool,
    /// Path patterns from the teams file (gitignore-style, GitHub's rules).
    pub paths: Vec<String>,
    matchers: Vec<Pattern>,
    /// Where the team was found: `.aexy/teams.toml`, `CODEOWNERS`.
    pub sources: Vec<String>,
}

/// What a CODEOWNERS owner refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnerRef {
    Developer(usize, How),
    Team(usize),
    /// Nobody aexy knows; the reason says why.
    Unresolved(String),
}

/// All teams.
#[derive(Debug, Clone, Default)]
pub struct Teams {
    pub teams: Vec<Team>,
}

impl Teams {
    /// Builds the teams from the teams file and the CODEOWNERS file.
    pub fn build(file: &TeamsFile, co: Option<&CodeOwners>, people: &People<'_>) -> Teams {
        let mut t = Teams::default();
        for (key, def) in &file.teams {
            let mut team = Team {
                name: key.clone(),
                handles: def.handle.iter().cloned().collect(),
                members: Vec::new(),
                unresolved_members: Vec::new(),
                members_declared: !def.members.is_empty(),
                paths: def.paths.clone(),
                matchers: def
                    .paths
                    .iter()
                    .filter_map(|p| Pattern::compile(p, Dialect::GitHub).ok())
                    .collect(),
                sources: vec![super::config::PATH.to_string()],
            };
            for m in &def.members {
                match people.resolve(m) {
                    Some(r) if !team.members.iter().any(|x| x.0 == r.0) => team.members.push(r),
                    Some(_) => {}
                    None => team.unresolved_members.push(m.clone()),
                }
            }
            t.teams.push(team);
        }
        let Some(co) = co else { return t };
        for g in &co.groups {
            let i = t.find_or_add(&format!("@@{}", g.name), &g.name, &co.path);
            let team = &mut t.teams[i];
            team.members_declared = true;
            for m in &g.members {
                if matches!(m.kind, OwnerKind::Group | OwnerKind::Team) {
                    continue; // nested groups: members come from their own definition
                }
                match people.resolve(&m.text) {
                    Some(r) if !team.members.iter().any(|x| x.0 == r.0) => team.members.push(r),
                    Some(_) => {}
                    None => team.unresolved_members.push(m.text.clone()),
                }
            }
        }
        let owners = co
            .rules
            .iter()
            .flat_map(|r| r.owners.iter())
            .chain(co.sections.iter().flat_map(|s| s.default_owners.iter()));
        for o in owners {
            let is_team = matches!(o.kind, OwnerKind::Team | OwnerKind::Group)
                || (o.kind == OwnerKind::User
                    && people.handle(o.name()).is_none()
                    && t.by_reference(&o.text).is_some());
            if is_team {
                t.find_or_add(&o.text, o.name(), &co.path);
            }
        }
        t
    }

    /// The team a CODEOWNERS reference (`@acme/backend`, `@@Frontend`, `@backend`) names.
    pub fn by_reference(&self, text: &str) -> Option<usize> {
        let name = text
            .trim_start_matches('@')
            .trim_matches('"')
            .to_lowercase();
        let exact = self.teams.iter().position(|t| {
            t.name.to_lowercase() == name || t.handles.iter().any(|h| h.eq_ignore_ascii_case(text))
        });
        exact.or_else(|| {
            let last = name.rsplit('/').next().unwrap_or(&name);
            self.teams
                .iter()
                .position(|t| t.name.to_lowercase() == last)
        })
    }

    fn find_or_add(&mut self, text: &str, name: &str, source: &str) -> usize {
        if let Some(i) = self.by_reference(text) {
            let team = &mut self.teams[i];
            if !team.handles.iter().any(|h| h == text) {
                team.handles.push(text.to_string());
            }
            if !team.sources.iter().any(|s| s == source) {
                team.sources.push(source.to_string());
            }
            return i;
        }
        self.teams.push(Team {
            name: name.to_string(),
            handles: vec![text.to_string()],
            members: Vec::new(),
            unresolved_members: Vec::new(),
            members_declared: false,
            paths: Vec::new(),
            matchers: Vec::new(),
            sources: vec![source.to_string()],
        });
        self.teams.len() - 1
    }

    /// What a CODEOWNERS owner refers to.
    pub fn resolve(&self, o: &Owner, people: &People<'_>) -> OwnerRef {
        match o.kind {
            OwnerKind::Team | OwnerKind::Group => match self.by_reference(&o.text) {
                Some(i) => OwnerRef::Team(i),
                None => OwnerRef::Unresolved("an unknown team".into()),
            },
            OwnerKind::Role => match self.by_reference(&o.text) {
                Some(i) => OwnerRef::Team(i),
                None => OwnerRef::Unresolved(
                    "a GitLab role: its members live on the server (declare them as a team in .aexy/teams.toml)".into(),
                ),
            },
            OwnerKind::User | OwnerKind::Email => match people.resolve(&o.text) {
                Some((d, how)) => OwnerRef::Developer(d, how),
                None => match self.by_reference(&o.text).filter(|_| o.kind == OwnerKind::User) {
                    Some(i) => OwnerRef::Team(i),
                    None => OwnerRef::Unresolved(if o.kind == OwnerKind::Email {
                        "no commits under this e-mail (map it in [people] of .aexy/teams.toml)".into()
                    } else {
                        "no developer with this handle and no team of that name (map it in [people], or declare the team, in .aexy/teams.toml)".into()
                    }),
                },
            },
        }
    }

    /// Whether `path` is one of team `t`'s declared paths (teams file).
    pub fn declares_path(&self, t: usize, path: &str) -> bool {
        self.teams[t].matchers.iter().any(|m| m.matches(path))
    }

    /// The teams developer `d` belongs to.
    pub fn of_member(&self, d: usize) -> Vec<usize> {
        (0..self.teams.len())
            .filter(|&t| self.teams[t].members.iter().any(|m| m.0 == d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Developer;
    use crate::teams::codeowners::parse;

    fn dev(name: &str, email: &str) -> Developer {
        Developer {
            name: name.into(),
            email: email.into(),
            bot: false,
            identity_ids: vec![],
            aliases: vec![(name.into(), email.into())],
            commits: 1,
        }
    }

    #[test]
    fn teams_merge_the_file_and_codeowners() {
        let devs = vec![dev("Alice", "alice@x.org"), dev("Bob", "bob@x.org")];
        let file = TeamsFile::parse(
            "[teams.backend]\nmembers = [\"alice@x.org\", \"@nobody\"]\npaths = [\"/src/core/\"]\n",
        )
        .unwrap();
        let people = People::new(&devs, &file.people);
        let co = parse(
            "CODEOWNERS",
            "* @acme/backend\n/docs/ @acme/docs @bob\n",
            crate::teams::codeowners::Dialect::GitHub,
        );
        let t = Teams::build(&file, Some(&co), &people);
        assert_eq!(t.teams.len(), 2);
        assert_eq!(t.teams[0].name, "backend");
        assert_eq!(t.teams[0].handles, ["@acme/backend"]);
        assert_eq!(t.teams[0].members.len(), 1);
        assert_eq!(t.teams[0].unresolved_members, ["@nobody"]);
        assert!(!t.teams[1].members_declared);
        assert_eq!(
            t.resolve(&co.rules[1].owners[1], &people),
            OwnerRef::Developer(1, How::Name)
        );
        assert_eq!(
            t.resolve(&co.rules[1].owners[0], &people),
            OwnerRef::Team(1)
        );
        assert!(t.declares_path(0, "src/core/a.rs"));
        assert!(!t.declares_path(0, "lib/src/core/a.rs"));
        assert_eq!(t.of_member(0), [0]);
    }

    #[test]
    fn bitbucket_custom_groups_are_teams_with_members() {
        let devs = vec![dev("Alice", "alice@x.org")];
        let people = People::new(&devs, &Default::default());
        let co = parse(
            ".bitbucket/CODEOWNERS",
            "@@@Web alice@x.org\nweb/ @@Web\n",
            crate::teams::codeowners::Dialect::Bitbucket,
        );
        let t = Teams::build(&TeamsFile::default(), Some(&co), &people);
        assert_eq!(t.teams.len(), 1);
        assert!(t.teams[0].members_declared);
        assert_eq!(t.teams[0].members[0].0, 0);
        assert_eq!(
            t.resolve(&co.rules[0].owners[0], &people),
            OwnerRef::Team(0)
        );
    }
}
