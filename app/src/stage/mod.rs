//! The stage: the simulation a view shows and acts on. It holds the engine's timeline (so every
//! change can be scrubbed and undone), the events of the last change (for animation and the
//! narrating live region), playback, and what a lesson asks the views to highlight.
//!
//! Views read the engine through [`Stage::with`] and change it only through [`Stage::act`] and
//! [`Stage::tick`]; they never hold engine state of their own.
//!
//! The stage also keeps the picture's clock: the [`trips::Plan`] of the input at the current
//! position and how far through it the picture is ([`Stage::phase`]), which [`clock`] moves.

pub mod clock;
pub mod kafka;
pub mod rabbit;
pub mod text;
pub mod token;
pub mod trips;

use engine::sim::{Action, Sim, SimError, SimEvent};
use engine::timeline::{Input, Timeline};
use leptos::prelude::*;
use lessons::Highlight;
use lessons::model::{Layers, Offer};
use std::sync::Arc;

/// A lesson step's declaration: the layers of the stage it draws and what the learner may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Focus {
    pub layers: Layers,
    pub offers: &'static [Offer],
}

impl Focus {
    /// The declaration of a step (a step without one, which the course tests forbid, shows all).
    pub fn of(step: &lessons::Step) -> Option<Focus> {
        Some(Focus {
            layers: step.layers?,
            offers: step.offers?,
        })
    }
}

/// Snapshot spacing of the timeline: seeking replays at most this many inputs.
const SNAPSHOT_EVERY: usize = 64;

/// The events of the latest change, numbered so views can tell one change from the next.
#[derive(Clone, Debug, Default)]
pub struct Recent {
    pub serial: u64,
    pub events: Vec<SimEvent>,
    /// Whether they came from time passing (a tick or playback) rather than a learner's action.
    pub from_time: bool,
}

#[derive(Clone, Copy)]
pub struct Stage {
    pub timeline: RwSignal<Timeline<Sim>>,
    pub recent: RwSignal<Recent>,
    pub playing: RwSignal<bool>,
    /// Index into [`crate::time::SPEEDS`].
    pub speed: RwSignal<usize>,
    pub highlight: RwSignal<Vec<Highlight>>,
    /// What a lesson step draws and offers (`None`: a sandbox page, which has everything). What
    /// it does not name is not rendered at all.
    pub focus: RwSignal<Option<Focus>>,
    /// Embedded read-only: play and step, no editing.
    pub readonly: bool,
    /// The named scene the session started from (`None`: the page's own), for share links.
    pub scene: RwSignal<Option<String>>,
    /// The trips of the input at the current position.
    pub plan: RwSignal<Arc<trips::Plan>>,
    /// How far the picture is through that input: 0 as it starts, 1 once everything arrived.
    pub phase: RwSignal<f64>,
    /// Time runs by itself until a learner's action has played out (see [`clock`]).
    pub settling: RwSignal<bool>,
    /// How many legs of the plan have arrived at the shown phase ([`trips::arrived`]): what the
    /// picture hides until a token lands follows this, so it is redrawn per leg, not per frame.
    pub arrived: Memo<u8>,
}

/// The starting scenes a link can name (`scene=`), beside each page's own: the World Cup at
/// scale, an empty simulation (a RabbitMQ definitions import starts from it) and a fresh Kafka
/// cluster of N brokers (`kafka-N`).
pub fn named_scene(name: &str) -> Option<Sim> {
    match name {
        crate::kafka::WORLD_CUP_SCENE => Some(crate::kafka::world_cup_scene()),
        EMPTY_SCENE => Some(Sim::new(1)),
        BUSY_SCENE => Some(busy_scene()),
        _ => {
            let n = name.strip_prefix("kafka-")?.parse().ok()?;
            Sim::with_kafka_brokers(1, n).ok()
        }
    }
}

/// See [`named_scene`].
pub const EMPTY_SCENE: &str = "empty";

/// See [`busy_scene`].
pub const BUSY_SCENE: &str = "busy";

/// A busy cluster, drawn one token at a time: a topic of 12 partitions on 3 brokers (RF 3) and
/// a group of 3 consumers, with a steady stream of 1,200 records a second; about 200 tokens
/// are in flight while a tick's copies travel (the stage's frame budget is measured on it).
pub fn busy_scene() -> Sim {
    use engine::kafka::{Command, ConsumerConfig, KeyStrategy, StreamSpec};
    let mut sim = Sim::new(1);
    let mut actions = vec![Action::Kafka(Command::CreateTopicWith {
        name: "orders".into(),
        partitions: 12,
        replication_factor: 3,
        configs: Vec::new(),
    })];
    for member in ["c1", "c2", "c3"] {
        actions.push(Action::Kafka(Command::Subscribe {
            group: "shipping".into(),
            member: member.into(),
            topics: vec!["orders".into()],
            config: ConsumerConfig::default(),
        }));
    }
    actions.push(Action::Kafka(Command::StartStream {
        spec: StreamSpec {
            topic: "orders".into(),
            rate: 1_200,
            keys: KeyStrategy::MatchId,
            consume: true,
        },
    }));
    sim.apply_all(actions).expect("the busy scene is valid");
    sim
}

/// The name [`named_scene`] knows a fresh cluster of `brokers` brokers by.
pub fn kafka_scene(brokers: u32) -> String {
    format!("kafka-{brokers}")
}

/// The timeline a stage keeps for `sim`.
pub fn timeline(sim: Sim) -> Timeline<Sim> {
    Timeline::new(sim, SNAPSHOT_EVERY)
}

impl Stage {
    pub fn new(sim: Sim, readonly: bool) -> Stage {
        let plan = RwSignal::new(Arc::new(trips::Plan::default()));
        let phase = RwSignal::new(1.0);
        let arrived = Memo::new(move |_| {
            let shown = if clock::reduced_motion() {
                1.0
            } else {
                phase.get()
            };
            plan.with(|p| p.arrived_at(shown))
        });
        Stage {
            timeline: RwSignal::new(timeline(sim)),
            recent: RwSignal::new(Recent::default()),
            playing: RwSignal::new(false),
            speed: RwSignal::new(1),
            highlight: RwSignal::new(Vec::new()),
            focus: RwSignal::new(None),
            readonly,
            scene: RwSignal::new(None),
            plan,
            phase,
            settling: RwSignal::new(false),
            arrived,
        }
    }

    /// The phase the picture shows: the clock's, or 1 (everything where it ends up) when the
    /// learner asked for reduced motion.
    pub fn shown_phase(&self) -> f64 {
        if clock::reduced_motion() {
            1.0
        } else {
            self.phase.get()
        }
    }

    /// The picture starts playing this input's trips from the beginning.
    fn play_from_start(&self, events: &[SimEvent], input: Option<&Action>) {
        let plan = self
            .timeline
            .with_untracked(|t| trips::plan(events, t.state(), input));
        self.plan.set(Arc::new(plan));
        self.phase.set(0.0);
    }

    /// The picture shows the input at the current position as it was at `phase` (scrubbing).
    fn show_current(&self, phase: f64) {
        let mut plan = trips::Plan::default();
        self.timeline.update_untracked(|t| {
            let p = t.position();
            if p == 0 {
                return;
            }
            // The events of the input at `p`: replay it on the state before it (the timeline
            // keeps inputs, not events), then come back.
            t.seek(p - 1);
            let mut state = t.state().clone();
            t.seek(p);
            let (events, action) = match &t.inputs()[p - 1] {
                Input::Command(a) => (
                    engine::timeline::Machine::apply(&mut state, a.clone()).unwrap_or_default(),
                    Some(a.clone()),
                ),
                Input::Tick => (engine::timeline::Machine::tick(&mut state), None),
            };
            plan = trips::plan(&events, t.state(), action.as_ref());
        });
        self.plan.set(Arc::new(plan));
        self.phase.set(phase);
    }

    /// Reads the simulation at the current position (tracked: re-runs on every change).
    pub fn with<R>(&self, f: impl FnOnce(&Sim) -> R) -> R {
        self.timeline.with(|t| f(t.state()))
    }

    /// Reads without subscribing (for event handlers).
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Sim) -> R) -> R {
        self.timeline.with_untracked(|t| f(t.state()))
    }

    /// Applies a learner's action. On error nothing changes and the error is returned for the
    /// view to show inline; on success the events become [`Stage::recent`].
    pub fn act(&self, action: Action) -> Result<Vec<SimEvent>, SimError> {
        if self.readonly {
            return Ok(Vec::new());
        }
        let input = action.clone();
        let mut result = None;
        self.timeline.update(|t| result = Some(t.apply(action)));
        let result = result.expect("update ran");
        if let Ok(events) = &result {
            self.play_from_start(events, Some(&input));
            self.settling.set(true);
            self.publish(events.clone(), false);
        }
        result
    }

    /// Applies several actions (a lesson's "show me"), stopping at the first refused one.
    pub fn act_all(&self, actions: &[Action]) -> Result<(), SimError> {
        let mut all = Vec::new();
        let mut outcome = Ok(());
        self.timeline.update(|t| {
            for a in actions {
                match t.apply(a.clone()) {
                    Ok(ev) => all.extend(ev),
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
        });
        self.play_from_start(&all, actions.last());
        self.settling.set(true);
        self.publish(all, false);
        outcome
    }

    /// Lets `n` ticks pass; when the learner had scrubbed back, the recorded session plays on
    /// first (replaying it is exactly what happened, by determinism).
    pub fn tick(&self, n: usize) {
        let mut events = Vec::new();
        let mut last = Vec::new();
        let mut replayed = false;
        self.timeline.update(|t| {
            for _ in 0..n {
                if t.position() < t.len() {
                    let p = t.position() + 1;
                    t.seek(p);
                    replayed = true;
                } else {
                    events.append(&mut last);
                    last = t.tick();
                    replayed = false;
                }
            }
        });
        if replayed {
            self.show_current(0.0);
        } else {
            self.play_from_start(&last, None);
        }
        events.append(&mut last);
        self.publish(events, true);
    }

    /// Moves to a moment of the session: input `position`, `phase` of the way through its
    /// trips (the scrub bar's fractional value).
    pub fn seek_to(&self, position: usize, phase: f64) {
        self.playing.set(false);
        self.settling.set(false);
        self.timeline.update(|t| t.seek(position));
        self.show_current(phase.clamp(0.0, 1.0));
        self.publish(Vec::new(), true);
    }

    pub fn undo(&self) -> bool {
        self.playing.set(false);
        let mut undone = false;
        self.timeline.update(|t| undone = t.undo());
        self.show_current(1.0);
        self.publish(Vec::new(), false);
        undone
    }

    /// Starts over from a new scene (a lesson step, a shared scenario, a preset), named for
    /// share links when it is not the page's own.
    pub fn reset(&self, sim: Sim, scene: Option<String>) {
        self.playing.set(false);
        self.scene.set(scene);
        self.timeline.set(timeline(sim));
        self.recent.set(Recent::default());
        self.plan.set(Arc::new(trips::Plan::default()));
        self.phase.set(1.0);
        self.settling.set(false);
    }

    fn publish(&self, events: Vec<SimEvent>, from_time: bool) {
        self.recent.update(|r| {
            r.serial += 1;
            r.events = events;
            r.from_time = from_time;
        });
    }

    /// Whether a lesson highlights this part of the visual.
    pub fn highlighted(&self, h: Highlight) -> bool {
        self.highlight.with(|v| v.contains(&h))
    }

    /// Whether the picture draws every layer of `layers` (tracked).
    pub fn shows(&self, layers: Layers) -> bool {
        self.focus
            .with(|f| f.is_none_or(|f| f.layers.contains(layers)))
    }

    /// Whether the learner may do `offer` here (tracked; always on a sandbox page).
    pub fn offers(&self, offer: Offer) -> bool {
        self.focus
            .with(|f| f.is_none_or(|f| f.offers.contains(&offer)))
    }

    /// Whether the learner may do any of `offers` here.
    pub fn offers_any(&self, offers: &[Offer]) -> bool {
        offers.iter().any(|o| self.offers(*o))
    }

    /// Whether a lesson highlights anything `f` accepts.
    pub fn lit(&self, f: impl Fn(&Highlight) -> bool) -> bool {
        self.highlight.with(|v| v.iter().any(f))
    }
}
