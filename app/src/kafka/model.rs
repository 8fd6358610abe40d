//! Plain data the view renders, derived from the engine's views on every change (so equal
//! states compare equal and unchanged parts of the page do not re-render).

use engine::kafka::{BrokerView, GroupView, ProducerView, ReplicaView, murmur2, to_positive};
use engine::sim::Sim;

/// How many of a partition's latest records are drawn one by one.
pub const TAIL: usize = 10;
/// Above this many partitions in one topic, the view aggregates (counts and heat bars).
pub const AGGREGATE_ABOVE: u32 = 12;
/// Page ticks (100 ms) the heat bars sum over.
pub const HEAT_WINDOW: usize = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub now_ms: u64,
    pub brokers: Vec<BrokerView>,
    pub topics: Vec<TopicM>,
    pub groups: Vec<GroupView>,
    pub producers: Vec<ProducerView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TopicM {
    pub name: String,
    pub rf: u32,
    /// Configs that differ from the defaults, as `name=value`.
    pub configs: Vec<(String, String)>,
    pub aggregated: bool,
    pub parts: Vec<PartM>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartM {
    pub p: u32,
    pub leader: Option<u32>,
    pub epoch: u32,
    pub replicas: Vec<ReplicaView>,
    pub isr: Vec<u32>,
    pub lso: u64,
    pub leo: u64,
    pub hw: u64,
    pub records: u64,
    pub lost: u64,
    pub size: u64,
    pub tail: Vec<RecM>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecM {
    pub offset: u64,
    pub id: u64,
    pub key: Option<String>,
    pub value: String,
    pub tombstone: bool,
    pub headers: Vec<(String, String)>,
    pub timestamp: i64,
}

impl RecM {
    /// A stable colour per key: the hue follows the key's murmur2 hash.
    pub fn hue(&self) -> Option<u32> {
        self.key.as_deref().map(key_hue)
    }
}

pub fn key_hue(key: &str) -> u32 {
    to_positive(murmur2(key.as_bytes())) % 360
}

impl Model {
    pub fn of(sim: &Sim) -> Model {
        let k = &sim.kafka;
        let topics = k
            .topics()
            .map(|t| {
                let name = t.name.to_string();
                let aggregated = t.partitions > AGGREGATE_ABOVE;
                let parts = k
                    .partition_views(&name)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| {
                        let tail = if aggregated {
                            Vec::new()
                        } else {
                            let from = p.log_end_offset.saturating_sub(TAIL as u64);
                            p.read(from, p.log_end_offset, TAIL)
                                .map(|r| RecM {
                                    offset: r.offset,
                                    id: r.id,
                                    key: r.key.map(|k| String::from_utf8_lossy(k).into_owned()),
                                    value: r
                                        .value
                                        .map(|v| String::from_utf8_lossy(v).into_owned())
                                        .unwrap_or_default(),
                                    tombstone: r.is_tombstone(),
                                    headers: r
                                        .headers()
                                        .map(|(k, v)| {
                                            (
                                                k.to_string(),
                                                v.map(|v| String::from_utf8_lossy(v).into_owned())
                                                    .unwrap_or_default(),
                                            )
                                        })
                                        .collect(),
                                    timestamp: r.timestamp,
                                })
                                .collect()
                        };
                        PartM {
                            p: p.partition,
                            leader: p.leader,
                            epoch: p.leader_epoch,
                            replicas: p.replica_state.clone(),
                            isr: p.isr.to_vec(),
                            lso: p.log_start_offset,
                            leo: p.log_end_offset,
                            hw: p.high_watermark,
                            records: p.records,
                            lost: p.lost_records,
                            size: p.size_bytes,
                            tail,
                        }
                    })
                    .collect();
                TopicM {
                    name,
                    rf: t.replication_factor,
                    configs: topic_configs(t.config),
                    aggregated,
                    parts,
                }
            })
            .collect();
        Model {
            now_ms: k.now_ms(),
            brokers: k.brokers(),
            topics,
            groups: k.groups(),
            producers: k.producers(),
        }
    }

    pub fn topic(&self, name: &str) -> Option<&TopicM> {
        self.topics.iter().find(|t| t.name == name)
    }

    pub fn part(&self, topic: &str, p: u32) -> Option<&PartM> {
        self.topic(topic).and_then(|t| t.parts.get(p as usize))
    }

    pub fn group(&self, name: &str) -> Option<&GroupView> {
        self.groups.iter().find(|g| &*g.name == name)
    }
}

/// The topic configs that differ from Kafka's defaults, by their Kafka names.
pub fn topic_configs(c: &engine::kafka::TopicConfig) -> Vec<(String, String)> {
    use engine::kafka::{CleanupPolicy, TopicConfig};
    let d = TopicConfig::default();
    let mut out = Vec::new();
    let mut add = |n: &str, v: String| out.push((n.to_string(), v));
    if c.retention_ms != d.retention_ms {
        add("retention.ms", c.retention_ms.to_string());
    }
    if c.retention_bytes != d.retention_bytes {
        add("retention.bytes", c.retention_bytes.to_string());
    }
    if c.segment_bytes != d.segment_bytes {
        add("segment.bytes", c.segment_bytes.to_string());
    }
    if c.segment_ms != d.segment_ms {
        add("segment.ms", c.segment_ms.to_string());
    }
    if c.cleanup_policy != d.cleanup_policy {
        add(
            "cleanup.policy",
            match c.cleanup_policy {
                CleanupPolicy::Delete => "delete",
                CleanupPolicy::Compact => "compact",
                CleanupPolicy::CompactDelete => "compact,delete",
            }
            .to_string(),
        );
    }
    if c.delete_retention_ms != d.delete_retention_ms {
        add("delete.retention.ms", c.delete_retention_ms.to_string());
    }
    if c.min_compaction_lag_ms != d.min_compaction_lag_ms {
        add("min.compaction.lag.ms", c.min_compaction_lag_ms.to_string());
    }
    if c.min_insync_replicas != d.min_insync_replicas {
        add("min.insync.replicas", c.min_insync_replicas.to_string());
    }
    if c.max_message_bytes != d.max_message_bytes {
        add("max.message.bytes", c.max_message_bytes.to_string());
    }
    if c.unclean_leader_election_enable != d.unclean_leader_election_enable {
        add(
            "unclean.leader.election.enable",
            c.unclean_leader_election_enable.to_string(),
        );
    }
    if let Some(comp) = c.compression_type {
        add("compression.type", comp.name().to_string());
    }
    out
}
