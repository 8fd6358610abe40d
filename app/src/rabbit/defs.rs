//! To and from a real RabbitMQ: the sandbox as a definitions file (`rabbitmqctl
//! import_definitions`) and as `rabbitmqadmin declare …` lines, both copyable. Both come from
//! the engine ([`Broker::export_definitions`], the export the differential run imports into a
//! real RabbitMQ, and [`Broker::rabbitmqadmin_commands`]).

use super::Ctx;
use super::text;
#[cfg(doc)]
use engine::rabbit::Broker;
use leptos::prelude::*;

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`), without a web-sys feature.
fn copy(text: &str) -> bool {
    let nav = window().navigator();
    let Ok(clip) = js_sys::Reflect::get(&nav, &"clipboard".into()) else {
        return false;
    };
    if clip.is_undefined() {
        return false;
    }
    let Ok(f) = js_sys::Reflect::get(&clip, &"writeText".into()) else {
        return false;
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return false;
    };
    f.call1(&clip, &text.into()).is_ok()
}

use wasm_bindgen::JsCast;

#[component]
fn Copyable(
    ctx: Ctx,
    label: lessons::Text,
    id: &'static str,
    content: Signal<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    view! {
        <div class="rb-copyable">
            <label for=id>{move || ctx.t(label)}</label>
            <textarea id=id readonly rows="8" spellcheck="false" prop:value=move || content.get()></textarea>
            <div class="rb-actions">
                <button type="button" on:click=move |_| copied.set(copy(&content.get_untracked()))
                    aria-label=move || format!("{}: {}", ctx.t(text::COPY), ctx.t(label))>
                    {move || ctx.t(text::COPY)}
                </button>
                <span role="status">{move || copied.get().then(|| ctx.t(text::COPIED))}</span>
            </div>
        </div>
    }
}

#[component]
pub(crate) fn Definitions(ctx: Ctx) -> impl IntoView {
    let json = Signal::derive(move || ctx.stage.with(|s| s.rabbit.export_definitions()));
    let cmds = Signal::derive(move || ctx.stage.with(|s| s.rabbit.rabbitmqadmin_commands()));
    view! {
        <section class="rb-defs" aria-labelledby="rb-defs-h">
            <h2 id="rb-defs-h">{move || ctx.t(text::DEFINITIONS)}</h2>
            <div class="rb-defs-grid">
                <super::import::Import ctx />
                <Copyable ctx label=text::EXPORT_JSON id="rb-export-json" content=json />
                <Copyable ctx label=text::EXPORT_CMDS id="rb-export-cmds" content=cmds />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_of_the_sandbox_names_every_piece() {
        let sim = super::super::sandbox();
        let j = sim.rabbit.export_definitions();
        assert!(
            j.contains("\"x-dead-letter-exchange\": \"sport.dlx\""),
            "{j}"
        );
        assert!(j.contains("\"routing_key\": \"sport.*.goal\""));
        assert!(j.contains("\"rabbit_version\": \"4.0.5\""));
        assert!(!j.contains("amq.direct"));
        let c = sim.rabbit.rabbitmqadmin_commands();
        assert!(c.contains("rabbitmqadmin declare exchange name=sport type=topic durable=true"));
        assert!(c.contains("routing_key='sport.*.goal'"));
        assert!(c.contains("arguments='{\"x-dead-letter-exchange\":\"sport.dlx\"}'"));
    }
}
