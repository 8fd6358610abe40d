//! Side by side: one order workload through both brokers at once, to see a record that stays
//! (replay) next to a task that is done once acked (consume-once), with both views below.

use crate::stage::Stage;
use crate::{Shell, kafka, rabbit};
use engine::kafka::{Command as K, Record, SeekTo};
use engine::rabbit::{ChannelId, Command as R, PublishSpec};
use engine::sim::{Action, Sim};
use leptos::prelude::*;
use lessons::Text;

const TOPIC: &str = "orders";
const GROUP: &str = "fulfilment";
const MEMBER: &str = "f1";
const EXCHANGE: &str = "shop";
const QUEUE: &str = "orders";
/// The publishing channel of the compare scene (the consumer has channel 2).
const PUBLISH_CHANNEL: ChannelId = ChannelId(1);

const HEADING: Text = Text::new("같은 주문, 두 브로커", "The same orders, two brokers");
const INTRO: Text = Text::new(
    "주문 이벤트를 Kafka 토픽 orders와 RabbitMQ exchange shop에 똑같이 보냅니다. 양쪽 컨슈머가 다 처리한 뒤에도 Kafka는 기록을 남기고, RabbitMQ는 ack된 일을 지웁니다.",
    "Each order goes both to Kafka's `orders` topic and to RabbitMQ's `shop` exchange. After consumers on both sides have handled it, Kafka still keeps the record; RabbitMQ forgets the acked task.",
);
const SEND_BOTH: Text = Text::new("주문 하나를 양쪽에 보내기", "Send one order to both");
const PROCESS_KAFKA: Text = Text::new(
    "Kafka: fulfilment가 읽고 commit",
    "Kafka: fulfilment polls and commits",
);
const REPLAY_KAFKA: Text = Text::new("Kafka: 처음부터 다시 읽기", "Kafka: replay from the start");
const SUMMARY: Text = Text::new("지금 브로커에 남아 있는 것", "What each broker holds now");
const ROW_SENT: Text = Text::new("보낸 주문", "Orders sent");
const ROW_KEPT: Text = Text::new("브로커에 남은 메시지", "Messages still in the broker");
const ROW_DONE: Text = Text::new("처리 완료 (commit / ack)", "Processed (committed / acked)");
const ROW_REPLAY: Text = Text::new(
    "새 컨슈머가 지난 주문을 읽을 수 있나",
    "Can a new consumer read past orders?",
);
const YES: Text = Text::new(
    "예: offset 0부터 다시 읽으면 됩니다",
    "Yes: read again from offset 0",
);
const ONLY_UNACKED: Text = Text::new(
    "아직 ack되지 않은 것만 큐에 남아 있습니다",
    "Only what is not acked yet is still in the queue",
);
const NO: Text = Text::new(
    "아니요: ack된 메시지는 사라졌습니다",
    "No: acked messages are gone",
);

/// The starting scene: the compare lesson's, where ten orders already went through both.
pub fn scene() -> Sim {
    lessons::chunks::compare()
        .first()
        .and_then(|l| l.scene(0).ok())
        .unwrap_or_else(|| Sim::new(3001))
}

/// The whole sandbox page, scene included, in a wasm chunk of its own: the compare lesson it
/// starts from and the RabbitMQ side are not in the first load of other pages.
#[leptos::wasm_split::wasm_split(compare_sandbox, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn lazy_sandbox(link: crate::link::Link) -> crate::lazy::Loaded {
    // A shared session may compress on the Kafka side.
    engine::kafka::install_codecs();
    Ok(crate::sandbox(
        crate::link::Page::SideBySide,
        scene(),
        &link,
        |stage| crate::lazy::view(move || lazy_page(stage)),
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Summary {
    kafka_sent: u64,
    kafka_kept: u64,
    kafka_committed: u64,
    rabbit_sent: u64,
    rabbit_kept: u64,
    rabbit_acked: u64,
}

fn summary(sim: &Sim) -> Summary {
    let (kafka_sent, kafka_kept) = sim
        .kafka
        .partition_views(TOPIC)
        .map(|ps| {
            ps.iter().fold((0, 0), |(end, kept), p| {
                (end + p.log_end_offset, kept + p.records)
            })
        })
        .unwrap_or((0, 0));
    let kafka_committed = sim
        .kafka
        .group(GROUP)
        .map(|g| g.lag.iter().filter_map(|l| l.committed).sum())
        .unwrap_or(0);
    let q = sim.rabbit.queue(QUEUE);
    Summary {
        kafka_sent,
        kafka_kept,
        kafka_committed,
        rabbit_sent: q.as_ref().map(|q| q.stats.enqueued).unwrap_or(0),
        rabbit_kept: q.as_ref().map(|q| q.ready + q.unacked).unwrap_or(0),
        rabbit_acked: q.as_ref().map(|q| q.stats.acked).unwrap_or(0),
    }
}

/// The page, in a wasm chunk of its own (with the RabbitMQ view).
#[leptos::wasm_split::wasm_split(compare_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn lazy_page(stage: Stage) -> crate::lazy::Loaded {
    Ok(view! { <ComparePage stage /> }.into_any())
}

#[component]
fn ComparePage(stage: Stage) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let t = move |text: Text| text.get(lang.get());
    let summary = Memo::new(move |_| stage.with(summary));
    let send_both = move |_| {
        let n = summary.get_untracked().kafka_sent + 1;
        let order = format!("order-{n} placed");
        let _ = stage.act_all(&[
            Action::Kafka(K::Produce {
                topic: TOPIC.into(),
                record: Record::keyed(format!("order-{n}"), order.clone()),
            }),
            Action::Rabbit(R::Publish(
                PublishSpec::new(PUBLISH_CHANNEL, EXCHANGE, "order").body(order),
            )),
            Action::Tick(1),
        ]);
    };
    let process = move |_| {
        let _ = stage.act_all(&[
            Action::Kafka(K::Poll {
                group: GROUP.into(),
                member: MEMBER.into(),
            }),
            Action::Kafka(K::Commit {
                group: GROUP.into(),
                member: MEMBER.into(),
            }),
        ]);
    };
    let replay = move |_| {
        let _ = stage.act(Action::Kafka(K::Seek {
            group: GROUP.into(),
            member: MEMBER.into(),
            topic: TOPIC.into(),
            partition: 0,
            to: SeekTo::Beginning,
        }));
    };
    let cell = move |f: fn(&Summary) -> u64| move || f(&summary.get()).to_string();
    view! {
        <section class="compare" aria-labelledby="compare-h">
            <h2 id="compare-h">{move || t(HEADING)}</h2>
            <p>{move || crate::course::rich(t(INTRO))}</p>
            <div class="compare-actions">
                <button type="button" class="primary" on:click=send_both disabled=stage.readonly>
                    {move || t(SEND_BOTH)}
                </button>
                <button type="button" on:click=process disabled=stage.readonly>{move || t(PROCESS_KAFKA)}</button>
                <button type="button" on:click=replay disabled=stage.readonly>{move || t(REPLAY_KAFKA)}</button>
            </div>
            <table class="compare-table">
                <caption>{move || t(SUMMARY)}</caption>
                <thead>
                    <tr>
                        <td></td>
                        <th scope="col">"Kafka"</th>
                        <th scope="col">"RabbitMQ"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{move || t(ROW_SENT)}</th>
                        <td>{cell(|s| s.kafka_sent)}</td>
                        <td>{cell(|s| s.rabbit_sent)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{move || t(ROW_KEPT)}</th>
                        <td>{cell(|s| s.kafka_kept)}</td>
                        <td>{cell(|s| s.rabbit_kept)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{move || t(ROW_DONE)}</th>
                        <td>{cell(|s| s.kafka_committed)}</td>
                        <td>{cell(|s| s.rabbit_acked)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{move || t(ROW_REPLAY)}</th>
                        <td>{move || if summary.get().kafka_kept > 0 { t(YES) } else { t(NO) }}</td>
                        <td>
                            {move || if summary.get().rabbit_kept > 0 { t(ONLY_UNACKED) } else { t(NO) }}
                        </td>
                    </tr>
                </tbody>
            </table>
        </section>
        <div class="side-by-side">
            <kafka::KafkaView stage />
            {crate::lazy::view(move || rabbit::lazy_view(stage))}
        </div>
    }
}
