//! The event broker view (Kafka): the cluster as the learner sees it (producers, brokers with
//! the controller, topics and partitions as replicated logs, consumer groups with lag), the
//! controls that act on it through the [`Stage`], the inspector that says why, charts, the
//! equivalent real commands, and the World Cup at scale.
//!
//! Views never hold engine state: [`model::Model`] is derived from the stage on every change,
//! and every change goes through [`Stage::act`].

mod charts;
mod commands;
mod controls;
mod diagram;
pub mod explain;
mod inspector;
mod model;
mod scale;
mod text;
mod tools;
pub use scale::{WORLD_CUP_SCENE, world_cup_scene};

use crate::Shell;
use crate::stage::Stage;
use engine::kafka::{AutoOffsetReset, Command, ConsumerConfig, Event};
use engine::sim::{Action, Sim, SimError, SimEvent};
use leptos::prelude::*;
use lessons::{Lang, Text};
pub(crate) use model::{Model, PartM, TAIL, TopicM};
use std::collections::BTreeMap;

/// The sandbox topic.
pub const SANDBOX_TOPIC: &str = "orders";
/// The sandbox consumer group.
pub const SANDBOX_GROUP: &str = "shipping";

/// The Kafka sandbox's starting scene: three brokers, a topic `orders` of three partitions with
/// replication factor 3 (`min.insync.replicas=2`), and a consumer group `shipping` with one
/// consumer reading from the beginning and committing by hand.
pub fn sandbox() -> Sim {
    let mut sim = Sim::new(1);
    sim.apply_all([
        Action::Kafka(Command::CreateTopicWith {
            name: SANDBOX_TOPIC.into(),
            partitions: 3,
            replication_factor: 3,
            configs: vec![("min.insync.replicas".into(), "2".into())],
        }),
        Action::Kafka(Command::Subscribe {
            group: SANDBOX_GROUP.into(),
            member: "c1".into(),
            topics: vec![SANDBOX_TOPIC.into()],
            config: ConsumerConfig {
                auto_offset_reset: AutoOffsetReset::Earliest,
                enable_auto_commit: false,
                ..ConsumerConfig::default()
            },
        }),
    ])
    .expect("the sandbox scene is valid");
    sim
}

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sel {
    Record {
        topic: String,
        partition: u32,
        offset: u64,
    },
    Partition {
        topic: String,
        partition: u32,
    },
    Broker(u32),
    Member {
        group: String,
        member: String,
    },
}

/// A message shown inline under a control: an engine refusal or a form problem, rendered in the
/// current language whenever it changes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Msg {
    Sim(SimError),
    Text(Text),
}

impl Msg {
    pub(crate) fn show(&self, lang: Lang) -> String {
        match self {
            Msg::Sim(e) => explain::sim_error(e, lang),
            Msg::Text(t) => t.get(lang).to_string(),
        }
    }
}

/// What the engine said about things the view has seen happen, kept for the inspector (record
/// ids and offsets are deterministic, so this stays true when the learner scrubs).
#[derive(Clone, Debug, Default)]
pub(crate) struct Why {
    /// Record id → (producer, reason).
    pub partitioned: BTreeMap<u64, (String, engine::kafka::PartitionReason)>,
    /// (topic, partition, last offset) → the `Acked` event.
    pub acked: BTreeMap<(String, u32, u64), Event>,
    /// (topic, partition, first offset) → the `BatchSent`-derived sentence parts.
    pub batches: BTreeMap<(String, u32, u64), Event>,
    pub rebalances: BTreeMap<String, Event>,
    pub elections: BTreeMap<(String, u32), Event>,
    pub isr: BTreeMap<(String, u32), Event>,
}

const WHY_RECORDS: usize = 20_000;
const WHY_BATCHES: usize = 5_000;

impl Why {
    pub(crate) fn learn(&mut self, events: &[SimEvent]) {
        let mut last_sent: BTreeMap<(String, u32), Event> = BTreeMap::new();
        for e in events {
            let SimEvent::Kafka(e) = e else { continue };
            match e {
                Event::Partitioned {
                    producer,
                    record,
                    reason,
                    ..
                } => {
                    self.partitioned
                        .insert(*record, (producer.to_string(), reason.clone()));
                    while self.partitioned.len() > WHY_RECORDS {
                        self.partitioned.pop_first();
                    }
                }
                Event::BatchSent {
                    topic, partition, ..
                } => {
                    last_sent.insert((topic.to_string(), *partition), e.clone());
                }
                Event::Appended {
                    topic,
                    partition,
                    offset,
                    ..
                } => {
                    if let Some(s) = last_sent.remove(&(topic.to_string(), *partition)) {
                        self.batches
                            .insert((topic.to_string(), *partition, *offset), s);
                        while self.batches.len() > WHY_BATCHES {
                            self.batches.pop_first();
                        }
                    }
                }
                Event::Acked {
                    topic,
                    partition,
                    last_offset,
                    ..
                } => {
                    self.acked
                        .insert((topic.to_string(), *partition, *last_offset), e.clone());
                    while self.acked.len() > WHY_BATCHES {
                        self.acked.pop_first();
                    }
                }
                Event::Rebalanced { group, .. } => {
                    self.rebalances.insert(group.to_string(), e.clone());
                }
                Event::LeaderElected {
                    topic, partition, ..
                } => {
                    self.elections
                        .insert((topic.to_string(), *partition), e.clone());
                }
                Event::IsrShrunk {
                    topic, partition, ..
                }
                | Event::IsrExpanded {
                    topic, partition, ..
                } => {
                    self.isr.insert((topic.to_string(), *partition), e.clone());
                }
                _ => {}
            }
        }
    }
}

/// Everything the parts of the view share.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub stage: Stage,
    pub lang: RwSignal<Lang>,
    pub model: Memo<Model>,
    pub sel: RwSignal<Option<Sel>>,
    pub why: RwSignal<Why>,
    /// The producer the produce form sends from.
    pub producer: RwSignal<String>,
    pub stream: scale::Stream,
    pub hist: RwSignal<charts::History>,
}

impl Ctx {
    pub(crate) fn t(&self, text: Text) -> &'static str {
        text.get(self.lang.get())
    }

    /// Applies an action, reporting a refusal into `err` (and clearing it on success).
    pub(crate) fn act(&self, action: Command, err: RwSignal<Option<Msg>>) -> bool {
        match self.stage.act(Action::Kafka(action)) {
            Ok(events) => {
                self.learn(&events);
                err.set(None);
                true
            }
            Err(e) => {
                err.set(Some(Msg::Sim(e)));
                false
            }
        }
    }

    /// Keeps the reasons of events a handler saw (several actions in one handler publish only
    /// the last one's events to the stage).
    pub(crate) fn learn(&self, events: &[SimEvent]) {
        if !events.is_empty() {
            self.why.update(|w| w.learn(events));
        }
    }

    /// Whether a lesson highlights this part.
    pub(crate) fn lit(&self, f: impl Fn(&lessons::Highlight) -> bool) -> bool {
        self.stage.highlight.with(|v| v.iter().any(f))
    }

    /// Starts over on a new scene (named when it is not the page's own).
    pub(crate) fn reset(&self, sim: Sim, scene: Option<String>) {
        self.why.set(Why::default());
        self.sel.set(None);
        self.stage.reset(sim, scene);
    }
}

/// The inline error line of a control (present only when there is something to say).
#[component]
pub(crate) fn ErrorLine(ctx: Ctx, err: RwSignal<Option<Msg>>) -> impl IntoView {
    move || {
        err.get().map(|m| {
            view! { <p class="error" role="alert">{move || m.show(ctx.lang.get())}</p> }
        })
    }
}

/// What the tools drawer holds: the produce form, the card view and the tools (a chunk of its
/// own, fetched when the drawer first opens).
#[leptos::wasm_split::wasm_split(kafka_drawer, wasm_split_path = ::leptos::wasm_split, fallible)]
fn drawer_body(ctx: Ctx) -> crate::lazy::Loaded {
    // Its tools can set `compression.type`.
    engine::kafka::install_codecs();
    let readonly = ctx.stage.readonly;
    Ok(view! {
        <div class="tools-body">
            <Show when=move || !readonly>
                <controls::ProduceForm ctx />
            </Show>
            <diagram::Diagram ctx />
            <tools::Tools ctx />
        </div>
    }
    .into_any())
}

#[component]
pub fn KafkaView(stage: Stage) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let model = Memo::new(move |_| stage.with(Model::of));
    let why = RwSignal::new(Why::default());
    let ctx = Ctx {
        stage,
        lang,
        model,
        sel: RwSignal::new(None),
        why,
        producer: RwSignal::new(engine::kafka::DEFAULT_PRODUCER.to_string()),
        stream: scale::Stream::new(),
        hist: charts::track(model),
    };
    // Learn the reasons of what just happened, for the inspector.
    Effect::new(move |_| {
        stage.recent.with(|r| {
            if r.serial == 0 {
                // A new scene (a lesson step, a preset): record ids start over.
                why.set(Why::default());
            } else if !r.events.is_empty() {
                why.update(|w| w.learn(&r.events));
            }
        });
    });
    // A streaming scene is about load and lag: open the drawer, whose tools steer and chart it.
    let shell = expect_context::<Shell>();
    Effect::new(move |_| {
        if stage.with(|sim| sim.kafka.stream().is_some_and(|v| v.spec.rate > 0)) {
            shell.tools_open.set(true);
        }
    });
    let t = move |text: Text| text.get(lang.get());
    view! {
        <div class="kview">
            <h2 class="visually-hidden">{move || t(text::VIEW)}</h2>
            <crate::stage::kafka::KafkaStage ctx />
            <inspector::Inspector ctx />
            {crate::drawer::lazy(move || drawer_body(ctx))}
        </div>
    }
}
