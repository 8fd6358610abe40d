//! The stage's clock: one animation loop that moves [`Stage::phase`] through the trips of the
//! current input, then on to the next input while playing, or while a learner's action is still
//! playing out ([`Stage::settling`]); it sleeps when nothing moves and while the page is off
//! screen.
//!
//! An input with trips lasts one *hop* per leg, long enough to follow a token (0.6 s at 1×);
//! a quiet input lasts one tick of simulated time (100 ms at 1×), so waiting is not slow.

use super::Stage;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A playback speed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Speed {
    pub label: &'static str,
    /// Real milliseconds a token takes for one hop.
    pub hop_ms: f64,
    /// Real milliseconds one quiet tick (100 simulated ms) takes.
    pub quiet_ms: f64,
}

/// From slow motion to fast; index 1 is the default (quiet time passes in real time).
pub const SPEEDS: [Speed; 5] = [
    Speed {
        label: "¼×",
        hop_ms: 2_000.0,
        quiet_ms: 400.0,
    },
    Speed {
        label: "1×",
        hop_ms: 600.0,
        quiet_ms: 100.0,
    },
    Speed {
        label: "4×",
        hop_ms: 150.0,
        quiet_ms: 25.0,
    },
    Speed {
        label: "16×",
        hop_ms: 40.0,
        quiet_ms: 6.25,
    },
    Speed {
        label: "64×",
        hop_ms: 10.0,
        quiet_ms: 1.5,
    },
];

/// A plan with more paths than this is a stream at scale: its tokens move in one quiet tick.
pub const BULK_TRIPS: usize = 96;
/// At most this many inputs are applied per frame (fast speeds over quiet time).
const MAX_INPUTS_PER_FRAME: usize = 16;
/// A learner's action plays out over at most this many ticks (a producer's linger, the copies,
/// the ack); past it, time stops anyway.
const MAX_SETTLE_TICKS: u32 = 40;
/// A frame longer than this (a background tab, a debugger) counts as this long.
const MAX_FRAME_MS: f64 = 100.0;

/// Whether the learner asked for reduced motion (tokens then appear at their destination).
pub fn reduced_motion() -> bool {
    thread_local! {
        static REDUCED: bool = web_sys::window()
            .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
            .is_some_and(|m| m.matches());
    }
    REDUCED.with(|r| *r)
}

/// How long the current input lasts at `speed`, in real milliseconds.
pub fn duration_ms(plan: &super::trips::Plan, speed: Speed) -> f64 {
    if plan.moves() && plan.trips.len() <= BULK_TRIPS {
        (plan.legs as f64 * speed.hop_ms).max(speed.quiet_ms)
    } else {
        speed.quiet_ms
    }
}

/// Whether the simulation still has consequences under way that a tick would play out.
fn unsettled(stage: Stage) -> bool {
    stage.plan.with_untracked(|p| p.moves())
        || stage.with_untracked(|s| s.kafka.producers().iter().any(|p| p.buffered_records > 0))
}

/// Runs the clock of `stage` for as long as the calling component lives.
pub fn drive(stage: Stage) {
    let shell = expect_context::<crate::Shell>();
    if shell.autoplay {
        stage.playing.set(true);
    }
    let state = Rc::new(RefCell::new(Loop::default()));
    let alive: Alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    // Wake the loop whenever there is something to move.
    Effect::new(move |_| {
        let wanted = (stage.playing.get() || stage.settling.get() || stage.phase.get() < 1.0)
            && shell.on_screen.get();
        if wanted && alive.load(Ordering::Relaxed) {
            start(stage, shell.on_screen, state.clone(), alive.clone());
        }
    });
}

#[derive(Default)]
struct Loop {
    running: bool,
    last_ms: Option<f64>,
    settle_ticks: u32,
    _frame: Option<gloo::render::AnimationFrame>,
}

/// False once the component that drives the clock is gone.
type Alive = Arc<AtomicBool>;

fn start(stage: Stage, on_screen: RwSignal<bool>, state: Rc<RefCell<Loop>>, alive: Alive) {
    {
        let mut s = state.borrow_mut();
        if s.running {
            return;
        }
        s.running = true;
        s.last_ms = None;
        s.settle_ticks = 0;
    }
    request(stage, on_screen, state, alive);
}

fn request(stage: Stage, on_screen: RwSignal<bool>, state: Rc<RefCell<Loop>>, alive: Alive) {
    let next = state.clone();
    let frame = gloo::render::request_animation_frame(move |now| {
        if !alive.load(Ordering::Relaxed) {
            return;
        }
        if on_screen.get_untracked() && frame(stage, &next, now) {
            request(stage, on_screen, next, alive);
        } else {
            next.borrow_mut().running = false;
        }
    });
    state.borrow_mut()._frame = Some(frame);
}

/// One animation frame; returns whether another is wanted.
fn frame(stage: Stage, state: &Rc<RefCell<Loop>>, now: f64) -> bool {
    let dt = {
        let mut s = state.borrow_mut();
        let dt = s
            .last_ms
            .map_or(0.0, |l| (now - l).clamp(0.0, MAX_FRAME_MS));
        s.last_ms = Some(now);
        dt
    };
    let speed = SPEEDS[stage.speed.get_untracked().min(SPEEDS.len() - 1)];
    let mut phase = stage.phase.get_untracked();
    let mut budget = dt;
    let mut inputs = 0;
    loop {
        let length = stage.plan.with_untracked(|p| duration_ms(p, speed));
        let left = (1.0 - phase) * length;
        if budget < left {
            phase += budget / length;
            break;
        }
        budget -= left;
        phase = 1.0;
        let playing = stage.playing.get_untracked();
        let settling = stage.settling.get_untracked();
        let more = if playing {
            true
        } else if settling {
            let mut s = state.borrow_mut();
            s.settle_ticks += 1;
            unsettled(stage) && s.settle_ticks <= MAX_SETTLE_TICKS
        } else {
            false
        };
        if !more {
            if settling {
                stage.settling.set(false);
            }
            break;
        }
        if inputs == MAX_INPUTS_PER_FRAME {
            break;
        }
        // On to the next input: the recorded one after a scrub, else a new tick.
        stage.tick(1);
        inputs += 1;
        phase = 0.0;
    }
    stage.phase.set(phase);
    stage.playing.get_untracked() || stage.settling.get_untracked() || phase < 1.0
}
