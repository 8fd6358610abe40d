//! What the lesson list and deep links need to know of every lesson before the lesson itself is
//! there: its id, part, broker, title, how many steps and goals it has, and which chunk of the
//! course holds it. The app keeps only this in its first load and fetches a chunk
//! ([`chunks`](crate::chunks)) when the learner opens one of its lessons; a test proves this
//! table says what the lessons themselves say.

use crate::{Broker, Part, Text};

/// Which group of lessons a lesson is built with (one wasm chunk each in the app).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// Why brokers, the World Cup site.
    Intro,
    /// Topics, partitions, messages, groups, queue or stream.
    KafkaBasics,
    /// The cluster, replication, push or pull.
    KafkaCluster,
    /// Use cases, limits, scaling, hot partitions, batching and compression.
    KafkaScale,
    /// The RabbitMQ part.
    Rabbit,
    /// The closing comparison.
    Compare,
}

/// One lesson as the lesson list shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: &'static str,
    pub part: Part,
    pub broker: Broker,
    pub title: Text,
    /// How many steps the lesson has.
    pub steps: usize,
    /// How many of its steps have a goal.
    pub goals: usize,
    pub chunk: Chunk,
}

/// Every lesson, in course order (the order of [`course`](crate::course)).
pub const CATALOG: &[Entry] = &[
    Entry {
        id: "why-brokers",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("브로커가 필요한 이유", "Why put a broker in the middle"),
        steps: 6,
        goals: 3,
        chunk: Chunk::Intro,
    },
    Entry {
        id: "world-cup",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("월드컵 중계 사이트", "A World Cup live site"),
        steps: 6,
        goals: 3,
        chunk: Chunk::Intro,
    },
    Entry {
        id: "topics",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("토픽", "Topics"),
        steps: 2,
        goals: 1,
        chunk: Chunk::KafkaBasics,
    },
    Entry {
        id: "partitions-offsets",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("파티션과 offset", "Partitions and offsets"),
        steps: 3,
        goals: 2,
        chunk: Chunk::KafkaBasics,
    },
    Entry {
        id: "message-anatomy",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("메시지의 구성과 키", "What's in a message, and keys"),
        steps: 3,
        goals: 2,
        chunk: Chunk::KafkaBasics,
    },
    Entry {
        id: "consumer-groups",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("컨슈머 그룹과 리밸런스", "Consumer groups and rebalancing"),
        steps: 4,
        goals: 2,
        chunk: Chunk::KafkaBasics,
    },
    Entry {
        id: "queue-or-stream",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("큐처럼, 스트림처럼", "As a queue, as a stream"),
        steps: 5,
        goals: 4,
        chunk: Chunk::KafkaBasics,
    },
    Entry {
        id: "cluster",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new(
            "클러스터, 브로커, 컨트롤러",
            "Cluster, brokers and the controller",
        ),
        steps: 3,
        goals: 1,
        chunk: Chunk::KafkaCluster,
    },
    Entry {
        id: "replication",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("복제와 장애 조치", "Replication and failover"),
        steps: 3,
        goals: 3,
        chunk: Chunk::KafkaCluster,
    },
    Entry {
        id: "push-pull",
        part: Part::EventBroker,
        broker: Broker::Both,
        title: Text::new("푸시와 풀", "Push or pull"),
        steps: 2,
        goals: 1,
        chunk: Chunk::KafkaCluster,
    },
    Entry {
        id: "use-cases",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("Kafka를 언제 쓸까", "When to reach for Kafka"),
        steps: 5,
        goals: 3,
        chunk: Chunk::KafkaScale,
    },
    Entry {
        id: "limits",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("브로커 한 대의 한계", "What one broker can take"),
        steps: 3,
        goals: 1,
        chunk: Chunk::KafkaScale,
    },
    Entry {
        id: "scale-out",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new(
            "브로커를 늘려도 빨라지지 않을 때",
            "When more brokers don't help",
        ),
        steps: 2,
        goals: 1,
        chunk: Chunk::KafkaScale,
    },
    Entry {
        id: "hot-partitions",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("핫 파티션과 네 가지 처방", "Hot partitions and four fixes"),
        steps: 6,
        goals: 5,
        chunk: Chunk::KafkaScale,
    },
    Entry {
        id: "batching-compression",
        part: Part::EventBroker,
        broker: Broker::Kafka,
        title: Text::new("배치와 압축", "Batching and compression"),
        steps: 2,
        goals: 2,
        chunk: Chunk::KafkaScale,
    },
    Entry {
        id: "rabbit-basics",
        part: Part::MessageBroker,
        broker: Broker::Rabbit,
        title: Text::new("RabbitMQ: 우체국처럼", "RabbitMQ: like a post office"),
        steps: 4,
        goals: 3,
        chunk: Chunk::Rabbit,
    },
    Entry {
        id: "exchange-types",
        part: Part::MessageBroker,
        broker: Broker::Rabbit,
        title: Text::new("exchange 네 가지", "Four kinds of exchange"),
        steps: 4,
        goals: 4,
        chunk: Chunk::Rabbit,
    },
    Entry {
        id: "acks-persistence",
        part: Part::MessageBroker,
        broker: Broker::Rabbit,
        title: Text::new("ack, 재전달, 영속성", "Acks, redelivery and persistence"),
        steps: 3,
        goals: 3,
        chunk: Chunk::Rabbit,
    },
    Entry {
        id: "dead-letters",
        part: Part::MessageBroker,
        broker: Broker::Rabbit,
        title: Text::new("데드 레터", "Dead letters"),
        steps: 3,
        goals: 3,
        chunk: Chunk::Rabbit,
    },
    Entry {
        id: "work-queues",
        part: Part::MessageBroker,
        broker: Broker::Rabbit,
        title: Text::new("일 나누기와 우선순위", "Sharing work, and priorities"),
        steps: 3,
        goals: 3,
        chunk: Chunk::Rabbit,
    },
    Entry {
        id: "order-flow",
        part: Part::MessageBroker,
        broker: Broker::Rabbit,
        title: Text::new("주문에서 결제까지", "From order to payment"),
        steps: 4,
        goals: 3,
        chunk: Chunk::Rabbit,
    },
    Entry {
        id: "compare",
        part: Part::Comparison,
        broker: Broker::Both,
        title: Text::new(
            "Kafka와 RabbitMQ, 나란히",
            "Kafka and RabbitMQ side by side",
        ),
        steps: 4,
        goals: 1,
        chunk: Chunk::Compare,
    },
];

/// The catalog entry of the lesson with this id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.id == id)
}

/// The position of a lesson in the course, for "lesson N of M" and next/previous.
pub fn index(id: &str) -> Option<usize> {
    CATALOG.iter().position(|e| e.id == id)
}

/// The lessons of one chunk, built.
pub fn build(chunk: Chunk) -> Vec<crate::Lesson> {
    match chunk {
        Chunk::Intro => crate::chunks::intro(),
        Chunk::KafkaBasics => crate::chunks::kafka_basics(),
        Chunk::KafkaCluster => crate::chunks::kafka_cluster(),
        Chunk::KafkaScale => crate::chunks::kafka_scale(),
        Chunk::Rabbit => crate::chunks::rabbit(),
        Chunk::Compare => crate::chunks::compare(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_says_what_the_lessons_say() {
        let course = crate::course();
        assert_eq!(CATALOG.len(), course.len());
        for (e, l) in CATALOG.iter().zip(course) {
            assert_eq!(e.id, l.id);
            assert_eq!(e.part, l.part, "{}", l.id);
            assert_eq!(e.broker, l.broker, "{}", l.id);
            assert_eq!(e.title, l.title, "{}", l.id);
            assert_eq!(e.steps, l.steps.len(), "{}", l.id);
            assert_eq!(
                e.goals,
                l.steps.iter().filter(|s| s.goal.is_some()).count(),
                "{}",
                l.id
            );
            assert!(
                build(e.chunk).iter().any(|c| c.id == l.id),
                "{} is not in {:?}",
                l.id,
                e.chunk
            );
        }
    }
}
