//! Every goal is reachable by its hints: a learner who does what each hint says, in order, on the
//! step's scene, reaches the goal; every hint that names an action says it in words the action's
//! button carries (a hint cannot say "let time pass" for a consumer that only reads when it
//! polls); and no hint's actions are superfluous.

use engine::kafka::Command as K;
use engine::rabbit::Command as R;
use engine::sim::{Action, Sim};
use lessons::{Lesson, Text, course};

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

/// Words (lowercase) one of which each language must use for a hint that takes `action`; `None`
/// for actions the playground's buttons take along by themselves (the Send button's flush,
/// opening a channel).
fn words(action: &Action) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match action {
        Action::Tick(_) => (
            &["tick", "time", "play", "second"],
            &["틱", "시간", "재생", "초"],
        ),
        Action::Kafka(c) => match c {
            K::Produce { .. } | K::ProduceFrom { .. } => (&["send"], &["보내"]),
            K::Flush { .. } => return None,
            K::Poll { .. } => (&["poll"], &["poll"]),
            K::Commit { .. } => (&["commit"], &["커밋"]),
            K::Subscribe { .. } => (&["subscribe", "add"], &["구독", "추가"]),
            K::Leave { .. } => (&["leave"], &["나가기"]),
            K::Crash { .. } => (&["crash"], &["크래시"]),
            K::Seek { .. } => (&["seek"], &["seek"]),
            K::KillBroker { .. } => (&["kill"], &["강제 종료"]),
            K::AddPartitions { .. } => (&["partition count"], &["파티션 수"]),
            K::CreateTopic { .. } | K::CreateTopicWith { .. } => (&["create"], &["만드"]),
            K::AlterProducerConfig { .. } => (&["producer config"], &["프로듀서 설정"]),
            K::StartStream { .. } => (&["key strategy"], &["키 전략"]),
            _ => (&["\u{0}"], &["\u{0}"]),
        },
        Action::Rabbit(c) => match c {
            R::OpenChannel => return None,
            R::Publish(_) => (&["publish"], &["보내"]),
            R::Consume(_) => (&["attach", "consume"], &["붙이", "구독"]),
            R::Cancel { .. } => (&["cancel"], &["취소"]),
            R::Qos { .. } => (&["prefetch"], &["prefetch"]),
            R::Ack { .. } => (&["ack"], &["ack"]),
            R::Nack { .. } => (&["nack"], &["nack"]),
            R::Reject { .. } => (&["reject"], &["거절"]),
            R::Bind(_) => (&["bind"], &["바인딩"]),
            R::Restart => (&["restart"], &["재시작"]),
            _ => (&["\u{0}"], &["\u{0}"]),
        },
    })
}

fn says(text: &Text, action: &Action) -> Result<(), String> {
    let Some((en, ko)) = words(action) else {
        return Ok(());
    };
    let (e, k) = (text.en.to_lowercase(), text.ko.to_lowercase());
    if !en.iter().any(|w| e.contains(w)) {
        return Err(format!(
            "English hint does not say {en:?} for {action:?}: {}",
            text.en
        ));
    }
    if !ko.iter().any(|w| k.contains(w)) {
        return Err(format!(
            "Korean hint does not say {ko:?} for {action:?}: {}",
            text.ko
        ));
    }
    Ok(())
}

#[test]
fn following_every_hint_in_order_reaches_the_goal() {
    let mut goals = 0;
    let mut failures = Vec::new();
    for (lesson, i) in steps() {
        let Some(goal) = &lesson.steps[i].goal else {
            continue;
        };
        goals += 1;
        let at = format!("{} step {i}", lesson.id);
        assert_eq!(goal.hints.len(), goal.hint_actions.len(), "{at}");
        let named: Vec<Action> = goal.hint_actions.iter().flatten().cloned().collect();
        assert_eq!(named, goal.solution, "{at}: show me differs from the hints");
        let last = goal.hint_actions.iter().rposition(|a| !a.is_empty());
        let Some(last) = last else {
            failures.push(format!("{at}: no hint says what to do"));
            continue;
        };
        let mut sim = scene(lesson, i);
        for (h, (text, actions)) in goal.hints.iter().zip(&goal.hint_actions).enumerate() {
            if h == last && goal.reached(&sim) {
                failures.push(format!(
                    "{at}: goal met before hint {h}, whose actions are idle"
                ));
            }
            for a in actions {
                if let Err(e) = says(text, a) {
                    failures.push(format!("{at} hint {h}: {e}"));
                }
                if let Err(e) = sim.apply(a.clone()) {
                    failures.push(format!("{at} hint {h}: {a:?} refused: {e:?}"));
                }
            }
        }
        if !goal.reached(&sim) {
            failures.push(format!(
                "{at}: doing what the hints say does not reach the goal"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(goals >= 40, "only {goals} goals");
}

#[test]
fn every_hint_that_names_actions_is_needed() {
    // Leave out one hint's actions and follow the rest: the goal must then stay unmet, or that
    // hint sends the learner to do something the goal does not need.
    let mut checked = 0;
    let mut failures = Vec::new();
    for (lesson, i) in steps() {
        let Some(goal) = &lesson.steps[i].goal else {
            continue;
        };
        for (h, actions) in goal.hint_actions.iter().enumerate() {
            if actions.is_empty() {
                continue;
            }
            checked += 1;
            let rest = goal
                .hint_actions
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != h)
                .flat_map(|(_, a)| a.iter().cloned());
            let mut sim = scene(lesson, i);
            if sim.apply_all(rest).is_ok() && goal.reached(&sim) {
                failures.push(format!(
                    "{} step {i}: goal met without hint {h}: {}",
                    lesson.id, goal.hints[h].en
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 80, "only {checked} hints with actions");
}
