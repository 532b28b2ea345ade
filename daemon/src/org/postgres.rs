//! The shared org store: PostgreSQL through the `postgres` crate (pure Rust, no libpq).
//! Parameters bind to whatever type the server infers, rows come back as [`Value`]s, bulk rows
//! go in with `COPY … FROM STDIN`, and a writer that must be alone takes an advisory lock.

use std::io::Write as _;

use anyhow::{bail, Context as _, Result};
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls};

use super::engine::{numbered_placeholders, Engine, Row, Value};

/// The advisory lock key every exclusive org-store writer takes ("aexy" in ASCII).
const LOCK_KEY: i64 = 0x6165_7879;

/// How long connecting may take when the URL sets no `connect_timeout`.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// An org store in a PostgreSQL database.
pub struct Postgres {
    client: Client,
}

impl Postgres {
    /// Connects to `url` (`postgres://user@host:port/db`, or `?host=/run/postgresql` for a
    /// local socket). TLS is not built in: use a local socket or a private network.
    /// A connection attempt gives up after [`CONNECT_TIMEOUT`] unless the URL says otherwise
    /// (`connect_timeout=N`), so an unreachable server is an error, not a hang.
    pub fn connect(url: &str) -> Result<Postgres> {
        // the URL may carry a password: errors never repeat it
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| anyhow::anyhow!("reading the PostgreSQL org store's URL: {e}"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let client = config
            .connect(NoTls)
            .map_err(|e| anyhow::anyhow!("connecting to the PostgreSQL org store: {e}"))?;
        Ok(Postgres { client })
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Int(i), t) if *t == Type::FLOAT8 => (*i as f64).to_sql(ty, out),
            (Value::Int(i), t) if *t == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), t) if *t == Type::TEXT || *t == Type::VARCHAR => {
                i.to_string().to_sql(ty, out)
            }
            (Value::Int(i), _) => i.to_sql(ty, out),
            (Value::Real(r), t) if *t == Type::INT8 => (*r as i64).to_sql(ty, out),
            (Value::Real(r), _) => r.to_sql(ty, out),
            (Value::Text(s), _) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn cells(row: &postgres::Row) -> Result<Row> {
    let mut out = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let t = col.type_();
        let v = if *t == Type::INT8 {
            row.get::<_, Option<i64>>(i).map_or(Value::Null, Value::Int)
        } else if *t == Type::INT4 {
            row.get::<_, Option<i32>>(i)
                .map_or(Value::Null, |x| Value::Int(i64::from(x)))
        } else if *t == Type::FLOAT8 {
            row.get::<_, Option<f64>>(i)
                .map_or(Value::Null, Value::Real)
        } else if *t == Type::BOOL {
            row.get::<_, Option<bool>>(i)
                .map_or(Value::Null, |b| Value::Int(i64::from(b)))
        } else if *t == Type::TEXT || *t == Type::VARCHAR || *t == Type::NAME {
            row.get::<_, Option<String>>(i)
                .map_or(Value::Null, Value::Text)
        } else {
            bail!(
                "column {} has type {t}, which the org store does not use (cast it)",
                col.name()
            )
        };
        out.push(v);
    }
    Ok(out)
}

/// One value in COPY's text format.
fn copy_text(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("\\N"),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Real(r) => out.push_str(&r.to_string()),
        Value::Text(s) => {
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\0' => {} // PostgreSQL text cannot hold NUL
                    c => out.push(c),
                }
            }
        }
    }
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Engine for Postgres {
    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let sql = numbered_placeholders(sql);
        Ok(self.client.execute(sql.as_str(), &refs(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let sql = numbered_placeholders(sql);
        let st = self.client.prepare(&sql)?;
        let rows = self.client.query(&st, &refs(params))?;
        rows.iter().map(cells).collect()
    }

    fn load(&mut self, table: &str, columns: &[&str], rows: &[Row]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut w = self
            .client
            .copy_in(&format!("COPY {table} ({}) FROM STDIN", columns.join(",")))?;
        let mut buf = String::new();
        for r in rows {
            for (i, v) in r.iter().enumerate() {
                if i > 0 {
                    buf.push('\t');
                }
                copy_text(v, &mut buf);
            }
            buf.push('\n');
            if buf.len() > 1 << 20 {
                w.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        w.write_all(buf.as_bytes())?;
        w.finish()
            .with_context(|| format!("loading rows into {table}"))?;
        Ok(())
    }

    fn begin(&mut self, exclusive: bool) -> Result<()> {
        self.client.batch_execute("BEGIN")?;
        if exclusive {
            self.client
                .execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])?;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        Ok(self.client.batch_execute("COMMIT")?)
    }

    fn rollback(&mut self) -> Result<()> {
        Ok(self.client.batch_execute("ROLLBACK")?)
    }

    fn has_table(&mut self, name: &str) -> Result<bool> {
        let row = self
            .client
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])?;
        Ok(row.get(0))
    }

    fn kind(&self) -> &'static str {
        "postgres"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_copy_reads_specially() {
        let mut s = String::new();
        copy_text(&Value::Text("a\tb\\c\nd".into()), &mut s);
        assert_eq!(s, "a\\tb\\\\c\\nd");
        s.clear();
        copy_text(&Value::Null, &mut s);
        copy_text(&Value::Real(0.1), &mut s);
        assert_eq!(s, "\\N0.1");
    }
}
