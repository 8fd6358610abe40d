//! A small JSON reader and writer for definitions files: only what that format needs, with
//! bounded depth and size, positions in errors, and object keys kept in file order. (A
//! hand-written parser keeps `serde_json` out of the wasm; it only ever reads user-pasted text.)

use std::fmt::Write;

/// Deepest nesting accepted ([`crate::limits::MAX_NESTING_DEPTH`]).
pub const MAX_DEPTH: usize = crate::limits::MAX_NESTING_DEPTH;
/// Largest file accepted, in bytes ([`crate::limits::MAX_DEFINITIONS_BYTES`]).
pub const MAX_BYTES: usize = crate::limits::MAX_DEFINITIONS_BYTES as usize;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Why a text is not JSON, and where (byte offset).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JsonError {
    pub offset: usize,
    pub problem: JsonProblem,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum JsonProblem {
    UnexpectedEnd,
    UnexpectedChar(char),
    BadEscape,
    BadNumber,
    TooDeep,
    TooLarge,
    TrailingText,
}

pub fn parse(text: &str) -> Result<Json, JsonError> {
    if text.len() > MAX_BYTES {
        return Err(JsonError {
            offset: MAX_BYTES,
            problem: JsonProblem::TooLarge,
        });
    }
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err(JsonProblem::TrailingText));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, problem: JsonProblem) -> JsonError {
        JsonError {
            offset: self.i,
            problem,
        }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> Result<u8, JsonError> {
        self.s
            .get(self.i)
            .copied()
            .ok_or(self.err(JsonProblem::UnexpectedEnd))
    }

    fn unexpected(&self) -> JsonError {
        let c = std::str::from_utf8(&self.s[self.i..])
            .ok()
            .and_then(|r| r.chars().next())
            .unwrap_or('?');
        self.err(JsonProblem::UnexpectedChar(c))
    }

    fn expect(&mut self, lit: &[u8]) -> Result<(), JsonError> {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err(JsonProblem::TooDeep));
        }
        match self.peek()? {
            b'n' => self.expect(b"null").map(|_| Json::Null),
            b't' => self.expect(b"true").map(|_| Json::Bool(true)),
            b'f' => self.expect(b"false").map(|_| Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek()? == b']' {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(self.unexpected()),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    if self.peek()? != b'"' {
                        return Err(self.unexpected());
                    }
                    let k = self.string()?;
                    self.ws();
                    self.expect(b":")?;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    fields.push((k, v));
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Ok(Json::Obj(fields));
                        }
                        _ => return Err(self.unexpected()),
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.unexpected()),
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        let mut float = false;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.i += 1;
        }
        let t = std::str::from_utf8(&self.s[start..self.i])
            .map_err(|_| self.err(JsonProblem::BadNumber))?;
        if !float && let Ok(i) = t.parse::<i64>() {
            return Ok(Json::Int(i));
        }
        t.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Json::Float)
            .ok_or(JsonError {
                offset: start,
                problem: JsonProblem::BadNumber,
            })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .ok_or(self.err(JsonProblem::UnexpectedEnd))?;
        let v = std::str::from_utf8(h)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or(self.err(JsonProblem::BadEscape))?;
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len()
                && self.s[self.i] != b'"'
                && self.s[self.i] != b'\\'
                && self.s[self.i] >= 0x20
            {
                self.i += 1;
            }
            // The input is a &str and we stop only at ASCII bytes, so this slice is valid UTF-8.
            out.push_str(
                std::str::from_utf8(&self.s[start..self.i])
                    .map_err(|_| self.err(JsonProblem::UnexpectedEnd))?,
            );
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.i += 1;
                    let c = self.peek()?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if !self.s[self.i..].starts_with(b"\\u") {
                                    return Err(self.err(JsonProblem::BadEscape));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err(JsonProblem::BadEscape));
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            out.push(char::from_u32(cp).ok_or(self.err(JsonProblem::BadEscape))?);
                        }
                        _ => return Err(self.err(JsonProblem::BadEscape)),
                    }
                }
                _ => return Err(self.unexpected()),
            }
        }
    }
}

/// Writes `v` as pretty JSON (two-space indent, keys in the given order).
pub fn write(v: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, v, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, v: &Json, indent: usize) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Json::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Json::Str(s) => write_str(out, s),
        Json::Arr(items) if items.is_empty() => out.push_str("[]"),
        Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
        Json::Arr(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                out.push_str(if n == 0 { "\n" } else { ",\n" });
                pad(out, indent + 1);
                write_value(out, item, indent + 1);
            }
            out.push('\n');
            pad(out, indent);
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (n, (k, v)) in fields.iter().enumerate() {
                out.push_str(if n == 0 { "\n" } else { ",\n" });
                pad(out, indent + 1);
                write_str(out, k);
                out.push_str(": ");
                write_value(out, v, indent + 1);
            }
            out.push('\n');
            pad(out, indent);
            out.push('}');
        }
    }
}

/// Writes `v` as JSON on one line, without spaces (a shell argument, a header value).
pub fn write_compact(v: &Json) -> String {
    let mut out = String::new();
    compact_value(&mut out, v);
    out
}

fn compact_value(out: &mut String, v: &Json) {
    match v {
        Json::Arr(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                compact_value(out, item);
            }
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (n, (k, v)) in fields.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                compact_value(out, v);
            }
            out.push('}');
        }
        scalar => write_value(out, scalar, 0),
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push_str("  ");
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let v = parse(r#" {"a": [1, -2.5, "x\u00e9\ud83d\ude00", true, null, {}], "b": "q\"\n"} "#)
            .unwrap();
        assert_eq!(parse(&write(&v)).unwrap(), v);
        assert_eq!(parse(&write_compact(&v)).unwrap(), v);
        assert!(!write_compact(&v).contains('\n'));
        assert_eq!(parse("{").unwrap_err().problem, JsonProblem::UnexpectedEnd);
        assert_eq!(parse("[1,]").unwrap_err().offset, 3);
        assert_eq!(parse("1 2").unwrap_err().problem, JsonProblem::TrailingText);
        assert_eq!(
            parse(&"[".repeat(100)).unwrap_err().problem,
            JsonProblem::TooDeep
        );
        assert!(parse("\"\\ud800\"").is_err());
        assert!(parse("1e999").is_err());
    }
}
