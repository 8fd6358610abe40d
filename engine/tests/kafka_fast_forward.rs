//! `Cluster::advance` skips the simulated milliseconds in which nothing can happen; these check
//! that what it skips really is nothing: the same events, in the same order, and the same
//! partitions, brokers and producers as a tick every millisecond. The cases are the waits that
//! are deadlines rather than work (issue 19: each of them used to make every millisecond a step
//! over every partition, so a wide cluster froze a replay): a slow follower's next fetch,
//! `acks=all` records waiting on an ISR below `min.insync.replicas`, a producer retrying every
//! `retry.backoff.ms`, batches waiting for a leader until `delivery.timeout.ms`, and linger.

use engine::kafka::{Cluster, Command, Event, ProducerConfig, Record};

fn pair(partitions: u32, replication_factor: u32, configs: &[(&str, &str)]) -> (Cluster, Cluster) {
    let mut c = Cluster::with_brokers(3, 7).unwrap();
    c.apply(Command::CreateTopicWith {
        name: "t".into(),
        partitions,
        replication_factor,
        configs: configs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    })
    .unwrap();
    (c.clone(), c)
}

/// Applies `commands` to both, then lets `ms` pass: by `advance` on the first, one tick a
/// millisecond on the second; the events and the state must agree.
fn step(pair: &mut (Cluster, Cluster), commands: &[Command], ms: u64) {
    let (fast, slow) = pair;
    for c in commands {
        let a = fast.apply(c.clone());
        let b = slow.apply(c.clone());
        assert_eq!(a, b, "{c:?}");
    }
    let skipped = fast.advance(ms);
    let every: Vec<Event> = (0..ms).flat_map(|_| slow.tick()).collect();
    assert_eq!(skipped.len(), every.len(), "events over {ms} ms");
    for (i, (a, b)) in skipped.iter().zip(&every).enumerate() {
        assert_eq!(a, b, "event {i}");
    }
    assert_eq!(fast.now_ms(), slow.now_ms());
    let partitions = |c: &Cluster| {
        (0..c.topic("t").map_or(0, |t| t.partitions))
            .filter_map(|i| c.partition("t", i))
            .map(|p| {
                (
                    p.leader,
                    p.isr.to_vec(),
                    p.replica_state.clone(),
                    p.log_end_offset,
                    p.high_watermark,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(partitions(fast), partitions(slow));
    assert_eq!(fast.brokers(), slow.brokers());
    assert_eq!(fast.audit(), slow.audit());
    assert!(
        fast.partition_steps() <= slow.partition_steps(),
        "skipping never steps more"
    );
}

fn produce(n: usize) -> Vec<Command> {
    (0..n)
        .map(|i| Command::Produce {
            topic: "t".into(),
            record: Record::keyed(format!("k{i}").as_str(), "v"),
        })
        .collect()
}

#[test]
fn a_slow_followers_wait_is_skipped_exactly() {
    let mut p = pair(6, 3, &[]);
    let mut cmds = vec![Command::SlowFollower {
        broker: 1,
        fetch_interval_ms: 7_000,
    }];
    cmds.extend(produce(10));
    step(&mut p, &cmds, 45_000);
    step(&mut p, &produce(3), 20_000);
    step(
        &mut p,
        &[Command::SlowFollower {
            broker: 1,
            fetch_interval_ms: 1,
        }],
        5_000,
    );
    assert!(
        p.0.partition_steps() * 10 < p.1.partition_steps(),
        "{} vs {}",
        p.0.partition_steps(),
        p.1.partition_steps()
    );
}

#[test]
fn acks_all_below_min_insync_and_retries_are_skipped_exactly() {
    let mut p = pair(4, 3, &[("min.insync.replicas", "3")]);
    step(&mut p, &produce(6), 50);
    // A follower dies: the ISR shrinks below 3, the next sends retry every retry.backoff.ms
    // until delivery.timeout.ms.
    step(&mut p, &[Command::KillBroker { broker: 1 }], 1_000);
    step(&mut p, &produce(6), 130_000);
    step(&mut p, &[Command::RestartBroker { broker: 1 }], 10_000);
    step(&mut p, &produce(2), 1_000);
}

#[test]
fn batches_waiting_for_a_leader_are_skipped_exactly() {
    let mut p = pair(3, 1, &[]);
    step(&mut p, &[Command::KillBroker { broker: 0 }], 10);
    step(&mut p, &produce(9), 60_000);
    step(&mut p, &[Command::RestartBroker { broker: 0 }], 2_000);
    step(&mut p, &[Command::KillBroker { broker: 2 }], 10);
    step(&mut p, &produce(9), 125_000);
}

#[test]
fn linger_is_skipped_exactly() {
    let mut p = pair(3, 3, &[]);
    step(
        &mut p,
        &[Command::CreateProducer {
            name: "slow".into(),
            config: ProducerConfig {
                linger_ms: 900,
                ..ProducerConfig::default()
            },
        }],
        1,
    );
    let sends: Vec<Command> = (0..5)
        .map(|i| Command::ProduceFrom {
            producer: "slow".into(),
            topic: "t".into(),
            record: Record::keyed(format!("k{i}").as_str(), "v"),
        })
        .collect();
    step(&mut p, &sends, 3_000);
    step(&mut p, &[Command::IsolateBroker { broker: 1 }], 1_000);
    step(&mut p, &sends, 60_000);
}
