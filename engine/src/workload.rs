//! Reference workloads shared by the native benchmark (`cargo xtask bench`) and the same run in
//! the browser (`cargo xtask bench --browser`), so the wasm/native ratio compares like with like.
//! No clock here: callers time the calls.

use crate::kafka::{
    AutoOffsetReset, Cluster, Command, ConsumerConfig, EVENT_HISTORY, Event, ProducerConfig,
    Record, Strategy,
};
use std::collections::VecDeque;

/// Records produced per tick of the pipeline.
pub const PER_TICK: usize = 2_000;
pub const VALUE_BYTES: usize = 100;
const MEMBERS: usize = 4;
const TOPIC: &str = "events";
const GROUP: &str = "analytics";

/// Issue 3's pipeline: 3 brokers, a topic of 12 partitions with replication factor 3 and
/// `acks=all` (the producer default), 100-byte values keyed by 1,000 match ids, one group of 4
/// members that poll and commit every tick, and every event kept in a bounded history, as the
/// UI keeps them.
pub struct KafkaPipeline {
    pub cluster: Cluster,
    history: VecDeque<Event>,
    members: Vec<String>,
    keys: Vec<Vec<u8>>,
    value: Vec<u8>,
    pub produced: usize,
    pub events: usize,
}

/// What a finished run proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipelineOutcome {
    pub stored: u64,
    pub lag: u64,
    pub events: usize,
    pub heap_bytes: usize,
}

impl Default for KafkaPipeline {
    fn default() -> Self {
        Self::new()
    }
}

impl KafkaPipeline {
    pub fn new() -> Self {
        let mut p = KafkaPipeline {
            cluster: Cluster::with_brokers(3, 1).expect("3 brokers are within the limits"),
            history: VecDeque::with_capacity(EVENT_HISTORY),
            members: (0..MEMBERS).map(|i| format!("consumer-{i}")).collect(),
            keys: (0..1000)
                .map(|i| format!("match-{i}").into_bytes())
                .collect(),
            value: vec![b'v'; VALUE_BYTES],
            produced: 0,
            events: 0,
        };
        p.apply(Command::CreateTopicWith {
            name: TOPIC.into(),
            partitions: 12,
            replication_factor: 3,
            configs: vec![],
        });
        p.apply(Command::CreateProducer {
            name: "producer".into(),
            config: ProducerConfig::default(),
        });
        for m in p.members.clone() {
            let config = ConsumerConfig {
                enable_auto_commit: false,
                auto_offset_reset: AutoOffsetReset::Earliest,
                partition_assignment_strategy: vec![Strategy::Range],
                ..ConsumerConfig::default()
            };
            p.apply(Command::Subscribe {
                group: GROUP.into(),
                member: m,
                topics: vec![TOPIC.into()],
                config,
            });
        }
        p
    }

    fn keep(&mut self, events: Vec<Event>) {
        for e in events {
            if self.history.len() == EVENT_HISTORY {
                self.history.pop_front();
            }
            self.history.push_back(e);
            self.events += 1;
        }
    }

    fn apply(&mut self, command: Command) {
        let events = self
            .cluster
            .apply(command)
            .expect("the pipeline's commands are valid");
        self.keep(events);
    }

    fn consume(&mut self) {
        let tick = self.cluster.tick();
        self.keep(tick);
        for m in self.members.clone() {
            self.apply(Command::Poll {
                group: GROUP.into(),
                member: m.clone(),
            });
            self.apply(Command::Commit {
                group: GROUP.into(),
                member: m,
            });
        }
    }

    /// One tick's worth: [`PER_TICK`] records produced, a millisecond of cluster time, and every
    /// member polling and committing.
    ///
    /// Never inlined into [`KafkaPipeline::run`] (not by LLVM, nor by wasm-opt): V8 moves a
    /// wasm function to optimized code only between calls (no on-stack replacement), so a run
    /// whose whole loop sat in one call would time baseline code throughout, unlike the app,
    /// whose frames return every tick.
    #[inline(never)]
    pub fn round(&mut self) {
        for _ in 0..PER_TICK {
            let key = self.keys[self.produced % self.keys.len()].clone();
            let record = Record::keyed(key, self.value.clone());
            self.apply(Command::Produce {
                topic: TOPIC.into(),
                record,
            });
            self.produced += 1;
        }
        self.consume();
    }

    /// Flushes the producer, then runs until everything is acknowledged, consumed and
    /// committed.
    pub fn drain(&mut self) {
        self.apply(Command::Flush { producer: None });
        for _ in 0..10_000 {
            let caught_up = self
                .cluster
                .group(GROUP)
                .is_some_and(|g| g.total_lag() == 0);
            if caught_up && self.cluster.audit().is_ok_and(|a| a.unacknowledged == 0) {
                break;
            }
            self.consume();
        }
    }

    /// Produces `records` (rounded up to whole rounds), drains, and reports.
    pub fn run(records: usize) -> (KafkaPipeline, PipelineOutcome) {
        let mut p = KafkaPipeline::new();
        while p.produced < records {
            // apart: wasm-opt would inline `round`, its only caller being this loop
            let round: fn(&mut KafkaPipeline) = KafkaPipeline::round;
            std::hint::black_box(round)(&mut p);
        }
        p.drain();
        let outcome = p.outcome();
        (p, outcome)
    }

    pub fn outcome(&self) -> PipelineOutcome {
        let stored = self.cluster.audit().map(|a| a.stored).unwrap_or(0);
        let lag = self
            .cluster
            .group(GROUP)
            .map_or(u64::MAX, |g| g.total_lag());
        let heap_bytes = self
            .cluster
            .partition_views(TOPIC)
            .map(|ps| ps.iter().map(|p| p.heap_bytes()).sum())
            .unwrap_or(0);
        PipelineOutcome {
            stored,
            lag,
            events: self.events,
            heap_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_run_stores_consumes_and_commits_everything() {
        let (_, out) = KafkaPipeline::run(3 * PER_TICK);
        assert_eq!(out.stored, 3 * PER_TICK as u64);
        assert_eq!(out.lag, 0);
        assert!(out.events > out.stored as usize);
    }
}

/// The World Cup at scale (issue 8): 6 brokers; `worldcup` with 48 partitions, replication
/// factor 3, `min.insync.replicas=2` and time retention (30 s in 5 s segments, checked every
/// 5 s) so a long stream stays bounded; a producer with `linger.ms=20`; a group of 12 consumers that read at most 25 records per
/// poll (so a hot partition's owner falls behind). The sandbox's preset, the hot-partition
/// lesson and both benchmarks start from it; [`stream`] sets it in motion.
pub mod world_cup {
    use crate::kafka::{
        AutoOffsetReset, Command, ConsumerConfig, DEFAULT_PRODUCER, KeyStrategy, ProducerConfig,
        Strategy, StreamSpec,
    };
    use crate::sim::{Action, Sim};

    pub const SEED: u64 = 7;
    pub const TOPIC: &str = "worldcup";
    pub const GROUP: &str = "scoreboard";
    pub const PARTITIONS: u32 = 48;
    pub const BROKERS: u32 = 6;
    pub const CONSUMERS: u32 = 12;
    /// Match events per simulated second: 1,000 live matches, two events a second each.
    pub const RATE: u32 = 2_000;

    /// The actions that build the scene on `Sim::with_kafka_brokers(SEED, BROKERS)`.
    pub fn actions() -> Vec<Action> {
        let mut actions = vec![
            Action::Kafka(Command::AlterBrokerConfig {
                name: "log.retention.check.interval.ms".into(),
                value: "5000".into(),
            }),
            Action::Kafka(Command::CreateTopicWith {
                name: TOPIC.into(),
                partitions: PARTITIONS,
                replication_factor: 3,
                configs: vec![
                    ("min.insync.replicas".into(), "2".into()),
                    ("retention.ms".into(), "30000".into()),
                    ("segment.ms".into(), "5000".into()),
                ],
            }),
            // Tuned for throughput, as a feed of this size would be: batches wait up to 20 ms
            // to fill (the default, 5 ms, sends one or two records per batch at this rate).
            Action::Kafka(Command::CreateProducer {
                name: DEFAULT_PRODUCER.into(),
                config: ProducerConfig {
                    linger_ms: 20,
                    ..ProducerConfig::default()
                },
            }),
        ];
        for i in 1..=CONSUMERS {
            actions.push(Action::Kafka(Command::Subscribe {
                group: GROUP.into(),
                member: format!("c{i:02}"),
                topics: vec![TOPIC.into()],
                config: ConsumerConfig {
                    auto_offset_reset: AutoOffsetReset::Earliest,
                    enable_auto_commit: false,
                    max_poll_records: 25,
                    partition_assignment_strategy: vec![Strategy::Range],
                    ..ConsumerConfig::default()
                },
            }));
        }
        actions
    }

    /// The stream of match events at `rate`, keyed by `keys`, with the group reading along.
    pub fn stream(rate: u32, keys: KeyStrategy) -> Action {
        Action::Kafka(Command::StartStream {
            spec: StreamSpec {
                topic: TOPIC.into(),
                rate,
                keys,
                consume: true,
            },
        })
    }

    /// The scene, still.
    pub fn scene() -> Sim {
        let mut sim = Sim::with_kafka_brokers(SEED, BROKERS).expect("6 brokers are allowed");
        sim.apply_all(actions())
            .expect("the World Cup scene is valid");
        sim
    }
}
