//! Runs a scenario against a real RabbitMQ over AMQP 0-9-1 (the blocking `amiquip` client) and
//! records what the client observes.
//!
//! Asynchrony on the server is made deterministic the way a careful client would:
//! * every publish waits for its publisher confirm; a `basic.return` precedes the confirm of
//!   its message on the channel (<https://www.rabbitmq.com/docs/confirms#when-publishes-are-confirmed>);
//! * dead-lettering is asynchronous (the dead-lettering queue republishes), so before every
//!   read the client passes a barrier: passive `queue.declare` of every queue, three times, each
//!   a synchronous call into the queue process after the ones that fed it;
//! * a consumer step reads as many deliveries as the model made (waiting up to seconds), then
//!   counts any further ones that arrive within a short grace period, and closes its channel;
//! * a consumer pauses briefly after every settlement other than an ack: the model applies
//!   commands one at a time, while the server's queue process serves a pipelined ack before
//!   an earlier nack/reject (gen_server2 priorities in `rabbit_amqqueue_process`), which
//!   changes the order of redeliveries (found by this harness, seed 555).

use crate::model::{queue_arguments, xname};
use crate::obs::{Msg, Obs, Out, Val, normal_headers, unprefix};
use crate::scenario::{HVal, Kind, Scenario, Settle, Step};
use amiquip::{
    AmqpProperties, AmqpValue, Auth, Channel, Confirm, Connection, ConnectionOptions,
    ConnectionTuning, ConsumerMessage, ConsumerOptions, Delivery, ExchangeDeclareOptions,
    ExchangeType, FieldTable, Publish, QueueDeclareOptions, QueueDeleteOptions, Return,
};
use crossbeam_channel::Receiver;
use engine::rabbit::FieldValue;
use std::collections::BTreeMap;
use std::time::Duration;

/// How long to wait for a confirm or a delivery the model says will come.
const PATIENCE: Duration = Duration::from_secs(3);
/// How long dead-lettering (the dying queue republishes, asynchronously) gets before the next
/// read or publish.
const SETTLE: Duration = Duration::from_millis(3);
/// The same when a quorum queue may receive dead letters.
const QUORUM_SETTLE: Duration = Duration::from_millis(40);
/// How long to wait for deliveries beyond those the model made.
const GRACE: Duration = Duration::from_millis(15);

fn amqp(v: &FieldValue) -> AmqpValue {
    match v {
        FieldValue::Void => AmqpValue::Void,
        FieldValue::Bool(b) => AmqpValue::Boolean(*b),
        FieldValue::Int(i) => AmqpValue::LongLongInt(*i),
        FieldValue::Float(f) => AmqpValue::Double(*f),
        FieldValue::Str(s) => AmqpValue::LongString(s.clone()),
        FieldValue::Timestamp(t) => AmqpValue::Timestamp(*t),
        FieldValue::Array(a) => AmqpValue::FieldArray(a.iter().map(amqp).collect()),
        FieldValue::Table(t) => AmqpValue::FieldTable(amqp_table_of(t)),
    }
}

fn amqp_table_of(t: &engine::rabbit::FieldTable) -> FieldTable {
    t.iter().map(|(k, v)| (k.clone(), amqp(v))).collect()
}

fn hval(v: &HVal) -> AmqpValue {
    match v {
        HVal::Str(s) => AmqpValue::LongString(s.clone()),
        // A client picks the width; `long` (I) is what most do for small numbers.
        HVal::Int { v, wide: false } => AmqpValue::LongInt(*v as i32),
        HVal::Int { v, wide: true } => AmqpValue::LongLongInt(*v),
        HVal::Float(b) => AmqpValue::Double(f64::from_bits(*b)),
        HVal::Void => AmqpValue::Void,
    }
}

fn amqp_table(args: &[(String, HVal)]) -> FieldTable {
    args.iter().map(|(k, v)| (k.clone(), hval(v))).collect()
}

pub fn val(v: &AmqpValue) -> Val {
    match v {
        AmqpValue::Boolean(b) => Val::Bool(*b),
        AmqpValue::ShortShortInt(i) => Val::Int((*i).into()),
        AmqpValue::ShortShortUInt(i) => Val::Int((*i).into()),
        AmqpValue::ShortInt(i) => Val::Int((*i).into()),
        AmqpValue::ShortUInt(i) => Val::Int((*i).into()),
        AmqpValue::LongInt(i) => Val::Int((*i).into()),
        AmqpValue::LongUInt(i) => Val::Int((*i).into()),
        AmqpValue::LongLongInt(i) => Val::Int(*i),
        AmqpValue::Float(f) => Val::Float(f64::from(*f).to_bits()),
        AmqpValue::Double(f) => Val::Float(f.to_bits()),
        AmqpValue::DecimalValue(d) => Val::Str(format!("decimal {}e-{}", d.value, d.scale)),
        AmqpValue::LongString(s) => Val::Str(s.clone()),
        AmqpValue::FieldArray(a) => Val::Arr(a.iter().map(val).collect()),
        AmqpValue::Timestamp(t) => Val::Timestamp(*t),
        AmqpValue::FieldTable(t) => {
            Val::Table(t.iter().map(|(k, v)| (k.clone(), val(v))).collect())
        }
        AmqpValue::ByteArray(b) => Val::Str(String::from_utf8_lossy(b).into_owned()),
        AmqpValue::Void => Val::Void,
    }
}

fn msg(prefix: &str, d: &Delivery) -> Msg {
    let p = &d.properties;
    let headers: BTreeMap<String, Val> = p
        .headers()
        .as_ref()
        .map(|h| h.iter().map(|(k, v)| (k.clone(), val(v))).collect())
        .unwrap_or_default();
    Msg {
        body: String::from_utf8_lossy(&d.body).into_owned(),
        redelivered: d.redelivered,
        exchange: unprefix(prefix, &d.exchange),
        routing_key: unprefix(prefix, &d.routing_key),
        priority: *p.priority(),
        expiration: p.expiration().clone(),
        persistent: *p.delivery_mode() == Some(2),
        headers: normal_headers(prefix, headers),
    }
}

/// The reply code of a channel or connection error; other failures are the harness's own.
fn code(e: amiquip::Error) -> Result<u16, String> {
    match e {
        amiquip::Error::ServerClosedChannel { code, .. } => Ok(code),
        amiquip::Error::ServerClosedConnection { code, .. } => Ok(code),
        e => Err(format!("AMQP client: {e}")),
    }
}

/// A connection to the server with the main channel (publisher confirms on, returns listened).
pub struct Server {
    port: u16,
    conn: Connection,
    main: Channel,
    returns: Receiver<Return>,
    confirms: Receiver<Confirm>,
}

impl Server {
    pub fn connect(port: u16) -> Result<Server, String> {
        let mut conn = Self::open(port)?;
        let (main, returns, confirms) = Self::channel(&mut conn)?;
        Ok(Server {
            port,
            conn,
            main,
            returns,
            confirms,
        })
    }

    /// A connection with `TCP_NODELAY`: without it, a synchronous call right after an
    /// asynchronous one (an ack, then a `basic.get`) waits ~40 ms for Nagle's algorithm and the
    /// server's delayed ACK, and TTLs of a few hundred ms would run out mid-script.
    fn open(port: u16) -> Result<Connection, String> {
        let tcp = std::net::TcpStream::connect(("127.0.0.1", port))
            .map_err(|e| format!("connect to 127.0.0.1:{port}: {e}"))?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        let stream = mio::net::TcpStream::from_stream(tcp).map_err(|e| e.to_string())?;
        Connection::insecure_open_stream(
            stream,
            ConnectionOptions::<Auth>::default(),
            ConnectionTuning::default(),
        )
        .map_err(|e| format!("AMQP connection to 127.0.0.1:{port}: {e}"))
    }

    #[allow(clippy::type_complexity)]
    fn channel(
        conn: &mut Connection,
    ) -> Result<(Channel, Receiver<Return>, Receiver<Confirm>), String> {
        let main = conn
            .open_channel(None)
            .map_err(|e| format!("channel: {e}"))?;
        let returns = main.listen_for_returns().map_err(|e| e.to_string())?;
        let confirms = main
            .listen_for_publisher_confirms()
            .map_err(|e| e.to_string())?;
        main.enable_publisher_confirms()
            .map_err(|e| e.to_string())?;
        Ok((main, returns, confirms))
    }

    /// A fresh main channel after a channel error (or a fresh connection after a connection
    /// error).
    fn reopen(&mut self) -> Result<(), String> {
        let (main, returns, confirms) = match Self::channel(&mut self.conn) {
            Ok(c) => c,
            Err(_) => {
                self.conn = Self::open(self.port)?;
                Self::channel(&mut self.conn)?
            }
        };
        self.main = main;
        self.returns = returns;
        self.confirms = confirms;
        Ok(())
    }

    /// Runs `sc` with names prefixed by `prefix`; `model` (the model's observations) says how
    /// many deliveries each consumer step should wait for. Deletes what it declared afterwards.
    pub fn run(&mut self, sc: &Scenario, prefix: &str, model: &[Obs]) -> Result<Vec<Obs>, String> {
        let mut run = Run {
            s: self,
            prefix: prefix.into(),
            queues: Vec::new(),
            dirty: false,
            dead_letters: sc
                .steps
                .iter()
                .any(|s| matches!(s, Step::DeclareQueue { args, .. } if args.dlx.is_some())),
            quorum: sc
                .steps
                .iter()
                .any(|s| matches!(s, Step::DeclareQueue { args, .. } if args.quorum)),
            exclusive: Vec::new(),
        };
        let out = run.script(sc, model);
        let queues = std::mem::take(&mut run.queues);
        // Clean up whatever happened (a failed script may have left the channel closed).
        if self
            .main
            .queue_declare_passive("amq.rabbitmq.nonexistent-probe")
            .is_err()
        {
            self.reopen()?;
        }
        for q in queues {
            if self
                .main
                .queue_delete(q, QueueDeleteOptions::default())
                .is_err()
            {
                self.reopen()?;
            }
        }
        for x in sc.exchanges() {
            if self
                .main
                .exchange_delete(format!("{prefix}{x}"), false)
                .is_err()
            {
                self.reopen()?;
            }
        }
        out
    }

    /// Runs the topology steps of `sc` (declares and binds) and leaves what they made.
    pub fn declare(&mut self, sc: &Scenario, prefix: &str) -> Result<(), String> {
        let mut run = Run {
            s: self,
            prefix: prefix.into(),
            queues: Vec::new(),
            dirty: false,
            dead_letters: false,
            quorum: false,
            exclusive: Vec::new(),
        };
        for s in &sc.steps {
            if matches!(
                s,
                Step::DeclareExchange { .. } | Step::DeclareQueue { .. } | Step::Bind { .. }
            ) {
                run.step(s, 0).map_err(|e| format!("{s}: {e}"))?;
            }
        }
        Ok(())
    }

    /// Deletes the queues and exchanges `sc` declares.
    pub fn delete(&mut self, sc: &Scenario, prefix: &str) -> Result<(), String> {
        for q in sc.queues() {
            if self
                .main
                .queue_delete(format!("{prefix}{q}"), QueueDeleteOptions::default())
                .is_err()
            {
                self.reopen()?;
            }
        }
        for x in sc.exchanges() {
            if self
                .main
                .exchange_delete(format!("{prefix}{x}"), false)
                .is_err()
            {
                self.reopen()?;
            }
        }
        Ok(())
    }

    pub fn close(self) {
        let _ = self.conn.close();
    }

    /// The main connection closes (after a new one is open) and the new one's channel becomes
    /// the main channel.
    fn reconnect(&mut self) -> Result<(), String> {
        let mut conn = Self::open(self.port)?;
        let (main, returns, confirms) = Self::channel(&mut conn)?;
        let old = std::mem::replace(&mut self.conn, conn);
        self.main = main;
        self.returns = returns;
        self.confirms = confirms;
        old.close().map_err(|e| format!("connection.close: {e}"))
    }
}

struct Run<'a> {
    s: &'a mut Server,
    prefix: String,
    /// Prefixed names of the queues declared so far.
    queues: Vec<String>,
    /// A step since the last barrier may have dead-lettered.
    dirty: bool,
    /// Some queue of the scenario has a dead-letter exchange.
    dead_letters: bool,
    /// Some queue of the scenario is a quorum queue.
    quorum: bool,
    /// Prefixed names of the exclusive queues declared so far.
    exclusive: Vec<String>,
}

impl Run<'_> {
    fn script(&mut self, sc: &Scenario, model: &[Obs]) -> Result<Vec<Obs>, String> {
        let mut out = Vec::new();
        for (index, s) in sc.steps.iter().enumerate() {
            let expected = model.iter().find_map(|o| match o {
                Obs::Step {
                    index: i,
                    result: Ok(Out::Consumed { deliveries, .. }),
                } if *i == index => Some(deliveries.len()),
                _ => None,
            });
            let t0 = std::time::Instant::now();
            let r = self.step(s, expected.unwrap_or(0));
            self.dirty = !matches!(
                s,
                Step::DeclareExchange { .. } | Step::DeclareQueue { .. } | Step::Bind { .. }
            );
            if std::env::var_os("RABBIT_DIFF_TRACE").is_some() {
                eprintln!("  [{:>5} ms] {index}. {s}", t0.elapsed().as_millis());
            }
            let result = match r {
                Ok(out) => Ok(out),
                Err(e) => {
                    let c = code(e).map_err(|e| format!("step {index} ({s}): {e}"))?;
                    self.s.reopen()?;
                    Err(c)
                }
            };
            out.push(Obs::Step { index, result });
        }
        // Before the counts, always: `rabbit_amqqueue_process` answers the `stat` of a passive
        // declare ahead of deliveries still in its mailbox (a prioritised call), so a count
        // taken at once can miss the last publish on a loaded machine.
        self.dead_letters = true;
        self.barrier().map_err(|e| e.to_string())?;
        for q in sc.queues() {
            let name = format!("{}{q}", self.prefix);
            if !self.queues.contains(&name) {
                continue;
            }
            let ready = match self.s.main.queue_declare_passive(name.as_str()) {
                Ok(q) => q.declared_message_count().unwrap_or(0),
                Err(e) => {
                    self.gone(e, &name).map_err(|e| e.to_string())?;
                    continue;
                }
            };
            out.push(Obs::Count {
                queue: q.into(),
                ready,
            });
            let mut messages = Vec::new();
            while let Some(g) = self
                .s
                .main
                .basic_get(name.as_str(), false)
                .map_err(|e| e.to_string())?
            {
                messages.push(msg(&self.prefix, &g.delivery));
                g.ack(&self.s.main).map_err(|e| e.to_string())?;
                if messages.len() > 1000 {
                    break;
                }
            }
            out.push(Obs::Drained {
                queue: q.into(),
                messages,
            });
        }
        Ok(out)
    }

    /// Lets dead letters in flight arrive: a short pause, then synchronous calls into every
    /// queue, in three rounds. (Not a strict barrier: `rabbit_amqqueue_process` serves the
    /// `stat` call of a passive declare with priority over queued deliveries, so the pause does
    /// the work; a divergence that does not reproduce is reported as a timing flake.)
    fn barrier(&mut self) -> Result<(), amiquip::Error> {
        if !self.dead_letters && !self.quorum {
            // Nothing can be dead-lettered, and every settlement is synchronous with the
            // queue: nothing to wait for (and the script stays short next to its TTLs). (A
            // quorum queue applies a nack's return through its Raft log, after the nack.)
            return Ok(());
        }
        // A quorum queue takes dead letters through its Raft log: give them longer.
        std::thread::sleep(if self.quorum { QUORUM_SETTLE } else { SETTLE });
        for _ in 0..3 {
            for q in self.queues.clone() {
                if let Err(e) = self.s.main.queue_declare_passive(q.as_str()) {
                    self.gone(e, &q)?;
                }
            }
        }
        Ok(())
    }

    /// A passive declare of `q` failed: when the queue is gone (an auto-delete queue its last
    /// consumer took away, 404), forget it and reopen the channel the 404 closed.
    fn gone(&mut self, e: amiquip::Error, q: &str) -> Result<(), amiquip::Error> {
        match e {
            amiquip::Error::ServerClosedChannel { code: 404, .. } => {
                self.queues.retain(|x| x != q);
                self.s
                    .reopen()
                    .map_err(|_| amiquip::Error::ClientClosedChannel)
            }
            e => Err(e),
        }
    }

    fn settle(ch: &Channel, d: Delivery, s: Settle) -> Result<(), amiquip::Error> {
        match s {
            Settle::AutoAck => Ok(()),
            Settle::Ack => d.ack(ch),
            Settle::NackRequeue | Settle::NackDrop => d.nack(ch, s.requeues()),
            Settle::RejectRequeue | Settle::RejectDrop => d.reject(ch, s.requeues()),
        }
    }

    /// `basic.get` on the main channel, settled with `settle` (`None`: held unacked); with
    /// `twice`, acked once more, which the server answers with 406 (closing the channel).
    fn get(&mut self, q: &str, settle: Option<Settle>, twice: bool) -> Result<Out, amiquip::Error> {
        self.barrier()?;
        let ch = &self.s.main;
        match ch.basic_get(q, settle == Some(Settle::AutoAck))? {
            None => Ok(Out::Got {
                msg: None,
                remaining: None,
            }),
            Some(g) => {
                let m = msg(&self.prefix, &g.delivery);
                let remaining = Some(g.message_count);
                match settle {
                    Some(s) => {
                        let again = g.delivery.clone();
                        Self::settle(ch, g.delivery, s)?;
                        if twice {
                            again.ack(ch)?;
                            // The ack is asynchronous: a synchronous call reports the closure.
                            ch.queue_declare_passive(q)?;
                        }
                    }
                    // Dropped, not settled: it stays unacked on the channel.
                    None => drop(g),
                }
                Ok(Out::Got {
                    msg: Some(m),
                    remaining,
                })
            }
        }
    }

    fn step(&mut self, s: &Step, expected: usize) -> Result<Out, amiquip::Error> {
        let p = self.prefix.clone();
        let ch = &self.s.main;
        match s {
            Step::DeclareExchange {
                name,
                kind,
                alternate,
                durable,
            } => {
                let t = match kind {
                    Kind::Direct => ExchangeType::Direct,
                    Kind::Fanout => ExchangeType::Fanout,
                    Kind::Topic => ExchangeType::Topic,
                    Kind::Headers => ExchangeType::Headers,
                };
                let mut arguments = FieldTable::new();
                if let Some(a) = alternate {
                    arguments.insert(
                        "alternate-exchange".into(),
                        AmqpValue::LongString(xname(&p, a)),
                    );
                }
                ch.exchange_declare(
                    t,
                    format!("{p}{name}"),
                    ExchangeDeclareOptions {
                        durable: *durable,
                        auto_delete: false,
                        internal: false,
                        arguments,
                    },
                )?;
                Ok(Out::Done)
            }
            Step::DeclareQueue {
                name,
                args,
                durable,
            } => {
                let name = format!("{p}{name}");
                ch.queue_declare(
                    name.as_str(),
                    QueueDeclareOptions {
                        durable: *durable,
                        exclusive: args.exclusive,
                        auto_delete: args.auto_delete,
                        arguments: amqp_table_of(&queue_arguments(args, &p)),
                    },
                )?;
                if args.exclusive {
                    self.exclusive.push(name.clone());
                }
                self.queues.push(name);
                Ok(Out::Done)
            }
            Step::Bind {
                source,
                destination,
                to_exchange,
                key,
                args,
            }
            | Step::Unbind {
                source,
                destination,
                to_exchange,
                key,
                args,
            } => {
                let (src, dst) = (format!("{p}{source}"), format!("{p}{destination}"));
                let a = amqp_table(args);
                match (matches!(s, Step::Bind { .. }), to_exchange) {
                    (true, false) => ch.queue_bind(dst, src, key.as_str(), a)?,
                    (true, true) => ch.exchange_bind(dst, src, key.as_str(), a)?,
                    (false, false) => ch.queue_unbind(dst, src, key.as_str(), a)?,
                    (false, true) => ch.exchange_unbind(dst, src, key.as_str(), a)?,
                }
                Ok(Out::Done)
            }
            Step::Publish {
                exchange,
                key,
                body,
                mandatory,
                priority,
                expiration,
                persistent,
                headers,
            } => {
                let key = if exchange.is_empty() {
                    format!("{p}{key}")
                } else {
                    key.clone()
                };
                let mut props = AmqpProperties::default();
                if let Some(pr) = priority {
                    props = props.with_priority(*pr);
                }
                if let Some(e) = expiration {
                    props = props.with_expiration(e.to_string());
                }
                if *persistent {
                    props = props.with_delivery_mode(2);
                }
                if !headers.is_empty() {
                    props = props.with_headers(amqp_table(headers));
                }
                // A dead letter still in flight would otherwise arrive after this message: a
                // client cannot order them, and the model (synchronous) always does.
                if self.dirty {
                    self.barrier()?;
                }
                let ch = &self.s.main;
                ch.basic_publish(
                    xname(&p, exchange),
                    Publish {
                        body: body.as_bytes(),
                        routing_key: key,
                        mandatory: *mandatory,
                        immediate: false,
                        properties: props,
                    },
                )?;
                let ack = match self.s.confirms.recv_timeout(PATIENCE) {
                    Ok(Confirm::Ack(_)) => true,
                    Ok(Confirm::Nack(_)) => false,
                    // The channel closed (an error): a synchronous call reports why.
                    Err(_) => {
                        ch.queue_declare_passive("amq.rabbitmq.nonexistent-probe")?;
                        return Err(amiquip::Error::ClientClosedChannel);
                    }
                };
                let returned = self.s.returns.try_recv().ok().map(|r| {
                    (
                        r.reply_code,
                        unprefix(&p, &r.exchange),
                        unprefix(&p, &r.routing_key),
                    )
                });
                Ok(Out::Published { returned, ack })
            }
            Step::Get { queue, settle } => self.get(&format!("{p}{queue}"), Some(*settle), false),
            Step::GetHold { queue } => self.get(&format!("{p}{queue}"), None, false),
            Step::DoubleAck { queue } => self.get(&format!("{p}{queue}"), Some(Settle::Ack), true),
            Step::Consume {
                queue,
                prefetch,
                actions,
            } => {
                self.barrier()?;
                let c = self.s.conn.open_channel(None)?;
                let r = (|| {
                    c.qos(0, *prefetch, false)?;
                    let consumer = c.basic_consume(
                        format!("{p}{queue}"),
                        ConsumerOptions {
                            no_local: false,
                            no_ack: false,
                            exclusive: false,
                            arguments: FieldTable::new(),
                        },
                    )?;
                    let mut deliveries = Vec::new();
                    let mut extra = 0;
                    loop {
                        let wait = if deliveries.len() < expected {
                            PATIENCE
                        } else {
                            GRACE
                        };
                        match consumer.receiver().recv_timeout(wait) {
                            Ok(ConsumerMessage::Delivery(d)) => {
                                if deliveries.len() >= expected {
                                    extra += 1;
                                    continue;
                                }
                                let action = actions
                                    .get(deliveries.len())
                                    .copied()
                                    .unwrap_or(Settle::Ack);
                                deliveries.push(msg(&p, &d));
                                Self::settle(&c, d, action)?;
                                if action != Settle::Ack {
                                    // One settlement at a time, as the model applies them: let
                                    // a dead letter arrive (possibly back in this very queue),
                                    // and do not pipeline an ack behind a requeue, because the
                                    // queue process serves acks first (`prioritise_cast` gives
                                    // `{ack, ...}` priority 4 over `{reject, ...}` in
                                    // rabbit_amqqueue_process), which reorders redeliveries.
                                    std::thread::sleep(SETTLE);
                                }
                            }
                            Ok(ConsumerMessage::ServerClosedChannel(e)) => return Err(e),
                            Ok(_) | Err(_) => break,
                        }
                    }
                    // Cancel, then wait for amiquip to hand over the cancel-ok: dropping the
                    // receiver before that kills amiquip's I/O loop (it fails on sending to a
                    // dropped receiver). Deliveries still arriving count as extra.
                    consumer.cancel()?;
                    while let Ok(m) = consumer.receiver().recv_timeout(PATIENCE) {
                        match m {
                            ConsumerMessage::Delivery(_) => extra += 1,
                            _ => break,
                        }
                    }
                    drop(consumer);
                    Ok(Out::Consumed { deliveries, extra })
                })();
                // Closing the channel returns anything unacknowledged to its queue
                // (<https://www.rabbitmq.com/docs/confirms#automatic-requeueing>).
                let _ = c.close();
                r
            }
            Step::Purge { queue } => {
                self.barrier()?;
                let n = self.s.main.queue_purge(format!("{p}{queue}"))?;
                Ok(Out::Purged(n))
            }
            Step::ForeignGet { queue } => {
                self.barrier()?;
                let port = self.s.port;
                let mut conn =
                    Server::open(port).map_err(|_| amiquip::Error::ClientClosedChannel)?;
                let r = (|| {
                    let c = conn.open_channel(None)?;
                    match c.basic_get(format!("{p}{queue}"), false)? {
                        None => Ok(Out::Got {
                            msg: None,
                            remaining: None,
                        }),
                        Some(g) => {
                            let m = msg(&p, &g.delivery);
                            let remaining = Some(g.message_count);
                            g.ack(&c)?;
                            // The ack is asynchronous: a synchronous call lets it land first.
                            c.queue_declare_passive(format!("{p}{queue}"))?;
                            Ok(Out::Got {
                                msg: Some(m),
                                remaining,
                            })
                        }
                    }
                })();
                let _ = conn.close();
                r
            }
            Step::Reconnect => {
                self.s
                    .reconnect()
                    .map_err(|_| amiquip::Error::ClientClosedChannel)?;
                // The server deletes a connection's exclusive queues when it notices the
                // connection went (rabbit_amqqueue_process monitors its owner): wait for it.
                for q in std::mem::take(&mut self.exclusive) {
                    for _ in 0..100 {
                        match self.s.main.queue_declare_passive(q.as_str()) {
                            Ok(_) => std::thread::sleep(Duration::from_millis(10)),
                            Err(_) => {
                                self.s
                                    .reopen()
                                    .map_err(|_| amiquip::Error::ClientClosedChannel)?;
                                break;
                            }
                        }
                    }
                }
                Ok(Out::Done)
            }
            Step::Wait { ms } => {
                std::thread::sleep(Duration::from_millis((*ms).into()));
                Ok(Out::Done)
            }
        }
    }
}
