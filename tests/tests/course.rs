//! The course is sound: every lesson loads on the real engine, every concept of the article is
//! taught on a running scene, every goal starts unmet and is met by its reference solution, every
//! prediction's answer is what the engine does, and every text exists in both languages.

use engine::sim::Sim;
use engine::timeline::Timeline;
use lessons::{Lesson, Text, course, glossary};

/// The concept ids of `shared/CONCEPTS.md` (copied: the shared folder is outside the repo).
const CONCEPTS: &[&str] = &[
    "eb.decoupling",
    "eb.pubsub",
    "eb.retention-replay",
    "kf.topic",
    "kf.partition-log",
    "kf.offset",
    "kf.message-anatomy",
    "kf.key-partitioning",
    "kf.keyless",
    "kf.custom-partitioning",
    "kf.ordering-anomaly",
    "kf.consumer-group",
    "kf.rebalance",
    "kf.queue-vs-stream",
    "kf.cluster-broker",
    "kf.controller-metadata",
    "kf.replication",
    "kf.failover",
    "kf.push-pull",
    "kf.use-async",
    "kf.use-stream",
    "kf.limits",
    "kf.scale-out",
    "kf.hot-partition",
    "kf.fix-random",
    "kf.fix-salting",
    "kf.fix-compound-key",
    "kf.fix-backpressure",
    "kf.batching",
    "kf.compression",
    "kf.world-cup",
    "mb.reliable-delivery",
    "rb.exchange",
    "rb.exchange-direct",
    "rb.exchange-topic",
    "rb.exchange-fanout",
    "rb.exchange-headers",
    "rb.binding",
    "rb.queue",
    "rb.persistence",
    "rb.ack",
    "rb.redelivery",
    "rb.dlx",
    "rb.round-robin",
    "rb.priority",
    "rb.order-flow",
    "cmp.record-vs-task",
    "cmp.when-which",
];

fn steps() -> impl Iterator<Item = (&'static Lesson, usize)> {
    course()
        .iter()
        .flat_map(|l| (0..l.steps.len()).map(move |i| (l, i)))
}

fn scene(lesson: &Lesson, i: usize) -> Sim {
    lesson
        .scene(i)
        .unwrap_or_else(|(a, e)| panic!("{} step {i}: setup action {a} refused: {e:?}", lesson.id))
}

#[test]
fn every_step_scene_loads_on_the_engine() {
    for (lesson, i) in steps() {
        let step = &lesson.steps[i];
        assert!(
            !step.setup.is_empty(),
            "{} step {i} has no scene",
            lesson.id
        );
        scene(lesson, i);
    }
}

#[test]
fn every_concept_is_taught_on_a_running_scene() {
    for id in CONCEPTS {
        let taught = steps().any(|(l, i)| {
            let s = &l.steps[i];
            s.concepts.contains(id) && !s.setup.is_empty() && l.scene(i).is_ok()
        });
        assert!(
            taught,
            "concept {id} is not taught by any step with a scene"
        );
    }
    for (l, i) in steps() {
        for c in l.steps[i].concepts {
            assert!(
                CONCEPTS.contains(c),
                "{} step {i} tags unknown concept {c}",
                l.id
            );
        }
    }
}

#[test]
fn every_goal_starts_unmet_and_its_solution_meets_it() {
    let mut goals = 0;
    let mut failures = Vec::new();
    for (lesson, i) in steps() {
        let Some(goal) = &lesson.steps[i].goal else {
            continue;
        };
        goals += 1;
        let mut sim = scene(lesson, i);
        if goal.reached(&sim) {
            failures.push(format!(
                "{} step {i}: goal already met at the start",
                lesson.id
            ));
        }
        if goal.solution.is_empty() || goal.hints.is_empty() {
            failures.push(format!(
                "{} step {i}: no reference solution or no hints",
                lesson.id
            ));
        }
        if let Err((a, e)) = sim.apply_all(goal.solution.iter().cloned()) {
            failures.push(format!(
                "{} step {i}: solution action {a} refused: {e:?}",
                lesson.id
            ));
        } else if !goal.reached(&sim) {
            failures.push(format!(
                "{} step {i}: the reference solution does not reach the goal",
                lesson.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(goals >= 40, "only {goals} goals");
}

#[test]
fn goals_are_checked_on_state_and_undo_takes_them_back() {
    // Played through the timeline the app uses: the goal follows the state, not the clicks.
    for (lesson, i) in steps() {
        let Some(goal) = &lesson.steps[i].goal else {
            continue;
        };
        let mut t = Timeline::new(scene(lesson, i), 8);
        for a in &goal.solution {
            t.apply(a.clone()).expect("solution applies");
        }
        assert!(goal.reached(t.state()), "{} step {i}", lesson.id);
        t.seek(0);
        assert!(
            !goal.reached(t.state()),
            "{} step {i}: still met after scrubbing back",
            lesson.id
        );
        t.seek(t.len());
        assert!(
            goal.reached(t.state()),
            "{} step {i}: replay differs",
            lesson.id
        );
    }
}

#[test]
fn every_prediction_is_answered_by_the_engine() {
    // The answer the player reveals was read off the engine when the course was built; here the
    // reveal is replayed on a fresh scene, and the explanation must argue for that answer.
    let mut predictions = 0;
    for (lesson, i) in steps() {
        let Some(p) = &lesson.steps[i].prediction else {
            continue;
        };
        predictions += 1;
        assert!(p.choices.len() >= 2, "{} step {i}", lesson.id);
        assert!(
            p.answer < p.choices.len(),
            "{} step {i}: the engine gave no valid choice",
            lesson.id
        );
        let mut sim = scene(lesson, i);
        sim.apply_all(p.reveal.iter().cloned())
            .unwrap_or_else(|(a, e)| {
                panic!("{} step {i}: reveal action {a} refused: {e:?}", lesson.id)
            });
        assert_eq!(
            (p.verify)(&sim),
            p.answer,
            "{} step {i}: the reveal replays differently",
            lesson.id
        );
        assert_eq!(
            p.explained, p.answer,
            "{} step {i}: the explanation argues for choice {} but the engine picks {}",
            lesson.id, p.explained, p.answer
        );
    }
    assert!(predictions >= 16, "only {predictions} predictions");
}

#[test]
fn every_reveal_is_what_shows_the_answer() {
    // A prediction with reveal actions must not be answerable from the scene alone: the engine
    // shows the answer only once the reveal has run (the learner answers before it).
    let mut revealed = 0;
    for (lesson, i) in steps() {
        let Some(p) = &lesson.steps[i].prediction else {
            continue;
        };
        if p.reveal.is_empty() {
            continue;
        }
        revealed += 1;
        let before = (p.verify)(&scene(lesson, i));
        assert_ne!(
            before, p.answer,
            "{} step {i}: the scene shows the answer before the reveal",
            lesson.id
        );
    }
    assert!(revealed >= 12, "only {revealed} predictions with a reveal");
}

#[test]
fn the_match_42_prediction_uses_kafkas_real_partitioner() {
    let l = lessons::lesson("message-anatomy").unwrap();
    let step = l
        .steps
        .iter()
        .find(|s| {
            s.prediction
                .as_ref()
                .is_some_and(|p| p.question.en.contains("match-42"))
        })
        .unwrap();
    let p = step.prediction.as_ref().unwrap();
    assert_eq!(
        p.answer as u32,
        engine::kafka::partition_for_key(b"match-42", 3)
    );
}

fn placeholders(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open..open + close + 1]);
        rest = &rest[open + close + 1..];
    }
    out.sort_unstable();
    out
}

fn check_text(where_: &str, t: &Text) {
    assert!(
        !t.ko.trim().is_empty() && !t.en.trim().is_empty(),
        "{where_}: empty text {t:?}"
    );
    assert_eq!(
        placeholders(t.ko),
        placeholders(t.en),
        "{where_}: placeholders differ"
    );
    assert!(
        t.ko.chars().any(|c| ('가'..='힣').contains(&c)) || t.ko == t.en,
        "{where_}: Korean text has no Hangul: {}",
        t.ko
    );
    assert!(
        !t.en.chars().any(|c| ('가'..='힣').contains(&c)),
        "{where_}: English text has Hangul: {}",
        t.en
    );
}

#[test]
fn every_text_exists_in_both_languages() {
    for l in course() {
        check_text(l.id, &l.title);
        check_text(l.id, &l.summary);
        check_text(l.id, &l.part.title());
        for (i, s) in l.steps.iter().enumerate() {
            let w = format!("{} step {i}", l.id);
            check_text(&w, &s.title);
            check_text(&w, &s.narration);
            s.beats.iter().for_each(|b| check_text(&w, &b.text));
            if let Some(g) = &s.goal {
                check_text(&w, &g.text);
                g.hints.iter().for_each(|h| check_text(&w, h));
            }
            if let Some(p) = &s.prediction {
                check_text(&w, &p.question);
                check_text(&w, &p.explanation);
                p.choices.iter().for_each(|c| {
                    assert!(!c.ko.is_empty() && !c.en.is_empty(), "{w}: empty choice")
                });
            }
        }
    }
    for term in glossary::TERMS {
        assert!(
            !term.term.ko.is_empty() && !term.term.en.is_empty(),
            "{}",
            term.id
        );
        check_text(term.id, &term.definition);
    }
}

fn url_safe(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[test]
fn ids_are_unique_and_url_safe() {
    let mut ids: Vec<&str> = course().iter().map(|l| l.id).collect();
    assert!(ids.iter().all(|id| url_safe(id)), "{ids:?}");
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate lesson ids");
    let mut terms: Vec<&str> = glossary::TERMS.iter().map(|t| t.id).collect();
    assert!(terms.iter().all(|id| url_safe(id)), "{terms:?}");
    terms.sort_unstable();
    let n = terms.len();
    terms.dedup();
    assert_eq!(terms.len(), n, "duplicate glossary ids");
    for (i, l) in course().iter().enumerate() {
        assert_eq!(lessons::lesson_index(l.id), Some(i));
        assert!(!l.steps.is_empty(), "{} has no steps", l.id);
    }
}

#[test]
fn scenes_and_solutions_are_deterministic() {
    // Same seed and actions: the same state bit for bit, so a deep link always shows the same
    // scene and "show me" always ends the same way.
    let run = |lesson: &Lesson, i: usize| {
        let mut sim = scene(lesson, i);
        if let Some(g) = &lesson.steps[i].goal {
            let _ = sim.apply_all(g.solution.iter().cloned());
        }
        (sim.kafka.digest(), sim.rabbit.digest())
    };
    for (lesson, i) in steps() {
        assert_eq!(run(lesson, i), run(lesson, i), "{} step {i}", lesson.id);
    }
}

#[test]
fn course_counts() {
    let lessons = course().len();
    let steps: usize = course().iter().map(|l| l.steps.len()).sum();
    let goals = course()
        .iter()
        .flat_map(|l| &l.steps)
        .filter(|s| s.goal.is_some())
        .count();
    let predictions = course()
        .iter()
        .flat_map(|l| &l.steps)
        .filter(|s| s.prediction.is_some())
        .count();
    println!("{lessons} lessons, {steps} steps, {goals} goals, {predictions} predictions");
    assert!(lessons >= 20 && steps >= 70);
}
