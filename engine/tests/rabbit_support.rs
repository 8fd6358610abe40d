//! Shared helpers for the `rabbit_*` tests (included with `#[path]`; has no tests of its own).
#![allow(dead_code)]

pub use engine::rabbit::*;

/// A broker and one channel.
pub fn setup() -> (Broker, ChannelId) {
    let mut b = Broker::new(42);
    let ch = b.open_channel().unwrap();
    (b, ch)
}

pub fn ok(b: &mut Broker, c: Command) -> Vec<Event> {
    let ev = b
        .apply(c.clone())
        .unwrap_or_else(|e| panic!("{c:?} failed: {e}"));
    let audit = b.audit();
    assert!(audit.holds(), "audit after {c:?}: {:?}", audit.problems);
    ev
}

/// A refused command: it changed nothing, or (a channel exception, as RabbitMQ's
/// `rabbit_channel:handle_exception/2`) exactly what closing its channel does.
pub fn err(b: &mut Broker, c: Command) -> Error {
    let before = b.clone();
    let e = b.apply(c.clone()).expect_err("expected an error");
    if b.last_refusal().is_empty() {
        assert_eq!(
            before.digest(),
            b.digest(),
            "a refused command changed the state"
        );
    } else {
        let mut closed = before;
        closed
            .apply(Command::CloseChannel {
                channel: c.channel().expect("a command on a channel"),
                cause: CloseCause::Error(e.reply_code()),
            })
            .expect("the channel was open");
        assert_eq!(
            closed.digest(),
            b.digest(),
            "{e} did more than close its channel"
        );
    }
    e
}

pub fn queue(b: &mut Broker, q: QueueSpec) {
    ok(b, Command::DeclareQueue(q));
}

pub fn exchange(b: &mut Broker, name: &str, kind: ExchangeKind) {
    ok(b, Command::DeclareExchange(ExchangeSpec::new(name, kind)));
}

pub fn bind(b: &mut Broker, x: &str, q: &str, key: &str) {
    ok(b, Command::Bind(BindSpec::queue(x, q, key)));
}

pub fn publish(b: &mut Broker, ch: ChannelId, x: &str, key: &str, body: &str) -> Vec<Event> {
    ok(b, Command::Publish(PublishSpec::new(ch, x, key).body(body)))
}

pub fn send(b: &mut Broker, p: PublishSpec) -> Vec<Event> {
    ok(b, Command::Publish(p))
}

/// Bodies of the ready messages of a queue, in serving order.
pub fn bodies(b: &Broker, q: &str) -> Vec<String> {
    b.messages(q).iter().map(|m| m.body_text()).collect()
}

pub fn ready(b: &Broker, q: &str) -> u64 {
    b.queue(q).map(|q| q.ready).unwrap_or(0)
}

/// (consumer tag, delivery tag, body, redelivered) of each delivery in `ev`.
pub fn deliveries(
    b: &Broker,
    ch: ChannelId,
    ev: &[Event],
) -> Vec<(Option<String>, u64, String, bool)> {
    let view = b.channel_view(ch);
    ev.iter()
        .filter_map(|e| match e {
            Event::Delivered {
                consumer,
                delivery_tag,
                redelivered,
                channel,
                msg,
                ..
            } if *channel == ch => {
                let body = view
                    .as_ref()
                    .and_then(|v| v.unacked.iter().find(|u| u.delivery_tag == *delivery_tag))
                    .map(|u| u.message.body_text())
                    .unwrap_or_else(|| format!("#{}", msg.0));
                Some((
                    consumer.as_ref().map(|c| c.to_string()),
                    *delivery_tag,
                    body,
                    *redelivered,
                ))
            }
            _ => None,
        })
        .collect()
}

/// basic.get with manual ack: (delivery tag, body, redelivered), or None if empty.
pub fn get(b: &mut Broker, ch: ChannelId, q: &str) -> Option<(u64, String, bool)> {
    let ev = ok(
        b,
        Command::Get {
            channel: ch,
            queue: q.into(),
            auto_ack: false,
        },
    );
    deliveries(b, ch, &ev)
        .into_iter()
        .next()
        .map(|(_, t, body, r)| (t, body, r))
}

pub fn dead_lettered(ev: &[Event]) -> Vec<(String, DeathReason, DeadLetterOutcome)> {
    ev.iter()
        .filter_map(|e| match e {
            Event::DeadLettered {
                queue,
                reason,
                outcome,
                ..
            } => Some((queue.to_string(), *reason, (**outcome).clone())),
            _ => None,
        })
        .collect()
}
