//! Reads what hiring needs from a repository: the frameworks each manifest declares (with the
//! profile's manifest readers and framework classifier) and the job-description and rubric
//! templates (`.aexy/hiring/`, else the shipped ones).

use anyhow::Result;

use super::gaps::Frameworks;
use super::plan;
use crate::insights::knowledge::Knowledge;
use crate::insights::profile::frameworks::{classify, PackageKind};
use crate::insights::profile::manifests;
use crate::query::Context;
use crate::teams::load::read;

/// Frameworks declared by every manifest at the snapshot, by the manifest's directory.
pub fn frameworks(ctx: &Context, k: &Knowledge) -> Frameworks {
    let mut out: Frameworks = Vec::new();
    for f in &k.files {
        let Some(kind) = manifests::manifest_kind(&f.path) else {
            continue;
        };
        if f.path
            .split('/')
            .any(|c| c == "node_modules" || c == "vendor")
        {
            continue;
        }
        let Some(text) = read(ctx, &f.path) else {
            continue;
        };
        let mut names: Vec<String> = manifests::dependencies(kind, &text)
            .iter()
            .map(|d| classify(d))
            .filter(|(_, kind)| *kind == PackageKind::Framework)
            .map(|(n, _)| n)
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            let dir = f
                .path
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            out.push((dir, names));
        }
    }
    out
}

/// The job-description and rubric templates in effect.
pub fn templates(ctx: &Context) -> Result<(String, String)> {
    Ok((
        read(ctx, plan::JOB_PATH).unwrap_or_else(|| plan::JOB_TEMPLATE.to_string()),
        read(ctx, plan::RUBRIC_PATH).unwrap_or_else(|| plan::RUBRIC_TEMPLATE.to_string()),
    ))
}

/// The ranked gaps of the context's repository and the snapshot's time (RFC 3339).
pub fn gaps(ctx: &Context, inactive_days: u32) -> Result<(Vec<super::gaps::Gap>, String)> {
    let k = crate::insights::context::knowledge(ctx)?;
    let areas = crate::careers::areas::Areas::build(&k);
    let changed = crate::careers::metrics::changed_files(&k);
    let figures: Vec<_> = (0..k.developers.len())
        .filter(|&d| k.active(d, inactive_days))
        .map(|d| crate::careers::metrics::figures(&k, &areas, &changed, d, None))
        .collect();
    let fw = frameworks(ctx, &k);
    let list = super::gaps::gaps(
        &super::gaps::Inputs {
            k: &k,
            areas: &areas,
            figures: &figures,
            frameworks: &fw,
        },
        &super::gaps::Options { inactive_days },
    );
    Ok((list, crate::insights::calendar::rfc3339(k.now, 0)))
}

/// Role profiles for the `top` riskiest gaps, from the repository's templates.
pub fn plan(ctx: &Context, inactive_days: u32, top: usize) -> Result<Vec<plan::RoleProfile>> {
    let (list, as_of) = gaps(ctx, inactive_days)?;
    let (job, rubric) = templates(ctx)?;
    let repository = ctx
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    list.iter()
        .take(top)
        .map(|g| plan::profile(g, &repository, &as_of, &job, &rubric))
        .collect()
}
