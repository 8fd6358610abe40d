//! Metrics sampled every [`METRICS_INTERVAL_MS`](super::config::METRICS_INTERVAL_MS): records and bytes in per partition, log end offsets and high watermarks,
//! ISR sizes, under-replicated and offline partitions, consumer lag per group, and producer back
//! pressure (blocked sends, throttled batches). The last [`METRICS_HISTORY`] samples are kept.

use super::config::METRICS_HISTORY;
use super::event::{BrokerId, Name};
use super::{Cluster, log::Removal};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

/// One partition at the end of a tick.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartitionSample {
    pub topic: Name,
    pub partition: u32,
    /// Records appended since the previous sample.
    pub records_in: u64,
    /// Bytes (as stored, compressed) appended since the previous sample.
    pub bytes_in: u64,
    pub log_end_offset: u64,
    pub high_watermark: u64,
    pub leader: Option<BrokerId>,
    pub isr_size: u32,
    pub replicas: u32,
}

/// One group at the end of a tick.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupSample {
    pub group: Name,
    /// Sum over its partitions of high watermark minus committed offset.
    pub lag: u64,
}

/// Everything measured at the end of one tick.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sample {
    pub now_ms: u64,
    /// Shared with the previous sample while no partition changed: a quiet wide cluster takes a
    /// sample every 100 ms, and copying 256 partitions each time was most of its work.
    pub partitions: Arc<[PartitionSample]>,
    pub groups: Vec<GroupSample>,
    pub under_replicated: u32,
    pub offline: u32,
    pub buffered_records: u64,
    /// Sends refused so far because `buffer.memory` was full.
    pub blocked_sends: u64,
    /// Batches held back so far because a leader broker was saturated.
    pub throttled_batches: u64,
}

/// The metrics history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Metrics {
    /// Shared, so a clone of the cluster (a timeline snapshot) does not copy the history.
    pub(crate) samples: VecDeque<Arc<Sample>>,
    pub(crate) last_sample_ms: u64,
    pub(crate) blocked_sends: u64,
    pub(crate) throttled_batches: u64,
    pub(crate) last_totals: Vec<(u64, u64)>,
    pub(crate) removed: Vec<(Removal, u64)>,
}

impl Metrics {
    /// Oldest first.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter().map(|s| &**s)
    }
    pub fn latest(&self) -> Option<&Sample> {
        self.samples.back().map(|s| &**s)
    }
    pub fn blocked_sends(&self) -> u64 {
        self.blocked_sends
    }
    pub fn throttled_batches(&self) -> u64 {
        self.throttled_batches
    }
}

impl Cluster {
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Whether sampling the partitions now would give exactly `prev` (the latest sample's):
    /// nothing appended since, and every offset, leader and ISR as it was. Compares without
    /// allocating.
    fn partitions_unchanged(&self, prev: &[PartitionSample]) -> bool {
        let totals = &self.metrics.last_totals;
        let mut k = 0;
        for t in &self.topics {
            for (i, p) in t.partitions.iter().enumerate() {
                let (Some(s), Some(&total)) = (prev.get(k), totals.get(k)) else {
                    return false;
                };
                k += 1;
                let same = total == (p.records_in, p.bytes_in)
                    && s.records_in == 0
                    && s.bytes_in == 0
                    && s.partition == i as u32
                    && s.topic == t.name
                    && s.log_end_offset == p.log.log_end_offset()
                    && s.high_watermark == p.high_watermark
                    && s.leader == p.leader
                    && s.isr_size == p.isr.len() as u32
                    && s.replicas == p.replicas.len() as u32;
                if !same {
                    return false;
                }
            }
        }
        k == prev.len() && k == totals.len()
    }

    pub(crate) fn sample_metrics(&mut self) {
        let prev = self
            .metrics
            .samples
            .back()
            .map(|s| Arc::clone(&s.partitions));
        let partitions = match prev {
            Some(prev) if self.partitions_unchanged(&prev) => prev,
            _ => {
                let mut partitions = Vec::new();
                let mut totals = Vec::new();
                let mut k = 0;
                for t in &self.topics {
                    for (i, p) in t.partitions.iter().enumerate() {
                        let (r0, b0) = self.metrics.last_totals.get(k).copied().unwrap_or((0, 0));
                        k += 1;
                        totals.push((p.records_in, p.bytes_in));
                        partitions.push(PartitionSample {
                            topic: t.name.clone(),
                            partition: i as u32,
                            records_in: p.records_in.saturating_sub(r0),
                            bytes_in: p.bytes_in.saturating_sub(b0),
                            log_end_offset: p.log.log_end_offset(),
                            high_watermark: p.high_watermark,
                            leader: p.leader,
                            isr_size: p.isr.len() as u32,
                            replicas: p.replicas.len() as u32,
                        });
                    }
                }
                self.metrics.last_totals = totals;
                partitions.into()
            }
        };
        let under = partitions
            .iter()
            .filter(|p| p.isr_size < p.replicas)
            .count() as u32;
        let offline = partitions.iter().filter(|p| p.leader.is_none()).count() as u32;
        let groups = self
            .groups
            .values()
            .map(|g| {
                let mut lag = 0;
                for m in g.members.values() {
                    for tp in &m.owned {
                        let hw = self.topics[tp.0].partitions[tp.1 as usize].high_watermark;
                        lag += hw.saturating_sub(g.committed.get(tp).copied().unwrap_or(0));
                    }
                }
                GroupSample {
                    group: g.name.clone(),
                    lag,
                }
            })
            .collect();
        let buffered_records = self.producers.values().map(|p| p.buffered_records).sum();
        if self.metrics.samples.len() >= METRICS_HISTORY {
            self.metrics.samples.pop_front();
        }
        let sample = Sample {
            now_ms: self.now_ms,
            partitions,
            groups,
            under_replicated: under,
            offline,
            buffered_records,
            blocked_sends: self.metrics.blocked_sends,
            throttled_batches: self.metrics.throttled_batches,
        };
        self.metrics.samples.push_back(Arc::new(sample));
        self.metrics.last_sample_ms = self.now_ms;
    }
}
