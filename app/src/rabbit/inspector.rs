//! The inspector ("why?"): what the engine recorded about the selected message, binding,
//! exchange, queue or consumer, and why, in words.

use super::diagram::binding_rule;
use super::text;
use super::{Ctx, Problem, Sel, explain, input};
use engine::rabbit::routing::headers;
use engine::rabbit::routing::topic;
use engine::rabbit::{
    Binding, Command, DeathReason, DeliveryMode, ExchangeKind, MessageView, MsgId, PublishSpec,
    RouteDecision,
};
use engine::sim::{Action, Sim, SimEvent};
use leptos::prelude::*;
use lessons::Lang;

#[component]
pub(crate) fn Inspector(ctx: Ctx) -> impl IntoView {
    let err = RwSignal::new(None::<Problem>);
    view! {
        <section class="rb-inspector" aria-labelledby="rb-insp-h">
            <h2 id="rb-insp-h">{move || ctx.t(text::INSPECTOR)}</h2>
            {move || match ctx.sel.get() {
                None => view! { <p class="empty">{ctx.t(text::INSPECT_HINT)}</p> }.into_any(),
                Some(Sel::Message(id)) => message(ctx, id).into_any(),
                Some(Sel::Binding { source, binding }) => view! { <BindingWhy ctx source binding err /> }.into_any(),
                Some(Sel::Exchange(name)) => exchange(ctx, name, err).into_any(),
                Some(Sel::Queue(name)) => queue(ctx, name, err).into_any(),
                Some(Sel::Consumer(tag)) => consumer(ctx, tag).into_any(),
            }}
            // Present only while there is something to say: an empty alert is still an alert.
            {move || err.get().map(|e| view! { <p class="error" role="alert">{e.words(ctx.lang.get())}</p> })}
        </section>
    }
}

/// Where a message is now: `(place, view)` for each copy.
fn find_message(sim: &Sim, id: MsgId, lang: Lang) -> Vec<(String, MessageView)> {
    let mut out = Vec::new();
    for q in sim.rabbit.queues() {
        for (i, m) in sim.rabbit.messages(&q.name).into_iter().enumerate() {
            if m.id == id {
                let place = match lang {
                    Lang::Ko => format!("큐 `{}`에서 대기 중 ({}번째)", q.name, i + 1),
                    Lang::En => format!("ready in `{}` (position {})", q.name, i + 1),
                };
                let place = if m.redelivered {
                    format!("{place} · redelivered")
                } else {
                    place
                };
                out.push((place, m));
            }
        }
    }
    for ch in sim.rabbit.channels() {
        for u in ch.unacked {
            if u.message.id == id {
                let who = u.consumer.clone().unwrap_or_else(|| "basic.get".into());
                let place = match lang {
                    Lang::Ko => format!(
                        "`{}`에서 꺼내 {who}에게 전달, ack 대기 (채널 {}, delivery tag {})",
                        u.queue, ch.id.0, u.delivery_tag
                    ),
                    Lang::En => format!(
                        "delivered from `{}` to {who}, waiting for its ack (channel {}, delivery tag {})",
                        u.queue, ch.id.0, u.delivery_tag
                    ),
                };
                let place = if u.message.redelivered {
                    format!("{place} · redelivered")
                } else {
                    place
                };
                out.push((place, u.message));
            }
        }
    }
    out
}

/// The routing of a message as the current bindings would decide it (on a copy).
fn recompute(sim: &Sim, m: &MessageView) -> Option<RouteDecision> {
    let mut copy = sim.clone();
    let ch = match copy.rabbit.channels().first() {
        Some(c) => c.id,
        None => copy.rabbit.open_channel().ok()?,
    };
    let mut p = PublishSpec::new(ch, &m.exchange, &m.routing_key);
    p.properties.headers = m.properties.headers.clone();
    let events = copy.apply(Action::Rabbit(Command::Publish(p))).ok()?;
    events.into_iter().find_map(|e| match e {
        SimEvent::Rabbit(engine::rabbit::Event::Published { routing, .. }) => Some(*routing),
        _ => None,
    })
}

fn route_list(r: &RouteDecision, lang: Lang) -> impl IntoView + use<> {
    let key = r.routing_key.clone();
    let mut lines: Vec<String> = r
        .matches
        .iter()
        .map(|m| explain::binding_match(m, &key, lang))
        .collect();
    for (from, ae) in &r.alternates {
        lines.push(match lang {
            Lang::Ko => format!(
                "`{from}`의 바인딩이 하나도 맞지 않아 alternate-exchange인 `{ae}` 쪽으로 넘겼습니다."
            ),
            Lang::En => format!(
                "nothing on `{from}` matched, so it went on to its alternate-exchange `{ae}`."
            ),
        });
    }
    for x in &r.missing_exchanges {
        lines.push(match lang {
            Lang::Ko => format!("`{x}` exchange는 없어서 건너뛰었습니다."),
            Lang::En => format!("exchange `{x}` does not exist and was skipped."),
        });
    }
    if r.queues.is_empty() {
        lines.push(text::ROUTES_NOWHERE.get(lang).to_string());
    }
    view! { <ul class="rb-why">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }
}

fn message(ctx: Ctx, id: MsgId) -> impl IntoView {
    move || {
        let lang = ctx.lang.get();
        let recorded = ctx.routes.with(|r| r.get(&id.0).cloned());
        let (copies, fallback) = ctx.stage.with(|s| {
            let copies = find_message(s, id, lang);
            let fallback = if recorded.is_none() {
                copies.first().and_then(|(_, m)| recompute(s, m))
            } else {
                None
            };
            (copies, fallback)
        });
        let outcomes = ctx
            .deaths
            .with(|d| d.get(&id.0).cloned())
            .unwrap_or_default();
        let any_redelivered = copies.iter().any(|(_, m)| m.redelivered);
        let Some((_, m)) = copies.first().cloned() else {
            return view! {
                <h3>{format!("{} #{}", ctx.t(text::MESSAGE), id.0)}</h3>
                <p>{ctx.t(text::MESSAGE_GONE)}</p>
            }
            .into_any();
        };
        let p = &m.properties;
        let mut props: Vec<(String, String)> = vec![
            ("exchange".into(), explain::exchange_name(&m.exchange, lang)),
            ("routing key".into(), format!("`{}`", m.routing_key)),
            (
                "delivery mode".into(),
                match p.delivery_mode {
                    DeliveryMode::Persistent => "2 (persistent)".into(),
                    DeliveryMode::Transient => "1 (transient)".into(),
                },
            ),
        ];
        if let Some(x) = p.priority {
            props.push(("priority".into(), x.to_string()));
        }
        if let Some(x) = &p.expiration {
            props.push(("expiration".into(), format!("{x} ms")));
        }
        if let Some(x) = &p.message_id {
            props.push(("message-id".into(), x.clone()));
        }
        if let Some(x) = &p.content_type {
            props.push(("content-type".into(), x.clone()));
        }
        if let Some(h) = &p.headers {
            for (k, v) in h.iter().filter(|(k, _)| k.as_str() != "x-death") {
                props.push((format!("header {k}"), explain::value(v)));
            }
        }
        if m.delivery_count > 0 {
            props.push(("x-delivery-count".into(), m.delivery_count.to_string()));
        }
        let (route, route_note) = match (recorded, fallback) {
            (Some(r), _) => (Some(r), text::ROUTE_RECORDED),
            (None, Some(r)) => (Some(r), text::ROUTE_RECOMPUTED),
            (None, None) => (None, text::ROUTE_RECOMPUTED),
        };
        let deaths = m.deaths.clone();
        view! {
            <h3>{format!("{} #{}", ctx.t(text::MESSAGE), id.0)}</h3>
            <p class="rb-body"><span class="muted">{ctx.t(text::BODY)} ": "</span><code>{m.body_text()}</code></p>
            <ul class="rb-places">{copies.into_iter().map(|(place, _)| view! { <li>{place}</li> }).collect_view()}</ul>
            {any_redelivered.then(|| view! { <p class="rb-note">{ctx.t(text::REDELIVERED_WHY)}</p> })}
            <dl class="rb-props">
                {props.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <h4>{ctx.t(text::WHY_HERE)}</h4>
            <p class="muted">{ctx.t(route_note)}</p>
            {route.map(|r| route_list(&r, lang))}
            {(!deaths.is_empty()).then(|| view! {
                <h4>"x-death"</h4>
                <ol class="rb-deaths" aria-label="x-death">
                    {deaths.iter().map(|d| view! {
                        <li>
                            <code>{format!("{{count: {}, reason: {}, queue: {}, exchange: {}, routing-keys: [{}]{}}}",
                                d.count, d.reason.as_str(), d.queue, d.exchange, d.routing_keys.join(", "),
                                d.original_expiration.as_ref().map(|e| format!(", original-expiration: {e}")).unwrap_or_default())}</code>
                            <p>{explain::death(d, lang)}</p>
                        </li>
                    }).collect_view()}
                </ol>
                {m.first_death.as_ref().map(|f| view! { <p class="muted">{format!("x-first-death-queue: {} · x-first-death-reason: {} · x-first-death-exchange: {}", f.queue, f.reason.as_str(), f.exchange)}</p> })}
                {m.last_death.as_ref().map(|f| view! { <p class="muted">{format!("x-last-death-queue: {} · x-last-death-reason: {} · x-last-death-exchange: {}", f.queue, f.reason.as_str(), f.exchange)}</p> })}
            })}
            {(!outcomes.is_empty()).then(|| view! {
                <h4>{ctx.t(text::DEAD_LETTERING)}</h4>
                <ul class="rb-why">
                    {outcomes.iter().map(|(q, reason, o)| {
                        let s = match lang {
                            Lang::Ko => format!("`{q}`에서 {}: {}", explain::reason_word(*reason, lang), explain::dead_letter_outcome(o, lang)),
                            Lang::En => format!("In `{q}`, {}: {}", explain::reason_word(*reason, lang), explain::dead_letter_outcome(o, lang)),
                        };
                        view! { <li>{s}</li> }
                    }).collect_view()}
                </ul>
            })}
        }
        .into_any()
    }
}

#[component]
fn BindingWhy(
    ctx: Ctx,
    source: String,
    binding: Binding,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let kind = ctx
        .stage
        .with_untracked(|s| s.rabbit.exchange(&source).map(|x| x.exchange.kind))
        .unwrap_or(ExchangeKind::Direct);
    let probe = RwSignal::new(String::new());
    let b = binding.clone();
    let src = source.clone();
    let verdict = move || {
        let lang = ctx.lang.get();
        let p = probe.get();
        if p.is_empty() && kind != ExchangeKind::Fanout {
            return None;
        }
        Some(match kind {
            ExchangeKind::Topic => match topic::explain(&b.routing_key, &p) {
                Some(spans) => format!(
                    "✓ {}{}",
                    ctx.t(text::MATCHES),
                    explain::topic_spans(&b.routing_key, &p, &spans, lang)
                ),
                None => format!("✗ {}", explain::topic_miss(&b.routing_key, &p, lang)),
            },
            ExchangeKind::Direct => {
                if p == b.routing_key {
                    format!("✓ {}", ctx.t(text::DIRECT_EQUAL))
                } else {
                    format!("✗ {}", ctx.t(text::DIRECT_DIFFERENT))
                }
            }
            ExchangeKind::Fanout => format!("✓ {}", ctx.t(text::FANOUT_ALWAYS)),
            ExchangeKind::Headers => {
                let table = input::table(&p);
                let (ok, why) = headers::explain(&b.arguments, Some(&table));
                format!(
                    "{} {}",
                    if ok { "✓" } else { "✗" },
                    explain::headers_why(&why, ok, lang)
                )
            }
        })
    };
    let rule = binding_rule(kind, &binding, ctx.lang.get_untracked());
    let about = match kind {
        ExchangeKind::Topic => text::ABOUT_TOPIC,
        ExchangeKind::Direct => text::ABOUT_DIRECT,
        ExchangeKind::Fanout => text::ABOUT_FANOUT,
        ExchangeKind::Headers => text::ABOUT_HEADERS,
    };
    let probe_label = if kind == ExchangeKind::Headers {
        text::TRY_HEADERS
    } else {
        text::TRY_KEY
    };
    let spec = engine::rabbit::BindSpec {
        source: src.clone(),
        destination: binding.destination.clone(),
        destination_kind: binding.destination_kind,
        routing_key: binding.routing_key.clone(),
        arguments: binding.arguments.clone(),
    };
    view! {
        <h3>{format!("{} {src} → {}", ctx.t(text::BINDING), binding.destination)}</h3>
        <p>{format!("{} exchange · {rule}", kind.as_str())}</p>
        <p class="rb-note">{move || ctx.t(about)}</p>
        <label class="rb-field">
            <span>{move || ctx.t(probe_label)}</span>
            <input type="text" bind:value=probe autocomplete="off" spellcheck="false" />
        </label>
        <p class="rb-verdict" role="status">{verdict}</p>
        <Show when=move || !ctx.readonly()>
            <button type="button" on:click={let spec = spec.clone(); move |_| {
                if ctx.run(Command::Unbind(spec.clone()), err) { ctx.sel.set(None); }
            }}>{move || ctx.t(text::UNBIND)}</button>
        </Show>
    }
}

fn exchange(ctx: Ctx, name: String, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let n = name.clone();
    let data = move || ctx.stage.with(|s| s.rabbit.exchange(&n));
    let n = name.clone();
    view! {
        <h3>{format!("exchange {name}")}</h3>
        {move || data().map(|x| {
            let e = x.exchange;
            let about = match e.kind {
                ExchangeKind::Topic => text::ABOUT_TOPIC,
                ExchangeKind::Direct => text::ABOUT_DIRECT,
                ExchangeKind::Fanout => text::ABOUT_FANOUT,
                ExchangeKind::Headers => text::ABOUT_HEADERS,
            };
            view! {
                <dl class="rb-props">
                    <dt>"type"</dt><dd>{e.kind.as_str()}</dd>
                    <dt>"durable"</dt><dd>{e.durable.to_string()}</dd>
                    <dt>"auto-delete"</dt><dd>{e.auto_delete.to_string()}</dd>
                    <dt>"internal"</dt><dd>{e.internal.to_string()}</dd>
                    <dt>"alternate-exchange"</dt><dd>{e.alternate().unwrap_or("—").to_string()}</dd>
                    <dt>{ctx.t(text::BINDINGS)}</dt><dd>{x.bindings.len()}</dd>
                </dl>
                <p class="rb-note">{ctx.t(about)}</p>
                {e.internal.then(|| view! { <p class="rb-note">{ctx.t(text::ABOUT_INTERNAL)}</p> })}
            }
        })}
        <Show when=move || !ctx.readonly()>
            <button type="button" class="danger" on:click={let n = n.clone(); move |_| {
                if ctx.run(Command::DeleteExchange { name: n.clone(), if_unused: false }, err) { ctx.sel.set(None); }
            }}>{move || ctx.t(text::DELETE)}</button>
        </Show>
    }
}

fn queue(ctx: Ctx, name: String, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let n = name.clone();
    let data = move || {
        ctx.stage
            .with(|s| s.rabbit.queue(&n).map(|q| (q, s.rabbit.now())))
    };
    let n1 = name.clone();
    let n2 = name.clone();
    view! {
        <h3>{format!("{} {name}", ctx.t(text::QUEUE))}</h3>
        {move || data().map(|(q, now)| {
            let lang = ctx.lang.get();
            let st = &q.stats;
            let died: Vec<String> = DeathReason::ALL
                .iter()
                .filter(|r| st.died[r_index(**r)] > 0)
                .map(|r| format!("{} {}", r.as_str(), st.died[r_index(*r)]))
                .collect();
            let mut notes = Vec::new();
            match (&q.args.dead_letter_exchange, lang) {
                (Some(x), Lang::Ko) => notes.push(format!("거절되거나(requeue 없이), TTL이 지나거나, 길이 제한을 넘은 메시지는 DLX {}로 갑니다.", explain::exchange_name(x, lang))),
                (Some(x), Lang::En) => notes.push(format!("Messages rejected without requeue, expired, or over the length limit go to the DLX {}.", explain::exchange_name(x, lang))),
                (None, Lang::Ko) => notes.push("DLX가 없어서 죽은 메시지는 그냥 버려집니다.".into()),
                (None, Lang::En) => notes.push("No DLX: messages that die here are simply dropped.".into()),
            }
            if let Some(at) = q.next_expiry {
                notes.push(match lang {
                    Lang::Ko => format!("맨 앞 메시지는 {} ms 뒤에 만료됩니다 (맨 앞만 만료를 확인합니다).", at.saturating_sub(now)),
                    Lang::En => format!("The head message expires in {} ms (only the head is checked for expiry).", at.saturating_sub(now)),
                });
            }
            if q.consumers.is_empty() {
                notes.push(ctx.t(text::NO_CONSUMER_WAITS).to_string());
            }
            view! {
                <dl class="rb-props">
                    <dt>{ctx.t(text::READY)}</dt><dd>{q.ready}</dd>
                    <dt>"unacked"</dt><dd>{q.unacked}</dd>
                    <dt>"consumers"</dt><dd>{if q.consumers.is_empty() { "—".to_string() } else { q.consumers.join(", ") }}</dd>
                    <dt>"enqueued"</dt><dd>{st.enqueued}</dd>
                    <dt>"delivered"</dt><dd>{st.delivered}</dd>
                    <dt>"redelivered"</dt><dd>{st.redelivered}</dd>
                    <dt>"acked"</dt><dd>{st.acked}</dd>
                    <dt>"requeued"</dt><dd>{st.requeued}</dd>
                    <dt>"dead"</dt><dd>{if died.is_empty() { "0".to_string() } else { died.join(", ") }}</dd>
                    <dt>"arguments"</dt><dd><code>{explain::table(&q.arguments)}</code></dd>
                </dl>
                <ul class="rb-why">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            }
        })}
        <Show when=move || !ctx.readonly()>
            <div class="rb-actions">
                <button type="button" on:click={let n = n1.clone(); move |_| { ctx.run(Command::PurgeQueue { name: n.clone() }, err); }}>
                    {move || ctx.t(text::PURGE)}
                </button>
                <button type="button" class="danger" on:click={let n = n2.clone(); move |_| {
                    if ctx.run(Command::DeleteQueue { name: n.clone(), if_unused: false, if_empty: false }, err) { ctx.sel.set(None); }
                }}>{move || ctx.t(text::DELETE)}</button>
            </div>
        </Show>
    }
}

fn r_index(r: DeathReason) -> usize {
    DeathReason::ALL.iter().position(|x| *x == r).unwrap_or(0)
}

fn consumer(ctx: Ctx, tag: String) -> impl IntoView {
    let t = tag.clone();
    let data = move || {
        ctx.stage
            .with(|s| s.rabbit.consumers().into_iter().find(|c| c.tag == t))
    };
    view! {
        <h3>{format!("consumer {tag}")}</h3>
        {move || data().map(|c| {
            let lang = ctx.lang.get();
            let window = if c.prefetch == 0 { "∞".to_string() } else { c.prefetch.to_string() };
            let why = if c.auto_ack {
                ctx.t(text::AUTO_ACK_WHY).to_string()
            } else if c.has_room {
                match lang {
                    Lang::Ko => format!("unacked {}개 / prefetch {window}: 창에 여유가 있어 다음 메시지를 받을 수 있습니다.", c.unacked),
                    Lang::En => format!("{} unacked of prefetch {window}: there is room, so it can take the next message.", c.unacked),
                }
            } else {
                match lang {
                    Lang::Ko => format!("unacked {}개 / prefetch {window}: 창이 가득 차서 ack(또는 nack)할 때까지 새 메시지를 받지 않습니다.", c.unacked),
                    Lang::En => format!("{} unacked of prefetch {window}: the window is full, so the broker sends nothing more until it acks (or nacks).", c.unacked),
                }
            };
            view! {
                <dl class="rb-props">
                    <dt>{ctx.t(text::QUEUE)}</dt><dd>{c.queue.clone()}</dd>
                    <dt>{ctx.t(text::CHANNEL)}</dt><dd>{c.channel.0}</dd>
                    <dt>"prefetch"</dt><dd>{window}</dd>
                    <dt>"unacked"</dt><dd>{c.unacked}</dd>
                    <dt>"delivered"</dt><dd>{c.delivered}</dd>
                    <dt>"ack"</dt><dd>{if c.auto_ack { "auto (no-ack)" } else { "manual" }}</dd>
                    <dt>{ctx.t(text::SETTLE)}</dt><dd>{c.behaviour.map(|b| text::behaviour(b, lang)).unwrap_or_else(|| ctx.t(text::BY_HAND).to_string())}</dd>
                </dl>
                <p class="rb-note">{why}</p>
            }
        })}
    }
}
