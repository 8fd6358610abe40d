//! Broker Playground in the browser: the page shell (header, pages, language, embed mode).

mod bench;
mod codecs;
mod compare;
mod course;
mod drawer;
mod embed;
mod i18n;
mod kafka;
mod lazy;
mod library;
mod link;
mod narration;
mod rabbit;
mod refusal;
mod share;
mod share_panel;
mod stage;
mod time;

use leptos::prelude::*;
use lessons::Lang;
use link::{Link, Page};

fn main() {
    refusal::install_panic_hook();
    leptos::mount::mount_to_body(App);
    mark_ready();
}

/// The state every part of the page shares.
#[derive(Clone, Copy)]
pub struct Shell {
    pub lang: RwSignal<Lang>,
    pub page: RwSignal<Page>,
    pub embed: bool,
    pub readonly: bool,
    /// A step the embedding page asked for (`goToStep`).
    pub go_to_step: RwSignal<Option<usize>>,
    /// Start playing on load (`?autoplay=1`).
    pub autoplay: bool,
    /// Whether the page is visible at all (false off screen in an embedding page, or in a
    /// hidden tab): playback pauses meanwhile.
    pub on_screen: RwSignal<bool>,
    /// Whether the tools drawer under the stage is open; one setting for every page and step
    /// of the visit, so it stays as the learner left it.
    pub tools_open: RwSignal<bool>,
}

#[component]
fn App() -> impl IntoView {
    let link = Link::parse(&window().location().search().unwrap_or_default());
    let browser = window().navigator().language();
    let lang = RwSignal::new(Lang::choose(link.lang.as_deref(), browser.as_deref()));
    let shell = Shell {
        lang,
        page: RwSignal::new(link.page),
        embed: link.embed,
        readonly: link.readonly,
        go_to_step: RwSignal::new(None),
        autoplay: link.autoplay,
        on_screen: RwSignal::new(true),
        tools_open: RwSignal::new(false),
    };
    provide_context(shell);
    narration::provide_teller();
    embed::watch_visibility(shell.on_screen);

    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().tag());
        }
        // The course page names its lesson in the title itself.
        if shell.page.get() != Page::Course {
            document().set_title(i18n::TITLE.get(lang.get()));
        }
    });
    // Keep the shareable state in the URL without adding history entries.
    Effect::new(move |_| {
        let mut now = Link::parse(&window().location().search().unwrap_or_default());
        now.lang = Some(lang.get().tag().to_string());
        now.page = shell.page.get();
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&now.to_query()),
            );
        }
    });
    if shell.embed {
        let _ = document().body().map(|b| b.class_list().add_1("embed"));
        embed::connect(move |cmd| match cmd {
            embed::ParentCommand::SetLang(l) => lang.set(l),
            embed::ParentCommand::GoToStep(n) => shell.go_to_step.set(Some(n)),
        });
    }
    let t = move |text: lessons::Text| text.get(lang.get());
    match link.bench.as_deref() {
        Some("engine") => return lazy::view(|| bench::lazy_page(bench::Run::Engine)),
        Some("stream") => return lazy::view(|| bench::lazy_page(bench::Run::Stream)),
        // The browser tests' way to check the crash banner.
        Some("panic") => {
            set_timeout(
                || panic!("a deliberate panic (?bench=panic)"),
                std::time::Duration::ZERO,
            );
        }
        _ => {}
    }
    view! {
        <Show when=move || !shell.embed>
            <header class="site-header">
                <div>
                    <h1>{move || t(i18n::TITLE)}</h1>
                    <p class="tagline">{move || t(i18n::TAGLINE)}</p>
                </div>
                <LangSwitch lang=lang />
            </header>
        </Show>
        <Show when=move || !shell.embed>
            <Nav />
        </Show>
        <main>
            {move || match shell.page.get() {
                Page::Course => {
                    view! { <course::CoursePage lesson=link.lesson.clone() step=link.step /> }.into_any()
                }
                // The sandbox's tools can compress: the codecs come before its stage.
                Page::Kafka => {
                    let link = link.clone();
                    lazy::view(move || {
                        let link = link.clone();
                        async move {
                            codecs::load().await?;
                            Ok(sandbox(Page::Kafka, kafka::sandbox(), &link, |stage| {
                                view! { <kafka::KafkaView stage /> }.into_any()
                            }))
                        }
                    })
                }
                Page::Rabbit => {
                    sandbox(Page::Rabbit, rabbit::sandbox(), &link, |stage| {
                        lazy::view(move || rabbit::lazy_view(stage))
                    })
                }
                Page::SideBySide => {
                    let link = link.clone();
                    lazy::view(move || compare::lazy_sandbox(link.clone()))
                }
            }}
        </main>
        <Show when=move || shell.embed>
            <footer class="embed-footer">
                <a href=full_playground_href target="_blank" rel="noopener">
                    {move || t(i18n::OPEN_FULL)}
                </a>
                <LangSwitch lang=lang />
            </footer>
        </Show>
    }
    .into_any()
}

/// A sandbox page: a fresh stage on the page's own scene or the one the link names (with a
/// shared session replayed on it, when the link carries one), its time controls, the broker's
/// view, and sharing.
fn sandbox(
    page: Page,
    own: engine::sim::Sim,
    link: &Link,
    view: impl FnOnce(stage::Stage) -> AnyView,
) -> AnyView {
    let shell = expect_context::<Shell>();
    let named = link
        .scene
        .as_deref()
        .and_then(|n| stage::named_scene(n).map(|sim| (n.to_string(), sim)));
    let unknown_scene = link.scene.is_some() && named.is_none();
    let stage = match named {
        Some((name, sim)) => {
            let stage = stage::Stage::new(sim, shell.readonly);
            stage.scene.set(Some(name));
            stage
        }
        None => stage::Stage::new(own, shell.readonly),
    };
    let problem = link
        .scenario
        .as_deref()
        .and_then(|s| replay(stage, s).err());
    time::drive(stage);
    let t = move |text: lessons::Text| text.get(shell.lang.get());
    let problem_text = move |p: &share::ShareError| match p {
        share::ShareError::OverLimit(o) => refusal::link_over_limit(*o, shell.lang.get()),
        _ => t(i18n::SCENARIO_BROKEN).to_string(),
    };
    view! {
        {unknown_scene.then(|| view! { <p class="link-problem" role="alert">{move || t(i18n::SCENE_UNKNOWN)}</p> })}
        {problem.map(|p| view! { <p class="link-problem" role="alert">{move || problem_text(&p)}</p> })}
        <time::TimeControls lang=shell.lang stage />
        <narration::Narration stage />
        {view(stage)}
        <share_panel::SharePanel subject=share_panel::Subject::Sandbox(page, stage) />
    }
    .into_any()
}

/// Replays a shared session on the stage; on any problem the stage is left at its clean scene.
/// The session is checked against the named limits first, and every action again as it is
/// applied (the stream's real rate is known only then).
fn replay(stage: stage::Stage, scenario: &str) -> Result<(), share::ShareError> {
    let inputs = share::decode_session(scenario)?;
    let clean = stage.timeline.get_untracked();
    let mut outcome = Ok(());
    stage.timeline.update(|t| {
        for input in inputs {
            let accepted = match input {
                engine::timeline::Input::Command(a) => t.apply(a).map(|_| ()),
                engine::timeline::Input::Tick => {
                    t.tick();
                    Ok(())
                }
            };
            if let Err(e) = accepted {
                outcome = Err(match e {
                    engine::sim::SimError::OverLimit(o) => share::ShareError::OverLimit(o),
                    _ => share::ShareError::Corrupt,
                });
                break;
            }
        }
    });
    if outcome.is_err() {
        stage.timeline.set(clean);
    }
    outcome
}

/// The same state without the embed flags, for "open in the full playground".
fn full_playground_href() -> String {
    let mut link = Link::parse(&window().location().search().unwrap_or_default());
    link.embed = false;
    link.readonly = false;
    link.autoplay = false;
    format!("./{}", link.to_query())
}

/// The site's pages, as links that keep the language; the current one is marked.
#[component]
fn Nav() -> impl IntoView {
    let shell = expect_context::<Shell>();
    let t = move |text: lessons::Text| text.get(shell.lang.get());
    let item = move |page: Page, label: lessons::Text| {
        let href = move || {
            Link {
                lang: Some(shell.lang.get().tag().into()),
                page,
                ..Link::default()
            }
            .to_query()
        };
        view! {
            <a
                href=href
                aria-current=move || (shell.page.get() == page).then_some("page")
                on:click=move |ev| {
                    ev.prevent_default();
                    shell.page.set(page);
                }
            >
                {move || t(label)}
            </a>
        }
    };
    view! {
        <nav class="site-nav" aria-label=move || t(i18n::PAGES)>
            {item(Page::Course, i18n::COURSE)}
            {item(Page::Kafka, i18n::KAFKA)}
            {item(Page::Rabbit, i18n::RABBIT)}
            {item(Page::SideBySide, i18n::COMPARE)}
        </nav>
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
