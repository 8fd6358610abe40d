//! Memory stays bounded on a long stream: the World Cup at 2,000 records/s on a timeline (as the
//! playground keeps every session), with retention removing records and snapshots taken all
//! along. Heap bytes are counted by a wrapping global allocator (this test binary only).

use engine::kafka::KeyStrategy;
use engine::timeline::Timeline;
use engine::workload::world_cup;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

const MIB: usize = 1 << 20;

#[test]
fn a_long_world_cup_stream_on_a_timeline_stays_bounded() {
    let mut sim = world_cup::scene();
    sim.apply(world_cup::stream(world_cup::RATE, KeyStrategy::MatchId))
        .unwrap();
    let mut timeline = Timeline::new(sim, 64);
    let mut after_first_minutes = 0;
    // Three simulated minutes: retention (30 s) has removed most records by then.
    for minute in 1..=3 {
        for _ in 0..600 {
            timeline.tick();
        }
        if minute == 1 {
            after_first_minutes = LIVE.load(Relaxed);
        }
    }
    let kafka = &timeline.state().kafka;
    let audit = kafka.audit().expect("every record accounted for");
    assert_eq!(audit.produced, 3 * 60 * 2_000, "the stream kept its rate");
    assert!(audit.removed_by_retention > audit.produced / 2, "{audit:?}");
    let (live, peak) = (LIVE.load(Relaxed), PEAK.load(Relaxed));
    // Native 64-bit sizes; the wasm build is smaller. Measured: about 22 MiB live, 25 MiB peak.
    assert!(peak < 40 * MIB, "peak {} MiB", peak / MIB);
    // Minutes two and three added nothing that stays: the history forgot its front.
    assert!(
        live < after_first_minutes + 8 * MIB,
        "live {} MiB",
        live / MIB
    );
    assert!(timeline.forgotten() > 0);
    // What is still on the timeline replays exactly.
    let end = kafka.digest();
    timeline.seek(0);
    timeline.seek(timeline.len());
    assert_eq!(timeline.state().kafka.digest(), end);
}
