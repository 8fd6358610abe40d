//! Runs a scenario against the engine's model (`engine::rabbit::Broker`) and records what a
//! client would observe, in the same form as the real server's side.

use crate::obs::{Msg, Obs, Out, Val, normal_headers, unprefix};
use crate::scenario::{HVal, Kind, QArgs, Scenario, Settle, Step};
use engine::rabbit::{
    BindSpec, Broker, ChannelId, CloseCause, Command, ConsumeSpec, DeliveryMode, Event,
    ExchangeKind, ExchangeSpec, FieldTable, FieldValue, MessageView, PublishSpec, QueueSpec,
};
use std::collections::BTreeMap;

pub fn val(v: &FieldValue) -> Val {
    match v {
        FieldValue::Void => Val::Void,
        FieldValue::Bool(b) => Val::Bool(*b),
        FieldValue::Int(i) => Val::Int(*i),
        FieldValue::Float(f) => Val::Float(f.to_bits()),
        FieldValue::Str(s) => Val::Str(s.clone()),
        FieldValue::Timestamp(t) => Val::Timestamp(*t),
        FieldValue::Array(a) => Val::Arr(a.iter().map(val).collect()),
        FieldValue::Table(t) => Val::Table(t.iter().map(|(k, v)| (k.clone(), val(v))).collect()),
    }
}

fn hval(v: &HVal) -> FieldValue {
    match v {
        HVal::Str(s) => FieldValue::Str(s.clone()),
        HVal::Int { v, .. } => FieldValue::Int(*v),
        HVal::Float(b) => FieldValue::Float(f64::from_bits(*b)),
        HVal::Void => FieldValue::Void,
    }
}

pub fn table(args: &[(String, HVal)]) -> FieldTable {
    args.iter().map(|(k, v)| (k.clone(), hval(v))).collect()
}

fn kind(k: Kind) -> ExchangeKind {
    match k {
        Kind::Direct => ExchangeKind::Direct,
        Kind::Fanout => ExchangeKind::Fanout,
        Kind::Topic => ExchangeKind::Topic,
        Kind::Headers => ExchangeKind::Headers,
    }
}

/// The queue arguments as declared (names prefixed).
pub fn queue_arguments(args: &QArgs, prefix: &str) -> FieldTable {
    let mut t = FieldTable::new();
    if let Some(v) = args.message_ttl {
        t.insert("x-message-ttl".into(), FieldValue::Int(v.into()));
    }
    if let Some(v) = args.max_length {
        t.insert("x-max-length".into(), FieldValue::Int(v.into()));
    }
    if let Some(v) = args.overflow {
        t.insert("x-overflow".into(), v.as_str().into());
    }
    if let Some(x) = &args.dlx {
        let x = if x.is_empty() {
            String::new()
        } else {
            format!("{prefix}{x}")
        };
        t.insert("x-dead-letter-exchange".into(), FieldValue::Str(x.clone()));
        if let Some(k) = &args.dlrk {
            // With the default exchange the key names a queue.
            let k = if x.is_empty() {
                format!("{prefix}{k}")
            } else {
                k.clone()
            };
            t.insert("x-dead-letter-routing-key".into(), FieldValue::Str(k));
        }
    }
    if let Some(v) = args.max_priority {
        t.insert("x-max-priority".into(), FieldValue::Int(v.into()));
    }
    if args.quorum {
        t.insert("x-queue-type".into(), "quorum".into());
    }
    if let Some(v) = args.delivery_limit {
        t.insert("x-delivery-limit".into(), FieldValue::Int(v.into()));
    }
    t
}

/// `""` stays the default exchange; other names get the prefix.
pub fn xname(prefix: &str, x: &str) -> String {
    if x.is_empty() {
        String::new()
    } else {
        format!("{prefix}{x}")
    }
}

pub fn msg(prefix: &str, m: &MessageView, redelivered: bool) -> Msg {
    let headers: BTreeMap<String, Val> = m
        .properties
        .headers
        .as_ref()
        .map(|h| h.iter().map(|(k, v)| (k.clone(), val(v))).collect())
        .unwrap_or_default();
    Msg {
        body: String::from_utf8_lossy(&m.body).into_owned(),
        redelivered,
        exchange: unprefix(prefix, &m.exchange),
        routing_key: unprefix(prefix, &m.routing_key),
        priority: m.properties.priority,
        expiration: m.properties.expiration.clone(),
        persistent: m.properties.delivery_mode == DeliveryMode::Persistent,
        headers: normal_headers(prefix, headers),
    }
}

struct Model {
    b: Broker,
    ch: ChannelId,
    /// The main connection (named by the channel that opened it).
    conn: ChannelId,
    prefix: String,
    /// The delivery tag of the last `basic.get` on the main channel.
    last_tag: Option<u64>,
}

impl Model {
    /// A fresh main channel on the main connection, as the client opens one after a channel
    /// error (the new one first, then the old one closes if it is still open: closing a
    /// connection's last channel would close the connection in the model).
    fn reopen(&mut self) {
        let old = self.ch;
        self.ch = match self.b.apply(Command::OpenChannelOn {
            connection: self.conn,
        }) {
            Ok(ev) => opened(&ev),
            Err(_) => {
                let ch = self.b.open_channel().expect("a channel");
                self.conn = ch;
                ch
            }
        };
        let _ = self.b.apply(Command::CloseChannel {
            channel: old,
            cause: CloseCause::Client,
        });
        self.b
            .apply(Command::ConfirmSelect { channel: self.ch })
            .expect("confirm.select");
    }

    /// The main connection closes and another opens.
    fn reconnect(&mut self) {
        let _ = self.b.apply(Command::CloseConnection {
            connection: self.conn,
        });
        self.ch = self.b.open_channel().expect("a channel");
        self.conn = self.ch;
        self.b
            .apply(Command::ConfirmSelect { channel: self.ch })
            .expect("confirm.select");
    }

    /// `basic.get` then ack from a connection of its own, which then closes.
    fn foreign_get(&mut self, q: &str) -> Result<Out, u16> {
        let c = self.b.open_channel().map_err(|e| e.code())?;
        let r = (|| {
            let ev = self
                .b
                .apply(Command::Get {
                    channel: c,
                    queue: q.into(),
                    auto_ack: false,
                })
                .map_err(|e| e.code())?;
            let remaining = self.b.queue(q).map(|v| v.ready as u32);
            for e in ev {
                if let Event::Delivered {
                    delivery_tag,
                    redelivered,
                    ..
                } = e
                {
                    let m = self.delivered(c, delivery_tag, redelivered);
                    self.settle(c, delivery_tag, Settle::Ack)?;
                    return Ok(Out::Got { msg: m, remaining });
                }
            }
            Ok(Out::Got {
                msg: None,
                remaining: None,
            })
        })();
        let _ = self.b.apply(Command::CloseConnection { connection: c });
        r
    }

    /// The message a `Delivered` event handed over, as the client sees it.
    fn delivered(&self, channel: ChannelId, tag: u64, redelivered: bool) -> Option<Msg> {
        let view = self.b.channel_view(channel)?;
        let u = view.unacked.iter().find(|u| u.delivery_tag == tag)?;
        Some(msg(&self.prefix, &u.message, redelivered))
    }

    fn settle(&mut self, channel: ChannelId, tag: u64, s: Settle) -> Result<Vec<Event>, u16> {
        let c = match s {
            Settle::AutoAck | Settle::Ack => Command::Ack {
                channel,
                delivery_tag: tag,
                multiple: false,
            },
            Settle::NackRequeue | Settle::NackDrop => Command::Nack {
                channel,
                delivery_tag: tag,
                multiple: false,
                requeue: s.requeues(),
            },
            Settle::RejectRequeue | Settle::RejectDrop => Command::Reject {
                channel,
                delivery_tag: tag,
                requeue: s.requeues(),
            },
        };
        self.b.apply(c).map_err(|e| e.code())
    }

    /// One `basic.get` (always with an ack tag, so the delivered message can be read; `no-ack`
    /// is an immediate ack, which a client cannot tell apart).
    fn get(&mut self, q: &str, s: Option<Settle>) -> Result<Out, u16> {
        let ch = self.ch;
        let ev = self
            .b
            .apply(Command::Get {
                channel: ch,
                queue: q.into(),
                auto_ack: false,
            })
            .map_err(|e| e.code())?;
        let remaining = self.b.queue(q).map(|v| v.ready as u32);
        for e in ev {
            if let Event::Delivered {
                delivery_tag,
                redelivered,
                ..
            } = e
            {
                let m = self.delivered(ch, delivery_tag, redelivered);
                self.last_tag = Some(delivery_tag);
                if let Some(s) = s {
                    self.settle(ch, delivery_tag, s)?;
                }
                return Ok(Out::Got { msg: m, remaining });
            }
        }
        Ok(Out::Got {
            msg: None,
            remaining: None,
        })
    }

    fn consume(&mut self, q: &str, prefetch: u16, actions: &[Settle]) -> Result<Out, u16> {
        // A channel of the main connection, as the server side opens it.
        let c = opened(
            &self
                .b
                .apply(Command::OpenChannelOn {
                    connection: self.conn,
                })
                .map_err(|e| e.code())?,
        );
        let mut pending = std::collections::VecDeque::new();
        let take = |m: &Model, ev: Vec<Event>, pending: &mut std::collections::VecDeque<_>| {
            for e in ev {
                if let Event::Delivered {
                    channel,
                    delivery_tag,
                    redelivered,
                    ..
                } = e
                    && channel == c
                {
                    let msg = m.delivered(c, delivery_tag, redelivered);
                    pending.push_back((delivery_tag, msg));
                }
            }
        };
        let r = (|| {
            self.b
                .apply(Command::Qos {
                    channel: c,
                    prefetch_count: prefetch,
                    global: false,
                })
                .map_err(|e| e.code())?;
            let ev = self
                .b
                .apply(Command::Consume(ConsumeSpec::new(c, q).tag("diff")))
                .map_err(|e| e.code())?;
            take(self, ev, &mut pending);
            let mut deliveries = Vec::new();
            while let Some((tag, m)) = pending.pop_front() {
                let action = actions
                    .get(deliveries.len())
                    .copied()
                    .unwrap_or(Settle::Ack);
                deliveries.extend(m);
                let ev = self.settle(c, tag, action)?;
                take(self, ev, &mut pending);
                if deliveries.len() > 500 {
                    break;
                }
            }
            Ok(Out::Consumed {
                deliveries,
                extra: 0,
            })
        })();
        let _ = self.b.apply(Command::CloseChannel {
            channel: c,
            cause: CloseCause::Client,
        });
        r
    }

    fn step(&mut self, s: &Step) -> Result<Out, u16> {
        let p = self.prefix.clone();
        let apply = |b: &mut Broker, c: Command| b.apply(c).map_err(|e| e.code());
        match s {
            Step::DeclareExchange {
                name,
                kind: k,
                alternate,
                durable,
            } => {
                let mut spec = ExchangeSpec::new(&format!("{p}{name}"), kind(*k));
                spec.durable = *durable;
                if let Some(a) = alternate {
                    spec = spec.alternate(&xname(&p, a));
                }
                apply(&mut self.b, Command::DeclareExchange(spec))?;
                Ok(Out::Done)
            }
            Step::DeclareQueue {
                name,
                args,
                durable,
            } => {
                let mut spec = QueueSpec::new(&format!("{p}{name}"));
                spec.durable = *durable;
                spec.auto_delete = args.auto_delete;
                if args.exclusive {
                    spec.exclusive = Some(self.ch);
                }
                spec.arguments = queue_arguments(args, &p);
                apply(&mut self.b, Command::DeclareQueue(spec))?;
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
                let mut spec = if *to_exchange {
                    BindSpec::exchange(&src, &dst, key)
                } else {
                    BindSpec::queue(&src, &dst, key)
                };
                spec.arguments = table(args);
                let c = if matches!(s, Step::Bind { .. }) {
                    Command::Bind(spec)
                } else {
                    Command::Unbind(spec)
                };
                apply(&mut self.b, c)?;
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
                let mut spec = PublishSpec::new(self.ch, &xname(&p, exchange), &key).body(body);
                spec.mandatory = *mandatory;
                spec.properties.priority = *priority;
                spec.properties.expiration = expiration.map(|e| e.to_string());
                if *persistent {
                    spec.properties.delivery_mode = DeliveryMode::Persistent;
                }
                if !headers.is_empty() {
                    spec.properties.headers = Some(table(headers));
                }
                let ev = apply(&mut self.b, Command::Publish(spec))?;
                let mut returned = None;
                let mut ack = false;
                for e in ev {
                    match e {
                        Event::Returned {
                            reply,
                            exchange,
                            routing_key,
                            ..
                        } => {
                            returned = Some((
                                reply.code(),
                                unprefix(&p, &exchange),
                                unprefix(&p, &routing_key),
                            ))
                        }
                        Event::Confirmed { ack: a, .. } => ack = a,
                        _ => {}
                    }
                }
                Ok(Out::Published { returned, ack })
            }
            Step::Get { queue, settle } => self.get(&format!("{p}{queue}"), Some(*settle)),
            Step::GetHold { queue } => self.get(&format!("{p}{queue}"), None),
            Step::DoubleAck { queue } => {
                let got = self.get(&format!("{p}{queue}"), Some(Settle::Ack))?;
                if let Some(tag) = self
                    .last_tag
                    .filter(|_| matches!(got, Out::Got { msg: Some(_), .. }))
                {
                    self.settle(self.ch, tag, Settle::Ack)?;
                }
                Ok(got)
            }
            Step::Consume {
                queue,
                prefetch,
                actions,
            } => self.consume(&format!("{p}{queue}"), *prefetch, actions),
            Step::Purge { queue } => {
                let ev = apply(
                    &mut self.b,
                    Command::PurgeQueue {
                        name: format!("{p}{queue}"),
                    },
                )?;
                Ok(Out::Purged(
                    ev.iter()
                        .find_map(|e| match e {
                            Event::QueuePurged { messages, .. } => Some(*messages as u32),
                            _ => None,
                        })
                        .unwrap_or(0),
                ))
            }
            Step::ForeignGet { queue } => self.foreign_get(&format!("{p}{queue}")),
            Step::Reconnect => {
                self.reconnect();
                Ok(Out::Done)
            }
            Step::Wait { ms } => {
                self.b.advance((*ms).into());
                Ok(Out::Done)
            }
        }
    }
}

/// The channel a `ChannelOpened` event names.
fn opened(ev: &[Event]) -> ChannelId {
    ev.iter()
        .find_map(|e| match e {
            Event::ChannelOpened { channel } => Some(*channel),
            _ => None,
        })
        .expect("channel.open-ok")
}

/// A fresh model with the topology of `sc` (its declares and binds).
pub fn topology(sc: &Scenario, prefix: &str) -> Broker {
    let mut b = Broker::new(sc.seed);
    let ch = b.open_channel().expect("a channel");
    let mut m = Model {
        b,
        ch,
        conn: ch,
        prefix: prefix.into(),
        last_tag: None,
    };
    for s in &sc.steps {
        if matches!(
            s,
            Step::DeclareExchange { .. } | Step::DeclareQueue { .. } | Step::Bind { .. }
        ) {
            let _ = m.step(s);
        }
    }
    m.b
}

/// Runs `sc` on a fresh model with names prefixed by `prefix`.
pub fn run(sc: &Scenario, prefix: &str) -> Vec<Obs> {
    let mut b = Broker::new(sc.seed);
    let ch = b.open_channel().expect("a channel");
    b.apply(Command::ConfirmSelect { channel: ch })
        .expect("confirm.select");
    let mut m = Model {
        b,
        ch,
        conn: ch,
        prefix: prefix.into(),
        last_tag: None,
    };
    let mut out = Vec::new();
    for (index, s) in sc.steps.iter().enumerate() {
        let result = m.step(s);
        if result.is_err() {
            m.reopen();
        }
        out.push(Obs::Step { index, result });
    }
    for q in sc.queues() {
        let name = format!("{prefix}{q}");
        let Some(view) = m.b.queue(&name) else {
            continue;
        };
        out.push(Obs::Count {
            queue: q.into(),
            ready: view.ready as u32,
        });
        let mut messages = Vec::new();
        while let Ok(Out::Got { msg: Some(msg), .. }) = m.get(&name, Some(Settle::Ack)) {
            messages.push(msg);
            if messages.len() > 1000 {
                break;
            }
        }
        out.push(Obs::Drained {
            queue: q.into(),
            messages,
        });
    }
    debug_assert!(m.b.audit().holds());
    out
}
