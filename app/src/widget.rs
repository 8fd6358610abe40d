//! A blog widget: one lesson step alone (`?embed=1&lesson=ID&step=N`). Its title and narration,
//! its stage, its goal or prediction and only the controls that step's idea needs, with a small
//! link to the same step in the full course. No lesson list, no site navigation, no tools
//! drawer unless the step needs a form only the drawer has.
//!
//! What a step offers beside the stage's own gestures is chosen in one place, [`offers`]; the
//! broker views read the chosen set from the context ([`Offers`]) and show those controls in
//! place of their drawer.

use crate::course::{GoalBox, Place, PredictionBox, resolve, rich};
use crate::stage::Stage;
use crate::{Shell, i18n, kafka, time};
use engine::kafka::{Command as KCommand, Event as KEvent, Header, Record};
use engine::rabbit::{Command as RCommand, PublishSpec};
use engine::sim::{Action, SimEvent};
use leptos::prelude::*;
use lessons::{Broker, Lang, Step, Text};

/// A control a step widget shows under its stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Kafka: send a record with a key typed in (and headers, when the step is about them) to
    /// `topic`, from `producer`, flushed at once.
    Produce {
        topic: String,
        producer: String,
        headers: bool,
    },
    /// Kafka: a member of `group` leaves cleanly (`consumer.close()`), one button per member.
    Leave { group: String },
    /// RabbitMQ: publish to `exchange` with a routing key typed in (and headers).
    Publish {
        exchange: String,
        channel: u32,
        headers: bool,
    },
    /// Something only the tools drawer's full forms do (a binding, a topic config …).
    Tools,
}

/// The set a step widget offers, given to the broker views as context. Without it (the course
/// page, the sandboxes) a view shows its whole tools drawer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offers(pub Vec<Offer>);

impl Offers {
    pub fn tools(&self) -> bool {
        self.0.contains(&Offer::Tools)
    }
}

/// What a learner may do in this step beyond the stage's gestures: read off the actions its
/// hints name (the reference solution) and its prediction's reveal, so every goal is reachable
/// from the widget. Gestures the stage itself offers (a producer's Produce with the next key,
/// kill and isolate a broker, poll, commit and crash a consumer, add one to a group, ack, nack
/// and reject a delivery, publish) and time (the time controls) need nothing more.
///
/// When lessons declare their actions, this is the one function that returns the declared set.
pub fn offers(step: &Step) -> Offers {
    let mut out: Vec<Offer> = Vec::new();
    let mut add = |o: Offer| {
        // One form per target; headers once any of its actions carries some.
        for have in out.iter_mut() {
            match (have, &o) {
                (
                    Offer::Produce {
                        topic, headers: h, ..
                    },
                    Offer::Produce {
                        topic: t,
                        headers: h2,
                        ..
                    },
                ) if topic == t => {
                    *h |= *h2;
                    return;
                }
                (
                    Offer::Publish {
                        exchange,
                        headers: h,
                        ..
                    },
                    Offer::Publish {
                        exchange: e,
                        headers: h2,
                        ..
                    },
                ) if exchange == e => {
                    *h |= *h2;
                    return;
                }
                (have, o) if have == o => return,
                _ => {}
            }
        }
        out.push(o);
    };
    let solution = step.goal.iter().flat_map(|g| g.solution.iter());
    let reveal = step.prediction.iter().flat_map(|p| p.reveal.iter());
    for action in solution.chain(reveal) {
        if let Some(o) = offer_for(action) {
            add(o);
        }
    }
    Offers(out)
}

fn offer_for(action: &Action) -> Option<Offer> {
    use engine::kafka::Command as K;
    use engine::rabbit::Command as R;
    match action {
        Action::Tick(_) => None,
        Action::Kafka(K::Produce { topic, record }) => Some(Offer::Produce {
            topic: topic.clone(),
            producer: engine::kafka::DEFAULT_PRODUCER.to_string(),
            headers: !record.headers.is_empty(),
        }),
        Action::Kafka(K::ProduceFrom {
            producer,
            topic,
            record,
        }) => Some(Offer::Produce {
            topic: topic.clone(),
            producer: producer.clone(),
            headers: !record.headers.is_empty(),
        }),
        Action::Kafka(K::Leave { group, .. }) => Some(Offer::Leave {
            group: group.clone(),
        }),
        Action::Kafka(
            K::Flush { .. }
            | K::KillBroker { .. }
            | K::RestartBroker { .. }
            | K::IsolateBroker { .. }
            | K::HealBroker { .. }
            | K::Poll { .. }
            | K::Commit { .. }
            | K::Crash { .. }
            | K::Subscribe { .. },
        ) => None,
        Action::Rabbit(R::Publish(p)) => Some(Offer::Publish {
            exchange: p.exchange.clone(),
            channel: p.channel.0,
            headers: p.properties.headers.is_some(),
        }),
        Action::Rabbit(
            R::Ack { .. } | R::Nack { requeue: true, .. } | R::Reject { requeue: false, .. },
        ) => None,
        _ => Some(Offer::Tools),
    }
}

pub const OPEN_STEP: Text = Text::new(
    "전체 코스에서 이 단계 열기 ↗",
    "Open this step in the full course ↗",
);
const MORE: Text = Text::new("더 읽기", "Read more");
const LESS: Text = Text::new("접기", "Show less");
/// How wide a narration may be (in Latin letter widths, see [`width`]) and still be shown whole;
/// a longer one starts clamped to its first four lines (about this much at 720 px).
const LONG_NARRATION: usize = 330;

/// A text's width in Latin letter widths: a Hangul syllable (or another wide character) counts
/// two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum()
}
const SENT_TO: Text = Text::new(
    "보냄: {topic}-{p}, offset {o}",
    "Sent: {topic}-{p}, offset {o}",
);
const LEAVE: Text = Text::new("{m} 나가기", "{m} leaves");
const LEAVE_GROUP: Text = Text::new("{g} 그룹에서 컨슈머 내보내기", "Let a consumer leave {g}");
const PRODUCE_TO: Text = Text::new("{topic}에 보내기", "Produce to {topic}");
const PUBLISH_TO: Text = Text::new("{x}에 보내기", "Publish to {x}");
const PUBLISH: Text = Text::new("보내기", "Publish");
const ROUTING_KEY: Text = Text::new("라우팅 키", "Routing key");
const BODY: Text = Text::new("본문", "Body");
const HEADERS: Text = Text::new("헤더 (k=v, 쉼표로 구분)", "Headers (k=v, comma-separated)");
const BAD_HEADERS: Text = Text::new(
    "헤더는 k=v 꼴로, 쉼표로 나눠 적어 주세요.",
    "Write headers as k=v, separated by commas.",
);
const PUBLISHED: Text = Text::new(
    "보냄: 큐 {n}개에 들어갔습니다 ({q})",
    "Published: routed to {n} queue(s) ({q})",
);
const UNROUTED: Text = Text::new(
    "보냄: 맞는 바인딩이 없어 어느 큐에도 들어가지 않았습니다",
    "Published: no binding matched, so it reached no queue",
);
const DEFAULT_EXCHANGE: Text = Text::new("기본 exchange", "the default exchange");

fn fill(text: Text, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    crate::stage::text::fill(text, lang, args)
}

/// The step widget; a link naming no step says why and shows the course's first step, as the
/// course page does.
#[component]
pub fn StepWidget(lesson: String, step: Option<usize>) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let (start, problem) = match resolve(Some(&lesson), step) {
        Ok(Some(place)) => (place, None),
        Ok(None) => (Place { lesson: 0, step: 0 }, None),
        Err(p) => (Place { lesson: 0, step: 0 }, Some(p)),
    };
    view! {
        {problem.map(|p| view! {
            <p class="link-problem" role="alert">{move || crate::course::link_problem(&p, lang.get())}</p>
        })}
        <Widget start />
    }
}

#[component]
fn Widget(start: Place) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let lang = shell.lang;
    let t = move |text: Text| text.get(lang.get());
    let course = lessons::course();
    let place = RwSignal::new(start);
    let lesson = &course[start.lesson];
    let stage = Stage::new(crate::course::scene(lesson, start.step), shell.readonly);
    time::drive(stage);
    // The embedding page may move the widget to another step of its lesson (`goToStep`).
    Effect::new(move |_| {
        if let Some(n) = shell.go_to_step.get()
            && (1..=lesson.steps.len()).contains(&n)
        {
            place.set(Place {
                lesson: start.lesson,
                step: n - 1,
            });
        }
    });
    Effect::new(move |prev: Option<Place>| {
        let p = place.get();
        if prev.is_some_and(|prev| prev != p) {
            stage.reset(crate::course::scene(lesson, p.step), None);
        }
        stage.highlight.set(lesson.steps[p.step].highlight.to_vec());
        p
    });
    Effect::new(move |_| {
        let l = lang.get();
        let s = &lesson.steps[place.get().step];
        document().set_title(&format!("{} · {}", s.title.get(l), i18n::TITLE.get(l)));
    });
    let step_of = move || &lesson.steps[place.get().step];
    let reached = Memo::new(move |_| {
        let goal = lesson.steps[place.get().step].goal.as_ref()?;
        Some(stage.with(|sim| (goal.check)(sim)))
    });
    let broker = lesson.broker;
    let more = RwSignal::new(false);
    let long = move || width(t(step_of().narration)) > LONG_NARRATION;
    // The same step in the full course, in the reader's language.
    let course_href = move || {
        crate::link::Link {
            lang: Some(lang.get().tag().into()),
            page: crate::link::Page::Course,
            lesson: Some(lesson.id.to_string()),
            step: Some(place.get().step + 1),
            ..crate::link::Link::default()
        }
        .to_query()
    };
    view! {
        <article class="step-widget" aria-labelledby="step-title">
            <div class="w-text">
                <div class="w-head">
                    <h2 id="step-title">{move || t(step_of().title)}</h2>
                    <span class="w-links">
                        <a class="w-open" href=move || format!("./{}", course_href()) target="_blank" rel="noopener">
                            {move || t(OPEN_STEP)}
                        </a>
                        <crate::LangSwitch lang />
                    </span>
                </div>
                // A long narration starts as its first lines, so the picture stays in sight;
                // the rest is one press away.
                <p id="w-narration" class="narration" class:clamped=move || long() && !more.get()>
                    {move || rich(t(step_of().narration))}
                </p>
                {move || long().then(|| view! {
                    <button type="button" class="w-more" aria-controls="w-narration"
                        aria-expanded=move || more.get().to_string()
                        on:click=move |_| more.update(|m| *m = !*m)>
                        {move || if more.get() { t(LESS) } else { t(MORE) }}
                    </button>
                })}
            </div>
            <div class="w-stage">
                <time::TimeControls lang stage />
                <crate::narration::Narration stage />
                {move || {
                    // The views read the offered set from the context; a new step brings its own.
                    provide_context(offers(step_of()));
                    broker_view(broker, stage)
                }}
            </div>
            <div class="w-goal">
                {move || {
                    let p = place.get();
                    view! {
                        <GoalBox stage place=p reached=reached />
                        <PredictionBox stage place=p />
                    }
                }}
            </div>
        </article>
    }
}

fn broker_view(broker: Broker, stage: Stage) -> AnyView {
    match broker {
        Broker::Kafka => view! { <kafka::KafkaView stage /> }.into_any(),
        Broker::Rabbit => crate::lazy::view(move || crate::rabbit::lazy_view(stage)),
        Broker::Both => view! {
            <div class="side-by-side">
                <kafka::KafkaView stage />
                {crate::lazy::view(move || crate::rabbit::lazy_view(stage))}
            </div>
        }
        .into_any(),
    }
}

/// A form's inline problem, when there is one.
fn problem_line(
    lang: RwSignal<Lang>,
    err: RwSignal<Option<String>>,
    text: RwSignal<Option<Text>>,
) -> impl IntoView {
    move || {
        let said = text
            .get()
            .map(|t| t.get(lang.get()).to_string())
            .or_else(|| err.get());
        said.map(|s| view! { <p class="error" role="alert">{s}</p> })
    }
}

/// `a=1, b=2` → pairs; `None` when a part has no `=`.
fn pairs(s: &str) -> Option<Vec<(String, String)>> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// The Kafka controls a step offers, under its stage.
#[component]
pub(crate) fn KafkaOffers(ctx: kafka::Ctx, offers: Offers) -> impl IntoView {
    (!ctx.stage.readonly).then(|| {
        offers
            .0
            .into_iter()
            .map(|o| match o {
                Offer::Produce {
                    topic,
                    producer,
                    headers,
                } => view! { <QuickProduce ctx topic producer headers /> }.into_any(),
                Offer::Leave { group } => view! { <LeaveButtons ctx group /> }.into_any(),
                Offer::Publish { .. } | Offer::Tools => ().into_any(),
            })
            .collect_view()
    })
}

/// Key, value (and headers) and Produce: the record is sent and flushed at once, and the line
/// under it says where it landed.
#[component]
fn QuickProduce(ctx: kafka::Ctx, topic: String, producer: String, headers: bool) -> impl IntoView {
    let lang = ctx.lang;
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let hdrs = RwSignal::new(String::new());
    let err = RwSignal::new(None::<String>);
    let local = RwSignal::new(None::<Text>);
    let landed = RwSignal::new(None::<(String, u32, u64)>);
    let label_topic = topic.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (k, v) = (key.get_untracked(), value.get_untracked());
        if k.is_empty() && v.is_empty() {
            local.set(Some(i18n::VALUE_REQUIRED));
            return;
        }
        let Some(hs) = pairs(&hdrs.get_untracked()) else {
            local.set(Some(BAD_HEADERS));
            return;
        };
        local.set(None);
        let record = Record {
            key: (!k.is_empty()).then(|| k.into_bytes()),
            value: (!v.is_empty()).then(|| v.into_bytes()),
            headers: hs
                .into_iter()
                .map(|(k, v)| Header {
                    key: k,
                    value: Some(v.into_bytes()),
                })
                .collect(),
            timestamp: None,
            partition: None,
        };
        let send = if producer == engine::kafka::DEFAULT_PRODUCER {
            KCommand::Produce {
                topic: topic.clone(),
                record,
            }
        } else {
            KCommand::ProduceFrom {
                producer: producer.clone(),
                topic: topic.clone(),
                record,
            }
        };
        let flush = KCommand::Flush {
            producer: Some(producer.clone()),
        };
        let mut at = None;
        for action in [send, flush] {
            match ctx.stage.act(Action::Kafka(action)) {
                Ok(events) => {
                    ctx.learn(&events);
                    at = at.or_else(|| {
                        events.iter().find_map(|e| match e {
                            SimEvent::Kafka(KEvent::Partitioned {
                                topic, partition, ..
                            }) => Some((topic.to_string(), *partition)),
                            _ => None,
                        })
                    });
                }
                Err(e) => {
                    err.set(Some(kafka::explain::sim_error(&e, lang.get_untracked())));
                    landed.set(None);
                    return;
                }
            }
        }
        err.set(None);
        value.set(String::new());
        landed.set(at.and_then(|(t, p)| {
            let offset = ctx.stage.with_untracked(|s| {
                s.kafka
                    .partition(&t, p)
                    .and_then(|pv| pv.records().last().map(|r| r.offset))
            })?;
            Some((t, p, offset))
        }));
    };
    view! {
        <form class="w-form" on:submit=submit aria-label=move || fill(PRODUCE_TO, lang.get(), &[("topic", &label_topic)])>
            <label>
                <span>{move || i18n::KEY.get(lang.get())}</span>
                <input type="text" bind:value=key autocomplete="off" spellcheck="false" placeholder="match-42" />
            </label>
            <label>
                <span>{move || i18n::VALUE.get(lang.get())}</span>
                <input type="text" bind:value=value autocomplete="off" spellcheck="false" placeholder="goal" />
            </label>
            {headers.then(|| view! {
                <label>
                    <span>{move || HEADERS.get(lang.get())}</span>
                    <input type="text" bind:value=hdrs autocomplete="off" spellcheck="false" placeholder="source=stadium-3" />
                </label>
            })}
            <button type="submit" class="primary">{move || i18n::PRODUCE.get(lang.get())}</button>
            <p class="w-result" role="status">
                {move || landed.get().map(|(t, p, o)| fill(SENT_TO, lang.get(), &[("topic", &t), ("p", &p), ("o", &o)]))}
            </p>
            {problem_line(lang, err, local)}
        </form>
    }
}

/// One "leaves" button per running member of the group.
#[component]
fn LeaveButtons(ctx: kafka::Ctx, group: String) -> impl IntoView {
    let lang = ctx.lang;
    let err = RwSignal::new(None::<String>);
    let local = RwSignal::new(None::<Text>);
    let g = group.clone();
    let members = move || {
        ctx.model.with(|m| {
            m.groups
                .iter()
                .find(|v| *v.name == *g)
                .map(|v| {
                    v.members
                        .iter()
                        .filter(|m| m.running)
                        .map(|m| m.name.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let label_group = group.clone();
    view! {
        <div class="w-form" role="group" aria-label=move || fill(LEAVE_GROUP, lang.get(), &[("g", &label_group)])>
            <For each=members key=|m| m.clone() let:member>
                {
                    let group = group.clone();
                    let name = member.clone();
                    view! {
                        <button type="button" on:click=move |_| {
                            let leave = KCommand::Leave { group: group.clone(), member: member.clone() };
                            match ctx.stage.act(Action::Kafka(leave)) {
                                Ok(events) => {
                                    ctx.learn(&events);
                                    err.set(None);
                                }
                                Err(e) => err.set(Some(kafka::explain::sim_error(&e, lang.get_untracked()))),
                            }
                        }>
                            {move || fill(LEAVE, lang.get(), &[("m", &name)])}
                        </button>
                    }
                }
            </For>
            {problem_line(lang, err, local)}
        </div>
    }
}

/// The RabbitMQ controls a step offers, under its stage.
pub(crate) fn rabbit_offers(stage: Stage, lang: RwSignal<Lang>, offers: Offers) -> impl IntoView {
    (!stage.readonly).then(|| {
        offers
            .0
            .into_iter()
            .map(|o| match o {
                Offer::Publish {
                    exchange,
                    channel,
                    headers,
                } => view! { <QuickPublish stage lang exchange channel headers /> }.into_any(),
                _ => ().into_any(),
            })
            .collect_view()
    })
}

/// Routing key, body (and headers) and Publish, to the step's exchange; the line under it says
/// which queues the message reached, as the engine routed it.
#[component]
fn QuickPublish(
    stage: Stage,
    lang: RwSignal<Lang>,
    exchange: String,
    channel: u32,
    headers: bool,
) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let hdrs = RwSignal::new(String::new());
    let err = RwSignal::new(None::<String>);
    let local = RwSignal::new(None::<Text>);
    let routed = RwSignal::new(None::<Vec<String>>);
    let shown_x = exchange.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(hs) = pairs(&hdrs.get_untracked()) else {
            local.set(Some(BAD_HEADERS));
            return;
        };
        local.set(None);
        let mut p = PublishSpec::new(
            engine::rabbit::ChannelId(channel),
            &exchange,
            &key.get_untracked(),
        )
        .body(body.get_untracked());
        if !hs.is_empty() {
            p.properties.headers = Some(crate::rabbit::input::table(&hdrs.get_untracked()));
        }
        match stage.act(Action::Rabbit(RCommand::Publish(p))) {
            Ok(events) => {
                err.set(None);
                routed.set(events.iter().find_map(|e| match e {
                    SimEvent::Rabbit(engine::rabbit::Event::Published { routing, .. }) => {
                        Some(routing.queues.iter().map(|q| q.to_string()).collect())
                    }
                    _ => None,
                }));
            }
            Err(engine::sim::SimError::Rabbit(e)) => {
                err.set(Some(crate::rabbit::explain::error(
                    &e,
                    lang.get_untracked(),
                )));
            }
            Err(e) => err.set(Some(kafka::explain::sim_error(&e, lang.get_untracked()))),
        }
    };
    let x_name = move || {
        if shown_x.is_empty() {
            DEFAULT_EXCHANGE.get(lang.get()).to_string()
        } else {
            shown_x.clone()
        }
    };
    let x_label = x_name.clone();
    view! {
        <form class="w-form" on:submit=submit aria-label=move || fill(PUBLISH_TO, lang.get(), &[("x", &x_label())])>
            <label>
                <span>{move || ROUTING_KEY.get(lang.get())}</span>
                <input type="text" bind:value=key autocomplete="off" spellcheck="false" placeholder="payment" />
            </label>
            <label>
                <span>{move || BODY.get(lang.get())}</span>
                <input type="text" bind:value=body autocomplete="off" spellcheck="false" />
            </label>
            {headers.then(|| view! {
                <label>
                    <span>{move || HEADERS.get(lang.get())}</span>
                    <input type="text" bind:value=hdrs autocomplete="off" spellcheck="false" placeholder="region=kr" />
                </label>
            })}
            <button type="submit" class="primary">{move || format!("{} → {}", PUBLISH.get(lang.get()), x_name())}</button>
            <p class="w-result" role="status">
                {move || routed.get().map(|qs| if qs.is_empty() {
                    UNROUTED.get(lang.get()).to_string()
                } else {
                    fill(PUBLISHED, lang.get(), &[("n", &qs.len()), ("q", &qs.join(", "))])
                })}
            </p>
            {problem_line(lang, err, local)}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(lesson: &str, n: usize) -> &'static Step {
        &lessons::lesson(lesson).expect(lesson).steps[n - 1]
    }

    #[test]
    fn a_keying_step_offers_produce_with_a_key_and_nothing_else() {
        assert_eq!(
            offers(step("message-anatomy", 2)).0,
            vec![Offer::Produce {
                topic: "matches".into(),
                producer: engine::kafka::DEFAULT_PRODUCER.into(),
                headers: false
            }]
        );
        // The headers step gets the headers box too.
        assert!(matches!(
            offers(step("message-anatomy", 1)).0.as_slice(),
            [Offer::Produce { headers: true, .. }]
        ));
    }

    #[test]
    fn stage_gestures_need_no_controls_and_a_binding_needs_the_tools() {
        // Killing the leader and stepping time: the stage and the time controls do it.
        assert_eq!(offers(step("replication", 2)).0, vec![]);
        // Rejecting a delivery: a button on the stage.
        assert_eq!(offers(step("dead-letters", 1)).0, vec![]);
        assert_eq!(
            offers(step("consumer-groups", 3)).0,
            vec![Offer::Leave {
                group: "site".into()
            }]
        );
        assert!(offers(step("exchange-types", 2)).tools());
        assert!(matches!(
            offers(step("exchange-types", 1)).0.as_slice(),
            [Offer::Publish { exchange, headers: false, .. }] if exchange == "billing"
        ));
    }

    #[test]
    fn a_hangul_syllable_is_as_wide_as_two_letters() {
        assert_eq!(width("lag"), 3);
        assert_eq!(width("리밸런스"), 8);
        // The rebalance step's narration is long in both languages: it starts clamped.
        let s = step("consumer-groups", 3);
        assert!(width(s.narration.en) > LONG_NARRATION && width(s.narration.ko) > LONG_NARRATION);
        assert!(width(step("replication", 2).narration.en) <= LONG_NARRATION);
    }

    #[test]
    fn the_demo_posts_widgets_need_no_tools_drawer() {
        // The steps public/blog.html embeds: each shows one idea with small controls.
        for (lesson, n) in [
            ("message-anatomy", 2),
            ("consumer-groups", 3),
            ("replication", 2),
            ("exchange-types", 1),
            ("dead-letters", 1),
        ] {
            assert!(!offers(step(lesson, n)).tools(), "{lesson} step {n}");
        }
    }
}
