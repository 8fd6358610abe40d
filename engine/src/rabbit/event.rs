//! Events: what happened, each with its reason in structured form. The app animates and narrates
//! them; lessons check them. No sentences here.

use super::command::{ChannelId, CloseCause};
use super::error::ReplyCode;
use super::exchange::Name;
use super::message::{DeathReason, MsgId, Time};
use super::queue::Overflow;
use super::routing::RouteDecision;
use super::stream::{StreamSpec, StreamStop};
use serde::{Deserialize, Serialize};

/// Why a queue was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QueueDeleteCause {
    /// queue.delete
    Client,
    /// `auto-delete` and its last consumer went away.
    AutoDelete,
    /// `x-expires`: unused for that long.
    Expired,
    /// Exclusive and its owning connection closed.
    OwnerClosed,
    /// Not durable (or exclusive) and the broker restarted.
    Restart,
}

/// Why an exchange was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExchangeDeleteCause {
    Client,
    /// `auto-delete` and its last binding was removed.
    AutoDelete,
    /// Not durable and the broker restarted.
    Restart,
}

/// Why a delivery went back to its queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequeueCause {
    Nack,
    Reject,
    Recover,
    /// The channel closed (client close, crash or broker restart) with the delivery unacked.
    ChannelClosed(CloseCause),
}

/// What became of a message that died (rejected, expired, maxlen, delivery limit).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeadLetterOutcome {
    /// The queue has no `x-dead-letter-exchange`: the message is gone.
    Discarded,
    /// Republished to the dead-letter exchange and reached these queues.
    Routed {
        exchange: String,
        routing_key: String,
        queues: Vec<Name>,
        cycles_dropped: Vec<Name>,
    },
    /// The dead-letter exchange does not exist: dropped.
    ExchangeMissing { exchange: String },
    /// The dead-letter exchange routed it nowhere: dropped (no return, no alternate of the queue).
    Unroutable {
        exchange: String,
        routing_key: String,
    },
    /// Every queue it would reach is a fully automatic dead-letter cycle: dropped
    /// (`rabbit_dead_letter:detect_cycles/3`).
    Cycle { exchange: String, queues: Vec<Name> },
}

impl DeadLetterOutcome {
    /// Did the message survive (reach at least one queue)?
    pub fn delivered(&self) -> bool {
        matches!(self, DeadLetterOutcome::Routed { .. })
    }
}

/// Why a message was lost when the broker restarted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RestartLoss {
    /// Its queue was not durable.
    QueueNotDurable,
    /// Its queue was exclusive (deleted with its connection).
    ExclusiveQueue,
    /// The message was transient (delivery mode 1) in a classic queue.
    TransientMessage,
}

impl RestartLoss {
    pub const ALL: [RestartLoss; 3] = [
        RestartLoss::QueueNotDurable,
        RestartLoss::ExclusiveQueue,
        RestartLoss::TransientMessage,
    ];
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    ExchangeDeclared {
        name: String,
        created: bool,
    },
    ExchangeDeleted {
        name: String,
        cause: ExchangeDeleteCause,
    },
    QueueDeclared {
        name: String,
        created: bool,
        messages: u64,
        consumers: u64,
    },
    /// `messages` ready messages went with it.
    QueueDeleted {
        name: String,
        cause: QueueDeleteCause,
        messages: u64,
    },
    QueuePurged {
        name: String,
        messages: u64,
    },
    Bound {
        source: String,
        destination: String,
        routing_key: String,
    },
    Unbound {
        source: String,
        destination: String,
        routing_key: String,
    },
    ChannelOpened {
        channel: ChannelId,
    },
    ChannelClosed {
        channel: ChannelId,
        cause: CloseCause,
    },
    QosSet {
        channel: ChannelId,
        prefetch_count: u16,
    },
    ConfirmsEnabled {
        channel: ChannelId,
    },
    /// basic.publish accepted; `routing` says where it went and why.
    Published {
        msg: MsgId,
        channel: ChannelId,
        routing: Box<RouteDecision>,
        confirm_seq: Option<u64>,
    },
    /// `mandatory` and unroutable: basic.return.
    Returned {
        msg: MsgId,
        channel: ChannelId,
        reply: ReplyCode,
        exchange: String,
        routing_key: String,
    },
    /// Not `mandatory` and unroutable: silently dropped.
    DroppedUnroutable {
        msg: MsgId,
        exchange: String,
        routing_key: String,
    },
    /// A copy entered a queue (`ready` = its ready count afterwards).
    Enqueued {
        msg: MsgId,
        queue: Name,
        ready: u64,
    },
    /// The queue was full and its overflow policy refused the copy.
    RefusedByOverflow {
        msg: MsgId,
        queue: Name,
        policy: Overflow,
    },
    /// Publisher confirm: ack, or nack when a queue refused the message.
    Confirmed {
        channel: ChannelId,
        seq: u64,
        ack: bool,
    },
    ConsumerStarted {
        channel: ChannelId,
        tag: Name,
        queue: Name,
        prefetch: u16,
    },
    ConsumerCancelled {
        channel: ChannelId,
        tag: Name,
        queue: Name,
        by_broker: bool,
    },
    /// basic.deliver (push) or basic.get-ok (pull; `consumer` is `None`).
    Delivered {
        msg: MsgId,
        queue: Name,
        channel: ChannelId,
        consumer: Option<Name>,
        delivery_tag: u64,
        redelivered: bool,
        auto_ack: bool,
    },
    GetEmpty {
        channel: ChannelId,
        queue: Name,
    },
    Acked {
        msg: MsgId,
        queue: Name,
        channel: ChannelId,
        delivery_tag: u64,
    },
    Requeued {
        msg: MsgId,
        queue: Name,
        cause: RequeueCause,
    },
    /// The message died in `queue` for `reason`; `outcome` is what the dead-lettering did.
    DeadLettered {
        msg: MsgId,
        queue: Name,
        reason: DeathReason,
        outcome: Box<DeadLetterOutcome>,
    },
    /// Lost because the broker restarted.
    LostOnRestart {
        msg: MsgId,
        queue: Name,
        reason: RestartLoss,
    },
    BrokerRestarted {
        at: Time,
    },
    TimeAdvanced {
        now: Time,
    },
    /// The steady stream started, or was retuned.
    StreamStarted {
        spec: StreamSpec,
    },
    StreamStopped {
        reason: StreamStop,
    },
}
