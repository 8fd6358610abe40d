//! Kafka's building blocks: topics, partitions, offsets, messages and keys, consumer groups, and
//! the two ways of consuming.

use super::*;
use engine::kafka::{self, ConsumerConfig, Record};
use engine::sim::Action;

pub fn topics() -> Lesson {
    Lesson::new(
        "topics",
        Part::EventBroker,
        Broker::Kafka,
        t("토픽", "Topics"),
        t(
            "토픽으로 이벤트를 종류별로 나누고, 필요한 토픽만 구독합니다.",
            "Group events by kind into topics and subscribe only to the ones you need.",
        ),
    )
    .seed(303)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce, Offer::Topics])
    .step(
        Step::new(
            t("토픽은 이름 붙은 흐름", "A topic is a named stream"),
            t(
                "토픽은 같은 종류의 이벤트를 묶어 부르는 이름입니다. 프로듀서는 항상 어떤 토픽에 쓰고, 컨슈머는 필요한 토픽만 골라 구독합니다. 토픽 하나는 실제로는 파티션 여러 개로 이루어져 있는데, 이건 다음 레슨에서 봅니다.",
                "A topic is the name for one kind of event. Producers always write to some topic, and consumers pick the topics they need. Under the hood a topic is made of partitions, which the next lesson opens up.",
            ),
        )
        .scene(super::intro::two_sports())
        .teaches(&["kf.topic"])
        .show(&[Highlight::Topic("football"), Highlight::Topic("basketball")])
        .goal(
            Goal::new(t(
                "tennis 토픽에 이벤트가 하나 있고, 축구와 농구 화면(football-site, basketball-site)은 여전히 자기 토픽만 읽는 상태.",
                "One event stored in a `tennis` topic, while the football and basketball pages (`football-site`, `basketball-site`) still read only their own topics.",
            ), tennis_alone)
            .hint(t(
                "토픽 관리에서 파티션 1개짜리 tennis 토픽을 만드세요. 토픽 이름에는 영문자, 숫자, `.`, `_`, `-`만 쓸 수 있습니다.",
                "In the topics panel, create a `tennis` topic with 1 partition. Topic names may use letters, digits, `.`, `_` and `-` only.",
            ), vec![topic("tennis", 1)])
            .hint(t(
                "프로듀서 패널에서 tennis 토픽으로 이벤트를 하나 보내세요. 예: match point",
                "From the producer panel, send one event to `tennis`, for example `match point`.",
            ), produce_nokey("tennis", "match point")),
        ),
    )
    .step(
        Step::new(
            t("프로듀서는 여럿이어도 된다", "Many producers, one topic"),
            t(
                "토픽 하나에 쓰는 프로듀서는 없을 수도, 하나일 수도, 여럿일 수도 있습니다. 경기장마다 따로 돌아가는 수집 서버가 모두 같은 football 토픽에 써도 괜찮습니다. 컨슈머 입장에서는 어느 프로듀서가 썼는지 상관없이 하나의 흐름입니다.",
                "A topic may have no producer, one, or many. Collectors running at every stadium can all write to the same `football` topic. To a consumer it is one stream, whichever producer wrote each event.",
            ),
        )
        .scene(stadiums())
        .teaches(&["kf.topic"])
        .show(&[Highlight::Producer, Highlight::Topic("football")]),
    )
}

pub fn partitions_offsets() -> Lesson {
    Lesson::new(
        "partitions-offsets",
        Part::EventBroker,
        Broker::Kafka,
        t("파티션과 offset", "Partitions and offsets"),
        t(
            "파티션이 왜 끝에만 덧붙이는 로그인지, offset으로 어떻게 진도를 관리하는지 봅니다.",
            "See why a partition is an append-only log and how offsets track a consumer's progress.",
        ),
    )
    .seed(404)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce, Offer::Poll, Offer::Commit])
    .step(
        Step::new(
            t("끝에만 덧붙이는 로그", "An append-only log"),
            t(
                "파티션은 메시지를 끝에만 덧붙이는 로그입니다. 한 번 쓰인 메시지는 고칠 수 없습니다. 메시지가 지워지는 경우는 보존 기간(retention.ms, 기본 7일)이나 크기 한도(retention.bytes)를 넘긴 오래된 세그먼트가 앞에서부터 통째로 삭제될 때, 관리자가 어떤 offset 앞을 잘라 낼 때(kafka-delete-records), compaction이 같은 key의 옛 값을 정리할 때뿐입니다. 디스크에 순서대로 쓰기만 하니 빠르고, 내용이 바뀌지 않으니 누가 언제 읽어도 같은 기록을 봅니다.",
                "A partition is a log you can only append to. A message, once written, is never edited; records leave only when retention (retention.ms, 7 days by default, or the size limit retention.bytes) deletes whole old segments from the front, when an admin cuts off everything before an offset (kafka-delete-records), or when compaction clears older values of the same key. Writing sequentially to disk is fast, and since nothing changes, every reader sees the same history whenever they read it.",
            ),
        )
        .scene(two_events())
        .teaches(&["kf.partition-log"])
        .show(&[Highlight::Partition("football", 0)])
        .goal(
            Goal::new(t(
                "football 파티션 0의 로그 끝 offset이 5인 상태(지금은 2).",
                "Partition 0 of `football` with its log end offset at 5 (it is 2 now).",
            ), five_appended)
            .hint(t(
                "이 토픽은 파티션이 하나뿐이라 무엇을 보내든 파티션 0에 쌓입니다. football 토픽으로 이벤트를 세 번 보내세요.",
                "This topic has a single partition, so whatever you send lands in partition 0. Send three events to `football`.",
            ), ["match-7 yellow card", "match-7 substitution", "match-7 full-time"].iter().flat_map(|e| produce_nokey("football", e)).collect()),
        ),
    )
    .step(
        Step::new(
            t("offset은 위치다", "An offset is a position"),
            t(
                "파티션에 들어간 메시지는 0부터 하나씩 커지는 번호, 즉 offset을 받습니다. offset은 그 파티션 안에서만 의미가 있어서, 파티션 0의 offset 3과 파티션 1의 offset 3은 전혀 다른 메시지입니다. 순서 역시 파티션 안에서만 보장됩니다.",
                "Each message in a partition gets a number counting up from 0: its offset. An offset only means something within its partition; offset 3 in partition 0 and offset 3 in partition 1 are unrelated messages. Order, likewise, holds only within a partition.",
            ),
        )
        .scene(scores())
        .teaches(&["kf.offset", "kf.partition-log"])
        .show(&[Highlight::Partition("scores", 0), Highlight::Partition("scores", 1)])
        .predict(Prediction::new(
            t(
                "scores 토픽의 파티션 1에는 offset 0부터 4까지 메시지가 있습니다. 여기에 메시지를 하나 더 쓰면 offset은 몇일까요?",
                "Partition 1 of `scores` holds offsets 0 to 4. Write one more message there: what is its offset?",
            ),
            vec![t("4", "4"), t("5", "5"), t("파티션 0의 마지막 offset + 1", "Partition 0's last offset + 1")],
            1,
            t(
                "offset은 파티션마다 따로 셉니다. 파티션 1의 다음 번호인 5를 받습니다.",
                "Each partition counts its own offsets. The message gets partition 1's next number: 5.",
            ),
            vec![send_record("scores", Record::new("p1 score 5").to_partition(1)), flush()],
            offset_of_new,
        )),
    )
    .step(
        Step::new(
            t("어디까지 읽었나", "How far have I read?"),
            t(
                "컨슈머는 파티션마다 '다음에 읽을 offset'을 커밋해서 진도를 남깁니다. 컨슈머가 재시작해도 커밋한 위치부터 이어서 읽습니다. 컨슈머가 읽을 수 있는 끝(하이 워터마크, kafka-consumer-groups가 LOG-END-OFFSET으로 보여 주는 값)과 커밋된 offset의 차이가 바로 lag입니다.",
                "A consumer records its progress by committing, per partition, the offset it will read next. If it restarts, it resumes from the committed position. The gap between the end consumers can read to (the high watermark, which kafka-consumer-groups shows as LOG-END-OFFSET) and the committed offset is the lag.",
            ),
        )
        .scene(scoreboard())
        .teaches(&["kf.offset"])
        .show(&[Highlight::ConsumerGroup("scoreboard"), Highlight::Lag("scoreboard")])
        .goal(
            Goal::new(t(
                "scoreboard 그룹이 메시지 8개를 모두 읽고 커밋해서 lag이 0인 상태.",
                "The `scoreboard` group having read and committed all 8 messages: a lag of 0.",
            ), scoreboard_caught_up)
            .hint(t(
                "Kafka 컨슈머는 poll할 때만 읽고, s1은 max.poll.records가 3이라 poll 한 번에 3개까지만 받습니다.",
                "A Kafka consumer reads only when it polls, and s1's max.poll.records is 3: at most 3 records per poll.",
            ), Vec::new())
            .hint(t(
                "s1에서 poll한 다음 커밋하기를 세 번 하세요. 메시지 8개가 3, 3, 2개씩 읽힙니다.",
                "Poll on s1, then commit, three times: the 8 messages come 3, 3 and 2 at a time.",
            ), [poll_commit("scoreboard", "s1"), poll_commit("scoreboard", "s1"), poll_commit("scoreboard", "s1")].concat()),
        ),
    )
}

pub fn message_anatomy() -> Lesson {
    Lesson::new(
        "message-anatomy",
        Part::EventBroker,
        Broker::Kafka,
        t("메시지의 구성과 키", "What's in a message, and keys"),
        t(
            "메시지의 각 필드가 하는 일과, 키가 파티션을 고르는 방식을 익힙니다.",
            "Learn what each field of a message does and how the key picks a partition.",
        ),
    )
    .seed(505)
    .layers(Layers::PRODUCERS.with(Layers::LANES))
    .offers(&[Offer::Produce])
    .step(
        Step::new(
            t("메시지의 네 가지 필드", "The four fields of a message"),
            t(
                "Kafka 메시지는 value, key, timestamp, headers로 이루어집니다. key는 파티션을 고르고, timestamp는 이벤트가 생긴 시각(또는 브로커가 받은 시각)을 남기며, headers는 HTTP 헤더처럼 부가 정보를 키-값으로 담습니다. 원문은 value가 필수이고 timestamp가 순서를 정한다고 했지만, 실제로는 value도 null일 수 있고(compacted 토픽에서 key와 null value는 그 key를 지우라는 tombstone입니다), 순서는 timestamp가 아니라 offset이 정합니다. 이 시뮬레이터는 key와 value가 둘 다 없는 메시지만 거절합니다(Kafka는 이런 메시지도 받습니다).",
                "A Kafka message has a value, a key, a timestamp and headers. The key picks the partition, the timestamp records when the event happened (or when the broker took it), and headers carry extra metadata as key-value pairs, much like HTTP headers. The article calls the value required and says the timestamp decides order; in fact the value may be null (on a compacted topic, a key with a null value is a tombstone that deletes the key), and order comes from the offset, not the timestamp. The simulator refuses only a message with neither key nor value (Kafka takes even that).",
            ),
        )
        .scene(matches3())
        .teaches(&["kf.message-anatomy"])
        .show(&[Highlight::Producer])
        .goal(
            Goal::new(t(
                "matches에 키가 match-7이고 헤더 source=stadium-3이 붙은 골 이벤트가 있는 상태.",
                "A goal event in `matches` whose key is `match-7` and that carries the header `source=stadium-3`.",
            ), goal_with_header)
            .hint(t(
                "프로듀서 패널의 키 칸에 match-7, 헤더 칸에 source=stadium-3을 적고 보내세요. value는 아무 내용이어도 됩니다. 예: goal",
                "In the producer panel, put `match-7` in the key, `source=stadium-3` in the headers, and send. Any value will do, for example `goal`.",
            ), vec![send_record("matches", Record::keyed("match-7", "goal").with_header("source", "stadium-3")), flush()]),
        ),
    )
    .step(
        Step::new(
            t("키의 해시가 파티션을 고른다", "The key's hash picks the partition"),
            t(
                "키가 있으면 프로듀서는 키 바이트의 murmur2 해시를 구해 부호 비트를 떼고, 파티션 수로 나눈 나머지를 파티션 번호로 씁니다. 계산이 결정적이라서 같은 키는 몇 번을 보내도 같은 파티션으로 갑니다. 그래서 같은 키의 메시지끼리는 순서가 지켜집니다.",
                "With a key, the producer takes the murmur2 hash of the key's bytes, clears the sign bit, and uses the remainder after dividing by the partition count. The calculation is deterministic, so a key goes to the same partition every time, and messages with the same key stay in order.",
            ),
        )
        .scene(matches3())
        .teaches(&["kf.key-partitioning"])
        .show(&[Highlight::Topic("matches")])
        .predict(Prediction::new(
            t(
                "파티션이 3개인 matches 토픽에 키 match-42로 메시지를 보내면 어느 파티션에 들어갈까요?",
                "A message with the key `match-42` goes to `matches`, which has 3 partitions. Which partition does it land in?",
            ),
            vec![t("파티션 0", "Partition 0"), t("파티션 1", "Partition 1"), t("파티션 2", "Partition 2")],
            2,
            t(
                "murmur2(\"match-42\")의 부호 비트를 뗀 값을 3으로 나누면 나머지가 2입니다. 직접 보내서 확인해 보세요. 같은 키는 언제 보내도 파티션 2로 갑니다.",
                "murmur2(\"match-42\") with the sign bit cleared leaves a remainder of 2 when divided by 3. Send it and check: the same key always goes to partition 2.",
            ),
            produce("matches", "match-42", "match-42 kick-off"),
            partition_of_match42,
        )),
    )
    .step(
        Step::new(
            t("키가 없으면", "No key"),
            t(
                "키가 없는 메시지는 여러 파티션에 나뉘어 들어갑니다. 원문의 라운드 로빈은 Kafka 2.4 이전 프로듀서의 방식입니다. 2.4부터는 배치 하나를 보낼 때까지 한 파티션에 붙어 있는 sticky 방식(KIP-480)이 되었고, 3.3부터는 한 파티션에 batch.size만큼 보낸 뒤 다른 파티션으로 넘어갑니다(KIP-794). 어느 쪽이든 파티션 사이의 순서는 보장되지 않습니다. 이 장면의 프로듀서는 보기 쉽게 라운드 로빈으로 맞춰 두었습니다.",
                "Messages without a key are spread over the partitions. The article's round-robin is how producers before Kafka 2.4 did it. Since 2.4 they stick to one partition until a batch is sent (sticky, KIP-480), and since 3.3 until batch.size bytes have gone to it, then move to another (KIP-794). Either way, there is no order across partitions. The producer in this scene is set to round-robin, which is easier to follow.",
            ),
        )
        .scene(matches3())
        .teaches(&["kf.keyless"])
        .show(&[Highlight::Topic("matches")])
        .goal(
            Goal::new(t(
                "matches의 파티션 3개가 모두 키 없는 메시지를 하나 이상 가진 상태. 되도록 적게 보내서 만들어 보세요.",
                "Every one of the 3 partitions of `matches` holding at least one keyless message, in as few sends as you can.",
            ), keyless_everywhere)
            .hint(t(
                "이 장면의 프로듀서는 라운드 로빈으로 돌아가며 넣습니다. 키 칸을 비운 채 메시지를 세 번 보내세요.",
                "The producer in this scene takes turns (round-robin). Leave the key empty and send three messages.",
            ), ["corner", "throw-in", "offside"].iter().flat_map(|e| produce_nokey("matches", e)).collect()),
        ),
    )
}

pub fn consumer_groups() -> Lesson {
    Lesson::new(
        "consumer-groups",
        Part::EventBroker,
        Broker::Kafka,
        t("컨슈머 그룹과 리밸런스", "Consumer groups and rebalancing"),
        t(
            "컨슈머 그룹이 파티션을 나눠 갖는 방식과, 멤버가 바뀔 때 다시 나누는 과정을 봅니다.",
            "See how a consumer group shares out partitions, and how it re-shares them when members come and go.",
        ),
    )
    .seed(606)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce, Offer::AddConsumer, Offer::Poll, Offer::Commit, Offer::StopConsumer])
    .step(
        Step::new(
            t("그룹 안에서는 한 번만", "Once per group"),
            t(
                "같은 그룹의 컨슈머들은 토픽의 파티션을 나눠 가집니다. 파티션 하나는 한 번에 그룹 안의 한 컨슈머에게만 배정되므로, 평소에는 두 컨슈머가 같은 이벤트를 나눠 처리하지 않습니다. 다만 컨슈머가 커밋하기 전에 죽으면 파티션을 넘겨받은 컨슈머가 커밋된 offset부터 다시 읽어서 일부를 한 번 더 처리합니다(at-least-once). 다른 그룹은 자기 몫으로 같은 이벤트를 따로 받습니다.",
                "Consumers in one group split the topic's partitions between them. A partition is assigned to one consumer of the group at a time, so normally no two consumers share an event. But if a consumer dies before it commits, whoever takes over its partition resumes from the committed offset and processes some events again (at-least-once). Another group gets its own copy of the same events.",
            ),
        )
        .scene(two_groups())
        .teaches(&["kf.consumer-group", "eb.pubsub"])
        .show(&[Highlight::ConsumerGroup("site"), Highlight::ConsumerGroup("stats")]),
    )
    .step(
        Step::new(
            t("lag 따라잡기", "Catching up on lag"),
            t(
                "경기 이벤트가 컨슈머 하나가 처리하는 속도보다 빨리 들어와 lag이 늘고 있습니다. 같은 그룹에 컨슈머를 추가하면 파티션이 나뉘어 배정되고, 그만큼 처리량이 늘어납니다.",
                "Match events arrive faster than one consumer can handle, and the lag keeps growing. Add consumers to the same group: the partitions are divided among them and throughput grows accordingly.",
            ),
        )
        .scene(lagging_site())
        .teaches(&["kf.consumer-group", "kf.rebalance"])
        .show(&[Highlight::Lag("site")])
        .goal(
            Goal::new(t(
                "site 그룹의 컨슈머 네 개가 파티션을 하나씩 맡고 lag이 0인 상태.",
                "Four consumers in `site`, each owning one partition, and a lag of 0.",
            ), four_share)
            .hint(t(
                "파티션이 4개이니 컨슈머 4개까지 일할 수 있습니다. 구독 패널에서 site 그룹에 c2, c3, c4를 추가하세요. 추가할 때마다 리밸런스가 일어나 파티션이 다시 배정됩니다.",
                "There are 4 partitions, so up to 4 consumers can work. In the subscribe panel, add c2, c3 and c4 to `site`; each one triggers a rebalance that reassigns the partitions.",
            ), ["c2", "c3", "c4"].iter().map(|m| subscribe("site", m, &["matches"])).collect())
            .hint(t(
                "c1부터 c4까지 차례로 poll한 다음 커밋하세요.",
                "Poll and then commit on c1 to c4 in turn.",
            ), ["c1", "c2", "c3", "c4"].iter().flat_map(|m| poll_commit("site", m)).collect()),
        ),
    )
    .step(
        Step::new(
            t("리밸런스", "Rebalance"),
            t(
                "컨슈머가 그룹에 들어오거나 나가면 그룹은 파티션을 다시 나눕니다. 이를 리밸런스라고 하고, 어떻게 나눌지는 assignor(range, roundrobin, cooperative-sticky 등)가 정합니다. 이 시뮬레이터는 오래 써 온 classic 프로토콜로 동작합니다. Kafka 4.0에서 정식 기능이 된 새 컨슈머 그룹 프로토콜(KIP-848, group.protocol=consumer)에서는 브로커가 파티션을 직접 배정하고, 모든 컨슈머를 멈추지 않은 채 파티션을 조금씩 옮깁니다. 컨슈머 하나를 내보내고 그 파티션이 누구에게 넘어가는지 보세요.",
                "When a consumer joins or leaves, the group divides the partitions again. This is a rebalance, and the assignor (range, roundrobin, cooperative-sticky ...) decides how. The simulator runs the long-standing classic protocol; the new consumer group protocol, generally available since Kafka 4.0 (KIP-848, group.protocol=consumer), has the broker assign partitions and moves them incrementally instead of stopping every member. Remove one consumer and watch who takes over its partitions.",
            ),
        )
        .scene(matches4(&["c1", "c2", "c3"]))
        .teaches(&["kf.rebalance"])
        .show(&[Highlight::ConsumerGroup("site")])
        .goal(
            Goal::new(t(
                "c2는 그룹에서 빠지고, 파티션 4개가 모두 돌고 있는 나머지 컨슈머에게 배정된 상태.",
                "`c2` out of the group, and all 4 partitions owned by the consumers still running.",
            ), c2_handed_over)
            .hint(t(
                "c2 카드의 나가기 버튼으로 c2를 정상 종료하세요. 그러면 바로 리밸런스가 일어납니다. 크래시라면 그룹은 session.timeout.ms(기본 45초)가 지나서야 알아챕니다.",
                "Press Leave on c2's card to close it cleanly: the group rebalances at once. Had it crashed, the group would notice only after session.timeout.ms (45 s by default).",
            ), vec![leave("site", "c2")]),
        ),
    )
    .step(
        Step::new(
            t("파티션보다 많은 컨슈머", "More consumers than partitions"),
            t(
                "파티션 하나는 그룹 안에서 한 컨슈머만 읽을 수 있습니다. 그래서 컨슈머가 파티션보다 많으면 남는 컨슈머는 아무것도 배정받지 못하고 놀게 됩니다. 컨슈머를 늘리기 전에 파티션 수부터 확인하세요.",
                "Within a group, a partition is read by one consumer only. So when there are more consumers than partitions, the extra ones get nothing and sit idle. Check the partition count before adding consumers.",
            ),
        )
        .scene(matches4(&["c1", "c2", "c3", "c4", "c5"]))
        .teaches(&["kf.rebalance", "kf.consumer-group"])
        .show(&[Highlight::ConsumerGroup("site")])
        .predict(Prediction::new(
            t(
                "파티션 4개짜리 토픽을 읽는 그룹에 컨슈머가 5개 있습니다. 파티션을 하나도 받지 못하는 컨슈머는 몇 개일까요?",
                "A group of 5 consumers reads a topic with 4 partitions. How many consumers get no partition at all?",
            ),
            vec![t("0개", "None"), t("1개", "1"), t("2개", "2")],
            1,
            t(
                "파티션 4개를 컨슈머 4개가 하나씩 맡고, 다섯 번째는 남습니다. 다른 컨슈머가 빠지면 그때 일을 넘겨받는 대기 인원 역할을 합니다.",
                "Four consumers take one partition each and the fifth is left over. It waits on standby and takes over if another consumer leaves.",
            ),
            Vec::new(),
            idle_count,
        )),
    )
}

pub fn queue_or_stream() -> Lesson {
    Lesson::new(
        "queue-or-stream",
        Part::EventBroker,
        Broker::Kafka,
        t("큐처럼, 스트림처럼", "As a queue, as a stream"),
        t(
            "처리한 뒤 커밋하는 큐 방식과, 처리 완료를 하나하나 알리지 않고 계속 읽어 나가는 스트림 방식을 비교하고, 과거를 다시 읽어 봅니다.",
            "Compare queue-style consumption (commit after processing) with stream-style (read on without acknowledging each event), and replay the past.",
        ),
    )
    .seed(707)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Poll, Offer::Commit, Offer::StopConsumer, Offer::Seek])
    .step(
        Step::new(
            t("큐처럼 쓰기", "Queue-style"),
            t(
                "큐처럼 쓸 때 컨슈머는 메시지를 다 처리한 다음에 offset을 커밋합니다. 처리 도중 죽으면 커밋되지 않은 메시지부터 다시 받으니 일을 빠뜨리지 않는 대신, 이미 처리한 일을 한 번 더 할 수 있습니다(at-least-once). 작업 하나하나가 확실히 끝나야 하는 곳에 맞습니다. 메시지마다 ack하고 한 파티션을 여러 컨슈머가 나눠 읽는 share group(KIP-932, Queues for Kafka)도 있습니다. Kafka 4.0에서 early access로 나와 4.2부터 운영에 쓸 수 있는 기능이 되었지만, 이 시뮬레이터에는 없습니다.",
                "Used as a queue, a consumer commits the offset only after it has finished processing the message. If it dies midway, it gets the uncommitted messages again: no job is skipped, but a job may be done twice (at-least-once). This fits work where every single job must be finished. There are also share groups (KIP-932, Queues for Kafka), which acknowledge each message and let several consumers share a partition: early access in Kafka 4.0, production-ready since 4.2. The simulator doesn't have them.",
            ),
        )
        .scene(encode_jobs())
        .teaches(&["kf.queue-vs-stream"])
        .show(&[Highlight::ConsumerGroup("encoder")])
        .goal(
            Goal::new(t(
                "encoder 그룹의 커밋된 offset이 3인 상태(작업 3개 처리 완료).",
                "The `encoder` group's committed offset at 3: all 3 jobs done.",
            ), three_jobs_done)
            .hint(t(
                "이 그룹은 자동 커밋이 꺼져 있습니다. e1에서 poll해 작업 3개를 받고, 처리가 끝났다고 치고 직접 커밋하세요.",
                "This group has auto commit off. Poll on e1 to get the 3 jobs, then, once they count as processed, commit yourself.",
            ), poll_commit("encoder", "e1")),
        ),
    )
    .step(
        Step::new(
            t("커밋하기 전에 죽으면", "Dying before the commit"),
            t(
                "e1이 작업 3개를 받아 인코딩까지 마쳤는데, 커밋하기 직전에 죽었다고 해 봅시다. 그룹은 session.timeout.ms가 지나서야 e1이 죽은 것을 알아채고 파티션을 e2에게 넘깁니다. e2는 커밋된 offset부터 읽으니, 이미 끝난 영상 3개를 다시 인코딩합니다. 메시지를 잃지 않는 대신 두 번 처리할 수 있는 것, 이것이 at-least-once입니다.",
                "Say e1 took the 3 jobs and finished encoding them, then died just before committing. The group notices only after session.timeout.ms and hands the partition to e2, which reads from the committed offset and encodes the 3 finished videos again. Never losing a message at the cost of sometimes processing one twice: that is at-least-once.",
            ),
        )
        .scene(encoders_pair())
        .teaches(&["kf.queue-vs-stream", "kf.offset", "kf.rebalance"])
        .show(&[Highlight::ConsumerGroup("encoder")])
        .goal(
            Goal::new(t(
                "e1은 커밋하지 못한 채 죽었고, 파티션을 넘겨받은 e2가 e1이 처리한 작업 3개를 다시 받은 상태.",
                "e1 dead without having committed, and e2, now owning the partition, having received again the 3 jobs e1 processed.",
            ), processed_twice)
            .hint(t(
                "e1은 작업 3개를 poll해서 인코딩을 마쳤습니다. 커밋하기 전에 e1 카드의 크래시 버튼을 누르세요.",
                "e1 has polled the 3 jobs and encoded them. Before it commits, press Crash on e1's card.",
            ), vec![crash("encoder", "e1")])
            .hint(t(
                "그룹은 session.timeout.ms(이 장면에서는 허용되는 최솟값인 6초)가 지나야 알아챕니다. 61틱 진행하세요.",
                "The group notices only after session.timeout.ms (here 6 s, the smallest the broker allows). Step 61 ticks.",
            ), vec![ticks(61)])
            .hint(t(
                "파티션을 넘겨받은 e2에서 poll하세요. 커밋된 offset이 아직 0이라 같은 작업 3개를 다시 받습니다.",
                "Poll on e2, which now owns the partition. The committed offset is still 0, so it gets the same 3 jobs again.",
            ), vec![poll("encoder", "e2")]),
        ),
    )
    .step(
        Step::new(
            t("다시 처리해도 괜찮게", "Making a second run harmless"),
            t(
                "고칠 때는 두 가지를 함께 씁니다. 하나는 처리한 직후에 커밋해서 다시 처리될 범위를 줄이는 것입니다. 그래도 처리와 커밋 사이에 죽을 수 있으니, 다른 하나로 처리 자체를 멱등하게 만듭니다. 예를 들어 인코더는 video-3의 1080p 파일이 이미 있으면 건너뛰고, 결제라면 주문 ID를 유일 키로 저장해 두 번째 처리를 막습니다. 멱등성은 애플리케이션 쪽 일이라 여기서는 커밋 쪽을 해 봅니다.",
                "The fix combines two things. First, commit right after processing, so less can be processed again. A crash can still fall between processing and committing, so second, make the processing idempotent: the encoder skips video-3 if its 1080p file already exists; a payment stores the order id under a unique key so a second run does nothing. Idempotency lives in the application, so here you do the commit part.",
            ),
        )
        .scene(encoders_pair())
        .teaches(&["kf.queue-vs-stream", "kf.offset"])
        .show(&[Highlight::ConsumerGroup("encoder")])
        .goal(
            Goal::new(t(
                "e1은 죽었고, 파티션을 넘겨받은 e2가 커밋된 offset 3부터 시작해 다시 처리할 작업이 하나도 없는 상태.",
                "e1 dead, and e2, now owning the partition, starting at the committed offset 3 with no job to process again.",
            ), handed_over_cleanly)
            .hint(t(
                "e1은 작업 3개를 poll해서 인코딩을 마쳤습니다. 처리가 끝났으니 바로 커밋하세요.",
                "e1 has polled the 3 jobs and encoded them. They're processed, so commit at once.",
            ), vec![commit("encoder", "e1")])
            .hint(t(
                "e1을 크래시시키고 61틱 진행하세요. 파티션을 넘겨받은 e2는 커밋된 offset 3에서 시작하니 다시 할 일이 없습니다.",
                "Crash e1, then step 61 ticks. e2 takes over the partition at the committed offset 3, so there is nothing to redo.",
            ), vec![crash("encoder", "e1"), ticks(61)]),
        ),
    )
    .step(
        Step::new(
            t("스트림처럼 쓰기", "Stream-style"),
            t(
                "스트림처럼 쓸 때 컨슈머는 흘러가는 이벤트를 읽고 처리할 뿐, 하나하나 끝났다고 브로커에 알리지 않습니다. 위치는 enable.auto.commit이 켜져 있으면 poll할 때 주기적으로(기본 5초마다) 자동 커밋되고, 아니면 컨슈머가 알아서 관리합니다. 최신 흐름이 중요한 실시간 대시보드 같은 곳에 어울립니다.",
                "Used as a stream, a consumer reads and processes events as they flow past without telling the broker each one is done. With enable.auto.commit on, its position is committed automatically as it polls (every 5 s by default); otherwise the consumer keeps it itself. This suits live dashboards, where the latest flow is what matters.",
            ),
        )
        .scene(dashboard())
        .teaches(&["kf.queue-vs-stream"])
        .show(&[Highlight::ConsumerGroup("dashboard")]),
    )
    .step(
        Step::new(
            t("다시 읽기", "Replay"),
            t(
                "집계 코드에 버그가 있어서 어제 숫자가 틀렸다고 합시다. 이벤트는 아직 파티션에 남아 있으니, 버그를 고친 뒤 그룹의 offset을 처음으로 되돌려 다시 처리하면 됩니다. 브로커에 기록이 남아 있기 때문에 가능한 일입니다.",
                "Say the aggregation code had a bug and yesterday's numbers are wrong. The events are still in the partitions, so fix the bug, rewind the group's offset to the start, and process them again. It works because the broker kept the record.",
            ),
        )
        .scene(dashboard())
        .teaches(&["eb.retention-replay", "kf.offset"])
        .show(&[Highlight::ConsumerGroup("dashboard")])
        .goal(
            Goal::new(t(
                "dashboard 그룹이 clicks의 이벤트 6개를 offset 0부터 한 번 더 처리하고 커밋한 상태.",
                "The `dashboard` group having processed all 6 events of `clicks` a second time, from offset 0, and committed.",
            ), replayed)
            .hint(t(
                "d1 카드의 seek으로 clicks 파티션 0의 위치를 처음(beginning)으로 옮기세요.",
                "Use seek on d1's card to move its position in `clicks` partition 0 to the beginning.",
            ), vec![seek_beginning("dashboard", "d1", "clicks", 0)])
            .hint(t(
                "d1에서 poll한 다음 커밋하세요. 이벤트 6개가 다시 읽힙니다.",
                "Poll on d1, then commit: the 6 events are read again.",
            ), vec![poll("dashboard", "d1"), commit("dashboard", "d1")]),
        ),
    )
}

// ---- topics ---------------------------------------------------------------------------------

fn tennis_alone(sim: &Sim) -> bool {
    let sent = !records(sim, "tennis").is_empty();
    let untouched = ["football-site", "basketball-site"].iter().all(|g| {
        sim.kafka
            .group(g)
            .is_some_and(|g| g.lag.iter().all(|l| l.topic.as_ref() != "tennis"))
    });
    sent && untouched
}

fn stadiums() -> Vec<Action> {
    let mut v = super::intro::two_sports();
    v.push(producer_with("stadium-2", |_| {}));
    v.push(k(kafka::Command::ProduceFrom {
        producer: "stadium-2".into(),
        topic: "football".into(),
        record: Record::keyed("match-9", "match-9 kick-off"),
    }));
    v.push(ticks(1));
    v
}

// ---- partitions-offsets -----------------------------------------------------------------------

fn two_events() -> Vec<Action> {
    vec![
        topic("football", 1),
        send_nokey("football", "match-7 kick-off"),
        send_nokey("football", "match-7 goal"),
        ticks(1),
    ]
}

fn five_appended(sim: &Sim) -> bool {
    log_ends(sim, "football")
        .first()
        .is_some_and(|&end| end >= 5)
}

fn scores() -> Vec<Action> {
    let mut v = vec![topic("scores", 2)];
    for i in 0..3 {
        v.push(send_record(
            "scores",
            Record::new(format!("p0 score {i}")).to_partition(0),
        ));
    }
    for i in 0..5 {
        v.push(send_record(
            "scores",
            Record::new(format!("p1 score {i}")).to_partition(1),
        ));
    }
    v.push(ticks(1));
    v
}

fn offset_of_new(sim: &Sim) -> usize {
    match log_ends(sim, "scores").get(1) {
        Some(6) => 1,
        Some(5) => 0,
        _ => 2,
    }
}

fn scoreboard() -> Vec<Action> {
    let config = ConsumerConfig {
        max_poll_records: 3,
        ..consumer_config()
    };
    let mut v = scores();
    v.push(subscribe_with("scoreboard", "s1", &["scores"], config));
    v
}

fn scoreboard_caught_up(sim: &Sim) -> bool {
    committed(sim, "scoreboard") >= 8 && caught_up(sim, "scoreboard")
}

// ---- message-anatomy --------------------------------------------------------------------------

fn matches3() -> Vec<Action> {
    vec![round_robin_producer(), topic("matches", 3)]
}

fn goal_with_header(sim: &Sim) -> bool {
    sim.kafka.partition_views("matches").is_some_and(|ps| {
        ps.iter().any(|p| {
            p.records().any(|r| {
                r.key == Some(b"match-7".as_slice())
                    && r.header("source") == Some(b"stadium-3".as_slice())
            })
        })
    })
}

fn partition_of_match42(sim: &Sim) -> usize {
    records(sim, "matches")
        .iter()
        .find(|(_, k, _)| k.as_deref() == Some("match-42"))
        .map_or(usize::MAX, |(p, _, _)| *p as usize)
}

fn keyless_everywhere(sim: &Sim) -> bool {
    let recs = records(sim, "matches");
    (0..3).all(|p| recs.iter().any(|(q, k, _)| *q == p && k.is_none()))
}

// ---- consumer-groups --------------------------------------------------------------------------

fn two_groups() -> Vec<Action> {
    let mut v = vec![
        topic("matches", 4),
        subscribe("site", "c1", &["matches"]),
        subscribe("site", "c2", &["matches"]),
    ];
    v.push(subscribe("stats", "s1", &["matches"]));
    for m in 1..=6 {
        v.push(send(
            "matches",
            &format!("match-{m}"),
            &format!("match-{m} kick-off"),
        ));
    }
    v.push(ticks(1));
    for (g, m) in [("site", "c1"), ("site", "c2"), ("stats", "s1")] {
        v.extend(poll_commit(g, m));
    }
    v
}

fn four_share(sim: &Sim) -> bool {
    super::intro::one_partition_each(sim, 4)
}

fn matches4(members: &[&str]) -> Vec<Action> {
    let mut v = vec![topic("matches", 4)];
    for m in members {
        v.push(subscribe("site", m, &["matches"]));
    }
    for m in 1..=8 {
        v.push(send(
            "matches",
            &format!("match-{m}"),
            &format!("match-{m} kick-off"),
        ));
    }
    v.push(ticks(1));
    v
}

fn lagging_site() -> Vec<Action> {
    matches4(&["c1"])
}

fn c2_handed_over(sim: &Sim) -> bool {
    let Some(g) = sim.kafka.group("site") else {
        return false;
    };
    let c2_gone = g
        .members
        .iter()
        .all(|m| m.name.as_ref() != "c2" || !m.running);
    let covered = g.lag.len() == 4
        && g.lag.iter().all(|l| {
            l.owner.as_ref().is_some_and(|o| {
                o.as_ref() != "c2" && g.members.iter().any(|m| &m.name == o && m.running)
            })
        });
    c2_gone && covered
}

fn idle_count(sim: &Sim) -> usize {
    sim.kafka
        .group("site")
        .map_or(usize::MAX, |g| g.idle_members.len())
}

// ---- queue-or-stream --------------------------------------------------------------------------

fn encode_jobs() -> Vec<Action> {
    let mut v = vec![
        topic("encode-jobs", 1),
        subscribe("encoder", "e1", &["encode-jobs"]),
    ];
    for i in 1..=3 {
        v.push(send_nokey(
            "encode-jobs",
            &format!("encode video-{i} 1080p"),
        ));
    }
    v.push(ticks(1));
    v
}

/// `encoder` with two members, e1 owning the one partition (it has polled the three jobs and
/// processed them, nothing committed) and e2 idle. The
/// session timeout is the broker's minimum (`group.min.session.timeout.ms`, 6 s) so the group
/// notices a crash within a minute of ticks.
fn encoders_pair() -> Vec<Action> {
    let config = ConsumerConfig {
        session_timeout_ms: 6_000,
        ..consumer_config()
    };
    let mut v = vec![
        topic("encode-jobs", 1),
        subscribe_with("encoder", "e1", &["encode-jobs"], config.clone()),
        subscribe_with("encoder", "e2", &["encode-jobs"], config),
    ];
    for i in 1..=3 {
        v.push(send_nokey(
            "encode-jobs",
            &format!("encode video-{i} 1080p"),
        ));
    }
    v.push(ticks(1));
    v.push(poll("encoder", "e1"));
    v
}

fn member_consumed(sim: &Sim, group: &str, member: &str) -> Option<(bool, usize, u64)> {
    sim.kafka.group(group).and_then(|g| {
        g.members
            .iter()
            .find(|m| m.name.as_ref() == member)
            .map(|m| (m.running, m.assignment.len(), m.consumed))
    })
}

/// e1 is gone (crashed, or removed after the session timeout).
fn e1_gone(sim: &Sim) -> bool {
    !matches!(member_consumed(sim, "encoder", "e1"), Some((true, _, _)))
}

/// e1 died without committing what it had processed, and e2 read those jobs again.
fn processed_twice(sim: &Sim) -> bool {
    let stored = records(sim, "encode-jobs").len() as u64;
    e1_gone(sim)
        && committed(sim, "encoder") == 0
        && matches!(member_consumed(sim, "encoder", "e2"), Some((true, 1, n)) if n >= stored)
        && stored > 0
}

/// e1 committed everything and died; e2 owns the partition from the committed offset on and
/// read nothing again.
fn handed_over_cleanly(sim: &Sim) -> bool {
    let resumes_after = sim.kafka.group("encoder").is_some_and(|g| {
        g.lag
            .iter()
            .any(|l| l.owner.as_deref() == Some("e2") && l.position >= Some(3))
    });
    e1_gone(sim)
        && matches!(member_consumed(sim, "encoder", "e2"), Some((true, 1, 0)))
        && resumes_after
        && committed(sim, "encoder") >= 3
}

fn three_jobs_done(sim: &Sim) -> bool {
    committed(sim, "encoder") >= 3
}

fn dashboard() -> Vec<Action> {
    let config = ConsumerConfig {
        enable_auto_commit: true,
        auto_commit_interval_ms: 1_000,
        ..consumer_config()
    };
    let mut v = vec![
        topic("clicks", 1),
        subscribe_with("dashboard", "d1", &["clicks"], config),
    ];
    for i in 1..=6 {
        v.push(send_nokey("clicks", &format!("click ad-{i}")));
    }
    v.push(ticks(1));
    v.push(poll("dashboard", "d1"));
    v.push(ticks(11));
    v.push(poll("dashboard", "d1"));
    v
}

fn replayed(sim: &Sim) -> bool {
    let Some(g) = sim.kafka.group("dashboard") else {
        return false;
    };
    let stored = records(sim, "clicks").len() as u64;
    stored > 0 && g.members.iter().any(|m| m.consumed >= 2 * stored) && caught_up(sim, "dashboard")
}
