//! The controls: produce (key, value, headers, explicit partition, from which producer),
//! producer configs and partitioner choice, topics (create with replication factor and configs,
//! add partitions, alter configs), a new cluster of N brokers, broker configs, and consumers
//! joining groups (assignor, static membership, auto commit, offset reset).

use super::diagram::partitioner_label;
use super::text as tx;
use super::{Ctx, ErrorLine, Msg};
use engine::kafka::{
    AutoOffsetReset, Command, ConsumerConfig, CustomPartitioner, DEFAULT_PRODUCER, Event, Header,
    KeylessMode, ProducerConfig, Record, Strategy,
};
use engine::sim::{Action, Sim, SimEvent};
use leptos::prelude::*;

/// `a=1, b=2` → pairs; `None` when a part has no `=`.
pub fn parse_pairs(s: &str) -> Option<Vec<(String, String)>> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

fn topics(ctx: Ctx) -> Vec<String> {
    ctx.model
        .with(|m| m.topics.iter().map(|t| t.name.clone()).collect())
}

/// A `<select>` of the topics, bound to `sel` (empty = the first topic).
#[component]
fn TopicSelect(ctx: Ctx, sel: RwSignal<String>, label: lessons::Text) -> impl IntoView {
    view! {
        <label>
            <span>{move || ctx.t(label)}</span>
            <select on:change=move |ev| sel.set(event_target_value(&ev))>
                {move || {
                    let current = sel.get();
                    topics(ctx)
                        .into_iter()
                        .map(|t| {
                            let s = t == current;
                            view! { <option value=t.clone() selected=s>{t.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

fn chosen_topic(ctx: Ctx, sel: RwSignal<String>) -> String {
    let s = sel.get_untracked();
    let all = ctx
        .model
        .with_untracked(|m| m.topics.iter().map(|t| t.name.clone()).collect::<Vec<_>>());
    if all.contains(&s) {
        s
    } else {
        all.first().cloned().unwrap_or_default()
    }
}

#[component]
pub fn ProduceForm(ctx: Ctx) -> impl IntoView {
    let topic = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let size = RwSignal::new(String::new());
    let headers = RwSignal::new(String::new());
    let partition = RwSignal::new(String::new());
    let batch = RwSignal::new(false);
    let err = RwSignal::new(None::<Msg>);
    let status = RwSignal::new(None::<(String, u32, Option<u64>)>);
    // The broker's refusal of the batch the Send button flushed (MESSAGE_TOO_LARGE, ...).
    let failed = RwSignal::new(None::<engine::kafka::ProduceError>);
    // The broker answers a flushed batch a moment later, as time runs: the refusal of the
    // batch this form sent comes with those later events, and replaces "waiting".
    let sent_by = RwSignal::new(None::<(String, String, u32)>);
    Effect::new(move |_| {
        let refusal = ctx.stage.recent.with(|r| {
            let (producer, topic, partition) = sent_by.get_untracked()?;
            r.events.iter().find_map(|e| match e {
                SimEvent::Kafka(Event::ProduceFailed {
                    producer: p,
                    topic: t,
                    partition: n,
                    error,
                    will_retry: false,
                    ..
                }) if &**p == producer.as_str() && &**t == topic.as_str() && *n == partition => {
                    Some(error.clone())
                }
                _ => None,
            })
        });
        if let Some(e) = refusal {
            sent_by.set(None);
            status.set(None);
            failed.set(Some(e));
        }
    });
    let produce = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut v = value.get_untracked();
        // A value too large to type (a stand-in for a file): filled up to the size asked for,
        // within the simulator's limit on one message, checked before anything is built.
        let sz = size.get_untracked();
        if !sz.trim().is_empty() {
            match sz.trim().parse::<u64>() {
                Ok(n) if n <= engine::limits::MAX_MESSAGE_BYTES => {
                    v = lessons::sized_value(&v, n as usize);
                }
                _ => {
                    err.set(Some(Msg::Text(tx::BAD_VALUE_SIZE)));
                    return;
                }
            }
        }
        // A key without a value is a tombstone (a delete marker for compaction), as in Kafka;
        // only a record with neither is refused.
        if v.is_empty() && key.get_untracked().is_empty() {
            err.set(Some(Msg::Text(tx::VALUE_REQUIRED)));
            return;
        }
        let Some(hs) = parse_pairs(&headers.get_untracked()) else {
            err.set(Some(Msg::Text(tx::BAD_HEADERS)));
            return;
        };
        let p = partition.get_untracked();
        let explicit = if p.trim().is_empty() {
            None
        } else {
            match p.trim().parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    err.set(Some(Msg::Text(tx::BAD_PARTITION_TEXT)));
                    return;
                }
            }
        };
        let k = key.get_untracked();
        let record = Record {
            key: (!k.is_empty()).then(|| k.clone().into_bytes()),
            value: (!v.is_empty()).then(|| v.into_bytes()),
            headers: hs
                .into_iter()
                .map(|(k, v)| Header {
                    key: k,
                    value: Some(v.into_bytes()),
                })
                .collect(),
            timestamp: None,
            partition: explicit,
        };
        let topic = chosen_topic(ctx, topic);
        let producer = ctx.producer.get_untracked();
        let send = if producer == DEFAULT_PRODUCER {
            Command::Produce { topic, record }
        } else {
            Command::ProduceFrom {
                producer: producer.clone(),
                topic,
                record,
            }
        };
        let mut actions = vec![Action::Kafka(send)];
        if !batch.get_untracked() {
            // Ship the batch now rather than after linger.ms.
            actions.push(Action::Kafka(Command::Flush {
                producer: Some(producer.clone()),
            }));
        }
        // Apply one by one to learn where the record went.
        let mut out = None;
        let mut refused = None;
        for (i, a) in actions.into_iter().enumerate() {
            match ctx.stage.act(a) {
                Ok(events) => {
                    ctx.learn(&events);
                    // A record that fills its batch leaves at once: the refusal can come with
                    // the send itself as well as with the flush.
                    if refused.is_none() {
                        refused = events.iter().find_map(|e| match e {
                            SimEvent::Kafka(Event::ProduceFailed {
                                error,
                                will_retry: false,
                                ..
                            }) => Some(error.clone()),
                            _ => None,
                        });
                    }
                    if i == 0 {
                        out = events.iter().find_map(|e| match e {
                            SimEvent::Kafka(Event::Partitioned {
                                partition, topic, ..
                            }) => Some((topic.to_string(), *partition)),
                            _ => None,
                        });
                    }
                }
                Err(e) => {
                    err.set(Some(Msg::Sim(e)));
                    return;
                }
            }
        }
        err.set(None);
        value.set(String::new());
        // Cleared with the value, so the next value typed is not filled up unasked.
        size.set(String::new());
        let gave_up = refused.is_some();
        failed.set(refused);
        sent_by.set(
            out.clone()
                .filter(|_| !gave_up)
                .map(|(t, p)| (producer.clone(), t, p)),
        );
        status.set(out.filter(|_| !gave_up).map(|(t, p)| {
            let offset = ctx.stage.with_untracked(|s: &Sim| {
                s.kafka
                    .partition(&t, p)
                    .and_then(|pv| pv.records().last().map(|r| r.offset))
            });
            (t, p, offset.filter(|_| !batch.get_untracked()))
        }));
    };
    let status_text = move || {
        if let Some(e) = failed.get() {
            return Some(super::explain::produce_error(&e, ctx.lang.get()));
        }
        status.get().map(|(t, p, o)| {
            let lang = ctx.lang.get();
            match (lang, o) {
                (lessons::Lang::Ko, Some(o)) => format!("→ {t} 파티션 {p}, offset {o}"),
                (lessons::Lang::Ko, None) => format!("→ {t} 파티션 {p} (프로듀서 버퍼에서 대기)"),
                (lessons::Lang::En, Some(o)) => format!("→ {t} partition {p}, offset {o}"),
                (lessons::Lang::En, None) => {
                    format!("→ {t} partition {p} (waiting in the producer's buffer)")
                }
            }
        })
    };
    let producers = move || {
        ctx.model.with(|m| {
            m.producers
                .iter()
                .map(|p| p.name.to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="k-produce" aria-labelledby="k-produce-h">
            <h3 id="k-produce-h">{move || ctx.t(tx::PRODUCER)}</h3>
            <form on:submit=produce>
                <TopicSelect ctx sel=topic label=tx::TOPIC />
                <label>
                    <span>{move || ctx.t(tx::FROM_PRODUCER)}</span>
                    <select on:change=move |ev| ctx.producer.set(event_target_value(&ev))>
                        {move || {
                            let mut names = producers();
                            if !names.iter().any(|n| n == DEFAULT_PRODUCER) {
                                names.insert(0, DEFAULT_PRODUCER.to_string());
                            }
                            let cur = ctx.producer.get();
                            names
                                .into_iter()
                                .map(|n| {
                                    let s = n == cur;
                                    view! { <option value=n.clone() selected=s>{n.clone()}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    <span>{move || ctx.t(tx::KEY)}</span>
                    <input type="text" bind:value=key autocomplete="off" />
                </label>
                <label>
                    <span>{move || ctx.t(tx::VALUE)}</span>
                    <input type="text" bind:value=value autocomplete="off" />
                </label>
                <label class="narrow">
                    <span>{move || ctx.t(tx::VALUE_SIZE)}</span>
                    <input type="text" inputmode="numeric" bind:value=size autocomplete="off" size="8" />
                </label>
                <label>
                    <span>{move || ctx.t(tx::HEADERS)}</span>
                    <input type="text" bind:value=headers autocomplete="off" placeholder="source=stadium-3" />
                </label>
                <label class="narrow">
                    <span>{move || ctx.t(tx::EXPLICIT_PARTITION)}</span>
                    <input type="text" inputmode="numeric" bind:value=partition autocomplete="off" size="4" />
                </label>
                <label class="check">
                    <input type="checkbox" bind:checked=batch />
                    <span>{move || ctx.t(tx::WAIT_LINGER)}</span>
                </label>
                <button type="submit">{move || ctx.t(tx::PRODUCE)}</button>
            </form>
            <ErrorLine ctx err />
            <p class="status small" role="status">{status_text}</p>
        </section>
    }
}

const PRODUCER_CONFIGS: [&str; 9] = [
    "acks",
    "linger.ms",
    "batch.size",
    "compression.type",
    "buffer.memory",
    "max.request.size",
    "enable.idempotence",
    "delivery.timeout.ms",
    "retry.backoff.ms",
];

#[component]
pub(super) fn ProducerControls(ctx: Ctx) -> impl IntoView {
    let name = RwSignal::new("acks".to_string());
    let value = RwSignal::new("1".to_string());
    let err = RwSignal::new(None::<Msg>);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let producer = ctx.producer.get_untracked();
        let exists = ctx
            .model
            .with_untracked(|m| m.producers.iter().any(|p| *p.name == *producer));
        if !exists && producer == DEFAULT_PRODUCER {
            // The default producer is created on first use; create it now to configure it.
            let _ = ctx.stage.act(Action::Kafka(Command::CreateProducer {
                name: producer.clone(),
                config: ProducerConfig::default(),
            }));
        }
        ctx.act(
            Command::AlterProducerConfig {
                producer,
                name: name.get_untracked(),
                value: value.get_untracked(),
            },
            err,
        );
    };
    // new producer with a partitioner
    let pname = RwSignal::new("producer-2".to_string());
    let strategy = RwSignal::new("sticky".to_string());
    let field = RwSignal::new("match-id".to_string());
    let salts = RwSignal::new("4".to_string());
    let err2 = RwSignal::new(None::<Msg>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut config = ProducerConfig::default();
        match strategy.get_untracked().as_str() {
            "round-robin" => config.keyless = KeylessMode::RoundRobin,
            "header" => {
                config.partitioner = Some(CustomPartitioner::ByHeader {
                    header: field.get_untracked(),
                })
            }
            "salt" => match salts.get_untracked().trim().parse::<u32>() {
                Ok(n) if n > 0 => {
                    config.partitioner = Some(CustomPartitioner::RandomSalt { salts: n })
                }
                _ => {
                    err2.set(Some(Msg::Text(tx::BAD_NUMBER)));
                    return;
                }
            },
            "compound" => {
                config.partitioner = Some(CustomPartitioner::CompoundKey {
                    header: field.get_untracked(),
                })
            }
            _ => {}
        }
        let name = pname.get_untracked();
        if ctx.act(
            Command::CreateProducer {
                name: name.clone(),
                config,
            },
            err2,
        ) {
            ctx.producer.set(name);
        }
    };
    let current = move || {
        let p = ctx.producer.get();
        let lang = ctx.lang.get();
        ctx.model.with(|m| {
            m.producers
                .iter()
                .find(|x| *x.name == *p)
                .map(|x| format!("{p}: {}", partitioner_label(&x.config, lang)))
                .unwrap_or(p.clone())
        })
    };
    view! {
        <p class="small muted">{current}</p>
        <form on:submit=apply>
            <label>
                <span>{move || ctx.t(tx::CONFIG_NAME)}</span>
                <select on:change=move |ev| name.set(event_target_value(&ev))>
                    {PRODUCER_CONFIGS
                        .iter()
                        .map(|n| view! { <option value=*n selected=move || name.get() == *n>{*n}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{move || ctx.t(tx::CONFIG_VALUE)}</span>
                <input type="text" bind:value=value autocomplete="off" />
            </label>
            <button type="submit">{move || ctx.t(tx::APPLY)}</button>
        </form>
        <ErrorLine ctx err />
        <h4>{move || ctx.t(tx::NEW_PRODUCER)}</h4>
        <form on:submit=create>
            <label>
                <span>{move || ctx.t(tx::PRODUCER_NAME)}</span>
                <input type="text" bind:value=pname autocomplete="off" />
            </label>
            <label>
                <span>{move || ctx.t(tx::PARTITIONER)}</span>
                <select on:change=move |ev| strategy.set(event_target_value(&ev))>
                    <option value="sticky">{move || ctx.t(tx::P_STICKY)}</option>
                    <option value="round-robin">{move || ctx.t(tx::P_ROUND_ROBIN)}</option>
                    <option value="header">{move || ctx.t(tx::P_BY_HEADER)}</option>
                    <option value="salt">{move || ctx.t(tx::P_SALT)}</option>
                    <option value="compound">{move || ctx.t(tx::P_COMPOUND)}</option>
                </select>
            </label>
            <Show when=move || matches!(strategy.get().as_str(), "header" | "compound")>
                <label>
                    <span>{move || ctx.t(tx::P_FIELD)}</span>
                    <input type="text" bind:value=field autocomplete="off" />
                </label>
            </Show>
            <Show when=move || strategy.get() == "salt">
                <label>
                    <span>{move || ctx.t(tx::P_SALTS)}</span>
                    <input type="text" inputmode="numeric" bind:value=salts autocomplete="off" size="4" />
                </label>
            </Show>
            <button type="submit">{move || ctx.t(tx::CREATE_PRODUCER)}</button>
        </form>
        <ErrorLine ctx err=err2 />
    }
}

fn number(s: &str) -> Option<u32> {
    s.trim().parse().ok()
}

#[component]
pub(super) fn TopicControls(ctx: Ctx) -> impl IntoView {
    let name = RwSignal::new("matches".to_string());
    let parts = RwSignal::new("3".to_string());
    let rf = RwSignal::new("3".to_string());
    let configs = RwSignal::new("min.insync.replicas=2".to_string());
    let err = RwSignal::new(None::<Msg>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(p), Some(r)) = (number(&parts.get_untracked()), number(&rf.get_untracked()))
        else {
            err.set(Some(Msg::Text(tx::BAD_NUMBER)));
            return;
        };
        let Some(configs) = parse_pairs(&configs.get_untracked()) else {
            err.set(Some(Msg::Text(tx::BAD_HEADERS)));
            return;
        };
        ctx.act(
            Command::CreateTopicWith {
                name: name.get_untracked(),
                partitions: p,
                replication_factor: r,
                configs,
            },
            err,
        );
    };
    let grow_topic = RwSignal::new(String::new());
    let total = RwSignal::new("6".to_string());
    let err2 = RwSignal::new(None::<Msg>);
    let grow = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(n) = number(&total.get_untracked()) else {
            err2.set(Some(Msg::Text(tx::BAD_NUMBER)));
            return;
        };
        ctx.act(
            Command::AddPartitions {
                topic: chosen_topic(ctx, grow_topic),
                partitions: n,
            },
            err2,
        );
    };
    let alter_topic = RwSignal::new(String::new());
    let cname = RwSignal::new("retention.ms".to_string());
    let cvalue = RwSignal::new("60000".to_string());
    let err3 = RwSignal::new(None::<Msg>);
    let alter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctx.act(
            Command::AlterTopicConfig {
                topic: chosen_topic(ctx, alter_topic),
                name: cname.get_untracked().trim().to_string(),
                value: cvalue.get_untracked(),
            },
            err3,
        );
    };
    let delete_topic = RwSignal::new(String::new());
    let err4 = RwSignal::new(None::<Msg>);
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctx.act(
            Command::DeleteTopic {
                topic: chosen_topic(ctx, delete_topic),
            },
            err4,
        );
    };
    view! {
        <form on:submit=create>
            <label>
                <span>{move || ctx.t(tx::TOPIC_NAME)}</span>
                <input type="text" bind:value=name autocomplete="off" />
            </label>
            <label class="narrow">
                <span>{move || ctx.t(tx::PARTITIONS)}</span>
                <input type="text" inputmode="numeric" bind:value=parts size="4" />
            </label>
            <label class="narrow">
                <span>{move || ctx.t(tx::RF)}</span>
                <input type="text" inputmode="numeric" bind:value=rf size="4" />
            </label>
            <label>
                <span>{move || ctx.t(tx::TOPIC_CONFIGS)}</span>
                <input type="text" bind:value=configs autocomplete="off" />
            </label>
            <button type="submit">{move || ctx.t(tx::CREATE_TOPIC)}</button>
        </form>
        <ErrorLine ctx err />
        <h4>{move || ctx.t(tx::ADD_PARTITIONS)}</h4>
        <form on:submit=grow>
            <TopicSelect ctx sel=grow_topic label=tx::ADD_PARTITIONS />
            <label class="narrow">
                <span>{move || ctx.t(tx::NEW_TOTAL)}</span>
                <input type="text" inputmode="numeric" bind:value=total size="4" />
            </label>
            <button type="submit">{move || ctx.t(tx::ADD_PARTITIONS)}</button>
        </form>
        <ErrorLine ctx err=err2 />
        <h4>{move || ctx.t(tx::ALTER_TOPIC)}</h4>
        <form on:submit=alter>
            <TopicSelect ctx sel=alter_topic label=tx::ALTER_TOPIC />
            <label>
                <span>{move || ctx.t(tx::CONFIG_NAME)}</span>
                <input type="text" bind:value=cname autocomplete="off" list="k-topic-configs" />
            </label>
            <datalist id="k-topic-configs">
                {[
                    "retention.ms",
                    "retention.bytes",
                    "cleanup.policy",
                    "min.insync.replicas",
                    "max.message.bytes",
                    "segment.bytes",
                    "segment.ms",
                    "unclean.leader.election.enable",
                    "compression.type",
                ]
                    .into_iter()
                    .map(|n| view! { <option value=n></option> })
                    .collect_view()}
            </datalist>
            <label>
                <span>{move || ctx.t(tx::CONFIG_VALUE)}</span>
                <input type="text" bind:value=cvalue autocomplete="off" />
            </label>
            <button type="submit">{move || ctx.t(tx::APPLY)}</button>
        </form>
        <ErrorLine ctx err=err3 />
        <h4>{move || ctx.t(tx::DELETE_TOPIC)}</h4>
        <form on:submit=delete>
            <TopicSelect ctx sel=delete_topic label=tx::DELETE_TOPIC />
            <button type="submit" class="danger">{move || ctx.t(tx::DELETE_TOPIC)}</button>
        </form>
        <ErrorLine ctx err=err4 />
    }
}

#[component]
pub(super) fn ConsumerControls(ctx: Ctx) -> impl IntoView {
    let group = RwSignal::new(super::SANDBOX_GROUP.to_string());
    let member = RwSignal::new("c2".to_string());
    let topics_s = RwSignal::new(super::SANDBOX_TOPIC.to_string());
    let assignor = RwSignal::new("range".to_string());
    let instance = RwSignal::new(String::new());
    let auto = RwSignal::new(false);
    let reset = RwSignal::new("earliest".to_string());
    let err = RwSignal::new(None::<Msg>);
    let subscribe = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let strategy = Strategy::from_name(&assignor.get_untracked()).unwrap_or(Strategy::Range);
        let inst = instance.get_untracked();
        let config = ConsumerConfig {
            auto_offset_reset: match reset.get_untracked().as_str() {
                "latest" => AutoOffsetReset::Latest,
                "none" => AutoOffsetReset::None,
                _ => AutoOffsetReset::Earliest,
            },
            enable_auto_commit: auto.get_untracked(),
            partition_assignment_strategy: vec![strategy],
            group_instance_id: (!inst.trim().is_empty()).then(|| inst.trim().to_string()),
            ..ConsumerConfig::default()
        };
        let topics: Vec<String> = topics_s
            .get_untracked()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let m = member.get_untracked();
        if ctx.act(
            Command::Subscribe {
                group: group.get_untracked(),
                member: m.clone(),
                topics,
                config,
            },
            err,
        ) {
            // Suggest the next name.
            if let Some(n) = m.strip_prefix('c').and_then(|n| n.parse::<u32>().ok()) {
                member.set(format!("c{}", n + 1));
            }
        }
    };
    view! {
        <form on:submit=subscribe>
            <label>
                <span>{move || ctx.t(tx::GROUP_ID)}</span>
                <input type="text" bind:value=group autocomplete="off" />
            </label>
            <label>
                <span>{move || ctx.t(tx::MEMBER)}</span>
                <input type="text" bind:value=member autocomplete="off" />
            </label>
            <label>
                <span>{move || ctx.t(tx::SUB_TOPICS)}</span>
                <input type="text" bind:value=topics_s autocomplete="off" />
            </label>
            <label>
                <span>{move || ctx.t(tx::ASSIGNOR)}</span>
                <select on:change=move |ev| assignor.set(event_target_value(&ev))>
                    {Strategy::ALL
                        .iter()
                        .map(|s| view! { <option value=s.name()>{s.name()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{move || ctx.t(tx::INSTANCE_ID)}</span>
                <input type="text" bind:value=instance autocomplete="off" />
            </label>
            <label>
                <span>{move || ctx.t(tx::OFFSET_RESET)}</span>
                <select on:change=move |ev| reset.set(event_target_value(&ev))>
                    <option value="earliest">"earliest"</option>
                    <option value="latest">"latest"</option>
                    <option value="none">"none"</option>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" bind:checked=auto />
                <span>{move || ctx.t(tx::AUTO_COMMIT)}</span>
            </label>
            <button type="submit">{move || ctx.t(tx::SUBSCRIBE)}</button>
        </form>
        <ErrorLine ctx err />
    }
}

const BROKER_CONFIGS: [&str; 6] = [
    "replica.lag.time.max.ms",
    "broker.session.timeout.ms",
    "replica.fetch.max.bytes",
    "log.retention.check.interval.ms",
    "default.replication.factor",
    "max.append.bytes.per.ms",
];

#[component]
pub(super) fn ClusterControls(ctx: Ctx) -> impl IntoView {
    let brokers = RwSignal::new("3".to_string());
    let err = RwSignal::new(None::<Msg>);
    let fresh = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(n) = number(&brokers.get_untracked()) else {
            err.set(Some(Msg::Text(tx::BAD_NUMBER)));
            return;
        };
        match Sim::with_kafka_brokers(1, n) {
            Ok(sim) => {
                err.set(None);
                ctx.reset(sim, Some(crate::stage::kafka_scene(n)));
            }
            Err(e) => err.set(Some(Msg::Sim(e))),
        }
    };
    let err3 = RwSignal::new(None::<Msg>);
    let add = move |_| {
        ctx.act(Command::AddBroker, err3);
    };
    let name = RwSignal::new(BROKER_CONFIGS[0].to_string());
    let value = RwSignal::new("10000".to_string());
    let err2 = RwSignal::new(None::<Msg>);
    let alter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctx.act(
            Command::AlterBrokerConfig {
                name: name.get_untracked(),
                value: value.get_untracked(),
            },
            err2,
        );
    };
    view! {
        <form on:submit=fresh>
            <label class="narrow">
                <span>{move || ctx.t(tx::NEW_CLUSTER)}</span>
                <input type="text" inputmode="numeric" bind:value=brokers size="4" />
            </label>
            <button type="submit">{move || ctx.t(tx::NEW_CLUSTER_GO)}</button>
        </form>
        <ErrorLine ctx err />
        <p class="small muted">{move || ctx.t(tx::ADD_BROKER_HINT)}</p>
        <button type="button" on:click=add>{move || ctx.t(tx::ADD_BROKER)}</button>
        <ErrorLine ctx err=err3 />
        <h4>{move || ctx.t(tx::BROKER_CONFIG)}</h4>
        <form on:submit=alter>
            <label>
                <span>{move || ctx.t(tx::CONFIG_NAME)}</span>
                <select on:change=move |ev| name.set(event_target_value(&ev))>
                    {BROKER_CONFIGS.iter().map(|n| view! { <option value=*n>{*n}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span>{move || ctx.t(tx::CONFIG_VALUE)}</span>
                <input type="text" bind:value=value autocomplete="off" />
            </label>
            <button type="submit">{move || ctx.t(tx::APPLY)}</button>
        </form>
        <ErrorLine ctx err=err2 />
    }
}
