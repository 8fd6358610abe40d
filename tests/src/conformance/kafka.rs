//! The Kafka arrays: `murmur2`, `partition` and `assignors`, each checked through the engine's
//! real code paths (`engine::kafka::murmur2`, `partition_for_key` and `assignor::assign`).

use super::{Report, array, int_field, str_field};
use engine::kafka::assignor::{self, Strategy, Subscription, TopicPartition};
use engine::kafka::{murmur2, partition_for_key};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(doc: &Value, report: &mut Report) {
    for (i, v) in array(doc, "murmur2").iter().enumerate() {
        report.record("murmur2", i, v, check_murmur2(v));
    }
    for (i, v) in array(doc, "partition").iter().enumerate() {
        report.record("partition", i, v, check_partition(v));
    }
    for (i, v) in array(doc, "assignors").iter().enumerate() {
        // tallied per assignor, so the sticky ones can be told apart from range/roundrobin
        let name = match v.get("assignor").and_then(Value::as_str) {
            Some(a @ ("range" | "roundrobin" | "sticky" | "cooperative-sticky")) => {
                format!("assignors/{a}")
            }
            _ => "assignors/?".to_string(),
        };
        report.record(&name, i, v, check_assignor(v));
    }
}

fn check_murmur2(v: &Value) -> Result<(), String> {
    let bytes = hex(str_field(v, "key_bytes_hex")?)?;
    let want = int_field(v, "hash")?;
    let got = murmur2(&bytes) as i64;
    if got == want {
        Ok(())
    } else {
        Err(format!("murmur2 = {got}, expected {want}"))
    }
}

fn check_partition(v: &Value) -> Result<(), String> {
    let key = str_field(v, "key")?;
    let partitions = int_field(v, "partitions")?;
    let partitions = u32::try_from(partitions)
        .ok()
        .filter(|&p| p > 0)
        .ok_or("`partitions` out of range")?;
    let want = int_field(v, "expected")?;
    let got = partition_for_key(key.as_bytes(), partitions) as i64;
    if got == want {
        Ok(())
    } else {
        Err(format!("partition = {got}, expected {want}"))
    }
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return Err("odd-length or non-ASCII hex".into());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| format!("bad hex `{s}`")))
        .collect()
}

fn object<'a>(v: &'a Value, name: &str) -> Result<&'a serde_json::Map<String, Value>, String> {
    v.get(name)
        .and_then(Value::as_object)
        .ok_or_else(|| format!("`{name}` is missing or not an object"))
}

fn optional_object<'a>(
    v: &'a Value,
    name: &str,
) -> Result<Option<&'a serde_json::Map<String, Value>>, String> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(format!("`{name}` is not an object")),
    }
}

fn strings(v: &Value, what: &str) -> Result<Vec<String>, String> {
    v.as_array()
        .ok_or_else(|| format!("{what} is not an array"))?
        .iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{what} holds a non-string"))
        })
        .collect()
}

fn partitions_of(v: &Value, what: &str) -> Result<Vec<TopicPartition>, String> {
    strings(v, what)?
        .iter()
        .map(|s| TopicPartition::parse(s).ok_or_else(|| format!("{what}: `{s}` is not `topic-N`")))
        .collect()
}

/// `generation`: an integer for everyone, `{member: n}`, or an informational string
/// ("all members in the same generation (generationId=1)").
fn generations(v: &Value, members: &[String]) -> Result<BTreeMap<String, Option<i32>>, String> {
    let all = |g: Option<i32>| members.iter().map(|m| (m.clone(), g)).collect();
    match v.get("generation") {
        None | Some(Value::Null) => Ok(all(None)),
        Some(Value::Number(n)) => {
            let g = n
                .as_i64()
                .and_then(|g| i32::try_from(g).ok())
                .ok_or("`generation` out of range")?;
            Ok(all(Some(g)))
        }
        Some(Value::String(s)) => {
            let digits: String = s
                .split("generationId=")
                .nth(1)
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '-')
                        .collect()
                })
                .unwrap_or_default();
            Ok(all(Some(digits.parse().unwrap_or(1))))
        }
        Some(Value::Object(m)) => members
            .iter()
            .map(|name| match m.get(name) {
                None | Some(Value::Null) => Ok((name.clone(), None)),
                Some(x) => x
                    .as_i64()
                    .and_then(|g| i32::try_from(g).ok())
                    .map(|g| (name.clone(), Some(g)))
                    .ok_or_else(|| format!("`generation.{name}` is not an integer")),
            })
            .collect(),
        Some(_) => Err("`generation` has an unknown form".into()),
    }
}

fn as_sets(a: &BTreeMap<String, Vec<TopicPartition>>) -> BTreeMap<String, BTreeSet<String>> {
    a.iter()
        .map(|(m, l)| (m.clone(), l.iter().map(ToString::to_string).collect()))
        .collect()
}

fn check_assignor(v: &Value) -> Result<(), String> {
    let name = str_field(v, "assignor")?;
    let strategy = Strategy::from_name(name).ok_or_else(|| format!("unknown assignor `{name}`"))?;
    let members = object(v, "members")?;
    let topics = object(v, "topics")?;
    let expected = object(v, "expected")?;
    let owned = optional_object(v, "owned_partitions")?;
    let instances = optional_object(v, "group_instance_ids")?;
    let first_round = match v.get("cooperative_first_round") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("`cooperative_first_round` is not a boolean".into()),
    };
    let mut partitions_per_topic = BTreeMap::new();
    for (t, n) in topics {
        let n = n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("`topics.{t}` is not a count"))?;
        if n > 100_000 {
            return Err(format!("`topics.{t}` is implausibly large"));
        }
        partitions_per_topic.insert(t.clone(), n);
    }
    if partitions_per_topic
        .values()
        .map(|&n| n as u64)
        .sum::<u64>()
        > 200_000
    {
        return Err("more partitions than the harness checks (200000)".into());
    }
    let names: Vec<String> = members.keys().cloned().collect();
    let gens = generations(v, &names)?;
    let mut subs = Vec::new();
    for (m, t) in members {
        let mut s = Subscription {
            member: m.clone(),
            group_instance_id: None,
            topics: strings(t, &format!("`members.{m}`"))?,
            owned: Vec::new(),
            generation: gens.get(m).copied().flatten(),
        };
        if let Some(list) = owned.and_then(|o| o.get(m)) {
            s.owned = partitions_of(list, &format!("`owned_partitions.{m}`"))?;
        }
        if let Some(ids) = instances {
            match ids.get(m) {
                None | Some(Value::Null) => {}
                Some(Value::String(id)) => s.group_instance_id = Some(id.clone()),
                Some(_) => return Err(format!("`group_instance_ids.{m}` is not a string")),
            }
        }
        subs.push(s);
    }
    let out = assignor::assign(strategy, &partitions_per_topic, &subs, first_round);

    let mut want: BTreeMap<String, Vec<TopicPartition>> = BTreeMap::new();
    for (m, list) in expected {
        want.insert(m.clone(), partitions_of(list, &format!("`expected.{m}`"))?);
    }
    let mut got = as_sets(&out.members);
    got.retain(|m, l| !l.is_empty() || want.contains_key(m));
    let mut want = as_sets(&want);
    want.retain(|m, l| !l.is_empty() || got.contains_key(m));
    let mut diffs = Vec::new();
    let all: BTreeSet<&String> = got.keys().chain(want.keys()).collect();
    let empty = BTreeSet::new();
    for m in all {
        let (g, w) = (got.get(m).unwrap_or(&empty), want.get(m).unwrap_or(&empty));
        if g != w {
            diffs.push(format!("{m}: got {g:?}, expected {w:?}"));
        }
    }
    if strategy == Strategy::CooperativeSticky
        && first_round
        && let Some(t) = v
            .get("partitions_transferring_ownership")
            .filter(|t| !t.is_null())
    {
        let want_t: BTreeSet<String> = match t {
            Value::Object(m) => m.keys().cloned().collect(),
            Value::Array(_) => strings(t, "`partitions_transferring_ownership`")?
                .into_iter()
                .collect(),
            _ => return Err("`partitions_transferring_ownership` has an unknown form".into()),
        };
        let got_t: BTreeSet<String> = out.transferring.keys().map(ToString::to_string).collect();
        if got_t != want_t {
            diffs.push(format!("transferring: got {got_t:?}, expected {want_t:?}"));
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::run_str;

    #[test]
    fn malformed_assignor_vectors_fail_without_panicking() {
        let bad = [
            r#"{"assignor":"range"}"#,
            r#"{"assignor":"nope","members":{},"topics":{},"expected":{}}"#,
            r#"{"assignor":"range","members":{"a":"t"},"topics":{"t":1},"expected":{"a":[]}}"#,
            r#"{"assignor":"range","members":{"a":["t"]},"topics":{"t":-1},"expected":{"a":[]}}"#,
            r#"{"assignor":"sticky","members":{"a":["t"]},"topics":{"t":2},"owned_partitions":{"a":["t-x"]},"expected":{"a":[]}}"#,
            r#"{"assignor":"sticky","members":{"a":["t"]},"topics":{"t":2},"generation":[1],"expected":{"a":[]}}"#,
            r#"{"assignor":"roundrobin","members":{"a":["t"]},"topics":{"t":4000000000},"expected":{"a":[]}}"#,
            r#"{"assignor":"cooperative-sticky","members":{"a":["t"]},"topics":{"t":1},"cooperative_first_round":"yes","expected":{"a":["t-0"]}}"#,
            r#"{"assignor":"range","members":{"a":["t"]},"topics":{"t":2},"expected":{"a":["t-0"]}}"#,
        ];
        for v in bad {
            let doc = format!(r#"{{"assignors":[{v}]}}"#);
            let report = run_str(&doc).expect("valid JSON");
            assert_eq!(report.failed(), 1, "{v}");
        }
    }

    #[test]
    fn odd_but_valid_vectors_pass() {
        // owned partitions past the partition count, members with no topics, empty topics
        let doc = r#"{"assignors":[
            {"assignor":"sticky","members":{"a":["t"],"b":["t"]},"topics":{"t":2},
             "owned_partitions":{"a":["t-0","t-7"],"b":["gone-0"]},"generation":3,
             "expected":{"a":["t-0"],"b":["t-1"]}},
            {"assignor":"roundrobin","members":{"a":[],"b":["t"]},"topics":{"t":2,"u":3},
             "expected":{"a":[],"b":["t-0","t-1"]}}
        ]}"#;
        let report = run_str(doc).unwrap();
        assert_eq!(report.failed(), 0, "{report}");
    }
}
