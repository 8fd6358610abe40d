//! One idea at a time (issue 15): every step declares the layers of the stage it draws and the
//! actions it offers; its goal is reached with those actions alone, what it highlights is drawn,
//! the controls it offers sit on layers it draws, replicas and the DLX come only with the lessons
//! that teach them, and every sentence that waits for the picture is told on the way to the goal.

use engine::sim::{Action, Sim};
use lessons::model::{Beat, Layers, Offer};
use lessons::{Broker, Highlight, Lesson, Step, course};

fn steps() -> impl Iterator<Item = (&'static Lesson, usize, &'static Step)> {
    course()
        .iter()
        .flat_map(|l| l.steps.iter().enumerate().map(move |(i, s)| (l, i, s)))
}

fn scene(lesson: &Lesson, i: usize) -> Sim {
    lesson
        .scene(i)
        .unwrap_or_else(|(a, e)| panic!("{} step {i}: setup action {a} refused: {e:?}", lesson.id))
}

fn declared(step: &Step) -> (Layers, &'static [Offer]) {
    (
        step.layers.expect("every step declares its layers"),
        step.offers.expect("every step declares its offers"),
    )
}

#[test]
fn every_step_declares_its_layers_and_offers() {
    for (l, i, s) in steps() {
        assert!(
            s.layers.is_some() && s.offers.is_some(),
            "{} step {}: no layers/offers declared",
            l.id,
            i + 1
        );
        let (layers, _) = declared(s);
        assert_ne!(
            layers,
            Layers::NONE,
            "{} step {}: draws nothing",
            l.id,
            i + 1
        );
        assert_ne!(
            layers,
            Layers::ALL,
            "{} step {}: draws everything",
            l.id,
            i + 1
        );
    }
}

#[test]
fn every_goal_is_reached_with_the_steps_own_actions() {
    let mut goals = 0;
    for (l, i, s) in steps() {
        let Some(goal) = &s.goal else { continue };
        let (_, offers) = declared(s);
        for a in &goal.solution {
            if let Some(o) = Offer::of(a) {
                assert!(
                    offers.contains(&o),
                    "{} step {}: the solution's {a:?} needs {o:?}, which the step does not offer ({offers:?})",
                    l.id,
                    i + 1
                );
            }
        }
        // And the solution, played on the scene, reaches the goal (with those actions only).
        let mut sim = scene(l, i);
        assert!(
            !goal.reached(&sim),
            "{} step {}: reached at the start",
            l.id,
            i + 1
        );
        sim.apply_all(goal.solution.iter().cloned())
            .unwrap_or_else(|(k, e)| panic!("{} step {}: action {k} refused: {e:?}", l.id, i + 1));
        assert!(goal.reached(&sim), "{} step {}: not reached", l.id, i + 1);
        goals += 1;
    }
    assert!(goals >= 30, "{goals} goals");
}

#[test]
fn a_step_draws_what_its_controls_and_highlights_are_on() {
    for (l, i, s) in steps() {
        let (layers, offers) = declared(s);
        let sim = scene(l, i);
        for o in offers {
            assert!(
                layers.contains(o.needs()),
                "{} step {}: offers {o:?} but hides the layer its controls are on",
                l.id,
                i + 1
            );
        }
        for h in s.highlight {
            let needs = match h {
                Highlight::Producer if l.broker == Broker::Rabbit => Layers::CHANNELS,
                Highlight::Producer => Layers::PRODUCERS,
                Highlight::Topic(_) | Highlight::Partition(..) => Layers::LANES,
                Highlight::Broker(_) | Highlight::Controller => Layers::BROKERS,
                Highlight::ConsumerGroup(_) | Highlight::Lag(_) => Layers::GROUPS,
                Highlight::Exchange(x) => Layers::of_exchange(&sim, x),
                Highlight::Binding(_) => Layers::BINDINGS,
                Highlight::Queue(_) => Layers::QUEUES,
                Highlight::Consumer(_) => Layers::CONSUMERS,
            };
            assert!(
                layers.contains(needs),
                "{} step {}: highlights {h:?} on a hidden layer",
                l.id,
                i + 1
            );
        }
        // What a prediction's reveal does happens on layers the step draws.
        if let Some(p) = &s.prediction {
            for a in &p.reveal {
                if let Some(o) = Offer::of(a) {
                    assert!(
                        layers.contains(o.needs()),
                        "{} step {}: the reveal's {a:?} acts on a hidden layer",
                        l.id,
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn replicas_come_with_replication_and_the_dlx_with_dead_letters() {
    let at = |id: &str| lessons::lesson_index(id).expect(id);
    let replication = at("replication");
    let dead_letters = at("dead-letters");
    for (n, l) in course().iter().enumerate() {
        for (i, s) in l.steps.iter().enumerate() {
            let (layers, _) = declared(s);
            if n < replication {
                assert!(
                    !layers.contains(Layers::REPLICAS),
                    "{} step {}: replicas before the replication lesson",
                    l.id,
                    i + 1
                );
            }
            if n < dead_letters {
                assert!(
                    !layers.contains(Layers::DLX),
                    "{} step {}: a DLX before the dead-letter lesson",
                    l.id,
                    i + 1
                );
            }
            // A scene that has a DLX (or an alternate exchange) draws it.
            let sim = scene(l, i);
            for x in sim.rabbit.exchanges() {
                let on = Layers::of_exchange(&sim, &x.exchange.name);
                assert!(
                    layers.contains(on) || on == Layers::EXCHANGES,
                    "{} step {}: exchange {} is hidden",
                    l.id,
                    i + 1,
                    x.exchange.name
                );
            }
        }
    }
    let first = &course()[0];
    assert!(!declared(&first.steps[0]).0.contains(Layers::BROKERS));
    for s in &course()[replication].steps {
        assert!(declared(s).0.contains(Layers::REPLICAS));
    }
    for s in &course()[dead_letters].steps {
        assert!(declared(s).0.contains(Layers::DLX));
    }
}

/// Tells the beats the way the player does: after every change, each beat in turn once its
/// condition holds (a beat waits for the ones before it).
fn tell(beats: &[Beat], told: &mut usize, sim: &Sim) {
    while *told < beats.len() && (beats[*told].when)(sim) {
        *told += 1;
    }
}

#[test]
fn every_waiting_sentence_is_told_on_the_way_to_the_goal() {
    let mut with_beats = 0;
    for (l, i, s) in steps() {
        if s.next_waits {
            assert!(
                !s.beats.is_empty(),
                "{} step {}: Next waits for nothing",
                l.id,
                i + 1
            );
        }
        if s.beats.is_empty() {
            continue;
        }
        with_beats += 1;
        let mut sim = scene(l, i);
        assert!(
            !(s.beats[0].when)(&sim),
            "{} step {}: the first waiting sentence is true before anything happens",
            l.id,
            i + 1
        );
        let path: Vec<Action> = match (&s.goal, &s.prediction) {
            (Some(g), _) => g.solution.clone(),
            (None, Some(p)) => p.reveal.clone(),
            (None, None) => panic!("{} step {}: nothing leads to its sentences", l.id, i + 1),
        };
        let mut told = 0;
        for a in path {
            // Time passes one tick at a time, as the player's clock runs it.
            match a {
                Action::Tick(n) => {
                    for _ in 0..n {
                        sim.apply(Action::Tick(1)).expect("a tick");
                        tell(&s.beats, &mut told, &sim);
                    }
                }
                a => {
                    sim.apply(a).expect("the solution applies");
                    tell(&s.beats, &mut told, &sim);
                }
            }
        }
        assert_eq!(
            told,
            s.beats.len(),
            "{} step {}: sentence {} is never told on the way to the goal",
            l.id,
            i + 1,
            told + 1
        );
    }
    assert!(
        with_beats >= 4,
        "{with_beats} steps tell sentences as the picture moves"
    );
}

#[test]
fn every_action_maps_to_an_offer_or_to_time() {
    // Time and opening a channel need no offer; everything a learner changes does.
    assert_eq!(Offer::of(&Action::Tick(1)), None);
    assert_eq!(
        Offer::of(&Action::Kafka(engine::kafka::Command::KillBroker {
            broker: 0
        })),
        Some(Offer::Brokers)
    );
    assert_eq!(
        Offer::of(&Action::Rabbit(engine::rabbit::Command::Restart)),
        Some(Offer::Restart)
    );
    assert_eq!(
        Offer::of(&Action::Rabbit(engine::rabbit::Command::OpenChannel)),
        None
    );
}
