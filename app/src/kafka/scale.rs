//! The steady stream's controls (rate, key strategy, topic, consumers reading along) and the
//! "World Cup at scale" preset: 1,000 matches into 48 partitions on 6 brokers, read by a group of
//! 12. The stream itself runs inside the engine ([`engine::kafka::StreamSpec`]), so a long run is
//! one input per tick on the timeline.

use super::text as tx;
use super::{Ctx, ErrorLine, Msg};
use engine::kafka::{Command, KeyStrategy, StreamSpec};
use engine::sim::Sim;
use engine::workload::world_cup;
use leptos::prelude::*;

fn id(k: KeyStrategy) -> &'static str {
    match k {
        KeyStrategy::MatchId => "match",
        KeyStrategy::NoKey => "none",
        KeyStrategy::HotKey => "hot",
        KeyStrategy::Salted => "salted",
        KeyStrategy::Compound => "compound",
    }
}

fn label(k: KeyStrategy) -> lessons::Text {
    match k {
        KeyStrategy::MatchId => tx::KP_MATCH,
        KeyStrategy::NoKey => tx::KP_NONE,
        KeyStrategy::HotKey => tx::KP_HOT,
        KeyStrategy::Salted => tx::KP_SALTED,
        KeyStrategy::Compound => tx::KP_COMPOUND,
    }
}

/// The stream form's fields (what the next start or retune asks for).
#[derive(Clone, Copy)]
pub struct Stream {
    pub rate: RwSignal<String>,
    pub keys: RwSignal<KeyStrategy>,
    pub topic: RwSignal<String>,
    pub consume: RwSignal<bool>,
}

impl Stream {
    pub fn new() -> Self {
        Stream {
            rate: RwSignal::new("20".to_string()),
            keys: RwSignal::new(KeyStrategy::MatchId),
            topic: RwSignal::new(super::SANDBOX_TOPIC.to_string()),
            consume: RwSignal::new(false),
        }
    }

    fn spec(&self) -> StreamSpec {
        StreamSpec {
            topic: self.topic.get_untracked(),
            // Not a number: 0, which the engine refuses with the allowed range.
            rate: self.rate.get_untracked().trim().parse().unwrap_or(0),
            keys: self.keys.get_untracked(),
            consume: self.consume.get_untracked(),
        }
    }
}

/// The preset's name in share links (`scene=worldcup`).
pub const WORLD_CUP_SCENE: &str = "worldcup";

/// The World Cup at scale with its stream running at 2,000 match events a second.
pub fn world_cup_scene() -> Sim {
    let mut sim = world_cup::scene();
    sim.apply(world_cup::stream(world_cup::RATE, KeyStrategy::MatchId))
        .expect("the World Cup stream is valid");
    sim
}

#[component]
pub fn ScalePanel(ctx: Ctx) -> impl IntoView {
    let s = ctx.stream;
    let err = RwSignal::new(None::<Msg>);
    let spec = Memo::new(move |_| {
        ctx.stage
            .with(|sim| sim.kafka.stream().map(|v| v.spec).filter(|s| s.rate > 0))
    });
    let running = Memo::new(move |_| spec.with(Option::is_some));
    // The form shows what runs (after a preset, a shared link, a scrub or an undo).
    Effect::new(move |_| {
        if let Some(sp) = spec.get() {
            s.topic.set(sp.topic);
            s.rate.set(sp.rate.to_string());
            s.keys.set(sp.keys);
            s.consume.set(sp.consume);
        }
    });
    // Starting again with the form's fields retunes a running stream in place.
    let start = move || ctx.act(Command::StartStream { spec: s.spec() }, err);
    let retune = move || {
        if running.get_untracked() {
            start();
        }
    };
    let toggle = move |ev| {
        if event_target_checked(&ev) {
            start();
        } else {
            ctx.act(Command::StopStream, err);
        }
    };
    let load = move |_| {
        ctx.reset(world_cup_scene(), Some(WORLD_CUP_SCENE.into()));
        err.set(None);
    };
    let topics = move || {
        ctx.model
            .with(|m| m.topics.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    };
    let status = move || {
        ctx.stage.with(|sim| {
            sim.kafka.stream().filter(|v| v.spec.rate > 0).map(|v| {
                let lang = ctx.lang.get();
                let mut line = tx::STREAM_SENT
                    .get(lang)
                    .replace("{n}", &v.sent.to_string());
                if v.held_back > 0 || v.blocked {
                    line.push_str(" · ");
                    line.push_str(
                        &tx::STREAM_HELD_BACK
                            .get(lang)
                            .replace("{n}", &v.held_back.to_string()),
                    );
                }
                line
            })
        })
    };
    // Per-match order as the consumers saw it: what keying by match keeps and the others lose.
    let order = move || {
        ctx.stage.with(|sim| {
            let v = sim.kafka.stream().filter(|v| v.read > 0)?;
            let lang = ctx.lang.get();
            if v.out_of_order == 0 {
                return Some(
                    tx::STREAM_ORDER_KEPT
                        .get(lang)
                        .replace("{read}", &v.read.to_string()),
                );
            }
            let pct = v.out_of_order as f64 * 100.0 / v.read as f64;
            let mut line = tx::STREAM_OUT_OF_ORDER
                .get(lang)
                .replace("{n}", &v.out_of_order.to_string())
                .replace("{read}", &v.read.to_string())
                .replace("{pct}", &format!("{pct:.1}"));
            if let Some(o) = v.last_out_of_order {
                line.push_str(" · ");
                line.push_str(
                    &tx::STREAM_OUT_OF_ORDER_LAST
                        .get(lang)
                        .replace("{key}", &o.key)
                        .replace("{seq}", &o.seq.to_string())
                        .replace("{after}", &o.after.to_string())
                        .replace("{topic}", &o.topic)
                        .replace("{partition}", &o.partition.to_string())
                        .replace("{offset}", &o.offset.to_string()),
                );
            }
            Some(line)
        })
    };
    view! {
        <div class="k-scale">
            <div class="form-row">
                <label class="check">
                    <input type="checkbox" prop:checked=running on:change=toggle />
                    <span>{move || ctx.t(tx::STREAM_ON)}</span>
                </label>
                <label>
                    <span>{move || ctx.t(tx::STREAM_TOPIC)}</span>
                    <select on:change=move |ev| {
                        s.topic.set(event_target_value(&ev));
                        retune();
                    }>
                        {move || {
                            let cur = s.topic.get();
                            topics()
                                .into_iter()
                                .map(|t| {
                                    let sel = t == cur;
                                    view! { <option value=t.clone() selected=sel>{t.clone()}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="narrow">
                    <span>{move || ctx.t(tx::RATE)}</span>
                    <input
                        type="text"
                        inputmode="numeric"
                        bind:value=s.rate
                        on:change=move |_| retune()
                        size="6"
                    />
                </label>
                <label>
                    <span>{move || ctx.t(tx::KEY_PATTERN)}</span>
                    <select on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = KeyStrategy::ALL.into_iter().find(|k| id(*k) == v) {
                            s.keys.set(k);
                            retune();
                        }
                    }>
                        {KeyStrategy::ALL
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=id(k) selected=move || s.keys.get() == k>
                                        {move || ctx.t(label(k))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        bind:checked=s.consume
                        on:change=move |_| retune()
                    />
                    <span>{move || ctx.t(tx::AUTO_CONSUME)}</span>
                </label>
            </div>
            <p class="small" aria-live="off">{status}</p>
            <p class="small k-order" aria-live="off">{order}</p>
            <h3>{move || ctx.t(tx::SCALE)}</h3>
            <p class="small">{move || ctx.t(tx::WORLD_CUP_ABOUT)}</p>
            <button type="button" on:click=load>{move || ctx.t(tx::WORLD_CUP)}</button>
            <ErrorLine ctx err />
        </div>
    }
}
