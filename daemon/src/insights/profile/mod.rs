//! Developer profiles: languages, frameworks and libraries, areas (directories they author), each
//! with a proficiency level (see `proficiency`), plus an activity heatmap, a quarterly trajectory
//! and frequent collaborators. `assemble` works on plain data; `load` reads it from an index.

pub mod collaborators;
pub mod frameworks;
pub mod heatmap;
pub mod imports;
pub mod load;
pub mod manifests;
pub mod proficiency;
pub mod trajectory;

use std::collections::BTreeMap;

pub use crate::insights::context::profile;
pub use load::Profile;

use frameworks::PackageKind;
use proficiency::{Evidence, Proficiency};

/// One change by the developer to one classified, non-vendored file.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub time: i64,
    pub tz: i32,
    pub file: usize,
    pub language: Option<&'a str>,
    /// Lines added plus deleted.
    pub lines: u64,
}

/// Evidence that the developer used a package: a dependency they added to a manifest or an import
/// line they added, with the size of the change it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageUse {
    pub package: String,
    pub time: i64,
    pub file: usize,
    pub lines: u64,
}

/// What a profile is assembled from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub changes: &'a [Change<'a>],
    /// File index → repository-relative path.
    pub paths: &'a [String],
    /// Files the developer authors (DOA).
    pub authored: &'a [usize],
    pub packages: &'a [PackageUse],
    pub now: i64,
}

/// A language, framework or library with its level.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<PackageKind>,
    pub proficiency: Proficiency,
}

/// A directory the developer authors files in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    pub directory: String,
    pub authored_files: usize,
    pub proficiency: Proficiency,
}

/// The computed part of a profile.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assembled {
    pub languages: Vec<Skill>,
    pub frameworks: Vec<Skill>,
    pub libraries: Vec<Skill>,
    pub areas: Vec<Area>,
    pub heatmap: heatmap::Heatmap,
    pub trajectory: Vec<trajectory::Quarter>,
}

/// The area of a path: its directory, cut to two levels (`"."` for the root).
pub fn area_of(path: &str) -> &str {
    let Some((dir, _)) = path.rsplit_once('/') else {
        return ".";
    };
    match dir.match_indices('/').nth(1) {
        Some((i, _)) => &dir[..i],
        None => dir,
    }
}

/// Builds languages, packages, areas, heatmap and trajectory from plain data.
pub fn assemble(input: &Input<'_>) -> Assembled {
    let now = input.now;
    let mut by_lang: BTreeMap<&str, Vec<Evidence>> = BTreeMap::new();
    let mut by_area: BTreeMap<&str, Vec<Evidence>> = BTreeMap::new();
    for c in input.changes {
        let ev = Evidence {
            time: c.time,
            lines: c.lines,
            file: c.file,
        };
        if let Some(l) = c.language {
            by_lang.entry(l).or_default().push(ev);
        }
        if let Some(p) = input.paths.get(c.file) {
            by_area.entry(area_of(p)).or_default().push(ev);
        }
    }
    let mut languages: Vec<Skill> = by_lang
        .into_iter()
        .map(|(name, ev)| Skill {
            name: name.to_string(),
            kind: None,
            proficiency: proficiency::proficiency(&ev, now),
        })
        .collect();
    sort_skills(&mut languages);

    let mut by_pkg: BTreeMap<(String, PackageKind), Vec<Evidence>> = BTreeMap::new();
    for u in input.packages {
        let (name, kind) = frameworks::classify(&u.package);
        by_pkg.entry((name, kind)).or_default().push(Evidence {
            time: u.time,
            lines: u.lines.max(1),
            file: u.file,
        });
    }
    let (mut fw, mut libs) = (Vec::new(), Vec::new());
    for ((name, kind), ev) in by_pkg {
        let skill = Skill {
            name,
            kind: Some(kind),
            proficiency: proficiency::proficiency(&ev, now),
        };
        match kind {
            PackageKind::Framework => fw.push(skill),
            PackageKind::Library => libs.push(skill),
        }
    }
    sort_skills(&mut fw);
    sort_skills(&mut libs);

    let mut authored_in: BTreeMap<&str, usize> = BTreeMap::new();
    for &f in input.authored {
        if let Some(p) = input.paths.get(f) {
            *authored_in.entry(area_of(p)).or_default() += 1;
        }
    }
    let mut areas: Vec<Area> = authored_in
        .into_iter()
        .map(|(dir, n)| Area {
            directory: dir.to_string(),
            authored_files: n,
            proficiency: proficiency::proficiency(
                by_area.get(dir).map(Vec::as_slice).unwrap_or(&[]),
                now,
            ),
        })
        .collect();
    areas.sort_by(|a, b| {
        b.proficiency
            .score
            .total_cmp(&a.proficiency.score)
            .then(a.directory.cmp(&b.directory))
    });

    let mut seen_commits: Vec<(i64, i32)> = input.changes.iter().map(|c| (c.time, c.tz)).collect();
    seen_commits.sort_unstable();
    seen_commits.dedup();
    let work: Vec<trajectory::Work<'_>> = input
        .changes
        .iter()
        .map(|c| trajectory::Work {
            time: c.time,
            tz: c.tz,
            language: c.language,
            area: input.paths.get(c.file).map(|p| area_of(p)).unwrap_or("."),
            lines: c.lines,
        })
        .collect();
    Assembled {
        languages,
        frameworks: fw,
        libraries: libs,
        areas,
        heatmap: heatmap::heatmap(&seen_commits),
        trajectory: trajectory::trajectory(&work),
    }
}

fn sort_skills(v: &mut [Skill]) {
    v.sort_by(|a, b| {
        b.proficiency
            .score
            .total_cmp(&a.proficiency.score)
            .then(a.name.cmp(&b.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_two_levels_deep() {
        assert_eq!(area_of("a/b/c/d.rs"), "a/b");
        assert_eq!(area_of("a/d.rs"), "a");
        assert_eq!(area_of("d.rs"), ".");
    }

    #[test]
    fn assembles_ranked_skills() {
        let now = 1_709_251_200;
        let paths: Vec<String> = ["src/core/a.rs", "src/core/b.rs", "web/app.ts"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let changes = vec![
            Change {
                time: now,
                tz: 60,
                file: 0,
                language: Some("Rust"),
                lines: 4000,
            },
            Change {
                time: now,
                tz: 60,
                file: 1,
                language: Some("Rust"),
                lines: 1000,
            },
            Change {
                time: now - 86_400,
                tz: 60,
                file: 2,
                language: Some("TypeScript"),
                lines: 20,
            },
        ];
        let packages = vec![
            PackageUse {
                package: "tokio".into(),
                time: now,
                file: 0,
                lines: 4000,
            },
            PackageUse {
                package: "serde".into(),
                time: now,
                file: 1,
                lines: 10,
            },
        ];
        let a = assemble(&Input {
            changes: &changes,
            paths: &paths,
            authored: &[0, 1],
            packages: &packages,
            now,
        });
        assert_eq!(
            a.languages
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["Rust", "TypeScript"]
        );
        assert!(a.languages[0].proficiency.level > a.languages[1].proficiency.level);
        assert_eq!(a.frameworks.len(), 1);
        assert_eq!(a.frameworks[0].name, "Tokio");
        assert_eq!(a.libraries[0].name, "serde");
        assert_eq!(a.areas.len(), 1);
        assert_eq!(
            (a.areas[0].directory.as_str(), a.areas[0].authored_files),
            ("src/core", 2)
        );
        assert_eq!(a.heatmap.cells.iter().flatten().sum::<u32>(), 2);
        assert_eq!(a.trajectory.len(), 1);
    }
}
