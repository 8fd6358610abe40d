//! The topology as the learner sees it, left to right as a message travels: channels
//! (publishers), exchanges with their bindings, queues with their messages, consumers with their
//! prefetch windows and unacknowledged deliveries. Everything is a button that opens the
//! inspector; the path of the latest change lights up.

use super::text;
use super::{Ctx, Problem, Sel, explain};
use engine::rabbit::{
    Binding, ChannelId, CloseCause, Command, ConsumerView, DestinationKind, ExchangeKind,
    MessageView, QueueView, UnackedView,
};
use leptos::prelude::*;
use lessons::{Highlight, Lang};

const SHOWN_MESSAGES: usize = 12;

fn lit(ctx: Ctx, h: impl Fn(&Highlight) -> bool) -> bool {
    ctx.stage.highlight.with(|v| v.iter().any(h))
}

#[component]
pub(crate) fn Diagram(ctx: Ctx) -> impl IntoView {
    let channels = Memo::new(move |_| {
        ctx.stage.with(|s| {
            s.rabbit
                .channels()
                .iter()
                .map(|c| c.id.0)
                .collect::<Vec<_>>()
        })
    });
    let exchanges = Memo::new(move |_| {
        ctx.stage.with(|s| {
            s.rabbit
                .exchanges()
                .into_iter()
                // The predeclared exchanges appear once something uses them.
                .filter(|x| !x.exchange.predeclared || !x.bindings.is_empty())
                .map(|x| x.exchange.name)
                .collect::<Vec<_>>()
        })
    });
    let queues = Memo::new(move |_| {
        ctx.stage.with(|s| {
            s.rabbit
                .queues()
                .into_iter()
                .map(|q| q.name)
                .collect::<Vec<_>>()
        })
    });
    let consumers = Memo::new(move |_| {
        ctx.stage.with(|s| {
            s.rabbit
                .consumers()
                .into_iter()
                .map(|c| (c.channel.0, c.tag))
                .collect::<Vec<_>>()
        })
    });
    let err = RwSignal::new(None::<Problem>);
    let cols = NodeRef::<leptos::html::Div>::new();
    view! {
        <section class="rb-diagram" aria-labelledby="rb-diagram-h">
            <h2 id="rb-diagram-h">{move || ctx.t(text::TOPOLOGY)}</h2>
            <p class="error" role="alert">{move || err.get().map(|e| e.words(ctx.lang.get()))}</p>
            <div class="rb-cols" node_ref=cols>
                <super::wires::Wires ctx cols />
                <section class=move || if ctx.stage.highlighted(Highlight::Producer) { "rb-col highlight" } else { "rb-col" } aria-labelledby="rb-col-ch">
                    <h3 id="rb-col-ch">{move || ctx.t(text::CHANNELS)}</h3>
                    <For each=move || channels.get() key=|c| *c children=move |c| view! { <ChannelCard ctx id=ChannelId(c) err /> } />
                    <Show when=move || channels.with(|c| c.is_empty())>
                        <p class="empty">{move || ctx.t(text::NO_CHANNELS)}</p>
                    </Show>
                </section>
                <section class="rb-col" aria-labelledby="rb-col-x">
                    <h3 id="rb-col-x">{move || ctx.t(text::EXCHANGES)}</h3>
                    <For each=move || exchanges.get() key=|n| n.clone() children=move |n| view! { <ExchangeCard ctx name=n err /> } />
                </section>
                <section class="rb-col" aria-labelledby="rb-col-q">
                    <h3 id="rb-col-q">{move || ctx.t(text::QUEUES)}</h3>
                    <For each=move || queues.get() key=|n| n.clone() children=move |n| view! { <QueueCard ctx name=n /> } />
                    <Show when=move || queues.with(|q| q.is_empty())>
                        <p class="empty">{move || ctx.t(text::NO_QUEUES)}</p>
                    </Show>
                </section>
                <section class="rb-col" aria-labelledby="rb-col-c">
                    <h3 id="rb-col-c">{move || ctx.t(text::CONSUMERS)}</h3>
                    <For
                        each=move || consumers.get()
                        key=|c| c.clone()
                        children=move |(ch, tag)| view! { <ConsumerCard ctx channel=ChannelId(ch) tag err /> }
                    />
                    <Show when=move || consumers.with(|c| c.is_empty())>
                        <p class="empty">{move || ctx.t(text::NO_CONSUMERS)}</p>
                    </Show>
                </section>
            </div>
        </section>
    }
}

#[component]
fn ChannelCard(ctx: Ctx, id: ChannelId, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let view_of = move || ctx.stage.with(|s| s.rabbit.channel_view(id));
    let view_of = Signal::derive(view_of);
    let gets = move || {
        view_of
            .get()
            .map(|c| {
                c.unacked
                    .into_iter()
                    .filter(|u| u.consumer.is_none())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let prefetch = move || view_of.get().map(|c| c.prefetch).unwrap_or(0);
    let label = move || format!("{} {}", ctx.t(text::CHANNEL), id.0);
    let close = move |cause: CloseCause| {
        ctx.run(Command::CloseChannel { channel: id, cause }, err);
    };
    view! {
        <section class="rb-card rb-channel" aria-label=label>
            <h4>{label}</h4>
            <p class="rb-meta">
                {move || format!("prefetch {}", match prefetch() { 0 => "∞".to_string(), n => n.to_string() })}
                {move || view_of.get().map(|c| if c.consumers.is_empty() { String::new() } else { format!(" · consumer {}", c.consumers.join(", ")) })}
            </p>
            <ul class="rb-deliveries">
                {move || gets().into_iter().map(|u| view! { <Delivery ctx channel=id u err /> }).collect_view()}
            </ul>
            <Show when=move || !ctx.readonly()>
                <div class="rb-actions">
                    <button type="button" on:click=move |_| close(CloseCause::Client)
                        aria-label=move || format!("{} {}", ctx.t(text::CLOSE_CHANNEL), id.0)>
                        {move || ctx.t(text::CLOSE)}
                    </button>
                    <button type="button" class="danger" on:click=move |_| close(CloseCause::Crash)
                        aria-label=move || format!("{} {}", ctx.t(text::CRASH_CHANNEL), id.0)>
                        {move || ctx.t(text::CRASH)}
                    </button>
                    <button type="button" on:click=move |_| { ctx.run(Command::Recover { channel: id }, err); }
                        aria-label=move || format!("basic.recover {} {}", ctx.t(text::CHANNEL), id.0)>
                        "recover"
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// A binding's rule as a label: the key, or the headers rule.
pub(crate) fn binding_rule(kind: ExchangeKind, b: &Binding, lang: Lang) -> String {
    match kind {
        ExchangeKind::Fanout => text::ANY_KEY.get(lang).to_string(),
        ExchangeKind::Headers => {
            let args: Vec<String> = b
                .arguments
                .iter()
                .map(|(k, v)| format!("{k}={}", explain::value(v)))
                .collect();
            if args.is_empty() {
                "x-match=all".into()
            } else {
                args.join(" ")
            }
        }
        _ => format!("`{}`", b.routing_key),
    }
}

#[component]
fn ExchangeCard(ctx: Ctx, name: String, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let n = name.clone();
    let data = move || ctx.stage.with(|s| s.rabbit.exchange(&n));
    let n = name.clone();
    let selected = move || {
        ctx.sel
            .with(|s| matches!(s, Some(Sel::Exchange(x)) if *x == n))
    };
    let n = name.clone();
    let fired = Signal::derive(move || ctx.flash.with(|f| f.exchanges.contains(&n)));
    let n = name.clone();
    let hl = move || lit(ctx, |h| matches!(h, Highlight::Exchange(x) if *x == n));
    let n = name.clone();
    let data = Signal::derive(data);
    let selected = Signal::derive(selected);
    let hl = Signal::derive(hl);
    let class = move || {
        let mut c = String::from("rb-card rb-exchange");
        if selected.get() {
            c.push_str(" selected");
        }
        if fired.get() {
            c.push_str(" fired");
        }
        if hl.get() {
            c.push_str(" highlight");
        }
        c
    };
    let label = format!("exchange {name}");
    let n2 = name.clone();
    let bindings = move || {
        let Some(x) = data.get() else {
            return Vec::new();
        };
        let kind = x.exchange.kind;
        x.bindings
            .into_iter()
            .map(|b| (kind, b))
            .collect::<Vec<_>>()
    };
    let source = name.clone();
    view! {
        <section class=class aria-label=label data-x=name.clone()>
            <h4>
                <button type="button" class="rb-name" aria-pressed=move || selected.get().to_string()
                    on:click=move |_| ctx.sel.set(Some(Sel::Exchange(n.clone())))>
                    {n2.clone()}
                </button>
                <span class=move || format!("rb-kind k-{}", data.get().map(|x| x.exchange.kind.as_str()).unwrap_or(""))>
                    {move || data.get().map(|x| x.exchange.kind.as_str())}
                </span>
            </h4>
            <p class="rb-meta">{move || data.get().map(|x| {
                let x = x.exchange;
                let mut f = Vec::new();
                if x.durable { f.push("durable".to_string()); }
                if x.auto_delete { f.push("auto-delete".into()); }
                if x.internal { f.push("internal".into()); }
                if let Some(ae) = x.alternate() { f.push(format!("AE → {ae}")); }
                f.join(" · ")
            })}</p>
            <ul class="rb-bindings" aria-label=move || ctx.t(text::BINDINGS)>
                {move || {
                    let source = source.clone();
                    bindings().into_iter().map(|(kind, b)| {
                        let rule = binding_rule(kind, &b, ctx.lang.get());
                        let key = (source.clone(), b.destination.clone(), b.routing_key.clone());
                        let k2 = key.clone();
                        let fired = move || ctx.flash.with(|f| f.bindings.contains(&k2));
                        let bb = b.clone();
                        let dkind = if b.destination_kind == DestinationKind::Exchange { "exchange" } else { "queue" };
                        let src = source.clone();
                        let sel_b = b.clone();
                        let sel_src = source.clone();
                        let is_sel = move || ctx.sel.with(|s| matches!(s, Some(Sel::Binding { source, binding }) if *source == sel_src && *binding == sel_b));
                        let is_sel = Signal::derive(is_sel);
                        let fired = Signal::derive(fired);
                        let hl_key = b.routing_key.clone();
                        let hl_dest = b.destination.clone();
                        let hl = move || lit(ctx, |h| matches!(h, Highlight::Binding(k) if *k == hl_key || *k == hl_dest));
                        let arrow = if b.destination_kind == DestinationKind::Exchange { "⇒ exchange " } else { "→ " };
                        let label = format!("{arrow}{} {rule}", b.destination);
                        let unbind_label = format!("{} {} → {} {rule}", ctx.t(text::UNBIND), key.0, key.1);
                        let spec = engine::rabbit::BindSpec {
                            source: src.clone(),
                            destination: bb.destination.clone(),
                            destination_kind: bb.destination_kind,
                            routing_key: bb.routing_key.clone(),
                            arguments: bb.arguments.clone(),
                        };
                        view! {
                            <li data-src=key.0.clone() data-dest=key.1.clone() data-key=key.2.clone() data-dkind=dkind class=move || format!("rb-binding{}{}{}", if fired.get() { " fired" } else { "" }, if is_sel.get() { " selected" } else { "" }, if hl() { " highlight" } else { "" })>
                                <button type="button" class="rb-link" aria-pressed=move || is_sel.get().to_string()
                                    on:click=move |_| ctx.sel.set(Some(Sel::Binding { source: src.clone(), binding: bb.clone() }))>
                                    {label}
                                </button>
                                <Show when=move || !ctx.readonly()>
                                    <button type="button" class="rb-x" aria-label=unbind_label.clone()
                                        on:click={let spec = spec.clone(); move |_| { ctx.run(Command::Unbind(spec.clone()), err); }}>
                                        "×"
                                    </button>
                                </Show>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </section>
    }
}

/// Short badges for a queue's arguments.
fn queue_badges(q: &QueueView, dlq: bool, lang: Lang) -> Vec<String> {
    let a = &q.args;
    let mut b = Vec::new();
    if dlq {
        b.push("DLQ".into());
    }
    if q.durable {
        b.push("durable".into());
    }
    if q.exclusive.is_some() {
        b.push("exclusive".into());
    }
    if q.auto_delete {
        b.push("auto-delete".into());
    }
    if a.queue_type == engine::rabbit::QueueType::Quorum {
        b.push("quorum".into());
    }
    if let Some(t) = a.message_ttl {
        b.push(format!("TTL {t} ms"));
    }
    if let Some(t) = a.expires {
        b.push(format!("expires {t} ms"));
    }
    if let Some(n) = a.max_length {
        b.push(format!("max {n} ({})", a.overflow.as_str()));
    }
    if let Some(n) = a.max_length_bytes {
        b.push(format!("max {n} B"));
    }
    if let Some(p) = a.max_priority {
        b.push(format!("priority ≤ {p}"));
    }
    if let Some(d) = a.delivery_limit {
        b.push(format!("delivery-limit {d}"));
    }
    if let Some(x) = &a.dead_letter_exchange {
        let key = a
            .dead_letter_routing_key
            .as_ref()
            .map(|k| format!(" ({k})"))
            .unwrap_or_default();
        b.push(format!(
            "DLX → {}{key}",
            if x.is_empty() {
                text::DEFAULT_X.get(lang)
            } else {
                x
            }
        ));
    }
    b
}

/// A message as a short line: `#3 body ↻ ☠rejected×2 p9`.
pub(crate) fn message_line(m: &MessageView) -> String {
    let mut body = m.body_text();
    if body.chars().count() > 28 {
        body = body.chars().take(27).collect::<String>() + "…";
    }
    let mut s = format!("#{} {body}", m.id.0);
    if let Some(p) = m.properties.priority {
        s.push_str(&format!(" p{p}"));
    }
    if let Some(d) = m.deaths.first() {
        s.push_str(&format!(" ☠{}×{}", d.reason.as_str(), d.count));
    }
    s
}

#[component]
fn QueueCard(ctx: Ctx, name: String) -> impl IntoView {
    let n = name.clone();
    let data = move || {
        ctx.stage.with(|s| {
            s.rabbit.queue(&n).map(|q| {
                let dlq = s.rabbit.dead_letter_queues().contains(&q.name);
                (q, dlq)
            })
        })
    };
    let n = name.clone();
    let messages = move || ctx.stage.with(|s| s.rabbit.messages(&n));
    let n = name.clone();
    let selected = move || {
        ctx.sel
            .with(|s| matches!(s, Some(Sel::Queue(x)) if *x == n))
    };
    let n = name.clone();
    let hl = move || lit(ctx, |h| matches!(h, Highlight::Queue(x) if *x == n));
    let n = name.clone();
    let died = Signal::derive(move || ctx.flash.with(|f| f.died_in.contains(&n)));
    let data = Signal::derive(data);
    let selected = Signal::derive(selected);
    let hl = Signal::derive(hl);
    let class = move || {
        let mut c = String::from("rb-card rb-queue");
        if data.get().is_some_and(|d| d.1) {
            c.push_str(" dlq");
        }
        if selected.get() {
            c.push_str(" selected");
        }
        if hl.get() {
            c.push_str(" highlight");
        }
        if died.get() {
            c.push_str(" died");
        }
        c
    };
    let n = name.clone();
    let qname_attr = name.clone();
    let dlx_attr = Signal::derive(move || {
        data.get()
            .and_then(|(q, _)| q.args.dead_letter_exchange)
            .unwrap_or_default()
    });
    let label = format!("{} {name}", text::QUEUE.en);
    let aria = move || format!("{} {}", ctx.t(text::QUEUE), name);
    let _ = label;
    let qn = n.clone();
    view! {
        <section class=class aria-label=aria data-q=qname_attr.clone() data-dlx=move || dlx_attr.get()>
            <h4>
                <button type="button" class="rb-name" aria-pressed=move || selected.get().to_string()
                    on:click=move |_| ctx.sel.set(Some(Sel::Queue(qn.clone())))>
                    {n.clone()}
                </button>
            </h4>
            <p class="rb-counts">
                {move || data.get().map(|(q, _)| {
                    view! {
                        <span class="ready">{ctx.t(text::READY)} " " <strong>{q.ready}</strong></span>
                        " · "
                        <span class="unacked">"unacked " <strong>{q.unacked}</strong></span>
                    }
                })}
            </p>
            <p class="rb-badges">{move || data.get().map(|(q, dlq)| queue_badges(&q, dlq, ctx.lang.get()).into_iter().map(|b| view! { <span class="badge">{b}</span> }).collect_view())}</p>
            <ol class="rb-messages" aria-label=move || ctx.t(text::READY_MESSAGES)>
                {move || {
                    let qname = name_for_flash(&data.get());
                    let all = messages();
                    let more = all.len().saturating_sub(SHOWN_MESSAGES);
                    let f = ctx.flash.get();
                    let items = all.into_iter().take(SHOWN_MESSAGES).map(|m| {
                        let id = m.id;
                        let key = (qname.clone(), id.0);
                        let mut class = String::from("rb-msg");
                        if f.arrived.contains(&key) { class.push_str(" arrived"); }
                        if f.dead_arrived.contains(&key) { class.push_str(" dead-arrived"); }
                        if f.requeued.contains(&key) { class.push_str(" requeued"); }
                        if m.redelivered { class.push_str(" redelivered"); }
                        if !m.deaths.is_empty() { class.push_str(" dead"); }
                        let is_sel = Signal::derive(move || ctx.sel.with(|s| *s == Some(Sel::Message(id))));
                        let line = message_line(&m);
                        let redelivered = m.redelivered;
                        view! {
                            <li class=class>
                                <button type="button" aria-pressed=move || is_sel.get().to_string()
                                    on:click=move |_| ctx.sel.set(Some(Sel::Message(id)))>
                                    {line}
                                    {redelivered.then(|| view! { <span class="rb-redelivered">" ↻ redelivered"</span> })}
                                </button>
                            </li>
                        }
                    }).collect_view();
                    view! {
                        {items}
                        {(more > 0).then(|| view! { <li class="rb-more">{format!("+{more}")}</li> })}
                    }
                }}
            </ol>
        </section>
    }
}

fn name_for_flash(d: &Option<(QueueView, bool)>) -> String {
    d.as_ref().map(|(q, _)| q.name.clone()).unwrap_or_default()
}

#[component]
fn ConsumerCard(
    ctx: Ctx,
    channel: ChannelId,
    tag: String,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let t = tag.clone();
    let data = move || -> Option<(ConsumerView, Vec<UnackedView>)> {
        ctx.stage.with(|s| {
            let c = s
                .rabbit
                .consumers()
                .into_iter()
                .find(|c| c.channel == channel && c.tag == t)?;
            let held = s
                .rabbit
                .channel_view(channel)
                .map(|v| {
                    v.unacked
                        .into_iter()
                        .filter(|u| u.consumer.as_deref() == Some(t.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            Some((c, held))
        })
    };
    let t = tag.clone();
    let selected = move || {
        ctx.sel
            .with(|s| matches!(s, Some(Sel::Consumer(x)) if *x == t))
    };
    let t = tag.clone();
    let hl = move || lit(ctx, |h| matches!(h, Highlight::Consumer(x) if *x == t));
    let data = Signal::derive(data);
    let selected = Signal::derive(selected);
    let hl = Signal::derive(hl);
    let class = move || {
        let mut c = String::from("rb-card rb-consumer");
        if selected.get() {
            c.push_str(" selected");
        }
        if hl.get() {
            c.push_str(" highlight");
        }
        c
    };
    let aria = {
        let tag = tag.clone();
        move || format!("consumer {tag}")
    };
    let t = tag.clone();
    let t2 = tag.clone();
    let t3 = tag.clone();
    let cancel_label = {
        let tag = tag.clone();
        move || format!("{} {tag}", ctx.t(text::CANCEL_CONSUMER))
    };
    let crash_label = {
        let tag = tag.clone();
        move || format!("{} {tag}", ctx.t(text::CRASH_CONSUMER))
    };
    view! {
        <section class=class aria-label=aria data-cq=move || data.get().map(|(c, _)| c.queue).unwrap_or_default()>
            <h4>
                <button type="button" class="rb-name" aria-pressed=move || selected.get().to_string()
                    on:click=move |_| ctx.sel.set(Some(Sel::Consumer(t.clone())))>
                    {tag.clone()}
                </button>
            </h4>
            <p class="rb-meta">{move || data.get().map(|(c, _)| {
                let mode = if c.auto_ack { "auto-ack".to_string() } else { "manual ack".to_string() };
                let auto = c.behaviour.map(|b| format!(" · {}", text::behaviour(b, ctx.lang.get()))).unwrap_or_default();
                format!("← {} · {} {} · {mode}{auto}", c.queue, ctx.t(text::CHANNEL), c.channel.0)
            })}</p>
            {move || data.get().map(|(c, held)| {
                let window = if c.prefetch == 0 { held.len().max(1) } else { c.prefetch as usize };
                let free = window.saturating_sub(held.len());
                let label = format!("{} {}/{}", ctx.t(text::PREFETCH_WINDOW), held.len(), if c.prefetch == 0 { "∞".to_string() } else { c.prefetch.to_string() });
                view! {
                    <div class="rb-window" role="img" aria-label=label.clone() title=label>
                        {(0..held.len()).map(|_| view! { <span class="slot used"></span> }).collect_view()}
                        {(0..free.min(20)).map(|_| view! { <span class="slot"></span> }).collect_view()}
                    </div>
                    <ul class="rb-deliveries">
                        {held.into_iter().map(|u| view! { <Delivery ctx channel u err /> }).collect_view()}
                    </ul>
                }
            })}
            <Show when=move || !ctx.readonly()>
                <div class="rb-actions">
                    <button type="button" aria-label=cancel_label.clone()
                        on:click={let t2 = t2.clone(); move |_| { ctx.run(Command::Cancel { channel, tag: t2.clone() }, err); }}>
                        {move || ctx.t(text::CANCEL)}
                    </button>
                    <button type="button" class="danger" aria-label=crash_label.clone()
                        on:click={let _t3 = t3.clone(); move |_| { ctx.run(Command::CloseChannel { channel, cause: CloseCause::Crash }, err); }}>
                        {move || ctx.t(text::CRASH)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// One unacknowledged delivery with its settle buttons.
#[component]
fn Delivery(
    ctx: Ctx,
    channel: ChannelId,
    u: UnackedView,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let tag = u.delivery_tag;
    let id = u.message.id;
    let line = message_line(&u.message);
    let redelivered = u.message.redelivered;
    let settle = move |cmd: Command| {
        ctx.run(cmd, err);
    };
    let is_sel = Signal::derive(move || ctx.sel.with(|s| *s == Some(Sel::Message(id))));
    let lbl =
        move |what: lessons::Text| format!("{} {tag}: {}", ctx.t(text::DELIVERY_TAG), ctx.t(what));
    view! {
        <li class=move || format!("rb-delivery{}", if redelivered { " redelivered" } else { "" })>
            <button type="button" class="rb-link" aria-pressed=move || is_sel.get().to_string()
                on:click=move |_| ctx.sel.set(Some(Sel::Message(id)))>
                <span class="tag">{format!("tag {tag}")}</span> " " {line}
                {redelivered.then(|| view! { <span class="rb-redelivered">" ↻ redelivered"</span> })}
            </button>
            <Show when=move || !ctx.readonly()>
                <span class="rb-settle">
                    <button type="button" class="ok" aria-label=move || lbl(text::ACK)
                        on:click=move |_| settle(Command::Ack { channel, delivery_tag: tag, multiple: false })>"ack"</button>
                    <button type="button" aria-label=move || lbl(text::NACK_REQUEUE)
                        on:click=move |_| settle(Command::Nack { channel, delivery_tag: tag, multiple: false, requeue: true })>"nack ↻"</button>
                    <button type="button" class="danger" aria-label=move || lbl(text::NACK_DROP)
                        on:click=move |_| settle(Command::Nack { channel, delivery_tag: tag, multiple: false, requeue: false })>"nack ✗"</button>
                    <button type="button" class="danger" aria-label=move || lbl(text::REJECT)
                        on:click=move |_| settle(Command::Reject { channel, delivery_tag: tag, requeue: false })>"reject"</button>
                </span>
            </Show>
        </li>
    }
}
