//! Broker restart: durable vs transient queues, exchanges and bindings; persistent vs transient
//! messages; unacked deliveries come back redelivered; every loss accounted with its reason.

#[path = "rabbit_support.rs"]
mod support;
use support::*;

#[test]
fn restart_keeps_only_durable_things() {
    let (mut b, ch) = setup();
    ok(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("dx", ExchangeKind::Direct).durable()),
    );
    exchange(&mut b, "tx", ExchangeKind::Direct);
    queue(&mut b, QueueSpec::new("dq").durable());
    queue(&mut b, QueueSpec::new("tq"));
    queue(&mut b, QueueSpec::new("qq").quorum());
    bind(&mut b, "dx", "dq", "k");
    bind(&mut b, "dx", "tq", "k");
    bind(&mut b, "tx", "dq", "k");
    for q in ["dq", "tq", "qq"] {
        send(
            &mut b,
            PublishSpec::new(ch, "", q).body("persistent").persistent(),
        );
        send(&mut b, PublishSpec::new(ch, "", q).body("transient"));
    }
    let (tag, _, _) = get(&mut b, ch, "dq").unwrap();
    let _ = tag;
    let ev = ok(&mut b, Command::Restart);
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::BrokerRestarted { .. }))
    );
    assert_eq!(bodies(&b, "dq"), vec!["persistent"]);
    assert!(
        b.messages("dq")[0].redelivered,
        "it was unacked when the broker went down"
    );
    assert_eq!(
        bodies(&b, "qq"),
        vec!["persistent", "transient"],
        "quorum queues keep everything"
    );
    assert!(b.queue("tq").is_none());
    assert!(b.exchange("tx").is_none());
    let x = b.exchange("dx").unwrap();
    assert_eq!(
        x.bindings.len(),
        1,
        "only the durable-to-durable binding survives"
    );
    let l = b.ledger();
    assert_eq!(l.lost_on_restart_for(RestartLoss::TransientMessage), 1);
    assert_eq!(l.lost_on_restart_for(RestartLoss::QueueNotDurable), 2);
    assert!(b.channels().is_empty(), "connections dropped");
    assert_eq!(
        err(&mut b, Command::Publish(PublishSpec::new(ch, "", "dq"))).code(),
        504
    );
}

#[test]
fn exclusive_queues_vanish_on_restart() {
    let (mut b, ch) = setup();
    queue(&mut b, QueueSpec::new("ex").durable().exclusive(ch));
    send(
        &mut b,
        PublishSpec::new(ch, "", "ex").body("x").persistent(),
    );
    ok(&mut b, Command::Restart);
    assert!(b.queue("ex").is_none());
    assert_eq!(
        b.ledger().lost_on_restart_for(RestartLoss::ExclusiveQueue),
        1
    );
}
