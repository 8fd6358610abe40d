//! The four teaching moments the article implies, each a step the learner makes happen on the
//! engine: the goal is met by its hints (tests/tests/hints.rs) and NOT by the mistake the step
//! warns against.

use engine::kafka::{self, Command as K, Record};
use engine::rabbit::{self, PublishSpec};
use engine::sim::{Action, Sim, SimEvent};
use lessons::{Lesson, Step};

fn step(lesson: &str, title: &str) -> (&'static Lesson, usize, &'static Step) {
    let l = lessons::lesson(lesson).unwrap_or_else(|| panic!("no lesson {lesson}"));
    let i = l
        .steps
        .iter()
        .position(|s| s.title.en == title)
        .unwrap_or_else(|| panic!("{lesson} has no step '{title}'"));
    (l, i, &l.steps[i])
}

/// The step's scene after `actions`, and whether its goal holds then.
fn after(lesson: &Lesson, i: usize, actions: Vec<Action>) -> (Sim, bool) {
    let mut sim = lesson.scene(i).expect("scene loads");
    sim.apply_all(actions).expect("actions apply");
    let met = lesson.steps[i].goal.as_ref().expect("a goal").reached(&sim);
    (sim, met)
}

fn k(c: K) -> Action {
    Action::Kafka(c)
}

#[test]
fn the_ordering_anomaly_is_fixed_only_by_keying_by_match() {
    let (l, i, s) = step("world-cup", "Spreading events at random");
    assert!(s.concepts.contains(&"kf.ordering-anomaly"));
    // The anomaly shows live: the engine's reveal reads a goal before the kick-off.
    assert_eq!(s.prediction.as_ref().unwrap().answer, 1);
    // Sending match 8 without a key, as before, leaves it scattered: not fixed.
    let mut keyless: Vec<Action> = ["kick-off", "goal", "yellow card", "red card"]
        .iter()
        .map(|e| {
            k(K::Produce {
                topic: "matches".into(),
                record: Record::new(format!("match-8 {e}")),
            })
        })
        .collect();
    keyless.push(k(K::Flush { producer: None }));
    for c in ["c1", "c2", "c3"] {
        keyless.push(k(K::Poll {
            group: "site".into(),
            member: c.into(),
        }));
    }
    assert!(
        !after(l, i, keyless).1,
        "keyless match 8 must not count as fixed"
    );
    assert!(after(l, i, s.goal.as_ref().unwrap().solution.clone()).1);
}

#[test]
fn a_crash_before_the_commit_processes_again_and_a_commit_first_does_not() {
    let (l, i, _) = step("queue-or-stream", "Dying before the commit");
    let crash_wait_poll = |commit_first: bool| {
        let mut v = Vec::new();
        if commit_first {
            v.push(k(K::Commit {
                group: "encoder".into(),
                member: "e1".into(),
            }));
        }
        v.push(k(K::Crash {
            group: "encoder".into(),
            member: "e1".into(),
        }));
        v.push(Action::Tick(61));
        v.push(k(K::Poll {
            group: "encoder".into(),
            member: "e2".into(),
        }));
        v
    };
    assert!(after(l, i, crash_wait_poll(false)).1);
    assert!(
        !after(l, i, crash_wait_poll(true)).1,
        "committed first: e2 has nothing to process again"
    );
    let (l, j, _) = step("queue-or-stream", "Making a second run harmless");
    assert!(
        !after(l, j, crash_wait_poll(false)).1,
        "no commit, no clean hand-over"
    );
}

#[test]
fn a_redelivered_payment_charged_again_fails_the_goal() {
    let (l, i, s) = step("order-flow", "Charge once");
    let mut twice = vec![Action::Rabbit(rabbit::Command::Publish(
        PublishSpec::new(rabbit::ChannelId(4), "shop", "payment.done").body("order-1 paid"),
    ))];
    twice.extend(s.goal.as_ref().unwrap().solution.clone());
    twice.push(Action::Rabbit(rabbit::Command::Ack {
        channel: rabbit::ChannelId(3),
        delivery_tag: 2,
        multiple: false,
    }));
    assert!(
        !after(l, i, twice).1,
        "a second result means a second charge"
    );
    let (l, j, _) = step("order-flow", "The broker's receipt");
    let scene = l.scene(j).unwrap();
    assert!(
        scene
            .rabbit
            .channel_view(rabbit::ChannelId(1))
            .unwrap()
            .confirms
    );
}

/// The goal reads the broker's confirm (rabbit_channel's basic.ack for the publish's sequence
/// number) off the engine: the same persistent order-2 request sent on a channel without
/// confirm.select is delivered but never confirmed, and does not meet it.
#[test]
fn the_order_request_goal_needs_the_brokers_confirm() {
    let (l, j, s) = step("order-flow", "The broker's receipt");
    let goal = s.goal.as_ref().unwrap();
    let (sim, met) = after(l, j, goal.solution.clone());
    assert!(met);
    let ch = sim.rabbit.channel_view(rabbit::ChannelId(1)).unwrap();
    let r = ch.recent_confirms.last().expect("a confirm arrived");
    assert!(r.ack && r.delivery_tag == 1 && r.message_id.as_deref() == Some("order-2"));
    // Unconfirmed: the same request from a fresh channel that never asked for confirms.
    let unconfirmed = vec![
        Action::Rabbit(rabbit::Command::OpenChannel),
        Action::Rabbit(rabbit::Command::Publish(
            PublishSpec::new(rabbit::ChannelId(4), "shop", "payment.request")
                .body("order-2 pay 25000 KRW")
                .persistent()
                .message_id("order-2"),
        )),
    ];
    let (sim, met) = after(l, j, unconfirmed);
    assert!(!met, "delivered but not confirmed");
    assert!(
        sim.rabbit
            .channel_view(rabbit::ChannelId(2))
            .unwrap()
            .unacked
            .iter()
            .any(|u| u.message.properties.message_id.as_deref() == Some("order-2")),
        "the request did reach payment-service"
    );
}

/// The broker's own check: the scene's producer lets a 2 MB record out (its `max.request.size`
/// is raised), and the leader refuses the batch over `max.message.bytes` with
/// `MESSAGE_TOO_LARGE` (`UnifiedLog.analyzeAndValidateRecords`), storing nothing; the goal of
/// the next step needs that refusal, made by the learner's own send.
#[test]
fn a_message_over_max_message_bytes_is_refused_with_the_brokers_error() {
    let (l, i, s) = step("limits", "Message size");
    assert!(s.concepts.contains(&"kf.limits"));
    let p = s.prediction.as_ref().unwrap();
    assert_eq!(p.answer, 1);
    assert!(!p.reveal.is_empty(), "revealed on the scene, not on a copy");
    let mut sim = l.scene(i).unwrap();
    let big = k(K::Produce {
        topic: "uploads".into(),
        record: Record::new(lessons::sized_value("", 1_048_589)),
    });
    // A record over batch.size fills its batch, which leaves at once (or at the flush).
    let mut ev = sim.apply(big).expect("the producer lets it out");
    ev.extend(sim.apply(k(K::Flush { producer: None })).expect("flush"));
    let refused = ev.iter().any(|e| {
        matches!(
            e,
            SimEvent::Kafka(kafka::Event::ProduceFailed {
                error: kafka::ProduceError::MessageTooLarge {
                    max_message_bytes: 1_048_588,
                    ..
                },
                will_retry: false,
                ..
            })
        )
    });
    assert!(refused, "{ev:?}");
    assert_eq!(sim.kafka.partition("uploads", 0).unwrap().log_end_offset, 0);
    assert_eq!(sim.kafka.topic("uploads").unwrap().rejected_batches, 1);
    // The next step's goal is met only once the learner's own send was refused.
    let (l, j, s) = step("limits", "Send a pointer, not the video");
    let goal = s.goal.as_ref().unwrap();
    let mut sim = l.scene(j).unwrap();
    sim.apply_all(goal.hint_actions[1].iter().cloned()).unwrap();
    assert!(!goal.reached(&sim), "the pointer alone is not the goal");
    sim.apply_all(goal.hint_actions[0].iter().cloned()).unwrap();
    assert!(goal.reached(&sim));
}
