//! Embed mode (`?embed=1`): tells the parent page the content height and accepts only the
//! documented commands from it, as data. The message shapes are documented in
//! `public/embed.js` and the README.

use leptos::prelude::*;
use lessons::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const HEIGHT: &str = "broker-playground:height";
const SET_LANG: &str = "broker-playground:setLang";
const GO_TO_STEP: &str = "broker-playground:goToStep";

/// A command the parent page may send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParentCommand {
    SetLang(Lang),
    /// 1-based.
    GoToStep(usize),
}

/// Reads a parent's message: an object with a known `type` and a well-formed value, or nothing.
pub fn parse_command(data: &wasm_bindgen::JsValue) -> Option<ParentCommand> {
    let get = |k: &str| js_sys::Reflect::get(data, &k.into()).ok();
    if !data.is_object() {
        return None;
    }
    match get("type")?.as_string()?.as_str() {
        SET_LANG => match get("lang")?.as_string()?.as_str() {
            "ko" => Some(ParentCommand::SetLang(Lang::Ko)),
            "en" => Some(ParentCommand::SetLang(Lang::En)),
            _ => None,
        },
        GO_TO_STEP => {
            let n = get("step")?.as_f64()?;
            let max = engine::limits::MAX_STEP as f64;
            (n.fract() == 0.0 && (1.0..=max).contains(&n))
                .then_some(n as usize)
                .map(ParentCommand::GoToStep)
        }
        _ => None,
    }
}

/// Starts reporting the page height to the parent whenever it changes, and forwards parent
/// commands to `on_command`. Does nothing outside an iframe.
pub fn connect(on_command: impl Fn(ParentCommand) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let report = {
        let parent = parent.clone();
        move || {
            let Some(body) = document().body() else {
                return;
            };
            // The body's own box, not the document's scroll height: that never drops below the
            // iframe's current height, so the widget could grow but never shrink.
            let height = body.get_bounding_client_rect().height().ceil();
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT.into());
            let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
            // The height is not a secret and the embedding origin is not known in advance.
            let _ = parent.post_message(&msg, "*");
        }
    };
    report();
    let observer_cb = Closure::<dyn FnMut()>::new(report);
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(observer_cb.as_ref().unchecked_ref()),
        document().body(),
    ) {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    observer_cb.forget();

    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let from_parent = ev.source().is_some_and(|s| {
                wasm_bindgen::JsValue::from(s) == wasm_bindgen::JsValue::from(parent.clone())
            });
            if let Some(cmd) = parse_command(&ev.data()).filter(|_| from_parent) {
                on_command(cmd);
            }
        });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}

/// Keeps `on_screen` true only while some of the page is in the top-level viewport and the tab
/// is visible. Inside an iframe, an IntersectionObserver without a root measures against the
/// embedding page's viewport, so a widget scrolled out of sight stops its playback.
pub fn watch_visibility(on_screen: RwSignal<bool>) {
    let (Some(window), Some(body)) = (web_sys::window(), document().body()) else {
        return;
    };
    // Unknown until the observer's first report (it comes right after `observe`), so a widget
    // that starts off screen never takes a step.
    let in_view = StoredValue::new(false);
    on_screen.set(false);
    let update = move || {
        let tab_visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        on_screen.set(in_view.get_value() && tab_visible);
    };
    let on_intersect = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.iter().last() {
            let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
            in_view.set_value(entry.is_intersecting());
            update();
        }
    });
    if let Ok(observer) = web_sys::IntersectionObserver::new(on_intersect.as_ref().unchecked_ref())
    {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    on_intersect.forget();
    let on_visibility = Closure::<dyn FnMut()>::new(update);
    let _ = window.document().map(|d| {
        d.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        )
    });
    on_visibility.forget();
}
