//! Behaviour a learner would notice, one rule per test.

use engine::kafka::*;

fn cluster(brokers: u32) -> Cluster {
    Cluster::with_brokers(brokers, 7).unwrap()
}

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

fn producer(c: &mut Cluster, name: &str, f: impl FnOnce(&mut ProducerConfig)) {
    let mut cfg = ProducerConfig::default();
    f(&mut cfg);
    c.apply(Command::CreateProducer {
        name: name.into(),
        config: cfg,
    })
    .unwrap();
}

fn send(c: &mut Cluster, p: &str, t: &str, r: Record) -> Vec<Event> {
    c.apply(Command::ProduceFrom {
        producer: p.into(),
        topic: t.into(),
        record: r,
    })
    .unwrap()
}

fn run(c: &mut Cluster, ms: u64) -> Vec<Event> {
    c.apply(Command::Advance { ms }).unwrap()
}

fn audit_ok(c: &Cluster) -> Audit {
    c.audit().expect("every record accounted for")
}

#[test]
fn keyed_records_follow_murmur2_and_keep_order() {
    let mut c = cluster(1);
    topic(&mut c, "matches", 6, 1, &[]);
    producer(&mut c, "p", |_| {});
    let mut parts = Vec::new();
    for i in 0..5 {
        let ev = send(
            &mut c,
            "p",
            "matches",
            Record::keyed("match-42", format!("event {i}")),
        );
        for e in ev {
            if let Event::Partitioned {
                partition, reason, ..
            } = e
            {
                assert_eq!(
                    reason,
                    PartitionReason::KeyHash {
                        murmur2: murmur2(b"match-42"),
                        partitions: 6
                    }
                );
                parts.push(partition);
            }
        }
    }
    assert!(
        parts
            .iter()
            .all(|&p| p == partition_for_key(b"match-42", 6))
    );
    run(&mut c, 10);
    let p = c.partition("matches", parts[0]).unwrap();
    let values: Vec<Vec<u8>> = p.records().map(|r| r.value.unwrap().to_vec()).collect();
    assert_eq!(
        values,
        (0..5)
            .map(|i| format!("event {i}").into_bytes())
            .collect::<Vec<_>>()
    );
    audit_ok(&c);
}

#[test]
fn linger_holds_a_batch_until_it_expires_or_fills() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 5);
    let ev = send(&mut c, "p", "t", Record::new("a"));
    assert!(!ev.iter().any(|e| matches!(e, Event::Appended { .. })));
    let ev = run(&mut c, 4);
    assert!(!ev.iter().any(|e| matches!(e, Event::Appended { .. })));
    let ev = run(&mut c, 1);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::BatchSent {
            trigger: SendTrigger::Linger,
            ..
        }
    )));
    // a full batch goes at once
    producer(&mut c, "q", |cfg| {
        cfg.linger_ms = 1000;
        cfg.batch_size = 300;
    });
    let mut sent = false;
    for _ in 0..10 {
        let ev = send(&mut c, "q", "t", Record::new(vec![b'x'; 50]));
        sent |= ev.iter().any(|e| {
            matches!(
                e,
                Event::BatchSent {
                    trigger: SendTrigger::Full,
                    ..
                }
            )
        });
    }
    assert!(sent);
}

#[test]
fn the_default_produce_and_flush_append_immediately() {
    let mut c = Cluster::new();
    c.apply(Command::CreateTopic {
        name: "orders".into(),
        partitions: 3,
    })
    .unwrap();
    c.apply(Command::Produce {
        topic: "orders".into(),
        record: Record::keyed("k", "v"),
    })
    .unwrap();
    let ev = c.apply(Command::Flush { producer: None }).unwrap();
    let appended = ev.iter().find_map(|e| match e {
        Event::Appended {
            partition, offset, ..
        } => Some((*partition, *offset)),
        _ => None,
    });
    assert_eq!(appended, Some((partition_for_key(b"k", 3), 0)));
    let parts = c.partitions("orders").unwrap();
    assert_eq!(parts[appended.unwrap().0 as usize][0].record.value, b"v");
}

#[test]
fn acks_all_waits_for_the_isr() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1, 3, &[]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    let ev = send(&mut c, "p", "t", Record::new("x"));
    assert!(ev.iter().any(|e| matches!(e, Event::Appended { .. })));
    assert!(!ev.iter().any(|e| matches!(e, Event::Acked { .. })));
    let ev = run(&mut c, 1);
    let acked = ev.iter().find_map(|e| match e {
        Event::Acked {
            isr,
            high_watermark,
            acks,
            ..
        } => Some((isr.len(), *high_watermark, *acks)),
        _ => None,
    });
    assert_eq!(acked, Some((3, 1, Acks::All)));
}

#[test]
fn not_enough_replicas_then_recovery() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1, 3, &[("min.insync.replicas", "2")]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    let leader = c.partition("t", 0).unwrap().leader.unwrap();
    let others: Vec<u32> = (0..3).filter(|&b| b != leader).collect();
    for &b in &others {
        c.apply(Command::KillBroker { broker: b }).unwrap();
    }
    assert_eq!(c.partition("t", 0).unwrap().isr, &[leader]);
    let ev = send(&mut c, "p", "t", Record::new("x"));
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::ProduceFailed {
            error: ProduceError::NotEnoughReplicas { .. },
            will_retry: true,
            ..
        }
    )));
    c.apply(Command::RestartBroker { broker: others[0] })
        .unwrap();
    let ev = run(&mut c, 300);
    assert!(ev.iter().any(|e| matches!(e, Event::IsrExpanded { .. })));
    assert!(ev.iter().any(|e| matches!(e, Event::Acked { .. })));
    assert_eq!(audit_ok(&c).stored, 1);
}

#[test]
fn clean_failover_keeps_acknowledged_records() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1, 3, &[]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    for i in 0..10 {
        send(&mut c, "p", "t", Record::new(format!("{i}")));
    }
    run(&mut c, 5);
    let before = c.partition("t", 0).unwrap();
    let (leader, epoch) = (before.leader.unwrap(), before.leader_epoch);
    let ev = c.apply(Command::KillBroker { broker: leader }).unwrap();
    let elected = ev.iter().find_map(|e| match e {
        Event::LeaderElected {
            leader,
            reason: ElectionReason::Clean { .. },
            leader_epoch,
            ..
        } => Some((*leader, *leader_epoch)),
        _ => None,
    });
    let (new_leader, new_epoch) = elected.expect("a clean election");
    assert_ne!(new_leader, Some(leader));
    assert_eq!(new_epoch, epoch + 1);
    assert_eq!(c.partition("t", 0).unwrap().records, 10);
    assert_eq!(audit_ok(&c).lost, 0);
}

#[test]
fn acks_1_records_are_lost_when_the_leader_dies_before_replication() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1, 3, &[]);
    producer(&mut c, "p", |cfg| {
        cfg.linger_ms = 0;
        cfg.acks = Acks::Leader;
    });
    send(&mut c, "p", "t", Record::new("safe"));
    run(&mut c, 2);
    let ev = send(&mut c, "p", "t", Record::new("doomed"));
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Acked {
            acks: Acks::Leader,
            ..
        }
    )));
    let leader = c.partition("t", 0).unwrap().leader.unwrap();
    let ev = c.apply(Command::KillBroker { broker: leader }).unwrap();
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::RecordsLost {
            records: 1,
            reason: LossReason::AcknowledgedBeforeReplication {
                acks: Acks::Leader,
                ..
            },
            ..
        }
    )));
    let a = audit_ok(&c);
    assert_eq!((a.stored, a.lost), (1, 1));
    // the old leader truncates its extra record when it comes back
    let ev = c.apply(Command::RestartBroker { broker: leader }).unwrap();
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Truncated { records: 1, .. }))
    );
}

#[test]
fn acks_all_records_survive_leader_death_by_retrying() {
    let mut c = cluster(3);
    topic(&mut c, "t", 1, 3, &[]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    send(&mut c, "p", "t", Record::new("a"));
    let leader = c.partition("t", 0).unwrap().leader.unwrap();
    let ev = c.apply(Command::KillBroker { broker: leader }).unwrap();
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Requeued { records: 1, .. }))
    );
    let ev = run(&mut c, 200);
    assert!(ev.iter().any(|e| matches!(e, Event::Acked { .. })));
    let a = audit_ok(&c);
    assert_eq!((a.stored, a.lost), (1, 0));
}

#[test]
fn a_slow_follower_leaves_the_isr_and_unclean_election_loses_data() {
    let mut c = cluster(2);
    topic(&mut c, "t", 1, 2, &[]);
    producer(&mut c, "p", |cfg| {
        cfg.linger_ms = 0;
        cfg.acks = Acks::Leader;
    });
    let leader = c.partition("t", 0).unwrap().leader.unwrap();
    let follower = 1 - leader;
    c.apply(Command::SlowFollower {
        broker: follower,
        fetch_interval_ms: 1_000_000,
    })
    .unwrap();
    send(&mut c, "p", "t", Record::new("a"));
    let ev = run(&mut c, 30_001);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::IsrShrunk {
            reason: IsrShrinkReason::Lagging { .. },
            ..
        }
    )));
    assert_eq!(c.partition("t", 0).unwrap().isr, &[leader]);
    // leader dies: no ISR member left, unclean election disabled -> offline
    let ev = c.apply(Command::KillBroker { broker: leader }).unwrap();
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::LeaderElected {
            leader: None,
            reason: ElectionReason::NoEligibleReplica { .. },
            ..
        }
    )));
    c.apply(Command::AlterTopicConfig {
        topic: "t".into(),
        name: "unclean.leader.election.enable".into(),
        value: "true".into(),
    })
    .unwrap();
    c.apply(Command::KillBroker { broker: follower }).unwrap();
    let ev = c
        .apply(Command::RestartBroker { broker: follower })
        .unwrap();
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::LeaderElected {
            reason: ElectionReason::Unclean {
                lost_records: 1,
                ..
            },
            ..
        }
    )));
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::RecordsLost {
            reason: LossReason::UncleanElection { .. },
            ..
        }
    )));
    assert_eq!(audit_ok(&c).lost, 1);
}

#[test]
fn isolated_broker_is_fenced_after_the_session_timeout() {
    let mut c = cluster(3);
    topic(&mut c, "t", 3, 3, &[]);
    let leader = c.partition("t", 0).unwrap().leader.unwrap();
    c.apply(Command::IsolateBroker { broker: leader }).unwrap();
    let ev = run(&mut c, 8_000);
    assert!(!ev.iter().any(|e| matches!(e, Event::BrokerFenced { .. })));
    let ev = run(&mut c, 2_000);
    assert!(ev.iter().any(|e| matches!(e, Event::BrokerFenced { .. })));
    assert_ne!(c.partition("t", 0).unwrap().leader, Some(leader));
    c.apply(Command::HealBroker { broker: leader }).unwrap();
    run(&mut c, 10);
    assert_eq!(c.partition("t", 0).unwrap().isr.len(), 3);
}

#[test]
fn controller_moves_when_it_dies() {
    let mut c = cluster(3);
    assert_eq!(c.controller(), (Some(0), 1));
    let ev = c.apply(Command::KillBroker { broker: 0 }).unwrap();
    assert!(ev.contains(&Event::ControllerElected {
        broker: 1,
        epoch: 2,
        previous: Some(0)
    }));
}

#[test]
fn replication_factor_above_live_brokers_is_refused() {
    let mut c = cluster(3);
    c.apply(Command::KillBroker { broker: 2 }).unwrap();
    let err = c
        .apply(Command::CreateTopicWith {
            name: "t".into(),
            partitions: 1,
            replication_factor: 3,
            configs: vec![],
        })
        .unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReplicationFactor {
            requested: 3,
            available: 2
        }
    );
    let bad = c.apply(Command::CreateTopic {
        name: "bad name".into(),
        partitions: 1,
    });
    assert_eq!(bad.unwrap_err(), Error::InvalidTopicName);
    let zero = c.apply(Command::CreateTopic {
        name: "t".into(),
        partitions: 0,
    });
    assert_eq!(
        zero.unwrap_err(),
        Error::PartitionCountOutOfRange {
            max: MAX_PARTITIONS
        }
    );
}

#[test]
fn placement_spreads_leaders_like_kafka() {
    let mut c = cluster(3);
    topic(&mut c, "t", 6, 3, &[]);
    let mut leaders = [0; 3];
    for p in 0..6 {
        let v = c.partition("t", p).unwrap();
        leaders[v.leader.unwrap() as usize] += 1;
        let mut r = v.replicas.to_vec();
        r.sort();
        r.dedup();
        assert_eq!(r.len(), 3);
    }
    assert_eq!(leaders, [2, 2, 2]);
}

/// Two checks, as in Kafka: the producer refuses a record over its `max.request.size` in `send`
/// (`KafkaProducer.ensureValidRecordSize`: `RecordTooLargeException`, nothing leaves the
/// producer); the leader refuses a batch over the topic's `max.message.bytes` with
/// `MESSAGE_TOO_LARGE` (`UnifiedLog.analyzeAndValidateRecords`), stores nothing and counts the
/// bytes rejected (`BytesRejectedPerSec`).
#[test]
fn message_max_bytes_is_enforced() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[("max.message.bytes", "1000")]);
    // Within max.request.size (1 MiB): the producer sends it, the broker refuses it.
    c.apply(Command::Produce {
        topic: "t".into(),
        record: Record::new(vec![0u8; 2000]),
    })
    .expect("the producer takes it");
    let ev = c.apply(Command::Flush { producer: None }).unwrap();
    let refused: Vec<_> = ev
        .iter()
        .filter_map(|e| match e {
            Event::ProduceFailed {
                error:
                    ProduceError::MessageTooLarge {
                        batch_bytes,
                        max_message_bytes,
                    },
                will_retry,
                records,
                ..
            } => Some((*batch_bytes, *max_message_bytes, *will_retry, *records)),
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 1, "{ev:?}");
    let (bytes, limit, retry, records) = refused[0];
    assert!(bytes > 2000 && limit == 1000 && !retry && records == 1);
    assert_eq!(c.partition("t", 0).unwrap().log_end_offset, 0);
    let t = c.topic("t").unwrap();
    assert_eq!((t.rejected_batches, t.bytes_rejected), (1, bytes as u64));
    let p = &c.producers()[0];
    assert_eq!((p.failed_records, p.buffered_records), (1, 0));
    // Small records after it are batched within the topic's limit and stored.
    for _ in 0..20 {
        c.apply(Command::Produce {
            topic: "t".into(),
            record: Record::new(vec![1u8; 100]),
        })
        .unwrap();
    }
    c.apply(Command::Flush { producer: None }).unwrap();
    assert_eq!(c.partition("t", 0).unwrap().log_end_offset, 20);
    assert_eq!(c.topic("t").unwrap().rejected_batches, 1);
    // Over the producer's own max.request.size: refused in send, before any broker.
    let err = c
        .apply(Command::Produce {
            topic: "t".into(),
            record: Record::new(vec![0u8; 1_048_577]),
        })
        .unwrap_err();
    assert!(matches!(
        err,
        Error::RecordTooLarge {
            limit: 1_048_576,
            ..
        }
    ));
    let err = c
        .apply(Command::Produce {
            topic: "nope".into(),
            record: Record::new("x"),
        })
        .unwrap_err();
    assert_eq!(err, Error::UnknownTopic);
}

#[test]
fn retention_deletes_whole_old_segments() {
    let mut c = cluster(1);
    topic(
        &mut c,
        "t",
        1,
        1,
        &[("segment.bytes", "1024"), ("retention.ms", "60000")],
    );
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    for i in 0..40 {
        send(&mut c, "p", "t", Record::new(format!("{i:0>60}")));
    }
    run(&mut c, 1);
    let segs = c.partition("t", 0).unwrap().segments.len();
    assert!(segs > 2, "{segs} segments");
    let ev = run(&mut c, 400_000);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::RecordsRemoved {
            reason: Removal::RetentionTime,
            ..
        }
    )));
    let p = c.partition("t", 0).unwrap();
    assert_eq!(p.records, 0);
    assert_eq!(p.log_start_offset, 40);
    assert_eq!(audit_ok(&c).removed_by_retention, 40);
}

#[test]
fn retention_bytes_keeps_the_newest_segments() {
    let mut c = cluster(1);
    topic(
        &mut c,
        "t",
        1,
        1,
        &[("segment.bytes", "1024"), ("retention.bytes", "2048")],
    );
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    for i in 0..60 {
        send(&mut c, "p", "t", Record::new(format!("{i:0>60}")));
    }
    run(&mut c, 300_001);
    let p = c.partition("t", 0).unwrap();
    assert!(p.size_bytes <= 2048 + 1024, "{}", p.size_bytes);
    assert!(p.log_start_offset > 0);
    audit_ok(&c);
}

#[test]
fn compaction_keeps_the_latest_value_per_key_and_expires_tombstones() {
    let mut c = cluster(1);
    topic(
        &mut c,
        "scores",
        1,
        1,
        &[
            ("cleanup.policy", "compact"),
            ("segment.ms", "100"),
            ("delete.retention.ms", "1000"),
        ],
    );
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    for i in 0..5 {
        send(
            &mut c,
            "p",
            "scores",
            Record::keyed("team-a", format!("{i}")),
        );
        send(
            &mut c,
            "p",
            "scores",
            Record::keyed("team-b", format!("{i}")),
        );
    }
    send(&mut c, "p", "scores", Record::tombstone("team-b"));
    let keyless = c.apply(Command::Produce {
        topic: "scores".into(),
        record: Record::new("no key"),
    });
    assert_eq!(keyless.unwrap_err(), Error::KeyRequiredForCompactedTopic);
    run(&mut c, 200);
    send(&mut c, "p", "scores", Record::keyed("team-c", "roll")); // rolls a new active segment
    let ev = run(&mut c, 16_000);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::RecordsRemoved {
            reason: Removal::Superseded,
            ..
        }
    )));
    let p = c.partition("scores", 0).unwrap();
    let left: Vec<(Vec<u8>, bool)> = p
        .records()
        .map(|r| (r.key.unwrap().to_vec(), r.is_tombstone()))
        .collect();
    assert_eq!(
        left,
        vec![
            (b"team-a".to_vec(), false),
            (b"team-b".to_vec(), true),
            (b"team-c".to_vec(), false)
        ]
    );
    // after delete.retention.ms, the tombstone goes on the next cleaning
    let ev = run(&mut c, 16_000);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::RecordsRemoved {
            reason: Removal::TombstoneExpired,
            ..
        }
    )));
    assert_eq!(c.partition("scores", 0).unwrap().records, 2);
    audit_ok(&c);
}

#[test]
fn compression_uses_a_real_codec() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[]);
    producer(&mut c, "p", |cfg| {
        cfg.compression_type = Compression::Gzip;
        cfg.linger_ms = 10;
    });
    for i in 0..100 {
        send(
            &mut c,
            "p",
            "t",
            Record::new(format!(
                "{{\"match\":42,\"minute\":{i},\"event\":\"pass\"}}"
            )),
        );
    }
    let ev = run(&mut c, 20);
    let (bytes, compressed) = ev
        .iter()
        .find_map(|e| match e {
            Event::BatchSent {
                bytes,
                compressed_bytes,
                compression: Compression::Gzip,
                ..
            } => Some((*bytes, *compressed_bytes)),
            _ => None,
        })
        .unwrap();
    assert!(compressed * 3 < bytes, "{compressed} vs {bytes}");
    assert_eq!(c.partition("t", 0).unwrap().size_bytes, compressed as u64);
}

#[test]
fn back_pressure_blocks_sends_when_the_buffer_is_full() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[]);
    c.apply(Command::AlterBrokerConfig {
        name: "max.append.bytes.per.ms".into(),
        value: "2000".into(),
    })
    .unwrap();
    producer(&mut c, "p", |cfg| {
        cfg.buffer_memory = 20_000;
        cfg.batch_size = 1000;
    });
    let mut blocked = 0;
    let mut saturated = false;
    for _ in 0..50 {
        for _ in 0..20 {
            let ev = send(&mut c, "p", "t", Record::new(vec![7u8; 100]));
            blocked += ev
                .iter()
                .filter(|e| matches!(e, Event::SendBlocked { .. }))
                .count();
        }
        saturated |= c
            .tick()
            .iter()
            .any(|e| matches!(e, Event::BrokerSaturated { .. }));
    }
    assert!(saturated);
    assert!(blocked > 0);
    // The next metrics sample carries the count.
    c.advance(engine::kafka::METRICS_INTERVAL_MS);
    assert!(c.metrics().latest().unwrap().blocked_sends > 0);
    audit_ok(&c);
}

#[test]
fn keyless_sticky_switches_after_batch_size_and_round_robin_cycles() {
    let mut c = cluster(1);
    topic(&mut c, "t", 4, 1, &[]);
    producer(&mut c, "s", |cfg| cfg.batch_size = 500);
    let mut parts = Vec::new();
    for _ in 0..40 {
        for e in send(&mut c, "s", "t", Record::new(vec![1u8; 100])) {
            if let Event::Partitioned { partition, .. } = e {
                parts.push(partition);
            }
        }
    }
    // runs of the same partition, ~5 records (500 bytes) long
    let switches = parts.windows(2).filter(|w| w[0] != w[1]).count();
    assert!((3..=10).contains(&switches), "{parts:?}");
    producer(&mut c, "r", |cfg| cfg.keyless = KeylessMode::RoundRobin);
    let mut rr = Vec::new();
    for _ in 0..8 {
        for e in send(&mut c, "r", "t", Record::new("x")) {
            if let Event::Partitioned { partition, .. } = e {
                rr.push(partition);
            }
        }
    }
    assert_eq!(rr, [0, 1, 2, 3, 0, 1, 2, 3]);
}

#[test]
fn custom_partitioners_by_header_salt_and_compound_key() {
    let mut c = cluster(1);
    topic(&mut c, "t", 8, 1, &[]);
    producer(&mut c, "h", |cfg| {
        cfg.partitioner = Some(CustomPartitioner::ByHeader {
            header: "match-id".into(),
        })
    });
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..20 {
        let r = Record::keyed(format!("event-{i}"), "goal").with_header("match-id", "7");
        for e in send(&mut c, "h", "t", r) {
            if let Event::Partitioned {
                partition, reason, ..
            } = e
            {
                assert!(matches!(reason, PartitionReason::Custom { .. }));
                seen.insert(partition);
            }
        }
    }
    assert_eq!(seen.len(), 1, "one match, one partition");
    producer(&mut c, "salt", |cfg| {
        cfg.partitioner = Some(CustomPartitioner::RandomSalt { salts: 4 })
    });
    let mut salted = std::collections::BTreeSet::new();
    for _ in 0..200 {
        for e in send(&mut c, "salt", "t", Record::keyed("hot-ad", "click")) {
            if let Event::Partitioned { partition, .. } = e {
                salted.insert(partition);
            }
        }
    }
    assert!(salted.len() > 1 && salted.len() <= 4, "{salted:?}");
    producer(&mut c, "cmp", |cfg| {
        cfg.partitioner = Some(CustomPartitioner::CompoundKey {
            header: "region".into(),
        })
    });
    let ev = send(
        &mut c,
        "cmp",
        "t",
        Record::keyed("ad-1", "click").with_header("region", "kr"),
    );
    let want = partition_for_key(b"ad-1|kr", 8);
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Partitioned { partition, .. } if *partition == want))
    );
    // explicit partition wins over everything
    let ev = send(
        &mut c,
        "salt",
        "t",
        Record::keyed("hot-ad", "click").to_partition(5),
    );
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Partitioned {
            partition: 5,
            reason: PartitionReason::Explicit { partition: 5 },
            ..
        }
    )));
}

fn consumer(strategy: Strategy) -> ConsumerConfig {
    ConsumerConfig {
        partition_assignment_strategy: vec![strategy],
        auto_offset_reset: AutoOffsetReset::Earliest,
        enable_auto_commit: false,
        ..ConsumerConfig::default()
    }
}

fn join(c: &mut Cluster, g: &str, m: &str, topics: &[&str], cfg: ConsumerConfig) -> Vec<Event> {
    c.apply(Command::Subscribe {
        group: g.into(),
        member: m.into(),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        config: cfg,
    })
    .unwrap()
}

fn poll(c: &mut Cluster, g: &str, m: &str) -> u32 {
    c.apply(Command::Poll {
        group: g.into(),
        member: m.into(),
    })
    .unwrap()
    .iter()
    .map(|e| match e {
        Event::Polled { records, .. } => *records,
        _ => 0,
    })
    .sum()
}

fn fill(c: &mut Cluster, t: &str, n: usize) {
    for i in 0..n {
        c.apply(Command::Produce {
            topic: t.into(),
            record: Record::keyed(format!("k{i}"), "v"),
        })
        .unwrap();
    }
    run(c, 10);
}

#[test]
fn a_group_shares_partitions_and_groups_each_get_everything() {
    let mut c = cluster(1);
    topic(&mut c, "t", 4, 1, &[]);
    fill(&mut c, "t", 100);
    join(&mut c, "g", "a", &["t"], consumer(Strategy::Range));
    join(&mut c, "g", "b", &["t"], consumer(Strategy::Range));
    let g = c.group("g").unwrap();
    assert_eq!(g.members[0].assignment.len(), 2);
    assert_eq!(g.members[1].assignment.len(), 2);
    let mut total = 0;
    for _ in 0..10 {
        total += poll(&mut c, "g", "a") + poll(&mut c, "g", "b");
    }
    assert_eq!(total, 100);
    assert_eq!(
        c.group("g").unwrap().total_lag(),
        100,
        "nothing committed yet"
    );
    c.apply(Command::Commit {
        group: "g".into(),
        member: "a".into(),
    })
    .unwrap();
    c.apply(Command::Commit {
        group: "g".into(),
        member: "b".into(),
    })
    .unwrap();
    assert_eq!(c.group("g").unwrap().total_lag(), 0);
    // a second group reads every record again (pub/sub)
    join(&mut c, "h", "x", &["t"], consumer(Strategy::RoundRobin));
    let mut again = 0;
    for _ in 0..10 {
        again += poll(&mut c, "h", "x");
    }
    assert_eq!(again, 100);
}

#[test]
fn max_poll_records_limits_one_poll() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[]);
    fill(&mut c, "t", 50);
    let mut cfg = consumer(Strategy::Range);
    cfg.max_poll_records = 20;
    join(&mut c, "g", "a", &["t"], cfg);
    assert_eq!(poll(&mut c, "g", "a"), 20);
    assert_eq!(poll(&mut c, "g", "a"), 20);
    assert_eq!(poll(&mut c, "g", "a"), 10);
    // replay from the start
    c.apply(Command::Seek {
        group: "g".into(),
        member: "a".into(),
        topic: "t".into(),
        partition: 0,
        to: SeekTo::Beginning,
    })
    .unwrap();
    assert_eq!(poll(&mut c, "g", "a"), 20);
}

#[test]
fn extra_consumers_sit_idle() {
    let mut c = cluster(1);
    topic(&mut c, "t", 2, 1, &[]);
    for m in ["a", "b", "c"] {
        join(&mut c, "g", m, &["t"], consumer(Strategy::Range));
    }
    assert_eq!(c.group("g").unwrap().idle_members.len(), 1);
}

#[test]
fn a_crashed_member_is_removed_after_the_session_timeout() {
    let mut c = cluster(1);
    topic(&mut c, "t", 2, 1, &[]);
    join(&mut c, "g", "a", &["t"], consumer(Strategy::Range));
    join(&mut c, "g", "b", &["t"], consumer(Strategy::Range));
    c.apply(Command::Crash {
        group: "g".into(),
        member: "b".into(),
    })
    .unwrap();
    let ev = run(&mut c, 44_000);
    assert!(!ev.iter().any(|e| matches!(e, Event::Rebalanced { .. })));
    poll(&mut c, "g", "a");
    let ev = run(&mut c, 2_000);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::MemberLeft {
            reason: LeaveReason::SessionTimeout { .. },
            ..
        }
    )));
    assert_eq!(c.group("g").unwrap().members[0].assignment.len(), 2);
}

#[test]
fn a_static_member_gets_its_partitions_back_without_a_rebalance() {
    let mut c = cluster(1);
    topic(&mut c, "t", 4, 1, &[]);
    let mut cfg = consumer(Strategy::Range);
    cfg.group_instance_id = Some("pod-1".into());
    join(&mut c, "g", "a", &["t"], cfg.clone());
    join(&mut c, "g", "b", &["t"], consumer(Strategy::Range));
    let before = c.group("g").unwrap();
    c.apply(Command::Leave {
        group: "g".into(),
        member: "a".into(),
    })
    .unwrap();
    run(&mut c, 1000);
    let ev = join(&mut c, "g", "a2", &["t"], cfg);
    assert!(!ev.iter().any(|e| matches!(e, Event::Rebalanced { .. })));
    let after = c.group("g").unwrap();
    assert_eq!(after.generation, before.generation);
    assert_eq!(
        after
            .members
            .iter()
            .find(|m| m.name.as_ref() == "a2")
            .unwrap()
            .assignment
            .len(),
        2
    );
}

#[test]
fn cooperative_sticky_moves_partitions_in_two_rounds() {
    let mut c = cluster(1);
    topic(&mut c, "t", 4, 1, &[]);
    join(
        &mut c,
        "g",
        "a",
        &["t"],
        consumer(Strategy::CooperativeSticky),
    );
    let ev = join(
        &mut c,
        "g",
        "b",
        &["t"],
        consumer(Strategy::CooperativeSticky),
    );
    let first = ev
        .iter()
        .find_map(|e| match e {
            Event::Rebalanced {
                assignment,
                pending,
                ..
            } => Some((assignment.clone(), pending.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(first.0["a"].len(), 2, "a keeps two");
    assert!(first.0["b"].is_empty(), "b waits for the revocation");
    assert_eq!(first.1.len(), 2);
    let ev = c.tick();
    let second = ev
        .iter()
        .find_map(|e| match e {
            Event::Rebalanced {
                assignment,
                reason: RebalanceReason::CooperativeFollowUp,
                ..
            } => Some(assignment.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(second["b"].len(), 2);
}

#[test]
fn a_push_consumer_overflows_where_a_pull_consumer_keeps_up() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[]);
    let mut cfg = consumer(Strategy::Range);
    cfg.delivery = DeliveryMode::Push {
        capacity_per_ms: 1,
        buffer: 10,
    };
    join(&mut c, "push", "p", &["t"], cfg);
    join(&mut c, "pull", "q", &["t"], consumer(Strategy::Range));
    fill(&mut c, "t", 100);
    let push = c.group("push").unwrap();
    assert!(push.members[0].dropped > 0);
    let mut pulled = 0;
    for _ in 0..5 {
        pulled += poll(&mut c, "pull", "q");
    }
    assert_eq!(pulled, 100);
}

#[test]
fn adding_partitions_triggers_a_rebalance() {
    let mut c = cluster(1);
    topic(&mut c, "t", 2, 1, &[]);
    join(&mut c, "g", "a", &["t"], consumer(Strategy::Range));
    join(&mut c, "g", "b", &["t"], consumer(Strategy::Range));
    let ev = c
        .apply(Command::AddPartitions {
            topic: "t".into(),
            partitions: 4,
        })
        .unwrap();
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Rebalanced {
            reason: RebalanceReason::MetadataChanged,
            ..
        }
    )));
    assert_eq!(c.group("g").unwrap().members[1].assignment.len(), 2);
}

#[test]
fn snapshots_are_independent_and_digests_deterministic() {
    let script = |c: &mut Cluster| {
        c.apply(Command::CreateTopicWith {
            name: "t".into(),
            partitions: 3,
            replication_factor: 3,
            configs: vec![],
        })
        .unwrap();
        for i in 0..50 {
            c.apply(Command::Produce {
                topic: "t".into(),
                record: Record::new(format!("{i}")),
            })
            .unwrap();
        }
        c.apply(Command::Advance { ms: 100 }).unwrap();
    };
    let mut a = Cluster::with_brokers(3, 42).unwrap();
    let mut b = Cluster::with_brokers(3, 42).unwrap();
    script(&mut a);
    script(&mut b);
    assert_eq!(a.digest(), b.digest());
    let snapshot = a.clone();
    a.apply(Command::KillBroker { broker: 0 }).unwrap();
    assert_ne!(a.digest(), snapshot.digest());
    assert_eq!(snapshot.digest(), b.digest());
    let mut other = Cluster::with_brokers(3, 43).unwrap();
    script(&mut other);
    assert_ne!(
        other.digest(),
        b.digest(),
        "the seed matters (sticky partitioner, placement)"
    );
}

#[test]
fn an_added_broker_starts_empty_and_takes_new_partitions() {
    let mut c = cluster(3);
    topic(&mut c, "old", 3, 3, &[]);
    let ev = c.apply(Command::AddBroker).unwrap();
    assert_eq!(ev, vec![Event::BrokerAdded { broker: 3 }]);
    let brokers = c.brokers();
    assert_eq!(brokers.len(), 4);
    assert!(brokers[3].up);
    // no reassignment: existing partitions stay where they were
    assert_eq!(brokers[3].replicas, 0);
    topic(&mut c, "new", 8, 1, &[]);
    assert!(c.brokers()[3].replicas > 0, "new partitions may land on it");
    c.apply(Command::AddPartitions {
        topic: "old".into(),
        partitions: 6,
    })
    .unwrap();
    audit_ok(&c);
}

#[test]
fn adding_brokers_stops_at_the_limit() {
    let mut c = cluster(MAX_BROKERS);
    assert_eq!(
        c.apply(Command::AddBroker),
        Err(Error::TooMany {
            what: Limit::Brokers,
            max: MAX_BROKERS
        })
    );
    assert_eq!(c.brokers().len(), MAX_BROKERS as usize);
}

#[test]
fn deleting_a_topic_accounts_for_every_record_and_rebalances_its_groups() {
    let mut c = cluster(3);
    topic(&mut c, "gone", 2, 2, &[]);
    topic(&mut c, "kept", 1, 1, &[]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    producer(&mut c, "slow", |cfg| cfg.linger_ms = 60_000);
    for i in 0..6 {
        send(&mut c, "p", "gone", Record::keyed(format!("k{i}"), "v"));
        send(&mut c, "p", "kept", Record::new("v"));
    }
    run(&mut c, 100);
    // still waiting in the producer's buffer
    send(&mut c, "slow", "gone", Record::new("late"));
    join(
        &mut c,
        "g",
        "m",
        &["gone", "kept"],
        consumer(Strategy::Range),
    );
    c.apply(Command::Poll {
        group: "g".into(),
        member: "m".into(),
    })
    .unwrap();
    let ev = c
        .apply(Command::DeleteTopic {
            topic: "gone".into(),
        })
        .unwrap();
    assert!(ev.contains(&Event::TopicDeleted {
        topic: "gone".into(),
        records: 6,
        buffered: 1,
    }));
    assert!(ev.iter().any(|e| matches!(e, Event::Rebalanced { .. })));
    let a = audit_ok(&c);
    assert_eq!(a.removed_by_topic_deletion, 7);
    assert_eq!(a.stored, 6);
    assert!(c.topic("gone").is_none());
    let g = c.group("g").unwrap();
    assert!(g.lag.iter().all(|l| l.topic.as_ref() == "kept"));
    assert_eq!(
        c.apply(Command::DeleteTopic {
            topic: "gone".into()
        }),
        Err(Error::UnknownTopic)
    );
    assert_eq!(
        c.apply(Command::Produce {
            topic: "gone".into(),
            record: Record::new("v"),
        }),
        Err(Error::UnknownTopic)
    );
    // the name can be used again, and the rest of the cluster keeps working
    topic(&mut c, "gone", 1, 1, &[]);
    send(&mut c, "p", "kept", Record::new("more"));
    run(&mut c, 100);
    c.apply(Command::Poll {
        group: "g".into(),
        member: "m".into(),
    })
    .unwrap();
    assert_eq!(audit_ok(&c).stored, 7);
}

#[test]
fn a_slowed_consumer_falls_behind_a_faster_producer() {
    let mut c = cluster(1);
    topic(&mut c, "t", 1, 1, &[]);
    producer(&mut c, "p", |cfg| cfg.linger_ms = 0);
    join(&mut c, "g", "m", &["t"], consumer(Strategy::Range));
    let ev = c
        .apply(Command::SlowConsumer {
            group: "g".into(),
            member: "m".into(),
            max_records_per_poll: Some(2),
        })
        .unwrap();
    assert_eq!(
        ev,
        vec![Event::ConsumerSlowed {
            group: "g".into(),
            member: "m".into(),
            max_poll_records: 2,
        }]
    );
    let mut lags = Vec::new();
    for round in 0..4 {
        for i in 0..5 {
            send(&mut c, "p", "t", Record::new(format!("{round}-{i}")));
        }
        run(&mut c, 50);
        c.apply(Command::Poll {
            group: "g".into(),
            member: "m".into(),
        })
        .unwrap();
        c.apply(Command::Commit {
            group: "g".into(),
            member: "m".into(),
        })
        .unwrap();
        lags.push(c.group("g").unwrap().total_lag());
    }
    assert_eq!(lags, vec![3, 6, 9, 12]);
    // back to the default: one poll catches up
    c.apply(Command::SlowConsumer {
        group: "g".into(),
        member: "m".into(),
        max_records_per_poll: None,
    })
    .unwrap();
    c.apply(Command::Poll {
        group: "g".into(),
        member: "m".into(),
    })
    .unwrap();
    c.apply(Command::Commit {
        group: "g".into(),
        member: "m".into(),
    })
    .unwrap();
    assert_eq!(c.group("g").unwrap().total_lag(), 0);
    assert_eq!(
        c.apply(Command::SlowConsumer {
            group: "g".into(),
            member: "nobody".into(),
            max_records_per_poll: Some(1),
        }),
        Err(Error::UnknownMember)
    );
}
