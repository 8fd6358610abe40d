//! Dead-lettering: reasons, x-death entries and their updates, x-first/last-death, routing-key
//! replacement, missing and unroutable dead-letter exchanges, cycles, overflow and the quorum
//! delivery limit.

#[path = "rabbit_support.rs"]
mod support;
use support::*;

/// work --(DLX "dlx", direct)--> dlq bound with key "work".
fn with_dlq(work: QueueSpec) -> (Broker, ChannelId) {
    let (mut b, ch) = setup();
    exchange(&mut b, "dlx", ExchangeKind::Direct);
    queue(&mut b, QueueSpec::new("dlq"));
    bind(&mut b, "dlx", "dlq", "work");
    queue(&mut b, work.dead_letter("dlx"));
    (b, ch)
}

#[test]
fn rejected_message_reaches_the_dlq_with_x_death() {
    let (mut b, ch) = with_dlq(QueueSpec::new("work"));
    send(
        &mut b,
        PublishSpec::new(ch, "", "work")
            .body("job")
            .expiration("60000")
            .header("app", "shop"),
    );
    let (tag, _, _) = get(&mut b, ch, "work").unwrap();
    let ev = ok(
        &mut b,
        Command::Reject {
            channel: ch,
            delivery_tag: tag,
            requeue: false,
        },
    );
    let dl = dead_lettered(&ev);
    assert_eq!(dl.len(), 1);
    assert_eq!((dl[0].0.as_str(), dl[0].1), ("work", DeathReason::Rejected));
    assert!(
        matches!(&dl[0].2, DeadLetterOutcome::Routed { queues, .. } if queues == &vec![Name::from("dlq")])
    );
    let m = &b.messages("dlq")[0];
    assert_eq!(m.exchange, "dlx");
    assert_eq!(m.properties.expiration, None, "the expiration is removed");
    let d = &m.deaths[0];
    assert_eq!(
        (d.queue.as_str(), d.reason, d.count, d.exchange.as_str()),
        ("work", DeathReason::Rejected, 1, "")
    );
    assert_eq!(d.routing_keys, vec!["work"]);
    assert_eq!(d.original_expiration.as_deref(), Some("60000"));
    let h = m.properties.headers.as_ref().unwrap();
    assert_eq!(
        h["x-first-death-reason"],
        FieldValue::Str("rejected".into())
    );
    assert_eq!(h["x-first-death-queue"], FieldValue::Str("work".into()));
    assert_eq!(h["x-last-death-exchange"], FieldValue::Str("".into()));
    assert_eq!(h["app"], FieldValue::Str("shop".into()));
    let FieldValue::Array(xd) = &h["x-death"] else {
        panic!()
    };
    let FieldValue::Table(e) = &xd[0] else {
        panic!()
    };
    assert_eq!(e["count"], FieldValue::Int(1));
    assert_eq!(e["original-expiration"], FieldValue::Str("60000".into()));
    assert_eq!(b.ledger().dead_lettered_for(DeathReason::Rejected), 1);
}

#[test]
fn retry_loop_increments_count_and_moves_entry_to_front() {
    // work --reject--> retry (TTL 10ms, DLX back to "" with key work) --expired--> work ...
    let (mut b, ch) = setup();
    queue(
        &mut b,
        QueueSpec::new("retry")
            .message_ttl(10)
            .dead_letter("")
            .dead_letter_routing_key("work"),
    );
    queue(
        &mut b,
        QueueSpec::new("work")
            .dead_letter("")
            .dead_letter_routing_key("retry"),
    );
    publish(&mut b, ch, "", "work", "job");
    for round in 1..=3u64 {
        let (tag, _, _) = get(&mut b, ch, "work").unwrap();
        ok(
            &mut b,
            Command::Reject {
                channel: ch,
                delivery_tag: tag,
                requeue: false,
            },
        );
        assert_eq!(ready(&b, "retry"), 1);
        b.advance(10);
        assert_eq!(
            ready(&b, "work"),
            1,
            "round {round}: back from the retry queue"
        );
        let m = &b.messages("work")[0];
        assert_eq!(m.deaths.len(), 2);
        assert_eq!(
            (
                m.deaths[0].queue.as_str(),
                m.deaths[0].reason,
                m.deaths[0].count
            ),
            ("retry", DeathReason::Expired, round)
        );
        assert_eq!(
            (
                m.deaths[1].queue.as_str(),
                m.deaths[1].reason,
                m.deaths[1].count
            ),
            ("work", DeathReason::Rejected, round)
        );
        assert_eq!(
            m.first_death.as_ref().unwrap().reason,
            DeathReason::Rejected
        );
        assert_eq!(m.last_death.as_ref().unwrap().reason, DeathReason::Expired);
        // The first death's exchange and time stay; only count and last time move.
        assert_eq!(m.deaths[1].exchange, "");
        assert_eq!(m.deaths[0].first_time, 10);
    }
}

#[test]
fn fully_automatic_cycle_is_dropped() {
    // A queue whose expired messages dead-letter back into itself: RabbitMQ drops them.
    let (mut b, ch) = setup();
    queue(
        &mut b,
        QueueSpec::new("loop")
            .message_ttl(5)
            .dead_letter("")
            .dead_letter_routing_key("loop"),
    );
    publish(&mut b, ch, "", "loop", "x");
    let ev = b.advance(5);
    let dl = dead_lettered(&ev);
    assert!(
        matches!(&dl[0].2, DeadLetterOutcome::Cycle { queues, .. } if queues == &vec![Name::from("loop")])
    );
    assert_eq!(ready(&b, "loop"), 0);
    assert_eq!(b.ledger().dead_letter_lost_for(DeadLetterLoss::Cycle), 1);
    assert!(b.audit().holds());
}

#[test]
fn rejection_breaks_the_cycle() {
    let (mut b, ch) = setup();
    queue(
        &mut b,
        QueueSpec::new("q")
            .dead_letter("")
            .dead_letter_routing_key("q"),
    );
    publish(&mut b, ch, "", "q", "x");
    for i in 1..=3 {
        let (tag, _, _) = get(&mut b, ch, "q").unwrap();
        ok(
            &mut b,
            Command::Reject {
                channel: ch,
                delivery_tag: tag,
                requeue: false,
            },
        );
        assert_eq!(b.messages("q")[0].deaths[0].count, i);
    }
}

#[test]
fn missing_or_unroutable_dlx_drops_and_is_accounted() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("a").dead_letter("ghost"));
    exchange(&mut b, "empty", ExchangeKind::Direct);
    queue(&mut b, QueueSpec::new("c").dead_letter("empty"));
    queue(&mut b, QueueSpec::new("d"));
    for q in ["a", "c", "d"] {
        publish(&mut b, ch, "", q, "x");
        let (t, _, _) = get(&mut b, ch, q).unwrap();
        let ev = ok(
            &mut b,
            Command::Nack {
                channel: ch,
                delivery_tag: t,
                multiple: false,
                requeue: false,
            },
        );
        let dl = dead_lettered(&ev);
        match q {
            "a" => assert!(matches!(dl[0].2, DeadLetterOutcome::ExchangeMissing { .. })),
            "c" => assert!(matches!(dl[0].2, DeadLetterOutcome::Unroutable { .. })),
            _ => assert_eq!(dl[0].2, DeadLetterOutcome::Discarded),
        }
    }
    let l = b.ledger();
    assert_eq!(l.dead_letter_lost_for(DeadLetterLoss::ExchangeMissing), 1);
    assert_eq!(l.dead_letter_lost_for(DeadLetterLoss::Unroutable), 1);
    assert_eq!(l.dropped_for(DeathReason::Rejected), 1);
}

#[test]
fn drop_head_dead_letters_the_oldest_with_reason_maxlen() {
    let (mut b, ch) = with_dlq(QueueSpec::new("work").max_length(2));
    for i in 0..4 {
        publish(&mut b, ch, "", "work", &format!("m{i}"));
    }
    assert_eq!(bodies(&b, "work"), vec!["m2", "m3"]);
    assert_eq!(bodies(&b, "dlq"), vec!["m0", "m1"]);
    assert_eq!(b.messages("dlq")[0].deaths[0].reason, DeathReason::Maxlen);
}

#[test]
fn length_limit_counts_ready_messages_only() {
    let (mut b, ch) = setup();
    queue(
        &mut b,
        QueueSpec::new("q").max_length(1).overflow("reject-publish"),
    );
    publish(&mut b, ch, "", "q", "a");
    get(&mut b, ch, "q").unwrap();
    let ev = publish(&mut b, ch, "", "q", "b");
    assert!(
        !ev.iter()
            .any(|e| matches!(e, Event::RefusedByOverflow { .. })),
        "the unacked one does not count"
    );
    let ev = publish(&mut b, ch, "", "q", "c");
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::RefusedByOverflow {
            policy: Overflow::RejectPublish,
            ..
        }
    )));
    assert_eq!(b.ledger().refused_overflow, 1);
}

#[test]
fn reject_publish_dlx_dead_letters_the_refused_message() {
    let (mut b, ch) = with_dlq(
        QueueSpec::new("work")
            .max_length(1)
            .overflow("reject-publish-dlx"),
    );
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    publish(&mut b, ch, "", "work", "kept");
    let ev = publish(&mut b, ch, "", "work", "refused");
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Confirmed { ack: false, .. }))
    );
    assert_eq!(bodies(&b, "work"), vec!["kept"]);
    assert_eq!(bodies(&b, "dlq"), vec!["refused"]);
    // Quorum queues do not support reject-publish-dlx.
    let e = err(
        &mut b,
        Command::DeclareQueue(QueueSpec::new("qq").quorum().overflow("reject-publish-dlx")),
    );
    assert_eq!(e.code(), 406);
}

#[test]
fn quorum_delivery_limit() {
    let (mut b, ch) = with_dlq(QueueSpec::new("work").quorum().arg("x-delivery-limit", 2));
    publish(&mut b, ch, "", "work", "poison");
    let mut deliveries = 0;
    while let Some((t, _, _)) = get(&mut b, ch, "work") {
        deliveries += 1;
        ok(
            &mut b,
            Command::Nack {
                channel: ch,
                delivery_tag: t,
                multiple: false,
                requeue: true,
            },
        );
    }
    assert_eq!(deliveries, 3, "delivered limit + 1 times");
    let m = &b.messages("dlq")[0];
    assert_eq!(m.deaths[0].reason, DeathReason::DeliveryLimit);
    assert_eq!(m.deaths[0].reason.as_str(), "delivery_limit");
    // Quorum queues must be durable and not exclusive/auto-delete.
    let e = err(
        &mut b,
        Command::DeclareQueue(QueueSpec::new("q2").arg("x-queue-type", "quorum")),
    );
    assert_eq!(e.code(), 406);
}

#[test]
fn dead_letter_routing_key_replaces_the_original() {
    let (mut b, ch) = setup();
    exchange(&mut b, "dlx", ExchangeKind::Topic);
    queue(&mut b, QueueSpec::new("parking"));
    bind(&mut b, "dlx", "parking", "failed.#");
    queue(
        &mut b,
        QueueSpec::new("work")
            .dead_letter("dlx")
            .dead_letter_routing_key("failed.work"),
    );
    publish(&mut b, ch, "", "work", "x");
    let (t, _, _) = get(&mut b, ch, "work").unwrap();
    ok(
        &mut b,
        Command::Reject {
            channel: ch,
            delivery_tag: t,
            requeue: false,
        },
    );
    let m = &b.messages("parking")[0];
    assert_eq!(m.routing_key, "failed.work");
    assert_eq!(
        m.deaths[0].routing_keys,
        vec!["work"],
        "x-death keeps the keys it was published with"
    );
}

#[test]
fn headers_exchange_sees_death_headers() {
    let (mut b, ch) = setup();
    exchange(&mut b, "dlx", ExchangeKind::Headers);
    queue(&mut b, QueueSpec::new("expired-only"));
    ok(
        &mut b,
        Command::Bind(
            BindSpec::queue("dlx", "expired-only", "")
                .arg("x-match", "all-with-x")
                .arg("x-first-death-reason", "expired"),
        ),
    );
    queue(
        &mut b,
        QueueSpec::new("work").dead_letter("dlx").message_ttl(1),
    );
    publish(&mut b, ch, "", "work", "a");
    b.advance(1);
    assert_eq!(ready(&b, "expired-only"), 1);
}
