//! The message broker view (RabbitMQ): exchanges, bindings, queues and consumers as the learner
//! sees them, their controls, the inspector that explains why, the charts, and the way to and
//! from a real broker (definitions JSON, `rabbitmqadmin` lines).

mod charts;
mod controls;
mod defs;
mod diagram;
pub mod explain;
mod import;
pub(crate) mod input;
mod inspector;
mod text;
mod wires;

use crate::stage::Stage;
use engine::rabbit::{
    AutoSettle, BindSpec, Command, ConsumeSpec, DeadLetterOutcome, DeathReason, Event,
    ExchangeKind, ExchangeSpec, MsgId, PublishSpec, QueueSpec, RouteDecision,
};
use engine::sim::{Action, Sim, SimError, SimEvent};
use leptos::prelude::*;
use lessons::{Lang, Text};
use std::collections::{BTreeMap, BTreeSet};

/// The RabbitMQ sandbox's starting scene: a topic exchange `sport` with two bindings, a queue
/// `goals` whose rejected or expired messages go through the DLX `sport.dlx` into `sport.dlq`,
/// a publisher channel and a consumer `scoreboard` (manual acks, prefetch 2) holding one goal.
pub fn sandbox() -> Sim {
    use engine::rabbit::ChannelId;
    let mut sim = Sim::new(1);
    let ch1 = ChannelId(1);
    let ch2 = ChannelId(2);
    let scene = [
        Command::DeclareExchange(ExchangeSpec::new("sport", ExchangeKind::Topic).durable()),
        Command::DeclareExchange(ExchangeSpec::new("sport.dlx", ExchangeKind::Fanout).durable()),
        Command::DeclareQueue(QueueSpec::new("sport.dlq").durable()),
        Command::DeclareQueue(QueueSpec::new("goals").durable().dead_letter("sport.dlx")),
        Command::DeclareQueue(QueueSpec::new("all-sport").durable().message_ttl(30_000)),
        Command::Bind(BindSpec::queue("sport", "goals", "sport.*.goal")),
        Command::Bind(BindSpec::queue("sport", "all-sport", "sport.#")),
        Command::Bind(BindSpec::queue("sport.dlx", "sport.dlq", "")),
        Command::OpenChannel,
        Command::OpenChannel,
        Command::Qos {
            channel: ch2,
            prefetch_count: 2,
            global: false,
        },
        Command::Consume(ConsumeSpec::new(ch2, "goals").tag("scoreboard")),
        Command::Publish(
            PublishSpec::new(ch1, "sport", "sport.football.goal")
                .body("Son 23' 1-0")
                .persistent(),
        ),
    ];
    for c in scene {
        sim.apply(Action::Rabbit(c))
            .expect("the sandbox scene is valid");
    }
    sim
}

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sel {
    /// A message, wherever it is now (a queue, or a channel's unacknowledged deliveries).
    Message(MsgId),
    Binding {
        source: String,
        binding: engine::rabbit::Binding,
    },
    Exchange(String),
    Queue(String),
    Consumer(String),
}

/// A refused input: the engine's typed error, or the app's own check (in both languages).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Problem {
    Engine(engine::rabbit::Error),
    Local(Text),
}

impl Problem {
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Problem::Engine(e) => explain::error(e, lang),
            Problem::Local(t) => t.get(lang).to_string(),
        }
    }
}

/// What the latest change did, for the animations.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Flash {
    pub serial: u64,
    /// `(queue, message)` copies that arrived by publishing.
    pub arrived: BTreeSet<(String, u64)>,
    /// `(queue, message)` copies that arrived by dead-lettering.
    pub dead_arrived: BTreeSet<(String, u64)>,
    pub requeued: BTreeSet<(String, u64)>,
    /// Queues a message died in.
    pub died_in: BTreeSet<String>,
    /// `(source, destination, key)` of the bindings on the path.
    pub bindings: BTreeSet<(String, String, String)>,
    pub exchanges: BTreeSet<String>,
}

/// One death of a message: the queue, why, and what dead-lettering did.
pub(crate) type Dying = (String, DeathReason, DeadLetterOutcome);

/// The view's shared state.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub stage: Stage,
    pub lang: RwSignal<Lang>,
    pub sel: RwSignal<Option<Sel>>,
    /// The routing decision recorded for each published message (by id).
    pub routes: RwSignal<BTreeMap<u64, RouteDecision>>,
    /// What dead-lettering did to each message: `(queue, reason, outcome)` in order.
    pub deaths: RwSignal<BTreeMap<u64, Vec<Dying>>>,
    pub flash: Memo<Flash>,
}

impl Ctx {
    pub fn t(&self, text: Text) -> &'static str {
        text.get(self.lang.get())
    }

    /// Applies a command; on error shows it in `err` and changes nothing.
    pub fn run(&self, cmd: Command, err: RwSignal<Option<Problem>>) -> bool {
        match self.stage.act(Action::Rabbit(cmd)) {
            Ok(_) => {
                err.set(None);
                true
            }
            Err(SimError::Rabbit(e)) => {
                err.set(Some(Problem::Engine(e)));
                false
            }
            Err(_) => {
                err.set(Some(Problem::Local(text::REFUSED)));
                false
            }
        }
    }

    pub fn readonly(&self) -> bool {
        self.stage.readonly
    }
}

fn flash_of(serial: u64, events: &[SimEvent]) -> Flash {
    let mut f = Flash {
        serial,
        ..Flash::default()
    };
    for e in events {
        let SimEvent::Rabbit(e) = e else { continue };
        match e {
            Event::Published { msg, routing, .. } => {
                f.exchanges.insert(routing.exchange.clone());
                for m in &routing.matches {
                    f.bindings.insert((
                        m.source.to_string(),
                        m.destination.to_string(),
                        m.binding_key.to_string(),
                    ));
                    f.exchanges.insert(m.source.to_string());
                }
                for (_, ae) in &routing.alternates {
                    f.exchanges.insert(ae.clone());
                }
                for q in &routing.queues {
                    f.arrived.insert((q.to_string(), msg.0));
                }
            }
            Event::Requeued { msg, queue, .. } => {
                f.requeued.insert((queue.to_string(), msg.0));
            }
            Event::DeadLettered {
                msg,
                queue,
                outcome,
                ..
            } => {
                f.died_in.insert(queue.to_string());
                if let DeadLetterOutcome::Routed {
                    exchange,
                    queues,
                    routing_key,
                    ..
                } = &**outcome
                {
                    f.exchanges.insert(exchange.clone());
                    for q in queues {
                        f.dead_arrived.insert((q.to_string(), msg.0));
                        f.bindings
                            .insert((exchange.clone(), q.to_string(), routing_key.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    f
}

/// The broker view, in a wasm chunk of its own: only the RabbitMQ lessons and pages need it.
#[leptos::wasm_split::wasm_split(rabbit_view, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn lazy_view(stage: Stage) -> crate::lazy::Loaded {
    crate::narration::tell_rabbit_with(explain::event);
    Ok(view! { <RabbitView stage /> }.into_any())
}

#[component]
fn RabbitView(stage: Stage) -> impl IntoView {
    let lang = expect_context::<crate::Shell>().lang;
    let routes = RwSignal::new(BTreeMap::<u64, RouteDecision>::new());
    let deaths = RwSignal::new(BTreeMap::<u64, Vec<Dying>>::new());
    // Remember why each message went where it went, as the engine recorded it.
    Effect::new(move |_| {
        stage.recent.with(|r| {
            let mut new_routes = Vec::new();
            let mut new_deaths = Vec::new();
            for e in &r.events {
                match e {
                    SimEvent::Rabbit(Event::Published { msg, routing, .. }) => {
                        new_routes.push((msg.0, (**routing).clone()));
                    }
                    SimEvent::Rabbit(Event::DeadLettered {
                        msg,
                        queue,
                        reason,
                        outcome,
                    }) => {
                        new_deaths.push((msg.0, queue.to_string(), *reason, (**outcome).clone()));
                    }
                    _ => {}
                }
            }
            if !new_routes.is_empty() {
                routes.update(|m| {
                    for (id, d) in new_routes {
                        // A publish with this id is a new message (after an undo): forget the old deaths.
                        m.insert(id, d);
                    }
                });
            }
            if !new_deaths.is_empty() {
                deaths.update(|m| {
                    for (id, q, reason, o) in new_deaths {
                        m.entry(id).or_default().push((q, reason, o));
                    }
                });
            }
        })
    });
    let flash = Memo::new(move |_| stage.recent.with(|r| flash_of(r.serial, &r.events)));
    // The latest notable events (kept while time passes quietly), worded in the current language.
    let notable = Memo::new(move |prev: Option<&Vec<Event>>| {
        let now: Vec<Event> = stage.recent.with(|r| {
            r.events
                .iter()
                .filter_map(|e| match e {
                    SimEvent::Rabbit(e) if explain::event(e, Lang::En).is_some() => Some(e.clone()),
                    _ => None,
                })
                .take(6)
                .collect()
        });
        if now.is_empty() && stage.recent.with(|r| r.from_time) {
            prev.cloned().unwrap_or_default()
        } else {
            now
        }
    });
    let said = Memo::new(move |_| {
        let l = lang.get();
        notable.with(|v| {
            v.iter()
                .filter_map(|e| explain::event(e, l))
                .collect::<Vec<_>>()
        })
    });
    let ctx = Ctx {
        stage,
        lang,
        sel: RwSignal::new(None),
        routes,
        deaths,
        flash,
    };
    controls::stream_driver(ctx);
    // A step widget offers only its step's controls; the drawer only if the step needs it.
    let offers = use_context::<crate::widget::Offers>();
    let tools = offers.as_ref().is_none_or(|o| o.tools());
    view! {
        <section class="rabbit" aria-label=move || ctx.t(text::VIEW)>
            <crate::stage::rabbit::RabbitStage ctx />
            {match offers.clone() {
                Some(offers) => crate::widget::rabbit_offers(stage, lang, offers).into_any(),
                // A widget's reader reads the live narration; the page has room for the inspector.
                None => view! {
                    <div class="rb-side">
                        <inspector::Inspector ctx />
                        <section class="rb-said" aria-label=move || ctx.t(text::JUST_NOW)>
                            <h2>{move || ctx.t(text::JUST_NOW)}</h2>
                            // Not a live region: the page's narration already announces these.
                            <ul>{move || said.get().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                        </section>
                    </div>
                }.into_any(),
            }}
            {tools.then(|| view! {
                <crate::drawer::Drawer>
                    <controls::Controls ctx />
                    <diagram::Diagram ctx />
                    <charts::Charts ctx />
                    <defs::Definitions ctx />
                </crate::drawer::Drawer>
            })}
        </section>
    }
}

/// The stream's behaviours by name, for the consume form.
pub(crate) const SETTLE_CHOICES: [(&str, Option<AutoSettle>); 4] = [
    ("manual", None),
    ("ack", Some(AutoSettle::Ack)),
    ("nack", Some(AutoSettle::NackRequeue)),
    ("reject", Some(AutoSettle::Reject)),
];
