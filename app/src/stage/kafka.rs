//! The Kafka cluster as one picture, left to right as a record travels: producers → the
//! brokers' replicas of each partition, drawn as log lanes of offset cells that stay after they
//! are read (a log, not a pipe), with the high watermark across the lane and the ISR on it →
//! consumer groups, each member's position and committed offset under the lanes it owns, and
//! its lag as the gap to the high watermark. Tokens travel over it (see [`super::trips`]).
//!
//! The common gestures happen on the picture: produce from a producer, kill / restart /
//! isolate a broker, poll / commit / crash a member, add one to a group; every cell, lane,
//! broker and member opens the inspector.

use super::text::{self as st, fill};
use super::token::{self, Anchors, Pt, curve, n, pt};
use super::trips::{Kind, Node};
use crate::kafka::{Ctx, ErrorLine, Msg, Sel};
use crate::kafka::{PartM, TopicM};
use engine::kafka::{Command, ConsumerConfig, GroupView, Record};
use leptos::prelude::*;
use lessons::Highlight;
use lessons::model::{Layers, Offer};
use std::collections::BTreeMap;

const W: f64 = 1000.0;
const TOP: f64 = 74.0;
const PROD_X: f64 = 8.0;
const PROD_W: f64 = 150.0;
const PROD_H: f64 = 64.0;
const LANE_X: f64 = 186.0;
const CELLS_X: f64 = 240.0;
const CELL: f64 = 44.0;
/// Cells drawn per row: the latest records (as many as the view model keeps).
const MAX_CELLS: u64 = crate::kafka::TAIL as u64;
const LANE_END: f64 = CELLS_X + CELL * MAX_CELLS as f64 + 60.0;
const ROW_H: f64 = 22.0;
const LANE_HEAD: f64 = 20.0;
const MARKS_H: f64 = 36.0;
const LANE_GAP: f64 = 10.0;
const COMPACT_H: f64 = 12.0;
const GROUP_X: f64 = 800.0;
const GROUP_W: f64 = 192.0;
const MEMBER_H: f64 = 40.0;

/// Where everything is; derived from the view model on every change.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    pub height: f64,
    producers: BTreeMap<String, f64>,
    /// `(topic, partition, broker)` → (row top, first offset drawn, drawn compact).
    rows: BTreeMap<(String, u32, u32), (f64, u64, bool)>,
    /// `(topic, partition)` → lane top.
    lanes: BTreeMap<(String, u32), f64>,
    members: BTreeMap<(String, String), f64>,
    groups: BTreeMap<String, f64>,
}

/// The producers drawn: the model's, or the default one [`Command::Produce`] creates on first use.
fn producer_names(m: &crate::kafka::Model) -> Vec<String> {
    if m.producers.is_empty() {
        vec![engine::kafka::DEFAULT_PRODUCER.to_string()]
    } else {
        m.producers.iter().map(|p| p.name.to_string()).collect()
    }
}

/// A lane's rows: the leader first, then the other replicas in assignment order; only the
/// leader's (or, leaderless, the first replica's) when the step does not draw replicas.
fn row_brokers(part: &PartM, replicas: bool) -> Vec<u32> {
    if !replicas {
        return part
            .leader
            .or_else(|| part.replicas.first().map(|r| r.broker))
            .into_iter()
            .collect();
    }
    let mut out: Vec<u32> = part.leader.into_iter().collect();
    out.extend(
        part.replicas
            .iter()
            .map(|r| r.broker)
            .filter(|b| Some(*b) != part.leader),
    );
    out
}

fn first_drawn(part: &PartM) -> u64 {
    part.lso.max(part.leo.saturating_sub(MAX_CELLS))
}

impl Layout {
    /// Where everything the step draws is (`layers`: a lesson step's, or all of them).
    pub fn of(m: &crate::kafka::Model, layers: Layers) -> Layout {
        let mut l = Layout::default();
        let replicas = layers.contains(Layers::REPLICAS);
        if layers.contains(Layers::PRODUCERS) {
            for (i, name) in producer_names(m).into_iter().enumerate() {
                l.producers.insert(name, TOP + i as f64 * (PROD_H + 12.0));
            }
        }
        let mut y = TOP;
        for t in &m.topics {
            for part in &t.parts {
                l.lanes.insert((t.name.clone(), part.p), y);
                if t.aggregated {
                    for b in row_brokers(part, replicas) {
                        l.rows.insert((t.name.clone(), part.p, b), (y, 0, true));
                    }
                    y += COMPACT_H;
                } else {
                    let first = first_drawn(part);
                    let mut ry = y + LANE_HEAD;
                    for b in row_brokers(part, replicas) {
                        l.rows
                            .insert((t.name.clone(), part.p, b), (ry, first, false));
                        ry += ROW_H;
                    }
                    y = ry + MARKS_H + LANE_GAP;
                }
            }
            y += LANE_GAP;
        }
        let mut gy = TOP;
        let groups: &[_] = if layers.contains(Layers::GROUPS) {
            &m.groups
        } else {
            &[]
        };
        for g in groups {
            l.groups.insert(g.name.to_string(), gy);
            gy += 26.0;
            for mem in &g.members {
                l.members
                    .insert((g.name.to_string(), mem.name.to_string()), gy);
                gy += MEMBER_H;
            }
            gy += 14.0;
        }
        let producers_end = TOP + l.producers.len() as f64 * (PROD_H + 12.0);
        l.height = y.max(gy).max(producers_end) + 10.0;
        l
    }

    fn cell_x(&self, first: u64, offset: u64) -> f64 {
        CELLS_X + (offset.saturating_sub(first)).min(MAX_CELLS) as f64 * CELL + CELL / 2.0
    }

    fn point(&self, node: &Node, offset: Option<u64>, outgoing: bool) -> Option<Pt> {
        match node {
            Node::Producer(p) => self
                .producers
                .get(p)
                .map(|y| pt(PROD_X + PROD_W, y + PROD_H / 2.0)),
            Node::Row {
                topic,
                partition,
                broker,
            } => {
                let &(y, first, compact) = self.rows.get(&(topic.clone(), *partition, *broker))?;
                if compact {
                    return Some(pt(
                        if outgoing { LANE_END } else { CELLS_X },
                        y + COMPACT_H / 2.0,
                    ));
                }
                let x = offset.map_or(CELLS_X + CELL * MAX_CELLS as f64, |o| self.cell_x(first, o));
                Some(pt(x, y + 9.0))
            }
            Node::Member { group, member } => self
                .members
                .get(&(group.clone(), member.clone()))
                .map(|y| pt(GROUP_X, y + MEMBER_H / 2.0)),
            _ => None,
        }
    }
}

impl Anchors for Layout {
    fn path(&self, from: &Node, to: &Node, offset: Option<u64>, kind: Kind) -> Option<[Pt; 4]> {
        let a = self.point(from, offset, true)?;
        let b = self.point(to, offset, false)?;
        // A commit goes back to the lane's end; an ack leaves the leader's row end.
        let a = if kind == Kind::Ack || kind == Kind::Nack {
            pt(a.x.max(CELLS_X), a.y)
        } else {
            a
        };
        Some(curve(a, b))
    }
}

#[component]
pub fn KafkaStage(ctx: Ctx) -> impl IntoView {
    let layers = move || {
        ctx.stage
            .focus
            .with(|f| f.map_or(Layers::ALL, |f| f.layers))
    };
    let layout = Memo::new(move |_| {
        let layers = layers();
        ctx.model.with(|m| Layout::of(m, layers))
    });
    let err = RwSignal::new(None::<Msg>);
    let lang = ctx.lang;
    let view_box = move || format!("0 0 {} {}", n(W), n(layout.with(|l| l.height)));
    let topics = move || {
        ctx.model
            .with(|m| m.topics.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    };
    view! {
        <figure class="stage k-stage" aria-label=move || ctx.t(st::KAFKA_STAGE)>
            <p class="stage-wide-hint" aria-hidden="true">{move || st::WIDE_HINT.get(lang.get())}</p>
            <div class="stage-scroll"><div class="stage-frame">
                <svg class="stage-svg" viewBox=view_box role="group" aria-label=move || ctx.t(st::KAFKA_STAGE)>
                    <Show when=move || ctx.stage.shows(Layers::BROKERS)>
                        <Brokers ctx err />
                    </Show>
                    <Show when=move || ctx.stage.shows(Layers::PRODUCERS)>
                        <Producers ctx layout err />
                    </Show>
                    <For each=topics key=|t| t.clone() let:topic>
                        <TopicLanes ctx layout topic />
                    </For>
                    <Show when=move || ctx.stage.shows(Layers::GROUPS)>
                        <Groups ctx layout err />
                    </Show>
                </svg>
                {token::tokens(ctx.stage, layout, view_box)}
            </div></div>
            <ErrorLine ctx err />
        </figure>
    }
}

/// An SVG button: a focusable, named group that Enter and Space press.
fn button(
    class: &'static str,
    x: f64,
    y: f64,
    w: f64,
    label: impl Fn() -> String + Send + Sync + 'static,
    short: impl Fn() -> String + Send + Sync + 'static,
    press: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let (click, key) = token::on_press(press);
    view! {
        <g class=format!("svg-button {class}") role="button" tabindex="0" aria-label=label on:click=click on:keydown=key>
            <rect x=n(x) y=n(y) width=n(w) height="18" rx="4" />
            <text x=n(x + w / 2.0) y=n(y + 13.0) text-anchor="middle">{short}</text>
        </g>
    }
}

// ---- brokers --------------------------------------------------------------------------------

#[component]
fn Brokers(ctx: Ctx, err: RwSignal<Option<Msg>>) -> impl IntoView {
    let ids = move || {
        ctx.model
            .with(|m| m.brokers.iter().map(|b| b.id).collect::<Vec<_>>())
    };
    let count = move || ctx.model.with(|m| m.brokers.len().max(1));
    view! {
        <g class="k-brokers">
            <For each=ids key=|b| *b let:id>
                <BrokerBox ctx id count err />
            </For>
        </g>
    }
}

#[component]
fn BrokerBox(
    ctx: Ctx,
    id: u32,
    count: impl Fn() -> usize + Send + Sync + Copy + 'static,
    err: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let lang = ctx.lang;
    let b = Memo::new(move |_| {
        ctx.model
            .with(|m| m.brokers.iter().find(|b| b.id == id).cloned())
    });
    let w = move || ((W - 16.0) / count() as f64 - 8.0).min(220.0);
    let x = move || 8.0 + id as f64 * (w() + 8.0);
    let up = move || b.with(|b| b.as_ref().is_some_and(|b| b.up));
    let isolated = move || b.with(|b| b.as_ref().is_some_and(|b| b.isolated));
    let controller = move || b.with(|b| b.as_ref().is_some_and(|b| b.controller));
    let status = move || {
        if !up() {
            st::DOWN.get(lang.get())
        } else if isolated() {
            st::ISOLATED_MARK.get(lang.get())
        } else if controller() {
            st::CONTROLLER_MARK.get(lang.get())
        } else {
            ""
        }
    };
    let toggle_up = move || {
        let cmd = if up() {
            Command::KillBroker { broker: id }
        } else {
            Command::RestartBroker { broker: id }
        };
        ctx.act(cmd, err);
    };
    let toggle_net = move || {
        let cmd = if isolated() {
            Command::HealBroker { broker: id }
        } else {
            Command::IsolateBroker { broker: id }
        };
        ctx.act(cmd, err);
    };
    let lit = move || {
        ctx.stage.lit(|h| {
            matches!(h, Highlight::Broker(x) if *x == id)
                || (controller() && matches!(h, Highlight::Controller))
        })
    };
    let select = move || ctx.sel.set(Some(Sel::Broker(id)));
    let (click, key) = token::on_press(select);
    view! {
        <g class="k-broker" class:down=move || !up() class:isolated=isolated class:controller=controller class:lit=lit>
            <rect class="broker-box" x=move || n(x()) y="4" width=move || n(w()) height="58" rx="6" />
            <g role="button" tabindex="0" aria-label=move || format!("{} {}", fill(st::BROKER_N, lang.get(), &[("n", &id)]), status()) on:click=click on:keydown=key>
                <text class="broker-name" x=move || n(x() + 8.0) y="20">{move || fill(st::BROKER_N, lang.get(), &[("n", &id)])}</text>
            </g>
            <text class="broker-status" x=move || n(x() + 8.0) y="34">{status}</text>
            {move || {
                let x = x();
                let w = w();
                let kill = ctx.stage.offers(Offer::Brokers);
                let net = ctx.stage.offers(Offer::Network);
                (!ctx.stage.readonly).then(|| view! {
                    {kill.then(|| button("kill", x + w - 114.0, 39.0, 60.0,
                        move || fill(if up() { st::KILL_BROKER } else { st::RESTART_BROKER }, lang.get(), &[("n", &id)]),
                        move || (if up() { st::KILL_SHORT } else { st::RESTART_SHORT }).get(lang.get()).to_string(),
                        toggle_up))}
                    {net.then(|| button("isolate", x + w - 52.0, 39.0, 48.0,
                        move || fill(if isolated() { st::HEAL_BROKER } else { st::ISOLATE_BROKER }, lang.get(), &[("n", &id)]),
                        move || (if isolated() { st::HEAL_SHORT } else { st::ISOLATE_SHORT }).get(lang.get()).to_string(),
                        toggle_net))}
                })
            }}
        </g>
    }
}

// ---- producers ------------------------------------------------------------------------------

/// The keys one-click produce cycles through (so partitioning by key shows at once).
const KEYS: [&str; 4] = ["user-1", "user-2", "user-3", "user-4"];

#[component]
fn Producers(ctx: Ctx, layout: Memo<Layout>, err: RwSignal<Option<Msg>>) -> impl IntoView {
    let names = move || ctx.model.with(producer_names);
    view! {
        <g class="k-producers">
            <For each=names key=|p| p.clone() let:name>
                <ProducerBox ctx layout name err />
            </For>
        </g>
    }
}

#[component]
fn ProducerBox(
    ctx: Ctx,
    layout: Memo<Layout>,
    name: String,
    err: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let lang = ctx.lang;
    let key_name = name.clone();
    let y = Memo::new(move |_| layout.with(|l| l.producers.get(&key_name).copied().unwrap_or(TOP)));
    let stats_name = name.clone();
    let stats = Memo::new(move |_| {
        ctx.model.with(|m| {
            m.producers
                .iter()
                .find(|p| *p.name == *stats_name)
                .map_or((0, 0, 0), |p| {
                    (p.buffered_records, p.acked_records, p.sent_records)
                })
        })
    });
    // Acks still travelling back are not counted yet.
    let node = Node::Producer(name.clone());
    let acked = Memo::new(move |_| {
        let arrived = ctx.stage.arrived.get();
        let coming = ctx
            .stage
            .plan
            .with(|p| p.in_transit(&node, Kind::Ack, arrived));
        stats.get().1.saturating_sub(coming)
    });
    let next_key = move || KEYS[(stats.get().2 % KEYS.len() as u64) as usize];
    let produce_name = name.clone();
    let produce = move || {
        let topic = ctx
            .model
            .with_untracked(|m| m.topics.first().map(|t| t.name.clone()))
            .unwrap_or_else(|| crate::kafka::SANDBOX_TOPIC.to_string());
        let n = stats.get_untracked().2;
        let key = KEYS[(n % KEYS.len() as u64) as usize];
        let record = Record::keyed(key, format!("order-{}", n + 1));
        ctx.act(
            Command::ProduceFrom {
                producer: produce_name.clone(),
                topic,
                record,
            },
            err,
        );
    };
    let label_name = name.clone();
    let label = move || {
        fill(
            st::PRODUCE_FROM,
            lang.get(),
            &[("p", &label_name), ("k", &next_key())],
        )
    };
    let shown = name.clone();
    view! {
        <g class="k-producer" class:lit=move || ctx.stage.highlighted(Highlight::Producer)>
            <rect class="producer-box" x=n(PROD_X) y=move || n(y.get()) width=n(PROD_W) height=n(PROD_H) rx="8" />
            <text class="producer-name" x=n(PROD_X + 8.0) y=move || n(y.get() + 16.0)>{shown}</text>
            <text class="producer-stats" x=n(PROD_X + 8.0) y=move || n(y.get() + 31.0)>
                {move || format!("{} · {}", fill(st::BUFFERED, lang.get(), &[("n", &stats.get().0)]), fill(st::ACKED, lang.get(), &[("n", &acked.get())]))}
            </text>
            {move || (!ctx.stage.readonly && ctx.stage.offers(Offer::Produce)).then(|| {
                let produce = produce.clone();
                let y = y.get();
                button("produce", PROD_X + 8.0, y + 38.0, PROD_W - 16.0, label.clone(), move || st::PRODUCE_SHORT.get(lang.get()).to_string(), produce)
            })}
        </g>
    }
}

// ---- lanes ----------------------------------------------------------------------------------

#[component]
fn TopicLanes(ctx: Ctx, layout: Memo<Layout>, topic: String) -> impl IntoView {
    let t = topic.clone();
    let meta = Memo::new(move |_| {
        ctx.model.with(|m| {
            m.topic(&t)
                .map(|t| (t.parts.len() as u32, t.aggregated, t.rf))
        })
    });
    let parts = move || (0..meta.get().map_or(0, |m| m.0)).collect::<Vec<_>>();
    let aggregated = move || meta.get().is_some_and(|m| m.1);
    let t2 = topic.clone();
    let note_y = Memo::new(move |_| {
        layout.with(|l| l.lanes.get(&(t2.clone(), 0)).copied().unwrap_or(TOP)) - 2.0
    });
    let t3 = topic.clone();
    let lit = move || {
        ctx.stage
            .lit(|h| matches!(h, Highlight::Topic(x) if *x == t3))
    };
    view! {
        <g class="k-topic" class:lit=lit>
            <Show when=aggregated>
                <text class="aggregated-note" x=n(LANE_X) y=move || n(note_y.get())>
                    {move || fill(st::AGGREGATED, ctx.lang.get(), &[("n", &meta.get().map_or(0, |m| m.0))])}
                </text>
            </Show>
            <For each=parts key=|p| *p let:p>
                <Lane ctx layout topic=topic.clone() p />
            </For>
        </g>
    }
}

#[component]
fn Lane(ctx: Ctx, layout: Memo<Layout>, topic: String, p: u32) -> impl IntoView {
    let t = topic.clone();
    let part = Memo::new(move |_| ctx.model.with(|m| m.part(&t, p).cloned()));
    let t = topic.clone();
    let aggregated = Memo::new(move |_| {
        ctx.model
            .with(|m| m.topic(&t).is_some_and(|t| t.aggregated))
    });
    let t = topic.clone();
    let top =
        Memo::new(move |_| layout.with(|l| l.lanes.get(&(t.clone(), p)).copied().unwrap_or(TOP)));
    let topic_c = topic.clone();
    move || {
        let topic = topic_c.clone();
        if aggregated.get() {
            view! { <CompactLane ctx part topic p top /> }.into_any()
        } else {
            view! { <FullLane ctx layout part topic p /> }.into_any()
        }
    }
}

#[component]
fn CompactLane(
    ctx: Ctx,
    part: Memo<Option<PartM>>,
    topic: String,
    p: u32,
    top: Memo<f64>,
) -> impl IntoView {
    let t = topic.clone();
    let max = Memo::new(move |_| {
        ctx.model.with(|m| {
            m.topic(&t).map_or(1, |t: &TopicM| {
                t.parts.iter().map(|p| p.records).max().unwrap_or(1).max(1)
            })
        })
    });
    let records = move || part.with(|p| p.as_ref().map_or(0, |p| p.records));
    let width = move || (LANE_END - CELLS_X) * records() as f64 / max.get() as f64;
    let select = move || {
        ctx.sel.set(Some(Sel::Partition {
            topic: topic.clone(),
            partition: p,
        }))
    };
    let (click, key) = token::on_press(select);
    view! {
        <g class="lane compact" role="button" tabindex="-1" on:click=click on:keydown=key>
            <text class="row-label" x=n(LANE_X) y=move || n(top.get() + 10.0)>{format!("p{p}")}</text>
            <rect class="heat" x=n(CELLS_X) y=move || n(top.get() + 1.0) width=move || n(width()) height=n(COMPACT_H - 2.0) />
            <text class="heat-count" x=n(LANE_END + 4.0) y=move || n(top.get() + 10.0)>{move || format!("×{}", records())}</text>
        </g>
    }
}

#[component]
fn FullLane(
    ctx: Ctx,
    layout: Memo<Layout>,
    part: Memo<Option<PartM>>,
    topic: String,
    p: u32,
) -> impl IntoView {
    let lang = ctx.lang;
    let stage = ctx.stage;
    let t = topic.clone();
    let geo =
        Memo::new(move |_| layout.with(|l| l.lanes.get(&(t.clone(), p)).copied().unwrap_or(TOP)));
    let t = topic.clone();
    let title = Memo::new(move |_| {
        part.with(|pm| match pm.as_ref().and_then(|pm| pm.leader) {
            Some(leader) => fill(
                st::LANE_TITLE,
                lang.get(),
                &[("topic", &t), ("p", &p), ("leader", &leader)],
            ),
            None => fill(st::NO_LEADER_TITLE, lang.get(), &[("topic", &t), ("p", &p)]),
        })
    });
    let isr = move || {
        part.with(|pm| {
            pm.as_ref().map_or(String::new(), |pm| {
                format!("ISR {}/{}", pm.isr.len(), pm.replicas.len())
            })
        })
    };
    let isr_short = move || {
        part.with(|pm| {
            pm.as_ref()
                .is_some_and(|pm| pm.isr.len() < pm.replicas.len())
        })
    };
    let replicas = move || ctx.stage.shows(Layers::REPLICAS);
    let summary = Memo::new(move |_| {
        let title = title.get();
        let template = if replicas() {
            st::LANE
        } else {
            st::LANE_LEADER_ONLY
        };
        part.with(|pm| {
            pm.as_ref().map_or(String::new(), |pm| {
                fill(
                    template,
                    lang.get(),
                    &[
                        ("title", &title),
                        ("isr", &pm.isr.len()),
                        ("rf", &pm.replicas.len()),
                        ("hw", &pm.hw),
                        ("lso", &pm.lso),
                    ],
                )
            })
        })
    });
    let t = topic.clone();
    let select = move || {
        ctx.sel.set(Some(Sel::Partition {
            topic: t.clone(),
            partition: p,
        }))
    };
    let (click, key) = token::on_press(select);
    let rows = move || {
        let replicas = replicas();
        part.with(|pm| {
            pm.as_ref()
                .map(|pm| row_brokers(pm, replicas))
                .unwrap_or_default()
        })
    };
    // The high watermark drawn: where it was until the copies that move it land.
    let t = topic.clone();
    let hw = Memo::new(move |_| {
        let now = part.with(|pm| pm.as_ref().map_or(0, |pm| pm.hw));
        let arrived = stage.arrived.get();
        stage
            .plan
            .with(|plan| plan.high_watermark(&t, p, now, arrived))
    });
    let first = move || part.with(|pm| pm.as_ref().map_or(0, first_drawn));
    let hw_x = move || CELLS_X + hw.get().saturating_sub(first()).min(MAX_CELLS) as f64 * CELL;
    let row_count = move || rows().len() as f64;
    let lso_text = move || {
        part.with(|pm| {
            pm.as_ref()
                .map_or(String::new(), |pm| format!("LSO {}", pm.lso))
        })
    };
    let topic_rows = topic.clone();
    let topic_marks = topic.clone();
    let topic_lit = topic.clone();
    let lit = move || {
        ctx.stage
            .lit(|h| matches!(h, Highlight::Partition(x, q) if *x == topic_lit && *q == p))
    };
    view! {
        <g class="lane" class:isr-short=isr_short class:lit=lit>
            <title>{summary}</title>
            <g class="lane-head" role="button" tabindex="0" aria-label=summary on:click=click on:keydown=key>
                <text class="lane-title" x=n(LANE_X) y=move || n(geo.get() + 14.0)>{title}</text>
            </g>
            <Show when=replicas>
                <text class="isr-badge" x=n(LANE_END - 4.0) y=move || n(geo.get() + 14.0) text-anchor="end">{isr}</text>
            </Show>
            <text class="lso" x=n(LANE_X + 4.0) y=move || n(geo.get() + LANE_HEAD + row_count() * ROW_H + 12.0)>{lso_text}</text>
            <For each=rows key=|b| *b let:broker>
                <Row ctx layout part topic=topic_rows.clone() p broker hw />
            </For>
            <line class="hw" x1=move || n(hw_x()) x2=move || n(hw_x()) y1=move || n(geo.get() + LANE_HEAD - 2.0) y2=move || n(geo.get() + LANE_HEAD + row_count() * ROW_H + 2.0) />
            <text class="hw-label" x=move || n(hw_x() + 3.0) y=move || n(geo.get() + LANE_HEAD + row_count() * ROW_H + 12.0)>{move || format!("HW {}", hw.get())}</text>
            <Marks ctx layout part topic=topic_marks p hw />
        </g>
    }
}

#[component]
fn Row(
    ctx: Ctx,
    layout: Memo<Layout>,
    part: Memo<Option<PartM>>,
    topic: String,
    p: u32,
    broker: u32,
    hw: Memo<u64>,
) -> impl IntoView {
    let lang = ctx.lang;
    let stage = ctx.stage;
    let key = (topic.clone(), p, broker);
    let k = key.clone();
    let y = Memo::new(move |_| layout.with(|l| l.rows.get(&k).map_or(TOP, |r| r.0)));
    let leader = move || part.with(|pm| pm.as_ref().is_some_and(|pm| pm.leader == Some(broker)));
    let in_isr = move || part.with(|pm| pm.as_ref().is_some_and(|pm| pm.isr.contains(&broker)));
    let down = move || {
        ctx.model.with(|m| {
            m.brokers
                .iter()
                .any(|b| b.id == broker && (!b.up || b.isolated))
        })
    };
    let leo = move || {
        part.with(|pm| {
            pm.as_ref()
                .and_then(|pm| pm.replicas.iter().find(|r| r.broker == broker))
                .map_or(0, |r| r.log_end_offset)
        })
    };
    let node = Node::Row {
        topic: topic.clone(),
        partition: p,
        broker,
    };
    let pending = Memo::new(move |_| {
        let arrived = stage.arrived.get();
        stage.plan.with(|plan| plan.pending_from(&node, arrived))
    });
    let label = move || {
        let mut s = fill(st::ROW, lang.get(), &[("b", &broker)]);
        if leader() {
            s.push_str(" ★");
        }
        s
    };
    // The cells to draw, recomputed when the log, the layout or a landing copy changes.
    let cells = Memo::new(move |_| {
        let y = y.get();
        let leo = leo();
        let pending = pending.get();
        let hw = hw.get();
        let leader = leader();
        part.with(|pm| {
            let Some(pm) = pm.as_ref() else {
                return Vec::new();
            };
            let first = first_drawn(pm);
            pm.tail
                .iter()
                .filter(|r| r.offset >= first && r.offset < leo)
                .map(|r| {
                    let ghost = pending.is_some_and(|from| r.offset >= from);
                    let colour = r.key.as_deref().map(super::trips::colour_of);
                    Cell {
                        offset: r.offset,
                        x: CELLS_X + (r.offset - first) as f64 * CELL,
                        y,
                        class: format!(
                            "cell {}{}{}",
                            colour.map_or("c-none".to_string(), |c| format!("c{c}")),
                            if ghost { " ghost" } else { "" },
                            if leader && r.offset >= hw {
                                " uncommitted"
                            } else {
                                ""
                            }
                        ),
                        key: r.key.clone(),
                        focusable: leader,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    // One node per place in the row, kept while the log moves on under it: a streaming lane
    // changes the attributes of a few nodes each tick instead of replacing the row.
    let places = move || (0..cells.with(Vec::len)).collect::<Vec<_>>();
    let cell_topic = topic.clone();
    let cells = move || {
        let topic = cell_topic.clone();
        view! {
            <For each=places key=|i| *i let:i>
                <CellPlace ctx cells i topic=topic.clone() p />
            </For>
        }
    };
    view! {
        <g class="row" class:leader=leader class:out-of-isr=move || !in_isr() class:down=down>
            <rect class="row-bg" x=n(LANE_X) y=move || n(y.get() - 2.0) width=n(LANE_END - LANE_X) height=n(ROW_H - 1.0) rx="3" />
            <text class="row-label" x=n(LANE_X + 4.0) y=move || n(y.get() + 13.0)>{label}</text>
            <Show when=move || !in_isr()>
                <text class="row-note" x=n(LANE_END - 4.0) y=move || n(y.get() + 13.0) text-anchor="end">{move || st::OUT_OF_ISR.get(lang.get())}</text>
            </Show>
            {cells}
        </g>
    }
}

/// One record cell of a row, in SVG coordinates.
#[derive(Clone, Debug, PartialEq)]
struct Cell {
    offset: u64,
    x: f64,
    y: f64,
    class: String,
    key: Option<String>,
    /// Only the leader's cells are in the tab order (a follower's are copies of them).
    focusable: bool,
}

/// The `i`-th cell of a row, whichever record is there now.
#[component]
fn CellPlace(ctx: Ctx, cells: Memo<Vec<Cell>>, i: usize, topic: String, p: u32) -> impl IntoView {
    let lang = ctx.lang;
    let get =
        move |f: &dyn Fn(&Cell) -> String| cells.with(|c| c.get(i).map(f).unwrap_or_default());
    let select = move || {
        if let Some(offset) = cells.with_untracked(|c| c.get(i).map(|c| c.offset)) {
            ctx.sel.set(Some(Sel::Record {
                topic: topic.clone(),
                partition: p,
                offset,
            }));
        }
    };
    let (click, keydown) = token::on_press(select);
    let aria = move || {
        let l = lang.get();
        cells.with(|c| {
            c.get(i).map_or(String::new(), |c| {
                let key = c
                    .key
                    .clone()
                    .unwrap_or_else(|| st::NO_KEY.get(l).to_string());
                fill(st::RECORD, l, &[("o", &c.offset), ("k", &key)])
            })
        })
    };
    view! {
        <g
            class=move || get(&|c| c.class.clone())
            role="button"
            tabindex=move || get(&|c| if c.focusable { "0" } else { "-1" }.to_string())
            aria-label=aria
            on:click=click
            on:keydown=keydown
        >
            <rect x=move || get(&|c| n(c.x + 1.0)) y=move || get(&|c| n(c.y)) width=n(CELL - 2.0) height="18" rx="3" />
            <text x=move || get(&|c| n(c.x + CELL / 2.0)) y=move || get(&|c| n(c.y + 13.0)) text-anchor="middle">
                {move || get(&|c| short_key(&c.key.clone().unwrap_or_else(|| format!("#{}", c.offset))))}
            </text>
        </g>
    }
}

fn short_key(s: &str) -> String {
    let mut out: String = s.chars().take(6).collect();
    if s.chars().count() > 6 {
        out.pop();
        out.push('…');
    }
    out
}

/// Under a lane: each owning member's position (▲) and committed offset (◆), and the lag as
/// the gap from its position to the high watermark.
#[component]
fn Marks(
    ctx: Ctx,
    layout: Memo<Layout>,
    part: Memo<Option<PartM>>,
    topic: String,
    p: u32,
    hw: Memo<u64>,
) -> impl IntoView {
    let lang = ctx.lang;
    let stage = ctx.stage;
    let t = topic.clone();
    // Where each mark goes, recomputed when a poll lands or the model changes (not per frame).
    let marks = Memo::new(move |_| {
        let arrived = stage.arrived.get();
        let (top, rows) = layout.with(|l| {
            let top = l.lanes.get(&(t.clone(), p)).copied().unwrap_or(TOP);
            let rows = l
                .rows
                .keys()
                .filter(|(tt, pp, _)| *tt == t && *pp == p)
                .count();
            (top, rows)
        });
        let y = top + LANE_HEAD + rows as f64 * ROW_H + 4.0;
        let Some(first) = part.with(|pm| pm.as_ref().map(first_drawn)) else {
            return Vec::new();
        };
        let hw = hw.get();
        let x_of = |o: u64| CELLS_X + o.saturating_sub(first).min(MAX_CELLS) as f64 * CELL;
        ctx.model.with(|m| {
            m.groups
                .iter()
                .flat_map(|g: &GroupView| {
                    g.lag
                        .iter()
                        .filter(|l| *l.topic == *t && l.partition == p)
                        .map(move |l| (g, l))
                })
                .filter_map(|(g, l)| {
                    let owner = l.owner.clone()?;
                    let member = Node::Member {
                        group: g.name.to_string(),
                        member: owner.to_string(),
                    };
                    let pos = stage
                        .plan
                        .with(|plan| plan.position(&member, &t, p, arrived))
                        .or(l.position)?;
                    Some(Mark {
                        owner: owner.to_string(),
                        y,
                        position_x: x_of(pos),
                        hw_x: x_of(hw),
                        lag: hw.saturating_sub(pos),
                        committed_x: l.committed.map(x_of),
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let drawn = move || {
        let l = lang.get();
        marks
            .get()
            .into_iter()
            .map(|m| {
                let y = m.y;
                let committed = m.committed_x.map(|cx| {
                    view! { <text class="committed" x=n(cx) y=n(y + 21.0) text-anchor="middle"><title>{st::COMMITTED_MARK.get(l)}</title>"◆"</text> }
                });
                view! {
                    <g class="member-mark">
                        {(m.lag > 0).then(|| view! {
                            <line class="lag" x1=n(m.position_x) x2=n(m.hw_x) y1=n(y + 17.0) y2=n(y + 17.0) />
                            <text class="lag-label" x=n(m.hw_x + 5.0) y=n(y + 30.0)>{fill(st::LAG_N, l, &[("n", &m.lag)])}</text>
                        })}
                        <text class="position" x=n(m.position_x) y=n(y + 30.0) text-anchor="middle">"▲"</text>
                        <text class="position-label" x=n(m.position_x - 7.0) y=n(y + 30.0) text-anchor="end">{m.owner}</text>
                        {committed}
                    </g>
                }
            })
            .collect::<Vec<_>>()
    };
    view! { <g class="marks">{drawn}</g> }
}

/// One member's marks under a lane, in SVG coordinates.
#[derive(Clone, Debug, PartialEq)]
struct Mark {
    owner: String,
    y: f64,
    position_x: f64,
    hw_x: f64,
    lag: u64,
    committed_x: Option<f64>,
}

// ---- groups ---------------------------------------------------------------------------------

#[component]
fn Groups(ctx: Ctx, layout: Memo<Layout>, err: RwSignal<Option<Msg>>) -> impl IntoView {
    let names = move || {
        ctx.model.with(|m| {
            m.groups
                .iter()
                .map(|g| g.name.to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <g class="k-groups">
            <For each=names key=|g| g.clone() let:group>
                <GroupBox ctx layout group err />
            </For>
        </g>
    }
}

#[component]
fn GroupBox(
    ctx: Ctx,
    layout: Memo<Layout>,
    group: String,
    err: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let lang = ctx.lang;
    let g = group.clone();
    let y = Memo::new(move |_| layout.with(|l| l.groups.get(&g).copied().unwrap_or(TOP)));
    let g = group.clone();
    let members = move || {
        ctx.model.with(|m| {
            m.group(&g)
                .map(|g| {
                    g.members
                        .iter()
                        .map(|m| m.name.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let g = group.clone();
    let add = move || {
        let (topics, count) = ctx.model.with_untracked(|m| {
            m.group(&g).map_or((Vec::new(), 0), |gv| {
                let topics = gv
                    .members
                    .first()
                    .map(|m| m.topics.iter().map(|t| t.to_string()).collect())
                    .unwrap_or_default();
                (topics, gv.members.len())
            })
        });
        let taken = |name: &str| {
            ctx.model.with_untracked(|m| {
                m.group(&g)
                    .is_some_and(|gv| gv.members.iter().any(|m| &*m.name == name))
            })
        };
        let name = (count + 1..)
            .map(|i| format!("c{i}"))
            .find(|n| !taken(n))
            .unwrap_or_default();
        ctx.act(
            Command::Subscribe {
                group: g.clone(),
                member: name,
                topics,
                config: ConsumerConfig {
                    auto_offset_reset: engine::kafka::AutoOffsetReset::Earliest,
                    enable_auto_commit: false,
                    ..ConsumerConfig::default()
                },
            },
            err,
        );
    };
    let g_title = group.clone();
    let g_label = group.clone();
    let g_members = group.clone();
    let g_lit = group.clone();
    let lit = move || {
        ctx.stage
            .lit(|h| matches!(h, Highlight::ConsumerGroup(x) | Highlight::Lag(x) if *x == g_lit))
    };
    view! {
        <g class="k-group" class:lit=lit>
            <text class="group-title" x=n(GROUP_X) y=move || n(y.get() + 14.0)>{move || fill(st::GROUP_TITLE, lang.get(), &[("g", &g_title)])}</text>
            {move || (!ctx.stage.readonly && ctx.stage.offers(Offer::AddConsumer)).then(|| {
                let g = g_label.clone();
                button("add", GROUP_X + GROUP_W - 82.0, y.get() + 2.0, 82.0,
                    move || fill(st::ADD_MEMBER, lang.get(), &[("g", &g)]),
                    move || st::ADD_SHORT.get(lang.get()).to_string(), add.clone())
            })}
            <For each=members key=|m| m.clone() let:member>
                <MemberBox ctx layout group=g_members.clone() member err />
            </For>
        </g>
    }
}

#[component]
fn MemberBox(
    ctx: Ctx,
    layout: Memo<Layout>,
    group: String,
    member: String,
    err: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let lang = ctx.lang;
    let key = (group.clone(), member.clone());
    let y = Memo::new(move |_| layout.with(|l| l.members.get(&key).copied().unwrap_or(TOP)));
    let (g, m) = (group.clone(), member.clone());
    let view_of = Memo::new(move |_| {
        ctx.model.with(|md| {
            md.group(&g)
                .and_then(|gv| gv.members.iter().find(|x| *x.name == *m).cloned())
        })
    });
    let running = move || view_of.with(|v| v.as_ref().is_some_and(|v| v.running));
    let parts = move || {
        view_of.with(|v| {
            v.as_ref().map_or(String::new(), |v| {
                v.assignment
                    .iter()
                    .map(|(t, p, _)| format!("{t}-{p}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
    };
    let act = move |cmd: Command| {
        ctx.act(cmd, err);
    };
    let (g1, m1) = (group.clone(), member.clone());
    let poll = move || {
        act(Command::Poll {
            group: g1.clone(),
            member: m1.clone(),
        })
    };
    let (g2, m2) = (group.clone(), member.clone());
    let commit = move || {
        act(Command::Commit {
            group: g2.clone(),
            member: m2.clone(),
        })
    };
    let (g3, m3) = (group.clone(), member.clone());
    let crash = move || {
        act(Command::Crash {
            group: g3.clone(),
            member: m3.clone(),
        })
    };
    let (g4, m4) = (group.clone(), member.clone());
    let select = move || {
        ctx.sel.set(Some(Sel::Member {
            group: g4.clone(),
            member: m4.clone(),
        }))
    };
    let (click, keydown) = token::on_press(select);
    let name = member.clone();
    let name2 = member.clone();
    let buttons = move || {
        (!ctx.stage.readonly && running()).then(|| {
            let y = y.get();
            let (a, b, c) = (name2.clone(), name2.clone(), name2.clone());
            let (poll, commit, crash) = (poll.clone(), commit.clone(), crash.clone());
            let offers = |o| ctx.stage.offers(o);
            view! {
                {offers(Offer::Poll).then(|| button("poll", GROUP_X + 6.0, y + 20.0, 56.0, move || fill(st::POLL_MEMBER, lang.get(), &[("m", &a)]), move || st::POLL_SHORT.get(lang.get()).to_string(), poll))}
                {offers(Offer::Commit).then(|| button("commit", GROUP_X + 66.0, y + 20.0, 60.0, move || fill(st::COMMIT_MEMBER, lang.get(), &[("m", &b)]), move || st::COMMIT_SHORT.get(lang.get()).to_string(), commit))}
                {offers(Offer::StopConsumer).then(|| button("crash", GROUP_X + 130.0, y + 20.0, 58.0, move || fill(st::CRASH_MEMBER, lang.get(), &[("m", &c)]), move || st::CRASH_SHORT.get(lang.get()).to_string(), crash))}
            }
        })
    };
    view! {
        <g class="k-member" class:stopped=move || !running()>
            <g role="button" tabindex="0" aria-label=move || fill(st::MEMBER_POS, lang.get(), &[("m", &name), ("parts", &parts())]) on:click=click on:keydown=keydown>
                <rect class="member-box" x=n(GROUP_X) y=move || n(y.get()) width=n(GROUP_W) height=n(MEMBER_H - 2.0) rx="6" />
                <text class="member-name" x=n(GROUP_X + 6.0) y=move || n(y.get() + 14.0)>
                    {member.clone()}" "{move || if running() { String::new() } else { st::CRASHED_MARK.get(lang.get()).to_string() }}
                </text>
                <text class="member-parts" x=n(GROUP_X + 60.0) y=move || n(y.get() + 14.0)>{parts}</text>
            </g>
            {buttons}
        </g>
    }
}
