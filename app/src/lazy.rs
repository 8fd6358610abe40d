//! Parts of the app that only some pages need (the RabbitMQ views, …) live in wasm chunks of
//! their own, fetched on first use, so the first page loads less: Leptos's `#[lazy]` splitting
//! (`wasm_split`, here with `fallible` so a lost connection is a message, not a dead page), cut
//! out by `cargo xtask wasm`. This shows such a part once its chunk is in.

use crate::{Shell, i18n};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// What a lazily loaded part returns: its view, or why its chunk did not come.
pub type Loaded = Result<AnyView, SplitLoaderError>;

/// The view `load` resolves to; meanwhile a loading note in both languages, which CSS fades in
/// only after a moment, so a quick load shows nothing. A failed load says so and can be retried
/// (a failure is not remembered).
pub fn view<F>(load: impl Fn() -> F + Send + Sync + 'static) -> AnyView
where
    F: Future<Output = Loaded> + Send + 'static,
{
    // One copy of the view code for every lazy part, not one per part.
    shown(Box::new(move || Box::pin(load())))
}

type Load = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded> + Send>> + Send + Sync>;

fn shown(load: Load) -> AnyView {
    let lang = expect_context::<Shell>().lang;
    let attempt = RwSignal::new(0u32);
    let t = move |text: lessons::Text| text.get(lang.get());
    view! {
        <Suspense fallback=move || {
            view! { <p class="chunk-loading" role="status">{move || t(i18n::LOADING)}</p> }
        }>
            {move || {
                attempt.track();
                let load = load();
                Suspend::new(async move {
                    load.await
                        .unwrap_or_else(|_| {
                            view! {
                                <p class="link-problem" role="alert">
                                    {move || t(i18n::LOAD_FAILED)} " "
                                    <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                        {move || t(i18n::TRY_AGAIN)}
                                    </button>
                                </p>
                            }
                                .into_any()
                        })
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// A disclosure whose body (and its code, in a chunk) comes on its first opening and then stays,
/// keeping what was typed into it. `open` mirrors the element: the caller may read it, or set it
/// to open the disclosure itself.
pub fn details<F>(
    class: &'static str,
    summary: AnyView,
    open: RwSignal<bool>,
    load: impl Fn() -> F + Send + Sync + 'static,
) -> AnyView
where
    F: Future<Output = Loaded> + Send + 'static,
{
    disclosed(class, summary, open, Box::new(move || Box::pin(load())))
}

fn disclosed(class: &'static str, summary: AnyView, open: RwSignal<bool>, load: Load) -> AnyView {
    let load = std::sync::Arc::new(load);
    let opened = Memo::new(move |before: Option<&bool>| before == Some(&true) || open.get());
    view! {
        <details
            class=class
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = leptos::wasm_bindgen::JsCast::unchecked_into(
                    event_target::<web_sys::Element>(&ev),
                );
                if el.open() != open.get_untracked() {
                    open.set(el.open());
                }
            }
        >
            <summary>{summary}</summary>
            {move || {
                let load = load.clone();
                opened.get().then(|| shown(Box::new(move || load())))
            }}
        </details>
    }
    .into_any()
}
