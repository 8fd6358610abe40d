//! The event broker view (Kafka): the cluster as the learner sees it, its controls, the
//! inspector that explains why, and its charts. (Today: one topic's partitions and a producer
//! form; the full view replaces this.)

use crate::Shell;
use crate::i18n;
use crate::stage::Stage;
use engine::kafka::{Command, Record};
use engine::sim::{Action, Sim};
use leptos::prelude::*;

const TOPIC_NAME: &str = "orders";

/// The Kafka sandbox's starting scene: three brokers and a topic of three partitions.
pub fn sandbox() -> Sim {
    let mut sim = Sim::new(1);
    sim.apply(Action::Kafka(Command::CreateTopic {
        name: TOPIC_NAME.into(),
        partitions: 3,
    }))
    .expect("the starting topic is valid");
    sim
}

#[component]
pub fn KafkaView(stage: Stage) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<lessons::Text>);
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
        let sent = stage.act(Action::Kafka(Command::Produce {
            topic: TOPIC_NAME.into(),
            record,
        }));
        // Ship the batch now rather than after linger.ms.
        let flushed =
            sent.and_then(|_| stage.act(Action::Kafka(Command::Flush { producer: None })));
        match flushed {
            Ok(_) => {
                error.set(None);
                value.set(String::new());
            }
            Err(_) => error.set(Some(i18n::VALUE_REQUIRED)),
        }
    };

    let partitions = move || {
        stage.with(|sim| {
            sim.kafka
                .partitions(TOPIC_NAME)
                .unwrap_or_default()
                .into_iter()
                .map(|records| {
                    records
                        .into_iter()
                        .map(|r| {
                            (
                                r.offset,
                                r.record
                                    .key
                                    .map(|k| String::from_utf8_lossy(&k).into_owned()),
                                String::from_utf8_lossy(&r.record.value).into_owned(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
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
                                                    .map(|(offset, key, value)| {
                                                        view! {
                                                            <li>
                                                                <span class="offset">{format!("{} {}", t(i18n::OFFSET), offset)}</span>
                                                                <span class="key">{key.unwrap_or_else(|| t(i18n::NO_KEY).to_string())}</span>
                                                                <span class="value">{value}</span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ol>
                                        }
                                            .into_any()
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
