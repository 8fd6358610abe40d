//! Typed refusals: a command that fails changes nothing and says why, with the limit involved.
//! Names follow Kafka's error codes where one exists (`org.apache.kafka.common.protocol.Errors`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Error {
    /// `INVALID_TOPIC_EXCEPTION`: 1..=249 of `[a-zA-Z0-9._-]`, not `.` or `..`.
    InvalidTopicName,
    /// `TOPIC_ALREADY_EXISTS`.
    TopicExists,
    /// `UNKNOWN_TOPIC_OR_PARTITION`.
    UnknownTopic,
    /// `UNKNOWN_TOPIC_OR_PARTITION` for a partition number past the topic's count.
    UnknownPartition {
        partitions: u32,
    },
    /// `INVALID_PARTITIONS`: outside `1..=max`.
    PartitionCountOutOfRange {
        max: u32,
    },
    /// `INVALID_PARTITIONS`: a topic's partition count can only grow.
    PartitionCountCannotShrink {
        current: u32,
    },
    /// `INVALID_REPLICATION_FACTOR`: "Replication factor: N larger than available brokers: M".
    InvalidReplicationFactor {
        requested: u32,
        available: u32,
    },
    /// Our cap on topics, producers, groups, members.
    TooMany {
        what: Limit,
        max: u32,
    },
    /// `BrokerCountOutOfRange`: a cluster has 1..=max brokers.
    BrokerCountOutOfRange {
        max: u32,
    },
    UnknownBroker,
    BrokerAlreadyDown,
    BrokerAlreadyUp,
    /// `RecordTooLargeException` from `KafkaProducer.send`: the record, alone in a batch, is
    /// over the producer's `max.request.size` (`limit`), so it never leaves the producer
    /// (`KafkaProducer.ensureValidRecordSize`). The broker's own check of `max.message.bytes`
    /// fails the batch later, as [`ProduceError::MessageTooLarge`](super::ProduceError).
    RecordTooLarge {
        size: u32,
        limit: u32,
    },
    /// `INVALID_RECORD`: "Compacted topic cannot accept message without key".
    KeyRequiredForCompactedTopic,
    /// A record needs a value unless it is a tombstone (a key with a null value).
    ValueRequired,
    UnknownProducer,
    ProducerExists,
    /// `INVALID_GROUP_ID`.
    InvalidGroupId,
    UnknownGroup,
    /// `UNKNOWN_MEMBER_ID`.
    UnknownMember,
    MemberExists,
    /// `FENCED_INSTANCE_ID`: another live member already uses this `group.instance.id`.
    FencedInstanceId,
    /// `IllegalStateException: No current assignment for partition` (seek on a partition the
    /// member does not own).
    PartitionNotAssigned,
    /// `INCONSISTENT_GROUP_PROTOCOL`: no assignor that every member supports.
    InconsistentGroupProtocol,
    /// `OFFSET_OUT_OF_RANGE`: a seek outside `log_start_offset..=high_watermark`.
    OffsetOutOfRange {
        log_start_offset: u64,
        high_watermark: u64,
    },
    /// A member that crashed or closed cannot act until it rejoins.
    MemberNotRunning,
    UnknownConfig {
        name: String,
    },
    InvalidConfigValue {
        name: String,
        value: String,
    },
    /// More simulated time in one step than [`super::config::MAX_ADVANCE_MS`].
    AdvanceTooLong {
        max: u64,
    },
    /// A stream's rate outside `1..=max` records per second.
    StreamRateOutOfRange {
        max: u32,
    },
    /// `StopStream` with no stream running.
    NoStream,
}

/// What a [`Error::TooMany`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Limit {
    Topics,
    Producers,
    Groups,
    Members,
    /// Brokers added with `AddBroker` ([`super::config::MAX_BROKERS`]).
    Brokers,
}
