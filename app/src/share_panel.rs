//! "Share and embed": a link that reproduces what is on screen, and the two embed snippets (a
//! plain iframe, and the loader) for a blog post, ready to copy.

use crate::link::{Link, Page};
use crate::stage::Stage;
use crate::{Shell, i18n, share};
use leptos::prelude::*;

/// What the links should reproduce.
#[derive(Clone, Copy)]
pub enum Subject {
    /// A sandbox page: its session travels as `scenario=`.
    Sandbox(Page, Stage),
    /// A lesson step.
    Lesson { lesson: &'static str, step: usize },
}

/// The directory the app is served from (`https://host/sub/path/`).
fn base_url() -> String {
    let href = window().location().href().unwrap_or_default();
    let href = href.split(['?', '#']).next().unwrap_or_default();
    match href.rfind('/') {
        Some(i) => href[..=i].to_string(),
        None => href.to_string(),
    }
}

fn link_for(subject: Subject, lang: &str) -> Link {
    let mut link = Link {
        lang: Some(lang.to_string()),
        ..Link::default()
    };
    match subject {
        Subject::Sandbox(page, stage) => {
            link.page = page;
            link.scene = stage.scene.get();
            // A session that forgot its front cannot be replayed from its scene.
            link.scenario = stage
                .timeline
                .with(|t| (t.forgotten() == 0).then(|| share::encode(&t.inputs()[..t.position()])));
        }
        Subject::Lesson { lesson, step } => {
            link.lesson = Some(lesson.to_string());
            link.step = Some(step + 1);
        }
    }
    link
}

/// HTML attribute escaping for the snippets (they are shown as text, but pasted as markup).
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn loader_snippet(link: &Link, base: &str) -> String {
    let mut attrs = vec!["data-broker-playground".to_string()];
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            attrs.push(format!("data-{k}=\"{}\"", attr(&v)));
        }
    };
    push("lesson", link.lesson.clone());
    push("step", link.step.map(|s| s.to_string()));
    if link.lesson.is_none() {
        push("page", Some(link.page.tag().to_string()));
    }
    push("scenario", link.scenario.clone());
    push("lang", link.lang.clone());
    format!(
        "<div {}></div>\n<script src=\"{}embed.js\" defer></script>",
        attrs.join(" "),
        attr(base)
    )
}

fn iframe_snippet(link: &Link, base: &str, title: &str) -> String {
    let mut embedded = link.clone();
    embedded.embed = true;
    format!(
        "<iframe src=\"{}{}\" title=\"{}\" loading=\"lazy\" style=\"width:100%;height:640px;border:0\"></iframe>",
        attr(base),
        attr(&embedded.to_query()),
        attr(title)
    )
}

#[component]
pub fn SharePanel(#[prop(into)] subject: Signal<Subject>) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    // The body (and its code, in a wasm chunk of its own) comes on first opening; it is
    // computed when open (and on each language switch), not on every tick.
    let open = RwSignal::new(false);
    crate::lazy::details(
        "share-panel",
        (move || i18n::SHARE_EMBED.get(lang.get())).into_any(),
        open,
        move || lazy_body(subject, open),
    )
}

#[leptos::wasm_split::wasm_split(share_body, wasm_split_path = ::leptos::wasm_split, fallible)]
fn lazy_body(subject: Signal<Subject>, open: RwSignal<bool>) -> crate::lazy::Loaded {
    Ok(view! { <Body subject open /> }.into_any())
}

#[component]
fn Body(subject: Signal<Subject>, open: RwSignal<bool>) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let t = move |text: lessons::Text| text.get(lang.get());
    let texts = move || {
        open.get().then(|| {
            let base = base_url();
            let link = link_for(subject.get(), lang.get().tag());
            let full = format!("{base}{}", link.to_query());
            (
                full,
                iframe_snippet(&link, &base, t(i18n::TITLE)),
                loader_snippet(&link, &base),
            )
        })
    };
    let field = move |label: lessons::Text, pick: fn(&(String, String, String)) -> String| {
        view! {
            <label class="snippet">
                <span>{move || t(label)}</span>
                <textarea readonly rows="3" prop:value=move || texts().map(|x| pick(&x)).unwrap_or_default()></textarea>
            </label>
        }
    };
    view! {
        <p class="hint">{move || t(i18n::SHARE_HINT)}</p>
        {move || {
            let forgot = match subject.get() {
                Subject::Sandbox(_, stage) => stage.timeline.with(|t| t.forgotten() > 0),
                Subject::Lesson { .. } => false,
            };
            forgot.then(|| view! { <p class="hint">{move || t(i18n::SHARE_FORGOTTEN)}</p> })
        }}
        {field(i18n::SHARE_LINK, |x| x.0.clone())}
        {field(i18n::EMBED_IFRAME, |x| x.1.clone())}
        {field(i18n::EMBED_LOADER, |x| x.2.clone())}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_and_carry_the_state() {
        let link = Link {
            lang: Some("ko".into()),
            lesson: Some("message-anatomy".into()),
            step: Some(2),
            ..Link::default()
        };
        let loader = loader_snippet(&link, "https://blog.example/p/");
        assert!(
            loader.contains("data-lesson=\"message-anatomy\" data-step=\"2\" data-lang=\"ko\"")
        );
        assert!(
            loader.ends_with("<script src=\"https://blog.example/p/embed.js\" defer></script>")
        );
        let iframe = iframe_snippet(&link, "https://blog.example/p/", "A \"quoted\" <title>");
        assert!(iframe.contains("src=\"https://blog.example/p/?lang=ko&amp;lesson=message-anatomy&amp;step=2&amp;embed=1\""));
        assert!(iframe.contains("title=\"A &quot;quoted&quot; &lt;title&gt;\""));
    }
}
