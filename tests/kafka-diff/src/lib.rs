//! Differential tests of the engine's Kafka model against the real Kafka (issue 17).
//!
//! [`java`] runs a small driver on Kafka's own jars; [`algos`] compares the client-side
//! algorithms (partitioner and assignors) on seeded random cases.

pub mod algos;
pub mod cluster;
pub mod java;
pub mod scenario;

/// `allow-list.txt`: every accepted difference and its reason.
pub const ALLOW_LIST: &str = include_str!("../allow-list.txt");

/// The reason the allow-list gives for `id`, or an error when the id is not listed (so nothing
/// is excused under a name the file does not explain).
pub fn allowed(id: &str) -> Result<String, String> {
    let mut lines = ALLOW_LIST
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{id}:")));
    let first = lines
        .next()
        .ok_or_else(|| format!("{id} is not in tests/kafka-diff/allow-list.txt"))?;
    let mut reason = first[id.len() + 1..].trim().to_string();
    for l in lines.take_while(|l| l.starts_with("  ")) {
        reason.push(' ');
        reason.push_str(l.trim());
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    #[test]
    fn allow_list_entries_have_reasons() {
        let r = super::allowed("assignment-list-order").unwrap();
        assert!(r.contains("HashMap"), "{r}");
        assert!(super::allowed("anything-else").is_err());
    }
}
