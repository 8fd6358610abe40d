//! To and from a real RabbitMQ: the sandbox as a definitions file (`rabbitmqctl
//! import_definitions`) and as `rabbitmqadmin declare …` lines, both copyable.

use super::Ctx;
use super::text;
use engine::rabbit::{Broker, DestinationKind, FieldTable, FieldValue};
use leptos::prelude::*;

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json_value(v: &FieldValue) -> String {
    match v {
        FieldValue::Void => "null".into(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Int(i) => i.to_string(),
        FieldValue::Float(f) if f.is_finite() => f.to_string(),
        FieldValue::Float(_) => "null".into(),
        FieldValue::Str(s) => json_str(s),
        FieldValue::Timestamp(t) => t.to_string(),
        FieldValue::Array(a) => format!(
            "[{}]",
            a.iter().map(json_value).collect::<Vec<_>>().join(",")
        ),
        FieldValue::Table(t) => json_table(t),
    }
}

fn json_table(t: &FieldTable) -> String {
    format!(
        "{{{}}}",
        t.iter()
            .map(|(k, v)| format!("{}:{}", json_str(k), json_value(v)))
            .collect::<Vec<_>>()
            .join(",")
    )
}

/// The topology as a RabbitMQ definitions file for the virtual host `/`. Predeclared exchanges
/// and exclusive queues are left out, as RabbitMQ's own export leaves them out.
pub fn definitions(b: &Broker) -> String {
    let queues: Vec<String> = b
        .queues()
        .into_iter()
        .filter(|q| q.exclusive.is_none())
        .map(|q| {
            format!(
                "    {{\"name\": {}, \"vhost\": \"/\", \"durable\": {}, \"auto_delete\": {}, \"arguments\": {}}}",
                json_str(&q.name),
                q.durable,
                q.auto_delete,
                json_table(&q.arguments)
            )
        })
        .collect();
    let exchanges: Vec<String> = b
        .exchanges()
        .into_iter()
        .filter(|x| !x.exchange.predeclared)
        .map(|x| {
            let x = x.exchange;
            format!(
                "    {{\"name\": {}, \"vhost\": \"/\", \"type\": \"{}\", \"durable\": {}, \"auto_delete\": {}, \"internal\": {}, \"arguments\": {}}}",
                json_str(&x.name),
                x.kind.as_str(),
                x.durable,
                x.auto_delete,
                x.internal,
                json_table(&x.arguments)
            )
        })
        .collect();
    let bindings: Vec<String> = b
        .bindings()
        .into_iter()
        .map(|v| {
            format!(
                "    {{\"source\": {}, \"vhost\": \"/\", \"destination\": {}, \"destination_type\": \"{}\", \"routing_key\": {}, \"arguments\": {}}}",
                json_str(&v.source),
                json_str(&v.binding.destination),
                dest_type(v.binding.destination_kind),
                json_str(&v.binding.routing_key),
                json_table(&v.binding.arguments)
            )
        })
        .collect();
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "[]".to_string()
        } else {
            format!("[\n{}\n  ]", v.join(",\n"))
        }
    };
    format!(
        "{{\n  \"rabbit_version\": \"3.13.7\",\n  \"vhosts\": [{{\"name\": \"/\"}}],\n  \"queues\": {},\n  \"exchanges\": {},\n  \"bindings\": {}\n}}\n",
        list(queues),
        list(exchanges),
        list(bindings)
    )
}

fn dest_type(k: DestinationKind) -> &'static str {
    match k {
        DestinationKind::Queue => "queue",
        DestinationKind::Exchange => "exchange",
    }
}

/// Single-quotes a shell word when it needs it.
fn sh(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `rabbitmqadmin declare …` lines (the management plugin's CLI, v1 syntax) that build the
/// same topology on a real broker, in dependency order.
pub fn commands(b: &Broker) -> String {
    let mut out = Vec::new();
    for x in b
        .exchanges()
        .into_iter()
        .filter(|x| !x.exchange.predeclared)
    {
        let x = x.exchange;
        let mut l = format!(
            "rabbitmqadmin declare exchange name={} type={} durable={} auto_delete={} internal={}",
            sh(&x.name),
            x.kind.as_str(),
            x.durable,
            x.auto_delete,
            x.internal
        );
        if !x.arguments.is_empty() {
            l.push_str(&format!(" arguments={}", sh(&json_table(&x.arguments))));
        }
        out.push(l);
    }
    for q in b.queues().into_iter().filter(|q| q.exclusive.is_none()) {
        let mut l = format!(
            "rabbitmqadmin declare queue name={} durable={} auto_delete={}",
            sh(&q.name),
            q.durable,
            q.auto_delete
        );
        if !q.arguments.is_empty() {
            l.push_str(&format!(" arguments={}", sh(&json_table(&q.arguments))));
        }
        out.push(l);
    }
    for v in b.bindings() {
        let mut l = format!(
            "rabbitmqadmin declare binding source={} destination={} destination_type={}",
            sh(&v.source),
            sh(&v.binding.destination),
            dest_type(v.binding.destination_kind)
        );
        if !v.binding.routing_key.is_empty() {
            l.push_str(&format!(" routing_key={}", sh(&v.binding.routing_key)));
        }
        if !v.binding.arguments.is_empty() {
            l.push_str(&format!(
                " arguments={}",
                sh(&json_table(&v.binding.arguments))
            ));
        }
        out.push(l);
    }
    out.join("\n") + "\n"
}

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
    let json = Signal::derive(move || ctx.stage.with(|s| definitions(&s.rabbit)));
    let cmds = Signal::derive(move || ctx.stage.with(|s| commands(&s.rabbit)));
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
    use super::*;

    #[test]
    fn export_of_the_sandbox_names_every_piece() {
        let sim = super::super::sandbox();
        let j = definitions(&sim.rabbit);
        assert!(j.contains("\"x-dead-letter-exchange\":\"sport.dlx\""));
        assert!(j.contains("\"routing_key\": \"sport.*.goal\""));
        assert!(!j.contains("amq.direct"));
        let c = commands(&sim.rabbit);
        assert!(c.contains("rabbitmqadmin declare exchange name=sport type=topic durable=true"));
        assert!(c.contains("routing_key='sport.*.goal'"));
        assert!(c.contains("arguments='{\"x-dead-letter-exchange\":\"sport.dlx\"}'"));
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(sh("sport"), "sport");
        assert_eq!(sh("it's"), "'it'\\''s'");
        assert_eq!(sh(""), "''");
    }
}
