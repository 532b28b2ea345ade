//! Between flat dotted keys and nested TOML tables: flattening the user file on the way in,
//! building a section's tree for the flexible deserializer on the way out.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::flex::Node;
use super::{ConfigError, Entry, Origin, Value};

/// Reads the TOML file into dotted keys; tables are flattened, arrays kept whole.
pub(crate) fn read_file(
    path: &Path,
    entries: &mut BTreeMap<String, Entry>,
) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        // toml's message quotes the offending line; a misplaced token would be echoed.
        reason: format!("not valid TOML ({})", first_line(&e.to_string())),
    })?;
    flatten("", table, path, entries);
    Ok(())
}

fn first_line(message: &str) -> String {
    crate::net::Redactor::none().apply(message.lines().next().unwrap_or(""))
}

fn flatten(prefix: &str, table: toml::Table, path: &Path, entries: &mut BTreeMap<String, Entry>) {
    for (key, value) in table {
        let dotted = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&dotted, inner, path, entries),
            value => {
                entries.insert(
                    dotted,
                    Entry {
                        value: Value::Toml(value),
                        origin: Origin::File(path.to_path_buf()),
                    },
                );
            }
        }
    }
}

/// `name`'s keys nested into a table and deserialized; text values (git config, environment)
/// become whatever type each field asks for.
pub(crate) fn section<T: DeserializeOwned>(
    entries: &BTreeMap<String, Entry>,
    name: &str,
) -> Result<T, ConfigError> {
    let prefix = format!("{name}.");
    let mut root = BTreeMap::new();
    for (key, entry) in entries.range(prefix.clone()..) {
        let Some(rest) = key.strip_prefix(&prefix) else {
            break;
        };
        let node = match &entry.value {
            Value::Toml(v) => Node::Toml(v.clone()),
            Value::Text(s) => Node::Text(s.clone()),
        };
        insert(&mut root, rest, node);
    }
    T::deserialize(Node::Table(root)).map_err(|e| ConfigError::Section {
        section: name.to_string(),
        reason: first_line(&e.to_string()),
    })
}

fn insert(table: &mut BTreeMap<String, Node>, dotted: &str, node: Node) {
    match dotted.split_once('.') {
        None => {
            table.insert(dotted.to_string(), node);
        }
        Some((head, rest)) => {
            let child = table
                .entry(head.to_string())
                .or_insert_with(|| Node::Table(BTreeMap::new()));
            if !matches!(child, Node::Table(_)) {
                *child = Node::Table(BTreeMap::new());
            }
            if let Node::Table(inner) = child {
                insert(inner, rest, node);
            }
        }
    }
}

/// git's boolean spellings.
pub(crate) fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A value as text: scalars as written, arrays comma-separated.
pub(crate) fn scalar_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        toml::Value::Table(_) => String::new(),
    }
}
