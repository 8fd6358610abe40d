//! The message broker: RabbitMQ's exchanges, bindings and queues, acknowledgements, redelivery,
//! persistence, dead-lettering, work sharing and priorities, and the order → payment flow.

use super::*;
use engine::rabbit::routing::topic::matches as topic_match;
use engine::rabbit::{AutoSettle, BindSpec, DeathReason, ExchangeKind, PublishSpec, QueueSpec};
use engine::sim::Action;

pub fn rabbit_basics() -> Lesson {
    Lesson::new(
        "rabbit-basics",
        Part::MessageBroker,
        Broker::Rabbit,
        t("RabbitMQ: 우체국처럼", "RabbitMQ: like a post office"),
        t(
            "프로듀서, exchange, 바인딩, 큐, 컨슈머가 메시지를 어떻게 주고받는지 봅니다.",
            "See how producer, exchange, binding, queue and consumer pass a message along.",
        ),
    )
    .seed(2101)
    .layers(Layers::RABBIT_BASICS)
    .offers(&[Offer::Publish, Offer::Topology, Offer::Consume, Offer::Settle])
    .step(
        Step::new(
            t("일을 맡기는 브로커", "A broker you hand work to"),
            t(
                "메시지 브로커는 해야 할 일을 안전하게 전달하는 데 집중합니다. 우체국에 맡긴 소포는 받는 사람이 그 순간 집에 없어도 결국 전해지듯이, 보내는 쪽과 받는 쪽은 서로를 기다리지 않고 각자 움직입니다.",
                "A message broker is about getting work delivered safely. A parcel left at the post office reaches its recipient even if they're out at that moment; in the same way, sender and receiver never wait for each other.",
            ),
        )
        .scene(shop())
        .teaches(&["mb.reliable-delivery"])
        .show(&[Highlight::Producer, Highlight::Queue("payments")]),
    )
    .step(
        Step::new(
            t("exchange로 보낸다", "You publish to an exchange"),
            t(
                "RabbitMQ의 프로듀서는 큐에 직접 넣지 않고 exchange에 메시지를 보냅니다. exchange는 라우팅 키와 바인딩을 보고 어느 큐로 보낼지 정할 뿐, 메시지를 저장하지는 않습니다.",
                "A RabbitMQ producer never puts a message straight into a queue; it publishes to an exchange. The exchange looks at the routing key and the bindings to decide which queues get it, and stores nothing itself.",
            ),
        )
        .scene(shop())
        .teaches(&["rb.exchange", "mb.reliable-delivery"])
        .show(&[Highlight::Exchange("shop")])
        .goal(
            Goal::new(t(
                "shop exchange를 거친 메시지가 payments 큐에 들어 있는 상태.",
                "A message that went through the `shop` exchange sitting in the `payments` queue.",
            ), reached_payments)
            .hint(t(
                "payments 큐는 바인딩 키 payment로 묶여 있습니다. shop exchange에 라우팅 키 payment로 메시지를 보내세요.",
                "The `payments` queue is bound with the key `payment`. Publish to the `shop` exchange with the routing key `payment`.",
            ), vec![publish(CH1, "shop", "payment", "order-1 pay 12000 KRW")]),
        ),
    )
    .step(
        Step::new(
            t("바인딩이 없으면", "No binding, no delivery"),
            t(
                "바인딩은 exchange와 큐를 잇는 규칙입니다. 맞는 바인딩이 없으면 exchange는 메시지를 보낼 곳이 없어 버리고, mandatory 플래그를 붙였다면 프로듀서에게 돌려보냅니다. refunds 큐는 아직 아무 데도 묶여 있지 않습니다.",
                "A binding is the rule that links an exchange to a queue. With no matching binding, the exchange has nowhere to send the message: it drops it, or returns it to the producer if the mandatory flag was set. The `refunds` queue isn't bound to anything yet.",
            ),
        )
        .scene(refund_dropped())
        .teaches(&["rb.binding"])
        .show(&[Highlight::Exchange("shop"), Highlight::Queue("refunds")])
        .goal(
            Goal::new(t(
                "shop으로 보낸 환불 메시지가 refunds 큐에 도착한 상태.",
                "A refund message published to `shop` that arrived in the `refunds` queue.",
            ), refund_arrived)
            .hint(t(
                "바인딩을 먼저 만들어야 합니다. refunds 큐를 shop exchange에 바인딩 키 refund로 바인딩하세요.",
                "Create the binding first: bind the `refunds` queue to `shop` with the binding key `refund`.",
            ), vec![bind("shop", "refunds", "refund")])
            .hint(t(
                "그다음 라우팅 키 refund로 환불 메시지를 보내세요. 바인딩 전에 보낸 메시지는 이미 버려졌습니다.",
                "Then publish a refund message with the routing key `refund`. Anything published before the binding was already dropped.",
            ), vec![publish(CH1, "shop", "refund", "refund order-3")]),
        ),
    )
    .step(
        Step::new(
            t("큐는 기다려 준다", "The queue waits"),
            t(
                "큐는 컨슈머가 준비될 때까지 메시지를 보관합니다. 붙어 있는 컨슈머가 없어도 메시지는 쌓여 있다가, 컨슈머가 구독하는 순간부터 전달됩니다.",
                "A queue holds messages until a consumer is ready. With no consumer attached, messages simply wait, and they start flowing as soon as one subscribes.",
            ),
        )
        .scene(payments_waiting())
        .teaches(&["rb.queue", "mb.reliable-delivery"])
        .show(&[Highlight::Queue("payments")])
        .goal(
            Goal::new(t(
                "payments 큐에 기다리는 메시지가 없고, 3개 모두 컨슈머에게 전달된 상태.",
                "No message waiting in `payments`: all 3 delivered to a consumer.",
            ), all_received)
            .hint(t(
                "payments 큐에 컨슈머 payment-service를 붙이세요(basic.consume). RabbitMQ가 컨슈머에게 밀어 주므로 poll할 필요가 없습니다.",
                "Attach a consumer `payment-service` to `payments` (basic.consume). RabbitMQ pushes to its consumers, so there is nothing to poll.",
            ), vec![consume(CH2, "payments", "payment-service")]),
        ),
    )
}

pub fn exchange_types() -> Lesson {
    Lesson::new(
        "exchange-types",
        Part::MessageBroker,
        Broker::Rabbit,
        t("exchange 네 가지", "Four kinds of exchange"),
        t(
            "direct, topic, fanout, headers exchange로 메시지를 원하는 큐에만 보내 봅니다.",
            "Route messages to exactly the right queues with direct, topic, fanout and headers exchanges.",
        ),
    )
    .seed(2202)
    .layers(Layers::RABBIT_BASICS)
    .offers(&[Offer::Publish, Offer::Topology])
    .step(
        Step::new(
            t("direct: 정확히 같은 키", "Direct: the exact key"),
            t(
                "direct exchange는 라우팅 키가 바인딩 키와 글자 그대로 같을 때만 메시지를 보냅니다. 결제는 payment 키로, 환불은 refund 키로 보내면 각자 자기 큐에 떨어집니다.",
                "A direct exchange delivers a message only where the routing key is exactly the binding key. Send payments with `payment` and refunds with `refund`, and each lands in its own queue.",
            ),
        )
        .scene(billing())
        .teaches(&["rb.exchange-direct", "rb.binding"])
        .show(&[Highlight::Exchange("billing")])
        .goal(
            Goal::new(t(
                "billing exchange로 보낸 메시지가 refunds 큐에만 들어가고 payments 큐에는 하나도 들어가지 않은 상태.",
                "A message published to `billing` in `refunds`, and none ever in `payments`.",
            ), only_refunds)
            .hint(t(
                "바인딩 목록에서 refunds 큐의 바인딩 키(refund)를 확인하고, billing에 그 라우팅 키로 메시지를 보내세요.",
                "Check the binding key of `refunds` in the bindings list (`refund`), then publish to `billing` with that routing key.",
            ), vec![publish(CH1, "billing", "refund", "refund order-8")]),
        ),
    )
    .step(
        Step::new(
            t("topic: 패턴으로 고르기", "Topic: match a pattern"),
            t(
                "topic exchange는 점으로 나뉜 라우팅 키를 패턴으로 고릅니다. `*`는 딱 한 단어, `#`은 0개 이상의 단어에 맞습니다. 예를 들어 sport.*.goal은 sport.football.goal에는 맞지만 sport.football.final.goal에는 맞지 않습니다.",
                "A topic exchange matches dot-separated routing keys against patterns. `*` matches exactly one word and `#` matches zero or more. For example, sport.*.goal matches sport.football.goal but not sport.football.final.goal.",
            ),
        )
        .scene(sport())
        .teaches(&["rb.exchange-topic", "rb.binding"])
        .show(&[Highlight::Exchange("sport"), Highlight::Queue("goals")])
        .predict(Prediction::new(
            t(
                "바인딩 패턴이 sport.#일 때, 다음 중 맞지 않는 라우팅 키는?",
                "With the binding pattern sport.#, which routing key does NOT match?",
            ),
            vec![
                t("sport", "sport"),
                t("sport.football.goal", "sport.football.goal"),
                t("news.sport", "news.sport"),
            ],
            2,
            t(
                "`#`은 단어가 0개여도 맞으니 sport 자체도 맞습니다. 하지만 news.sport는 첫 단어가 sport가 아니라서 맞지 않습니다.",
                "`#` also matches zero words, so `sport` on its own matches. But news.sport starts with `news`, not `sport`, so it doesn't.",
            ),
            sport_hash_reveal(),
            unmatched_key,
        ))
        .goal(
            Goal::new(t(
                "goals 큐를 sport exchange에 바인딩해서, 어느 종목이든 sport.종목.goal 형태의 메시지만 들어오게 하세요.",
                "Bind the `goals` queue to the `sport` exchange so that only sport.<any sport>.goal messages arrive, whatever the sport.",
            ), only_goals_bound)
            .hint(t(
                "종목 자리는 정확히 한 단어입니다.",
                "The sport is exactly one word.",
            ), Vec::new())
            .hint(t(
                "goals 큐를 sport exchange에 바인딩 키 sport.*.goal로 바인딩하세요.",
                "Bind the `goals` queue to `sport` with the binding key sport.*.goal.",
            ), vec![bind("sport", "goals", "sport.*.goal")]),
        ),
    )
    .step(
        Step::new(
            t("fanout: 모두에게 복사본", "Fanout: a copy for everyone"),
            t(
                "fanout exchange는 라우팅 키를 보지 않고, 묶여 있는 모든 큐에 복사본을 하나씩 보냅니다. 속보 하나를 앱 푸시, 이메일, 슬랙 큐에 한꺼번에 뿌릴 때 씁니다.",
                "A fanout exchange ignores the routing key and sends a copy to every bound queue. Use it to send one breaking-news alert to the app-push, email and Slack queues at once.",
            ),
        )
        .scene(alerts())
        .teaches(&["rb.exchange-fanout", "rb.binding"])
        .show(&[Highlight::Exchange("alerts")])
        .goal(
            Goal::new(t(
                "속보 하나의 복사본이 app-push, email, slack 세 큐에 모두 들어 있는 상태.",
                "A copy of one alert in each of the three queues: `app-push`, `email` and `slack`.",
            ), everyone_got_it)
            .hint(t(
                "slack 큐를 alerts exchange에 바인딩하세요. fanout 바인딩에는 키가 필요 없습니다.",
                "Bind the `slack` queue to `alerts`. A fanout binding needs no key.",
            ), vec![bind("alerts", "slack", "")])
            .hint(t(
                "alerts에 속보를 하나 보내세요. 라우팅 키는 비워도 됩니다.",
                "Publish one alert to `alerts`; the routing key can stay empty.",
            ), vec![publish(CH1, "alerts", "", "breaking: kick-off moved to 21:00")]),
        ),
    )
    .step(
        Step::new(
            t("headers: 헤더로 고르기", "Headers: match on headers"),
            t(
                "headers exchange는 라우팅 키 대신 메시지 헤더로 고릅니다. 바인딩에 x-match=all을 주면 적힌 헤더가 모두 맞아야 하고, x-match=any면 하나만 맞아도 됩니다.",
                "A headers exchange routes on message headers instead of the routing key. A binding with x-match=all needs every listed header to match; with x-match=any, one is enough.",
            ),
        )
        .scene(customers())
        .teaches(&["rb.exchange-headers", "rb.binding"])
        .show(&[Highlight::Exchange("customers"), Highlight::Queue("kr-vip")])
        .predict(Prediction::new(
            t(
                "any-vip 큐는 x-match=any, region=kr, tier=vip로 바인딩되어 있습니다. 헤더가 region=us, tier=vip인 메시지는 이 큐에 들어갈까요?",
                "The `any-vip` queue is bound with x-match=any, region=kr, tier=vip. Does a message with region=us, tier=vip reach it?",
            ),
            vec![t("들어간다", "Yes"), t("들어가지 않는다", "No")],
            0,
            t(
                "any는 하나만 맞아도 되니 tier=vip 하나로 충분합니다. all이었다면 region이 달라서 들어가지 못했을 것입니다.",
                "With any, one match is enough, and tier=vip matches. Under all, the different region would have kept it out.",
            ),
            vec![with_headers("us", "vip")],
            any_vip_answer,
        ))
        .goal(
            Goal::new(t(
                "헤더를 골라 메시지를 보내서 kr-vip 큐(x-match=all, region=kr, tier=vip)에 들어가게 하세요.",
                "Pick headers and publish a message that reaches the `kr-vip` queue (x-match=all, region=kr, tier=vip).",
            ), kr_vip_reached)
            .hint(t(
                "all이니 두 헤더가 모두 맞아야 합니다. customers에 헤더 region=kr, tier=vip를 붙여 메시지를 보내세요.",
                "It's all, so both headers must match. Publish to `customers` with the headers region=kr and tier=vip.",
            ), vec![with_headers("kr", "vip")]),
        ),
    )
}

pub fn acks_persistence() -> Lesson {
    Lesson::new(
        "acks-persistence",
        Part::MessageBroker,
        Broker::Rabbit,
        t("ack, 재전달, 영속성", "Acks, redelivery and persistence"),
        t(
            "메시지가 언제 지워지는지, 실패하면 어떻게 돌아오는지, 재시작 후 무엇이 남는지 확인합니다.",
            "Find out when a message is deleted, how it comes back after a failure, and what survives a restart.",
        ),
    )
    .seed(2303)
    .layers(Layers::RABBIT_BASICS)
    .offers(&[Offer::Publish, Offer::Settle, Offer::Restart])
    .step(
        Step::new(
            t("ack를 보내야 지워진다", "Deleted only after an ack"),
            t(
                "컨슈머가 메시지를 받아도 큐에서 바로 지워지지 않습니다. unacked 상태로 남아 있다가 컨슈머가 ack를 보내야 비로소 삭제됩니다. 처리가 끝나기 전에 지워져서 일을 잃는 일을 막아 줍니다.",
                "When a consumer receives a message, the queue doesn't delete it yet. It stays unacked until the consumer sends an ack, and only then is it removed. That way work is never lost by being deleted before it's done.",
            ),
        )
        .scene(delivered(2))
        .teaches(&["rb.ack"])
        .show(&[Highlight::Queue("orders"), Highlight::Consumer("worker")])
        .goal(
            Goal::new(t(
                "orders 큐가 빈 상태: 대기 중인 메시지도, unacked 메시지도 없음.",
                "The `orders` queue empty: nothing ready, nothing unacked.",
            ), all_acked)
            .hint(t(
                "worker의 unacked 메시지 두 개(delivery tag 1, 2) 옆의 ack 버튼을 차례로 누르세요.",
                "Press ack next to each of worker's two unacked messages (delivery tags 1 and 2).",
            ), vec![ack(CH2, 1), ack(CH2, 2)]),
        ),
    )
    .step(
        Step::new(
            t("실패하면 다시 온다", "Failures come back"),
            t(
                "처리에 실패한 컨슈머는 nack(또는 reject)으로 메시지를 큐에 되돌릴 수 있습니다. 되돌아온 메시지는 redelivered 표시를 달고 다시 전달됩니다. 컨슈머가 ack 없이 죽어도 들고 있던 메시지는 똑같이 큐로 돌아갑니다.",
                "A consumer that fails to process a message can send a nack (or reject) to put it back in the queue. It's delivered again, flagged as redelivered. If the consumer dies without acking, the messages it held go back to the queue the same way.",
            ),
        )
        .scene(delivered(1))
        .teaches(&["rb.redelivery", "rb.ack"])
        .show(&[Highlight::Queue("orders")])
        .goal(
            Goal::new(t(
                "orders 큐의 메시지가 redelivered 표시를 달고 다시 전달된 상태.",
                "A message of `orders` delivered again, flagged redelivered.",
            ), redelivered)
            .hint(t(
                "worker가 받은 메시지에 'nack 후 requeue'를 누르세요. 컨슈머를 크래시시켜도 같은 일이 일어납니다.",
                "Press \"nack and requeue\" on the message worker holds. Crashing the consumer does the same.",
            ), vec![nack_requeue(CH2, 1)]),
        ),
    )
    .step(
        Step::new(
            t("재시작에도 살아남기", "Surviving a restart"),
            t(
                "브로커가 재시작하면 durable 큐만 다시 살아나고, 클래식 큐 안에서는 persistent(delivery mode 2)로 보낸 메시지만 남습니다. 잃으면 안 되는 주문이라면 둘 다 켜야 합니다. RabbitMQ 4에서 복제가 필요하면 쓰는 quorum 큐는 언제나 durable이고 메시지를 모두 디스크에 남기지만, 이 시뮬레이터의 큐는 클래식 큐입니다. 장면의 scratch처럼 durable도 exclusive도 아닌 큐는 RabbitMQ 4에서 deprecated 기능이고, 4.3부터는 기본 설정에서 선언이 거절됩니다.",
                "When the broker restarts, only durable queues come back, and inside a classic queue only messages published as persistent (delivery mode 2) survive. For orders you can't afford to lose, you need both. Quorum queues, RabbitMQ 4's replicated type, are always durable and keep every message on disk; the simulator's queues are classic queues. A queue neither durable nor exclusive, like `scratch` in this scene, is a deprecated feature in RabbitMQ 4 and refused at declaration by default from 4.3.",
            ),
        )
        .scene(restart_scene())
        .teaches(&["rb.persistence"])
        .show(&[Highlight::Queue("orders"), Highlight::Queue("scratch")])
        .predict(Prediction::new(
            t(
                "durable 큐에 transient 메시지(delivery mode 1)가 하나 있습니다. 브로커가 재시작하면?",
                "A durable queue holds one transient message (delivery mode 1). The broker restarts. What happens?",
            ),
            vec![
                t("큐와 메시지가 모두 남는다", "Queue and message both survive"),
                t("큐는 남고 메시지는 사라진다", "The queue survives, the message is lost"),
                t("둘 다 사라진다", "Both are gone"),
            ],
            1,
            t(
                "큐의 durable과 메시지의 persistent는 따로 정합니다. 큐는 돌아오지만 transient 메시지는 재시작과 함께 사라집니다.",
                "Queue durability and message persistence are set separately. The queue comes back, but the transient message is gone.",
            ),
            vec![restart_rabbit()],
            after_restart,
        ))
        .goal(
            Goal::new(t(
                "브로커를 재시작했는데도 orders 큐에 주문이 남아 있는 상태(지금 있는 transient 주문은 재시작 때 사라짐).",
                "The broker restarted and an order still in `orders` afterwards (the transient one there now is lost on restart).",
            ), survived_restart)
            .hint(t(
                "orders 큐는 durable입니다. 기본 exchange에 라우팅 키 orders로, persistent(delivery mode 2)를 켜고 주문을 보내세요.",
                "`orders` is durable. Publish an order to the default exchange with routing key `orders`, persistent (delivery mode 2) on.",
            ), vec![publish_spec(PublishSpec::new(CH1, "", "orders").body("order-2 (persistent)").persistent())])
            .hint(t(
                "그다음 브로커를 재시작하세요.",
                "Then restart the broker.",
            ), vec![restart_rabbit()]),
        ),
    )
}

pub fn dead_letters() -> Lesson {
    Lesson::new(
        "dead-letters",
        Part::MessageBroker,
        Broker::Rabbit,
        t("데드 레터", "Dead letters"),
        t(
            "처리할 수 없는 메시지를 DLX로 보내고, x-death 헤더로 그 이력을 읽어 봅니다.",
            "Send messages nobody can process to a dead letter exchange and read their history in x-death.",
        ),
    )
    .seed(2404)
    .layers(Layers::RABBIT_BASICS.with(Layers::DLX))
    .offers(&[Offer::Publish, Offer::Settle])
    .step(
        Step::new(
            t("갈 곳 없는 메시지", "Messages with nowhere to go"),
            t(
                "처리할 수 없는 메시지를 계속 큐에 되돌리면 같은 실패가 끝없이 반복됩니다. 큐에 dead letter exchange(DLX)를 지정해 두면, requeue 없이 거절됐거나 TTL이 지났거나 길이 제한을 넘은 메시지가 그리로 옮겨집니다. quorum 큐라면 전달 횟수 제한(delivery-limit, RabbitMQ 4.0부터 기본 20)을 넘은 메시지도 옮겨집니다.",
                "Requeuing a message nobody can process repeats the same failure forever. Give the queue a dead letter exchange (DLX), and messages that are rejected without requeue, expire, or overflow the length limit are moved there instead; on a quorum queue, so are messages past the delivery limit (delivery-limit, 20 by default since RabbitMQ 4.0).",
            ),
        )
        .scene(one_bad_message())
        .teaches(&["rb.dlx"])
        .show(&[Highlight::Queue("work"), Highlight::Exchange("work.dlx"), Highlight::Queue("work.dlq")])
        .goal(
            Goal::new(t(
                "손상된 사진 작업이 rejected 이유로 work.dlq에 있는 상태.",
                "The corrupt photo job in `work.dlq`, dead-lettered as rejected.",
            ), rejected_to_dlq)
            .hint(t(
                "worker가 받은 메시지를 requeue 없이 거절(reject)하세요. requeue를 켜면 같은 큐로 돌아갈 뿐입니다.",
                "Reject the message worker holds, without requeue. With requeue on, it just goes back to the same queue.",
            ), vec![reject(CH2, 1)]),
        ),
    )
    .step(
        Step::new(
            t("x-death 이력", "The x-death history"),
            t(
                "데드 레터가 된 메시지에는 x-death 헤더가 붙습니다. 어느 큐에서, 어떤 이유(rejected, expired, maxlen, delivery_limit)로 몇 번 옮겨졌는지가 남습니다. 재시도 큐를 거쳐 돌아온 메시지가 같은 큐에서 같은 이유로 또 실패하면 count가 올라갑니다.",
                "A dead-lettered message gets an x-death header recording which queue it left, why (rejected, expired, maxlen, delivery_limit) and how many times. If it comes back through a retry queue and fails again in the same queue for the same reason, the count goes up.",
            ),
        )
        .scene(retry_loop())
        .teaches(&["rb.dlx", "rb.redelivery"])
        .show(&[Highlight::Queue("work"), Highlight::Queue("retry")])
        .goal(
            Goal::new(t(
                "retry 큐에 있는 메시지의 x-death에서 work/rejected count가 2인 상태.",
                "The message in the `retry` queue with an x-death count of 2 for work/rejected.",
            ), rejected_twice)
            .hint(t(
                "worker가 받은 메시지를 requeue 없이 거절(reject)하세요. retry 큐로 갑니다.",
                "Reject the message worker holds, without requeue: it moves to `retry`.",
            ), vec![reject(CH2, 1)])
            .hint(t(
                "retry 큐의 메시지는 TTL(5틱)이 지나면 work로 돌아옵니다. 6틱 진행하세요.",
                "Messages in `retry` return to `work` when their TTL (5 ticks) runs out. Step 6 ticks.",
            ), vec![ticks(6)])
            .hint(t(
                "돌아온 메시지(delivery tag 2)를 requeue 없이 한 번 더 거절하세요.",
                "Reject the returned message (delivery tag 2) once more, without requeue.",
            ), vec![reject(CH2, 2)]),
        ),
    )
    .step(
        Step::new(
            t("만료도 데드 레터가 된다", "Expiry dead-letters too"),
            t(
                "큐에서 TTL보다 오래 기다린 메시지도 DLX로 갑니다. 여기서는 큐 전체에 x-message-ttl을 줬으니 먼저 들어온 메시지부터 차례로 만료됩니다. 메시지마다 expiration을 따로 주면 얘기가 다릅니다. 큐는 맨 앞의 메시지만 만료를 확인하기 때문에, TTL이 긴 메시지가 앞을 막고 있으면 뒤에서 이미 만료된 메시지도 함께 기다립니다.",
                "A message that waits in a queue longer than its TTL is dead-lettered too. Here the whole queue has an x-message-ttl, so messages expire in the order they arrived. Per-message expiration is another story: the queue only checks expiry at the head, so a long-lived message at the front holds back already-expired messages behind it.",
            ),
        )
        .scene(expiring())
        .teaches(&["rb.dlx"])
        .show(&[Highlight::Queue("notifications"), Highlight::Queue("work.dlq")])
        .goal(
            Goal::new(t(
                "알림 메시지가 expired 이유로 work.dlq에 있는 상태.",
                "A notification in `work.dlq`, dead-lettered as expired.",
            ), expired_to_dlq)
            .hint(t(
                "메시지 TTL은 5틱(500 ms)입니다. 6틱 진행하세요.",
                "The message TTL is 5 ticks (500 ms). Step 6 ticks.",
            ), vec![ticks(6)]),
        ),
    )
}

pub fn work_queues() -> Lesson {
    Lesson::new(
        "work-queues",
        Part::MessageBroker,
        Broker::Rabbit,
        t("일 나누기와 우선순위", "Sharing work, and priorities"),
        t(
            "여러 컨슈머가 한 큐를 나눠 처리하는 방식과 prefetch, 우선순위를 다뤄 봅니다.",
            "Share one queue among several consumers, and use prefetch and priorities.",
        ),
    )
    .seed(2505)
    .layers(Layers::RABBIT_BASICS)
    .offers(&[Offer::Publish, Offer::Consume, Offer::Settle])
    .step(
        Step::new(
            t("돌아가며 하나씩", "Taking turns"),
            t(
                "한 큐에 컨슈머가 여럿 붙으면 RabbitMQ는 메시지를 돌아가며 하나씩 나눠 줍니다(라운드 로빈). 컨슈머를 추가하면 그만큼 일이 나뉩니다.",
                "When several consumers share one queue, RabbitMQ hands out messages in turn, one each (round-robin). Add a consumer and the work divides further.",
            ),
        )
        .scene(two_workers())
        .teaches(&["rb.round-robin"])
        .show(&[Highlight::Queue("thumbnails")])
        .goal(
            Goal::new(t(
                "새 메시지 6개가 w1, w2, w3에게 2개씩 돌아간 상태.",
                "Six new messages shared out 2 each to w1, w2 and w3.",
            ), two_each)
            .hint(t(
                "먼저 thumbnails 큐에 컨슈머 w3를 붙이세요.",
                "First attach a consumer `w3` to `thumbnails`.",
            ), vec![open_channel(), consume(CH4, "thumbnails", "w3")])
            .hint(t(
                "그다음 기본 exchange에 라우팅 키 thumbnails로 메시지를 6번 보내세요.",
                "Then publish 6 messages to the default exchange with routing key `thumbnails`.",
            ), (1..=6).map(|i| publish(CH1, "", "thumbnails", &format!("photo-{i}"))).collect()),
        ),
    )
    .step(
        Step::new(
            t("prefetch로 받을 양 조절", "Prefetch: how much each takes"),
            t(
                "prefetch(basic.qos)는 컨슈머 하나가 ack하지 않은 채 들고 있을 수 있는 메시지 수입니다. prefetch가 1이면 느린 컨슈머는 지금 것을 끝낼 때까지 새 메시지를 받지 않으니, 빠른 컨슈머가 더 많이 가져갑니다.",
                "Prefetch (basic.qos) is how many unacked messages a consumer may hold. With prefetch 1, a slow consumer gets nothing new until it finishes the current one, so the fast consumer takes more.",
            ),
        )
        .scene(fast_and_slow())
        .teaches(&["rb.round-robin", "rb.ack"])
        .show(&[Highlight::Consumer("slow"), Highlight::Consumer("fast")])
        .goal(
            Goal::new(t(
                "fast와 slow가 둘 다 tasks 큐에 붙은 채로 새 작업 10개를 모두 처리했고, 그중 fast가 slow의 두 배 이상을 맡은 상태.",
                "Ten new tasks all done with both `fast` and `slow` still consuming from `tasks`, `fast` having handled at least twice as many as `slow`.",
            ), fast_did_most)
            .hint(t(
                "prefetch 제한이 없으면 slow는 처리도 못 할 메시지를 미리 잔뜩 받아 둡니다.",
                "With no prefetch limit, `slow` grabs messages it can't get to yet.",
            ), Vec::new())
            .hint(t(
                "basic.qos(global=false)는 그 채널에서 새로 시작하는 구독에만 적용되고, 이미 돌고 있는 구독은 예전 값을 유지합니다. slow의 구독을 취소하고, 채널 3의 prefetch를 1로 바꾼 다음, 같은 설정(메시지마다 1초 뒤 ack)으로 slow를 다시 구독하세요.",
                "basic.qos (global=false) applies only to consumers started on the channel afterwards; a running consumer keeps its old limit. Cancel `slow`, set channel 3's prefetch to 1, then consume again as `slow` with the same behaviour (ack each after 1 s).",
            ), prefetch_resubscribe())
            .hint(t(
                "tasks 큐에 메시지를 10번 보내고 12틱 진행하세요.",
                "Publish 10 messages to `tasks` and step 12 ticks.",
            ), [(1..=10).map(|i| publish(CH1, "", "tasks", &format!("task-{i}"))).collect(), vec![ticks(12)]].concat()),
        ),
    )
    .step(
        Step::new(
            t("우선순위", "Priorities"),
            t(
                "클래식 큐에 x-max-priority를 주면 우선순위가 높은 메시지가 먼저 나갑니다. 같은 우선순위끼리는 들어온 순서를 지킵니다. VIP 주문을 일반 주문보다 먼저 처리하고 싶을 때 씁니다. RabbitMQ 4.0부터는 quorum 큐도 우선순위를 지원하지만, 높음(5 이상)과 보통 두 단계뿐이고, 높음이 무조건 먼저가 아니라 높음 2개에 보통 1개꼴로 나갑니다.",
                "Give a classic queue x-max-priority and higher-priority messages are delivered first; within one priority level, arrival order holds. Use it to serve VIP orders ahead of regular ones. Since RabbitMQ 4.0 quorum queues support priorities too, but only two levels, high (5 and above) and normal, and high is not strictly first: two high messages go out for every normal one.",
            ),
        )
        .scene(regular_orders())
        .teaches(&["rb.priority"])
        .show(&[Highlight::Queue("orders")])
        .predict(Prediction::new(
            t(
                "일반 주문(priority 0) 3건이 기다리는 중에 VIP 주문(priority 9)이 들어왔습니다. 컨슈머가 붙으면 무엇을 먼저 받을까요?",
                "Three regular orders (priority 0) are waiting when a VIP order (priority 9) arrives. What does a consumer get first?",
            ),
            vec![
                t("가장 먼저 온 일반 주문", "The oldest regular order"),
                t("VIP 주문", "The VIP order"),
            ],
            1,
            t(
                "우선순위 큐에서는 높은 우선순위가 먼저입니다. 일반 주문 3건은 그 뒤에 들어온 순서대로 나갑니다.",
                "In a priority queue, higher priority goes first. The three regular orders follow in arrival order.",
            ),
            vec![vip()],
            first_served,
        ))
        .goal(
            Goal::new(t(
                "VIP 주문이 먼저 와 있던 일반 주문 3건보다 앞에 서 있는 상태.",
                "A VIP order at the head of `orders`, ahead of the 3 regular orders already waiting.",
            ), vip_first)
            .hint(t(
                "메시지 속성 priority를 9로 주고 orders에 VIP 주문을 보내세요. 이 큐의 x-max-priority가 9입니다.",
                "Publish a VIP order to `orders` with the priority property 9; this queue's x-max-priority is 9.",
            ), vec![vip()]),
        ),
    )
}

pub fn order_flow() -> Lesson {
    Lesson::new(
        "order-flow",
        Part::MessageBroker,
        Broker::Rabbit,
        t("주문에서 결제까지", "From order to payment"),
        t(
            "주문 서비스와 결제 서비스가 큐 두 개로 요청과 결과를 주고받는 흐름을 끝까지 따라갑니다.",
            "Follow an order through two queues: payment request out, payment result back.",
        ),
    )
    .seed(2606)
    .layers(Layers::RABBIT_BASICS)
    .offers(&[Offer::Publish, Offer::Consume, Offer::Settle])
    .step(
        Step::new(
            t("요청은 한쪽으로, 결과는 반대쪽으로", "Requests one way, results the other"),
            t(
                "주문이 확정되면 주문 서비스는 결제 요청을 payments 큐로 보냅니다. 결제 서비스가 처리한 결과는 order-results 큐로 돌아오고, 주문 서비스가 그걸 받아 주문을 마무리합니다. 어느 쪽도 상대를 직접 호출하지 않습니다.",
                "When an order is confirmed, the order service sends a payment request to the `payments` queue. The payment service's result comes back through the `order-results` queue, where the order service picks it up and completes the order. Neither calls the other directly.",
            ),
        )
        .scene(order_topology())
        .teaches(&["rb.order-flow", "mb.reliable-delivery"])
        .show(&[Highlight::Queue("payments"), Highlight::Queue("order-results")]),
    )
    .step(
        Step::new(
            t("주문 하나를 끝까지", "One order, start to finish"),
            t(
                "결제 서비스는 요청을 받아 처리하고, 결과를 보낸 다음에 ack합니다. 결과를 보내기 전에 죽으면 요청은 다시 큐로 돌아가 다른 인스턴스가 처리합니다. 주문 서비스도 결과를 처리한 뒤에 ack합니다.",
                "The payment service takes a request, processes it, publishes the result, and only then acks. If it dies before sending the result, the request returns to the queue for another instance. The order service likewise acks the result after handling it.",
            ),
        )
        .scene(order_placed())
        .teaches(&["rb.order-flow", "rb.ack"])
        .show(&[Highlight::Consumer("payment-service"), Highlight::Consumer("order-service")])
        .goal(
            Goal::new(t(
                "주문 order-1의 결제가 끝난 상태: payments와 order-results가 모두 비었고, 두 메시지 모두 ack됨.",
                "order-1 taken all the way through: `payments` and `order-results` both empty, and both messages acked.",
            ), order_done)
            .hint(t(
                "payment-service가 받은 요청의 결과를 shop exchange에 라우팅 키 payment.done으로 보내세요.",
                "Publish the result of the request payment-service received to `shop` with the routing key `payment.done`.",
            ), vec![publish(CH2, "shop", "payment.done", "order-1 paid")])
            .hint(t(
                "결과를 보낸 다음 payment-service의 요청을 ack하고, order-service가 받은 결과도 ack하세요.",
                "Having published the result, ack payment-service's request, then ack the result order-service received.",
            ), vec![ack(CH2, 1), ack(CH3, 1)]),
        ),
    )
    .step(
        Step::new(
            t("브로커가 받았다는 확인", "The broker's receipt"),
            t(
                "주문 서비스가 결제 요청을 보냈는데 브로커가 받기 전에 연결이 끊기면 요청이 사라질 수 있습니다. 그래서 주문 서비스의 채널은 publisher confirm(confirm.select)을 켜 두었습니다. 브로커는 메시지를 큐에 넣은 뒤(persistent 메시지를 durable 큐에 넣을 때는 디스크에 쓴 뒤, quorum 큐라면 과반수 복제 뒤) basic.ack로 확인을 돌려주고, 확인을 못 받은 주문 서비스는 다시 보냅니다. 다시 보내면 같은 요청이 두 번 들어갈 수 있으니, 요청마다 주문 ID를 message id로 붙여 멱등성 키로 씁니다. 이 시뮬레이터는 디스크 쓰기와 복제에 걸리는 시간을 흉내 내지 않아서, 확인이 보내자마자 돌아옵니다.",
                "If the order service's connection drops before the broker has the payment request, the request can vanish. So the order service's channel has publisher confirms on (confirm.select): once the message is in the queue (for a persistent message in a durable queue, once it is on disk; in a quorum queue, once a majority has it), the broker answers basic.ack, and a sender with no confirm sends again. Sending again can put the same request in twice, so each request carries its order id as the message id, an idempotency key. The simulator models no time for disk writes or replication, so here the confirm comes back as soon as the message is sent.",
            ),
        )
        .scene(confirming_orders())
        .teaches(&["rb.order-flow", "mb.reliable-delivery"])
        .show(&[Highlight::Producer, Highlight::Queue("payments")])
        .goal(
            Goal::new(t(
                "잃어버릴 수 없게 보낸 order-2의 결제 요청이 payment-service에 전달되고, 브로커의 확인(basic.ack)이 채널 1에 돌아온 상태: persistent이고 message id는 order-2.",
                "order-2's payment request, sent so it can't be lost, delivered to payment-service, and the broker's confirm (basic.ack) back on channel 1: persistent, with the message id order-2.",
            ), order2_sent_safely)
            .hint(t(
                "채널 1은 confirm 모드라 브로커가 받은 메시지마다 1부터 매긴 번호(delivery tag)로 basic.ack를 돌려줍니다. 큐가 메시지를 거절했을 때만 basic.nack이 옵니다. payments 큐는 durable이니 메시지도 persistent여야 재시작을 견딥니다.",
                "Channel 1 is in confirm mode, so the broker answers each message it takes with basic.ack, numbered from 1 (the delivery tag); only a queue refusing the message brings a basic.nack. `payments` is durable, so the message must be persistent to survive a restart too.",
            ), Vec::new())
            .hint(t(
                "shop exchange에 라우팅 키 payment.request로, persistent를 켜고 message id order-2를 적어 결제 요청을 보내세요.",
                "Publish the payment request to `shop` with routing key `payment.request`, persistent on and the message id order-2.",
            ), vec![order2_request()]),
        ),
    )
    .step(
        Step::new(
            t("결제는 한 번만", "Charge once"),
            t(
                "payment-service가 order-1을 결제하고 결과까지 보냈는데, ack하기 직전에 죽었습니다. ack를 못 받은 요청은 redelivered 표시를 달고 다른 인스턴스 payment-service-2에게 다시 갑니다. 이대로 다시 결제하면 손님은 두 번 돈을 냅니다. 요청의 message id(order-1)로 이미 결제한 주문인지 확인하는 것이 멱등한 컨슈머입니다. 이 시뮬레이터는 결제 기록을 따로 두지 않으니, order-results에 이미 있는 결과를 그 기록으로 보세요.",
                "payment-service charged order-1 and even published the result, then died just before acking. The unacked request comes back, flagged redelivered, to another instance, payment-service-2. Charge again and the customer pays twice. Checking the request's message id (order-1) against the payments already made is what makes a consumer idempotent. The simulator keeps no payment records of its own, so take the result already in `order-results` as that record.",
            ),
        )
        .scene(paid_then_crashed())
        .teaches(&["rb.order-flow", "rb.redelivery", "rb.ack"])
        .show(&[Highlight::Consumer("payment-service-2"), Highlight::Queue("order-results")])
        .goal(
            Goal::new(t(
                "다시 온 요청이 두 번 결제되지 않고 끝난 상태: payments가 비었고, order-results에는 결과가 딱 하나만 들어왔다가 처리됨.",
                "The redelivered request finished without a second charge: `payments` empty, and exactly one result ever in `order-results`, handled.",
            ), charged_once)
            .hint(t(
                "payment-service-2가 받은 요청에는 redelivered 표시와 message id order-1이 붙어 있습니다. order-results에 order-1의 결과가 이미 있으니 결제는 끝났습니다.",
                "The request payment-service-2 holds is flagged redelivered and carries the message id order-1. `order-results` already has order-1's result, so the payment is done.",
            ), Vec::new())
            .hint(t(
                "결제도, 결과 보내기도 다시 하지 말고 payment-service-2의 요청을 ack하세요.",
                "Don't charge or publish a result again: just ack payment-service-2's request.",
            ), vec![ack(CH4, 1)])
            .hint(t(
                "order-service가 받은 결과도 ack하세요.",
                "Then ack the result order-service received.",
            ), vec![ack(CH3, 1)]),
        ),
    )
}

// ---- rabbit-basics ----------------------------------------------------------------------------

fn shop() -> Vec<Action> {
    vec![
        exchange("shop", ExchangeKind::Direct),
        durable_queue("payments"),
        durable_queue("refunds"),
        bind("shop", "payments", "payment"),
        open_channel(),
    ]
}

fn reached_payments(sim: &Sim) -> bool {
    enqueued(sim, "payments") >= 1
}

fn refund_dropped() -> Vec<Action> {
    let mut v = shop();
    v.push(publish(CH1, "shop", "refund", "refund order-3"));
    v
}

fn refund_arrived(sim: &Sim) -> bool {
    enqueued(sim, "refunds") >= 1
}

fn payments_waiting() -> Vec<Action> {
    let mut v = shop();
    for i in 1..=3 {
        v.push(publish(CH1, "shop", "payment", &format!("order-{i} pay")));
    }
    v.push(open_channel());
    v
}

fn all_received(sim: &Sim) -> bool {
    ready(sim, "payments") == 0 && stats(sim, "payments").delivered >= 3
}

// ---- exchange-types ---------------------------------------------------------------------------

fn billing() -> Vec<Action> {
    vec![
        exchange("billing", ExchangeKind::Direct),
        durable_queue("payments"),
        durable_queue("refunds"),
        bind("billing", "payments", "payment"),
        bind("billing", "refunds", "refund"),
        open_channel(),
    ]
}

fn only_refunds(sim: &Sim) -> bool {
    enqueued(sim, "refunds") >= 1 && enqueued(sim, "payments") == 0
}

fn sport() -> Vec<Action> {
    vec![
        exchange("sport", ExchangeKind::Topic),
        durable_queue("goals"),
        durable_queue("everything"),
        bind("sport", "everything", "sport.#"),
        open_channel(),
    ]
}

/// Routing keys the check tries against the `goals` bindings, and whether each should arrive.
const GOAL_KEYS: [(&str, bool); 7] = [
    ("sport.football.goal", true),
    ("sport.basketball.goal", true),
    ("sport.hockey.goal", true),
    ("sport.football.card", false),
    ("sport.football.final.goal", false),
    ("sport.goal", false),
    ("news.football.goal", false),
];

/// The bindings from `sport` to `goals` let in exactly `sport.<one word>.goal` (checked with the
/// engine's own topic matching on sample keys).
fn only_goals_bound(sim: &Sim) -> bool {
    let Some(x) = sim.rabbit.exchange("sport") else {
        return false;
    };
    let patterns: Vec<&str> = x
        .bindings
        .iter()
        .filter(|b| b.destination == "goals")
        .map(|b| b.routing_key.as_str())
        .collect();
    !patterns.is_empty()
        && GOAL_KEYS
            .iter()
            .all(|(key, want)| patterns.iter().any(|p| topic_match(p, key)) == *want)
}

fn sport_hash_reveal() -> Vec<Action> {
    ["sport", "sport.football.goal", "news.sport"]
        .iter()
        .map(|k| publish(CH1, "sport", k, k))
        .collect()
}

/// Which of the three keys did not reach `everything` (bound with `sport.#`).
fn unmatched_key(sim: &Sim) -> usize {
    let arrived = bodies(sim, "everything");
    let keys = ["sport", "sport.football.goal", "news.sport"];
    let missing: Vec<usize> = (0..3)
        .filter(|i| !arrived.iter().any(|b| b == keys[*i]))
        .collect();
    if missing.len() == 1 {
        missing[0]
    } else {
        usize::MAX
    }
}

fn alerts() -> Vec<Action> {
    vec![
        exchange("alerts", ExchangeKind::Fanout),
        durable_queue("app-push"),
        durable_queue("email"),
        durable_queue("slack"),
        bind("alerts", "app-push", ""),
        bind("alerts", "email", ""),
        open_channel(),
    ]
}

fn everyone_got_it(sim: &Sim) -> bool {
    ["app-push", "email", "slack"]
        .iter()
        .all(|q| enqueued(sim, q) >= 1)
}

fn customers() -> Vec<Action> {
    vec![
        exchange("customers", ExchangeKind::Headers),
        durable_queue("kr-vip"),
        durable_queue("any-vip"),
        bind_spec(
            BindSpec::queue("customers", "kr-vip", "")
                .arg("x-match", "all")
                .arg("region", "kr")
                .arg("tier", "vip"),
        ),
        bind_spec(
            BindSpec::queue("customers", "any-vip", "")
                .arg("x-match", "any")
                .arg("region", "kr")
                .arg("tier", "vip"),
        ),
        open_channel(),
    ]
}

fn with_headers(region: &str, tier: &str) -> Action {
    publish_spec(
        PublishSpec::new(CH1, "customers", "")
            .body("welcome coupon")
            .header("region", region)
            .header("tier", tier),
    )
}

fn kr_vip_reached(sim: &Sim) -> bool {
    enqueued(sim, "kr-vip") >= 1
}

fn any_vip_answer(sim: &Sim) -> usize {
    if enqueued(sim, "any-vip") >= 1 { 0 } else { 1 }
}

// ---- acks-persistence -------------------------------------------------------------------------

fn delivered(n: u32) -> Vec<Action> {
    let mut v = vec![
        durable_queue("orders"),
        open_channel(),
        open_channel(),
        consume(CH2, "orders", "worker"),
    ];
    for i in 1..=n {
        v.push(publish(CH1, "", "orders", &format!("order-{i}")));
    }
    v
}

fn all_acked(sim: &Sim) -> bool {
    sim.rabbit
        .queue("orders")
        .is_some_and(|q| q.ready == 0 && q.unacked == 0 && q.stats.acked >= 2)
}

fn redelivered(sim: &Sim) -> bool {
    stats(sim, "orders").redelivered >= 1
}

fn restart_scene() -> Vec<Action> {
    vec![
        durable_queue("orders"),
        queue(QueueSpec::new("scratch")),
        open_channel(),
        publish(CH1, "", "orders", "order-1 (transient)"),
        publish(CH1, "", "scratch", "draft"),
    ]
}

fn survived_restart(sim: &Sim) -> bool {
    let restarted = sim.rabbit.ledger().lost_on_restart.iter().sum::<u64>() >= 1;
    restarted && ready(sim, "orders") >= 1
}

fn after_restart(sim: &Sim) -> usize {
    match sim.rabbit.queue("orders") {
        Some(q) if q.ready >= 1 => 0,
        Some(_) => 1,
        None => 2,
    }
}

// ---- dead-letters -----------------------------------------------------------------------------

fn dlq_topology() -> Vec<Action> {
    vec![
        exchange("work.dlx", ExchangeKind::Fanout),
        durable_queue("work.dlq"),
        bind("work.dlx", "work.dlq", ""),
    ]
}

fn one_bad_message() -> Vec<Action> {
    let mut v = dlq_topology();
    v.extend([
        queue(QueueSpec::new("work").durable().dead_letter("work.dlx")),
        open_channel(),
        open_channel(),
        consume(CH2, "work", "worker"),
        publish(CH1, "", "work", "resize photo-13 (corrupt)"),
    ]);
    v
}

fn dead_in_dlq(reason: DeathReason) -> impl Fn(&Sim) -> bool {
    move |sim: &Sim| {
        sim.rabbit
            .messages("work.dlq")
            .iter()
            .any(|m| m.deaths.iter().any(|d| d.reason == reason))
    }
}

fn rejected_to_dlq(sim: &Sim) -> bool {
    dead_in_dlq(DeathReason::Rejected)(sim)
}

fn retry_loop() -> Vec<Action> {
    vec![
        exchange("retry.x", ExchangeKind::Fanout),
        exchange("work.x", ExchangeKind::Fanout),
        queue(QueueSpec::new("work").durable().dead_letter("retry.x")),
        queue(
            QueueSpec::new("retry")
                .durable()
                .message_ttl(500)
                .dead_letter("work.x"),
        ),
        bind("retry.x", "retry", ""),
        bind("work.x", "work", ""),
        open_channel(),
        open_channel(),
        consume(CH2, "work", "worker"),
        publish(CH1, "work.x", "", "charge card order-9"),
    ]
}

fn rejected_twice(sim: &Sim) -> bool {
    sim.rabbit.messages("retry").iter().any(|m| {
        m.deaths
            .iter()
            .any(|d| d.queue == "work" && d.reason == DeathReason::Rejected && d.count >= 2)
    })
}

fn expiring() -> Vec<Action> {
    let mut v = dlq_topology();
    v.extend([
        queue(
            QueueSpec::new("notifications")
                .durable()
                .message_ttl(500)
                .dead_letter("work.dlx"),
        ),
        open_channel(),
        publish(CH1, "", "notifications", "flash sale ends in 10 min"),
    ]);
    v
}

fn expired_to_dlq(sim: &Sim) -> bool {
    dead_in_dlq(DeathReason::Expired)(sim)
}

// ---- work-queues ------------------------------------------------------------------------------

fn two_workers() -> Vec<Action> {
    vec![
        durable_queue("thumbnails"),
        open_channel(),
        open_channel(),
        open_channel(),
        consume(CH2, "thumbnails", "w1"),
        consume(CH3, "thumbnails", "w2"),
    ]
}

fn two_each(sim: &Sim) -> bool {
    ["w1", "w2", "w3"].iter().all(|w| delivered_to(sim, w) >= 2)
}

fn fast_and_slow() -> Vec<Action> {
    vec![
        durable_queue("tasks"),
        open_channel(),
        open_channel(),
        open_channel(),
        consume_auto(CH2, "tasks", "fast", 100, AutoSettle::Ack),
        consume_auto(CH3, "tasks", "slow", 1_000, AutoSettle::Ack),
    ]
}

fn fast_did_most(sim: &Sim) -> bool {
    let (fast, slow) = (delivered_to(sim, "fast"), delivered_to(sim, "slow"));
    let done = sim
        .rabbit
        .queue("tasks")
        .is_some_and(|q| q.ready == 0 && q.unacked == 0 && q.stats.acked >= 10);
    // `slow` must still be consuming and have taken a share: cancelling it is no fix.
    let slow_on = sim.rabbit.consumers().iter().any(|c| c.tag == "slow");
    done && slow_on && slow >= 1 && fast >= 2 * slow
}

fn prefetch_resubscribe() -> Vec<Action> {
    vec![
        r(engine::rabbit::Command::Cancel {
            channel: CH3,
            tag: "slow".into(),
        }),
        qos(CH3, 1),
        consume_auto(CH3, "tasks", "slow", 1_000, AutoSettle::Ack),
    ]
}

fn regular_orders() -> Vec<Action> {
    let mut v = vec![
        queue(QueueSpec::new("orders").durable().max_priority(9)),
        open_channel(),
    ];
    v.extend((1..=3).map(|i| publish(CH1, "", "orders", &format!("order-{i}"))));
    v
}

fn vip() -> Action {
    publish_spec(
        PublishSpec::new(CH1, "", "orders")
            .body("order-4 (VIP)")
            .priority(9),
    )
}

fn vip_first(sim: &Sim) -> bool {
    let msgs = sim.rabbit.messages("orders");
    msgs.len() >= 4
        && msgs
            .first()
            .is_some_and(|m| m.properties.priority.unwrap_or(0) >= 5)
}

fn first_served(sim: &Sim) -> usize {
    match sim.rabbit.messages("orders").first() {
        Some(m) if m.properties.priority.unwrap_or(0) >= 5 => 1,
        Some(_) => 0,
        None => usize::MAX,
    }
}

// ---- order-flow -------------------------------------------------------------------------------

fn order_topology() -> Vec<Action> {
    vec![
        exchange("shop", ExchangeKind::Direct),
        durable_queue("payments"),
        durable_queue("order-results"),
        bind("shop", "payments", "payment.request"),
        bind("shop", "order-results", "payment.done"),
        open_channel(),
        open_channel(),
        open_channel(),
        consume(CH2, "payments", "payment-service"),
        consume(CH3, "order-results", "order-service"),
    ]
}

fn order_placed() -> Vec<Action> {
    let mut v = order_topology();
    v.push(publish(
        CH1,
        "shop",
        "payment.request",
        "order-1 pay 25000 KRW",
    ));
    v
}

/// The order flow with publisher confirms on the order service's channel.
fn confirming_orders() -> Vec<Action> {
    let mut v = order_topology();
    v.push(r(engine::rabbit::Command::ConfirmSelect { channel: CH1 }));
    v
}

fn payment_request(order: &str) -> PublishSpec {
    PublishSpec::new(CH1, "shop", "payment.request")
        .body(format!("{order} pay 25000 KRW"))
        .persistent()
        .message_id(order)
}

fn order2_request() -> Action {
    publish_spec(payment_request("order-2"))
}

/// payment-service holds a persistent order-2 request with its idempotency key, and the broker
/// acked that publish on the order service's confirm channel (the engine's receipt, not the
/// channel's mode).
fn order2_sent_safely(sim: &Sim) -> bool {
    let confirms = sim.rabbit.channel_view(CH1).is_some_and(|c| {
        c.recent_confirms
            .iter()
            .any(|r| r.ack && r.message_id.as_deref() == Some("order-2"))
    });
    let held = sim.rabbit.channel_view(CH2).is_some_and(|c| {
        c.unacked.iter().any(|u| {
            u.message.properties.message_id.as_deref() == Some("order-2")
                && u.message.properties.delivery_mode == engine::rabbit::DeliveryMode::Persistent
        })
    });
    confirms && held
}

/// order-1 was charged and its result published; payment-service crashed before acking, and
/// the request went back to a second instance.
fn paid_then_crashed() -> Vec<Action> {
    let mut v = confirming_orders();
    v.push(publish_spec(payment_request("order-1")));
    v.push(publish_spec(
        PublishSpec::new(CH2, "shop", "payment.done")
            .body("order-1 paid")
            .message_id("order-1"),
    ));
    v.push(r(engine::rabbit::Command::CloseChannel {
        channel: CH2,
        cause: engine::rabbit::CloseCause::Crash,
    }));
    v.push(open_channel());
    v.push(consume(CH4, "payments", "payment-service-2"));
    v
}

/// The redelivered request is acked, and exactly one result ever reached `order-results`,
/// handled too.
fn charged_once(sim: &Sim) -> bool {
    let settled = |q: &str| {
        sim.rabbit
            .queue(q)
            .is_some_and(|q| q.ready == 0 && q.unacked == 0 && q.stats.acked >= 1)
    };
    settled("payments")
        && stats(sim, "payments").redelivered >= 1
        && settled("order-results")
        && enqueued(sim, "order-results") == 1
}

fn order_done(sim: &Sim) -> bool {
    ["payments", "order-results"].iter().all(|q| {
        sim.rabbit
            .queue(q)
            .is_some_and(|q| q.ready == 0 && q.unacked == 0 && q.stats.acked >= 1)
    })
}
