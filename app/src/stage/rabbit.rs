//! The RabbitMQ broker as one picture, left to right as a message travels: publishers (channels)
//! → exchanges (their type on a badge) → bindings (the key or header rule written on the edge)
//! → queues (a stack: filled = ready, hollow = unacked, "+N" beyond what fits, with argument
//! badges) → consumers (prefetch slots filled by their unacked deliveries). The dead-letter edge
//! from a queue back to its DLX is dashed, so is the alternate-exchange edge; unroutable or
//! refused messages fall into the drop below the exchanges. Tokens travel over it (see
//! [`super::trips`]).
//!
//! Publish from a channel, and ack / nack / reject each delivery, on the picture itself; every
//! exchange, binding, queue, consumer and message opens the inspector.

use super::text::{self as st, fill};
use super::token::{self, Anchors, Pt, curve, d, loop_under, n, pt};
use super::trips::{Kind, Node, colour_of};
use crate::rabbit::{Ctx, Problem, Sel};
use engine::rabbit::{
    ChannelId, Command, DestinationKind, ExchangeKind, MsgId, PublishSpec, QueueType,
};
use engine::sim::Sim;
use leptos::prelude::*;
use lessons::Highlight;
use lessons::model::{Layers, Offer};
use std::collections::BTreeMap;

const W: f64 = 1000.0;
const TOP: f64 = 26.0;
const CH_X: f64 = 8.0;
const CH_W: f64 = 124.0;
const CH_H: f64 = 58.0;
const EX_X: f64 = 196.0;
const EX_W: f64 = 164.0;
const EX_H: f64 = 46.0;
const Q_X: f64 = 540.0;
const Q_W: f64 = 190.0;
const Q_H: f64 = 66.0;
const C_X: f64 = 800.0;
const C_W: f64 = 192.0;
const C_HEAD: f64 = 40.0;
const DELIVERY_H: f64 = 22.0;
const SLOTS: usize = 8;
const SLOT: f64 = 20.0;
const GAP: f64 = 14.0;

/// One exchange as drawn.
#[derive(Clone, Debug, PartialEq)]
struct ExM {
    name: String,
    kind: ExchangeKind,
    alternate: Option<String>,
    /// `(destination queue or exchange, the rule written on the edge)`.
    bindings: Vec<(String, DestinationKind, String)>,
}

/// One queue as drawn.
#[derive(Clone, Debug, PartialEq)]
struct QM {
    name: String,
    ready: Vec<(u64, String, bool)>,
    ready_total: u64,
    unacked: u64,
    badges: Vec<String>,
    dlx: Option<String>,
}

/// One consumer with its unacknowledged deliveries `(tag, message, routing key, redelivered)`.
#[derive(Clone, Debug, PartialEq)]
struct CM {
    tag: String,
    channel: u32,
    queue: String,
    prefetch: u16,
    deliveries: Vec<(u64, u64, String, bool, u64)>,
}

/// The broker as the picture needs it, derived on every change.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Model {
    channels: Vec<u32>,
    exchanges: Vec<ExM>,
    queues: Vec<QM>,
    consumers: Vec<CM>,
}

fn rule(arguments: &engine::rabbit::FieldTable, key: &str, kind: ExchangeKind) -> String {
    match kind {
        ExchangeKind::Fanout => "*".to_string(),
        ExchangeKind::Headers => {
            let m = arguments
                .get("x-match")
                .and_then(|v| v.as_str())
                .unwrap_or("all");
            let pairs: Vec<String> = arguments
                .iter()
                .filter(|(k, _)| !k.starts_with("x-"))
                .map(|(k, v)| {
                    format!(
                        "{k}={}",
                        v.as_str().map_or_else(|| format!("{v:?}"), str::to_string)
                    )
                })
                .collect();
            format!("{m}: {}", pairs.join(","))
        }
        _ => key.to_string(),
    }
}

fn badges(q: &engine::rabbit::QueueView) -> Vec<String> {
    let a = &q.args;
    let mut b = Vec::new();
    if a.queue_type == QueueType::Quorum {
        b.push("quorum".to_string());
    }
    if let Some(t) = a.message_ttl {
        b.push(format!("TTL {}s", t / 1000));
    }
    if let Some(m) = a.max_length {
        b.push(format!("max {m}"));
    }
    if let Some(p) = a.max_priority {
        b.push(format!("prio {p}"));
    }
    if a.dead_letter_exchange.is_some() {
        b.push("DLX".to_string());
    }
    if let Some(l) = a.delivery_limit {
        b.push(format!("limit {l}"));
    }
    b
}

impl Model {
    pub fn of(sim: &Sim) -> Model {
        let r = &sim.rabbit;
        let exchanges = r
            .exchanges()
            .into_iter()
            .filter(|x| !x.exchange.predeclared || !x.bindings.is_empty())
            .map(|x| ExM {
                name: x.exchange.name.clone(),
                kind: x.exchange.kind,
                alternate: x.exchange.alternate().map(str::to_string),
                bindings: x
                    .bindings
                    .iter()
                    .map(|b| {
                        (
                            b.destination.clone(),
                            b.destination_kind,
                            rule(&b.arguments, &b.routing_key, x.exchange.kind),
                        )
                    })
                    .collect(),
            })
            .collect();
        let queues = r
            .queues()
            .into_iter()
            .map(|q| QM {
                ready: r
                    .messages(&q.name)
                    .into_iter()
                    .take(SLOTS)
                    .map(|m| (m.id.0, m.routing_key.clone(), m.redelivered))
                    .collect(),
                ready_total: q.ready,
                unacked: q.unacked,
                badges: badges(&q),
                dlx: q.args.dead_letter_exchange.clone(),
                name: q.name,
            })
            .collect();
        let channels = r.channels();
        let consumers = r
            .consumers()
            .into_iter()
            .map(|c| {
                let deliveries = channels
                    .iter()
                    .find(|ch| ch.id == c.channel)
                    .map(|ch| {
                        ch.unacked
                            .iter()
                            .filter(|u| u.consumer.as_deref() == Some(c.tag.as_str()))
                            .take(SLOTS)
                            .map(|u| {
                                (
                                    u.delivery_tag,
                                    u.message.id.0,
                                    u.message.routing_key.clone(),
                                    u.message.redelivered,
                                    u.message.deaths.iter().map(|d| d.count).sum(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                CM {
                    tag: c.tag,
                    channel: c.channel.0,
                    queue: c.queue,
                    prefetch: c.prefetch,
                    deliveries,
                }
            })
            .collect();
        Model {
            channels: channels.iter().map(|c| c.id.0).collect(),
            exchanges,
            queues,
            consumers,
        }
    }

    /// Only what a lesson step draws: a DLX or an alternate exchange (and the edges to them)
    /// only when the step names that layer; channels and consumers only with theirs.
    pub fn focused(mut self, sim: &Sim, layers: Layers) -> Model {
        if layers == Layers::ALL {
            return self;
        }
        let hidden: Vec<String> = self
            .exchanges
            .iter()
            .filter(|x| !layers.contains(Layers::of_exchange(sim, &x.name)))
            .map(|x| x.name.clone())
            .collect();
        self.exchanges.retain(|x| !hidden.contains(&x.name));
        for x in &mut self.exchanges {
            x.bindings
                .retain(|(to, kind, _)| *kind != DestinationKind::Exchange || !hidden.contains(to));
            if x.alternate.as_ref().is_some_and(|a| hidden.contains(a)) {
                x.alternate = None;
            }
        }
        for q in &mut self.queues {
            if q.dlx.as_ref().is_some_and(|d| hidden.contains(d)) {
                q.dlx = None;
                q.badges.retain(|b| b != "DLX");
            }
        }
        if !layers.contains(Layers::CHANNELS) {
            self.channels.clear();
        }
        if !layers.contains(Layers::CONSUMERS) {
            self.consumers.clear();
        }
        self
    }
}

/// Where everything is.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    height: f64,
    channels: BTreeMap<u32, f64>,
    exchanges: BTreeMap<String, f64>,
    queues: BTreeMap<String, f64>,
    /// Consumer tag → top; and each channel's first consumer.
    consumers: BTreeMap<String, f64>,
    channel_consumer: BTreeMap<u32, f64>,
    drop_y: f64,
}

impl Layout {
    fn of(m: &Model) -> Layout {
        let mut l = Layout::default();
        for (i, c) in m.channels.iter().enumerate() {
            l.channels.insert(*c, TOP + i as f64 * (CH_H + GAP));
        }
        for (i, x) in m.exchanges.iter().enumerate() {
            l.exchanges
                .insert(x.name.clone(), TOP + i as f64 * (EX_H + GAP + 10.0));
        }
        for (i, q) in m.queues.iter().enumerate() {
            l.queues
                .insert(q.name.clone(), TOP + i as f64 * (Q_H + GAP));
        }
        let mut y = TOP;
        for c in &m.consumers {
            l.consumers.insert(c.tag.clone(), y);
            l.channel_consumer.entry(c.channel).or_insert(y);
            y += C_HEAD + c.deliveries.len() as f64 * DELIVERY_H + GAP;
        }
        let ex_end = TOP + m.exchanges.len() as f64 * (EX_H + GAP + 10.0);
        l.drop_y = ex_end + 20.0;
        let q_end = TOP + m.queues.len() as f64 * (Q_H + GAP);
        let ch_end = TOP + m.channels.len() as f64 * (CH_H + GAP);
        l.height = (l.drop_y + 40.0).max(q_end + 50.0).max(y).max(ch_end) + 10.0;
        l
    }

    fn point(&self, node: &Node, outgoing: bool) -> Option<Pt> {
        Some(match node {
            Node::Channel(c) => pt(CH_X + CH_W, self.channels.get(c)? + CH_H / 2.0),
            Node::Exchange(x) => pt(
                if outgoing { EX_X + EX_W } else { EX_X },
                self.exchanges.get(x)? + EX_H / 2.0,
            ),
            Node::Queue(q) => pt(
                if outgoing { Q_X + Q_W } else { Q_X },
                self.queues.get(q)? + Q_H / 2.0,
            ),
            Node::Consumer(c) => pt(C_X, self.channel_consumer.get(c)? + C_HEAD / 2.0),
            Node::Void => pt(EX_X + EX_W / 2.0, self.drop_y + 16.0),
            _ => return None,
        })
    }

    /// The dead-letter edge: out of the queue's bottom, under everything, up into its DLX.
    fn dead_letter_path(&self, queue: &str, dlx: &str) -> Option<[Pt; 4]> {
        let a = pt(Q_X + Q_W / 2.0, self.queues.get(queue)? + Q_H);
        let b = pt(EX_X + EX_W / 2.0, self.exchanges.get(dlx)? + EX_H);
        Some(loop_under(a, b, 18.0))
    }
}

impl Anchors for Layout {
    fn path(&self, from: &Node, to: &Node, _offset: Option<u64>, kind: Kind) -> Option<[Pt; 4]> {
        match (from, to, kind) {
            (Node::Queue(q), Node::Exchange(x), _) => self.dead_letter_path(q, x),
            (_, Node::Void, _) => {
                let a = self.point(from, true)?;
                let b = self.point(to, false)?;
                Some([a, pt(a.x, b.y), pt(b.x, b.y - 20.0), b])
            }
            // Going back left (an ack, a requeue, a confirm, a return): leave from the left side.
            (_, _, Kind::Ack | Kind::Nack | Kind::Requeue | Kind::Returned | Kind::DeadLetter) => {
                let a = self.point(from, false)?;
                let b = self.point(to, true)?;
                Some(curve(a, b))
            }
            _ => Some(curve(self.point(from, true)?, self.point(to, false)?)),
        }
    }
}

#[component]
pub fn RabbitStage(ctx: Ctx) -> impl IntoView {
    let model = Memo::new(move |_| {
        let layers = ctx
            .stage
            .focus
            .with(|f| f.map_or(Layers::ALL, |f| f.layers));
        ctx.stage.with(|sim| Model::of(sim).focused(sim, layers))
    });
    let layout = Memo::new(move |_| model.with(Layout::of));
    let err = RwSignal::new(None::<Problem>);
    let lang = ctx.lang;
    let view_box = move || format!("0 0 {} {}", n(W), n(layout.with(|l| l.height)));
    let channels = move || model.with(|m| m.channels.clone());
    let exchanges = move || {
        model.with(|m| {
            m.exchanges
                .iter()
                .map(|x| x.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let queues =
        move || model.with(|m| m.queues.iter().map(|q| q.name.clone()).collect::<Vec<_>>());
    let consumers = move || {
        model.with(|m| {
            m.consumers
                .iter()
                .map(|c| c.tag.clone())
                .collect::<Vec<_>>()
        })
    };
    let drop_y = move || layout.with(|l| l.drop_y);
    view! {
        <figure class="stage r-stage" aria-label=move || ctx.t(st::RABBIT_STAGE)>
            <p class="stage-wide-hint" aria-hidden="true">{move || st::WIDE_HINT.get(lang.get())}</p>
            <div class="stage-scroll"><div class="stage-frame">
                <svg class="stage-svg" viewBox=view_box role="group" aria-label=move || ctx.t(st::RABBIT_STAGE)>
                    <g class="r-heads" aria-hidden="true">
                        <text x=n(CH_X) y="14">{move || ctx.t(st::PUBLISHERS)}</text>
                        <text x=n(EX_X) y="14">{move || ctx.t(st::EXCHANGES)}</text>
                        <text x=n(Q_X) y="14">{move || ctx.t(st::QUEUES)}</text>
                        <text x=n(C_X) y="14">{move || ctx.t(st::CONSUMERS)}</text>
                    </g>
                    <Edges ctx model layout />
                    <g class="drop" aria-hidden="true">
                        <path class="drop-bin" d=move || format!("M{} {}h{}l-10 22h-{}z", n(EX_X + EX_W / 2.0 - 30.0), n(drop_y()), n(60.0), n(40.0)) />
                        <text x=n(EX_X + EX_W / 2.0) y=move || n(drop_y() + 36.0) text-anchor="middle">{move || ctx.t(st::DROPPED)}</text>
                    </g>
                    <For each=channels key=|c| *c let:channel>
                        <ChannelBox ctx model layout channel err />
                    </For>
                    <For each=exchanges key=|x| x.clone() let:name>
                        <ExchangeBox ctx model layout name />
                    </For>
                    <For each=queues key=|q| q.clone() let:name>
                        <QueueBox ctx model layout name />
                    </For>
                    <For each=consumers key=|c| c.clone() let:tag>
                        <ConsumerBox ctx model layout tag err />
                    </For>
                </svg>
                {token::tokens(ctx.stage, layout, view_box)}
            </div></div>
            {move || err.get().map(|p| view! { <p class="error" role="alert">{move || p.words(lang.get())}</p> })}
        </figure>
    }
}

/// Bindings (solid, their rule written on them), alternate exchanges and dead-letter edges
/// (dashed).
#[component]
fn Edges(ctx: Ctx, model: Memo<Model>, layout: Memo<Layout>) -> impl IntoView {
    let lang = ctx.lang;
    let edges = move || {
        let l = layout.get();
        model.with(|m| {
            let mut out = Vec::new();
            for x in &m.exchanges {
                let Some(from) = l.point(&Node::Exchange(x.name.clone()), true) else { continue };
                for (dest, kind, rule) in &x.bindings {
                    let to_node = match kind {
                        DestinationKind::Queue => Node::Queue(dest.clone()),
                        DestinationKind::Exchange => Node::Exchange(dest.clone()),
                    };
                    let Some(to) = l.point(&to_node, false) else { continue };
                    let c = curve(from, to);
                    let mid = token::at(&c, 0.5);
                    let source = x.name.clone();
                    let dest2 = dest.clone();
                    let select = move || {
                        ctx.stage.with_untracked(|s| {
                            if let Some(b) = s.rabbit.exchange(&source).and_then(|xv| xv.bindings.into_iter().find(|b| b.destination == dest2)) {
                                ctx.sel.set(Some(Sel::Binding { source: source.clone(), binding: b }));
                            }
                        })
                    };
                    let (click, key) = token::on_press(select);
                    let label = format!("{} → {dest}: {rule}", x.name);
                    let (lit_dest, lit_rule) = (dest.clone(), rule.clone());
                    let lit = move || ctx.stage.lit(|h| matches!(h, Highlight::Binding(k) if *k == lit_dest || *k == lit_rule));
                    out.push(view! {
                        <g class="binding" class:lit=lit role="button" tabindex="0" aria-label=label on:click=click on:keydown=key>
                            <path class="edge" d=d(&c) />
                            <text class="edge-label" x=n(mid.x) y=n(mid.y - 4.0) text-anchor="middle">{short(rule, 14)}</text>
                        </g>
                    }.into_any());
                }
                if let Some(ae) = &x.alternate
                    && let (Some(a), Some(b)) = (l.exchanges.get(&x.name), l.exchanges.get(ae))
                {
                    let c = [pt(EX_X, a + EX_H / 2.0), pt(EX_X - 30.0, a + EX_H / 2.0), pt(EX_X - 30.0, b + EX_H / 2.0), pt(EX_X, b + EX_H / 2.0)];
                    let label = fill(st::ALTERNATE_EDGE, lang.get(), &[("x", ae)]);
                    out.push(view! { <path class="edge alternate" d=d(&c)><title>{label}</title></path> }.into_any());
                }
            }
            for q in &m.queues {
                if let Some(dlx) = &q.dlx
                    && let Some(c) = l.dead_letter_path(&q.name, dlx)
                {
                    let label = fill(st::DEAD_LETTER_EDGE, lang.get(), &[("x", dlx)]);
                    let mid = token::at(&c, 0.5);
                    out.push(view! {
                        <g class="dead-letter-edge">
                            <path class="edge dead" d=d(&c)><title>{label.clone()}</title></path>
                            <text class="edge-label" x=n(mid.x) y=n(mid.y - 4.0) text-anchor="middle">{label}</text>
                        </g>
                    }.into_any());
                }
            }
            out
        })
    };
    view! { <g class="edges">{edges}</g> }
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The routing key one-click publish uses next: the bindings of the channel's exchange in turn,
/// their wildcards filled in, so each click may take another way.
fn next_key(m: &Model, exchange: &str, turn: usize) -> String {
    let keys: Vec<String> = m
        .exchanges
        .iter()
        .find(|x| x.name == exchange)
        .map(|x| {
            x.bindings
                .iter()
                .map(|(_, _, k)| {
                    k.split('.')
                        .map(|w| match w {
                            "*" => "football",
                            "#" => "goal",
                            w => w,
                        })
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .collect()
        })
        .unwrap_or_default();
    if keys.is_empty() {
        return "key".to_string();
    }
    keys[turn % keys.len()].clone()
}

/// The exchange a channel publishes to: the first one the learner declared.
fn target_exchange(m: &Model) -> Option<String> {
    m.exchanges
        .iter()
        .find(|x| !x.name.is_empty() && !x.name.starts_with("amq.") && !x.name.ends_with(".dlx"))
        .or(m.exchanges.first())
        .map(|x| x.name.clone())
}

#[component]
fn ChannelBox(
    ctx: Ctx,
    model: Memo<Model>,
    layout: Memo<Layout>,
    channel: u32,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let lang = ctx.lang;
    let y = Memo::new(move |_| layout.with(|l| l.channels.get(&channel).copied().unwrap_or(TOP)));
    let turn = RwSignal::new(0usize);
    let target = Memo::new(move |_| {
        model.with(|m| target_exchange(m).map(|x| (x.clone(), next_key(m, &x, turn.get()))))
    });
    let publish = move || {
        let Some((x, key)) = target.get_untracked() else {
            return;
        };
        let body = format!("msg {}", turn.get_untracked() + 1);
        if ctx.run(
            Command::Publish(PublishSpec::new(ChannelId(channel), &x, &key).body(body)),
            err,
        ) {
            turn.update(|t| *t += 1);
        }
    };
    let label = move || {
        target.get().map_or(String::new(), |(x, k)| {
            fill(
                st::PUBLISH_TO,
                lang.get(),
                &[("c", &channel), ("x", &x), ("k", &k)],
            )
        })
    };
    let (click, key) = token::on_press(publish);
    view! {
        <g class="r-channel" class:lit=move || ctx.stage.highlighted(Highlight::Producer)>
            <rect class="channel-box" x=n(CH_X) y=move || n(y.get()) width=n(CH_W) height=n(CH_H) rx="8" />
            <text class="channel-name" x=n(CH_X + 8.0) y=move || n(y.get() + 16.0)>{move || fill(st::CHANNEL_N, lang.get(), &[("n", &channel)])}</text>
            <Show when=move || !ctx.stage.readonly && ctx.stage.offers(Offer::Publish) && target.with(|t| t.is_some())>
                <g class="svg-button publish" role="button" tabindex="0" aria-label=label on:click=click.clone() on:keydown=key.clone()>
                    <rect x=n(CH_X + 8.0) y=move || n(y.get() + 30.0) width=n(CH_W - 16.0) height="20" rx="4" />
                    <text x=n(CH_X + CH_W / 2.0) y=move || n(y.get() + 44.0) text-anchor="middle">{move || st::PUBLISH_SHORT.get(lang.get())}</text>
                </g>
            </Show>
        </g>
    }
}

fn kind_name(k: ExchangeKind) -> &'static str {
    match k {
        ExchangeKind::Direct => "direct",
        ExchangeKind::Fanout => "fanout",
        ExchangeKind::Topic => "topic",
        ExchangeKind::Headers => "headers",
    }
}

#[component]
fn ExchangeBox(ctx: Ctx, model: Memo<Model>, layout: Memo<Layout>, name: String) -> impl IntoView {
    let lang = ctx.lang;
    let n1 = name.clone();
    let y = Memo::new(move |_| layout.with(|l| l.exchanges.get(&n1).copied().unwrap_or(TOP)));
    let n2 = name.clone();
    let kind = Memo::new(move |_| {
        model.with(|m| {
            m.exchanges
                .iter()
                .find(|x| x.name == n2)
                .map_or(ExchangeKind::Direct, |x| x.kind)
        })
    });
    let shown = if name.is_empty() {
        st::DEFAULT_EXCHANGE.get(lang.get_untracked()).to_string()
    } else {
        name.clone()
    };
    let n3 = name.clone();
    let label = move || {
        fill(
            st::EXCHANGE_LABEL,
            lang.get(),
            &[("x", &n3), ("kind", &kind_name(kind.get()))],
        )
    };
    let n4 = name.clone();
    let (click, key) = token::on_press(move || ctx.sel.set(Some(Sel::Exchange(n4.clone()))));
    let n5 = name.clone();
    let lit = move || {
        ctx.stage
            .lit(|h| matches!(h, Highlight::Exchange(x) if *x == n5))
    };
    view! {
        <g class=move || format!("r-exchange kind-{}", kind_name(kind.get())) class:lit=lit role="button" tabindex="0" aria-label=label on:click=click on:keydown=key>
            <rect class="exchange-box" x=n(EX_X) y=move || n(y.get()) width=n(EX_W) height=n(EX_H) rx="14" />
            <text class="exchange-name" x=n(EX_X + 10.0) y=move || n(y.get() + 19.0)>{short(&shown, 20)}</text>
        </g>
        <text class="kind-badge" x=n(EX_X + 10.0) y=move || n(y.get() + 36.0)>{move || kind_name(kind.get())}</text>
    }
}

#[component]
fn QueueBox(ctx: Ctx, model: Memo<Model>, layout: Memo<Layout>, name: String) -> impl IntoView {
    let lang = ctx.lang;
    let stage = ctx.stage;
    let n1 = name.clone();
    let y = Memo::new(move |_| layout.with(|l| l.queues.get(&n1).copied().unwrap_or(TOP)));
    let n2 = name.clone();
    let q = Memo::new(move |_| model.with(|m| m.queues.iter().find(|q| q.name == n2).cloned()));
    let node = Node::Queue(name.clone());
    let slots = move || {
        let y = y.get();
        let arrived = stage.arrived.get();
        let Some(q) = q.get() else { return Vec::new() };
        let mut out = Vec::new();
        let mut i = 0usize;
        for (id, key, redelivered) in q.ready.iter() {
            if stage.plan.with(|p| p.arriving(&node, *id, arrived)) {
                continue;
            }
            let x = Q_X + 8.0 + i as f64 * (SLOT + 2.0);
            let class = format!(
                "slot ready c{}{}",
                colour_of(key),
                if *redelivered { " redelivered" } else { "" }
            );
            let id = *id;
            let (click, keydown) =
                token::on_press(move || ctx.sel.set(Some(Sel::Message(MsgId(id)))));
            out.push(view! {
                <g class=class role="button" tabindex="0" aria-label=format!("#{id} {key}") on:click=click on:keydown=keydown>
                    <rect x=n(x) y=n(y + 34.0) width=n(SLOT) height=n(SLOT) rx="3" />
                    <text x=n(x + SLOT / 2.0) y=n(y + 48.0) text-anchor="middle">{id.to_string()}</text>
                </g>
            }.into_any());
            i += 1;
        }
        let hollow = (q.unacked as usize).min(SLOTS.saturating_sub(i));
        for _ in 0..hollow {
            let x = Q_X + 8.0 + i as f64 * (SLOT + 2.0);
            out.push(view! { <rect class="slot unacked" x=n(x) y=n(y + 34.0) width=n(SLOT) height=n(SLOT) rx="3" /> }.into_any());
            i += 1;
        }
        let drawn = q.ready.len() as u64 + hollow as u64;
        let total = q.ready_total + q.unacked;
        if total > drawn {
            out.push(view! { <text class="more" x=n(Q_X + Q_W - 6.0) y=n(y + 48.0) text-anchor="end">{fill(st::MORE, lang.get(), &[("n", &(total - drawn))])}</text> }.into_any());
        }
        out
    };
    let label = move || {
        q.get().map_or(String::new(), |q| {
            fill(
                st::QUEUE_LABEL,
                lang.get(),
                &[
                    ("q", &q.name),
                    ("ready", &q.ready_total),
                    ("unacked", &q.unacked),
                    ("badges", &q.badges.join(" · ")),
                ],
            )
        })
    };
    let badges = move || q.get().map_or(String::new(), |q| q.badges.join(" · "));
    let n3 = name.clone();
    let (click, key) = token::on_press(move || ctx.sel.set(Some(Sel::Queue(n3.clone()))));
    let n4 = name.clone();
    let lit = move || {
        ctx.stage
            .lit(|h| matches!(h, Highlight::Queue(x) if *x == n4))
    };
    view! {
        <g class="r-queue" class:lit=lit>
            <g role="button" tabindex="0" aria-label=label on:click=click on:keydown=key>
                <rect class="queue-box" x=n(Q_X) y=move || n(y.get()) width=n(Q_W) height=n(Q_H) rx="6" />
                <text class="queue-name" x=n(Q_X + 8.0) y=move || n(y.get() + 15.0)>{short(&name, 22)}</text>
            </g>
            <text class="queue-badges" x=n(Q_X + 8.0) y=move || n(y.get() + 28.0)>{badges}</text>
            {slots}
        </g>
    }
}

#[component]
fn ConsumerBox(
    ctx: Ctx,
    model: Memo<Model>,
    layout: Memo<Layout>,
    tag: String,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let lang = ctx.lang;
    let stage = ctx.stage;
    let t1 = tag.clone();
    let y = Memo::new(move |_| layout.with(|l| l.consumers.get(&t1).copied().unwrap_or(TOP)));
    let t2 = tag.clone();
    let c = Memo::new(move |_| model.with(|m| m.consumers.iter().find(|c| c.tag == t2).cloned()));
    let label = move || {
        c.get().map_or(String::new(), |c| {
            let prefetch = if c.prefetch == 0 {
                st::UNLIMITED.get(lang.get()).to_string()
            } else {
                c.prefetch.to_string()
            };
            fill(
                st::CONSUMER_LABEL,
                lang.get(),
                &[
                    ("tag", &c.tag),
                    ("c", &c.channel),
                    ("used", &c.deliveries.len()),
                    ("prefetch", &prefetch),
                ],
            )
        })
    };
    let prefetch_slots = move || {
        let y = y.get();
        let Some(c) = c.get() else { return Vec::new() };
        let shown = if c.prefetch == 0 {
            c.deliveries.len().max(1)
        } else {
            (c.prefetch as usize).min(SLOTS)
        };
        (0..shown)
            .map(|i| {
                let filled = i < c.deliveries.len();
                let x = C_X + 8.0 + i as f64 * 14.0;
                view! { <rect class=if filled { "prefetch-slot filled" } else { "prefetch-slot" } x=n(x) y=n(y + 22.0) width="11" height="11" rx="2" /> }
            })
            .collect::<Vec<_>>()
    };
    let deliveries = move || {
        let y = y.get();
        let arrived = stage.arrived.get();
        let Some(c) = c.get() else { return Vec::new() };
        let node = Node::Consumer(c.channel);
        c.deliveries
            .iter()
            .enumerate()
            .filter(|(_, (_, id, ..))| !stage.plan.with(|p| p.arriving(&node, *id, arrived)))
            .map(|(i, (dtag, id, key, redelivered, deaths))| {
                let dy = y + C_HEAD + i as f64 * DELIVERY_H;
                let (ch, dtag, id) = (ChannelId(c.channel), *dtag, *id);
                let run = move |cmd: Command| {
                    ctx.run(cmd, err);
                };
                let ack = move || run(Command::Ack { channel: ch, delivery_tag: dtag, multiple: false });
                let nack = move || run(Command::Nack { channel: ch, delivery_tag: dtag, multiple: false, requeue: true });
                let reject = move || run(Command::Reject { channel: ch, delivery_tag: dtag, requeue: false });
                let class = format!("delivery-chip c{}{}", colour_of(key), if *redelivered { " redelivered" } else { "" });
                let mut note = String::new();
                if *redelivered {
                    note.push_str(st::REDELIVERED_MARK.get(lang.get()));
                }
                if *deaths > 0 {
                    note.push(' ');
                    note.push_str(&fill(st::X_DEATH, lang.get(), &[("n", deaths)]));
                }
                let (sel_click, sel_key) = token::on_press(move || ctx.sel.set(Some(Sel::Message(MsgId(id)))));
                let b = |cls: &'static str, x: f64, aria: String, short: &'static str, f: Box<dyn Fn()>| {
                    let f: std::rc::Rc<dyn Fn()> = f.into();
                    let (click, key) = token::on_press(move || f());
                    view! {
                        <g class=format!("svg-button {cls}") role="button" tabindex="0" aria-label=aria on:click=click on:keydown=key>
                            <rect x=n(x) y=n(dy) width="38" height="18" rx="4" />
                            <text x=n(x + 19.0) y=n(dy + 13.0) text-anchor="middle">{short}</text>
                        </g>
                    }
                };
                let l = lang.get();
                view! {
                    <g class="delivery">
                        <g class=class role="button" tabindex="0" aria-label=format!("#{id} {key} {note}") on:click=sel_click on:keydown=sel_key>
                            {redelivered.then(|| view! { <circle class="ring" cx=n(C_X + 16.0) cy=n(dy + 9.0) r="10" /> })}
                            <circle cx=n(C_X + 16.0) cy=n(dy + 9.0) r="8" />
                            <text x=n(C_X + 16.0) y=n(dy + 13.0) text-anchor="middle">{id.to_string()}</text>
                        </g>
                        {(!ctx.stage.readonly && ctx.stage.offers(Offer::Settle)).then(|| view! {
                            {b("ack", C_X + 30.0, fill(st::ACK_MSG, l, &[("m", &id)]), st::ACK_SHORT.get(l), Box::new(ack))}
                            {b("nack", C_X + 70.0, fill(st::NACK_MSG, l, &[("m", &id)]), st::NACK_SHORT.get(l), Box::new(nack))}
                            {b("reject", C_X + 110.0, fill(st::REJECT_MSG, l, &[("m", &id)]), st::REJECT_SHORT.get(l), Box::new(reject))}
                        })}
                        <text class="delivery-note" x=n(C_X + 152.0) y=n(dy + 13.0)>{short(note.trim(), 10)}</text>
                    </g>
                }
            })
            .collect::<Vec<_>>()
    };
    let height = move || {
        C_HEAD - 4.0 + c.with(|c| c.as_ref().map_or(0, |c| c.deliveries.len())) as f64 * DELIVERY_H
    };
    let t3 = tag.clone();
    let (click, key) = token::on_press(move || ctx.sel.set(Some(Sel::Consumer(t3.clone()))));
    let t4 = tag.clone();
    let lit = move || {
        ctx.stage
            .lit(|h| matches!(h, Highlight::Consumer(x) if *x == t4))
    };
    view! {
        <g class="r-consumer" class:lit=lit>
            <rect class="consumer-box" x=n(C_X) y=move || n(y.get()) width=n(C_W) height=move || n(height()) rx="6" />
            <g role="button" tabindex="0" aria-label=label on:click=click on:keydown=key>
                <text class="consumer-name" x=n(C_X + 8.0) y=move || n(y.get() + 15.0)>{short(&tag, 14)}</text>
            </g>
            <text class="consumer-queue" x=n(C_X + C_W - 6.0) y=move || n(y.get() + 15.0) text-anchor="end">{move || c.get().map(|c| format!("← {}", short(&c.queue, 12)))}</text>
            {prefetch_slots}
            {deliveries}
        </g>
    }
}
