//! Read-only views for the UI and lessons: exchanges with their bindings, queues with their
//! messages (properties, `x-death`), consumers with their prefetch windows, channels with their
//! unacknowledged deliveries, the audit and the metrics.

use super::audit::{Audit, AuditProblem, Ledger};
use super::broker::{Broker, QueueStats};
use super::command::{Behaviour, ChannelId};
use super::consumer::ConfirmReceipt;
use super::exchange::{Binding, Exchange, QueueId};
use super::message::{Death, DeathSummary, MsgId, Properties, Time};
use super::metrics::{Metrics, Rates};
use super::queue::{QueueArgs, QueuedMessage};
use super::value::{FieldTable, FieldValue};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeView {
    pub exchange: Exchange,
    pub bindings: Vec<Binding>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingView {
    pub source: String,
    pub binding: Binding,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub name: String,
    pub durable: bool,
    pub exclusive: Option<ChannelId>,
    pub auto_delete: bool,
    /// As declared.
    pub arguments: FieldTable,
    /// As the model applies them.
    pub args: QueueArgs,
    pub ready: u64,
    pub ready_bytes: u64,
    pub unacked: u64,
    /// Consumer tags, in round-robin order (those waiting for an ack to free their window last).
    pub consumers: Vec<String>,
    pub stats: QueueStats,
    /// When the next head expires (`None`: no TTL pending).
    pub next_expiry: Option<Time>,
}

/// A message as a client would see it, plus where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: MsgId,
    pub exchange: String,
    pub routing_key: String,
    /// With `headers` as a client would receive them (including `x-death`,
    /// `x-first-death-*`, `x-last-death-*`).
    pub properties: Properties,
    pub body: Arc<[u8]>,
    /// The structured `x-death` entries, most recent first.
    pub deaths: Vec<Death>,
    /// `x-first-death-*` and `x-last-death-*`.
    pub first_death: Option<DeathSummary>,
    pub last_death: Option<DeathSummary>,
    pub redelivered: bool,
    /// Returns counted by a quorum queue.
    pub delivery_count: u64,
    pub expires_at: Option<Time>,
    pub enqueued_at: Time,
    pub published_at: Time,
    /// Position of arrival in the queue.
    pub seq: u64,
}

impl MessageView {
    pub(crate) fn of(qm: &QueuedMessage) -> Self {
        let m = &qm.msg;
        let mut properties = m.properties.clone();
        properties.headers = m.headers_view();
        MessageView {
            id: m.id,
            exchange: m.exchange.clone(),
            routing_key: m.routing_key.clone(),
            properties,
            body: m.body.clone(),
            deaths: m.deaths.clone(),
            first_death: m.first_death.clone(),
            last_death: m.last_death.clone(),
            redelivered: qm.redelivered,
            delivery_count: qm.delivery_count,
            expires_at: qm.expires_at,
            enqueued_at: qm.enqueued_at,
            published_at: m.published_at,
            seq: qm.seq,
        }
    }

    /// The body as text (lossy), for display.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerView {
    pub tag: String,
    pub channel: ChannelId,
    pub queue: String,
    /// 0 = unlimited.
    pub prefetch: u16,
    pub auto_ack: bool,
    pub exclusive: bool,
    /// Deliveries waiting for its ack.
    pub unacked: u32,
    pub delivered: u64,
    /// Can it take another delivery now?
    pub has_room: bool,
    pub behaviour: Option<Behaviour>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnackedView {
    pub delivery_tag: u64,
    pub queue: String,
    /// `None` for basic.get.
    pub consumer: Option<String>,
    pub delivered_at: Time,
    /// Its queue was deleted meanwhile.
    pub orphan: bool,
    pub message: MessageView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    pub id: ChannelId,
    /// Its connection, named by the channel that opened it.
    pub connection: ChannelId,
    pub prefetch: u16,
    /// In confirm mode (`confirm.select`).
    pub confirms: bool,
    /// The number the next publish will get in confirm mode (1 before the first).
    pub next_publish_seq: u64,
    /// Confirms received so far: `basic.ack`s and `basic.nack`s.
    pub confirm_acks: u64,
    pub confirm_nacks: u64,
    /// The latest confirms, oldest first (at most [`RECENT_CONFIRMS`](super::RECENT_CONFIRMS)).
    pub recent_confirms: Vec<ConfirmReceipt>,
    pub consumers: Vec<String>,
    pub unacked: Vec<UnackedView>,
}

impl Broker {
    pub fn exchanges(&self) -> Vec<ExchangeView> {
        self.exchanges
            .sorted()
            .into_iter()
            .map(|x| ExchangeView {
                exchange: x.def.clone(),
                bindings: x.bindings.clone(),
            })
            .collect()
    }

    pub fn exchange(&self, name: &str) -> Option<ExchangeView> {
        self.exchanges.get(name).map(|x| ExchangeView {
            exchange: x.def.clone(),
            bindings: x.bindings.clone(),
        })
    }

    /// Every binding, by source exchange.
    pub fn bindings(&self) -> Vec<BindingView> {
        self.exchanges
            .sorted()
            .into_iter()
            .flat_map(|x| {
                x.bindings.iter().map(move |b| BindingView {
                    source: x.def.name.clone(),
                    binding: b.clone(),
                })
            })
            .collect()
    }

    pub fn queues(&self) -> Vec<QueueView> {
        self.queue_ids
            .keys()
            .filter_map(|n| self.queue(n))
            .collect()
    }

    pub fn queue(&self, name: &str) -> Option<QueueView> {
        let q = self.queue_named(name)?;
        let consumers = q
            .active
            .iter()
            .chain(q.blocked.iter())
            .filter_map(|c| self.consumers.get(c).map(|c| c.tag.to_string()))
            .collect();
        Some(QueueView {
            name: q.name.to_string(),
            durable: q.durable,
            exclusive: q.exclusive,
            auto_delete: q.auto_delete,
            arguments: q.arguments.clone(),
            args: q.args.clone(),
            ready: q.store.len(),
            ready_bytes: q.store.bytes(),
            unacked: q.unacked,
            consumers,
            stats: q.stats.clone(),
            next_expiry: if q.store.has_expiring() {
                q.store.next_head_expiry()
            } else {
                None
            },
        })
    }

    /// The ready messages of a queue, in the order it will serve them.
    pub fn messages(&self, queue: &str) -> Vec<MessageView> {
        self.queue_named(queue)
            .map(|q| q.store.iter().map(MessageView::of).collect())
            .unwrap_or_default()
    }

    pub fn consumers(&self) -> Vec<ConsumerView> {
        self.consumers
            .values()
            .map(|c| ConsumerView {
                tag: c.tag.to_string(),
                channel: c.channel,
                queue: self
                    .queues
                    .get(&c.queue)
                    .map(|q| q.name.to_string())
                    .unwrap_or_default(),
                prefetch: c.prefetch,
                auto_ack: c.auto_ack,
                exclusive: c.exclusive,
                unacked: c.unacked,
                delivered: c.delivered,
                has_room: c.has_room(),
                behaviour: c.behaviour,
            })
            .collect()
    }

    pub fn channels(&self) -> Vec<ChannelView> {
        self.channels
            .keys()
            .filter_map(|&id| self.channel_view(id))
            .collect()
    }

    pub fn channel_view(&self, id: ChannelId) -> Option<ChannelView> {
        let ch = self.channels.get(&id)?;
        Some(ChannelView {
            id,
            connection: ch.connection,
            prefetch: ch.prefetch,
            confirms: ch.confirm,
            next_publish_seq: ch.next_publish_seq,
            confirm_acks: ch.confirms.acks,
            confirm_nacks: ch.confirms.nacks,
            recent_confirms: ch.confirms.recent.iter().cloned().collect(),
            consumers: ch.consumers.keys().cloned().collect(),
            unacked: ch
                .iter()
                .map(|(tag, u)| UnackedView {
                    delivery_tag: tag,
                    queue: u.queue_name.to_string(),
                    consumer: u
                        .consumer
                        .and_then(|c| self.consumers.get(&c))
                        .map(|c| c.tag.to_string()),
                    delivered_at: u.delivered_at,
                    orphan: u.orphan,
                    message: self.as_delivered(u.queue, &u.qm),
                })
                .collect(),
        })
    }

    /// A message as the client received it: from a quorum queue that had it returned before,
    /// with an `x-delivery-count` header (RabbitMQ 4.0: `rabbit_fifo_client` adds the
    /// message's `delivery_count` to what it hands to the channel,
    /// `rabbit_quorum_queue:add_delivery_count_header/2`).
    fn as_delivered(&self, queue: QueueId, qm: &QueuedMessage) -> MessageView {
        let mut m = MessageView::of(qm);
        let quorum = self.queues.get(&queue).is_some_and(|q| q.is_quorum());
        // A classic queue shows none, not even for a copy a quorum queue dead-lettered with
        // a count (found by the differential run against 4.0.5, seed 20261213).
        let count = if quorum { qm.delivery_count } else { 0 };
        if count > 0 {
            m.properties
                .headers
                .get_or_insert_with(FieldTable::new)
                .insert("x-delivery-count".into(), FieldValue::Int(count as i64));
        }
        m
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Heap bytes a clone copies rather than shares: each stored message's place in its queue
    /// (bodies are shared). What a timeline snapshot of this broker costs.
    pub fn copied_bytes(&self) -> u64 {
        (self.stored_messages() * std::mem::size_of::<super::queue::QueuedMessage>()) as u64
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub fn rates(&self) -> Option<Rates> {
        self.metrics.rates()
    }

    /// Recounts every live message and checks the books balance.
    pub fn audit(&self) -> Audit {
        let mut problems = Vec::new();
        let ready: u64 = self
            .queues
            .values()
            .map(|q| q.store.iter().count() as u64)
            .sum();
        let mut unacked = 0u64;
        for q in self.queues.values() {
            let n = q.store.iter().count() as u64;
            let bytes: u64 = q.store.iter().map(|m| m.msg.size()).sum();
            let live: u64 = self
                .channels
                .values()
                .flat_map(|c| c.iter())
                .filter(|(_, u)| !u.orphan && u.queue == q.id)
                .count() as u64;
            if n != q.store.len() || bytes != q.store.bytes() || live != q.unacked {
                problems.push(AuditProblem::QueueCounters {
                    queue: q.name.to_string(),
                });
            }
        }
        for ch in self.channels.values() {
            unacked += ch.iter().filter(|(_, u)| !u.orphan).count() as u64;
        }
        for (id, c) in &self.consumers {
            let n = self
                .channels
                .get(&c.channel)
                .map(|ch| {
                    ch.iter()
                        .filter(|(_, u)| u.consumer == Some(*id) && !u.orphan)
                        .count()
                })
                .unwrap_or(0) as u32;
            if n != c.unacked {
                problems.push(AuditProblem::ConsumerCounters {
                    tag: c.tag.to_string(),
                });
            }
        }
        let l = &self.ledger;
        let accounted = l.routed + l.returned + l.dropped_unroutable;
        if accounted != l.published {
            problems.push(AuditProblem::Publishes {
                published: l.published,
                accounted,
            });
        }
        let created = l.copies_from_publish + l.copies_from_dead_letter;
        let accounted = ready + unacked + l.settled_copies();
        if created != accounted {
            problems.push(AuditProblem::Copies { created, accounted });
        }
        Audit {
            ledger: l.clone(),
            ready,
            unacked,
            problems,
        }
    }
}
