//! A canonical text rendering of an org store — every table's rows sorted, the sync time left
//! out — so two stores (SQLite and PostgreSQL, a clean run and a killed-and-re-run one) can be
//! compared for equality (`aexy org dump`).

use anyhow::Result;

use super::engine::Value;
use super::schema::REPO_TABLES;
use super::store::OrgStore;

/// The store as sorted lines, `table<TAB>cell<TAB>cell…`.
pub fn dump(s: &mut OrgStore) -> Result<String> {
    let mut lines: Vec<String> = Vec::new();
    let repos = "SELECT id, name, location, head, head_time, commits, developers, files, \
                 considered_files, truck_factor, silo_files, orphaned_files, documents, \
                 subject_documents FROM repositories";
    let mut tables: Vec<(&str, String)> = vec![("repositories", repos.to_string())];
    for t in REPO_TABLES.iter().chain(["people", "person_of"].iter()) {
        tables.push((t, format!("SELECT * FROM {t}")));
    }
    for (t, sql) in tables {
        for row in s.query(&sql, &[])? {
            let cells: Vec<String> = row
                .iter()
                .map(|v| match v {
                    Value::Null => "NULL".to_string(),
                    Value::Real(r) => format!("{r:?}"),
                    v => v.text().replace(['\t', '\n'], " "),
                })
                .collect();
            lines.push(format!("{t}\t{}", cells.join("\t")));
        }
    }
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}
