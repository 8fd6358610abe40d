//! The broker: state, the `apply` entry point, and the topology commands (declare, delete, bind,
//! channels, consumers). Message flow lives in `flow.rs`, time in `time.rs`, restarts in
//! `persistence.rs`.

use super::audit::Ledger;
use super::command::{
    BindSpec, ChannelId, CloseCause, Command, ConsumeSpec, ExchangeSpec, QueueSpec,
};
use super::consumer::{ChannelState, ConsumerId, ConsumerState};
use super::error::{ArgProblem, Error, Inequivalent, Limit, ObjectKind, Unsupported};
use super::event::{Event, ExchangeDeleteCause, QueueDeleteCause, RequeueCause};
use super::exchange::{
    Binding, DestinationKind, Exchange, ExchangeKind, ExchangeState, Exchanges, Name, PREDECLARED,
    QueueId, Scratch, Target,
};
use super::idmap::IdMap;
use super::limits::*;
use super::message::{DeathReason, Time};
use super::metrics::Metrics;
use super::queue::{QueueArgs, QueueType, QueuedMessage, Store};
use super::routing::{Explain, headers};
use super::stream::{Stream, StreamStop};
use super::value::{FieldTable, FieldValue};
use crate::rng::{SimRng, seeded};
use rand::RngCore;
use std::collections::{BTreeMap, VecDeque};

/// Cumulative per-queue counters (for metrics and the UI).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct QueueStats {
    /// Copies that entered the queue.
    pub enqueued: u64,
    /// Deliveries (push and get), including redeliveries.
    pub delivered: u64,
    pub redelivered: u64,
    pub acked: u64,
    pub requeued: u64,
    /// Died here, by reason (whatever became of them).
    pub died: [u64; 4],
    /// Refused by `reject-publish(-dlx)`.
    pub refused: u64,
}

#[derive(Clone, Debug, Hash)]
pub(crate) struct QueueState {
    pub id: QueueId,
    pub name: Name,
    pub durable: bool,
    pub exclusive: Option<ChannelId>,
    pub auto_delete: bool,
    pub arguments: FieldTable,
    pub args: QueueArgs,
    pub store: Store,
    pub next_seq: u64,
    pub active: VecDeque<ConsumerId>,
    pub blocked: Vec<ConsumerId>,
    pub exclusive_consumer: bool,
    pub had_consumer: bool,
    pub unacked: u64,
    pub last_used: Time,
    pub stats: QueueStats,
}

impl QueueState {
    pub fn consumer_count(&self) -> usize {
        self.active.len() + self.blocked.len()
    }

    pub fn is_quorum(&self) -> bool {
        self.args.queue_type == QueueType::Quorum
    }
}

/// A message that died and waits for dead-lettering, with its queue's DLX settings at the time.
#[derive(Clone, Debug, Hash)]
pub(crate) struct PendingDeath {
    pub qm: QueuedMessage,
    pub reason: DeathReason,
    pub queue: Name,
    pub dlx: Option<String>,
    pub dl_routing_key: Option<String>,
}

/// The message broker: the one entry point of the RabbitMQ model.
///
/// ```
/// use engine::rabbit::*;
/// let mut b = Broker::new(7);
/// b.apply(Command::DeclareQueue(QueueSpec::new("orders"))).unwrap();
/// let ch = b.open_channel().unwrap();
/// b.apply(Command::Publish(PublishSpec::new(ch, "", "orders").body("pizza"))).unwrap();
/// assert_eq!(b.queue("orders").unwrap().ready, 1);
/// assert!(b.audit().holds());
/// ```
#[derive(Clone, Debug)]
pub struct Broker {
    pub(crate) now: Time,
    pub(crate) rng: SimRng,
    pub(crate) exchanges: Exchanges,
    pub(crate) queues: IdMap<QueueId, QueueState>,
    pub(crate) queue_ids: BTreeMap<String, QueueId>,
    pub(crate) channels: IdMap<ChannelId, ChannelState>,
    /// Open connections, named by the channel that opened each; one may have no channel left
    /// after a channel error.
    pub(crate) connections: std::collections::BTreeSet<ChannelId>,
    pub(crate) consumers: IdMap<ConsumerId, ConsumerState>,
    pub(crate) next_channel: u32,
    pub(crate) next_consumer: u64,
    pub(crate) next_msg: u64,
    pub(crate) next_queue: u32,
    pub(crate) ledger: Ledger,
    pub(crate) metrics: Metrics,
    pub(crate) explain: Explain,
    pub(crate) binding_count: usize,
    /// Dead letters waiting to be routed within the current command.
    pub(crate) dead: VecDeque<PendingDeath>,
    /// Queues to serve before the current command returns.
    pub(crate) pending: Pending,
    pub(crate) scratch: Scratch,
    /// What the last refused command caused ([`Broker::last_refusal`]).
    pub(crate) refusal: Vec<Event>,
    /// The steady stream, while it runs.
    pub(crate) stream: Option<Stream>,
    /// Messages the stream published so far (the next one's number).
    pub(crate) stream_sent: u64,
    /// Why the stream stopped itself ([`Broker::stream_error`]).
    pub(crate) stream_error: Option<Error>,
}

impl Default for Broker {
    fn default() -> Self {
        Broker::new(0)
    }
}

impl Broker {
    /// A fresh broker with the predeclared exchanges. `seed` drives generated names.
    pub fn new(seed: u64) -> Self {
        let mut b = Broker {
            now: 0,
            rng: seeded(seed),
            exchanges: Exchanges::default(),
            queues: IdMap::new(),
            queue_ids: BTreeMap::new(),
            channels: IdMap::new(),
            connections: std::collections::BTreeSet::new(),
            consumers: IdMap::new(),
            next_channel: 1,
            next_consumer: 1,
            next_msg: 1,
            next_queue: 1,
            ledger: Ledger::default(),
            metrics: Metrics::default(),
            explain: Explain::Full,
            binding_count: 0,
            dead: VecDeque::new(),
            pending: Pending::default(),
            scratch: Scratch::default(),
            refusal: Vec::new(),
            stream: None,
            stream_sent: 0,
            stream_error: None,
        };
        for (name, kind) in PREDECLARED {
            b.exchanges.insert(ExchangeState::new(Exchange {
                name: name.to_string(),
                kind,
                durable: true,
                auto_delete: false,
                internal: false,
                arguments: FieldTable::new(),
                predeclared: true,
            }));
        }
        b
    }

    /// Whether publishes record why each binding matched (default) or only the queues reached.
    pub fn set_explain(&mut self, explain: Explain) {
        self.explain = explain;
    }

    /// Logical time in ms.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Validates and applies one command. On error nothing changed, except that an exception
    /// on an open channel closes it, as RabbitMQ closes it ([`Error::closes_channel`]): see
    /// [`Broker::last_refusal`].
    pub fn apply(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        self.refusal.clear();
        let channel = command.channel();
        match self.apply_checked(command) {
            Ok(ev) => Ok(ev),
            Err(e) => {
                if let Some(ch) = channel
                    && e.closes_channel()
                    && self.channels.get(&ch).is_some()
                {
                    // `rabbit_channel:handle_exception/2` -> `notify_queues/1` and
                    // `rabbit_channel:terminate/2`: the queues get the unacked messages back
                    // (redelivered) and drop the channel's consumers.
                    let mut ev = Vec::new();
                    self.close_channel(ch, CloseCause::Error(e.reply_code()), &mut ev);
                    self.settle(&mut ev);
                    self.refusal = ev;
                }
                Err(e)
            }
        }
    }

    /// What the last refused command caused: empty when it changed nothing, else the closing
    /// of its channel (requeues, cancelled consumers, `ChannelClosed` with
    /// [`CloseCause::Error`]) and what followed (redeliveries to other consumers).
    pub fn last_refusal(&self) -> &[Event] {
        &self.refusal
    }

    fn apply_checked(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        // Sized by the command itself where it can tell (a publish, once routed); most others
        // yield one or two events.
        let mut ev = Vec::new();
        match command {
            Command::DeclareExchange(s) => self.declare_exchange(s, &mut ev)?,
            Command::DeleteExchange { name, if_unused } => {
                self.delete_exchange_cmd(&name, if_unused, &mut ev)?
            }
            Command::DeclareQueue(s) => self.declare_queue(s, &mut ev)?,
            Command::DeleteQueue {
                name,
                if_unused,
                if_empty,
            } => self.delete_queue_cmd(&name, if_unused, if_empty, &mut ev)?,
            Command::PurgeQueue { name } => self.purge(&name, &mut ev)?,
            Command::Bind(s) => self.bind(s, &mut ev)?,
            Command::Unbind(s) => self.unbind(s, &mut ev)?,
            Command::OpenChannel => {
                self.open_channel_ev(None, &mut ev)?;
            }
            Command::OpenChannelOn { connection } => {
                self.open_channel_ev(Some(connection), &mut ev)?;
            }
            Command::CloseConnection { connection } => {
                if !self.connections.contains(&connection) {
                    return Err(Error::ChannelNotOpen {
                        channel: connection.0,
                    });
                }
                self.close_connection(connection, CloseCause::Client, &mut ev);
            }
            Command::CloseChannel { channel, cause } => {
                self.channel(channel)?;
                self.close_channel(channel, cause, &mut ev);
            }
            Command::Qos {
                channel,
                prefetch_count,
                global,
            } => {
                if global {
                    return Err(Error::NotImplemented {
                        what: Unsupported::GlobalQos,
                    });
                }
                self.channel_mut(channel)?.prefetch = prefetch_count;
                ev.push(Event::QosSet {
                    channel,
                    prefetch_count,
                });
            }
            Command::ConfirmSelect { channel } => {
                self.channel_mut(channel)?.confirm = true;
                ev.push(Event::ConfirmsEnabled { channel });
            }
            Command::Publish(p) => self.publish(p, &mut ev)?,
            Command::Consume(s) => self.consume(s, &mut ev)?,
            Command::Cancel { channel, tag } => self.cancel(channel, &tag, &mut ev)?,
            Command::Ack {
                channel,
                delivery_tag,
                multiple,
            } => self.ack(channel, delivery_tag, multiple, &mut ev)?,
            Command::Nack {
                channel,
                delivery_tag,
                multiple,
                requeue,
            } => self.nack(
                channel,
                delivery_tag,
                multiple,
                requeue,
                RequeueCause::Nack,
                &mut ev,
            )?,
            Command::Reject {
                channel,
                delivery_tag,
                requeue,
            } => self.nack(
                channel,
                delivery_tag,
                false,
                requeue,
                RequeueCause::Reject,
                &mut ev,
            )?,
            Command::Get {
                channel,
                queue,
                auto_ack,
            } => self.get(channel, &queue, auto_ack, &mut ev)?,
            Command::Recover { channel } => {
                self.channel(channel)?;
                self.return_all(channel, RequeueCause::Recover, &mut ev);
            }
            Command::Restart => self.restart(&mut ev),
            Command::Advance { ms } => {
                if ms > MAX_ADVANCE_MS {
                    return Err(Error::LimitExceeded {
                        what: Limit::AdvanceMs,
                        limit: MAX_ADVANCE_MS,
                    });
                }
                self.check_stream_advance(ms)?;
                self.advance_time(ms, &mut ev)
            }
            Command::StartStream(spec) => self.start_stream(spec, &mut ev)?,
            Command::StopStream => self.stop_stream(StreamStop::Stopped, &mut ev),
        }
        self.settle(&mut ev);
        Ok(ev)
    }

    /// Advances logical time by [`TICK_MS`].
    pub fn tick(&mut self) -> Vec<Event> {
        self.advance(TICK_MS)
    }

    /// Advances logical time by `ms` (split into steps of at most [`MAX_ADVANCE_MS`]).
    pub fn advance(&mut self, ms: u64) -> Vec<Event> {
        let mut ev = Vec::new();
        let mut left = ms;
        loop {
            let step = left.min(MAX_ADVANCE_MS);
            self.advance_time(step, &mut ev);
            self.settle(&mut ev);
            left -= step;
            if left == 0 {
                break;
            }
        }
        ev
    }

    /// Opens a channel and returns its id.
    pub fn open_channel(&mut self) -> Result<ChannelId, Error> {
        let mut ev = Vec::new();
        self.open_channel_ev(None, &mut ev)
    }

    /// Opens a channel on `connection`, or on a new connection named by the new channel.
    fn open_channel_ev(
        &mut self,
        connection: Option<ChannelId>,
        ev: &mut Vec<Event>,
    ) -> Result<ChannelId, Error> {
        if let Some(c) = connection
            && !self.connections.contains(&c)
        {
            return Err(Error::ChannelNotOpen { channel: c.0 });
        }
        if self.channels.len() >= MAX_CHANNELS {
            return Err(Error::LimitExceeded {
                what: Limit::Channels,
                limit: MAX_CHANNELS as u64,
            });
        }
        let id = ChannelId(self.next_channel);
        self.next_channel += 1;
        let connection = connection.unwrap_or(id);
        self.connections.insert(connection);
        self.channels.insert(id, ChannelState::new(connection));
        ev.push(Event::ChannelOpened { channel: id });
        Ok(id)
    }

    // (A `match` rather than `ok_or(Error::…)`: that builds and drops an error on every call,
    // and these are on the path of every publish and ack.)
    pub(crate) fn channel(&self, id: ChannelId) -> Result<&ChannelState, Error> {
        match self.channels.get(&id) {
            Some(ch) => Ok(ch),
            None => Err(Error::ChannelNotOpen { channel: id.0 }),
        }
    }

    pub(crate) fn channel_mut(&mut self, id: ChannelId) -> Result<&mut ChannelState, Error> {
        match self.channels.get_mut(&id) {
            Some(ch) => Ok(ch),
            None => Err(Error::ChannelNotOpen { channel: id.0 }),
        }
    }

    pub(crate) fn qid(&self, name: &str) -> Option<QueueId> {
        self.queue_ids.get(name).copied()
    }

    pub(crate) fn queue_named(&self, name: &str) -> Option<&QueueState> {
        self.queues.get(&self.qid(name)?)
    }

    /// `amq.gen-…` / `amq.ctag-…`: a prefix and 16 random bytes in base64url, as
    /// `rabbit_guid:binary/2` makes them.
    pub(crate) fn generated_name(&mut self, prefix: &str) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bytes = [0u8; 16];
        self.rng.fill_bytes(&mut bytes);
        let mut s = String::from(prefix);
        s.push('-');
        let mut acc: u32 = 0;
        let mut bits = 0;
        for b in bytes {
            acc = (acc << 8) | b as u32;
            bits += 8;
            while bits >= 6 {
                bits -= 6;
                s.push(A[((acc >> bits) & 63) as usize] as char);
            }
        }
        if bits > 0 {
            s.push(A[((acc << (6 - bits)) & 63) as usize] as char);
        }
        s
    }

    // ---------------------------------------------------------------- exchanges

    fn declare_exchange(&mut self, s: ExchangeSpec, ev: &mut Vec<Event>) -> Result<(), Error> {
        if s.name.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        check_name(&s.name)?;
        if let Some(x) = self.exchanges.get(&s.name) {
            if !s.passive {
                if x.def.predeclared {
                    return Err(Error::ReservedName {
                        kind: ObjectKind::Exchange,
                        name: s.name,
                    });
                }
                let differs = if x.def.kind != s.kind {
                    Some(Inequivalent::Type)
                } else if x.def.durable != s.durable {
                    Some(Inequivalent::Durable)
                } else if x.def.auto_delete != s.auto_delete {
                    Some(Inequivalent::AutoDelete)
                } else if x.def.internal != s.internal {
                    Some(Inequivalent::Internal)
                } else if x.def.arguments.get("alternate-exchange")
                    != s.arguments.get("alternate-exchange")
                {
                    Some(Inequivalent::Argument("alternate-exchange".into()))
                } else {
                    None
                };
                if let Some(differs) = differs {
                    return Err(Error::Inequivalent {
                        kind: ObjectKind::Exchange,
                        name: s.name,
                        differs,
                    });
                }
            }
            ev.push(Event::ExchangeDeclared {
                name: s.name,
                created: false,
            });
            return Ok(());
        }
        if s.passive {
            return Err(Error::ExchangeNotFound { name: s.name });
        }
        if s.name.starts_with("amq.") {
            return Err(Error::ReservedName {
                kind: ObjectKind::Exchange,
                name: s.name,
            });
        }
        if let Some(v) = s.arguments.get("alternate-exchange")
            && v.as_str().is_none()
        {
            return Err(Error::InvalidArgument {
                kind: ObjectKind::Exchange,
                name: s.name,
                argument: "alternate-exchange".into(),
                problem: ArgProblem::WrongType {
                    expected: super::value::ValueKind::Str,
                    got: v.kind(),
                },
            });
        }
        if self.exchanges.len() >= MAX_EXCHANGES {
            return Err(Error::LimitExceeded {
                what: Limit::Exchanges,
                limit: MAX_EXCHANGES as u64,
            });
        }
        let def = Exchange {
            name: s.name.clone(),
            kind: s.kind,
            durable: s.durable,
            auto_delete: s.auto_delete,
            internal: s.internal,
            arguments: s.arguments,
            predeclared: false,
        };
        self.exchanges.insert(ExchangeState::new(def));
        ev.push(Event::ExchangeDeclared {
            name: s.name,
            created: true,
        });
        Ok(())
    }

    fn delete_exchange_cmd(
        &mut self,
        name: &str,
        if_unused: bool,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if name.is_empty() {
            return Err(Error::DefaultExchangeAccess);
        }
        let x = self
            .exchanges
            .get(name)
            .ok_or_else(|| Error::ExchangeNotFound { name: name.into() })?;
        if x.def.predeclared {
            return Err(Error::ReservedName {
                kind: ObjectKind::Exchange,
                name: name.into(),
            });
        }
        if if_unused && !x.bindings.is_empty() {
            return Err(Error::InUse {
                kind: ObjectKind::Exchange,
                name: name.into(),
            });
        }
        self.delete_exchange(name, ExchangeDeleteCause::Client, ev);
        Ok(())
    }

    /// Deletes an exchange, its bindings both ways, and auto-deletes what that empties.
    pub(crate) fn delete_exchange(
        &mut self,
        name: &str,
        cause: ExchangeDeleteCause,
        ev: &mut Vec<Event>,
    ) {
        let Some(x) = self.exchanges.remove(name) else {
            return;
        };
        self.binding_count -= x.bindings.len();
        for b in &x.bindings {
            ev.push(Event::Unbound {
                source: name.into(),
                destination: b.destination.clone(),
                routing_key: b.routing_key.clone(),
            });
        }
        ev.push(Event::ExchangeDeleted {
            name: name.into(),
            cause,
        });
        self.remove_bindings_to(DestinationKind::Exchange, name, ev);
    }

    /// Removes every binding to a destination; sources that were `auto-delete` and lost their
    /// last binding go too (`rabbit_binding:remove_for_destination/2` + `maybe_auto_delete`).
    pub(crate) fn remove_bindings_to(
        &mut self,
        kind: DestinationKind,
        dest: &str,
        ev: &mut Vec<Event>,
    ) {
        let mut emptied = Vec::new();
        for x in self.exchanges.values_mut() {
            let xname = x.def.name.clone();
            let gone = x.remove_bindings_to(kind, dest);
            if gone.is_empty() {
                continue;
            }
            self.binding_count -= gone.len();
            for b in gone {
                ev.push(Event::Unbound {
                    source: xname.clone(),
                    destination: b.destination,
                    routing_key: b.routing_key,
                });
            }
            if x.def.auto_delete && x.bindings.is_empty() {
                emptied.push(xname);
            }
        }
        for x in emptied {
            self.delete_exchange(&x, ExchangeDeleteCause::AutoDelete, ev);
        }
    }

    // ---------------------------------------------------------------- bindings

    fn check_binding(&self, s: &BindSpec) -> Result<(), Error> {
        if s.source.is_empty()
            || (s.destination_kind == DestinationKind::Exchange && s.destination.is_empty())
        {
            return Err(Error::DefaultExchangeAccess);
        }
        if s.routing_key.len() > MAX_ROUTING_KEY_LEN {
            return Err(Error::LimitExceeded {
                what: Limit::RoutingKeyLength,
                limit: MAX_ROUTING_KEY_LEN as u64,
            });
        }
        let x = self
            .exchanges
            .get(&s.source)
            .ok_or_else(|| Error::ExchangeNotFound {
                name: s.source.clone(),
            })?;
        match s.destination_kind {
            DestinationKind::Queue => {
                if self.qid(&s.destination).is_none() {
                    return Err(Error::QueueNotFound {
                        name: s.destination.clone(),
                    });
                }
            }
            DestinationKind::Exchange => {
                if !self.exchanges.contains_key(&s.destination) {
                    return Err(Error::ExchangeNotFound {
                        name: s.destination.clone(),
                    });
                }
            }
        }
        if x.def.kind == ExchangeKind::Headers {
            headers::validate_binding(&s.arguments).map_err(|p| Error::InvalidArgument {
                kind: ObjectKind::Exchange,
                name: s.source.clone(),
                argument: "x-match".into(),
                problem: match p {
                    headers::BindingProblem::UnknownXMatch(v) => ArgProblem::UnknownValue(v),
                    headers::BindingProblem::XMatchNotAString => ArgProblem::WrongType {
                        expected: super::value::ValueKind::Str,
                        got: s
                            .arguments
                            .get("x-match")
                            .map(FieldValue::kind)
                            .unwrap_or(super::value::ValueKind::Void),
                    },
                },
            })?;
        }
        Ok(())
    }

    fn bind(&mut self, s: BindSpec, ev: &mut Vec<Event>) -> Result<(), Error> {
        self.check_binding(&s)?;
        if self.binding_count >= MAX_BINDINGS {
            return Err(Error::LimitExceeded {
                what: Limit::Bindings,
                limit: MAX_BINDINGS as u64,
            });
        }
        let target = match s.destination_kind {
            DestinationKind::Queue => {
                let id = self.qid(&s.destination).expect("checked");
                Target::Queue(id, self.queues[&id].name.clone())
            }
            DestinationKind::Exchange => Target::Exchange(Name::from(s.destination.as_str())),
        };
        let b = Binding {
            destination: s.destination.clone(),
            destination_kind: s.destination_kind,
            routing_key: s.routing_key.clone(),
            arguments: s.arguments,
        };
        let x = self.exchanges.get_mut(&s.source).expect("checked");
        if x.add_binding(b, target) {
            self.binding_count += 1;
        }
        ev.push(Event::Bound {
            source: s.source,
            destination: s.destination,
            routing_key: s.routing_key,
        });
        Ok(())
    }

    /// `queue.unbind`/`exchange.unbind`. Unbinding what is not bound is `unbind-ok`, even when
    /// the queue or exchange is gone (RabbitMQ 4.0, `rabbit_db_binding:delete/2` looks the
    /// binding up first and answers `ok` when there is none, before it looks for the source and
    /// destination; found by the differential run, an auto-delete queue its consumer took away).
    fn unbind(&mut self, s: BindSpec, ev: &mut Vec<Event>) -> Result<(), Error> {
        if s.source.is_empty()
            || (s.destination_kind == DestinationKind::Exchange && s.destination.is_empty())
        {
            return Err(Error::DefaultExchangeAccess);
        }
        if s.routing_key.len() > MAX_ROUTING_KEY_LEN {
            return Err(Error::LimitExceeded {
                what: Limit::RoutingKeyLength,
                limit: MAX_ROUTING_KEY_LEN as u64,
            });
        }
        let b = Binding {
            destination: s.destination.clone(),
            destination_kind: s.destination_kind,
            routing_key: s.routing_key.clone(),
            arguments: s.arguments,
        };
        let Some(x) = self.exchanges.get_mut(&s.source) else {
            return Ok(());
        };
        if x.remove_binding(&b) {
            self.binding_count -= 1;
            ev.push(Event::Unbound {
                source: s.source.clone(),
                destination: s.destination,
                routing_key: s.routing_key,
            });
            if x.def.auto_delete && x.bindings.is_empty() {
                self.delete_exchange(&s.source, ExchangeDeleteCause::AutoDelete, ev);
            }
        }
        Ok(())
    }

    // ---------------------------------------------------------------- queues

    fn declare_queue(&mut self, mut s: QueueSpec, ev: &mut Vec<Event>) -> Result<(), Error> {
        // Exclusive to the declaring channel's connection.
        if let Some(ch) = s.exclusive {
            s.exclusive = Some(self.channel(ch)?.connection);
        }
        if !s.name.is_empty() {
            check_name(&s.name)?;
        }
        if let Some(q) = self
            .queue_ids
            .get(&s.name)
            .and_then(|id| self.queues.get_mut(id))
        {
            if let Some(owner) = q.exclusive
                && s.exclusive != Some(owner)
            {
                return Err(Error::ExclusiveQueueLocked { name: s.name });
            }
            if !s.passive {
                let differs = if q.durable != s.durable {
                    Some(Inequivalent::Durable)
                } else if q.auto_delete != s.auto_delete {
                    Some(Inequivalent::AutoDelete)
                } else if q.exclusive.is_some() != s.exclusive.is_some() {
                    Some(Inequivalent::Exclusive)
                } else {
                    EQUIVALENCE_ARGS
                        .iter()
                        .find(|k| q.arguments.get(**k) != s.arguments.get(**k))
                        .map(|k| Inequivalent::Argument(k.to_string()))
                };
                if let Some(differs) = differs {
                    return Err(Error::Inequivalent {
                        kind: ObjectKind::Queue,
                        name: s.name,
                        differs,
                    });
                }
            }
            q.last_used = self.now;
            ev.push(Event::QueueDeclared {
                name: s.name,
                created: false,
                messages: q.store.len(),
                consumers: q.consumer_count() as u64,
            });
            return Ok(());
        }
        if s.passive {
            return Err(Error::QueueNotFound { name: s.name });
        }
        if s.name.starts_with("amq.") {
            return Err(Error::ReservedName {
                kind: ObjectKind::Queue,
                name: s.name,
            });
        }
        if s.name.is_empty() {
            s.name = self.generated_name("amq.gen");
        }
        let args = QueueArgs::parse(&s.name, &s.arguments)?;
        if args.queue_type == QueueType::Quorum
            && (!s.durable || s.exclusive.is_some() || s.auto_delete)
        {
            return Err(Error::QuorumQueueProperty { name: s.name });
        }
        if self.queues.len() >= MAX_QUEUES {
            return Err(Error::LimitExceeded {
                what: Limit::Queues,
                limit: MAX_QUEUES as u64,
            });
        }
        let id = QueueId(self.next_queue);
        self.next_queue += 1;
        let q = QueueState {
            id,
            name: Name::from(s.name.as_str()),
            durable: s.durable,
            exclusive: s.exclusive,
            auto_delete: s.auto_delete,
            arguments: s.arguments,
            store: if args.queue_type == QueueType::Quorum {
                Store::quorum()
            } else {
                Store::new(args.max_priority)
            },
            args,
            next_seq: 0,
            active: VecDeque::new(),
            blocked: Vec::new(),
            exclusive_consumer: false,
            had_consumer: false,
            unacked: 0,
            last_used: self.now,
            stats: QueueStats::default(),
        };
        self.queues.insert(id, q);
        self.queue_ids.insert(s.name.clone(), id);
        ev.push(Event::QueueDeclared {
            name: s.name,
            created: true,
            messages: 0,
            consumers: 0,
        });
        Ok(())
    }

    fn delete_queue_cmd(
        &mut self,
        name: &str,
        if_unused: bool,
        if_empty: bool,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let q = self
            .queue_named(name)
            .ok_or_else(|| Error::QueueNotFound { name: name.into() })?;
        if if_unused && q.consumer_count() > 0 {
            return Err(Error::InUse {
                kind: ObjectKind::Queue,
                name: name.into(),
            });
        }
        if if_empty && !q.store.is_empty() {
            return Err(Error::NotEmpty { name: name.into() });
        }
        let id = q.id;
        self.delete_queue(id, QueueDeleteCause::Client, ev);
        Ok(())
    }

    /// Deletes a queue: its consumers are cancelled by the broker, its ready messages and any
    /// still-unacked deliveries go with it, its bindings are removed.
    pub(crate) fn delete_queue(
        &mut self,
        id: QueueId,
        cause: QueueDeleteCause,
        ev: &mut Vec<Event>,
    ) {
        let Some(mut q) = self.queues.remove(&id) else {
            return;
        };
        self.queue_ids.remove(&*q.name);
        let ids: Vec<ConsumerId> = q.active.iter().chain(q.blocked.iter()).copied().collect();
        for cid in ids {
            if let Some(c) = self.consumers.remove(&cid) {
                if let Some(ch) = self.channels.get_mut(&c.channel) {
                    ch.consumers.remove(&*c.tag);
                }
                ev.push(Event::ConsumerCancelled {
                    channel: c.channel,
                    tag: c.tag,
                    queue: q.name.clone(),
                    by_broker: true,
                });
            }
        }
        let ready = q.store.drain();
        let n = ready.len() as u64;
        if cause != QueueDeleteCause::Restart {
            self.ledger.deleted_with_queue += n;
        }
        for ch in self.channels.values_mut() {
            for u in ch.iter_mut() {
                if u.queue == id && !u.orphan {
                    u.orphan = true;
                    self.ledger.deleted_with_queue += 1;
                }
            }
        }
        self.pending.remove(id);
        ev.push(Event::QueueDeleted {
            name: q.name.to_string(),
            cause,
            messages: n,
        });
        self.remove_bindings_to(DestinationKind::Queue, &q.name, ev);
    }

    fn purge(&mut self, name: &str, ev: &mut Vec<Event>) -> Result<(), Error> {
        let id = self
            .qid(name)
            .ok_or_else(|| Error::QueueNotFound { name: name.into() })?;
        let q = self.queues.get_mut(&id).expect("indexed");
        let n = q.store.drain().len() as u64;
        self.ledger.purged += n;
        ev.push(Event::QueuePurged {
            name: name.into(),
            messages: n,
        });
        Ok(())
    }

    /// Checks that `channel` may use queue `name`: an exclusive queue only from the connection
    /// that owns it, else 405 RESOURCE_LOCKED (`rabbit_amqqueue:check_exclusive_access/2`).
    pub(crate) fn check_queue_access(
        &self,
        channel: ChannelId,
        name: &str,
    ) -> Result<QueueId, Error> {
        let q = self
            .queue_named(name)
            .ok_or_else(|| Error::QueueNotFound { name: name.into() })?;
        let connection = self.channels.get(&channel).map(|c| c.connection);
        match q.exclusive {
            Some(owner) if Some(owner) != connection => {
                Err(Error::ExclusiveQueueLocked { name: name.into() })
            }
            _ => Ok(q.id),
        }
    }

    // ---------------------------------------------------------------- consumers

    fn consume(&mut self, s: ConsumeSpec, ev: &mut Vec<Event>) -> Result<(), Error> {
        let prefetch = self.channel(s.channel)?.prefetch;
        let qid = self.check_queue_access(s.channel, &s.queue)?;
        let ch = self.channel(s.channel)?;
        if !s.tag.is_empty() {
            check_name(&s.tag)?;
            if ch.consumers.contains_key(&s.tag) {
                return Err(Error::ConsumerTagInUse { tag: s.tag });
            }
        }
        if ch.consumers.len() >= MAX_CONSUMERS_PER_CHANNEL {
            return Err(Error::LimitExceeded {
                what: Limit::ConsumersPerChannel,
                limit: MAX_CONSUMERS_PER_CHANNEL as u64,
            });
        }
        let q = &self.queues[&qid];
        if q.exclusive_consumer || (s.exclusive && q.consumer_count() > 0) {
            return Err(Error::ExclusiveConsumer { queue: s.queue });
        }
        let tag: Name = if s.tag.is_empty() {
            self.generated_name("amq.ctag").into()
        } else {
            s.tag.into()
        };
        let id = ConsumerId(self.next_consumer);
        self.next_consumer += 1;
        self.consumers.insert(
            id,
            ConsumerState {
                tag: tag.clone(),
                channel: s.channel,
                queue: qid,
                prefetch,
                auto_ack: s.auto_ack,
                exclusive: s.exclusive,
                unacked: 0,
                delivered: 0,
                behaviour: s.behaviour,
            },
        );
        self.channels
            .get_mut(&s.channel)
            .expect("checked")
            .consumers
            .insert(tag.to_string(), id);
        let q = self.queues.get_mut(&qid).expect("checked");
        q.active.push_back(id);
        q.had_consumer = true;
        q.exclusive_consumer = s.exclusive;
        q.last_used = self.now;
        ev.push(Event::ConsumerStarted {
            channel: s.channel,
            tag,
            queue: q.name.clone(),
            prefetch,
        });
        self.pending.insert(qid);
        Ok(())
    }

    fn cancel(&mut self, channel: ChannelId, tag: &str, ev: &mut Vec<Event>) -> Result<(), Error> {
        let id = *self
            .channel(channel)?
            .consumers
            .get(tag)
            .ok_or_else(|| Error::UnknownConsumerTag { tag: tag.into() })?;
        self.remove_consumer(id, false, ev);
        Ok(())
    }

    /// Detaches a consumer from its queue and channel; auto-deletes the queue if it was the last.
    pub(crate) fn remove_consumer(&mut self, id: ConsumerId, by_broker: bool, ev: &mut Vec<Event>) {
        let Some(c) = self.consumers.remove(&id) else {
            return;
        };
        if let Some(ch) = self.channels.get_mut(&c.channel) {
            ch.consumers.remove(&*c.tag);
        }
        let mut auto_delete = false;
        let mut qname = Name::from("");
        if let Some(q) = self.queues.get_mut(&c.queue) {
            qname = q.name.clone();
            q.active.retain(|x| *x != id);
            q.blocked.retain(|x| *x != id);
            if c.exclusive {
                q.exclusive_consumer = false;
            }
            q.last_used = self.now;
            auto_delete = q.auto_delete && q.had_consumer && q.consumer_count() == 0;
        }
        ev.push(Event::ConsumerCancelled {
            channel: c.channel,
            tag: c.tag,
            queue: qname,
            by_broker,
        });
        if auto_delete {
            self.delete_queue(c.queue, QueueDeleteCause::AutoDelete, ev);
        }
    }

    /// Closes a channel: its unacked deliveries return to their queues (redelivered) and its
    /// consumers go. What becomes of its connection depends on why: a channel error closes
    /// the channel only (`rabbit_channel:handle_exception/2` sends `channel.close`; the
    /// connection and its exclusive queues stay); a crash or a restart takes the whole
    /// connection; a client's `channel.close` of its connection's last channel is, in this
    /// model, the client closing its connection too.
    pub(crate) fn close_channel(
        &mut self,
        channel: ChannelId,
        cause: CloseCause,
        ev: &mut Vec<Event>,
    ) {
        let Some(connection) = self.channels.get(&channel).map(|c| c.connection) else {
            return;
        };
        self.close_channel_only(channel, cause, ev);
        let last = !self.channels.values().any(|c| c.connection == connection);
        match cause {
            // Every error a command on a channel can meet in the model is a soft one, which
            // closes the channel only (hard ones, 503/504/530/540, come from declarations,
            // which name no channel here, or are not modelled).
            CloseCause::Error(_) => {}
            CloseCause::Client if !last => {}
            _ => self.close_connection(connection, cause, ev),
        }
    }

    /// Closes a connection: its channels (for `cause`), then the queues exclusive to it.
    pub(crate) fn close_connection(
        &mut self,
        connection: ChannelId,
        cause: CloseCause,
        ev: &mut Vec<Event>,
    ) {
        let channels: Vec<ChannelId> = self
            .channels
            .keys()
            .copied()
            .filter(|id| {
                self.channels
                    .get(id)
                    .is_some_and(|c| c.connection == connection)
            })
            .collect();
        for ch in channels {
            self.close_channel_only(ch, cause, ev);
        }
        self.connections.remove(&connection);
        let owned: Vec<QueueId> = self
            .queues
            .values()
            .filter(|q| q.exclusive == Some(connection))
            .map(|q| q.id)
            .collect();
        if cause != CloseCause::BrokerRestart {
            for q in owned {
                self.delete_queue(q, QueueDeleteCause::OwnerClosed, ev);
            }
        }
    }

    fn close_channel_only(&mut self, channel: ChannelId, cause: CloseCause, ev: &mut Vec<Event>) {
        let Some(ch) = self.channels.get(&channel) else {
            return;
        };
        let ids: Vec<ConsumerId> = ch.consumers.values().copied().collect();
        // Consumers first (so returned messages are not re-sent to them), but auto-delete
        // waits until the messages are back.
        for id in &ids {
            if let Some(c) = self.consumers.get(id)
                && let Some(q) = self.queues.get_mut(&c.queue)
            {
                q.active.retain(|x| x != id);
                q.blocked.retain(|x| x != id);
                if c.exclusive {
                    q.exclusive_consumer = false;
                }
            }
        }
        self.return_all(channel, RequeueCause::ChannelClosed(cause), ev);
        for id in ids {
            if let Some(c) = self.consumers.remove(&id) {
                let auto_delete = self
                    .queues
                    .get(&c.queue)
                    .is_some_and(|q| q.auto_delete && q.had_consumer && q.consumer_count() == 0);
                if auto_delete {
                    self.delete_queue(c.queue, QueueDeleteCause::AutoDelete, ev);
                }
            }
        }
        self.channels.remove(&channel);
        ev.push(Event::ChannelClosed { channel, cause });
    }
}

/// Queues to serve before a command returns: a small set, served lowest id first. (A `Vec`
/// rather than a `BTreeSet` so the hot path of an ack allocates nothing.)
#[derive(Clone, Debug, Default)]
pub(crate) struct Pending(Vec<QueueId>);

impl Pending {
    pub fn insert(&mut self, q: QueueId) {
        if !self.0.contains(&q) {
            self.0.push(q);
        }
    }

    pub fn remove(&mut self, q: QueueId) {
        self.0.retain(|x| *x != q);
    }

    pub fn pop_first(&mut self) -> Option<QueueId> {
        let (i, _) = self.0.iter().enumerate().min_by_key(|(_, q)| **q)?;
        Some(self.0.swap_remove(i))
    }
}

/// The arguments compared when a queue is declared again (`rabbit_amqqueue:declare_args/0`).
const EQUIVALENCE_ARGS: [&str; 10] = [
    "x-expires",
    "x-message-ttl",
    "x-dead-letter-exchange",
    "x-dead-letter-routing-key",
    "x-max-length",
    "x-max-length-bytes",
    "x-max-priority",
    "x-overflow",
    "x-queue-type",
    "x-delivery-limit",
];

/// Names are AMQP short strings (at most 255 bytes).
fn check_name(name: &str) -> Result<(), Error> {
    if name.len() > MAX_NAME_LEN {
        return Err(Error::LimitExceeded {
            what: Limit::NameLength,
            limit: MAX_NAME_LEN as u64,
        });
    }
    Ok(())
}
