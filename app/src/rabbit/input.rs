//! Turning what the learner typed into AMQP values. Nothing is validated here that the engine
//! validates: a TTL that is not a number goes to the engine as text, and the engine refuses it
//! with its typed error, as RabbitMQ would.

use engine::rabbit::{FieldTable, FieldValue};

/// An argument typed in a text box: empty is absent, a whole number is an integer, anything
/// else is sent as the string it is (and refused by the engine where a number is required).
pub fn arg(text: &str) -> Option<FieldValue> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(match t.parse::<i64>() {
        Ok(i) => FieldValue::Int(i),
        Err(_) => FieldValue::Str(t.to_string()),
    })
}

/// A string argument: empty is absent.
pub fn str_arg(text: &str) -> Option<FieldValue> {
    let t = text.trim();
    (!t.is_empty()).then(|| FieldValue::Str(t.to_string()))
}

/// `region=kr, tier=vip, urgent` → a table. Whole numbers become integers, `true`/`false`
/// booleans, a key without `=` is `void` (for a headers binding: "must be present").
pub fn table(text: &str) -> FieldTable {
    let mut t = FieldTable::new();
    for part in text.split([',', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match part.split_once('=') {
            Some((k, v)) => {
                let v = v.trim();
                let value = if let Ok(i) = v.parse::<i64>() {
                    FieldValue::Int(i)
                } else if v == "true" || v == "false" {
                    FieldValue::Bool(v == "true")
                } else {
                    FieldValue::Str(v.to_string())
                };
                t.insert(k.trim().to_string(), value);
            }
            None => {
                t.insert(part.to_string(), FieldValue::Void);
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_text_that_is_not_a_number_stays_text() {
        assert_eq!(arg(" 500 "), Some(FieldValue::Int(500)));
        assert_eq!(arg("5s"), Some(FieldValue::Str("5s".into())));
        assert_eq!(arg(""), None);
    }

    #[test]
    fn headers_text() {
        let t = table("x-match=any, region=kr, n=3, flag");
        assert_eq!(t["x-match"], FieldValue::Str("any".into()));
        assert_eq!(t["n"], FieldValue::Int(3));
        assert_eq!(t["flag"], FieldValue::Void);
    }
}
