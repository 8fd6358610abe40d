//! A partition's log: record batches in offset order, grouped into segments; the log start
//! offset, log end offset (LEO), retention by time and size in whole segments, and compaction
//! (latest value per key, tombstones kept for `delete.retention.ms`).
//!
//! Batches are immutable once appended and shared through `Arc`, so cloning a log (a snapshot for
//! time travel) copies pointers, not records. Sources: `UnifiedLog.scala`/`UnifiedLog.java`
//! (`deleteOldSegments`, `deleteRetentionMsBreachedSegments`, `deleteRetentionSizeBreachedSegments`,
//! roll on `segment.bytes`/`segment.ms`) and `LogCleaner.scala` (KIP-534 tombstone horizon).

use super::config::{Acks, Compression, TopicConfig};
use super::record::{Header, Record};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

const NULL: u32 = u32::MAX;

/// One stored record: 40 bytes of index; key, value and headers live in the batch's buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    pub offset: u64,
    /// The produce sequence number, for the audit.
    pub id: u64,
    pub timestamp: i64,
    pos: u32,
    key_len: u32,
    value_len: u32,
    headers_len: u32,
}

/// A record batch as the leader appended it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Batch {
    pub base_offset: u64,
    pub last_offset: u64,
    pub entries: Vec<Entry>,
    data: Vec<u8>,
    /// The leader epoch under which it was appended (the leader-epoch cache uses it).
    pub leader_epoch: u32,
    pub producer: u32,
    /// The producer's `acks` for this batch (to tell acknowledged from unacknowledged records).
    pub acks: Acks,
    pub compression: Compression,
    /// Bytes on disk: batch header plus (compressed) records.
    pub size_bytes: u32,
    /// Bytes of the records before compression.
    pub uncompressed_bytes: u32,
    pub max_timestamp: i64,
    pub appended_ms: u64,
    /// KIP-534: set when the cleaner first sees tombstones in this batch.
    pub delete_horizon_ms: Option<u64>,
}

/// A record read back from a log.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'a> {
    pub offset: u64,
    pub id: u64,
    pub timestamp: i64,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    headers: &'a [u8],
}

impl<'a> RecordView<'a> {
    /// The headers, in order.
    pub fn headers(&self) -> impl Iterator<Item = (&'a str, Option<&'a [u8]>)> + 'a {
        HeaderIter { buf: self.headers }
    }
    pub fn header(&self, name: &str) -> Option<&'a [u8]> {
        self.headers()
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| v)
    }
    pub fn is_tombstone(&self) -> bool {
        self.value.is_none()
    }
    /// An owned copy (for views that want plain data).
    pub fn to_record(&self) -> Record {
        Record {
            key: self.key.map(<[u8]>::to_vec),
            value: self.value.map(<[u8]>::to_vec),
            headers: self
                .headers()
                .map(|(k, v)| Header {
                    key: k.to_string(),
                    value: v.map(<[u8]>::to_vec),
                })
                .collect(),
            timestamp: Some(self.timestamp),
            partition: None,
        }
    }
}

struct HeaderIter<'a> {
    buf: &'a [u8],
}

impl<'a> Iterator for HeaderIter<'a> {
    type Item = (&'a str, Option<&'a [u8]>);
    fn next(&mut self) -> Option<Self::Item> {
        if self.buf.len() < 2 {
            return None;
        }
        let kl = u16::from_le_bytes([self.buf[0], self.buf[1]]) as usize;
        let rest = &self.buf[2..];
        let key = std::str::from_utf8(rest.get(..kl)?).unwrap_or("");
        let rest = &rest[kl..];
        let vl = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
        let rest = &rest[4..];
        let (value, rest) = if vl == NULL {
            (None, rest)
        } else {
            (Some(rest.get(..vl as usize)?), &rest[vl as usize..])
        };
        self.buf = rest;
        Some((key, value))
    }
}

/// Records collected by a producer for one partition, not yet given offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BatchBuilder {
    pub entries: Vec<Entry>,
    data: Vec<u8>,
    /// Sum of `DefaultRecord.sizeInBytes` of the records.
    pub records_bytes: u32,
}

impl BatchBuilder {
    pub fn with_capacity(records: usize, bytes: usize) -> Self {
        Self {
            entries: Vec::with_capacity(records),
            data: Vec::with_capacity(bytes),
            records_bytes: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Appends a record; `size` is its record-format size in this batch.
    pub fn push(
        &mut self,
        id: u64,
        timestamp: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
        size: u32,
    ) {
        let pos = self.data.len() as u32;
        let key_len = match key {
            Some(k) => {
                self.data.extend_from_slice(k);
                k.len() as u32
            }
            None => NULL,
        };
        let value_len = match value {
            Some(v) => {
                self.data.extend_from_slice(v);
                v.len() as u32
            }
            None => NULL,
        };
        let hstart = self.data.len();
        for h in headers {
            let k = &h.key.as_bytes()[..h.key.len().min(u16::MAX as usize)];
            self.data.extend_from_slice(&(k.len() as u16).to_le_bytes());
            self.data.extend_from_slice(k);
            match &h.value {
                Some(v) => {
                    self.data.extend_from_slice(&(v.len() as u32).to_le_bytes());
                    self.data.extend_from_slice(v);
                }
                None => self.data.extend_from_slice(&NULL.to_le_bytes()),
            }
        }
        let headers_len = (self.data.len() - hstart) as u32;
        let offset = self.entries.len() as u64;
        self.entries.push(Entry {
            offset,
            id,
            timestamp,
            pos,
            key_len,
            value_len,
            headers_len,
        });
        self.records_bytes += size;
    }

    /// The raw record bytes (what a codec compresses).
    pub fn payload(&self) -> &[u8] {
        &self.data
    }

    /// Gives the records offsets from `base_offset` and seals the batch.
    #[allow(clippy::too_many_arguments)]
    pub fn seal(
        mut self,
        base_offset: u64,
        leader_epoch: u32,
        producer: u32,
        acks: Acks,
        compression: Compression,
        size_bytes: u32,
        appended_ms: u64,
    ) -> Batch {
        // A stored batch keeps only what it holds. A buffer with much room left (the producer
        // reserves a whole `batch.size`, and a batch sent by `linger.ms` may hold one record) is
        // copied out rather than trimmed in place: trimmed, its free tail is a hole the next
        // full-size reservation does not fit, and a long stream of small batches grew the heap
        // tenfold.
        fn fit<T: Copy>(v: Vec<T>) -> Vec<T> {
            if v.capacity() - v.len() > v.len() / 8 {
                v.as_slice().to_vec()
            } else {
                let mut v = v;
                v.shrink_to_fit();
                v
            }
        }
        self.entries = fit(self.entries);
        self.data = fit(self.data);
        let mut max_timestamp = i64::MIN;
        for e in &mut self.entries {
            e.offset += base_offset;
            max_timestamp = max_timestamp.max(e.timestamp);
        }
        let last_offset = base_offset + self.entries.len().max(1) as u64 - 1;
        Batch {
            base_offset,
            last_offset,
            entries: self.entries,
            data: self.data,
            leader_epoch,
            producer,
            acks,
            compression,
            size_bytes,
            uncompressed_bytes: self.records_bytes,
            max_timestamp,
            appended_ms,
            delete_horizon_ms: None,
        }
    }
}

impl Batch {
    pub fn view(&self, e: &Entry) -> RecordView<'_> {
        let mut p = e.pos as usize;
        let key = if e.key_len == NULL {
            None
        } else {
            let k = &self.data[p..p + e.key_len as usize];
            p += e.key_len as usize;
            Some(k)
        };
        let value = if e.value_len == NULL {
            None
        } else {
            let v = &self.data[p..p + e.value_len as usize];
            p += e.value_len as usize;
            Some(v)
        };
        let headers = &self.data[p..p + e.headers_len as usize];
        RecordView {
            offset: e.offset,
            id: e.id,
            timestamp: e.timestamp,
            key,
            value,
            headers,
        }
    }

    pub fn records(&self) -> impl Iterator<Item = RecordView<'_>> {
        self.entries.iter().map(|e| self.view(e))
    }

    fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Batch>()
            + self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.data.capacity()
    }
}

/// A log segment: the unit retention deletes and the cleaner compacts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Segment {
    pub base_offset: u64,
    pub size_bytes: u64,
    pub records: u64,
    /// When the segment was opened (simulated ms); `segment.ms` counts from here.
    pub created_ms: u64,
    /// `largestTimestamp`, which `retention.ms` compares with.
    pub max_timestamp: i64,
}

/// Why records left a log without being lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Removal {
    /// A whole segment older than `retention.ms`.
    RetentionTime,
    /// A whole segment beyond `retention.bytes`.
    RetentionSize,
    /// Compaction kept a later record with the same key.
    Superseded,
    /// A tombstone (or the value it deleted) past `delete.retention.ms`.
    TombstoneExpired,
}

/// One partition's log (the leader's copy; followers hold a prefix of it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PartitionLog {
    batches: Vec<Arc<Batch>>,
    segments: Vec<Segment>,
    log_start_offset: u64,
    log_end_offset: u64,
    records: u64,
    size_bytes: u64,
    /// The cleaner's checkpoint: offsets below were compacted.
    cleaned_offset: u64,
}

impl PartitionLog {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn log_start_offset(&self) -> u64 {
        self.log_start_offset
    }
    pub fn log_end_offset(&self) -> u64 {
        self.log_end_offset
    }
    /// Records stored (compaction leaves offset gaps, so this can be less than LEO - start).
    pub fn len(&self) -> u64 {
        self.records
    }
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
    pub fn batches(&self) -> impl Iterator<Item = &Batch> {
        self.batches.iter().map(|b| &**b)
    }
    pub fn cleaned_offset(&self) -> u64 {
        self.cleaned_offset
    }

    /// What a clone of this log costs beside `later` (the same log, later): the batches wholly
    /// below `later`'s log start offset (retention removes the oldest first), and the list of
    /// shared batches, which a clone copies.
    pub fn unshared_bytes(&self, later: Option<&PartitionLog>) -> usize {
        let start = later.map_or(u64::MAX, |l| l.log_start_offset);
        // Beside its own bytes, each batch has the Arc's counts and three allocations' headers.
        const PER_BATCH: usize = 2 * std::mem::size_of::<usize>() + 3 * 16;
        let removed: usize = self
            .batches
            .iter()
            .take_while(|b| b.last_offset < start)
            .map(|b| b.heap_bytes() + PER_BATCH)
            .sum();
        removed
            + self.batches.len() * std::mem::size_of::<Arc<Batch>>()
            + self.segments.len() * std::mem::size_of::<Segment>()
    }

    /// Heap bytes held by the stored records (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        self.batches
            .iter()
            .map(|b| b.heap_bytes() + std::mem::size_of::<Arc<Batch>>())
            .sum::<usize>()
            + self.segments.capacity() * std::mem::size_of::<Segment>()
    }

    /// Appends a sealed batch (its offsets must start at the LEO), rolling a new segment when
    /// the active one is full (`segment.bytes`) or old (`segment.ms`). Returns the base offset
    /// of a newly rolled segment, if any.
    pub fn append(&mut self, batch: Batch, now_ms: u64, cfg: &TopicConfig) -> Option<u64> {
        debug_assert_eq!(batch.base_offset, self.log_end_offset);
        let size = batch.size_bytes as u64;
        let roll = match self.segments.last() {
            None => true,
            Some(s) => {
                s.records > 0
                    && (s.size_bytes + size > cfg.segment_bytes
                        || now_ms.saturating_sub(s.created_ms) >= cfg.segment_ms)
            }
        };
        let mut rolled = None;
        if roll {
            self.segments.push(Segment {
                base_offset: batch.base_offset,
                size_bytes: 0,
                records: 0,
                created_ms: now_ms,
                max_timestamp: i64::MIN,
            });
            if self.segments.len() > 1 {
                rolled = Some(batch.base_offset);
            }
        }
        let n = batch.entries.len() as u64;
        if let Some(seg) = self.segments.last_mut() {
            seg.size_bytes += size;
            seg.records += n;
            seg.max_timestamp = seg.max_timestamp.max(batch.max_timestamp);
        }
        self.log_end_offset = batch.last_offset + 1;
        self.records += n;
        self.size_bytes += size;
        self.batches.push(Arc::new(batch));
        rolled
    }

    fn batch_index(&self, offset: u64) -> usize {
        self.batches.partition_point(|b| b.last_offset < offset)
    }

    /// Records with offsets in `from..to`, at most `max` of them.
    pub fn read(&self, from: u64, to: u64, max: usize) -> impl Iterator<Item = RecordView<'_>> {
        let start = self.batch_index(from);
        self.batches[start..]
            .iter()
            .flat_map(|b| b.records())
            .skip_while(move |r| r.offset < from)
            .take_while(move |r| r.offset < to)
            .take(max)
    }

    /// Every stored record, in order.
    pub fn records(&self) -> impl Iterator<Item = RecordView<'_>> {
        self.batches.iter().flat_map(|b| b.records())
    }

    /// The record at `offset`, if stored.
    pub fn get(&self, offset: u64) -> Option<RecordView<'_>> {
        let b = self.batches.get(self.batch_index(offset))?;
        let e = b.entries.iter().find(|e| e.offset == offset)?;
        Some(b.view(e))
    }

    /// The offset after the last of up to `max` records starting at `from` but below `to`, and
    /// how many records that is (offset gaps from compaction are skipped).
    pub fn advance(&self, from: u64, to: u64, max: usize) -> (u64, usize) {
        let mut next = from;
        let mut count = 0;
        let mut i = self.batch_index(from);
        while i < self.batches.len() && count < max {
            let b = &self.batches[i];
            if b.base_offset >= to {
                break;
            }
            if b.base_offset >= from && b.last_offset < to && b.entries.len() <= max - count {
                count += b.entries.len();
                next = b.last_offset + 1;
            } else {
                for e in &b.entries {
                    if e.offset < from {
                        continue;
                    }
                    if e.offset >= to || count == max {
                        break;
                    }
                    count += 1;
                    next = e.offset + 1;
                }
            }
            i += 1;
        }
        if count < max && next < to {
            // nothing stored up to `to` beyond what we took: skip the gap
            let more = self.read(next, to, 1).next().is_some();
            if !more {
                next = to;
            }
        }
        (next, count)
    }

    /// The number of stored records with offsets in `from..to`.
    pub fn count_between(&self, from: u64, to: u64) -> u64 {
        if from >= to {
            return 0;
        }
        let mut n = 0;
        let mut i = self.batch_index(from);
        while i < self.batches.len() {
            let b = &self.batches[i];
            if b.base_offset >= to {
                break;
            }
            if b.base_offset >= from && b.last_offset < to {
                n += b.entries.len() as u64;
            } else {
                n += b
                    .entries
                    .iter()
                    .filter(|e| e.offset >= from && e.offset < to)
                    .count() as u64;
            }
            i += 1;
        }
        n
    }

    /// The leader epoch of the batch holding `offset`.
    pub fn epoch_at(&self, offset: u64) -> Option<u32> {
        self.batches
            .get(self.batch_index(offset))
            .map(|b| b.leader_epoch)
    }

    /// `LeaderEpochFileCache.endOffsetFor` as the leader answers `OffsetsForLeaderEpoch`: the
    /// start offset of the first epoch after `epoch` (the first batch appended under a later
    /// epoch), or the log end offset when no later epoch has written here.
    pub fn end_offset_for_epoch(&self, epoch: u32) -> u64 {
        self.batches
            .iter()
            .find(|b| b.leader_epoch > epoch)
            .map_or(self.log_end_offset(), |b| b.base_offset)
    }

    /// Bytes of batches in `from..to` (whole batches starting in the range), for replica fetch
    /// sizing: returns the offset a fetch of `max_bytes` starting at `from` reaches.
    pub fn fetch_end(&self, from: u64, max_bytes: u64) -> u64 {
        let mut i = self.batch_index(from);
        let mut bytes = 0u64;
        let mut end = from;
        while i < self.batches.len() {
            let b = &self.batches[i];
            if bytes > 0 && bytes + b.size_bytes as u64 > max_bytes {
                break;
            }
            bytes += b.size_bytes as u64;
            end = b.last_offset + 1;
            i += 1;
        }
        end.max(from).min(self.log_end_offset)
    }

    /// Removes every record at or past `offset` (follower truncation or a diverged leader).
    /// Returns the removed entries.
    pub fn truncate_to(&mut self, offset: u64) -> Vec<Entry> {
        if offset >= self.log_end_offset {
            return Vec::new();
        }
        let mut removed = Vec::new();
        let i = self.batch_index(offset);
        for b in self.batches.drain(i..).collect::<Vec<_>>() {
            if b.base_offset >= offset {
                removed.extend(b.entries.iter().copied());
                self.size_bytes -= b.size_bytes as u64;
                self.records -= b.entries.len() as u64;
            } else {
                let mut kept = (*b).clone();
                let split = kept.entries.partition_point(|e| e.offset < offset);
                removed.extend(kept.entries.drain(split..));
                let gone = b.entries.len() - kept.entries.len();
                self.records -= gone as u64;
                let ratio_size = (b.size_bytes as u64 * kept.entries.len() as u64
                    / b.entries.len().max(1) as u64) as u32;
                self.size_bytes -= (b.size_bytes - ratio_size) as u64;
                kept.size_bytes = ratio_size;
                kept.last_offset = offset - 1;
                self.batches.push(Arc::new(kept));
            }
        }
        self.log_end_offset = offset.max(self.log_start_offset);
        self.rebuild_segments_after_truncation();
        removed
    }

    fn rebuild_segments_after_truncation(&mut self) {
        let leo = self.log_end_offset;
        self.segments
            .retain(|s| s.base_offset < leo || s.base_offset == 0 && leo == 0);
        for (i, seg) in self.segments.iter_mut().enumerate() {
            let _ = i;
            let lo = seg.base_offset;
            let mut size = 0;
            let mut records = 0;
            let mut max_ts = i64::MIN;
            for b in self.batches.iter().filter(|b| b.base_offset >= lo) {
                size += b.size_bytes as u64;
                records += b.entries.len() as u64;
                max_ts = max_ts.max(b.max_timestamp);
            }
            seg.size_bytes = size;
            seg.records = records;
            seg.max_timestamp = max_ts;
        }
        // segment sizes above counted everything from `lo`; subtract later segments
        let n = self.segments.len();
        for i in (0..n.saturating_sub(1)).rev() {
            let (a, b) = self.segments.split_at_mut(i + 1);
            a[i].size_bytes -= b
                .iter()
                .map(|s| s.size_bytes)
                .sum::<u64>()
                .min(a[i].size_bytes);
            a[i].records -= b.iter().map(|s| s.records).sum::<u64>().min(a[i].records);
        }
        self.cleaned_offset = self.cleaned_offset.min(self.log_end_offset);
    }

    /// Deletes whole segments that retention allows (`UnifiedLog.deleteOldSegments`): a prefix
    /// of segments, each wholly below the high watermark, older than `retention.ms` or beyond
    /// `retention.bytes`. When every segment goes, an empty active segment is rolled first.
    /// Returns the removed entries with their reason, and the deleted segments' base offsets.
    pub fn apply_retention(
        &mut self,
        now_ms: u64,
        high_watermark: u64,
        cfg: &TopicConfig,
    ) -> Vec<(Entry, Removal)> {
        if !cfg.cleanup_policy.deletes() {
            return Vec::new();
        }
        let mut deletable = 0usize;
        let mut reasons = Vec::new();
        let mut size_diff = if cfg.retention_bytes >= 0 {
            self.size_bytes as i64 - cfg.retention_bytes
        } else {
            i64::MIN
        };
        for i in 0..self.segments.len() {
            let seg = &self.segments[i];
            let upper = self
                .segments
                .get(i + 1)
                .map_or(self.log_end_offset, |s| s.base_offset);
            let last_and_empty = i + 1 == self.segments.len() && seg.records == 0;
            if last_and_empty || high_watermark < upper {
                break;
            }
            let by_time = cfg.retention_ms >= 0
                && (now_ms as i64).saturating_sub(seg.max_timestamp) > cfg.retention_ms;
            let by_size = size_diff != i64::MIN && size_diff - seg.size_bytes as i64 >= 0;
            if by_time {
                reasons.push(Removal::RetentionTime);
            } else if by_size {
                size_diff -= seg.size_bytes as i64;
                reasons.push(Removal::RetentionSize);
            } else {
                break;
            }
            deletable += 1;
        }
        if deletable == 0 {
            return Vec::new();
        }
        let mut removed = Vec::new();
        let new_start = self
            .segments
            .get(deletable)
            .map_or(self.log_end_offset, |s| s.base_offset);
        let cut = self.batches.partition_point(|b| b.base_offset < new_start);
        for b in self.batches.drain(..cut) {
            let seg_idx = self.segments[..deletable]
                .partition_point(|s| s.base_offset <= b.base_offset)
                .saturating_sub(1);
            let why = reasons[seg_idx];
            for e in &b.entries {
                removed.push((*e, why));
            }
            self.records -= b.entries.len() as u64;
            self.size_bytes -= b.size_bytes as u64;
        }
        self.segments.drain(..deletable);
        if self.segments.is_empty() {
            self.segments.push(Segment {
                base_offset: self.log_end_offset,
                size_bytes: 0,
                records: 0,
                created_ms: now_ms,
                max_timestamp: i64::MIN,
            });
        }
        self.log_start_offset = self.log_start_offset.max(new_start);
        self.cleaned_offset = self.cleaned_offset.max(self.log_start_offset);
        removed
    }

    /// The log cleaner (`LogCleaner.scala`): in the closed segments below the high watermark
    /// (and older than `min.compaction.lag.ms`), keep only the latest record of each key;
    /// tombstones get a delete horizon of `now + delete.retention.ms` when first cleaned and are
    /// dropped by a later cleaning after it. Runs only when the dirty ratio reaches
    /// `min.cleanable.dirty.ratio` (0.5). Returns the removed entries with their reason.
    pub fn compact(
        &mut self,
        now_ms: u64,
        high_watermark: u64,
        cfg: &TopicConfig,
    ) -> Vec<(Entry, Removal)> {
        if !cfg.cleanup_policy.compacts() || self.segments.len() < 2 {
            return Vec::new();
        }
        // firstUncleanableDirtyOffset: the active segment, the HW, and min.compaction.lag.ms.
        let mut end = self
            .segments
            .last()
            .map_or(0, |s| s.base_offset)
            .min(high_watermark);
        for (i, s) in self.segments.iter().enumerate() {
            let upper = self
                .segments
                .get(i + 1)
                .map_or(self.log_end_offset, |n| n.base_offset);
            if (now_ms as i64).saturating_sub(s.max_timestamp) < cfg.min_compaction_lag_ms as i64 {
                end = end.min(s.base_offset);
                break;
            }
            let _ = upper;
        }
        // only whole segments are cleaned
        let seg_end = self
            .segments
            .iter()
            .map(|s| s.base_offset)
            .filter(|&b| b <= end)
            .max()
            .unwrap_or(0);
        let end = seg_end;
        if end <= self.log_start_offset {
            return Vec::new();
        }
        let dirty_from = self.cleaned_offset.max(self.log_start_offset);
        let mut dirty_bytes = 0u64;
        let mut total_bytes = 0u64;
        for b in self.batches.iter().take_while(|b| b.base_offset < end) {
            total_bytes += b.size_bytes as u64;
            if b.base_offset >= dirty_from {
                dirty_bytes += b.size_bytes as u64;
            }
        }
        let tombstones_due = self
            .batches
            .iter()
            .take_while(|b| b.base_offset < end)
            .any(|b| b.delete_horizon_ms.is_some_and(|h| now_ms >= h));
        if total_bytes == 0 || (dirty_bytes * 2 < total_bytes && !tombstones_due) {
            return Vec::new();
        }
        // The offset map: key -> latest offset, over the cleanable range.
        let mut latest: BTreeMap<&[u8], u64> = BTreeMap::new();
        for b in self.batches.iter().take_while(|b| b.base_offset < end) {
            for r in b.records() {
                if let Some(k) = r.key {
                    latest.insert(k, r.offset);
                }
            }
        }
        // Owned keys, so the batches can be rebuilt below. Still sorted by key (the map iterates
        // in order, without repeats), so a binary search finds a key: no second map type.
        let latest: Vec<(Vec<u8>, u64)> =
            latest.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
        let mut removed = Vec::new();
        let cut = self.batches.partition_point(|b| b.base_offset < end);
        let mut rebuilt: Vec<Arc<Batch>> = Vec::with_capacity(cut);
        for b in self.batches.drain(..cut) {
            let horizon_passed = b.delete_horizon_ms.is_some_and(|h| now_ms >= h);
            let mut keep = Vec::with_capacity(b.entries.len());
            let mut has_tombstone = false;
            for e in &b.entries {
                let r = b.view(e);
                let is_latest = r.key.is_none_or(|k| {
                    latest
                        .binary_search_by(|(x, _)| x.as_slice().cmp(k))
                        .is_ok_and(|i| latest[i].1 == r.offset)
                });
                if !is_latest {
                    removed.push((*e, Removal::Superseded));
                } else if r.is_tombstone() && horizon_passed {
                    removed.push((*e, Removal::TombstoneExpired));
                } else {
                    has_tombstone |= r.is_tombstone();
                    keep.push(*e);
                }
            }
            if keep.is_empty() {
                self.records -= b.entries.len() as u64;
                self.size_bytes -= b.size_bytes as u64;
                continue;
            }
            if keep.len() == b.entries.len() && (b.delete_horizon_ms.is_some() || !has_tombstone) {
                rebuilt.push(b);
                continue;
            }
            let mut nb = (*b).clone();
            let new_size = if keep.len() == b.entries.len() {
                b.size_bytes
            } else {
                super::record::RECORD_BATCH_OVERHEAD
                    + ((b
                        .size_bytes
                        .saturating_sub(super::record::RECORD_BATCH_OVERHEAD))
                        as u64
                        * keep.len() as u64
                        / b.entries.len() as u64) as u32
            };
            self.records -= (b.entries.len() - keep.len()) as u64;
            self.size_bytes -= (b.size_bytes - new_size) as u64;
            nb.size_bytes = new_size;
            nb.entries = keep;
            if has_tombstone && nb.delete_horizon_ms.is_none() {
                nb.delete_horizon_ms = Some(now_ms + cfg.delete_retention_ms);
            }
            rebuilt.push(Arc::new(nb));
        }
        rebuilt.append(&mut self.batches);
        self.batches = rebuilt;
        self.cleaned_offset = end;
        self.recount_segments();
        removed
    }

    fn recount_segments(&mut self) {
        for i in 0..self.segments.len() {
            let lo = self.segments[i].base_offset;
            let hi = self.segments.get(i + 1).map_or(u64::MAX, |s| s.base_offset);
            let (mut size, mut records) = (0, 0);
            for b in self
                .batches
                .iter()
                .filter(|b| b.base_offset >= lo && b.base_offset < hi)
            {
                size += b.size_bytes as u64;
                records += b.entries.len() as u64;
            }
            self.segments[i].size_bytes = size;
            self.segments[i].records = records;
        }
    }

    /// Entry ids stored, for the audit.
    pub fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.batches
            .iter()
            .flat_map(|b| b.entries.iter().map(|e| e.id))
    }
}

impl super::Cluster {
    /// Retention every `log.retention.check.interval.ms`, the cleaner every
    /// `log.cleaner.backoff.ms`.
    pub(crate) fn log_maintenance(&mut self, ev: &mut Vec<super::Event>) {
        let now = self.now_ms;
        let retention_due = now.saturating_sub(self.last_retention_check_ms)
            >= self.config.log_retention_check_interval_ms;
        let cleaner_due =
            now.saturating_sub(self.last_cleaner_ms) >= self.config.log_cleaner_backoff_ms;
        if !retention_due && !cleaner_due {
            return;
        }
        if retention_due {
            self.last_retention_check_ms = now;
        }
        if cleaner_due {
            self.last_cleaner_ms = now;
        }
        for t in &mut self.topics {
            for (i, p) in t.partitions.iter_mut().enumerate() {
                let mut removed = Vec::new();
                if retention_due {
                    removed.extend(p.log.apply_retention(now, p.high_watermark, &t.config));
                }
                if cleaner_due {
                    removed.extend(p.log.compact(now, p.high_watermark, &t.config));
                }
                if removed.is_empty() {
                    continue;
                }
                let mut counts: Vec<(Removal, u64)> = Vec::new();
                for (e, why) in removed {
                    let fate = match why {
                        Removal::RetentionTime | Removal::RetentionSize => {
                            super::Fate::RemovedByRetention
                        }
                        Removal::Superseded | Removal::TombstoneExpired => {
                            super::Fate::RemovedByCompaction
                        }
                    };
                    self.ledger.record(e.id, fate);
                    match counts.iter_mut().find(|c| c.0 == why) {
                        Some(c) => c.1 += 1,
                        None => counts.push((why, 1)),
                    }
                }
                for (reason, records) in counts {
                    ev.push(super::Event::RecordsRemoved {
                        topic: t.name.clone(),
                        partition: i as u32,
                        records,
                        reason,
                        log_start_offset: p.log.log_start_offset(),
                    });
                }
            }
        }
    }
}
