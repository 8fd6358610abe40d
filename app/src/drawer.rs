//! The tools drawer under a broker's stage: the full forms, the card view and the admin tools,
//! for what the picture itself cannot do. The stage comes first; the drawer starts closed and
//! keeps the learner's choice for the rest of the visit (`Shell::tools_open`).

use crate::Shell;
use crate::lazy::Loaded;
use leptos::prelude::*;
use lessons::Text;
use std::future::Future;

pub const TOOLS: Text = Text::new(
    "도구: 폼, 카드 보기, 관리 기능",
    "Tools: forms, card view, admin",
);

/// A native `<details>`: keyboard and screen readers get a disclosure for free. Its body is
/// rendered once and only hidden while closed, so what was typed into a form stays.
#[component]
pub fn Drawer(children: Children) -> impl IntoView {
    let shell = expect_context::<Shell>();
    let open = shell.tools_open;
    view! {
        <details
            class="tools-drawer"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if now != open.get_untracked() {
                    open.set(now);
                }
            }
        >
            <summary>{move || TOOLS.get(shell.lang.get())}</summary>
            <div class="tools-body">{children()}</div>
        </details>
    }
}

/// The same drawer with its body in a wasm chunk fetched on first opening, for a page whose
/// first load should carry only the stage (`load` returns the body, in a `.tools-body`).
pub fn lazy<F>(load: impl Fn() -> F + Send + Sync + 'static) -> AnyView
where
    F: Future<Output = Loaded> + Send + 'static,
{
    let shell = expect_context::<Shell>();
    let summary = (move || TOOLS.get(shell.lang.get())).into_any();
    crate::lazy::details("tools-drawer", summary, shell.tools_open, load)
}
