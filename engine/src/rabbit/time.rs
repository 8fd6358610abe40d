//! Logical time: `advance` walks from one due instant to the next (a head's expiry, a simulated
//! consumer's settle time, a queue's `x-expires`), so that things happen in the order they would
//! in real time, then samples the metrics.

use super::broker::Broker;
use super::command::{AutoSettle, ChannelId};
use super::event::{Event, QueueDeleteCause, RequeueCause};
use super::limits::TICK_MS;
use super::message::Time;

impl Broker {
    pub(crate) fn advance_time(&mut self, ms: u64, ev: &mut Vec<Event>) {
        let target = self.now.saturating_add(ms);
        if self.stream.is_some() {
            // The stream publishes at the end of every tick's worth of time, as it would while
            // the playground plays, so TTLs and consumers see its messages spread over time.
            while self.now < target && self.stream.is_some() {
                let step = (target - self.now).min(TICK_MS);
                self.walk_to(self.now + step, ev);
                self.stream_step(step, ev);
            }
        }
        self.walk_to(target, ev);
        self.sample_metrics();
        ev.push(Event::TimeAdvanced { now: self.now });
    }

    /// Walks from one due instant to the next up to `target`, handling what each one brings.
    fn walk_to(&mut self, target: Time, ev: &mut Vec<Event>) {
        loop {
            self.process_due(ev);
            match self.next_due().filter(|&t| t > self.now && t <= target) {
                Some(t) => self.now = t,
                None => {
                    if self.now == target {
                        break;
                    }
                    self.now = target;
                }
            }
        }
    }

    /// Everything due at `now`: expired heads, simulated consumers, unused queues.
    fn process_due(&mut self, ev: &mut Vec<Event>) {
        let ids: Vec<_> = self.queues.keys().copied().collect();
        for q in ids {
            self.expire_heads(q);
        }
        self.settle(ev);
        for (ch, tag, action) in self.due_settles() {
            let _ = match action {
                AutoSettle::Ack => self.ack(ch, tag, false, ev),
                AutoSettle::NackRequeue => self.nack(ch, tag, false, true, RequeueCause::Nack, ev),
                AutoSettle::Reject => self.nack(ch, tag, false, false, RequeueCause::Reject, ev),
            };
            self.settle(ev);
        }
        let now = self.now;
        let unused: Vec<_> = self
            .queues
            .values()
            .filter(|q| {
                q.consumer_count() == 0
                    && q.args
                        .expires
                        .is_some_and(|e| now >= q.last_used.saturating_add(e))
            })
            .map(|q| q.id)
            .collect();
        for q in unused {
            self.delete_queue(q, QueueDeleteCause::Expired, ev);
        }
        self.settle(ev);
    }

    /// Deliveries whose simulated consumer settles them now, in channel and tag order.
    fn due_settles(&self) -> Vec<(ChannelId, u64, AutoSettle)> {
        let mut due = Vec::new();
        for (&id, ch) in &self.channels {
            for (tag, u) in ch.iter() {
                let Some(c) = u.consumer.and_then(|c| self.consumers.get(&c)) else {
                    continue;
                };
                if let Some(b) = c.behaviour
                    && !u.orphan
                    && u.delivered_at.saturating_add(b.after_ms) <= self.now
                {
                    due.push((id, tag, b.action));
                }
            }
        }
        due
    }

    /// The next instant something is due.
    fn next_due(&self) -> Option<Time> {
        let heads = self
            .queues
            .values()
            .filter(|q| q.store.has_expiring())
            .filter_map(|q| q.store.next_head_expiry());
        let unused = self
            .queues
            .values()
            .filter(|q| q.consumer_count() == 0)
            .filter_map(|q| q.args.expires.map(|e| q.last_used.saturating_add(e)));
        let settles = self.channels.values().flat_map(|ch| {
            ch.iter().filter_map(|(_, u)| {
                let c = self.consumers.get(&u.consumer?)?;
                Some(u.delivered_at.saturating_add(c.behaviour?.after_ms))
            })
        });
        heads.chain(unused).chain(settles).min()
    }
}
