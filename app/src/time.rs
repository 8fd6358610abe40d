//! Time controls for the stage: play, pause, step, speed, undo, and a scrub bar over the whole
//! session with faults, recoveries, rebalances and losses marked on it.

use crate::stage::Stage;
use engine::timeline::Mark;
use leptos::prelude::*;
use lessons::Lang;
use lessons::Text;

pub const TIME: Text = Text::new("시간", "Time");
pub const PLAY: Text = Text::new("재생", "Play");
pub const PAUSE: Text = Text::new("일시 정지", "Pause");
pub const STEP: Text = Text::new("한 틱 진행", "Step");
pub const UNDO: Text = Text::new("되돌리기", "Undo");
pub const SPEED: Text = Text::new("속도", "Speed");
pub const TIMELINE: Text = Text::new("타임라인", "Timeline");

pub use crate::stage::clock::{SPEEDS, drive};

#[component]
pub fn TimeControls(lang: RwSignal<Lang>, stage: Stage) -> impl IntoView {
    let timeline = stage.timeline;
    let t = move |text: lessons::Text| text.get(lang.get());
    let position = move || timeline.with(|t| t.position());
    let len = move || timeline.with(|t| t.len());
    let step = move |_| {
        stage.playing.set(false);
        stage.tick(1);
    };
    let undo = move |_| {
        stage.undo();
    };
    // The bar's value is a moment, not only an input: `p - 1 + phase` shows input `p` that far
    // through its trips, so scrubbing slowly moves each token along its path.
    let scrub = move |ev: leptos::ev::Event| {
        if let Some(milli) = crate::stage::token::parse_milli(&event_target_value(&ev)) {
            let p = milli.div_ceil(1000) as usize;
            let phase = if p == 0 {
                1.0
            } else {
                (milli - (p as u64 - 1) * 1000) as f64 / 1000.0
            };
            stage.seek_to(p, phase);
        }
    };
    let moment = move || {
        let p = position() as u64;
        let phase = (stage.phase.get() * 1000.0) as u64;
        let milli = if p == 0 { 0 } else { (p - 1) * 1000 + phase };
        crate::stage::token::milli(milli as i64)
    };
    let marks = move || {
        timeline.with(|tl| {
            let len = tl.len().max(1) as u64;
            tl.marks()
                .iter()
                .map(|(at, mark)| {
                    // Hundredths of a percent, in integers: no float formatting in the wasm.
                    let bp = *at as u64 * 10_000 / len;
                    let x = format!("{}.{:02}%", bp / 100, bp % 100);
                    let class = match mark {
                        Mark::Fault => "mark fault",
                        Mark::Recovery => "mark recovery",
                        Mark::Rebalance => "mark rebalance",
                        Mark::Loss => "mark loss",
                    };
                    view! { <line class=class x1=x.clone() x2=x y1="0" y2="10" /> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="time-controls" role="group" aria-label=move || t(TIME)>
            <button
                type="button"
                aria-pressed=move || stage.playing.get().to_string()
                on:click=move |_| stage.playing.update(|p| *p = !*p)
            >
                {move || if stage.playing.get() { t(PAUSE) } else { t(PLAY) }}
            </button>
            <button type="button" on:click=step>{move || t(STEP)}</button>
            <button type="button" on:click=undo disabled=move || len() == 0>{move || t(UNDO)}</button>
            <label class="speed">
                <span>{move || t(SPEED)}</span>
                <select on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                        stage.speed.set(i.min(SPEEDS.len() - 1));
                    }
                }>
                    {SPEEDS
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            view! {
                                <option value=i.to_string() selected=move || stage.speed.get() == i>
                                    {s.label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="scrub">
                <svg class="marks" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                    {marks}
                </svg>
                <input
                    type="range"
                    min="0"
                    step="any"
                    max=move || len().to_string()
                    prop:value=moment
                    on:input=scrub
                    aria-label=move || t(TIMELINE)
                    aria-valuetext=move || format!("{} / {}", position(), len())
                />
            </div>
            <span class="clock" aria-hidden="true">{move || format!("{} / {}", position(), len())}</span>
        </div>
    }
}
