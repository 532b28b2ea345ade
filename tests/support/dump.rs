//! A canonical text dump of an index database, keyed by commit ids and paths rather than row
//! ids, so two indexes of the same history compare equal however they were built.
#![allow(dead_code)]

use std::path::Path;

/// Every fact in the index, one sorted line each.
pub fn dump(db: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let queries = [
        "SELECT 'commit', c.oid, a.name, a.email, m.name, m.email, c.author_time, c.author_tz, \
         c.committer_time, c.committer_tz, c.parent_count, c.boundary, c.subject, c.body \
         FROM commits c JOIN identities a ON a.id = c.author_id JOIN identities m ON m.id = c.committer_id",
        "SELECT 'parent', c.oid, p.idx, p.parent_oid FROM parents p JOIN commits c ON c.id = p.commit_id",
        "SELECT 'trailer', c.oid, t.key, t.value FROM trailers t JOIN commits c ON c.id = t.commit_id",
        "SELECT 'coauthor', c.oid, i.name, i.email FROM coauthors x JOIN commits c ON c.id = x.commit_id \
         JOIN identities i ON i.id = x.identity_id",
        "SELECT 'change', c.oid, hex(p.path), hex(o.path), f.kind, f.added, f.deleted FROM file_changes f \
         JOIN commits c ON c.id = f.commit_id JOIN paths p ON p.id = f.path_id LEFT JOIN paths o ON o.id = f.old_path_id",
        "SELECT 'file', v.key, hex(p.path), f.lines, p.language, p.vendored, p.generated, p.documentation, \
         p.data FROM view_files f JOIN views v ON v.id = f.view_id JOIN paths p ON p.id = f.path_id",
        "SELECT 'ref', r.name, c.oid FROM refs r JOIN commits c ON c.id = r.commit_id",
        "SELECT 'meta', key, value FROM meta WHERE key <> 'pruned'",
    ];
    let mut out: Vec<String> = Vec::new();
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut fields = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    fields.push(format!("{v:?}"));
                }
                Ok(fields.join("|"))
            })
            .unwrap();
        for r in rows {
            out.push(r.unwrap());
        }
    }
    // line owners, by commit id rather than row id
    let oids = super::compare::commit_oids(&conn);
    let mut stmt = conn
        .prepare(
            "SELECT v.key, vc.oid, hex(p.path), w.runs FROM ownership w JOIN views v ON v.id = w.view_id \
             JOIN commits vc ON vc.id = v.commit_id JOIN paths p ON p.id = w.path_id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Vec<u8>>(3)?,
            ))
        })
        .unwrap();
    for r in rows {
        let (key, at, path, data) = r.unwrap();
        let owners = aexy::index::delta::unpack(&data).unwrap();
        let owners: Vec<&str> = owners.iter().map(|id| oids[id].as_str()).collect();
        out.push(format!("owner|{key}|{at}|{path}|{}", owners.join(",")));
    }
    out.sort();
    out.join("\n")
}
