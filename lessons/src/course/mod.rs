//! The course, in the article's order of ideas: why brokers, the World Cup example, Kafka's
//! building blocks, the cluster, use and scale; then RabbitMQ; then the comparison.

mod compare;
mod intro;
mod kafka_basics;
mod kafka_cluster;
mod kafka_scale;
mod rabbit;
mod scene;

pub(crate) use crate::Text;
pub(crate) use crate::model::{Broker, Goal, Highlight, Lesson, Part, Prediction, Step};
pub(crate) use engine::sim::Sim;
pub(crate) use scene::*;

/// Shorthand for a bilingual text in the course files.
pub(crate) const fn t(ko: &'static str, en: &'static str) -> Text {
    Text::new(ko, en)
}

/// Builds every lesson in course order.
pub fn build() -> Vec<Lesson> {
    [
        intro(),
        kafka_basics(),
        kafka_cluster(),
        kafka_scale(),
        rabbit(),
        compare(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The lessons of [`Chunk::Intro`](crate::Chunk::Intro), in course order.
pub fn intro() -> Vec<Lesson> {
    vec![intro::why_brokers(), intro::world_cup()]
}

/// The lessons of [`Chunk::KafkaBasics`](crate::Chunk::KafkaBasics), in course order.
pub fn kafka_basics() -> Vec<Lesson> {
    vec![
        kafka_basics::topics(),
        kafka_basics::partitions_offsets(),
        kafka_basics::message_anatomy(),
        kafka_basics::consumer_groups(),
        kafka_basics::queue_or_stream(),
    ]
}

/// The lessons of [`Chunk::KafkaCluster`](crate::Chunk::KafkaCluster), in course order.
pub fn kafka_cluster() -> Vec<Lesson> {
    vec![
        kafka_cluster::cluster(),
        kafka_cluster::replication(),
        kafka_cluster::push_pull(),
    ]
}

/// The lessons of [`Chunk::KafkaScale`](crate::Chunk::KafkaScale), in course order.
pub fn kafka_scale() -> Vec<Lesson> {
    vec![
        kafka_scale::use_cases(),
        kafka_scale::limits(),
        kafka_scale::scale_out(),
        kafka_scale::hot_partitions(),
        kafka_scale::batching_compression(),
    ]
}

/// The lessons of [`Chunk::Rabbit`](crate::Chunk::Rabbit), in course order.
pub fn rabbit() -> Vec<Lesson> {
    vec![
        rabbit::rabbit_basics(),
        rabbit::exchange_types(),
        rabbit::acks_persistence(),
        rabbit::dead_letters(),
        rabbit::work_queues(),
        rabbit::order_flow(),
    ]
}

/// The lessons of [`Chunk::Compare`](crate::Chunk::Compare), in course order.
pub fn compare() -> Vec<Lesson> {
    vec![compare::compare()]
}
