//! A session replayed in slices ([`engine::replay`]) builds exactly the timeline that applying
//! its inputs one by one builds: the same inputs, marks and state, whatever the slice size, with
//! an input of an hour of ticks run in parts and logged once; a refused input ends it with the
//! error applying it would give.

use engine::kafka::{Command as K, KeyStrategy, StreamSpec};
use engine::limits::Limit;
use engine::replay::{Replay, Slice};
use engine::sim::{Action, MAX_TICKS_PER_ACTION, Sim, SimError};
use engine::timeline::{Input, Timeline};

fn scene() -> Sim {
    let mut sim = Sim::new(7);
    sim.apply_all([Action::Kafka(K::CreateTopicWith {
        name: "orders".into(),
        partitions: 3,
        replication_factor: 3,
        configs: Vec::new(),
    })])
    .expect("a valid scene");
    sim
}

fn cmd(a: Action) -> Input<Action> {
    Input::Command(a)
}

/// A stream, a broker killed and restarted (marks on the timeline), long and short advances.
fn session() -> Vec<Input<Action>> {
    let mut s = vec![
        cmd(Action::Kafka(K::StartStream {
            spec: StreamSpec {
                topic: "orders".into(),
                rate: 500,
                keys: KeyStrategy::MatchId,
                consume: false,
            },
        })),
        Input::Tick,
        cmd(Action::Tick(250)),
        cmd(Action::Kafka(K::KillBroker { broker: 1 })),
        cmd(Action::Tick(1)),
        cmd(Action::Tick(0)),
        cmd(Action::Tick(400)),
        cmd(Action::Kafka(K::RestartBroker { broker: 1 })),
        cmd(Action::Kafka(K::StopStream)),
        cmd(Action::Tick(MAX_TICKS_PER_ACTION)),
    ];
    s.extend(std::iter::repeat_n(Input::Tick, 30));
    s
}

fn direct(inputs: &[Input<Action>]) -> Timeline<Sim> {
    let mut t = Timeline::new(scene(), 16);
    for input in inputs {
        match input {
            Input::Tick => {
                t.tick();
            }
            Input::Command(c) => {
                t.apply(c.clone()).expect("the session is valid");
            }
        }
    }
    t
}

fn sliced(inputs: Vec<Input<Action>>, budget: u64) -> (Timeline<Sim>, usize) {
    let mut replay = Replay::new(Timeline::new(scene(), 16), inputs);
    let mut slices = 0;
    let mut last = 0;
    loop {
        slices += 1;
        match replay.run(budget) {
            Slice::More(r) => {
                let (done, total) = r.progress();
                assert!(
                    done > last && done < total,
                    "progress moves: {done} of {total}"
                );
                last = done;
                replay = r;
            }
            Slice::Done(t) => return (t, slices),
            Slice::Refused(e, _) => panic!("refused: {e:?}"),
        }
    }
}

#[test]
fn a_sliced_replay_builds_the_timeline_applying_builds() {
    let want = direct(&session());
    assert!(!want.marks().is_empty(), "the kill and restart are marked");
    for budget in [1, 7, 64, 1_000, u64::MAX] {
        let (got, slices) = sliced(session(), budget);
        assert_eq!(
            got.inputs(),
            want.inputs(),
            "budget {budget}: inputs as shared"
        );
        assert_eq!(got.marks(), want.marks(), "budget {budget}: marks");
        assert_eq!(got.position(), want.position());
        assert_eq!(
            got.state().kafka.digest(),
            want.state().kafka.digest(),
            "budget {budget}"
        );
        assert_eq!(got.state().rabbit.digest(), want.state().rabbit.digest());
        if budget == 64 {
            // 36,000 ticks in one input are run in about 36,000 / 64 slices, not in one.
            assert!(slices > 36_000 / 64, "{slices} slices");
        }
    }
}

#[test]
fn progress_counts_ticks_and_ends_at_the_whole() {
    let replay = Replay::new(Timeline::new(scene(), 16), session());
    let (done, total) = replay.progress();
    assert_eq!(done, 0);
    // Six commands of at most one tick (Tick(0) and Tick(1) among them) count one each, the
    // three longer advances their ticks, and 31 single ticks one each.
    assert_eq!(total, 6 + 31 + 250 + 400 + u64::from(MAX_TICKS_PER_ACTION));
}

#[test]
fn a_refused_input_ends_the_replay_with_the_error_applying_gives() {
    // An advance over the per-action limit, after a valid start.
    let inputs = vec![Input::Tick, cmd(Action::Tick(MAX_TICKS_PER_ACTION + 1))];
    let mut t = Timeline::new(scene(), 16);
    t.tick();
    let want = t.apply(Action::Tick(MAX_TICKS_PER_ACTION + 1)).unwrap_err();
    let err = match Replay::new(Timeline::new(scene(), 16), inputs).run(u64::MAX) {
        Slice::Refused(e, got) => {
            assert_eq!(got.inputs(), t.inputs(), "the timeline as far as it got");
            e
        }
        _ => panic!("an advance over the limit is refused"),
    };
    assert_eq!(err, want);
    match err {
        SimError::OverLimit(o) => assert_eq!(o.limit, Limit::AdvanceLength),
        SimError::TooManyTicks { .. } => {}
        e => panic!("unexpected {e:?}"),
    }
    // A stream running too long in one advance is refused before any of its ticks run.
    let inputs = vec![
        cmd(Action::Kafka(K::StartStream {
            spec: StreamSpec {
                topic: "orders".into(),
                rate: 1,
                keys: KeyStrategy::MatchId,
                consume: false,
            },
        })),
        cmd(Action::Tick(MAX_TICKS_PER_ACTION)),
    ];
    match Replay::new(Timeline::new(scene(), 16), inputs).run(10) {
        Slice::Refused(SimError::OverLimit(o), _) => assert_eq!(o.limit, Limit::StreamTime),
        _ => panic!("the stream's time limit refuses the advance at once"),
    }
}
