//! The event broker model (Kafka): topics split into partitions, each an append-only log of
//! records with increasing offsets, and the producer's partition choice.

mod partitioner;

pub use partitioner::{murmur2, partition_for_key, to_positive};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Our own upper bound for the browser; Kafka itself allows far more.
pub const MAX_PARTITIONS: u32 = 256;
/// Kafka's `TopicNameValidator` limit (`Topic.MAX_NAME_LENGTH`).
pub const MAX_TOPIC_NAME_LEN: usize = 249;

/// A record as the producer hands it over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub key: Option<Vec<u8>>,
    pub value: Vec<u8>,
}

/// A record stored in a partition log, at its offset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRecord {
    pub offset: u64,
    pub record: Record,
}

/// What a learner or a lesson asks the cluster to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    CreateTopic { name: String, partitions: u32 },
    Produce { topic: String, record: Record },
}

/// Why a record went to its partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartitionReason {
    /// `toPositive(murmur2(key)) % partitions`.
    KeyHash { murmur2: i32, partitions: u32 },
    /// No key: the next partition in turn.
    RoundRobin { counter: u64, partitions: u32 },
}

/// What happened, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    TopicCreated { name: String, partitions: u32 },
    Appended { topic: String, partition: u32, offset: u64, reason: PartitionReason },
}

/// A command the cluster refused; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    InvalidTopicName,
    TopicExists,
    UnknownTopic,
    PartitionCountOutOfRange { max: u32 },
}

#[derive(Clone, Debug, Default)]
struct Topic {
    partitions: Vec<Vec<StoredRecord>>,
    keyless_counter: u64,
}

/// The cluster: the single entry point of the event broker model.
#[derive(Clone, Debug, Default)]
pub struct Cluster {
    topics: BTreeMap<String, Topic>,
}

impl Cluster {
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates and applies one command; on error the state is untouched.
    pub fn apply(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        match command {
            Command::CreateTopic { name, partitions } => {
                if !valid_topic_name(&name) {
                    return Err(Error::InvalidTopicName);
                }
                if !(1..=MAX_PARTITIONS).contains(&partitions) {
                    return Err(Error::PartitionCountOutOfRange { max: MAX_PARTITIONS });
                }
                if self.topics.contains_key(&name) {
                    return Err(Error::TopicExists);
                }
                let topic = Topic { partitions: vec![Vec::new(); partitions as usize], keyless_counter: 0 };
                self.topics.insert(name.clone(), topic);
                Ok(vec![Event::TopicCreated { name, partitions }])
            }
            Command::Produce { topic: name, record } => {
                let topic = self.topics.get_mut(&name).ok_or(Error::UnknownTopic)?;
                let partitions = topic.partitions.len() as u32;
                let (partition, reason) = match &record.key {
                    Some(key) => (
                        partition_for_key(key, partitions),
                        PartitionReason::KeyHash { murmur2: murmur2(key), partitions },
                    ),
                    None => {
                        let counter = topic.keyless_counter;
                        topic.keyless_counter += 1;
                        ((counter % partitions as u64) as u32, PartitionReason::RoundRobin { counter, partitions })
                    }
                };
                let log = &mut topic.partitions[partition as usize];
                let offset = log.len() as u64;
                log.push(StoredRecord { offset, record });
                Ok(vec![Event::Appended { topic: name, partition, offset, reason }])
            }
        }
    }

    /// Topic names in order.
    pub fn topic_names(&self) -> impl Iterator<Item = &str> {
        self.topics.keys().map(String::as_str)
    }

    /// The records of each partition of a topic.
    pub fn partitions(&self, topic: &str) -> Option<&[Vec<StoredRecord>]> {
        self.topics.get(topic).map(|t| t.partitions.as_slice())
    }
}

/// Kafka's rule (`org.apache.kafka.common.internals.Topic.validate`): 1..=249 characters of
/// ASCII letters, digits, `.`, `_` and `-`, and not `.` or `..`.
pub fn valid_topic_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_TOPIC_NAME_LEN
        && name != "."
        && name != ".."
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}
