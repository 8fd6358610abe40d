//! Where every message is at a moment of the simulated clock.
//!
//! One timeline input (an action or a tick) makes the engine report events in causal order: a
//! batch appended by the leader, copied by each follower, the high watermark moving, the ack
//! going back, a poll; a publish routed through an exchange into queues and delivered. [`plan`]
//! turns those events into *trips*, each on a numbered *leg* of the input's playback. The
//! stage's clock gives a `phase` in `[0, 1]` through the input; a trip's progress along its path
//! is a pure function of that phase (RaftScope's `(now - depart) / (arrive - depart)`), so
//! play, pause, step, speed and scrubbing never hold animation state of their own.
//!
//! The picture is the engine's state after the input, minus what has not arrived yet: a cell a
//! token is still travelling to is drawn as a ghost, the high watermark stays where it was until
//! the copies land, a queue does not show the message that is still on its binding. [`Plan`]
//! answers those questions too.

use engine::kafka::{Acks, Event as KEvent};
use engine::rabbit::{Command as RCommand, DeadLetterOutcome, Event as REvent};
use engine::sim::{Action, Sim, SimEvent};
use std::collections::BTreeMap;

/// How many colours tokens take (Okabe and Ito's colour-blind-safe palette, in the CSS).
pub const PALETTE: u32 = 8;

/// Up to this many tokens of one trip are drawn one by one; beyond, one token says "×N".
pub const SHOWN_PER_TRIP: usize = 8;

/// A place on the stage a token leaves from or arrives at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Producer(String),
    /// One replica's log row of a partition (the leader's or a follower's).
    Row {
        topic: String,
        partition: u32,
        broker: u32,
    },
    Member {
        group: String,
        member: String,
    },
    /// A RabbitMQ channel, where publishers publish and publisher confirms return.
    Channel(u32),
    Exchange(String),
    Queue(String),
    /// The consumers of a channel (deliveries go to them; acks come back from them).
    Consumer(u32),
    /// Nowhere: an unroutable message dropped, a message refused by a full queue, discarded.
    Void,
}

/// What travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Record,
    /// A produce acknowledgement, a consumer's ack, a publisher confirm.
    Ack,
    /// A failed produce, a publisher nack.
    Nack,
    Commit,
    Message,
    /// A message going back to its queue (nack or reject with requeue): it returns with the
    /// redelivered ring.
    Requeue,
    /// Dead-lettered: the dashed way into the dead-letter exchange and its queues.
    DeadLetter,
    /// `mandatory` and unroutable: basic.return to the publisher.
    Returned,
    Dropped,
}

/// One token of a trip, as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What is written on it (a record's key, a message's number).
    pub label: String,
    /// Its colour, one of the palette's [`PALETTE`] entries chosen by its key (`None`:
    /// keyless, drawn grey). The label is always written too: colour is never alone.
    pub colour: Option<u8>,
    /// A Kafka offset or a RabbitMQ message id.
    pub id: u64,
    /// A RabbitMQ message that was delivered before.
    pub redelivered: bool,
}

/// Tokens on one path during one leg.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trip {
    pub from: Node,
    pub to: Node,
    pub leg: u8,
    pub kind: Kind,
    /// The first [`SHOWN_PER_TRIP`] tokens.
    pub items: Vec<Item>,
    /// All of them (the "×N" when more than are shown).
    pub count: u64,
    /// Kafka: the offsets `from..to` this trip delivers to its row or member.
    pub offsets: Option<(u64, u64)>,
}

/// The trips of one input, and what the picture hides until they arrive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub trips: Vec<Trip>,
    /// How many legs the input plays in (0: nothing moves).
    pub legs: u8,
    /// `(topic, partition) → (high watermark before, the leg after which it moves)`.
    pub hw: BTreeMap<(String, u32), (u64, u8)>,
}

/// A trip's progress along its path at `phase` (0 before it leaves, 1 once it has arrived).
pub fn progress(leg: u8, legs: u8, phase: f64) -> f64 {
    if legs == 0 {
        return 1.0;
    }
    (phase * legs as f64 - leg as f64).clamp(0.0, 1.0)
}

/// How many legs have arrived at `phase`: a trip of leg `l` has arrived exactly when
/// `l < arrived(..)`, which is `progress(l, ..) == 1`. What the picture hides until a trip
/// arrives depends on this count only, so it changes a few times per input, not every frame.
pub fn arrived(legs: u8, phase: f64) -> u8 {
    if legs == 0 {
        return u8::MAX;
    }
    (phase.clamp(0.0, 1.0) * legs as f64).floor() as u8
}

impl Plan {
    /// Whether anything is in flight during this input.
    pub fn moves(&self) -> bool {
        self.legs > 0
    }

    /// The trips of the leg under way once `arrived` legs have (see [`arrived`]), each with its
    /// index in [`Plan::trips`].
    pub fn flying(&self, arrived: u8) -> impl Iterator<Item = (usize, &Trip)> {
        self.trips
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.leg == arrived)
    }

    /// How many of this input's legs have arrived at `phase` (see [`arrived`]).
    pub fn arrived_at(&self, phase: f64) -> u8 {
        arrived(self.legs, phase)
    }

    /// The first offset of a row not arrived yet once `arrived` legs have (cells from it on are
    /// ghosts).
    pub fn pending_from(&self, row: &Node, arrived: u8) -> Option<u64> {
        self.trips
            .iter()
            .filter(|t| t.kind == Kind::Record && &t.to == row)
            .filter(|t| t.leg >= arrived)
            .filter_map(|t| t.offsets.map(|o| o.0))
            .min()
    }

    /// The high watermark to draw once `arrived` legs have, given the engine's current one.
    pub fn high_watermark(&self, topic: &str, partition: u32, now: u64, arrived: u8) -> u64 {
        match self.hw.get(&(topic.to_string(), partition)) {
            Some(&(before, leg)) if leg >= arrived => before,
            _ => now,
        }
    }

    /// The position to draw for a member on a partition: where it was until its poll arrives.
    pub fn position(
        &self,
        member: &Node,
        row_topic: &str,
        partition: u32,
        arrived: u8,
    ) -> Option<u64> {
        self.trips
            .iter()
            .filter(|t| t.kind == Kind::Record && &t.to == member)
            .filter(|t| matches!(&t.from, Node::Row { topic, partition: p, .. } if topic == row_topic && *p == partition))
            .filter(|t| t.leg >= arrived)
            .filter_map(|t| t.offsets.map(|o| o.0))
            .min()
    }

    /// How many `kind` tokens are still on their way to `node` once `arrived` legs have.
    pub fn in_transit(&self, node: &Node, kind: Kind, arrived: u8) -> u64 {
        self.trips
            .iter()
            .filter(|t| t.kind == kind && &t.to == node && t.leg >= arrived)
            .map(|t| t.count)
            .sum()
    }

    /// Whether a RabbitMQ message is still on its way to `node` once `arrived` legs have (so
    /// `node` must not show it yet).
    pub fn arriving(&self, node: &Node, msg: u64, arrived: u8) -> bool {
        self.trips.iter().any(|t| {
            &t.to == node
                && t.kind != Kind::Ack
                && t.leg >= arrived
                && t.items.iter().any(|i| i.id == msg)
        })
    }
}

/// Builds the trips of one input from its events; `sim` is the state after it (for leaders and
/// the keys written on tokens) and `input` the action, when it was one (which channel acked).
pub fn plan(events: &[SimEvent], sim: &Sim, input: Option<&Action>) -> Plan {
    let mut b = Builder::default();
    let mut kafka = KafkaLegs::default();
    let mut rabbit = RabbitLegs::default();
    let acting_channel = match input {
        Some(Action::Rabbit(
            RCommand::Ack { channel, .. }
            | RCommand::Nack { channel, .. }
            | RCommand::Reject { channel, .. },
        )) => Some(channel.0),
        _ => None,
    };
    for e in events {
        match e {
            SimEvent::Kafka(e) => kafka.event(e, sim, &mut b),
            SimEvent::Rabbit(e) => rabbit.event(e, acting_channel, &mut b),
        }
    }
    let mut plan = b.finish();
    plan.hw = kafka.hw;
    plan
}

/// Collects trips, merging tokens that share a path, a leg and a kind.
#[derive(Default)]
struct Builder {
    trips: BTreeMap<(u8, Node, Node, Kind), Trip>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        from: Node,
        to: Node,
        leg: u8,
        kind: Kind,
        items: Vec<Item>,
        count: u64,
        offsets: Option<(u64, u64)>,
    ) {
        let key = (leg, from.clone(), to.clone(), kind);
        let trip = self.trips.entry(key).or_insert_with(|| Trip {
            from,
            to,
            leg,
            kind,
            items: Vec::new(),
            count: 0,
            offsets: None,
        });
        for i in items {
            if trip.items.len() < SHOWN_PER_TRIP {
                trip.items.push(i);
            }
        }
        trip.count += count;
        trip.offsets = match (trip.offsets, offsets) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        };
    }

    fn finish(self) -> Plan {
        let trips: Vec<Trip> = self.trips.into_values().collect();
        let legs = trips.iter().map(|t| t.leg + 1).max().unwrap_or(0);
        Plan {
            trips,
            legs,
            hw: BTreeMap::new(),
        }
    }
}

/// Kafka's causal order within an input: append (leg 0), copy to followers (1), the high
/// watermark moves as the copies land, the ack returns (2); a poll reads after the high
/// watermark moved; a commit follows its poll.
#[derive(Default)]
struct KafkaLegs {
    /// The producer of the latest batch sent to each partition.
    sender: BTreeMap<(String, u32), String>,
    appended: BTreeMap<(String, u32), u8>,
    replicated: BTreeMap<(String, u32), u8>,
    polled: BTreeMap<(String, String), u8>,
    hw: BTreeMap<(String, u32), (u64, u8)>,
}

impl KafkaLegs {
    fn event(&mut self, e: &KEvent, sim: &Sim, b: &mut Builder) {
        match e {
            KEvent::BatchSent {
                producer,
                topic,
                partition,
                ..
            } => {
                self.sender
                    .insert((topic.to_string(), *partition), producer.to_string());
            }
            KEvent::Appended {
                topic,
                partition,
                offset,
                last_offset,
                leader,
                ..
            } => {
                let key = (topic.to_string(), *partition);
                let producer = self
                    .sender
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| engine::kafka::DEFAULT_PRODUCER.to_string());
                self.appended.insert(key, 0);
                let to = row(topic, *partition, *leader);
                let items = kafka_items(sim, topic, *partition, *offset, last_offset + 1);
                b.add(
                    Node::Producer(producer),
                    to,
                    0,
                    Kind::Record,
                    items,
                    last_offset + 1 - offset,
                    Some((*offset, last_offset + 1)),
                );
            }
            KEvent::Replicated {
                topic,
                partition,
                broker,
                from,
                to,
            } if to > from => {
                let key = (topic.to_string(), *partition);
                let leg = if self.appended.contains_key(&key) {
                    1
                } else {
                    0
                };
                self.replicated.insert(key, leg);
                let Some(leader) = leader_of(sim, topic, *partition) else {
                    return;
                };
                let items = kafka_items(sim, topic, *partition, *from, *to);
                b.add(
                    row(topic, *partition, leader),
                    row(topic, *partition, *broker),
                    leg,
                    Kind::Record,
                    items,
                    to - from,
                    Some((*from, *to)),
                );
            }
            KEvent::HighWatermarkAdvanced {
                topic,
                partition,
                from,
                ..
            } => {
                let key = (topic.to_string(), *partition);
                let leg = self.last_leg(&key).unwrap_or(0);
                self.hw.entry(key).or_insert((*from, leg));
            }
            KEvent::Acked {
                producer,
                topic,
                partition,
                offset,
                last_offset,
                acks,
                ..
            } => {
                let key = (topic.to_string(), *partition);
                let leg = match acks {
                    Acks::All => self.last_leg(&key).map_or(0, |l| l + 1),
                    _ => self.appended.get(&key).map_or(0, |l| l + 1),
                };
                let Some(leader) = leader_of(sim, topic, *partition) else {
                    return;
                };
                let n = last_offset + 1 - offset;
                b.add(
                    row(topic, *partition, leader),
                    Node::Producer(producer.to_string()),
                    leg,
                    Kind::Ack,
                    Vec::new(),
                    n,
                    None,
                );
            }
            KEvent::ProduceFailed {
                producer,
                topic,
                partition,
                records,
                ..
            } => {
                if let Some(leader) = leader_of(sim, topic, *partition) {
                    b.add(
                        row(topic, *partition, leader),
                        Node::Producer(producer.to_string()),
                        0,
                        Kind::Nack,
                        Vec::new(),
                        u64::from(*records),
                        None,
                    );
                }
            }
            KEvent::Polled {
                group,
                member,
                topic,
                partition,
                from,
                to,
                ..
            }
            | KEvent::Pushed {
                group,
                member,
                topic,
                partition,
                from,
                to,
                ..
            } if to > from => {
                let key = (topic.to_string(), *partition);
                let leg = self.last_leg(&key).map_or(0, |l| l + 1);
                let m = (group.to_string(), member.to_string());
                let e = self.polled.entry(m).or_insert(leg);
                *e = (*e).max(leg);
                let Some(leader) = leader_of(sim, topic, *partition) else {
                    return;
                };
                let items = kafka_items(sim, topic, *partition, *from, *to);
                b.add(
                    row(topic, *partition, leader),
                    member_node(group, member),
                    leg,
                    Kind::Record,
                    items,
                    to - from,
                    Some((*from, *to)),
                );
            }
            KEvent::Committed {
                group,
                member,
                offsets,
                ..
            } => {
                let leg = self
                    .polled
                    .get(&(group.to_string(), member.to_string()))
                    .map_or(0, |l| l + 1);
                for (topic, partition, _) in offsets {
                    if let Some(leader) = leader_of(sim, topic, *partition) {
                        b.add(
                            member_node(group, member),
                            row(topic, *partition, leader),
                            leg,
                            Kind::Commit,
                            Vec::new(),
                            1,
                            None,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn last_leg(&self, key: &(String, u32)) -> Option<u8> {
        self.replicated
            .get(key)
            .or_else(|| self.appended.get(key))
            .copied()
    }
}

fn row(topic: &str, partition: u32, broker: u32) -> Node {
    Node::Row {
        topic: topic.to_string(),
        partition,
        broker,
    }
}

fn member_node(group: &str, member: &str) -> Node {
    Node::Member {
        group: group.to_string(),
        member: member.to_string(),
    }
}

fn leader_of(sim: &Sim, topic: &str, partition: u32) -> Option<u32> {
    sim.kafka
        .partition_views(topic)?
        .get(partition as usize)?
        .leader
}

/// The first tokens of `from..to`, labelled with their keys (keyless: the offset).
fn kafka_items(sim: &Sim, topic: &str, partition: u32, from: u64, to: u64) -> Vec<Item> {
    let Some(views) = sim.kafka.partition_views(topic) else {
        return Vec::new();
    };
    let Some(p) = views.get(partition as usize) else {
        return Vec::new();
    };
    p.read(from, to, SHOWN_PER_TRIP)
        .map(|r| {
            let key = r.key.map(|k| String::from_utf8_lossy(k).into_owned());
            Item {
                colour: key.as_deref().map(colour_of),
                label: key.unwrap_or_else(|| format!("#{}", r.offset)),
                id: r.offset,
                redelivered: false,
            }
        })
        .collect()
}

/// RabbitMQ's order within an input: publish to the exchange (leg 0), along each matching
/// binding into its queues (1), to a consumer (2); an ack, nack or reject starts at the
/// consumer; a dead-lettered message goes dashed into its dead-letter exchange, then on into
/// the queues that exchange routes it to.
#[derive(Default)]
struct RabbitLegs {
    /// Message → (the exchange it was routed from, the leg it reached its queues on, per queue
    /// the exchange whose binding delivered it).
    routed: BTreeMap<u64, Route>,
    /// Message → the leg it left its consumer for its queue (requeue) or dead-letter exchange.
    returned: BTreeMap<u64, u8>,
    labels: BTreeMap<u64, (String, Option<u8>)>,
}

/// How a message reaches its queues in this input.
struct Route {
    /// The leg it travels into its queues on.
    leg: u8,
    /// Queue → the exchange whose binding took it there.
    by_queue: BTreeMap<String, String>,
    /// Republished by dead-lettering (drawn dashed).
    dead: bool,
}

impl RabbitLegs {
    fn event(&mut self, e: &REvent, acting: Option<u32>, b: &mut Builder) {
        match e {
            REvent::Published {
                msg,
                channel,
                routing,
                ..
            } => {
                let label = (format!("#{}", msg.0), Some(colour_of(&routing.routing_key)));
                self.labels.insert(msg.0, label);
                let by_queue = routing
                    .matches
                    .iter()
                    .map(|m| {
                        let source = if m.source.is_empty() {
                            routing.exchange.clone()
                        } else {
                            m.source.to_string()
                        };
                        (m.destination.to_string(), source)
                    })
                    .collect();
                self.routed.insert(
                    msg.0,
                    Route {
                        leg: 1,
                        by_queue,
                        dead: false,
                    },
                );
                let item = self.item(msg.0, false);
                b.add(
                    Node::Channel(channel.0),
                    Node::Exchange(routing.exchange.clone()),
                    0,
                    Kind::Message,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::Enqueued { msg, queue, .. } => {
                // A message enqueued with no routing in this input (none today) has no path.
                let Some(route) = self.routed.get(&msg.0) else {
                    return;
                };
                let Some(from) = route.by_queue.get(&**queue).cloned() else {
                    return;
                };
                let kind = if route.dead {
                    Kind::DeadLetter
                } else {
                    Kind::Message
                };
                let leg = route.leg;
                let item = self.item(msg.0, false);
                b.add(
                    Node::Exchange(from),
                    Node::Queue(queue.to_string()),
                    leg,
                    kind,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::Returned {
                msg,
                channel,
                exchange,
                ..
            } => {
                let item = self.item(msg.0, false);
                b.add(
                    Node::Exchange(exchange.clone()),
                    Node::Channel(channel.0),
                    1,
                    Kind::Returned,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::DroppedUnroutable { msg, exchange, .. } => {
                let item = self.item(msg.0, false);
                b.add(
                    Node::Exchange(exchange.clone()),
                    Node::Void,
                    1,
                    Kind::Dropped,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::RefusedByOverflow { msg, queue, .. } => {
                let item = self.item(msg.0, false);
                b.add(
                    Node::Queue(queue.to_string()),
                    Node::Void,
                    1,
                    Kind::Dropped,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::Delivered {
                msg,
                queue,
                channel,
                redelivered,
                ..
            } => {
                let leg = self
                    .routed
                    .get(&msg.0)
                    .map(|r| r.leg + 1)
                    .or_else(|| self.returned.get(&msg.0).map(|l| l + 1))
                    .unwrap_or(0);
                let item = self.item(msg.0, *redelivered);
                b.add(
                    Node::Queue(queue.to_string()),
                    Node::Consumer(channel.0),
                    leg,
                    Kind::Message,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::Acked {
                msg,
                queue,
                channel,
                ..
            } => {
                let item = self.item(msg.0, false);
                b.add(
                    Node::Consumer(channel.0),
                    Node::Queue(queue.to_string()),
                    0,
                    Kind::Ack,
                    vec![item],
                    1,
                    None,
                );
            }
            REvent::Requeued { msg, queue, .. } => {
                self.returned.insert(msg.0, 0);
                let item = self.item(msg.0, true);
                // A requeue because a channel closed has no consumer left to start from: the
                // message just reappears in its queue, with its ring.
                if let Some(ch) = acting {
                    b.add(
                        Node::Consumer(ch),
                        Node::Queue(queue.to_string()),
                        0,
                        Kind::Requeue,
                        vec![item],
                        1,
                        None,
                    );
                }
            }
            REvent::DeadLettered {
                msg,
                queue,
                outcome,
                ..
            } => {
                let start = self.routed.get(&msg.0).map_or(0, |r| r.leg + 1);
                let from = match acting {
                    Some(ch) => Node::Consumer(ch),
                    None => Node::Queue(queue.to_string()),
                };
                let item = self.item(msg.0, false);
                match &**outcome {
                    DeadLetterOutcome::Routed {
                        exchange, queues, ..
                    } => {
                        b.add(
                            from,
                            Node::Exchange(exchange.clone()),
                            start,
                            Kind::DeadLetter,
                            vec![item],
                            1,
                            None,
                        );
                        let by_queue = queues
                            .iter()
                            .map(|q| (q.to_string(), exchange.clone()))
                            .collect();
                        self.routed.insert(
                            msg.0,
                            Route {
                                leg: start + 1,
                                by_queue,
                                dead: true,
                            },
                        );
                    }
                    _ => {
                        b.add(from, Node::Void, start, Kind::Dropped, vec![item], 1, None);
                    }
                }
            }
            REvent::Confirmed { channel, ack, .. } => {
                let exchange = self.last_exchange(b);
                if let Some(x) = exchange {
                    let kind = if *ack { Kind::Ack } else { Kind::Nack };
                    b.add(
                        Node::Exchange(x),
                        Node::Channel(channel.0),
                        2,
                        kind,
                        Vec::new(),
                        1,
                        None,
                    );
                }
            }
            _ => {}
        }
    }

    fn item(&self, msg: u64, redelivered: bool) -> Item {
        let (label, colour) = self
            .labels
            .get(&msg)
            .cloned()
            .unwrap_or_else(|| (format!("#{msg}"), None));
        Item {
            label,
            colour,
            id: msg,
            redelivered,
        }
    }

    /// The exchange the latest publish of this input went to (where its confirm starts).
    fn last_exchange(&self, b: &Builder) -> Option<String> {
        b.trips.values().rev().find_map(|t| match (&t.from, &t.to) {
            (Node::Channel(_), Node::Exchange(x)) => Some(x.clone()),
            _ => None,
        })
    }
}

/// The palette entry of a key: murmur2, as Kafka's partitioner hashes keys, so equal keys
/// always look alike.
pub fn colour_of(key: &str) -> u8 {
    (engine::kafka::to_positive(engine::kafka::murmur2(key.as_bytes())) % PALETTE) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::kafka::{Command as KCommand, Record};
    use engine::timeline::Machine;

    fn kafka_sandbox() -> Sim {
        crate::kafka::sandbox()
    }

    /// Applies `action`, then ticks until one produces the trips of what it set off.
    fn play(sim: &mut Sim, action: Action) -> Vec<Plan> {
        let events = Machine::apply(sim, action.clone()).expect("accepted");
        let mut plans = vec![plan(&events, sim, Some(&action))];
        for _ in 0..3 {
            let events = Machine::tick(sim);
            plans.push(plan(&events, sim, None));
        }
        plans
    }

    #[test]
    fn a_leg_has_arrived_exactly_when_its_progress_is_complete() {
        for legs in 0..6u8 {
            for i in 0..=1000 {
                let phase = f64::from(i) / 1000.0;
                for leg in 0..legs.max(1) {
                    assert_eq!(
                        leg < arrived(legs, phase),
                        progress(leg, legs, phase) >= 1.0,
                        "leg {leg} of {legs} at {phase}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_record_goes_to_its_leader_then_the_followers_then_the_ack_returns() {
        let mut sim = kafka_sandbox();
        let plans = play(
            &mut sim,
            Action::Kafka(KCommand::Produce {
                topic: "orders".into(),
                record: Record::keyed("user-1", "v"),
            }),
        );
        let p = plans
            .iter()
            .find(|p| p.moves())
            .expect("the tick that sends it moves");
        let leg_of = |kind: Kind, to: fn(&Node) -> bool| {
            p.trips
                .iter()
                .find(|t| t.kind == kind && to(&t.to))
                .map(|t| t.leg)
        };
        let append = leg_of(Kind::Record, |n| matches!(n, Node::Row { .. })).expect("appended");
        let acked = leg_of(Kind::Ack, |n| matches!(n, Node::Producer(_))).expect("acked");
        let copies: Vec<&Trip> = p
            .trips
            .iter()
            .filter(|t| matches!((&t.from, &t.to), (Node::Row { broker: a, .. }, Node::Row { broker: b, .. }) if a != b))
            .collect();
        assert_eq!(copies.len(), 2, "RF 3: two followers copy it");
        assert!(
            append < copies[0].leg && copies[0].leg < acked,
            "append, copy, ack in that order"
        );
        assert_eq!(
            p.trips[0].items.first().map(|i| i.label.as_str()),
            Some("user-1")
        );
        // Before the copies land the follower cell is a ghost and the high watermark has not
        // moved; at the end of the input everything is where the engine says.
        let follower = &copies[0].to;
        let (topic, partition) = match follower {
            Node::Row {
                topic, partition, ..
            } => (topic.clone(), *partition),
            _ => unreachable!(),
        };
        assert_eq!(p.pending_from(follower, p.arrived_at(0.0)), Some(0));
        assert_eq!(p.pending_from(follower, p.arrived_at(1.0)), None);
        assert_eq!(p.high_watermark(&topic, partition, 1, p.arrived_at(0.1)), 0);
        assert_eq!(p.high_watermark(&topic, partition, 1, p.arrived_at(1.0)), 1);
        // A token is under way only during its own leg.
        let legs = p.legs;
        let mid_append = (append as f64 + 0.5) / legs as f64;
        assert!(
            p.flying(p.arrived_at(mid_append))
                .all(|(_, t)| t.leg == append)
        );
        assert_eq!(p.flying(p.arrived_at(1.0)).count(), 0);
    }

    #[test]
    fn a_nack_requeues_with_the_ring_and_a_reject_dead_letters_through_the_dlx() {
        use engine::rabbit::{ChannelId, Command as RCommand};
        let mut sim = crate::rabbit::sandbox();
        // The scoreboard consumer (channel 2) holds message 1 as delivery tag 1.
        let plans = play(
            &mut sim,
            Action::Rabbit(RCommand::Nack {
                channel: ChannelId(2),
                delivery_tag: 1,
                multiple: false,
                requeue: true,
            }),
        );
        let back = &plans[0];
        let requeue = back
            .trips
            .iter()
            .find(|t| t.kind == Kind::Requeue)
            .expect("requeued");
        assert_eq!(requeue.from, Node::Consumer(2));
        assert_eq!(requeue.to, Node::Queue("goals".into()));
        assert!(requeue.items[0].redelivered);
        let again = back
            .trips
            .iter()
            .find(|t| t.kind == Kind::Message && t.to == Node::Consumer(2))
            .expect("delivered again at once (prefetch 2)");
        assert!(again.leg > requeue.leg && again.items[0].redelivered);

        let tag = sim.rabbit.channel_view(ChannelId(2)).unwrap().unacked[0].delivery_tag;
        let plans = play(
            &mut sim,
            Action::Rabbit(RCommand::Reject {
                channel: ChannelId(2),
                delivery_tag: tag,
                requeue: false,
            }),
        );
        let dead = &plans[0];
        let to_dlx = dead
            .trips
            .iter()
            .find(|t| t.kind == Kind::DeadLetter && t.to == Node::Exchange("sport.dlx".into()))
            .expect("into the DLX");
        let to_dlq = dead
            .trips
            .iter()
            .find(|t| t.to == Node::Queue("sport.dlq".into()))
            .expect("into the DLQ");
        assert_eq!(to_dlq.kind, Kind::DeadLetter);
        assert!(to_dlq.leg > to_dlx.leg);
        assert!(dead.arriving(
            &Node::Queue("sport.dlq".into()),
            to_dlq.items[0].id,
            dead.arrived_at(0.0)
        ));
        assert!(!dead.arriving(
            &Node::Queue("sport.dlq".into()),
            to_dlq.items[0].id,
            dead.arrived_at(1.0)
        ));
    }

    #[test]
    fn the_busy_scene_has_about_two_hundred_tokens_in_flight_at_once() {
        let mut sim = crate::stage::busy_scene();
        let mut most = 0;
        for _ in 0..5 {
            let events = Machine::tick(&mut sim);
            let p = plan(&events, &sim, None);
            assert!(
                p.trips.len() <= crate::stage::clock::BULK_TRIPS,
                "drawn one by one, not as a bulk stream"
            );
            for leg in 0..p.legs {
                let tokens: usize = p
                    .trips
                    .iter()
                    .filter(|t| t.leg == leg)
                    .map(|t| t.items.len().max(1) + usize::from(t.count > SHOWN_PER_TRIP as u64))
                    .sum();
                most = most.max(tokens);
            }
        }
        assert!(
            (180..=260).contains(&most),
            "{most} tokens in the busiest leg"
        );
    }

    #[test]
    fn a_publish_splits_along_each_matching_binding() {
        use engine::rabbit::{ChannelId, Command as RCommand, PublishSpec};
        let mut sim = crate::rabbit::sandbox();
        let plans = play(
            &mut sim,
            Action::Rabbit(RCommand::Publish(PublishSpec::new(
                ChannelId(1),
                "sport",
                "sport.football.goal",
            ))),
        );
        let p = &plans[0];
        let into: Vec<&Node> = p
            .trips
            .iter()
            .filter(|t| t.leg == 1 && t.from == Node::Exchange("sport".into()))
            .map(|t| &t.to)
            .collect();
        assert!(
            into.contains(&&Node::Queue("goals".into()))
                && into.contains(&&Node::Queue("all-sport".into()))
        );
        assert!(
            p.trips
                .iter()
                .any(|t| t.leg == 0 && t.from == Node::Channel(1))
        );
    }
}
