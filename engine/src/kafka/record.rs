//! Records as a producer hands them over and as a partition log stores them, with their size in
//! Kafka's record format v2 (`DefaultRecord.sizeInBytes`, `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`).

use serde::{Deserialize, Serialize};

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the fixed header of every record batch.
pub const RECORD_BATCH_OVERHEAD: u32 = 61;

/// One record header: a string key and a nullable byte value; order is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Header {
    pub key: String,
    pub value: Option<Vec<u8>>,
}

/// What a producer sends (`ProducerRecord` without the topic).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Record {
    pub key: Option<Vec<u8>>,
    /// The payload. `None` only for a tombstone (a keyed delete marker for compaction).
    pub value: Option<Vec<u8>>,
    /// Ordered headers.
    pub headers: Vec<Header>,
    /// `CreateTime` in ms; `None` = the producer's clock (simulated now).
    pub timestamp: Option<i64>,
    /// An explicit partition, which wins over every partitioner.
    pub partition: Option<u32>,
}

impl Record {
    /// A keyless record.
    pub fn new(value: impl Into<Vec<u8>>) -> Self {
        Self {
            value: Some(value.into()),
            ..Self::default()
        }
    }
    /// A keyed record.
    pub fn keyed(key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) -> Self {
        Self {
            key: Some(key.into()),
            value: Some(value.into()),
            ..Self::default()
        }
    }
    /// A tombstone: the key with a null value.
    pub fn tombstone(key: impl Into<Vec<u8>>) -> Self {
        Self {
            key: Some(key.into()),
            value: None,
            ..Self::default()
        }
    }
    pub fn with_header(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.headers.push(Header {
            key: key.into(),
            value: Some(value.into()),
        });
        self
    }
    pub fn with_timestamp(mut self, ts: i64) -> Self {
        self.timestamp = Some(ts);
        self
    }
    pub fn to_partition(mut self, partition: u32) -> Self {
        self.partition = Some(partition);
        self
    }
    /// The value of the first header called `name`.
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|h| h.key == name)
            .and_then(|h| h.value.as_deref())
    }
}

// Inlined even in the size-tuned wasm: called several times for every record produced.
#[inline(always)]
fn varint_len(v: i64) -> u32 {
    // zig-zag, then 7 bits per byte (ByteUtils.sizeOfVarlong)
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    let mut n = 1;
    while z >= 0x80 {
        z >>= 7;
        n += 1;
    }
    n
}

fn bytes_len(b: Option<usize>) -> u32 {
    match b {
        None => 1,
        Some(n) => varint_len(n as i64) + n as u32,
    }
}

/// `DefaultRecord.sizeInBytes(offsetDelta, timestampDelta, key, value, headers)`.
#[cfg(test)]
pub fn record_size(
    offset_delta: u32,
    timestamp_delta: i64,
    key: Option<usize>,
    value: Option<usize>,
    headers: &[(usize, Option<usize>)],
) -> u32 {
    record_size_at(
        payload_size(key, value, headers),
        offset_delta,
        timestamp_delta,
    )
}

/// The part of `DefaultRecord.sizeInBytes` that does not depend on the record's place in its
/// batch (key, value, headers): the producer works it out once per record, then sizes the
/// record at each place it tries with [`record_size_at`].
pub fn payload_size(
    key: Option<usize>,
    value: Option<usize>,
    headers: &[(usize, Option<usize>)],
) -> u32 {
    let mut size = bytes_len(key) + bytes_len(value);
    size += varint_len(headers.len() as i64);
    for &(k, v) in headers {
        size += varint_len(k as i64) + k as u32 + bytes_len(v);
    }
    size
}

/// `DefaultRecord.sizeInBytes` of a record whose [`payload_size`] is `payload`.
pub fn record_size_at(payload: u32, offset_delta: u32, timestamp_delta: i64) -> u32 {
    let body = 1 + varint_len(timestamp_delta) + varint_len(offset_delta as i64) + payload;
    varint_len(body as i64) + body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_record_v2() {
        // attributes 1, ts delta 1, offset delta 1, key null 1, value len 1 + 3, headers 1 = 9, plus length 1
        assert_eq!(record_size(0, 0, None, Some(3), &[]), 10);
        assert_eq!(
            RECORD_BATCH_OVERHEAD + record_size(0, 0, None, Some(3), &[]),
            71
        );
        assert_eq!(varint_len(-1), 1);
        assert_eq!(varint_len(64), 2);
        assert_eq!(varint_len(63), 1);
        assert_eq!(varint_len(-65), 2);
        assert_eq!(varint_len(i64::MAX), 10);
        assert_eq!(varint_len(i64::MIN), 10);
    }
}
