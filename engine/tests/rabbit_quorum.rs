//! Quorum queues and bindings as RabbitMQ 4.0.5 showed them to the differential run
//! (`cargo xtask rabbit-diff`), each pinned here with the source that explains it.

#[path = "rabbit_support.rs"]
mod support;
use support::*;

fn nack(b: &mut Broker, ch: ChannelId, tag: u64, requeue: bool) {
    ok(
        b,
        Command::Nack {
            channel: ch,
            delivery_tag: tag,
            multiple: false,
            requeue,
        },
    );
}

fn ack(b: &mut Broker, ch: ChannelId, tag: u64) {
    ok(
        b,
        Command::Ack {
            channel: ch,
            delivery_tag: tag,
            multiple: false,
        },
    );
}

/// Gets and acks everything: the bodies in the order served.
fn drain(b: &mut Broker, ch: ChannelId, q: &str) -> Vec<String> {
    let mut out = Vec::new();
    while let Some((t, body, _)) = get(b, ch, q) {
        ack(b, ch, t);
        out.push(body);
    }
    out
}

/// `rabbit_fifo_q` (4.0): two priority levels, high for priority 5 and above
/// (`rabbit_fifo:priority_tag/1`), served high first, except that with both non-empty every
/// third take (`dequeue_counter` reaching `?WEIGHT` = 2) goes to the older head
/// (`rabbit_fifo_q:next/1`). Found by the run: seed 20261150 (m1 plain, m2 priority 6: m2 first).
#[test]
fn a_quorum_queue_serves_two_priority_levels_weighted_two_to_one() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("qq").quorum());
    publish(&mut b, ch, "", "qq", "m1");
    send(
        &mut b,
        PublishSpec::new(ch, "", "qq").body("m2").priority(6),
    );
    assert_eq!(drain(&mut b, ch, "qq"), vec!["m2", "m1"]);

    for (body, p) in [
        ("n1", 0),
        ("n2", 4),
        ("h1", 5),
        ("h2", 9),
        ("h3", 7),
        ("h4", 5),
    ] {
        send(
            &mut b,
            PublishSpec::new(ch, "", "qq").body(body).priority(p),
        );
    }
    // The counter stands at 2 after the two takes above: the first take goes to the older
    // head (n1), then two high, then the older head again (n2 is older than h3), ...
    assert_eq!(
        drain(&mut b, ch, "qq"),
        vec!["n1", "h1", "h2", "n2", "h3", "h4"]
    );
}

/// 4.0 hands out a returned quorum message with `x-delivery-count`, its count of returns
/// (`rabbit_quorum_queue:add_delivery_count_header/2`); a first delivery has none. Found by
/// the run: seed 20261133 (reject, nack with requeue: x-delivery-count 1, then 2).
#[test]
fn a_returned_quorum_message_carries_x_delivery_count() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("qq").quorum());
    publish(&mut b, ch, "", "qq", "m");
    let count = |b: &Broker, tag: u64| {
        b.channel_view(ch)
            .unwrap()
            .unacked
            .iter()
            .find(|u| u.delivery_tag == tag)
            .and_then(|u| u.message.properties.headers.clone())
            .and_then(|h| h.get("x-delivery-count").cloned())
    };
    let (t, _, redelivered) = get(&mut b, ch, "qq").unwrap();
    assert!(!redelivered);
    assert_eq!(count(&b, t), None);
    nack(&mut b, ch, t, true);
    let (t, _, redelivered) = get(&mut b, ch, "qq").unwrap();
    assert!(redelivered);
    assert_eq!(count(&b, t), Some(FieldValue::Int(1)));
    nack(&mut b, ch, t, true);
    let (t, _, _) = get(&mut b, ch, "qq").unwrap();
    assert_eq!(count(&b, t), Some(FieldValue::Int(2)));
    // Only the delivered copy carries it; classic queues never add it.
    assert!(b.messages("qq").is_empty());
    queue(&mut b, QueueSpec::new("cq"));
    publish(&mut b, ch, "", "cq", "c");
    let (t, _, _) = get(&mut b, ch, "cq").unwrap();
    nack(&mut b, ch, t, true);
    let (t, _, redelivered) = get(&mut b, ch, "cq").unwrap();
    assert!(redelivered);
    assert_eq!(count(&b, t), None);
}

/// `queue.unbind` of a binding that does not exist is `unbind-ok`, also when its queue is gone
/// (`rabbit_db_binding:delete/2` finds no binding and answers `ok` before it looks up the
/// source and destination). Found by the run: seed 20261155 (an auto-delete queue its only
/// consumer took away, then unbound).
#[test]
fn unbinding_from_a_queue_that_is_gone_is_ok() {
    let (mut b, ch) = setup();
    exchange(&mut b, "x", ExchangeKind::Fanout);
    queue(&mut b, QueueSpec::new("tmp").auto_delete());
    let c = b.open_channel().unwrap();
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(c, "tmp").tag("t")),
    );
    ok(
        &mut b,
        Command::Cancel {
            channel: c,
            tag: "t".into(),
        },
    );
    assert!(b.queue("tmp").is_none(), "auto-deleted");
    let ev = ok(&mut b, Command::Unbind(BindSpec::queue("x", "tmp", "b")));
    assert!(ev.is_empty());
    ok(
        &mut b,
        Command::Unbind(BindSpec::queue("nowhere", "tmp", "b")),
    );
    assert!(b.channel_view(ch).is_some());
    // Binding still needs both ends.
    assert_eq!(
        err(&mut b, Command::Bind(BindSpec::queue("x", "tmp", "b"))).code(),
        404
    );
}

/// `rabbit_fifo:is_over_limit/1` is `messages_ready > MaxLength`, checked before the enqueue:
/// with `reject-publish` a quorum queue takes one message beyond its limit, then refuses
/// (a classic queue refuses the one that would exceed it). Found by the run: seed 20261197.
#[test]
fn a_quorum_queue_with_reject_publish_refuses_only_once_over_its_limit() {
    let (mut b, ch) = setup();
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    queue(
        &mut b,
        QueueSpec::new("qq")
            .quorum()
            .max_length(1)
            .overflow("reject-publish"),
    );
    queue(
        &mut b,
        QueueSpec::new("cq")
            .max_length(1)
            .overflow("reject-publish"),
    );
    let acks = |b: &mut Broker, q: &str| -> Vec<bool> {
        (0..3)
            .flat_map(|i| publish(b, ch, "", q, &format!("m{i}")))
            .filter_map(|e| match e {
                Event::Confirmed { ack, .. } => Some(ack),
                _ => None,
            })
            .collect()
    };
    assert_eq!(acks(&mut b, "qq"), vec![true, true, false]);
    assert_eq!(ready(&b, "qq"), 2);
    assert_eq!(acks(&mut b, "cq"), vec![true, false, false]);
    assert_eq!(ready(&b, "cq"), 1);
}

/// A message a quorum queue dead-letters keeps its delivery count (one more for the
/// rejection); a quorum queue receiving it hands it out redelivered, with `x-delivery-count`.
/// Found by the run: seeds 20261173, 20261192 and 20261225 (rejected once, back in the same
/// quorum queue through its dead-letter exchange: redelivered, x-delivery-count 1).
#[test]
fn a_rejected_quorum_message_dead_lettered_into_a_quorum_queue_counts_on() {
    let (mut b, ch) = setup();
    exchange(&mut b, "dlx", ExchangeKind::Fanout);
    queue(&mut b, QueueSpec::new("qq").quorum().dead_letter("dlx"));
    bind(&mut b, "dlx", "qq", "");
    publish(&mut b, ch, "", "qq", "m");
    let (t, _, _) = get(&mut b, ch, "qq").unwrap();
    ok(
        &mut b,
        Command::Reject {
            channel: ch,
            delivery_tag: t,
            requeue: false,
        },
    );
    let (t, body, redelivered) = get(&mut b, ch, "qq").unwrap();
    assert_eq!((body.as_str(), redelivered), ("m", true));
    let view = b.channel_view(ch).unwrap();
    let u = view.unacked.iter().find(|u| u.delivery_tag == t).unwrap();
    let h = u.message.properties.headers.clone().unwrap();
    assert_eq!(h.get("x-delivery-count"), Some(&FieldValue::Int(1)));
    assert_eq!(u.message.deaths.len(), 1);
    // Into a classic queue the same copy is a first delivery without the header (seed
    // 20261213).
    queue(&mut b, QueueSpec::new("cq"));
    queue(
        &mut b,
        QueueSpec::new("qq2")
            .quorum()
            .dead_letter("")
            .dead_letter_routing_key("cq"),
    );
    publish(&mut b, ch, "", "qq2", "n");
    let (t2, _, _) = get(&mut b, ch, "qq2").unwrap();
    ok(
        &mut b,
        Command::Reject {
            channel: ch,
            delivery_tag: t2,
            requeue: false,
        },
    );
    let (t3, body, redelivered) = get(&mut b, ch, "cq").unwrap();
    assert_eq!((body.as_str(), redelivered), ("n", false));
    let view = b.channel_view(ch).unwrap();
    let u = view.unacked.iter().find(|u| u.delivery_tag == t3).unwrap();
    let h = u.message.properties.headers.clone().unwrap_or_default();
    assert!(!h.contains_key("x-delivery-count"));
}
