//! The course's one vocabulary: each term in the form Korean Kafka and RabbitMQ engineers write
//! it, its English name, a one-line definition in both, and the Korean forms the course does not
//! use for it (a test flags any Korean string, lessons or UI tables, that uses one of them).
//! Ordered as the course introduces them; the player shows it as the glossary.
//!
//! Choices, where Korean writing varies: Kafka's nouns that the Korean community transliterates
//! (프로듀서, 컨슈머, 파티션, 토픽, 브로커, 리밸런스, 레플리카) are written in Hangul, in both
//! halves of the course; names that Korean docs and talks keep in English stay English
//! (offset, lag, ack, exchange, prefetch, ISR). `lag` stays English because 랙 is also how
//! Korean writes rack (as in broker.rack).

use crate::Text;

/// One glossary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// Stable id for anchors (`#term-consumer-group`): lowercase, digits and `-`.
    pub id: &'static str,
    /// The term as each language says it (컨슈머 그룹 ↔ consumer group).
    pub term: Text,
    pub definition: Text,
    /// The form Korean sentences use (the term's Korean column may add a gloss in brackets).
    pub written: &'static str,
    /// Forms a Korean sentence must not use for this term.
    pub avoid: &'static [&'static str],
}

const fn term(
    id: &'static str,
    ko: &'static str,
    en: &'static str,
    def_ko: &'static str,
    def_en: &'static str,
) -> Term {
    Term {
        id,
        term: Text::new(ko, en),
        definition: Text::new(def_ko, def_en),
        written: ko,
        avoid: &[],
    }
}

impl Term {
    /// The form Korean sentences use, when the Korean column carries a gloss beside it.
    const fn written(mut self, form: &'static str) -> Self {
        self.written = form;
        self
    }

    const fn avoid(mut self, forms: &'static [&'static str]) -> Self {
        self.avoid = forms;
        self
    }
}

/// Every term, in the order the course introduces them.
pub const TERMS: &[Term] = &[
    term(
        "event-broker",
        "이벤트 브로커",
        "event broker",
        "일어난 일을 기록해 두고 관심 있는 모든 곳에 알리는 중개자. Kafka가 대표적입니다.",
        "A go-between that records what happened and tells everyone interested. Kafka is the best-known one.",
    ),
    term(
        "message-broker",
        "메시지 브로커",
        "message broker",
        "해야 할 일을 맡아서 처리할 곳에 안전하게 전달하는 중개자. RabbitMQ가 대표적입니다.",
        "A go-between that takes work and delivers it safely to whoever will do it. RabbitMQ is the best-known one.",
    ),
    term(
        "producer",
        "프로듀서",
        "producer",
        "브로커에 메시지나 이벤트를 보내는 쪽.",
        "The side that sends messages or events to the broker.",
    )
    .avoid(&["producer", "Producer", "퍼블리셔"]),
    term(
        "consumer",
        "컨슈머",
        "consumer",
        "브로커에서 메시지를 받아 처리하는 쪽.",
        "The side that receives messages from the broker and processes them.",
    )
    .avoid(&["consumer", "Consumer", "소비자"]),
    term(
        "pub-sub",
        "pub/sub (발행/구독)",
        "pub/sub (publish/subscribe)",
        "한 번 발행한 이벤트를 구독한 모든 쪽이 각자 받는 방식.",
        "A pattern where one published event reaches every subscriber.",
    )
    .written("pub/sub"),
    term(
        "loose-coupling",
        "느슨한 결합",
        "loose coupling",
        "서비스들이 서로를 직접 알지 못하게 해서, 한쪽의 장애가 다른 쪽으로 번지지 않게 하는 설계.",
        "Keeping services unaware of each other, so a failure in one doesn't spread to the others.",
    ),
    term(
        "topic",
        "토픽",
        "topic",
        "같은 종류의 이벤트를 묶는 이름. 여러 파티션으로 이루어집니다.",
        "The name for one kind of event; made of one or more partitions.",
    ),
    term(
        "partition",
        "파티션",
        "partition",
        "끝에만 덧붙이는 순서 있는 로그. 토픽을 나누는 단위이자 순서가 보장되는 범위입니다.",
        "An ordered, append-only log; the unit a topic is split into and the scope of ordering.",
    ),
    term(
        "offset",
        "offset (파티션 안의 위치 번호)",
        "offset",
        "파티션 안에서 메시지의 위치를 나타내는, 0부터 커지는 번호.",
        "A message's position within a partition, counting up from 0.",
    )
    .written("offset")
    .avoid(&["오프셋"]),
    term(
        "committed-offset",
        "커밋된 offset",
        "committed offset",
        "컨슈머 그룹이 파티션에서 다음에 읽을 위치로 저장해 둔 offset.",
        "The offset a consumer group has saved as the next one to read in a partition.",
    ),
    term(
        "high-watermark",
        "하이 워터마크",
        "high watermark",
        "ISR의 모든 레플리카가 복제한 지점. 컨슈머는 이 offset 앞까지만 읽을 수 있습니다.",
        "The offset up to which every in-sync replica has the log; consumers read only below it.",
    )
    .avoid(&["high watermark", "하이워터마크"]),
    term(
        "lag",
        "lag (처리가 밀린 양)",
        "lag",
        "컨슈머가 읽을 수 있는 끝(하이 워터마크)과 커밋된 offset의 차이. 아직 처리하지 못한 메시지 수입니다.",
        "The gap between the high watermark (the end consumers can read to) and the committed offset: messages not yet processed.",
    )
    .written("lag")
    .avoid(&["랙", "래그"]),
    term(
        "round-robin",
        "라운드 로빈",
        "round-robin",
        "돌아가며 하나씩 나눠 주는 방식. 키 없는 메시지를 파티션에 나누던 예전 Kafka 프로듀서와 RabbitMQ가 컨슈머에게 메시지를 나눠 줄 때 씁니다.",
        "Handing out one at a time, in turn: how older Kafka producers spread keyless messages, and how RabbitMQ shares a queue among consumers.",
    )
    .avoid(&["라운드로빈", "round robin"]),
    term(
        "tombstone",
        "tombstone (삭제 표시)",
        "tombstone",
        "key는 있고 value가 null인 메시지. compacted 토픽에서 그 key의 옛 값을 지우라는 뜻입니다.",
        "A message with a key and a null value; on a compacted topic it deletes the key's older values.",
    )
    .written("tombstone")
    .avoid(&["툼스톤"]),
    term(
        "key",
        "키",
        "key",
        "메시지가 들어갈 파티션을 정하는 값. 같은 키는 같은 파티션으로 갑니다.",
        "The value that picks a message's partition; the same key always goes to the same partition.",
    ),
    term(
        "murmur2",
        "murmur2 해시",
        "murmur2",
        "Kafka 프로듀서가 키로 파티션을 고를 때 쓰는 해시 함수.",
        "The hash function Kafka's producer uses to map a key to a partition.",
    ),
    term(
        "headers",
        "헤더",
        "headers",
        "메시지에 붙이는 키-값 형태의 부가 정보.",
        "Extra key-value metadata carried by a message.",
    ),
    term(
        "consumer-group",
        "컨슈머 그룹",
        "consumer group",
        "파티션을 나눠 읽는 컨슈머들의 묶음. 그룹 안에서 파티션 하나는 한 번에 한 컨슈머만 읽습니다. 커밋 전에 죽으면 다시 처리될 수 있습니다(at-least-once).",
        "A set of consumers sharing a topic's partitions; within it, a partition is read by one consumer at a time. Events not yet committed may be processed again after a crash (at-least-once).",
    ),
    term(
        "at-least-once",
        "at-least-once (최소 한 번 처리)",
        "at-least-once",
        "메시지를 잃지 않는 대신 두 번 처리될 수는 있는 전달 방식. 처리한 뒤 커밋(또는 ack)하기 전에 죽으면 같은 메시지를 다시 받습니다.",
        "Delivery that never loses a message but may process one twice: die after processing and before committing (or acking), and it comes again.",
    )
    .written("at-least-once"),
    term(
        "rebalance",
        "리밸런스",
        "rebalance",
        "컨슈머가 그룹에 들어오거나 나갈 때 파티션을 다시 나누는 일.",
        "Redistributing partitions when a consumer joins or leaves the group.",
    )
    .avoid(&["리밸런싱", "재조정"]),
    term(
        "assignor",
        "assignor (파티션 배정 규칙)",
        "assignor",
        "리밸런스 때 파티션을 컨슈머에게 어떻게 나눌지 정하는 규칙(range, roundrobin, cooperative-sticky 등).",
        "The rule that decides how partitions are split among consumers (range, roundrobin, cooperative-sticky ...).",
    )
    .written("assignor"),
    term(
        "broker",
        "브로커",
        "broker",
        "클러스터를 이루는 서버 하나. 파티션을 저장하고 요청을 처리합니다.",
        "One server of the cluster; it stores partitions and serves requests.",
    ),
    term(
        "controller",
        "컨트롤러",
        "controller",
        "KRaft 컨트롤러 쿼럼에서 과반수 투표로 뽑힌 액티브 컨트롤러. 어느 브로커가 어느 파티션의 리더인지 같은 클러스터 메타데이터를 관리합니다.",
        "The active controller, elected by a majority of the KRaft controller quorum; it manages cluster metadata, such as which broker leads each partition.",
    ),
    term(
        "replica",
        "레플리카",
        "replica",
        "파티션의 복사본. 여러 브로커에 나뉘어 있습니다.",
        "A copy of a partition; copies live on different brokers.",
    )
    .avoid(&["복제본", "리플리카"]),
    term(
        "leader",
        "리더",
        "leader",
        "파티션의 쓰기와, 기본 설정에서는 읽기도 맡는 레플리카.",
        "The replica that takes a partition's writes and, by default, its reads.",
    ),
    term(
        "follower",
        "팔로워",
        "follower",
        "리더의 로그를 따라 복사하는 레플리카.",
        "A replica that copies the leader's log.",
    ),
    term(
        "isr",
        "ISR (리더와 동기화된 레플리카)",
        "ISR (in-sync replicas)",
        "replica.lag.time.max.ms(기본 30초) 안에 리더를 따라잡은 레플리카의 집합. 리더가 죽으면 이 중에서 새 리더를 뽑습니다.",
        "The replicas caught up with the leader within replica.lag.time.max.ms (30 s by default); a new leader is chosen from them.",
    )
    .written("ISR"),
    term(
        "acks",
        "acks (쓰기 확인 수준)",
        "acks",
        "쓰기가 성공했다고 보기 전에 몇 개의 레플리카가 받아야 하는지 정하는 프로듀서 설정(0, 1, all).",
        "The producer setting for how many replicas must have a write before it counts (0, 1, all).",
    )
    .written("acks"),
    term(
        "hot-partition",
        "핫 파티션",
        "hot partition",
        "잘못 고른 키 때문에 트래픽이 한 파티션에 몰린 상태.",
        "A partition swamped with traffic because of a badly chosen key.",
    ),
    term(
        "salting",
        "솔팅",
        "salting",
        "키에 작은 난수(솔트)를 붙여 한 키의 트래픽을 여러 파티션에 나누는 기법.",
        "Adding a small random suffix (the salt) to a key to spread its traffic over several partitions.",
    )
    .avoid(&["salting", "솔트 붙이기", "솔트를 붙이기", "살팅"]),
    term(
        "back-pressure",
        "백프레셔",
        "back pressure",
        "받는 쪽이 밀릴 때 보내는 쪽을 늦추는 것. Kafka 프로듀서에서는 buffer.memory가 차면 send()가 max.block.ms까지 멈췄다가 실패합니다.",
        "Slowing the sender down when the receiving side falls behind. In a Kafka producer, a full buffer.memory blocks send() for up to max.block.ms, then fails it.",
    )
    .avoid(&["백 프레셔", "back pressure", "배압"]),
    term(
        "batching",
        "배치 전송",
        "batching",
        "메시지를 모아서 한 번의 요청으로 보내는 것.",
        "Gathering messages and sending them in one request.",
    ),
    term(
        "compression",
        "압축",
        "compression",
        "배치를 gzip, snappy, lz4, zstd 등으로 줄여 네트워크와 저장 공간을 아끼는 것.",
        "Shrinking batches with gzip, snappy, lz4 or zstd to save network and storage.",
    ),
    term(
        "exchange",
        "exchange (교환기)",
        "exchange",
        "RabbitMQ에서 프로듀서가 메시지를 보내는 곳. 바인딩에 따라 큐로 라우팅합니다.",
        "Where a RabbitMQ producer publishes; it routes messages to queues by their bindings.",
    )
    .written("exchange")
    .avoid(&["익스체인지", "Exchange"]),
    term(
        "routing-key",
        "라우팅 키",
        "routing key",
        "메시지에 붙어서 exchange가 어느 큐로 보낼지 판단하는 데 쓰는 문자열.",
        "A string on a message that the exchange uses to choose queues.",
    ),
    term(
        "binding",
        "바인딩",
        "binding",
        "exchange와 큐를 잇는 규칙.",
        "The rule linking an exchange to a queue.",
    ),
    term(
        "queue",
        "큐",
        "queue",
        "컨슈머가 가져갈 때까지 메시지를 보관하는 곳.",
        "Where messages wait until a consumer takes them.",
    )
    .avoid(&["queue"]),
    term(
        "ack",
        "ack (처리 완료 확인)",
        "ack",
        "컨슈머가 메시지 처리를 마쳤다고 알리는 신호. 이때 메시지가 지워집니다.",
        "A consumer's signal that it has finished a message; the message is then deleted.",
    )
    .written("ack")
    .avoid(&["ACK", "애크"]),
    term(
        "nack",
        "nack / reject (처리 실패 알림)",
        "nack / reject",
        "처리하지 못했다는 신호. 큐로 되돌리거나 데드 레터로 보냅니다.",
        "A signal that processing failed; the message is requeued or dead-lettered.",
    )
    .written("nack"),
    term(
        "redelivered",
        "재전달",
        "redelivery",
        "돌려보내졌거나 컨슈머가 죽어서 다시 전달되는 메시지. redelivered 표시가 붙습니다.",
        "Delivering a message again after a nack or a consumer crash; it carries the redelivered flag.",
    )
    .avoid(&["재전송", "재배달"]),
    term(
        "prefetch",
        "prefetch (미리 받아 둘 개수)",
        "prefetch",
        "컨슈머 하나가 ack하지 않은 채 들고 있을 수 있는 메시지 수(basic.qos).",
        "How many unacked messages one consumer may hold (basic.qos).",
    )
    .written("prefetch")
    .avoid(&["프리페치"]),
    term(
        "durable",
        "durable / persistent (재시작 뒤에도 남음)",
        "durable / persistent",
        "durable 큐와 persistent 메시지는 브로커가 재시작해도 남습니다.",
        "Durable queues and persistent messages survive a broker restart.",
    )
    .written("durable"),
    term(
        "ttl",
        "TTL (메시지 수명)",
        "TTL",
        "메시지가 큐에서 기다릴 수 있는 최대 시간.",
        "The longest a message may wait in a queue.",
    )
    .written("TTL"),
    term(
        "dlx",
        "데드 레터 exchange (DLX)",
        "dead letter exchange (DLX)",
        "거절되거나 만료되거나 길이 제한을 넘친 메시지(quorum 큐라면 전달 횟수 제한을 넘은 메시지도)가 옮겨지는 exchange.",
        "The exchange that receives rejected, expired or overflowing messages (on a quorum queue, also those past the delivery limit).",
    )
    .written("DLX")
    .avoid(&["데드레터", "Dead Letter"]),
    term(
        "x-death",
        "x-death 헤더",
        "x-death",
        "데드 레터가 된 메시지의 이력(큐, 이유, 횟수)을 담는 헤더.",
        "The header recording a dead-lettered message's history (queue, reason, count).",
    ),
    term(
        "priority",
        "우선순위",
        "priority",
        "높은 값의 메시지가 먼저 나가게 하는 메시지 속성. 클래식 큐는 x-max-priority를 줘야 하고, quorum 큐는 높음(5 이상)과 보통 두 단계만 둡니다.",
        "A message property that sends higher values first: a classic queue needs x-max-priority, and a quorum queue has only two levels, high (5 and above) and normal.",
    ),
];

/// The entry with this id.
pub fn find(id: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.id == id)
}
