//! Kafka as a cluster: brokers, the controller, replication and failover, and how consumers
//! fetch (pull versus push).

use super::*;
use engine::kafka::ConsumerConfig;
use engine::sim::Action;

pub fn cluster() -> Lesson {
    Lesson::new(
        "cluster",
        Part::EventBroker,
        Broker::Kafka,
        t("클러스터, 브로커, 컨트롤러", "Cluster, brokers and the controller"),
        t(
            "브로커가 파티션을 나눠 맡는 방식과, 컨트롤러가 누가 무엇을 맡는지 관리하는 방식을 봅니다.",
            "See how brokers share the partitions and how the controller keeps track of who leads what.",
        ),
    )
    .seed(808)
    .layers(Layers::KAFKA_BASICS.with(Layers::BROKERS))
    .offers(&[Offer::Produce, Offer::Brokers])
    .step(
        Step::new(
            t("브로커 여러 대", "Several brokers"),
            t(
                "Kafka 클러스터는 브로커 여러 대로 이루어집니다. 브로커는 각자 파티션을 저장하고 클라이언트 요청을 처리하는 서버입니다. 브로커가 늘어날수록 저장할 수 있는 양도, 받아 줄 수 있는 클라이언트도 늘어납니다.",
                "A Kafka cluster is made of several brokers. Each broker is a server that stores partitions and serves client requests. More brokers means more room for data and more clients served.",
            ),
        )
        .scene(spread_over_brokers())
        .teaches(&["kf.cluster-broker"])
        .show(&[Highlight::Broker(0), Highlight::Broker(1), Highlight::Broker(2)]),
    )
    .step(
        Step::new(
            t("컨트롤러와 메타데이터", "The controller and the metadata"),
            t(
                "Kafka 4는 ZooKeeper 없이 KRaft로만 동작합니다. 컨트롤러 노드 몇 대(보통 3대)가 쿼럼을 이루고, 과반수 투표로 뽑힌 액티브 컨트롤러 하나가 어느 파티션의 리더가 어느 브로커인지 같은 메타데이터를 메타데이터 로그에 기록합니다. 브로커들은 이 로그를 복제해 두고, 클라이언트는 아무 브로커에게나 메타데이터를 물어 파티션의 리더 브로커에게 바로 메시지를 보냅니다. 이 시뮬레이터는 브로커가 컨트롤러도 겸하는 combined 모드로 그립니다. 개발용으로는 괜찮지만, 운영 클러스터는 컨트롤러를 따로 둡니다.",
                "Kafka 4 runs on KRaft alone, without ZooKeeper. A few controller nodes (often 3) form a quorum, and one active controller, elected by a majority vote, records the cluster's metadata, such as which broker leads each partition, in the metadata log. Brokers keep a copy of that log; a client asks any broker for metadata and sends each message straight to the partition leader's broker. The simulator draws the combined mode, where brokers double as controllers: fine for development, while production clusters run dedicated controllers.",
            ),
        )
        .scene(spread_over_brokers())
        .teaches(&["kf.controller-metadata"])
        .show(&[Highlight::Controller, Highlight::Producer])
        .predict(Prediction::new(
            t(
                "키 match-42는 matches 토픽의 파티션 2로 갑니다. 프로듀서는 이 메시지를 어느 브로커에 보낼까요?",
                "The key `match-42` maps to partition 2 of `matches`. Which broker does the producer send the message to?",
            ),
            vec![
                t("컨트롤러 브로커", "The controller's broker"),
                t("파티션 2의 리더가 있는 브로커", "The broker leading partition 2"),
                t("세 브로커 모두", "All three brokers"),
            ],
            1,
            t(
                "쓰기는 항상 그 파티션의 리더가 받습니다. 컨트롤러는 누가 리더인지 정해 메타데이터에 남길 뿐, 메시지를 중계하지 않습니다. 보낸 직후에는 리더의 로그에만 있고, 팔로워는 다음 fetch에서 복사합니다.",
                "Writes always go to the partition's leader. The controller decides who leads and records it in the metadata; it never relays messages. Right after the send only the leader's log has the record; followers copy it on their next fetch.",
            ),
            produce("matches", "match-42", "match-42 goal"),
            sent_to,
        )),
    )
    .step(
        Step::new(
            t("컨트롤러가 쓰러지면", "When the controller fails"),
            t(
                "액티브 컨트롤러도 멈출 수 있습니다. 그러면 쿼럼의 나머지 컨트롤러가 투표해서 새 액티브 컨트롤러를 뽑고, 메타데이터 로그를 이미 복제해 두었으니 바로 이어받습니다. 액티브 컨트롤러는 언제나 많아야 하나이고, 과반수가 살아 있어야 뽑힙니다. 이 시뮬레이터는 투표를 그리지 않고 살아 있는 브로커 중 번호가 가장 낮은 브로커를 새 컨트롤러로 삼으므로, 과반수를 잃은 쿼럼은 보여 주지 못합니다.",
                "The active controller can fail too. The other controllers of the quorum then vote in a new active controller, which takes over at once since it already holds a copy of the metadata log. There is never more than one active controller, and electing one needs a majority alive. The simulator does not draw the vote: it makes the lowest-numbered live broker the new controller, so it cannot show a quorum that lost its majority.",
            ),
        )
        .scene(spread_over_brokers())
        .teaches(&["kf.controller-metadata", "kf.cluster-broker"])
        .show(&[Highlight::Controller])
        .then(
            t(
                "살아 있는 다른 브로커가 컨트롤러를 이어받았습니다. 브로커 줄에서 컨트롤러 표시가 옮겨 간 것을 보세요.",
                "Another live broker took over as the controller: see the controller mark move along the brokers' row.",
            ),
            controller_moved,
        )
        .goal(
            Goal::new(t(
                "지금의 컨트롤러 브로커는 멈추고, 살아 있는 다른 브로커가 컨트롤러인 상태.",
                "The current controller's broker down, and another live broker acting as the controller.",
            ), controller_moved)
            .hint(t(
                "브로커 목록에서 컨트롤러로 표시된 브로커를 찾으세요. 처음에는 브로커 0입니다.",
                "Look for the broker marked as controller in the broker list. At first it's broker 0.",
            ), Vec::new())
            .hint(t(
                "브로커 0을 강제 종료(kill)하고 한 틱 진행하세요.",
                "Kill broker 0, then step one tick.",
            ), vec![kill_broker(0), ticks(1)]),
        ),
    )
}

pub fn replication() -> Lesson {
    Lesson::new(
        "replication",
        Part::EventBroker,
        Broker::Kafka,
        t("복제와 장애 조치", "Replication and failover"),
        t(
            "리더와 팔로워가 데이터를 복제하는 방식과, 리더가 죽었을 때 일어나는 일을 직접 겪어 봅니다.",
            "Watch leaders and followers replicate, then kill a leader and see what happens.",
        ),
    )
    .seed(SEED_REPLICATION)
    .layers(Layers::KAFKA_BASICS.with(Layers::BROKERS).with(Layers::REPLICAS))
    .offers(&[Offer::Produce, Offer::Brokers])
    .step(
        Step::new(
            t("리더와 팔로워", "Leader and followers"),
            t(
                "파티션마다 레플리카가 여러 개 있고, 그중 하나가 리더입니다. 쓰기는 리더가 받고 읽기도 기본적으로 리더가 받으며(KIP-392로 가까운 팔로워에서 읽게 설정할 수는 있습니다), 다른 브로커에 있는 팔로워들은 리더의 로그를 계속 따라 복사합니다. replica.lag.time.max.ms(기본 30초) 안에 리더를 따라잡은 레플리카의 집합을 ISR(in-sync replicas)이라고 합니다.",
                "Each partition has several replicas, and one of them is the leader. The leader takes the writes and, by default, the reads (KIP-392 lets consumers read from a nearby follower instead), while followers on other brokers keep copying its log. The set of replicas that have caught up with the leader within replica.lag.time.max.ms (30 s by default) is the ISR (in-sync replicas).",
            ),
        )
        .scene(replicated_topic())
        .teaches(&["kf.replication"])
        .show(&[Highlight::Partition("matches", 0)])
        .then(
            t(
                "메시지는 먼저 리더의 로그에 들어갑니다. 팔로워가 fetch로 복사해 가기 전까지 하이 워터마크는 그 앞에서 기다립니다.",
                "A record lands in the leader's log first. Until the followers fetch a copy, the high watermark waits in front of it.",
            ),
            leader_ahead,
        )
        .then(
            t(
                "이제 세 레플리카가 모두 같은 메시지를 갖고 있고, 하이 워터마크가 로그 끝까지 왔습니다. 다음 단계에서 리더가 있는 브로커를 꺼 봅니다.",
                "Now all three replicas hold the same records and the high watermark has reached the log end. Next, kill the broker holding the leader.",
            ),
            followers_caught_up,
        )
        .next_waits()
        .goal(
            Goal::new(t(
                "matches-0에 메시지 5개가 있고, 세 레플리카가 모두 ISR에 있으며 팔로워의 로그 끝이 리더와 같은 상태.",
                "Five messages in `matches-0`, all three replicas in the ISR, each follower's log end equal to the leader's.",
            ), followers_caught_up)
            .hint(t(
                "프로듀서 패널에서 키 match-7로 matches에 메시지를 다섯 번 보내세요.",
                "From the producer panel, send five messages to `matches` with the key `match-7`.",
            ), five_produced())
            .hint(t(
                "팔로워는 리더에게 fetch 요청을 보내 따라옵니다. 두 틱 진행하면 모든 팔로워가 따라잡습니다.",
                "Followers keep up by sending fetch requests to the leader. Step two ticks and every follower has caught up.",
            ), vec![ticks(2)]),
        ),
    )
    .step(
        Step::new(
            t("리더가 죽으면", "When the leader dies"),
            t(
                "리더가 있는 브로커를 꺼 보세요. 컨트롤러가 ISR에 있던 팔로워 하나를 새 리더로 올리고, 프로듀서와 컨슈머는 새 리더 쪽으로 옮겨 갑니다. 이미 ISR 전체에 복제된 메시지는 하나도 잃지 않습니다.",
                "Kill the broker holding the leader. The controller promotes an in-sync follower to leader, and producers and consumers move over to it. Nothing that was already replicated to the whole ISR is lost.",
            ),
        )
        .scene(leader_scene())
        .teaches(&["kf.failover", "kf.replication"])
        .show(&[Highlight::Partition("matches", 0), Highlight::Controller])
        .then(
            t(
                "리더가 있던 브로커가 멈췄습니다. 이 파티션에 쓰려면 컨트롤러가 ISR에 남은 팔로워 중에서 새 리더를 골라야 합니다.",
                "The broker holding the leader is down. Before anyone can write to the partition again, the controller must pick a new leader from the followers left in the ISR.",
            ),
            first_leader_down,
        )
        .then(
            t(
                "ISR에 있던 팔로워가 새 리더가 되었습니다. 이미 복제된 다섯 메시지는 모두 그대로 읽을 수 있습니다.",
                "A follower from the ISR is the new leader. The five records it already had are all still readable.",
            ),
            new_leader_elected,
        )
        .next_waits()
        .goal(
            Goal::new(t(
                "matches-0의 리더였던 브로커는 멈추고, 새 리더 아래에서도 메시지 5개를 모두 읽을 수 있는 상태.",
                "The broker that led `matches-0` down, and a new leader under which all 5 messages are still readable.",
            ), new_leader_elected)
            .hint(t(
                "파티션 옆에 리더 브로커 번호가 표시됩니다.",
                "The leader's broker number is shown next to the partition.",
            ), Vec::new())
            .hint(t(
                "그 브로커를 강제 종료(kill)하고 한 틱 진행하세요.",
                "Kill that broker, then step one tick.",
            ), vec![kill_broker(first_leader()), ticks(1)]),
        ),
    )
    .step(
        Step::new(
            t("acks=all로 계속 쓰기", "Keep writing with acks=all"),
            t(
                "acks=all이면 ISR의 모든 레플리카가 받은 뒤에야 쓰기가 성공합니다. min.insync.replicas=2라면 브로커 하나가 죽어도 남은 둘로 계속 쓸 수 있습니다. 둘이 죽으면 프로듀서는 NotEnoughReplicas 에러를 받습니다.",
                "With acks=all, a write succeeds only once every replica in the ISR has it. With min.insync.replicas=2, you can keep writing while one broker is down, because two remain. Lose two, and the producer gets NotEnoughReplicas.",
            ),
        )
        .scene(broker2_down())
        .teaches(&["kf.failover", "kf.replication"])
        .show(&[Highlight::Broker(2), Highlight::Producer])
        .then(
            t(
                "브로커 2 없이도 ack가 왔습니다. ISR에 남은 두 레플리카가 min.insync.replicas=2를 채우기 때문입니다.",
                "The acks came without broker 2: the two replicas left in the ISR meet min.insync.replicas=2.",
            ),
            written_without_broker2,
        )
        .goal(
            Goal::new(t(
                "브로커 2가 멈춘 채로, acks=all로 쓴 메시지 3개가 ack를 받은 상태.",
                "Broker 2 still down, and 3 messages written with acks=all acknowledged.",
            ), written_without_broker2)
            .hint(t(
                "min.insync.replicas가 2이니 살아 있는 레플리카 둘이면 충분합니다. matches에 메시지를 세 번 보내세요.",
                "min.insync.replicas is 2, so the two live replicas are enough. Send three messages to `matches`.",
            ), (1..=3).flat_map(|i| produce("matches", "match-7", &format!("match-7 event {i}"))).collect())
            .hint(t(
                "팔로워가 복제해야 ack가 오니 두 틱 진행하세요.",
                "The ack comes once the follower has the records: step two ticks.",
            ), vec![ticks(2)]),
        ),
    )
}

pub fn push_pull() -> Lesson {
    Lesson::new(
        "push-pull",
        Part::EventBroker,
        Broker::Both,
        t("푸시와 풀", "Push or pull"),
        t(
            "컨슈머가 가져가는 방식(풀)과 브로커가 밀어 주는 방식(푸시)의 차이를 봅니다.",
            "See the difference between consumers fetching (pull) and the broker handing out (push).",
        ),
    )
    .seed(1010)
    .layers(Layers::KAFKA_BASICS.with(Layers::RABBIT_BASICS))
    .offers(&[Offer::Poll, Offer::Commit, Offer::Publish, Offer::Settle])
    .step(
        Step::new(
            t("풀 모델", "The pull model"),
            t(
                "Kafka 컨슈머는 브로커에 새 메시지를 달라고 요청해서(fetch) 감당할 수 있는 만큼만 가져갑니다. 애플리케이션이 poll을 부르면 받아 둔 것을 돌려주고, 그동안 다음 fetch를 미리 보내 두기도 하지만, 브로커가 먼저 보내 주는 일은 없습니다. 새 메시지가 없으면 브로커는 fetch.max.wait.ms(기본 500 ms)까지 응답을 미뤄 헛걸음을 줄입니다. 느린 컨슈머도 제 속도대로 읽을 수 있고, 못 읽은 메시지는 브로커에 그대로 남습니다.",
                "A Kafka consumer asks the broker for new messages (a fetch) and takes only as much as it can handle. When the application calls poll it gets what was fetched, and the consumer may send the next fetch ahead of time, but the broker never sends anything unasked. When nothing is new, the broker holds the answer for up to fetch.max.wait.ms (500 ms by default) rather than replying empty. A slow consumer reads at its own pace, and whatever it hasn't read stays in the broker.",
            ),
        )
        .scene(ten_waiting())
        .teaches(&["kf.push-pull"])
        .show(&[Highlight::ConsumerGroup("site")])
        .predict(Prediction::new(
            t(
                "메시지 10개가 쌓여 있고, 컨슈머의 max.poll.records는 2입니다. 한 번 poll하면 몇 개를 받을까요?",
                "10 messages are waiting and the consumer's max.poll.records is 2. How many does one poll return?",
            ),
            vec![t("1개", "1"), t("2개", "2"), t("10개", "10")],
            1,
            t(
                "풀 모델에서는 컨슈머가 한 번에 받을 양을 정합니다. 나머지 8개는 다음 poll을 기다립니다.",
                "In the pull model the consumer sets how much it takes. The other 8 wait for the next poll.",
            ),
            vec![poll("site", "c1")],
            polled_count,
        )),
    )
    .step(
        Step::new(
            t("푸시 모델", "The push model"),
            t(
                "푸시 모델에서는 메시지가 도착하자마자 브로커가 컨슈머에게 밀어 넣습니다. 지연은 짧지만, 컨슈머가 감당 못 할 만큼 몰려오지 않게 브로커가 조절해야 합니다. RabbitMQ가 이 방식이고, prefetch로 한 컨슈머가 한꺼번에 받을 양을 제한합니다. 하나씩 직접 가져가는 basic.get도 있지만 비효율적이라 권하지 않습니다.",
                "In the push model, the broker hands each message to a consumer as soon as it arrives. Latency is low, but the broker must make sure the consumer isn't flooded. RabbitMQ works this way and uses prefetch to cap how much one consumer holds at once. Fetching one message at a time with basic.get exists too, but it is inefficient and discouraged.",
            ),
        )
        .scene(push_scene())
        .teaches(&["kf.push-pull"])
        .show(&[Highlight::Queue("jobs"), Highlight::Consumer("worker")])
        .goal(
            Goal::new(t(
                "worker가 한 번도 요청하지 않았는데 jobs 큐의 메시지 3개를 받은 상태.",
                "`worker` holding 3 messages from the `jobs` queue without ever asking for them.",
            ), pushed)
            .hint(t(
                "기본 exchange(\"\")에 라우팅 키 jobs로 메시지를 세 번 보내세요. 기본 exchange는 라우팅 키와 이름이 같은 큐로 보냅니다.",
                "Publish three messages to the default exchange (\"\") with routing key `jobs`: the default exchange routes to the queue named by the key.",
            ), (1..=3).map(|i| publish(CH1, "", "jobs", &format!("job-{i}"))).collect()),
        ),
    )
}

// ---- cluster ----------------------------------------------------------------------------------

fn spread_over_brokers() -> Vec<Action> {
    let mut v = vec![topic_with("matches", 6, 3, &[("min.insync.replicas", "2")])];
    for m in 1..=6 {
        v.push(send(
            "matches",
            &format!("match-{m}"),
            &format!("match-{m} kick-off"),
        ));
    }
    v.push(send("matches", "match-42", "match-42 kick-off"));
    v.push(ticks(1));
    v
}

/// Where the producer's match-42 request went: the broker whose log took the record is the
/// partition's leader (1), the controller (0), or every broker appended it at once (2).
fn sent_to(sim: &Sim) -> usize {
    let Some(p) = records(sim, "matches")
        .iter()
        .filter(|(_, k, _)| k.as_deref() == Some("match-42"))
        .map(|(p, _, _)| *p)
        .next()
    else {
        return usize::MAX;
    };
    let Some(view) = sim.kafka.partition("matches", p) else {
        return usize::MAX;
    };
    // Followers fetch on the next tick: right after the send only the receiving broker has it.
    let holders: Vec<u32> = view
        .replica_state
        .iter()
        .filter(|r| r.log_end_offset == view.log_end_offset)
        .map(|r| r.broker)
        .collect();
    let (controller, _) = sim.kafka.controller();
    match holders.as_slice() {
        [b] if Some(*b) == view.leader && controller != view.leader => 1,
        [b] if Some(*b) == controller => 0,
        h if h.len() == view.replica_state.len() && h.len() > 1 => 2,
        _ => usize::MAX,
    }
}

fn controller_moved(sim: &Sim) -> bool {
    let brokers = sim.kafka.brokers();
    let first_down = brokers.iter().any(|b| b.id == 0 && !b.up);
    let (controller, _) = sim.kafka.controller();
    first_down && controller.is_some_and(|c| c != 0 && brokers.iter().any(|b| b.id == c && b.up))
}

// ---- replication ------------------------------------------------------------------------------

fn replicated_topic() -> Vec<Action> {
    vec![
        topic_with("matches", 1, 3, &[("min.insync.replicas", "2")]),
        ticks(1),
    ]
}

fn followers_caught_up(sim: &Sim) -> bool {
    sim.kafka.partition("matches", 0).is_some_and(|p| {
        p.log_end_offset >= 5
            && p.replica_state.len() == 3
            && p.replica_state
                .iter()
                .all(|r| r.in_sync && r.log_end_offset == p.log_end_offset)
    })
}

/// Some record is in the leader's log that a follower has not fetched yet.
fn leader_ahead(sim: &Sim) -> bool {
    sim.kafka.partition("matches", 0).is_some_and(|p| {
        p.log_end_offset > 0
            && p.replica_state
                .iter()
                .any(|r| r.log_end_offset < p.log_end_offset)
    })
}

fn five_produced() -> Vec<Action> {
    (1..=5)
        .flat_map(|i| produce("matches", "match-7", &format!("match-7 event {i}")))
        .collect()
}

fn five_sends() -> Vec<Action> {
    let mut v: Vec<Action> = (1..=5)
        .map(|i| send("matches", "match-7", &format!("match-7 event {i}")))
        .collect();
    v.push(ticks(2));
    v
}

fn leader_scene() -> Vec<Action> {
    let mut v = replicated_topic();
    v.extend(five_sends());
    v
}

/// The broker leading `matches-0` in the leader scene (computed on the real engine).
fn first_leader() -> u32 {
    let mut sim = Sim::new(SEED_REPLICATION);
    let _ = sim.apply_all(leader_scene());
    leader(&sim, "matches", 0).unwrap_or(0)
}

pub(super) const SEED_REPLICATION: u64 = 909;

/// The broker that led `matches-0` in the leader scene is down.
fn first_leader_down(sim: &Sim) -> bool {
    static FIRST: std::sync::LazyLock<u32> = std::sync::LazyLock::new(first_leader);
    sim.kafka.brokers().iter().any(|b| b.id == *FIRST && !b.up)
}

fn new_leader_elected(sim: &Sim) -> bool {
    let Some(p) = sim.kafka.partition("matches", 0) else {
        return false;
    };
    let brokers = sim.kafka.brokers();
    let some_replica_down = p
        .replicas
        .iter()
        .any(|r| brokers.iter().any(|b| b.id == *r && !b.up));
    let leader_up = p
        .leader
        .is_some_and(|l| brokers.iter().any(|b| b.id == l && b.up));
    some_replica_down && leader_up && p.leader_epoch > 0 && p.high_watermark >= 5
}

fn broker2_down() -> Vec<Action> {
    let mut v = replicated_topic();
    v.push(kill_broker(2));
    v.push(ticks(1));
    v
}

fn written_without_broker2(sim: &Sim) -> bool {
    let down = sim.kafka.brokers().iter().any(|b| b.id == 2 && !b.up);
    let acked = sim
        .kafka
        .producers()
        .iter()
        .map(|p| p.acked_records)
        .sum::<u64>();
    down && acked >= 3
        && sim
            .kafka
            .partition("matches", 0)
            .is_some_and(|p| p.high_watermark >= 3)
}

// ---- push-pull ----------------------------------------------------------------------------------

fn ten_waiting() -> Vec<Action> {
    let config = ConsumerConfig {
        max_poll_records: 2,
        ..consumer_config()
    };
    let mut v = vec![
        topic("matches", 1),
        subscribe_with("site", "c1", &["matches"], config),
    ];
    for i in 1..=10 {
        v.push(send_nokey("matches", &format!("event {i}")));
    }
    v.push(ticks(1));
    v
}

fn polled_count(sim: &Sim) -> usize {
    match sim
        .kafka
        .group("site")
        .and_then(|g| g.members.first().map(|m| m.consumed))
    {
        Some(1) => 0,
        Some(2) => 1,
        Some(10) => 2,
        _ => usize::MAX,
    }
}

fn push_scene() -> Vec<Action> {
    vec![
        durable_queue("jobs"),
        open_channel(),
        open_channel(),
        consume(CH2, "jobs", "worker"),
    ]
}

fn pushed(sim: &Sim) -> bool {
    delivered_to(sim, "worker") >= 3
}
