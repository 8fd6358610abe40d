//! The event broker model (Kafka): a cluster of brokers with a controller; topics split into
//! partitions, each a replicated append-only log with a leader, followers, an ISR, a high
//! watermark and a leader epoch; producers that batch, compress and partition records exactly as
//! Kafka's client does; consumer groups that rebalance with Kafka's own assignors.
//!
//! Everything is a deterministic, sans-I/O state machine: [`Cluster::apply`] takes a
//! [`Command`] and returns the [`Event`]s it caused (each with its structured reason);
//! [`Cluster::tick`] advances simulated time by one millisecond (followers fetch, linger timers
//! fire, sessions expire). All randomness comes from the seeded [`crate::rng::SimRng`].
//! [`Cluster::audit`] proves that every produced record is in exactly one place, and
//! [`Cluster::digest`] hashes the whole state for determinism tests.

pub mod assignor;
mod audit;
mod compression;
pub mod config;
mod digest;
mod error;
mod event;
mod group;
pub mod log;
mod metrics;
mod partitioner;
mod producer;
mod record;
mod replication;
mod stream;
mod view;

pub use assignor::{Strategy, TopicPartition};
pub use audit::{Audit, AuditError, Fate};
pub use compression::{compressed_len, install_codecs};
pub use config::{
    Acks, AutoOffsetReset, BrokerConfig, CleanupPolicy, Compression, ConsumerConfig,
    CustomPartitioner, DeliveryMode, KeylessMode, ProducerConfig, TopicConfig,
};
pub use error::{Error, Limit};
pub use event::*;
pub use log::{RecordView, Removal};
pub use metrics::{GroupSample, Metrics, PartitionSample, Sample};
pub use partitioner::{murmur2, partition_for_key, to_positive};
pub use record::{Header, RECORD_BATCH_OVERHEAD, Record};
pub use stream::{
    COMPOUND_PRODUCER, HOT_KEY, KeyStrategy, MATCHES, MAX_STREAM_RATE, OutOfOrder, SALTED_PRODUCER,
    STREAM_POLL_MS, StreamSpec, StreamStop, StreamView, stream_record,
};
pub use view::*;

pub use config::{
    EVENT_HISTORY, MAX_ADVANCE_MS, MAX_BROKERS, MAX_GROUPS, MAX_MEMBERS_PER_GROUP, MAX_PARTITIONS,
    MAX_PRODUCERS, MAX_TOPIC_NAME_LEN, MAX_TOPICS, METRICS_HISTORY, METRICS_INTERVAL_MS,
};

use crate::rng::{SimRng, seeded};
use audit::Ledger;
use group::Group;
use producer::Producer;
use replication::Partition;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The name of the producer [`Command::Produce`] uses (created on first use, default config).
pub const DEFAULT_PRODUCER: &str = "producer";

/// Where a consumer should move its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeekTo {
    Offset(u64),
    /// `seekToBeginning`: the log start offset.
    Beginning,
    /// `seekToEnd`: the high watermark.
    End,
}

/// What a learner, a lesson or the UI asks the cluster to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Command {
    /// `kafka-topics --create` with `default.replication.factor` and default configs.
    CreateTopic {
        name: String,
        partitions: u32,
    },
    /// `kafka-topics --create --replication-factor N --config k=v ...`.
    CreateTopicWith {
        name: String,
        partitions: u32,
        replication_factor: u32,
        configs: Vec<(String, String)>,
    },
    /// `kafka-topics --alter --partitions N` (only grows; keys may move to other partitions).
    AddPartitions {
        topic: String,
        partitions: u32,
    },
    /// `kafka-topics --delete --topic T`: removes the topic and its logs (every record is
    /// accounted for as [`Fate::TopicDeleted`]); groups subscribed to it rebalance.
    DeleteTopic {
        topic: String,
    },
    /// `kafka-configs --alter --entity-type topics --add-config name=value`.
    AlterTopicConfig {
        topic: String,
        name: String,
        value: String,
    },
    /// A broker-wide config (`replica.lag.time.max.ms`, `replica.fetch.max.bytes`,
    /// `broker.session.timeout.ms`, `log.retention.check.interval.ms`,
    /// `log.cleaner.backoff.ms`, `default.replication.factor`).
    AlterBrokerConfig {
        name: String,
        value: String,
    },
    CreateProducer {
        name: String,
        config: ProducerConfig,
    },
    AlterProducerConfig {
        producer: String,
        name: String,
        value: String,
    },
    /// `producer.send(record)` from the default producer ([`DEFAULT_PRODUCER`]).
    Produce {
        topic: String,
        record: Record,
    },
    /// `producer.send(record)` from a named producer.
    ProduceFrom {
        producer: String,
        topic: String,
        record: Record,
    },
    /// `producer.flush()`: send every buffered batch now (`None`: every producer).
    Flush {
        producer: Option<String>,
    },
    /// Start a new broker with the next id (`MAX_BROKERS` at most). As in Kafka ("Expanding
    /// your cluster", <https://kafka.apache.org/documentation/#basic_ops_cluster_expansion>), a
    /// new broker holds no existing partitions until they are reassigned; it only receives
    /// replicas of topics created or partitions added after it joined.
    AddBroker,
    KillBroker {
        broker: BrokerId,
    },
    RestartBroker {
        broker: BrokerId,
    },
    /// Cut a broker off the network (it keeps running; the controller fences it after
    /// `broker.session.timeout.ms`).
    IsolateBroker {
        broker: BrokerId,
    },
    HealBroker {
        broker: BrokerId,
    },
    /// Make a broker's followers fetch only every `fetch_interval_ms` (1 = normal).
    SlowFollower {
        broker: BrokerId,
        fetch_interval_ms: u64,
    },
    /// A consumer joins `group` subscribed to `topics` (`subscribe` + first `poll`).
    Subscribe {
        group: String,
        member: String,
        topics: Vec<String>,
        config: ConsumerConfig,
    },
    /// `consumer.close()`: a dynamic member sends `LeaveGroup`; a static member does not.
    Leave {
        group: String,
        member: String,
    },
    /// The consumer process dies: no more heartbeats; the group notices after
    /// `session.timeout.ms`.
    Crash {
        group: String,
        member: String,
    },
    /// Slow a consumer down: set its `max.poll.records` (`None`: back to the default, 500).
    /// When producers outpace `max.poll.records` per poll, the group's lag grows.
    SlowConsumer {
        group: String,
        member: String,
        max_records_per_poll: Option<u32>,
    },
    /// `consumer.poll()`.
    Poll {
        group: String,
        member: String,
    },
    /// `consumer.commitSync()` of the current positions.
    Commit {
        group: String,
        member: String,
    },
    /// `consumer.seek` / `seekToBeginning` / `seekToEnd` (replay).
    Seek {
        group: String,
        member: String,
        topic: String,
        partition: u32,
        to: SeekTo,
    },
    /// Let simulated time pass (fast-forwarding when nothing is in flight).
    Advance {
        ms: u64,
    },
    /// Start (or retune) the steady stream: a simulated application producing `rate` records a
    /// second to one topic, and optionally its consumers' poll loop (see [`StreamSpec`]).
    StartStream {
        spec: StreamSpec,
    },
    StopStream,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Broker {
    pub(crate) id: BrokerId,
    pub(crate) up: bool,
    pub(crate) isolated_since: Option<u64>,
    /// The controller no longer counts it (dead or fenced).
    pub(crate) fenced: bool,
    pub(crate) fetch_interval_ms: u64,
    pub(crate) appended_this_ms: u64,
    pub(crate) saturated_at: Option<u64>,
}

impl Broker {
    /// Clients and other brokers can talk to it.
    pub(crate) fn reachable(&self) -> bool {
        self.up && self.isolated_since.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Topic {
    pub(crate) name: Name,
    pub(crate) config: TopicConfig,
    pub(crate) replication_factor: u32,
    pub(crate) partitions: Vec<Partition>,
    /// Batches the leaders refused as over `max.message.bytes`, and their bytes (the broker's
    /// `BrokerTopicMetrics` `BytesRejectedPerSec`, marked in `UnifiedLog.analyzeAndValidateRecords`).
    pub(crate) rejected_batches: u64,
    pub(crate) bytes_rejected: u64,
}

/// The cluster: the single entry point of the event broker model.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub(crate) now_ms: u64,
    pub(crate) seed: u64,
    pub(crate) rng: SimRng,
    pub(crate) config: BrokerConfig,
    pub(crate) brokers: Vec<Broker>,
    pub(crate) controller: Option<BrokerId>,
    pub(crate) controller_epoch: u32,
    pub(crate) topics: Vec<Topic>,
    pub(crate) topic_index: BTreeMap<Name, usize>,
    pub(crate) producers: BTreeMap<Name, Producer>,
    pub(crate) groups: BTreeMap<Name, Group>,
    pub(crate) next_record_id: u64,
    pub(crate) ledger: Ledger,
    pub(crate) metrics: Metrics,
    pub(crate) last_retention_check_ms: u64,
    pub(crate) last_cleaner_ms: u64,
    pub(crate) stream: Option<stream::Stream>,
    /// Partitions and replicas walked by every step so far (see [`Cluster::partition_steps`]).
    pub(crate) partition_steps: u64,
}

impl Default for Cluster {
    fn default() -> Self {
        Self::new()
    }
}

impl Cluster {
    /// A cluster of 3 brokers, seed 0.
    pub fn new() -> Self {
        Self::with_brokers(3, 0).expect("3 brokers are within the limits")
    }

    /// A cluster of `brokers` brokers (numbered from 0); broker 0 becomes the controller.
    pub fn with_brokers(brokers: u32, seed: u64) -> Result<Self, Error> {
        Self::with_config(brokers, seed, BrokerConfig::default())
    }

    pub fn with_config(brokers: u32, seed: u64, config: BrokerConfig) -> Result<Self, Error> {
        if !(1..=MAX_BROKERS).contains(&brokers) {
            return Err(Error::BrokerCountOutOfRange { max: MAX_BROKERS });
        }
        let brokers = (0..brokers)
            .map(|id| Broker {
                id,
                up: true,
                isolated_since: None,
                fenced: false,
                fetch_interval_ms: 1,
                appended_this_ms: 0,
                saturated_at: None,
            })
            .collect();
        Ok(Self {
            now_ms: 0,
            seed,
            rng: seeded(seed),
            config,
            brokers,
            controller: Some(0),
            controller_epoch: 1,
            topics: Vec::new(),
            topic_index: BTreeMap::new(),
            producers: BTreeMap::new(),
            groups: BTreeMap::new(),
            next_record_id: 0,
            ledger: Ledger::default(),
            metrics: Metrics::default(),
            last_retention_check_ms: 0,
            last_cleaner_ms: 0,
            stream: None,
            partition_steps: 0,
        })
    }

    /// The simulation's work so far, in the units of
    /// [`crate::limits::MAX_SESSION_PARTITION_STEPS`]: each step of the cluster counts each
    /// partition and each of its replicas once. Deterministic, so a budget on it (the fuzzer's,
    /// the tests') does not depend on the machine. Not part of the state's digest.
    pub fn partition_steps(&self) -> u64 {
        self.partition_steps
    }

    /// Simulated time in milliseconds.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// What keeping this state beside `later` (a later state of the same cluster) costs in
    /// heap bytes: clones share record batches, so mainly the records `later` no longer holds.
    /// Approximate: counts the log prefix below `later`'s log start offsets (what retention and
    /// truncation remove), not batches the cleaner rewrote.
    pub fn unshared_bytes(&self, later: &Cluster) -> u64 {
        let mut bytes = 0;
        for t in &self.topics {
            let now = later.topic_index.get(&t.name).map(|&i| &later.topics[i]);
            for (p, part) in t.partitions.iter().enumerate() {
                let later_log = now.and_then(|n| n.partitions.get(p)).map(|l| &l.log);
                bytes += part.log.unshared_bytes(later_log);
            }
        }
        // Metric samples are shared by `Arc`, but those a later state has dropped live on only
        // here: a long session of a wide cluster kept 128 snapshots × 600 samples × 256
        // partitions alive (2 GB, found by `cargo xtask fuzz`).
        let oldest_later = later.metrics.samples.front().map_or(u64::MAX, |s| s.now_ms);
        // Samples are in time order, and a run of them shares one partitions list while
        // nothing changed: each list is counted once.
        let dropped_count = self
            .metrics
            .samples
            .partition_point(|s| s.now_ms < oldest_later);
        let mut dropped = 0;
        let mut last: Option<&Arc<[metrics::PartitionSample]>> = None;
        for s in self.metrics.samples.range(..dropped_count) {
            dropped += std::mem::size_of::<metrics::Sample>()
                + s.groups.len() * std::mem::size_of::<metrics::GroupSample>();
            if !last.is_some_and(|l| Arc::ptr_eq(l, &s.partitions)) {
                dropped += s.partitions.len() * std::mem::size_of::<metrics::PartitionSample>();
            }
            last = Some(&s.partitions);
        }
        (bytes + dropped) as u64
    }

    /// Validates and applies one command; on error the state is untouched.
    pub fn apply(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        // `Produce` comes once per record, the rest rarely: kept apart from the large match so
        // this function stays small, and a wasm runtime optimizes it soon after it gets hot.
        let mut ev;
        match command {
            Command::Produce { topic, record } => {
                // Mostly one event (`Partitioned`): room for just that is a small allocation.
                ev = Vec::with_capacity(1);
                self.produce(DEFAULT_PRODUCER, &topic, record, &mut ev)?
            }
            // Consumers poll and commit every tick or so: these too stay out of the large
            // match, which then never gets hot (V8 took longer to optimize it than all else).
            Command::Poll { group, member } => {
                ev = Vec::new();
                self.poll(&group, &member, &mut ev)?
            }
            Command::Commit { group, member } => {
                ev = Vec::new();
                self.commit(&group, &member, false, &mut ev)?
            }
            command => {
                ev = Vec::new();
                let other: fn(&mut Cluster, Command, &mut Vec<Event>) -> Result<(), Error> =
                    Cluster::apply_other;
                apart(other)(self, command, &mut ev)?
            }
        }
        Ok(ev)
    }

    fn apply_other(&mut self, command: Command, ev: &mut Vec<Event>) -> Result<(), Error> {
        match command {
            Command::CreateTopic { name, partitions } => {
                let rf = self.config.default_replication_factor;
                self.create_topic(name, partitions, rf, &[], ev)?
            }
            Command::CreateTopicWith {
                name,
                partitions,
                replication_factor,
                configs,
            } => self.create_topic(name, partitions, replication_factor, &configs, ev)?,
            Command::AddPartitions { topic, partitions } => {
                self.add_partitions(&topic, partitions, ev)?
            }
            Command::DeleteTopic { topic } => self.delete_topic(&topic, ev)?,
            Command::AlterTopicConfig { topic, name, value } => {
                let t = self.topic_id(&topic)?;
                let topic = &mut self.topics[t];
                let mut cfg = topic.config.clone();
                cfg.set(&name, &value)?;
                topic.config = cfg;
                ev.push(Event::ConfigChanged {
                    topic: Some(topic.name.clone()),
                    name,
                    value,
                });
            }
            Command::AlterBrokerConfig { name, value } => {
                self.alter_broker_config(&name, &value)?;
                ev.push(Event::ConfigChanged {
                    topic: None,
                    name,
                    value,
                });
            }
            Command::CreateProducer { name, config } => self.create_producer(&name, config, ev)?,
            Command::AlterProducerConfig {
                producer,
                name,
                value,
            } => {
                let p = self
                    .producers
                    .get_mut(producer.as_str())
                    .ok_or(Error::UnknownProducer)?;
                let mut cfg = p.config.clone();
                cfg.set(&name, &value)?;
                p.config = cfg;
                ev.push(Event::ConfigChanged {
                    topic: None,
                    name,
                    value,
                });
            }
            Command::Produce { topic, record } => {
                self.produce(DEFAULT_PRODUCER, &topic, record, ev)?
            }
            Command::ProduceFrom {
                producer,
                topic,
                record,
            } => self.produce(&producer, &topic, record, ev)?,
            Command::Flush { producer } => self.flush(producer.as_deref(), ev)?,
            Command::AddBroker => self.add_broker(ev)?,
            Command::KillBroker { broker } => self.kill_broker(broker, ev)?,
            Command::RestartBroker { broker } => self.restart_broker(broker, ev)?,
            Command::IsolateBroker { broker } => self.isolate_broker(broker, ev)?,
            Command::HealBroker { broker } => self.heal_broker(broker, ev)?,
            Command::SlowFollower {
                broker,
                fetch_interval_ms,
            } => {
                let b = self.broker_mut(broker)?;
                let interval = fetch_interval_ms.clamp(1, MAX_ADVANCE_MS);
                b.fetch_interval_ms = interval;
                ev.push(Event::SlowFollower {
                    broker,
                    fetch_interval_ms: interval,
                });
            }
            Command::Subscribe {
                group,
                member,
                topics,
                config,
            } => self.subscribe(&group, &member, &topics, config, ev)?,
            Command::Leave { group, member } => self.leave(&group, &member, ev)?,
            Command::Crash { group, member } => self.crash(&group, &member, ev)?,
            Command::SlowConsumer {
                group,
                member,
                max_records_per_poll,
            } => self.slow_consumer(&group, &member, max_records_per_poll, ev)?,
            Command::Poll { group, member } => self.poll(&group, &member, ev)?,
            Command::Commit { group, member } => self.commit(&group, &member, false, ev)?,
            Command::Seek {
                group,
                member,
                topic,
                partition,
                to,
            } => self.seek(&group, &member, &topic, partition, to, ev)?,
            Command::Advance { ms } => {
                if ms > MAX_ADVANCE_MS {
                    return Err(Error::AdvanceTooLong {
                        max: MAX_ADVANCE_MS,
                    });
                }
                self.advance_into(ms, ev);
            }
            Command::StartStream { spec } => self.start_stream(spec, ev)?,
            Command::StopStream => self.stop_stream(ev)?,
        }
        Ok(())
    }

    /// One millisecond of simulated time.
    pub fn tick(&mut self) -> Vec<Event> {
        let mut ev = Vec::new();
        self.tick_into(&mut ev);
        ev
    }

    /// Like [`Cluster::tick`] but appends to a caller's buffer (no allocation per tick).
    ///
    /// Its steps stay functions of their own (see [`apart`]): merged, this was the function V8
    /// took longest to optimize, while the steps that are hot waited in baseline code.
    pub fn tick_into(&mut self, ev: &mut Vec<Event>) {
        self.now_ms += 1;
        for b in &mut self.brokers {
            b.appended_this_ms = 0;
        }
        let steps: [fn(&mut Cluster, &mut Vec<Event>); 6] = [
            Cluster::controller_tick,
            Cluster::stream_tick,
            Cluster::send_ready,
            Cluster::replicate,
            Cluster::groups_tick,
            Cluster::log_maintenance,
        ];
        for step in apart(steps) {
            step(self, ev);
        }
        // Also when a quiet stretch was skipped over a sampling point.
        let interval = config::METRICS_INTERVAL_MS;
        if self.metrics.samples.is_empty()
            || self.now_ms / interval > self.metrics.last_sample_ms / interval
        {
            self.sample_metrics();
        }
    }

    /// `ms` milliseconds; whole stretches where nothing is in flight are skipped at once.
    pub fn advance(&mut self, ms: u64) -> Vec<Event> {
        let mut ev = Vec::new();
        self.advance_into(ms.min(MAX_ADVANCE_MS), &mut ev);
        ev
    }

    fn advance_into(&mut self, ms: u64, ev: &mut Vec<Event>) {
        let end = self.now_ms.saturating_add(ms);
        while self.now_ms < end {
            if self.is_quiet() {
                let next = self
                    .next_deadline()
                    .unwrap_or(end)
                    .clamp(self.now_ms + 1, end);
                if next > self.now_ms + 1 {
                    // nothing happens before `next - 1`: jump, then run the tick at `next`
                    self.now_ms = next - 1;
                }
            }
            self.tick_into(ev);
        }
    }

    fn topic_id(&self, name: &str) -> Result<usize, Error> {
        // (not `ok_or`: an eager error is built and dropped on every call, once per record)
        match self.topic_index.get(name) {
            Some(&t) => Ok(t),
            None => Err(Error::UnknownTopic),
        }
    }

    fn alter_broker_config(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let bad = || Error::InvalidConfigValue {
            name: name.to_string(),
            value: value.to_string(),
        };
        let n: u64 = value.trim().parse().map_err(|_| bad())?;
        match name {
            "replica.lag.time.max.ms" => self.config.replica_lag_time_max_ms = n,
            "replica.fetch.max.bytes" => self.config.replica_fetch_max_bytes = n.max(1),
            "broker.session.timeout.ms" => self.config.broker_session_timeout_ms = n,
            "log.retention.check.interval.ms" => {
                self.config.log_retention_check_interval_ms = n.max(1)
            }
            "log.cleaner.backoff.ms" => self.config.log_cleaner_backoff_ms = n.max(1),
            "default.replication.factor" => {
                if n == 0 || n > MAX_BROKERS as u64 {
                    return Err(bad());
                }
                self.config.default_replication_factor = n as u32
            }
            "max.append.bytes.per.ms" => self.config.max_append_bytes_per_ms = (n > 0).then_some(n),
            _ => {
                return Err(Error::UnknownConfig {
                    name: name.to_string(),
                });
            }
        }
        Ok(())
    }

    fn create_topic(
        &mut self,
        name: String,
        partitions: u32,
        replication_factor: u32,
        configs: &[(String, String)],
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if !valid_topic_name(&name) {
            return Err(Error::InvalidTopicName);
        }
        if !(1..=MAX_PARTITIONS).contains(&partitions) {
            return Err(Error::PartitionCountOutOfRange {
                max: MAX_PARTITIONS,
            });
        }
        if self.topic_index.contains_key(name.as_str()) {
            return Err(Error::TopicExists);
        }
        if self.topics.len() >= MAX_TOPICS {
            return Err(Error::TooMany {
                what: Limit::Topics,
                max: MAX_TOPICS as u32,
            });
        }
        let live: Vec<BrokerId> = self
            .brokers
            .iter()
            .filter(|b| b.up && !b.fenced)
            .map(|b| b.id)
            .collect();
        if replication_factor == 0 || replication_factor as usize > live.len() {
            return Err(Error::InvalidReplicationFactor {
                requested: replication_factor,
                available: live.len() as u32,
            });
        }
        let mut config = TopicConfig::default();
        for (k, v) in configs {
            config.set(k, v)?;
        }
        let assignment = replication::assign_replicas(
            &mut self.rng,
            partitions,
            replication_factor,
            &live,
            None,
        );
        let name: Name = name.into();
        let parts: Vec<Partition> = assignment
            .iter()
            .map(|r| Partition::new(r.clone(), self.now_ms))
            .collect();
        let id = self.topics.len();
        self.topics.push(Topic {
            name: name.clone(),
            config,
            replication_factor,
            partitions: parts,
            rejected_batches: 0,
            bytes_rejected: 0,
        });
        self.topic_index.insert(name.clone(), id);
        ev.push(Event::TopicCreated {
            topic: name.clone(),
            partitions,
            replication_factor,
            replicas: assignment,
        });
        for p in 0..partitions {
            let part = &self.topics[id].partitions[p as usize];
            ev.push(Event::LeaderElected {
                topic: name.clone(),
                partition: p,
                leader: part.leader,
                previous: None,
                leader_epoch: part.leader_epoch,
                reason: ElectionReason::Initial,
            });
        }
        Ok(())
    }

    fn add_partitions(
        &mut self,
        topic: &str,
        total: u32,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let t = self.topic_id(topic)?;
        let current = self.topics[t].partitions.len() as u32;
        if total <= current {
            return Err(Error::PartitionCountCannotShrink { current });
        }
        if total > MAX_PARTITIONS {
            return Err(Error::PartitionCountOutOfRange {
                max: MAX_PARTITIONS,
            });
        }
        let live: Vec<BrokerId> = self
            .brokers
            .iter()
            .filter(|b| b.up && !b.fenced)
            .map(|b| b.id)
            .collect();
        let rf = self.topics[t].replication_factor;
        if rf as usize > live.len() {
            return Err(Error::InvalidReplicationFactor {
                requested: rf,
                available: live.len() as u32,
            });
        }
        let assignment =
            replication::assign_replicas(&mut self.rng, total - current, rf, &live, Some(current));
        let now = self.now_ms;
        let name = self.topics[t].name.clone();
        for (i, r) in assignment.into_iter().enumerate() {
            let part = Partition::new(r, now);
            ev.push(Event::LeaderElected {
                topic: name.clone(),
                partition: current + i as u32,
                leader: part.leader,
                previous: None,
                leader_epoch: part.leader_epoch,
                reason: ElectionReason::Initial,
            });
            self.topics[t].partitions.push(part);
        }
        ev.push(Event::PartitionsAdded {
            topic: name,
            from: current,
            to: total,
        });
        self.on_metadata_change(t, ev);
        Ok(())
    }

    fn delete_topic(&mut self, topic: &str, ev: &mut Vec<Event>) -> Result<(), Error> {
        let t = self.topic_id(topic)?;
        // producers: batches still buffered for it fail
        let mut buffered = 0;
        for p in self.producers.values_mut() {
            for id in p.drop_topic(t) {
                self.ledger.record(id, Fate::TopicDeleted);
                buffered += 1;
            }
        }
        // the logs go with the topic
        let mut records = 0;
        for part in &self.topics[t].partitions {
            for id in part.log.ids() {
                self.ledger.record(id, Fate::TopicDeleted);
                records += 1;
            }
        }
        let first: usize = self.topics[..t].iter().map(|x| x.partitions.len()).sum();
        let totals = &mut self.metrics.last_totals;
        let end = (first + self.topics[t].partitions.len()).min(totals.len());
        if first < end {
            totals.drain(first..end);
        }
        let removed = self.topics.remove(t);
        self.topic_index = crate::sort::map(
            self.topics
                .iter()
                .enumerate()
                .map(|(i, x)| (x.name.clone(), i)),
        );
        // consumer groups: forget its partitions, shift the indices of later topics
        let remap = |tp: group::Tp| match tp.0.cmp(&t) {
            std::cmp::Ordering::Less => Some(tp),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some((tp.0 - 1, tp.1)),
        };
        for g in self.groups.values_mut() {
            g.committed = crate::sort::map(
                std::mem::take(&mut g.committed)
                    .into_iter()
                    .filter_map(|(tp, o)| remap(tp).map(|tp| (tp, o))),
            );
            for m in g.members.values_mut() {
                m.owned = m.owned.iter().filter_map(|&tp| remap(tp)).collect();
                m.positions = crate::sort::map(
                    std::mem::take(&mut m.positions)
                        .into_iter()
                        .filter_map(|(tp, o)| remap(tp).map(|tp| (tp, o))),
                );
            }
        }
        ev.push(Event::TopicDeleted {
            topic: removed.name.clone(),
            records,
            buffered,
        });
        let groups: Vec<Name> = self
            .groups
            .values()
            .filter(|g| g.members.values().any(|m| m.topics.contains(&removed.name)))
            .map(|g| g.name.clone())
            .collect();
        for g in groups {
            self.rebalance(&g, RebalanceReason::MetadataChanged, ev);
        }
        Ok(())
    }

    fn add_broker(&mut self, ev: &mut Vec<Event>) -> Result<(), Error> {
        if self.brokers.len() >= MAX_BROKERS as usize {
            return Err(Error::TooMany {
                what: Limit::Brokers,
                max: MAX_BROKERS,
            });
        }
        let id = self.brokers.len() as BrokerId;
        self.brokers.push(Broker {
            id,
            up: true,
            isolated_since: None,
            fenced: false,
            fetch_interval_ms: 1,
            appended_this_ms: 0,
            saturated_at: None,
        });
        ev.push(Event::BrokerAdded { broker: id });
        Ok(())
    }

    fn create_producer(
        &mut self,
        name: &str,
        config: ProducerConfig,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if name.is_empty() || name.len() > MAX_TOPIC_NAME_LEN {
            return Err(Error::UnknownProducer);
        }
        if self.producers.contains_key(name) {
            return Err(Error::ProducerExists);
        }
        if self.producers.len() >= MAX_PRODUCERS {
            return Err(Error::TooMany {
                what: Limit::Producers,
                max: MAX_PRODUCERS as u32,
            });
        }
        let name: Name = name.into();
        self.producers
            .insert(name.clone(), Producer::new(name.clone(), config));
        ev.push(Event::ProducerCreated { producer: name });
        Ok(())
    }

    /// True when no timer-free work is pending: nothing buffered, every live follower caught up,
    /// no push consumer with records to deliver.
    fn is_quiet(&self) -> bool {
        if self.streaming() {
            return false;
        }
        let mut sending = false;
        self.producer_wakeups(|t| sending |= t <= self.now_ms + 1);
        if sending {
            return false;
        }
        for t in &self.topics {
            for p in &t.partitions {
                let Some(l) = p.leader else { continue };
                if !self.brokers[l as usize].reachable() {
                    continue;
                }
                // `acks=all` batches wait for the high watermark, which moves only when a
                // follower fetches or the ISR changes (both timed, see `next_deadline`), unless
                // it can move now.
                if !p.pending.is_empty() && p.high_watermark_can_advance(&t.config) {
                    return false;
                }
                let leo = p.log.log_end_offset();
                for (i, &r) in p.replicas.iter().enumerate() {
                    let b = &self.brokers[r as usize];
                    // A slow follower (`SlowFollower`) fetches only every `fetch_interval_ms`:
                    // until then it is a deadline, not work (a follower lagging for an hour
                    // otherwise made every simulated ms a step over every partition).
                    if r != l && b.reachable() && b.fetch_interval_ms <= 1 && p.replica[i].leo < leo
                    {
                        return false;
                    }
                }
            }
        }
        !self.groups_busy()
    }

    /// The earliest time something is due while the cluster is quiet.
    fn next_deadline(&self) -> Option<u64> {
        let mut next: Option<u64> = None;
        let mut at = |t: u64| next = Some(next.map_or(t, |n: u64| n.min(t)));
        at(self.last_retention_check_ms + self.config.log_retention_check_interval_ms);
        if self
            .topics
            .iter()
            .any(|t| t.config.cleanup_policy.compacts())
        {
            at(self.last_cleaner_ms + self.config.log_cleaner_backoff_ms);
        }
        for b in &self.brokers {
            if let Some(since) = b.isolated_since
                && !b.fenced
            {
                at(since + self.config.broker_session_timeout_ms + 1);
            }
        }
        for t in &self.topics {
            for p in &t.partitions {
                let leader_reachable = p
                    .leader
                    .is_some_and(|l| self.brokers[l as usize].reachable());
                let isr = replication::IsrSet::of(&p.isr);
                for (i, &r) in p.replicas.iter().enumerate() {
                    if Some(r) != p.leader && isr.holds(&p.isr, r) {
                        at(p.replica[i].last_caught_up_ms
                            + self.config.replica_lag_time_max_ms
                            + 1);
                    }
                    // A slow follower's next fetch (`replicate` fetches at the multiples of
                    // its broker's interval): lagging, it brings records; caught up, it keeps
                    // the follower in the ISR (its last caught-up time moves only then).
                    let b = &self.brokers[r as usize];
                    if Some(r) != p.leader
                        && b.reachable()
                        && !b.fenced
                        && b.fetch_interval_ms > 1
                        && leader_reachable
                    {
                        let iv = b.fetch_interval_ms.max(1);
                        at((self.now_ms / iv).saturating_add(1).saturating_mul(iv));
                    }
                }
            }
        }
        if let Some(g) = self.group_deadline() {
            at(g);
        }
        self.producer_wakeups(&mut at);
        next
    }
}

/// Kafka's rule (`org.apache.kafka.common.internals.Topic.validate`): 1..=249 characters of
/// ASCII letters, digits, `.`, `_` and `-`, and not `.` or `..`.
pub fn valid_topic_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_TOPIC_NAME_LEN
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `f`, opaque to the optimizers, for a call that must stay a call in wasm. V8 optimizes a wasm
/// function as a whole, and only after it got hot: a large function (wasm-opt inlines every
/// function that has a single caller, whatever its size, and `#[inline(never)]` does not reach
/// it) is optimized last, and its hot parts meanwhile run as baseline code. Called through a
/// pointer, a rarely taken branch or a step stays a function of its own. For calls made at most
/// a few times per tick or per batch, where an indirect call costs nothing that shows.
pub(crate) fn apart<F>(f: F) -> F {
    std::hint::black_box(f)
}
