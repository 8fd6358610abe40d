//! The event broker pipeline of issue 3: 3 brokers, one topic of 12 partitions with replication
//! factor 3 and `acks=all`, 100-byte values with keys, one consumer group of 4 members that poll
//! and commit every tick, and every event collected the way the UI collects them (a bounded
//! history). Timed with `Instant` here, never inside the engine.

use super::{Better, Row};
use engine::kafka::{
    AutoOffsetReset, Cluster, Command, ConsumerConfig, EVENT_HISTORY, Event, ProducerConfig,
    Record, Strategy,
};
use std::collections::VecDeque;
use std::time::Instant;

const RECORDS: usize = 2_000_000;
const PER_TICK: usize = 2_000;
const VALUE_BYTES: usize = 100;
const MEMBERS: usize = 4;

pub fn measure() -> Vec<Row> {
    let mut c = Cluster::with_brokers(3, 1).expect("3 brokers");
    let mut history: VecDeque<Event> = VecDeque::with_capacity(EVENT_HISTORY);
    let mut events = 0usize;
    let mut keep = |ev: Vec<Event>, history: &mut VecDeque<Event>| {
        for e in ev {
            if history.len() == EVENT_HISTORY {
                history.pop_front();
            }
            history.push_back(e);
            events += 1;
        }
    };
    let setup = [
        Command::CreateTopicWith {
            name: "events".into(),
            partitions: 12,
            replication_factor: 3,
            configs: vec![],
        },
        Command::CreateProducer {
            name: "producer".into(),
            config: ProducerConfig::default(),
        },
    ];
    for cmd in setup {
        keep(c.apply(cmd).expect("setup"), &mut history);
    }
    let members: Vec<String> = (0..MEMBERS).map(|i| format!("consumer-{i}")).collect();
    for m in &members {
        let config = ConsumerConfig {
            enable_auto_commit: false,
            auto_offset_reset: AutoOffsetReset::Earliest,
            partition_assignment_strategy: vec![Strategy::Range],
            ..ConsumerConfig::default()
        };
        let cmd = Command::Subscribe {
            group: "analytics".into(),
            member: m.clone(),
            topics: vec!["events".into()],
            config,
        };
        keep(c.apply(cmd).expect("subscribe"), &mut history);
    }
    let keys: Vec<Vec<u8>> = (0..1000)
        .map(|i| format!("match-{i}").into_bytes())
        .collect();
    let value = vec![b'v'; VALUE_BYTES];

    let start = Instant::now();
    let mut produced = 0;
    while produced < RECORDS {
        for _ in 0..PER_TICK {
            let record = Record::keyed(keys[produced % keys.len()].clone(), value.clone());
            keep(
                c.apply(Command::Produce {
                    topic: "events".into(),
                    record,
                })
                .expect("produce"),
                &mut history,
            );
            produced += 1;
        }
        keep(c.tick(), &mut history);
        for m in &members {
            keep(
                c.apply(Command::Poll {
                    group: "analytics".into(),
                    member: m.clone(),
                })
                .expect("poll"),
                &mut history,
            );
            keep(
                c.apply(Command::Commit {
                    group: "analytics".into(),
                    member: m.clone(),
                })
                .expect("commit"),
                &mut history,
            );
        }
    }
    // drain: until everything is acknowledged, consumed and committed
    for _ in 0..10_000 {
        if c.group("analytics").is_some_and(|g| g.total_lag() == 0)
            && c.audit().is_ok_and(|a| a.unacknowledged == 0)
        {
            break;
        }
        keep(c.tick(), &mut history);
        for m in &members {
            keep(
                c.apply(Command::Poll {
                    group: "analytics".into(),
                    member: m.clone(),
                })
                .expect("poll"),
                &mut history,
            );
            keep(
                c.apply(Command::Commit {
                    group: "analytics".into(),
                    member: m.clone(),
                })
                .expect("commit"),
                &mut history,
            );
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let audit = c.audit().expect("the audit holds");
    assert_eq!(audit.stored as usize, RECORDS, "every record stored");
    let lag = c.group("analytics").map_or(u64::MAX, |g| g.total_lag());
    assert_eq!(lag, 0, "the group consumed and committed everything");
    let heap: usize = c
        .partition_views("events")
        .expect("topic")
        .iter()
        .map(|p| p.heap_bytes())
        .sum();
    let per_record = heap as f64 / audit.stored as f64;
    let overhead = per_record - VALUE_BYTES as f64;
    vec![
        Row {
            name: "kafka pipeline records/s (3 brokers, RF3, acks=all)",
            value: RECORDS as f64 / secs,
            unit: "records/s",
            budget: Some((2_000_000.0, Better::Higher)),
        },
        Row {
            name: "kafka bytes per stored record",
            value: per_record,
            unit: "bytes",
            budget: Some(((VALUE_BYTES + 64) as f64, Better::Lower)),
        },
        Row {
            name: "kafka overhead per stored record (beyond value)",
            value: overhead,
            unit: "bytes",
            budget: Some((64.0, Better::Lower)),
        },
        Row {
            name: "kafka events collected",
            value: events as f64,
            unit: "events",
            budget: None,
        },
    ]
}
