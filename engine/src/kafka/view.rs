//! Read-only views for the UI and lessons: brokers, topics, partitions (records, log start
//! offset, LEO, HW, leader, replicas, ISR, segments), producers and groups (members,
//! assignments, positions, committed offsets, lag).

use super::Cluster;
use super::assignor::Strategy;
use super::config::{ConsumerConfig, ProducerConfig, TopicConfig};
use super::event::{BrokerId, Name};
use super::log::{RecordView, Segment};
use super::record::Header;
use serde::{Deserialize, Serialize};

/// A broker as the UI draws it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerView {
    pub id: BrokerId,
    pub up: bool,
    pub isolated: bool,
    /// The controller no longer counts it.
    pub fenced: bool,
    pub controller: bool,
    pub fetch_interval_ms: u64,
    /// Partitions it leads and replicas it holds.
    pub leaders: u32,
    pub replicas: u32,
}

/// A record in a log, owned (for simple displays; [`PartitionView::records`] borrows instead).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRecord {
    pub offset: u64,
    pub timestamp: i64,
    pub record: StoredData,
}

/// The stored fields of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredData {
    pub key: Option<Vec<u8>>,
    /// Empty for a tombstone (see `tombstone`).
    pub value: Vec<u8>,
    pub tombstone: bool,
    pub headers: Vec<Header>,
}

impl From<RecordView<'_>> for StoredRecord {
    fn from(r: RecordView<'_>) -> Self {
        let full = r.to_record();
        StoredRecord {
            offset: r.offset,
            timestamp: r.timestamp,
            record: StoredData {
                key: full.key,
                tombstone: full.value.is_none(),
                value: full.value.unwrap_or_default(),
                headers: full.headers,
            },
        }
    }
}

/// A topic.
#[derive(Clone, Copy, Debug)]
pub struct TopicView<'a> {
    pub name: &'a Name,
    pub partitions: u32,
    pub replication_factor: u32,
    pub config: &'a TopicConfig,
    /// Batches its leaders refused with `MESSAGE_TOO_LARGE`, and their bytes.
    pub rejected_batches: u64,
    pub bytes_rejected: u64,
}

/// A replica of a partition: how far its copy reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaView {
    pub broker: BrokerId,
    pub log_end_offset: u64,
    pub in_sync: bool,
    pub leader: bool,
    pub last_caught_up_ms: u64,
}

/// One partition.
#[derive(Clone, Debug)]
pub struct PartitionView<'a> {
    pub topic: &'a Name,
    pub partition: u32,
    pub leader: Option<BrokerId>,
    pub leader_epoch: u32,
    /// Assignment order; the first is the preferred leader.
    pub replicas: &'a [BrokerId],
    pub isr: &'a [BrokerId],
    pub replica_state: Vec<ReplicaView>,
    /// The log start offset (Kafka's tools also call it LSO; the last stable offset of
    /// transactions equals the high watermark here, as there are no transactions).
    pub log_start_offset: u64,
    pub log_end_offset: u64,
    pub high_watermark: u64,
    pub records: u64,
    pub size_bytes: u64,
    pub segments: &'a [Segment],
    /// Records lost here through injected faults.
    pub lost_records: u64,
    log: &'a super::log::PartitionLog,
}

impl<'a> PartitionView<'a> {
    /// Every stored record, in offset order.
    pub fn records(&self) -> impl Iterator<Item = RecordView<'a>> + 'a {
        self.log.records()
    }
    /// Records with offsets in `from..to`.
    pub fn read(
        &self,
        from: u64,
        to: u64,
        max: usize,
    ) -> impl Iterator<Item = RecordView<'a>> + 'a {
        self.log.read(from, to, max)
    }
    pub fn get(&self, offset: u64) -> Option<RecordView<'a>> {
        self.log.get(offset)
    }
    pub fn under_replicated(&self) -> bool {
        self.isr.len() < self.replicas.len()
    }
    /// Heap bytes of the stored records.
    pub fn heap_bytes(&self) -> usize {
        self.log.heap_bytes()
    }
}

/// A producer and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerView {
    pub name: Name,
    pub config: ProducerConfig,
    pub buffered_records: u64,
    pub buffered_bytes: u64,
    pub sent_records: u64,
    pub acked_records: u64,
    pub blocked_sends: u64,
    pub failed_records: u64,
    pub retries: u64,
    /// Per partition with buffered data: (topic, partition, batches, records).
    pub queues: Vec<(Name, u32, u32, u64)>,
}

/// A member's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub name: Name,
    pub group_instance_id: Option<String>,
    pub running: bool,
    pub topics: Vec<Name>,
    pub config: ConsumerConfig,
    /// Owned partitions with the position (next offset to read), if known.
    pub assignment: Vec<(Name, u32, Option<u64>)>,
    pub consumed: u64,
    /// Push mode: records waiting in the consumer and records that overflowed.
    pub push_buffer: u64,
    pub dropped: u64,
}

/// Lag of one partition for a group (what `kafka-consumer-groups --describe` shows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LagView {
    pub topic: Name,
    pub partition: u32,
    pub owner: Option<Name>,
    pub committed: Option<u64>,
    pub position: Option<u64>,
    pub high_watermark: u64,
    /// `high_watermark - committed` (from the log start when nothing is committed).
    pub lag: u64,
}

/// A consumer group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub name: Name,
    pub generation: i32,
    pub strategy: Option<Strategy>,
    pub members: Vec<MemberView>,
    pub lag: Vec<LagView>,
    /// Members with no partitions (more consumers than partitions).
    pub idle_members: Vec<Name>,
}

impl GroupView {
    pub fn total_lag(&self) -> u64 {
        self.lag.iter().map(|l| l.lag).sum()
    }
}

impl Cluster {
    pub fn brokers(&self) -> Vec<BrokerView> {
        self.brokers
            .iter()
            .map(|b| {
                let mut leaders = 0;
                let mut replicas = 0;
                for t in &self.topics {
                    for p in &t.partitions {
                        leaders += u32::from(p.leader == Some(b.id));
                        replicas += u32::from(p.replicas.contains(&b.id));
                    }
                }
                BrokerView {
                    id: b.id,
                    up: b.up,
                    isolated: b.isolated_since.is_some(),
                    fenced: b.fenced,
                    controller: self.controller == Some(b.id),
                    fetch_interval_ms: b.fetch_interval_ms,
                    leaders,
                    replicas,
                }
            })
            .collect()
    }

    /// The controller broker and its epoch.
    pub fn controller(&self) -> (Option<BrokerId>, u32) {
        (self.controller, self.controller_epoch)
    }

    pub fn broker_config(&self) -> &super::config::BrokerConfig {
        &self.config
    }

    /// Topic names in creation order.
    pub fn topic_names(&self) -> impl Iterator<Item = &str> {
        self.topics.iter().map(|t| t.name.as_ref())
    }

    pub fn topics(&self) -> impl Iterator<Item = TopicView<'_>> {
        self.topics.iter().map(|t| TopicView {
            name: &t.name,
            partitions: t.partitions.len() as u32,
            replication_factor: t.replication_factor,
            config: &t.config,
            rejected_batches: t.rejected_batches,
            bytes_rejected: t.bytes_rejected,
        })
    }

    pub fn topic(&self, name: &str) -> Option<TopicView<'_>> {
        let t = &self.topics[*self.topic_index.get(name)?];
        Some(TopicView {
            name: &t.name,
            partitions: t.partitions.len() as u32,
            replication_factor: t.replication_factor,
            config: &t.config,
            rejected_batches: t.rejected_batches,
            bytes_rejected: t.bytes_rejected,
        })
    }

    pub fn partition(&self, topic: &str, partition: u32) -> Option<PartitionView<'_>> {
        let t = &self.topics[*self.topic_index.get(topic)?];
        let p = t.partitions.get(partition as usize)?;
        Some(PartitionView {
            topic: &t.name,
            partition,
            leader: p.leader,
            leader_epoch: p.leader_epoch,
            replicas: &p.replicas,
            isr: &p.isr,
            replica_state: p
                .replicas
                .iter()
                .zip(&p.replica)
                .map(|(&b, r)| ReplicaView {
                    broker: b,
                    log_end_offset: r.leo,
                    in_sync: p.isr.contains(&b),
                    leader: p.leader == Some(b),
                    last_caught_up_ms: r.last_caught_up_ms,
                })
                .collect(),
            log_start_offset: p.log.log_start_offset(),
            log_end_offset: p.log.log_end_offset(),
            high_watermark: p.high_watermark,
            records: p.log.len(),
            size_bytes: p.log.size_bytes(),
            segments: p.log.segments(),
            lost_records: p.lost_records,
            log: &p.log,
        })
    }

    /// All partitions of a topic.
    pub fn partition_views(&self, topic: &str) -> Option<Vec<PartitionView<'_>>> {
        let n = self.topic(topic)?.partitions;
        (0..n).map(|p| self.partition(topic, p)).collect()
    }

    /// The records of each partition of a topic, copied (convenient for small displays).
    pub fn partitions(&self, topic: &str) -> Option<Vec<Vec<StoredRecord>>> {
        let t = &self.topics[*self.topic_index.get(topic)?];
        Some(
            t.partitions
                .iter()
                .map(|p| p.log.records().map(StoredRecord::from).collect())
                .collect(),
        )
    }

    pub fn producers(&self) -> Vec<ProducerView> {
        self.producers
            .values()
            .map(|p| ProducerView {
                name: p.name.clone(),
                config: p.config.clone(),
                buffered_records: p.buffered_records,
                buffered_bytes: p.buffered_bytes,
                sent_records: p.sent_records,
                acked_records: p.acked_records,
                blocked_sends: p.blocked_sends,
                failed_records: p.failed_records,
                retries: p.retries,
                queues: p
                    .queues
                    .iter()
                    .enumerate()
                    .flat_map(|(t, qs)| {
                        qs.iter()
                            .enumerate()
                            .filter(|(_, q)| !q.is_empty())
                            .map(move |(i, q)| {
                                (
                                    self.topics[t].name.clone(),
                                    i as u32,
                                    q.len() as u32,
                                    q.iter().map(|b| b.builder.len() as u64).sum(),
                                )
                            })
                    })
                    .collect(),
            })
            .collect()
    }

    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.groups.keys().map(|k| k.as_ref())
    }

    pub fn group(&self, name: &str) -> Option<GroupView> {
        let g = self.groups.get(name)?;
        let mut members: Vec<&super::group::Member> = g.members.values().collect();
        crate::sort::sort_by_key(&mut members, |m| m.join_seq);
        let members: Vec<MemberView> = members
            .into_iter()
            .map(|m| MemberView {
                name: m.name.clone(),
                group_instance_id: m.config.group_instance_id.clone(),
                running: m.running,
                topics: m.topics.clone(),
                config: m.config.clone(),
                assignment: m
                    .owned
                    .iter()
                    .map(|&(t, p)| {
                        (
                            self.topics[t].name.clone(),
                            p,
                            m.positions.get(&(t, p)).copied(),
                        )
                    })
                    .collect(),
                consumed: m.consumed,
                push_buffer: m.push_buffer,
                dropped: m.dropped,
            })
            .collect();
        let idle_members = members
            .iter()
            .filter(|m| m.assignment.is_empty())
            .map(|m| m.name.clone())
            .collect();
        let mut lag = Vec::new();
        for (t, topic) in self.topics.iter().enumerate() {
            let subscribed = g.members.values().any(|m| m.topics.contains(&topic.name));
            for (p, part) in topic.partitions.iter().enumerate() {
                let tp = (t, p as u32);
                let committed = g.committed.get(&tp).copied();
                if !subscribed && committed.is_none() {
                    continue;
                }
                let owner = g.members.values().find(|m| m.owned.contains(&tp));
                let hw = part.high_watermark;
                lag.push(LagView {
                    topic: topic.name.clone(),
                    partition: p as u32,
                    owner: owner.map(|m| m.name.clone()),
                    committed,
                    position: owner.and_then(|m| m.positions.get(&tp).copied()),
                    high_watermark: hw,
                    lag: hw.saturating_sub(committed.unwrap_or(part.log.log_start_offset())),
                });
            }
        }
        Some(GroupView {
            name: g.name.clone(),
            generation: g.generation,
            strategy: g.strategy,
            members,
            lag,
            idle_members,
        })
    }

    pub fn groups(&self) -> Vec<GroupView> {
        self.groups.keys().filter_map(|g| self.group(g)).collect()
    }
}
