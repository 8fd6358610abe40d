//! Both brokers in one deterministic machine: the scene a lesson sets up, the learner acts on, and
//! the timeline scrubs.
//!
//! A [`Sim`] holds a Kafka [`Cluster`](kafka::Cluster) and a RabbitMQ
//! [`Broker`](rabbit::Broker) side by side. An [`Action`] is one thing a learner can do from the
//! playground (a command to either broker, or letting time pass); [`Sim::apply`] validates and
//! applies it, leaving the state untouched on error. Time is shared: [`Sim::tick`] advances both
//! brokers by [`TICK_MS`], so the two sides of a comparison stay in step.

use crate::kafka;
use crate::rabbit;
use crate::timeline::{Machine, Mark};

/// Simulated milliseconds per tick (the playground's "step" button), for both brokers.
pub const TICK_MS: u64 = 100;

/// The number of Kafka brokers of [`Sim::new`].
pub const DEFAULT_KAFKA_BROKERS: u32 = 3;

/// Both brokers, side by side, on one clock.
#[derive(Clone, Debug)]
pub struct Sim {
    pub kafka: kafka::Cluster,
    pub rabbit: rabbit::Broker,
}

/// One thing a learner (or a lesson's scene, or its reference solution) does. Serializable, so a
/// sandbox session can be shared as a link.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    Kafka(kafka::Command),
    Rabbit(rabbit::Command),
    /// Let `ticks` ticks of [`TICK_MS`] pass on both brokers.
    Tick(u32),
}

/// What happened, on either side.
#[derive(Clone, Debug, PartialEq)]
pub enum SimEvent {
    Kafka(kafka::Event),
    Rabbit(rabbit::Event),
}

/// A refused action; nothing changed.
#[derive(Clone, Debug, PartialEq)]
pub enum SimError {
    Kafka(kafka::Error),
    Rabbit(rabbit::Error),
    /// `Tick(n)` with `n` above [`MAX_TICKS_PER_ACTION`].
    TooManyTicks {
        max: u32,
    },
    /// Over one of the named limits of [`crate::limits`] (checked before anything else).
    OverLimit(crate::limits::OverLimit),
}

/// Upper bound of one `Tick(n)` action (an hour of simulated time).
pub const MAX_TICKS_PER_ACTION: u32 = 36_000;

impl Sim {
    /// A Kafka cluster of [`DEFAULT_KAFKA_BROKERS`] brokers and an empty RabbitMQ broker, both
    /// seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self::with_kafka_brokers(seed, DEFAULT_KAFKA_BROKERS)
            .expect("the default cluster size is valid")
    }

    /// Like [`Sim::new`] with `brokers` Kafka brokers (numbered from 0).
    pub fn with_kafka_brokers(seed: u64, brokers: u32) -> Result<Self, SimError> {
        Ok(Sim {
            kafka: kafka::Cluster::with_brokers(brokers, seed).map_err(SimError::Kafka)?,
            rabbit: rabbit::Broker::new(seed),
        })
    }

    /// Validates and applies one action; on error the state is untouched, except for a RabbitMQ
    /// channel exception, which closes its channel ([`rabbit::Broker::last_refusal`]).
    pub fn apply(&mut self, action: Action) -> Result<Vec<SimEvent>, SimError> {
        crate::limits::check_action(self, &action).map_err(SimError::OverLimit)?;
        match action {
            Action::Kafka(c) => self
                .kafka
                .apply(c)
                .map(|ev| ev.into_iter().map(SimEvent::Kafka).collect())
                .map_err(SimError::Kafka),
            Action::Rabbit(c) => self
                .rabbit
                .apply(c)
                .map(|ev| ev.into_iter().map(SimEvent::Rabbit).collect())
                .map_err(SimError::Rabbit),
            Action::Tick(n) => {
                ticks_allowed(n)?;
                let mut out = Vec::new();
                for _ in 0..n {
                    out.extend(self.tick());
                }
                Ok(out)
            }
        }
    }

    /// Applies actions in order, stopping at the first refused one (its index and error).
    pub fn apply_all<I>(&mut self, actions: I) -> Result<Vec<SimEvent>, (usize, SimError)>
    where
        I: IntoIterator<Item = Action>,
    {
        let mut out = Vec::new();
        for (i, a) in actions.into_iter().enumerate() {
            out.extend(self.apply(a).map_err(|e| (i, e))?);
        }
        Ok(out)
    }

    /// One tick of [`TICK_MS`] on both brokers.
    pub fn tick(&mut self) -> Vec<SimEvent> {
        let mut out: Vec<SimEvent> = self
            .kafka
            .advance(TICK_MS)
            .into_iter()
            .map(SimEvent::Kafka)
            .collect();
        out.extend(
            self.rabbit
                .advance(TICK_MS)
                .into_iter()
                .map(SimEvent::Rabbit),
        );
        out
    }
}

impl Machine for Sim {
    type Command = Action;
    type Event = SimEvent;
    type Error = SimError;

    fn apply(&mut self, command: Action) -> Result<Vec<SimEvent>, SimError> {
        Sim::apply(self, command)
    }

    fn tick(&mut self) -> Vec<SimEvent> {
        Sim::tick(self)
    }

    fn ticks_in(command: &Action) -> Option<u32> {
        match command {
            Action::Tick(n) => Some(*n),
            _ => None,
        }
    }

    fn admit(&self, command: &Action) -> Result<(), SimError> {
        crate::limits::check_action(self, command).map_err(SimError::OverLimit)?;
        match command {
            Action::Tick(n) => ticks_allowed(*n),
            _ => Ok(()),
        }
    }

    fn changed_by_refusal(&self, error: &SimError) -> bool {
        matches!(error, SimError::Rabbit(_)) && !self.rabbit.last_refusal().is_empty()
    }

    fn unshared_bytes(&self, later: &Self) -> u64 {
        self.kafka.unshared_bytes(&later.kafka) + self.rabbit.copied_bytes()
    }

    fn mark(event: &SimEvent) -> Option<Mark> {
        match event {
            SimEvent::Kafka(e) => kafka_mark(e),
            SimEvent::Rabbit(e) => rabbit_mark(e),
        }
    }
}

/// `Tick(n)` is at most [`MAX_TICKS_PER_ACTION`].
fn ticks_allowed(n: u32) -> Result<(), SimError> {
    if n > MAX_TICKS_PER_ACTION {
        return Err(SimError::TooManyTicks {
            max: MAX_TICKS_PER_ACTION,
        });
    }
    Ok(())
}

fn kafka_mark(event: &kafka::Event) -> Option<Mark> {
    use kafka::Event as E;
    match event {
        E::BrokerDown { .. } | E::BrokerFenced { .. } | E::MemberCrashed { .. } => {
            Some(Mark::Fault)
        }
        E::BrokerUp { .. }
        | E::LeaderElected {
            previous: Some(_), ..
        }
        | E::ControllerElected {
            previous: Some(_), ..
        } => Some(Mark::Recovery),
        E::Rebalanced { .. } => Some(Mark::Rebalance),
        E::RecordsLost { .. } => Some(Mark::Loss),
        _ => None,
    }
}

fn rabbit_mark(event: &rabbit::Event) -> Option<Mark> {
    use rabbit::Event as E;
    match event {
        E::BrokerRestarted { .. } => Some(Mark::Fault),
        E::DeadLettered { .. } | E::LostOnRestart { .. } | E::DroppedUnroutable { .. } => {
            Some(Mark::Loss)
        }
        _ => None,
    }
}
