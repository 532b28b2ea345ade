//! The one small interface the org store needs from a database engine — run a statement, read
//! rows, bulk-load rows, transactions — over plain [`Value`]s, so every query is written once
//! (with `?` placeholders) and runs unchanged on SQLite and PostgreSQL.

use anyhow::Result;

/// A cell or a parameter. Integers are 64-bit (`BIGINT`), reals double precision, so both
/// engines hold exactly the same numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub fn int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            Value::Real(r) => *r as i64,
            _ => 0,
        }
    }
    pub fn real(&self) -> f64 {
        match self {
            Value::Real(r) => *r,
            Value::Int(i) => *i as f64,
            _ => 0.0,
        }
    }
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Real(r) => r.to_string(),
            Value::Null => String::new(),
        }
    }
    pub fn opt_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            v => Some(v.text()),
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Value {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// A row of cells.
pub type Row = Vec<Value>;

/// What a database engine offers the org store. SQL uses `?` placeholders and the types
/// `BIGINT`, `DOUBLE PRECISION` and `TEXT`, which mean the same on both engines.
pub trait Engine: Send {
    /// Runs several statements without parameters (DDL).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Runs one statement; returns the rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs one query; returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Appends `rows` to `table` (`columns` in order), inside the current transaction.
    fn load(&mut self, table: &str, columns: &[&str], rows: &[Row]) -> Result<()>;
    /// Starts a write transaction that excludes other writers of the org store (SQLite: a
    /// `BEGIN IMMEDIATE`; PostgreSQL: a transaction holding the store's advisory lock when
    /// `exclusive`, else a plain one).
    fn begin(&mut self, exclusive: bool) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    fn rollback(&mut self) -> Result<()>;
    /// Whether the store has a table called `name`.
    fn has_table(&mut self, name: &str) -> Result<bool>;
    /// `"sqlite"` or `"postgres"`.
    fn kind(&self) -> &'static str;
}

/// `sql` with each `?` outside quotes replaced by `$1`, `$2`, … (PostgreSQL's placeholders).
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

/// `IN (?, ?, …)` with `n` placeholders (at least one, so the SQL stays valid).
pub fn placeholders(n: usize) -> String {
    let mut s = String::from("(");
    for i in 0..n.max(1) {
        if i > 0 {
            s.push(',');
        }
        s.push('?');
    }
    s.push(')');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered_placeholders("SELECT '?' FROM t WHERE a = ? AND b IN (?, ?)"),
            "SELECT '?' FROM t WHERE a = $1 AND b IN ($2, $3)"
        );
        assert_eq!(placeholders(3), "(?,?,?)");
        assert_eq!(placeholders(0), "(?)");
    }
}
