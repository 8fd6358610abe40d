//! The controls: every AMQP method a lesson needs, as small forms. Each form shows the engine's
//! typed error inline, in the current language, and changes nothing when refused.

use super::text;
use super::{Ctx, Problem, SETTLE_CHOICES, input};
use engine::rabbit::{
    BindSpec, ChannelId, Command, ConsumeSpec, DeliveryMode, DestinationKind, ExchangeKind,
    ExchangeSpec, FieldValue, PublishSpec, QueueSpec, RouteDecision, StreamSpec,
};
use engine::sim::{Action, SimEvent};
use leptos::prelude::*;
use lessons::Text;
use lessons::model::Offer;

#[component]
fn Field(
    ctx: Ctx,
    label: Text,
    value: RwSignal<String>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    view! {
        <label class="rb-field">
            <span>{move || ctx.t(label)}</span>
            <input type="text" bind:value=value autocomplete="off" spellcheck="false" placeholder=hint />
        </label>
    }
}

#[component]
fn Check(ctx: Ctx, label: Text, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="rb-check">
            <input type="checkbox" bind:checked=value />
            <span>{move || ctx.t(label)}</span>
        </label>
    }
}

/// A fresh element id (labels point at their select with `for`, so the select's name is the
/// label alone, not the label plus the chosen option).
fn next_id() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("rb-f{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[component]
fn Pick(
    ctx: Ctx,
    label: Text,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let id = next_id();
    // What the select shows: the value, or the first option when the value is not offered.
    let shown = move || {
        let v = value.get();
        options.with(|o| {
            if o.iter().any(|(x, _)| *x == v) {
                v
            } else {
                o.first().map(|x| x.0.clone()).unwrap_or_default()
            }
        })
    };
    view! {
        <div class="rb-field">
            <label for=id.clone()>{move || ctx.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=shown>
                {move || options.get().into_iter().map(|(v, l)| {
                    let vv = v.clone();
                    view! { <option value=v selected=move || shown() == vv>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ErrorLine(ctx: Ctx, err: RwSignal<Option<Problem>>) -> impl IntoView {
    view! { <p class="error" role="alert">{move || err.get().map(|e| e.words(ctx.lang.get()))}</p> }
}

/// The open channels as select options; the chosen one falls back to the first.
fn channel_options(ctx: Ctx) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let word = ctx.t(text::CHANNEL);
        ctx.stage.with(|s| {
            s.rabbit
                .channels()
                .iter()
                .map(|c| (c.id.0.to_string(), format!("{word} {}", c.id.0)))
                .collect()
        })
    })
}

fn exchange_options(ctx: Ctx, with_default: bool) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let mut v: Vec<(String, String)> = Vec::new();
        let default = ctx.t(text::DEFAULT_X).to_string();
        ctx.stage.with(|s| {
            for x in s.rabbit.exchanges() {
                let n = x.exchange.name;
                if n.is_empty() {
                    if with_default {
                        v.push((String::new(), default.clone()));
                    }
                    continue;
                }
                let label = format!("{n} ({})", x.exchange.kind.as_str());
                v.push((n, label));
            }
        });
        v
    })
}

fn queue_options(ctx: Ctx) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        ctx.stage.with(|s| {
            s.rabbit
                .queues()
                .into_iter()
                .map(|q| (q.name.clone(), q.name))
                .collect()
        })
    })
}

/// `value` if it is among the options, else the first option.
fn chosen(value: RwSignal<String>, options: Signal<Vec<(String, String)>>) -> Option<String> {
    let v = value.get_untracked();
    let opts = options.get_untracked();
    if opts.iter().any(|(o, _)| *o == v) {
        Some(v)
    } else {
        opts.first().map(|o| o.0.clone())
    }
}

fn channel_of(value: RwSignal<String>, options: Signal<Vec<(String, String)>>) -> ChannelId {
    // No open channel: channel 0 is never open, so the engine answers 504 CHANNEL_ERROR.
    ChannelId(
        chosen(value, options)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    )
}

#[component]
pub(crate) fn Controls(ctx: Ctx) -> impl IntoView {
    let offers = move |o: &[Offer]| ctx.stage.offers_any(o);
    view! {
        <Show when=move || !ctx.readonly()>
            <section class="rb-controls" aria-labelledby="rb-controls-h">
                <h2 id="rb-controls-h">{move || ctx.t(text::CONTROLS)}</h2>
                // A lesson step keeps only the forms of what it offers.
                <div class="rb-control-grid">
                    <Show when=move || offers(&[Offer::Publish])><PublishForm ctx /></Show>
                    <Show when=move || offers(&[Offer::Topology])>
                        <ExchangeForm ctx />
                        <QueueForm ctx />
                        <BindForm ctx />
                    </Show>
                    <Show when=move || offers(&[Offer::Consume])><ConsumeForm ctx /></Show>
                    <Show when=move || offers(&[Offer::Consume, Offer::Settle, Offer::Channels])><ChannelForm ctx /></Show>
                    <Show when=move || offers(&[Offer::Stream])><StreamForm ctx /></Show>
                    <Show when=move || offers(&[Offer::Restart])><BrokerForm ctx /></Show>
                </div>
            </section>
        </Show>
    }
}

#[component]
fn PublishForm(ctx: Ctx) -> impl IntoView {
    let channel = RwSignal::new(String::from("1"));
    let exchange = RwSignal::new(String::from("sport"));
    let key = RwSignal::new(String::from("sport.football.goal"));
    let body = RwSignal::new(String::from("Kim 67' 2-0"));
    let headers = RwSignal::new(String::new());
    let persistent = RwSignal::new(false);
    let priority = RwSignal::new(String::new());
    let expiration = RwSignal::new(String::new());
    let message_id = RwSignal::new(String::new());
    let content_type = RwSignal::new(String::new());
    let mandatory = RwSignal::new(false);
    let err = RwSignal::new(None::<Problem>);
    let dry = RwSignal::new(None::<Result<RouteDecision, Problem>>);
    let channels = channel_options(ctx);
    let exchanges = exchange_options(ctx, true);

    let spec = move || -> Result<PublishSpec, Problem> {
        let mut p = PublishSpec::new(
            channel_of(channel, channels),
            &chosen(exchange, exchanges).unwrap_or_default(),
            &key.get_untracked(),
        )
        .body(body.get_untracked());
        if persistent.get_untracked() {
            p.properties.delivery_mode = DeliveryMode::Persistent;
        }
        let pr = priority.get_untracked();
        if !pr.trim().is_empty() {
            p.properties.priority = Some(
                pr.trim()
                    .parse::<u8>()
                    .map_err(|_| Problem::Local(text::PRIORITY_NUMBER))?,
            );
        }
        let ex = expiration.get_untracked();
        if !ex.is_empty() {
            p.properties.expiration = Some(ex);
        }
        let id = message_id.get_untracked();
        if !id.trim().is_empty() {
            p.properties.message_id = Some(id.trim().to_string());
        }
        let ct = content_type.get_untracked();
        if !ct.trim().is_empty() {
            p.properties.content_type = Some(ct.trim().to_string());
        }
        let h = input::table(&headers.get_untracked());
        if !h.is_empty() {
            p.properties.headers = Some(h);
        }
        p.mandatory = mandatory.get_untracked();
        Ok(p)
    };
    let publish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        dry.set(None);
        match spec() {
            Ok(p) => {
                ctx.run(Command::Publish(p), err);
            }
            Err(e) => err.set(Some(e)),
        }
    };
    // Route on a copy of the broker: nothing changes.
    let test_route = move |_| {
        let outcome = spec().and_then(|p| {
            let mut copy = ctx.stage.with_untracked(|s| s.clone());
            match copy.apply(Action::Rabbit(Command::Publish(p))) {
                Ok(events) => Ok(events
                    .into_iter()
                    .find_map(|e| match e {
                        SimEvent::Rabbit(engine::rabbit::Event::Published { routing, .. }) => {
                            Some(*routing)
                        }
                        _ => None,
                    })
                    .unwrap_or_default()),
                Err(engine::sim::SimError::Rabbit(e)) => Err(Problem::Engine(e)),
                Err(_) => Err(Problem::Local(text::REFUSED)),
            }
        });
        err.set(None);
        dry.set(Some(outcome));
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-pub-h" on:submit=publish>
            <h3 id="rb-pub-h">{move || ctx.t(text::PUBLISH)}</h3>
            <Pick ctx label=text::CHANNEL value=channel options=channels />
            <Pick ctx label=text::EXCHANGE value=exchange options=exchanges />
            <Field ctx label=text::ROUTING_KEY value=key />
            <Field ctx label=text::BODY value=body />
            <details class="rb-more">
                <summary>{move || ctx.t(text::PROPERTIES)}</summary>
                <div class="rb-fields">
                    <Check ctx label=text::PERSISTENT value=persistent />
                    <Field ctx label=text::PRIORITY value=priority hint="0–255" />
                    <Field ctx label=text::EXPIRATION value=expiration hint="ms" />
                    <Field ctx label=text::MESSAGE_ID value=message_id />
                    <Field ctx label=text::CONTENT_TYPE value=content_type hint="application/json" />
                    <Field ctx label=text::HEADERS value=headers hint="region=kr, tier=vip" />
                    <Check ctx label=text::MANDATORY value=mandatory />
                </div>
            </details>
            <div class="rb-actions">
                <button type="submit">{move || ctx.t(text::PUBLISH)}</button>
                <button type="button" on:click=test_route>{move || ctx.t(text::TEST_ROUTE)}</button>
            </div>
            <ErrorLine ctx err />
            {move || dry.get().map(|d| {
                let l = ctx.lang.get();
                match d {
                    Ok(r) => {
                        let head = if r.queues.is_empty() {
                            ctx.t(text::ROUTES_NOWHERE).to_string()
                        } else {
                            format!("{} {}", ctx.t(text::WOULD_REACH), r.queues.iter().map(|q| q.to_string()).collect::<Vec<_>>().join(", "))
                        };
                        view! {
                            <div class="rb-dry" role="status">
                                <p><strong>{head}</strong></p>
                                <ul>{r.matches.iter().map(|m| view! { <li>{super::explain::binding_match(m, &r.routing_key, l)}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.words(l)}</p> }.into_any(),
                }
            })}
        </form>
    }
}

#[component]
fn ExchangeForm(ctx: Ctx) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("topic"));
    let durable = RwSignal::new(true);
    let auto_delete = RwSignal::new(false);
    let internal = RwSignal::new(false);
    let alternate = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let kinds = Signal::derive(|| {
        ["direct", "fanout", "topic", "headers"]
            .iter()
            .map(|k| (k.to_string(), k.to_string()))
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = ExchangeKind::parse(&kind.get_untracked()).unwrap_or(ExchangeKind::Direct);
        let mut s = ExchangeSpec::new(name.get_untracked().trim(), kind);
        s.durable = durable.get_untracked();
        s.auto_delete = auto_delete.get_untracked();
        s.internal = internal.get_untracked();
        if let Some(ae) = input::str_arg(&alternate.get_untracked()) {
            s.arguments.insert("alternate-exchange".into(), ae);
        }
        if ctx.run(Command::DeclareExchange(s), err) {
            name.set(String::new());
        }
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-x-h" on:submit=submit>
            <h3 id="rb-x-h">{move || ctx.t(text::DECLARE_EXCHANGE)}</h3>
            <Field ctx label=text::NAME value=name hint="orders" />
            <Pick ctx label=text::TYPE value=kind options=kinds />
            <div class="rb-checks">
                <Check ctx label=text::DURABLE value=durable />
                <Check ctx label=text::AUTO_DELETE value=auto_delete />
                <Check ctx label=text::INTERNAL value=internal />
            </div>
            <Field ctx label=text::ALTERNATE value=alternate />
            <div class="rb-actions"><button type="submit">{move || ctx.t(text::DECLARE)}</button></div>
            <ErrorLine ctx err />
        </form>
    }
}

#[component]
fn QueueForm(ctx: Ctx) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let durable = RwSignal::new(true);
    let exclusive = RwSignal::new(false);
    let auto_delete = RwSignal::new(false);
    let ttl = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let max_len = RwSignal::new(String::new());
    let max_bytes = RwSignal::new(String::new());
    let overflow = RwSignal::new(String::new());
    let dlx = RwSignal::new(String::new());
    let dlk = RwSignal::new(String::new());
    let max_priority = RwSignal::new(String::new());
    let qtype = RwSignal::new(String::new());
    let delivery_limit = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let overflows = Signal::derive(|| {
        ["", "drop-head", "reject-publish", "reject-publish-dlx"]
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    if k.is_empty() {
                        "—".to_string()
                    } else {
                        k.to_string()
                    },
                )
            })
            .collect()
    });
    let qtypes = Signal::derive(|| {
        ["", "classic", "quorum"]
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    if k.is_empty() {
                        "—".to_string()
                    } else {
                        k.to_string()
                    },
                )
            })
            .collect()
    });
    let channels = channel_options(ctx);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = QueueSpec::new(name.get_untracked().trim());
        s.durable = durable.get_untracked();
        s.auto_delete = auto_delete.get_untracked();
        if exclusive.get_untracked() {
            s.exclusive = Some(channel_of(RwSignal::new(String::new()), channels));
        }
        let mut put = |k: &str, v: Option<FieldValue>| {
            if let Some(v) = v {
                s.arguments.insert(k.into(), v);
            }
        };
        put("x-message-ttl", input::arg(&ttl.get_untracked()));
        put("x-expires", input::arg(&expires.get_untracked()));
        put("x-max-length", input::arg(&max_len.get_untracked()));
        put("x-max-length-bytes", input::arg(&max_bytes.get_untracked()));
        put("x-overflow", input::str_arg(&overflow.get_untracked()));
        put(
            "x-dead-letter-exchange",
            input::str_arg(&dlx.get_untracked()),
        );
        put(
            "x-dead-letter-routing-key",
            input::str_arg(&dlk.get_untracked()),
        );
        put("x-max-priority", input::arg(&max_priority.get_untracked()));
        put("x-queue-type", input::str_arg(&qtype.get_untracked()));
        put(
            "x-delivery-limit",
            input::arg(&delivery_limit.get_untracked()),
        );
        if ctx.run(Command::DeclareQueue(s), err) {
            name.set(String::new());
        }
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-q-h" on:submit=submit>
            <h3 id="rb-q-h">{move || ctx.t(text::DECLARE_QUEUE)}</h3>
            <Field ctx label=text::NAME value=name hint="jobs" />
            <div class="rb-checks">
                <Check ctx label=text::DURABLE value=durable />
                <Check ctx label=text::EXCLUSIVE value=exclusive />
                <Check ctx label=text::AUTO_DELETE value=auto_delete />
            </div>
            <Field ctx label=text::DLX value=dlx hint="x-dead-letter-exchange" />
            <Field ctx label=text::TTL value=ttl hint="x-message-ttl (ms)" />
            <details class="rb-more">
                <summary>{move || ctx.t(text::MORE_ARGS)}</summary>
                <div class="rb-fields">
                    <Field ctx label=text::DLK value=dlk hint="x-dead-letter-routing-key" />
                    <Field ctx label=text::EXPIRES value=expires hint="x-expires (ms)" />
                    <Field ctx label=text::MAX_LENGTH value=max_len hint="x-max-length" />
                    <Field ctx label=text::MAX_BYTES value=max_bytes hint="x-max-length-bytes" />
                    <Pick ctx label=text::OVERFLOW value=overflow options=overflows />
                    <Field ctx label=text::MAX_PRIORITY value=max_priority hint="x-max-priority" />
                    <Pick ctx label=text::QUEUE_TYPE value=qtype options=qtypes />
                    <Field ctx label=text::DELIVERY_LIMIT value=delivery_limit hint="x-delivery-limit" />
                </div>
            </details>
            <div class="rb-actions"><button type="submit">{move || ctx.t(text::DECLARE)}</button></div>
            <ErrorLine ctx err />
        </form>
    }
}

#[component]
fn BindForm(ctx: Ctx) -> impl IntoView {
    let source = RwSignal::new(String::from("sport"));
    let dest_kind = RwSignal::new(String::from("queue"));
    let dest = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let args = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let sources = exchange_options(ctx, false);
    let kinds = Signal::derive(move || {
        vec![
            ("queue".to_string(), ctx.t(text::QUEUE).to_string()),
            ("exchange".to_string(), "exchange".to_string()),
        ]
    });
    let queues = queue_options(ctx);
    let dests = Signal::derive(move || {
        if dest_kind.get() == "exchange" {
            exchange_options(ctx, false).get()
        } else {
            queues.get()
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let spec = BindSpec {
            source: chosen(source, sources).unwrap_or_default(),
            destination: chosen(dest, dests).unwrap_or_default(),
            destination_kind: if dest_kind.get_untracked() == "exchange" {
                DestinationKind::Exchange
            } else {
                DestinationKind::Queue
            },
            routing_key: key.get_untracked(),
            arguments: input::table(&args.get_untracked()),
        };
        ctx.run(Command::Bind(spec), err);
    };
    let wildcard_note = move || {
        let k = key.get();
        let odd = k
            .split('.')
            .any(|w| w.len() > 1 && (w.contains('*') || w.contains('#')));
        odd.then(|| view! { <p class="rb-note">{ctx.t(text::WILDCARD_WORDS)}</p> })
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-b-h" on:submit=submit>
            <h3 id="rb-b-h">{move || ctx.t(text::BIND)}</h3>
            <Pick ctx label=text::SOURCE value=source options=sources />
            <Pick ctx label=text::DEST_KIND value=dest_kind options=kinds />
            <Pick ctx label=text::DESTINATION value=dest options=dests />
            <Field ctx label=text::BINDING_KEY value=key hint="sport.*.goal" />
            <Field ctx label=text::BINDING_ARGS value=args hint="x-match=all, region=kr" />
            {wildcard_note}
            <div class="rb-actions"><button type="submit">{move || ctx.t(text::BIND)}</button></div>
            <ErrorLine ctx err />
        </form>
    }
}

#[component]
fn ConsumeForm(ctx: Ctx) -> impl IntoView {
    let channel = RwSignal::new(String::from("2"));
    let queue = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let auto_ack = RwSignal::new(false);
    let exclusive = RwSignal::new(false);
    let settle = RwSignal::new(String::from("manual"));
    let after = RwSignal::new(String::from("500"));
    let err = RwSignal::new(None::<Problem>);
    let channels = channel_options(ctx);
    let queues = queue_options(ctx);
    let settles = Signal::derive(move || {
        let l = ctx.lang.get();
        SETTLE_CHOICES
            .iter()
            .map(|(k, _)| (k.to_string(), text::settle_choice(k, l).to_string()))
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = ConsumeSpec::new(
            channel_of(channel, channels),
            &chosen(queue, queues).unwrap_or_default(),
        )
        .tag(tag.get_untracked().trim());
        s.auto_ack = auto_ack.get_untracked();
        s.exclusive = exclusive.get_untracked();
        let choice = settle.get_untracked();
        if let Some((_, Some(action))) = SETTLE_CHOICES.iter().find(|(k, _)| *k == choice) {
            let ms = match after.get_untracked().trim().parse::<u64>() {
                Ok(ms) => ms,
                Err(_) => {
                    err.set(Some(Problem::Local(text::AFTER_NUMBER)));
                    return;
                }
            };
            s = s.behaviour(ms, *action);
        }
        if ctx.run(Command::Consume(s), err) {
            tag.set(String::new());
        }
    };
    let get = move |_| {
        let q = chosen(queue, queues).unwrap_or_default();
        ctx.run(
            Command::Get {
                channel: channel_of(channel, channels),
                queue: q,
                auto_ack: auto_ack.get_untracked(),
            },
            err,
        );
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-c-h" on:submit=submit>
            <h3 id="rb-c-h">{move || ctx.t(text::CONSUME)}</h3>
            <Pick ctx label=text::CHANNEL value=channel options=channels />
            <Pick ctx label=text::QUEUE value=queue options=queues />
            <Field ctx label=text::CONSUMER_TAG value=tag hint="worker" />
            <div class="rb-checks">
                <Check ctx label=text::AUTO_ACK value=auto_ack />
                <Check ctx label=text::EXCLUSIVE value=exclusive />
            </div>
            <Pick ctx label=text::SETTLE value=settle options=settles />
            <Field ctx label=text::AFTER_MS value=after hint="ms" />
            <div class="rb-actions">
                <button type="submit">{move || ctx.t(text::CONSUME)}</button>
                <button type="button" on:click=get>"basic.get"</button>
            </div>
            <ErrorLine ctx err />
        </form>
    }
}

#[component]
fn ChannelForm(ctx: Ctx) -> impl IntoView {
    let channel = RwSignal::new(String::from("2"));
    let prefetch = RwSignal::new(String::from("1"));
    let tag = RwSignal::new(String::from("1"));
    let multiple = RwSignal::new(false);
    let requeue = RwSignal::new(true);
    let err = RwSignal::new(None::<Problem>);
    let channels = channel_options(ctx);
    let open = move |_| {
        ctx.run(Command::OpenChannel, err);
    };
    let qos = move |_| match prefetch.get_untracked().trim().parse::<u16>() {
        Ok(n) => {
            ctx.run(
                Command::Qos {
                    channel: channel_of(channel, channels),
                    prefetch_count: n,
                    global: false,
                },
                err,
            );
        }
        Err(_) => err.set(Some(Problem::Local(text::PREFETCH_NUMBER))),
    };
    let settle = move |which: &'static str| {
        let Ok(t) = tag.get_untracked().trim().parse::<u64>() else {
            err.set(Some(Problem::Local(text::TAG_NUMBER)));
            return;
        };
        let ch = channel_of(channel, channels);
        let cmd = match which {
            "ack" => Command::Ack {
                channel: ch,
                delivery_tag: t,
                multiple: multiple.get_untracked(),
            },
            "nack" => Command::Nack {
                channel: ch,
                delivery_tag: t,
                multiple: multiple.get_untracked(),
                requeue: requeue.get_untracked(),
            },
            _ => Command::Reject {
                channel: ch,
                delivery_tag: t,
                requeue: requeue.get_untracked(),
            },
        };
        ctx.run(cmd, err);
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-ch-h" on:submit=|ev| ev.prevent_default()>
            <h3 id="rb-ch-h">{move || ctx.t(text::CHANNELS_ACKS)}</h3>
            <div class="rb-actions"><button type="button" on:click=open>{move || ctx.t(text::OPEN_CHANNEL)}</button></div>
            <Pick ctx label=text::CHANNEL value=channel options=channels />
            <Field ctx label=text::PREFETCH value=prefetch />
            <div class="rb-actions"><button type="button" on:click=qos>"basic.qos"</button></div>
            <Field ctx label=text::DELIVERY_TAG value=tag />
            <div class="rb-checks">
                <Check ctx label=text::MULTIPLE value=multiple />
                <Check ctx label=text::REQUEUE value=requeue />
            </div>
            <div class="rb-actions">
                <button type="button" on:click=move |_| settle("ack")>"basic.ack"</button>
                <button type="button" on:click=move |_| settle("nack")>"basic.nack"</button>
                <button type="button" on:click=move |_| settle("reject")>"basic.reject"</button>
            </div>
            <ErrorLine ctx err />
        </form>
    }
}

/// The steady stream's form fields, shared with the view that starts it.
#[derive(Clone, Copy)]
struct Stream {
    rate: RwSignal<String>,
    exchange: RwSignal<String>,
    key: RwSignal<String>,
    persistent: RwSignal<bool>,
    err: RwSignal<Option<Problem>>,
}

/// The stream form's fields. The stream itself runs in the engine (`Command::StartStream`):
/// one command, then every tick publishes, so the timeline replays it and a link shares it.
pub(crate) fn stream_driver(_ctx: Ctx) {
    provide_context(Stream {
        rate: RwSignal::new(String::from("10")),
        exchange: RwSignal::new(String::from("sport")),
        key: RwSignal::new(String::from(
            "sport.{football|basketball|hockey}.{goal|card}",
        )),
        persistent: RwSignal::new(false),
        err: RwSignal::new(None),
    });
}

/// The spec the form's fields describe, on the first open channel.
fn stream_spec(ctx: Ctx, s: Stream) -> Result<StreamSpec, Problem> {
    let rate = s
        .rate
        .get_untracked()
        .trim()
        .parse::<u32>()
        .map_err(|_| Problem::Local(text::RATE_NUMBER))?;
    let channel = ctx
        .stage
        .with_untracked(|sim| sim.rabbit.channels().first().map(|c| c.id))
        .ok_or(Problem::Engine(engine::rabbit::Error::ChannelNotOpen {
            channel: 0,
        }))?;
    Ok(StreamSpec {
        channel,
        exchange: s.exchange.get_untracked(),
        key: s.key.get_untracked(),
        rate,
        persistent: s.persistent.get_untracked(),
    })
}

#[component]
fn StreamForm(ctx: Ctx) -> impl IntoView {
    let s = expect_context::<Stream>();
    let exchanges = exchange_options(ctx, true);
    let running = Memo::new(move |_| ctx.stage.with(|sim| sim.rabbit.stream()));
    let on = move || running.with(Option::is_some);
    // The form shows what runs (after a shared link, a scrub or an undo).
    Effect::new(move |_| {
        if let Some(v) = running.get() {
            s.rate.set(v.spec.rate.to_string());
            s.exchange.set(v.spec.exchange);
            s.key.set(v.spec.key);
            s.persistent.set(v.spec.persistent);
        }
    });
    // A stream that stopped itself says why (its channel's error).
    let stopped_by = Memo::new(move |_| {
        ctx.stage
            .with(|sim| sim.rabbit.stream_error().cloned())
            .map(Problem::Engine)
    });
    Effect::new(move |_| {
        if let Some(p) = stopped_by.get() {
            s.err.set(Some(p));
        }
    });
    let start = move || match stream_spec(ctx, s) {
        Ok(spec) => {
            ctx.run(Command::StartStream(spec), s.err);
        }
        Err(p) => s.err.set(Some(p)),
    };
    // Editing a field of a running stream retunes it in place, from the next tick.
    let retune = move |_| {
        if running.with_untracked(Option::is_some) {
            start();
        }
    };
    let toggle = move |_| {
        if running.with_untracked(Option::is_some) {
            ctx.run(Command::StopStream, s.err);
        } else {
            start();
        }
    };
    view! {
        <form class="rb-form" aria-labelledby="rb-s-h" on:submit=|ev| ev.prevent_default() on:change=retune>
            <h3 id="rb-s-h">{move || ctx.t(text::STREAM)}</h3>
            <p class="rb-note">{move || ctx.t(text::STREAM_NOTE)}</p>
            <Field ctx label=text::RATE value=s.rate hint="10" />
            <Pick ctx label=text::EXCHANGE value=s.exchange options=exchanges />
            <Field ctx label=text::KEY_PATTERN value=s.key />
            <Check ctx label=text::PERSISTENT value=s.persistent />
            <div class="rb-actions">
                <button type="button" aria-pressed=move || on().to_string() on:click=toggle>
                    {move || if on() { ctx.t(text::STREAM_ON) } else { ctx.t(text::STREAM_OFF) }}
                </button>
                <span role="status">{move || running.with(|v| v.as_ref().map(|v| {
                    ctx.t(text::STREAM_SENT).replace("{n}", &v.sent.to_string())
                }))}</span>
            </div>
            <ErrorLine ctx err=s.err />
        </form>
    }
}

#[component]
fn BrokerForm(ctx: Ctx) -> impl IntoView {
    let err = RwSignal::new(None::<Problem>);
    view! {
        <form class="rb-form" aria-labelledby="rb-br-h" on:submit=|ev| ev.prevent_default()>
            <h3 id="rb-br-h">{move || ctx.t(text::BROKER)}</h3>
            <p class="rb-note">{move || ctx.t(text::RESTART_NOTE)}</p>
            <div class="rb-actions">
                <button type="button" class="danger" on:click=move |_| { ctx.run(Command::Restart, err); }>
                    {move || ctx.t(text::RESTART)}
                </button>
            </div>
            <ErrorLine ctx err />
        </form>
    }
}
