//! The Kafka arrays: `murmur2`, `partition` and `assignors`.

use super::{Report, array, int_field, str_field};
use engine::kafka::{murmur2, partition_for_key};
use serde_json::Value;

pub(super) fn check(doc: &Value, report: &mut Report) {
    for (i, v) in array(doc, "murmur2").iter().enumerate() {
        report.record("murmur2", i, v, check_murmur2(v));
    }
    for (i, v) in array(doc, "partition").iter().enumerate() {
        report.record("partition", i, v, check_partition(v));
    }
    let assignors = array(doc, "assignors");
    if !assignors.is_empty() {
        report.skip("assignors", assignors.len(), "the group assignors are not in the engine yet");
    }
}

fn check_murmur2(v: &Value) -> Result<(), String> {
    let bytes = hex(str_field(v, "key_bytes_hex")?)?;
    let want = int_field(v, "hash")?;
    let got = murmur2(&bytes) as i64;
    if got == want { Ok(()) } else { Err(format!("murmur2 = {got}, expected {want}")) }
}

fn check_partition(v: &Value) -> Result<(), String> {
    let key = str_field(v, "key")?;
    let partitions = int_field(v, "partitions")?;
    let partitions = u32::try_from(partitions).ok().filter(|&p| p > 0).ok_or("`partitions` out of range")?;
    let want = int_field(v, "expected")?;
    let got = partition_for_key(key.as_bytes(), partitions) as i64;
    if got == want { Ok(()) } else { Err(format!("partition = {got}, expected {want}")) }
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim();
    if s.len() % 2 != 0 {
        return Err("odd-length hex".into());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| format!("bad hex `{s}`")))
        .collect()
}
