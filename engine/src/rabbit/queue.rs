//! Queues: declared properties, the `x-*` arguments RabbitMQ validates and applies, and the
//! message store with RabbitMQ's ordering rules.
//!
//! * Arguments are validated as `rabbit_amqqueue:declare_args/0` does (`check_*_arg`), with its
//!   errors; unknown arguments are kept and ignored.
//! * A classic queue with `x-max-priority` keeps one sub-queue per priority 0..=max and always
//!   serves the highest non-empty one (`rabbit_priority_queue.erl`); a message above the maximum
//!   counts as the maximum, one without priority as 0. Within a level: FIFO.
//! * Requeued classic messages go back to their original position (`rabbit_variable_queue:requeue/2`
//!   restores them by sequence id); quorum queues put returned messages in a `returns` queue
//!   served before the others (`rabbit_fifo`).
//! * Message TTL is the lower of `x-message-ttl` and the message's `expiration`, fixed when the
//!   message enters the queue and kept on requeue. Only heads expire
//!   (`rabbit_amqqueue_process:drop_expired_msgs/2`): an expired message behind a live one waits
//!   (<https://www.rabbitmq.com/docs/ttl#per-message-ttl-caveats>).
//! * Length limits count ready messages only, and bytes are body bytes
//!   (<https://www.rabbitmq.com/docs/maxlength>).

use super::error::{ArgProblem, Error, ObjectKind};
use super::limits::MAX_SUPPORTED_PRIORITY;
use super::message::{MAX_EXPIRY_TIMER, Message, Time};
use super::value::{FieldTable, FieldValue, ValueKind};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

/// `x-queue-type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum QueueType {
    #[default]
    Classic,
    Quorum,
}

impl QueueType {
    pub fn as_str(self) -> &'static str {
        match self {
            QueueType::Classic => "classic",
            QueueType::Quorum => "quorum",
        }
    }
}

/// `x-overflow`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Overflow {
    /// Drop (or dead-letter) the oldest ready message.
    #[default]
    DropHead,
    /// Refuse the new message; the publisher gets a nack under confirms.
    RejectPublish,
    /// Refuse the new message and dead-letter it (classic queues only).
    RejectPublishDlx,
}

impl Overflow {
    pub fn as_str(self) -> &'static str {
        match self {
            Overflow::DropHead => "drop-head",
            Overflow::RejectPublish => "reject-publish",
            Overflow::RejectPublishDlx => "reject-publish-dlx",
        }
    }
}

/// A quorum queue's `x-delivery-limit` when none is declared (RabbitMQ 4.0,
/// `-define(DEFAULT_DELIVERY_LIMIT, 20)` in `rabbit_quorum_queue.erl`).
pub const DEFAULT_DELIVERY_LIMIT: u64 = 20;

/// The arguments the model applies, parsed from the declared table.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct QueueArgs {
    pub queue_type: QueueType,
    pub message_ttl: Option<u64>,
    pub expires: Option<u64>,
    pub max_length: Option<u64>,
    pub max_length_bytes: Option<u64>,
    pub overflow: Overflow,
    pub dead_letter_exchange: Option<String>,
    pub dead_letter_routing_key: Option<String>,
    pub max_priority: Option<u8>,
    pub delivery_limit: Option<u64>,
}

impl QueueArgs {
    /// Validates and parses `args` of queue `name`.
    pub fn parse(name: &str, args: &FieldTable) -> Result<QueueArgs, Error> {
        let bad = |argument: &str, problem: ArgProblem| Error::InvalidArgument {
            kind: ObjectKind::Queue,
            name: name.to_string(),
            argument: argument.to_string(),
            problem,
        };
        let int = |key: &str| -> Result<Option<i64>, Error> {
            match args.get(key) {
                None => Ok(None),
                Some(FieldValue::Int(i)) => Ok(Some(*i)),
                Some(v) => Err(bad(
                    key,
                    ArgProblem::WrongType {
                        expected: ValueKind::Int,
                        got: v.kind(),
                    },
                )),
            }
        };
        let non_neg = |key: &str| -> Result<Option<u64>, Error> {
            match int(key)? {
                Some(i) if i < 0 => Err(bad(key, ArgProblem::Negative(i))),
                Some(i) => Ok(Some(i as u64)),
                None => Ok(None),
            }
        };
        let string = |key: &str| -> Result<Option<String>, Error> {
            match args.get(key) {
                None => Ok(None),
                Some(FieldValue::Str(s)) => Ok(Some(s.clone())),
                Some(v) => Err(bad(
                    key,
                    ArgProblem::WrongType {
                        expected: ValueKind::Str,
                        got: v.kind(),
                    },
                )),
            }
        };
        let mut a = QueueArgs::default();
        if let Some(t) = string("x-queue-type")? {
            a.queue_type = match t.as_str() {
                "classic" => QueueType::Classic,
                "quorum" => QueueType::Quorum,
                _ => return Err(bad("x-queue-type", ArgProblem::UnknownValue(t))),
            };
        }
        // check_message_ttl_arg: non-negative, at most ?MAX_EXPIRY_TIMER.
        a.message_ttl = non_neg("x-message-ttl")?;
        if let Some(t) = a.message_ttl
            && t > MAX_EXPIRY_TIMER
        {
            return Err(bad(
                "x-message-ttl",
                ArgProblem::TooLarge {
                    value: t as i64,
                    max: MAX_EXPIRY_TIMER as i64,
                },
            ));
        }
        // check_expires_arg: a positive integer.
        if let Some(e) = int("x-expires")? {
            if e <= 0 {
                return Err(bad("x-expires", ArgProblem::NotPositive(e)));
            }
            if e as u64 > MAX_EXPIRY_TIMER {
                return Err(bad(
                    "x-expires",
                    ArgProblem::TooLarge {
                        value: e,
                        max: MAX_EXPIRY_TIMER as i64,
                    },
                ));
            }
            a.expires = Some(e as u64);
        }
        a.max_length = non_neg("x-max-length")?;
        a.max_length_bytes = non_neg("x-max-length-bytes")?;
        if let Some(o) = string("x-overflow")? {
            a.overflow = match o.as_str() {
                "drop-head" => Overflow::DropHead,
                "reject-publish" => Overflow::RejectPublish,
                "reject-publish-dlx" if a.queue_type == QueueType::Classic => {
                    Overflow::RejectPublishDlx
                }
                "reject-publish-dlx" => {
                    return Err(bad("x-overflow", ArgProblem::UnsupportedForQueueType));
                }
                _ => return Err(bad("x-overflow", ArgProblem::UnknownValue(o))),
            };
        }
        a.dead_letter_exchange = string("x-dead-letter-exchange")?;
        a.dead_letter_routing_key = string("x-dead-letter-routing-key")?;
        // check_dlxrk_arg: a routing key needs an exchange.
        if a.dead_letter_routing_key.is_some() && a.dead_letter_exchange.is_none() {
            return Err(bad(
                "x-dead-letter-routing-key",
                ArgProblem::RequiresDeadLetterExchange,
            ));
        }
        if let Some(p) = non_neg("x-max-priority")? {
            if a.queue_type == QueueType::Quorum {
                return Err(bad("x-max-priority", ArgProblem::UnsupportedForQueueType));
            }
            if p > MAX_SUPPORTED_PRIORITY as u64 {
                return Err(bad(
                    "x-max-priority",
                    ArgProblem::TooLarge {
                        value: p as i64,
                        max: MAX_SUPPORTED_PRIORITY as i64,
                    },
                ));
            }
            a.max_priority = Some(p as u8);
        }
        a.delivery_limit = non_neg("x-delivery-limit")?;
        // RabbitMQ 4.0 gives every quorum queue a delivery limit: without the argument (or a
        // policy) it is `?DEFAULT_DELIVERY_LIMIT` = 20 (`rabbit_quorum_queue:gather_policy_config/2`),
        // so a poison message is dead-lettered (or dropped) after 20 returns instead of looping.
        if a.queue_type == QueueType::Quorum && a.delivery_limit.is_none() {
            a.delivery_limit = Some(DEFAULT_DELIVERY_LIMIT);
        }
        Ok(a)
    }

    /// `calculate_msg_expiry/2`: the lower of the queue's and the message's TTL.
    pub fn expiry_for(&self, m: &Message, now: Time) -> Option<Time> {
        match (self.message_ttl, m.ttl()) {
            (None, None) => None,
            (a, b) => Some(now.saturating_add(a.unwrap_or(u64::MAX).min(b.unwrap_or(u64::MAX)))),
        }
    }
}

/// A message in one queue.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct QueuedMessage {
    /// Position in the queue's order of arrival.
    pub seq: u64,
    pub msg: Arc<Message>,
    pub redelivered: bool,
    /// Times returned to the queue (quorum queues count these against `x-delivery-limit`).
    pub delivery_count: u64,
    pub expires_at: Option<Time>,
    pub enqueued_at: Time,
}

/// The ready messages of a queue, ordered as RabbitMQ serves them.
#[derive(Clone, Debug, Default, Hash)]
pub(crate) struct Store {
    /// Quorum queues: returned messages, served first.
    returns: VecDeque<QueuedMessage>,
    /// One FIFO per priority level (one level without `x-max-priority`).
    levels: Vec<VecDeque<QueuedMessage>>,
    count: u64,
    bytes: u64,
    /// Ready messages that have an expiry (so queues without TTL skip expiry checks).
    expiring: u64,
    /// Quorum queues (RabbitMQ 4.0, `rabbit_fifo_q`): two levels, normal (0) and high (1,
    /// priority above 4), served high first except that every third take (`?WEIGHT` = 2) the
    /// older of the two heads goes.
    quorum: bool,
    /// `rabbit_fifo_q`'s `dequeue_counter`.
    dequeues: u8,
}

/// `rabbit_fifo_q`'s `-define(WEIGHT, 2)`.
const QUORUM_WEIGHT: u8 = 2;

impl Store {
    pub fn new(max_priority: Option<u8>) -> Self {
        let n = max_priority.map_or(1, |p| p as usize + 1);
        Store {
            returns: VecDeque::new(),
            levels: vec![VecDeque::new(); n],
            count: 0,
            bytes: 0,
            expiring: 0,
            quorum: false,
            dequeues: 0,
        }
    }

    /// A quorum queue's store: two priority levels (`rabbit_fifo:priority_tag/1`: priority 5
    /// and above is high) and a returns queue.
    pub fn quorum() -> Self {
        Store {
            quorum: true,
            ..Store::new(Some(1))
        }
    }

    pub fn len(&self) -> u64 {
        self.count
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Does any ready message carry an expiry?
    pub fn has_expiring(&self) -> bool {
        self.expiring > 0
    }

    fn added(&mut self, qm: &QueuedMessage) {
        self.count += 1;
        self.bytes += qm.msg.size();
        self.expiring += qm.expires_at.is_some() as u64;
    }

    fn removed(&mut self, qm: &QueuedMessage) {
        self.count -= 1;
        self.bytes -= qm.msg.size();
        self.expiring -= qm.expires_at.is_some() as u64;
    }

    fn level_of(&self, m: &Message) -> usize {
        let p = m.properties.priority.unwrap_or(0) as usize;
        if self.quorum {
            return usize::from(p > 4);
        }
        p.min(self.levels.len() - 1)
    }

    /// The level served next (`rabbit_fifo_q:next/1` for quorum queues; else the highest
    /// non-empty one).
    fn serving_level(&self) -> Option<usize> {
        if self.quorum {
            let (no, hi) = (self.levels[0].front(), self.levels[1].front());
            return match (no, hi) {
                (Some(n), Some(h)) if self.dequeues == QUORUM_WEIGHT => {
                    Some(usize::from(h.seq < n.seq))
                }
                (_, Some(_)) => Some(1),
                (Some(_), None) => Some(0),
                (None, None) => None,
            };
        }
        self.levels.iter().rposition(|l| !l.is_empty())
    }

    /// `rabbit_fifo_q:out/1` advances its counter on every take.
    fn took_from_level(&mut self) {
        if self.quorum {
            self.dequeues = if self.dequeues == QUORUM_WEIGHT {
                0
            } else {
                self.dequeues + 1
            };
        }
    }

    pub fn push(&mut self, qm: QueuedMessage) {
        self.added(&qm);
        let l = self.level_of(&qm.msg);
        self.levels[l].push_back(qm);
    }

    /// Puts a message back: at its original position (by `seq`) for classic queues, at the end
    /// of the returns queue for quorum queues.
    pub fn requeue(&mut self, qm: QueuedMessage, quorum: bool) {
        self.added(&qm);
        if quorum {
            self.returns.push_back(qm);
            return;
        }
        let l = self.level_of(&qm.msg);
        let level = &mut self.levels[l];
        let pos = level.partition_point(|x| x.seq < qm.seq);
        level.insert(pos, qm);
    }

    /// The message that would be served next.
    pub fn head(&self) -> Option<&QueuedMessage> {
        self.returns
            .front()
            .or_else(|| self.levels[self.serving_level()?].front())
    }

    /// Takes the message served next (delivery, basic.get, drop-head).
    pub fn pop(&mut self) -> Option<QueuedMessage> {
        let qm = match self.returns.pop_front() {
            Some(x) => x,
            None => {
                let l = self.serving_level()?;
                self.took_from_level();
                self.levels[l].pop_front()?
            }
        };
        self.removed(&qm);
        Some(qm)
    }

    /// Takes expired messages from the head in serving order, stopping at the first live head.
    /// A priority queue does the same (`rabbit_priority_queue:dropwhile/2` drops from the
    /// highest-priority sub-queue and moves on only when that one is empty), so an expired
    /// low-priority message waits behind a live high-priority one.
    pub fn take_expired(&mut self, now: Time, out: &mut Vec<QueuedMessage>) {
        while let Some(h) = self.head() {
            if h.expires_at.is_none_or(|e| now < e) {
                break;
            }
            let qm = self.pop().expect("checked");
            out.push(qm);
        }
    }

    /// Removes everything.
    pub fn drain(&mut self) -> Vec<QueuedMessage> {
        let mut all: Vec<QueuedMessage> = self.returns.drain(..).collect();
        for l in self.levels.iter_mut().rev() {
            all.extend(l.drain(..));
        }
        self.count = 0;
        self.bytes = 0;
        self.expiring = 0;
        all
    }

    /// All ready messages, returns first, then by level from the highest (the serving order,
    /// except that a quorum queue interleaves its two levels as it serves them).
    pub fn iter(&self) -> impl Iterator<Item = &QueuedMessage> {
        self.returns
            .iter()
            .chain(self.levels.iter().rev().flat_map(|l| l.iter()))
    }

    /// When the head (in serving order) expires: the only expiry that can happen next.
    pub fn next_head_expiry(&self) -> Option<Time> {
        self.head()?.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rabbit::message::{MsgId, Properties};

    fn qm(seq: u64, prio: Option<u8>, exp: Option<Time>) -> QueuedMessage {
        let msg = Message {
            id: MsgId(seq),
            exchange: String::new(),
            routing_key: String::new(),
            properties: Properties {
                priority: prio,
                ..Default::default()
            },
            body: Arc::from(&b"x"[..]),
            published_at: 0,
            deaths: vec![],
            first_death: None,
            last_death: None,
            delivery_count: 0,
        };
        QueuedMessage {
            seq,
            msg: Arc::new(msg),
            redelivered: false,
            delivery_count: 0,
            expires_at: exp,
            enqueued_at: 0,
        }
    }

    #[test]
    fn priority_then_fifo_and_clamp() {
        let mut s = Store::new(Some(3));
        for (i, p) in [1u8, 9, 3, 1, 0].iter().enumerate() {
            s.push(qm(i as u64, Some(*p), None));
        }
        let order: Vec<u64> = std::iter::from_fn(|| s.pop()).map(|q| q.seq).collect();
        assert_eq!(order, vec![1, 2, 0, 3, 4]);
    }

    #[test]
    fn requeue_restores_position_and_only_heads_expire() {
        let mut s = Store::new(None);
        s.push(qm(0, None, Some(100)));
        s.push(qm(1, None, None));
        s.push(qm(2, None, Some(10)));
        let first = s.pop().unwrap();
        s.requeue(first, false);
        assert_eq!(s.head().unwrap().seq, 0);
        let mut out = vec![];
        s.take_expired(50, &mut out);
        assert!(out.is_empty());
        s.take_expired(100, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(s.len(), 2, "seq 2 expired but waits behind seq 1");
    }

    #[test]
    fn a_live_higher_priority_head_holds_back_expired_lower_ones() {
        // The differential run's minimal case (seed 1166): m4 (priority 0, expiring) then m7
        // (priority 4 clamped to 3, no TTL). RabbitMQ keeps m4 counted behind the live m7.
        let mut s = Store::new(Some(3));
        s.push(qm(4, None, Some(160)));
        s.push(qm(7, Some(4), None));
        let mut out = Vec::new();
        s.take_expired(440, &mut out);
        assert!(out.is_empty());
        assert_eq!(s.len(), 2);
        assert_eq!(s.next_head_expiry(), None);
        // Once m7 is served, m4 is the head and expires.
        assert_eq!(s.pop().map(|q| q.seq), Some(7));
        s.take_expired(440, &mut out);
        assert_eq!(out.iter().map(|q| q.seq).collect::<Vec<_>>(), vec![4]);
    }

    #[test]
    fn arg_validation() {
        let mut t = FieldTable::new();
        t.insert("x-dead-letter-routing-key".into(), "k".into());
        assert!(QueueArgs::parse("q", &t).is_err());
        let mut t = FieldTable::new();
        t.insert("x-expires".into(), 0.into());
        assert!(QueueArgs::parse("q", &t).is_err());
        let mut t = FieldTable::new();
        t.insert("x-max-priority".into(), 256.into());
        assert!(QueueArgs::parse("q", &t).is_err());
        let mut t = FieldTable::new();
        t.insert("x-message-ttl".into(), "10".into());
        assert!(QueueArgs::parse("q", &t).is_err());
    }
}
