//! The event broker view (Kafka): the cluster as the learner sees it, its controls, the
//! inspector that explains why, and its charts. (Today: one topic's partitions and a producer
//! form; the full view replaces this.)

use crate::i18n;
use engine::kafka::{Cluster, Command, Event, Record};
use leptos::prelude::*;
use lessons::Lang;

const TOPIC_NAME: &str = "orders";

#[component]
pub fn TopicSlice(lang: RwSignal<Lang>) -> impl IntoView {
    let cluster = RwSignal::new({
        let mut c = Cluster::new();
        c.apply(Command::CreateTopic {
            name: TOPIC_NAME.into(),
            partitions: 3,
        })
        .expect("the starting topic is valid");
        c
    });
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<lessons::Text>);
    let last = RwSignal::new(None::<(u32, u64)>);
    let t = move |text: lessons::Text| text.get(lang.get());

    let produce = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = value.get_untracked();
        if v.is_empty() {
            error.set(Some(i18n::VALUE_REQUIRED));
            return;
        }
        let k = key.get_untracked();
        let record = Record {
            key: (!k.is_empty()).then(|| k.into_bytes()),
            value: Some(v.into_bytes()),
            ..Record::default()
        };
        let result = cluster.try_update(|c| {
            // send, then flush (linger.ms would otherwise hold the batch for 5 ms)
            let mut events = c.apply(Command::Produce {
                topic: TOPIC_NAME.into(),
                record,
            })?;
            events.extend(c.apply(Command::Flush { producer: None })?);
            Ok::<_, engine::kafka::Error>(events)
        });
        match result {
            Some(Ok(events)) => {
                error.set(None);
                value.set(String::new());
                for e in events {
                    if let Event::Appended {
                        partition, offset, ..
                    } = e
                    {
                        last.set(Some((partition, offset)));
                    }
                }
            }
            Some(Err(_)) | None => error.set(Some(i18n::VALUE_REQUIRED)),
        }
    };

    let partitions = move || {
        cluster.with(|c| {
            c.partitions(TOPIC_NAME)
                .map(|ps| ps.to_vec())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="producer" aria-labelledby="producer-h">
            <h2 id="producer-h">{move || t(i18n::PRODUCER)}</h2>
            <form on:submit=produce>
                <label>
                    <span>{move || t(i18n::KEY)}</span>
                    <input type="text" bind:value=key autocomplete="off" />
                </label>
                <label>
                    <span>{move || t(i18n::VALUE)}</span>
                    <input type="text" bind:value=value autocomplete="off" />
                </label>
                <button type="submit">{move || t(i18n::PRODUCE)}</button>
            </form>
            <p class="error" role="alert">{move || error.get().map(t)}</p>
        </section>
        <section class="topic" aria-labelledby="topic-h">
            <h2 id="topic-h">{move || t(i18n::TOPIC)} " " <code>{TOPIC_NAME}</code></h2>
            <div class="partitions">
                {move || {
                    partitions()
                        .into_iter()
                        .enumerate()
                        .map(|(i, records)| {
                            let heading = format!("{} {}", t(i18n::PARTITION), i);
                            let label = heading.clone();
                            let fresh = move |o: u64| last.get() == Some((i as u32, o));
                            view! {
                                <section class="partition" aria-label=label>
                                    <h3>{heading}</h3>
                                    {if records.is_empty() {
                                        view! { <p class="empty">{t(i18n::EMPTY_PARTITION)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ol class="log">
                                                {records
                                                    .into_iter()
                                                    .map(|r| {
                                                        let key = r.record.key.as_ref().map(|k| String::from_utf8_lossy(k).into_owned());
                                                        let value = String::from_utf8_lossy(&r.record.value).into_owned();
                                                        view! {
                                                            <li class:fresh=fresh(r.offset)>
                                                                <span class="offset">{format!("{} {}", t(i18n::OFFSET), r.offset)}</span>
                                                                <span class="key">{key.unwrap_or_else(|| t(i18n::NO_KEY).to_string())}</span>
                                                                <span class="value">{value}</span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ol>
                                        }.into_any()
                                    }}
                                </section>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </section>
    }
}
