//! Channels and consumers: delivery tags, unacknowledged deliveries, prefetch windows and
//! publisher-confirm sequence numbers.
//!
//! * Delivery tags count up from 1 per channel (AMQP 0-9-1 §1.8.3.13); `multiple` acks settle
//!   every outstanding tag up to the given one, and tag 0 with `multiple` means all
//!   (`rabbit_channel:collect_acks/3`). An unknown tag is 406 PRECONDITION_FAILED.
//! * `basic.qos` with `global=false` limits each consumer started afterwards on the channel to
//!   that many unacknowledged deliveries (<https://www.rabbitmq.com/docs/consumer-prefetch>).
//! * A queue serves its consumers round-robin; a consumer whose window is full is set aside and
//!   rejoins at the back when an ack frees it (`rabbit_queue_consumers.erl`, `deliver/3`,
//!   `unblock/3`).
//! * Publisher confirms: after `confirm.select` a channel numbers its publishes from 1 (its own
//!   sequence, apart from delivery tags of deliveries) and the broker answers each with
//!   `basic.ack`, or `basic.nack` when a queue refused the message (`rabbit_channel.erl`,
//!   `handle_method(#'confirm.select'{})` sets `next_publish_seqno = 1`; `rabbit_confirms.erl`
//!   tracks what each queue still owes). The channel keeps the last [`RECENT_CONFIRMS`] answers
//!   as [`ConfirmReceipt`]s so a lesson can see that a confirm arrived.

use super::command::{Behaviour, ChannelId};
use super::exchange::{Name, QueueId};
use super::message::MsgId;
use super::message::Time;
use super::queue::QueuedMessage;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// How many confirm answers a channel keeps for its view (older ones are only counted).
pub const RECENT_CONFIRMS: usize = 32;

/// One publisher confirm the broker sent on a channel: `basic.ack` (`ack`) or `basic.nack`
/// for the publish numbered `delivery_tag`. The engine answers every publish on its own
/// (`multiple` is always false: RabbitMQ may also acknowledge several at once with
/// `multiple=true`, which a client must handle, and the engine never does).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConfirmReceipt {
    pub delivery_tag: u64,
    pub multiple: bool,
    pub ack: bool,
    /// The message it confirms, and that message's `message-id` property (the publisher's
    /// own key for it).
    pub msg: MsgId,
    pub message_id: Option<String>,
}

/// The confirms a channel has received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct ConfirmLog {
    pub acks: u64,
    pub nacks: u64,
    /// Oldest first, at most [`RECENT_CONFIRMS`].
    pub recent: VecDeque<ConfirmReceipt>,
}

impl ConfirmLog {
    pub fn record(&mut self, r: ConfirmReceipt) {
        if r.ack {
            self.acks += 1;
        } else {
            self.nacks += 1;
        }
        if self.recent.len() == RECENT_CONFIRMS {
            self.recent.pop_front();
        }
        self.recent.push_back(r);
    }
}

/// Internal consumer id (consumer tags are per channel; this is global and never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ConsumerId(pub u64);

#[derive(Clone, Debug, Hash)]
pub(crate) struct ConsumerState {
    pub tag: Name,
    pub channel: ChannelId,
    pub queue: QueueId,
    pub prefetch: u16,
    pub auto_ack: bool,
    pub exclusive: bool,
    pub unacked: u32,
    pub delivered: u64,
    pub behaviour: Option<Behaviour>,
}

impl ConsumerState {
    /// Can it take one more delivery now?
    pub fn has_room(&self) -> bool {
        self.auto_ack || self.prefetch == 0 || self.unacked < self.prefetch as u32
    }
}

/// One unacknowledged delivery.
#[derive(Clone, Debug, Hash)]
pub(crate) struct Unacked {
    pub queue: QueueId,
    pub queue_name: Name,
    /// `None` for basic.get.
    pub consumer: Option<ConsumerId>,
    pub qm: QueuedMessage,
    pub delivered_at: Time,
    /// Its queue was deleted (already accounted as deleted with it); acking it is harmless.
    pub orphan: bool,
}

#[derive(Clone, Debug, Hash, Default)]
pub(crate) struct ChannelState {
    /// The connection it belongs to (named by the channel that opened it).
    pub connection: ChannelId,
    pub prefetch: u16,
    pub confirm: bool,
    pub next_publish_seq: u64,
    pub confirms: ConfirmLog,
    pub next_tag: u64,
    /// Delivery tag of `unacked[0]`.
    base_tag: u64,
    unacked: VecDeque<Option<Unacked>>,
    pub unacked_count: u64,
    pub consumers: BTreeMap<String, ConsumerId>,
}

impl ChannelState {
    pub fn new(connection: ChannelId) -> Self {
        ChannelState {
            connection,
            next_publish_seq: 1,
            next_tag: 1,
            base_tag: 1,
            ..Default::default()
        }
    }

    /// Records a delivery needing an ack under the next tag; returns the tag.
    pub fn push_unacked(&mut self, u: Unacked) -> u64 {
        let tag = self.next_tag;
        self.next_tag += 1;
        if self.unacked.is_empty() {
            self.base_tag = tag;
        }
        // Tags handed out for auto-ack deliveries leave holes.
        while self.base_tag + (self.unacked.len() as u64) < tag {
            self.unacked.push_back(None);
        }
        self.unacked.push_back(Some(u));
        self.unacked_count += 1;
        tag
    }

    /// A tag for a delivery that needs no ack.
    pub fn take_tag(&mut self) -> u64 {
        let t = self.next_tag;
        self.next_tag += 1;
        t
    }

    pub fn get(&self, tag: u64) -> Option<&Unacked> {
        let i = tag.checked_sub(self.base_tag)? as usize;
        self.unacked.get(i)?.as_ref()
    }

    /// The tags `collect_acks` would settle, in tag order, or `None` if the tag is unknown.
    pub fn collect(&self, tag: u64, multiple: bool) -> Option<Vec<u64>> {
        if multiple && tag == 0 {
            return Some(self.tags().collect());
        }
        self.get(tag)?;
        if multiple {
            Some(self.tags().filter(|&t| t <= tag).collect())
        } else {
            Some(vec![tag])
        }
    }

    pub fn take(&mut self, tag: u64) -> Option<Unacked> {
        let i = tag.checked_sub(self.base_tag)? as usize;
        let u = self.unacked.get_mut(i)?.take()?;
        self.unacked_count -= 1;
        while matches!(self.unacked.front(), Some(None)) {
            self.unacked.pop_front();
            self.base_tag += 1;
        }
        Some(u)
    }

    pub fn tags(&self) -> impl Iterator<Item = u64> + '_ {
        self.unacked
            .iter()
            .enumerate()
            .filter(|(_, u)| u.is_some())
            .map(move |(i, _)| self.base_tag + i as u64)
    }

    pub fn iter(&self) -> impl Iterator<Item = (u64, &Unacked)> {
        self.unacked
            .iter()
            .enumerate()
            .filter_map(move |(i, u)| u.as_ref().map(|u| (self.base_tag + i as u64, u)))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Unacked> {
        self.unacked.iter_mut().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_multiple() {
        let mut c = ChannelState::new(ChannelId(1));
        assert_eq!(c.take_tag(), 1);
        assert_eq!(c.collect(1, false), None);
        assert!(c.collect(0, true).unwrap().is_empty());
    }
}
