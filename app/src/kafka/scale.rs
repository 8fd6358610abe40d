//! A steady stream of records (rate, key pattern) produced through the stage on every tick
//! while the page plays, consumers that keep polling, and the "World Cup at scale" preset:
//! 1,000 matches into 48 partitions on 6 brokers, read by a group of 12.

use super::text as tx;
use super::{Ctx, ErrorLine, Msg};
use engine::kafka::{
    AutoOffsetReset, Command, ConsumerConfig, CustomPartitioner, DEFAULT_PRODUCER, Header,
    ProducerConfig, Record, Strategy,
};
use engine::sim::{Action, Sim, TICK_MS};
use leptos::prelude::*;

pub const WC_TOPIC: &str = "worldcup";
pub const WC_GROUP: &str = "scoreboard";
pub const WC_PARTITIONS: u32 = 48;
pub const WC_BROKERS: u32 = 6;
pub const WC_CONSUMERS: u32 = 12;
pub const WC_MATCHES: u64 = 1_000;
pub const WC_RATE: u32 = 2_000;
/// The producers the salted and compound strategies send from.
pub const SALTED: &str = "salted";
pub const COMPOUND: &str = "compound";
const REGIONS: [&str; 8] = ["kr", "jp", "us", "br", "de", "fr", "ar", "gh"];
const KINDS: [&str; 4] = ["kick-off", "goal", "card", "substitution"];
/// Records one tick may produce at most (keeps a fast-forward from freezing the page).
const MAX_PER_TICK: u64 = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    Match,
    NoKey,
    Hot,
    Salted,
    Compound,
}

impl Pattern {
    const ALL: [Pattern; 5] = [
        Pattern::Match,
        Pattern::NoKey,
        Pattern::Hot,
        Pattern::Salted,
        Pattern::Compound,
    ];
    fn id(self) -> &'static str {
        match self {
            Pattern::Match => "match",
            Pattern::NoKey => "none",
            Pattern::Hot => "hot",
            Pattern::Salted => "salted",
            Pattern::Compound => "compound",
        }
    }
    fn label(self) -> lessons::Text {
        match self {
            Pattern::Match => tx::KP_MATCH,
            Pattern::NoKey => tx::KP_NONE,
            Pattern::Hot => tx::KP_HOT,
            Pattern::Salted => tx::KP_SALTED,
            Pattern::Compound => tx::KP_COMPOUND,
        }
    }
}

/// The stream's settings and its deterministic counter.
#[derive(Clone, Copy)]
pub struct Stream {
    pub on: RwSignal<bool>,
    pub rate: RwSignal<String>,
    pub pattern: RwSignal<Pattern>,
    pub topic: RwSignal<String>,
    pub consume: RwSignal<bool>,
    seq: StoredValue<u64>,
    carry: StoredValue<u64>,
    last_ms: StoredValue<u64>,
}

impl Stream {
    pub fn new() -> Self {
        Stream {
            on: RwSignal::new(false),
            rate: RwSignal::new("20".to_string()),
            pattern: RwSignal::new(Pattern::Match),
            topic: RwSignal::new(super::SANDBOX_TOPIC.to_string()),
            consume: RwSignal::new(false),
            seq: StoredValue::new(0),
            carry: StoredValue::new(0),
            last_ms: StoredValue::new(0),
        }
    }
}

/// A small deterministic mixer (SplitMix64) so match ids and event kinds look random but
/// replay identically.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The `n`th record of the stream, and the producer it goes through.
pub fn record(pattern: Pattern, n: u64) -> (&'static str, Record) {
    let r = mix(n);
    let m = r % WC_MATCHES + 1;
    let kind = KINDS[((r >> 20) % KINDS.len() as u64) as usize];
    let hot = (r >> 40).is_multiple_of(2);
    let region = REGIONS[((r >> 44) % REGIONS.len() as u64) as usize];
    let key = |hot_ok: bool| {
        if hot_ok && hot {
            "match-final".to_string()
        } else {
            format!("match-{m}")
        }
    };
    let value = |k: &str| format!("{kind} {k} #{n}");
    match pattern {
        Pattern::Match => {
            let k = key(false);
            (DEFAULT_PRODUCER, Record::keyed(k.clone(), value(&k)))
        }
        Pattern::NoKey => (DEFAULT_PRODUCER, Record::new(value(&format!("match-{m}")))),
        Pattern::Hot => {
            let k = key(true);
            (DEFAULT_PRODUCER, Record::keyed(k.clone(), value(&k)))
        }
        Pattern::Salted => {
            let k = key(true);
            (SALTED, Record::keyed(k.clone(), value(&k)))
        }
        Pattern::Compound => {
            let k = key(true);
            let mut rec = Record::keyed(k.clone(), value(&k));
            rec.headers.push(Header {
                key: "region".into(),
                value: Some(region.as_bytes().to_vec()),
            });
            (COMPOUND, rec)
        }
    }
}

fn ensure_producer(sim: &Sim, name: &str, out: &mut Vec<Action>) {
    if sim.kafka.producers().iter().any(|p| *p.name == *name) {
        return;
    }
    let mut config = ProducerConfig::default();
    match name {
        SALTED => config.partitioner = Some(CustomPartitioner::RandomSalt { salts: 8 }),
        COMPOUND => {
            config.partitioner = Some(CustomPartitioner::CompoundKey {
                header: "region".into(),
            })
        }
        _ => {}
    }
    out.push(Action::Kafka(Command::CreateProducer {
        name: name.into(),
        config,
    }));
}

/// Produces the stream's records for the ticks that just passed (only for new time at the end
/// of the session: replayed time already holds them), and lets consumers poll and commit.
pub fn drive(ctx: Ctx) {
    let s = ctx.stream;
    Effect::new(move |_| {
        let from_time = ctx.stage.recent.with(|r| r.from_time);
        let (now, at_end) = ctx
            .stage
            .timeline
            .with_untracked(|t| (t.state().kafka.now_ms(), t.position() == t.len()));
        let last = s.last_ms.get_value();
        s.last_ms.set_value(now);
        if !from_time || !at_end || now <= last || !s.on.get_untracked() || ctx.stage.readonly {
            return;
        }
        let ticks = ((now - last) / TICK_MS).min(10);
        let rate: u64 = s.rate.get_untracked().trim().parse().unwrap_or(0);
        let due = s.carry.get_value() + rate * ticks;
        let n = (due / 10).min(MAX_PER_TICK * ticks.max(1));
        s.carry.set_value(due % 10);
        let pattern = s.pattern.get_untracked();
        let topic = s.topic.get_untracked();
        let mut actions = Vec::with_capacity(n as usize + 32);
        ctx.stage.with_untracked(|sim| {
            if sim.kafka.topic(&topic).is_none() {
                return;
            }
            let start = s.seq.get_value();
            for i in 0..n {
                let (producer, rec) = record(pattern, start + i);
                if producer != DEFAULT_PRODUCER && i == 0 {
                    ensure_producer(sim, producer, &mut actions);
                }
                actions.push(Action::Kafka(if producer == DEFAULT_PRODUCER {
                    Command::Produce {
                        topic: topic.clone(),
                        record: rec,
                    }
                } else {
                    Command::ProduceFrom {
                        producer: producer.into(),
                        topic: topic.clone(),
                        record: rec,
                    }
                }));
            }
            s.seq.set_value(start + n);
            if s.consume.get_untracked() {
                for g in sim.kafka.groups() {
                    for m in g
                        .members
                        .iter()
                        .filter(|m| m.running && m.topics.iter().any(|t| **t == *topic))
                    {
                        actions.push(Action::Kafka(Command::Poll {
                            group: g.name.to_string(),
                            member: m.name.to_string(),
                        }));
                        actions.push(Action::Kafka(Command::Commit {
                            group: g.name.to_string(),
                            member: m.name.to_string(),
                        }));
                    }
                }
            }
        });
        if !actions.is_empty() {
            // A refused record (e.g. buffer full) stops the rest of this tick's batch only.
            let _ = ctx.stage.act_all(&actions);
        }
    });
}

/// The World Cup at scale: 6 brokers, `worldcup` with 48 partitions (replication factor 3,
/// short retention so memory stays bounded), and a group of 12 consumers that each read at most
/// 25 records per poll (so a hot partition's owner falls behind).
pub fn world_cup() -> Sim {
    let mut sim = Sim::with_kafka_brokers(7, WC_BROKERS).expect("6 brokers are allowed");
    let mut actions = vec![
        Action::Kafka(Command::AlterBrokerConfig {
            name: "log.retention.check.interval.ms".into(),
            value: "5000".into(),
        }),
        Action::Kafka(Command::CreateTopicWith {
            name: WC_TOPIC.into(),
            partitions: WC_PARTITIONS,
            replication_factor: 3,
            configs: vec![
                ("min.insync.replicas".into(), "2".into()),
                ("retention.ms".into(), "30000".into()),
                ("segment.ms".into(), "5000".into()),
            ],
        }),
        Action::Kafka(Command::CreateProducer {
            name: DEFAULT_PRODUCER.into(),
            config: ProducerConfig::default(),
        }),
    ];
    for i in 1..=WC_CONSUMERS {
        actions.push(Action::Kafka(Command::Subscribe {
            group: WC_GROUP.into(),
            member: format!("c{i:02}"),
            topics: vec![WC_TOPIC.into()],
            config: ConsumerConfig {
                auto_offset_reset: AutoOffsetReset::Earliest,
                enable_auto_commit: false,
                max_poll_records: 25,
                partition_assignment_strategy: vec![Strategy::Range],
                ..ConsumerConfig::default()
            },
        }));
    }
    sim.apply_all(actions)
        .expect("the World Cup scene is valid");
    sim
}

#[component]
pub fn ScalePanel(ctx: Ctx) -> impl IntoView {
    let s = ctx.stream;
    let err = RwSignal::new(None::<Msg>);
    let load = move |_| {
        ctx.reset(world_cup());
        s.topic.set(WC_TOPIC.into());
        s.rate.set(WC_RATE.to_string());
        s.consume.set(true);
        s.on.set(true);
        s.last_ms.set_value(0);
        err.set(None);
    };
    let topics = move || {
        ctx.model
            .with(|m| m.topics.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    };
    view! {
        <section class="k-box k-scale" aria-labelledby="k-stream-h">
            <h3 id="k-stream-h">{move || ctx.t(tx::STREAM)}</h3>
            <div class="form-row">
                <label class="check">
                    <input type="checkbox" bind:checked=s.on />
                    <span>{move || ctx.t(tx::STREAM_ON)}</span>
                </label>
                <label>
                    <span>{move || ctx.t(tx::STREAM_TOPIC)}</span>
                    <select on:change=move |ev| s.topic.set(event_target_value(&ev))>
                        {move || {
                            let cur = s.topic.get();
                            topics()
                                .into_iter()
                                .map(|t| {
                                    let sel = t == cur;
                                    view! { <option value=t.clone() selected=sel>{t.clone()}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="narrow">
                    <span>{move || ctx.t(tx::RATE)}</span>
                    <input type="text" inputmode="numeric" bind:value=s.rate size="6" />
                </label>
                <label>
                    <span>{move || ctx.t(tx::KEY_PATTERN)}</span>
                    <select on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(p) = Pattern::ALL.into_iter().find(|p| p.id() == v) {
                            s.pattern.set(p);
                        }
                    }>
                        {Pattern::ALL
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p.id() selected=move || s.pattern.get() == p>
                                        {move || ctx.t(p.label())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" bind:checked=s.consume />
                    <span>{move || ctx.t(tx::AUTO_CONSUME)}</span>
                </label>
            </div>
            <h3>{move || ctx.t(tx::SCALE)}</h3>
            <p class="small">{move || ctx.t(tx::WORLD_CUP_ABOUT)}</p>
            <button type="button" on:click=load>{move || ctx.t(tx::WORLD_CUP)}</button>
            <ErrorLine ctx err />
        </section>
    }
}
