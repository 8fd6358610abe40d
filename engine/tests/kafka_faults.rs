//! Kafka's guarantees under faults, each test stating the rule and where Kafka implements it.
//! Both were found wrong by reading the engine against Kafka's source (issue 17) and are
//! checked against a real Kafka 4.1 cluster by `cargo xtask kafka-diff`.

use engine::kafka::*;

fn topic(c: &mut Cluster, name: &str, partitions: u32, rf: u32, configs: &[(&str, &str)]) {
    c.apply(Command::CreateTopicWith {
        name: name.into(),
        partitions,
        replication_factor: rf,
        configs: configs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    })
    .unwrap();
}

fn producer(c: &mut Cluster, name: &str, acks: Acks) {
    c.apply(Command::CreateProducer {
        name: name.into(),
        config: ProducerConfig {
            linger_ms: 0,
            acks,
            ..ProducerConfig::default()
        },
    })
    .unwrap();
}

fn send(c: &mut Cluster, p: &str, value: &str) -> Vec<Event> {
    let mut ev = c
        .apply(Command::ProduceFrom {
            producer: p.into(),
            topic: "t".into(),
            record: Record::new(value),
        })
        .unwrap();
    ev.extend(run(c, 5));
    ev
}

fn run(c: &mut Cluster, ms: u64) -> Vec<Event> {
    c.apply(Command::Advance { ms }).unwrap()
}

fn acked(ev: &[Event], want: Acks) -> usize {
    ev.iter()
        .filter(|e| matches!(e, Event::Acked { acks, .. } if *acks == want))
        .count()
}

/// `Partition.maybeIncrementLeaderHW` (Kafka 3.7+, KAFKA-15583): while the ISR is smaller than
/// `min.insync.replicas`, the high watermark does not move. So with `acks=all` and
/// `min.insync.replicas=2`, a record that only the leader holds is never acknowledged
/// (`NOT_ENOUGH_REPLICAS` for new sends once the ISR has shrunk, `Partition.appendRecordsToLeader`),
/// and an `acks=1` record, though acknowledged by the leader, is not visible to consumers (they
/// read up to the high watermark only). Once a follower is back in the ISR, the high watermark
/// moves, the waiting `acks=all` request completes and consumers see the records.
#[test]
fn high_watermark_holds_while_the_isr_is_below_min_insync_replicas() {
    let mut c = Cluster::with_brokers(3, 7).unwrap();
    topic(&mut c, "t", 1, 3, &[("min.insync.replicas", "2")]);
    producer(&mut c, "all", Acks::All);
    producer(&mut c, "one", Acks::Leader);
    assert_eq!(acked(&send(&mut c, "all", "a"), Acks::All), 1);
    let p = c.partition("t", 0).unwrap();
    let leader = p.leader.unwrap();
    let followers: Vec<BrokerId> = p
        .replicas
        .iter()
        .copied()
        .filter(|&b| b != leader)
        .collect();
    assert_eq!(p.high_watermark, 1);

    // Both followers stop fetching before the next record: it reaches the leader only.
    for &f in &followers {
        c.apply(Command::SlowFollower {
            broker: f,
            fetch_interval_ms: 10_000_000,
        })
        .unwrap();
    }
    let mut ev = send(&mut c, "all", "b");
    ev.extend(run(&mut c, 40_000));
    assert_eq!(
        c.partition("t", 0).unwrap().isr,
        &[leader],
        "the ISR shrank to the leader"
    );
    assert_eq!(acked(&ev, Acks::All), 0, "no acks=all success on one copy");
    assert_eq!(c.partition("t", 0).unwrap().high_watermark, 1);

    // A new acks=all send is refused at the leader: NOT_ENOUGH_REPLICAS.
    let ev = send(&mut c, "all", "c");
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::ProduceFailed {
            error: ProduceError::NotEnoughReplicas {
                min_insync_replicas: 2,
                ..
            },
            ..
        }
    )));
    // acks=1: the leader acknowledges, but the record stays above the high watermark.
    let ev = send(&mut c, "one", "d");
    assert_eq!(acked(&ev, Acks::Leader), 1);
    let p = c.partition("t", 0).unwrap();
    assert_eq!((p.log_end_offset, p.high_watermark), (3, 1));
    c.apply(Command::Subscribe {
        group: "g".into(),
        member: "m".into(),
        topics: vec!["t".into()],
        config: ConsumerConfig {
            auto_offset_reset: AutoOffsetReset::Earliest,
            ..ConsumerConfig::default()
        },
    })
    .unwrap();
    run(&mut c, 100);
    let ev = c
        .apply(Command::Poll {
            group: "g".into(),
            member: "m".into(),
        })
        .unwrap();
    let read: Vec<(u64, u64)> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Polled { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        read,
        [(0, 1)],
        "a consumer reads only up to the high watermark"
    );

    // One follower catches up: the ISR is 2 again, the high watermark moves, "b" is acked.
    c.apply(Command::SlowFollower {
        broker: followers[0],
        fetch_interval_ms: 1,
    })
    .unwrap();
    let ev = run(&mut c, 100);
    // "b" waited for the high watermark; "c" was retried by the producer and is now appended.
    assert_eq!(acked(&ev, Acks::All), 2);
    let p = c.partition("t", 0).unwrap();
    assert_eq!((p.isr.len(), p.high_watermark), (2, p.log_end_offset));
    assert!(c.audit().is_ok());
}

/// KIP-320 (Kafka 2.1+): a consumer remembers the leader epoch of the last record it read
/// (`FetchPosition.offsetEpoch`). When the partition's leader changes it asks the new leader
/// where that epoch ends (`OffsetsForLeaderEpoch`, answered from `LeaderEpochFileCache.endOffsetFor`);
/// if the log was truncated below its position, it goes back to that divergence point
/// (`SubscriptionState.maybeCompleteValidation`: "Truncation detected ... resetting offset to the
/// first offset known to diverge") instead of continuing at its old offset and silently skipping
/// the records the new leader wrote there.
#[test]
fn after_an_unclean_election_a_consumer_goes_back_to_the_divergence_point() {
    let mut c = Cluster::with_brokers(2, 7).unwrap();
    topic(
        &mut c,
        "t",
        1,
        2,
        &[("unclean.leader.election.enable", "true")],
    );
    producer(&mut c, "p", Acks::Leader);
    c.apply(Command::Subscribe {
        group: "g".into(),
        member: "m".into(),
        topics: vec!["t".into()],
        config: ConsumerConfig {
            auto_offset_reset: AutoOffsetReset::Earliest,
            ..ConsumerConfig::default()
        },
    })
    .unwrap();
    run(&mut c, 100);
    let poll = |c: &mut Cluster| -> Vec<Event> {
        c.apply(Command::Poll {
            group: "g".into(),
            member: "m".into(),
        })
        .unwrap()
    };
    for v in ["a", "b", "c"] {
        send(&mut c, "p", v);
    }
    run(&mut c, 100);
    let leader = c.partition("t", 0).unwrap().leader.unwrap();
    let follower = 1 - leader;
    // The follower stops fetching and leaves the ISR; the leader alone takes d, e, f.
    c.apply(Command::SlowFollower {
        broker: follower,
        fetch_interval_ms: 10_000_000,
    })
    .unwrap();
    run(&mut c, 40_000);
    for v in ["d", "e", "f"] {
        send(&mut c, "p", v);
    }
    assert_eq!(c.partition("t", 0).unwrap().high_watermark, 6);
    poll(&mut c);
    // The leader dies; the out-of-sync follower becomes leader (unclean) and takes 5 new records.
    let ev = c.apply(Command::KillBroker { broker: leader }).unwrap();
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::LeaderElected {
            reason: ElectionReason::Unclean {
                lost_records: 3,
                ..
            },
            ..
        }
    )));
    for v in ["g", "h", "i", "j", "k"] {
        send(&mut c, "p", v);
    }
    let p = c.partition("t", 0).unwrap();
    assert_eq!((p.log_end_offset, p.high_watermark), (8, 8));
    let ev = poll(&mut c);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::PositionSet {
            offset: 3,
            from: PositionSource::Truncated { position: 6, .. },
            ..
        }
    )));
    let read: Vec<(u64, u64)> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Polled { from, to, .. } => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(read, [(3, 8)], "g..k are read, none skipped");
    assert!(c.audit().is_ok());
}

/// `Partition.effectiveMinIsr` (Kafka 3.7+): `min.insync.replicas` is capped at the replication
/// factor, both for the append check (`appendRecordsToLeader`) and for the high watermark. A
/// topic of 2 replicas with `min.insync.replicas=3` takes `acks=all` records while both replicas
/// are in sync (Kafka 4.1 does; found by `cargo xtask kafka-diff`, seed 20261219).
#[test]
fn min_insync_replicas_is_capped_at_the_replication_factor() {
    let mut c = Cluster::with_brokers(3, 7).unwrap();
    topic(&mut c, "t", 1, 2, &[("min.insync.replicas", "3")]);
    producer(&mut c, "all", Acks::All);
    let ev = send(&mut c, "all", "a");
    assert_eq!(acked(&ev, Acks::All), 1, "{ev:?}");
    assert_eq!(c.partition("t", 0).unwrap().high_watermark, 1);
}

/// KIP-101 (`ReplicaFetcherThread` truncating to `OffsetsForLeaderEpoch`'s answer): a follower
/// that cannot reach the cluster keeps the records it copied, even when the leader that wrote
/// them fails and a replica without them takes over; it truncates only once it reconnects and
/// learns where the new leader's epoch ends. Found by `kafka_props` (seed 218): slow one
/// follower, produce with `acks=1`, isolate the other follower, kill the leader.
#[test]
fn an_isolated_follower_keeps_its_records_until_it_reconnects_and_truncates() {
    let mut c = Cluster::with_brokers(3, 7).unwrap();
    topic(&mut c, "t", 1, 3, &[]);
    producer(&mut c, "one", Acks::Leader);
    let p = c.partition("t", 0).unwrap();
    let leader = p.leader.unwrap();
    let others: Vec<BrokerId> = p
        .replicas
        .iter()
        .copied()
        .filter(|&b| b != leader)
        .collect();
    let (slow, ahead) = (others[0], others[1]);
    c.apply(Command::SlowFollower {
        broker: slow,
        fetch_interval_ms: 10_000_000,
    })
    .unwrap();
    assert_eq!(acked(&send(&mut c, "one", "a"), Acks::Leader), 1);
    let leo = |c: &Cluster, b: BrokerId| {
        let p = c.partition("t", 0).unwrap();
        p.replica_state
            .iter()
            .find(|r| r.broker == b)
            .unwrap()
            .log_end_offset
    };
    assert_eq!((leo(&c, ahead), leo(&c, slow)), (1, 0));

    c.apply(Command::IsolateBroker { broker: ahead }).unwrap();
    c.apply(Command::KillBroker { broker: leader }).unwrap();
    let p = c.partition("t", 0).unwrap();
    assert_eq!(p.leader, Some(slow), "the only reachable ISR member leads");
    assert_eq!(p.log_end_offset, 0, "the new leader never had \"a\"");
    assert_eq!(leo(&c, ahead), 1, "cut off, the follower still holds \"a\"");

    let mut ev = c.apply(Command::HealBroker { broker: ahead }).unwrap();
    ev.extend(run(&mut c, 1_000));
    assert!(leo(&c, ahead) <= c.partition("t", 0).unwrap().log_end_offset);
    assert!(
        ev.iter().any(
            |e| matches!(e, Event::Truncated { broker, to_offset: 0, .. } if *broker == ahead)
        ),
        "reconnected, it truncates to where the new leader's epoch ends: {ev:?}"
    );
    assert!(c.audit().is_ok());
}
