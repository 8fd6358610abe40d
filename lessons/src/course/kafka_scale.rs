//! Kafka in practice: what it is used for, what one broker can take, scaling out, hot partitions
//! and their four fixes, batching and compression.

use super::*;
use engine::kafka::{self, ConsumerConfig, KeylessMode};
use engine::sim::Action;

pub fn use_cases() -> Lesson {
    Lesson::new(
        "use-cases",
        Part::EventBroker,
        Broker::Kafka,
        t("Kafka를 언제 쓸까", "When to reach for Kafka"),
        t(
            "큐로 쓰는 경우와 스트림으로 쓰는 경우를 대표 사례로 직접 돌려 봅니다.",
            "Run the classic queue-style and stream-style use cases yourself.",
        ),
    )
    .seed(1111)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce, Offer::Poll, Offer::Commit, Offer::AddConsumer])
    .step(
        Step::new(
            t("비동기 작업: 영상 인코딩", "Async work: video encoding"),
            t(
                "영상이 올라오면 저화질 버전은 바로 보여 주고, 고화질 인코딩 작업은 토픽에 넣어 둡니다. 인코더들은 여유가 생길 때 작업을 꺼내 처리합니다. 업로드하는 사용자는 인코딩이 끝날 때까지 기다리지 않습니다.",
                "When a video is uploaded, serve a low-resolution version right away and put the high-resolution encoding job on a topic. Encoders pick up jobs when they have capacity. The uploader never waits for encoding to finish.",
            ),
        )
        .scene(encoders())
        .teaches(&["kf.use-async", "kf.queue-vs-stream"])
        .show(&[Highlight::Topic("encode-jobs"), Highlight::ConsumerGroup("encoders")])
        .goal(
            Goal::new(t(
                "encode-jobs에 업로드 3건의 인코딩 작업이 있고, encoders 그룹이 모두 처리해 커밋한 상태.",
                "Encoding jobs for 3 uploads in `encode-jobs`, all processed and committed by the `encoders` group.",
            ), uploads_encoded)
            .hint(t(
                "encode-jobs 토픽에 영상마다 키를 붙여(video-1, video-2, video-3) 메시지를 세 번 보내세요.",
                "Send three messages to `encode-jobs`, one per video, keyed `video-1`, `video-2`, `video-3`.",
            ), encode_jobs_sent())
            .hint(t(
                "인코더는 poll할 때만 작업을 가져갑니다. e1과 e2에서 각각 poll한 다음 커밋하세요.",
                "Encoders take jobs only when they poll. Poll, then commit, on e1 and on e2.",
            ), [poll_commit("encoders", "e1"), poll_commit("encoders", "e2")].concat()),
        ),
    )
    .step(
        Step::new(
            t("가상 대기열: 티켓 예매", "A virtual waiting room: tickets"),
            t(
                "인기 공연 예매가 열리면 사용자가 한꺼번에 몰립니다. 요청을 도착한 순서대로 파티션 하나에 쌓고 컨슈머가 그 순서대로 입장시키면, 먼저 온 사람이 먼저 들어가는 대기열이 됩니다. 순서가 필요하니 파티션은 하나입니다.",
                "When tickets for a big concert go on sale, everyone arrives at once. Append requests to one partition in arrival order and let a consumer admit them in that order: first come, first served. Order matters, so there is a single partition.",
            ),
        )
        .scene(waiting_room())
        .teaches(&["kf.use-async", "kf.partition-log"])
        .show(&[Highlight::Partition("waiting-room", 0)])
        .goal(
            Goal::new(t(
                "fan-1부터 fan-5까지 팬 5명이 순서대로 대기열에 있고, gate 그룹이 그 순서대로 5명 모두 입장시킨(커밋한) 상태.",
                "Five fans, fan-1 to fan-5, in the waiting room in that order, and the `gate` group having admitted (committed) all 5 in that order.",
            ), admitted_in_order)
            .hint(t(
                "waiting-room 토픽에 fan-1부터 fan-5까지 차례로 보내세요.",
                "Send fan-1 to fan-5 to `waiting-room`, one after another.",
            ), (1..=5).flat_map(|i| produce_nokey("waiting-room", &format!("fan-{i}"))).collect())
            .hint(t(
                "g1은 poll 한 번에 2명까지 받습니다. g1에서 poll한 다음 커밋하기를 세 번 하세요.",
                "g1 takes at most 2 fans per poll. Poll on g1, then commit, three times.",
            ), [poll_commit("gate", "g1"), poll_commit("gate", "g1"), poll_commit("gate", "g1")].concat()),
        ),
    )
    .step(
        Step::new(
            t("빠른 프로듀서, 느린 컨슈머", "Fast producers, slow consumers"),
            t(
                "프로듀서가 컨슈머보다 훨씬 빠를 때 둘을 직접 이으면 느린 쪽이 빠른 쪽의 발목을 잡습니다. 사이에 토픽을 두면 프로듀서는 쓰고 바로 떠나고, 컨슈머는 따로 늘리거나 줄일 수 있습니다. 마이크로서비스 사이의 결합을 느슨하게 하는 흔한 방법입니다.",
                "When producers are much faster than consumers, wiring them together directly lets the slow side hold back the fast one. Put a topic between them: producers write and move on, and consumers scale on their own. It's a common way to loosen the coupling between microservices.",
            ),
        )
        .scene(backlog())
        .teaches(&["kf.use-async", "eb.decoupling"])
        .show(&[Highlight::Lag("encoders")]),
    )
    .step(
        Step::new(
            t("실시간 집계: 광고 클릭", "Real-time aggregation: ad clicks"),
            t(
                "광고 클릭을 들어오는 대로 광고별로 세어 광고주 대시보드에 바로 보여 준다고 합시다. 컨슈머는 클릭 스트림을 계속 읽으면서 합계를 갱신하고, 하나하나 처리 완료를 알리지 않습니다.",
                "Suppose you count ad clicks per ad as they arrive and show the totals on the advertiser's dashboard at once. The consumer keeps reading the click stream and updating totals, without acknowledging each click.",
            ),
        )
        .scene(ad_clicks())
        .teaches(&["kf.use-stream", "kf.queue-vs-stream"])
        .show(&[Highlight::Topic("ad-clicks"), Highlight::ConsumerGroup("click-counter")]),
    )
    .step(
        Step::new(
            t("여럿이 같은 이벤트를: 라이브 댓글", "Many readers, same events: live comments"),
            t(
                "라이브 방송의 댓글은 화면 표시, 욕설 필터, 통계가 모두 읽어야 합니다. 기능마다 컨슈머 그룹을 하나씩 두면 각 그룹이 같은 댓글을 전부 받습니다. 기능을 새로 붙여도 기존 그룹에는 아무 영향이 없습니다.",
                "Comments on a live stream must be read by the on-screen display, a profanity filter and analytics. Give each function its own consumer group and every group receives every comment. Adding a new function changes nothing for the existing groups.",
            ),
        )
        .scene(live_comments())
        .teaches(&["kf.use-stream", "eb.pubsub"])
        .show(&[Highlight::Topic("live-comments")])
        .goal(
            Goal::new(t(
                "새 그룹 moderation이 지금까지의 댓글을 모두 읽고 커밋한 상태.",
                "A new `moderation` group having read and committed every comment so far.",
            ), moderation_read_all)
            .hint(t(
                "구독 패널에서 그룹 moderation, 컨슈머 m1로 live-comments를 구독하세요. 과거 댓글부터 읽으려면 auto.offset.reset=earliest여야 합니다.",
                "In the subscribe panel, subscribe group `moderation`, consumer m1, to `live-comments`. To read past comments it must start from auto.offset.reset=earliest.",
            ), vec![subscribe("moderation", "m1", &["live-comments"])])
            .hint(t(
                "m1에서 poll한 다음 커밋하세요.",
                "Poll on m1, then commit.",
            ), poll_commit("moderation", "m1")),
        ),
    )
}

pub fn limits() -> Lesson {
    Lesson::new(
        "limits",
        Part::EventBroker,
        Broker::Kafka,
        t("브로커 한 대의 한계", "What one broker can take"),
        t(
            "메시지 크기 제한에 부딪혀 보고, 큰 파일은 위치만 보내는 습관을 익힙니다.",
            "Hit the message size limit, and learn to send a file's location instead of the file.",
        ),
    )
    .seed(1212)
    .layers(Layers::PRODUCERS.with(Layers::LANES).with(Layers::BROKERS))
    .offers(&[Offer::Produce])
    .step(
        Step::new(
            t("메시지 크기", "Message size"),
            t(
                "브로커는 토픽의 max.message.bytes(브로커 기본값 message.max.bytes = 1,048,588바이트)보다 큰 배치를 거절하고, 프로듀서도 max.request.size(기본 1 MB)보다 큰 요청은 아예 보내지 않습니다. 둘 다 올릴 수 있어 넘을 수 없는 벽은 아니지만, 메시지는 1 MB보다 한참 작게 유지하는 편이 좋습니다. 큰 메시지는 메모리와 네트워크를 오래 붙잡아 다른 메시지까지 느리게 만듭니다. 이 장면의 프로듀서는 max.request.size를 5 MB로 올려 두어서, 더 큰 메시지도 브로커까지 가서 브로커의 검사를 받습니다.",
                "A broker refuses any batch larger than the topic's max.message.bytes (the broker default, message.max.bytes, is 1,048,588 bytes), and the producer won't even send a request over max.request.size (1 MB by default). Both can be raised, so it's no hard wall, but it's better to keep messages well under 1 MB: large ones hold memory and the network longer and slow everything else down. In this scene the producer's max.request.size is raised to 5 MB, so a larger message does reach the broker and meets the broker's check.",
            ),
        )
        .scene(uploads())
        .teaches(&["kf.limits", "kf.message-anatomy"])
        .show(&[Highlight::Topic("uploads")])
        .predict(Prediction::new(
            t(
                "uploads 토픽의 max.message.bytes는 1,048,588바이트(약 1 MB)입니다. 프로듀서가 2 MB짜리 메시지를 보내면 어떻게 될까요?",
                "The `uploads` topic's max.message.bytes is 1,048,588 bytes (about 1 MB). A producer sends a 2 MB message. What happens?",
            ),
            vec![
                t("그대로 저장된다", "It is stored as it is"),
                t("에러와 함께 거절되고 아무것도 저장되지 않는다", "It is refused with an error and nothing is stored"),
                t("1 MB씩 두 메시지로 나뉘어 저장된다", "It is split into two 1 MB messages"),
            ],
            1,
            t(
                "Kafka는 메시지를 나누지 않습니다. 보통은 프로듀서가 먼저 max.request.size(기본 1 MB)로 막습니다. 여기서는 그 설정을 올려 두었으니 메시지가 브로커까지 가고, 브로커가 max.message.bytes를 넘는 배치를 MESSAGE_TOO_LARGE로 거절합니다. 프로듀서는 이 요청을 RecordTooLargeException으로 실패 처리하고, 로그에는 아무것도 남지 않습니다.",
                "Kafka never splits a message. Normally the producer stops it first at max.request.size (1 MB by default). Here that is raised, so the message reaches the broker, which refuses the batch over max.message.bytes with MESSAGE_TOO_LARGE; the producer fails the send with RecordTooLargeException, and nothing is stored.",
            ),
            produce("uploads", "video-final-7", &two_mb_video()),
            two_mb_refused,
        )),
    )
    .step(
        Step::new(
            t("영상 말고 주소를", "Send a pointer, not the video"),
            t(
                "50MB짜리 영상을 메시지에 통째로 넣으면 1MB 제한에 걸려 거절당합니다. 영상은 S3 같은 객체 스토리지에 올리고, 메시지에는 파일이 있는 위치만 담으세요. Kafka는 데이터베이스도 파일 저장소도 아닙니다.",
                "Put a 50 MB video straight into a message and the 1 MB limit refuses it. Upload the video to object storage such as S3 and put only its location in the message. Kafka is neither a database nor a file store.",
            ),
        )
        .scene(uploads())
        .teaches(&["kf.limits"])
        .show(&[Highlight::Producer, Highlight::Topic("uploads")])
        .goal(
            Goal::new(t(
                "브로커가 uploads로 온 2 MB 영상을 MESSAGE_TOO_LARGE로 거절했고, 대신 영상이 있는 위치(s3://…)를 담은 업로드 이벤트가 uploads에 있는 상태.",
                "The broker having refused a 2 MB video sent to `uploads` (MESSAGE_TOO_LARGE), and an upload event in `uploads` carrying the video's location (s3://…) instead.",
            ), refused_then_pointer)
            .hint(t(
                "먼저 영상을 통째로 보내 보세요. 프로듀서 패널에서 토픽 uploads, 키 video-final-7, value 크기 2097152(2 MB, 영상 대신)를 적고 보내면, value가 그 크기만큼 채워져 나갑니다. 브로커가 어떤 에러로 거절하는지 보세요.",
                "First send the video whole. In the producer panel, pick `uploads`, key `video-final-7`, value size 2097152 (2 MB, standing in for the video), and send: the value is filled up to that size. See which error the broker refuses it with.",
            ), produce("uploads", "video-final-7", &two_mb_video()))
            .hint(t(
                "value에 영상 대신 위치를 넣어 uploads로 보내세요. 예: 키 video-final-7, value s3://videos/final-7.mp4",
                "Send to `uploads` with the location in the value instead of the video, for example key `video-final-7`, value `s3://videos/final-7.mp4`.",
            ), produce("uploads", "video-final-7", "s3://videos/final-7.mp4")),
        ),
    )
    .step(
        Step::new(
            t("대략적인 한계", "Rough ceilings"),
            t(
                "원문은 좋은 장비에서 브로커 한 대가 1TB쯤 저장하고 초당 100만 건 안팎을 처리한다고 어림합니다. 메시지 크기, 디스크, 복제 설정에 따라 크게 달라지는 값이고, 요즘 브로커는 디스크 수 TB가 흔하며 Kafka 3.9부터 정식 기능인 tiered storage로 오래된 세그먼트를 객체 스토리지로 내보낼 수도 있습니다. 예상 부하가 이런 값보다 한참 낮다면 확장부터 고민할 필요는 없습니다. 이 시뮬레이터는 브로커의 CPU나 디스크 한계를 흉내 내지 않으니, 이 숫자는 여기서 확인할 수 없습니다.",
                "The article reckons that on good hardware one broker holds about 1 TB and handles around a million messages a second. Those figures swing widely with message size, disks and replication; brokers with several TB of disk are common, and tiered storage, generally available since Kafka 3.9, moves old segments to object storage. If your expected load is far below such figures, scaling out can wait. The simulator does not model a broker's CPU or disk ceilings, so these numbers can't be checked here.",
            ),
        )
        .scene(uploads())
        .teaches(&["kf.limits"])
        .show(&[Highlight::Broker(0)]),
    )
}

pub fn scale_out() -> Lesson {
    Lesson::new(
        "scale-out",
        Part::EventBroker,
        Broker::Kafka,
        t("브로커를 늘려도 빨라지지 않을 때", "When more brokers don't help"),
        t(
            "브로커를 추가한 효과를 보려면 파티션이 충분해야 한다는 것을 확인합니다.",
            "Find out why adding brokers only pays off when there are enough partitions.",
        ),
    )
    .seed(1313)
    .layers(Layers::PRODUCERS.with(Layers::LANES).with(Layers::BROKERS))
    .offers(&[Offer::Produce, Offer::Topics, Offer::Brokers])
    .step(
        Step::new(
            t("파티션보다 많은 브로커", "More brokers than partitions"),
            t(
                "부하가 늘면 클러스터에 브로커를 추가할 수 있습니다. 그런데 토픽의 파티션이 2개뿐이면 브로커가 셋이어도 한 대는 맡을 파티션이 없어 놉니다. 게다가 새로 넣은 브로커에는 기존 파티션이 저절로 옮겨 가지 않아서, 파티션을 새로 만들거나 kafka-reassign-partitions로 옮겨야 일을 받습니다. 브로커를 늘린 효과를 보려면 파티션도 충분해야 합니다.",
                "When load grows, you can add brokers to the cluster. But if the topic has only two partitions, one of three brokers has no partition to host and sits idle. Nor do existing partitions move to a new broker by themselves: it gets work only from partitions created later or moved with kafka-reassign-partitions. To benefit from more brokers, you need enough partitions.",
            ),
        )
        .scene(two_partitions())
        .teaches(&["kf.scale-out", "kf.cluster-broker"])
        .show(&[Highlight::Broker(0), Highlight::Broker(1), Highlight::Broker(2)])
        .predict(Prediction::new(
            t(
                "브로커는 3대, matches 토픽은 파티션 2개에 복제 계수 1입니다. 파티션을 하나도 맡지 않는 브로커는 몇 대일까요?",
                "There are 3 brokers and `matches` has 2 partitions with replication factor 1. How many brokers host no partition at all?",
            ),
            vec![t("0대", "None"), t("1대", "1"), t("2대", "2")],
            1,
            t(
                "레플리카가 2개뿐이니 브로커 2대만 일하고 1대는 놉니다. 브로커를 더 사도 이 토픽은 빨라지지 않습니다.",
                "There are only 2 replicas, so only 2 brokers work and 1 idles. Buying more brokers won't make this topic any faster.",
            ),
            Vec::new(),
            idle_brokers,
        )),
    )
    .step(
        Step::new(
            t("파티션을 늘리기", "Add partitions"),
            t(
                "파티션 수를 늘리면 새 파티션이 여러 브로커에 배치되고, 놀던 브로커도 리더를 맡게 됩니다. 다만 파티션 수가 바뀌면 키가 가는 파티션도 바뀌니, 키 순서가 중요한 토픽은 처음부터 넉넉하게 잡는 편이 좋습니다.",
                "Add partitions and the new ones are placed across the brokers, so the idle broker takes on a leader too. But changing the partition count changes where keys go, so for topics where per-key order matters, start with plenty of partitions.",
            ),
        )
        .scene(two_partitions())
        .teaches(&["kf.scale-out", "kf.key-partitioning"])
        .show(&[Highlight::Topic("matches")])
        .goal(
            Goal::new(t(
                "세 브로커가 모두 matches의 파티션을 하나 이상 리더로 맡은 상태.",
                "Each of the three brokers leading at least one partition of `matches`.",
            ), every_broker_leads)
            .hint(t(
                "토픽 관리에서 matches의 파티션 수를 6으로 늘리세요. 파티션 수는 늘릴 수만 있고 줄일 수는 없습니다.",
                "In the topics panel, raise the partition count of `matches` to 6. It can only grow, never shrink.",
            ), vec![add_partitions("matches", 6)]),
        ),
    )
}

pub fn hot_partitions() -> Lesson {
    Lesson::new(
        "hot-partitions",
        Part::EventBroker,
        Broker::Kafka,
        t("핫 파티션과 네 가지 처방", "Hot partitions and four fixes"),
        t(
            "키 하나에 트래픽이 몰릴 때 생기는 핫 파티션을 만들어 보고, 네 가지 방법으로 풀어 봅니다.",
            "Create a hot partition with one busy key, then cool it down four different ways.",
        ),
    )
    .seed(1414)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce])
    .step(
        Step::new(
            t("인기 광고 하나", "One viral ad"),
            t(
                "광고 클릭을 광고 ID로 파티셔닝했는데 광고 하나가 대박이 났습니다. 그 광고의 클릭이 전부 같은 파티션으로 몰려서, 파티션 하나만 바쁘고 나머지는 한가합니다. 이것이 핫 파티션입니다.",
                "Ad clicks are partitioned by ad id, and one ad goes viral. All of its clicks pile into the same partition, so one partition is swamped while the others idle. That is a hot partition.",
            ),
        )
        .scene(hot())
        .teaches(&["kf.hot-partition", "kf.key-partitioning"])
        .show(&[Highlight::Partition("ad-clicks", 1)]),
    )
    .step(
        Step::new(
            t("처방 1: 키를 빼기", "Fix 1: drop the key"),
            t(
                "키를 빼면 클릭이 파티션에 고르게 퍼집니다(요즘 프로듀서의 sticky 방식에서는 배치 단위로 번갈아 퍼집니다). 대신 같은 광고의 클릭끼리 순서는 더 이상 보장되지 않습니다. 순서가 상관없고 합계만 필요하다면 가장 간단한 방법입니다.",
                "Drop the key and the clicks spread evenly across partitions (batch by batch with today's sticky partitioner). In exchange, clicks for the same ad are no longer in order. If order doesn't matter and you only need totals, this is the simplest fix.",
            ),
        )
        .scene(hot())
        .teaches(&["kf.fix-random", "kf.keyless"])
        .show(&[Highlight::Topic("ad-clicks")])
        .goal(
            Goal::new(t(
                "모든 파티션에 ad-7 클릭이 4개 이상씩 있는 상태.",
                "Every partition holding at least 4 ad-7 clicks.",
            ), evened_out)
            .hint(t(
                "키를 비우고 value에 ad-7을 넣어 12번 보내세요.",
                "Leave the key empty, put `ad-7` in the value, and send it 12 times.",
            ), (0..12).flat_map(|_| produce_nokey("ad-clicks", "ad-7")).collect()),
        ),
    )
    .step(
        Step::new(
            t("처방 2: 솔팅", "Fix 2: salting"),
            t(
                "키 뒤에 작은 난수를 붙여 ad-7#0, ad-7#1처럼 만들면 한 광고의 클릭이 여러 파티션으로 나뉩니다. 광고별 순서는 솔트마다 따로 지켜집니다. 대신 컨슈머는 여러 파티션에 흩어진 부분합을 다시 모아야 하니 집계가 복잡해집니다.",
                "Append a small random number to the key, like ad-7#0 or ad-7#1, and one ad's clicks split over several partitions, with order kept per salt. The price: consumers must gather partial sums from several partitions, so aggregation gets harder.",
            ),
        )
        .scene(hot())
        .teaches(&["kf.fix-salting"])
        .show(&[Highlight::Topic("ad-clicks")])
        .goal(
            Goal::new(t(
                "솔트를 붙인 키(ad-7#숫자)의 클릭이 파티션 2개 이상에 나뉘어 있는 상태.",
                "Clicks with salted keys (ad-7#N) spread over at least 2 partitions.",
            ), salted)
            .hint(t(
                "value는 ad-7로 두고, 키 ad-7#0과 ad-7#1로 한 번씩 보내 보세요.",
                "Keep the value `ad-7` and send once with the key `ad-7#0` and once with `ad-7#1`.",
            ), [produce("ad-clicks", "ad-7#0", "ad-7"), produce("ad-clicks", "ad-7#1", "ad-7")].concat()),
        ),
    )
    .step(
        Step::new(
            t("처방 3: 복합 키", "Fix 3: a compound key"),
            t(
                "광고 ID만 쓰는 대신 광고 ID와 지역, 또는 광고 ID와 사용자 ID를 합친 키를 씁니다. 같은 광고라도 지역마다 다른 파티션으로 갈 수 있어 부하가 나뉘고, 지역별 순서와 집계는 그대로 유지됩니다.",
                "Instead of the ad id alone, key by ad id plus region, or ad id plus user id. The same ad can now land in a different partition per region, which splits the load, and order and totals per region still hold.",
            ),
        )
        .scene(hot())
        .teaches(&["kf.fix-compound-key"])
        .show(&[Highlight::Topic("ad-clicks")])
        .goal(
            Goal::new(t(
                "ad-7:kr처럼 광고와 지역을 합친 복합 키의 클릭이 파티션 3개에 모두 들어가 있는 상태.",
                "Clicks keyed by ad and region, like `ad-7:kr`, in all 3 partitions.",
            ), compound)
            .hint(t(
                "value는 ad-7로 두고, 키 ad-7:kr, ad-7:us, ad-7:jp로 한 번씩 보내 보세요.",
                "Keep the value `ad-7` and send once each with the keys `ad-7:kr`, `ad-7:us` and `ad-7:jp`.",
            ), ["ad-7:kr", "ad-7:us", "ad-7:jp"].iter().flat_map(|k| produce("ad-clicks", k, "ad-7")).collect()),
        ),
    )
    .step(
        Step::new(
            t("처방 4: 백프레셔", "Fix 4: back pressure"),
            t(
                "키를 바꿀 수 없다면 프로듀서를 늦추는 방법도 있습니다. Kafka에서 그 역할은 프로듀서의 buffer.memory가 합니다. 브로커로 나가지 못한 배치가 버퍼를 다 채우면 send()가 max.block.ms(기본 60초)까지 멈춰 기다리고, 그래도 자리가 나지 않으면 BufferExhaustedException으로 실패합니다. 컨슈머의 lag은 프로듀서를 늦추지 않습니다. 이 시뮬레이터는 기다리지 않고 그 send를 바로 막은 것으로 셉니다. 막힌 이벤트는 애플리케이션이 천천히 다시 보내야 합니다.",
                "If you can't change the key, you can slow the producer down. In Kafka, the producer's buffer.memory does that: when batches that couldn't leave yet fill the buffer, send() blocks for up to max.block.ms (60 s by default), and if no room frees up it fails with BufferExhaustedException. Consumer lag never slows a producer. The simulator doesn't wait: it counts such a send as blocked at once. The application has to send blocked events again, more slowly.",
            ),
        )
        .scene(tight_buffer())
        .teaches(&["kf.fix-backpressure", "kf.hot-partition"])
        .show(&[Highlight::Producer, Highlight::Partition("ad-clicks", 1)])
        .goal(
            Goal::new(t(
                "buffer.memory가 가득 차서 프로듀서의 send가 막힌 적이 있는 상태(백프레셔).",
                "A send of the producer held back because buffer.memory was full (back pressure).",
            ), throttled)
            .hint(t(
                "이 프로듀서의 buffer.memory는 4 KB뿐입니다. 프로듀서 패널에서 'linger.ms까지 모으기'를 켜서 바로 내보내지 않게 하고, 긴 클릭 이벤트를 한꺼번에 80건 보내 보세요.",
                "This producer's buffer.memory is only 4 KB. In the producer panel, turn on \"wait for linger.ms\" so nothing is sent at once, then send 80 long click events in a row.",
            ), (0..80).map(|i| send_nokey("ad-clicks", &format!("ad-7 click #{i:03} by a viewer in Seoul, campaign spring-sale, placement home-banner"))).collect()),
        ),
    )
    .step(
        Step::new(
            t("월드컵 규모에서", "At World Cup scale"),
            t(
                "이번엔 경기 1,000개가 동시에 열리고 이벤트가 초당 2,000건씩 들어옵니다. 그런데 그중 절반이 모두가 보는 결승전 한 경기의 이벤트라서, 결승전 키가 걸린 파티션 하나가 전체의 절반을 받아 냅니다. 재생을 눌러 그 파티션의 컨슈머가 뒤처지는 모습을 보고, 스트림의 키 전략을 바꿔 부하를 나눠 보세요.",
                "Now 1,000 matches run at once and 2,000 events arrive every second. Half of them belong to the one final everyone watches, so the partition behind the final's key takes half the traffic. Press Play and watch that partition's consumer fall behind, then change the stream's key strategy to share the load.",
            ),
        )
        .scene(world_cup_hot())
        .teaches(&["kf.world-cup", "kf.hot-partition", "kf.fix-salting", "kf.fix-compound-key"])
        .show(&[Highlight::Topic(engine::workload::world_cup::TOPIC)])
        // The stream's own tools steer it, and its cards show the heat of 48 partitions.
        .offers(&[Offer::Stream])
        .goal(
            Goal::new(t(
                "스트림의 키 전략을 바꿔서, 최근 2초 동안 가장 바쁜 파티션이 받은 이벤트가 전체의 15% 아래가 되게 하세요.",
                "Change the stream's key strategy until the busiest partition took under 15% of the last 2 seconds' events.",
            ), world_cup_cooled)
            .hint(t(
                "스트림 패널에서 키 전략을 솔팅이나 복합 키로 바꾸세요.",
                "In the stream panel, set the key strategy to salted or compound.",
            ), vec![engine::workload::world_cup::stream(engine::workload::world_cup::RATE, kafka::KeyStrategy::Salted)])
            .hint(t(
                "재생을 누르고 2초 넘게 시간이 흐르게 두세요.",
                "Press Play and let more than 2 seconds of time pass.",
            ), vec![ticks(25)]),
        ),
    )
}

/// The World Cup at scale on the lesson's cluster (grown to 6 brokers first), streaming with
/// the final as one hot key.
fn world_cup_hot() -> Vec<Action> {
    use engine::workload::world_cup;
    let grow = (3..world_cup::BROKERS).map(|_| Action::Kafka(kafka::Command::AddBroker));
    grow.chain(world_cup::actions())
        .chain([world_cup::stream(
            world_cup::RATE,
            kafka::KeyStrategy::HotKey,
        )])
        .collect()
}

/// The busiest partition of the World Cup topic took under 15% of the records of the last two
/// seconds' metric samples.
fn world_cup_cooled(sim: &Sim) -> bool {
    let samples: Vec<_> = sim.kafka.metrics().samples().collect();
    let recent = &samples[samples.len().saturating_sub(20)..];
    if recent.len() < 20 {
        return false;
    }
    let mut per_partition = vec![0u64; engine::workload::world_cup::PARTITIONS as usize];
    for s in recent {
        for p in s
            .partitions
            .iter()
            .filter(|p| &*p.topic == engine::workload::world_cup::TOPIC)
        {
            per_partition[p.partition as usize] += p.records_in;
        }
    }
    let total: u64 = per_partition.iter().sum();
    let max = per_partition.iter().copied().max().unwrap_or(0);
    total > 0 && max * 100 < total * 15
}

pub fn batching_compression() -> Lesson {
    Lesson::new(
        "batching-compression",
        Part::EventBroker,
        Broker::Kafka,
        t("배치와 압축", "Batching and compression"),
        t(
            "메시지를 모아 보내고 압축해서 요청 수와 바이트 수를 줄여 봅니다.",
            "Send messages in batches and compress them to cut both requests and bytes.",
        ),
    )
    .seed(1515)
    .layers(Layers::PRODUCERS.with(Layers::LANES))
    .offers(&[Offer::Produce, Offer::ProducerConfig])
    .step(
        Step::new(
            t("모아서 보내기", "Send in batches"),
            t(
                "프로듀서는 메시지를 하나씩 보내는 대신 파티션별로 모아서 한 번에 보냅니다. batch.size(기본 16 KB)만큼 차거나 linger.ms만큼 기다리면 배치가 나갑니다. linger.ms 기본값은 Kafka 4.0부터 5 ms입니다(그전에는 0). 요청 수가 줄어드는 만큼 처리량이 올라갑니다.",
                "Instead of sending messages one at a time, the producer gathers them per partition and sends them together. A batch leaves when it reaches batch.size (16 KB by default) or after waiting linger.ms, whose default is 5 ms since Kafka 4.0 (0 before). Fewer requests means more throughput.",
            ),
        )
        .scene(one_by_one())
        .teaches(&["kf.batching"])
        .show(&[Highlight::Producer])
        .goal(
            Goal::new(t(
                "unbatched처럼 0.1초에 하나씩 1초 가까이 보낸 같은 이벤트 10개가 matches에 있고, 메시지당 저장 바이트는 unbatched보다 작은 상태.",
                "The same 10 events in `matches`, sent like `unbatched`'s, one every 0.1 s for nearly a second, yet taking fewer bytes per message than in `unbatched`.",
            ), batched)
            .hint(t(
                "unbatched는 메시지마다 배치가 하나씩이라 배치 헤더(61바이트)를 10번 냈습니다. 프로듀서 설정에서 linger.ms를 1000으로 바꾸세요.",
                "`unbatched` went out one batch per message, paying the 61-byte batch header 10 times. In the producer configs, set linger.ms to 1000.",
            ), vec![producer_config(kafka::DEFAULT_PRODUCER, "linger.ms", "1000")])
            .hint(t(
                "'linger.ms까지 모으기'를 켠 채 matches에 같은 이벤트를 하나 보내고 한 틱 진행하기를 10번 하세요. 프로듀서는 첫 이벤트부터 linger.ms(1초)가 지날 때까지 모아 두었다가 배치 하나로 내보냅니다. linger.ms가 기본값 5 ms라면 0.1초 간격의 이벤트는 unbatched처럼 하나씩 나갑니다.",
                "With \"wait for linger.ms\" on, send the same event to `matches` and step one tick, 10 times. The producer holds them from the first one until linger.ms (1 s) has passed and sends them as one batch. At the default 5 ms, events 0.1 s apart would leave one by one, as in `unbatched`.",
            ), spread_events("matches")),
        ),
    )
    .step(
        Step::new(
            t("압축", "Compression"),
            t(
                "배치 단위로 압축하면 네트워크로 나가는 양과 디스크에 쌓이는 양이 모두 줄어듭니다. Kafka는 gzip, snappy, lz4, 그리고 원문에 없는 zstd를 지원합니다. 비슷한 메시지가 한 배치에 많이 모일수록 압축이 잘 됩니다.",
                "Compressing whole batches shrinks both the bytes sent over the network and the bytes stored on disk. Kafka supports gzip, snappy, lz4 and also zstd, which the article leaves out. The more similar messages a batch holds, the better it compresses.",
            ),
        )
        .scene(raw_batch())
        .teaches(&["kf.compression", "kf.batching"])
        .show(&[Highlight::Producer, Highlight::Topic("matches")])
        .predict(Prediction::new(
            t(
                "같은 경기 이벤트 100개를 한 배치로 압축할 때와 1개씩 따로 압축할 때, 어느 쪽이 전체 바이트가 적을까요?",
                "100 similar match events: compressed together as one batch, or each compressed on its own. Which gives fewer total bytes?",
            ),
            vec![
                t("한 배치로 압축", "One batch"),
                t("하나씩 압축", "One at a time"),
                t("똑같다", "Same either way"),
            ],
            0,
            t(
                "압축은 반복되는 패턴을 줄이는 일이라, 비슷한 메시지가 한곳에 모여 있을수록 효과가 큽니다. 그래서 배치와 압축은 함께 쓸 때 제값을 합니다.",
                "Compression squeezes out repetition, so it works best when many similar messages sit together. That's why batching and compression pay off together.",
            ),
            compress_both_ways(),
            smaller_compressed,
        ))
        .goal(
            Goal::new(t(
                "raw와 같은 이벤트 10개가 matches에 있고, 메시지당 저장 바이트가 raw보다 20% 이상 적은 상태.",
                "The same 10 events as in `raw` stored in `matches`, at least 20% fewer bytes per message than in `raw`.",
            ), compressed)
            .hint(t(
                "프로듀서 설정에서 compression.type을 gzip(또는 lz4, zstd)으로 바꾸세요.",
                "In the producer configs, set compression.type to gzip (or lz4, zstd).",
            ), vec![producer_config(kafka::DEFAULT_PRODUCER, "compression.type", "gzip")])
            .hint(t(
                "'linger.ms까지 모으기'를 켠 채 matches에 같은 이벤트를 10번 보내고 한 틱 진행하세요. 열 개가 한 배치로 압축됩니다.",
                "With \"wait for linger.ms\" on, send the same event to `matches` 10 times and step one tick: the ten are compressed as one batch.",
            ), [ten_events("matches"), vec![ticks(1)]].concat()),
        ),
    )
}

// ---- use-cases --------------------------------------------------------------------------------

fn encoders() -> Vec<Action> {
    vec![
        topic("encode-jobs", 2),
        subscribe("encoders", "e1", &["encode-jobs"]),
        subscribe("encoders", "e2", &["encode-jobs"]),
    ]
}

fn uploads_encoded(sim: &Sim) -> bool {
    committed(sim, "encoders") >= 3 && caught_up(sim, "encoders")
}

fn encode_jobs_sent() -> Vec<Action> {
    (1..=3)
        .flat_map(|i| {
            produce(
                "encode-jobs",
                &format!("video-{i}"),
                &format!("encode video-{i} 1080p"),
            )
        })
        .collect()
}

fn waiting_room() -> Vec<Action> {
    let config = ConsumerConfig {
        max_poll_records: 2,
        ..consumer_config()
    };
    vec![
        topic("waiting-room", 1),
        subscribe_with("gate", "g1", &["waiting-room"], config),
    ]
}

fn admitted_in_order(sim: &Sim) -> bool {
    let fans: Vec<String> = records(sim, "waiting-room")
        .into_iter()
        .map(|(_, _, v)| v)
        .collect();
    let expected: Vec<String> = (1..=5).map(|i| format!("fan-{i}")).collect();
    fans.len() >= 5 && fans[..5] == expected[..] && committed(sim, "gate") >= 5
}

fn backlog() -> Vec<Action> {
    let mut v = encoders();
    for i in 1..=20 {
        v.push(send(
            "encode-jobs",
            &format!("video-{i}"),
            &format!("encode video-{i} 1080p"),
        ));
    }
    v.push(ticks(1));
    v.push(poll("encoders", "e1"));
    v
}

fn ad_clicks() -> Vec<Action> {
    let config = ConsumerConfig {
        enable_auto_commit: true,
        ..consumer_config()
    };
    let mut v = vec![
        topic("ad-clicks", 3),
        subscribe_with("click-counter", "cc1", &["ad-clicks"], config),
    ];
    for (ad, n) in [("ad-1", 3), ("ad-2", 2), ("ad-3", 4)] {
        for _ in 0..n {
            v.push(send("ad-clicks", ad, ad));
        }
    }
    v.push(ticks(1));
    v.push(poll("click-counter", "cc1"));
    v
}

fn live_comments() -> Vec<Action> {
    let mut v = vec![
        topic("live-comments", 2),
        subscribe("display", "d1", &["live-comments"]),
        subscribe("filter", "f1", &["live-comments"]),
    ];
    for (i, c) in ["gg", "what a goal", "ref??", "unreal", "replay pls", "1-0"]
        .iter()
        .enumerate()
    {
        v.push(send("live-comments", &format!("viewer-{i}"), c));
    }
    v.push(ticks(1));
    v.extend(poll_commit("display", "d1"));
    v.extend(poll_commit("filter", "f1"));
    v
}

fn moderation_read_all(sim: &Sim) -> bool {
    committed(sim, "moderation") >= 6 && caught_up(sim, "moderation")
}

// ---- limits ---------------------------------------------------------------------------------

/// Bytes of the stand-in video: 2 MiB, over the topic's 1,048,588 and under the scene
/// producer's 5 MiB `max.request.size`.
const VIDEO_BYTES: usize = 2 * 1024 * 1024;

/// The value the producer form sends for value size [`VIDEO_BYTES`] and no text.
fn two_mb_video() -> String {
    crate::sized_value("", VIDEO_BYTES)
}

/// The `uploads` topic at the broker default limit, and a default producer whose
/// `max.request.size` is raised to 5 MiB, so a 2 MB record leaves the producer and the broker's
/// check of `max.message.bytes` is the one that refuses it.
fn uploads() -> Vec<Action> {
    vec![
        topic_with("uploads", 1, 1, &[("max.message.bytes", "1048588")]),
        producer_with(kafka::DEFAULT_PRODUCER, |c| c.max_request_size = 5 << 20),
    ]
}

/// How many batches the `uploads` leader refused as over `max.message.bytes`.
fn refused_batches(sim: &Sim) -> u64 {
    sim.kafka.topic("uploads").map_or(0, |t| t.rejected_batches)
}

/// Read off the engine after the 2 MB send: 1 when the broker refused it and stored nothing,
/// 0 when it was stored whole, 2 when it was stored as two records.
fn two_mb_refused(sim: &Sim) -> usize {
    match (refused_batches(sim), log_ends(sim, "uploads").as_slice()) {
        (1, [0]) => 1,
        (0, [1]) => 0,
        (0, [2]) => 2,
        _ => usize::MAX,
    }
}

fn pointer_sent(sim: &Sim) -> bool {
    records(sim, "uploads")
        .iter()
        .any(|(_, _, v)| v.starts_with("s3://"))
}

/// The broker refused the whole video (the learner's own send), and the pointer went in.
fn refused_then_pointer(sim: &Sim) -> bool {
    refused_batches(sim) >= 1 && pointer_sent(sim)
}

// ---- scale-out ----------------------------------------------------------------------------------

fn two_partitions() -> Vec<Action> {
    let mut v = vec![topic("matches", 2)];
    for m in 1..=4 {
        v.push(send(
            "matches",
            &format!("match-{m}"),
            &format!("match-{m} kick-off"),
        ));
    }
    v.push(ticks(1));
    v
}

fn idle_brokers(sim: &Sim) -> usize {
    sim.kafka
        .brokers()
        .iter()
        .filter(|b| b.replicas == 0)
        .count()
}

fn every_broker_leads(sim: &Sim) -> bool {
    let brokers = sim.kafka.brokers();
    brokers.len() == 3 && brokers.iter().all(|b| b.up && b.leaders >= 1)
}

// ---- hot-partitions -----------------------------------------------------------------------------

fn hot() -> Vec<Action> {
    let mut v = vec![round_robin_producer(), topic("ad-clicks", 3)];
    for _ in 0..12 {
        v.push(send("ad-clicks", "ad-7", "ad-7"));
    }
    v.push(send("ad-clicks", "ad-1", "ad-1"));
    v.push(send("ad-clicks", "ad-3", "ad-3"));
    v.push(ticks(1));
    v
}

fn ad7_per_partition(sim: &Sim) -> [usize; 3] {
    let mut n = [0; 3];
    for (p, _, v) in records(sim, "ad-clicks") {
        if v == "ad-7" && (p as usize) < 3 {
            n[p as usize] += 1;
        }
    }
    n
}

fn evened_out(sim: &Sim) -> bool {
    ad7_per_partition(sim).iter().all(|&n| n >= 4)
}

fn partitions_of_keys(sim: &Sim, prefix: &str) -> usize {
    let mut seen: Vec<u32> = records(sim, "ad-clicks")
        .into_iter()
        .filter(|(_, k, _)| k.as_deref().is_some_and(|k| k.starts_with(prefix)))
        .map(|(p, _, _)| p)
        .collect();
    engine::sort::sort(&mut seen);
    seen.dedup();
    seen.len()
}

fn salted(sim: &Sim) -> bool {
    partitions_of_keys(sim, "ad-7#") >= 2
}

fn compound(sim: &Sim) -> bool {
    partitions_of_keys(sim, "ad-7:") >= 3
}

fn tight_buffer() -> Vec<Action> {
    vec![
        producer_with(kafka::DEFAULT_PRODUCER, |c| {
            c.keyless = KeylessMode::RoundRobin;
            c.buffer_memory = 4_096;
        }),
        topic("ad-clicks", 3),
    ]
}

fn throttled(sim: &Sim) -> bool {
    sim.kafka.producers().iter().any(|p| p.blocked_sends > 0)
}

// ---- batching-compression -----------------------------------------------------------------------

const EVENT: &str = "match-7 goal: Son Heung-min 23' assisted by Lee Kang-in, score 1-0";

fn one_by_one() -> Vec<Action> {
    let mut v = vec![topic("unbatched", 1), topic("matches", 1)];
    for _ in 0..10 {
        v.push(send_nokey("unbatched", EVENT));
        v.push(ticks(1));
    }
    v
}

/// Average stored bytes per record of a single-partition topic.
fn bytes_per_record(sim: &Sim, topic: &str) -> Option<f64> {
    let p = sim.kafka.partition(topic, 0)?;
    (p.records > 0).then(|| p.size_bytes as f64 / p.records as f64)
}

fn batched(sim: &Sim) -> bool {
    match (
        bytes_per_record(sim, "matches"),
        bytes_per_record(sim, "unbatched"),
    ) {
        (Some(m), Some(u)) => records(sim, "matches").len() >= 10 && m < u && spread(sim),
        _ => false,
    }
}

/// `matches` holds 10 events sent as `unbatched`'s were, over at least 900 ms: records sent
/// back to back batch even at the default linger.ms, so only spread ones show what it does.
fn spread(sim: &Sim) -> bool {
    let stamps: Vec<i64> = sim
        .kafka
        .partition_views("matches")
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.records().map(|r| r.timestamp).collect::<Vec<_>>())
        .collect();
    match (stamps.iter().min(), stamps.iter().max()) {
        (Some(a), Some(b)) => b - a >= 900,
        _ => false,
    }
}

/// One event to `topic` per tick, ten times, left for linger.ms to send.
fn spread_events(topic: &str) -> Vec<Action> {
    (0..10)
        .flat_map(|_| [send_nokey(topic, EVENT), ticks(1)])
        .collect()
}

fn ten_events(topic: &str) -> Vec<Action> {
    (0..10).map(|_| send_nokey(topic, EVENT)).collect()
}

fn raw_batch() -> Vec<Action> {
    let mut v = vec![topic("raw", 1), topic("matches", 1)];
    v.extend(ten_events("raw"));
    v.push(ticks(1));
    v
}

/// gzip on; the same 100 events once as one batch (`together`) and once one batch each
/// (`apart`, flushed after every send).
fn compress_both_ways() -> Vec<Action> {
    let mut v = vec![
        topic("together", 1),
        topic("apart", 1),
        producer_config(kafka::DEFAULT_PRODUCER, "compression.type", "gzip"),
    ];
    v.extend((0..100).map(|_| send_nokey("together", EVENT)));
    v.push(flush());
    v.extend((0..100).flat_map(|_| produce_nokey("apart", EVENT)));
    v
}

/// 0 when the one batch took fewer stored bytes, 1 when the single ones did, 2 when equal.
fn smaller_compressed(sim: &Sim) -> usize {
    let size = |t| sim.kafka.partition(t, 0).map(|p| (p.records, p.size_bytes));
    match (size("together"), size("apart")) {
        (Some((100, a)), Some((100, b))) => match a.cmp(&b) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Equal => 2,
        },
        _ => usize::MAX,
    }
}

fn compressed(sim: &Sim) -> bool {
    match (
        bytes_per_record(sim, "matches"),
        bytes_per_record(sim, "raw"),
    ) {
        (Some(m), Some(r)) => records(sim, "matches").len() >= 10 && m < 0.8 * r,
        _ => false,
    }
}
