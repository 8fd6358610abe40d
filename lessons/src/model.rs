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
    /// The layers and offers of a step that does not declare its own.
    pub layers: Option<Layers>,
    pub offers: Option<&'static [Offer]>,
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
    /// The layers of the stage this step draws; what it does not name is hidden. `None` only
    /// before [`Lesson::step`] fills in the lesson's own (the course tests prove every step has
    /// one).
    pub layers: Option<Layers>,
    /// What the learner may do on this step (the controls shown); every other control is
    /// hidden. Time (play, step, the scrub bar) is always there. Filled in like `layers`.
    pub offers: Option<&'static [Offer]>,
    /// Sentences told after the narration, each once its engine condition holds (in order: a
    /// sentence waits for the ones before it).
    pub beats: Vec<Beat>,
    /// "Next" waits until every beat has been told.
    pub next_waits: bool,
}

/// A sentence of narration that waits for the picture: told once `when` holds on the engine
/// (after the learner's actions or time passing), as The Secret Lives of Data scripts a frame.
#[derive(Clone, Debug)]
pub struct Beat {
    pub text: Text,
    /// A predicate over engine state, like a goal's check.
    pub when: fn(&Sim) -> bool,
}

/// The layers of the stage a step may draw, as a small set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Layers(u16);

impl Layers {
    /// Nothing drawn (the start of a union).
    pub const NONE: Layers = Layers(0);
    /// Kafka: the producers, with their produce gesture.
    pub const PRODUCERS: Layers = Layers(1);
    /// Kafka: the brokers' row (which one is the controller, which are down).
    pub const BROKERS: Layers = Layers(1 << 1);
    /// Kafka: each partition as a log lane (its leader's copy).
    pub const LANES: Layers = Layers(1 << 2);
    /// Kafka: the followers' copies under each lane, the ISR and the high watermark.
    pub const REPLICAS: Layers = Layers(1 << 3);
    /// Kafka: consumer groups, their members, positions and lag.
    pub const GROUPS: Layers = Layers(1 << 4);
    /// RabbitMQ: the publishing channels.
    pub const CHANNELS: Layers = Layers(1 << 5);
    /// RabbitMQ: exchanges (except a DLX or an alternate exchange, which are layers of their own).
    pub const EXCHANGES: Layers = Layers(1 << 6);
    /// RabbitMQ: bindings, the rule written on each edge.
    pub const BINDINGS: Layers = Layers(1 << 7);
    /// RabbitMQ: queues.
    pub const QUEUES: Layers = Layers(1 << 8);
    /// RabbitMQ: consumers and their unacknowledged deliveries.
    pub const CONSUMERS: Layers = Layers(1 << 9);
    /// RabbitMQ: dead-letter exchanges and the dashed edge from a queue to its DLX.
    pub const DLX: Layers = Layers(1 << 10);
    /// RabbitMQ: alternate exchanges and their dashed edge.
    pub const ALTERNATE: Layers = Layers(1 << 11);
    /// Everything (the sandbox pages).
    pub const ALL: Layers = Layers((1 << 12) - 1);

    /// Kafka's first picture: producers, one topic's lanes, groups; no brokers, no replicas.
    pub const KAFKA_BASICS: Layers = Self::PRODUCERS.with(Self::LANES).with(Self::GROUPS);
    /// RabbitMQ's picture before dead letters: channels to consumers, no DLX, no alternate.
    pub const RABBIT_BASICS: Layers = Self::CHANNELS
        .with(Self::EXCHANGES)
        .with(Self::BINDINGS)
        .with(Self::QUEUES)
        .with(Self::CONSUMERS);

    /// Both sets together.
    pub const fn with(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }

    /// This set without `other`.
    pub const fn without(self, other: Layers) -> Layers {
        Layers(self.0 & !other.0)
    }

    /// Whether every layer of `other` is in this set.
    pub const fn contains(self, other: Layers) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any layer of `other` is in this set.
    pub const fn any(self, other: Layers) -> bool {
        self.0 & other.0 != 0
    }
    /// The layer an exchange is drawn on: [`Layers::DLX`] when some queue dead-letters to it,
    /// [`Layers::ALTERNATE`] when some exchange falls back to it, else [`Layers::EXCHANGES`].
    pub fn of_exchange(sim: &Sim, name: &str) -> Layers {
        let r = &sim.rabbit;
        if r.queues()
            .iter()
            .any(|q| q.args.dead_letter_exchange.as_deref() == Some(name))
        {
            Layers::DLX
        } else if r
            .exchanges()
            .iter()
            .any(|x| x.exchange.alternate() == Some(name))
        {
            Layers::ALTERNATE
        } else {
            Layers::EXCHANGES
        }
    }
}

/// Something a learner may do, as the controls that do it. A step offers a few; the app shows
/// only their controls. [`Offer::of`] names the offer each engine action comes from, so tests
/// can prove a goal is reachable with the step's own controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Offer {
    /// Kafka: send a record (the producer's button on the stage; the form with topic, key and
    /// value). Its Send button flushes.
    Produce,
    /// Kafka: a producer's settings (`linger.ms`, `compression.type`, a new producer).
    ProducerConfig,
    /// Kafka: create a topic, add partitions, change a topic's or the brokers' configs.
    Topics,
    /// Kafka: kill or restart a broker, add one.
    Brokers,
    /// Kafka: cut a broker off the network and heal it, slow a follower.
    Network,
    /// Kafka: a consumer joins a group.
    AddConsumer,
    /// Kafka: a member polls (or is slowed down).
    Poll,
    /// Kafka: a member commits its position.
    Commit,
    /// Kafka: a member seeks (replay).
    Seek,
    /// Kafka: a member crashes or leaves its group.
    StopConsumer,
    /// Either broker: the steady stream of records or messages.
    Stream,
    /// RabbitMQ: publish a message to an exchange.
    Publish,
    /// RabbitMQ: attach or cancel a consumer, set its prefetch, `basic.get`.
    Consume,
    /// RabbitMQ: ack, nack, reject a delivery; recover.
    Settle,
    /// RabbitMQ: declare or delete exchanges and queues, bind and unbind, purge.
    Topology,
    /// RabbitMQ: restart the broker.
    Restart,
    /// RabbitMQ: close a channel or connection, turn on publisher confirms.
    Channels,
}

impl Offer {
    /// The offer whose controls apply `action`; `None` for what needs no offer: time passing
    /// (the time controls are always there) and opening a channel (the forms that need one open
    /// it themselves).
    pub fn of(action: &Action) -> Option<Offer> {
        use engine::kafka::Command as K;
        use engine::rabbit::Command as R;
        Some(match action {
            Action::Tick(_) => return None,
            Action::Kafka(c) => match c {
                K::Produce { .. } | K::ProduceFrom { .. } | K::Flush { .. } => Offer::Produce,
                K::CreateProducer { .. } | K::AlterProducerConfig { .. } => Offer::ProducerConfig,
                K::CreateTopic { .. }
                | K::CreateTopicWith { .. }
                | K::AddPartitions { .. }
                | K::DeleteTopic { .. }
                | K::AlterTopicConfig { .. }
                | K::AlterBrokerConfig { .. } => Offer::Topics,
                K::AddBroker | K::KillBroker { .. } | K::RestartBroker { .. } => Offer::Brokers,
                K::IsolateBroker { .. } | K::HealBroker { .. } | K::SlowFollower { .. } => {
                    Offer::Network
                }
                K::Subscribe { .. } => Offer::AddConsumer,
                K::Poll { .. } | K::SlowConsumer { .. } => Offer::Poll,
                K::Commit { .. } => Offer::Commit,
                K::Seek { .. } => Offer::Seek,
                K::Leave { .. } | K::Crash { .. } => Offer::StopConsumer,
                K::Advance { .. } => return None,
                K::StartStream { .. } | K::StopStream => Offer::Stream,
            },
            Action::Rabbit(c) => match c {
                R::OpenChannel | R::OpenChannelOn { .. } => return None,
                R::Advance { .. } => return None,
                R::Publish(_) => Offer::Publish,
                R::Consume(_) | R::Cancel { .. } | R::Qos { .. } | R::Get { .. } => Offer::Consume,
                R::Ack { .. } | R::Nack { .. } | R::Reject { .. } | R::Recover { .. } => {
                    Offer::Settle
                }
                R::DeclareExchange(_)
                | R::DeleteExchange { .. }
                | R::DeclareQueue(_)
                | R::DeleteQueue { .. }
                | R::PurgeQueue { .. }
                | R::Bind(_)
                | R::Unbind(_) => Offer::Topology,
                R::Restart => Offer::Restart,
                R::CloseChannel { .. } | R::ConfirmSelect { .. } | R::CloseConnection { .. } => {
                    Offer::Channels
                }
                R::StartStream(_) | R::StopStream => Offer::Stream,
            },
        })
    }

    /// The layers its controls sit on (or act on): a step that offers it must draw them.
    pub fn needs(self) -> Layers {
        match self {
            Offer::Produce | Offer::ProducerConfig => Layers::PRODUCERS,
            Offer::Topics | Offer::Stream => Layers::NONE,
            Offer::Brokers | Offer::Network => Layers::BROKERS,
            Offer::AddConsumer
            | Offer::Poll
            | Offer::Commit
            | Offer::Seek
            | Offer::StopConsumer => Layers::GROUPS,
            Offer::Publish | Offer::Channels => Layers::CHANNELS,
            Offer::Consume | Offer::Settle => Layers::CONSUMERS,
            Offer::Topology => Layers::EXCHANGES.with(Layers::QUEUES),
            Offer::Restart => Layers::QUEUES,
        }
    }
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
            layers: None,
            offers: None,
        }
    }

    /// What every following step draws, unless it says otherwise.
    pub fn layers(mut self, layers: Layers) -> Self {
        self.layers = Some(layers);
        self
    }

    /// What the learner may do on every following step, unless it says otherwise.
    pub fn offers(mut self, offers: &'static [Offer]) -> Self {
        self.offers = Some(offers);
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Adds a step (with the lesson's layers and offers unless it has its own); its prediction's answer is read off the engine here, on the step's scene
    /// after the reveal (`usize::MAX` if the scene is refused, which the course tests catch).
    pub fn step(mut self, mut step: Step) -> Self {
        step.layers = step.layers.or(self.layers);
        step.offers = step.offers.or(self.offers);
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
            layers: None,
            offers: None,
            beats: Vec::new(),
            next_waits: false,
        }
    }

    /// The layers this step draws (instead of its lesson's).
    pub fn layers(mut self, layers: Layers) -> Self {
        self.layers = Some(layers);
        self
    }

    /// What the learner may do on this step (instead of its lesson's offers).
    pub fn offers(mut self, offers: &'static [Offer]) -> Self {
        self.offers = Some(offers);
        self
    }

    /// A sentence told once `when` holds, after the ones before it.
    pub fn then(mut self, text: Text, when: fn(&Sim) -> bool) -> Self {
        self.beats.push(Beat { text, when });
        self
    }

    /// "Next" waits until every sentence of [`Step::then`] has been told.
    pub fn next_waits(mut self) -> Self {
        self.next_waits = true;
        self
    }

    /// Whether the learner may do `offer` here (everything on a step that declares nothing).
    pub fn offered(&self, offer: Offer) -> bool {
        self.offers.is_none_or(|o| o.contains(&offer))
    }

    /// Whether this step draws every layer of `layers` (everything when it declares nothing).
    pub fn shows(&self, layers: Layers) -> bool {
        self.layers.is_none_or(|l| l.contains(layers))
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
