//! The four teaching moments the article implies, each a step the learner makes happen on the
//! engine: the goal is met by its hints (tests/tests/hints.rs) and NOT by the mistake the step
//! warns against.

use engine::kafka::{self, Command as K, Record};
use engine::rabbit::{self, PublishSpec};
use engine::sim::{Action, Sim, SimError};
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

#[test]
fn a_message_over_max_message_bytes_is_refused_with_the_brokers_error() {
    let (l, i, s) = step("limits", "Message size");
    assert!(s.concepts.contains(&"kf.limits"));
    assert_eq!(s.prediction.as_ref().unwrap().answer, 1);
    let mut sim = l.scene(i).unwrap();
    let big = k(K::Produce {
        topic: "uploads".into(),
        record: Record::new("x".repeat(1_048_589)),
    });
    match sim.apply(big) {
        Err(SimError::Kafka(kafka::Error::RecordTooLarge { size, limit })) => {
            assert!(size > limit && limit <= 1_048_588, "{size} > {limit}");
        }
        other => panic!("expected RecordTooLarge, got {other:?}"),
    }
    assert!(sim.kafka.partition("uploads", 0).unwrap().log_end_offset == 0);
}
