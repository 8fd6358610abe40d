//! The steady stream: a simulated application producing at a fixed rate with a key strategy,
//! and its consumers reading along.

use engine::kafka::*;

fn spec(topic: &str, rate: u32, keys: KeyStrategy, consume: bool) -> StreamSpec {
    StreamSpec {
        topic: topic.into(),
        rate,
        keys,
        consume,
    }
}

fn cluster_with_topic(partitions: u32) -> Cluster {
    let mut c = Cluster::with_brokers(3, 7).unwrap();
    c.apply(Command::CreateTopic {
        name: "events".into(),
        partitions,
    })
    .unwrap();
    c
}

fn start(c: &mut Cluster, s: StreamSpec) -> Vec<Event> {
    c.apply(Command::StartStream { spec: s }).unwrap()
}

fn stored_per_partition(c: &Cluster, topic: &str) -> Vec<u64> {
    c.partition_views(topic)
        .unwrap()
        .iter()
        .map(|p| p.records)
        .collect()
}

#[test]
fn the_stream_produces_at_its_rate_and_keys_by_match() {
    let mut c = cluster_with_topic(6);
    start(&mut c, spec("events", 2_000, KeyStrategy::MatchId, false));
    c.advance(1_000);
    let a = c.audit().unwrap();
    assert_eq!(a.produced, 2_000);
    assert_eq!(c.stream().unwrap().sent, 2_000);
    // Each record sits on the partition murmur2 gives its key.
    let views = c.partition_views("events").unwrap();
    for (p, v) in views.iter().enumerate() {
        assert!(v.records > 0);
        for r in v.records().take(50) {
            assert_eq!(partition_for_key(r.key.unwrap(), 6), p as u32);
        }
    }
}

#[test]
fn a_hot_key_loads_one_partition_and_salting_spreads_it() {
    let mut hot = cluster_with_topic(12);
    start(&mut hot, spec("events", 1_000, KeyStrategy::HotKey, false));
    hot.advance(2_000);
    let loads = stored_per_partition(&hot, "events");
    let total: u64 = loads.iter().sum();
    let max = *loads.iter().max().unwrap();
    assert!(
        max * 5 > total * 2,
        "one partition takes about half: {loads:?}"
    );

    let mut salted = cluster_with_topic(12);
    start(
        &mut salted,
        spec("events", 1_000, KeyStrategy::Salted, false),
    );
    salted.advance(2_000);
    let loads = stored_per_partition(&salted, "events");
    let total: u64 = loads.iter().sum();
    assert!(
        *loads.iter().max().unwrap() * 5 < total,
        "spread: {loads:?}"
    );
    assert!(
        salted
            .producers()
            .iter()
            .any(|p| &*p.name == SALTED_PRODUCER)
    );
}

#[test]
fn consumers_read_along_when_asked() {
    let mut c = cluster_with_topic(4);
    c.apply(Command::Subscribe {
        group: "g".into(),
        member: "m1".into(),
        topics: vec!["events".into()],
        config: ConsumerConfig {
            auto_offset_reset: AutoOffsetReset::Earliest,
            enable_auto_commit: false,
            ..ConsumerConfig::default()
        },
    })
    .unwrap();
    start(&mut c, spec("events", 500, KeyStrategy::MatchId, true));
    c.advance(3_000);
    let g = &c.groups()[0];
    assert!(g.total_lag() < 500, "lag {}", g.total_lag());
}

#[test]
fn bad_streams_are_refused_and_change_nothing() {
    let mut c = cluster_with_topic(2);
    let before = c.digest();
    let err =
        |c: &mut Cluster, s: StreamSpec| c.apply(Command::StartStream { spec: s }).unwrap_err();
    assert_eq!(
        err(&mut c, spec("nope", 10, KeyStrategy::MatchId, false)),
        Error::UnknownTopic
    );
    assert_eq!(
        err(&mut c, spec("events", 0, KeyStrategy::MatchId, false)),
        Error::StreamRateOutOfRange {
            max: MAX_STREAM_RATE
        }
    );
    assert_eq!(
        err(
            &mut c,
            spec("events", MAX_STREAM_RATE + 1, KeyStrategy::Salted, false)
        ),
        Error::StreamRateOutOfRange {
            max: MAX_STREAM_RATE
        }
    );
    assert_eq!(c.apply(Command::StopStream).unwrap_err(), Error::NoStream);
    assert_eq!(c.digest(), before);
}

#[test]
fn stopping_and_deleting_the_topic_end_the_stream() {
    let mut c = cluster_with_topic(2);
    start(&mut c, spec("events", 100, KeyStrategy::NoKey, false));
    c.advance(1_000);
    c.apply(Command::StopStream).unwrap();
    c.advance(1_000);
    assert_eq!(c.audit().unwrap().produced, 100);
    // Restarting continues the sequence: every record stays unique.
    start(&mut c, spec("events", 100, KeyStrategy::NoKey, false));
    c.advance(500);
    assert_eq!(c.stream().unwrap().sent, 150);
    c.apply(Command::DeleteTopic {
        topic: "events".into(),
    })
    .unwrap();
    let ev = c.advance(10);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::StreamStopped {
            reason: StreamStop::TopicDeleted,
            ..
        }
    )));
    c.advance(1_000);
    let a = c.audit().unwrap();
    assert_eq!(a.produced, 150);
    assert_eq!(a.removed_by_topic_deletion, 150);
}

#[test]
fn back_pressure_holds_the_application_back_and_loses_nothing() {
    let mut c = cluster_with_topic(3);
    c.apply(Command::CreateProducer {
        name: DEFAULT_PRODUCER.into(),
        config: ProducerConfig {
            buffer_memory: 2_000,
            linger_ms: 1_000,
            ..ProducerConfig::default()
        },
    })
    .unwrap();
    start(&mut c, spec("events", 5_000, KeyStrategy::MatchId, false));
    c.advance(3_000);
    let s = c.stream().unwrap();
    assert!(s.held_back > 0, "{s:?}");
    let a = c.audit().unwrap();
    assert_eq!(a.produced, s.sent);
}

#[test]
fn the_same_stream_replays_to_the_same_state() {
    let run = || {
        let mut c = cluster_with_topic(5);
        start(&mut c, spec("events", 3_000, KeyStrategy::Compound, false));
        c.advance(1_500);
        c.digest()
    };
    assert_eq!(run(), run());
}

/// The World Cup scene's group reading a stream keyed by `keys` for five simulated seconds.
fn world_cup_reading(keys: KeyStrategy) -> StreamView {
    let mut sim = engine::workload::world_cup::scene();
    sim.apply(engine::workload::world_cup::stream(2_000, keys))
        .unwrap();
    sim.kafka.advance(5_000);
    sim.kafka.stream().unwrap()
}

#[test]
fn keyed_by_match_every_match_is_read_in_order() {
    let v = world_cup_reading(KeyStrategy::MatchId);
    assert!(v.read > 8_000, "the group reads along: {}", v.read);
    assert_eq!(v.out_of_order, 0);
    assert_eq!(v.last_out_of_order, None);
    // The final as one hot key still has one partition, so one order.
    assert_eq!(world_cup_reading(KeyStrategy::HotKey).out_of_order, 0);
}

#[test]
fn without_a_key_or_with_a_salted_final_events_are_read_out_of_order() {
    let none = world_cup_reading(KeyStrategy::NoKey);
    assert!(none.read > 2_000, "{none:?}");
    assert!(none.out_of_order > 0, "{none:?}");
    let last = none.last_out_of_order.unwrap();
    assert!(last.seq < last.after);
    assert!(last.key.starts_with("match-"));

    // Salting spreads the final over partitions, and with it the final's order.
    let salted = world_cup_reading(KeyStrategy::Salted);
    assert!(salted.out_of_order > 0);
    assert_eq!(salted.last_out_of_order.unwrap().key, HOT_KEY);
}
