//! The course player: lessons and steps with narration, goals checked on the engine, hints,
//! "show me", predict-then-reveal questions, back and next, progress kept in the browser, deep
//! links (`?lesson=ID&step=N`), and a glossary.

use crate::stage::{Focus, Stage};
use crate::{Shell, i18n, kafka, rabbit, time};
use engine::sim::Action;
use leptos::prelude::*;
use lessons::{Broker, Lang, Lesson, Text};

/// Where the learner is: a lesson index and a 0-based step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub lesson: usize,
    pub step: usize,
}

/// Why a deep link could not be followed; shown instead of the lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    UnknownLesson(String),
    StepOutOfRange {
        lesson: &'static str,
        step: usize,
        steps: usize,
    },
}

/// Resolves `?lesson=&step=` (1-based step) against the course.
pub fn resolve(lesson: Option<&str>, step: Option<usize>) -> Result<Option<Place>, LinkProblem> {
    let Some(id) = lesson else { return Ok(None) };
    let index =
        lessons::lesson_index(id).ok_or_else(|| LinkProblem::UnknownLesson(id.to_string()))?;
    let l = &lessons::course()[index];
    let step = step.unwrap_or(1);
    if step == 0 || step > l.steps.len() {
        return Err(LinkProblem::StepOutOfRange {
            lesson: l.id,
            step,
            steps: l.steps.len(),
        });
    }
    Ok(Some(Place {
        lesson: index,
        step: step - 1,
    }))
}

/// Progress kept in `localStorage`: `v1|<lesson id>|<step>|<done goal>,<done goal>…` where a
/// done goal is `<lesson id>:<step>`. Anything else (old, foreign, corrupt) starts clean.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub at: Option<Place>,
    pub done: Vec<(String, usize)>,
}

const STORAGE_KEY: &str = "broker-playground.progress";

impl Progress {
    pub fn parse(s: &str) -> Progress {
        let mut parts = s.split('|');
        if parts.next() != Some("v1") {
            return Progress::default();
        }
        let (Some(id), Some(step), Some(done), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Progress::default();
        };
        let at = resolve(Some(id), step.parse::<usize>().ok().map(|s| s + 1))
            .ok()
            .flatten();
        let done = done
            .split(',')
            .filter_map(|d| {
                let (id, step) = d.split_once(':')?;
                let step = step.parse().ok()?;
                lessons::lesson(id)
                    .filter(|l| step < l.steps.len())
                    .map(|l| (l.id.to_string(), step))
            })
            .collect();
        Progress { at, done }
    }

    pub fn encode(&self) -> String {
        let (id, step) = self
            .at
            .map(|p| (lessons::course()[p.lesson].id, p.step))
            .unwrap_or(("", 0));
        let done: Vec<String> = self
            .done
            .iter()
            .map(|(id, s)| format!("{id}:{s}"))
            .collect();
        format!("v1|{id}|{step}|{}", done.join(","))
    }

    pub fn is_done(&self, lesson: &str, step: usize) -> bool {
        self.done.iter().any(|(id, s)| id == lesson && *s == step)
    }

    fn load() -> Progress {
        window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .map(|s| Progress::parse(&s))
            .unwrap_or_default()
    }

    fn save(&self) {
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(STORAGE_KEY, &self.encode());
        }
    }
}

/// Narration text with `code` spans, rendered as text (never as markup).
pub fn rich(text: &str) -> impl IntoView + use<> {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn CoursePage(lesson: Option<String>, step: Option<usize>) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let t = move |text: Text| text.get(lang.get());
    let progress = RwSignal::new(Progress::load());
    let problem = RwSignal::new(None::<LinkProblem>);
    let start = match resolve(lesson.as_deref(), step) {
        Ok(Some(place)) => place,
        Ok(None) => progress
            .get_untracked()
            .at
            .unwrap_or(Place { lesson: 0, step: 0 }),
        Err(p) => {
            problem.set(Some(p));
            Place { lesson: 0, step: 0 }
        }
    };
    let place = RwSignal::new(start);
    let course = lessons::course();
    let lesson_of = move || &course[place.get().lesson];
    let stage = Stage::new(scene(&course[start.lesson], start.step), shell.readonly);
    time::drive(stage);
    // How many of the step's waiting sentences have been told (they stay told).
    let told = RwSignal::new(0usize);
    // The embedding page may move the player to a step of this lesson (1-based; ignored when
    // out of range).
    Effect::new(move |_| {
        if let Some(n) = shell.go_to_step.get() {
            let p = place.get_untracked();
            if (1..=course[p.lesson].steps.len()).contains(&n) {
                place.set(Place {
                    lesson: p.lesson,
                    step: n - 1,
                });
            }
        }
    });

    // A new step starts from its own scene, so back, next and jumps are all deterministic.
    Effect::new(move |prev: Option<Place>| {
        let p = place.get();
        if prev.is_some_and(|prev| prev != p) {
            stage.reset(scene(&course[p.lesson], p.step), None);
        }
        let step = &course[p.lesson].steps[p.step];
        stage.highlight.set(step.highlight.to_vec());
        stage.focus.set(Focus::of(step));
        told.set(0);
        progress.update(|pr| pr.at = Some(p));
        p
    });
    Effect::new(move |_| progress.with(Progress::save));
    // The tab (and a bookmark) names the lesson, in the learner's language.
    Effect::new(move |_| {
        let l = lang.get();
        let lesson = &course[place.get().lesson];
        document().set_title(&format!("{} · {}", lesson.title.get(l), i18n::TITLE.get(l)));
    });
    // Keep ?lesson=&step= in the address bar.
    Effect::new(move |_| {
        let p = place.get();
        let mut link = crate::link::Link::parse(&window().location().search().unwrap_or_default());
        link.lesson = Some(course[p.lesson].id.to_string());
        link.step = Some(p.step + 1);
        link.lang = Some(lang.get().tag().to_string());
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&link.to_query()),
            );
        }
    });

    let step_of = move || &lesson_of().steps[place.get().step];
    // A waiting sentence is told once its condition holds after an action or a tick, and only
    // after the ones before it.
    Effect::new(move |_| {
        let p = place.get();
        let beats = &course[p.lesson].steps[p.step].beats;
        let was = told.get_untracked();
        let mut k = was;
        stage.with(|sim| {
            while k < beats.len() && (beats[k].when)(sim) {
                k += 1;
            }
        });
        if k != was {
            told.set(k);
        }
    });
    let waiting = move || {
        let s = step_of();
        s.next_waits && told.get() < s.beats.len()
    };
    let reached = Memo::new(move |_| {
        let p = place.get();
        let goal = course[p.lesson].steps[p.step].goal.as_ref()?;
        Some(stage.with(|sim| (goal.check)(sim)))
    });
    Effect::new(move |_| {
        if reached.get() == Some(true) {
            let p = place.get_untracked();
            let id = course[p.lesson].id;
            if !progress.with_untracked(|pr| pr.is_done(id, p.step)) {
                progress.update(|pr| pr.done.push((id.to_string(), p.step)));
            }
        }
    });

    let go = move |delta: isize| {
        let p = place.get_untracked();
        let steps = course[p.lesson].steps.len();
        let next = if delta > 0 {
            if p.step + 1 < steps {
                Some(Place {
                    lesson: p.lesson,
                    step: p.step + 1,
                })
            } else if p.lesson + 1 < course.len() {
                Some(Place {
                    lesson: p.lesson + 1,
                    step: 0,
                })
            } else {
                None
            }
        } else if p.step > 0 {
            Some(Place {
                lesson: p.lesson,
                step: p.step - 1,
            })
        } else if p.lesson > 0 {
            Some(Place {
                lesson: p.lesson - 1,
                step: course[p.lesson - 1].steps.len() - 1,
            })
        } else {
            None
        };
        if let Some(n) = next {
            problem.set(None);
            place.set(n);
        }
    };
    let at_start = move || place.with(|p| p.lesson == 0 && p.step == 0);
    let at_end = move || {
        place.with(|p| p.lesson + 1 == course.len() && p.step + 1 == course[p.lesson].steps.len())
    };

    view! {
        <div class="course">
            <div class="lesson-main">
                {move || problem.get().map(|p| view! { <p class="link-problem" role="alert">{link_problem(&p, lang.get())}</p> })}
                <article class="step-card" aria-labelledby="step-title">
                    <LessonList place progress />
                    <p class="step-kicker">
                        {move || format!("{} · {}", t(lesson_of().part.title()), t(lesson_of().title))}
                    </p>
                    <h2 id="step-title">{move || t(step_of().title)}</h2>
                    <p class="step-count">
                        {move || {
                            let p = place.get();
                            step_count(p.step + 1, course[p.lesson].steps.len(), lang.get())
                        }}
                    </p>
                    <p class="narration">{move || rich(t(step_of().narration))}</p>
                    <div class="beats" aria-live="polite">
                        {move || {
                            let n = told.get();
                            step_of()
                                .beats
                                .iter()
                                .take(n)
                                .map(|b| view! { <p class="beat">{rich(t(b.text))}</p> })
                                .collect_view()
                        }}
                    </div>
                </article>
                // The picture sits beside the narration on a wide screen and under it on a
                // phone, so the idea, the picture and what to do are seen together.
                <div class="step-stage">
                <time::TimeControls lang stage />
                <crate::narration::Narration stage />
                {move || match lesson_of().broker {
                    Broker::Kafka => view! { <kafka::KafkaView stage /> }.into_any(),
                    Broker::Rabbit => crate::lazy::view(move || rabbit::lazy_view(stage)),
                    Broker::Both => {
                        view! {
                            <div class="side-by-side">
                                <kafka::KafkaView stage />
                                {crate::lazy::view(move || rabbit::lazy_view(stage))}
                            </div>
                        }
                            .into_any()
                    }
                }}
                </div>
                <div class="step-goal">
                    {move || {
                        let p = place.get();
                        view! {
                            <GoalBox stage place=p reached=reached />
                            <PredictionBox stage place=p />
                        }
                    }}
                    <nav class="step-nav" aria-label=move || t(i18n::STEP_NAV)>
                        <button type="button" on:click=move |_| go(-1) disabled=at_start>
                            {move || t(i18n::BACK)}
                        </button>
                        <button type="button" class="primary" on:click=move |_| go(1) disabled=move || at_end() || waiting() aria-describedby=move || waiting().then_some("next-waits")>
                            {move || t(i18n::NEXT)}
                        </button>
                    </nav>
                    {move || waiting().then(|| view! { <p id="next-waits" class="next-waits">{t(i18n::NEXT_WAITS)}</p> })}
                </div>
                <div class="step-more">
                <crate::share_panel::SharePanel subject=Signal::derive(move || {
                    let p = place.get();
                    crate::share_panel::Subject::Lesson { lesson: course[p.lesson].id, step: p.step }
                }) />
                <Glossary />
                </div>
            </div>
        </div>
    }
}

fn scene(lesson: &Lesson, step: usize) -> engine::sim::Sim {
    // Every scene is proven to apply cleanly by the course tests; a fresh sim is the fallback.
    lesson
        .scene(step)
        .unwrap_or_else(|_| engine::sim::Sim::new(lesson.seed))
}

fn step_count(n: usize, of: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{of}단계 중 {n}단계"),
        Lang::En => format!("Step {n} of {of}"),
    }
}

fn link_problem(p: &LinkProblem, lang: Lang) -> String {
    match (p, lang) {
        (LinkProblem::UnknownLesson(id), Lang::Ko) => {
            format!("'{id}'라는 레슨은 없습니다. 첫 레슨부터 보여 드립니다.")
        }
        (LinkProblem::UnknownLesson(id), Lang::En) => {
            format!("There is no lesson called '{id}'. Showing the first lesson instead.")
        }
        (
            LinkProblem::StepOutOfRange {
                lesson,
                step,
                steps,
            },
            Lang::Ko,
        ) => {
            format!(
                "'{lesson}' 레슨에는 {step}단계가 없습니다 (1~{steps}단계). 첫 레슨부터 보여 드립니다."
            )
        }
        (
            LinkProblem::StepOutOfRange {
                lesson,
                step,
                steps,
            },
            Lang::En,
        ) => {
            format!(
                "Lesson '{lesson}' has no step {step} (it has steps 1–{steps}). Showing the first lesson instead."
            )
        }
    }
}

#[component]
fn LessonList(place: RwSignal<Place>, progress: RwSignal<Progress>) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let t = move |text: Text| text.get(lang.get());
    let course = lessons::course();
    let total_goals: usize = course
        .iter()
        .map(|l| l.steps.iter().filter(|s| s.goal.is_some()).count())
        .sum();
    // The list opens from a button, over the page, so it never pushes the step away.
    let open = RwSignal::new(false);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <div class="lessons" on:keydown=on_key>
        <button type="button" class="lessons-toggle" aria-expanded=move || open.get().to_string() aria-controls="lesson-list" on:click=move |_| open.update(|o| *o = !*o)>
            <span aria-hidden="true">"☰ "</span>
            {move || t(i18n::LESSONS)}
            <span class="progress-line">
                {move || {
                    let done = progress.with(|p| p.done.len());
                    match lang.get() {
                        Lang::Ko => format!("목표 {total_goals}개 중 {done}개 달성"),
                        Lang::En => format!("{done} of {total_goals} goals reached"),
                    }
                }}
            </span>
        </button>
        <nav id="lesson-list" class="lesson-list" aria-label=move || t(i18n::LESSONS) hidden=move || !open.get()>
            <ol>
                {course
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let new_part = i == 0 || course[i - 1].part != l.part;
                        let goals = l.steps.iter().filter(|s| s.goal.is_some()).count();
                        view! {
                            {new_part.then(|| view! { <li class="part" aria-hidden="true">{move || t(l.part.title())}</li> })}
                            <li>
                                <button
                                    type="button"
                                    aria-current=move || (place.get().lesson == i).then_some("step")
                                    on:click=move |_| {
                                        place.set(Place { lesson: i, step: 0 });
                                        open.set(false);
                                    }
                                >
                                    <span class="lesson-title">{move || t(l.title)}</span>
                                    <span class="lesson-done">
                                        {move || {
                                            let done = progress.with(|p| p.done.iter().filter(|(id, _)| id == l.id).count());
                                            (goals > 0).then(|| format!("{done}/{goals}"))
                                        }}
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
        </div>
    }
}

#[component]
fn GoalBox(stage: Stage, place: Place, reached: Memo<Option<bool>>) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let t = move |text: Text| text.get(lang.get());
    let lesson = &lessons::course()[place.lesson];
    let Some(goal) = lesson.steps[place.step].goal.as_ref() else {
        return ().into_any();
    };
    let hints_shown = RwSignal::new(0usize);
    let showing = RwSignal::new(false);
    let show_me = move |_| {
        stage.playing.set(false);
        showing.set(true);
        play_solution(stage, goal, showing, 0);
    };
    view! {
        <section class="goal" aria-labelledby="goal-h" class:reached=move || reached.get() == Some(true)>
            <h3 id="goal-h">{move || t(i18n::GOAL)}</h3>
            <p>{move || rich(t(goal.text))}</p>
            <p class="goal-status" role="status">
                {move || if reached.get() == Some(true) { t(i18n::GOAL_REACHED) } else { t(i18n::GOAL_OPEN) }}
            </p>
            <ul class="hints">
                {move || {
                    goal.hints.iter().take(hints_shown.get()).map(|h| view! { <li>{rich(t(*h))}</li> }).collect_view()
                }}
            </ul>
            <div class="goal-actions">
                <button
                    type="button"
                    on:click=move |_| hints_shown.update(|n| *n += 1)
                    disabled=move || { hints_shown.get() >= goal.hints.len() }
                >
                    {move || t(i18n::HINT)}
                </button>
                <button type="button" on:click=show_me disabled=move || reached.get() == Some(true) || stage.readonly || showing.get()>
                    {move || t(if showing.get() { i18n::SHOWING } else { i18n::SHOW_ME })}
                </button>
            </div>
        </section>
    }
    .into_any()
}

/// The pause between two presses of "Show me": long enough to read what the stage did.
const SHOW_ME_PAUSE_MS: u32 = 900;
/// How often the player looks whether the stage has settled.
const SHOW_ME_POLL_MS: u32 = 100;
/// The longest wait for the stage to settle before the next press anyway.
const SHOW_ME_MAX_WAIT_MS: u32 = 4_000;

/// How many actions from `i` one press of the playground takes: the Send button flushes what it
/// sent, so a produce and the flush after it are one press.
fn press_len(actions: &[Action], i: usize) -> usize {
    use engine::kafka::Command as K;
    match (actions.get(i), actions.get(i + 1)) {
        (
            Some(Action::Kafka(K::Produce { .. } | K::ProduceFrom { .. })),
            Some(Action::Kafka(K::Flush { .. })),
        ) => 2,
        _ => 1,
    }
}

/// Plays a solution the way a person would press it: one press, then a pause while its tokens
/// travel and the stage settles, then the next. Stops when the step changes (its box is gone),
/// at a refused action, or once the goal is reached (the clock may get there before the
/// solution's last ticks).
fn play_solution(stage: Stage, goal: &'static lessons::Goal, showing: RwSignal<bool>, i: usize) {
    if showing.try_get_untracked() != Some(true) {
        return;
    }
    let actions = &goal.solution;
    if i > 0 && stage.with_untracked(|sim| goal.reached(sim)) {
        showing.set(false);
        return;
    }
    let n = press_len(actions, i);
    let Some(press) = actions.get(i..i + n) else {
        showing.set(false);
        return;
    };
    if press.iter().any(|a| stage.act(a.clone()).is_err()) {
        showing.set(false);
        return;
    }
    if i + n >= actions.len() {
        showing.set(false);
        return;
    }
    wait_then(stage, showing, 0, move || {
        play_solution(stage, goal, showing, i + n)
    });
}

fn wait_then(stage: Stage, showing: RwSignal<bool>, waited: u32, next: impl Fn() + 'static) {
    set_timeout(
        move || {
            if showing.try_get_untracked() != Some(true) {
                return;
            }
            let waited = waited + SHOW_ME_POLL_MS;
            let settled = !stage.settling.get_untracked() && stage.phase.get_untracked() >= 1.0;
            if waited >= SHOW_ME_PAUSE_MS && (settled || waited >= SHOW_ME_MAX_WAIT_MS) {
                next();
            } else {
                wait_then(stage, showing, waited, next);
            }
        },
        std::time::Duration::from_millis(SHOW_ME_POLL_MS.into()),
    );
}

#[component]
fn PredictionBox(stage: Stage, place: Place) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let t = move |text: Text| text.get(lang.get());
    let lesson = &lessons::course()[place.lesson];
    let Some(prediction) = lesson.steps[place.step].prediction.as_ref() else {
        return ().into_any();
    };
    let choice = RwSignal::new(None::<usize>);
    let revealed = RwSignal::new(false);
    let group = format!("predict-{}-{}", lesson.id, place.step);
    let reveal = move |_| {
        if choice.get_untracked().is_some() && !revealed.get_untracked() {
            revealed.set(true);
            let _ = stage.act_all(&prediction.reveal);
        }
    };
    view! {
        <fieldset class="prediction">
            <legend>{move || rich(t(prediction.question))}</legend>
            {prediction
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let group = group.clone();
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name=group
                                prop:checked=move || choice.get() == Some(i)
                                on:change=move |_| choice.set(Some(i))
                                disabled=move || revealed.get()
                            />
                            <span>{move || rich(t(*c))}</span>
                        </label>
                    }
                })
                .collect_view()}
            <button type="button" on:click=reveal disabled=move || choice.get().is_none() || revealed.get()>
                {move || t(i18n::REVEAL)}
            </button>
            <div role="status" class="reveal">
                {move || {
                    revealed
                        .get()
                        .then(|| {
                            let right = choice.get() == Some(prediction.answer);
                            view! {
                                <p class:right=right class:wrong=!right>
                                    <strong>{if right { t(i18n::RIGHT) } else { t(i18n::NOT_QUITE) }}</strong>
                                    " "
                                    {rich(t(prediction.explanation))}
                                </p>
                            }
                        })
                }}
            </div>
        </fieldset>
    }
    .into_any()
}

#[component]
fn Glossary() -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let t = move |text: Text| text.get(lang.get());
    view! {
        <details class="glossary">
            <summary>{move || t(i18n::GLOSSARY)}</summary>
            <dl>
                {lessons::glossary::TERMS
                    .iter()
                    .map(|term| {
                        view! {
                            <div class="term" id=format!("term-{}", term.id)>
                                <dt>
                                    <span lang="ko">{term.term.ko}</span>
                                    " ↔ "
                                    <span lang="en">{term.term.en}</span>
                                </dt>
                                <dd>{move || t(term.definition)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_links_resolve_or_say_why_not() {
        let first = lessons::course()[0].id;
        assert_eq!(
            resolve(Some(first), Some(1)),
            Ok(Some(Place { lesson: 0, step: 0 }))
        );
        assert_eq!(resolve(None, Some(3)), Ok(None));
        assert_eq!(
            resolve(Some("no-such-lesson"), None),
            Err(LinkProblem::UnknownLesson("no-such-lesson".into()))
        );
        let steps = lessons::course()[0].steps.len();
        assert!(matches!(
            resolve(Some(first), Some(steps + 1)),
            Err(LinkProblem::StepOutOfRange { .. })
        ));
    }

    #[test]
    fn progress_round_trips_and_a_corrupt_store_starts_clean() {
        let l = &lessons::course()[1];
        let p = Progress {
            at: Some(Place { lesson: 1, step: 0 }),
            done: vec![(l.id.to_string(), 0)],
        };
        assert_eq!(Progress::parse(&p.encode()), p);
        for junk in [
            "",
            "v2|x|0|",
            "v1|nope|0|",
            "v1|||||",
            "{\"json\":1}",
            "v1|why-brokers|999|x:y,,",
        ] {
            let parsed = Progress::parse(junk);
            assert!(parsed.done.is_empty(), "{junk}");
        }
        assert_eq!(Progress::parse("v1|nope|0|").at, None);
    }
}
