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
pub(crate) use crate::model::{
    Broker, Goal, Highlight, Layers, Lesson, Offer, Part, Prediction, Step,
};
pub(crate) use engine::sim::Sim;
pub(crate) use scene::*;

/// Shorthand for a bilingual text in the course files.
pub(crate) const fn t(ko: &'static str, en: &'static str) -> Text {
    Text::new(ko, en)
}

/// Builds every lesson in course order.
pub fn build() -> Vec<Lesson> {
    vec![
        intro::why_brokers(),
        intro::world_cup(),
        kafka_basics::topics(),
        kafka_basics::partitions_offsets(),
        kafka_basics::message_anatomy(),
        kafka_basics::consumer_groups(),
        kafka_basics::queue_or_stream(),
        kafka_cluster::cluster(),
        kafka_cluster::replication(),
        kafka_cluster::push_pull(),
        kafka_scale::use_cases(),
        kafka_scale::limits(),
        kafka_scale::scale_out(),
        kafka_scale::hot_partitions(),
        kafka_scale::batching_compression(),
        rabbit::rabbit_basics(),
        rabbit::exchange_types(),
        rabbit::acks_persistence(),
        rabbit::dead_letters(),
        rabbit::work_queues(),
        rabbit::order_flow(),
        compare::compare(),
    ]
}
