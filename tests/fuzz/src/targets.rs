//! The two targets, and the seeds they start from.

use crate::share;
use engine::kafka::{Command as K, KeyStrategy, Record, StreamSpec};
use engine::rabbit::{
    BindSpec, Broker, ChannelId, Command as R, ConsumeSpec, ExchangeKind, ExchangeSpec, FieldTable,
    FieldValue, PublishSpec, QueueSpec,
};
use engine::replay::{Replay, Slice};
use engine::sim::{Action, Sim};
use engine::timeline::{Input, Timeline};
use std::path::Path;

/// Runs one case; returns the engine work it took (Kafka partition steps, see
/// `Cluster::partition_steps`).
pub fn run(target: &str, case: &[u8]) -> u64 {
    match target {
        "share" => share_link(case),
        "defs" => {
            definitions(case);
            0
        }
        other => panic!("unknown target {other}"),
    }
}

/// Prints what a case decodes to (`--replay`), runs of ticks collapsed.
pub fn describe(target: &str, case: &[u8]) {
    if target != "share" {
        return;
    }
    use base64::Engine;
    let link = format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(case)
    );
    match share::decode::<Action>(&link) {
        Ok(inputs) => {
            let mut ticks = 0;
            for i in &inputs {
                match i {
                    Input::Tick => ticks += 1,
                    Input::Command(a) => {
                        if ticks > 0 {
                            eprintln!("{ticks} ticks");
                            ticks = 0;
                        }
                        let s = format!("{a:?}");
                        eprintln!("{}", &s[..s.len().min(300)]);
                    }
                }
            }
            eprintln!("{ticks} ticks");
        }
        Err(e) => eprintln!("{e:?}"),
    }
}

/// The scene a link replays on: the Kafka sandbox's topic and group, and both brokers.
fn scene() -> Sim {
    let mut sim = Sim::new(1);
    sim.apply_all([
        Action::Kafka(K::CreateTopic {
            name: "orders".into(),
            partitions: 3,
        }),
        // The seeds' first topic name (cases mutated from them still use it).
        Action::Kafka(K::CreateTopic {
            name: "events".into(),
            partitions: 3,
        }),
        Action::Kafka(K::Subscribe {
            group: "g".into(),
            member: "c1".into(),
            topics: vec!["orders".into()],
            config: Default::default(),
        }),
    ])
    .expect("a valid scene");
    sim
}

/// Bytes are the link's postcard body (base64-encoded here, as a link carries it); a case
/// starting with `v` is taken as the link's text itself.
fn share_link(case: &[u8]) -> u64 {
    use base64::Engine;
    let link = if case.first() == Some(&b'v') {
        String::from_utf8_lossy(case).into_owned()
    } else {
        format!(
            "v1.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(case)
        )
    };
    let Ok(inputs) = share::decode_session(&link) else {
        return 0;
    };
    let again = share::decode::<Action>(&share::encode(&inputs)).expect("a re-encoded session");
    assert!(again == inputs, "a decoded session survives a round trip");
    // As the app replays a link: in slices, of a size the case picks.
    let budget = 1 + u64::from(case.last().copied().unwrap_or(0)) * 64;
    let mut replay = Replay::new(Timeline::new(scene(), 64), inputs);
    let mut t = loop {
        match replay.run(budget) {
            Slice::More(r) => replay = r,
            Slice::Done(t) => break t,
            // The app starts clean at the first refused action; the work was done all the same.
            Slice::Refused(_, t) => return t.state().kafka.partition_steps(),
        }
    };
    let work = t.state().kafka.partition_steps();
    let end = t.len();
    t.seek(end / 2);
    t.seek(0);
    t.seek(end);
    work
}

/// Bytes are a definitions file's text; whatever imports is rebuilt on a fresh stage with the
/// commands the app replays, then exported and imported again.
fn definitions(case: &[u8]) {
    let text = String::from_utf8_lossy(case);
    let mut b = Broker::new(1);
    let _report = b.import_definitions(&text);
    let mut sim = Sim::new(1);
    for a in rebuild(&b) {
        let _ = sim.apply(a);
    }
    let export = b.export_definitions();
    let mut again = Broker::new(1);
    let _ = again.import_definitions(&export);
}

/// What `app/src/rabbit/import.rs` replays after an import: the broker's own rebuild commands.
fn rebuild(b: &Broker) -> Vec<Action> {
    b.rebuild_commands()
        .into_iter()
        .map(Action::Rabbit)
        .collect()
}

/// The postcard body of a session's link.
fn body(session: &[Input<Action>]) -> Vec<u8> {
    use base64::Engine;
    let link = share::encode(session);
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&link[3..])
        .expect("our own link")
}

fn cmd(a: Action) -> Input<Action> {
    Input::Command(a)
}

fn stream(rate: u32) -> Input<Action> {
    cmd(Action::Kafka(K::StartStream {
        spec: StreamSpec {
            topic: "orders".into(),
            rate,
            keys: KeyStrategy::HotKey,
            consume: true,
        },
    }))
}

/// One hostile link per limit class a link can reach: just over the limit and at it, as the
/// browser tests open them (`tests/e2e/hostile-links.json`). Message size is out of a link's
/// reach (a body over 1 MiB makes the link over its length limit first).
pub fn hostile_links() -> String {
    use engine::limits::{self, Limit, OverLimit};
    let link = |s: &[Input<Action>]| share::encode(s);
    let ticks = |n| vec![Input::Tick; n];
    let with = |first: Vec<Input<Action>>, rest: Vec<Input<Action>>| {
        let mut v = first;
        v.extend(rest);
        v
    };
    let topic = |p| {
        vec![cmd(Action::Kafka(K::CreateTopic {
            name: "wide".into(),
            partitions: p,
        }))]
    };
    let brokers =
        |n| -> Vec<Input<Action>> { (0..n).map(|_| cmd(Action::Kafka(K::AddBroker))).collect() };
    let queues = |n: usize| -> Vec<Input<Action>> {
        (0..n)
            .map(|i| {
                cmd(Action::Rabbit(R::DeclareQueue(QueueSpec::new(&format!(
                    "q{i}"
                )))))
            })
            .collect()
    };
    let nested = |levels: usize| {
        let mut v = FieldValue::Int(1);
        for _ in 0..levels {
            v = FieldValue::Array(vec![v]);
        }
        let mut h = FieldTable::default();
        h.insert("deep".into(), v);
        let mut p = PublishSpec::new(ChannelId(1), "", "q");
        p.properties.headers = Some(h);
        vec![
            cmd(Action::Rabbit(R::OpenChannel)),
            cmd(Action::Rabbit(R::Publish(p))),
        ]
    };
    let per_tick = limits::MAX_STREAM_RATE as usize / 10;
    let stream_ticks = limits::MAX_STREAM_RECORDS as usize / per_tick;
    let max_ticks = limits::MAX_ADVANCE_MS as u32 / 100;
    let hours = (limits::MAX_TOTAL_SIMULATED_MS / limits::MAX_ADVANCE_MS) as usize;
    let rows: Vec<(Limit, &str, String, String)> = vec![
        (
            Limit::StreamRate,
            "kafka",
            link(&[stream(limits::MAX_STREAM_RATE + 1)]),
            link(&[stream(limits::MAX_STREAM_RATE)]),
        ),
        (
            Limit::AdvanceLength,
            "kafka",
            link(&[cmd(Action::Tick(max_ticks + 1))]),
            link(&[cmd(Action::Tick(max_ticks))]),
        ),
        (
            Limit::TotalSimulatedTime,
            "kafka",
            link(&vec![cmd(Action::Tick(max_ticks)); hours + 1]),
            link(&vec![cmd(Action::Tick(max_ticks)); hours]),
        ),
        (
            Limit::Inputs,
            "kafka",
            link(&ticks(limits::MAX_INPUTS as usize + 1)),
            link(&ticks(limits::MAX_INPUTS as usize)),
        ),
        (
            Limit::StreamRecords,
            "kafka",
            link(&with(
                vec![stream(limits::MAX_STREAM_RATE)],
                ticks(stream_ticks + 1),
            )),
            link(&with(
                vec![stream(limits::MAX_STREAM_RATE)],
                ticks(stream_ticks),
            )),
        ),
        (
            Limit::StreamTime,
            "kafka",
            link(&[
                stream(1),
                cmd(Action::Tick(limits::MAX_STREAM_MS as u32 / 100 + 1)),
            ]),
            link(&[
                stream(1),
                cmd(Action::Tick(limits::MAX_STREAM_MS as u32 / 100)),
            ]),
        ),
        (
            Limit::Partitions,
            "kafka",
            link(&topic(limits::MAX_PARTITIONS as u32 + 1)),
            link(&topic(limits::MAX_PARTITIONS as u32 - 3)),
        ),
        (
            Limit::Brokers,
            "kafka",
            link(&brokers(limits::MAX_BROKERS - 2)),
            link(&brokers(limits::MAX_BROKERS - 3)),
        ),
        (
            Limit::Queues,
            "rabbit",
            link(&queues(limits::MAX_QUEUES as usize + 1)),
            link(&queues(limits::MAX_QUEUES as usize)),
        ),
        (
            Limit::NestingDepth,
            "rabbit",
            link(&nested(limits::MAX_NESTING_DEPTH)),
            link(&nested(limits::MAX_NESTING_DEPTH - 1)),
        ),
        (
            Limit::LinkLength,
            "kafka",
            format!("{}{}", link(&[]), "A".repeat(limits::MAX_LINK_LEN as usize)),
            link(&ticks(3)),
        ),
    ];
    let mut out = String::from("[\n");
    let mut row = |name: String, refused: OverLimit, page: &str, over: &str, at: &str| {
        // How many inputs the replayed timeline holds once the link at the limit is in.
        let inputs = share::decode_session(at).map_or(0, |i| i.len());
        out.push_str(&format!(
            "  {{\"limit\": \"{name}\", \"names\": \"{:?}\", \"max\": {}, \"page\": \"{page}\", \"inputs\": {inputs}, \"over\": \"{over}\", \"at\": \"{at}\"}},\n",
            refused.limit, refused.max
        ));
    };
    for (limit, page, over, at) in &rows {
        let refused = OverLimit {
            limit: *limit,
            max: limit.max(),
        };
        row(format!("{limit:?}"), refused, page, over, at);
    }
    // The most work a link can ask for: the widest cluster, a stream at the highest rate until
    // its records run out, then as much quiet time as the partition steps allow. Over it by one
    // tick, the refusal names the simulated time.
    let heavy = |quiet: u64| {
        let mut s = topic(limits::MAX_PARTITIONS as u32 - 6);
        s.push(stream(limits::MAX_STREAM_RATE));
        s.push(cmd(Action::Tick(stream_ticks as u32)));
        s.push(cmd(Action::Kafka(K::StopStream)));
        let whole = max_ticks as u64;
        s.extend((0..quiet / whole).map(|_| cmd(Action::Tick(max_ticks))));
        s.extend((!quiet.is_multiple_of(whole)).then(|| cmd(Action::Tick((quiet % whole) as u32))));
        s
    };
    let (mut lo, mut hi) = (0u64, limits::MAX_TOTAL_SIMULATED_MS / engine::sim::TICK_MS);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if limits::check_session(&heavy(mid)).is_ok() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let over = heavy(lo + 1);
    let refused = limits::check_session(&over).expect_err("one tick more is over");
    row(
        "Work".into(),
        refused,
        "kafka",
        &link(&over),
        &link(&heavy(lo)),
    );
    out.pop();
    out.pop();
    out.push_str("\n]\n");
    out
}

/// Writes the seeds (`--write-seeds`); they are checked in, so a run starts from the same ones.
pub fn write_seeds(share_dir: &Path, defs_dir: &Path) {
    let links = Path::new(env!("CARGO_MANIFEST_DIR")).join("../e2e/hostile-links.json");
    std::fs::write(links, hostile_links()).expect("the browser tests' links written");
    let ticks = |n| vec![Input::Tick; n];
    let mut nested = FieldValue::Int(7);
    for _ in 0..20 {
        nested = FieldValue::Array(vec![nested, FieldValue::Str("x".into())]);
    }
    let mut headers = FieldTable::default();
    headers.insert("deep".into(), nested);
    headers.insert("x-match".into(), FieldValue::Str("any".into()));
    let mut publish = PublishSpec::new(ChannelId(1), "amq.topic", "sport.goal").body("goal");
    publish.properties.headers = Some(headers);
    let rabbit = vec![
        cmd(Action::Rabbit(R::OpenChannel)),
        cmd(Action::Rabbit(R::DeclareQueue(
            QueueSpec::new("work").message_ttl(500).dead_letter("dlx"),
        ))),
        cmd(Action::Rabbit(R::DeclareExchange(ExchangeSpec::new(
            "dlx",
            ExchangeKind::Fanout,
        )))),
        cmd(Action::Rabbit(R::Bind(BindSpec::queue(
            "amq.topic",
            "work",
            "sport.#",
        )))),
        cmd(Action::Rabbit(R::Publish(publish))),
        cmd(Action::Rabbit(R::Consume(ConsumeSpec::new(
            ChannelId(1),
            "work",
        )))),
        cmd(Action::Rabbit(R::Advance { ms: 1_000 })),
        cmd(Action::Tick(50)),
    ];
    let mut kafka = vec![
        cmd(Action::Kafka(K::Produce {
            topic: "orders".into(),
            record: Record::keyed("match-7", "goal"),
        })),
        cmd(Action::Kafka(K::KillBroker { broker: 1 })),
    ];
    kafka.extend(ticks(30));
    kafka.push(cmd(Action::Kafka(K::RestartBroker { broker: 1 })));
    kafka.push(cmd(Action::Kafka(K::Poll {
        group: "g".into(),
        member: "c1".into(),
    })));
    kafka.push(cmd(Action::Kafka(K::AddPartitions {
        topic: "orders".into(),
        partitions: 256,
    })));
    kafka.extend((0..13).map(|_| cmd(Action::Kafka(K::AddBroker))));
    let mut fast = vec![stream(20_000)];
    fast.extend(ticks(45));
    fast.push(cmd(Action::Kafka(K::Advance { ms: 500 })));
    let mut long = vec![cmd(Action::Tick(36_000))];
    long.extend(ticks(13_000));
    // At the width limit (`MAX_SESSION_PARTITION_STEPS`): the widest topic, then as many
    // ticks as that width may pass; and a slow follower holding back a wide cluster's records.
    let wide = |rf: u32| {
        let mut v: Vec<Input<Action>> = (3..rf).map(|_| cmd(Action::Kafka(K::AddBroker))).collect();
        v.push(cmd(Action::Kafka(K::CreateTopicWith {
            name: "wide".into(),
            partitions: 250,
            replication_factor: rf,
            configs: vec![],
        })));
        v
    };
    let longest = |mut v: Vec<Input<Action>>, filler: Input<Action>| {
        while engine::limits::check_session(v.iter().chain([&filler])).is_ok() {
            v.push(filler.clone());
        }
        v
    };
    let wide_long = longest(wide(1), Input::Tick);
    let mut slow = wide(3);
    slow.push(cmd(Action::Kafka(K::SlowFollower {
        broker: 1,
        fetch_interval_ms: u64::MAX,
    })));
    slow.push(cmd(Action::Kafka(K::Produce {
        topic: "wide".into(),
        record: Record::keyed("match-7", "goal"),
    })));
    let slow = longest(slow, cmd(Action::Tick(600)));
    let share_seeds: Vec<(&str, Vec<u8>)> = vec![
        ("wide-at-limit", body(&wide_long)),
        ("wide-slow-follower", body(&slow)),
        ("empty", body(&[])),
        ("rabbit", body(&rabbit)),
        ("kafka", body(&kafka)),
        ("fast-stream", body(&fast)),
        ("long", body(&long)),
        ("slow-stream", body(&[stream(10), cmd(Action::Tick(1_200))])),
    ];
    let mut broker = Broker::new(1);
    for a in rabbit {
        if let Input::Command(Action::Rabbit(c)) = a {
            let _ = broker.apply(c);
        }
    }
    let defs_seeds: Vec<(&str, Vec<u8>)> = vec![
        ("export", broker.export_definitions().into_bytes()),
        ("empty", b"{}".to_vec()),
        (
            "mixed",
            br#"{"rabbit_version":"4.0.5","vhosts":[{"name":"/"}],"users":[{"name":"guest"}],
"exchanges":[{"name":"orders","vhost":"/","type":"headers","durable":true,"auto_delete":false,"internal":false,"arguments":{"alternate-exchange":"ae"}}],
"queues":[{"name":"q1","vhost":"/","durable":true,"auto_delete":false,"arguments":{"x-queue-type":"quorum","x-max-length":10,"x-overflow":"reject-publish"}},{"name":"q2","vhost":"other","durable":false,"auto_delete":false,"arguments":{}}],
"bindings":[{"source":"orders","vhost":"/","destination":"q1","destination_type":"queue","routing_key":"","arguments":{"x-match":"all","n":[1,2.5,{"t":[true,null]}]}}],
"policies":[{"name":"p"}]}"#
                .to_vec(),
        ),
    ];
    for (dir, seeds) in [(share_dir, share_seeds), (defs_dir, defs_seeds)] {
        std::fs::create_dir_all(dir).expect("a seeds folder");
        for (name, bytes) in seeds {
            std::fs::write(dir.join(name), bytes).expect("a seed written");
        }
    }
}
