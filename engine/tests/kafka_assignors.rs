//! Assignor properties on random groups: every subscribed partition goes to exactly one member
//! that subscribes to its topic; with equal subscriptions the counts differ by at most one; the
//! sticky assignors keep what members owned when that stays balanced.

use engine::kafka::assignor::{Strategy as Assignor, Subscription, TopicPartition, assign};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn group() -> impl Strategy<Value = (BTreeMap<String, u32>, Vec<Subscription>)> {
    (
        proptest::collection::vec(0u32..7, 1..4),
        1usize..7,
        any::<u64>(),
    )
        .prop_map(|(counts, members, bits)| {
            let topics: BTreeMap<String, u32> = counts
                .iter()
                .enumerate()
                .map(|(i, &n)| (format!("t{i}"), n))
                .collect();
            let names: Vec<String> = topics.keys().cloned().collect();
            let subs = (0..members)
                .map(|m| {
                    let mut s = Subscription::new(format!("c{m}"), &[]);
                    for (i, t) in names.iter().enumerate() {
                        if bits >> ((m * 3 + i) % 64) & 1 == 1 || i == 0 {
                            s.topics.push(t.clone());
                        }
                    }
                    s
                })
                .collect();
            (topics, subs)
        })
}

fn check_cover(
    topics: &BTreeMap<String, u32>,
    subs: &[Subscription],
    a: &BTreeMap<String, Vec<TopicPartition>>,
) {
    let mut seen = BTreeSet::new();
    for s in subs {
        for tp in a.get(&s.member).into_iter().flatten() {
            assert!(s.topics.contains(&tp.topic), "{tp} to a non-subscriber");
            assert!(seen.insert(tp.clone()), "{tp} twice");
        }
    }
    for (t, &n) in topics {
        if subs.iter().any(|s| s.topics.contains(t)) {
            for p in 0..n {
                assert!(
                    seen.contains(&TopicPartition::new(t.clone(), p)),
                    "{t}-{p} unassigned"
                );
            }
        }
    }
}

proptest! {
    #[test]
    fn every_partition_once_and_balanced((topics, subs) in group()) {
        let equal = subs.windows(2).all(|w| w[0].topics == w[1].topics);
        for strategy in Assignor::ALL {
            let out = assign(strategy, &topics, &subs, false);
            check_cover(&topics, &subs, &out.members);
            if equal && strategy != Assignor::Range {
                let sizes: Vec<usize> = subs.iter().map(|s| out.members[&s.member].len()).collect();
                let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                prop_assert!(max - min <= 1, "{strategy:?} {sizes:?}");
            }
        }
    }

    #[test]
    fn sticky_keeps_owned_partitions_on_a_second_run((topics, subs) in group()) {
        for strategy in [Assignor::Sticky, Assignor::CooperativeSticky] {
            let first = assign(strategy, &topics, &subs, false);
            let again: Vec<Subscription> = subs
                .iter()
                .map(|s| Subscription { owned: first.members[&s.member].clone(), generation: Some(1), ..s.clone() })
                .collect();
            let second = assign(strategy, &topics, &again, true);
            check_cover(&topics, &subs, &second.members);
            for s in &subs {
                let a: BTreeSet<_> = first.members[&s.member].iter().collect();
                let b: BTreeSet<_> = second.members[&s.member].iter().collect();
                prop_assert_eq!(a, b, "a stable group keeps its assignment");
            }
            prop_assert!(second.transferring.is_empty());
        }
    }
}

/// More vectors from Kafka's own tests, beyond the sample file.
#[test]
fn kafka_test_vectors() {
    let topics = |l: &[(&str, u32)]| {
        l.iter()
            .map(|(t, n)| (t.to_string(), *n))
            .collect::<BTreeMap<_, _>>()
    };
    let names = |v: &[TopicPartition]| {
        let mut v: Vec<String> = v.iter().map(ToString::to_string).collect();
        v.sort();
        v
    };
    // RoundRobinAssignorTest#testTwoConsumersTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let subs = [
        Subscription::new("consumer1", &["topic1", "topic2"]),
        Subscription::new("consumer2", &["topic1", "topic2"]),
    ];
    let out = assign(Assignor::RoundRobin, &t, &subs, false);
    assert_eq!(
        names(&out.members["consumer1"]),
        ["topic1-0", "topic1-2", "topic2-1"]
    );
    assert_eq!(
        names(&out.members["consumer2"]),
        ["topic1-1", "topic2-0", "topic2-2"]
    );
    // RangeAssignorTest#testTwoConsumersTwoTopicsSixPartitions
    let out = assign(Assignor::Range, &t, &subs, false);
    assert_eq!(
        names(&out.members["consumer1"]),
        ["topic1-0", "topic1-1", "topic2-0", "topic2-1"]
    );
    assert_eq!(names(&out.members["consumer2"]), ["topic1-2", "topic2-2"]);
    // RoundRobinAssignorTest#testStaticMemberRoundRobinAssignmentPersistent: static members sort by instance id
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let mut a = Subscription::new("consumer-b", &["topic1", "topic2"]);
    a.group_instance_id = Some("instance-1".into());
    let mut b = Subscription::new("consumer-a", &["topic1", "topic2"]);
    b.group_instance_id = Some("instance-2".into());
    let out = assign(Assignor::RoundRobin, &t, &[a, b], false);
    assert_eq!(
        names(&out.members["consumer-b"]),
        ["topic1-0", "topic1-2", "topic2-1"]
    );
}
