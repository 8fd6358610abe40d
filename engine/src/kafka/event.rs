//! Everything the cluster reports, each with its reason in structured form (no sentences: the
//! `lessons` and `app` crates put reasons into Korean and English).

use super::assignor::{Strategy, TopicPartition};
use super::config::{Acks, AutoOffsetReset, Compression};
use super::log::Removal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A shared name (topic, producer, group, member): cloning it is cheap.
pub type Name = Arc<str>;
/// Brokers are numbered from 0.
pub type BrokerId = u32;

/// Why a record went to its partition (precedence: explicit > custom > key hash > keyless).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartitionReason {
    /// The record named its partition.
    Explicit { partition: u32 },
    /// `toPositive(murmur2(key)) % partitions`.
    KeyHash { murmur2: i32, partitions: u32 },
    /// A custom partitioner hashed `hashed` (a header value, a salted key or a compound key).
    Custom {
        rule: CustomRule,
        hashed: Vec<u8>,
        murmur2: i32,
        partitions: u32,
    },
    /// Keyless, built-in sticky partitioner: the current sticky partition; `switched` when this
    /// record started a new one after `batch.size` bytes went to the previous.
    Sticky {
        switched: bool,
        produced_bytes: u32,
        batch_size: u32,
        available: u32,
    },
    /// Keyless, classic round-robin: `counter % available partitions`.
    RoundRobin { counter: u64, available: u32 },
}

/// Which custom rule applied.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CustomRule {
    ByHeader { header: String },
    RandomSalt { salt: u32, salts: u32 },
    CompoundKey { header: String },
}

/// Why the sender sent a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SendTrigger {
    /// The batch reached `batch.size`.
    Full,
    /// `linger.ms` passed since its first record.
    Linger,
    /// `flush()` was called.
    Flush,
    /// A retry after `retry.backoff.ms`.
    Retry,
}

/// A produce request's failure as the producer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProduceError {
    /// `NOT_ENOUGH_REPLICAS`: `acks=all` and the ISR is smaller than `min.insync.replicas`.
    NotEnoughReplicas {
        isr: Vec<BrokerId>,
        min_insync_replicas: u32,
    },
    /// `NOT_LEADER_OR_FOLLOWER`: the leader changed and these records were not on the new one.
    NotLeaderOrFollower { new_leader: Option<BrokerId> },
    /// `MESSAGE_TOO_LARGE`: the leader refused the batch, `batch_bytes` as sent (after
    /// compression) being over the topic's `max.message.bytes` (`UnifiedLog.analyzeAndValidateRecords`
    /// throws `RecordTooLargeException`); nothing is appended and the producer fails the records
    /// with `RecordTooLargeException`.
    MessageTooLarge {
        batch_bytes: u32,
        max_message_bytes: u32,
    },
    /// `delivery.timeout.ms` passed: the batch is given up (`TimeoutException`).
    DeliveryTimeout {
        waited_ms: u64,
        delivery_timeout_ms: u64,
    },
}

/// Why records were lost (only ever by a fault the learner injected).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LossReason {
    /// `unclean.leader.election.enable=true` let an out-of-sync replica lead; acknowledged
    /// records it never had are gone.
    UncleanElection {
        new_leader: BrokerId,
        old_high_watermark: u64,
        new_log_end_offset: u64,
    },
    /// `acks=1`/`acks=0`: the leader acknowledged before followers copied, then failed.
    AcknowledgedBeforeReplication {
        acks: Acks,
        failed_leader: BrokerId,
        new_leader: BrokerId,
    },
}

/// Why the ISR lost a member.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IsrShrinkReason {
    /// Not caught up for longer than `replica.lag.time.max.ms`.
    Lagging {
        behind_ms: u64,
        replica_lag_time_max_ms: u64,
    },
    /// The broker failed or was fenced by the controller.
    BrokerOffline,
}

/// How a leader was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ElectionReason {
    /// At topic creation: the first replica of the assignment (the preferred leader).
    Initial,
    /// The leader failed; the first live replica of the assignment that is in the ISR.
    Clean {
        isr: Vec<BrokerId>,
        failed_leader: Option<BrokerId>,
    },
    /// No ISR member alive and unclean election enabled: the first live replica.
    Unclean {
        isr: Vec<BrokerId>,
        lost_records: u64,
    },
    /// No ISR member alive and unclean election disabled: the partition is offline.
    NoEligibleReplica { isr: Vec<BrokerId> },
    /// A replica in the ISR came back to an offline partition.
    ReplicaReturned,
}

/// Why a broker stopped being reachable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BrokerDownReason {
    Killed,
    /// Cut off from the network; fenced after `broker.session.timeout.ms`.
    Isolated,
}

/// Why a member left the group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeaveReason {
    /// `close()` sent a `LeaveGroup`.
    Left,
    /// No heartbeat for `session.timeout.ms` (it crashed).
    SessionTimeout { session_timeout_ms: u64 },
    /// No `poll()` for `max.poll.interval.ms`.
    PollTimeout { max_poll_interval_ms: u64 },
}

/// Why a rebalance ran.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RebalanceReason {
    MemberJoined {
        member: Name,
    },
    MemberLeft {
        member: Name,
        why: LeaveReason,
    },
    /// A static member restarted with a new member id: no reassignment.
    StaticMemberRejoined {
        member: Name,
        instance: String,
    },
    /// Cooperative protocol: the follow-up round after revocations.
    CooperativeFollowUp,
    /// The subscribed topics changed (partitions added).
    MetadataChanged,
}

/// One partition handed to a member, with the offset it will read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Owned {
    pub topic: Name,
    pub partition: u32,
}

/// Everything that can happen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    ControllerElected {
        broker: BrokerId,
        epoch: u32,
        previous: Option<BrokerId>,
    },
    TopicCreated {
        topic: Name,
        partitions: u32,
        replication_factor: u32,
        replicas: Vec<Vec<BrokerId>>,
    },
    /// `kafka-topics --delete`: the topic and its logs are gone; `records` were stored in it,
    /// `buffered` were still waiting in producers (they fail).
    TopicDeleted {
        topic: Name,
        records: u64,
        buffered: u64,
    },
    PartitionsAdded {
        topic: Name,
        from: u32,
        to: u32,
    },
    ConfigChanged {
        topic: Option<Name>,
        name: String,
        value: String,
    },
    ProducerCreated {
        producer: Name,
    },
    /// A record entered the producer's buffer (`RecordAccumulator.append`) for this partition.
    Partitioned {
        producer: Name,
        topic: Name,
        partition: u32,
        record: u64,
        reason: PartitionReason,
    },
    /// `send()` could not buffer the record: `buffer.memory` is full (back pressure).
    SendBlocked {
        producer: Name,
        topic: Name,
        buffered_bytes: u64,
        buffer_memory: u64,
    },
    /// The sender shipped a batch to the partition leader.
    BatchSent {
        producer: Name,
        topic: Name,
        partition: u32,
        records: u32,
        bytes: u32,
        compressed_bytes: u32,
        compression: Compression,
        trigger: SendTrigger,
    },
    /// The leader appended a batch: offsets `offset..=last_offset`.
    Appended {
        topic: Name,
        partition: u32,
        offset: u64,
        last_offset: u64,
        leader: BrokerId,
        leader_epoch: u32,
    },
    /// The producer got its acknowledgement, with the ISR and high watermark at that moment.
    Acked {
        producer: Name,
        topic: Name,
        partition: u32,
        offset: u64,
        last_offset: u64,
        acks: Acks,
        isr: Vec<BrokerId>,
        high_watermark: u64,
    },
    ProduceFailed {
        producer: Name,
        topic: Name,
        partition: u32,
        records: u32,
        error: ProduceError,
        will_retry: bool,
    },
    /// A leader broker is at its append capacity; batches wait in producers (back pressure).
    BrokerSaturated {
        broker: BrokerId,
        topic: Name,
        partition: u32,
        limit_bytes_per_ms: u64,
    },
    /// A follower copied `from..to` from the leader.
    Replicated {
        topic: Name,
        partition: u32,
        broker: BrokerId,
        from: u64,
        to: u64,
    },
    HighWatermarkAdvanced {
        topic: Name,
        partition: u32,
        from: u64,
        to: u64,
        isr: Vec<BrokerId>,
    },
    IsrShrunk {
        topic: Name,
        partition: u32,
        broker: BrokerId,
        isr: Vec<BrokerId>,
        reason: IsrShrinkReason,
    },
    IsrExpanded {
        topic: Name,
        partition: u32,
        broker: BrokerId,
        isr: Vec<BrokerId>,
    },
    LeaderElected {
        topic: Name,
        partition: u32,
        leader: Option<BrokerId>,
        previous: Option<BrokerId>,
        leader_epoch: u32,
        reason: ElectionReason,
    },
    /// A replica dropped records past `to_offset` that the current leader does not have.
    Truncated {
        topic: Name,
        partition: u32,
        broker: BrokerId,
        to_offset: u64,
        records: u64,
    },
    RecordsLost {
        topic: Name,
        partition: u32,
        records: u64,
        from: u64,
        to: u64,
        reason: LossReason,
    },
    /// Records put back into the producer to be sent again (idempotent retry).
    Requeued {
        producer: Name,
        topic: Name,
        partition: u32,
        records: u64,
    },
    BrokerDown {
        broker: BrokerId,
        reason: BrokerDownReason,
    },
    /// The controller fenced an unreachable broker.
    BrokerFenced {
        broker: BrokerId,
        session_timeout_ms: u64,
    },
    BrokerUp {
        broker: BrokerId,
    },
    /// A new, empty broker joined the cluster (it holds no replicas until new topics or
    /// partitions are placed on it).
    BrokerAdded {
        broker: BrokerId,
    },
    /// A consumer's `max.poll.records` changed (a slow consumer).
    ConsumerSlowed {
        group: Name,
        member: Name,
        max_poll_records: u32,
    },
    SlowFollower {
        broker: BrokerId,
        fetch_interval_ms: u64,
    },
    SegmentRolled {
        topic: Name,
        partition: u32,
        base_offset: u64,
    },
    /// Retention or compaction removed records (never a loss: policy).
    RecordsRemoved {
        topic: Name,
        partition: u32,
        records: u64,
        reason: Removal,
        log_start_offset: u64,
    },
    MemberJoined {
        group: Name,
        member: Name,
        group_instance_id: Option<String>,
    },
    MemberLeft {
        group: Name,
        member: Name,
        reason: LeaveReason,
    },
    MemberCrashed {
        group: Name,
        member: Name,
    },
    /// A new generation: the assignor, its inputs and its result.
    Rebalanced {
        group: Name,
        generation: i32,
        strategy: Strategy,
        cooperative: bool,
        reason: RebalanceReason,
        subscriptions: BTreeMap<String, Vec<String>>,
        partitions_per_topic: BTreeMap<String, u32>,
        assignment: BTreeMap<String, Vec<TopicPartition>>,
        revoked: BTreeMap<String, Vec<TopicPartition>>,
        /// Cooperative first round: partitions withheld until their owner revokes them.
        pending: BTreeMap<TopicPartition, String>,
    },
    /// A member's position was set from the committed offset or `auto.offset.reset`.
    PositionSet {
        group: Name,
        member: Name,
        topic: Name,
        partition: u32,
        offset: u64,
        from: PositionSource,
    },
    /// `poll()` returned `records` records of this partition, offsets `from..to`.
    Polled {
        group: Name,
        member: Name,
        topic: Name,
        partition: u32,
        from: u64,
        to: u64,
        records: u32,
    },
    /// Push mode: the broker pushed records; `dropped` overflowed the consumer's buffer.
    Pushed {
        group: Name,
        member: Name,
        topic: Name,
        partition: u32,
        from: u64,
        to: u64,
        records: u32,
        dropped: u32,
    },
    Committed {
        group: Name,
        member: Name,
        offsets: Vec<(Name, u32, u64)>,
        auto: bool,
    },
    Seeked {
        group: Name,
        member: Name,
        topic: Name,
        partition: u32,
        offset: u64,
    },
    StreamStarted {
        topic: Name,
        rate: u32,
        keys: super::KeyStrategy,
    },
    StreamStopped {
        topic: Name,
        reason: super::StreamStop,
    },
}

/// Where a consumer's starting position came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PositionSource {
    Committed,
    Reset(AutoOffsetReset),
    /// The position was outside the log (retention or truncation): `OffsetOutOfRange`, reset.
    OutOfRange(AutoOffsetReset),
    /// KIP-320: after a leader change the consumer asked the new leader where the epoch of its
    /// last consumed record ends (`OffsetsForLeaderEpoch`); the log had been truncated below its
    /// position, so it goes back to that divergence point instead of skipping records
    /// (`SubscriptionState.maybeCompleteValidation`, "Truncation detected ... resetting offset
    /// to the first offset known to diverge").
    Truncated {
        /// The leader epoch of the last record the consumer had read.
        offset_epoch: u32,
        /// The position before validation.
        position: u64,
    },
}
