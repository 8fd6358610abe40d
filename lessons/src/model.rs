//! The shape of the course: lessons made of steps, each with narration, the concepts it teaches,
//! a scene on the real engine, what to highlight, and optionally a goal or a prediction.
//!
//! Everything here is plain data the player renders and `tests/` verifies. A step's scene is
//! self-contained (its `setup` is applied to a fresh `Sim::new(lesson.seed)`), so any step can be
//! opened directly from a deep link without playing the steps before it.

use crate::Text;
use engine::sim::{Action, Sim, SimError};

/// Which broker a lesson is about (the player shows that broker's view).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broker {
    Kafka,
    Rabbit,
    /// Both side by side (the introduction and the comparison).
    Both,
}

/// Which part of the course a lesson belongs to (the player groups the lesson list by it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Event brokers and Kafka.
    EventBroker,
    /// Message brokers and RabbitMQ.
    MessageBroker,
    /// The closing comparison.
    Comparison,
}

impl Part {
    pub fn title(self) -> Text {
        match self {
            Part::EventBroker => Text::new(
                "1부. 이벤트 브로커와 Kafka",
                "Part 1. Event brokers and Kafka",
            ),
            Part::MessageBroker => Text::new(
                "2부. 메시지 브로커와 RabbitMQ",
                "Part 2. Message brokers and RabbitMQ",
            ),
            Part::Comparison => Text::new("3부. 둘을 나란히", "Part 3. Side by side"),
        }
    }
}

/// One lesson of the course.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Stable id used in URLs (`?lesson=ID`) and progress storage: lowercase, digits and `-`.
    pub id: &'static str,
    pub part: Part,
    pub broker: Broker,
    pub title: Text,
    /// One sentence: what the learner will be able to do after it.
    pub summary: Text,
    /// The seed of every scene in this lesson (`Sim::new(seed)`).
    pub seed: u64,
    pub steps: Vec<Step>,
}

/// One step: short narration, shown on a scene the learner can act on.
#[derive(Clone, Debug)]
pub struct Step {
    pub title: Text,
    pub narration: Text,
    /// Concept ids from `shared/CONCEPTS.md` this step teaches.
    pub concepts: &'static [&'static str],
    /// Parts of the visual to draw attention to.
    pub highlight: &'static [Highlight],
    /// The scene: actions applied, in order, to `Sim::new(lesson.seed)` before the learner acts.
    /// Complete for every step (no step depends on the one before), so deep links work.
    pub setup: Vec<Action>,
    pub goal: Option<Goal>,
    pub prediction: Option<Prediction>,
}

/// A named part of the visual, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    Producer,
    Topic(&'static str),
    Partition(&'static str, u32),
    Broker(u32),
    Controller,
    ConsumerGroup(&'static str),
    /// The lag figure of a consumer group.
    Lag(&'static str),
    Exchange(&'static str),
    Binding(&'static str),
    Queue(&'static str),
    Consumer(&'static str),
}

/// Something the learner must make true by acting; checked on engine state.
///
/// A goal's hints are the way to it: each hint says what to do in words and carries the actions
/// those words name (the ones the playground's buttons apply), so following every hint in order
/// is always a path to the goal. "Show me" plays exactly that path.
#[derive(Clone, Debug)]
pub struct Goal {
    pub text: Text,
    /// Shown one at a time, in order, when the learner asks.
    pub hints: Vec<Text>,
    /// What each hint tells the learner to do, as actions (same length as `hints`; empty for a
    /// hint that only explains).
    pub hint_actions: Vec<Vec<Action>>,
    /// Whether the goal is reached: a predicate over engine state only (never over which
    /// buttons were pressed). The player evaluates it after every action and tick.
    pub check: fn(&Sim) -> bool,
    /// The reference solution ("show me"): every hint's actions, in order, applied after the
    /// scene's setup. Tests prove `check` is false before and true after.
    pub solution: Vec<Action>,
}

/// A question asked before the learner acts, revealed afterwards by running the engine.
#[derive(Clone, Debug)]
pub struct Prediction {
    pub question: Text,
    pub choices: Vec<Text>,
    /// Index into `choices`: what the engine does, computed by `verify` on the step's scene
    /// after `reveal` when the lesson is built (never typed in).
    pub answer: usize,
    /// The choice the explanation was written for; a test proves the engine picks it.
    pub explained: usize,
    /// Shown with the answer.
    pub explanation: Text,
    /// Actions that reveal the answer on the scene (e.g. produce the key in question); the
    /// player plays them after the learner answers. Empty only when the scene already shows it.
    pub reveal: Vec<Action>,
    /// Reads the right choice off the engine after the setup and `reveal` (e.g. the partition
    /// the record landed in).
    pub verify: fn(&Sim) -> usize,
}

// ---------------------------------------------------------------------------------------------
// Builders: the course files read as a list of steps.

impl Lesson {
    pub fn new(id: &'static str, part: Part, broker: Broker, title: Text, summary: Text) -> Self {
        Lesson {
            id,
            part,
            broker,
            title,
            summary,
            seed: 1,
            steps: Vec::new(),
        }
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Adds a step; its prediction's answer is read off the engine here, on the step's scene
    /// after the reveal (`usize::MAX` if the scene is refused, which the course tests catch).
    pub fn step(mut self, mut step: Step) -> Self {
        if let Some(p) = &mut step.prediction {
            let mut sim = Sim::new(self.seed);
            let shown = sim
                .apply_all(step.setup.iter().chain(&p.reveal).cloned())
                .is_ok();
            p.answer = if shown { (p.verify)(&sim) } else { usize::MAX };
        }
        self.steps.push(step);
        self
    }

    /// The scene of step `index`: a fresh simulator with that step's setup applied.
    /// `Err((i, e))` names the setup action that was refused (a defect in the course).
    pub fn scene(&self, index: usize) -> Result<Sim, (usize, SimError)> {
        let mut sim = Sim::new(self.seed);
        if let Some(step) = self.steps.get(index) {
            sim.apply_all(step.setup.iter().cloned())?;
        }
        Ok(sim)
    }

    /// The concept ids this lesson teaches, in step order, without repeats.
    pub fn concepts(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for c in self.steps.iter().flat_map(|s| s.concepts.iter()) {
            if !out.contains(c) {
                out.push(c);
            }
        }
        out
    }
}

impl Step {
    pub fn new(title: Text, narration: Text) -> Self {
        Step {
            title,
            narration,
            concepts: &[],
            highlight: &[],
            setup: Vec::new(),
            goal: None,
            prediction: None,
        }
    }

    pub fn teaches(mut self, concepts: &'static [&'static str]) -> Self {
        self.concepts = concepts;
        self
    }

    pub fn show(mut self, highlight: &'static [Highlight]) -> Self {
        self.highlight = highlight;
        self
    }

    /// Sets the scene (the complete list of actions from a fresh simulator).
    pub fn scene(mut self, setup: Vec<Action>) -> Self {
        self.setup = setup;
        self
    }

    pub fn goal(mut self, goal: Goal) -> Self {
        self.goal = Some(goal);
        self
    }

    pub fn predict(mut self, prediction: Prediction) -> Self {
        self.prediction = Some(prediction);
        self
    }
}

impl Goal {
    /// A goal with its check; add its hints with [`Goal::hint`].
    pub fn new(text: Text, check: fn(&Sim) -> bool) -> Self {
        Goal {
            text,
            hints: Vec::new(),
            hint_actions: Vec::new(),
            check,
            solution: Vec::new(),
        }
    }

    /// Whether the goal holds on this state.
    pub fn reached(&self, sim: &Sim) -> bool {
        (self.check)(sim)
    }

    /// The next hint: its words, and the actions they name (appended to the solution).
    pub fn hint(mut self, hint: Text, does: Vec<Action>) -> Self {
        self.hints.push(hint);
        self.solution.extend(does.iter().cloned());
        self.hint_actions.push(does);
        self
    }
}

impl Prediction {
    /// A question whose answer `verify` reads off the engine after `reveal`; `explained` is
    /// the choice `explanation` argues for.
    pub fn new(
        question: Text,
        choices: Vec<Text>,
        explained: usize,
        explanation: Text,
        reveal: Vec<Action>,
        verify: fn(&Sim) -> usize,
    ) -> Self {
        Prediction {
            question,
            choices,
            answer: usize::MAX,
            explained,
            explanation,
            reveal,
            verify,
        }
    }
}
