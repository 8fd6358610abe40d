//! Opening a share link replays its session on the sandbox's stage. A session at the named
//! limits is seconds of engine work in the browser, so the replay runs in slices: the first at
//! once (a short link is simply there), the rest one slice per frame, with a progress bar, a way
//! to stop, and a page that stays responsive. The stage takes the replayed timeline only when
//! the last input is in; a refused input leaves it at its clean scene, with the reason.

use crate::share::{self, ShareError};
use crate::stage::Stage;
use engine::replay::{Replay, Slice};
use engine::sim::{Sim, SimError};
use leptos::prelude::*;
use lessons::Text;

const REPLAYING: Text = Text::new("공유된 세션을 재생하는 중", "Replaying the shared session");
const STOP: Text = Text::new("재생 멈추기", "Stop replaying");
const STOPPED: Text = Text::new(
    "공유된 세션을 재생하지 않았습니다. 처음 장면에서 시작합니다.",
    "The shared session was not replayed: this is the clean scene.",
);

/// Work the first slice may take before the page shows (a link that fits is just there).
const FIRST_SLICE_MS: f64 = 50.0;
/// Work per frame afterwards, leaving the rest of the frame to the page.
const SLICE_MS: f64 = 10.0;
/// Units between two looks at the clock: a tick while a stream runs at the highest rate is a
/// hundred steps of 1 ms and 2,000 records, a few milliseconds of work.
const UNITS: u64 = 1;

/// A replay's state, for the view.
#[derive(Clone, Copy)]
pub struct Replaying {
    /// `(done, total)` while it runs (after the first slice), `None` before and after.
    pub progress: RwSignal<Option<(u64, u64)>>,
    /// Why the link was refused, once it was.
    pub problem: RwSignal<Option<ShareError>>,
    pub stopped: RwSignal<bool>,
}

impl Replaying {
    /// Whether the stage still waits for the replay.
    pub fn busy(&self) -> bool {
        self.progress.get().is_some()
    }
}

/// Decodes `scenario` and replays it on `stage`: the first slice now, the rest between frames.
/// The stage does not play meanwhile; it plays afterwards if it did before.
pub fn start(stage: Stage, scenario: &str) -> Replaying {
    let state = Replaying {
        progress: RwSignal::new(None),
        problem: RwSignal::new(None),
        stopped: RwSignal::new(false),
    };
    match share::decode_session(scenario) {
        Ok(inputs) => {
            let resume = stage.playing.get_untracked();
            stage.playing.set(false);
            let replay = Replay::new(stage.timeline.get_untracked(), inputs);
            slice(stage, state, replay, resume, FIRST_SLICE_MS);
        }
        Err(e) => state.problem.set(Some(e)),
    }
    state
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

fn slice(stage: Stage, state: Replaying, mut replay: Replay<Sim>, resume: bool, ms: f64) {
    let began = now();
    loop {
        match replay.run(UNITS) {
            Slice::More(r) => replay = r,
            Slice::Done(timeline) => {
                let _ = state.progress.try_set(None);
                let _ = stage.timeline.try_set(timeline);
                let _ = stage.playing.try_set(resume);
                return;
            }
            Slice::Refused(e, _) => {
                let _ = state.problem.try_set(Some(refusal(e)));
                let _ = state.progress.try_set(None);
                return;
            }
        }
        if now() - began >= ms {
            break;
        }
    }
    if state.progress.try_set(Some(replay.progress())).is_some() {
        return; // The page is gone.
    }
    request_animation_frame(move || {
        if state.stopped.try_get_untracked() == Some(false) {
            slice(stage, state, replay, resume, SLICE_MS);
        }
    });
}

fn refusal(e: SimError) -> ShareError {
    match e {
        SimError::OverLimit(o) => ShareError::OverLimit(o),
        _ => ShareError::Corrupt,
    }
}

/// The progress bar and the stop button while a replay runs; a note once stopped.
#[component]
pub fn Progress(state: Replaying) -> impl IntoView {
    let lang = expect_context::<crate::Shell>().lang;
    let t = move |text: Text| text.get(lang.get());
    let percent = move || {
        state
            .progress
            .get()
            .map_or(0, |(done, total)| done * 100 / total.max(1))
    };
    let stop = move |_| {
        state.stopped.set(true);
        state.progress.set(None);
    };
    view! {
        <Show when=move || state.busy()>
            <div class="replay-progress" role="group" aria-label=move || t(REPLAYING)>
                <label>
                    <span>{move || t(REPLAYING)}</span>
                    <progress
                        max="100"
                        value=move || percent().to_string()
                        aria-label=move || t(REPLAYING)
                    ></progress>
                    <span aria-hidden="true">{move || format!("{} %", percent())}</span>
                </label>
                <button type="button" on:click=stop>{move || t(STOP)}</button>
            </div>
        </Show>
        <Show when=move || state.stopped.get()>
            <p class="replay-stopped" role="status">{move || t(STOPPED)}</p>
        </Show>
    }
}
