//! Headers exchange matching, a port of `headers_match/2,5` in
//! `deps/rabbit/src/rabbit_exchange_type_headers.erl`.
//!
//! Both the binding arguments and the message headers are walked sorted by key, merge-style.
//! `x-match` is `all` (the default, also for any unknown value), `any`, `all-with-x` or
//! `any-with-x`. The `x-match` argument itself is always skipped; other `x-` arguments are skipped
//! unless the mode is one of the `-with-x` ones. A binding value of type `void` only requires the
//! key to be present. A message with no headers table matches as an empty table, so `all` over
//! zero non-`x-` arguments matches every message.

use super::super::value::{FieldTable, FieldValue};
use serde::{Deserialize, Serialize};

/// The `x-match` mode of a headers binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum XMatch {
    All,
    Any,
    AllWithX,
    AnyWithX,
}

impl XMatch {
    /// `parse_x_match/1`: anything unknown (or absent) behaves as `all` ("legacy; we didn't
    /// validate"). Declaring a binding with an unknown value is refused earlier, by
    /// [`validate_binding`].
    pub fn of(args: &FieldTable) -> XMatch {
        match args.get("x-match") {
            Some(FieldValue::Str(s)) => match s.as_str() {
                "any" => XMatch::Any,
                "all-with-x" => XMatch::AllWithX,
                "any-with-x" => XMatch::AnyWithX,
                _ => XMatch::All,
            },
            _ => XMatch::All,
        }
    }

    fn is_any(self) -> bool {
        matches!(self, XMatch::Any | XMatch::AnyWithX)
    }

    fn with_x(self) -> bool {
        matches!(self, XMatch::AllWithX | XMatch::AnyWithX)
    }
}

/// Why `validate_binding/2` refuses a headers binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindingProblem {
    UnknownXMatch(String),
    XMatchNotAString,
}

/// `validate_binding/2`: `x-match` must be absent or one of the four strings.
pub fn validate_binding(args: &FieldTable) -> Result<(), BindingProblem> {
    match args.get("x-match") {
        None => Ok(()),
        Some(FieldValue::Str(s))
            if matches!(s.as_str(), "all" | "any" | "all-with-x" | "any-with-x") =>
        {
            Ok(())
        }
        Some(FieldValue::Str(s)) => Err(BindingProblem::UnknownXMatch(s.clone())),
        Some(_) => Err(BindingProblem::XMatchNotAString),
    }
}

/// The outcome of comparing one binding argument with the message's headers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeaderCheck {
    /// Same key, equal value.
    Equal { key: String },
    /// Same key present; the binding asked for presence only (`void`).
    Present { key: String },
    /// Same key, another value.
    Differs {
        key: String,
        expected: FieldValue,
        actual: FieldValue,
    },
    /// The message lacks the key.
    Missing { key: String },
    /// An `x-` argument skipped by plain `all`/`any`.
    IgnoredX { key: String },
}

/// Headers routing explained: the mode and one check per binding argument (`x-match` itself is
/// not listed).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HeadersWhy {
    pub x_match: XMatch,
    pub checks: Vec<HeaderCheck>,
}

/// `headers_match(Args, Data)`: does a binding with arguments `args` match `headers`
/// (`None` = the message has no headers table)?
pub fn matches(args: &FieldTable, headers: Option<&FieldTable>) -> bool {
    let mk = XMatch::of(args);
    let empty = FieldTable::new();
    let data = headers.unwrap_or(&empty);
    let mut all = true;
    let mut any = false;
    let mut d = data.iter().peekable();
    for (pk, pv) in args {
        // The short-circuit clauses at the top of headers_match/5.
        if !mk.is_any() && !all {
            return false;
        }
        if mk.is_any() && any {
            return true;
        }
        if pk == "x-match" || (pk.starts_with("x-") && !mk.with_x()) {
            continue;
        }
        // Skip data keys that sort before the binding key.
        while d.peek().is_some_and(|(dk, _)| dk.as_str() < pk.as_str()) {
            d.next();
        }
        match d.peek() {
            Some((dk, dv)) if *dk == pk => {
                if matches!(pv, FieldValue::Void) || pv.amqp_eq(dv) {
                    any = true;
                } else {
                    all = false;
                }
                d.next();
            }
            _ => all = false,
        }
    }
    if mk.is_any() { any } else { all }
}

/// The same decision with every comparison listed, for the UI.
pub fn explain(args: &FieldTable, headers: Option<&FieldTable>) -> (bool, HeadersWhy) {
    let mk = XMatch::of(args);
    let mut checks = Vec::new();
    for (pk, pv) in args {
        if pk == "x-match" {
            continue;
        }
        if pk.starts_with("x-") && !mk.with_x() {
            checks.push(HeaderCheck::IgnoredX { key: pk.clone() });
            continue;
        }
        let check = match headers.and_then(|h| h.get(pk)) {
            None => HeaderCheck::Missing { key: pk.clone() },
            Some(_) if matches!(pv, FieldValue::Void) => HeaderCheck::Present { key: pk.clone() },
            Some(dv) if pv.amqp_eq(dv) => HeaderCheck::Equal { key: pk.clone() },
            Some(dv) => HeaderCheck::Differs {
                key: pk.clone(),
                expected: pv.clone(),
                actual: dv.clone(),
            },
        };
        checks.push(check);
    }
    (
        matches(args, headers),
        HeadersWhy {
            x_match: mk,
            checks,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(pairs: &[(&str, FieldValue)]) -> FieldTable {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn all_over_no_plain_args_matches_everything() {
        assert!(matches(&t(&[("x-match", "all".into())]), None));
        assert!(!matches(&t(&[("x-match", "any".into())]), None));
        assert!(matches(&t(&[("x-foo", "bar".into())]), Some(&t(&[]))));
        assert!(!matches(
            &t(&[("x-match", "all-with-x".into()), ("x-foo", "bar".into())]),
            None
        ));
    }

    #[test]
    fn presence_only_and_any() {
        let b = t(&[
            ("x-match", "any".into()),
            ("a", FieldValue::Void),
            ("b", 1.into()),
        ]);
        assert!(matches(&b, Some(&t(&[("a", "anything".into())]))));
        assert!(matches(&b, Some(&t(&[("b", 1.into())]))));
        // 4.0 matches exactly: the float 1.0 is not the integer 1 (see FieldValue::amqp_eq).
        assert!(!matches(&b, Some(&t(&[("b", 1.0.into())]))));
        assert!(!matches(&b, Some(&t(&[("b", "1".into())]))));
        let (m, why) = explain(&b, Some(&t(&[("b", "1".into())])));
        assert!(!m);
        assert_eq!(why.checks.len(), 2);
    }
}
