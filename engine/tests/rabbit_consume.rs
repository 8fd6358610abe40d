//! Consuming: round-robin with prefetch, acks (single, multiple, tag 0), nack/reject with and
//! without requeue, original-position requeue, redelivered flags, channel close/crash, cancel,
//! basic.get, auto-ack, publisher confirms, exclusive queues and consumers.

#[path = "rabbit_support.rs"]
mod support;
use support::*;

fn work_queue(n: usize) -> (Broker, ChannelId) {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("work"));
    for i in 0..n {
        publish(&mut b, ch, "", "work", &format!("m{i}"));
    }
    (b, ch)
}

#[test]
fn round_robin_with_prefetch_window() {
    let (mut b, pub_ch) = work_queue(6);
    let c1 = b.open_channel().unwrap();
    let c2 = b.open_channel().unwrap();
    ok(
        &mut b,
        Command::Qos {
            channel: c1,
            prefetch_count: 2,
            global: false,
        },
    );
    ok(
        &mut b,
        Command::Qos {
            channel: c2,
            prefetch_count: 2,
            global: false,
        },
    );
    let ev1 = ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(c1, "work").tag("a")),
    );
    let ev2 = ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(c2, "work").tag("b")),
    );
    let d1: Vec<String> = deliveries(&b, c1, &ev1).into_iter().map(|d| d.2).collect();
    let d2: Vec<String> = deliveries(&b, c2, &ev2).into_iter().map(|d| d.2).collect();
    assert_eq!(
        d1,
        vec!["m0", "m1"],
        "the first consumer fills its window of 2"
    );
    assert_eq!(d2, vec!["m2", "m3"]);
    assert_eq!(ready(&b, "work"), 2);
    let ev = ok(
        &mut b,
        Command::Ack {
            channel: c1,
            delivery_tag: 1,
            multiple: false,
        },
    );
    assert_eq!(
        deliveries(&b, c1, &ev)
            .iter()
            .map(|d| d.2.clone())
            .collect::<Vec<_>>(),
        vec!["m4"]
    );
    // More publishes alternate between consumers with room.
    ok(
        &mut b,
        Command::Ack {
            channel: c2,
            delivery_tag: 2,
            multiple: true,
        },
    );
    assert_eq!(
        b.consumers().iter().find(|c| c.tag == "b").unwrap().unacked,
        1
    );
    let _ = pub_ch;
}

#[test]
fn consumers_without_prefetch_alternate_one_by_one() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q"));
    let c1 = b.open_channel().unwrap();
    let c2 = b.open_channel().unwrap();
    ok(&mut b, Command::Consume(ConsumeSpec::new(c1, "q").tag("a")));
    ok(&mut b, Command::Consume(ConsumeSpec::new(c2, "q").tag("b")));
    let mut who = Vec::new();
    for i in 0..4 {
        let ev = publish(&mut b, ch, "", "q", &format!("{i}"));
        for e in ev {
            if let Event::Delivered { consumer, .. } = e {
                who.push(consumer.unwrap().to_string());
            }
        }
    }
    assert_eq!(who, vec!["a", "b", "a", "b"]);
}

#[test]
fn nack_requeue_restores_original_position_with_redelivered_flag() {
    let (mut b, ch) = work_queue(3);
    let (t0, m0, r0) = get(&mut b, ch, "work").unwrap();
    let (t1, m1, _) = get(&mut b, ch, "work").unwrap();
    assert_eq!((m0.as_str(), m1.as_str(), r0), ("m0", "m1", false));
    ok(
        &mut b,
        Command::Nack {
            channel: ch,
            delivery_tag: t1,
            multiple: false,
            requeue: true,
        },
    );
    ok(
        &mut b,
        Command::Reject {
            channel: ch,
            delivery_tag: t0,
            requeue: true,
        },
    );
    assert_eq!(
        bodies(&b, "work"),
        vec!["m0", "m1", "m2"],
        "back at their original positions"
    );
    let m = b.messages("work");
    assert!(m[0].redelivered && m[1].redelivered && !m[2].redelivered);
    let (_, body, redelivered) = get(&mut b, ch, "work").unwrap();
    assert_eq!((body.as_str(), redelivered), ("m0", true));
}

#[test]
fn multiple_acks_tag_zero_and_unknown_tags() {
    let (mut b, ch) = work_queue(4);
    for _ in 0..4 {
        get(&mut b, ch, "work").unwrap();
    }
    let ev = ok(
        &mut b,
        Command::Ack {
            channel: ch,
            delivery_tag: 2,
            multiple: true,
        },
    );
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e, Event::Acked { .. }))
            .count(),
        2
    );
    let ev = ok(
        &mut b,
        Command::Nack {
            channel: ch,
            delivery_tag: 0,
            multiple: true,
            requeue: true,
        },
    );
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e, Event::Requeued { .. }))
            .count(),
        2
    );
    assert_eq!(bodies(&b, "work"), vec!["m2", "m3"]);
    // An ack of a tag already settled, or never given, is a channel exception
    // (`rabbit_channel:collect_acks/3`): the channel closes (see rabbit_channel_errors.rs).
    let e = err(
        &mut b,
        Command::Ack {
            channel: ch,
            delivery_tag: 2,
            multiple: false,
        },
    );
    assert_eq!(
        (e.code(), e.reply_code().name()),
        (406, "PRECONDITION_FAILED")
    );
    assert!(b.channel_view(ch).is_none());
    let ch = b.open_channel().unwrap();
    let e = err(
        &mut b,
        Command::Ack {
            channel: ch,
            delivery_tag: 99,
            multiple: true,
        },
    );
    assert_eq!(e.code(), 406);
}

#[test]
fn channel_crash_returns_unacked_but_cancel_does_not() {
    let (mut b, _) = work_queue(3);
    let c = b.open_channel().unwrap();
    ok(
        &mut b,
        Command::Qos {
            channel: c,
            prefetch_count: 2,
            global: false,
        },
    );
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(c, "work").tag("w")),
    );
    assert_eq!(ready(&b, "work"), 1);
    ok(
        &mut b,
        Command::Cancel {
            channel: c,
            tag: "w".into(),
        },
    );
    assert_eq!(
        b.queue("work").unwrap().unacked,
        2,
        "basic.cancel leaves deliveries unacked"
    );
    ok(
        &mut b,
        Command::Ack {
            channel: c,
            delivery_tag: 1,
            multiple: false,
        },
    );
    let ev = ok(
        &mut b,
        Command::CloseChannel {
            channel: c,
            cause: CloseCause::Crash,
        },
    );
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Requeued {
            cause: RequeueCause::ChannelClosed(CloseCause::Crash),
            ..
        }
    )));
    assert_eq!(bodies(&b, "work"), vec!["m1", "m2"]);
    assert!(b.messages("work")[0].redelivered);
    assert_eq!(
        err(
            &mut b,
            Command::Ack {
                channel: c,
                delivery_tag: 2,
                multiple: false
            }
        )
        .code(),
        504
    );
}

#[test]
fn auto_ack_and_get_empty() {
    let (mut b, ch) = work_queue(1);
    let ev = ok(
        &mut b,
        Command::Get {
            channel: ch,
            queue: "work".into(),
            auto_ack: true,
        },
    );
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Delivered { auto_ack: true, .. }))
    );
    assert_eq!(b.ledger().acked, 1);
    let ev = ok(
        &mut b,
        Command::Get {
            channel: ch,
            queue: "work".into(),
            auto_ack: true,
        },
    );
    assert!(matches!(ev[0], Event::GetEmpty { .. }));
}

#[test]
fn confirms_ack_routed_and_unroutable_nack_refused() {
    let (mut b, ch) = setup();
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    queue(
        &mut b,
        QueueSpec::new("small")
            .max_length(1)
            .overflow("reject-publish"),
    );
    let seqs: Vec<(u64, bool)> = (0..3)
        .flat_map(|i| {
            let key = if i == 2 { "nowhere" } else { "small" };
            publish(&mut b, ch, "", key, "x")
        })
        .filter_map(|e| match e {
            Event::Confirmed { seq, ack, .. } => Some((seq, ack)),
            _ => None,
        })
        .collect();
    assert_eq!(seqs, vec![(1, true), (2, false), (3, true)]);
}

#[test]
fn exclusive_queue_and_consumer() {
    let (mut b, ch) = setup();
    let other = b.open_channel().unwrap();
    queue(&mut b, QueueSpec::new("mine").exclusive(ch));
    assert_eq!(
        err(&mut b, Command::Consume(ConsumeSpec::new(other, "mine"))).code(),
        405
    );
    // The exception closed `other`: a client opens another channel.
    let other = b.open_channel().unwrap();
    queue(&mut b, QueueSpec::new("shared"));
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(ch, "shared").exclusive()),
    );
    assert_eq!(
        err(&mut b, Command::Consume(ConsumeSpec::new(other, "shared"))).code(),
        403
    );
    let other = b.open_channel().unwrap();
    let ev = ok(
        &mut b,
        Command::CloseChannel {
            channel: ch,
            cause: CloseCause::Client,
        },
    );
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::QueueDeleted {
            cause: QueueDeleteCause::OwnerClosed,
            ..
        }
    )));
    ok(&mut b, Command::Consume(ConsumeSpec::new(other, "shared")));
}

#[test]
fn auto_delete_queue_goes_when_last_consumer_leaves() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("tmp").auto_delete());
    publish(&mut b, ch, "", "tmp", "x");
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(ch, "tmp").tag("c")),
    );
    let ev = ok(
        &mut b,
        Command::Cancel {
            channel: ch,
            tag: "c".into(),
        },
    );
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::QueueDeleted {
            cause: QueueDeleteCause::AutoDelete,
            ..
        }
    )));
    // The delivery is orphaned: acking it is harmless and already accounted.
    ok(
        &mut b,
        Command::Ack {
            channel: ch,
            delivery_tag: 1,
            multiple: false,
        },
    );
    assert_eq!(b.ledger().deleted_with_queue, 1);
}

#[test]
fn consumer_tags_and_redeclare_equivalence() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("q").message_ttl(1000));
    ok(&mut b, Command::Consume(ConsumeSpec::new(ch, "q").tag("t")));
    assert_eq!(
        err(&mut b, Command::Consume(ConsumeSpec::new(ch, "q").tag("t"))).code(),
        530
    );
    // 530 is a connection error: the (model's one-channel) connection closed.
    let ch = b.open_channel().unwrap();
    let ev = ok(&mut b, Command::Consume(ConsumeSpec::new(ch, "q")));
    let Event::ConsumerStarted { tag, .. } = &ev[0] else {
        panic!()
    };
    assert!(tag.starts_with("amq.ctag-") && tag.len() == "amq.ctag-".len() + 22);
    let e = err(
        &mut b,
        Command::DeclareQueue(QueueSpec::new("q").message_ttl(2000)),
    );
    assert_eq!(
        e,
        Error::Inequivalent {
            kind: ObjectKind::Queue,
            name: "q".into(),
            differs: Inequivalent::Argument("x-message-ttl".into())
        }
    );
    queue(&mut b, QueueSpec::new("q").message_ttl(1000));
    assert_eq!(
        err(
            &mut b,
            Command::DeclareQueue(QueueSpec::new("nope").passive())
        )
        .code(),
        404
    );
    let ev = ok(&mut b, Command::DeclareQueue(QueueSpec::new("")));
    let Event::QueueDeclared { name, .. } = &ev[0] else {
        panic!()
    };
    assert!(name.starts_with("amq.gen-"));
}

#[test]
fn simulated_consumer_settles_on_its_own() {
    let (mut b, ch) = work_queue(3);
    let c = b.open_channel().unwrap();
    ok(
        &mut b,
        Command::Qos {
            channel: c,
            prefetch_count: 1,
            global: false,
        },
    );
    ok(
        &mut b,
        Command::Consume(ConsumeSpec::new(c, "work").behaviour(100, AutoSettle::Ack)),
    );
    b.advance(250);
    assert_eq!(b.ledger().acked, 2);
    assert_eq!(b.queue("work").unwrap().unacked, 1);
    b.advance(50);
    assert_eq!(b.ledger().acked, 3);
    assert!(b.audit().holds());
    let _ = ch;
}
