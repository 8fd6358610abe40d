//! AMQP 0-9-1 field values and field tables: what message headers, queue/exchange arguments and
//! binding arguments are made of.
//!
//! RabbitMQ keeps a type tag beside every value (`longstr`, `long`, `signedint`, `void`, ...), but
//! the routing code compares *values* with Erlang's `==`, so `{long, 5}` equals `{signedint, 5}`
//! and `5 == 5.0` (see `headers_match/5` in
//! `deps/rabbit/src/rabbit_exchange_type_headers.erl`). We keep one variant per kind of value and
//! compare the same way in [`FieldValue::amqp_eq`].

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// A field table. Keys sort byte-wise, as `rabbit_misc:sort_field_table/1` sorts them.
pub type FieldTable = BTreeMap<String, FieldValue>;

/// One AMQP field value.
#[derive(Clone, Debug, Serialize)]
pub enum FieldValue {
    /// The `void` type (`V`): a header that is present but carries no value. As a headers
    /// binding argument it means "the key must be present, any value".
    Void,
    Bool(bool),
    /// Every integer type (`b B s u I i l L`) as one.
    Int(i64),
    /// `f` and `d`.
    Float(f64),
    /// `S` (long string) and `x` (byte array) as text.
    Str(String),
    /// `T`: seconds since the epoch (AMQP 0-9-1 timestamps are in seconds).
    Timestamp(u64),
    Array(Vec<FieldValue>),
    Table(FieldTable),
}

impl FieldValue {
    /// As RabbitMQ 4.0's headers exchange compares a binding value with a message header: the
    /// untagged Erlang values matched exactly (`rabbit_exchange_type_headers:headers_match/5`
    /// looks the key up in the message's routing headers, `mc:routing_headers/2`, and matches
    /// `{ok, V}` against the bound value, i.e. `=:=`). Integers of every width are one kind
    /// (Erlang integers), but an integer never equals a float: 1 and 1.0 differ (found by the
    /// differential run against 4.0.5, seed 20261235). A number never equals a string.
    pub fn amqp_eq(&self, other: &FieldValue) -> bool {
        use FieldValue::*;
        match (self, other) {
            (Void, Void) => true,
            (Bool(a), Bool(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (Array(a), Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.amqp_eq(y))
            }
            (Table(a), Table(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.amqp_eq(vb))
            }
            _ => match (self.as_number(), other.as_number()) {
                (Some(Num::I(a)), Some(Num::I(b))) => a == b,
                (Some(Num::F(a)), Some(Num::F(b))) => a == b,
                // An integer never equals a float, not even 1 and 1.0 (see above).
                _ => false,
            },
        }
    }

    fn as_number(&self) -> Option<Num> {
        match *self {
            FieldValue::Int(i) => Some(Num::I(i as i128)),
            FieldValue::Timestamp(t) => Some(Num::I(t as i128)),
            FieldValue::Float(f) => Some(Num::F(f)),
            _ => None,
        }
    }

    /// The value as an integer, when it is one (queue arguments such as `x-message-ttl`).
    pub fn as_int(&self) -> Option<i64> {
        match *self {
            FieldValue::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            FieldValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the value's kind, for error reports.
    pub fn kind(&self) -> ValueKind {
        match self {
            FieldValue::Void => ValueKind::Void,
            FieldValue::Bool(_) => ValueKind::Bool,
            FieldValue::Int(_) => ValueKind::Int,
            FieldValue::Float(_) => ValueKind::Float,
            FieldValue::Str(_) => ValueKind::Str,
            FieldValue::Timestamp(_) => ValueKind::Timestamp,
            FieldValue::Array(_) => ValueKind::Array,
            FieldValue::Table(_) => ValueKind::Table,
        }
    }
}

/// The kind of a [`FieldValue`], named in errors ("expected an integer, got a string").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ValueKind {
    Void,
    Bool,
    Int,
    Float,
    Str,
    Timestamp,
    Array,
    Table,
}

#[derive(Clone, Copy)]
enum Num {
    I(i128),
    F(f64),
}

/// Structural equality (floats by bit pattern) so that state comparisons and digests are exact;
/// routing uses [`FieldValue::amqp_eq`] instead.
/// The same shape, derived; [`FieldValue`]'s own `Deserialize` wraps it to bound the nesting.
#[derive(Deserialize)]
#[serde(rename = "FieldValue")]
enum Repr {
    Void,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Timestamp(u64),
    Array(Vec<FieldValue>),
    Table(FieldTable),
}

/// Deeper than [`crate::limits::MAX_NESTING_DEPTH`], so that a link just over that limit still
/// decodes and is refused naming it ([`crate::limits::check_action`]); beyond this, decoding
/// stops.
const DECODABLE_DEPTH: usize = 2 * crate::limits::MAX_NESTING_DEPTH;

thread_local! {
    /// Field values being deserialized on this thread, one inside the other.
    static DECODING_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of [`DECODING_DEPTH`], left when dropped (also on an error).
struct Level;

impl Level {
    fn enter() -> Option<Level> {
        DECODING_DEPTH.with(|d| {
            (d.get() < DECODABLE_DEPTH).then(|| {
                d.set(d.get() + 1);
                Level
            })
        })
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DECODING_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Decoding recurses once per level of nesting, and a share link is a stranger's data: past
/// [`DECODABLE_DEPTH`] levels it is an error, not a stack overflow (the
/// browser's stack is small).
impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let _level = Level::enter()
            .ok_or_else(|| serde::de::Error::custom("field values nest too deeply"))?;
        Ok(match Repr::deserialize(d)? {
            Repr::Void => FieldValue::Void,
            Repr::Bool(b) => FieldValue::Bool(b),
            Repr::Int(i) => FieldValue::Int(i),
            Repr::Float(f) => FieldValue::Float(f),
            Repr::Str(s) => FieldValue::Str(s),
            Repr::Timestamp(t) => FieldValue::Timestamp(t),
            Repr::Array(a) => FieldValue::Array(a),
            Repr::Table(t) => FieldValue::Table(t),
        })
    }
}

impl PartialEq for FieldValue {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for FieldValue {}

impl PartialOrd for FieldValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FieldValue {
    fn cmp(&self, other: &Self) -> Ordering {
        use FieldValue::*;
        fn rank(v: &FieldValue) -> u8 {
            match v {
                Void => 0,
                Bool(_) => 1,
                Int(_) => 2,
                Float(_) => 3,
                Str(_) => 4,
                Timestamp(_) => 5,
                Array(_) => 6,
                Table(_) => 7,
            }
        }
        match (self, other) {
            (Void, Void) => Ordering::Equal,
            (Bool(a), Bool(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (Float(a), Float(b)) => a.total_cmp(b),
            (Str(a), Str(b)) => a.cmp(b),
            (Timestamp(a), Timestamp(b)) => a.cmp(b),
            (Array(a), Array(b)) => a.cmp(b),
            (Table(a), Table(b)) => a.cmp(b),
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

impl Hash for FieldValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        use FieldValue::*;
        match self {
            Void => state.write_u8(0),
            Bool(b) => {
                state.write_u8(1);
                b.hash(state)
            }
            Int(i) => {
                state.write_u8(2);
                i.hash(state)
            }
            Float(f) => {
                state.write_u8(3);
                f.to_bits().hash(state)
            }
            Str(s) => {
                state.write_u8(4);
                s.hash(state)
            }
            Timestamp(t) => {
                state.write_u8(5);
                t.hash(state)
            }
            Array(a) => {
                state.write_u8(6);
                a.hash(state)
            }
            Table(t) => {
                state.write_u8(7);
                t.hash(state)
            }
        }
    }
}

impl From<&str> for FieldValue {
    fn from(s: &str) -> Self {
        FieldValue::Str(s.to_string())
    }
}
impl From<String> for FieldValue {
    fn from(s: String) -> Self {
        FieldValue::Str(s)
    }
}
impl From<i64> for FieldValue {
    fn from(i: i64) -> Self {
        FieldValue::Int(i)
    }
}
impl From<i32> for FieldValue {
    fn from(i: i32) -> Self {
        FieldValue::Int(i as i64)
    }
}
impl From<u32> for FieldValue {
    fn from(i: u32) -> Self {
        FieldValue::Int(i as i64)
    }
}
impl From<bool> for FieldValue {
    fn from(b: bool) -> Self {
        FieldValue::Bool(b)
    }
}
impl From<f64> for FieldValue {
    fn from(f: f64) -> Self {
        FieldValue::Float(f)
    }
}

#[cfg(test)]
mod tests {
    use super::FieldValue::*;

    #[test]
    fn integers_compare_by_value_but_never_equal_floats_or_strings() {
        assert!(!Int(5).amqp_eq(&Float(5.0)));
        assert!(Float(1.5).amqp_eq(&Float(1.5)));
        assert!(Int(5).amqp_eq(&Timestamp(5)));
        assert!(!Int(5).amqp_eq(&Str("5".into())));
        assert!(!Bool(true).amqp_eq(&Int(1)));
        assert!(Void.amqp_eq(&Void));
    }
}
