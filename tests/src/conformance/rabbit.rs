//! The RabbitMQ arrays: `topic_match`, `headers_match` and `rabbit_priority_order`, each checked
//! through the engine's real broker: declare an exchange or queue, bind, publish, and look at
//! what arrived (and, for the two routing arrays, that the explanation the UI shows agrees).
//! A malformed vector is a failure line, never a panic.

use super::{Report, array, field, int_field, str_field};
use engine::rabbit::routing::{headers, topic};
use engine::rabbit::{
    BindSpec, Broker, ChannelId, Command, ExchangeKind, ExchangeSpec, FieldTable, FieldValue,
    PublishSpec, QueueSpec,
};
use serde_json::Value;

pub(super) fn check(doc: &Value, report: &mut Report) {
    for (i, v) in array(doc, "topic_match").iter().enumerate() {
        report.record("topic_match", i, v, check_topic(v));
    }
    for (i, v) in array(doc, "headers_match").iter().enumerate() {
        report.record("headers_match", i, v, check_headers(v));
    }
    for (i, v) in array(doc, "rabbit_priority_order").iter().enumerate() {
        report.record("rabbit_priority_order", i, v, check_priority(v));
    }
}

fn bool_field(v: &Value, name: &str) -> Result<bool, String> {
    field(v, name)?
        .as_bool()
        .ok_or_else(|| format!("`{name}` is not a boolean"))
}

fn step(b: &mut Broker, c: Command) -> Result<Vec<engine::rabbit::Event>, String> {
    b.apply(c)
        .map_err(|e| format!("the engine refused a setup step: {e}"))
}

/// A broker with one exchange of `kind` named `x` bound to queue `q`, and a channel.
fn setup(kind: ExchangeKind, bind: BindSpec) -> Result<(Broker, ChannelId), String> {
    let mut b = Broker::new(0);
    step(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("x", kind)),
    )?;
    step(&mut b, Command::DeclareQueue(QueueSpec::new("q")))?;
    step(&mut b, Command::Bind(bind))?;
    let ch = b.open_channel().map_err(|e| e.to_string())?;
    Ok((b, ch))
}

fn arrived(b: &Broker) -> Result<bool, String> {
    let ready = b.queue("q").ok_or("the queue vanished")?.ready;
    if !b.audit().holds() {
        return Err("the engine's audit does not balance".into());
    }
    Ok(ready == 1)
}

fn check_topic(v: &Value) -> Result<(), String> {
    let pattern = str_field(v, "pattern")?;
    let key = str_field(v, "key")?;
    let want = bool_field(v, "matches")?;
    let (mut b, ch) = setup(ExchangeKind::Topic, BindSpec::queue("x", "q", pattern))?;
    step(&mut b, Command::Publish(PublishSpec::new(ch, "x", key)))?;
    let got = arrived(&b)?;
    let explained = topic::explain(pattern, key);
    if explained.is_some() != got {
        return Err(format!(
            "routing ({got}) and its explanation ({}) disagree",
            explained.is_some()
        ));
    }
    if got == want {
        Ok(())
    } else {
        Err(format!("matches = {got}, expected {want}"))
    }
}

fn to_field_value(v: &Value) -> FieldValue {
    match v {
        Value::Null => FieldValue::Void,
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => FieldValue::Int(i),
            None => FieldValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => FieldValue::Str(s.clone()),
        Value::Array(a) => FieldValue::Array(a.iter().map(to_field_value).collect()),
        Value::Object(o) => FieldValue::Table(
            o.iter()
                .map(|(k, v)| (k.clone(), to_field_value(v)))
                .collect(),
        ),
    }
}

fn table(v: &Value, name: &str) -> Result<FieldTable, String> {
    match v {
        Value::Object(o) => Ok(o
            .iter()
            .map(|(k, v)| (k.clone(), to_field_value(v)))
            .collect()),
        _ => Err(format!("`{name}` is not an object")),
    }
}

fn check_headers(v: &Value) -> Result<(), String> {
    let mut args = table(field(v, "binding_headers")?, "binding_headers")?;
    match field(v, "x_match")? {
        Value::Null => {}
        Value::String(s) => {
            args.insert("x-match".into(), FieldValue::Str(s.clone()));
        }
        _ => return Err("`x_match` is neither a string nor null".into()),
    }
    let message = match field(v, "message_headers")? {
        Value::Null => None,
        other => Some(table(other, "message_headers")?),
    };
    let want = bool_field(v, "matches")?;
    let mut bind = BindSpec::queue("x", "q", "");
    bind.arguments = args.clone();
    let got = if headers::validate_binding(&args).is_ok() {
        let (mut b, ch) = setup(ExchangeKind::Headers, bind)?;
        let mut p = PublishSpec::new(ch, "x", "");
        p.properties.headers = message.clone();
        step(&mut b, Command::Publish(p))?;
        arrived(&b)?
    } else {
        // RabbitMQ refuses such a binding; its matcher treats the value as `all` (legacy).
        headers::matches(&args, message.as_ref())
    };
    let (explained, _) = headers::explain(&args, message.as_ref());
    if explained != got {
        return Err(format!(
            "routing ({got}) and its explanation ({explained}) disagree"
        ));
    }
    if got == want {
        Ok(())
    } else {
        Err(format!("matches = {got}, expected {want}"))
    }
}

/// A list of priorities; `null` entries mean "no priority property".
fn priorities(v: &Value, name: &str) -> Result<Vec<Option<u8>>, String> {
    field(v, name)?
        .as_array()
        .ok_or_else(|| format!("`{name}` is not an array"))?
        .iter()
        .map(|p| match p {
            Value::Null => Ok(None),
            _ => p
                .as_i64()
                .and_then(|i| u8::try_from(i).ok())
                .map(Some)
                .ok_or_else(|| format!("`{name}` holds {p}, not a priority 0..=255")),
        })
        .collect()
}

/// What a `then` step of `rabbit_priority_order` may say (the only one the format defines).
const THEN_NACK_ALL: &str = "basic.nack(multiple=true, requeue=true)";

/// `rabbit_priority_order`: a priority queue (with `x_max_length` and `x_overflow` when given)
/// fed `publish`, read with `basic.get`, must give `consume_order`; with a `then` step, the
/// deliveries still unacked are nacked with requeue (multiple) and read again, which must give
/// `consume_order_after_requeue`.
fn check_priority(v: &Value) -> Result<(), String> {
    let max = int_field(v, "x_max_priority")?;
    let publish = priorities(v, "publish")?;
    let want = priorities(v, "consume_order")?;
    let mut spec = QueueSpec::new("q").max_priority(max);
    match v.get("x_max_length") {
        None | Some(Value::Null) => {}
        Some(n) => {
            let n = n
                .as_i64()
                .filter(|n| *n >= 0)
                .ok_or_else(|| format!("`x_max_length` is {n}, not a length"))?;
            spec = spec.max_length(n);
        }
    }
    match v.get("x_overflow") {
        None | Some(Value::Null) => {}
        Some(o) => {
            let o = o.as_str().ok_or("`x_overflow` is not a string")?;
            // "reject-publish-dlx (no DLX here)": the mode, then a note.
            let mode = o.split(" (").next().unwrap_or(o).trim();
            spec = spec.overflow(mode);
        }
    }
    let then = match v.get("then") {
        None | Some(Value::Null) => None,
        Some(t) => {
            let t = t.as_str().ok_or("`then` is not a string")?;
            if !t.starts_with(THEN_NACK_ALL) {
                return Err(format!("unknown `then` step: {t}"));
            }
            Some(priorities(v, "consume_order_after_requeue")?)
        }
    };
    let mut b = Broker::new(0);
    step(&mut b, Command::DeclareQueue(spec))?;
    let ch = b.open_channel().map_err(|e| e.to_string())?;
    for (i, p) in publish.iter().enumerate() {
        // The body says which publish it was (ids would count refused ones too).
        let mut spec = PublishSpec::new(ch, "", "q").body(i.to_string());
        spec.properties.priority = *p;
        step(&mut b, Command::Publish(spec))?;
    }
    let got = get_all(&mut b, ch, &publish, false)?;
    compare_order(&got, &want, "consume order")?;
    if let Some(after) = then {
        step(
            &mut b,
            Command::Nack {
                channel: ch,
                delivery_tag: 0,
                multiple: true,
                requeue: true,
            },
        )?;
        let again = get_all(&mut b, ch, &publish, true)?;
        compare_order(&again, &after, "consume order after the requeue")?;
    }
    Ok(())
}

/// `basic.get` until empty (the deliveries left unacked unless `ack`): the priority of each
/// message got, by the publish it came from.
fn get_all(
    b: &mut Broker,
    ch: ChannelId,
    publish: &[Option<u8>],
    ack: bool,
) -> Result<Vec<Option<u8>>, String> {
    let mut got = Vec::new();
    loop {
        let ev = step(
            b,
            Command::Get {
                channel: ch,
                queue: "q".into(),
                auto_ack: false,
            },
        )?;
        if ev
            .iter()
            .any(|e| matches!(e, engine::rabbit::Event::GetEmpty { .. }))
        {
            return Ok(got);
        }
        if got.len() > publish.len() {
            return Err("the queue delivered more messages than were published".into());
        }
        for e in &ev {
            if let engine::rabbit::Event::Delivered { delivery_tag, .. } = e {
                let body = b
                    .channel_view(ch)
                    .and_then(|v| {
                        v.unacked
                            .iter()
                            .find(|u| u.delivery_tag == *delivery_tag)
                            .map(|u| u.message.body_text())
                    })
                    .ok_or("a delivered message the engine cannot show")?;
                let i: usize = body.parse().map_err(|_| "a body that is not an index")?;
                got.push(publish.get(i).copied().flatten());
                if ack {
                    step(
                        b,
                        Command::Ack {
                            channel: ch,
                            delivery_tag: *delivery_tag,
                            multiple: false,
                        },
                    )?;
                }
            }
        }
    }
}

fn compare_order(got: &[Option<u8>], want: &[Option<u8>], what: &str) -> Result<(), String> {
    if got == want {
        return Ok(());
    }
    let show = |v: &[Option<u8>]| {
        v.iter()
            .map(|p| p.map_or("-".into(), |p| p.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    };
    Err(format!("{what} [{}], expected [{}]", show(got), show(want)))
}
