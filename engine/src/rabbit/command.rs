//! Commands: what a learner, a lesson or the app asks the broker to do. Each mirrors an AMQP
//! 0-9-1 method (exchange.declare, queue.bind, basic.publish, basic.ack, ...) or a simulation
//! action (advance time, restart the broker). Builders keep lesson scripts short.

use super::error::ReplyCode;
use super::exchange::{DestinationKind, ExchangeKind};
use super::message::{DeliveryMode, Properties};
use super::stream::StreamSpec;
use super::value::{FieldTable, FieldValue};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A channel: deliveries, delivery tags, prefetch and publisher confirms belong to it. A
/// connection is named by the channel that opened it ([`Command::OpenChannel`] opens both);
/// [`Command::OpenChannelOn`] adds channels to it. Exclusive queues belong to connections.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct ChannelId(pub u32);

/// exchange.declare
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeSpec {
    pub name: String,
    pub kind: ExchangeKind,
    pub durable: bool,
    pub auto_delete: bool,
    pub internal: bool,
    /// `alternate-exchange` and others.
    pub arguments: FieldTable,
    /// Only check that it exists (404 if not).
    pub passive: bool,
}

impl ExchangeSpec {
    pub fn new(name: &str, kind: ExchangeKind) -> Self {
        ExchangeSpec {
            name: name.into(),
            kind,
            durable: false,
            auto_delete: false,
            internal: false,
            arguments: FieldTable::new(),
            passive: false,
        }
    }
    pub fn durable(mut self) -> Self {
        self.durable = true;
        self
    }
    pub fn auto_delete(mut self) -> Self {
        self.auto_delete = true;
        self
    }
    pub fn internal(mut self) -> Self {
        self.internal = true;
        self
    }
    pub fn alternate(self, exchange: &str) -> Self {
        self.arg("alternate-exchange", exchange)
    }
    pub fn arg(mut self, key: &str, v: impl Into<FieldValue>) -> Self {
        self.arguments.insert(key.into(), v.into());
        self
    }
}

/// queue.declare
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSpec {
    /// Empty: the server picks an `amq.gen-…` name.
    pub name: String,
    pub durable: bool,
    /// `Some(channel)`: exclusive to that channel's connection, deleted when it closes.
    pub exclusive: Option<ChannelId>,
    pub auto_delete: bool,
    pub arguments: FieldTable,
    pub passive: bool,
}

impl QueueSpec {
    pub fn new(name: &str) -> Self {
        QueueSpec {
            name: name.into(),
            durable: false,
            exclusive: None,
            auto_delete: false,
            arguments: FieldTable::new(),
            passive: false,
        }
    }
    pub fn durable(mut self) -> Self {
        self.durable = true;
        self
    }
    pub fn exclusive(mut self, owner: ChannelId) -> Self {
        self.exclusive = Some(owner);
        self
    }
    pub fn auto_delete(mut self) -> Self {
        self.auto_delete = true;
        self
    }
    pub fn passive(mut self) -> Self {
        self.passive = true;
        self
    }
    pub fn arg(mut self, key: &str, v: impl Into<FieldValue>) -> Self {
        self.arguments.insert(key.into(), v.into());
        self
    }
    pub fn quorum(self) -> Self {
        self.durable().arg("x-queue-type", "quorum")
    }
    pub fn message_ttl(self, ms: i64) -> Self {
        self.arg("x-message-ttl", ms)
    }
    pub fn max_length(self, n: i64) -> Self {
        self.arg("x-max-length", n)
    }
    pub fn overflow(self, policy: &str) -> Self {
        self.arg("x-overflow", policy)
    }
    pub fn dead_letter(self, exchange: &str) -> Self {
        self.arg("x-dead-letter-exchange", exchange)
    }
    pub fn dead_letter_routing_key(self, key: &str) -> Self {
        self.arg("x-dead-letter-routing-key", key)
    }
    pub fn max_priority(self, p: i64) -> Self {
        self.arg("x-max-priority", p)
    }
}

/// queue.bind / exchange.bind (and their unbind).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindSpec {
    pub source: String,
    pub destination: String,
    pub destination_kind: DestinationKind,
    pub routing_key: String,
    pub arguments: FieldTable,
}

impl BindSpec {
    /// Exchange `source` to queue `queue`.
    pub fn queue(source: &str, queue: &str, key: &str) -> Self {
        BindSpec {
            source: source.into(),
            destination: queue.into(),
            destination_kind: DestinationKind::Queue,
            routing_key: key.into(),
            arguments: FieldTable::new(),
        }
    }
    /// Exchange `source` to exchange `destination`.
    pub fn exchange(source: &str, destination: &str, key: &str) -> Self {
        BindSpec {
            destination_kind: DestinationKind::Exchange,
            ..BindSpec::queue(source, destination, key)
        }
    }
    pub fn arg(mut self, key: &str, v: impl Into<FieldValue>) -> Self {
        self.arguments.insert(key.into(), v.into());
        self
    }
}

/// basic.publish
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishSpec {
    pub channel: ChannelId,
    pub exchange: String,
    pub routing_key: String,
    /// Return (312 NO_ROUTE) instead of dropping when no queue is reached.
    pub mandatory: bool,
    pub properties: Properties,
    pub body: Arc<[u8]>,
}

impl PublishSpec {
    pub fn new(channel: ChannelId, exchange: &str, routing_key: &str) -> Self {
        PublishSpec {
            channel,
            exchange: exchange.into(),
            routing_key: routing_key.into(),
            mandatory: false,
            properties: Properties::default(),
            // The shared empty body: no allocation.
            body: Arc::default(),
        }
    }
    pub fn body(mut self, body: impl AsRef<[u8]>) -> Self {
        self.body = Arc::from(body.as_ref());
        self
    }
    pub fn shared_body(mut self, body: Arc<[u8]>) -> Self {
        self.body = body;
        self
    }
    pub fn mandatory(mut self) -> Self {
        self.mandatory = true;
        self
    }
    pub fn persistent(mut self) -> Self {
        self.properties.delivery_mode = DeliveryMode::Persistent;
        self
    }
    pub fn priority(mut self, p: u8) -> Self {
        self.properties.priority = Some(p);
        self
    }
    pub fn expiration(mut self, ms: &str) -> Self {
        self.properties.expiration = Some(ms.into());
        self
    }
    pub fn message_id(mut self, id: &str) -> Self {
        self.properties.message_id = Some(id.into());
        self
    }
    pub fn content_type(mut self, t: &str) -> Self {
        self.properties.content_type = Some(t.into());
        self
    }
    pub fn header(mut self, key: &str, v: impl Into<FieldValue>) -> Self {
        self.properties
            .headers
            .get_or_insert_with(FieldTable::new)
            .insert(key.into(), v.into());
        self
    }
}

/// What a simulated consumer does by itself with each delivery, after `after_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AutoSettle {
    Ack,
    /// basic.nack with requeue.
    NackRequeue,
    /// basic.reject without requeue (dead-letters if the queue has a DLX).
    Reject,
}

/// A consumer's simulated behaviour (the app/lesson may also settle by hand).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Behaviour {
    pub after_ms: u64,
    pub action: AutoSettle,
}

/// basic.consume
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumeSpec {
    pub channel: ChannelId,
    pub queue: String,
    /// Empty: the server picks `amq.ctag-…`.
    pub tag: String,
    /// `no-ack`: deliveries count as acknowledged when sent.
    pub auto_ack: bool,
    pub exclusive: bool,
    pub behaviour: Option<Behaviour>,
}

impl ConsumeSpec {
    pub fn new(channel: ChannelId, queue: &str) -> Self {
        ConsumeSpec {
            channel,
            queue: queue.into(),
            tag: String::new(),
            auto_ack: false,
            exclusive: false,
            behaviour: None,
        }
    }
    pub fn tag(mut self, tag: &str) -> Self {
        self.tag = tag.into();
        self
    }
    pub fn auto_ack(mut self) -> Self {
        self.auto_ack = true;
        self
    }
    pub fn exclusive(mut self) -> Self {
        self.exclusive = true;
        self
    }
    pub fn behaviour(mut self, after_ms: u64, action: AutoSettle) -> Self {
        self.behaviour = Some(Behaviour { after_ms, action });
        self
    }
}

/// Why a channel closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CloseCause {
    /// channel.close / connection.close by the client.
    Client,
    /// The client process died or its TCP connection dropped.
    Crash,
    /// The broker refused a command on the channel with an exception, and closed it
    /// (`channel.close` with this reply code; `rabbit_channel:handle_exception/2`).
    Error(ReplyCode),
    /// The broker restarted.
    BrokerRestart,
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    DeclareExchange(ExchangeSpec),
    DeleteExchange {
        name: String,
        if_unused: bool,
    },
    DeclareQueue(QueueSpec),
    DeleteQueue {
        name: String,
        if_unused: bool,
        if_empty: bool,
    },
    PurgeQueue {
        name: String,
    },
    Bind(BindSpec),
    Unbind(BindSpec),
    /// connection.open + channel.open: a new connection, named by this channel's id.
    OpenChannel,
    CloseChannel {
        channel: ChannelId,
        cause: CloseCause,
    },
    /// basic.qos with `global=false`: the prefetch of consumers started afterwards on the channel
    /// (0 = unlimited). `global=true` answers 540.
    Qos {
        channel: ChannelId,
        prefetch_count: u16,
        global: bool,
    },
    /// confirm.select
    ConfirmSelect {
        channel: ChannelId,
    },
    Publish(PublishSpec),
    Consume(ConsumeSpec),
    /// basic.cancel. Unacknowledged deliveries stay with the channel (they can still be acked);
    /// they return to the queue only when the channel closes.
    Cancel {
        channel: ChannelId,
        tag: String,
    },
    Ack {
        channel: ChannelId,
        delivery_tag: u64,
        multiple: bool,
    },
    Nack {
        channel: ChannelId,
        delivery_tag: u64,
        multiple: bool,
        requeue: bool,
    },
    Reject {
        channel: ChannelId,
        delivery_tag: u64,
        requeue: bool,
    },
    /// basic.get
    Get {
        channel: ChannelId,
        queue: String,
        auto_ack: bool,
    },
    /// basic.recover with requeue=true: return every unacked delivery of the channel.
    Recover {
        channel: ChannelId,
    },
    /// Stop and start the broker: connections drop, and only durable things survive.
    Restart,
    /// Let logical time pass (TTL, queue expiry, simulated consumers, metrics).
    Advance {
        ms: u64,
    },
    /// Start (or retune) the steady stream: a simulated application publishing on a channel
    /// on every tick ([`StreamSpec`]). New variants go last: share links name them by index.
    StartStream(StreamSpec),
    StopStream,
    /// channel.open on an open connection (named by the channel that opened it; it stays
    /// open after a channel error closed its channels).
    OpenChannelOn {
        connection: ChannelId,
    },
    /// connection.close: its channels close, and the queues exclusive to it are deleted
    /// (`rabbit_amqqueue:on_node_down`/`delete_exclusive/2` via the connection's exit).
    CloseConnection {
        connection: ChannelId,
    },
}

impl Command {
    /// The channel the command is sent on, if it names one (declarations and bindings in the
    /// model name none: they act for no particular channel).
    pub fn channel(&self) -> Option<ChannelId> {
        match self {
            Command::CloseChannel { channel, .. }
            | Command::Qos { channel, .. }
            | Command::ConfirmSelect { channel }
            | Command::Cancel { channel, .. }
            | Command::Ack { channel, .. }
            | Command::Nack { channel, .. }
            | Command::Reject { channel, .. }
            | Command::Get { channel, .. }
            | Command::Recover { channel } => Some(*channel),
            Command::Publish(p) => Some(p.channel),
            Command::Consume(c) => Some(c.channel),
            _ => None,
        }
    }
}
