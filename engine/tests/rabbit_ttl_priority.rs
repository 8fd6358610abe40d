//! TTL as RabbitMQ really behaves (head-only expiry, lower of queue and message TTL, requeued
//! messages keep their expiry, TTL 0), queue expiry, and priority queues.

#[path = "rabbit_support.rs"]
mod support;
use support::*;

#[test]
fn long_ttl_head_holds_back_expired_messages_behind_it() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q"));
    send(
        &mut b,
        PublishSpec::new(ch, "", "q")
            .body("slow")
            .expiration("10000"),
    );
    send(
        &mut b,
        PublishSpec::new(ch, "", "q").body("fast").expiration("100"),
    );
    b.advance(5000);
    assert_eq!(
        bodies(&b, "q"),
        vec!["slow", "fast"],
        "'fast' has expired but waits behind the head"
    );
    b.advance(5000);
    assert_eq!(ready(&b, "q"), 0);
    assert_eq!(b.ledger().dropped_for(DeathReason::Expired), 2);
}

#[test]
fn lower_of_queue_and_message_ttl() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q").message_ttl(1000));
    send(
        &mut b,
        PublishSpec::new(ch, "", "q").body("a").expiration("300"),
    );
    send(
        &mut b,
        PublishSpec::new(ch, "", "q").body("b").expiration("5000"),
    );
    let m = b.messages("q");
    assert_eq!((m[0].expires_at, m[1].expires_at), (Some(300), Some(1000)));
    let ev = b.advance(300);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::DeadLettered {
            reason: DeathReason::Expired,
            ..
        }
    )));
    assert_eq!(bodies(&b, "q"), vec!["b"]);
}

#[test]
fn requeued_messages_keep_their_expiry_and_unacked_do_not_expire() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q").message_ttl(100));
    publish(&mut b, ch, "", "q", "a");
    let (t, _, _) = get(&mut b, ch, "q").unwrap();
    b.advance(500);
    assert_eq!(
        b.queue("q").unwrap().unacked,
        1,
        "an unacked message does not expire"
    );
    let ev = ok(
        &mut b,
        Command::Nack {
            channel: ch,
            delivery_tag: t,
            multiple: false,
            requeue: true,
        },
    );
    assert!(
        ev.iter().any(|e| matches!(
            e,
            Event::DeadLettered {
                reason: DeathReason::Expired,
                ..
            }
        )),
        "its old expiry applies at once"
    );
    assert_eq!(ready(&b, "q"), 0);
}

#[test]
fn ttl_zero_reaches_a_waiting_consumer_only() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q").message_ttl(0));
    publish(&mut b, ch, "", "q", "nobody");
    assert_eq!(ready(&b, "q"), 0);
    let c = b.open_channel().unwrap();
    ok(&mut b, Command::Consume(ConsumeSpec::new(c, "q")));
    let ev = publish(&mut b, ch, "", "q", "someone");
    assert!(ev.iter().any(|e| matches!(e, Event::Delivered { .. })));
}

#[test]
fn expiry_follows_real_time_order_across_queues() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("dlq"));
    queue(
        &mut b,
        QueueSpec::new("a")
            .message_ttl(300)
            .dead_letter("")
            .dead_letter_routing_key("dlq"),
    );
    queue(
        &mut b,
        QueueSpec::new("b")
            .message_ttl(100)
            .dead_letter("")
            .dead_letter_routing_key("dlq"),
    );
    publish(&mut b, ch, "", "a", "from-a");
    publish(&mut b, ch, "", "b", "from-b");
    b.advance(1000);
    assert_eq!(bodies(&b, "dlq"), vec!["from-b", "from-a"]);
    assert_eq!(b.messages("dlq")[0].deaths[0].first_time, 100);
}

#[test]
fn unused_queue_expires() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("tmp").arg("x-expires", 1000));
    publish(&mut b, ch, "", "tmp", "x");
    b.advance(999);
    assert!(b.queue("tmp").is_some());
    let ev = b.advance(1);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::QueueDeleted {
            cause: QueueDeleteCause::Expired,
            messages: 1,
            ..
        }
    )));
    assert!(b.queue("tmp").is_none());
    assert!(b.audit().holds());
}

#[test]
fn priorities_fifo_within_level_and_clamp() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("p").max_priority(5));
    for (body, p) in [
        ("low", 1u8),
        ("high1", 5),
        ("mid", 3),
        ("huge", 200),
        ("high2", 5),
        ("none", 0),
    ] {
        send(&mut b, PublishSpec::new(ch, "", "p").body(body).priority(p));
    }
    assert_eq!(
        bodies(&b, "p"),
        vec!["high1", "huge", "high2", "mid", "low", "none"]
    );
    // drop-head on a priority queue drops from the highest priority.
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("p").max_priority(2).max_length(2));
    for (body, p) in [("a", 0u8), ("b", 2), ("c", 1)] {
        send(&mut b, PublishSpec::new(ch, "", "p").body(body).priority(p));
    }
    assert_eq!(bodies(&b, "p"), vec!["c", "a"]);
}

#[test]
fn invalid_expiration_is_406() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q"));
    let e = err(
        &mut b,
        Command::Publish(PublishSpec::new(ch, "", "q").expiration("-5")),
    );
    assert_eq!(e.code(), 406);
}
