//! Typed errors: every refused command names what was wrong, and maps to the AMQP 0-9-1 reply
//! code and name a real RabbitMQ would send (`deps/rabbit_common/src/rabbit_framing_amqp_0_9_1.erl`,
//! and the `rabbit_misc:protocol_error/3` calls in `rabbit_channel.erl`/`rabbit_amqqueue.erl`).
//!
//! A refused command changes nothing, except that, as in RabbitMQ, an exception on a channel
//! closes that channel ([`Error::closes_channel`]): its unacknowledged deliveries return to their
//! queues and its consumers are cancelled ([`Broker::last_refusal`](super::Broker::last_refusal)
//! holds what that caused). [`Error::scope`] says whether RabbitMQ closes the channel or the
//! whole connection. The engine holds no sentences: `app`/`lessons` word these.

use super::value::ValueKind;
use serde::{Deserialize, Serialize};

/// An AMQP reply code with its spec name, e.g. `(404, "NOT_FOUND")`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReplyCode {
    /// 312: an unroutable `mandatory` message (basic.return, not an exception).
    NoRoute,
    /// 403
    AccessRefused,
    /// 404
    NotFound,
    /// 405
    ResourceLocked,
    /// 406
    PreconditionFailed,
    /// 503
    CommandInvalid,
    /// 504
    ChannelError,
    /// 530
    NotAllowed,
    /// 540
    NotImplemented,
}

impl ReplyCode {
    pub fn code(self) -> u16 {
        match self {
            ReplyCode::NoRoute => 312,
            ReplyCode::AccessRefused => 403,
            ReplyCode::NotFound => 404,
            ReplyCode::ResourceLocked => 405,
            ReplyCode::PreconditionFailed => 406,
            ReplyCode::CommandInvalid => 503,
            ReplyCode::ChannelError => 504,
            ReplyCode::NotAllowed => 530,
            ReplyCode::NotImplemented => 540,
        }
    }

    /// The constant's name in the AMQP 0-9-1 spec.
    pub fn name(self) -> &'static str {
        match self {
            ReplyCode::NoRoute => "NO_ROUTE",
            ReplyCode::AccessRefused => "ACCESS_REFUSED",
            ReplyCode::NotFound => "NOT_FOUND",
            ReplyCode::ResourceLocked => "RESOURCE_LOCKED",
            ReplyCode::PreconditionFailed => "PRECONDITION_FAILED",
            ReplyCode::CommandInvalid => "COMMAND_INVALID",
            ReplyCode::ChannelError => "CHANNEL_ERROR",
            ReplyCode::NotAllowed => "NOT_ALLOWED",
            ReplyCode::NotImplemented => "NOT_IMPLEMENTED",
        }
    }
}

/// What a real broker would close on this error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    Channel,
    Connection,
}

/// The kind of object an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ObjectKind {
    Exchange,
    Queue,
}

/// Which property of a declaration differs from the existing object
/// (`rabbit_misc:assert_field_equivalence/4`, `rabbit_amqqueue:assert_equivalence/5`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inequivalent {
    Type,
    Durable,
    AutoDelete,
    Internal,
    Exclusive,
    Argument(String),
}

/// What is wrong with one queue/exchange/binding argument
/// (`rabbit_amqqueue:check_*_arg`, `rabbit_exchange_type_headers:validate_binding/2`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArgProblem {
    /// The argument must be of another type.
    WrongType { expected: ValueKind, got: ValueKind },
    /// A negative number where a non-negative one is required.
    Negative(i64),
    /// Zero or negative where a positive number is required (`x-expires`).
    NotPositive(i64),
    /// Above the largest accepted value (`x-max-priority` > 255).
    TooLarge { value: i64, max: i64 },
    /// A string argument with an unknown value (`x-overflow`, `x-queue-type`, `x-match`).
    UnknownValue(String),
    /// Not supported for this queue type (e.g. `x-max-priority` on a quorum queue).
    UnsupportedForQueueType,
    /// `x-dead-letter-routing-key` without `x-dead-letter-exchange`.
    RequiresDeadLetterExchange,
}

/// A command the broker refused. Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    /// 404: no such exchange.
    ExchangeNotFound { name: String },
    /// 404: no such queue.
    QueueNotFound { name: String },
    /// 403: names starting with `amq.` are reserved (`rabbit_channel:check_name/2`).
    ReservedName { kind: ObjectKind, name: String },
    /// 403: the default exchange cannot be declared, deleted, bound or unbound
    /// (`rabbit_channel:check_not_default_exchange/1`).
    DefaultExchangeAccess,
    /// 403: publishing to an `internal` exchange (`rabbit_channel:check_internal_exchange/1`).
    InternalExchange { name: String },
    /// 406: redeclaring with different properties.
    Inequivalent {
        kind: ObjectKind,
        name: String,
        differs: Inequivalent,
    },
    /// 406: an invalid argument.
    InvalidArgument {
        kind: ObjectKind,
        name: String,
        argument: String,
        problem: ArgProblem,
    },
    /// 503: an exchange type that does not exist.
    UnknownExchangeType { name: String },
    /// 405: an exclusive queue used from another connection.
    ExclusiveQueueLocked { name: String },
    /// 406: delete with `if-unused` on an object in use.
    InUse { kind: ObjectKind, name: String },
    /// 406: delete with `if-empty` on a queue holding messages.
    NotEmpty { name: String },
    /// 406: a quorum queue must be durable, non-exclusive and not auto-delete
    /// (`rabbit_quorum_queue:declare/2`).
    QuorumQueueProperty { name: String },
    /// 504: the channel is not open.
    ChannelNotOpen { channel: u32 },
    /// 406: ack/nack/reject of a delivery tag the channel does not have outstanding.
    UnknownDeliveryTag { channel: u32, delivery_tag: u64 },
    /// 530: the consumer tag is already used on this channel.
    ConsumerTagInUse { tag: String },
    /// 404: cancel of an unknown consumer tag. (A real broker ignores it; we report it.)
    UnknownConsumerTag { tag: String },
    /// 403: the queue already has an exclusive consumer, or exclusive consume on a queue in use.
    ExclusiveConsumer { queue: String },
    /// 406: a per-message `expiration` that is not a non-negative integer string
    /// (`rabbit_basic:parse_expiration/1`).
    InvalidExpiration { value: String },
    /// 540: something AMQP allows that the model does not (e.g. `global` qos).
    NotImplemented { what: Unsupported },
    /// Our own limits (named constants in [`super::limits`]).
    LimitExceeded { what: Limit, limit: u64 },
}

/// Features AMQP has that the model refuses with 540.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unsupported {
    GlobalQos,
    ExchangeType,
}

/// Which of our own limits was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Limit {
    NameLength,
    Exchanges,
    Queues,
    Bindings,
    Channels,
    ConsumersPerChannel,
    MessageSize,
    MessagesStored,
    RoutingKeyLength,
    AdvanceMs,
    /// [`super::limits::MAX_STREAM_RATE`].
    StreamRate,
    /// [`super::limits::MAX_STREAM_MESSAGES_PER_COMMAND`].
    StreamMessages,
}

impl Error {
    pub fn reply_code(&self) -> ReplyCode {
        use Error::*;
        match self {
            ExchangeNotFound { .. } | QueueNotFound { .. } | UnknownConsumerTag { .. } => {
                ReplyCode::NotFound
            }
            ReservedName { .. }
            | DefaultExchangeAccess
            | InternalExchange { .. }
            | ExclusiveConsumer { .. } => ReplyCode::AccessRefused,
            Inequivalent { .. }
            | InvalidArgument { .. }
            | InUse { .. }
            | NotEmpty { .. }
            | QuorumQueueProperty { .. }
            | UnknownDeliveryTag { .. }
            | InvalidExpiration { .. } => ReplyCode::PreconditionFailed,
            UnknownExchangeType { .. } => ReplyCode::CommandInvalid,
            ExclusiveQueueLocked { .. } => ReplyCode::ResourceLocked,
            ChannelNotOpen { .. } => ReplyCode::ChannelError,
            ConsumerTagInUse { .. } => ReplyCode::NotAllowed,
            NotImplemented { .. } => ReplyCode::NotImplemented,
            LimitExceeded { .. } => ReplyCode::PreconditionFailed,
        }
    }

    /// The AMQP reply code, e.g. 404.
    pub fn code(&self) -> u16 {
        self.reply_code().code()
    }

    /// Whether RabbitMQ answers this with an exception that closes the channel the command came
    /// on (`rabbit_channel:handle_exception/2` sends `channel.close`, or `connection.close` for
    /// hard errors; in the model a channel is its connection's only channel, so both close
    /// it). Not: a channel that is not open (nothing to close), a `basic.cancel` of an unknown
    /// tag (RabbitMQ answers `cancel-ok` and carries on, `rabbit_channel:handle_method/3`
    /// for `basic.cancel`; the model only reports it), and what is the model's own refusal
    /// rather than RabbitMQ's (its limits, `global` qos).
    pub fn closes_channel(&self) -> bool {
        !matches!(
            self,
            Error::ChannelNotOpen { .. }
                | Error::UnknownConsumerTag { .. }
                | Error::LimitExceeded { .. }
                | Error::NotImplemented { .. }
        )
    }

    /// What a real broker would close: hard errors (503, 504, 530, 540) close the connection.
    pub fn scope(&self) -> Scope {
        match self.reply_code() {
            ReplyCode::CommandInvalid
            | ReplyCode::ChannelError
            | ReplyCode::NotAllowed
            | ReplyCode::NotImplemented => Scope::Connection,
            _ => Scope::Channel,
        }
    }
}

impl std::fmt::Display for Error {
    /// A terse developer form (`404 NOT_FOUND ExchangeNotFound { .. }`); the app words errors itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rc = self.reply_code();
        write!(f, "{} {} {:?}", rc.code(), rc.name(), self)
    }
}

impl std::error::Error for Error {}
