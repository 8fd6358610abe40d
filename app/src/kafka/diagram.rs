//! The cluster drawn: producers, brokers (controller marked), topics with partitions as logs
//! (offsets, log start offset, LEO, high watermark, leader/follower replicas and the ISR),
//! consumer groups with each member's partitions, committed offsets and lag.

use super::model::{PartM, RecM, TopicM};
use super::text as tx;
use super::{Ctx, ErrorLine, Msg, Sel};
use engine::kafka::{BrokerView, Command, ConsumerConfig, GroupView, MemberView, SeekTo};
use leptos::prelude::*;
use lessons::Highlight;

#[component]
pub fn Diagram(ctx: Ctx) -> impl IntoView {
    view! {
        <section class="k-diagram" aria-label=move || ctx.t(tx::CLUSTER)>
            <Producers ctx />
            <Brokers ctx />
            <Topics ctx />
            <Groups ctx />
        </section>
    }
}

// ---- producers ------------------------------------------------------------------------------

#[component]
fn Producers(ctx: Ctx) -> impl IntoView {
    let names = move || {
        ctx.model.with(|m| {
            m.producers
                .iter()
                .map(|p| p.name.to_string())
                .collect::<Vec<_>>()
        })
    };
    let lit = move || ctx.stage.highlighted(Highlight::Producer);
    view! {
        <section class="k-producers" class:highlight=lit aria-label=move || ctx.t(tx::PRODUCERS)>
            <h3>{move || ctx.t(tx::PRODUCERS)}</h3>
            <Show when=move || ctx.model.with(|m| m.producers.is_empty())>
                <p class="muted">{move || ctx.t(tx::NONE)}</p>
            </Show>
            <div class="k-row">
                <For each=names key=|n| n.clone() let:name>
                    <ProducerCard ctx name />
                </For>
            </div>
        </section>
    }
}

pub fn partitioner_label(p: &engine::kafka::ProducerConfig, lang: lessons::Lang) -> String {
    use engine::kafka::{CustomPartitioner, KeylessMode};
    match &p.partitioner {
        Some(CustomPartitioner::ByHeader { header }) => {
            format!("{} ({header})", tx::P_BY_HEADER.get(lang))
        }
        Some(CustomPartitioner::RandomSalt { salts }) => {
            format!("{} ({salts})", tx::P_SALT.get(lang))
        }
        Some(CustomPartitioner::CompoundKey { header }) => {
            format!("{} ({header})", tx::P_COMPOUND.get(lang))
        }
        None => match p.keyless {
            KeylessMode::Sticky => tx::P_STICKY.get(lang).to_string(),
            KeylessMode::RoundRobin => tx::P_ROUND_ROBIN.get(lang).to_string(),
        },
    }
}

#[component]
fn ProducerCard(ctx: Ctx, name: String) -> impl IntoView {
    let n2 = name.clone();
    let pv = Memo::new(move |_| {
        ctx.model
            .with(|m| m.producers.iter().find(|p| *p.name == *n2).cloned())
    });
    let selected = {
        let name = name.clone();
        move || ctx.producer.with(|p| *p == name)
    };
    let body = move || {
        pv.get().map(|p| {
            let lang = ctx.lang.get();
            let c = &p.config;
            let acks = match c.acks {
                engine::kafka::Acks::None => "0",
                engine::kafka::Acks::Leader => "1",
                engine::kafka::Acks::All => "all",
            };
            let ko = lang == lessons::Lang::Ko;
            view! {
                <p class="mono small">
                    {format!(
                        "acks={acks} linger.ms={} batch.size={} compression.type={} buffer.memory={}",
                        c.linger_ms,
                        c.batch_size,
                        c.compression_type.name(),
                        c.buffer_memory,
                    )}
                </p>
                <p class="small">{format!("{}: {}", tx::PARTITIONER.get(lang), partitioner_label(c, lang))}</p>
                <p class="small">
                    {if ko {
                        format!(
                            "버퍼 {}건 ({} 바이트) · 보냄 {} · ack {} · 막힘 {} · 실패 {}",
                            p.buffered_records,
                            p.buffered_bytes,
                            p.sent_records,
                            p.acked_records,
                            p.blocked_sends,
                            p.failed_records,
                        )
                    } else {
                        format!(
                            "buffered {} ({} bytes) · sent {} · acked {} · blocked {} · failed {}",
                            p.buffered_records,
                            p.buffered_bytes,
                            p.sent_records,
                            p.acked_records,
                            p.blocked_sends,
                            p.failed_records,
                        )
                    }}
                </p>
            }
        })
    };
    view! {
        <div class="k-card producer-card" class:current=selected>
            <h4>{name.clone()}</h4>
            {body}
        </div>
    }
}

// ---- brokers --------------------------------------------------------------------------------

#[component]
fn Brokers(ctx: Ctx) -> impl IntoView {
    let ids = move || {
        ctx.model
            .with(|m| m.brokers.iter().map(|b| b.id).collect::<Vec<_>>())
    };
    let err = RwSignal::new(None::<Msg>);
    view! {
        <section class="k-brokers" aria-label=move || ctx.t(tx::BROKERS)>
            <h3>{move || ctx.t(tx::BROKERS)}</h3>
            <div class="k-row">
                <For each=ids key=|b| *b let:id>
                    <BrokerCard ctx id err />
                </For>
            </div>
            <ErrorLine ctx err />
        </section>
    }
}

#[component]
fn BrokerCard(ctx: Ctx, id: u32, err: RwSignal<Option<Msg>>) -> impl IntoView {
    let bv = Memo::new(move |_| {
        ctx.model
            .with(|m| m.brokers.iter().find(|b| b.id == id).cloned())
    });
    let lit = move || {
        let controller = bv.with(|b| b.as_ref().is_some_and(|b| b.controller));
        ctx.lit(|h| {
            matches!(h, Highlight::Broker(x) if *x == id)
                || (controller && matches!(h, Highlight::Controller))
        })
    };
    let status = move || {
        bv.get().map(|b: BrokerView| {
            let mut s = vec![];
            if !b.up {
                s.push(ctx.t(tx::DOWN));
            } else if b.isolated {
                s.push(ctx.t(tx::ISOLATED));
            } else {
                s.push(ctx.t(tx::UP));
            }
            if b.fenced {
                s.push(ctx.t(tx::FENCED));
            }
            if b.fetch_interval_ms > 1 {
                s.push(ctx.t(tx::SLOW));
            }
            s.join(" · ")
        })
    };
    let counts = move || {
        bv.get().map(|b| {
            format!(
                "{} {} · {} {}",
                ctx.t(tx::LEADS),
                b.leaders,
                ctx.t(tx::HOLDS),
                b.replicas
            )
        })
    };
    let up = move || bv.with(|b| b.as_ref().is_some_and(|b| b.up));
    let isolated = move || bv.with(|b| b.as_ref().is_some_and(|b| b.isolated));
    let slow = move || bv.with(|b| b.as_ref().is_some_and(|b| b.fetch_interval_ms > 1));
    let controller = move || bv.with(|b| b.as_ref().is_some_and(|b| b.controller));
    let selected = Memo::new(move |_| ctx.sel.with(|s| *s == Some(Sel::Broker(id))));
    let name = move || format!("{} {id}", ctx.t(tx::BROKER));
    let act = move |c: Command| {
        ctx.act(c, err);
    };
    let label = move |verb: lessons::Text| {
        let lang = ctx.lang.get();
        match lang {
            lessons::Lang::Ko => format!("브로커 {id} {}", verb.get(lang)),
            lessons::Lang::En => format!("{} broker {id}", verb.get(lang)),
        }
    };
    view! {
        <div
            class="k-card broker"
            class:down=move || !up()
            class:isolated=isolated
            class:controller=controller
            class:highlight=lit
            class:selected=move || selected.get()
        >
            <h4>
                <button
                    type="button"
                    class="link"
                    aria-pressed=move || selected.get().to_string()
                    on:click=move |_| ctx.sel.set(Some(Sel::Broker(id)))
                >
                    {name}
                </button>
                <Show when=controller>
                    <span class="badge controller-badge">{move || ctx.t(tx::CONTROLLER)}</span>
                </Show>
            </h4>
            <p class="small">{status}</p>
            <p class="small muted">{counts}</p>
            <Show when=move || !ctx.stage.readonly>
                <div class="k-actions">
                    <Show
                        when=up
                        fallback=move || {
                            view! {
                                <button type="button" aria-label=move || label(tx::RESTART) on:click=move |_| act(Command::RestartBroker { broker: id })>
                                    {move || ctx.t(tx::RESTART)}
                                </button>
                            }
                        }
                    >
                        <button type="button" class="danger" aria-label=move || label(tx::KILL) on:click=move |_| act(Command::KillBroker { broker: id })>
                            {move || ctx.t(tx::KILL)}
                        </button>
                        <Show
                            when=isolated
                            fallback=move || {
                                view! {
                                    <button type="button" aria-label=move || label(tx::ISOLATE) on:click=move |_| act(Command::IsolateBroker { broker: id })>
                                        {move || ctx.t(tx::ISOLATE)}
                                    </button>
                                }
                            }
                        >
                            <button type="button" aria-label=move || label(tx::HEAL) on:click=move |_| act(Command::HealBroker { broker: id })>
                                {move || ctx.t(tx::HEAL)}
                            </button>
                        </Show>
                        <button
                            type="button"
                            aria-pressed=move || slow().to_string()
                            aria-label=move || label(tx::SLOW_DOWN)
                            on:click=move |_| {
                                let interval = if slow() { 1 } else { 60_000 };
                                act(Command::SlowFollower { broker: id, fetch_interval_ms: interval })
                            }
                        >
                            {move || ctx.t(tx::SLOW_DOWN)}
                        </button>
                    </Show>
                </div>
            </Show>
        </div>
    }
}

// ---- topics ---------------------------------------------------------------------------------

#[component]
fn Topics(ctx: Ctx) -> impl IntoView {
    let names = move || {
        ctx.model
            .with(|m| m.topics.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    };
    view! {
        <section class="k-topics" aria-label=move || ctx.t(tx::TOPICS)>
            <For each=names key=|n| n.clone() let:name>
                <TopicCard ctx name />
            </For>
        </section>
    }
}

#[component]
fn TopicCard(ctx: Ctx, name: String) -> impl IntoView {
    let n = name.clone();
    let tm = Memo::new(move |_| {
        ctx.model.with(|m| {
            m.topic(&n)
                .map(|t| (t.rf, t.configs.clone(), t.aggregated, t.parts.len() as u32))
        })
    });
    let n = name.clone();
    let lit = move || ctx.lit(|h| matches!(h, Highlight::Topic(t) if *t == n));
    let summary = move || {
        tm.get().map(|(rf, configs, _, parts)| {
            let lang = ctx.lang.get();
            let cfg: Vec<String> = configs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let base = match lang {
                lessons::Lang::Ko => format!("파티션 {parts}개 · 복제 계수 {rf}"),
                lessons::Lang::En => format!("{parts} partitions · replication factor {rf}"),
            };
            if cfg.is_empty() {
                base
            } else {
                format!("{base} · {}", cfg.join(" "))
            }
        })
    };
    let aggregated = move || tm.with(|t| t.as_ref().is_some_and(|t| t.2));
    let parts = move || tm.with(|t| t.as_ref().map_or(0, |t| t.3));
    let heading = name.clone();
    let n1 = name.clone();
    let n2 = name.clone();
    view! {
        <section class="k-topic" class:highlight=lit aria-label=move || format!("{} {}", ctx.t(tx::TOPIC), heading)>
            <h3>
                {move || ctx.t(tx::TOPIC)} " " <code>{name.clone()}</code>
            </h3>
            <p class="small muted">{summary}</p>
            <Show
                when=aggregated
                fallback=move || {
                    let n1 = n1.clone();
                    view! {
                        <div class="partitions">
                            <For each=move || 0..parts() key=|p| *p let:p>
                                <PartitionCard ctx topic=n1.clone() p />
                            </For>
                        </div>
                    }
                }
            >
                <Heat ctx topic=n2.clone() />
            </Show>
        </section>
    }
}

/// At scale: one tile per partition with its size and a heat bar of recent load.
#[component]
fn Heat(ctx: Ctx, topic: String) -> impl IntoView {
    let t2 = topic.clone();
    let data = Memo::new(move |_| {
        let load: Vec<u64> = ctx.hist.with(|h| {
            let all = h.load(super::model::HEAT_WINDOW);
            h.parts
                .iter()
                .zip(all)
                .filter(|((t, _), _)| *t == t2)
                .map(|(_, n)| n)
                .collect()
        });
        ctx.model.with(|m| {
            m.topic(&t2).map(|t: &TopicM| {
                t.parts
                    .iter()
                    .map(|p| {
                        let heat = load.get(p.p as usize).copied().unwrap_or(0);
                        (p.p, p.leo, heat, p.leader, p.isr.len(), p.replicas.len())
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let tiles = move || {
        let lang = ctx.lang.get();
        let d = data.get().unwrap_or_default();
        let max = d.iter().map(|x| x.2).max().unwrap_or(0);
        let total: u64 = d.iter().map(|x| x.2).sum();
        let mean = if d.is_empty() {
            0
        } else {
            total / d.len() as u64
        };
        d.into_iter()
            .map(|(p, leo, heat, leader, isr, reps)| {
                let hot = max > 0 && heat == max && heat >= mean.saturating_mul(2).max(1);
                let pct = (heat * 100).checked_div(max).unwrap_or(0);
                let topic = topic.clone();
                let t3 = topic.clone();
                let selected = Memo::new(move |_| {
                    ctx.sel.with(|s| matches!(s, Some(Sel::Partition { topic: t, partition }) if *t == t3 && *partition == p))
                });
                let leader = leader.map_or("-".to_string(), |l| format!("B{l}"));
                let detail = format!(
                    ": LEO {leo}, {} {leader}, ISR {isr}/{reps}, {heat} {}",
                    tx::LEADER.get(lang),
                    tx::PER_SEC.get(lang),
                );
                let head = format!("{} ", tx::PARTITION.get(lang));
                let tail = format!(" · {topic}");
                view! {
                    <button
                        type="button"
                        class="tile"
                        class:hot=hot
                        class:under=isr < reps
                        class:selected=move || selected.get()
                        on:click=move |_| ctx.sel.set(Some(Sel::Partition { topic: topic.clone(), partition: p }))
                    >
                        <span class="tile-p">
                            <span class="visually-hidden">{head}</span>
                            {p.to_string()}
                            <span class="visually-hidden">{tail}</span>
                        </span>
                        <span class="tile-n">
                            <span class="visually-hidden">{detail}</span>
                            " "
                            {leo.to_string()}
                        </span>
                        <span class="heatbar" aria-hidden="true">
                            <span class="heatfill" style:width=format!("{pct}%")></span>
                        </span>
                        {hot.then(|| view! { <span class="tile-hot">{tx::HOT.get(lang)}</span> })}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <p class="small muted">{move || ctx.t(tx::AGGREGATED)}</p>
        <div class="heat-grid">{tiles}</div>
    }
}

#[component]
fn PartitionCard(ctx: Ctx, topic: String, p: u32) -> impl IntoView {
    let t1 = topic.clone();
    let pm = Memo::new(move |_| ctx.model.with(|m| m.part(&t1, p).cloned()));
    let t2 = topic.clone();
    let lit = move || ctx.lit(|h| matches!(h, Highlight::Partition(t, q) if *t == t2 && *q == p));
    let t3 = topic.clone();
    let selected = Memo::new(move |_| {
        ctx.sel.with(|s| matches!(s, Some(Sel::Partition { topic: t, partition }) if *t == t3 && *partition == p))
    });
    let t4 = topic.clone();
    let label = move || format!("{} {p} · {t4}", ctx.t(tx::PARTITION));
    let title = move || format!("{} {p}", ctx.t(tx::PARTITION));
    let offsets = move || {
        pm.get().map(|x: PartM| {
            format!(
                "{} {} · {} {} · {} {}",
                ctx.t(tx::LSO),
                x.lso,
                ctx.t(tx::HW),
                x.hw,
                ctx.t(tx::LEO),
                x.leo
            )
        })
    };
    let leader = move || {
        pm.get().map(|x| match x.leader {
            Some(l) => format!(
                "{} B{l} · {} {}",
                ctx.t(tx::LEADER),
                ctx.t(tx::EPOCH),
                x.epoch
            ),
            None => ctx.t(tx::NO_LEADER).to_string(),
        })
    };
    let replicas = move || {
        pm.get()
            .map(|x| {
                let leo = x.leo.max(1);
                x.replicas
                    .iter()
                    .map(|r| {
                        let role = if r.leader { ctx.t(tx::LEADER) } else { ctx.t(tx::FOLLOWER) };
                        let isr = if r.in_sync { "ISR ✓" } else { "ISR ✗" };
                        let pct = (r.log_end_offset * 100).checked_div(leo).unwrap_or(0).min(100);
                        view! {
                            <span class="replica" class:leader=r.leader class:out=!r.in_sync>
                                <span class="rep-name">{format!("B{} {role} · {isr} · LEO {}", r.broker, r.log_end_offset)}</span>
                                <span class="repbar" aria-hidden="true">
                                    <span class="repfill" style:width=format!("{pct}%")></span>
                                </span>
                            </span>
                        }
                    })
                    .collect_view()
            })
    };
    let under = move || pm.with(|x| x.as_ref().is_some_and(|x| x.isr.len() < x.replicas.len()));
    let offline = move || pm.with(|x| x.as_ref().is_some_and(|x| x.leader.is_none()));
    let empty = move || pm.with(|x| x.as_ref().is_none_or(|x| x.tail.is_empty()));
    let earlier = move || {
        pm.with(|x| {
            x.as_ref().and_then(|x| {
                let first = x.tail.first()?.offset;
                let before = first.saturating_sub(x.lso);
                (before > 0).then_some(before)
            })
        })
    };
    let tail = move || pm.with(|x| x.as_ref().map(|x| x.tail.clone()).unwrap_or_default());
    let t5 = topic.clone();
    let list = move || {
        let t = t5.clone();
        view! {
            <ol class="log" aria-label=move || format!("{} · {} {p}", ctx.t(tx::RECORDS_LIST), ctx.t(tx::PARTITION))>
                <For
                    each=tail
                    key=|r| (r.offset, r.id)
                    children=move |r| view! { <RecordItem ctx topic=t.clone() p r hw=pm /> }
                />
            </ol>
        }
    };
    view! {
        <section
            class="partition"
            class:highlight=lit
            class:selected=move || selected.get()
            class:under=under
            class:offline=offline
            aria-label=label
        >
            <h4>
                <button
                    type="button"
                    class="link"
                    aria-pressed=move || selected.get().to_string()
                    on:click={
                        let topic = topic.clone();
                        move |_| ctx.sel.set(Some(Sel::Partition { topic: topic.clone(), partition: p }))
                    }
                >
                    {title}
                </button>
                <Show when=under>
                    <span class="badge warn">{move || ctx.t(tx::UNDER_REPLICATED)}</span>
                </Show>
            </h4>
            <p class="small">{leader}</p>
            <div class="replicas">{replicas}</div>
            <p class="small mono offsets">{offsets}</p>
            {move || earlier().map(|n| view! { <p class="small muted">{format!("… {n} {}", ctx.t(tx::EARLIER))}</p> })}
            <Show
                when=move || !empty()
                fallback=move || view! { <p class="empty">{move || ctx.t(tx::EMPTY_PARTITION)}</p> }
            >
                {list.clone()}
            </Show>
        </section>
    }
}

#[component]
fn RecordItem(ctx: Ctx, topic: String, p: u32, r: RecM, hw: Memo<Option<PartM>>) -> impl IntoView {
    let offset = r.offset;
    let above = move || hw.with(|x| x.as_ref().is_some_and(|x| offset >= x.hw));
    let t1 = topic.clone();
    let selected = Memo::new(move |_| {
        ctx.sel.with(|s| {
            matches!(s, Some(Sel::Record { topic: t, partition, offset: o }) if *t == t1 && *partition == p && *o == offset)
        })
    });
    // Set through the CSSOM (no style attribute), so a strict `style-src 'self'` allows it.
    let hue = r.hue().map(|h| h.to_string());
    let keyed = r.key.is_some();
    let key = r.key.clone();
    let headers = (!r.headers.is_empty()).then(|| {
        let h: Vec<String> = r.headers.iter().map(|(k, v)| format!("{k}={v}")).collect();
        h.join(", ")
    });
    let value = if r.tombstone {
        "∅ (tombstone)".to_string()
    } else {
        r.value.clone()
    };
    view! {
        <li class="rec" class:above-hw=above class:keyed=keyed style:--k=hue>
            <button
                type="button"
                class="rec-btn"
                aria-pressed=move || selected.get().to_string()
                on:click=move |_| ctx.sel.set(Some(Sel::Record { topic: topic.clone(), partition: p, offset }))
            >
                <span class="offset">{move || format!("{} {offset}", ctx.t(tx::OFFSET))}</span>
                <span class="key">{move || key.clone().unwrap_or_else(|| ctx.t(tx::NO_KEY).to_string())}</span>
                <span class="value">{value}</span>
                {headers.map(|h| view! { <span class="headers small">{h}</span> })}
            </button>
        </li>
    }
}

// ---- groups ---------------------------------------------------------------------------------

#[component]
fn Groups(ctx: Ctx) -> impl IntoView {
    let names = move || {
        ctx.model.with(|m| {
            m.groups
                .iter()
                .map(|g| g.name.to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="k-groups" aria-label=move || ctx.t(tx::GROUPS)>
            <h3>{move || ctx.t(tx::GROUPS)}</h3>
            <Show when=move || ctx.model.with(|m| m.groups.is_empty())>
                <p class="muted">{move || ctx.t(tx::NONE)}</p>
            </Show>
            <For each=names key=|n| n.clone() let:name>
                <GroupCard ctx name />
            </For>
        </section>
    }
}

#[component]
fn GroupCard(ctx: Ctx, name: String) -> impl IntoView {
    let n1 = name.clone();
    let gv = Memo::new(move |_| ctx.model.with(|m| m.group(&n1).cloned()));
    let n2 = name.clone();
    let lit = move || ctx.lit(|h| matches!(h, Highlight::ConsumerGroup(g) if *g == n2));
    let n3 = name.clone();
    let lag_lit = move || ctx.lit(|h| matches!(h, Highlight::Lag(g) if *g == n3));
    let head = move || {
        gv.get().map(|g: GroupView| {
            let strategy = g.strategy.map_or("-", |s| s.name());
            format!("{} {} · {strategy}", ctx.t(tx::GENERATION), g.generation)
        })
    };
    let total = move || gv.with(|g| g.as_ref().map_or(0, |g| g.total_lag()));
    let members = move || {
        gv.with(|g| {
            g.as_ref()
                .map(|g| {
                    g.members
                        .iter()
                        .map(|m| m.name.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let big = move || gv.with(|g| g.as_ref().is_some_and(|g| g.lag.len() > 12));
    let rows = move || {
        gv.get().map(|g| {
            g.lag
                .iter()
                .map(|l| {
                    view! {
                        <tr class:lagging={l.lag > 0}>
                            <td>{format!("{}-{}", l.topic, l.partition)}</td>
                            <td>{l.owner.as_ref().map_or("-".to_string(), |o| o.to_string())}</td>
                            <td>{l.committed.map_or("-".to_string(), |c| c.to_string())}</td>
                            <td>{l.high_watermark.to_string()}</td>
                            <td>{l.lag.to_string()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let table = move || {
        view! {
            <div class="table-wrap" tabindex="0" role="group" aria-label=move || ctx.t(tx::LAG)>
            <table class="lag-table">
                <caption>{move || ctx.t(tx::LAG)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || ctx.t(tx::PARTITION)}</th>
                        <th scope="col">{move || ctx.t(tx::OWNER)}</th>
                        <th scope="col">{move || ctx.t(tx::COMMITTED)}</th>
                        <th scope="col">{move || ctx.t(tx::HW)}</th>
                        <th scope="col">{move || ctx.t(tx::LAG)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        }
    };
    let gname = name.clone();
    view! {
        <section class="k-card group" class:highlight=lit aria-label=move || format!("{} {}", ctx.t(tx::GROUP), gname)>
            <h4>
                {move || ctx.t(tx::GROUP)} " " <code>{name.clone()}</code>
            </h4>
            <p class="small">
                {head} " · "
                <span class="lag-total" class:highlight=lag_lit>
                    {move || format!("{} {}", ctx.t(tx::TOTAL_LAG), total())}
                </span>
            </p>
            <div class="members">
                <For each=members key=|m| m.clone() let:member>
                    <MemberCard ctx group=name.clone() member gv />
                </For>
            </div>
            <Show
                when=big
                fallback=table
            >
                <details>
                    <summary>{move || ctx.t(tx::LAG)}</summary>
                    {table}
                </details>
            </Show>
        </section>
    }
}

#[component]
fn MemberCard(
    ctx: Ctx,
    group: String,
    member: String,
    gv: Memo<Option<GroupView>>,
) -> impl IntoView {
    let m1 = member.clone();
    let mv = Memo::new(move |_| {
        gv.with(|g| {
            g.as_ref()
                .and_then(|g| g.members.iter().find(|m| *m.name == *m1).cloned())
        })
    });
    let err = RwSignal::new(None::<Msg>);
    let (g1, m2) = (group.clone(), member.clone());
    let selected = Memo::new(move |_| {
        ctx.sel.with(
            |s| matches!(s, Some(Sel::Member { group: g, member: m }) if *g == g1 && *m == m2),
        )
    });
    let running = move || mv.with(|m| m.as_ref().is_some_and(|m| m.running));
    let assignment = move || {
        mv.get().map(|m: MemberView| {
            if m.assignment.is_empty() {
                return ctx.t(tx::IDLE).to_string();
            }
            let v: Vec<String> = m
                .assignment
                .iter()
                .map(|(t, p, pos)| match pos {
                    Some(o) => format!("{t}-{p} @{o}"),
                    None => format!("{t}-{p}"),
                })
                .collect();
            format!("{}: {}", ctx.t(tx::ASSIGNED), v.join(", "))
        })
    };
    let info = move || {
        mv.get().map(|m| {
            let mut s = format!("{} {}", ctx.t(tx::CONSUMED), m.consumed);
            if m.config.max_poll_records != ConsumerConfig::default().max_poll_records {
                s.push_str(&format!(
                    " · {} {} (max.poll.records)",
                    ctx.t(tx::MAX_POLL_RECORDS),
                    m.config.max_poll_records
                ));
            }
            if let Some(i) = &m.group_instance_id {
                s.push_str(&format!(" · group.instance.id={i}"));
            }
            if !m.running {
                s.push_str(&format!(" · {}", ctx.t(tx::CRASHED)));
            }
            s
        })
    };
    let label = {
        let member = member.clone();
        move |verb: lessons::Text| {
            let lang = ctx.lang.get();
            match lang {
                lessons::Lang::Ko => format!("{member} {}", verb.get(lang)),
                lessons::Lang::En => format!("{} {member}", verb.get(lang)),
            }
        }
    };
    let cmd = {
        let (group, member) = (group.clone(), member.clone());
        move |c: fn(String, String) -> Command| {
            ctx.act(c(group.clone(), member.clone()), err);
        }
    };
    let (l1, l2, l3, l4, l5, l6) = (
        label.clone(),
        label.clone(),
        label.clone(),
        label.clone(),
        label.clone(),
        label.clone(),
    );
    let (c1, c2, c3, c4, c5) = (
        cmd.clone(),
        cmd.clone(),
        cmd.clone(),
        cmd.clone(),
        cmd.clone(),
    );
    let slowed = move || {
        mv.with(|m| {
            m.as_ref().is_some_and(|m| {
                m.config.max_poll_records < ConsumerConfig::default().max_poll_records
            })
        })
    };
    let sel_value = Sel::Member {
        group: group.clone(),
        member: member.clone(),
    };
    // seek
    let seek_part = RwSignal::new(String::new());
    let seek_to = RwSignal::new("beginning".to_string());
    let seek_offset = RwSignal::new("0".to_string());
    let parts = move || {
        mv.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.assignment
                        .iter()
                        .map(|(t, p, _)| format!("{t}-{p}"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let do_seek = {
        let (group, member) = (group.clone(), member.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let chosen = seek_part.get_untracked();
            let chosen = if chosen.is_empty() {
                parts().first().cloned().unwrap_or_default()
            } else {
                chosen
            };
            let Some((topic, p)) = chosen.rsplit_once('-') else {
                err.set(Some(Msg::Sim(engine::sim::SimError::Kafka(
                    engine::kafka::Error::PartitionNotAssigned,
                ))));
                return;
            };
            let Ok(partition) = p.parse::<u32>() else {
                return;
            };
            let to = match seek_to.get_untracked().as_str() {
                "end" => SeekTo::End,
                "offset" => match seek_offset.get_untracked().trim().parse::<u64>() {
                    Ok(o) => SeekTo::Offset(o),
                    Err(_) => {
                        err.set(Some(Msg::Text(tx::BAD_NUMBER)));
                        return;
                    }
                },
                _ => SeekTo::Beginning,
            };
            ctx.act(
                Command::Seek {
                    group: group.clone(),
                    member: member.clone(),
                    topic: topic.to_string(),
                    partition,
                    to,
                },
                err,
            );
        }
    };
    let mname = member.clone();
    view! {
        <div class="k-card member" class:selected=selected class:stopped=move || !running()>
            <h5>
                <button
                    type="button"
                    class="link"
                    aria-pressed=move || selected.get().to_string()
                    on:click=move |_| ctx.sel.set(Some(sel_value.clone()))
                >
                    {mname}
                </button>
            </h5>
            <p class="small">{assignment}</p>
            <p class="small muted">{info}</p>
            <Show when=move || !ctx.stage.readonly && running()>
                <div class="k-actions">
                    <button type="button" aria-label={let l = l1.clone(); move || l(tx::POLL)} on:click={let c = c1.clone(); move |_| c(|group, member| Command::Poll { group, member })}>
                        {move || ctx.t(tx::POLL)}
                    </button>
                    <button type="button" aria-label={let l = l2.clone(); move || l(tx::COMMIT)} on:click={let c = c2.clone(); move |_| c(|group, member| Command::Commit { group, member })}>
                        {move || ctx.t(tx::COMMIT)}
                    </button>
                    <button type="button" aria-label={let l = l3.clone(); move || l(tx::LEAVE)} on:click={let c = c3.clone(); move |_| c(|group, member| Command::Leave { group, member })}>
                        {move || ctx.t(tx::LEAVE)}
                    </button>
                    <button
                        type="button"
                        aria-pressed=move || slowed().to_string()
                        aria-label={let l = l6.clone(); move || l(tx::SLOW_CONSUMER)}
                        on:click={let c = c5.clone(); move |_| {
                            if slowed() {
                                c(|group, member| Command::SlowConsumer { group, member, max_records_per_poll: None })
                            } else {
                                c(|group, member| Command::SlowConsumer { group, member, max_records_per_poll: Some(1) })
                            }
                        }}
                    >
                        {move || ctx.t(tx::SLOW_CONSUMER)}
                    </button>
                    <button type="button" class="danger" aria-label={let l = l4.clone(); move || l(tx::CRASH)} on:click={let c = c4.clone(); move |_| c(|group, member| Command::Crash { group, member })}>
                        {move || ctx.t(tx::CRASH)}
                    </button>
                </div>
                <details class="seek-box">
                <summary>{move || ctx.t(tx::SEEK)}</summary>
                <form class="seek" on:submit=do_seek.clone()>
                    <label>
                        <span>{move || ctx.t(tx::PARTITION)}</span>
                        <select on:change=move |ev| seek_part.set(event_target_value(&ev))>
                            {move || parts().into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{move || ctx.t(tx::SEEK_TO)}</span>
                        <select on:change=move |ev| seek_to.set(event_target_value(&ev))>
                            <option value="beginning">{move || ctx.t(tx::BEGINNING)}</option>
                            <option value="end">{move || ctx.t(tx::END)}</option>
                            <option value="offset">{move || ctx.t(tx::AT_OFFSET)}</option>
                        </select>
                    </label>
                    <Show when=move || seek_to.get() == "offset">
                        <label>
                            <span>{move || ctx.t(tx::SEEK_OFFSET)}</span>
                            <input type="text" inputmode="numeric" bind:value=seek_offset size="6" />
                        </label>
                    </Show>
                    <button type="submit" aria-label={let l = l5.clone(); move || l(tx::SEEK)}>{move || ctx.t(tx::SEEK)}</button>
                </form>
                </details>
            </Show>
            <ErrorLine ctx err />
        </div>
    }
}
