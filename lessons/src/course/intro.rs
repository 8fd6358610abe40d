//! Why a broker at all, and the World Cup site that motivates everything Kafka does.

use super::*;
use engine::kafka::ConsumerConfig;
use engine::sim::Action;

pub fn why_brokers() -> Lesson {
    Lesson::new(
        "why-brokers",
        Part::EventBroker,
        Broker::Kafka,
        t("브로커가 필요한 이유", "Why put a broker in the middle"),
        t(
            "서비스끼리 직접 호출하는 대신 브로커를 사이에 두면 무엇이 달라지는지 직접 확인합니다.",
            "See for yourself what changes when services talk through a broker instead of calling each other.",
        ),
    )
    .seed(101)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce, Offer::Poll, Offer::Commit, Offer::AddConsumer])
    .step(
        Step::new(
            t("두 종류의 브로커", "Two kinds of broker"),
            t(
                "이 코스는 브로커 두 가지를 다룹니다. 이벤트 브로커(Kafka)는 '무슨 일이 있었다'는 사실을 기록해 두고 필요한 곳 모두에 알립니다. 메시지 브로커(RabbitMQ)는 '이 일을 해 달라'는 요청을 맡아 처리할 곳에 안전하게 건넵니다. 먼저 이벤트 브로커부터 시작합니다.",
                "This course covers two kinds of broker. An event broker (Kafka) records the fact that something happened and tells everyone who cares. A message broker (RabbitMQ) takes a request to get something done and hands it safely to whoever will do it. We start with the event broker.",
            ),
        )
        .scene(orders_base())
        .teaches(&["eb.decoupling"]),
    )
    .step(
        Step::new(
            t("직접 호출의 문제", "The trouble with direct calls"),
            t(
                "배달 앱에서 주문이 들어오면 주문 서비스가 주방, 라이더 배차, 알림 서비스를 차례로 호출한다고 해 봅시다. 이 중 하나만 느려져도 주문 전체가 멈춥니다. 서비스들이 서로를 너무 많이 알고 있기 때문입니다.",
                "Picture a food delivery app where the order service calls the kitchen, rider dispatch and notification services one after another. If any one of them slows down, the whole order stalls. The services know too much about each other.",
            ),
        )
        .scene(orders_base())
        .teaches(&["eb.decoupling"]),
    )
    .step(
        Step::new(
            t("가운데에 브로커", "A broker in the middle"),
            t(
                "이제 주문 서비스는 '주문이 들어왔다'는 이벤트를 브로커에 한 번만 남기고, 누가 읽을지는 신경 쓰지 않습니다. 이벤트를 보내는 쪽을 프로듀서, 받아서 처리하는 쪽을 컨슈머라고 부릅니다. 이벤트는 orders 토픽에 쌓입니다.",
                "Now the order service records a single event, \"an order came in\", with the broker and doesn't care who reads it. The side that sends events is the producer; the side that receives and handles them is the consumer. The events collect in the `orders` topic.",
            ),
        )
        .scene(orders_flowing())
        .teaches(&["eb.decoupling", "eb.pubsub"])
        .show(&[Highlight::Producer, Highlight::Topic("orders")]),
    )
    .step(
        Step::new(
            t("한 번 발행하면 모두가 받는다", "Publish once, every subscriber gets it"),
            t(
                "주방, 배차, 알림은 각자 자기 컨슈머 그룹으로 같은 토픽을 구독합니다. 이벤트 하나를 발행하면 세 그룹이 모두 같은 이벤트를 받습니다. 이것이 pub/sub(발행/구독) 모델입니다.",
                "The kitchen, dispatch and notifications each subscribe to the same topic with their own consumer group. Publish one event and all three groups receive it. This is the publish/subscribe (pub/sub) model.",
            ),
        )
        .scene(orders_base())
        .teaches(&["eb.pubsub"])
        .show(&[
            Highlight::ConsumerGroup("kitchen"),
            Highlight::ConsumerGroup("dispatch"),
            Highlight::ConsumerGroup("notify"),
        ])
        .goal(
            Goal::new(t(
                "kitchen, dispatch, notify 세 그룹이 모두 같은 주문 이벤트를 읽고 커밋한 상태(지금 orders 토픽은 비어 있음).",
                "All three groups, `kitchen`, `dispatch` and `notify`, having read and committed the same order event (`orders` is empty now).",
            ), pubsub_reached)
            .hint(t(
                "프로듀서 패널에서 orders 토픽으로 메시지를 하나 보내세요.",
                "Send one message to the `orders` topic from the producer panel.",
            ), produce("orders", "order-1", "order-1 placed"))
            .hint(t(
                "Kafka 컨슈머는 poll할 때만 읽습니다. 시간이 흐르는 것만으로는 아무것도 읽지 않으니, k1, d1, n1 컨슈머마다 poll한 다음 커밋하세요.",
                "A Kafka consumer reads only when it polls; time passing reads nothing. Poll, then commit, on each consumer: k1, d1 and n1.",
            ), all_groups_read()),
        ),
    )
    .step(
        Step::new(
            t("하나가 쓰러져도", "When one consumer goes down"),
            t(
                "알림 서비스가 장애로 내려갔습니다. 그래도 주문은 계속 들어오고, 주방과 배차는 평소처럼 처리합니다. 알림 몫의 이벤트는 브로커에 남아 있다가, 서비스가 돌아오면 멈췄던 곳부터 이어서 읽힙니다. 장애가 한 곳에 갇히는 것, 이것이 느슨한 결합의 힘입니다.",
                "The notification service has crashed. Orders keep coming in, and the kitchen and dispatch carry on as usual. The notification events wait in the broker and are read from where they stopped once the service is back. The failure stays contained: that is the payoff of loose coupling.",
            ),
        )
        .scene(notify_down())
        .teaches(&["eb.decoupling"])
        .show(&[Highlight::ConsumerGroup("notify"), Highlight::Lag("notify")])
        .goal(
            Goal::new(t(
                "알림 컨슈머 n1은 멈춘 채로 주문이 5건으로 늘었고(지금은 2건), 주방과 배차는 5건을 모두 처리해 커밋한 상태.",
                "The notification consumer n1 still down, `orders` grown to 5 orders (there are 2 now), and the kitchen and dispatch having processed and committed all 5.",
            ), others_carry_on)
            .hint(t(
                "알림 컨슈머는 그대로 두고 orders 토픽에 메시지를 세 번 보내세요.",
                "Leave the notification consumer down and send three messages to `orders`.",
            ), orders(3, 5))
            .hint(t(
                "주방의 k1과 배차의 d1에서 poll한 다음 커밋하세요. 두 그룹의 lag이 0이 됩니다.",
                "Poll, then commit, on the kitchen's k1 and dispatch's d1: both groups' lag drops to 0.",
            ), [poll_commit("kitchen", "k1"), poll_commit("dispatch", "d1")].concat()),
        ),
    )
    .step(
        Step::new(
            t("기록은 남는다", "The record stays"),
            t(
                "이벤트 브로커는 읽힌 이벤트를 바로 지우지 않고 보존 기간(Kafka 기본 7일) 동안 보관합니다. 그래서 나중에 만든 분석 서비스도 처음부터 읽을 수 있고, 버그를 고친 뒤 지난 이벤트를 다시 처리할 수도 있습니다. 감사 기록, 로그 수집, 실시간 모니터링이 모두 이 성질에 기댑니다.",
                "An event broker doesn't delete events once they're read; it keeps them for the retention period (7 days by default in Kafka). A service built later can read from the very beginning, and after fixing a bug you can process past events again. Audit trails, log collection and live monitoring all rely on this.",
            ),
        )
        .scene(history())
        .teaches(&["eb.retention-replay"])
        .show(&[Highlight::Topic("orders")])
        .goal(
            Goal::new(t(
                "새 컨슈머 그룹 analytics가 지금까지 쌓인 주문 4건을 처음부터 모두 읽고 커밋한 상태.",
                "A new consumer group `analytics` having read and committed all 4 orders so far, from the very first.",
            ), analytics_replayed)
            .hint(t(
                "구독 패널에서 그룹 analytics, 컨슈머 a1로 orders를 구독하세요. 커밋된 offset이 없는 새 그룹은 auto.offset.reset=earliest여야 과거 이벤트부터 읽습니다.",
                "In the subscribe panel, subscribe group `analytics`, consumer a1, to `orders`. A new group has no committed offset, so it must start with auto.offset.reset=earliest to read past events.",
            ), vec![subscribe("analytics", "a1", &["orders"])])
            .hint(t(
                "a1에서 poll한 다음 커밋하세요.",
                "Poll on a1, then commit.",
            ), poll_commit("analytics", "a1")),
        ),
    )
}

pub fn world_cup() -> Lesson {
    Lesson::new(
        "world-cup",
        Part::EventBroker,
        Broker::Kafka,
        t("월드컵 중계 사이트", "A World Cup live site"),
        t(
            "경기 이벤트가 폭증할 때 순서를 지키면서 부하를 나누는 방법을 찾습니다.",
            "Find a way to split a flood of match events across servers without scrambling their order.",
        ),
    )
    .seed(202)
    .layers(Layers::KAFKA_BASICS)
    .offers(&[Offer::Produce, Offer::Poll, Offer::Commit, Offer::AddConsumer])
    .step(
        Step::new(
            t("경기 이벤트", "Match events"),
            t(
                "월드컵 중계 사이트를 운영한다고 합시다. 킥오프, 골, 교체, 카드 같은 경기 이벤트가 생길 때마다 프로듀서가 브로커에 쓰고, 컨슈머가 읽어서 화면을 갱신합니다. 48개 팀이 하루 몇 경기를 치르는 정도라면 서버 한 대로 넉넉합니다.",
                "Say you run a World Cup live site. Every kick-off, goal, substitution and card is written to the broker by a producer, and a consumer reads it and refreshes the page. With 48 teams playing a few matches a day, one server copes easily.",
            ),
        )
        .scene(single_server())
        .teaches(&["kf.world-cup"])
        .show(&[Highlight::Producer, Highlight::Topic("matches"), Highlight::ConsumerGroup("site")]),
    )
    .step(
        Step::new(
            t("팀이 1000개라면", "What if there were 1000 teams"),
            t(
                "대회가 1000개 팀으로 커져 수백 경기가 동시에 열린다고 해 봅시다. 이벤트가 수십 배로 늘어나면 파티션 하나, 컨슈머 하나로는 처리가 밀려 lag이 계속 쌓입니다. 서버를 여러 대로 늘려야 합니다.",
                "Now the tournament grows to 1000 teams with hundreds of matches at once. Events multiply, and with one partition and one consumer the backlog (the lag) keeps growing. We need more than one server.",
            ),
        )
        .scene(overloaded())
        .teaches(&["kf.world-cup"])
        .show(&[Highlight::Lag("site")])
        .predict(Prediction::new(
            t(
                "컨슈머 하나가 한 틱에 이벤트 5개를 처리하는데, 한 틱마다 이벤트 20개가 들어옵니다. 시간이 흐르면 lag은 어떻게 될까요?",
                "One consumer handles 5 events per tick, and 20 events arrive every tick. What happens to the lag over time?",
            ),
            vec![
                t("0으로 유지된다", "It stays at 0"),
                t("한 틱에 15씩 늘어난다", "It grows by 15 per tick"),
                t("한 틱에 20씩 늘어난다", "It grows by 20 per tick"),
            ],
            1,
            t(
                "들어오는 양(20)에서 처리하는 양(5)을 뺀 15만큼 매 틱 쌓입니다. 컨슈머 하나로는 따라잡을 수 없습니다.",
                "Each tick adds what arrives (20) minus what is processed (5): 15. One consumer can never catch up.",
            ),
            [overload_round(), overload_round()].concat(),
            lag_growth_per_round,
        )),
    )
    .step(
        Step::new(
            t("아무렇게나 나누면", "Spreading events at random"),
            t(
                "가장 쉬운 방법은 이벤트를 키 없이 여러 파티션에 골고루 뿌리는 것입니다. 부하는 고르게 나뉘지만 한 경기의 이벤트가 여러 파티션에 흩어집니다. 파티션마다 읽히는 속도가 다르면 킥오프보다 골이 먼저 뜨거나, 경고도 없이 퇴장부터 뜰 수 있습니다.",
                "The easy way is to spread events over several partitions without a key. The load is even, but one match's events end up scattered. When partitions are read at different speeds, the page can show a goal before kick-off, or a sending-off before the first yellow card.",
            ),
        )
        .scene(spread_at_random())
        .teaches(&["kf.ordering-anomaly", "kf.keyless"])
        .show(&[
            Highlight::Partition("matches", 0),
            Highlight::Partition("matches", 1),
            Highlight::Partition("matches", 2),
        ])
        .predict(Prediction::new(
            t(
                "7번 경기의 킥오프, 골, 경고, 퇴장을 키 없이 파티션 3개에 나눠 보냈습니다. 파티션마다 다른 컨슈머가 다른 속도로 읽는다면, 화면에는 어떤 순서로 뜰까요?",
                "Match 7's kick-off, goal, yellow card and red card were sent without a key over 3 partitions. If each partition is read by a different consumer at a different speed, in what order will they appear on the page?",
            ),
            vec![
                t("항상 보낸 순서대로", "Always in the order they were sent"),
                t(
                    "파티션 안에서는 순서대로지만, 전체 순서는 뒤섞일 수 있다",
                    "In order within each partition, but the overall order can be scrambled",
                ),
                t("항상 거꾸로", "Always reversed"),
            ],
            1,
            t(
                "Kafka는 파티션 안의 순서만 보장합니다. 서로 다른 파티션에 있는 이벤트끼리는 누가 먼저 읽힐지 아무도 약속하지 않습니다. c2와 c3만 poll하면 킥오프가 읽히기 전에 골이 먼저 화면에 뜹니다.",
                "Kafka only guarantees order within a partition. For events in different partitions, nothing says which is read first. Let only c2 and c3 poll, and the goal is on the page before the kick-off.",
            ),
            vec![poll("site", "c2"), poll("site", "c3")],
            read_order_of_match7,
        ))
        .goal(
            Goal::new(t(
                "같은 장면에서 고쳐 보세요. 8번 경기의 킥오프, 골, 경고, 퇴장을 보내고 세 컨슈머가 모두 읽게 하되, 누가 먼저 읽든 8번 경기는 순서대로 뜨게 하세요.",
                "Fix it in the same scene: send match 8's kick-off, goal, yellow card and red card and let all three consumers read, so that whoever reads first, match 8 shows in order.",
            ), match8_in_order_on_page)
            .hint(t(
                "키가 없으면 네 이벤트가 세 파티션에 흩어집니다. 같은 경기는 같은 키를 쓰세요. 키 match-8로 match-8 kick-off, match-8 goal, match-8 yellow card, match-8 red card를 차례로 보내세요.",
                "Without a key the four events scatter over three partitions; give one match one key. With the key `match-8`, send `match-8 kick-off`, `match-8 goal`, `match-8 yellow card` and `match-8 red card`, in that order.",
            ), MATCH7.iter().flat_map(|e| produce("matches", "match-8", &format!("match-8 {e}"))).collect())
            .hint(t(
                "c1, c2, c3에서 차례로 poll하세요. 8번 경기는 한 파티션에 순서대로 있으니 그 파티션을 맡은 컨슈머가 순서대로 읽습니다.",
                "Poll on c1, c2 and c3 in turn. Match 8 sits in one partition, in order, so the consumer that owns it reads it in order.",
            ), ["c1", "c2", "c3"].iter().map(|c| poll("site", c)).collect()),
        ),
    )
    .step(
        Step::new(
            t("경기 단위로 나누기", "Partition by match"),
            t(
                "Kafka에서는 메시지를 어떻게 나눌지 우리가 정할 수 있습니다. 경기 ID를 키로 쓰면 같은 경기의 이벤트는 모두 같은 파티션에 들어가고, 파티션 안에서는 순서가 지켜집니다. 경기가 여러 개면 파티션에 고루 나뉘니 부하 분산도 그대로입니다.",
                "Kafka lets you decide how messages are distributed. Use the match id as the key and every event of a match goes to the same partition, where order holds. With many matches, they still spread across partitions, so the load stays balanced.",
            ),
        )
        .scene(by_match_scene())
        .teaches(&["kf.custom-partitioning", "kf.key-partitioning", "kf.ordering-anomaly"])
        .show(&[Highlight::Producer, Highlight::Topic("matches")])
        .goal(
            Goal::new(t(
                "키를 골라 7번 경기의 킥오프, 골, 종료 휘슬이 한 파티션에 이 순서대로 들어가게 하세요.",
                "Choose a key so that match 7's kick-off, goal and final whistle land in one partition, in that order.",
            ), match7_in_order)
            .hint(t(
                "키 없이 보내면 메시지마다 파티션이 바뀔 수 있습니다.",
                "Without a key, each message may go to a different partition.",
            ), Vec::new())
            .hint(t(
                "같은 키 match-7로 match-7 kick-off, match-7 goal, match-7 full-time을 차례로 보내세요.",
                "With the same key `match-7`, send `match-7 kick-off`, `match-7 goal` and `match-7 full-time`, in that order.",
            ), match7_solution()),
        ),
    )
    .step(
        Step::new(
            t("컨슈머 여럿이 나눠 읽기", "Several consumers share the work"),
            t(
                "파티션을 나눴으니 컨슈머도 여러 대 둘 수 있습니다. 같은 컨슈머 그룹의 컨슈머들은 파티션을 나눠 맡고, 파티션 하나는 한 번에 한 컨슈머만 읽습니다. 일은 나눠 하되 두 컨슈머가 같은 이벤트를 동시에 맡지는 않습니다. 그래도 커밋 전에 죽은 컨슈머의 이벤트는 다시 처리될 수 있다는 점은 다음 레슨들에서 봅니다.",
                "With the events split, we can run several consumers. Consumers in one consumer group divide the partitions between them, and a partition is read by one consumer at a time. The work is shared, and no two consumers hold the same event at once. Events of a consumer that died before committing can still be processed again, as later lessons show.",
            ),
        )
        .scene(many_matches(3, 500))
        .teaches(&["kf.consumer-group", "kf.world-cup"])
        .show(&[Highlight::ConsumerGroup("site")])
        .goal(
            Goal::new(t(
                "site 그룹의 컨슈머 세 개가 파티션을 하나씩 맡고 lag이 0인 상태(지금은 c1 혼자 세 파티션을 맡음).",
                "Three consumers in `site`, each owning one partition, and a lag of 0 (now c1 owns all three alone).",
            ), three_share)
            .hint(t(
                "구독 패널에서 site 그룹에 컨슈머 c2와 c3를 추가하세요. 추가할 때마다 리밸런스가 일어나고, 파티션이 3개이니 세 컨슈머가 하나씩 맡습니다.",
                "In the subscribe panel, add consumers c2 and c3 to the `site` group. Each one triggers a rebalance; with 3 partitions, the three consumers get one each.",
            ), share_join(&["c2", "c3"]))
            .hint(t(
                "그다음 c1, c2, c3에서 차례로 poll한 다음 커밋해서 lag을 0으로 만드세요.",
                "Then poll and commit on c1, c2 and c3 in turn to bring the lag to 0.",
            ), share_read(&["c1", "c2", "c3"])),
        ),
    )
    .step(
        Step::new(
            t("축구와 농구", "Football and basketball"),
            t(
                "사이트가 농구 중계도 시작했습니다. 축구 이벤트는 football 토픽에, 농구 이벤트는 basketball 토픽에 담으면, 축구 화면은 football만, 농구 화면은 basketball만 구독하면 됩니다. 서로 관심 없는 이벤트를 걸러 낼 필요가 없습니다.",
                "The site starts covering basketball too. Put football events in a `football` topic and basketball events in `basketball`: the football page subscribes only to `football`, the basketball page only to `basketball`. Nobody has to filter out events they don't care about.",
            ),
        )
        .scene(two_sports())
        .teaches(&["kf.topic", "kf.world-cup"])
        .show(&[Highlight::Topic("football"), Highlight::Topic("basketball")]),
    )
}

// ---- why-brokers --------------------------------------------------------------------------

const ORDER_GROUPS: [(&str, &str); 3] = [("kitchen", "k1"), ("dispatch", "d1"), ("notify", "n1")];

fn orders_base() -> Vec<Action> {
    let mut v = vec![topic("orders", 3)];
    for (g, m) in ORDER_GROUPS {
        v.push(subscribe(g, m, &["orders"]));
    }
    v
}

/// Every order group reads and commits what is there.
fn all_groups_read() -> Vec<Action> {
    ORDER_GROUPS
        .iter()
        .flat_map(|(g, m)| poll_commit(g, m))
        .collect()
}

fn orders(from: u32, to: u32) -> Vec<Action> {
    (from..=to)
        .flat_map(|i| {
            produce(
                "orders",
                &format!("order-{i}"),
                &format!("order-{i} placed"),
            )
        })
        .collect()
}

fn orders_flowing() -> Vec<Action> {
    let mut v = orders_base();
    v.extend(orders(1, 2));
    v.push(ticks(1));
    v.extend(all_groups_read());
    v
}

fn pubsub_reached(sim: &Sim) -> bool {
    ORDER_GROUPS
        .iter()
        .all(|(g, _)| committed(sim, g) >= 1 && caught_up(sim, g))
}

fn notify_down() -> Vec<Action> {
    let mut v = orders_flowing();
    v.push(crash("notify", "n1"));
    v
}

fn others_carry_on(sim: &Sim) -> bool {
    let notify_stopped = sim
        .kafka
        .group("notify")
        .is_some_and(|g| g.members.iter().all(|m| !m.running));
    notify_stopped
        && ["kitchen", "dispatch"]
            .iter()
            .all(|g| committed(sim, g) >= 5 && caught_up(sim, g))
}

fn history() -> Vec<Action> {
    let mut v = orders_base();
    v.extend(orders(1, 4));
    v.push(ticks(1));
    v.extend(all_groups_read());
    v
}

fn analytics_replayed(sim: &Sim) -> bool {
    committed(sim, "analytics") >= 4 && caught_up(sim, "analytics")
}

// ---- world-cup ----------------------------------------------------------------------------

fn single_server() -> Vec<Action> {
    let mut v = vec![topic("matches", 1), subscribe("site", "c1", &["matches"])];
    for e in ["match-1 kick-off", "match-1 goal", "match-2 kick-off"] {
        v.push(send_nokey("matches", e));
    }
    v.push(ticks(1));
    v.extend(poll_commit("site", "c1"));
    v
}

/// Events one consumer handles per poll in the overloaded scene.
const OVERLOAD_POLL: u32 = 5;

fn overloaded() -> Vec<Action> {
    let config = ConsumerConfig {
        max_poll_records: OVERLOAD_POLL,
        ..consumer_config()
    };
    // No round played yet: the reveal plays them, so the scene does not give the answer away.
    vec![
        topic("matches", 1),
        subscribe_with("site", "c1", &["matches"], config),
    ]
}

/// One tick of the 1000-team tournament: 20 events arrive, the consumer polls once and commits.
fn overload_round() -> Vec<Action> {
    let mut v: Vec<Action> = (1..=20)
        .map(|m| send_nokey("matches", &format!("match-{m} event")))
        .collect();
    v.push(ticks(1));
    v.extend(poll_commit("site", "c1"));
    v
}

/// The lag added per tick: the lag over the rounds played (each round commits one poll).
fn lag_growth_per_round(sim: &Sim) -> usize {
    let Some(g) = sim.kafka.group("site") else {
        return usize::MAX;
    };
    let rounds = committed(sim, "site") / OVERLOAD_POLL as u64;
    match (rounds > 0).then(|| g.total_lag() / rounds) {
        Some(0) => 0,
        Some(15) => 1,
        Some(20) => 2,
        _ => usize::MAX,
    }
}

const MATCH7: [&str; 4] = ["kick-off", "goal", "yellow card", "red card"];

fn spread_at_random() -> Vec<Action> {
    let mut v = vec![round_robin_producer(), topic("matches", 3)];
    for c in ["c1", "c2", "c3"] {
        v.push(subscribe("site", c, &["matches"]));
    }
    for e in MATCH7 {
        v.push(send_nokey("matches", &format!("match-7 {e}")));
    }
    v.push(ticks(1));
    v
}

/// Match 8's four events sit in one partition in the order sent, and the group has read them.
fn match8_in_order_on_page(sim: &Sim) -> bool {
    let by_offset: Vec<(u32, String)> = records(sim, "matches")
        .into_iter()
        .filter(|(_, _, v)| v.starts_with("match-8 "))
        .map(|(p, _, v)| (p, v))
        .collect();
    let want: Vec<String> = MATCH7.iter().map(|e| format!("match-8 {e}")).collect();
    let one_partition = by_offset.windows(2).all(|w| w[0].0 == w[1].0);
    let in_order = by_offset.iter().map(|(_, v)| v).eq(want.iter());
    let all_read = read_by(sim, "site", "matches")
        .iter()
        .filter(|r| r.value.starts_with("match-8 "))
        .all(|r| r.read);
    one_partition && in_order && all_read
}

/// What the page shows of match 7 so far: the events below each partition's position. 0 when
/// they are a prefix of the order sent, 1 when a later event was read before an earlier one,
/// 2 when the page holds them reversed.
fn read_order_of_match7(sim: &Sim) -> usize {
    let sent = |v: &str| MATCH7.iter().position(|e| v.ends_with(e));
    let (mut read, mut unread) = (Vec::new(), Vec::new());
    for r in read_by(sim, "site", "matches") {
        let Some(i) = sent(&r.value) else { continue };
        if r.read { read.push(i) } else { unread.push(i) }
    }
    if read.is_empty() {
        usize::MAX
    } else if read.iter().all(|r| unread.iter().all(|u| r < u)) {
        0
    } else if read.len() == MATCH7.len() && read.windows(2).all(|w| w[0] > w[1]) {
        2
    } else {
        1
    }
}

fn by_match_scene() -> Vec<Action> {
    let mut v = vec![round_robin_producer(), topic("matches", 3)];
    for m in [3, 12] {
        for e in ["kick-off", "goal"] {
            v.push(send(
                "matches",
                &format!("match-{m}"),
                &format!("match-{m} {e}"),
            ));
        }
    }
    v.push(ticks(1));
    v
}

/// All events of match 7 sit in one partition, and it holds kick-off, goal and full-time in
/// that order.
fn match7_in_order(sim: &Sim) -> bool {
    let ev: Vec<(u32, String)> = records(sim, "matches")
        .into_iter()
        .filter(|(_, _, v)| v.starts_with("match-7 "))
        .map(|(p, _, v)| (p, v))
        .collect();
    let Some(&(p, _)) = ev.first() else {
        return false;
    };
    if ev.iter().any(|(q, _)| *q != p) {
        return false;
    }
    let mut want = ["match-7 kick-off", "match-7 goal", "match-7 full-time"]
        .into_iter()
        .peekable();
    for (_, v) in &ev {
        if want.peek() == Some(&v.as_str()) {
            want.next();
        }
    }
    want.peek().is_none()
}

fn match7_solution() -> Vec<Action> {
    ["kick-off", "goal", "full-time"]
        .iter()
        .flat_map(|e| produce("matches", "match-7", &format!("match-7 {e}")))
        .collect()
}

fn many_matches(partitions: u32, poll_records: u32) -> Vec<Action> {
    let config = ConsumerConfig {
        max_poll_records: poll_records,
        ..consumer_config()
    };
    let mut v = vec![
        topic("matches", partitions),
        subscribe_with("site", "c1", &["matches"], config),
    ];
    for m in 1..=8 {
        for e in ["kick-off", "goal", "full-time"] {
            v.push(send(
                "matches",
                &format!("match-{m}"),
                &format!("match-{m} {e}"),
            ));
        }
    }
    v.push(ticks(1));
    v
}

/// `site` has at least `n` running members owning exactly one partition each, none owning
/// more, and no lag.
pub(super) fn one_partition_each(sim: &Sim, n: usize) -> bool {
    let Some(g) = sim.kafka.group("site") else {
        return false;
    };
    let owners = g
        .members
        .iter()
        .filter(|m| m.running && m.assignment.len() == 1)
        .count();
    owners >= n && g.members.iter().all(|m| m.assignment.len() <= 1) && caught_up(sim, "site")
}

fn three_share(sim: &Sim) -> bool {
    one_partition_each(sim, 3)
}

fn share_join(extra: &[&str]) -> Vec<Action> {
    extra
        .iter()
        .map(|m| subscribe("site", m, &["matches"]))
        .collect()
}

fn share_read(all: &[&str]) -> Vec<Action> {
    all.iter().flat_map(|m| poll_commit("site", m)).collect()
}

pub(super) fn two_sports() -> Vec<Action> {
    let mut v = vec![
        topic("football", 2),
        topic("basketball", 2),
        subscribe("football-site", "f1", &["football"]),
        subscribe("basketball-site", "b1", &["basketball"]),
        send("football", "match-7", "match-7 goal"),
        send("basketball", "game-3", "game-3 three-pointer"),
        ticks(1),
    ];
    v.extend(poll_commit("football-site", "f1"));
    v.extend(poll_commit("basketball-site", "b1"));
    v
}
