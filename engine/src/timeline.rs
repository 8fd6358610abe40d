//! Time travel for any deterministic machine: an input log plus periodic snapshots, so the UI can
//! scrub back and forth over a whole session, undo, and share a run as its inputs.
//!
//! Seeking restores the nearest snapshot at or before the target and replays the inputs after
//! it; determinism of the machine makes the replayed state identical to the original one.

/// A state machine the timeline can drive: the Kafka cluster, the RabbitMQ broker, or both.
pub trait Machine: Clone {
    type Command: Clone;
    type Event;
    type Error;

    /// Validates and applies one command; on error the state is untouched unless
    /// [`Machine::changed_by_refusal`] says otherwise.
    fn apply(&mut self, command: Self::Command) -> Result<Vec<Self::Event>, Self::Error>;

    /// Whether the command just refused with `error` changed the state all the same (RabbitMQ
    /// closes the channel of a refused command). Such inputs enter the log, so replay
    /// reproduces them (refused again, with the same effect).
    fn changed_by_refusal(&self, error: &Self::Error) -> bool {
        let _ = error;
        false
    }

    /// Advances logical time by one tick.
    fn tick(&mut self) -> Vec<Self::Event>;

    /// How many ticks `command` is, when all it does is let time pass: applying it must be
    /// exactly [`Machine::admit`] and then that many [`Machine::tick`]s, so a replay may run it a
    /// slice at a time ([`crate::replay`]). `None` (the default) for any other command.
    fn ticks_in(command: &Self::Command) -> Option<u32> {
        let _ = command;
        None
    }

    /// The checks [`Machine::apply`] makes before it changes anything, for a command
    /// [`Machine::ticks_in`] names (the default admits everything).
    fn admit(&self, command: &Self::Command) -> Result<(), Self::Error> {
        let _ = command;
        Ok(())
    }

    /// What keeping this state as a snapshot costs in memory while `later` (a later state of the
    /// same session) is kept too: bytes of data only this state still holds (records retention
    /// has since removed), plus whatever a clone copies rather than shares. An estimate; 0 (the
    /// default) means snapshots are free.
    fn unshared_bytes(&self, later: &Self) -> u64 {
        let _ = later;
        0
    }

    /// Whether an event deserves a mark on the timeline (a fault, a rebalance ...).
    fn mark(event: &Self::Event) -> Option<Mark> {
        let _ = event;
        None
    }
}

/// What a timeline mark stands for; the app draws and names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// A fault the learner injected or the system suffered (broker killed, consumer crashed).
    Fault,
    /// Recovery from a fault (broker restarted, new leader elected).
    Recovery,
    /// A consumer group reassigned its partitions.
    Rebalance,
    /// A message was dead-lettered or lost.
    Loss,
}

/// One input: accepted, or refused with an effect ([`Machine::changed_by_refusal`]); replay
/// gives the same outcome for each. Refusals that changed nothing never enter the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input<C> {
    Command(C),
    Tick,
}

/// Upper bound on stored snapshots; past it, every other one is dropped and the spacing doubles,
/// so memory stays bounded however long the session runs.
pub const MAX_SNAPSHOTS: usize = 128;

/// How many inputs stay scrubbable by default. Older ones are forgotten (the session then starts
/// at a later snapshot), because every snapshot keeps the records of its time alive, whatever
/// retention has since removed from the live state.
pub const DEFAULT_HISTORY: usize = 150_000;

/// What the snapshots may cost beyond the live state by default (see
/// [`Machine::unshared_bytes`]). Past it, the session forgets its front: a long stream whose
/// retention keeps removing records stays scrubbable over its latest stretch, in bounded memory.
pub const DEFAULT_SNAPSHOT_BUDGET: u64 = 8 << 20;

#[derive(Clone, Debug)]
pub struct Timeline<M: Machine> {
    inputs: Vec<Input<M::Command>>,
    /// `(position, state after that many inputs)`, ascending; always holds position 0.
    snapshots: Vec<(usize, M)>,
    spacing: usize,
    history: usize,
    snapshot_budget: u64,
    /// Inputs forgotten from the front of the session.
    forgotten: usize,
    marks: Vec<(usize, Mark)>,
    position: usize,
    current: M,
    /// [`Machine::unshared_bytes`] of two snapshots, by their positions: snapshots never change,
    /// so a pair is measured once, not at every snapshot taken (which walked every pair of up to
    /// [`MAX_SNAPSHOTS`] states over all their partitions, a fifth of a wide session's replay).
    pair_costs: std::collections::BTreeMap<(usize, usize), u64>,
}

impl<M: Machine> Timeline<M> {
    /// A timeline starting at `initial`, snapshotting every `spacing` inputs (at least 1).
    pub fn new(initial: M, spacing: usize) -> Self {
        Timeline {
            inputs: Vec::new(),
            snapshots: vec![(0, initial.clone())],
            spacing: spacing.max(1),
            history: DEFAULT_HISTORY,
            snapshot_budget: DEFAULT_SNAPSHOT_BUDGET,
            forgotten: 0,
            marks: Vec::new(),
            position: 0,
            current: initial,
            pair_costs: Default::default(),
        }
    }

    /// Keeps at least `inputs` inputs scrubbable (at most twice as many are kept).
    pub fn with_history(mut self, inputs: usize) -> Self {
        self.history = inputs.max(1);
        self
    }

    /// Lets the snapshots cost at most `bytes` beyond the live state.
    pub fn with_snapshot_budget(mut self, bytes: u64) -> Self {
        self.snapshot_budget = bytes;
        self
    }

    /// How many inputs were forgotten from the front of a long session.
    pub fn forgotten(&self) -> usize {
        self.forgotten
    }

    /// The state at the current position.
    pub fn state(&self) -> &M {
        &self.current
    }

    /// How many inputs are applied at the current position.
    pub fn position(&self) -> usize {
        self.position
    }

    /// How many inputs the session holds (the end of the scrub bar).
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The accepted inputs, for sharing a run.
    pub fn inputs(&self) -> &[Input<M::Command>] {
        &self.inputs
    }

    /// Marks at or before the end, as `(position, mark)`.
    pub fn marks(&self) -> &[(usize, Mark)] {
        &self.marks
    }

    /// Applies a command at the current position. If the learner had scrubbed back, the future
    /// after this point is discarded first (a new branch), as in any editor's undo history.
    pub fn apply(&mut self, command: M::Command) -> Result<Vec<M::Event>, M::Error> {
        match self.current.apply(command.clone()) {
            Ok(events) => {
                self.record(Input::Command(command), &events);
                Ok(events)
            }
            Err(e) => {
                if self.current.changed_by_refusal(&e) {
                    self.record(Input::Command(command), &[]);
                }
                Err(e)
            }
        }
    }

    /// Advances one tick at the current position (also discarding any future).
    pub fn tick(&mut self) -> Vec<M::Event> {
        let events = self.current.tick();
        self.record(Input::Tick, &events);
        events
    }

    fn record(&mut self, input: Input<M::Command>, events: &[M::Event]) {
        self.record_marked(input, events.iter().filter_map(M::mark));
    }

    /// The state to run a command on in parts ([`crate::replay`]): the future is discarded
    /// first, and the command is logged by [`Timeline::record_ran`] once it has run.
    pub(crate) fn running(&mut self) -> &mut M {
        self.truncate_future();
        &mut self.current
    }

    /// Logs a command that [`Timeline::running`]'s state has run, with the marks of its events.
    pub(crate) fn record_ran(&mut self, command: M::Command, marks: Vec<Mark>) {
        self.record_marked(Input::Command(command), marks);
    }

    fn record_marked(&mut self, input: Input<M::Command>, marks: impl IntoIterator<Item = Mark>) {
        self.truncate_future();
        self.inputs.push(input);
        self.position += 1;
        let at = self.position;
        self.marks.extend(marks.into_iter().map(|m| (at, m)));
        if self.position.is_multiple_of(self.spacing) {
            self.snapshots.push((self.position, self.current.clone()));
            self.thin_snapshots();
            self.bound_memory();
        }
        if self.inputs.len() > 2 * self.history {
            let keep_from = self.inputs.len() - self.history;
            self.forget_front(keep_from);
        }
    }

    /// Keeps the snapshots within the budget. When copies of the state are what costs, fewer
    /// snapshots (twice the spacing) help; when the cost is data only old snapshots still hold
    /// (a stream under retention), only forgetting the front does.
    fn bound_memory(&mut self) {
        while self.snapshots.len() > 2 {
            let all: Vec<usize> = (0..self.snapshots.len()).collect();
            let cost = self.cost_of(&all);
            if cost <= self.snapshot_budget {
                break;
            }
            let wider = 2 * self.spacing;
            let thinned: Vec<usize> = all
                .into_iter()
                .filter(|&i| self.snapshots[i].0.is_multiple_of(wider))
                .collect();
            if thinned.len() >= 2 && self.cost_of(&thinned) * 4 <= cost * 3 {
                self.spacing = wider;
                self.snapshots.retain(|(at, _)| at.is_multiple_of(wider));
            } else {
                let next = self.snapshots[1].0;
                self.forget_front(next);
            }
        }
    }

    /// What keeping the snapshots at `indices` (ascending) costs beside the current state.
    fn cost_of(&mut self, indices: &[usize]) -> u64 {
        if self.pair_costs.len() > 4 * MAX_SNAPSHOTS {
            let kept: std::collections::BTreeSet<usize> =
                self.snapshots.iter().map(|(at, _)| *at).collect();
            self.pair_costs
                .retain(|(a, b), _| kept.contains(a) && kept.contains(b));
        }
        let mut between = 0;
        for w in indices.windows(2) {
            let (a, b) = (&self.snapshots[w[0]], &self.snapshots[w[1]]);
            between += *self
                .pair_costs
                .entry((a.0, b.0))
                .or_insert_with(|| a.1.unshared_bytes(&b.1));
        }
        let last = indices
            .last()
            .map_or(0, |&i| self.snapshots[i].1.unshared_bytes(&self.current));
        between + last
    }

    /// Starts the session at the latest snapshot at or before `keep_from`.
    fn forget_front(&mut self, keep_from: usize) {
        let Some(&(base, _)) = self.snapshots.iter().rev().find(|(at, _)| *at <= keep_from) else {
            return;
        };
        if base == 0 {
            return;
        }
        self.inputs.drain(..base);
        self.snapshots.retain(|(at, _)| *at >= base);
        self.pair_costs = std::mem::take(&mut self.pair_costs)
            .into_iter()
            .filter(|((a, _), _)| *a >= base)
            .map(|((a, b), c)| ((a - base, b - base), c))
            .collect();
        for (at, _) in &mut self.snapshots {
            *at -= base;
        }
        self.marks.retain(|(at, _)| *at > base);
        for (at, _) in &mut self.marks {
            *at -= base;
        }
        self.position -= base;
        self.forgotten += base;
    }

    fn truncate_future(&mut self) {
        if self.position < self.inputs.len() {
            let p = self.position;
            self.inputs.truncate(p);
            self.snapshots.retain(|(at, _)| *at <= p);
            // A later snapshot at the same position will be another state.
            self.pair_costs.retain(|(_, b), _| *b <= p);
            self.marks.retain(|(at, _)| *at <= p);
        }
    }

    fn thin_snapshots(&mut self) {
        if self.snapshots.len() > MAX_SNAPSHOTS {
            self.spacing *= 2;
            let spacing = self.spacing;
            self.snapshots.retain(|(at, _)| at.is_multiple_of(spacing));
        }
    }

    /// Moves to `position` (clamped to the session), replaying from the nearest snapshot.
    pub fn seek(&mut self, position: usize) {
        let target = position.min(self.inputs.len());
        if target == self.position {
            return;
        }
        // Replaying forward from where we are is cheaper than from a snapshot when close.
        let from_current = target > self.position && target - self.position <= self.spacing;
        if !from_current {
            let (at, state) = self
                .snapshots
                .iter()
                .rev()
                .find(|(at, _)| *at <= target)
                .expect("position 0 is always snapshotted");
            self.position = *at;
            self.current = state.clone();
        }
        for input in &self.inputs[self.position..target] {
            // Every logged input had this outcome once, and the machine is deterministic.
            match input {
                Input::Command(c) => {
                    let _ = self.current.apply(c.clone());
                }
                Input::Tick => {
                    self.current.tick();
                }
            }
        }
        self.position = target;
    }

    /// Takes back the last command before the current position (and the ticks after it), and
    /// forgets that future. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let last = self.inputs[..self.position]
            .iter()
            .rposition(|i| matches!(i, Input::Command(_)));
        match last {
            Some(at) => {
                self.seek(at);
                self.truncate_future();
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy machine: a counter that rejects negative additions and marks multiples of 10.
    #[derive(Clone, Debug, PartialEq)]
    struct Counter {
        total: i64,
        ticks: u64,
    }

    impl Machine for Counter {
        type Command = i64;
        type Event = i64;
        type Error = ();
        fn apply(&mut self, c: i64) -> Result<Vec<i64>, ()> {
            if c < 0 {
                return Err(());
            }
            self.total += c;
            Ok(vec![self.total])
        }
        fn tick(&mut self) -> Vec<i64> {
            self.ticks += 1;
            self.total *= 3;
            self.total %= 1_000_003;
            vec![self.total]
        }
        fn mark(e: &i64) -> Option<Mark> {
            (e % 10 == 0).then_some(Mark::Fault)
        }
    }

    fn run(n: usize) -> Timeline<Counter> {
        let mut t = Timeline::new(Counter { total: 1, ticks: 0 }, 7);
        for i in 0..n {
            if i % 3 == 0 {
                t.apply(i as i64).unwrap();
            } else {
                t.tick();
            }
        }
        t
    }

    #[test]
    fn seeking_anywhere_equals_a_fresh_run_to_that_point() {
        let mut t = run(500);
        for target in [0, 1, 250, 6, 499, 500, 13, 14, 100, 99] {
            t.seek(target);
            assert_eq!(t.position(), target);
            assert_eq!(t.state(), run(target).state(), "at {target}");
        }
    }

    #[test]
    fn rejected_commands_are_not_logged() {
        let mut t = run(10);
        assert!(t.apply(-1).is_err());
        assert_eq!(t.len(), 10);
    }

    #[test]
    fn acting_after_scrubbing_back_starts_a_new_branch() {
        let mut t = run(100);
        t.seek(40);
        t.apply(5).unwrap();
        assert_eq!(t.len(), 41);
        assert!(t.marks().iter().all(|(at, _)| *at <= 41));
        let state = t.state().clone();
        t.seek(0);
        t.seek(41);
        assert_eq!(t.state(), &state);
    }

    #[test]
    fn undo_removes_the_last_command_and_what_followed() {
        let mut t = run(5); // commands at 0 and 3, ticks between
        assert!(t.undo());
        assert_eq!(t.len(), 3);
        assert_eq!(t.state(), run(3).state());
        assert!(t.undo());
        assert_eq!(t.len(), 0);
        assert!(!t.undo());
    }

    #[test]
    fn a_long_session_forgets_its_front_and_stays_consistent() {
        let mut t = Timeline::new(Counter { total: 1, ticks: 0 }, 7).with_history(1_000);
        let mut reference =
            Timeline::new(Counter { total: 1, ticks: 0 }, 7).with_history(usize::MAX / 4);
        for i in 0..10_000 {
            if i % 3 == 0 {
                t.apply(i as i64).unwrap();
                reference.apply(i as i64).unwrap();
            } else {
                t.tick();
                reference.tick();
            }
        }
        assert!(t.len() <= 2_000 && t.len() >= 1_000, "{}", t.len());
        assert_eq!(t.forgotten() + t.len(), 10_000);
        let end = t.state().clone();
        for target in [0, 1, 500, t.len()] {
            t.seek(target);
            reference.seek(t.forgotten() + target);
            assert_eq!(t.state(), reference.state(), "at {target}");
        }
        t.seek(t.len());
        assert_eq!(t.state(), &end);
        assert!(t.marks().iter().all(|(at, _)| *at <= t.len()));
    }

    /// A machine whose snapshots cost memory: `copy` bytes each (what a clone copies), plus
    /// 100 bytes per tick of data a later state has dropped (retention of `keep` ticks).
    #[derive(Clone, Debug, PartialEq)]
    struct Costly {
        ticks: u64,
        copy: u64,
        keep: u64,
    }

    impl Machine for Costly {
        type Command = ();
        type Event = ();
        type Error = ();
        fn apply(&mut self, _: ()) -> Result<Vec<()>, ()> {
            Ok(vec![])
        }
        fn tick(&mut self) -> Vec<()> {
            self.ticks += 1;
            vec![]
        }
        fn unshared_bytes(&self, later: &Self) -> u64 {
            // It holds the data of ticks (ticks - keep, ticks]; `later` no longer holds those up
            // to later.ticks - keep.
            let horizon = later.ticks.saturating_sub(self.keep).min(self.ticks);
            let dropped = horizon.saturating_sub(self.ticks.saturating_sub(self.keep));
            self.copy + 100 * dropped
        }
    }

    fn costly(copy: u64, keep: u64, ticks: usize) -> Timeline<Costly> {
        let m = Costly {
            ticks: 0,
            copy,
            keep,
        };
        let mut t = Timeline::new(m, 10).with_snapshot_budget(10_000);
        for _ in 0..ticks {
            t.tick();
        }
        t
    }

    #[test]
    fn data_only_old_snapshots_hold_makes_the_session_forget_its_front() {
        let mut t = costly(0, 50, 5_000);
        let all: Vec<usize> = (0..t.snapshots.len()).collect();
        assert!(t.cost_of(&all) <= 10_000);
        assert!(t.forgotten() > 0);
        assert!(t.len() < 500, "{}", t.len());
        let end = t.state().clone();
        t.seek(0);
        assert_eq!(t.state().ticks, t.forgotten() as u64);
        t.seek(t.len());
        assert_eq!(t.state(), &end);
    }

    #[test]
    fn costly_copies_widen_the_spacing_and_keep_the_whole_session() {
        let mut t = costly(1_000, u64::MAX / 4, 5_000);
        assert_eq!(t.forgotten(), 0);
        assert!(t.snapshots.len() <= 11, "{}", t.snapshots.len());
        t.seek(1_234);
        assert_eq!(t.state().ticks, 1_234);
    }

    #[test]
    fn snapshots_stay_bounded() {
        let t = run(20_000);
        assert!(t.snapshots.len() <= MAX_SNAPSHOTS);
        assert!(!t.marks().is_empty());
    }
}
