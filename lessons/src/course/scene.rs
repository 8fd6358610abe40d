//! A small vocabulary for scenes, solutions and checks, so the lesson files read as a script.
//! Every helper builds an [`Action`] a learner could also take from the playground.

use engine::kafka::{
    self, AutoOffsetReset, ConsumerConfig, KeylessMode, ProducerConfig, Record, SeekTo,
};
use engine::rabbit::{
    self, AutoSettle, BindSpec, ChannelId, ConsumeSpec, ExchangeKind, ExchangeSpec, PublishSpec,
    QueueSpec,
};
use engine::sim::{Action, Sim};

// ---- time -----------------------------------------------------------------------------------

/// Let `n` ticks pass.
pub fn ticks(n: u32) -> Action {
    Action::Tick(n)
}

// ---- Kafka ----------------------------------------------------------------------------------

pub fn k(c: kafka::Command) -> Action {
    Action::Kafka(c)
}

/// A topic with the cluster's default replication factor (1).
pub fn topic(name: &str, partitions: u32) -> Action {
    k(kafka::Command::CreateTopic {
        name: name.into(),
        partitions,
    })
}

/// A topic with a replication factor and topic configs.
pub fn topic_with(
    name: &str,
    partitions: u32,
    replication_factor: u32,
    configs: &[(&str, &str)],
) -> Action {
    k(kafka::Command::CreateTopicWith {
        name: name.into(),
        partitions,
        replication_factor,
        configs: configs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    })
}

/// The default producer (`producer`) created up front, keyless records going round-robin, as
/// the classic partitioner did (easier to follow than sticky at teaching scale).
pub fn round_robin_producer() -> Action {
    producer_with(kafka::DEFAULT_PRODUCER, |c| {
        c.keyless = KeylessMode::RoundRobin
    })
}

pub fn producer_with(name: &str, f: impl FnOnce(&mut ProducerConfig)) -> Action {
    let mut config = ProducerConfig::default();
    f(&mut config);
    k(kafka::Command::CreateProducer {
        name: name.into(),
        config,
    })
}

pub fn producer_config(producer: &str, name: &str, value: &str) -> Action {
    k(kafka::Command::AlterProducerConfig {
        producer: producer.into(),
        name: name.into(),
        value: value.into(),
    })
}

pub fn add_partitions(topic: &str, total: u32) -> Action {
    k(kafka::Command::AddPartitions {
        topic: topic.into(),
        partitions: total,
    })
}

/// Produce a keyed record from the default producer.
pub fn send(topic: &str, key: &str, value: &str) -> Action {
    k(kafka::Command::Produce {
        topic: topic.into(),
        record: Record::keyed(key, value),
    })
}

/// Produce a keyless record from the default producer.
pub fn send_nokey(topic: &str, value: &str) -> Action {
    k(kafka::Command::Produce {
        topic: topic.into(),
        record: Record::new(value),
    })
}

/// What the producer panel's Send button does: produce a keyed record, then flush it out.
pub fn produce(topic: &str, key: &str, value: &str) -> Vec<Action> {
    vec![send(topic, key, value), flush()]
}

/// The Send button with the key left empty.
pub fn produce_nokey(topic: &str, value: &str) -> Vec<Action> {
    vec![send_nokey(topic, value), flush()]
}

/// `producer.flush()` on the default producer: the buffered batches leave now.
pub fn flush() -> Action {
    k(kafka::Command::Flush {
        producer: Some(kafka::DEFAULT_PRODUCER.into()),
    })
}

pub fn send_record(topic: &str, record: Record) -> Action {
    k(kafka::Command::Produce {
        topic: topic.into(),
        record,
    })
}

/// A consumer with manual commits that starts from the beginning when it has no offset.
pub fn consumer_config() -> ConsumerConfig {
    ConsumerConfig {
        auto_offset_reset: AutoOffsetReset::Earliest,
        enable_auto_commit: false,
        ..ConsumerConfig::default()
    }
}

pub fn subscribe(group: &str, member: &str, topics: &[&str]) -> Action {
    subscribe_with(group, member, topics, consumer_config())
}

pub fn subscribe_with(
    group: &str,
    member: &str,
    topics: &[&str],
    config: ConsumerConfig,
) -> Action {
    k(kafka::Command::Subscribe {
        group: group.into(),
        member: member.into(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        config,
    })
}

pub fn poll(group: &str, member: &str) -> Action {
    k(kafka::Command::Poll {
        group: group.into(),
        member: member.into(),
    })
}

pub fn commit(group: &str, member: &str) -> Action {
    k(kafka::Command::Commit {
        group: group.into(),
        member: member.into(),
    })
}

/// Poll, then commit what was polled (queue-style processing of one batch).
pub fn poll_commit(group: &str, member: &str) -> Vec<Action> {
    vec![poll(group, member), commit(group, member)]
}

pub fn leave(group: &str, member: &str) -> Action {
    k(kafka::Command::Leave {
        group: group.into(),
        member: member.into(),
    })
}

pub fn crash(group: &str, member: &str) -> Action {
    k(kafka::Command::Crash {
        group: group.into(),
        member: member.into(),
    })
}

pub fn seek_beginning(group: &str, member: &str, topic: &str, partition: u32) -> Action {
    k(kafka::Command::Seek {
        group: group.into(),
        member: member.into(),
        topic: topic.into(),
        partition,
        to: SeekTo::Beginning,
    })
}

pub fn kill_broker(broker: u32) -> Action {
    k(kafka::Command::KillBroker { broker })
}

// ---- Kafka checks ---------------------------------------------------------------------------

/// The group exists, tracks at least one partition, and has read and committed everything.
pub fn caught_up(sim: &Sim, group: &str) -> bool {
    sim.kafka
        .group(group)
        .is_some_and(|g| !g.lag.is_empty() && g.total_lag() == 0)
}

/// Committed offsets of a group, summed over its partitions.
pub fn committed(sim: &Sim, group: &str) -> u64 {
    sim.kafka
        .group(group)
        .map_or(0, |g| g.lag.iter().filter_map(|l| l.committed).sum())
}

/// Records stored in each partition of a topic as `(partition, key, value)`, in offset order.
pub fn records(sim: &Sim, topic: &str) -> Vec<(u32, Option<String>, String)> {
    let mut out = Vec::new();
    if let Some(parts) = sim.kafka.partition_views(topic) {
        for p in parts {
            for r in p.records() {
                out.push((
                    p.partition,
                    r.key.map(|k| String::from_utf8_lossy(k).into_owned()),
                    r.value
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                        .unwrap_or_default(),
                ));
            }
        }
    }
    out
}

/// A stored record and whether a group has read it (its offset is below the group's position).
pub struct Seen {
    pub value: String,
    pub read: bool,
}

/// Every record of a topic, in partition then offset order, marked read or not by `group`.
pub fn read_by(sim: &Sim, group: &str, topic: &str) -> Vec<Seen> {
    let positions = sim.kafka.group(group).map(|g| g.lag).unwrap_or_default();
    let mut out = Vec::new();
    for p in sim.kafka.partition_views(topic).unwrap_or_default() {
        let position = positions
            .iter()
            .find(|l| l.topic.as_ref() == topic && l.partition == p.partition)
            .and_then(|l| l.position)
            .unwrap_or(0);
        for r in p.records() {
            out.push(Seen {
                value: r
                    .value
                    .map(|v| String::from_utf8_lossy(v).into_owned())
                    .unwrap_or_default(),
                read: r.offset < position,
            });
        }
    }
    out
}

/// Log end offset of each partition of a topic.
pub fn log_ends(sim: &Sim, topic: &str) -> Vec<u64> {
    sim.kafka
        .partition_views(topic)
        .map(|ps| ps.iter().map(|p| p.log_end_offset).collect())
        .unwrap_or_default()
}

pub fn leader(sim: &Sim, topic: &str, partition: u32) -> Option<u32> {
    sim.kafka.partition(topic, partition).and_then(|p| p.leader)
}

// ---- RabbitMQ -------------------------------------------------------------------------------

pub fn r(c: rabbit::Command) -> Action {
    Action::Rabbit(c)
}

/// Channels are numbered from 1 in the order they are opened.
pub const CH1: ChannelId = ChannelId(1);
pub const CH2: ChannelId = ChannelId(2);
pub const CH3: ChannelId = ChannelId(3);
pub const CH4: ChannelId = ChannelId(4);

pub fn open_channel() -> Action {
    r(rabbit::Command::OpenChannel)
}

pub fn exchange(name: &str, kind: ExchangeKind) -> Action {
    r(rabbit::Command::DeclareExchange(
        ExchangeSpec::new(name, kind).durable(),
    ))
}

pub fn queue(spec: QueueSpec) -> Action {
    r(rabbit::Command::DeclareQueue(spec))
}

/// A plain durable queue.
pub fn durable_queue(name: &str) -> Action {
    queue(QueueSpec::new(name).durable())
}

pub fn bind(exchange: &str, queue: &str, key: &str) -> Action {
    r(rabbit::Command::Bind(BindSpec::queue(exchange, queue, key)))
}

pub fn bind_spec(spec: BindSpec) -> Action {
    r(rabbit::Command::Bind(spec))
}

pub fn publish(channel: ChannelId, exchange: &str, routing_key: &str, body: &str) -> Action {
    r(rabbit::Command::Publish(
        PublishSpec::new(channel, exchange, routing_key).body(body),
    ))
}

pub fn publish_spec(spec: PublishSpec) -> Action {
    r(rabbit::Command::Publish(spec))
}

/// A consumer with manual acks, tagged `tag`.
pub fn consume(channel: ChannelId, queue: &str, tag: &str) -> Action {
    r(rabbit::Command::Consume(
        ConsumeSpec::new(channel, queue).tag(tag),
    ))
}

/// A simulated consumer that settles each delivery by itself after `after_ms`.
pub fn consume_auto(
    channel: ChannelId,
    queue: &str,
    tag: &str,
    after_ms: u64,
    action: AutoSettle,
) -> Action {
    r(rabbit::Command::Consume(
        ConsumeSpec::new(channel, queue)
            .tag(tag)
            .behaviour(after_ms, action),
    ))
}

pub fn qos(channel: ChannelId, prefetch: u16) -> Action {
    r(rabbit::Command::Qos {
        channel,
        prefetch_count: prefetch,
        global: false,
    })
}

pub fn ack(channel: ChannelId, delivery_tag: u64) -> Action {
    r(rabbit::Command::Ack {
        channel,
        delivery_tag,
        multiple: false,
    })
}

pub fn nack_requeue(channel: ChannelId, delivery_tag: u64) -> Action {
    r(rabbit::Command::Nack {
        channel,
        delivery_tag,
        multiple: false,
        requeue: true,
    })
}

pub fn reject(channel: ChannelId, delivery_tag: u64) -> Action {
    r(rabbit::Command::Reject {
        channel,
        delivery_tag,
        requeue: false,
    })
}

pub fn restart_rabbit() -> Action {
    r(rabbit::Command::Restart)
}

// ---- RabbitMQ checks ------------------------------------------------------------------------

/// Ready messages of a queue (0 when it does not exist).
pub fn ready(sim: &Sim, queue: &str) -> u64 {
    sim.rabbit.queue(queue).map_or(0, |q| q.ready)
}

/// Bodies of the ready messages of a queue, in serving order.
pub fn bodies(sim: &Sim, queue: &str) -> Vec<String> {
    sim.rabbit
        .messages(queue)
        .iter()
        .map(|m| m.body_text())
        .collect()
}

pub fn stats(sim: &Sim, queue: &str) -> rabbit::QueueStats {
    sim.rabbit.queue(queue).map(|q| q.stats).unwrap_or_default()
}

/// Every message a queue ever took in (ready, unacked or gone).
pub fn enqueued(sim: &Sim, queue: &str) -> u64 {
    stats(sim, queue).enqueued
}

/// Deliveries per consumer tag.
pub fn delivered_to(sim: &Sim, tag: &str) -> u64 {
    sim.rabbit
        .consumers()
        .iter()
        .find(|c| c.tag == tag)
        .map_or(0, |c| c.delivered)
}
