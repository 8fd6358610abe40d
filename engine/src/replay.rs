//! Replaying a recorded session onto a timeline in slices of bounded work, so a page can show
//! how far it is and stay responsive between slices. A session at the named limits is seconds
//! of work in the browser; one of its inputs alone can be an hour of ticks, so such an input is
//! itself run a slice at a time ([`Machine::ticks_in`]) and logged once, whole, as it was shared.
//!
//! The result is the timeline [`Timeline::apply`] and [`Timeline::tick`] would have built from
//! the same inputs: the same inputs, marks and state.

use crate::timeline::{Input, Machine, Mark, Timeline};

/// A replay under way. It owns the timeline until the last input is in, so nobody sees a state
/// in the middle of an input.
pub struct Replay<M: Machine> {
    timeline: Timeline<M>,
    inputs: std::vec::IntoIter<Input<M::Command>>,
    /// An input of many ticks, part of the way through.
    running: Option<Running<M::Command>>,
    done: u64,
    total: u64,
}

struct Running<C> {
    command: C,
    left: u32,
    marks: Vec<Mark>,
}

/// What a slice of a replay ended with.
pub enum Slice<M: Machine> {
    /// More to do: call [`Replay::run`] again.
    More(Replay<M>),
    /// Every input is in.
    Done(Timeline<M>),
    /// An input was refused (the error applying it directly gives), and the timeline as far as
    /// it got (the inputs before it); the replay is over.
    Refused(M::Error, Timeline<M>),
}

impl<M: Machine> Replay<M> {
    /// A replay of `inputs` onto `timeline`, at its current position.
    pub fn new(timeline: Timeline<M>, inputs: Vec<Input<M::Command>>) -> Self {
        let total = inputs.iter().map(cost::<M>).sum();
        Replay {
            timeline,
            inputs: inputs.into_iter(),
            running: None,
            done: 0,
            total,
        }
    }

    /// Work done and the whole, in units of one tick (a command that is not time passing counts
    /// as one).
    pub fn progress(&self) -> (u64, u64) {
        (self.done, self.total)
    }

    /// Replays about `budget` units of work (a command counts as one, however much it does: a
    /// single command is bounded by the named limits).
    pub fn run(mut self, budget: u64) -> Slice<M> {
        let mut spent = 0u64;
        while spent < budget {
            if let Some(r) = &mut self.running {
                let n = r
                    .left
                    .min(u32::try_from(budget - spent).unwrap_or(u32::MAX));
                let state = self.timeline.running();
                for _ in 0..n {
                    r.marks.extend(state.tick().iter().filter_map(M::mark));
                }
                r.left -= n;
                spent += u64::from(n);
                self.done += u64::from(n);
                if r.left == 0 {
                    let r = self.running.take().expect("running");
                    self.timeline.record_ran(r.command, r.marks);
                }
                continue;
            }
            let Some(input) = self.inputs.next() else {
                return Slice::Done(self.timeline);
            };
            match input {
                Input::Tick => {
                    self.timeline.tick();
                }
                Input::Command(c) => match M::ticks_in(&c) {
                    Some(n) if n > 1 => {
                        if let Err(e) = self.timeline.state().admit(&c) {
                            return Slice::Refused(e, self.timeline);
                        }
                        self.running = Some(Running {
                            command: c,
                            left: n,
                            marks: Vec::new(),
                        });
                        continue;
                    }
                    _ => {
                        if let Err(e) = self.timeline.apply(c) {
                            return Slice::Refused(e, self.timeline);
                        }
                    }
                },
            }
            spent += 1;
            self.done += 1;
        }
        if self.running.is_none() && self.inputs.len() == 0 {
            return Slice::Done(self.timeline);
        }
        Slice::More(self)
    }
}

fn cost<M: Machine>(input: &Input<M::Command>) -> u64 {
    match input {
        Input::Command(c) => M::ticks_in(c).filter(|&n| n > 1).map_or(1, u64::from),
        Input::Tick => 1,
    }
}
