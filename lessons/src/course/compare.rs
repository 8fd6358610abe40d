//! The closing comparison: the same workload through both brokers.

use super::*;
use engine::rabbit::{AutoSettle, ExchangeKind, PublishSpec, QueueSpec};
use engine::sim::Action;

pub fn compare() -> Lesson {
    Lesson::new(
        "compare",
        Part::Comparison,
        Broker::Both,
        t("Kafka와 RabbitMQ, 나란히", "Kafka and RabbitMQ side by side"),
        t(
            "같은 주문 10건을 두 브로커에 똑같이 보내고, 끝난 뒤 각 브로커에 무엇이 남는지 비교합니다.",
            "Run the same 10 orders through both brokers and compare what each one keeps afterwards.",
        ),
    )
    .seed(3001)
    .layers(Layers::KAFKA_BASICS.with(Layers::RABBIT_BASICS))
    .offers(&[Offer::Produce, Offer::Poll, Offer::Commit, Offer::AddConsumer, Offer::Seek, Offer::Publish, Offer::Settle])
    .step(
        Step::new(
            t("같은 일, 두 브로커", "Same work, two brokers"),
            t(
                "같은 주문 10건을 Kafka의 orders 토픽과 RabbitMQ의 orders 큐에 똑같이 보냈고, 양쪽 컨슈머가 모두 처리했습니다. 이제 브로커 안에 무엇이 남았는지 보세요.",
                "The same 10 orders went to Kafka's `orders` topic and RabbitMQ's `orders` queue, and consumers on both sides processed all of them. Now look at what's left inside each broker.",
            ),
        )
        .scene(both_processed())
        .teaches(&["cmp.record-vs-task"])
        .show(&[Highlight::Topic("orders"), Highlight::Queue("orders")]),
    )
    .step(
        Step::new(
            t("기록과 할 일", "A record versus a to-do"),
            t(
                "Kafka 토픽에는 10건이 그대로 남아 있습니다. '주문이 있었다'는 사실의 기록이라 보존 기간 동안 누구든 다시 읽을 수 있습니다. RabbitMQ 큐는 비어 있습니다. 처리할 일이었고, ack와 함께 끝났기 때문입니다. RabbitMQ에도 3.9부터 기록을 남겨 두고 다시 읽게 하는 stream이라는 큐 타입이 있지만, 이 시뮬레이터는 클래식 큐만 그립니다.",
                "The Kafka topic still holds all 10: they're a record that orders happened, and anyone can read them again for as long as retention keeps them. The RabbitMQ queue is empty: those were jobs to do, and each ended with its ack. RabbitMQ has had streams since 3.9, a queue type that keeps messages for replay; the simulator only draws classic queues.",
            ),
        )
        .scene(both_processed())
        .teaches(&["cmp.record-vs-task", "eb.retention-replay"])
        .show(&[Highlight::Topic("orders"), Highlight::Queue("orders")])
        .goal(
            Goal::new(t(
                "새로 생긴 정산 서비스의 settlement 그룹이 Kafka 쪽 orders의 지난 주문 10건을 모두 읽고 커밋한 상태.",
                "A new settlement service's `settlement` group having read and committed all 10 past orders of Kafka's `orders`.",
            ), settlement_read_all)
            .hint(t(
                "RabbitMQ에서는 이미 ack된 메시지를 되살릴 방법이 없습니다. Kafka 쪽 구독 패널에서 그룹 settlement, 컨슈머 s1로 orders를 earliest부터 구독하세요.",
                "RabbitMQ can't bring back acked messages. On the Kafka side, subscribe group `settlement`, consumer s1, to `orders` from earliest.",
            ), vec![subscribe("settlement", "s1", &["orders"])])
            .hint(t(
                "s1에서 poll한 다음 커밋하세요.",
                "Poll on s1, then commit.",
            ), poll_commit("settlement", "s1")),
        ),
    )
    .step(
        Step::new(
            t("언제 무엇을", "Which one, when"),
            t(
                "처리량이 크고, 오래 보관하고, 다시 읽어야 한다면 Kafka가 어울립니다. 메시지마다 세밀한 라우팅, 우선순위, 작업 큐와 재시도가 필요하다면 RabbitMQ가 어울립니다. 한 시스템 안에서 둘을 함께 쓰는 경우도 흔합니다.",
                "If you need high throughput, long retention and replay, Kafka fits. If you need fine-grained routing per message, priorities, work queues and retries, RabbitMQ fits. Plenty of systems use both.",
            ),
        )
        .scene(both_processed())
        .teaches(&["cmp.when-which"])
        .show(&[Highlight::Topic("orders"), Highlight::Exchange("shop")])
        .predict(Prediction::new(
            t(
                "광고 클릭을 초당 수십만 건 모으고, 집계 로직을 고칠 때마다 지난 한 달 치를 다시 계산해야 합니다. 어느 쪽이 어울릴까요?",
                "You collect hundreds of thousands of ad clicks a second, and every time the aggregation logic changes you recompute the last month. Which fits?",
            ),
            vec![t("Kafka", "Kafka"), t("RabbitMQ", "RabbitMQ")],
            0,
            t(
                "대량의 이벤트를 보관하고 다시 읽어야 하니 Kafka입니다(한 달 치를 다시 읽으려면 retention.ms를 한 달 넘게 잡아 둡니다). seek으로 되감은 Kafka 컨슈머는 처리한 주문 10건을 다시 받지만, RabbitMQ 큐는 ack된 메시지를 남겨 두지 않습니다.",
                "Huge volumes of events kept and read again: Kafka (with retention.ms set beyond a month, to reread a month). Rewound with seek, the Kafka consumer gets its 10 processed orders again, while the RabbitMQ queue kept nothing once acked.",
            ),
            vec![seek_beginning("fulfilment", "f1", "orders", 0), poll("fulfilment", "f1")],
            which_replays,
        )),
    )
    .step(
        Step::new(
            t("반대의 경우", "The other way round"),
            t(
                "이번에는 주문마다 나라와 등급에 따라 다른 처리 큐로 보내야 하고, VIP 주문은 먼저 처리하고, 실패한 건은 따로 모아 다시 시도해야 합니다. 이런 작업 분배에는 exchange, 우선순위, DLX를 갖춘 RabbitMQ가 잘 맞습니다.",
                "Now each order must go to a different processing queue by country and tier, VIP orders must be handled first, and failures must be set aside for retry. For this kind of work distribution, RabbitMQ's exchanges, priorities and DLX are a natural fit.",
            ),
        )
        .scene(both_processed())
        .teaches(&["cmp.when-which", "cmp.record-vs-task"])
        .show(&[Highlight::Exchange("shop")])
        .predict(Prediction::new(
            t(
                "VIP 주문이 먼저 처리되어야 하고, 세 번 실패한 주문은 사람이 볼 수 있게 따로 모아야 합니다. 어느 쪽이 더 간단할까요?",
                "VIP orders must be handled first, and orders that fail three times must be set aside for a human. Which is simpler?",
            ),
            vec![t("Kafka", "Kafka"), t("RabbitMQ", "RabbitMQ")],
            1,
            t(
                "우선순위 큐와 데드 레터는 RabbitMQ에 기본으로 있습니다. 방금 보낸 VIP 주문도 RabbitMQ 우선순위 큐에서는 맨 앞에 섰지만, Kafka 파티션에서는 들어온 순서대로 맨 뒤에 있습니다. Kafka로 하려면 토픽을 여러 개 두고 직접 만들어야 합니다.",
                "Priority queues and dead-lettering come built into RabbitMQ: the VIP order just sent went to the front of RabbitMQ's priority queue, while in the Kafka partition it sits last, in arrival order. With Kafka you'd build them yourself out of several topics.",
            ),
            vip_both_ways(),
            which_serves_vip_first,
        )),
    )
}

fn both_processed() -> Vec<Action> {
    let mut v = vec![
        topic("orders", 1),
        subscribe("fulfilment", "f1", &["orders"]),
    ];
    v.extend((1..=10).map(|i| {
        send(
            "orders",
            &format!("order-{i}"),
            &format!("order-{i} placed"),
        )
    }));
    v.push(ticks(1));
    v.extend(poll_commit("fulfilment", "f1"));
    v.extend([
        exchange("shop", ExchangeKind::Direct),
        durable_queue("orders"),
        bind("shop", "orders", "order"),
        open_channel(),
        open_channel(),
        consume_auto(CH2, "orders", "fulfilment", 100, AutoSettle::Ack),
    ]);
    v.extend((1..=10).map(|i| publish(CH1, "shop", "order", &format!("order-{i} placed"))));
    v.push(ticks(3));
    v
}

/// 0 when Kafka handed the 10 processed orders out again after the seek while RabbitMQ has none
/// left to give, 1 the other way round.
fn which_replays(sim: &Sim) -> usize {
    let kafka_again = sim
        .kafka
        .group("fulfilment")
        .and_then(|g| g.members.first().map(|m| m.consumed))
        .unwrap_or(0)
        >= 20;
    let rabbit_left = sim
        .rabbit
        .queue("orders")
        .map_or(0, |q| q.ready + q.unacked);
    match (kafka_again, rabbit_left) {
        (true, 0) => 0,
        (false, n) if n > 0 => 1,
        _ => usize::MAX,
    }
}

/// Three regular orders then a VIP one, into a Kafka topic and a RabbitMQ priority queue.
fn vip_both_ways() -> Vec<Action> {
    let mut v = vec![
        topic("triage", 1),
        queue(QueueSpec::new("triage").durable().max_priority(9)),
    ];
    for i in 1..=3 {
        v.extend(produce_nokey("triage", &format!("order-{i}")));
        v.push(publish(CH1, "", "triage", &format!("order-{i}")));
    }
    v.extend(produce_nokey("triage", "order-4 (VIP)"));
    v.push(publish_spec(
        PublishSpec::new(CH1, "", "triage")
            .body("order-4 (VIP)")
            .priority(9),
    ));
    v
}

/// 1 when RabbitMQ serves the VIP order first and Kafka still serves arrival order, 0 when
/// Kafka would serve it first too.
fn which_serves_vip_first(sim: &Sim) -> usize {
    let rabbit_first = sim.rabbit.messages("triage").first().map(|m| m.body_text());
    let kafka_first = records(sim, "triage").first().map(|(_, _, v)| v.clone());
    let vip = |v: &Option<String>| v.as_deref().is_some_and(|v| v.ends_with("(VIP)"));
    match (vip(&rabbit_first), vip(&kafka_first)) {
        (true, false) => 1,
        (_, true) => 0,
        _ => usize::MAX,
    }
}

fn settlement_read_all(sim: &Sim) -> bool {
    committed(sim, "settlement") >= 10 && caught_up(sim, "settlement")
}
