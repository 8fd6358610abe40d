//! The message broker model (RabbitMQ, AMQP 0-9-1): exchanges, bindings, queues, consumers,
//! acknowledgements and dead-lettering.
//!
//! A deterministic, sans-I/O state machine: [`Broker::apply`] takes a [`Command`] and returns
//! the [`Event`]s it caused (or a typed [`Error`], leaving the state untouched);
//! [`Broker::advance`]/[`Broker::tick`] move logical time. The broker is `Clone` (cheap
//! snapshots for time travel) and [`Broker::digest`] is identical on every platform.
//! Every routing decision carries the bindings that matched and why; [`Broker::audit`] proves
//! every published message is accounted for.
//!
//! Where RabbitMQ has an exact rule, this is that rule; each module cites its source in
//! `rabbitmq/rabbitmq-server` (`deps/rabbit/src/…`) or the docs at <https://www.rabbitmq.com/docs>.
//! Semantics follow RabbitMQ 4.0, and `cargo xtask rabbit-diff` checks them against a real
//! RabbitMQ 4.0.5; the differences it accepts are listed, with reasons, in its allow-list
//! (`tests/rabbit-diff/src/lib.rs`).

mod audit;
mod broker;
mod command;
mod consumer;
pub mod definitions;
mod digest;
mod error;
mod event;
mod exchange;
mod flow;
mod idmap;
pub mod limits;
mod message;
mod metrics;
mod persistence;
mod queue;
pub mod routing;
mod stream;
mod time;
pub mod value;
mod view;

pub use audit::{Audit, AuditProblem, DeadLetterLoss, Ledger};
pub use broker::{Broker, QueueStats};
pub use command::{
    AutoSettle, Behaviour, BindSpec, ChannelId, CloseCause, Command, ConsumeSpec, ExchangeSpec,
    PublishSpec, QueueSpec,
};
pub use consumer::{ConfirmReceipt, RECENT_CONFIRMS};
pub use digest::StableHasher;
pub use error::{
    ArgProblem, Error, Inequivalent, Limit, ObjectKind, ReplyCode, Scope, Unsupported,
};
pub use event::{
    DeadLetterOutcome, Event, ExchangeDeleteCause, QueueDeleteCause, RequeueCause, RestartLoss,
};
pub use exchange::{Binding, DestinationKind, Exchange, ExchangeKind, Name, PREDECLARED};
pub use message::{
    BadExpiration, Death, DeathReason, DeathSummary, DeliveryMode, MAX_EXPIRY_TIMER, Message,
    MsgId, Properties, Time, parse_expiration,
};
pub use metrics::{Metrics, QueueSample, Rates, Sample};
pub use queue::{DEFAULT_DELIVERY_LIMIT, Overflow, QueueArgs, QueueType};
pub use routing::{BindingMatch, Explain, MatchReason, RouteDecision};
pub use stream::{StreamSpec, StreamStop, StreamView, stream_body, stream_key};
pub use value::{FieldTable, FieldValue, ValueKind};
pub use view::{
    BindingView, ChannelView, ConsumerView, ExchangeView, MessageView, QueueView, UnackedView,
};
