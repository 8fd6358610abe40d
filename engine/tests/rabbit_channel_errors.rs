//! Channel exceptions as RabbitMQ 4.0 handles them, and quorum queues' default delivery limit
//! (issue 18, the two divergences found by reading the 4.0 source).
//!
//! * `rabbit_channel:handle_exception/2`: an AMQP exception on a channel (here a double ack,
//!   `rabbit_channel:collect_acks/3` -> `precondition_failed("unknown delivery tag ~w")`, 406)
//!   sends `channel.close` and terminates the channel; `rabbit_channel:terminate/2` ->
//!   `notify_queues/1` makes every queue return the channel's unacknowledged messages (marked
//!   redelivered) and drop its consumers (`rabbit_amqqueue_process:handle_call({notify_down,
//!   ChPid}, ...)` -> `requeue_and_run/2`, `remove_consumers/3`).
//! * `rabbit_quorum_queue:gather_policy_config/2`: without `x-delivery-limit` (or a policy) a
//!   quorum queue's limit is `?DEFAULT_DELIVERY_LIMIT` (20) since 4.0, so `rabbit_fifo` dead-letters
//!   a message returned more often than that (reason `delivery_limit`).

#[path = "rabbit_support.rs"]
mod support;
use support::*;

fn nack_requeue(b: &mut Broker, ch: ChannelId, tag: u64) {
    ok(
        b,
        Command::Nack {
            channel: ch,
            delivery_tag: tag,
            multiple: false,
            requeue: true,
        },
    );
}

#[test]
fn a_double_ack_closes_the_channel_requeues_its_unacked_and_cancels_its_consumers() {
    let (mut b, main) = setup();
    queue(&mut b, QueueSpec::new("jobs"));
    for m in ["a", "b", "c"] {
        publish(&mut b, main, "", "jobs", m);
    }
    let ch = b.open_channel().unwrap();
    ok(
        &mut b,
        Command::Qos {
            channel: ch,
            prefetch_count: 2,
            global: false,
        },
    );
    let ev = ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(ch, "jobs").tag("worker")),
    );
    let got = deliveries(&b, ch, &ev);
    assert_eq!(got.len(), 2, "prefetch 2: a and b");
    let (tag_a, tag_b) = (got[0].1, got[1].1);
    ok(
        &mut b,
        Command::Ack {
            channel: ch,
            delivery_tag: tag_a,
            multiple: false,
        },
    );
    // "c" came in a's place; b and c are unacked now.
    let e = b
        .apply(Command::Ack {
            channel: ch,
            delivery_tag: tag_a,
            multiple: false,
        })
        .expect_err("a second ack of the same tag");
    assert_eq!(
        (e.code(), e.reply_code().name()),
        (406, "PRECONDITION_FAILED")
    );
    assert_eq!(e.scope(), Scope::Channel);
    assert!(e.closes_channel());
    assert!(b.channel_view(ch).is_none(), "the channel is closed");
    assert!(b.audit().holds());
    let closure = b.last_refusal();
    assert!(closure.iter().any(|e| matches!(
        e,
        Event::ChannelClosed { channel, cause: CloseCause::Error(rc) }
            if *channel == ch && rc.code() == 406
    )));
    let requeued = closure
        .iter()
        .filter(|e| matches!(e, Event::Requeued { .. }))
        .count();
    assert_eq!(requeued, 2, "b and c return to the queue");
    let q = b.queue("jobs").unwrap();
    assert_eq!((q.ready, q.unacked), (2, 0));
    // Gone with the channel (no basic.cancel is sent: the channel itself is closed).
    assert!(q.consumers.is_empty(), "the consumer is gone");
    assert!(b.consumers().is_empty());
    // Back in their places, and marked redelivered.
    let (_, body, redelivered) = get(&mut b, main, "jobs").unwrap();
    assert_eq!((body.as_str(), redelivered), ("b", true));
    let (_, body, redelivered) = get(&mut b, main, "jobs").unwrap();
    assert_eq!((body.as_str(), redelivered), ("c", true));
    // Anything further on the closed channel is refused and changes nothing.
    let e = err(
        &mut b,
        Command::Ack {
            channel: ch,
            delivery_tag: tag_b,
            multiple: false,
        },
    );
    assert_eq!(e.code(), 504);
    assert!(b.last_refusal().is_empty());
}

#[test]
fn a_publish_to_a_missing_exchange_closes_the_channel_but_a_cancel_of_an_unknown_tag_does_not() {
    let (mut b, ch) = setup();
    // rabbit_channel:handle_method/3 for basic.cancel: an unknown tag is answered cancel-ok.
    let e = err(
        &mut b,
        Command::Cancel {
            channel: ch,
            tag: "nobody".into(),
        },
    );
    assert_eq!(e.code(), 404);
    assert!(b.channel_view(ch).is_some(), "still open");
    // rabbit_channel:handle_method/3 for basic.publish -> rabbit_exchange:lookup_or_die/1: 404.
    let e = b
        .apply(Command::Publish(
            PublishSpec::new(ch, "nowhere", "k").body("x"),
        ))
        .expect_err("no such exchange");
    assert_eq!(e.code(), 404);
    assert!(b.channel_view(ch).is_none());
    assert!(matches!(
        b.last_refusal().last(),
        Some(Event::ChannelClosed {
            cause: CloseCause::Error(ReplyCode::NotFound),
            ..
        })
    ));
}

#[test]
fn another_consumer_gets_the_requeued_messages_at_once() {
    let (mut b, main) = setup();
    queue(&mut b, QueueSpec::new("jobs"));
    let other = b.open_channel().unwrap();
    let bad = b.open_channel().unwrap();
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(bad, "jobs").tag("bad")),
    );
    publish(&mut b, main, "", "jobs", "m");
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(other, "jobs").tag("other")),
    );
    let _ = b
        .apply(Command::Reject {
            channel: bad,
            delivery_tag: 99,
            requeue: true,
        })
        .expect_err("unknown tag");
    let to_other = deliveries(&b, other, b.last_refusal());
    assert_eq!(to_other.len(), 1);
    assert_eq!((to_other[0].2.as_str(), to_other[0].3), ("m", true));
}

#[test]
fn a_quorum_queue_dead_letters_a_poison_message_after_twenty_returns_by_default() {
    let (mut b, ch) = setup();
    exchange(&mut b, "dlx", ExchangeKind::Fanout);
    queue(&mut b, QueueSpec::new("dlq"));
    bind(&mut b, "dlx", "dlq", "");
    queue(&mut b, QueueSpec::new("work").quorum().dead_letter("dlx"));
    assert_eq!(
        b.queue("work").unwrap().args.delivery_limit,
        Some(DEFAULT_DELIVERY_LIMIT)
    );
    assert_eq!(DEFAULT_DELIVERY_LIMIT, 20);
    publish(&mut b, ch, "", "work", "poison");
    let mut deliveries = 0;
    while let Some((t, _, _)) = get(&mut b, ch, "work") {
        deliveries += 1;
        assert!(deliveries <= 21, "loops forever");
        nack_requeue(&mut b, ch, t);
    }
    assert_eq!(deliveries, 21, "the first delivery and 20 returns");
    let dead = b.messages("dlq");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].deaths[0].reason, DeathReason::DeliveryLimit);
    // A declared limit still wins; classic queues have none.
    queue(
        &mut b,
        QueueSpec::new("w2").quorum().arg("x-delivery-limit", 3),
    );
    assert_eq!(b.queue("w2").unwrap().args.delivery_limit, Some(3));
    queue(&mut b, QueueSpec::new("classic"));
    assert_eq!(b.queue("classic").unwrap().args.delivery_limit, None);
}
