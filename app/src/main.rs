//! Broker Playground in the browser: mounts the Leptos app.

mod i18n;
mod kafka;

use leptos::prelude::*;
use lessons::Lang;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
    mark_ready();
}

#[component]
fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::initial_lang());
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().tag());
        }
        document().set_title(i18n::TITLE.get(lang.get()));
    });
    let t = move |text: lessons::Text| text.get(lang.get());
    view! {
        <header class="site-header">
            <div>
                <h1>{move || t(i18n::TITLE)}</h1>
                <p class="tagline">{move || t(i18n::TAGLINE)}</p>
            </div>
            <LangSwitch lang=lang />
        </header>
        <main>
            <kafka::TopicSlice lang=lang />
        </main>
    }
}

/// Two buttons, one per language; the pressed one is the current language.
#[component]
fn LangSwitch(lang: RwSignal<Lang>) -> impl IntoView {
    let button = move |target: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                lang=target.tag()
                aria-pressed=move || (lang.get() == target).to_string()
                on:click=move |_| lang.set(target)
            >
                {label}
            </button>
        }
    };
    view! {
        <div role="group" class="lang-switch" aria-label=move || i18n::LANGUAGE.get(lang.get())>
            {button(Lang::Ko, "한국어")}
            {button(Lang::En, "English")}
        </div>
    }
}

/// Tells tests and benchmarks the app is interactive: `performance.mark("app-ready")` and
/// `data-ready` on `<body>`.
fn mark_ready() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("app-ready");
    }
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-ready", "1");
    }
}
