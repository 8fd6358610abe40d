//! Message flow: publish → route → enqueue (overflow, TTL) → deliver (round-robin, prefetch) →
//! ack / nack / reject / requeue → dead-letter.
//!
//! The order of steps follows `rabbit_amqqueue_process`:
//! * `maybe_deliver_or_enqueue/3`: with `reject-publish(-dlx)`, a message that would make the
//!   queue longer than its limits is refused before anything else (`will_overflow/2` counts the
//!   ready messages plus this one, whether or not a consumer is waiting);
//! * `deliver_or_enqueue/3`: a waiting consumer with room gets it at once; otherwise it is
//!   stored, then `maybe_drop_head/1` drops (or dead-letters) from the head while over a limit,
//!   then expired heads go (`drop_expired_msgs/1`);
//! * `requeue_and_run/2`: returned messages go back, then the limits and TTL are applied again
//!   and the queue serves its consumers;
//! * dead-lettering republishes through the dead-letter exchange (`rabbit_dead_letter:publish/5`)
//!   with `x-death` updated, the routing key replaced if `x-dead-letter-routing-key` is set, the
//!   per-message `expiration` removed, no `mandatory`, and fully automatic cycles dropped.

use super::audit::Ledger;
use super::broker::{Broker, PendingDeath, QueueState};
use super::command::{ChannelId, PublishSpec};
use super::consumer::Unacked;
use super::consumer::{ChannelState, ConsumerId, ConsumerState};
use super::error::{Error, Limit};
use super::event::{DeadLetterOutcome, Event, RequeueCause};
use super::exchange::{Name, QueueId};
use super::idmap::IdMap;
use super::limits::*;
use super::message::Time;
use super::message::{DeathReason, Message, MsgId, is_death_cycle, parse_expiration, record_death};
use super::queue::{Overflow, QueuedMessage};
use super::routing;
use std::collections::VecDeque;
use std::sync::Arc;

impl Broker {
    pub(crate) fn publish(&mut self, p: PublishSpec, ev: &mut Vec<Event>) -> Result<(), Error> {
        let ch = self.channel(p.channel)?;
        let confirm = ch.confirm;
        let x = self
            .exchanges
            .get(&p.exchange)
            .ok_or_else(|| Error::ExchangeNotFound {
                name: p.exchange.clone(),
            })?;
        if x.def.internal {
            return Err(Error::InternalExchange {
                name: p.exchange.clone(),
            });
        }
        if p.routing_key.len() > MAX_ROUTING_KEY_LEN {
            return Err(Error::LimitExceeded {
                what: Limit::RoutingKeyLength,
                limit: MAX_ROUTING_KEY_LEN as u64,
            });
        }
        if p.body.len() > MAX_MESSAGE_BYTES {
            return Err(Error::LimitExceeded {
                what: Limit::MessageSize,
                limit: MAX_MESSAGE_BYTES as u64,
            });
        }
        if let Some(e) = &p.properties.expiration
            && parse_expiration(e).is_err()
        {
            return Err(Error::InvalidExpiration { value: e.clone() });
        }
        if self.stored_messages() >= MAX_STORED_MESSAGES {
            return Err(Error::LimitExceeded {
                what: Limit::MessagesStored,
                limit: MAX_STORED_MESSAGES as u64,
            });
        }
        let id = MsgId(self.next_msg);
        self.next_msg += 1;
        self.ledger.published += 1;
        let confirm_seq = if confirm {
            let ch = self.channels.get_mut(&p.channel).expect("checked");
            let s = ch.next_publish_seq;
            ch.next_publish_seq += 1;
            Some(s)
        } else {
            None
        };
        let msg = Arc::new(Message {
            id,
            exchange: p.exchange,
            routing_key: p.routing_key,
            properties: p.properties,
            body: p.body,
            published_at: self.now,
            deaths: Vec::new(),
            first_death: None,
            last_death: None,
            delivery_count: 0,
        });
        let mut targets = std::mem::take(&mut self.scratch.targets);
        let decision = self.route(
            &msg.exchange,
            &msg.routing_key,
            msg.properties.headers.as_ref(),
            self.explain,
            &mut targets,
        );
        // Published, then per queue Enqueued and (usually) Delivered, then Confirmed.
        routing::reserve(ev, 2 + 2 * targets.len());
        ev.push(Event::Published {
            msg: id,
            channel: p.channel,
            routing: Box::new(decision),
            confirm_seq,
        });
        let mut all_accepted = true;
        if targets.is_empty() {
            if p.mandatory {
                self.ledger.returned += 1;
                ev.push(Event::Returned {
                    msg: id,
                    channel: p.channel,
                    reply: super::error::ReplyCode::NoRoute,
                    exchange: msg.exchange.clone(),
                    routing_key: msg.routing_key.clone(),
                });
            } else {
                self.ledger.dropped_unroutable += 1;
                ev.push(Event::DroppedUnroutable {
                    msg: id,
                    exchange: msg.exchange.clone(),
                    routing_key: msg.routing_key.clone(),
                });
            }
        } else {
            self.ledger.routed += 1;
            for &q in &targets {
                self.ledger.copies_from_publish += 1;
                all_accepted &= self.enqueue(q, msg.clone(), ev);
            }
        }
        self.scratch.targets = targets;
        // Dead letters caused by this publish are handled before the confirm goes out.
        self.settle(ev);
        // The confirm goes out once every queue that took a copy has it: in this single-node
        // engine that is at once (a classic queue's fsync of a persistent message and a quorum
        // queue's commit by a majority are not modelled as delays). An unroutable message is
        // acked at once, after its basic.return when mandatory (docs/confirms, "When will
        // messages be confirmed"); a nack only when a queue refused it (reject-publish).
        if let Some(seq) = confirm_seq
            && let Some(ch) = self.channels.get_mut(&p.channel)
        {
            ch.confirms.record(super::consumer::ConfirmReceipt {
                delivery_tag: seq,
                multiple: false,
                ack: all_accepted,
                msg: id,
                message_id: msg.properties.message_id.clone(),
            });
            ev.push(Event::Confirmed {
                channel: p.channel,
                seq,
                ack: all_accepted,
            });
        }
        Ok(())
    }

    /// Routes through the broker's exchanges; the queue ids reached are left in `ids`.
    pub(crate) fn route(
        &mut self,
        exchange: &str,
        routing_key: &str,
        headers: Option<&super::value::FieldTable>,
        explain: routing::Explain,
        ids: &mut Vec<QueueId>,
    ) -> routing::RouteDecision {
        let (queues, queue_ids) = (&self.queues, &self.queue_ids);
        routing::route(
            &self.exchanges,
            |name| queue_ids.get(name).map(|id| (*id, queues[id].name.clone())),
            exchange,
            routing_key,
            headers,
            explain,
            &mut self.scratch,
            ids,
        )
    }

    /// Ready plus unacked messages in all queues.
    pub(crate) fn stored_messages(&self) -> usize {
        self.queues
            .values()
            .map(|q| (q.store.len() + q.unacked) as usize)
            .sum()
    }

    /// One copy arrives at a queue. Returns false if the queue refused it (overflow).
    pub(crate) fn enqueue(&mut self, qid: QueueId, msg: Arc<Message>, ev: &mut Vec<Event>) -> bool {
        // Borrowed field by field so the queue is looked up once, for the enqueue and the run.
        let Broker {
            queues,
            consumers,
            channels,
            ledger,
            dead,
            now,
            ..
        } = self;
        let now = *now;
        let Some(q) = queues.get_mut(&qid) else {
            // Routing only returns queues that exist; account defensively all the same.
            ledger.deleted_with_queue += 1;
            return false;
        };
        let a = &q.args;
        if a.overflow != Overflow::DropHead {
            // A classic queue refuses what would take it over its limit; a quorum queue only
            // refuses once it is already over it (`rabbit_fifo:is_over_limit/1`:
            // `messages_ready > MaxLength orelse BytesEnq > MaxBytes`, checked before the
            // enqueue), so it takes one message more (found by the differential run against
            // 4.0.5, seed 20261197).
            let over = if q.is_quorum() {
                a.max_length.is_some_and(|m| q.store.len() > m)
                    || a.max_length_bytes.is_some_and(|m| q.store.bytes() > m)
            } else {
                a.max_length.is_some_and(|m| q.store.len() + 1 > m)
                    || a.max_length_bytes
                        .is_some_and(|m| q.store.bytes() + msg.size() > m)
            };
            if over {
                q.stats.refused += 1;
                ev.push(Event::RefusedByOverflow {
                    msg: msg.id,
                    queue: q.name.clone(),
                    policy: a.overflow,
                });
                if a.overflow == Overflow::RejectPublish {
                    ledger.refused_overflow += 1;
                } else {
                    q.stats.died[DeathReason::Maxlen.index()] += 1;
                    let qm = QueuedMessage {
                        seq: 0,
                        msg,
                        redelivered: false,
                        delivery_count: 0,
                        expires_at: None,
                        enqueued_at: now,
                    };
                    dead.push_back(PendingDeath {
                        qm,
                        reason: DeathReason::Maxlen,
                        queue: q.name.clone(),
                        dlx: a.dead_letter_exchange.clone(),
                        dl_routing_key: a.dead_letter_routing_key.clone(),
                    });
                }
                return false;
            }
        }
        let expires_at = a.expiry_for(&msg, now);
        let id = msg.id;
        let seq = q.next_seq;
        q.next_seq += 1;
        // A quorum queue starts from the count a dead-lettering quorum queue left on the
        // message, and hands it out as a redelivery (`rabbit_fifo` takes the header's
        // `delivery_count` from the message's annotations).
        let count = if q.is_quorum() { msg.delivery_count } else { 0 };
        q.store.push(QueuedMessage {
            seq,
            msg,
            redelivered: count > 0,
            delivery_count: count,
            expires_at,
            enqueued_at: now,
        });
        q.stats.enqueued += 1;
        // Into an empty queue: a waiting consumer gets it before any expiry check
        // (`attempt_delivery/4` runs before `drop_expired_msgs`), so TTL 0 still reaches it.
        let fresh = q.store.len() == 1;
        ev.push(Event::Enqueued {
            msg: id,
            queue: q.name.clone(),
            ready: q.store.len(),
        });
        run(q, consumers, channels, ledger, dead, now, fresh, ev);
        true
    }

    /// Serves consumers, then applies the length limits and TTL (`deliver_or_enqueue`,
    /// `requeue_and_run`).
    pub(crate) fn run_queue(&mut self, qid: QueueId, ev: &mut Vec<Event>) {
        let Broker {
            queues,
            consumers,
            channels,
            ledger,
            dead,
            now,
            ..
        } = self;
        let Some(q) = queues.get_mut(&qid) else {
            return;
        };
        run(q, consumers, channels, ledger, dead, *now, false, ev);
    }

    /// Expired heads die with reason `expired`.
    pub(crate) fn expire_heads(&mut self, qid: QueueId) {
        if let Some(q) = self.queues.get_mut(&qid) {
            expire_into(q, &mut self.dead, self.now);
        }
    }

    /// basic.get
    pub(crate) fn get(
        &mut self,
        channel: ChannelId,
        qname: &str,
        auto_ack: bool,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        self.channel(channel)?;
        let qid = self.check_queue_access(channel, qname)?;
        let now = self.now;
        self.expire_heads(qid);
        let q = self.queues.get_mut(&qid).expect("checked");
        q.last_used = now;
        let Some(qm) = q.store.pop() else {
            ev.push(Event::GetEmpty {
                channel,
                queue: q.name.clone(),
            });
            return Ok(());
        };
        q.stats.delivered += 1;
        if qm.redelivered {
            q.stats.redelivered += 1;
        }
        let (id, redelivered) = (qm.msg.id, qm.redelivered);
        let ch = self.channels.get_mut(&channel).expect("checked");
        let tag = if auto_ack {
            self.ledger.acked += 1;
            q.stats.acked += 1;
            ch.take_tag()
        } else {
            q.unacked += 1;
            ch.push_unacked(Unacked {
                queue: qid,
                queue_name: q.name.clone(),
                consumer: None,
                qm,
                delivered_at: now,
                orphan: false,
            })
        };
        ev.push(Event::Delivered {
            msg: id,
            queue: q.name.clone(),
            channel,
            consumer: None,
            delivery_tag: tag,
            redelivered,
            auto_ack,
        });
        self.expire_heads(qid);
        Ok(())
    }

    /// Takes the deliveries `collect_acks` selects, or 406 if the tag is unknown.
    fn take_deliveries(
        &mut self,
        channel: ChannelId,
        tag: u64,
        multiple: bool,
    ) -> Result<Vec<(u64, Unacked)>, Error> {
        let ch = self.channel_mut(channel)?;
        if !multiple {
            return match ch.take(tag) {
                Some(u) => Ok(vec![(tag, u)]),
                None => Err(Error::UnknownDeliveryTag {
                    channel: channel.0,
                    delivery_tag: tag,
                }),
            };
        }
        let Some(tags) = ch.collect(tag, multiple) else {
            return Err(Error::UnknownDeliveryTag {
                channel: channel.0,
                delivery_tag: tag,
            });
        };
        Ok(tags
            .into_iter()
            .filter_map(|t| ch.take(t).map(|u| (t, u)))
            .collect())
    }

    /// Bookkeeping when a delivery leaves a channel: counters (and the ack, if `acked`, so the
    /// queue is looked up once), and a consumer whose window reopens goes back to the end of
    /// its queue's round-robin.
    fn release(&mut self, u: &Unacked, acked: bool) {
        if u.orphan {
            return;
        }
        if acked {
            self.ledger.acked += 1;
        }
        if let Some(q) = self.queues.get_mut(&u.queue) {
            q.unacked -= 1;
            if acked {
                q.stats.acked += 1;
            }
            if let Some(cid) = u.consumer
                && let Some(c) = self.consumers.get_mut(&cid)
            {
                c.unacked -= 1;
                if c.has_room()
                    && let Some(pos) = q.blocked.iter().position(|x| *x == cid)
                {
                    q.blocked.remove(pos);
                    q.active.push_back(cid);
                }
            }
            if !q.store.is_empty() {
                self.pending.insert(u.queue);
            }
        }
    }

    pub(crate) fn ack(
        &mut self,
        channel: ChannelId,
        tag: u64,
        multiple: bool,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if !multiple {
            let Some(u) = self.channel_mut(channel)?.take(tag) else {
                return Err(Error::UnknownDeliveryTag {
                    channel: channel.0,
                    delivery_tag: tag,
                });
            };
            self.ack_one(channel, tag, u, ev);
            return Ok(());
        }
        for (t, u) in self.take_deliveries(channel, tag, multiple)? {
            self.ack_one(channel, t, u, ev);
        }
        Ok(())
    }

    fn ack_one(&mut self, channel: ChannelId, tag: u64, u: Unacked, ev: &mut Vec<Event>) {
        self.release(&u, true);
        ev.push(Event::Acked {
            msg: u.qm.msg.id,
            queue: u.queue_name,
            channel,
            delivery_tag: tag,
        });
    }

    /// basic.nack / basic.reject.
    pub(crate) fn nack(
        &mut self,
        channel: ChannelId,
        tag: u64,
        multiple: bool,
        requeue: bool,
        cause: RequeueCause,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        for (_, u) in self.take_deliveries(channel, tag, multiple)? {
            self.release(&u, false);
            if u.orphan {
                continue;
            }
            if requeue {
                self.return_to_queue(u, cause, ev);
            } else {
                self.die(u.qm, DeathReason::Rejected, u.queue, u.queue_name);
            }
        }
        Ok(())
    }

    /// Every unacked delivery of the channel goes back to its queue.
    pub(crate) fn return_all(
        &mut self,
        channel: ChannelId,
        cause: RequeueCause,
        ev: &mut Vec<Event>,
    ) {
        let Some(ch) = self.channels.get(&channel) else {
            return;
        };
        let tags: Vec<u64> = ch.tags().collect();
        for t in tags {
            let Some(u) = self.channels.get_mut(&channel).and_then(|ch| ch.take(t)) else {
                continue;
            };
            self.release(&u, false);
            if !u.orphan {
                self.return_to_queue(u, cause, ev);
            }
        }
    }

    /// A delivery returns to its queue, redelivered; in a quorum queue that counts against
    /// `x-delivery-limit` (`rabbit_fifo`: `delivery_count > limit` dead-letters it with reason
    /// `delivery_limit`).
    fn return_to_queue(&mut self, u: Unacked, cause: RequeueCause, ev: &mut Vec<Event>) {
        let Some(q) = self.queues.get_mut(&u.queue) else {
            return;
        };
        let mut qm = u.qm;
        qm.redelivered = true;
        let quorum = q.is_quorum();
        if quorum {
            qm.delivery_count += 1;
            if q.args.delivery_limit.is_some_and(|l| qm.delivery_count > l) {
                self.die(qm, DeathReason::DeliveryLimit, u.queue, u.queue_name);
                return;
            }
        }
        q.stats.requeued += 1;
        ev.push(Event::Requeued {
            msg: qm.msg.id,
            queue: u.queue_name,
            cause,
        });
        q.store.requeue(qm, quorum);
        self.pending.insert(u.queue);
    }

    /// A message dies in a queue: queue it for dead-lettering with the queue's current settings.
    fn die(&mut self, qm: QueuedMessage, reason: DeathReason, qid: QueueId, queue: Name) {
        let (dlx, dl_routing_key) = match self.queues.get_mut(&qid) {
            Some(q) => {
                q.stats.died[reason.index()] += 1;
                (
                    q.args.dead_letter_exchange.clone(),
                    q.args.dead_letter_routing_key.clone(),
                )
            }
            None => (None, None),
        };
        self.dead.push_back(PendingDeath {
            qm,
            reason,
            queue,
            dlx,
            dl_routing_key,
        });
    }

    /// Works off dead letters and queues to serve until nothing is left.
    pub(crate) fn settle(&mut self, ev: &mut Vec<Event>) {
        let mut hops = 0usize;
        loop {
            if let Some(d) = self.dead.pop_front() {
                hops += 1;
                if hops > MAX_DEAD_LETTER_HOPS_PER_COMMAND {
                    // Unreachable in practice (cycles are dropped); keep the books right anyway.
                    let outcome = DeadLetterOutcome::Cycle {
                        exchange: d.dlx.unwrap_or_default(),
                        queues: vec![],
                    };
                    self.ledger.died(d.reason, &outcome);
                    ev.push(Event::DeadLettered {
                        msg: d.qm.msg.id,
                        queue: d.queue,
                        reason: d.reason,
                        outcome: Box::new(outcome),
                    });
                    continue;
                }
                self.dead_letter(d, ev);
                continue;
            }
            if let Some(q) = self.pending.pop_first() {
                self.run_queue(q, ev);
                continue;
            }
            break;
        }
    }

    /// `rabbit_dead_letter:publish/5`.
    fn dead_letter(&mut self, d: PendingDeath, ev: &mut Vec<Event>) {
        let id = d.qm.msg.id;
        let Some(dlx) = d.dlx else {
            let outcome = DeadLetterOutcome::Discarded;
            self.ledger.died(d.reason, &outcome);
            ev.push(Event::DeadLettered {
                msg: id,
                queue: d.queue,
                reason: d.reason,
                outcome: Box::new(outcome),
            });
            return;
        };
        if !self.exchanges.contains_key(&dlx) {
            let outcome = DeadLetterOutcome::ExchangeMissing { exchange: dlx };
            self.ledger.died(d.reason, &outcome);
            ev.push(Event::DeadLettered {
                msg: id,
                queue: d.queue,
                reason: d.reason,
                outcome: Box::new(outcome),
            });
            return;
        }
        let mut m: Message = (*d.qm.msg).clone();
        record_death(&mut m, d.reason, &d.queue, self.now);
        // A quorum queue passes its delivery count on, one more for a rejection (found by the
        // differential run against 4.0.5, seeds 20261173, 20261192, 20261225: a copy rejected
        // once arrives redelivered with x-delivery-count 1).
        let from_quorum = self
            .queue_ids
            .get(d.queue.as_ref() as &str)
            .and_then(|id| self.queues.get(id))
            .is_some_and(|q| q.is_quorum());
        if from_quorum {
            m.delivery_count = d.qm.delivery_count + u64::from(d.reason == DeathReason::Rejected);
        }
        m.properties.expiration = None;
        if let Some(rk) = d.dl_routing_key {
            m.routing_key = rk;
        }
        m.exchange = dlx.clone();
        let headers = m.routing_headers().map(|h| h.into_owned());
        let mut ids = Vec::new();
        let decision = self.route(
            &dlx,
            &m.routing_key,
            headers.as_ref(),
            routing::Explain::QueuesOnly,
            &mut ids,
        );
        let mut targets = Vec::new();
        let mut cycles = Vec::new();
        for (qid, name) in ids.into_iter().zip(decision.queues) {
            if d.reason != DeathReason::Rejected && is_death_cycle(&m, &name) {
                cycles.push(name);
            } else {
                targets.push((qid, name));
            }
        }
        let outcome = if targets.is_empty() {
            if cycles.is_empty() {
                DeadLetterOutcome::Unroutable {
                    exchange: dlx,
                    routing_key: m.routing_key.clone(),
                }
            } else {
                DeadLetterOutcome::Cycle {
                    exchange: dlx,
                    queues: cycles,
                }
            }
        } else {
            DeadLetterOutcome::Routed {
                exchange: dlx,
                routing_key: m.routing_key.clone(),
                queues: targets.iter().map(|(_, n)| n.clone()).collect(),
                cycles_dropped: cycles,
            }
        };
        self.ledger.died(d.reason, &outcome);
        ev.push(Event::DeadLettered {
            msg: id,
            queue: d.queue,
            reason: d.reason,
            outcome: Box::new(outcome),
        });
        let m = Arc::new(m);
        for (q, _) in targets {
            self.ledger.copies_from_dead_letter += 1;
            self.enqueue(q, m.clone(), ev);
        }
    }
}

/// [`Broker::run_queue`] on a queue already borrowed; `fresh`: a message just entered it empty.
#[allow(clippy::too_many_arguments)]
fn run(
    q: &mut QueueState,
    consumers: &mut IdMap<ConsumerId, ConsumerState>,
    channels: &mut IdMap<ChannelId, ChannelState>,
    ledger: &mut Ledger,
    dead: &mut VecDeque<PendingDeath>,
    now: Time,
    fresh: bool,
    ev: &mut Vec<Event>,
) {
    dispatch(q, consumers, channels, ledger, dead, now, fresh, ev);
    drop_over_limit(q, dead);
    expire_into(q, dead, now);
}

/// Round-robin delivery to consumers with room in their prefetch window.
#[allow(clippy::too_many_arguments)]
fn dispatch(
    q: &mut QueueState,
    consumers: &mut IdMap<ConsumerId, ConsumerState>,
    channels: &mut IdMap<ChannelId, ChannelState>,
    ledger: &mut Ledger,
    dead: &mut VecDeque<PendingDeath>,
    now: Time,
    mut fresh: bool,
    ev: &mut Vec<Event>,
) {
    loop {
        if !fresh {
            expire_into(q, dead, now);
        }
        fresh = false;
        if q.store.is_empty() {
            return;
        }
        let Some(cid) = q.active.pop_front() else {
            return;
        };
        let Some(c) = consumers.get_mut(&cid) else {
            continue;
        };
        if !c.has_room() {
            q.blocked.push(cid);
            continue;
        }
        let qm = q.store.pop().expect("not empty");
        q.active.push_back(cid);
        q.stats.delivered += 1;
        if qm.redelivered {
            q.stats.redelivered += 1;
        }
        c.delivered += 1;
        let ch = channels
            .get_mut(&c.channel)
            .expect("a consumer's channel is open");
        let (id, redelivered) = (qm.msg.id, qm.redelivered);
        let tag = if c.auto_ack {
            ledger.acked += 1;
            q.stats.acked += 1;
            ch.take_tag()
        } else {
            c.unacked += 1;
            q.unacked += 1;
            ch.push_unacked(Unacked {
                queue: q.id,
                queue_name: q.name.clone(),
                consumer: Some(cid),
                qm,
                delivered_at: now,
                orphan: false,
            })
        };
        ev.push(Event::Delivered {
            msg: id,
            queue: q.name.clone(),
            channel: c.channel,
            consumer: Some(c.tag.clone()),
            delivery_tag: tag,
            redelivered,
            auto_ack: c.auto_ack,
        });
    }
}

/// `maybe_drop_head/1`: while over `x-max-length(-bytes)` with `drop-head`, the head dies with
/// reason `maxlen`. (Inlined check, out-of-line work: it runs after every delivery.)
#[inline]
fn drop_over_limit(q: &mut QueueState, dead: &mut VecDeque<PendingDeath>) {
    let a = &q.args;
    if a.overflow == Overflow::DropHead && (a.max_length.is_some() || a.max_length_bytes.is_some())
    {
        drop_over_limit_slow(q, dead);
    }
}

fn drop_over_limit_slow(q: &mut QueueState, dead: &mut VecDeque<PendingDeath>) {
    let (ml, mb) = (q.args.max_length, q.args.max_length_bytes);
    while ml.is_some_and(|m| q.store.len() > m) || mb.is_some_and(|m| q.store.bytes() > m) {
        let Some(qm) = q.store.pop() else { break };
        q.stats.died[DeathReason::Maxlen.index()] += 1;
        dead.push_back(PendingDeath {
            qm,
            reason: DeathReason::Maxlen,
            queue: q.name.clone(),
            dlx: q.args.dead_letter_exchange.clone(),
            dl_routing_key: q.args.dead_letter_routing_key.clone(),
        });
    }
}

/// Moves a queue's expired heads to the dead-letter work list. (Inlined check, out-of-line
/// work: it runs around every delivery.)
#[inline]
fn expire_into(q: &mut QueueState, dead: &mut VecDeque<PendingDeath>, now: Time) {
    if q.store.has_expiring() {
        expire_into_slow(q, dead, now);
    }
}

fn expire_into_slow(q: &mut QueueState, dead: &mut VecDeque<PendingDeath>, now: Time) {
    let mut out = Vec::new();
    q.store.take_expired(now, &mut out);
    for qm in out {
        q.stats.died[DeathReason::Expired.index()] += 1;
        dead.push_back(PendingDeath {
            qm,
            reason: DeathReason::Expired,
            queue: q.name.clone(),
            dlx: q.args.dead_letter_exchange.clone(),
            dl_routing_key: q.args.dead_letter_routing_key.clone(),
        });
    }
}
