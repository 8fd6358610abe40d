//! "Your own broker": a RabbitMQ definitions export, pasted or dropped, imported by the engine
//! (which reports precisely what it did not import and why), then replayed onto a fresh sandbox
//! as ordinary commands, so undo, the timeline and share links keep working.

use super::text;
use super::{Ctx, explain};
use engine::rabbit::definitions::json::JsonProblem;
use engine::rabbit::definitions::{ImportReport, Item, SkipReason};
use engine::rabbit::{Broker, Command};
use engine::sim::{Action, Sim};
use leptos::prelude::*;
use lessons::{Lang, Text};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const IMPORT_TEXT: Text = Text::new("definitions JSON", "Definitions JSON");
const IMPORT_BUTTON: Text = Text::new("불러오기", "Import");
const RESET: Text = Text::new("처음 샌드박스로 돌아가기", "Back to the starting sandbox");

/// The commands that rebuild what `b` holds, and two channels to try it with.
fn rebuild(b: &Broker) -> Vec<Action> {
    let mut v = b.rebuild_commands();
    // A publisher and a consumer channel to try it with.
    v.push(Command::OpenChannel);
    v.push(Command::OpenChannel);
    v.into_iter().map(Action::Rabbit).collect()
}

fn item(i: &Item, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let n = |o: &Option<String>| o.clone().unwrap_or_else(|| "?".into());
    match i {
        Item::File => {
            if ko {
                "파일".into()
            } else {
                "the file".into()
            }
        }
        Item::Section(s) => {
            if ko {
                format!("최상위 항목 `{s}`")
            } else {
                format!("section `{s}`")
            }
        }
        Item::Exchange { index, name } => format!("exchanges[{index}] `{}`", n(name)),
        Item::Queue { index, name } => {
            if ko {
                format!("queues[{index}] 큐 `{}`", n(name))
            } else {
                format!("queues[{index}] queue `{}`", n(name))
            }
        }
        Item::Binding {
            index,
            source,
            destination,
        } => format!("bindings[{index}] `{}` → `{}`", n(source), n(destination)),
    }
}

fn json_problem(p: &JsonProblem, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match p {
        JsonProblem::UnexpectedEnd => {
            if ko {
                "JSON이 중간에 끝났습니다".into()
            } else {
                "the JSON ends too early".into()
            }
        }
        JsonProblem::UnexpectedChar(c) => {
            if ko {
                format!("예상하지 못한 문자 `{c}`")
            } else {
                format!("unexpected character `{c}`")
            }
        }
        JsonProblem::BadEscape => {
            if ko {
                "잘못된 이스케이프".into()
            } else {
                "a bad escape".into()
            }
        }
        JsonProblem::BadNumber => {
            if ko {
                "잘못된 숫자".into()
            } else {
                "a bad number".into()
            }
        }
        JsonProblem::TooDeep => crate::refusal::over_limit(
            engine::limits::OverLimit {
                limit: engine::limits::Limit::NestingDepth,
                max: engine::limits::MAX_NESTING_DEPTH as u64,
            },
            lang,
        ),
        JsonProblem::TooLarge => crate::refusal::over_limit(
            engine::limits::OverLimit {
                limit: engine::limits::Limit::DefinitionsSize,
                max: engine::limits::MAX_DEFINITIONS_BYTES,
            },
            lang,
        ),
        JsonProblem::TrailingText => {
            if ko {
                "JSON 뒤에 다른 글자가 있음".into()
            } else {
                "text after the JSON".into()
            }
        }
    }
}

fn reason(r: &SkipReason, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match r {
        SkipReason::Malformed(e) => {
            if ko {
                format!(
                    "JSON이 아닙니다: {} (위치 {})",
                    json_problem(&e.problem, lang),
                    e.offset
                )
            } else {
                format!(
                    "not JSON: {} (at byte {})",
                    json_problem(&e.problem, lang),
                    e.offset
                )
            }
        }
        SkipReason::WrongShape => {
            if ko {
                "모양이 맞지 않습니다 (객체나 배열이어야 함)".into()
            } else {
                "wrong shape (an object or array was expected)".into()
            }
        }
        SkipReason::MissingField(f) => {
            if ko {
                format!("필드가 없습니다: `{f}`")
            } else {
                format!("the field `{f}` is missing")
            }
        }
        SkipReason::WrongType(f) => {
            if ko {
                format!("필드 타입이 틀립니다: `{f}`")
            } else {
                format!("the field `{f}` has the wrong type")
            }
        }
        SkipReason::OtherVhost(v) => {
            if ko {
                format!("다른 virtual host(`{v}`)의 항목입니다 (vhost 하나만 불러옵니다)")
            } else {
                format!("it belongs to another virtual host `{v}` (one vhost is imported)")
            }
        }
        SkipReason::UnsupportedExchangeType(t) => {
            if ko {
                format!("이 시뮬레이터에 없는 exchange 타입입니다: `{t}` (플러그인 타입)")
            } else {
                format!("exchange type `{t}` is not simulated (a plugin type)")
            }
        }
        SkipReason::UnknownDestinationType(t) => {
            if ko {
                format!("알 수 없는 destination_type `{t}`")
            } else {
                format!("unknown destination_type `{t}`")
            }
        }
        SkipReason::NotModelled => {
            if ko {
                "사용자, 권한, 정책 같은 항목은 이 시뮬레이터가 다루지 않습니다".into()
            } else {
                "users, permissions, policies and the like are not simulated".into()
            }
        }
        SkipReason::UnknownSection => {
            if ko {
                "알 수 없는 항목입니다".into()
            } else {
                "an unknown section".into()
            }
        }
        SkipReason::Refused(e) => {
            if ko {
                format!("브로커가 거절했습니다: {}", explain::error(e, lang))
            } else {
                format!("the broker refused it: {}", explain::error(e, lang))
            }
        }
    }
}

fn summary(r: &ImportReport, lang: Lang) -> String {
    let vhost = r.vhost.clone().unwrap_or_else(|| "/".into());
    match lang {
        Lang::Ko => format!(
            "vhost `{vhost}`에서 exchange {}개, 큐 {}개, 바인딩 {}개를 불러왔습니다. 불러오지 못한 것: {}개.",
            r.exchanges,
            r.queues,
            r.bindings,
            r.skipped.len()
        ),
        Lang::En => format!(
            "Imported {} exchanges, {} queues and {} bindings from vhost `{vhost}`. Not imported: {}.",
            r.exchanges,
            r.queues,
            r.bindings,
            r.skipped.len()
        ),
    }
}

/// Reads the first dropped file's text (`File.text()`), without extra web-sys features. A file
/// over [`engine::limits::MAX_DEFINITIONS_BYTES`] is not read at all (`None`): reading a
/// stranger's gigabyte into the page would be the crash the limit is there to prevent.
fn dropped_text(ev: &wasm_bindgen::JsValue, done: impl FnOnce(Option<String>) + 'static) -> bool {
    let get = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let Some(dt) = get(ev, "dataTransfer") else {
        return false;
    };
    if let Some(file) = get(&dt, "files")
        .and_then(|f| js_sys::Reflect::get_u32(&f, 0).ok())
        .filter(|f| !f.is_undefined())
    {
        let size = get(&file, "size").and_then(|s| s.as_f64()).unwrap_or(0.0);
        if engine::limits::Limit::DefinitionsSize
            .check(size.max(0.0) as u64)
            .is_err()
        {
            done(None);
            return true;
        }
    }
    if let Some(file) = get(&dt, "files")
        .and_then(|f| js_sys::Reflect::get_u32(&f, 0).ok())
        .filter(|f| !f.is_undefined())
        && let Some(text) = get(&file, "text").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        && let Ok(p) = text.call0(&file)
        && let Ok(p) = p.dyn_into::<js_sys::Promise>()
    {
        let cb = Closure::once(move |v: wasm_bindgen::JsValue| {
            if let Some(s) = v.as_string() {
                done(Some(s));
            }
        });
        let _ = p.then(&cb);
        cb.forget();
        return true;
    }
    if let Some(getter) = get(&dt, "getData").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        && let Ok(v) = getter.call1(&dt, &"text/plain".into())
        && let Some(s) = v.as_string()
        && !s.is_empty()
    {
        done(Some(s));
        return true;
    }
    false
}

/// The report of a file refused unread, over the definitions size limit.
fn too_large() -> ImportReport {
    use engine::rabbit::definitions::Skipped;
    use engine::rabbit::definitions::json::JsonError;
    ImportReport {
        skipped: vec![Skipped {
            item: Item::File,
            reason: SkipReason::Malformed(JsonError {
                offset: engine::limits::MAX_DEFINITIONS_BYTES as usize,
                problem: JsonProblem::TooLarge,
            }),
        }],
        ..ImportReport::default()
    }
}

#[component]
pub(crate) fn Import(ctx: Ctx) -> impl IntoView {
    let source = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let dragging = RwSignal::new(false);
    let run = move || {
        let mut b = Broker::new(1);
        let r = b.import_definitions(&source.get_untracked());
        ctx.stage
            .reset(Sim::new(1), Some(crate::stage::EMPTY_SCENE.into()));
        ctx.routes.set(Default::default());
        ctx.deaths.set(Default::default());
        let _ = ctx.stage.act_all(&rebuild(&b));
        ctx.sel.set(None);
        report.set(Some(r));
    };
    let back = move |_| {
        ctx.stage.reset(super::sandbox(), None);
        ctx.routes.set(Default::default());
        ctx.deaths.set(Default::default());
        ctx.sel.set(None);
        report.set(None);
    };
    view! {
        <Show when=move || !ctx.readonly()>
            <form
                class=move || if dragging.get() { "rb-import dragging" } else { "rb-import" }
                aria-labelledby="rb-import-h"
                on:submit=move |ev| {
                    ev.prevent_default();
                    run();
                }
                on:dragover=move |ev| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev| {
                    ev.prevent_default();
                    dragging.set(false);
                    let js: &wasm_bindgen::JsValue = ev.as_ref();
                    dropped_text(js, move |s| match s {
                        Some(s) => {
                            source.set(s);
                            run();
                        }
                        None => report.set(Some(too_large())),
                    });
                }
            >
                <h3 id="rb-import-h">{move || ctx.t(text::IMPORT)}</h3>
                <p class="rb-note">{move || ctx.t(text::IMPORT_NOTE)}</p>
                <label class="rb-field">
                    <span>{move || ctx.t(IMPORT_TEXT)}</span>
                    <textarea rows="6" spellcheck="false" prop:value=move || source.get()
                        on:input=move |ev| source.set(event_target_value(&ev))></textarea>
                </label>
                <div class="rb-actions">
                    <button type="submit">{move || ctx.t(IMPORT_BUTTON)}</button>
                    <button type="button" on:click=back>{move || ctx.t(RESET)}</button>
                </div>
                {move || report.get().map(|r| {
                    let lang = ctx.lang.get();
                    view! {
                        <div class="rb-report" role="status">
                            <p><strong>{summary(&r, lang)}</strong></p>
                            <ul>
                                {r.skipped.iter().map(|s| view! {
                                    <li class="skipped">{format!("{}: {}", item(&s.item, lang), reason(&s.reason, lang))}</li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }
                })}
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilding_an_import_gives_the_same_topology() {
        let export = super::super::sandbox().rabbit.export_definitions();
        let mut b = Broker::new(1);
        let r = b.import_definitions(&export);
        assert!(r.complete(), "{r:?}");
        let mut sim = Sim::new(1);
        sim.apply_all(rebuild(&b)).expect("replays");
        assert_eq!(sim.rabbit.export_definitions(), export);
    }
}
