//! The one set of named limits every entry point enforces: a share link, a definitions file, a
//! message from an embedding page, the URL and the forms all reach the engine through
//! [`check_session`] (a whole replayed session) and [`check_action`] (each action, called by
//! [`Sim::apply`]).
//!
//! Data from a link or a file comes from a stranger and is replayed without anyone watching, so
//! the limits bound the work as well as the size: simulated time is cheap while nothing is in
//! flight (the clusters fast-forward), but a running stream turns every simulated millisecond
//! into records, so the records a stream may create are bounded per action and per session.
//! Arithmetic on the untrusted numbers here saturates.
//!
//! The engines keep their own checks (and their own typed errors); these are the same numbers,
//! checked up front, so that a refusal names the limit and nothing is half-done.

use crate::kafka;
use crate::rabbit;
use crate::sim::{Action, MAX_TICKS_PER_ACTION, Sim, TICK_MS};
use crate::timeline::Input;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Records per simulated second of the steady stream ([`kafka::MAX_STREAM_RATE`]).
pub const MAX_STREAM_RATE: u32 = kafka::MAX_STREAM_RATE;
/// Simulated time one action may pass: an hour, as [`MAX_TICKS_PER_ACTION`] ticks make.
pub const MAX_ADVANCE_MS: u64 = MAX_TICKS_PER_ACTION as u64 * TICK_MS;
/// Simulated time a whole shared session may pass: ninety minutes. Every 100 ms of it is a step
/// of both brokers however quiet they are, so this bounds the replay's work (about as much as
/// [`MAX_INPUTS`] ticks).
pub const MAX_TOTAL_SIMULATED_MS: u64 = 90 * 60_000;
/// Inputs (commands and ticks) a shared session may hold: 50 000 ticks are under ninety
/// minutes of simulated time at the playground's pace (the fuzzer found twice as many, on a
/// wide cluster, took seconds to replay).
pub const MAX_INPUTS: u64 = 50_000;
/// Records the steady stream may create within one action: five simulated seconds at the
/// highest rate (about a tenth of a second of native work, several times that in a browser).
pub const MAX_STREAM_RECORDS_PER_ACTION: u64 = 100_000;
/// Records the steady stream may create over a whole replayed session: what a browser replays
/// in about a second.
pub const MAX_STREAM_RECORDS: u64 = 100_000;
/// Simulated time a stream may run within one action, and over a whole replayed session: while
/// a stream runs the cluster never fast-forwards, so even a slow stream costs a step per
/// simulated millisecond.
pub const MAX_STREAM_MS: u64 = 120_000;
/// What the partitions a shared session creates may cost its replay: every step of the Kafka
/// cluster (one per 100 ms [`TICK_MS`] while it is quiet, one per simulated millisecond while a
/// stream runs) walks every partition and every replica, so a session may pass time in
/// proportion to how wide it made the cluster. Counted in partition-and-replica steps (a
/// partition of 3 replicas is 4 units a step); at about 15 ns a unit natively, this is about a
/// quarter of a second. The page's own scene is not counted (it is ours; its cost is bounded by
/// the limits on time). Over it, the session is refused naming the simulated time (or the
/// stream's time, while a stream runs), with the most this cluster's width allows.
///
/// Measured (`cargo run --profile fuzz -p playground-fuzz -- --replay`, before this limit):
/// 256 partitions then 50 000 ticks took 2.4 s (after the engine's quiet ticks got cheaper,
/// 0.45 s); 256 partitions of 16 replicas, 3.3 s.
pub const MAX_SESSION_PARTITION_STEPS: u64 = 16_000_000;
/// Partitions of one topic, and of the cluster ([`kafka::MAX_PARTITIONS`]).
pub const MAX_PARTITIONS: u64 = kafka::MAX_PARTITIONS as u64;
/// Kafka brokers ([`kafka::MAX_BROKERS`]).
pub const MAX_BROKERS: u64 = kafka::MAX_BROKERS as u64;
/// RabbitMQ queues ([`rabbit::limits::MAX_QUEUES`]).
pub const MAX_QUEUES: u64 = rabbit::limits::MAX_QUEUES as u64;
/// One message: a Kafka record's key, value and headers together, or a RabbitMQ body. Set above
/// the brokers' own refusals the course teaches (Kafka's `max.request.size` of 1 MiB and
/// `max.message.bytes` of 1,048,588 bytes, the RabbitMQ model's
/// [`rabbit::limits::MAX_MESSAGE_BYTES`]), so a learner meets the broker's error, not this one.
pub const MAX_MESSAGE_BYTES: u64 = 4 << 20;
/// Nesting of AMQP field values (tables in arrays in tables ...), and of a definitions file's
/// JSON. Decoders recurse once per level, and a browser's stack is small.
pub const MAX_NESTING_DEPTH: usize = 64;
/// A share link's `scenario=` value (browsers and chat apps cut longer URLs).
pub const MAX_LINK_LEN: u64 = 16 * 1024;
/// A definitions file.
pub const MAX_DEFINITIONS_BYTES: u64 = 8 << 20;
/// A lesson step a URL or an embedding page may ask for.
pub const MAX_STEP: u64 = 10_000;

/// Which limit an input went over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Limit {
    StreamRate,
    AdvanceLength,
    TotalSimulatedTime,
    Inputs,
    StreamRecords,
    StreamTime,
    Partitions,
    Brokers,
    Queues,
    MessageSize,
    NestingDepth,
    LinkLength,
    DefinitionsSize,
    Step,
}

impl Limit {
    pub const ALL: [Limit; 14] = [
        Limit::StreamRate,
        Limit::AdvanceLength,
        Limit::TotalSimulatedTime,
        Limit::Inputs,
        Limit::StreamRecords,
        Limit::StreamTime,
        Limit::Partitions,
        Limit::Brokers,
        Limit::Queues,
        Limit::MessageSize,
        Limit::NestingDepth,
        Limit::LinkLength,
        Limit::DefinitionsSize,
        Limit::Step,
    ];

    /// The largest value allowed.
    pub fn max(self) -> u64 {
        match self {
            Limit::StreamRate => MAX_STREAM_RATE as u64,
            Limit::AdvanceLength => MAX_ADVANCE_MS,
            Limit::TotalSimulatedTime => MAX_TOTAL_SIMULATED_MS,
            Limit::Inputs => MAX_INPUTS,
            Limit::StreamRecords => MAX_STREAM_RECORDS,
            Limit::StreamTime => MAX_STREAM_MS,
            Limit::Partitions => MAX_PARTITIONS,
            Limit::Brokers => MAX_BROKERS,
            Limit::Queues => MAX_QUEUES,
            Limit::MessageSize => MAX_MESSAGE_BYTES,
            Limit::NestingDepth => MAX_NESTING_DEPTH as u64,
            Limit::LinkLength => MAX_LINK_LEN,
            Limit::DefinitionsSize => MAX_DEFINITIONS_BYTES,
            Limit::Step => MAX_STEP,
        }
    }

    /// `Err` naming this limit when `value` is over it.
    pub fn check(self, value: u64) -> Result<(), OverLimit> {
        if value > self.max() {
            Err(OverLimit {
                limit: self,
                max: self.max(),
            })
        } else {
            Ok(())
        }
    }
}

/// An input over a limit; nothing was applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OverLimit {
    pub limit: Limit,
    pub max: u64,
}

/// The simulated time an action passes.
fn simulated_ms(action: &Action) -> u64 {
    match action {
        Action::Tick(n) => (*n as u64).saturating_mul(TICK_MS),
        Action::Kafka(kafka::Command::Advance { ms }) => *ms,
        Action::Rabbit(rabbit::Command::Advance { ms }) => *ms,
        _ => 0,
    }
}

/// Records a stream at `rate` per second creates in `ms` (rounded up).
fn stream_records(rate: u32, ms: u64) -> u64 {
    (rate as u64).saturating_mul(ms).div_ceil(1000)
}

fn record_bytes(r: &kafka::Record) -> u64 {
    let len = |b: &Option<Vec<u8>>| b.as_ref().map_or(0, |b| b.len() as u64);
    r.headers
        .iter()
        .fold(len(&r.key).saturating_add(len(&r.value)), |n, h| {
            n.saturating_add(h.key.len() as u64)
                .saturating_add(len(&h.value))
        })
}

/// How deeply `v` nests (a scalar is 1); stops counting past the limit.
fn depth(v: &rabbit::FieldValue, at: usize) -> usize {
    if at > MAX_NESTING_DEPTH {
        return at;
    }
    match v {
        rabbit::FieldValue::Array(items) => {
            items.iter().map(|i| depth(i, at + 1)).max().unwrap_or(at)
        }
        rabbit::FieldValue::Table(t) => table_depth(t, at + 1),
        _ => at,
    }
}

fn table_depth(t: &rabbit::FieldTable, at: usize) -> usize {
    t.values().map(|v| depth(v, at)).max().unwrap_or(at)
}

fn check_table(t: &rabbit::FieldTable) -> Result<(), OverLimit> {
    Limit::NestingDepth.check(table_depth(t, 1) as u64)
}

/// The checks that need no state: sizes, rates, lengths, nesting.
fn check_shape(action: &Action) -> Result<(), OverLimit> {
    use kafka::Command as K;
    use rabbit::Command as R;
    Limit::AdvanceLength.check(simulated_ms(action))?;
    match action {
        Action::Kafka(K::CreateTopic { partitions, .. })
        | Action::Kafka(K::CreateTopicWith { partitions, .. })
        | Action::Kafka(K::AddPartitions { partitions, .. }) => {
            Limit::Partitions.check(*partitions as u64)
        }
        Action::Kafka(K::Produce { record, .. }) | Action::Kafka(K::ProduceFrom { record, .. }) => {
            Limit::MessageSize.check(record_bytes(record))
        }
        Action::Kafka(K::StartStream { spec }) => Limit::StreamRate.check(spec.rate as u64),
        // The RabbitMQ model refuses its own, lower, rate ([`rabbit::limits::MAX_STREAM_RATE`]).
        Action::Rabbit(R::StartStream(spec)) => Limit::StreamRate.check(spec.rate as u64),
        Action::Rabbit(R::Publish(p)) => {
            Limit::MessageSize.check(p.body.len() as u64)?;
            p.properties.headers.as_ref().map_or(Ok(()), check_table)
        }
        Action::Rabbit(R::DeclareExchange(x)) => check_table(&x.arguments),
        Action::Rabbit(R::DeclareQueue(q)) => check_table(&q.arguments),
        Action::Rabbit(R::Bind(b)) | Action::Rabbit(R::Unbind(b)) => check_table(&b.arguments),
        _ => Ok(()),
    }
}

/// Checks one action against the limits, given the state it would be applied to. [`Sim::apply`]
/// calls it first, so every way in (forms, links, files, lessons) is held to the same numbers.
pub fn check_action(sim: &Sim, action: &Action) -> Result<(), OverLimit> {
    check_shape(action)?;
    // Both brokers' streams run on the one clock, so their records add up.
    let rate = match action {
        // A retuned stream runs at its new rate from now on; this action passes no time.
        Action::Kafka(kafka::Command::StartStream { .. })
        | Action::Rabbit(rabbit::Command::StartStream(_)) => 0,
        _ => sim
            .kafka
            .stream
            .as_ref()
            .map_or(0, |s| s.spec.rate)
            .saturating_add(sim.rabbit.stream_rate()),
    };
    Limit::StreamRecords.check(stream_records(rate, simulated_ms(action)))?;
    if rate > 0 {
        Limit::StreamTime.check(simulated_ms(action))?;
    }
    if matches!(action, Action::Kafka(kafka::Command::AddBroker)) {
        Limit::Brokers.check(sim.kafka.brokers.len() as u64 + 1)?;
    }
    Ok(())
}

/// Checks a whole session before it is replayed on a fresh scene: how many inputs, how much
/// simulated time, how many records its streams create (Kafka's and RabbitMQ's together) (estimated from its commands alone,
/// without running it: a stream counts from its start to its stop, at the highest rate it was
/// given), how many queues it declares, and every action's own limits. Passing this, a replay
/// does bounded work.
pub fn check_session<'a, I>(inputs: I) -> Result<(), OverLimit>
where
    I: IntoIterator<Item = &'a Input<Action>>,
{
    let mut count = 0u64;
    let mut total_ms = 0u64;
    let mut records = 0u64;
    let mut kafka_rate = 0u32;
    let mut rabbit_rate = 0u32;
    let mut streaming_ms = 0u64;
    let mut queues = BTreeSet::new();
    let mut width = Width::default();
    let mut steps = 0u64;
    for input in inputs {
        count += 1;
        Limit::Inputs.check(count)?;
        let ms = match input {
            Input::Tick => TICK_MS,
            Input::Command(a) => {
                check_shape(a)?;
                width.apply(a);
                match a {
                    Action::Kafka(kafka::Command::StartStream { spec }) => {
                        kafka_rate = kafka_rate.max(spec.rate)
                    }
                    Action::Kafka(kafka::Command::StopStream) => kafka_rate = 0,
                    Action::Rabbit(rabbit::Command::StartStream(spec)) => {
                        rabbit_rate = rabbit_rate.max(spec.rate)
                    }
                    Action::Rabbit(rabbit::Command::StopStream) => rabbit_rate = 0,
                    Action::Rabbit(rabbit::Command::DeclareQueue(q))
                        if !queues.contains(q.name.as_str()) =>
                    {
                        queues.insert(q.name.clone());
                        Limit::Queues.check(queues.len() as u64)?;
                    }
                    _ => {}
                }
                simulated_ms(a)
            }
        };
        total_ms = total_ms.saturating_add(ms);
        Limit::TotalSimulatedTime.check(total_ms)?;
        let rate = kafka_rate.saturating_add(rabbit_rate);
        let here = stream_records(rate, ms);
        Limit::StreamRecords.check(here)?;
        records = records.saturating_add(here);
        Limit::StreamRecords.check(records)?;
        if rate > 0 {
            streaming_ms = streaming_ms.saturating_add(ms);
            Limit::StreamTime.check(streaming_ms)?;
        }
        // Steps this input's time costs the cluster the session widened.
        let step_ms = if rate > 0 { 1 } else { TICK_MS };
        let here = ms.div_ceil(step_ms).saturating_mul(width.units());
        steps = steps.saturating_add(here);
        if steps > MAX_SESSION_PARTITION_STEPS {
            // The most time this width allows, in the terms the learner set: simulated time.
            let allowed = MAX_SESSION_PARTITION_STEPS / width.units().max(1) * step_ms;
            let limit = if rate > 0 {
                Limit::StreamTime
            } else {
                Limit::TotalSimulatedTime
            };
            return Err(OverLimit {
                limit,
                max: allowed.min(limit.max()),
            });
        }
    }
    Ok(())
}

/// An upper estimate, from a session's commands alone, of the partitions and replicas it adds
/// to the cluster (see [`MAX_SESSION_PARTITION_STEPS`]). Deleted topics still count, a topic's
/// replication factor is the highest it could have, and the total is capped at what the engine
/// allows.
#[derive(Default)]
struct Width {
    partitions: u64,
    replicas: u64,
    brokers_added: u64,
    default_rf: u64,
}

impl Width {
    fn apply(&mut self, action: &Action) {
        use kafka::Command as K;
        let brokers =
            (crate::sim::DEFAULT_KAFKA_BROKERS as u64 + self.brokers_added).min(MAX_BROKERS);
        let default_rf = self.default_rf.max(1).min(brokers);
        match action {
            Action::Kafka(K::AddBroker) => self.brokers_added += 1,
            Action::Kafka(K::AlterBrokerConfig { name, value })
                if name == "default.replication.factor" =>
            {
                let rf = value.trim().parse::<u64>().unwrap_or(0).min(MAX_BROKERS);
                self.default_rf = self.default_rf.max(rf);
            }
            Action::Kafka(K::CreateTopic { partitions, .. }) => {
                self.add(*partitions as u64, default_rf)
            }
            Action::Kafka(K::CreateTopicWith {
                partitions,
                replication_factor,
                ..
            }) => self.add(
                *partitions as u64,
                (*replication_factor as u64).min(MAX_BROKERS),
            ),
            // The topic may be the scene's, of any replication factor up to the brokers'.
            Action::Kafka(K::AddPartitions { partitions, .. }) => {
                self.add(*partitions as u64, brokers)
            }
            _ => {}
        }
    }

    fn add(&mut self, partitions: u64, rf: u64) {
        let partitions = partitions.min(MAX_PARTITIONS);
        self.partitions = self.partitions.saturating_add(partitions);
        self.replicas = self.replicas.saturating_add(partitions.saturating_mul(rf));
    }

    /// Units of one step: each partition, and each of its replicas.
    fn units(&self) -> u64 {
        let partitions = self.partitions.min(MAX_PARTITIONS);
        let replicas = self.replicas.min(MAX_PARTITIONS * MAX_BROKERS);
        partitions + replicas
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_names_itself_when_exceeded() {
        for l in Limit::ALL {
            assert_eq!(l.check(l.max()), Ok(()));
            assert_eq!(
                l.check(l.max() + 1),
                Err(OverLimit {
                    limit: l,
                    max: l.max()
                })
            );
        }
    }

    #[test]
    fn untrusted_numbers_saturate() {
        assert_eq!(stream_records(u32::MAX, u64::MAX), u64::MAX / 1000 + 1);
        assert_eq!(
            simulated_ms(&Action::Tick(u32::MAX)),
            u32::MAX as u64 * TICK_MS
        );
        let many = vec![Input::Command(Action::Kafka(kafka::Command::Advance {
            ms: u64::MAX,
        }))];
        assert_eq!(
            check_session(&many).map_err(|e| e.limit),
            Err(Limit::AdvanceLength)
        );
    }
}
