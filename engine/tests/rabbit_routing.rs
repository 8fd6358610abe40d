//! Routing: the default exchange, direct/fanout/topic/headers, exchange-to-exchange bindings,
//! alternate exchanges, mandatory returns, and the refusals RabbitMQ gives.

#[path = "rabbit_support.rs"]
mod support;
use support::*;

#[test]
fn default_exchange_routes_by_queue_name_and_cannot_be_bound() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("orders"));
    let ev = publish(&mut b, ch, "", "orders", "pizza");
    let Event::Published { routing, .. } = &ev[0] else {
        panic!()
    };
    assert_eq!(routing.queues, vec![Name::from("orders")]);
    assert_eq!(routing.matches[0].reason, MatchReason::DefaultExchange);
    assert_eq!(bodies(&b, "orders"), vec!["pizza"]);
    let e = err(&mut b, Command::Bind(BindSpec::queue("", "orders", "x")));
    assert_eq!(e.code(), 403);
    assert_eq!(
        err(
            &mut b,
            Command::DeleteExchange {
                name: "".into(),
                if_unused: false
            }
        )
        .code(),
        403
    );
}

#[test]
fn predeclared_exchanges_exist_and_amq_names_are_reserved() {
    let (mut b, _) = setup();
    for (name, _) in PREDECLARED {
        assert!(b.exchange(name).is_some(), "{name}");
    }
    let e = err(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("amq.mine", ExchangeKind::Direct)),
    );
    assert_eq!((e.code(), e.reply_code().name()), (403, "ACCESS_REFUSED"));
    let e = err(&mut b, Command::DeclareQueue(QueueSpec::new("amq.q")));
    assert_eq!(e.code(), 403);
    let e = err(
        &mut b,
        Command::DeleteExchange {
            name: "amq.topic".into(),
            if_unused: false,
        },
    );
    assert_eq!(e.code(), 403);
    // Passive declare of a predeclared exchange is fine.
    let mut s = ExchangeSpec::new("amq.topic", ExchangeKind::Topic);
    s.passive = true;
    ok(&mut b, Command::DeclareExchange(s));
}

#[test]
fn direct_fanout_topic() {
    let (mut b, ch) = setup();
    exchange(&mut b, "d", ExchangeKind::Direct);
    exchange(&mut b, "f", ExchangeKind::Fanout);
    exchange(&mut b, "t", ExchangeKind::Topic);
    for q in ["q1", "q2", "q3"] {
        queue(&mut b, QueueSpec::new(q));
    }
    bind(&mut b, "d", "q1", "pay");
    bind(&mut b, "d", "q2", "ship");
    bind(&mut b, "f", "q1", "ignored");
    bind(&mut b, "f", "q3", "");
    bind(&mut b, "t", "q2", "order.*.paid");
    bind(&mut b, "t", "q3", "order.#");
    publish(&mut b, ch, "d", "pay", "m1");
    publish(&mut b, ch, "f", "whatever", "m2");
    let ev = publish(&mut b, ch, "t", "order.eu.paid", "m3");
    publish(&mut b, ch, "t", "order", "m4");
    assert_eq!(bodies(&b, "q1"), vec!["m1", "m2"]);
    assert_eq!(bodies(&b, "q2"), vec!["m3"]);
    assert_eq!(bodies(&b, "q3"), vec!["m2", "m3", "m4"]);
    let Event::Published { routing, .. } = &ev[0] else {
        panic!()
    };
    assert_eq!(routing.matches.len(), 2);
    let star = routing
        .matches
        .iter()
        .find(|m| &*m.binding_key == "order.*.paid")
        .unwrap();
    let MatchReason::Topic { spans } = &star.reason else {
        panic!()
    };
    assert_eq!(spans.len(), 3);
    assert_eq!((spans[1].first_key_word, spans[1].key_words), (1, 1));
}

#[test]
fn headers_exchange_explains_each_comparison() {
    let (mut b, ch) = setup();
    exchange(&mut b, "h", ExchangeKind::Headers);
    queue(&mut b, QueueSpec::new("pdf"));
    queue(&mut b, QueueSpec::new("any"));
    ok(
        &mut b,
        Command::Bind(
            BindSpec::queue("h", "pdf", "")
                .arg("x-match", "all")
                .arg("format", "pdf")
                .arg("type", "report"),
        ),
    );
    ok(
        &mut b,
        Command::Bind(
            BindSpec::queue("h", "any", "")
                .arg("x-match", "any")
                .arg("format", "pdf")
                .arg("type", "log"),
        ),
    );
    let ev = send(
        &mut b,
        PublishSpec::new(ch, "h", "")
            .header("format", "pdf")
            .header("type", "log")
            .body("x"),
    );
    assert_eq!(ready(&b, "pdf"), 0);
    assert_eq!(ready(&b, "any"), 1);
    let Event::Published { routing, .. } = &ev[0] else {
        panic!()
    };
    let MatchReason::Headers(why) = &routing.matches[0].reason else {
        panic!()
    };
    assert_eq!(why.x_match, routing::headers::XMatch::Any);
    assert_eq!(why.checks.len(), 2);
    // An invalid x-match is refused like RabbitMQ's validate_binding/2.
    let e = err(
        &mut b,
        Command::Bind(BindSpec::queue("h", "pdf", "").arg("x-match", "some")),
    );
    assert_eq!(e.code(), 406);
}

#[test]
fn exchange_to_exchange_and_loops_visit_each_exchange_once() {
    let (mut b, ch) = setup();
    exchange(&mut b, "a", ExchangeKind::Fanout);
    exchange(&mut b, "b", ExchangeKind::Topic);
    queue(&mut b, QueueSpec::new("q"));
    ok(&mut b, Command::Bind(BindSpec::exchange("a", "b", "")));
    ok(&mut b, Command::Bind(BindSpec::exchange("b", "a", "#")));
    bind(&mut b, "b", "q", "k.#");
    bind(&mut b, "a", "q", "");
    publish(&mut b, ch, "a", "k.1", "once");
    assert_eq!(
        bodies(&b, "q"),
        vec!["once"],
        "a queue reached twice gets one copy"
    );
}

#[test]
fn alternate_exchange_only_when_nothing_matched_and_mandatory_returns() {
    let (mut b, ch) = setup();
    exchange(&mut b, "unrouted", ExchangeKind::Fanout);
    ok(
        &mut b,
        Command::DeclareExchange(
            ExchangeSpec::new("main", ExchangeKind::Direct).alternate("unrouted"),
        ),
    );
    queue(&mut b, QueueSpec::new("good"));
    queue(&mut b, QueueSpec::new("lost"));
    bind(&mut b, "main", "good", "ok");
    bind(&mut b, "unrouted", "lost", "");
    publish(&mut b, ch, "main", "ok", "a");
    let ev = publish(&mut b, ch, "main", "nope", "b");
    assert_eq!(bodies(&b, "good"), vec!["a"]);
    assert_eq!(bodies(&b, "lost"), vec!["b"]);
    let Event::Published { routing, .. } = &ev[0] else {
        panic!()
    };
    assert_eq!(
        routing.alternates,
        vec![("main".to_string(), "unrouted".to_string())]
    );

    exchange(&mut b, "plain", ExchangeKind::Direct);
    let ev = send(&mut b, PublishSpec::new(ch, "plain", "x").mandatory());
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Returned {
            reply: ReplyCode::NoRoute,
            ..
        }
    )));
    assert_eq!(ReplyCode::NoRoute.code(), 312);
    let ev = publish(&mut b, ch, "plain", "x", "dropped");
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::DroppedUnroutable { .. }))
    );
    let l = b.ledger();
    assert_eq!((l.returned, l.dropped_unroutable), (1, 1));
}

#[test]
fn internal_exchange_refuses_publishes_and_missing_exchange_is_404() {
    let (mut b, ch) = setup();
    ok(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("inner", ExchangeKind::Fanout).internal()),
    );
    assert_eq!(
        err(&mut b, Command::Publish(PublishSpec::new(ch, "inner", ""))).code(),
        403
    );
    // Each exception closed the channel (`rabbit_channel:handle_exception/2`).
    let ch = b.open_channel().unwrap();
    assert_eq!(
        err(&mut b, Command::Publish(PublishSpec::new(ch, "nope", ""))).code(),
        404
    );
    let e = err(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("inner", ExchangeKind::Direct)),
    );
    assert!(matches!(
        e,
        Error::Inequivalent {
            differs: Inequivalent::Type,
            ..
        }
    ));
}

#[test]
fn auto_delete_exchange_goes_with_its_last_binding() {
    let (mut b, _) = setup();
    ok(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("tmp", ExchangeKind::Fanout).auto_delete()),
    );
    queue(&mut b, QueueSpec::new("q"));
    bind(&mut b, "tmp", "q", "");
    let ev = ok(
        &mut b,
        Command::DeleteQueue {
            name: "q".into(),
            if_unused: false,
            if_empty: false,
        },
    );
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::ExchangeDeleted {
            cause: ExchangeDeleteCause::AutoDelete,
            ..
        }
    )));
    assert!(b.exchange("tmp").is_none());
}

/// RabbitMQ 4.0's headers exchange matches a bound value exactly (`=:=` on the Erlang values,
/// `rabbit_exchange_type_headers:headers_match/5` over `mc:routing_headers/2`): integers of any
/// width are one kind, but the integer 1 does not match the float 1.0. Found by the
/// differential run against 4.0.5, seed 20261235.
#[test]
fn a_headers_binding_on_an_integer_does_not_match_the_same_float() {
    let (mut b, ch) = setup();
    exchange(&mut b, "h", ExchangeKind::Headers);
    queue(&mut b, QueueSpec::new("q"));
    ok(
        &mut b,
        Command::Bind(
            BindSpec::queue("h", "q", "")
                .arg("x-match", "all")
                .arg("n", 1),
        ),
    );
    send(
        &mut b,
        PublishSpec::new(ch, "h", "").body("f").header("n", 1.0),
    );
    assert_eq!(ready(&b, "q"), 0, "1.0 is not 1");
    send(
        &mut b,
        PublishSpec::new(ch, "h", "").body("i").header("n", 1),
    );
    assert_eq!(bodies(&b, "q"), vec!["i"]);
}
