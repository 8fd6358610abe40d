//! Broker restart: what survives and what is lost, each loss accounted with its reason
//! (<https://www.rabbitmq.com/docs/queues#durability>, <https://www.rabbitmq.com/docs/persistence-conf>):
//!
//! * connections drop first: unacked deliveries return to their queues, marked redelivered;
//! * non-durable queues and exclusive queues vanish with their messages;
//! * in durable classic queues, transient messages (delivery mode 1) are lost and persistent
//!   ones (delivery mode 2) survive in order; quorum queues keep every message;
//! * non-durable exchanges vanish, and with them every binding to or from them (a binding is
//!   durable only when both ends are).

use super::broker::Broker;
use super::command::{ChannelId, CloseCause};
use super::event::{Event, ExchangeDeleteCause, QueueDeleteCause, RestartLoss};

impl Broker {
    pub(crate) fn restart(&mut self, ev: &mut Vec<Event>) {
        let channels: Vec<ChannelId> = self.channels.keys().copied().collect();
        for ch in channels {
            self.close_channel(ch, CloseCause::BrokerRestart, ev);
        }
        self.settle(ev);
        let ids: Vec<_> = self.queues.keys().copied().collect();
        for id in ids {
            let now = self.now;
            let q = self.queues.get_mut(&id).expect("listed");
            let name = q.name.clone();
            let loss = if q.exclusive.is_some() {
                Some(RestartLoss::ExclusiveQueue)
            } else if !q.durable {
                Some(RestartLoss::QueueNotDurable)
            } else {
                None
            };
            let quorum = q.is_quorum();
            let all = q.store.drain();
            for qm in all {
                let lost = loss
                    .or((!quorum && !qm.msg.is_persistent())
                        .then_some(RestartLoss::TransientMessage));
                match lost {
                    Some(why) => {
                        self.ledger.lost(why);
                        ev.push(Event::LostOnRestart {
                            msg: qm.msg.id,
                            queue: name.clone(),
                            reason: why,
                        });
                    }
                    None => q.store.push(qm),
                }
            }
            q.active.clear();
            q.blocked.clear();
            q.had_consumer = false;
            q.exclusive_consumer = false;
            q.unacked = 0;
            q.last_used = now;
            if loss.is_some() {
                self.delete_queue(id, QueueDeleteCause::Restart, ev);
            }
        }
        let transient: Vec<String> = self
            .exchanges
            .values()
            .filter(|x| !x.def.durable)
            .map(|x| x.def.name.clone())
            .collect();
        for x in transient {
            self.delete_exchange(&x, ExchangeDeleteCause::Restart, ev);
        }
        self.consumers.clear();
        ev.push(Event::BrokerRestarted { at: self.now });
    }
}
