//! A serde deserializer over a section's settings where text from git config or the
//! environment becomes whatever the field asks for (`"7"` for a number, `"yes"` for a flag,
//! `"2024"` for a string), while values from the TOML file keep their own types.

use std::collections::BTreeMap;

use serde::de::value::{Error, MapDeserializer, StrDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// One node of a section: a file value, a text value, or a nested table.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Toml(toml::Value),
    Text(String),
    Table(BTreeMap<String, Node>),
}

impl<'de> IntoDeserializer<'de, Error> for Node {
    type Deserializer = Node;
    fn into_deserializer(self) -> Node {
        self
    }
}

fn custom<E: std::fmt::Display>(e: E) -> Error {
    de::Error::custom(e)
}

/// Parses the text as `T` or reports what was expected, without echoing long values.
fn parse<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, Error> {
    text.trim()
        .parse()
        .map_err(|_| custom(format!("expected {what}, found \"{}\"", shorten(text))))
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

macro_rules! text_number {
    ($($method:ident => $visit:ident $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self {
                Node::Text(s) => visitor.$visit(parse::<$ty>(&s, $what)?),
                other => other.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Toml(value) => value.deserialize_any(visitor).map_err(custom),
            Node::Text(s) => visitor.visit_string(s),
            Node::Table(map) => visitor.visit_map(MapDeserializer::new(map.into_iter())),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Text(s) => match super::tree::parse_flag(&s) {
                Some(b) => visitor.visit_bool(b),
                None => Err(custom(format!(
                    "expected true or false, found \"{}\"",
                    shorten(&s)
                ))),
            },
            other => other.deserialize_any(visitor),
        }
    }

    text_number! {
        deserialize_i8 => visit_i8 i8, "a number";
        deserialize_i16 => visit_i16 i16, "a number";
        deserialize_i32 => visit_i32 i32, "a number";
        deserialize_i64 => visit_i64 i64, "a number";
        deserialize_u8 => visit_u8 u8, "a whole number";
        deserialize_u16 => visit_u16 u16, "a whole number";
        deserialize_u32 => visit_u32 u32, "a whole number";
        deserialize_u64 => visit_u64 u64, "a whole number";
        deserialize_f32 => visit_f32 f32, "a number";
        deserialize_f64 => visit_f64 f64, "a number";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            // A list in git config or the environment is comma-separated.
            Node::Text(s) => {
                let items: Vec<String> = s
                    .split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                visitor.visit_seq(de::value::SeqDeserializer::new(items.into_iter()))
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Node::Text(s) => {
                let d: StrDeserializer<'_, Error> = s.as_str().into_deserializer();
                d.deserialize_enum(name, variants, visitor)
            }
            Node::Toml(value) => value
                .deserialize_enum(name, variants, visitor)
                .map_err(custom),
            table => table.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct tuple tuple_struct map struct
        identifier ignored_any i128 u128
    }
}
